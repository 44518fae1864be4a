"""Rolling a fiscal year over: year N+1 from a catalogue file or a clone of year N.

Two steps, like the catalogue loader. `plan_rollover` writes nothing: it matches year N's
items with the new catalogue (by code and by title) and says how they differ: items added,
removed, renamed (same code, another title), renumbered (same or near-identical title,
another code). `carry_out` then creates the new year, in one transaction, as a year in
preparation and carries year N's work into the matching new items: every piece of evidence
as an unpublished draft (files copied under new stored names, because deleting evidence
removes its file), the explanations of how to reach each item (with the year and code
brought up to date, marked for review), who owns each item (its division and responsible
person; not its due date, which belongs to a year), its evidence-date rule unless the new
catalogue sets one, and the other apps' per-year item settings. Year N is only ever read.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import posixpath
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ita_portal import thai
from ita_portal.review import ReviewStatus

from .catalog import (
    STRUCTURE_FILE,
    YEAR_RANGE,
    Catalog,
    CatalogError,
    apply_catalog,
)
from .models import (
    Evidence,
    FiscalYear,
    Indicator,
    Instrument,
    Item,
    RequiredElement,
    SubIndicator,
)
from .uploads import kind_by_key

# Two titles under one code are the same item renamed from this similarity on (2568's
# "โครงสร้างและอำนาจหน้าที่" is 2569's "โครงสร้าง หน้าที่และอำนาจ" at 0.71); under two codes
# they must be near-identical (a reshuffled catalogue reuses codes for other items, and
# 2568's "มาตรการส่งเสริมคุณธรรม…" is not 2569's "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรม…" at 0.79).
SAME_CODE_MIN = 0.5
OTHER_CODE_MIN = 0.8
# Under one code, a title written inside the other ("E-Service" in "ระบบการให้บริการผ่าน
# ช่องทางออนไลน์ (E-Service)") is a renaming, when the shorter one is not a mere word or two.
CONTAINED_MIN_CHARS = 6
CONTAINED_SCORE = 0.8

# Per-year records of other apps that point at items of the year, carried to the new year
# through the item match: (app label, model name, the item fields). Other fields are left
# to those apps' own copy tools (measures: "คัดลอกมาตรการจากปีก่อนมาเป็นฉบับร่าง").
YEAR_ITEM_SETTINGS: list[tuple[str, str, tuple[str, ...]]] = [
    ("measures", "Programme", ("measures_item", "report_item")),
    ("procurement", "ProcurementSettings", ("item",)),
]


# How the notes left on carried items start (staff read them; a later rollover drops them).
CLONED_MARK = "คัดลอกจากรายการข้อ"
EXPLANATION_MARK = "คำอธิบายการเข้าถึงข้อมูลยกมาจาก"


class RolloverRefused(Exception):
    """Nothing was written; `problems` say why, in Thai, for staff."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class Change:
    SAME = "same"
    RENAMED = "renamed"
    RENUMBERED = "renumbered"
    ADDED = "added"
    REMOVED = "removed"

    LABELS = {
        SAME: _("คงเดิม"),
        RENAMED: _("เปลี่ยนชื่อ (รหัสเดิม)"),
        RENUMBERED: _("เปลี่ยนรหัส (ชื่อเดิมหรือใกล้เคียง)"),
        ADDED: _("ข้อใหม่"),
        REMOVED: _("ยกเลิก (ไม่มีในรายการข้อใหม่)"),
    }


# --- titles ----------------------------------------------------------------------------------


def normalise_title(text: str) -> str:
    """A title reduced to what identifies it: letters, vowels and tone marks, digits.

    Thai is written without spaces between words, so spacing and punctuation differ freely
    between two copies of one title; NFKC also makes "ำ" and "ํา" one spelling, and Thai
    digits count as Arabic ones.
    """
    text = unicodedata.normalize("NFKC", thai.to_arabic_digits(text or "")).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def title_similarity(a: str, b: str) -> float:
    """0..1, how alike two titles are once normalised (difflib's ratio over characters)."""
    first, second = normalise_title(a), normalise_title(b)
    if not (first and second):
        return 0.0
    if first == second:
        return 1.0
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()


def _contained(a: str, b: str) -> bool:
    first, second = sorted((normalise_title(a), normalise_title(b)), key=len)
    return len(first) >= CONTAINED_MIN_CHARS and first in second


