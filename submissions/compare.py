"""What changed since a submission: per item, today's state against the recorded one.

An item is compared by its state (the fields a reader sees and its published evidence, see
snapshot.py), not by the bytes of its page: the page's header and footer change with the
organisation profile and would otherwise flag every item at once. Two things on a page are
not in that state and are compared on the page itself, on its main content only: the
integrity measures that one or two items of a year show (their section of the stored page
against the same section rendered now), and, on an item's own back-office page, the whole
main content (``page_comparison``).

``compare_submission`` costs a fixed number of queries whatever the number of items: the
recorded items (one query, page copies left in the database) and the year's items with
their published evidence (two); plus, when the year sets the items that show its measures,
one query for their stored pages and one render of each. Files are read only when a stored
file is new since the submission; a file recorded then is known by its stored name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.template.defaultfilters import filesizeformat
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from disclosures.itas import HAS, HAS_NOT
from disclosures.models import Evidence, Item
from ita_portal import thai

from .models import ItemSnapshot, Submission, page_html
from .pages import measures_text
from .snapshot import (
    content_digest,
    evidence_entry,
    item_fields,
    items_with_state,
    render_public_page,
)
from .textdiff import Segment, similarity, text_diff

FIELD_LABELS = {
    "code": _("รหัสข้อ"),
    "title_th": _("ชื่อข้อ"),
    "title_en": _("ชื่อข้อ (อังกฤษ)"),
    "indicator": _("ตัวชี้วัด"),
    "sub_indicator": _("ตัวชี้วัดย่อย"),
    "explanation": _("คำอธิบายการเข้าถึงข้อมูล"),
    "has_content": _("มี/ไม่มี"),
    "measures_role": _("แสดงมาตรการส่งเสริมคุณธรรม"),
}
EVIDENCE_LABELS = {
    "kind": _("ประเภท"),
    "title": _("ชื่อเรื่อง"),
    "date": _("วันที่ของเอกสาร"),
    "body": _("ข้อความ / เหตุผล"),
    "text_format": _("รูปแบบข้อความ"),
    "url": _("ลิงก์ (URL)"),
    "link_label": _("ข้อความของลิงก์"),
    "file_name": _("ชื่อไฟล์"),
    "file_size": _("ขนาดไฟล์"),
    "file_sha256": _("เนื้อหาไฟล์ (SHA-256)"),
}


def _display(name: str, value) -> str:
    """A recorded value as staff read it (Thai dates, file sizes, มี/ไม่มี)."""
    if name == "has_content":
        return HAS if value else HAS_NOT
    if value in ("", None):
        return "—"
    if name == "date":
        try:
            return thai.format_date(date.fromisoformat(value), "long")
        except ValueError:
            return str(value)
    if name == "kind":
        return str(Evidence.Kind(value).label) if value in Evidence.Kind.values else str(value)
    if name == "text_format":
        return (
            str(Evidence.TextFormat(value).label)
            if value in Evidence.TextFormat.values
            else str(value)
        )
    if name == "file_size":
        return str(filesizeformat(value))
    return str(value)


def display_entry(entry: dict) -> dict:
    """A recorded evidence entry with its kind and date as staff read them."""
    return {
        **entry,
        "kind_label": _display("kind", entry.get("kind")),
        "date_label": _display("date", entry.get("date")) if entry.get("date") else "—",
    }


@dataclass
class FieldChange:
    name: str
    label: str
    old: object
    new: object

    @property
    def old_display(self) -> str:
        return _display(self.name, self.old)

    @property
    def new_display(self) -> str:
        return _display(self.name, self.new)

    # Values shown whole, before and after: codes, digests, addresses, dates, sizes.
    ATOMIC = frozenset(
        {"code", "has_content", "kind", "date", "text_format", "url", "file_size", "file_sha256"}
    )

    @property
    def is_text(self) -> bool:
        """Text shown as one diff (insertions and deletions marked) rather than before and
        after: long or multi-line text, or a short text that was edited, not replaced."""
        texts = isinstance(self.old, str) and isinstance(self.new, str)
        if self.name in self.ATOMIC or not texts:
            return False
        if len(self.old) > 80 or len(self.new) > 80 or "\n" in self.old + self.new:
            return True
        return bool(self.old and self.new) and similarity(self.old, self.new) >= 0.6

    @cached_property
    def segments(self) -> list[Segment]:
        return text_diff(str(self.old or ""), str(self.new or ""))


def field_changes(old: dict, new: dict, labels: dict) -> list[FieldChange]:
    return [
        FieldChange(name, str(label), old.get(name), new.get(name))
        for name, label in labels.items()
        if old.get(name) != new.get(name)
    ]


@dataclass
class EvidenceChange:
    action: str  # "added", "removed" or "edited"
    entry: dict  # the current entry (the recorded one when removed)
    changes: list[FieldChange] = field(default_factory=list)

    ACTION_LABELS = {
        "added": _("เพิ่มหลังส่ง"),
        "removed": _("ลบหรือยกเลิกการเผยแพร่หลังส่ง"),
        "edited": _("แก้ไขหลังส่ง"),
    }

    @property
    def action_label(self) -> str:
        return str(self.ACTION_LABELS[self.action])

    @property
    def title(self) -> str:
        return self.entry.get("title", "")

    @property
    def display(self) -> dict:
        return display_entry(self.entry)


def evidence_changes(old: list[dict], new: list[dict]) -> tuple[list[EvidenceChange], bool]:
    """Evidence added, removed and edited (matched by id), and whether the order changed."""
    old_by_id = {entry["id"]: entry for entry in old}
    new_by_id = {entry["id"]: entry for entry in new}
    changes = []
    for entry in old:
        if entry["id"] not in new_by_id:
            changes.append(EvidenceChange("removed", entry))
    for entry in new:
        before = old_by_id.get(entry["id"])
        if before is None:
            changes.append(EvidenceChange("added", entry))
            continue
        labels = {name: label for name, label in EVIDENCE_LABELS.items() if name in before}
        edits = field_changes(before, entry, labels)
        if edits:
            changes.append(EvidenceChange("edited", entry, edits))
    kept_before = [e["id"] for e in old if e["id"] in new_by_id]
    kept_now = [e["id"] for e in new if e["id"] in old_by_id]
    return changes, kept_before != kept_now


@dataclass
class CurrentItem:
    """An item as it is now, in the recorded shape."""

    pk: int
    code: str
    title_th: str
    fields: dict
    evidence: list[dict]


STATUS_LABELS = {
    "unchanged": _("ไม่เปลี่ยนแปลง"),
    "changed": _("เปลี่ยนแปลงหลังส่ง"),
    "removed": _("ข้อถูกลบหลังส่ง"),
    "added": _("ข้อใหม่ (ไม่มีในการส่ง)"),
}


@dataclass
class ItemComparison:
    snapshot: ItemSnapshot | None
    current: CurrentItem | None
    field_changes: list[FieldChange] = field(default_factory=list)
    evidence_changes: list[EvidenceChange] = field(default_factory=list)
    order_changed: bool = False
    measures_changed: bool = False  # the measures shown on the page (see check_measures)

    @property
    def status(self) -> str:
        if self.current is None:
            return "removed"
        if self.snapshot is None:
            return "added"
        if self.field_changes or self.evidence_changes or self.order_changed:
            return "changed"
        if self.measures_changed:
            return "changed"
        return "unchanged"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"

    @property
    def code(self) -> str:
        return self.snapshot.code if self.snapshot else self.current.code

    @property
    def title(self) -> str:
        return self.snapshot.title_th if self.snapshot else self.current.title_th

    def summary(self) -> list[str]:
        """Short Thai phrases for the list: what kind of change, how many."""
        if self.status in ("removed", "added"):
            return []
        parts = [str(change.label) for change in self.field_changes]
        for action in ("added", "edited", "removed"):
            count = sum(1 for c in self.evidence_changes if c.action == action)
            if count:
                label = {
                    "added": _("หลักฐานเพิ่ม %(n)d"),
                    "edited": _("หลักฐานแก้ไข %(n)d"),
                    "removed": _("หลักฐานถูกเอาออก %(n)d"),
                }[action]
                parts.append(str(label) % {"n": count})
        if self.order_changed:
            parts.append(str(_("ลำดับหลักฐานเปลี่ยน")))
        if self.measures_changed:
            parts.append(str(_("มาตรการที่แสดงบนหน้า")))
        return parts

    @property
    def shows_measures(self) -> bool:
        """The item carried the year's measures when submitted, or carries them now."""
        return any(
            state is not None and state.fields.get("measures_role")
            for state in (self.snapshot, self.current)
        )


