"""/ita/<year>/score.pdf: the year's ITA result against the previous year, the analysis of
last year's result, a summary of the year's measures and the signature block.

Most tests render the report straight from its context (reports/documents/score.py) and read
it back with pdftotext, as a reader would copy it; a few go through the URL.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from disclosures.models import FiscalYear, Organisation
from measures.models import (
    Analysis,
    IndicatorScore,
    InstrumentScore,
    Measure,
    Method,
    Programme,
    YearResult,
)
from reports.documents import score
from reports.pdf import RenderedPdf, render_pdf

from .pdftext import extract_text, page_count, squeeze

pytestmark = pytest.mark.django_db

# Indicators 1–10. THIS_YEAR gives IIT 100.00, EIT 87.67, OIT 100.00 and a total of 96.30
# (weights 30/30/40): band AA and, EIT being under 95, the rating ผ่านดี.
THIS_YEAR = ["100", "100", "100", "100", "100", "92.40", "80.21", "90.40", "100", "100"]
# Every indicator 90: every instrument and the total 90.00, band A, ผ่านดี.
LAST_YEAR = ["90"] * 10

OFFICER = "นางสาวกนกวรรณ ทองดี"
OFFICER_POSITION = "นักวิเคราะห์นโยบายและแผนชำนาญการ"
HEAD = "นายประเสริฐ ศรีบุญเรือง"
HEAD_POSITION = "นายกองค์การบริหารส่วนตำบลหนองบัวงาม"


def record(year: FiscalYear, scores: list[str]) -> None:
    IndicatorScore.objects.bulk_create(
        IndicatorScore(indicator=indicator, score=Decimal(scores[indicator.number - 1]))
        for indicator in year.indicators.all()
    )


def render(year: FiscalYear, digits: str = "arabic") -> tuple[RenderedPdf, str]:
    """The report of ``year`` and its text; no glyph may be missing from the fonts."""
    rendered = render_pdf(
        "reports/score.html", score.context(year, Organisation.current()), digits=digits
    )
    assert rendered.missing_glyphs == []
    assert rendered.content.startswith(b"%PDF-")
    return rendered, extract_text(rendered.content)


def layout_line(content: bytes, start: str) -> str:
    """The first line of the laid-out text (a table row) that starts with ``start``, without
    spaces."""
    for line in extract_text(content, layout=True).splitlines():
        if squeeze(line).startswith(start):
            return squeeze(line)
    raise AssertionError(f"no line starting with {start!r}")


def add_measure(year: FiscalYear, number: int, statuses: list[str], **kwargs) -> Measure:
    measure = Measure.objects.create(
        year=year, number=number, title=kwargs.pop("title", f"มาตรการทดสอบที่ {number}"), **kwargs
    )
    Method.objects.bulk_create(
        Method(measure=measure, order=order, text=f"วิธีการ {order}", status=status)
        for order, status in enumerate(statuses, start=1)
    )
    return measure


@pytest.fixture
def organisation(factory) -> Organisation:
    return factory.organisation(
        name_th="องค์การบริหารส่วนตำบลหนองบัวงาม",
        officer_name=OFFICER,
        officer_position=OFFICER_POSITION,
        head_name=HEAD,
        head_position=HEAD_POSITION,
    )


@pytest.fixture
def last_year(factory, organisation) -> FiscalYear:
    return factory.year(2567, status=FiscalYear.Status.ARCHIVED)


@pytest.fixture
def year(factory, organisation) -> FiscalYear:
    return factory.year(2568, status=FiscalYear.Status.ARCHIVED)


# --- scores ----------------------------------------------------------------------------------


def test_it_shows_the_scores_against_the_previous_year_with_band_rating_and_pass_mark(
    year, last_year
):
    record(year, THIS_YEAR)
    record(last_year, LAST_YEAR)

    rendered, text = render(year)

    page = squeeze(text)
    assert "ผลการประเมินITAและการวิเคราะห์ผลการประเมินปีงบประมาณพ.ศ.2568" in page
    summary = layout_line(rendered.content, "คะแนนรวม96.30")
    assert summary.startswith("คะแนนรวม96.30(คำนวณ)90.00(คำนวณ)")  # no official figures yet
    assert "ระดับAA(คำนวณ)A(คำนวณ)" in layout_line(rendered.content, "ระดับAA")
    assert "ผ่านดี" in layout_line(rendered.content, "ผลการประเมินผ่านดี")
    assert "เกณฑ์ผ่าน:คะแนนรวมตั้งแต่85.00คะแนนขึ้นไป" in page
    # Each indicator: this year, last year and the signed change.
    assert layout_line(rendered.content, "ตัวชี้วัดที่1การปฏิบัติหน้าที่").endswith("100.0090.00+10.00")
    assert layout_line(rendered.content, "ตัวชี้วัดที่7ประสิทธิภาพการสื่อสาร").endswith("80.2190.00−9.79")
    assert layout_line(rendered.content, "ตัวชี้วัดที่9การเปิดเผยข้อมูล").endswith("+10.00")
    assert "EIT" in text and "87.67(คำนวณ)90.00(คำนวณ)−2.33" in page
    lines = [squeeze(line) for line in extract_text(rendered.content, layout=True).splitlines()]
    assert "คะแนนรวม96.30(คำนวณ)90.00(คำนวณ)+6.30" in lines  # the table's total row
    assert "“(คำนวณ)”หมายถึง" in page  # the mark is explained


def test_official_figures_are_shown_unmarked_and_the_staff_warnings_stay_out(year, last_year):
    record(year, THIS_YEAR)
    record(last_year, LAST_YEAR)
    for instrument in year.instruments.all():
        InstrumentScore.objects.create(instrument=instrument, score=Decimal("95.10"))
    YearResult.objects.create(
        year=year,
        official_total=Decimal("96.31"),  # disagrees with the computed 95.10
        official_band="AA",
        official_rating="ผ่านดีเยี่ยม",
        announced_on=date(2025, 8, 15),
    )

    rendered, text = render(year)

    page = squeeze(text)
    assert "คะแนนรวม96.3190.00(คำนวณ)" in layout_line(rendered.content, "คะแนนรวม96.31")
    assert "ผ่านดีเยี่ยม(ผ่านเกณฑ์)" in page
    assert "15สิงหาคม2568" in page
    assert "95.10" in layout_line(rendered.content, "IIT")
    assert "95.10(คำนวณ)" not in page
    assert "ไม่ตรงกับ" not in page  # the disagreement is for staff, in the admin


def test_a_previous_year_without_scores_gives_dashes_and_says_so(factory, year, last_year):
    record(year, THIS_YEAR)  # 2567 exists but has no scores

    rendered, text = render(year)

    page = squeeze(text)
    assert "ยังไม่มีข้อมูลผลการประเมินของปีงบประมาณพ.ศ.2567" in page
    assert layout_line(rendered.content, "ตัวชี้วัดที่1การปฏิบัติหน้าที่").endswith("100.00––")
    assert "None" not in text


def test_the_scores_of_a_year_in_preparation_never_appear(factory, organisation):
    hidden = factory.year(2567, status=FiscalYear.Status.PREPARING)
    record(hidden, ["12.34"] * 10)
    year = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    record(year, THIS_YEAR)

    _, text = render(year)

    assert "12.34" not in text
    assert "ยังไม่มีข้อมูลผลการประเมินของปีงบประมาณพ.ศ.2567" in squeeze(text)


def test_the_totals_of_every_recorded_public_year_up_to_this_one(factory, year, last_year):
    record(year, THIS_YEAR)
    record(last_year, LAST_YEAR)
    record(factory.year(2566, status=FiscalYear.Status.ARCHIVED), ["80"] * 10)
    record(factory.year(2569, status=FiscalYear.Status.OPEN), ["99"] * 10)  # after this year

    rendered, text = render(year)

    assert "คะแนนรวมรายปี" in text
    assert layout_line(rendered.content, "พ.ศ.2566").startswith("พ.ศ.256680.00")
    assert layout_line(rendered.content, "พ.ศ.2568").startswith("พ.ศ.256896.30")
    assert "พ.ศ.2569" not in squeeze(text) and "99.00" not in text


# --- the analysis ----------------------------------------------------------------------------


def test_it_shows_the_analysis_of_last_years_result_with_markup_as_text(year, last_year):
    record(last_year, LAST_YEAR)
    Programme.objects.create(year=year, analysis_intro="คณะทำงานประชุมวิเคราะห์ผลเมื่อวันที่ 26")
    Analysis.objects.create(
        year=year,
        indicator=last_year.indicators.get(number=7),
        status=Analysis.Status.IMPROVE,
        weaknesses="<script>alert(1)</script> <b>ตัวหนา</b> ข้อมูลไม่เป็นปัจจุบัน",
        improvements="ดำเนินการปรับปรุงการสื่อสารเรื่องน้ำประปา",
        application="1. ท่านผู้บริหารกำชับทุกส่วนราชการ\n2. ติดตามผลทุกไตรมาส",
    )
    Analysis.objects.create(
        year=year, indicator=last_year.indicators.get(number=9), status=Analysis.Status.MAINTAIN
    )

    rendered, text = render(year)

    page = squeeze(text)
    assert "การวิเคราะห์ผลการประเมินปีงบประมาณพ.ศ.2567" in page
    assert "คณะทำงานประชุมวิเคราะห์ผลเมื่อวันที่26" in page
    assert "ตัวชี้วัดที่7ประสิทธิภาพการสื่อสาร(EIT)คะแนนปี2567:90.00·สถานะ:ต้องพัฒนา" in page
    assert "<script>alert(1)</script><b>ตัวหนา</b>ข้อมูลไม่เป็นปัจจุบัน" in page
    assert "ดำเนินการปรับปรุงการสื่อสารเรื่องน้ำประปา" in page
    assert "1.ท่านผู้บริหารกำชับทุกส่วนราชการ2.ติดตามผลทุกไตรมาส" in page
    # An indicator analysed without texts says so with dashes.
    assert "สถานะ:ได้คะแนนเต็ม/ผ่านแล้วรักษามาตรฐาน" in page
    assert "ข้อบกพร่อง/จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน:–" in page


# --- the measures ----------------------------------------------------------------------------


def test_it_summarises_the_published_measures_and_their_methods_statuses(year):
    done, going, waiting, cancelled = (
        Method.Status.DONE,
        Method.Status.IN_PROGRESS,
        Method.Status.NOT_STARTED,
        Method.Status.CANCELLED,
    )
    add_measure(year, 1, [done, done, going], title="มาตรการเพิ่มประสิทธิภาพการสื่อสาร")
    add_measure(year, 2, [waiting, cancelled, done], title="มาตรการป้องกันผลประโยชน์ทับซ้อน")
    add_measure(year, 3, [], title="มาตรการที่ยังไม่กำหนดวิธีการ")
    add_measure(year, 4, [done] * 5, title="มาตรการฉบับร่าง", is_published=False)

    rendered, text = render(year)

    page = squeeze(text)
    assert "หน่วยงานกำหนดมาตรการ3มาตรการรวม6วิธีการดำเนินการ" in page
    counts = extract_text(rendered.content, layout=True)
    header = next(i for i, line in enumerate(counts.splitlines()) if "ยังไม่เริ่ม" in line)
    assert squeeze(counts.splitlines()[header]) == "ยังไม่เริ่มกำลังดำเนินการดำเนินการแล้วยกเลิกรวม"
    assert squeeze(counts.splitlines()[header + 2]) == "11316"
    first = layout_line(rendered.content, "1มาตรการเพิ่มประสิทธิภาพการสื่อสาร")
    assert first == "1มาตรการเพิ่มประสิทธิภาพการสื่อสาร3กำลังดำเนินการ1"
    assert "ดำเนินการแล้ว2" in page
    assert "มาตรการที่ยังไม่กำหนดวิธีการ0ยังไม่มีวิธีการดำเนินการ" in page
    assert "มาตรการฉบับร่าง" not in page  # a draft is not published


# --- the signature block ---------------------------------------------------------------------


def test_it_ends_with_the_signatures_of_the_officer_and_the_head(year):
    _, text = render(year)

    page = squeeze(text)
    assert re.search(r"\(ลงชื่อ\)\.{20,}ผู้รายงาน\(ลงชื่อ\)\.{20,}ผู้อนุมัติ", page)
    assert squeeze(f"({OFFICER})") in page and squeeze(OFFICER_POSITION) in page
    assert squeeze(f"({HEAD})") in page and squeeze(HEAD_POSITION) in page
    assert page.count("วันที่....../....../......") == 2
    # The block is the end of the report, after the closing line.
    assert page.index("มาเพื่อโปรดทราบและพิจารณา") < page.index("(ลงชื่อ)")


def test_empty_signature_fields_give_dotted_lines_not_none(year):
    Organisation.objects.update(
        officer_name="", officer_position="", head_name="", head_position=""
    )

    _, text = render(year)

    page = squeeze(text)
    assert "None" not in text
    assert len(re.findall(r"\(\.{20,}\)", page)) == 2  # the names
    assert len(re.findall(r"ตำแหน่ง\.{20,}", page)) == 2


def test_without_an_organisation_it_still_renders_with_blank_signatures(year):
    rendered = render_pdf("reports/score.html", score.context(year, None))
    text = extract_text(rendered.content)

    assert rendered.missing_glyphs == []
    assert "None" not in text
    assert len(re.findall(r"\(\.{20,}\)", squeeze(text))) == 2


# --- bad input -------------------------------------------------------------------------------


def test_a_year_with_nothing_yet_is_an_honest_valid_pdf(factory):
    factory.organisation()
    empty = factory.year(2569, status=FiscalYear.Status.OPEN)

    rendered, text = render(empty)

    assert page_count(rendered.content) == rendered.pages >= 1
    page = squeeze(text)
    assert "ยังไม่มีข้อมูลผลการประเมินของปีงบประมาณพ.ศ.2569และปีงบประมาณพ.ศ.2568" in page
    assert "ยังไม่มีข้อมูลการวิเคราะห์ผลการประเมิน" in page
    assert "ยังไม่มีข้อมูลมาตรการที่เผยแพร่" in page
    assert "คะแนนรวมรายปี" not in page
    assert "None" not in text


def words_beyond_the_margin(content: bytes) -> list[str]:
    """Words whose right edge passes the right margin of an A4 portrait page (2 cm)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        html = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    limit = 595.28 - 2 / 2.54 * 72 + 1  # 1 pt of rounding
    words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    return [word for x_max, word in words if float(x_max) > limit]