# --- the two catalogues ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One item of either catalogue, as plain data. Year N's entries carry their item's id
    and how much evidence it has; a file's entries leave unknown fields as None."""

    code: str
    title: str
    indicator: int
    order: int = 0
    sub_indicator: str | None = None
    guidance: str | None = None
    elements: tuple[str, ...] | None = None
    title_en: str | None = None
    date_rule: str | None = None
    item_id: int | None = None
    evidence: int = 0
    files: int = 0
    explanation: str = ""
    where: str = ""  # the file's line or row, for messages


def entries_of_year(year: FiscalYear) -> list[Entry]:
    """Year N's items in catalogue order (two queries: the items, their elements)."""
    items = (
        year.items.select_related("indicator", "sub_indicator")
        .prefetch_related("required_elements")
        .annotate(
            evidence_count=Count("evidence", distinct=True),
            file_count=Count("evidence", filter=~Q(evidence__file=""), distinct=True),
        )
        .order_by("order", "code")
    )
    return [
        Entry(
            code=item.code,
            title=item.title_th,
            indicator=item.indicator.number,
            order=item.order,
            sub_indicator=str(item.sub_indicator) if item.sub_indicator else "",
            guidance=item.guidance,
            elements=tuple(e.text for e in item.required_elements.all()),
            title_en=item.title_en,
            date_rule=item.date_rule,
            item_id=item.pk,
            evidence=item.evidence_count,
            files=item.file_count,
            explanation=item.explanation,
        )
        for item in items
    ]


def entries_of_catalog(catalog: Catalog) -> list[Entry]:
    return [
        Entry(
            code=item.code,
            title=item.title_th,
            indicator=item.indicator,
            order=item.order,
            sub_indicator=item.sub_indicator,
            guidance=item.guidance,
            elements=tuple(item.required_elements) if item.required_elements is not None else None,
            title_en=item.title_en,
            date_rule=item.date_rule,
            where=item.where,
        )
        for item in sorted(catalog.items, key=lambda i: i.order)
    ]


# --- matching ----------------------------------------------------------------------------------


@dataclass
class Pair:
    """An item of year N and its counterpart in the new catalogue; either may be missing."""

    old: Entry | None
    new: Entry | None
    change: str
    similarity: float = 1.0
    chosen: bool = False  # set by staff on the diff page, not by the automatic match
    notes: list[str] = field(default_factory=list)

    @property
    def carries(self) -> bool:
        return self.old is not None and self.new is not None

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def _score(old: Entry, new: Entry) -> float | None:
    """The similarity that makes two items one, or None when they are not."""
    score = title_similarity(old.title, new.title)
    if old.code == new.code:
        if _contained(old.title, new.title):
            score = max(score, CONTAINED_SCORE)
        return score if score >= SAME_CODE_MIN else None
    return score if score >= OTHER_CODE_MIN else None


def match_items(
    old: list[Entry], new: list[Entry], overrides: dict[str, str] | None = None
) -> tuple[list[Pair], list[str]]:
    """Pair year N's items with the new catalogue's; also return problems in `overrides`.

    Same code and same title (as normalised) first: those pairs are certain. Then the
    choices staff made on the diff page (`overrides`: old code → new code, or "" for
    "carry nothing"). Then the rest, best similarity first, so that in a reshuffled
    catalogue an old title that reappears under another code goes there rather than to
    whatever now holds its old code.
    """
    old_left = {e.code: e for e in old}
    new_left = {e.code: e for e in new}
    pairs: list[Pair] = []
    problems: list[str] = []

    for code in list(old_left):
        if code in new_left and normalise_title(old_left[code].title) == normalise_title(
            new_left[code].title
        ):
            pairs.append(Pair(old_left.pop(code), new_left.pop(code), Change.SAME))

    claimed: dict[str, str] = {}
    for old_code, new_code in (overrides or {}).items():
        if old_code not in old_left:
            continue
        if not new_code:
            pairs.append(Pair(old_left.pop(old_code), None, Change.REMOVED, 0.0, chosen=True))
        elif new_code in claimed:
            problems.append(
                f"ข้อ {new_code} ของปีใหม่ถูกเลือกให้รับหลักฐานทั้งจากข้อ {claimed[new_code]} "
                f"และข้อ {old_code} ของปีเดิม: เลือกให้ข้อละหนึ่งข้อเท่านั้น"
            )
        elif new_code in new_left:
            claimed[new_code] = old_code
            entry, target = old_left.pop(old_code), new_left.pop(new_code)
            change = Change.RENAMED if entry.code == target.code else Change.RENUMBERED
            similarity = title_similarity(entry.title, target.title)
            pairs.append(Pair(entry, target, change, similarity, chosen=True))
        else:
            problems.append(f"ไม่มีข้อ {new_code} ให้รับหลักฐานจากข้อ {old_code} ในรายการข้อใหม่")

    candidates = []
    for entry in old_left.values():
        for target in new_left.values():
            score = _score(entry, target)
            if score is not None:
                # Best first; on a tie the same code, then catalogue order.
                candidates.append(
                    (-score, entry.code != target.code, entry.order, target.order, entry, target)
                )
    candidates.sort(key=lambda c: c[:4])
    for negative, _other, _o, _n, entry, target in candidates:
        if entry.code in old_left and target.code in new_left:
            del old_left[entry.code], new_left[target.code]
            change = Change.RENAMED if entry.code == target.code else Change.RENUMBERED
            pairs.append(Pair(entry, target, change, -negative))

    pairs.extend(Pair(None, e, Change.ADDED, 0.0) for e in new_left.values())
    pairs.extend(Pair(e, None, Change.REMOVED, 0.0) for e in old_left.values())
    pairs.sort(
        key=lambda p: (p.new is None, (p.new or p.old).order, (p.new or p.old).code)  # type: ignore[union-attr]
    )
    for pair in pairs:
        pair.notes = _notes(pair)
    return pairs, problems


