"""Whether each OIT item of a year is ready for the assessors, and what it still lacks.

An item is ready when every required element is ticked and backed by published evidence
(an item without elements needs something published at all), the dates of its published
evidence fall inside the item's date rule, and none of its published links, nor its own
public page, failed at the last `check_links` run. The dashboard (/admin/readiness/<year>/),
the admin index and the `remind` command all read the answer from `evaluate_year`, which
costs the same few queries however many items the year has.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosures.models import Evidence, FiscalYear, Indicator, Item, RequiredElement
from ita_portal import thai
from ita_portal.review import ReviewStatus
from links.models import LinkCheck


class State(models.TextChoices):
    """The readiness of an item; the order is the order the dashboard counts them in."""

    READY = "ready", gettext_lazy("พร้อม")
    INCOMPLETE = "incomplete", gettext_lazy("ไม่ครบ")
    DRAFT_ONLY = "draft_only", gettext_lazy("มีแต่ฉบับร่าง")
    STALE = "stale", gettext_lazy("วันที่ไม่เข้าเกณฑ์")
    BROKEN = "broken", gettext_lazy("ลิงก์เสีย")


NO_DIVISION = gettext_lazy("ยังไม่กำหนดส่วนราชการ")
NO_OWNER = gettext_lazy("ยังไม่กำหนดผู้รับผิดชอบ")


@dataclass
class ItemReadiness:
    """One item's state, what it lacks (Thai sentences, empty when ready) and its deadline."""

    item: Item
    state: State
    lacks: list[str]
    overdue: bool

    @property
    def is_ready(self) -> bool:
        return self.state == State.READY

    @property
    def state_label(self) -> str:
        return str(self.state.label)

    @property
    def owner_name(self) -> str:
        return owner_name(self.item.owner)

    @property
    def division_name(self) -> str:
        division = self.item.owner_division
        return division.name if division else str(NO_DIVISION)

    @property
    def due_date(self) -> date | None:
        return self.item.due_date


@dataclass
class Tally:
    """Items counted by state, for the whole year, one division or one owner."""

    key: int | None
    name: str
    counts: Counter = field(default_factory=Counter)
    overdue: int = 0

    def add(self, row: ItemReadiness) -> None:
        self.counts[row.state] += 1
        self.overdue += row.overdue

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def ready(self) -> int:
        return self.counts[State.READY]

    def cells(self) -> list[tuple[State, int]]:
        """(state, count) for every state in dashboard order, zeros included."""
        return [(state, self.counts[state]) for state in State]


@dataclass
class YearReadiness:
    """Every item of a year assessed, with the counts the dashboard shows."""

    year: FiscalYear
    rows: list[ItemReadiness]
    overall: Tally
    by_division: list[Tally]
    by_owner: list[Tally]

    def filtered(self, state: str | None = None, division: str | None = None):
        """The rows in one state and/or of one division ("none": items without one)."""
        rows = self.rows
        if state:
            rows = [row for row in rows if row.state == state]
        if division == "none":
            rows = [row for row in rows if row.item.owner_division_id is None]
        elif division:
            rows = [row for row in rows if str(row.item.owner_division_id) == division]
        return rows

    @staticmethod
    def by_indicator(rows: Iterable[ItemReadiness]) -> list[tuple[Indicator, list]]:
        """Rows grouped under their indicators, indicators in number order."""
        groups: dict[int, list[ItemReadiness]] = defaultdict(list)
        indicators: dict[int, Indicator] = {}
        for row in rows:
            indicators[row.item.indicator_id] = row.item.indicator
            groups[row.item.indicator_id].append(row)
        ordered = sorted(indicators.values(), key=lambda ind: (ind.number, ind.pk))
        return [(indicator, groups[indicator.pk]) for indicator in ordered]


def owner_name(user) -> str:
    """How staff call a person: the full name, else the user name."""
    if user is None:
        return str(NO_OWNER)
    return user.get_full_name().strip() or user.get_username()


def default_year() -> FiscalYear | None:
    """The year staff work on when none is named: the current one, else the newest."""
    return (
        FiscalYear.objects.filter(is_current=True).first()
        or FiscalYear.objects.order_by("-year").first()
    )


# --- evaluation ------------------------------------------------------------------------------


@dataclass
class _YearData:
    """What the assessment needs, read in a fixed number of queries."""

    evidence: dict[int, list[Evidence]]  # item pk -> its evidence (not binned)
    elements: dict[int, list[RequiredElement]]  # item pk -> its required elements
    element_evidence: dict[int, list[Evidence]]  # element pk -> evidence pointed at
    failing: dict[str, LinkCheck]  # URL -> its failing check
    public_urls: dict[int, str]  # item pk -> the URL check_links checks for the item


