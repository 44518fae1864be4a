"""`manage.py demo_data`: what someone trying the portal gets on an empty database."""

from __future__ import annotations

import io
import random
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook
from PIL import Image, PdfParser

from disclosures import demo
from disclosures.catalog import load_catalog_file
from disclosures.models import Channel, Evidence, FiscalYear, Item, Organisation
from disclosures.uploads import kind_by_key, mime_for
from ita_portal.thai import fiscal_year_range
from measures import demo as measures_demo
from measures.models import Analysis, Measure, Method, Programme, ProgressUpdate, YearResult

pytestmark = pytest.mark.django_db

CATALOGS = Path(settings.BASE_DIR) / "catalogs"
REFUSED = "ไม่มีการเปลี่ยนแปลงใด ๆ"


def run() -> str:
    """Run the command as `make run` does on a new database and return what it printed."""
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Organisation, Channel, FiscalYear, Item, Evidence)
    return {model.__name__: model.objects.count() for model in models}


def measures_counts() -> dict[str, int]:
    models = (YearResult, Analysis, Measure, Method, ProgressUpdate)
    return {model.__name__: model.objects.count() for model in models}


def media_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


@pytest.fixture
def output() -> str:
    return run()


def test_creates_the_fictional_organisation_with_logo_and_channels(output):
    organisation = Organisation.objects.get()
    assert organisation.name_th == "องค์การบริหารส่วนตำบลหนองบัวงาม"
    assert organisation.name_th in output
    organisation.full_clean()  # the logo passes the upload rules
    with Image.open(organisation.logo.open("rb")) as logo:
        assert logo.format == "PNG"
    organisation.logo.close()
    for part in ("หมู่ที่", "ตำบลหนองบัวงาม", "อำเภอ", "จังหวัด", organisation.postal_code):
        assert part in organisation.full_address
    assert organisation.email.endswith(".go.th")
    assert organisation.eit_survey_url.startswith("https://itas.nacc.go.th/go/eit/")
    assert organisation.head_name and organisation.officer_name
    kinds = set(organisation.channels.values_list("kind", flat=True))
    assert {"line", "facebook", "messenger", "complaint"} <= kinds
    assert organisation.channels.get(kind="line").is_two_way


def test_archives_2568_and_opens_2569_as_the_current_year(output):
    previous, current = FiscalYear.objects.get(year=2568), FiscalYear.objects.get(year=2569)
    assert previous.status == FiscalYear.Status.ARCHIVED and not previous.is_current
    assert current.status == FiscalYear.Status.OPEN and current.is_current
    assert previous.items.exists() and current.items.exists()
    assert "2568" in output and "2569" in output


def test_every_evidence_is_valid_as_the_admin_checks_it(output):
    evidence = list(Evidence.objects.select_related("item__year"))
    assert len(evidence) > 80
    for piece in evidence:
        piece.full_clean()  # constraints, URLs and files through the upload validators
        if piece.file:
            piece.file.close()
        start, end = fiscal_year_range(piece.item.year.year)
        assert start <= piece.document_date <= end, piece
        assert piece.title.strip()


def test_publishes_every_kind_and_both_text_formats(output):
    published = Evidence.objects.filter(is_published=True)
    assert set(published.values_list("kind", flat=True)) == set(Evidence.Kind.values)
    texts = published.filter(kind=Evidence.Kind.TEXT)
    assert set(texts.values_list("text_format", flat=True)) == set(Evidence.TextFormat.values)
    assert set(published.exclude(file="").values_list("file_kind", flat=True)) >= {
        "pdf",
        "png",
        "xlsx",
    }
    assert published.filter(kind=Evidence.Kind.LINK, url__startswith=demo.WEBSITE).exists()
    assert published.filter(
        kind=Evidence.Kind.LINK, url__startswith="https://www.nacc.go.th"
    ).exists()


def test_2569_shows_every_state_of_work_and_2568_is_complete(output):
    current = Item.objects.filter(year__year=2569).with_evidence_state().annotate_work()
    untouched = [item for item in current if not item.has_evidence]
    drafts_only = [
        item for item in current if item.has_evidence and not item.has_published_evidence
    ]
    assert 2 <= len(untouched) <= 3
    assert 1 <= len(drafts_only) <= 2
    assert all(not item.explanation for item in untouched)
    previous = Item.objects.filter(year__year=2568).with_evidence_state()
    assert all(item.has_published_evidence for item in previous)
    assert not Evidence.objects.filter(item__year__year=2568, is_published=False).exists()


def test_items_with_evidence_explain_how_to_reach_them(output):
    item = Item.objects.get(year__year=2569, code="O1")
    assert item.explanation == f"หน้าหลัก > ITA 2569 > O1 {item.title_th}"
    # The catalogue's "(unconfirmed)" mark goes to the item's note, not into the explanation.
    item = Item.objects.get(year__year=2568, code="O5")
    assert "unconfirmed" in item.confidence_note
    assert item.explanation.endswith("O5 แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน")


def test_complaint_statistics_say_explicitly_that_there_were_none(output):
    item = Item.objects.get(year__year=2569, title_th__contains="สถิติเรื่องร้องเรียน")
    statement = item.evidence.get(kind=Evidence.Kind.NOTHING)
    assert statement.is_published
    assert "ไม่มีเรื่องร้องเรียนการทุจริต" in statement.body
    assert "ต.ค. 2568 – มี.ค. 2569" in statement.body


