"""Staff text comes out as text: on public pages, in the PDF reports and in the open-data
files, whatever markup or formula it holds.

Every text field of the public models (found from the models, so a field added later is
covered) gets a payload carrying its own number: a spreadsheet formula, a script tag and
an attribute breakout. Then every public page, the three PDF reports, the ITAS sheet and
the procurement open data are read back:

- HTML never contains the payload as markup, and shows the escaped text of the fields
  citizens read;
- the PDFs show the literal text (markup that WeasyPrint had interpreted would vanish);
- CSV cells never start with = + - @ and XLSX files hold no formula.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.apps import apps
from django.db import models
from django.template.loader import render_to_string
from django.utils.html import escape

from disclosures.models import (
    Channel,
    FiscalYear,
    Item,
    Organisation,
    RequiredElement,
    safe_display_name,
)
from measures.models import Measure, YearResult
from procurement.models import NoProcurementMonth
from reports.documents import REPORTS
from tests.browser.portal import build_portal
from tests.reports.pdftext import extract_text, squeeze

pytestmark = pytest.mark.django_db

PUBLIC_APPS = ("disclosures", "measures", "procurement")
# Fields that are not free text staff write: identifiers in URLs and grading codes (each
# validated on its own), and values the portal derives itself.
NOT_FREE_TEXT = {
    "Item.code",
    "ScoreBand.letter",
    "Evidence.body_html",  # rendered from body by the sanitiser, tested in disclosures
    "Evidence.file_kind",
    "MethodAttachment.file_kind",
}
FORMULA_STARTS = ("=", "+", "-", "@")
RAW_MARKUP = re.compile(r"<script>alert\(|<img src=x onerror|<x\d*>|onerror=alert\(\d+\)>")


def text_fields() -> list[models.Field]:
    """Every CharField and TextField staff fill in on the public models."""
    fields = []
    for app in PUBLIC_APPS:
        for model in apps.get_app_config(app).get_models():
            opts = model._meta
            if opts.proxy or model.__name__.startswith("Historical"):
                continue
            for field in opts.concrete_fields:
                name = f"{model.__name__}.{field.name}"
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and not isinstance(field, models.URLField | models.EmailField)
                    and not field.choices
                    and name not in NOT_FREE_TEXT
                ):
                    fields.append(field)
    return fields


FIELDS = text_fields()


def payload(number: int, field: models.Field, row: int = 0) -> str:
    """A hostile value carrying the field's number (and the row's, for unique fields), as
    long as the field allows."""
    full = (
        f'=HYPERLINK("http://evil/{number}")'
        f'<script>alert({number})</script>"><img src=x onerror=alert({number})>{row}'
    )
    for value in (full, f"<script>alert({number})</script>{row}", f"<x{number}>{row}", "<x>"):
        if field.name == "original_filename":  # what an upload's name can carry: no "/"
            value = safe_display_name(value)
        if field.max_length is None or len(value) <= field.max_length:
            return value
    raise AssertionError(f"{field} is too short for any payload")


def markers(number: int) -> tuple[str, str]:
    """The two tags of field `number`'s payload, as a reader sees them."""
    return f"<script>alert({number})</script>", f"<img src=x onerror=alert({number})>"


def shown(number: int, text: str, escaped: bool = True) -> bool:
    """Whether the text holds field `number`'s payload, (escaped) as a reader sees it."""
    return any((escape(marker) if escaped else marker) in text for marker in markers(number))


def label(number: int) -> str:
    field = FIELDS[number]
    return f"{field.model.__name__}.{field.name}"


def fill_with_payloads() -> None:
    for number, field in enumerate(FIELDS):
        rows = field.model._default_manager
        for pk in rows.values_list("pk", flat=True):
            rows.filter(pk=pk).update(**{field.name: payload(number, field, pk)})
    # Derived text (the sanitised body of text evidence) follows its source.
    for model in {field.model for field in FIELDS}:
        if hasattr(model, "body_html"):
            for row in model._default_manager.all():
                row.save()


@pytest.fixture
def hostile(factory):
    portal = build_portal(factory)
    Channel.objects.create(
        organisation=Organisation.objects.get(), kind="facebook", label="x", url="https://fb.me/x"
    )
    RequiredElement.objects.create(item=portal.evidence_item, text="องค์ประกอบ")
    NoProcurementMonth.objects.create(year=portal.year, month=date(2026, 1, 1), note="ไม่มี")
    YearResult.objects.create(year=FiscalYear.objects.get(year=2568))
    fill_with_payloads()
    return portal