def evaluate_year(year: FiscalYear, today: date | None = None) -> YearReadiness:
    """Assess every item of the year (five queries, whatever the number of items)."""
    today = today or timezone.localdate()
    items = list(
        Item.objects.filter(year=year)
        .with_evidence_state()  # has_published_evidence: evidence, measures or procurement
        .select_related("year", "indicator", "owner", "owner_division")
        .order_by("order", "code")
    )
    data = _load(year, items)
    rows = [assess(item, data, today) for item in items]
    return YearReadiness(
        year=year,
        rows=rows,
        overall=_overall(rows),
        by_division=_tally(rows, _division_key),
        by_owner=_tally(rows, _owner_key),
    )


def _load(year: FiscalYear, items: list[Item]) -> _YearData:
    """The year's evidence, elements, their links and the failing URL checks: four queries."""
    evidence_rows = (
        Evidence.objects.filter(item__year=year)  # the default manager leaves out the bin
        .only(
            "item_id",
            "kind",
            "title",
            "document_date",
            "url",
            "status",
            "is_published",
            "publish_at",
            "order",
        )
        .order_by("order", "pk")
    )
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    by_pk: dict[int, Evidence] = {}
    for piece in evidence_rows:
        evidence[piece.item_id].append(piece)
        by_pk[piece.pk] = piece

    elements: dict[int, list[RequiredElement]] = defaultdict(list)
    for element in RequiredElement.objects.filter(item__year=year).order_by("order", "pk"):
        elements[element.item_id].append(element)

    element_evidence: dict[int, list[Evidence]] = defaultdict(list)
    links = RequiredElement.evidence.through.objects.filter(requiredelement__item__year=year)
    for element_id, evidence_id in links.values_list("requiredelement_id", "evidence_id"):
        if evidence_id in by_pk:  # binned evidence is not in by_pk: it never counts
            element_evidence[element_id].append(by_pk[evidence_id])

    # The item pages are checked under the default language's URLs (see check_links).
    with translation.override(settings.LANGUAGE_CODE):
        public_urls = {item.pk: item.public_url for item in items}
    urls = set(public_urls.values()) | {
        piece.url.strip() for piece in by_pk.values() if _is_published_link(piece)
    }
    failing = {check.url: check for check in LinkCheck.objects.for_urls(urls).failing()}
    return _YearData(evidence, elements, element_evidence, failing, public_urls)


def _is_published_link(piece: Evidence) -> bool:
    return piece.is_published and piece.kind == Evidence.Kind.LINK and bool(piece.url.strip())


def assess(item: Item, data: _YearData, today: date) -> ItemReadiness:
    """One item's state and lacks, from data already loaded (no queries)."""
    evidence = data.evidence.get(item.pk, [])
    published = [piece for piece in evidence if piece.is_published]
    elements = data.elements.get(item.pk, [])
    has_content = bool(item.has_published_evidence)

    # The measures and procurement items show content kept elsewhere (the measures, the
    # procurement table): a ticked element of theirs needs no evidence row of its own.
    carried = has_content and not published
    element_lacks = [
        sentence
        for element in elements
        if (sentence := _element_lack(element, data.element_evidence.get(element.pk, []), carried))
    ]
    covered = not element_lacks if elements else has_content
    date_lacks = _date_lacks(item, published)
    link_lacks = _link_lacks(item, published, data)
    waiting = [piece for piece in evidence if not piece.is_published]

    if covered and not date_lacks and not link_lacks:
        return ItemReadiness(item, State.READY, [], overdue=False)
    if link_lacks:
        state = State.BROKEN
    elif date_lacks:
        state = State.STALE
    elif not has_content and waiting:
        state = State.DRAFT_ONLY
    else:
        state = State.INCOMPLETE

    lacks = [] if has_content else [_("ยังไม่มีหลักฐานที่เผยแพร่แล้ว")]
    lacks += element_lacks + date_lacks + link_lacks + _waiting_notes(item, waiting)
    overdue = item.due_date is not None and item.due_date < today
    return ItemReadiness(item, state, lacks, overdue=overdue)


def _element_lack(element: RequiredElement, evidence: list[Evidence], carried: bool) -> str:
    """Why an element is not covered ("" when it is: ticked and backed by published evidence,
    or ticked on an item whose published content is carried by the measures or procurement)."""
    reasons = []
    if not element.is_met:
        reasons.append(_("ยังไม่ได้ทำเครื่องหมายว่ามีครบ"))
    if carried and not evidence:
        pass  # the carried content backs the tick
    elif not evidence:
        reasons.append(_("ยังไม่ได้ระบุหลักฐาน"))
    elif not any(piece.is_published for piece in evidence):
        reasons.append(_("หลักฐานที่ระบุยังไม่เผยแพร่"))
    if not reasons:
        return ""
    return _("องค์ประกอบ “%(text)s”: %(reasons)s") % {
        "text": _shorten(element.text),
        "reasons": _(" และ ").join(reasons),
    }


