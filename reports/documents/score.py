"""Context of templates/reports/score.html: a year's ITA result and its analysis.

The report shows, for fiscal year N: the scores by instrument and indicator beside those of
N-1 with the change, the total, band and rating with the pass mark, the totals of every
recorded year up to N, the analysis made in N of the result of N-1, a summary of the
published measures of N and their methods' statuses, and the signature block.

The figures come from measures/scoring.py and measures/presenters.py (official figures where
entered, computed ones marked as such), never re-derived here. Everything is read in a fixed
number of queries (see ``context``), whatever the number of years, measures or methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q

from disclosures.models import FiscalYear, Organisation
from measures import presenters, scoring
from measures.models import Measure, Method

# --- scores against the previous year ----------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A score as the report prints it: the value and whether it was computed by the portal
    rather than entered from the NACC's announcement."""

    value: Decimal | None
    computed: bool = False


NO_FIGURE = Figure(None)


@dataclass
class ScoreRow:
    """One line of the score table: an instrument, one of its indicators, or the total."""

    kind: str  # "instrument", "indicator" or "total"
    code: str  # "IIT" on an instrument's line
    number: int | None  # the indicator's number
    name: str
    weight: Decimal | None
    current: Figure
    previous: Figure

    @property
    def change(self) -> Decimal | None:
        """This year's figure minus the previous year's; None when either is missing."""
        if self.current.value is None or self.previous.value is None:
            return None
        return self.current.value - self.previous.value

    @property
    def change_sign(self) -> str:
        change = self.change
        if not change:
            return ""
        return "+" if change > 0 else "\N{MINUS SIGN}"

    @property
    def change_size(self) -> Decimal | None:
        change = self.change
        return None if change is None else abs(change)


@dataclass
class Summary:
    """A year's headline: total, band and rating, each marked when computed."""

    total: Figure
    band: str
    band_computed: bool
    rating: str
    rating_computed: bool
    passes: bool | None
    announced_on: date | None = None


def _summary(scores: scoring.YearScores | None) -> Summary:
    if scores is None:
        return Summary(NO_FIGURE, "", False, "", False, None)
    top = presenters.headline(scores)
    return Summary(
        total=Figure(top.total, top.total is not None and not top.total_is_official),
        band=top.band,
        band_computed=bool(top.band) and not top.band_is_official,
        rating=top.rating,
        rating_computed=bool(top.rating) and not top.rating_is_official,
        passes=top.passes,
        announced_on=top.announced_on,
    )


def _instrument_figure(line: scoring.InstrumentLine | None) -> Figure:
    if line is None or line.shown is None:
        return NO_FIGURE
    return Figure(line.shown, computed=line.official is None)


def score_rows(current: scoring.YearScores, previous: scoring.YearScores | None) -> list[ScoreRow]:
    """The year's instruments and indicators, each beside the previous year's.

    Instruments are matched by code and indicators by instrument and number (both kept from
    year to year); an instrument or indicator the previous year lacks shows no figure there.
    """
    earlier_instruments = {}
    earlier_indicators = {}
    if previous is not None:
        for line in previous.instruments:
            code = line.instrument.code.upper()
            earlier_instruments[code] = line
            for row in line.indicators:
                earlier_indicators[(code, row.indicator.number)] = row.score
    rows = []
    for line in current.instruments:
        code = line.instrument.code.upper()
        rows.append(
            ScoreRow(
                kind="instrument",
                code=line.instrument.code,
                number=None,
                name=line.instrument.name_th,
                weight=line.instrument.weight or None,
                current=_instrument_figure(line),
                previous=_instrument_figure(earlier_instruments.get(code)),
            )
        )
        for row in line.indicators:
            rows.append(
                ScoreRow(
                    kind="indicator",
                    code="",
                    number=row.indicator.number,
                    name=row.indicator.name_th,
                    weight=None,
                    current=Figure(row.score),
                    previous=Figure(earlier_indicators.get((code, row.indicator.number))),
                )
            )
    return rows


# --- the measures of the year --------------------------------------------------------------