def test_long_unbroken_urls_and_titles_wrap_inside_the_page(year, last_year):
    url = "https://www.example.go.th/" + "a" * 300
    Programme.objects.create(year=year, analysis_intro=f"รายงานการประชุม {url}")
    Analysis.objects.create(
        year=year, indicator=last_year.indicators.get(number=9), application=f"หลักฐาน {url}"
    )
    add_measure(year, 1, [Method.Status.DONE], title=f"มาตรการ {url}")
    Organisation.objects.update(head_position="ตำแหน่ง" + "ก" * 120)

    rendered, text = render(year)

    assert words_beyond_the_margin(rendered.content) == []
    assert squeeze(text).count(url) == 3  # all of it, wrapped rather than cut


# --- through the URL -------------------------------------------------------------------------


def test_thai_digits_by_default_and_arabic_on_request(client, year, last_year):
    record(year, THIS_YEAR)
    record(last_year, LAST_YEAR)

    thai = squeeze(extract_text(client.get("/ita/2568/score.pdf?digits=thai").content))
    arabic = squeeze(extract_text(client.get("/ita/2568/score.pdf?digits=arabic").content))

    assert "๙๖.๓๐" in thai and "+๖.๓๐" in thai and "ปีงบประมาณพ.ศ.๒๕๖๘" in thai
    assert "หน้า๑/" in thai
    assert "96.30" not in thai and "2568" not in thai
    assert "96.30" in arabic and "+6.30" in arabic and "หน้า1/" in arabic
    assert "๙๖.๓๐" not in arabic and "๒๕๖๘" not in arabic


