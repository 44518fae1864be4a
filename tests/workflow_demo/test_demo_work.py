"""The demo's back-office work of 2569 (workflow.demo, run at the end of `manage.py demo_data`):
owners and due dates, the role users, and work waiting in every review state."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from disclosures.catalog import load_catalog_file
from disclosures.models import Evidence, FiscalYear, Item, RequiredElement
from ita_portal.review import ReviewStatus
from measures.models import Division, Method
from workflow import demo, roles
from workflow.readiness import evaluate_year

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ("coordinator", "editor.palad", "editor.klang", "viewer")


def run() -> str:
    out = io.StringIO()
    call_command("demo_data", stdout=out)
    return out.getvalue()


@pytest.fixture
def output() -> str:
    return run()


def items_2569():
    return Item.objects.filter(year__year=2569).select_related("owner", "owner_division")


# --- ownership and due dates -----------------------------------------------------------------


def test_every_2569_item_has_a_division_a_person_and_a_due_date(output):
    items = list(items_2569())

    assert len(items) > 20
    for item in items:
        assert item.owner_division is not None, item
        assert item.owner.username in DEMO_LOGINS, item
        assert item.due_date is not None, item
    assert "26 ข้อ 17 วิธีการ" in output


def test_divisions_follow_the_item_titles(output):
    def division_of(words: str) -> str:
        return items_2569().filter(title_th__contains=words).first().owner_division.name

    assert division_of("จัดซื้อจัดจ้าง") == "กองคลัง"
    assert division_of("การใช้งบประมาณ") == "กองคลัง"
    assert division_of("ร้องเรียน") == "สำนักปลัด"
    assert division_of("ทรัพยากรบุคคล") == "สำนักปลัด"
    assert division_of("โครงสร้าง") == "สำนักปลัด"
    assert division_of("การนำผลการประเมิน ITA") == "สำนักปลัด"  # no keyword: the default
    # Each division's editor answers for its items.
    klang = items_2569().filter(owner_division__name="กองคลัง")
    assert {item.owner.username for item in klang} == {"editor.klang"}


def test_division_for_reads_titles_whatever_the_catalogue():
    assert demo.division_for("โครงการก่อสร้างถนนคอนกรีต") == "กองช่าง"
    assert demo.division_for("ศูนย์พัฒนาเด็กเล็ก") == "กองการศึกษา ศาสนาและวัฒนธรรม"
    assert demo.division_for("ข้อที่ไม่มีคำใดตรง") == "สำนักปลัด"


def test_items_not_ready_are_a_few_days_overdue_the_rest_due_within_six_weeks(output):
    today = timezone.localdate()
    readiness = evaluate_year(FiscalYear.objects.get(year=2569), today)

    overdue = [row for row in readiness.rows if row.overdue]
    assert 2 <= len(overdue) <= 8
    assert all(not row.is_ready for row in overdue)
    for row in readiness.rows:
        days = (row.due_date - today).days
        if row.is_ready:
            assert 7 <= days <= 42, row.item
        else:
            assert -14 <= days < 0, row.item
    assert readiness.overall.overdue == len(overdue)


def test_every_2569_method_has_an_owner_division_that_is_not_everyone(output):
    methods = list(
        Method.objects.filter(measure__year__year=2569).select_related("owner", "owner_division")
    )
    today = timezone.localdate()

    assert len(methods) == 17
    for method in methods:
        assert method.owner_division and not method.owner_division.is_everyone, method
        assert method.owner.username in DEMO_LOGINS, method
        assert today - timedelta(days=14) <= method.due_date <= today + timedelta(days=42)
    everyone_only = Method.objects.get(
        measure__year__year=2569, units__is_everyone=True, text__contains="คู่มือการให้บริการ"
    )
    assert everyone_only.owner_division.name == "สำนักปลัด"
    finance = Method.objects.filter(measure__year__year=2569, units__name="กองคลัง")
    assert set(finance.values_list("owner_division__name", flat=True)) == {"กองคลัง"}
    # Methods of the archived year are left as they were.
    assert not Method.objects.filter(measure__year__year=2568, owner__isnull=False).exists()


# --- the role users ----------------------------------------------------------------------------


def test_staff_exist_in_their_role_groups_and_divisions(output):
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_LOGINS)}

    assert set(users) == set(DEMO_LOGINS)
    expected = {
        "coordinator": (roles.COORDINATOR, set()),
        "editor.palad": (roles.DIVISION_EDITOR, {"สำนักปลัด"}),
        "editor.klang": (roles.DIVISION_EDITOR, {"กองคลัง"}),
        "viewer": (roles.VIEWER, set()),
    }
    for username, (role, divisions) in expected.items():
        user = users[username]
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert set(user.divisions.values_list("name", flat=True)) == divisions
        assert user.is_staff and not user.is_superuser
        assert user.first_name and user.last_name and not user.first_name.isascii()
        assert user.email.endswith("@nongbuangam-demo.go.th")
    assert users["editor.klang"].has_perm("disclosures.change_item")
    assert not users["editor.klang"].has_perm(roles.PUBLISH_EVIDENCE)
    assert users["coordinator"].has_perm(roles.PUBLISH_EVIDENCE)
    assert not users["viewer"].has_perm("disclosures.change_item")


def test_staff_cannot_log_in_before_bootstrap_sets_their_password(output, client):
    for username in DEMO_LOGINS:
        assert not User.objects.get(username=username).has_usable_password()
        assert not client.login(username=username, password="")

    response = client.post(
        reverse("admin:login"), {"username": "coordinator", "password": "coordinator"}
    )
    assert response.status_code == 200  # the form again, with its error; no session
    assert "_auth_user_id" not in client.session


def test_the_four_divisions_exist_even_without_the_measures_demo(monkeypatch):
    from measures import demo as measures_demo

    monkeypatch.setattr(measures_demo, "fill", lambda: [])

    run()

    names = set(Division.objects.values_list("name", flat=True))
    assert names == {"สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"}
    assert User.objects.get(username="editor.klang").divisions.get().name == "กองคลัง"
    assert not items_2569().filter(owner__isnull=True).exists()


def test_an_existing_login_of_the_same_name_is_left_alone():
    own = User.objects.create_user("viewer", email="somchai@example.go.th", password="own-pw-123")

    run()

    own.refresh_from_db()
    assert own.email == "somchai@example.go.th" and own.check_password("own-pw-123")
    assert not own.groups.exists()
    assert User.objects.filter(username__in=DEMO_LOGINS).count() == 4


# --- work in review ----------------------------------------------------------------------------


def test_draft_evidence_is_submitted_and_one_is_returned_with_a_comment(output):
    evidence = Evidence.objects.filter(item__year__year=2569)

    submitted = evidence.filter(status=ReviewStatus.SUBMITTED)
    assert submitted.count() >= 2
    assert not submitted.filter(is_published=True).exists()
    returned = evidence.get(status=ReviewStatus.DRAFT)
    assert "ส่งตรวจอีกครั้ง" in returned.review_comment
    # Submitted by the item's person; returned by the coordinator (the history says who).
    piece = submitted.select_related("item__owner").first()
    assert piece.history.first().history_user == piece.item.owner
    assert returned.history.first().history_user.username == "coordinator"


def test_a_submitted_explanation_waits_while_citizens_read_the_published_one(output, client):
    item = Item.objects.get(year__year=2569, explanation_status=ReviewStatus.SUBMITTED)

    assert item.owner_division.name == "กองคลัง"
    assert item.explanation_draft != item.explanation
    assert item.explanation == item.navigation_path()
    page = client.get(item.get_absolute_url()).content.decode()
    assert escape(item.explanation) in page  # the page escapes the path's “>”
    assert "ดาวน์โหลดตาราง Excel" not in page


def test_a_returned_explanation_carries_the_coordinators_comment(output):
    item = Item.objects.get(
        year__year=2569, explanation_status=ReviewStatus.DRAFT, explanation_comment__gt=""
    )

    assert item.owner.username == "editor.palad"
    assert item.explanation_draft == demo.RETURNED_EXPLANATION
    assert item.navigation_path() in item.explanation_comment
    assert item.explanation  # the published path stays until a better one is published


def test_a_method_result_is_submitted_and_the_published_result_stays(output):
    method = Method.objects.get(measure__year__year=2569, result_status=ReviewStatus.SUBMITTED)

    assert method.owner.username == "editor.klang"
    assert method.result_draft == demo.SUBMITTED_RESULT
    assert method.result and method.result != method.result_draft


def test_required_elements_of_items_with_published_evidence_are_ticked():
    for year in (2568, 2569):
        load_catalog_file(Path(settings.BASE_DIR) / "catalogs" / f"catalog-{year}.yaml", year)
    structure = Item.objects.get(year__year=2569, title_th__startswith="โครงสร้าง")
    risk_report = Item.objects.get(year__year=2569, title_th__contains="บริหารจัดการความเสี่ยง")
    for item in (structure, risk_report):
        for order, text in enumerate(("แผนผังโครงสร้าง", "หน้าที่และอำนาจ"), start=1):
            RequiredElement.objects.create(item=item, order=order, text=text)

    output = run()

    for element in structure.required_elements.prefetch_related("evidence"):
        assert element.is_met
        [evidence] = element.evidence.all()
        assert evidence.item_id == structure.pk and evidence.is_published
    # Two elements, two published pieces: each element points at its own.
    assert structure.required_elements.values("evidence").distinct().count() == 2
    # The risk report has no evidence in 2569 yet: nothing to tick.
    assert not risk_report.required_elements.filter(is_met=True).exists()
    assert "องค์ประกอบที่ครบแล้ว 2 รายการ" in output


# --- runs ----------------------------------------------------------------------------------------


def snapshot() -> list[tuple]:
    """What the demo decided, as plain values: no keys, no timestamps."""
    items = (
        items_2569()
        .order_by("code")
        .values_list(
            "code",
            "owner_division__name",
            "owner__username",
            "due_date",
            "explanation_status",
            "explanation_draft",
            "explanation_comment",
        )
    )
    evidence = Evidence.objects.order_by("item__year__year", "item__code", "order").values_list(
        "item__code", "order", "status", "review_comment"
    )
    methods = Method.objects.order_by("measure__year__year", "measure__number", "order")
    methods = methods.values_list(
        "owner_division__name", "owner__username", "due_date", "result_status", "result_draft"
    )
    users = User.objects.order_by("username").values_list(
        "username", "first_name", "last_name", "email", "groups__name", "divisions__name"
    )
    return [*items, *evidence, *methods, *users]


class Rollback(Exception):
    pass


def test_the_same_work_every_run():
    with pytest.raises(Rollback), transaction.atomic():
        run()
        first = snapshot()
        raise Rollback  # undo the first run's rows, keep what it decided
    assert not User.objects.exists()

    run()

    assert snapshot() == first
    assert len(first) > 100


def test_a_failure_in_the_work_rolls_back_the_whole_demo(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "_review_work", fail)
    with pytest.raises(RuntimeError):
        run()
    assert not Item.objects.exists() and not Evidence.objects.exists()
    assert not User.objects.exists() and not Division.objects.exists()
