"""Turning indicator scores into instrument scores, a total, a band and a rating.

The rules are data of each year (seeded from catalogs/scoring.yaml), so every expectation
here is the reference rule of DOMAIN.md: AA from 95, A from 85, ...; ผ่านดีเยี่ยม needs a
total of 95 and every instrument at 95, ผ่านดี 85 and 85, ผ่าน 85, ต้องปรับปรุง 70.
"""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from disclosures.models import FiscalYear
from measures import scoring
from measures.models import IndicatorScore, InstrumentScore, RatingRule, ScoreBand, YearResult

pytestmark = pytest.mark.django_db

BANDS = [("AA", "95.00"), ("A", "85.00"), ("B", "75.00"), ("C", "65.00")]
BANDS += [("D", "55.00"), ("E", "50.00"), ("F", "0.00")]
RATINGS = [
    ("ผ่านดีเยี่ยม", "95.00", "95.00", True),
    ("ผ่านดี", "85.00", "85.00", True),
    ("ผ่าน", "85.00", None, True),
    ("ต้องปรับปรุง", "70.00", None, False),
    ("ต้องปรับปรุงโดยด่วน", "0.00", None, False),
]


def give(year: FiscalYear, **by_instrument: str) -> None:
    """Every indicator of each named instrument gets that score: give(year, IIT="90")."""
    for code, value in by_instrument.items():
        for indicator in year.indicators.filter(instrument__code=code):
            IndicatorScore.objects.update_or_create(
                indicator=indicator, defaults={"score": Decimal(value)}
            )


def give_indicators(year: FiscalYear, **by_number: str) -> None:
    """Scores of single indicators: give_indicators(year, i9="90.01", i10="90")."""
    for key, value in by_number.items():
        indicator = year.indicators.get(number=int(key.removeprefix("i")))
        IndicatorScore.objects.update_or_create(
            indicator=indicator, defaults={"score": Decimal(value)}
        )


def official(year: FiscalYear, **by_instrument: str) -> None:
    for code, value in by_instrument.items():
        InstrumentScore.objects.create(
            instrument=year.instruments.get(code=code), score=Decimal(value)
        )


def announce(year: FiscalYear, total: str | None = None, band: str = "", rating: str = ""):
    return YearResult.objects.create(
        year=year,
        official_total=Decimal(total) if total is not None else None,
        official_band=band,
        official_rating=rating,
    )


@pytest.fixture
def year(factory) -> FiscalYear:
    return factory.year(2568)


# --- the rules every year starts with ------------------------------------------------------


def rules_of(year: FiscalYear) -> tuple[list, list]:
    bands = [(b.letter, str(b.min_score)) for b in year.score_bands.order_by("-min_score")]
    ratings = [
        (
            r.name,
            str(r.min_total),
            str(r.min_each_instrument) if r.min_each_instrument is not None else None,
            r.passes,
        )
        for r in year.rating_rules.all()
    ]
    return bands, ratings


def test_a_new_year_starts_with_the_reference_rules(factory):
    year = factory.year(2570)

    assert rules_of(year) == (BANDS, RATINGS)


def test_the_migration_gives_existing_years_the_rules_and_keeps_edited_ones(factory):
    bare, edited = factory.year(2566), factory.year(2567)
    bare.score_bands.all().delete()
    bare.rating_rules.all().delete()
    edited.score_bands.filter(letter="AA").update(min_score=Decimal("96"))
    migration = importlib.import_module("measures.migrations.0002_seed_scoring_rules")

    migration.seed(apps, schema_editor=None)

    assert rules_of(bare) == (BANDS, RATINGS)
    assert edited.score_bands.get(letter="AA").min_score == Decimal("96.00")
    assert edited.score_bands.count() == len(BANDS)


def test_editing_a_year_does_not_give_it_a_second_set_of_rules(factory):
    year = factory.year(2569)
    year.source_note = "แก้ไข"
    year.save()

    assert year.score_bands.count() == len(BANDS)
    assert year.rating_rules.count() == len(RATINGS)