def _notes(pair: Pair) -> list[str]:
    """What else differs between two matched items, and what the new year takes from N."""
    old, new = pair.old, pair.new
    if old is None or new is None:
        return []
    notes = []
    if pair.change == Change.SAME and old.title != new.title:
        notes.append("ชื่อเขียนต่างกันเล็กน้อย (เว้นวรรคหรือเครื่องหมาย)")
    if old.indicator != new.indicator:
        notes.append(f"ย้ายจากตัวชี้วัดที่ {old.indicator} ไปตัวชี้วัดที่ {new.indicator}")
    if new.elements is None:
        if old.elements:
            notes.append(f"ไฟล์ไม่ระบุองค์ประกอบ: ใช้ {len(old.elements)} องค์ประกอบของปีเดิม")
    elif new.elements != old.elements:
        notes.append(f"องค์ประกอบเปลี่ยนจาก {len(old.elements or ())} เป็น {len(new.elements)} ข้อ")
    if new.guidance is None:
        if old.guidance:
            notes.append("ไฟล์ไม่ระบุคำอธิบายเกณฑ์: ใช้ของปีเดิม")
    elif normalise_title(new.guidance) != normalise_title(old.guidance or ""):
        notes.append("คำอธิบายเกณฑ์เปลี่ยน")
    if new.date_rule is not None and old.date_rule and new.date_rule != old.date_rule:
        labels = dict(Item.DateRule.choices)
        notes.append(f"เกณฑ์วันที่เปลี่ยนจาก “{labels[old.date_rule]}” เป็น “{labels[new.date_rule]}”")
    return notes


# --- the plan ----------------------------------------------------------------------------------


