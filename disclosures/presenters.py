"""Shapes the public pages need, built from the QuerySets in models.py."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import segno
from django.db.models import Count, Q

from procurement.presenters import holder_among

from .models import Evidence, FiscalYear, Item
from .uploads import kind_by_key, mime_for

SEARCH_LIMIT = 50
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100


def year_outline(rows, year_url: str, english: bool = False) -> list[dict]:
    """Item rows (in catalogue order) grouped by indicator, then by sub-indicator.

    Each item comes out as {"url", "code", "title", "ready"}: everything the year page
    shows, in the reader's language, so the template only prints.
    """
    groups: dict[int, dict] = {}
    for row in rows:
        number = row["indicator__number"]
        group = groups.setdefault(
            number, {"number": number, "name": row["indicator__name_th"], "subgroups": []}
        )
        sub_key = row["sub_indicator_id"]
        if not group["subgroups"] or group["subgroups"][-1]["key"] != sub_key:
            label = " ".join(
                part
                for part in (row["sub_indicator__number"], row["sub_indicator__name_th"])
                if part
            )
            group["subgroups"].append({"key": sub_key, "label": label, "items": []})
        group["subgroups"][-1]["items"].append(
            {
                "url": f"{year_url}{row['code']}/",
                "code": row["code"],
                "title": (english and row["title_en"]) or row["title_th"],
                "ready": row["has_published_evidence"],
            }
        )
    return [groups[number] for number in sorted(groups)]


def current_year(user) -> FiscalYear | None:
    years = FiscalYear.objects.visible_to(user)
    return years.filter(is_current=True).first() or years.public().first()


def home_context(request) -> dict:
    from django.utils.safestring import mark_safe

    from ita_portal.context_processors import current_organisation

    user = request.user
    organisation = current_organisation(request)
    qr = ""
    if organisation and organisation.eit_survey_url:
        qr = mark_safe(qr_svg(organisation.eit_survey_url))  # noqa: S308 - segno output
    year = current_year(user)
    stats = None
    if year is not None:
        stats = year.items.aggregate(
            item_count=Count("pk"), ready_count=Count("pk", filter=Q(pk__in=Item.objects.ready()))
        )
    return {"organisation": organisation, "eit_qr_svg": qr, "year": year, "stats": stats}


def years_with_progress(user):
    """Years newest first, with how many items they have and how many have evidence."""
    # The explicit order_by matters: Django drops Meta.ordering from GROUP BY queries.
    return (
        FiscalYear.objects.visible_to(user)
        .annotate(
            item_count=Count("items", distinct=True),
            ready_count=Count("items", filter=Q(items__in=Item.objects.ready()), distinct=True),
        )
        .order_by("-year")
    )


def item_neighbours(item: Item) -> dict:
    """The previous and next items of the same year, for reading a year item by item, and
    from the same rows `holds_procurement`: whether the item shows the year's procurement
    table (`item` needs the annotations of procurement.presenters.year_procurement_facts)."""
    siblings = list(
        Item.objects.filter(year_id=item.year_id)
        .order_by("order", "code")
        .only("code", "order", "title_th", "title_en", "year_id")
    )
    position = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    holder = holder_among(
        ((s.pk, s.order, s.code, s.title_th) for s in siblings),
        item.procurement_set,
        item.procurement_item,
    )
    return {
        "previous_item": siblings[position - 1] if position > 0 else None,
        "next_item": siblings[position + 1] if position + 1 < len(siblings) else None,
        "holds_procurement": holder == item.pk,
    }


def clean_query(raw: str) -> str:
    """A visitor's search text without control characters, at most MAX_QUERY_LENGTH long."""
    # Control characters (NUL above all: PostgreSQL refuses it) can match nothing anyway.
    text = "".join(ch for ch in raw if ch.isspace() or unicodedata.category(ch) != "Cc")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def search_results(query: str, user) -> dict:
    if len(query) < MIN_QUERY_LENGTH:
        return {"items": [], "evidence": [], "too_short": bool(query)}
    years = FiscalYear.objects.visible_to(user)
    items = (
        Item.objects.filter(year__in=years)
        .search(query)
        .select_related("year")
        .order_by("-year__year", "order")[:SEARCH_LIMIT]
    )
    evidence = Evidence.objects.filter(item__year__in=years)
    if not (user.is_active and user.is_staff):
        evidence = evidence.filter(is_published=True)
    evidence = (
        evidence.search(query)
        .select_related("item__year")
        .order_by("-item__year__year", "item__order", "order")[:SEARCH_LIMIT]
    )
    return {"items": list(items), "evidence": list(evidence), "too_short": False}


def mime_type(evidence: Evidence) -> str:
    kind = kind_by_key(evidence.file_kind)
    return mime_for(kind, evidence.original_filename) if kind else "application/octet-stream"


@lru_cache(maxsize=32)
def qr_svg(url: str, scale: int = 4, omitsize: bool = False) -> str:
    """An inline SVG QR code of a URL (the URL is encoded as modules, never as markup), with
    the standard four-module quiet zone so it scans from screens and paper. ``omitsize``
    leaves the size to the stylesheet (the SVG keeps its viewBox)."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=scale, border=4, dark="#111", light="#fff", omitsize=omitsize)