# --- bands and ratings at their boundaries ------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band", "rating"),
    [
        ("100", "AA", "ผ่านดีเยี่ยม"),
        ("95", "AA", "ผ่านดีเยี่ยม"),
        ("94.99", "A", "ผ่านดี"),
        ("85", "A", "ผ่านดี"),
        ("84.99", "B", "ต้องปรับปรุง"),
        ("75", "B", "ต้องปรับปรุง"),
        ("74.99", "C", "ต้องปรับปรุง"),
        ("70", "C", "ต้องปรับปรุง"),
        ("69.99", "C", "ต้องปรับปรุงโดยด่วน"),
        ("65", "C", "ต้องปรับปรุงโดยด่วน"),
        ("64.99", "D", "ต้องปรับปรุงโดยด่วน"),
        ("55", "D", "ต้องปรับปรุงโดยด่วน"),
        ("54.99", "E", "ต้องปรับปรุงโดยด่วน"),
        ("50", "E", "ต้องปรับปรุงโดยด่วน"),
        ("49.99", "F", "ต้องปรับปรุงโดยด่วน"),
        ("0", "F", "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_band_and_rating_at_each_boundary(year, value, band, rating):
    give(year, IIT=value, EIT=value, OIT=value)

    scores = scoring.year_scores(year)

    assert scores.computed_total == Decimal(value)
    assert (scores.band, scores.rating) == (band, rating)
    assert scores.passes is (rating in ("ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน"))


def test_one_instrument_below_95_keeps_a_96_total_at_pass_good(year):
    # 0.3 × 94.99 + 0.3 × 96 + 0.4 × 96.76 = 96.001
    give(year, IIT="94.99", EIT="96", OIT="96.76")

    scores = scoring.year_scores(year)

    assert scores.computed_total == Decimal("96.00")
    assert scores.band == "AA"
    assert scores.rating == "ผ่านดี"


def test_one_instrument_below_85_makes_a_90_total_a_plain_pass(year):
    # 0.3 × 84 + 0.3 × 93 + 0.4 × 92.25 = 90
    give(year, IIT="84", EIT="93", OIT="92.25")

    scores = scoring.year_scores(year)

    assert scores.computed_total == Decimal("90.00")
    assert (scores.band, scores.rating, scores.passes) == ("A", "ผ่าน", True)


def test_an_official_instrument_figure_counts_in_the_per_instrument_condition(year):
    give(year, IIT="96", EIT="96", OIT="96")
    official(year, EIT="94.99")

    assert scoring.year_scores(year).rating == "ผ่านดี"


def test_a_rating_that_needs_unknown_instruments_is_not_guessed(year):
    """An announced total alone cannot tell ผ่านดีเยี่ยม from ผ่าน: no rating is made up."""
    announce(year, total="96.50")

    scores = scoring.year_scores(year)

    assert scores.band == "AA"
    assert scores.rating == ""
    assert scores.passes is None


def test_a_known_instrument_below_the_bar_decides_even_if_others_are_unknown(year):
    announce(year, total="90")
    official(year, IIT="84")

    assert scoring.year_scores(year).rating == "ผ่าน"


def test_a_total_below_every_instrument_condition_needs_no_instrument(year):
    announce(year, total="72.40")

    scores = scoring.year_scores(year)

    assert (scores.band, scores.rating, scores.passes) == ("C", "ต้องปรับปรุง", False)


# --- instruments and the total ------------------------------------------------------------


def test_an_instrument_is_the_mean_of_its_indicators(year):
    give_indicators(year, i1="90", i2="91", i3="92", i4="93", i5="94.5")

    iit = scoring.year_scores(year).instruments[0]

    assert iit.instrument.code == "IIT"
    assert [line.score for line in iit.indicators] == [
        Decimal("90.00"),
        Decimal("91.00"),
        Decimal("92.00"),
        Decimal("93.00"),
        Decimal("94.50"),
    ]
    assert iit.computed == Decimal("92.10")
    assert iit.official is None and iit.shown == Decimal("92.10")


def test_a_mean_ending_in_five_rounds_half_up(year):
    give_indicators(year, i9="90.01", i10="90")  # 90.005: half-even would give 90.00

    oit = scoring.year_scores(year).instruments[2]

    assert oit.computed == Decimal("90.01")


def test_the_total_is_the_mean_weighted_30_30_40(year):
    give(year, IIT="100", EIT="50", OIT="0")

    assert scoring.year_scores(year).computed_total == Decimal("45.00")


def test_a_total_ending_in_five_rounds_half_up(year):
    # 0.3 × 90.03 + 0.3 × 90 + 0.4 × 90.04 = 90.025
    give(year, IIT="90.03", EIT="90", OIT="90.04")

    assert scoring.year_scores(year).computed_total == Decimal("90.03")


def test_weights_are_the_years_own(year):
    year.instruments.filter(code="OIT").update(weight=Decimal("0"))
    give(year, IIT="90", EIT="80", OIT="10")

    assert scoring.year_scores(year).computed_total == Decimal("85.00")


def test_a_missing_indicator_leaves_no_computed_total(year):
    give(year, IIT="95", EIT="95", OIT="95")
    IndicatorScore.objects.filter(indicator__number=7).delete()

    scores = scoring.year_scores(year)

    assert scores.instruments[1].computed is None
    assert scores.computed_total is None
    assert scores.total is None
    assert (scores.band, scores.rating, scores.passes) == ("", "", None)
    assert scores.has_scores


def test_a_year_without_scores_has_nothing_to_show(year):
    scores = scoring.year_scores(year)

    assert not scores.has_scores
    assert scores.total is None and scores.warnings == []


# --- official figures ---------------------------------------------------------------------


def test_official_figures_are_shown_when_entered(year):
    give(year, IIT="90", EIT="90", OIT="90")
    official(year, OIT="92.50")
    result = announce(year, total="91.00", band="A", rating="ผ่านดี")

    scores = scoring.year_scores(year)

    oit = scores.instruments[2]
    assert (oit.computed, oit.official, oit.shown) == (
        Decimal("90.00"),
        Decimal("92.50"),
        Decimal("92.50"),
    )
    assert scores.computed_total == Decimal("91.00")  # from the official OIT figure
    assert scores.official_total == scores.total == Decimal("91.00")
    assert scores.result == result
    assert (scores.band, scores.rating) == ("A", "ผ่านดี")


def test_an_official_instrument_stands_in_for_its_missing_indicators(year):
    give(year, IIT="90", EIT="90")
    official(year, OIT="90")

    scores = scoring.year_scores(year)

    assert scores.instruments[2].computed is None
    assert scores.computed_total == Decimal("90.00")


def test_the_band_comes_from_the_official_total_when_there_is_one(year):
    give(year, IIT="94", EIT="94", OIT="94")
    announce(year, total="95.20")

    scores = scoring.year_scores(year)

    assert scores.computed_total == Decimal("94.00")
    assert scores.band == "AA"


# --- disagreements ------------------------------------------------------------------------


def test_an_official_total_unlike_the_computed_one_is_flagged(year):
    give(year, IIT="90", EIT="90", OIT="90")
    announce(year, total="91.50")

    warnings = scoring.year_scores(year).warnings

    assert warnings == ["คะแนนรวมตามประกาศ (91.50) ไม่ตรงกับที่คำนวณจากคะแนนรายเครื่องมือและน้ำหนัก (90.00)"]


def test_an_official_instrument_unlike_its_indicators_is_flagged(year):
    give(year, IIT="90", EIT="90", OIT="90")
    official(year, EIT="88")

    warnings = scoring.year_scores(year).warnings

    assert warnings == ["คะแนน EIT ตามประกาศ (88.00) ไม่ตรงกับค่าเฉลี่ยของตัวชี้วัด (90.00)"]


def test_a_band_and_a_rating_unlike_the_years_rules_are_flagged(year):
    give(year, IIT="90", EIT="90", OIT="90")
    announce(year, total="90", band="AA", rating="ผ่านดีเยี่ยม")

    warnings = scoring.year_scores(year).warnings

    assert warnings == [
        "ระดับตามประกาศ (AA) ไม่ตรงกับระดับตามเกณฑ์ของปี (A)",
        "ผลการประเมินตามประกาศ (ผ่านดีเยี่ยม) ไม่ตรงกับเกณฑ์ของปี (ผ่านดี)",
    ]


def test_figures_that_agree_within_a_hundredth_raise_no_warning(year):
    give(year, IIT="90", EIT="90", OIT="90")
    official(year, IIT="90.01", EIT="89.99")
    # computed total: 0.3 × 90.01 + 0.3 × 89.99 + 0.4 × 90 = 90.00
    announce(year, total="90.01", band=" a ", rating="ผ่านดี ")

    assert scoring.year_scores(year).warnings == []


def test_a_difference_just_over_a_hundredth_is_flagged(year):
    give(year, IIT="90", EIT="90", OIT="90")
    announce(year, total="90.02")

    assert len(scoring.year_scores(year).warnings) == 1


# --- rules per year -----------------------------------------------------------------------


def test_rules_edited_for_one_year_change_that_year_only(factory):
    edited, other = factory.year(2569), factory.year(2568)
    for year in (edited, other):
        give(year, IIT="95.50", EIT="95.50", OIT="95.50")
    ScoreBand.objects.filter(year=edited, letter="AA").update(min_score=Decimal("96"))
    RatingRule.objects.filter(year=edited, name="ผ่านดีเยี่ยม").update(min_total=Decimal("96"))

    assert (scoring.year_scores(edited).band, scoring.year_scores(edited).rating) == (
        "A",
        "ผ่านดี",
    )
    assert (scoring.year_scores(other).band, scoring.year_scores(other).rating) == (
        "AA",
        "ผ่านดีเยี่ยม",
    )


def test_a_rule_added_to_a_year_is_used(year):
    RatingRule.objects.create(
        year=year, name="ผ่านดีมาก", min_total=Decimal("90"), min_each_instrument=Decimal("90")
    )
    give(year, IIT="92", EIT="92", OIT="92")

    assert scoring.year_scores(year).rating == "ผ่านดีมาก"


# --- several years at once ----------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 5])
def test_years_with_scores_runs_a_fixed_number_of_queries(
    factory, django_assert_num_queries, count
):
    for be in range(2564, 2564 + count):
        year = factory.year(be)
        give(year, IIT="90", EIT="91", OIT="92")
        official(year, OIT="92")
        announce(year, total="91.10", band="A", rating="ผ่านดี")

    # 1. the years, each with its result (select_related)
    # 2. their instruments, each with its official score (select_related)
    # 3. the instruments' indicators, each with its score (select_related)
    # 4. the years' bands
    # 5. the years' rating rules
    with django_assert_num_queries(5):
        all_scores = scoring.years_with_scores(FiscalYear.objects.order_by("year"))

    assert [s.year.year for s in all_scores] == list(range(2564, 2564 + count))
    assert all(s.computed_total == Decimal("91.10") and s.warnings == [] for s in all_scores)