def test_an_unknown_or_hidden_year_is_a_404(client, factory, year):
    factory.year(2570, status=FiscalYear.Status.PREPARING)

    assert client.get("/ita/2500/score.pdf").status_code == 404
    assert client.get("/ita/2570/score.pdf").status_code == 404


def test_the_public_score_page_links_its_pdf(client, year):
    r = client.get("/ita/2568/score/")

    assert r.status_code == 200
    assert '<a class="button" href="/ita/2568/score.pdf" type="application/pdf">' in r.text
    assert "ดาวน์โหลดรายงาน PDF" in r.text


# --- cost ------------------------------------------------------------------------------------


def build_history(factory, first: int, last: int, measures: int, methods: int) -> FiscalYear:
    """Public years ``first``..``last`` with scores and results, and for the last one the
    analysis of every indicator of the year before and ``measures`` measures."""
    for number in range(first, last + 1):
        fiscal_year = factory.year(number, status=FiscalYear.Status.ARCHIVED)
        record(fiscal_year, THIS_YEAR)
        YearResult.objects.create(year=fiscal_year, official_total=Decimal("96.30"))
    year = FiscalYear.objects.get(year=last)
    if measures > 10:  # with a programme or without: the same queries
        Programme.objects.create(year=year, analysis_intro="การวิเคราะห์")
    for indicator in FiscalYear.objects.get(year=last - 1).indicators.all():
        Analysis.objects.create(year=year, indicator=indicator, application="ดำเนินการต่อเนื่อง")
    for number in range(1, measures + 1):
        add_measure(year, number, [Method.Status.DONE] * methods, is_published=number % 5 != 0)
    return year


@pytest.mark.parametrize(("years", "measures"), [(3, 2), (12, 40)])
def test_the_context_costs_the_same_queries_for_a_small_and_a_large_year(
    factory, organisation, django_assert_num_queries, years, measures
):
    year = build_history(factory, 2569 - years + 1, 2569, measures=measures, methods=4)

    # 1 the years up to this one with their results and programmes, 2 their instruments
    # with official scores, 3 indicators with scores, 4 bands, 5 rating rules, 6 the analysis
    # with last year's scores, 7 the published measures, 8 their methods.
    with django_assert_num_queries(8):
        context = score.context(year, organisation)

    assert len(context["trend"]) == years
    assert len(context["analyses"]) == 10
    assert len(context["measures"].measures) == measures - measures // 5