def compare_states(snapshot: ItemSnapshot | None, current: CurrentItem | None) -> ItemComparison:
    """What changed between a recorded item and today's. Only what the snapshot recorded is
    compared: a field the record gains in a later version of the portal is not a change."""
    comparison = ItemComparison(snapshot, current)
    if snapshot is None or current is None:
        return comparison
    fields = {name: current.fields.get(name) for name in snapshot.fields}
    if snapshot.content_sha256 == content_digest(fields, current.evidence):
        return comparison
    comparison.field_changes = field_changes(snapshot.fields, fields, FIELD_LABELS)
    comparison.evidence_changes, comparison.order_changed = evidence_changes(
        snapshot.evidence, current.evidence
    )
    return comparison


def known_digests(snapshots: list[ItemSnapshot]) -> dict[str, str]:
    """Stored file name → recorded SHA-256, over the whole submission (a file may move
    between items when evidence is reassigned)."""
    return {
        entry["stored_name"]: entry["file_sha256"]
        for snapshot in snapshots
        for entry in snapshot.evidence
        if entry.get("stored_name")
    }


def current_item(item: Item, known: dict[str, str]) -> CurrentItem:
    """`item` must come from snapshot.items_with_state()."""
    return CurrentItem(
        pk=item.pk,
        code=item.code,
        title_th=item.title_th,
        fields=item_fields(item),
        evidence=[evidence_entry(e, known) for e in item.published],
    )