def public_pages(client) -> dict[str, str]:
    year = FiscalYear.objects.get(year=2569)
    paths = ["/", "/ita/", "/ita/2569/", "/ita/2568/score/", "/ita/2569/score/"]
    paths += ["/ita/2569/measures/", "/ita/2569/procurement/", "/en/", "/en/ita/2569/"]
    paths += [f"/ita/2569/{code}/" for code in year.items.values_list("code", flat=True)]
    paths += [f"/en/ita/2569/{code}/" for code in year.items.values_list("code", flat=True)]
    paths += [f"/ita/2569/measures/{m.number}/" for m in Measure.objects.filter(year=year)]
    paths += ["/search/?q=alert", "/search/?q=<script>alert(999)</script>"]
    pages = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def test_every_text_field_of_the_public_models_gets_a_payload():
    names = {label(number) for number in range(len(FIELDS))}
    assert {"Item.title_th", "Evidence.title", "Method.result", "ProcurementRow.supplier"} <= names
    assert len(FIELDS) > 50


def test_public_pages_show_staff_text_escaped_never_as_markup(client, hostile):
    pages = public_pages(client)

    raw = [f"{path}: {m[0]}" for path, html in pages.items() for m in RAW_MARKUP.finditer(html)]
    assert raw == []
    everything = "\n".join(pages.values())
    seen = {label(n) for n in range(len(FIELDS)) if shown(n, everything)}
    assert {
        "Organisation.name_th",
        "Organisation.address",
        "Channel.label",
        "Item.title_th",
        "Item.title_en",
        "Item.explanation",
        "Evidence.title",
        "Evidence.link_label",
        "Evidence.original_filename",
        "Analysis.weaknesses",
        "Programme.analysis_intro",
        "Measure.title",
        "Method.text",
        "Method.result",
        "Method.recommendation",
        "MethodAttachment.title",
        "ProgressUpdate.text",
        "Division.name",
        "ProcurementRow.work_name",
        "ProcurementRow.supplier",
    } <= seen
    assert escape("<script>alert(999)</script>") in pages["/search/?q=<script>alert(999)</script>"]


def test_report_templates_write_staff_text_escaped(hostile):
    organisation = Organisation.objects.get()
    year = FiscalYear.objects.get(year=2569)
    for kind, document in REPORTS.items():
        html = render_to_string(document.template, document.context(year, organisation))

        assert RAW_MARKUP.findall(html) == [], kind


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("report", {"Item.title_th", "Item.explanation", "Evidence.title", "Organisation.name_th"}),
        ("measures", {"Measure.title", "Method.text", "Method.result", "Programme.foreword"}),
        ("score", {"Analysis.weaknesses", "Organisation.head_name"}),
    ],
)
def test_pdf_reports_print_staff_markup_as_literal_text(client, hostile, kind, expected):
    response = client.get(f"/ita/2569/{kind}.pdf")
    text = squeeze(extract_text(response.content))

    printed = {label(n) for n in range(len(FIELDS)) if shown(n, text, escaped=False)}
    assert expected <= printed


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("url", ["/ita/2569/itas.csv", "/ita/2569/data/procurement.csv"])
def test_csv_cells_never_start_a_formula(client, hostile, url):
    rows = csv_rows(client.get(url).content)

    cells = [cell for row in rows for cell in row]
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert any(cell.startswith("'=HYPERLINK(") for cell in cells)  # kept, as text


@pytest.mark.parametrize("url", ["/ita/2569/itas.xlsx", "/ita/2569/data/procurement.xlsx"])
def test_xlsx_files_hold_no_formula(client, hostile, url):
    content = client.get(url).content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(name).decode() for name in sheets)

    assert sheets
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK(&quot;http://evil/" in xml or 'HYPERLINK("http://evil/' in xml


def test_procurement_json_keeps_the_text_as_data(client, hostile):
    response = client.get("/ita/2569/data/procurement.json")

    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = json.dumps(json.loads(response.content), ensure_ascii=False)
    assert "<script>alert(" in data  # the text itself, for programs to read
    assert Item.objects.exists()
