"""The demo's ITA results and integrity measures (`measures.demo`, run by demo_data)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from disclosures.catalog import load_catalog_file
from disclosures.demo import WEBSITE
from disclosures.models import FiscalYear, Item
from ita_portal.thai import fiscal_year_range
from measures import demo, scoring
from measures.models import (
    Analysis,
    Division,
    IndicatorScore,
    InstrumentScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
    YearResult,
)

TIMESTAMPS = ("created_at", "updated_at", "published_at")  # differ between two runs

pytestmark = pytest.mark.django_db

CATALOGS = Path(settings.BASE_DIR) / "catalogs"
MODELS = (
    Division,
    YearResult,
    IndicatorScore,
    InstrumentScore,
    Analysis,
    Programme,
    Measure,
    Method,
    MethodAttachment,
    ProgressUpdate,
)


@pytest.fixture
def catalogues() -> None:
    """What demo_data has done when it calls measures.demo: 2568 and 2569 loaded."""
    for be in (2568, 2569):
        load_catalog_file(CATALOGS / f"catalog-{be}.yaml", be)


@pytest.fixture
def lines(catalogues) -> list[str]:
    return demo.fill()


def measures_of(be: int) -> list[Measure]:
    return list(
        Measure.objects.filter(year__year=be)
        .order_by("number")
        .prefetch_related("methods__units", "methods__updates", "methods__attachments")
    )


def content() -> list[tuple]:
    """Every demo row as plain values: no keys, no timestamps."""
    rows = []
    for model in MODELS:
        names = [
            f.name
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not f.name.endswith(("created_at", "updated_at", "published_at"))
        ]
        for obj in model.objects.order_by("pk"):
            rows.append((model.__name__, *(str(getattr(obj, name)) for name in names)))
    return rows


# --- results --------------------------------------------------------------------------------


def test_three_years_of_results_that_agree_with_their_indicators(lines):
    all_scores = scoring.years_with_scores(
        FiscalYear.objects.filter(year__in=(2566, 2567, 2568)).order_by("year")
    )

    trend = [(s.year.year, s.total, s.band, s.rating) for s in all_scores]
    assert trend == [
        (2566, Decimal("82.40"), "B", "ต้องปรับปรุง"),
        (2567, Decimal("91.38"), "A", "ผ่านดี"),
        (2568, Decimal("96.30"), "AA", "ผ่านดี"),
    ]
    for scores in all_scores:
        assert scores.computed_total == scores.official_total
        assert scores.warnings == [], scores.year
        assert all(line.score is not None for i in scores.instruments for line in i.indicators)
    assert "ผลการประเมิน ITA: 2566 82.40 (B) → 2567 91.38 (A) → 2568 96.30 (AA)" in lines


def test_2568_is_as_announced_on_15_august_2568(lines):
    result = YearResult.objects.get(year__year=2568)

    assert result.announced_on == date(2025, 8, 15)
    assert (result.official_total, result.official_band, result.official_rating) == (
        Decimal("96.30"),
        "AA",
        "ผ่านดี",
    )
    eit = scoring.year_scores(result.year).instruments[1]
    assert eit.shown < 95  # why AA is "ผ่านดี" and not "ผ่านดีเยี่ยม"


def test_older_years_are_archived_with_the_standard_indicators(lines):
    for be in (2566, 2567):
        year = FiscalYear.objects.get(year=be)
        assert year.status == FiscalYear.Status.ARCHIVED and not year.is_current
        assert year.indicators.count() == 10
        assert not year.items.exists()


# --- the analysis and the programme ---------------------------------------------------------


def test_2569_analyses_each_indicator_of_2568(lines):
    analyses = list(Analysis.objects.filter(year__year=2569).select_related("indicator__year"))

    assert [(a.indicator.year.year, a.indicator.number) for a in analyses] == [
        (2568, n) for n in range(1, 11)
    ]
    statuses = {a.indicator.number: a.status for a in analyses}
    assert {n for n, s in statuses.items() if s == Analysis.Status.IMPROVE} == {7}
    scores = dict(
        IndicatorScore.objects.filter(indicator__year__year=2568).values_list(
            "indicator__number", "score"
        )
    )
    assert all(scores[n] == 100 for n in range(1, 6))  # IIT full: maintained
    seven = next(a for a in analyses if a.indicator.number == 7)
    assert seven.indicator.name_th == "ประสิทธิภาพการสื่อสาร"
    assert seven.weaknesses and seven.improvements
    assert re.findall(r"^(\d)\. ", seven.application, flags=re.MULTILINE) == list("12345")
    for analysis in analyses:
        analysis.full_clean()
        assert analysis.application


def test_the_2569_programme_points_at_its_items_by_title(lines):
    programme = Programme.objects.select_related("measures_item", "report_item").get(
        year__year=2569
    )

    assert programme.foreword.startswith("อบต.หนองบัวงาม")
    assert "96.30" in programme.analysis_intro and "15 สิงหาคม 2568" in programme.analysis_intro
    assert "การนำผลการประเมิน ITA" in programme.measures_item.title_th
    assert "ส่งเสริมคุณธรรมและความโปร่งใส" in programme.report_item.title_th
    programme.full_clean()


def test_items_are_found_by_title_whatever_their_codes(catalogues):
    Item.objects.filter(year__year=2569, code="O25").update(code="O41")
    Item.objects.filter(year__year=2569, code="O26").update(code="O42")

    demo.fill()

    programme = Programme.objects.get(year__year=2569)
    assert (programme.measures_item.code, programme.report_item.code) == ("O41", "O42")


def test_divisions_include_everyone(lines):
    divisions = list(Division.objects.values_list("name", "is_everyone"))

    assert divisions == [
        ("สำนักปลัด", False),
        ("กองคลัง", False),
        ("กองช่าง", False),
        ("กองการศึกษา ศาสนาและวัฒนธรรม", False),
        ("งานแผนงานและนโยบาย", False),
        ("ทุกส่วนราชการ", True),
    ]


# --- measures ---------------------------------------------------------------------------------


def test_2569_has_five_or_six_measures_of_two_to_four_methods(lines):
    measures = measures_of(2569)

    assert 5 <= len(measures) <= 6
    assert [m.number for m in measures] == list(range(1, len(measures) + 1))
    for measure in measures:
        assert 2 <= len(measure.methods.all()) <= 4, measure
        assert measure.indicators.exists(), measure
        for method in measure.methods.all():
            assert method.units.exists() and method.text, method


def test_2569_is_told_as_a_finished_year(lines):
    methods = [m for measure in measures_of(2569) for m in measure.methods.all()]
    statuses = [m.status for m in methods]

    assert statuses.count(Method.Status.CANCELLED) == 1
    assert statuses.count(Method.Status.DONE) > len(methods) / 2
    assert Method.Status.NOT_STARTED not in statuses
    assert all(m.result for m in methods)
    assert sum(m.recommendation != "" for m in methods) >= 3
    assert any(WEBSITE in m.result for m in methods)
    assert any(re.match(r"^1\. .*\n2\. ", m.text, flags=re.DOTALL) for m in methods)
    assert "6 มาตรการ 17 วิธีการ" in lines[-1]


def test_periods_and_updates_fall_in_the_fiscal_year(lines):
    start, end = fiscal_year_range(2569)
    methods = [m for measure in measures_of(2569) for m in measure.methods.all()]

    windows = set()
    for method in methods:
        if method.start_year is None:
            assert method.period_text  # said in words only ("ทุกไตรมาส")
            continue
        first = (method.start_year, method.start_month)
        last = (method.end_year, method.end_month)
        assert (2568, 10) <= first <= last <= (2569, 9), method
        windows.add((first, last))
        for update in method.updates.all():
            assert start <= update.date <= end, update
    assert ((2568, 10), (2569, 9)) in windows and len(windows) > 3
    updates = ProgressUpdate.objects.filter(method__measure__year__year=2569)
    assert updates.filter(is_public=True).count() >= 10
    assert updates.filter(is_public=False).exists()
    urls = MethodAttachment.objects.values_list("url", flat=True)
    assert urls and all(url.startswith(WEBSITE) for url in urls)


def test_2568_has_measures_carried_out(lines):
    measures = measures_of(2568)

    assert 3 <= len(measures) <= 4
    for measure in measures:
        for method in measure.methods.all():
            assert method.status == Method.Status.DONE and method.result
            assert (method.start_year, method.start_month) >= (2567, 10)
            assert (method.end_year, method.end_month) <= (2568, 9)


def test_every_row_passes_the_admins_validation(lines):
    for model in MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_targets_are_items_of_the_measures_own_year(lines):
    for measure in Measure.objects.prefetch_related("items", "indicators"):
        assert {i.year_id for i in measure.items.all()} <= {measure.year_id}
        assert {i.year_id for i in measure.indicators.all()} == {measure.year_id}
    procurement = Measure.objects.get(year__year=2569, title__contains="จัดซื้อจัดจ้าง")
    assert procurement.items.count() >= 2


# --- runs -------------------------------------------------------------------------------------


def test_the_same_rows_every_time(lines):
    first = content()
    for model in reversed(MODELS):
        model.objects.all().delete()
    FiscalYear.objects.filter(year__in=(2566, 2567)).delete()

    demo.fill()

    assert content() == first


def test_a_second_run_changes_nothing_and_says_so(lines):
    before = content()

    again = demo.fill()

    assert again == ["มีข้อมูลผลการประเมินหรือมาตรการอยู่แล้ว จึงไม่ได้ใส่ผลการประเมินและมาตรการตัวอย่าง"]
    assert content() == before


def test_divisions_already_entered_are_used(catalogues):
    Division.objects.create(name="กองคลัง", order=7)

    demo.fill()

    assert Division.objects.filter(name="กองคลัง").count() == 1
    assert Method.objects.filter(units__name="กองคลัง").exists()