@dataclass
class RolloverPlan:
    """What a rollover would do; nothing is written until `carry_out`."""

    source: FiscalYear
    target_year: int
    catalog: Catalog | None  # None: clone year N's catalogue
    filename: str
    pairs: list[Pair]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def cloning(self) -> bool:
        return self.catalog is None

    def of(self, change: str) -> list[Pair]:
        return [pair for pair in self.pairs if pair.change == change]

    @property
    def same(self) -> list[Pair]:
        return self.of(Change.SAME)

    @property
    def renamed(self) -> list[Pair]:
        return self.of(Change.RENAMED)

    @property
    def renumbered(self) -> list[Pair]:
        return self.of(Change.RENUMBERED)

    @property
    def added(self) -> list[Pair]:
        return self.of(Change.ADDED)

    @property
    def removed(self) -> list[Pair]:
        return self.of(Change.REMOVED)

    @property
    def old_count(self) -> int:
        return sum(1 for pair in self.pairs if pair.old)

    @property
    def new_count(self) -> int:
        return sum(1 for pair in self.pairs if pair.new)

    @property
    def carried_evidence(self) -> int:
        return sum(pair.old.evidence for pair in self.pairs if pair.carries)

    @property
    def carried_files(self) -> int:
        return sum(pair.old.files for pair in self.pairs if pair.carries)

    @property
    def carried_explanations(self) -> int:
        return sum(1 for pair in self.pairs if pair.carries and pair.old.explanation.strip())

    @property
    def left_evidence(self) -> int:
        """Evidence of removed items: stays in year N, not carried."""
        return sum(pair.old.evidence for pair in self.removed)

    @property
    def changed(self) -> bool:
        return any(pair.change != Change.SAME or pair.notes for pair in self.pairs)

    def fingerprint(self) -> str:
        """Changes whenever what confirming would do changes (the catalogue, the match, or
        year N's items and evidence meanwhile): a confirmation checks it against the diff
        that staff saw."""
        state = [
            self.source.pk,
            self.target_year,
            self.problems,
            [
                [
                    p.change,
                    *(
                        [
                            e.code,
                            e.title,
                            e.indicator,
                            e.elements,
                            e.guidance,
                            e.date_rule,
                            e.evidence,
                            e.files,
                        ]
                        if e
                        else [None]
                        for e in (p.old, p.new)
                    ),
                ]
                for p in self.pairs
            ],
        ]
        data = json.dumps(state, ensure_ascii=False, default=str).encode("utf-8")
        return hashlib.sha256(data).hexdigest()[:32]


def _structure_numbers() -> set[int]:
    import yaml

    structure = yaml.safe_load(STRUCTURE_FILE.read_text(encoding="utf-8"))
    return {entry["number"] for entry in structure["indicators"]}


def check_target(source: FiscalYear, target_year: int) -> None:
    """Refuse a new year that cannot be created (RolloverRefused says why)."""
    if not YEAR_RANGE[0] <= target_year <= YEAR_RANGE[1]:
        raise RolloverRefused(f"ปีงบประมาณ {target_year} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น {source.year + 1}")
    if target_year <= source.year:
        raise RolloverRefused(
            f"ปีใหม่ต้องอยู่หลังปีต้นทาง: สร้างปี {target_year} จาก{source} ไม่ได้ "
            f"(เช่น สร้างปี {source.year + 1})"
        )
    if FiscalYear.objects.filter(year=target_year).exists():
        raise RolloverRefused(
            f"มีปีงบประมาณ พ.ศ. {target_year} อยู่แล้ว จึงไม่ได้สร้างซ้ำ "
            f"(หากต้องการปรับรายการข้อของปีนั้น ให้ใช้ “นำเข้ารายการข้อ” ของปี {target_year})"
        )


def plan_rollover(
    source: FiscalYear,
    target_year: int,
    catalog: Catalog | None = None,
    filename: str = "",
    overrides: dict[str, str] | None = None,
) -> RolloverPlan:
    """Compare year N's catalogue with the new one (a file's, or year N's own when cloning).

    Raises RolloverRefused when the new year cannot be created at all; problems that staff
    can fix on the diff page (an unknown indicator, two items given one target) are in
    `plan.problems`, and `carry_out` refuses a plan that has any.
    """
    check_target(source, target_year)
    old = entries_of_year(source)
    if catalog is None and not old:
        raise RolloverRefused(f"{source} ยังไม่มีรายการข้อให้คัดลอก: ใช้ไฟล์รายการข้อของปี {target_year} แทน")
    new = list(old) if catalog is None else entries_of_catalog(catalog)
    pairs, problems = match_items(old, new, overrides)
    plan = RolloverPlan(source, target_year, catalog, filename, pairs, problems)
    if catalog is not None:
        if catalog.year and catalog.year != target_year:
            plan.warnings.append(
                f"ไฟล์ระบุปีงบประมาณ {catalog.year} แต่กำลังสร้างปี {target_year}: ตรวจสอบว่าเลือกไฟล์ถูกต้อง"
            )
        known = set(source.indicators.values_list("number", flat=True)) | _structure_numbers()
        for entry in new:
            if entry.indicator not in known:
                plan.problems.append(
                    f"{entry.where}: ข้อ {entry.code} อ้างถึงตัวชี้วัดที่ {entry.indicator} "
                    f"ซึ่งไม่มีใน{source} (มีตัวชี้วัดที่ {', '.join(map(str, sorted(known)))})"
                )
    return plan


# --- carrying it out -----------------------------------------------------------------------------


@dataclass
class NotCarried:
    code: str
    title: str
    evidence: list[str]


