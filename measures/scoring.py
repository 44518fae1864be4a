"""Turning a year's indicator scores into instrument scores, a total, a band and a rating.

The rules are data of the year (ScoreBand, RatingRule, Instrument.weight), seeded from
catalogs/scoring.yaml. An instrument's score is the mean of its indicators; the total is the
weighted mean of the instruments. Official figures, when entered, are shown and compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db.models import Prefetch

from disclosures.models import FiscalYear, Indicator, Instrument

from .models import RatingRule, ScoreBand, YearResult

RULES_FILE = Path(settings.BASE_DIR) / "catalogs" / "scoring.yaml"
TOLERANCE = Decimal("0.01")  # published figures are rounded to two decimals


def round2(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ensure_rules(year: FiscalYear) -> None:
    """Give a year the reference bands and ratings when it has none yet."""
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    if not year.score_bands.exists():
        ScoreBand.objects.bulk_create(
            ScoreBand(year=year, letter=band["letter"], min_score=Decimal(str(band["min"])))
            for band in data["bands"]
        )
    if not year.rating_rules.exists():
        RatingRule.objects.bulk_create(
            RatingRule(
                year=year,
                name=rule["name"],
                min_total=Decimal(str(rule["min_total"])),
                min_each_instrument=(
                    Decimal(str(rule["min_each_instrument"]))
                    if rule.get("min_each_instrument") is not None
                    else None
                ),
                passes=rule.get("passes", True),
            )
            for rule in data["ratings"]
        )


def band_for(total: Decimal, bands: list[ScoreBand]) -> str:
    """The letter of the highest band whose minimum the total reaches."""
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total >= band.min_score:
            return band.letter
    return ""


def rating_for(
    total: Decimal, instrument_scores: list[Decimal | None], rules: list[RatingRule]
) -> RatingRule | None:
    """The first rule, from the most demanding, that the total and every instrument meet.

    An instrument without a score (None) cannot be checked: when the first rule the total
    reaches asks for every instrument and none of the known scores falls short of it, the
    rating cannot be told, and the answer is None rather than a lower rating.
    """
    ordered = sorted(
        rules,
        key=lambda r: (r.min_total, r.min_each_instrument or Decimal("-1")),
        reverse=True,
    )
    known = [score for score in instrument_scores if score is not None]
    unknown = len(known) < len(instrument_scores)
    for rule in ordered:
        if total < rule.min_total:
            continue
        if rule.min_each_instrument is None:
            return rule
        if any(score < rule.min_each_instrument for score in known):
            continue
        if unknown or not known:
            return None
        return rule
    return None


@dataclass
class IndicatorLine:
    indicator: Indicator
    score: Decimal | None


@dataclass
class InstrumentLine:
    instrument: Instrument
    indicators: list[IndicatorLine]
    computed: Decimal | None
    official: Decimal | None

    @property
    def shown(self) -> Decimal | None:
        return self.official if self.official is not None else self.computed


@dataclass
class YearScores:
    year: FiscalYear
    instruments: list[InstrumentLine]
    computed_total: Decimal | None
    official_total: Decimal | None
    band: str
    rating: str
    passes: bool | None
    result: YearResult | None
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return self.official_total if self.official_total is not None else self.computed_total

    @property
    def has_scores(self) -> bool:
        return self.total is not None or any(
            line.score is not None for i in self.instruments for line in i.indicators
        )


def years_with_scores(years) -> list[YearScores]:
    """Scores of several years in a fixed number of queries (for the trend)."""
    years = list(
        years.prefetch_related(
            Prefetch(
                "instruments",
                queryset=Instrument.objects.select_related("score").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.select_related("score").order_by("number"),
                    )
                ),
            ),
            "score_bands",
            "rating_rules",
        ).select_related("result")
    )
    return [compute(year) for year in years]


def year_scores(year: FiscalYear) -> YearScores:
    return years_with_scores(FiscalYear.objects.filter(pk=year.pk))[0]


def compute(year: FiscalYear) -> YearScores:
    """A year's scores from prefetched instruments, indicators, rules and result."""
    lines = []
    for instrument in year.instruments.all():
        indicator_lines = [
            IndicatorLine(ind, _score_of(ind)) for ind in instrument.indicators.all()
        ]
        scores = [line.score for line in indicator_lines]
        computed = round2(sum(scores) / len(scores)) if scores and None not in scores else None
        official = _score_of(instrument)
        lines.append(InstrumentLine(instrument, indicator_lines, computed, official))

    computed_total = weighted_total(lines)

    result = getattr(year, "result", None) if _has_result(year) else None
    official_total = result.official_total if result else None
    total = official_total if official_total is not None else computed_total
    band = rating = ""
    passes = None
    if total is not None:
        band = band_for(total, list(year.score_bands.all()))
        rule = rating_for(total, [line.shown for line in lines], list(year.rating_rules.all()))
        if rule is not None:
            rating, passes = rule.name, rule.passes
    scores = YearScores(year, lines, computed_total, official_total, band, rating, passes, result)
    scores.warnings = _disagreements(scores)
    return scores


def _score_of(obj) -> Decimal | None:
    try:
        return obj.score.score
    except obj.__class__.score.RelatedObjectDoesNotExist:
        return None


def _has_result(year: FiscalYear) -> bool:
    try:
        year.result  # noqa: B018 - the prefetched one-to-one, or DoesNotExist
    except YearResult.DoesNotExist:
        return False
    return True


def _disagreements(scores: YearScores) -> list[str]:
    """Where the official figures differ from what the indicator scores give."""
    warnings = []
    for line in scores.instruments:
        if (
            line.official is not None
            and line.computed is not None
            and abs(line.official - line.computed) > TOLERANCE
        ):
            warnings.append(
                f"คะแนน {line.instrument.code} ตามประกาศ ({line.official}) ไม่ตรงกับค่าเฉลี่ยของ"
                f"ตัวชี้วัด ({line.computed})"
            )
    if (
        scores.official_total is not None
        and scores.computed_total is not None
        and abs(scores.official_total - scores.computed_total) > TOLERANCE
    ):
        warnings.append(
            f"คะแนนรวมตามประกาศ ({scores.official_total}) ไม่ตรงกับที่คำนวณจากคะแนนราย"
            f"เครื่องมือและน้ำหนัก ({scores.computed_total})"
        )
    result = scores.result
    official_band = result.official_band.strip() if result else ""
    if official_band and scores.band and official_band.upper() != scores.band.upper():
        warnings.append(f"ระดับตามประกาศ ({official_band}) ไม่ตรงกับระดับตามเกณฑ์ของปี ({scores.band})")
    if (
        result
        and result.official_rating
        and scores.rating
        and result.official_rating.strip() != scores.rating
    ):
        warnings.append(
            f"ผลการประเมินตามประกาศ ({result.official_rating}) ไม่ตรงกับเกณฑ์ของปี ({scores.rating})"
        )
    return warnings


def weighted_total(lines: list[InstrumentLine]) -> Decimal | None:
    """The weighted mean of the instruments' scores (official ones where entered)."""
    weighted = [(line.shown, line.instrument.weight) for line in lines if line.instrument.weight]
    if not weighted or any(score is None for score, _ in weighted):
        return None
    total_weight = sum(weight for _, weight in weighted)
    return round2(sum(score * weight for score, weight in weighted) / total_weight)
