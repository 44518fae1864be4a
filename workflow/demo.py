"""The demo organisation's back-office work of 2569 (the end of `manage.py demo_data`).

The public demo shows what อบต.หนองบัวงาม publishes; this module shows how its staff get it
done: every item and measure method of the current year gets an owning division, a
responsible person and a due date; demo staff exist in each role (coordinator, two division
editors, a viewer); and some work waits in review (evidence and an explanation submitted, an
explanation and an evidence returned with the coordinator's comment, a method's result
submitted), so that every review state shows in the back office.

Due dates are counted from today, so the demo always has a few items overdue and the rest due
in the coming weeks; nothing else depends on the clock, so two runs on the same day write the
same rows. The staff get no usable password here: `manage.py bootstrap` gives them the admin's.
`fill()` runs inside demo_data's transaction, after the measures (it needs their methods).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from disclosures.models import Evidence, FiscalYear, Item, RequiredElement
from ita_portal.review import ReviewStatus
from measures.demo import EDUCATION, FINANCE, OFFICE, WORKS
from measures.models import Division, Method

from . import roles
from .readiness import evaluate_year

YEAR = 2569
EMAIL_DOMAIN = "nongbuangam-demo.go.th"
DIVISIONS = (OFFICE, FINANCE, WORKS, EDUCATION)


@dataclass(frozen=True)
class StaffSpec:
    """A demo staff member: login, Thai name, role group and (editors) division."""

    username: str
    first_name: str
    last_name: str
    mailbox: str
    role: str
    division: str = ""

    @property
    def email(self) -> str:
        return f"{self.mailbox}@{EMAIL_DOMAIN}"


# The coordinator is the organisation's ITA officer (disclosures.demo.ORGANISATION), the
# viewer its deputy clerk (disclosures.demo.CIVIL), who follows the work without editing it.
STAFF = (
    StaffSpec("coordinator", "กนกวรรณ", "ทองดี", "kanokwan.t", roles.COORDINATOR),
    StaffSpec("editor.palad", "ณัฐพล", "บุญมา", "nattaphon.b", roles.DIVISION_EDITOR, OFFICE),
    StaffSpec("editor.klang", "วิภาวรรณ", "แสงทอง", "wipawan.s", roles.DIVISION_EDITOR, FINANCE),
    StaffSpec("viewer", "ธีระพงษ์", "ศรีสมบูรณ์", "theerapong.s", roles.VIEWER),
)

# Which division prepares an item, by words of its title (never by code: the catalogue
# changes every year). First match wins; items no rule names go to สำนักปลัด, which keeps
# the general administration of an อบต.
OWNERSHIP = (
    (
        OFFICE,
        ("ร้องเรียน", "จริยธรรม", "ทรัพยากรบุคคล", "บุคลากร", "โครงสร้าง", "การติดต่อ", "ผู้บริหาร"),
    ),
    (FINANCE, ("จัดซื้อจัดจ้าง", "พัสดุ", "งบประมาณ", "การเงิน", "บัญชี", "รายได้", "ภาษี")),
    (WORKS, ("ก่อสร้าง", "โยธา", "อาคาร", "ไฟฟ้าสาธารณะ", "ถนน")),
    (EDUCATION, ("การศึกษา", "ศาสนา", "วัฒนธรรม", "เด็กเล็ก")),
)
DEFAULT_DIVISION = OFFICE

LATE_DAYS = (-3, -6, -2, -9)  # work still missing: a few days past its due date
AHEAD_STEP, AHEAD_MIN, AHEAD_SPAN = 11, 7, 36  # the rest: spread over 1–6 weeks ahead
CLOSED_METHODS = (Method.Status.DONE, Method.Status.CANCELLED)

RETURNED_EXPLANATION = "ดูได้ที่เว็บไซต์ อบต. เมนูติดต่อเรา"
RETURNED_EXPLANATION_COMMENT = (
    "คำอธิบายยังไม่บอกเส้นทางจากหน้าหลักให้ครบทุกขั้น ผู้ประเมินจะหาไม่พบ "
    "กรุณาเขียนตามลำดับเมนู เช่น “{path}” แล้วส่งตรวจอีกครั้ง"
)
SUBMITTED_EXPLANATION_TAIL = " > เลือกไตรมาสที่ต้องการ แล้วเปิดไฟล์ PDF หรือดาวน์โหลดตาราง Excel"
RETURNED_EVIDENCE_COMMENT = (
    "กรุณาแนบฉบับที่ผู้บริหารลงนามแล้ว และตรวจว่าวันที่ของเอกสารอยู่ในรอบที่รายงาน แล้วส่งตรวจอีกครั้ง"
)
SUBMITTED_RESULT = (
    "1. รับชำระภาษีที่ดินและสิ่งปลูกสร้างผ่าน QR Code ที่จุดบริการกองคลังแล้ว 146 ราย\n"
    "2. ธนาคารอนุมัติบัญชีรับชำระออนไลน์แล้ว อยู่ระหว่างทดสอบการชำระจากบ้าน"
)


def fill() -> list[str]:
    """Owners, due dates, staff and review work for 2569; lines for demo_data's output."""
    staff = _staff(_divisions())
    year = FiscalYear.objects.filter(year=YEAR).first()
    logins = ", ".join(spec.username for spec in STAFF)
    lines = [f"ผู้ใช้ตัวอย่างตามบทบาท: {logins} (รหัสผ่านตั้งโดย bootstrap)"]
    if year is None:
        return lines
    ticked = _tick_elements(year)  # first: readiness decides which items are late
    schedule = Schedule(timezone.localdate())
    items = _assign_items(year, staff, schedule)
    methods = _assign_methods(year, staff, schedule)
    review = _review_work(year, items, methods, staff)
    lines.append(
        f"งานหลังบ้านปีงบประมาณ {YEAR}: กำหนดส่วนราชการ ผู้รับผิดชอบ และวันกำหนดเสร็จ "
        f"{len(items)} ข้อ {len(methods)} วิธีการ (เลยกำหนด {schedule.late} รายการ) "
        f"องค์ประกอบที่ครบแล้ว {ticked} รายการ งานรอตรวจ/ส่งกลับ {review} รายการ"
    )
    return lines


