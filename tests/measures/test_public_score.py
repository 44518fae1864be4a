"""/ita/<year>/score/: a year's ITA result by instrument and indicator, and the trend."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from disclosures.models import FiscalYear
from measures.models import IndicatorScore, InstrumentScore, YearResult

pytestmark = pytest.mark.django_db

# Indicator 1–10 scores giving IIT 90.00, EIT 85.00, OIT 95.00 and a total of 90.50
# (weights 30/30/40): band A, rating ผ่านดี (a total and every instrument of at least 85).
SCORES = ["90", "90", "90", "90", "90", "85", "85", "85", "95", "95"]


def record(year: FiscalYear, scores: list[str] = SCORES) -> None:
    for indicator in year.indicators.all():
        IndicatorScore.objects.create(
            indicator=indicator, score=Decimal(scores[indicator.number - 1])
        )


def row(html: str, label: str) -> str:
    """The table row whose header starts with `label`."""
    start = html.index(f">{label}")
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2568, status=FiscalYear.Status.ARCHIVED)


def test_it_shows_each_indicator_and_the_computed_instruments_and_total(client, year):
    record(year)
    r = client.get("/ita/2568/score/")

    assert r.status_code == 200
    assert "<h1>ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568</h1>" in r.text
    assert "95.00" in row(r.text, "ตัวชี้วัดที่ 9 ")
    iit = row(r.text, "IIT ")
    assert "90.00" in iit and "(น้ำหนักร้อยละ 30)" in iit
    # No official figures entered: computed ones are shown, and said to be computed.
    assert '<span class="computed-mark">คำนวณ</span>' in iit
    assert "90.50" in r.text
    assert 'class="score-band">A <span class="computed-mark">' in r.text
    assert "ผ่านดี" in r.text  # every instrument ≥ 85 and the total ≥ 85
    assert '<span class="state state-ok">ผ่านเกณฑ์</span>' in r.text
    assert "<dt>เกณฑ์ผ่าน</dt><dd>85.00</dd>" in r.text  # from the year's rules


def test_official_figures_are_shown_unmarked_and_disagreements_stay_in_the_admin(client, year):
    record(year)
    InstrumentScore.objects.create(
        instrument=year.instruments.get(code="OIT"), score=Decimal("96.10")
    )
    YearResult.objects.create(
        year=year,
        official_total=Decimal("91.99"),
        official_band="A",
        official_rating="ผ่านดี",
        announced_on=date(2025, 8, 15),
    )
    r = client.get("/ita/2568/score/")

    oit = row(r.text, "OIT ")
    assert "96.10" in oit and "computed-mark" not in oit
    assert 'class="score-total">91.99</dd>' in r.text
    assert "90.94" not in r.text  # the computed total that disagrees is not published
    assert "ไม่ตรงกับ" not in r.text  # nor the staff warning
    assert '<time datetime="2025-08-15">15 สิงหาคม 2568</time>' in r.text


def test_a_year_without_scores_says_so(client, year):
    r = client.get("/ita/2568/score/")
    assert r.status_code == 200
    assert "ยังไม่มีผลการประเมินของปีนี้" in r.text
    assert "<svg" not in r.text


def test_the_trend_covers_every_public_year_with_a_chart_and_the_same_figures_as_a_table(
    client, factory, year
):
    record(year)
    older = factory.year(2567, status=FiscalYear.Status.ARCHIVED)
    record(older, ["80"] * 10)
    factory.year(2566, status=FiscalYear.Status.ARCHIVED)  # no scores: not in the trend
    hidden = factory.year(2569, status=FiscalYear.Status.PREPARING)
    record(hidden, ["99"] * 10)

    r = client.get("/ita/2568/score/")

    svg = r.text[r.text.index("<svg") : r.text.index("</svg>")]
    assert 'role="img"' in svg
    assert "ปี 2567: คะแนนรวม 80.00" in svg and "ปี 2568: คะแนนรวม 90.50" in svg
    assert "2569" not in svg and "2566" not in svg
    table = r.text[r.text.index('<table class="data-table trend-table">') :]
    table = table[: table.index("</table>")]
    years = re.findall(r'<th scope="row">(?:<a href="[^"]+">)?(\d{4})', table)
    assert years == ["2567", "2568"]
    assert '<a href="/ita/2567/score/">2567</a>' in table
    assert "80.00" in row(table, '<a href="/ita/2567/score/">2567')


def test_the_year_page_links_its_score_and_measures_pages(client, year):
    r = client.get("/ita/2568/")
    assert '<a class="button" href="/ita/2568/score/">ผลการประเมิน ITA</a>' in r.text
    assert 'href="/ita/2568/measures/"' in r.text


def test_it_answers_404_for_an_unknown_year(client, year):
    r = client.get("/ita/2500/score/")
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text


def test_a_year_being_prepared_is_shown_to_staff_only(client, factory, year):
    record(year)
    preparing = factory.year(2569, status=FiscalYear.Status.PREPARING)
    record(preparing, ["97"] * 10)

    assert client.get("/ita/2569/score/").status_code == 404

    client.force_login(factory.staff())
    r = client.get("/ita/2569/score/")
    assert r.status_code == 200
    assert "ปีนี้ยังอยู่ระหว่างจัดเตรียม" in r.text
    assert "ปี 2569: คะแนนรวม 97.00" in r.text  # the preview shows its own year in the trend
    assert "private" in r["Cache-Control"]


def test_it_is_cached_for_visitors(client, year, django_assert_num_queries):
    record(year)
    assert client.get("/ita/2568/score/")["X-Page-Cache"] == "miss"

    # 1: the content version; the page itself comes from the cache
    with django_assert_num_queries(1):
        r = client.get("/ita/2568/score/")
    assert r["X-Page-Cache"] == "hit"
    assert "public" in r["Cache-Control"]


def test_it_answers_in_english_under_en(client, year):
    record(year)
    r = client.get("/en/ita/2568/score/")
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert 'href="/en/ita/2568/measures/"' in r.text
    assert '<a href="/ita/2568/score/" lang="th" hreflang="th">' in r.text


@pytest.mark.parametrize("n_years", [1, 6])
def test_it_runs_the_same_queries_however_many_years_have_scores(
    client, factory, year, n_years, django_assert_num_queries
):
    record(year)
    for n in range(1, n_years):
        record(factory.year(2568 - n, status=FiscalYear.Status.ARCHIVED), ["85"] * 10)
        YearResult.objects.create(year=FiscalYear.objects.get(year=2568 - n))

    # 1: the content version, for the page-cache key
    # 2: the years the visitor may see, with their official results (select_related)
    # 3: their instruments, with official instrument scores
    # 4: their indicators, with their scores
    # 5: their letter bands
    # 6: their rating rules
    # 7: the organisation, for the header and footer
    # 8: the organisation's channels (prefetched with it)
    with django_assert_num_queries(8):
        r = client.get("/ita/2568/score/")

    assert r.text.count('<th scope="row"><a href="/ita/') == n_years - 1