def test_published_files_download_from_the_public_url(output, client):
    files = Evidence.objects.published().exclude(file="")
    assert files.count() > 30
    for piece in files:
        response = client.get(piece.get_download_url())
        assert response.status_code == 200, piece
        kind = kind_by_key(piece.file_kind)
        assert response["Content-Type"] == mime_for(kind, piece.original_filename)
        assert quote(piece.original_filename, safe="") in response["Content-Disposition"]
        b"".join(response.streaming_content)
    draft = Evidence.objects.filter(is_published=False).exclude(file="").first()
    assert client.get(draft.get_download_url()).status_code == 404


def test_files_are_real_documents_with_thai_names(output):
    pieces = Evidence.objects.exclude(file="")
    for piece in pieces:
        with piece.file.open("rb") as handle:
            data = handle.read()
        if piece.file_kind == "pdf":
            assert len(PdfParser.PdfParser(buf=data).pages) == 1
            assert piece.original_filename.endswith(".pdf")
        elif piece.file_kind == "png":
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        else:
            assert piece.file_kind == "xlsx"
            assert load_workbook(io.BytesIO(data)).active.max_row > 2
        assert "อบต.หนองบัวงาม" in piece.original_filename or piece.file_kind == "xlsx"
    structure = pieces.get(item__year__year=2569, item__code="O1")
    assert structure.original_filename == "แผนผังโครงสร้างองค์กร อบต.หนองบัวงาม 2569.png"


def test_ends_with_the_ita_results_and_the_integrity_measures(output):
    assert "ผลการประเมิน ITA: 2566 82.40 (B) → 2567 91.38 (A) → 2568 96.30 (AA)" in output
    assert "มาตรการปีงบประมาณ 2569: 6 มาตรการ 17 วิธีการ" in output
    assert list(FiscalYear.objects.values_list("year", "status")) == [
        (2569, "open"),
        (2568, "archived"),
        (2567, "archived"),
        (2566, "archived"),
    ]
    assert FiscalYear.objects.get(is_current=True).year == 2569
    programme = Programme.objects.get(year__year=2569)
    assert programme.measures_item.year.year == 2569
    assert measures_counts()["Measure"] == 9


def test_a_second_run_changes_nothing_and_says_so(output):
    before, files, measures = counts(), media_files(), measures_counts()
    again = run()
    assert REFUSED in again
    assert counts() == before
    assert measures_counts() == measures
    assert media_files() == files


def test_refuses_when_an_organisation_exists(factory):
    factory.organisation()
    assert REFUSED in run()
    assert counts() == {"Organisation": 1, "Channel": 0, "FiscalYear": 0, "Item": 0, "Evidence": 0}


def test_refuses_when_evidence_exists_without_an_organisation(factory):
    year = factory.year(2569, status=FiscalYear.Status.PREPARING)
    factory.evidence(factory.item(year))
    assert REFUSED in run()
    year.refresh_from_db()
    assert year.status == FiscalYear.Status.PREPARING
    assert not Organisation.objects.exists()
    assert Evidence.objects.count() == 1


def test_uses_catalogues_already_loaded_by_bootstrap():
    for year in (2564, 2568, 2569):
        load_catalog_file(CATALOGS / f"catalog-{year}.yaml", year)
    loaded = counts()["Item"]
    run()
    assert counts()["Item"] == loaded
    untouched = FiscalYear.objects.get(year=2564)
    assert untouched.status == FiscalYear.Status.PREPARING and not untouched.is_current
    assert FiscalYear.objects.get(is_current=True).year == 2569


def test_a_failure_leaves_no_rows_and_no_files(monkeypatch):
    files = media_files()
    real = demo.evidence_for

    def fail_in_2569(title, context):
        if context.year == 2569:
            raise RuntimeError("disk full")
        return real(title, context)

    monkeypatch.setattr(demo, "evidence_for", fail_in_2569)
    with pytest.raises(RuntimeError):
        run()
    assert counts() == {"Organisation": 0, "Channel": 0, "FiscalYear": 0, "Item": 0, "Evidence": 0}
    assert media_files() == files


def test_a_failure_in_the_measures_rolls_back_the_whole_demo(monkeypatch):
    files = media_files()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(measures_demo, "_measure", fail)
    with pytest.raises(RuntimeError):
        run()
    assert counts() == {"Organisation": 0, "Channel": 0, "FiscalYear": 0, "Item": 0, "Evidence": 0}
    assert set(measures_counts().values()) == {0}
    assert media_files() == files


def test_an_item_no_recipe_knows_still_gets_a_statement_and_a_document():
    context = demo.YearContext(2570, is_open=True, rng=random.Random(1))
    specs = demo.evidence_for("ข้อมูลการใช้รถยนต์ส่วนกลาง", context)
    assert [spec.kind for spec in specs] == ["text", "file"]
    start, end = fiscal_year_range(2570)
    assert all(start <= spec.document_date <= end for spec in specs)
    assert specs[1].document.name == "ข้อมูลการใช้รถยนต์ส่วนกลาง อบต.หนองบัวงาม 2570.pdf"
