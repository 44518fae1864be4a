"""What the public procurement page, its downloads and the OIT item that holds procurement
show, each in a fixed number of queries however many rows a year has."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.http import Http404
from django.urls import reverse

from disclosures.models import FiscalYear, Item

from .models import (
    NoProcurementMonth,
    ProcurementMethod,
    ProcurementRow,
    ProcurementSettings,
    ProcurementStatus,
    fiscal_months,
    month_in_year,
    month_label,
)

PAGE_SIZE = 50
ITEM_PAGE_ROWS = 10  # the first rows the OIT item shows before linking to the whole table

# Words in an item's title that say it is the monthly procurement list, with their weight;
# "จัดซื้อจัดจ้าง" must be there. 2568: O12 "รายการการจัดซื้อจัดจ้าง…"; 2569: O11
# "สรุปผลการจัดซื้อจัดจ้าง…รายเดือน", not O12, the annual report ("…ประจำปีงบประมาณ").
TITLE_WORDS = (("รายเดือน", 3), ("รายการ", 2), ("สรุปผล", 1), ("ประจำปี", -2), ("รายงาน", -1))


def guessed_items(year) -> QuerySet[Item]:
    """The year's items that look like the procurement list, the likeliest first.

    `year` is a FiscalYear, its pk, or an OuterRef to one inside a subquery."""
    score = sum(
        (
            Case(When(title_th__contains=word, then=Value(weight)), default=Value(0))
            for word, weight in TITLE_WORDS
        ),
        Value(0),
    )
    return (
        Item.objects.filter(year=year, title_th__contains="จัดซื้อจัดจ้าง")
        .annotate(procurement_score=ExpressionWrapper(score, output_field=IntegerField()))
        .filter(procurement_score__gt=0)
        .order_by("-procurement_score", "order", "code")
    )


def title_score(title: str) -> int | None:
    """guessed_items' score of one title, in Python; None when the title is no candidate."""
    if "จัดซื้อจัดจ้าง" not in title:
        return None
    score = sum(weight for word, weight in TITLE_WORDS if word in title)
    return score if score > 0 else None


def year_procurement_facts() -> dict:
    """For an Item queryset: what decides procurement_role that belongs to the item's year
    (the same on every row of a year): whether the year has a setting, the item it sets, and
    whether the year has procurement data. Three plain subqueries: cheap to compile, unlike
    the title guess, which `holder_among` does in Python over rows already read."""
    settings = ProcurementSettings.objects.filter(year=OuterRef("year"))
    return {
        "procurement_set": Exists(settings),
        "procurement_item": Subquery(settings.values("item")[:1]),
        "procurement_data": Exists(ProcurementRow.objects.filter(year=OuterRef("year")))
        | Exists(NoProcurementMonth.objects.filter(year=OuterRef("year"))),
    }


def holder_among(
    items: Iterable[tuple[int, int, str, str]], procurement_set: bool, procurement_item: int | None
) -> int | None:
    """The pk of the item that shows procurement (procurement_role, in Python), given all the
    items of one year as (pk, order, code, title_th) and the year's facts (see
    year_procurement_facts): the item set in the admin, or else the likeliest title."""
    if procurement_set:
        return procurement_item
    candidates = [
        (-score, order, code, pk)
        for pk, order, code, title in items
        if (score := title_score(title)) is not None
    ]
    return min(candidates)[3] if candidates else None


