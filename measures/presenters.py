"""Shapes the public score and measures pages need, built from scoring.py and the QuerySets.

The measures are entered once, in the back office; the year's measures page, each measure's
page and the OIT items that carry them (Programme.measures_item and report_item) all render
from here, so there is one source of truth and nothing to copy between pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from disclosures.models import FiscalYear, Indicator, Item

from . import scoring
from .chart import TrendPoint, trend_svg
from .models import Analysis, Measure, Programme, YearResult

# --- scores --------------------------------------------------------------------------------


@dataclass
class Headline:
    """What the public reads first: the official figures where entered, else the computed
    ones (marked as such). Disagreements between the two are for staff, in the admin."""

    total: Decimal | None
    total_is_official: bool
    band: str
    band_is_official: bool
    rating: str
    rating_is_official: bool
    passes: bool | None
    announced_on: date | None


@dataclass
class TrendRow:
    year: int
    total: Decimal
    iit: Decimal | None
    eit: Decimal | None
    oit: Decimal | None
    band: str
    rating: str

    @property
    def point(self) -> TrendPoint:
        return TrendPoint(self.year, self.total, self.iit, self.eit, self.oit)


def pass_mark(year: FiscalYear) -> Decimal | None:
    """The lowest total a passing rating of the year asks for (85 under the reference rules).

    Needs the year's rating rules prefetched (scoring.years_with_scores does)."""
    return min((rule.min_total for rule in year.rating_rules.all() if rule.passes), default=None)


def headline(scores: scoring.YearScores) -> Headline:
    result: YearResult | None = scores.result
    official_band = result.official_band.strip() if result else ""
    official_rating = result.official_rating.strip() if result else ""
    passes = scores.passes
    if official_rating:
        # Whether the announced rating passes is the year's rule of that name, if any.
        rule = next((r for r in scores.year.rating_rules.all() if r.name == official_rating), None)
        passes = rule.passes if rule is not None else None
    return Headline(
        total=scores.total,
        total_is_official=scores.official_total is not None,
        band=official_band or scores.band,
        band_is_official=bool(official_band),
        rating=official_rating or scores.rating,
        rating_is_official=bool(official_rating),
        passes=passes,
        announced_on=result.announced_on if result else None,
    )


def trend_rows(all_scores: list[scoring.YearScores]) -> list[TrendRow]:
    """One row per year that has a total, oldest first: the chart's figures and its table's."""
    rows = []
    for scores in sorted(all_scores, key=lambda s: s.year.year):
        if scores.total is None:
            continue
        shown = {line.instrument.code.upper(): line.shown for line in scores.instruments}
        top = headline(scores)
        rows.append(
            TrendRow(
                year=scores.year.year,
                total=scores.total,
                iit=shown.get("IIT"),
                eit=shown.get("EIT"),
                oit=shown.get("OIT"),
                band=top.band,
                rating=top.rating,
            )
        )
    return rows


def score_context(user, year: int) -> dict:
    """The score page of a year the user may see: its scores and the trend of all years.

    One pass of scoring.years_with_scores (a fixed number of queries) gives both; the trend
    holds public years only, plus the page's own year when staff preview a year in
    preparation.
    """
    visible = scoring.years_with_scores(FiscalYear.objects.visible_to(user).order_by("year"))
    page = next((scores for scores in visible if scores.year.year == year), None)
    if page is None:
        raise Http404("ไม่พบปีงบประมาณนี้")
    trend = trend_rows([s for s in visible if s.year.is_public or s is page])
    mark = pass_mark(page.year)
    return {
        "year": page.year,
        "scores": page,
        "headline": headline(page),
        "pass_mark": mark,
        "trend": trend,
        "chart": trend_svg([row.point for row in trend], pass_mark=mark) if trend else "",
    }


# --- the analysis and the measures ---------------------------------------------------------


@dataclass
class AnalysisRow:
    """The analysis of one indicator of the previous year, with that year's score."""

    analysis: Analysis
    indicator: Indicator
    score: Decimal | None


def year_for_request(user, year: int) -> FiscalYear:
    """The year, with its programme, if this user may see it (staff see years in preparation)."""
    queryset = FiscalYear.objects.visible_to(user).select_related("programme")
    try:
        return queryset.get(year=year)
    except FiscalYear.DoesNotExist as exc:
        raise Http404("ไม่พบปีงบประมาณนี้") from exc


