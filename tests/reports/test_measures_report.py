"""/ita/<year>/measures.pdf: the report on carrying out the year's integrity measures, in the
official six-column form on A4 landscape pages."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string

from disclosures.models import FiscalYear, Organisation
from measures.models import Division, Measure, Method, MethodAttachment, Programme
from reports.documents import measures as report
from reports.pdf import RenderedPdf, render_pdf
from tests.factory import MINIMAL_PDF, Factory

from .pdftext import extract_text, page_count, squeeze

pytestmark = pytest.mark.django_db

HEADINGS = (
    "มาตรการ/แนวทาง",
    "วิธีการดำเนินการ",
    "ผู้รับผิดชอบ",
    "ระยะเวลาดำเนินการ",
    "ผลการดำเนินการ",
    "ข้อเสนอแนะ",
)
TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
# No hyphen: pdftotext drops one at the end of a line, as if it were a hyphenated word.
LONG_URL = "https://www.nongbuangam.go.th/ita/2569/evidence/" + "a1b2c3d4e5" * 25
# A4 landscape in points, and the report's side margin (1.5cm).
PAGE_WIDTH, PAGE_HEIGHT = 841.89, 595.276
SIDE_MARGIN = 42.52
MEASURE_COLUMN = 0.155  # of the table's width


# --- building years ------------------------------------------------------------------------


def add_measure(year: FiscalYear, number: int, title: str, **kwargs) -> Measure:
    return Measure.objects.create(year=year, number=number, title=title, **kwargs)


def add_method(measure: Measure, order: int, text: str, **kwargs) -> Method:
    owners = kwargs.pop("owners", ["สำนักปลัด"])
    kwargs.setdefault("period_text", "ต.ค. ๖๘ – ก.ย. ๖๙")
    kwargs.setdefault("status", Method.Status.DONE)
    method = Method.objects.create(measure=measure, order=order, text=text, **kwargs)
    for name in owners:
        method.units.add(Division.objects.get_or_create(name=name)[0])
    return method


def paragraphs(count: int, subject: str) -> str:
    """Numbered paragraphs as staff write them, with SARA AM and tone marks."""
    return "\n".join(
        f"{n}. ดำเนินการ{subject} ครั้งที่ {n} ร่วมกับผู้นำชุมชนและท่านผู้บริหาร "
        f"ตรวจสอบแหล่งน้ำและบันทึกผลการดำเนินงานไว้เป็นหลักฐาน"
        for n in range(1, count + 1)
    )


def fill_large_year(year: FiscalYear, measures: int = 15, methods: int = 4) -> None:
    """A heavy year: long multi-paragraph methods, results and recommendations, two results
    longer than a page, a 300-character URL, evidence links and a draft measure."""
    Programme.objects.update_or_create(
        year=year, defaults={"foreword": paragraphs(3, "ตามมาตรการส่งเสริมคุณธรรม")}
    )
    for number in range(1, measures + 1):
        measure = add_measure(
            year, number, f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสด้านที่ {number} การบริหารจัดการน้ำ"
        )
        for order in range(1, methods + 1):
            result = paragraphs(3, f"ตามวิธีการที่ {number}.{order}")
            if (number, order) in ((3, 2), (9, methods)):  # in a measure, and at its end
                result = paragraphs(40, "ตรวจติดตามผลอย่างต่อเนื่อง")
            if (number, order) == (5, 1):
                result += f"\nหลักฐาน: {LONG_URL}"
            method = add_method(
                measure,
                order,
                paragraphs(3, f"วิธีการที่ {number}.{order} จัดประชุมชี้แจง"),
                owners=["สำนักปลัด", "กองคลัง"] if order % 2 else ["ทุกส่วนราชการ"],
                result=result,
                recommendation=paragraphs(2, "ทบทวนแนวทาง"),
            )
            MethodAttachment.objects.create(
                method=method, title=f"ภาพกิจกรรม {number}.{order}", url=LONG_URL[:80]
            )
    add_measure(year, measures + 1, "มาตรการฉบับร่างที่ยังไม่เผยแพร่", is_published=False)


def render(year: FiscalYear, digits: str = "thai") -> RenderedPdf:
    organisation = Organisation.objects.first()
    return render_pdf("reports/measures.html", report.context(year, organisation), digits=digits)


def page_text(content: bytes, page: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        command = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@dataclass
class Word:
    page: int
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    text: str


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def words(content: bytes) -> list[Word]:
    """Every run of text pdftotext finds, with its page and box (points, from the top left)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        command = ["pdftotext", "-enc", "UTF-8", "-bbox", str(path), "-"]
        xml = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found, page = [], 0
    for line in xml.splitlines():
        if "<page " in line:
            page += 1
        elif match := _WORD.search(line):
            x_min, y_min, x_max, y_max = (float(value) for value in match.groups()[:4])
            found.append(Word(page, x_min, y_min, x_max, y_max, match[5]))
    return found