class Schedule:
    """Hands out due dates around today: late work a few days overdue, the rest 1–6 weeks on."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.late = 0
        self._late_days = itertools.cycle(LATE_DAYS)
        self._ahead = itertools.count()

    def due(self, is_late: bool) -> date:
        if is_late:
            self.late += 1
            return self.today + timedelta(days=next(self._late_days))
        days = AHEAD_MIN + next(self._ahead) * AHEAD_STEP % AHEAD_SPAN
        return self.today + timedelta(days=days)


# --- divisions and staff -----------------------------------------------------------------------


def _divisions() -> dict[str, Division]:
    """The four divisions of an อบต. (the measures demo normally created them already)."""
    divisions = {d.name: d for d in Division.objects.filter(name__in=DIVISIONS)}
    for order, name in enumerate(DIVISIONS, start=1):
        if name not in divisions:
            division = Division(name=name, order=order)
            division.full_clean()
            division.save()
            divisions[name] = division
    return divisions


def _staff(divisions: dict[str, Division]) -> dict[str, object]:
    """The demo staff by user name. A login that already exists is someone's own: kept as is."""
    user_model = get_user_model()
    if Group.objects.filter(name__in=roles.ROLES).count() < len(roles.ROLES):
        roles.ensure_roles()  # normally done after migrate
    staff = {}
    for spec in STAFF:
        user = user_model.objects.filter(username=spec.username).first()
        if user is None:
            user = user_model(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=spec.email,
                is_staff=True,
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
            user.groups.add(Group.objects.get(name=spec.role))
            if spec.division:
                divisions[spec.division].members.add(user)
        staff[spec.username] = user
    return staff


def _owner_for(division: Division, staff: dict[str, object]):
    """The division's editor answers for its work; the coordinator for divisions without one."""
    for spec in STAFF:
        if spec.division == division.name:
            return staff[spec.username]
    return staff["coordinator"]


def division_for(title: str) -> str:
    """The division that prepares an item with this title (see OWNERSHIP)."""
    lowered = title.lower()
    for division, words in OWNERSHIP:
        if any(word.lower() in lowered for word in words):
            return division
    return DEFAULT_DIVISION


# --- ownership and due dates ------------------------------------------------------------------


def _assign_items(year: FiscalYear, staff: dict, schedule: Schedule) -> list[Item]:
    """Every item of the year: its division by title, that division's person, a due date.
    The items not ready for the assessors are the late ones, as the dashboard will say."""
    divisions = {d.name: d for d in Division.objects.filter(name__in=DIVISIONS)}
    readiness = evaluate_year(year, schedule.today)
    not_ready = {row.item.pk for row in readiness.rows if not row.is_ready}
    items = list(
        Item.objects.filter(year=year).select_related("year", "indicator").order_by("order", "code")
    )
    for item in items:
        item.owner_division = divisions[division_for(item.title_th)]
        item.owner = _owner_for(item.owner_division, staff)
        item.due_date = schedule.due(is_late=item.pk in not_ready)
        item._history_user = staff["coordinator"]  # who shared out the work, in the history
        item.full_clean()
        item.save(update_fields=["owner_division", "owner", "due_date", "updated_at"])
    return items


def _assign_methods(year: FiscalYear, staff: dict, schedule: Schedule) -> list[Method]:
    """Every method of the year's measures: its first unit that is not "everyone" (else
    สำนักปลัด) owns it. Methods still open are the late ones."""
    office = Division.objects.get(name=OFFICE)
    methods = list(
        Method.objects.filter(measure__year=year)
        .select_related("measure")
        .prefetch_related("units")
        .order_by("measure__number", "order", "pk")
    )
    for method in methods:
        units = [unit for unit in method.units.all() if not unit.is_everyone]
        method.owner_division = units[0] if units else office
        method.owner = _owner_for(method.owner_division, staff)
        method.due_date = schedule.due(is_late=method.status not in CLOSED_METHODS)
        method._history_user = staff["coordinator"]
        method.full_clean()
        method.save(update_fields=["owner_division", "owner", "due_date", "updated_at"])
    return methods


def _tick_elements(year: FiscalYear) -> int:
    """Tick the required elements of items with published evidence, each pointing at one
    of them in turn (only when the catalogue gave the items elements)."""
    published: dict[int, list[Evidence]] = defaultdict(list)
    for evidence in Evidence.objects.filter(item__year=year, is_published=True).order_by(
        "item", "order", "pk"
    ):
        published[evidence.item_id].append(evidence)
    ticked = 0
    seen: dict[int, int] = defaultdict(int)
    for element in RequiredElement.objects.filter(item__year=year).order_by("item", "order", "pk"):
        pieces = published.get(element.item_id)
        if not pieces:
            continue
        element.is_met = True
        element.save(update_fields=["is_met"])
        element.evidence.set([pieces[seen[element.item_id] % len(pieces)]])
        seen[element.item_id] += 1
        ticked += 1
    return ticked


# --- work in review ---------------------------------------------------------------------------


def _review_work(year: FiscalYear, items: list[Item], methods: list[Method], staff: dict) -> int:
    """Put work in every review state; returns how many records wait on someone."""
    return (
        _review_evidence(year, staff)
        + _submit_explanation(items)
        + _return_explanation(items, staff)
        + _submit_result(methods)
    )


def _review_evidence(year: FiscalYear, staff: dict) -> int:
    """The year's drafts are submitted by their owners, except the last: the coordinator
    returned it with a comment (a draft with a review comment)."""
    drafts = list(
        Evidence.objects.filter(item__year=year, status=ReviewStatus.DRAFT)
        .select_related("item__owner")
        .order_by("item__order", "item__code", "order", "pk")
    )
    returned = drafts.pop() if len(drafts) > 1 else None
    for evidence in drafts:
        evidence.status = ReviewStatus.SUBMITTED
        evidence._history_user = evidence.item.owner
        evidence.save()
    if returned is not None:
        returned.review_comment = RETURNED_EVIDENCE_COMMENT
        returned._history_user = staff["coordinator"]
        returned.save()
    return len(drafts) + (returned is not None)


def _pick(items: Iterable[Item], division: str, words: tuple[str, ...]) -> Item | None:
    """An item of the division that already has a published explanation, preferably one
    whose title has one of `words`."""
    candidates = [i for i in items if i.owner_division.name == division and i.explanation]
    for item in candidates:
        if any(word in item.title_th for word in words):
            return item
    return candidates[0] if candidates else None


def _submit_explanation(items: list[Item]) -> int:
    """กองคลัง's editor sends a more precise path for review; citizens still read the old one."""
    item = _pick(items, FINANCE, ("จัดซื้อจัดจ้าง",))
    if item is None:
        return 0
    item.explanation_draft = item.navigation_path() + SUBMITTED_EXPLANATION_TAIL
    item.explanation_status = ReviewStatus.SUBMITTED
    item._history_user = item.owner
    item.save(update_fields=["explanation_draft", "explanation_status", "updated_at"])
    return 1


def _return_explanation(items: list[Item], staff: dict) -> int:
    """สำนักปลัด's editor wrote a vague path; the coordinator sent it back saying why."""
    item = _pick(items, OFFICE, ("การติดต่อ",))
    if item is None:
        return 0
    item.explanation_draft = RETURNED_EXPLANATION
    item.explanation_status = ReviewStatus.DRAFT
    item.explanation_comment = RETURNED_EXPLANATION_COMMENT.format(path=item.navigation_path())
    item._history_user = staff["coordinator"]
    item.save(
        update_fields=[
            "explanation_draft",
            "explanation_status",
            "explanation_comment",
            "updated_at",
        ]
    )
    return 1


def _submit_result(methods: list[Method]) -> int:
    """กองคลัง's editor reports progress on a method still open; the published result stays
    until the coordinator publishes the new one."""
    open_finance = [
        m for m in methods if m.owner_division.name == FINANCE and m.status not in CLOSED_METHODS
    ]
    method = next((m for m in open_finance if "QR Code" in m.text), None)
    if method is None:
        return 0
    method.result_draft = SUBMITTED_RESULT
    method.recommendation_draft = method.recommendation
    method.result_status = ReviewStatus.SUBMITTED
    method._history_user = method.owner
    method.save(
        update_fields=["result_draft", "recommendation_draft", "result_status", "updated_at"]
    )
    return 1


# --- logins (for bootstrap) -------------------------------------------------------------------


def staff_awaiting_password() -> list:
    """The demo staff that nobody has given a password yet, in the order of STAFF."""
    users = {
        user.username: user
        for user in get_user_model()
        .objects.filter(
            username__in=[spec.username for spec in STAFF], email__endswith=f"@{EMAIL_DOMAIN}"
        )
        .prefetch_related("groups", "divisions")
    }
    return [
        users[spec.username]
        for spec in STAFF
        if spec.username in users and not users[spec.username].has_usable_password()
    ]


def role_label(user) -> str:
    """The user's role as the back office names it, with the divisions of an editor."""
    groups = {group.name for group in user.groups.all()}
    role = next((name for name in roles.ROLES if name in groups), "")
    divisions = ", ".join(division.name for division in user.divisions.all())
    if role == roles.DIVISION_EDITOR and divisions:
        return f"{role}: {divisions}"
    return role