STATUSES = [
    Method.Status.NOT_STARTED,
    Method.Status.IN_PROGRESS,
    Method.Status.DONE,
    Method.Status.CANCELLED,
]


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class MeasureLine:
    """A published measure with the number of its methods in each status."""

    number: int
    title: str
    methods: int
    by_status: list[StatusCount]


@dataclass
class MeasuresSummary:
    measures: list[MeasureLine] = field(default_factory=list)
    methods: int = 0
    by_status: list[StatusCount] = field(default_factory=list)


def _count(statuses: list[str]) -> list[StatusCount]:
    return [StatusCount(s.value, s.label, statuses.count(s.value)) for s in STATUSES]


def measures_summary(year: FiscalYear) -> MeasuresSummary:
    """The year's published measures and their methods' statuses, in two queries."""
    measures = (
        Measure.objects.published()
        .filter(year=year)
        .only("pk", "number", "title")
        .prefetch_related(
            Prefetch("methods", queryset=Method.objects.only("pk", "measure_id", "status"))
        )
        .order_by("number")
    )
    lines = []
    every_status: list[str] = []
    for measure in measures:
        statuses = [method.status for method in measure.methods.all()]
        every_status += statuses
        lines.append(MeasureLine(measure.number, measure.title, len(statuses), _count(statuses)))
    return MeasuresSummary(lines, len(every_status), _count(every_status))


# --- the report ----------------------------------------------------------------------------


@dataclass
class Signatory:
    """One side of the signature block; empty fields print as dotted lines."""

    role: str
    name: str
    position: str

    @property
    def name_phrases(self) -> list[str]:
        """The name's space-separated phrases: the report lets lines break only between them
        while they fit, since Thai line breaking splits names and positions mid-word."""
        return self.name.split()

    @property
    def position_phrases(self) -> list[str]:
        return self.position.split()


def signatories(organisation: Organisation | None) -> list[Signatory]:
    def field_of(name: str) -> str:
        return (getattr(organisation, name, "") or "").strip() if organisation else ""

    return [
        Signatory("ผู้รายงาน", field_of("officer_name"), field_of("officer_position")),
        Signatory("ผู้อนุมัติ", field_of("head_name"), field_of("head_position")),
    ]


def context(year: FiscalYear, organisation: Organisation | None) -> dict:
    """What the score report of ``year`` shows, in eight queries:

    1-5. the years up to this one that citizens may see (plus this one, when staff download a
         year in preparation), each with its programme and result, then their instruments with
         official scores, indicators with scores, bands and rating rules (scoring.py);
    6.   the analysis made this year of last year's result, with last year's scores;
    7-8. the year's published measures, then their methods' statuses.
    """
    years = FiscalYear.objects.filter(
        Q(pk=year.pk) | (Q(year__lt=year.year) & ~Q(status=FiscalYear.Status.PREPARING))
    ).select_related("programme")
    recorded = scoring.years_with_scores(years.order_by("year"))
    by_year = {scores.year.year: scores for scores in recorded}
    current = by_year[year.year]
    previous = by_year.get(year.year - 1)
    this_year = current.year  # the same year, with its prefetched rules and programme
    summary, previous_summary = _summary(current), _summary(previous)
    rows = score_rows(current, previous)
    total = ScoreRow("total", "", None, "คะแนนรวม", None, summary.total, previous_summary.total)
    any_computed = any(
        figure.computed for row in [*rows, total] for figure in (row.current, row.previous)
    ) or any(s.band_computed or s.rating_computed for s in (summary, previous_summary))
    return {
        "year": this_year,
        "organisation": organisation,
        "previous_year": year.year - 1,
        "has_scores": current.has_scores,
        "has_previous_scores": previous is not None and previous.has_scores,
        "rows": rows,
        "total": total,
        "any_computed": any_computed,
        "summary": summary,
        "previous_summary": previous_summary,
        "pass_mark": presenters.pass_mark(this_year),
        "trend": presenters.trend_rows(recorded),
        "programme": presenters.programme_of(this_year),
        "analyses": presenters.analysis_rows(year.pk),
        "measures": measures_summary(year),
        "signatories": signatories(organisation),
    }