@dataclass
class RolloverResult:
    plan: RolloverPlan
    year: FiscalYear
    items: int = 0
    evidence: Counter = field(default_factory=Counter)  # kind → pieces carried
    files_copied: int = 0
    bytes_copied: int = 0
    explanations: list[str] = field(default_factory=list)  # new codes
    not_carried: list[NotCarried] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    rules_copied: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def evidence_total(self) -> int:
        return sum(self.evidence.values())

    def evidence_by_kind(self) -> list[tuple[str, int]]:
        return [
            (str(label), self.evidence[kind])
            for kind, label in Evidence.Kind.choices
            if self.evidence[kind]
        ]


def carry_out(plan: RolloverPlan) -> RolloverResult:
    """Create the new year from a plan and carry year N's work into it: all or nothing.

    Files are copied to new stored names as the rows are written; if anything fails, the
    transaction rolls back and the copies are deleted again, so nothing is left behind.
    """
    if plan.problems:
        raise RolloverRefused(plan.problems)
    check_target(plan.source, plan.target_year)
    copied: list[str] = []
    storage = Evidence._meta.get_field("file").storage
    try:
        with transaction.atomic():
            result = _carry_out(plan, copied)
    except BaseException:
        for name in copied:
            storage.delete(name)
        raise
    return result