def pdfinfo(content: bytes, *options: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        command = ["pdfinfo", *options, str(path)]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation(name_th="องค์การบริหารส่วนตำบลน้ำท่วมทุ่ง")
    return factory.year(2569)


@dataclass
class LargeYear:
    """The large year rendered once for the module, and what it must show."""

    rendered: RenderedPdf
    titles: list[str]
    texts: list[str]


@pytest.fixture(scope="module")
def large(django_db_setup, django_db_blocker) -> LargeYear:
    """Built in a transaction that is rolled back: rendering 60 long rows takes seconds, so
    the tests that read the large year share one rendering."""
    with django_db_blocker.unblock(), transaction.atomic():
        Factory.organisation(name_th="องค์การบริหารส่วนตำบลน้ำท่วมทุ่ง")
        fiscal_year = Factory.year(2569)
        fill_large_year(fiscal_year)
        methods = Method.objects.filter(measure__is_published=True).select_related("measure")
        large = LargeYear(
            render(fiscal_year),
            sorted({method.measure.title for method in methods}),
            [text for m in methods for text in (m.text, m.result, m.recommendation)],
        )
        transaction.set_rollback(True)
    return large


# --- the form ------------------------------------------------------------------------------


def test_it_is_the_official_form_on_a4_landscape_pages(year):
    measure = add_measure(year, 1, "มาตรการป้องกันผลประโยชน์ทับซ้อน")
    add_method(measure, 1, "จัดทำคู่มือ")

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    assert "Page size:       841.89 x 595.276 pts (A4)" in pdfinfo(rendered.content)
    assert squeeze(TITLE + " ประจำปีงบประมาณ พ.ศ. ๒๕๖๙") in text
    assert "องค์การบริหารส่วนตำบลน้ำท่วมทุ่ง" in text
    for heading in HEADINGS:
        assert heading in text
    # Headings in the official order, left to right.
    starts = [heading[:8] for heading in HEADINGS]  # ระยะเวลา | ดำเนินการ: two lines
    header = [w for w in words(rendered.content) if w.text[:8] in starts]
    assert [w.text[:8] for w in sorted(header, key=lambda w: w.x_min)] == starts


def test_each_measure_shows_its_methods_owners_periods_status_results_and_recommendations(year):
    measure = add_measure(year, 1, "มาตรการส่งเสริมการใช้น้ำอย่างคุ้มค่า")
    add_method(
        measure,
        1,
        "1. ประชุมชี้แจงท่านผู้บริหาร\n2. ดำเนินการสำรวจแหล่งน้ำ",
        owners=["กองช่าง"],
        result="สำรวจแหล่งน้ำครบ ๑๒ แห่ง",
        recommendation="ควรดำเนินการทุกปี",
    )
    parsed = add_method(
        measure, 2, "ประกาศผลการดำเนินการ", owners=[], responsible_text="ทุกส่วนราชการ"
    )
    parsed.period_text, parsed.status = "", Method.Status.IN_PROGRESS
    parsed.start_year, parsed.start_month, parsed.end_year, parsed.end_month = 2568, 10, 2569, 3
    parsed.save()

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    for expected in (
        "มาตรการที่ ๑",
        "มาตรการส่งเสริมการใช้น้ำอย่างคุ้มค่า",
        "1. ประชุมชี้แจงท่านผู้บริหาร",
        "2. ดำเนินการสำรวจแหล่งน้ำ",
        "กองช่าง",
        "ต.ค. ๖๘ – ก.ย. ๖๙",  # as the organisation wrote it
        "ดำเนินการแล้ว",
        "สำรวจแหล่งน้ำครบ ๑๒ แห่ง",
        "ควรดำเนินการทุกปี",
        "ประกาศผลการดำเนินการ",
        "ทุกส่วนราชการ",
        "ต.ค. ๒๕๖๘ – มี.ค. ๒๕๖๙",  # parsed, in the report's digits
        "กำลังดำเนินการ",
    ):
        assert squeeze(expected) in text, expected
    # The second method has no recommendation: its cell says so with a dash, level with it.
    found = words(rendered.content)
    second = next(w for w in found if w.text == "ประกาศผลการดำเนินการ")
    recommendations = SIDE_MARGIN + 0.85 * (PAGE_WIDTH - 2 * SIDE_MARGIN)
    assert any(
        w.text == "–" and w.x_min > recommendations and abs(w.y_min - second.y_min) < 1
        for w in found
    )


def test_every_published_measure_and_method_of_a_large_year_appears_intact(large):
    text = squeeze(extract_text(large.rendered.content))

    assert large.rendered.missing_glyphs == []
    assert len(large.titles) == 15
    assert len(large.texts) == 60 * 3
    for title in large.titles:
        assert squeeze(title) in text
    # Line by line: a line that a page break cuts has the header and footer between its parts.
    for source in large.texts:
        for line in source.splitlines():
            assert squeeze(line) in text or cut_by_a_page_break(line, text), line
    assert "มาตรการฉบับร่างที่ยังไม่เผยแพร่" not in text
    assert "มาตรการที่๑๖" not in text


def cut_by_a_page_break(line: str, text: str) -> bool:
    """Whether ``line`` is in ``text`` in two parts, cut between two of its words."""
    parts = line.split()
    return any(
        squeeze(" ".join(parts[:cut])) in text and squeeze(" ".join(parts[cut:])) in text
        for cut in range(1, len(parts))
    )


def test_unpublished_measures_are_left_out(year):
    add_method(add_measure(year, 1, "มาตรการที่เผยแพร่แล้ว"), 1, "วิธีการที่เผยแพร่")
    draft = add_measure(year, 2, "มาตรการฉบับร่าง", is_published=False)
    add_method(draft, 1, "วิธีการของฉบับร่าง")

    text = squeeze(extract_text(render(year).content))

    assert "มาตรการที่เผยแพร่แล้ว" in text
    assert "มาตรการฉบับร่าง" not in text
    assert "วิธีการของฉบับร่าง" not in text
    assert "มาตรการที่๒" not in text


def test_evidence_is_listed_with_addresses_a_reader_can_type(year, settings):
    settings.ITA_PUBLIC_BASE_URL = "https://www.nongbuangam.go.th"
    method = add_method(add_measure(year, 1, "มาตรการเปิดเผยข้อมูล"), 1, "เผยแพร่ข้อมูล")
    document = MethodAttachment.objects.create(
        method=method,
        title="คำสั่งแต่งตั้งคณะทำงาน",
        file=SimpleUploadedFile("คำสั่งที่ 12.pdf", MINIMAL_PDF, "application/pdf"),
    )
    MethodAttachment.objects.create(
        method=method, title="หน้าข่าวประชาสัมพันธ์", url="https://www.nongbuangam.go.th/news/"
    )

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    assert squeeze("หลักฐาน: คำสั่งแต่งตั้งคณะทำงาน (ไฟล์ คำสั่งที่ 12.pdf)") in text
    # Thai as Thai; the space stays encoded, as a browser needs it typed.
    assert f"https://www.nongbuangam.go.th/files/measures/{document.pk}/คำสั่งที่%2012.pdf" in text
    assert squeeze("หลักฐาน: หน้าข่าวประชาสัมพันธ์ https://www.nongbuangam.go.th/news/") in text
    # Behind the printed address, the link a PDF reader opens.
    links = pdfinfo(rendered.content, "-url")
    assert f"https://www.nongbuangam.go.th{document.get_download_url()}" in links
    assert "https://www.nongbuangam.go.th/news/" in links


def test_a_measure_without_methods_says_so(year):
    add_measure(year, 1, "มาตรการที่ยังไม่มีวิธีการ")

    text = squeeze(extract_text(render(year).content))

    assert "มาตรการที่ยังไม่มีวิธีการ" in text
    assert "ยังไม่ได้ระบุวิธีการดำเนินการ" in text


# --- the foreword --------------------------------------------------------------------------


def test_the_foreword_appears_when_set(year):
    Programme.objects.create(
        year=year,
        foreword="องค์การบริหารส่วนตำบลได้ดำเนินการตามมาตรการ\n\nหวังเป็นอย่างยิ่งว่าท่านจะได้ประโยชน์",
    )
    add_method(add_measure(year, 1, "มาตรการทดสอบ"), 1, "วิธีการทดสอบ")

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    assert "คำนำ" in text
    assert "องค์การบริหารส่วนตำบลได้ดำเนินการตามมาตรการ" in text
    assert "หวังเป็นอย่างยิ่งว่าท่านจะได้ประโยชน์" in text
    # Above the table.
    assert text.index("คำนำ") < text.index("มาตรการ/แนวทาง")


@pytest.mark.parametrize("foreword", [None, "", "  \n "])
def test_no_foreword_no_heading(year, foreword):
    if foreword is not None:
        Programme.objects.create(year=year, foreword=foreword)
    add_method(add_measure(year, 1, "มาตรการทดสอบ"), 1, "วิธีการทดสอบ")

    assert "คำนำ" not in extract_text(render(year).content)


# --- pages ---------------------------------------------------------------------------------


def test_the_header_repeats_on_every_page(large):
    content = large.rendered.content
    pages = page_count(content)

    assert pages == large.rendered.pages > 10
    for page in range(1, pages + 1):
        text = squeeze(page_text(content, page))
        for heading in HEADINGS:
            assert heading in text, (page, heading)
        assert f"หน้า{thai_digits(page)}/{thai_digits(pages)}" in text


def thai_digits(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


def arabic(text: str) -> int:
    return int(text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))


def test_a_measure_continued_on_a_new_page_is_named_in_its_cell(large):
    """Every page after the first opens its measure column with a label in its first row:
    the next measure, or "มาตรการที่ n (ต่อ)" for the measure still running."""
    found = words(large.rendered.content)
    column_end = SIDE_MARGIN + MEASURE_COLUMN * (PAGE_WIDTH - 2 * SIDE_MARGIN)
    running, continued = 0, 0
    for page in range(1, large.rendered.pages + 1):
        on_page = [w for w in found if w.page == page]
        header = max((w for w in on_page if w.text in HEADINGS), key=lambda w: w.y_max)
        body = [w for w in on_page if header.y_max < w.y_min < PAGE_HEIGHT - 45]
        labels = sorted(
            (w for w in body if w.x_max <= column_end and w.text.startswith("มาตรการที่")),
            key=lambda w: w.y_min,
        )
        if page > 1:
            top = labels[0]
            # In the page's first row, level with the first line of the other cells.
            first_line = min(w.y_min for w in body if w.x_min > column_end)
            assert abs(top.y_min - first_line) < 1, page
            # One label there: never "(ต่อ)" written over the next measure's own label.
            assert [abs(w.y_min - top.y_min) < 1 for w in labels].count(True) == 1, page
            if top.text.endswith("(ต่อ)"):
                continued += 1
                assert top.text == f"มาตรการที่ {thai_digits(running)} (ต่อ)", page
        for label in labels:
            if not label.text.endswith("(ต่อ)"):
                number = arabic(label.text.split()[1])
                assert number == running + 1, page  # in order, none left out
                running = number
    assert running == 15
    # Every measure of four long methods runs over pages; the longest result over five.
    assert continued >= 15 * 3


def test_a_measure_that_fits_on_a_page_is_kept_whole(year):
    add_method(add_measure(year, 1, "มาตรการสั้น"), 1, "วิธีการสั้น")
    for number in (2, 3):
        measure = add_measure(year, number, f"มาตรการที่ยาว {number}")
        for order in (1, 2, 3):
            add_method(measure, order, f"วิธีการที่ {number}.{order} " + paragraphs(2, "ประชุม"))

    rendered = render(year)

    # Each long measure starts a page: none is cut, so nothing is "continued".
    assert rendered.pages == 3
    assert "(ต่อ)" not in extract_text(rendered.content)
    for page, number in ((2, 2), (3, 3)):
        text = squeeze(page_text(rendered.content, page))
        assert f"มาตรการที่{thai_digits(number)}" in text
        for order in (1, 2, 3):
            assert f"วิธีการที่{number}.{order}" in text


def test_a_long_url_wraps_inside_the_page(large):
    text = squeeze(extract_text(large.rendered.content))

    assert LONG_URL in text
    for word in words(large.rendered.content):
        assert word.x_max <= PAGE_WIDTH - SIDE_MARGIN + 0.5, word.text[:60]


# --- digits --------------------------------------------------------------------------------


def test_thai_digits_everywhere_but_in_what_staff_typed(year):
    measure = add_measure(year, 3, "มาตรการทดสอบ")
    method = add_method(measure, 1, "จัดประชุม 2 ครั้ง", period_text="", result="ผ่าน 94.8%")
    method.start_year, method.start_month, method.end_year, method.end_month = 2569, 1, 2569, 3
    method.save()

    thai = squeeze(extract_text(render(year, "thai").content))
    arabic = squeeze(extract_text(render(year, "arabic").content))

    assert "หน้า๑/๑" in thai and "หน้า1/1" in arabic
    assert "พ.ศ.๒๕๖๙" in thai and "พ.ศ.2569" in arabic
    assert "มาตรการที่๓" in thai and "มาตรการที่3" in arabic
    assert "ม.ค.๒๕๖๙–มี.ค.๒๕๖๙" in thai
    assert "จัดประชุม2ครั้ง" in thai and "ผ่าน94.8%" in thai


# --- bad input -----------------------------------------------------------------------------


def test_a_year_without_measures_is_an_honest_pdf(factory):
    empty = factory.year(2570)

    rendered = render_pdf("reports/measures.html", report.context(empty, None), digits="thai")
    text = squeeze(extract_text(rendered.content))

    assert rendered.content.startswith(b"%PDF-")
    assert rendered.pages == page_count(rendered.content) == 1
    assert rendered.missing_glyphs == []
    assert squeeze(TITLE) in text
    assert "ยังไม่มีข้อมูล" in text
    assert "มาตรการ/แนวทาง" not in text


def test_markup_in_staff_text_comes_out_as_text(year):
    measure = add_measure(year, 1, "มาตรการ <b>ตัวหนา</b>")
    add_method(
        measure,
        1,
        "<script>alert('x')</script> ดำเนินการ",
        result='<a href="https://evil.example">คลิก</a>',
        recommendation="<img src=x onerror=alert(1)>",
    )

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    assert squeeze("มาตรการ <b>ตัวหนา</b>") in text
    assert squeeze("<script>alert('x')</script> ดำเนินการ") in text
    assert squeeze('<a href="https://evil.example">คลิก</a>') in text
    assert squeeze("<img src=x onerror=alert(1)>") in text


def test_the_url_serves_the_report_and_404s_for_unknown_or_hidden_years(client, year, factory):
    add_method(add_measure(year, 1, "มาตรการทดสอบการดาวน์โหลด"), 1, "วิธีการ")
    factory.year(2570, status=FiscalYear.Status.PREPARING)

    response = client.get("/ita/2569/measures.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "มาตรการทดสอบการดาวน์โหลด" in squeeze(extract_text(response.content))
    assert "หน้า ๑ / ๑" in extract_text(client.get("/ita/2569/measures.pdf?digits=thai").content)
    assert client.get("/ita/2500/measures.pdf").status_code == 404
    assert client.get("/ita/2570/measures.pdf").status_code == 404


def test_the_public_measures_page_links_the_report(client, year):
    thai = client.get("/ita/2569/measures/").text
    english = client.get("/en/ita/2569/measures/").text

    link = 'href="/ita/2569/measures.pdf" type="application/pdf">ดาวน์โหลดรายงาน PDF</a>'
    assert link in thai
    # The report is a Thai document with one address, also from the English page.
    assert 'href="/ita/2569/measures.pdf"' in english


# --- queries -------------------------------------------------------------------------------


def test_the_context_takes_the_same_queries_for_a_small_and_a_large_year(
    factory, year, django_assert_num_queries
):
    add_method(add_measure(year, 1, "มาตรการเดียว"), 1, "วิธีการเดียว")
    large = factory.year(2570)
    fill_large_year(large)
    organisation = Organisation.objects.get()

    # programme (with its report item), measures, methods, their divisions, their evidence;
    # the template then reads only what these fetched.
    for fiscal_year in (year, large):
        with django_assert_num_queries(5):
            context = report.context(fiscal_year, organisation)
            html = render_to_string("reports/measures.html", context)
    assert len(context["measures"]) == 15
    assert html.count('class="measure-first"') == 15