def programme_of(year: FiscalYear) -> Programme | None:
    try:
        return year.programme
    except Programme.DoesNotExist:
        return None


def analysis_rows(year_id: int) -> list[AnalysisRow]:
    """The year's analysis, indicator by indicator, in one query."""
    analyses = (
        Analysis.objects.filter(year_id=year_id)
        .select_related("indicator__instrument", "indicator__score")
        .order_by("indicator__number")
    )
    return [AnalysisRow(a, a.indicator, _indicator_score(a.indicator)) for a in analyses]


def _indicator_score(indicator: Indicator) -> Decimal | None:
    try:
        return indicator.score.score
    except Indicator.score.RelatedObjectDoesNotExist:
        return None


def year_measures(year_id: int, preview: bool) -> list[Measure]:
    """The year's measures with methods, owners, attachments, updates and targets.

    Draft measures and private progress updates are fetched only for staff previews."""
    measures = Measure.objects.filter(year_id=year_id)
    if not preview:
        measures = measures.published()
    return list(measures.for_public_pages(include_private=preview))


def last_change(measures: list[Measure]) -> datetime | None:
    """When the measures, their methods or their public timelines last changed."""
    moments = [m.updated_at for m in measures]
    for measure in measures:
        for method in measure.methods.all():
            moments.append(method.updated_at)
            moments += [u.created_at for u in method.shown_updates if u.is_public]
    return max(moments, default=None)


def measures_context(year: FiscalYear, preview: bool) -> dict:
    measures = year_measures(year.pk, preview)
    return {
        "year": year,
        "programme": programme_of(year),
        "analysed_year": year.year - 1,
        "analyses": analysis_rows(year.pk),
        "measures": measures,
        "last_updated": last_change(measures),
        "preview": preview,
    }


def measure_for_request(user, year: int, number: int, preview: bool) -> Measure:
    """One measure of a year the user may see, with everything its page shows."""
    measures = Measure.objects.all() if preview else Measure.objects.published()
    measure = (
        measures.for_public_pages(include_private=preview)
        .select_related("year")
        .filter(year__in=FiscalYear.objects.visible_to(user), year__year=year, number=number)
        .first()
    )
    if measure is None:
        raise Http404("ไม่พบมาตรการนี้")
    return measure


def measure_neighbours(measure: Measure, preview: bool = False) -> dict:
    """The previous and next measures of the same year (published ones, unless previewing)."""
    measures = Measure.objects.all() if preview else Measure.objects.published()
    siblings = list(
        measures.filter(year_id=measure.year_id).order_by("number").only("number", "title")
    )
    position = next(i for i, sibling in enumerate(siblings) if sibling.pk == measure.pk)
    return {
        "previous_measure": siblings[position - 1] if position > 0 else None,
        "next_measure": siblings[position + 1] if position + 1 < len(siblings) else None,
    }


# --- the OIT items that carry the measures ---------------------------------------------------


def with_measures_roles(items: QuerySet[Item]) -> QuerySet[Item]:
    """Annotate whether each item carries its year's analysis and measures
    (`carries_measures`) or the report on carrying them out (`carries_report`).

    Subqueries in the item's own query: other item pages pay no extra query."""
    return items.annotate(
        carries_measures=Exists(Programme.objects.filter(measures_item=OuterRef("pk"))),
        carries_report=Exists(Programme.objects.filter(report_item=OuterRef("pk"))),
    )


def item_measures(item: Item, preview: bool) -> dict | None:
    """What an item carrying the measures shows (needs `with_measures_roles()`), or None.

    The measures item shows the analysis and the measures (the plan); the report item shows
    the measures with their status, results and timeline. One item may carry both.
    """
    if not (item.carries_measures or item.carries_report):
        return None
    programme = (
        Programme.objects.filter(Q(measures_item=item) | Q(report_item=item)).order_by("pk").first()
    )
    analyses = analysis_rows(item.year_id) if item.carries_measures else []
    measures = year_measures(item.year_id, preview)
    return {
        "programme": programme,
        "show_analysis": item.carries_measures,
        "show_report": item.carries_report,
        "analysed_year": item.year.year - 1,
        "analyses": analyses,
        "measures": measures,
        "has_updates": any(
            method.shown_updates for measure in measures for method in measure.methods.all()
        ),
        "last_change": last_change(measures),
    }


def latest(*moments: datetime | None) -> datetime | None:
    return max((m for m in moments if m is not None), default=None)