def _carry_out(plan: RolloverPlan, copied: list[str]) -> RolloverResult:
    source = plan.source
    try:
        with transaction.atomic():
            target = FiscalYear.objects.create(
                year=plan.target_year,
                status=FiscalYear.Status.PREPARING,
                source_note=_source_note(plan),
            )
    except IntegrityError as exc:  # created by someone else since the check
        raise RolloverRefused(f"มีปีงบประมาณ พ.ศ. {plan.target_year} อยู่แล้ว จึงไม่ได้สร้างซ้ำ") from exc
    result = RolloverResult(plan=plan, year=target)

    indicators = _clone_structure(source, target)
    if plan.catalog is None:
        _clone_items(source, target, indicators)
    else:
        try:
            report = apply_catalog(plan.catalog, target.year)
        except CatalogError as exc:
            raise RolloverRefused(exc.problems) from exc
        result.warnings.extend(w for w in report.warnings if "กำลังโหลดเข้าปี" not in w)

    new_items = {item.code: item for item in target.items.prefetch_related("required_elements")}
    old_items = source.items.in_bulk([p.old.item_id for p in plan.pairs if p.old])
    evidence_by_item: dict[int, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(item__year=source).order_by("order", "pk"):
        evidence_by_item.setdefault(evidence.item_id, []).append(evidence)

    carried: dict[int, Item] = {}  # old item id → new item
    for pair in plan.pairs:
        if pair.old is None:
            continue
        pieces = evidence_by_item.get(pair.old.item_id, [])
        if pair.new is None:
            if pieces:
                result.not_carried.append(
                    NotCarried(pair.old.code, pair.old.title, [e.title for e in pieces])
                )
            continue
        old_item, new_item = old_items[pair.old.item_id], new_items[pair.new.code]
        carried[old_item.pk] = new_item
        _fill_from_old(old_item, new_item, pair, plan, result)
        for evidence in pieces:
            _copy_evidence(evidence, new_item, copied, result)

    _carry_settings(source, target, carried, result)
    result.rules_copied = _carry_rules(source, target)
    result.items = len(new_items)
    return result


def _source_note(plan: RolloverPlan) -> str:
    today = thai.format_date(timezone.localdate())
    if plan.catalog is None:
        return f"ยกยอดจาก{plan.source} โดยคัดลอกรายการข้อ เมื่อ {today}"
    source = f" ({plan.catalog.source})" if plan.catalog.source else ""
    return f"ยกยอดจาก{plan.source} ด้วยรายการข้อจากไฟล์ {plan.filename}{source} เมื่อ {today}"


def _clone_structure(source: FiscalYear, target: FiscalYear) -> dict[int, Indicator]:
    """Year N's instruments and indicators, as staff corrected them (names, weights)."""
    instruments = {}
    for instrument in source.instruments.order_by("order", "code"):
        instruments[instrument.pk] = Instrument.objects.create(
            year=target,
            code=instrument.code,
            name_th=instrument.name_th,
            weight=instrument.weight,
            order=instrument.order,
        )
    indicators = {}
    for indicator in source.indicators.order_by("number"):
        indicators[indicator.pk] = Indicator.objects.create(
            year=target,
            instrument=instruments[indicator.instrument_id],
            number=indicator.number,
            name_th=indicator.name_th,
        )
    return indicators


def _clone_items(source: FiscalYear, target: FiscalYear, indicators: dict[int, Indicator]):
    """Year N's catalogue as the new year's: a guess until the new year's manual says."""
    subs = {}
    for sub in SubIndicator.objects.filter(indicator__year=source):
        subs[sub.pk] = SubIndicator.objects.create(
            indicator=indicators[sub.indicator_id],
            number=sub.number,
            name_th=sub.name_th,
            order=sub.order,
        )
    elements = []
    for item in source.items.prefetch_related("required_elements").order_by("order", "code"):
        was = item.get_confidence_display()
        note = f"{CLONED_MARK}{source} (ความน่าเชื่อถือเดิม: {was}) รอยืนยันกับคู่มือปี {target.year}"
        copy = Item.objects.create(
            year=target,
            code=item.code,
            order=item.order,
            title_th=item.title_th,
            title_en=item.title_en,
            indicator=indicators[item.indicator_id],
            sub_indicator=subs.get(item.sub_indicator_id),
            guidance=item.guidance,
            date_rule=item.date_rule,
            owner_division_id=item.owner_division_id,
            owner_id=item.owner_id,
            confidence=Item.Confidence.GUESS,
            confidence_note="\n".join(n for n in (_own_note(item.confidence_note), note) if n),
        )
        elements.extend(
            RequiredElement(item=copy, order=e.order, text=e.text)
            for e in item.required_elements.all()
        )
    RequiredElement.objects.bulk_create(elements)


def _own_note(note: str) -> str:
    """An item's note without the marks an earlier rollover left (they name that year)."""
    marks = (CLONED_MARK, EXPLANATION_MARK)
    return "\n".join(line for line in note.splitlines() if not line.startswith(marks))


def _fill_from_old(old: Item, new: Item, pair: Pair, plan: RolloverPlan, result) -> None:
    """What the new item takes from its year-N counterpart: the explanation (brought up to
    date and marked for review), its owners (a clone has them already) and, when a file is
    silent on them, the English title, the guidance, the evidence-date rule and the required
    elements. The due date stays with year N: each year sets its own."""
    fields = []
    for name in ("owner_division_id", "owner_id"):
        if getattr(new, name) is None and getattr(old, name) is not None:
            setattr(new, name, getattr(old, name))
            fields.append(name.removesuffix("_id"))
    if old.explanation.strip():
        new.explanation = carry_explanation(old, new, plan.source.year, plan.target_year)
        mark = (
            f"{EXPLANATION_MARK}{plan.source} ข้อ {old.code} "
            f"(ปรับปีและรหัสข้อให้แล้ว) โปรดตรวจสอบก่อนส่งแบบ ITAS"
        )
        new.confidence_note = "\n".join(n for n in (new.confidence_note, mark) if n)
        fields += ["explanation", "confidence_note"]
        result.explanations.append(new.code)
    if plan.catalog is not None:
        if pair.new.title_en is None and old.title_en:
            new.title_en = old.title_en
            fields.append("title_en")
        if pair.new.guidance is None and old.guidance:
            new.guidance = old.guidance
            fields.append("guidance")
        if pair.new.date_rule is None and new.date_rule != old.date_rule:
            new.date_rule = old.date_rule
            fields.append("date_rule")
        if pair.new.elements is None and pair.old.elements:
            RequiredElement.objects.bulk_create(
                RequiredElement(item=new, order=order, text=text)
                for order, text in enumerate(pair.old.elements, start=1)
            )
    if fields:
        new.save(update_fields=[*fields, "updated_at"])


def carry_explanation(old: Item, new: Item, old_year: int, new_year: int) -> str:
    """Year N's "how to reach it" for the new year: the year, the code and the title the
    text names are replaced by the new ones ("หน้าหลัก > ITA > ปี 2569 > O13 …" becomes
    "หน้าหลัก > ITA > ปี 2570 > O12 …"); anything else is kept for staff to review."""
    text = old.explanation
    if old.title_th and old.title_th != new.title_th:
        text = text.replace(old.title_th, new.title_th)
    if old.code != new.code:
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(old.code)}(?![0-9])", new.code, text)
    for before, after in (
        (str(old_year), str(new_year)),
        (thai.to_thai_digits(old_year), thai.to_thai_digits(new_year)),
    ):
        text = re.sub(rf"(?<![0-9๐-๙]){before}(?![0-9๐-๙])", after, text)
    return text