def procurement_role() -> Case:
    """For an Item queryset: whether the item is the one of its year that shows procurement,
    the item set in the admin, or, when no item was set for the year, the one the titles
    point to (guessed_items). Subqueries only: usable in annotate() and filter()."""
    settings = ProcurementSettings.objects.filter(year=OuterRef("year"))
    guess = guessed_items(OuterRef("year")).values("pk")[:1]
    return Case(
        When(Exists(settings.filter(item=OuterRef("pk"))), then=Value(True)),
        When(Exists(settings), then=Value(False)),
        When(pk=Subquery(guess), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def shows_procurement_data() -> Q:
    """For an Item queryset: the item shows procurement and its year has some to show (rows,
    or months said to have had none), e.g. to count it as ready on the year page."""
    has_data = Exists(ProcurementRow.objects.filter(year=OuterRef("year"))) | Exists(
        NoProcurementMonth.objects.filter(year=OuterRef("year"))
    )
    return Q(procurement_role()) & Q(has_data)


def with_procurement_role(items: QuerySet[Item]) -> QuerySet[Item]:
    """Annotate `holds_procurement` (procurement_role). Subqueries in the item's own query:
    other item pages pay no extra query."""
    return items.annotate(holds_procurement=procurement_role())


def holding_item(year: FiscalYear) -> Item | None:
    """The item of the year that shows procurement (one query)."""
    return (
        with_procurement_role(Item.objects.filter(year=year))
        .filter(holds_procurement=True)
        .only("code", "title_th", "year_id")
        .first()
    )


def year_for_request(user, year: int) -> FiscalYear:
    """The year if this visitor may see it: public years for all, every year for staff."""
    found = FiscalYear.objects.visible_to(user).filter(year=year).first()
    if found is None:
        raise Http404("ไม่พบปีงบประมาณนี้")
    return found


# --- the page's filters --------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The page's query string, validated: a value that is not one of the choices is
    ignored (never an error page)."""

    month: date | None = None
    method: str = ""
    status: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query, year_be: int) -> Filters:
        month = None
        text = (query.get("month") or "").strip()
        if text.isdigit() and 1 <= int(text) <= 12:
            month = month_in_year(int(text), year_be)
        method = query.get("method") or ""
        status = query.get("status") or ""
        page = (query.get("page") or "").strip()
        return cls(
            month=month,
            method=method if method in ProcurementMethod.values else "",
            status=status if status in ProcurementStatus.values else "",
            page=int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1,
        )

    @property
    def active(self) -> bool:
        return bool(self.month or self.method or self.status)

    def query(self, **changes) -> str:
        """The query string of these filters with `changes` ("?month=10&page=2")."""
        values = {
            "month": self.month.month if self.month else "",
            "method": self.method,
            "status": self.status,
            "page": self.page,
        }
        values.update(changes)
        if values["page"] == 1:
            values["page"] = ""
        pairs = [(name, value) for name, value in values.items() if value not in ("", None)]
        return "?" + urlencode(pairs) if pairs else "?"


@dataclass
class MonthLine:
    """One month of the fiscal year in the overview."""

    month: date
    count: int = 0
    agreed_price: object = None
    none_note: str | None = None  # set when the month is said to have had no procurement

    @property
    def label(self) -> str:
        return month_label(self.month)

    @property
    def said_none(self) -> bool:
        return self.none_note is not None


def month_overview(year: FiscalYear, empty: list[NoProcurementMonth]) -> tuple[list, int]:
    """Each month of the year with its rows and amount, or its "no procurement" record; and
    the number of rows without a month (one query)."""
    lines = {month: MonthLine(month) for month in fiscal_months(year.year)}
    undated = 0
    per_month = (
        ProcurementRow.objects.filter(year=year)
        .order_by()
        .values("month")
        .annotate(count=Count("pk"), agreed=Sum("agreed_price"))
    )
    for group in per_month:
        line = lines.get(group["month"])
        if line is None:
            undated += group["count"]
            continue
        line.count, line.agreed_price = group["count"], group["agreed"]
    for record in empty:
        if record.month in lines:
            lines[record.month].none_note = record.note
    return list(lines.values()), undated


def downloads(year_be: int) -> list[tuple[str, str, str]]:
    """(label, URL, kind) of the year's open-data files."""
    return [
        (label, reverse("procurement:data", args=[year_be, kind]), kind)
        for label, kind in (("CSV", "csv"), ("Excel (XLSX)", "xlsx"), ("JSON", "json"))
    ]


def procurement_page(year: FiscalYear, filters: Filters) -> dict:
    """The public page: the filtered rows (one page of them), their totals, the months."""
    rows = ProcurementRow.objects.filter(year=year).filtered(
        month=filters.month, method=filters.method, status=filters.status
    )
    totals = rows.totals()
    pages = max(1, -(-totals["count"] // PAGE_SIZE))
    page = min(filters.page, pages)
    start = (page - 1) * PAGE_SIZE
    shown = list(rows.in_list_order()[start : start + PAGE_SIZE]) if totals["count"] else []
    empty = list(NoProcurementMonth.objects.filter(year=year).order_by("month"))
    months, undated = month_overview(year, empty)
    return {
        "year": year,
        "filters": filters,
        "rows": shown,
        "totals": totals,
        "first_number": start + 1,
        "page": page,
        "pages": pages,
        "previous_query": filters.query(page=page - 1) if page > 1 else "",
        "next_query": filters.query(page=page + 1) if page < pages else "",
        "months": months,
        "undated": undated,
        "filtered_month_none": next(
            (line for line in months if line.month == filters.month and line.said_none), None
        ),
        "agency": shown[0] if shown else None,
        "method_choices": ProcurementMethod.choices,
        "status_choices": ProcurementStatus.choices,
        "item": holding_item(year),
        "downloads": downloads(year.year),
        "has_rows": bool(totals["count"]) or filters.active,
    }


def item_procurement(item: Item) -> dict:
    """What the OIT item that holds procurement shows: the first rows, the totals, the months
    said to have had no procurement, and the downloads (three queries)."""
    rows = ProcurementRow.objects.filter(year_id=item.year_id)
    return {
        "year": item.year,
        "rows": list(rows.in_list_order()[:ITEM_PAGE_ROWS]),
        "totals": rows.totals(),
        "empty_months": list(NoProcurementMonth.objects.filter(year_id=item.year_id)),
        "downloads": downloads(item.year.year),
        "page_url": reverse("procurement:list", args=[item.year.year]),
    }
