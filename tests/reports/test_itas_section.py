"""The ITAS section of /ita/<year>/report.pdf: the submission sheet, printed for an assessor.

The section is the report's appendix: listed in the contents, on landscape pages, one row per
item with ข้อ, ชื่อข้อ, มี/ไม่มี, the URLs (the item's page first) and the explanation, from
the same disclosures.itas.sheet_rows() as the CSV and XLSX downloads.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import override_settings

from disclosures.itas import sheet_rows
from disclosures.models import Evidence, FiscalYear, Item, Organisation
from reports.documents import REPORTS
from reports.pdf import render_pdf

from .pdftext import extract_text, squeeze

pytestmark = pytest.mark.django_db

HEADING = "แบบรายงานการเปิดเผยข้อมูล (ITAS)"
LONG_URL = "https://www.example.go.th/" + "ข้อมูล" * 20 + "/" + "a" * 150 + "?q=" + "x" * 100


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation(name_th="องค์การบริหารส่วนตำบลน้ำใส")
    year = factory.year(2569, status=FiscalYear.Status.OPEN)
    structure = factory.item(
        year, code="O1", order=1, title_th="โครงสร้าง", explanation="หน้าหลัก > เกี่ยวกับเรา"
    )
    factory.evidence(
        structure, kind=Evidence.Kind.LINK, url="https://www.namsai.go.th/org/", order=1
    )
    factory.evidence(structure, kind=Evidence.Kind.FILE, title="ผังโครงสร้าง", order=2)
    factory.evidence(
        structure,
        kind=Evidence.Kind.LINK,
        url="https://www.namsai.go.th/draft/",
        is_published=False,
        order=3,
    )
    factory.item(year, code="O2", order=2, title_th="ข้อมูลผู้บริหาร")  # nothing published
    plan = factory.item(year, code="O10", order=10, indicator=10, title_th="แผนป้องกันการทุจริต")
    factory.evidence(plan, kind=Evidence.Kind.LINK, url=LONG_URL)
    return year


def render(year: FiscalYear, digits: str = "arabic"):
    report = REPORTS["report"]
    return render_pdf(report.template, report.context(year, Organisation.current()), digits=digits)


def pages_of(content: bytes) -> list[str]:
    """The squeezed text of each page."""
    return [squeeze(page) for page in extract_text(content).split("\f")[:-1]]


def section_start(pages: list[str]) -> int:
    """The (1-based) page where the ITAS section starts: its heading, past the contents."""
    return next(n for n, page in enumerate(pages, 1) if n > 2 and squeeze(HEADING) in page)


def page_widths(content: bytes) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        command = ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"]
        xhtml = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [float(width) for width in re.findall(r'<page width="([\d.]+)"', xhtml)]


def itas_rows_html(year: FiscalYear) -> list[list[str]]:
    """The cells of the section's table as the template writes them (tags stripped), the
    header row first; the URLs of a cell one per line."""
    context = REPORTS["report"].context(year, Organisation.current())
    html = render_to_string("reports/disclosure.html", {**context, "counter_style": "decimal"})
    section = html[html.index('<section class="itas"') :]
    head = section[section.index("<thead>") : section.index("</thead>")]
    table = section[section.index("<tbody>") : section.index("</tbody>")]
    rows = [re.findall(r"<th[^>]*>(.*?)</th>", head)]
    for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.DOTALL):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
        rows.append([re.sub(r"<li>", "\n", cell) for cell in cells])
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in row] for row in rows]


@override_settings(ITA_PUBLIC_BASE_URL="https://www.namsai.go.th")
def test_each_row_gives_code_title_answer_urls_and_explanation(year):
    file_evidence = Evidence.objects.get(kind=Evidence.Kind.FILE)
    base = "https://www.namsai.go.th"

    rows = itas_rows_html(year)

    assert rows == [
        ["ข้อ", "ชื่อข้อ", "มี/ไม่มี", "URL", "คำอธิบาย"],
        [
            "O1",
            "โครงสร้าง",
            "มี",
            f"{base}/ita/2569/O1/\nhttps://www.namsai.go.th/org/\n"
            f"{base}/files/{file_evidence.pk}/รายงาน.pdf",  # readable, as typed
            "หน้าหลัก &gt; เกี่ยวกับเรา",
        ],
        [
            "O2",
            "ข้อมูลผู้บริหาร",
            "ไม่มี",
            f"{base}/ita/2569/O2/",
            "หน้าหลัก &gt; ITA 2569 &gt; O2 ข้อมูลผู้บริหาร",
        ],
        [
            "O10",
            "แผนป้องกันการทุจริต",
            "มี",
            f"{base}/ita/2569/O10/\n{LONG_URL}",
            "หน้าหลัก &gt; ITA 2569 &gt; O10 แผนป้องกันการทุจริต",
        ],
    ]


def test_the_rows_are_the_submission_sheets(year):
    context = REPORTS["report"].context(year, Organisation.current())

    printed = [
        (row.code, row.has_label, [link.url for link in row.links], row.explanation)
        for row in context["itas_rows"]
    ]
    sheet = [(row.code, row.has_label, row.urls, row.explanation) for row in sheet_rows(year)]
    assert printed == sheet


def test_the_section_closes_the_report_on_landscape_pages_listed_in_the_contents(year):
    rendered = render(year)
    pages = pages_of(rendered.content)
    start = section_start(pages)

    assert rendered.missing_glyphs == []
    toc = pages[1]
    assert re.search(re.escape(squeeze(HEADING)) + rf"\.{{3,}}{start}(?!\d)", toc)
    # After every item: the last item's details come before it.
    assert squeeze("O10 แผนป้องกันการทุจริต") in "".join(pages[2 : start - 1])
    widths = page_widths(rendered.content)
    assert all(width < 600 for width in widths[: start - 1])  # A4 portrait
    assert all(width > 800 for width in widths[start - 1 :])  # A4 landscape
    assert start == len(pages)  # three items fit on one page


def test_the_printed_section_lists_every_item_and_no_draft(year, settings):
    rendered = render(year)
    pages = pages_of(rendered.content)
    section = "".join(pages[section_start(pages) - 1 :])
    base = settings.ITA_PUBLIC_BASE_URL

    positions = [section.index(f"{base}/ita/2569/{code}/") for code in ("O1", "O2", "O10")]
    assert positions == sorted(positions)
    assert "https://www.namsai.go.th/org/" in section
    assert "ไม่มี" in section
    assert squeeze("หน้าหลัก > ITA 2569 > O2 ข้อมูลผู้บริหาร") in section
    assert LONG_URL in section  # wrapped inside its column, whole when copied
    assert "https://www.namsai.go.th/draft/" not in section
    assert f"{base}/ita/2569/itas.xlsx" in section  # the same sheet as a file


def test_codes_and_urls_keep_their_digits_in_a_thai_digits_report(year, settings):
    rendered = render(year, digits="thai")
    pages = pages_of(rendered.content)
    section = "".join(pages[section_start(pages) - 1 :])

    assert f"{settings.ITA_PUBLIC_BASE_URL}/ita/2569/O10/" in section
    assert squeeze("หน้าหลัก > ITA 2569 > O2") in section
    assert re.search(r"หน้า[๐-๙]+/[๐-๙]+", section)  # the page numbers are Thai


def test_staff_markup_in_titles_is_printed_as_text(factory, year):
    item = Item.objects.get(year=year, code="O2")
    item.title_th = '=HYPERLINK("x") <b>ตัวหนา</b>'
    item.save()

    rows = itas_rows_html(year)
    pages = pages_of(render(year).content)

    assert rows[2][1] == "=HYPERLINK(&quot;x&quot;) &lt;b&gt;ตัวหนา&lt;/b&gt;"
    assert squeeze('=HYPERLINK("x") <b>ตัวหนา</b>') in "".join(pages[section_start(pages) - 1 :])


def test_a_year_without_items_has_no_section(factory):
    factory.organisation()
    empty = factory.year(2570, status=FiscalYear.Status.OPEN)

    text = extract_text(render(empty).content)

    assert "ITAS" not in text
    assert settings.ITA_PUBLIC_BASE_URL + "/ita/2570/itas" not in text