def _date_lacks(item: Item, published: list[Evidence]) -> list[str]:
    """Published evidence dated outside the item's window, or undated when a date is needed."""
    window = item.date_window()
    if window is None:
        return []
    start, end = window
    params = {
        "start": thai.format_date(start, "short"),
        "end": thai.format_date(end, "short"),
        "rule": item.get_date_rule_display(),
    }
    lacks = []
    for piece in published:
        day = piece.document_date
        if day is None:
            lacks.append(
                _(
                    "หลักฐาน “%(title)s” ไม่ได้ระบุวันที่ของเอกสาร "
                    "ต้องลงวันที่ระหว่าง %(start)s ถึง %(end)s (%(rule)s)"
                )
                % {"title": piece.title, **params}
            )
        elif not start <= day <= end:
            lacks.append(
                _("หลักฐาน “%(title)s” ลงวันที่ %(date)s อยู่นอกช่วง %(start)s ถึง %(end)s (%(rule)s)")
                % {"title": piece.title, "date": thai.format_date(day, "short"), **params}
            )
    return lacks


def _link_lacks(item: Item, published: list[Evidence], data: _YearData) -> list[str]:
    """Published links, and the item's own public page, that failed at the last check."""
    lacks = []
    for piece in published:
        check = data.failing.get(piece.url.strip()) if _is_published_link(piece) else None
        if check is not None:
            lacks.append(
                _("ลิงก์ของหลักฐาน “%(title)s” (%(url)s) ใช้งานไม่ได้เมื่อตรวจ %(when)s: %(why)s")
                % {"title": piece.title, "url": check.url, **_check_params(check)}
            )
    page = data.failing.get(data.public_urls.get(item.pk, ""))
    if page is not None:
        lacks.append(
            _("หน้าของข้อนี้บนเว็บไซต์ (%(url)s) เปิดไม่ได้เมื่อตรวจ %(when)s: %(why)s")
            % {"url": page.url, **_check_params(page)}
        )
    return lacks


def _check_params(check: LinkCheck) -> dict[str, str]:
    why = check.reason or check.get_outcome_display()
    if check.status_code and str(check.status_code) not in why:
        why = f"{why} (HTTP {check.status_code})"
    return {"when": thai.format_datetime(check.checked_at), "why": why}


def _waiting_notes(item: Item, waiting: list[Evidence]) -> list[str]:
    """Work that exists but citizens cannot see yet: drafts, submissions, scheduled pieces."""
    notes = []
    drafts = [p.title for p in waiting if p.status == ReviewStatus.DRAFT]
    submitted = [p.title for p in waiting if p.status == ReviewStatus.SUBMITTED]
    scheduled = [p for p in waiting if p.status == ReviewStatus.PUBLISHED]
    if drafts:
        notes.append(_("หลักฐานฉบับร่างที่ยังไม่ส่งตรวจ: %(titles)s") % {"titles": _quoted(drafts)})
    if submitted:
        notes.append(
            _("หลักฐานที่ส่งตรวจแล้ว รอผู้ประสานงานเผยแพร่: %(titles)s") % {"titles": _quoted(submitted)}
        )
    for piece in scheduled:
        notes.append(
            _("หลักฐาน “%(title)s” ตั้งเวลาเผยแพร่ไว้ %(when)s")
            % {"title": piece.title, "when": thai.format_datetime(piece.publish_at)}
        )
    if item.explanation_status == ReviewStatus.DRAFT:
        notes.append(_("คำอธิบายการเข้าถึงข้อมูลยังเป็นฉบับร่าง"))
    elif item.explanation_status == ReviewStatus.SUBMITTED:
        notes.append(_("คำอธิบายการเข้าถึงข้อมูลส่งตรวจแล้ว รอผู้ประสานงานเผยแพร่"))
    elif item.explanation_waits:
        notes.append(
            _("คำอธิบายการเข้าถึงข้อมูลฉบับใหม่ตั้งเวลาเผยแพร่ไว้ %(when)s")
            % {"when": thai.format_datetime(item.explanation_publish_at)}
        )
    return notes


def _quoted(titles: list[str]) -> str:
    return ", ".join(f"“{title}”" for title in titles)


def _shorten(text: str, limit: int = 120) -> str:
    """An element's text on one line; catalogue elements can be whole paragraphs."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- counting --------------------------------------------------------------------------------


def _overall(rows: list[ItemReadiness]) -> Tally:
    tally = Tally(None, "")
    for row in rows:
        tally.add(row)
    return tally


def _division_key(row: ItemReadiness) -> tuple[int | None, str, tuple]:
    """Divisions in their own order (as in the admin), items without one last."""
    division = row.item.owner_division
    if division is None:
        return None, row.division_name, (1,)
    return division.pk, division.name, (0, division.order, division.name)


def _owner_key(row: ItemReadiness) -> tuple[int | None, str, tuple]:
    """Owners by name, items without one last."""
    name = row.owner_name
    return row.item.owner_id, name, (1,) if row.item.owner_id is None else (0, name)


def _tally(rows: list[ItemReadiness], key) -> list[Tally]:
    """Rows counted per group; `key(row)` gives the group's (pk, name, sort key)."""
    tallies: dict[int | None, Tally] = {}
    positions: dict[int | None, tuple] = {}
    for row in rows:
        pk, name, position = key(row)
        tallies.setdefault(pk, Tally(pk, name)).add(row)
        positions[pk] = position
    return sorted(tallies.values(), key=lambda tally: positions[tally.key])