@dataclass
class SubmissionComparison:
    submission: Submission
    items: list[ItemComparison]

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def changed_count(self) -> int:
        return sum(1 for item in self.items if item.changed)

    @property
    def unchanged_count(self) -> int:
        return self.count("unchanged")

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, Thai label, count) of each status present, changes first."""
        order = ("changed", "removed", "added", "unchanged")
        counts = [(status, str(STATUS_LABELS[status]), self.count(status)) for status in order]
        return [entry for entry in counts if entry[2]]

    @property
    def year_hidden(self) -> bool:
        """The year went back to "preparing": none of its pages is public any more."""
        return not self.submission.year.is_public


def compare_submission(submission: Submission) -> SubmissionComparison:
    """Every recorded item against today's, then the items added since (sheet order)."""
    snapshots = list(submission.items.defer("page_gzip"))
    known = known_digests(snapshots)
    items = {item.pk: item for item in items_with_state(submission.year)}
    current = [current_item(item, known) for item in items.values()]
    by_pk = {item.pk: item for item in current}
    by_code = {item.code: item for item in current}
    recorded = {snapshot.item_pk for snapshot in snapshots}
    matched: set[int] = set()
    comparisons = []
    for snapshot in snapshots:
        item = by_pk.get(snapshot.item_pk)
        if item is None:  # deleted and created again (a catalogue reload): same code
            candidate = by_code.get(snapshot.code)
            if candidate is not None and candidate.pk not in recorded:
                item = candidate
        if item is not None:
            matched.add(item.pk)
        comparisons.append(compare_states(snapshot, item))
    comparisons.extend(ItemComparison(None, item) for item in current if item.pk not in matched)
    carrying = [c for c in comparisons if c.snapshot and c.current and c.shows_measures]
    if carrying:  # at most the year's two measures items: one query, two renders
        pages = submission.items.filter(pk__in=[c.snapshot.pk for c in carrying])
        stored = dict(pages.values_list("pk", "page_gzip"))
        for comparison in carrying:
            html = page_html(stored[comparison.snapshot.pk])
            check_measures(comparison, html, items[comparison.current.pk])
    return SubmissionComparison(submission, comparisons)


def check_measures(comparison: ItemComparison, stored_html: str, item: Item) -> None:
    """Whether the measures an item shows changed (published, edited, results added).

    The measures live in their own app and are not part of the item's recorded state, so
    for the (at most two) items that show them, the measures section of the stored page is
    compared with the same section rendered now.
    """
    _status, html = render_public_page(item)
    comparison.measures_changed = measures_text(stored_html) != measures_text(html)


def compare_one(snapshot: ItemSnapshot) -> tuple[ItemComparison, Item | None]:
    """One recorded item against today's (its own page in the back office)."""
    year = snapshot.submission.year
    items = items_with_state(year)
    item = items.filter(pk=snapshot.item_pk).first()
    if item is None:
        recorded = snapshot.submission.items.values_list("item_pk", flat=True)
        item = items.filter(code=snapshot.code).exclude(pk__in=recorded).first()
    known = known_digests([snapshot])
    current = current_item(item, known) if item is not None else None
    comparison = compare_states(snapshot, current)
    if item is not None and comparison.shows_measures:
        check_measures(comparison, snapshot.page_html, item)
    return comparison, item