def _copy_evidence(old: Evidence, item: Item, copied: list[str], result: RolloverResult) -> None:
    """One piece of evidence as an unpublished draft of the new item; a file is copied to a
    new stored name, so that deleting either year's evidence leaves the other's file."""
    copy = Evidence(
        item=item,
        kind=old.kind,
        title=old.title,
        document_date=old.document_date,
        body=old.body,
        text_format=old.text_format,
        url=old.url,
        link_label=old.link_label,
        order=old.order,
        status=ReviewStatus.DRAFT,
    )
    if old.file:
        storage = old.file.storage
        try:
            with storage.open(old.file.name, "rb") as handle:
                copy._sniffed_kind = kind_by_key(old.file_kind)  # keeps the stored extension
                copy.file.save(posixpath.basename(old.file.name), handle, save=False)
        except OSError:
            result.missing_files.append(
                f"ข้อ {item.code}: ไม่พบไฟล์ “{old.original_filename or old.file.name}” "
                f"ของหลักฐาน “{old.title}” ในปีเดิม"
                + ("" if old.kind == Evidence.Kind.FILE else " (ยกมาเฉพาะข้อความ)")
            )
            if old.kind == Evidence.Kind.FILE:
                return  # a file evidence without its file cannot be saved
            copy.file = ""
        else:
            copied.append(copy.file.name)
            copy.original_filename = old.original_filename
            copy.file_kind = old.file_kind
            copy.file_size = old.file_size
            result.files_copied += 1
            result.bytes_copied += old.file_size
    copy.save()
    result.evidence[old.kind] += 1


def _carry_settings(source: FiscalYear, target: FiscalYear, carried: dict[int, Item], result):
    """Other apps' per-year item settings (YEAR_ITEM_SETTINGS), through the item match.

    A setting whose item has no counterpart is left unset and reported; when none of a
    record's items has one, no record is made, so that the app's own default applies (a
    record saying "no item" would mean something else). A record that deliberately names no
    item is carried as it is.
    """
    for app_label, model_name, names in YEAR_ITEM_SETTINGS:
        if not apps.is_installed(app_label):
            continue
        model = apps.get_model(app_label, model_name)
        row = model.objects.filter(year=source).first()
        if row is None:
            continue
        chosen: dict[str, Item] = {}
        for name in names:
            label = model._meta.get_field(name).verbose_name
            old_item = getattr(row, name)
            if old_item is None:
                continue
            new_item = carried.get(old_item.pk)
            if new_item is None:
                result.settings.append(
                    f"{label}: ยังไม่ได้ตั้ง เพราะข้อ {old_item.code} ของปีเดิมไม่มีคู่ในปีใหม่ โปรดเลือกเอง"
                )
            else:
                chosen[name] = new_item
                result.settings.append(f"{label}: {old_item.code} → {new_item.code}")
        if not chosen and any(getattr(row, f"{name}_id") for name in names):
            continue
        copy, _created = model.objects.get_or_create(year=target)
        for name, item in chosen.items():
            setattr(copy, name, item)
        copy.full_clean()
        copy.save()


def _carry_rules(source: FiscalYear, target: FiscalYear) -> bool:
    """Year N's grading rules, when staff changed them from the reference ones the new year
    was seeded with (a correction made for N is newer knowledge than the reference)."""
    if not apps.is_installed("measures"):
        return False
    from measures.models import RatingRule, ScoreBand

    def bands(year):
        return sorted(year.score_bands.values_list("letter", "min_score"))

    def ratings(year):
        return sorted(
            year.rating_rules.values_list("name", "min_total", "min_each_instrument", "passes"),
            key=str,
        )

    if not (source.score_bands.exists() or source.rating_rules.exists()):
        return False
    if bands(source) == bands(target) and ratings(source) == ratings(target):
        return False
    target.score_bands.all().delete()
    target.rating_rules.all().delete()
    ScoreBand.objects.bulk_create(
        ScoreBand(year=target, letter=letter, min_score=score) for letter, score in bands(source)
    )
    RatingRule.objects.bulk_create(
        RatingRule(year=target, name=name, min_total=total, min_each_instrument=each, passes=ok)
        for name, total, each, ok in ratings(source)
    )
    return True
