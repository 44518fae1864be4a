"""What a new year takes over of who does what: the year rollover carries each item's
evidence-date rule, owning division and responsible person (never its due date, which each
year sets), and copying last year's measures carries each method's division and person."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.catalog import parse_catalog
from disclosures.models import FiscalYear, Item
from disclosures.rollover import carry_out, plan_rollover
from measures.copying import copy_measures
from measures.models import Division, Measure, Method

pytestmark = pytest.mark.django_db

Rule = Item.DateRule


def assigned(year: int, code: str) -> tuple:
    item = Item.objects.select_related("owner_division", "owner").get(year__year=year, code=code)
    return (
        item.date_rule,
        item.owner_division.name if item.owner_division else None,
        item.owner.username if item.owner else None,
        item.due_date,
    )


def csv_catalog(text: str):
    return parse_catalog(text.encode("utf-8"), "catalog-2570.csv")


@pytest.fixture
def finance():
    return Division.objects.create(name="กองคลัง")


@pytest.fixture
def alice(factory):
    return factory.staff("alice")


@pytest.fixture
def year_2569(factory, finance, alice) -> FiscalYear:
    """O12 (an annual report) assigned to กองคลัง/alice and due in 2569; O1 unassigned."""
    year = factory.year(2569)
    factory.item(year, code="O1", title_th="โครงสร้าง", order=1)
    factory.item(
        year,
        code="O12",
        title_th="รายงานผลการจัดซื้อจัดจ้างประจำปี",
        order=12,
        date_rule=Rule.PREVIOUS,
        owner_division=finance,
        owner=alice,
        due_date=date(2026, 3, 31),
    )
    return year


# --- the year rollover ---------------------------------------------------------------------


def test_a_cloned_year_keeps_each_items_rule_and_owners_but_not_its_due_date(year_2569):
    carry_out(plan_rollover(year_2569, 2570))

    assert assigned(2570, "O12") == (Rule.PREVIOUS, "กองคลัง", "alice", None)
    assert assigned(2570, "O1") == (Rule.ANY, None, None, None)
    assert assigned(2569, "O12") == (Rule.PREVIOUS, "กองคลัง", "alice", date(2026, 3, 31))


def test_a_catalogue_silent_on_the_rule_keeps_year_ns_and_the_owners_follow_a_new_code(
    year_2569,
):
    catalog = csv_catalog("รหัส,ชื่อข้อ,ตัวชี้วัด\nO1,โครงสร้าง,9\nO13,รายงานผลการจัดซื้อจัดจ้างประจำปี,9\n")

    carry_out(plan_rollover(year_2569, 2570, catalog, "catalog-2570.csv"))

    assert assigned(2570, "O13") == (Rule.PREVIOUS, "กองคลัง", "alice", None)


def test_a_catalogue_that_sets_the_rule_wins_and_the_diff_says_it_changed(year_2569):
    catalog = csv_catalog(
        "รหัส,ชื่อข้อ,ตัวชี้วัด,เกณฑ์วันที่\nO1,โครงสร้าง,9,\nO12,รายงานผลการจัดซื้อจัดจ้างประจำปี,9,ปีปัจจุบัน\n"
    )

    plan = plan_rollover(year_2569, 2570, catalog, "catalog-2570.csv")
    carry_out(plan)

    (o12,) = [pair for pair in plan.pairs if pair.new and pair.new.code == "O12"]
    assert "เกณฑ์วันที่เปลี่ยนจาก “ปีงบประมาณก่อนหน้า” เป็น “ปีงบประมาณที่ประเมิน”" in o12.notes
    assert assigned(2570, "O12") == (Rule.CURRENT, "กองคลัง", "alice", None)


def test_the_rollover_page_shows_the_rule_change_before_anything_is_written(
    client, factory, year_2569
):
    client.force_login(
        factory.staff(
            "coordinator", perms=("disclosures.add_fiscalyear", "disclosures.add_evidence")
        )
    )
    catalog = "รหัส,ชื่อข้อ,ตัวชี้วัด,เกณฑ์วันที่\nO12,รายงานผลการจัดซื้อจัดจ้างประจำปี,9,ครึ่งปีแรก\n"

    response = client.post(
        reverse("admin:disclosures_fiscalyear_rollover", args=[year_2569.pk]),
        {"step": "start", "target": "2570", "source": "file", "file": _upload(catalog)},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "เกณฑ์วันที่เปลี่ยนจาก “ปีงบประมาณก่อนหน้า” เป็น “ครึ่งปีแรกของปีงบประมาณ" in html
    assert not FiscalYear.objects.filter(year=2570).exists()


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("catalog-2570.csv", text.encode("utf-8"), content_type="text/csv")


# --- copying last year's measures ----------------------------------------------------------


def test_copied_methods_keep_their_division_and_person_but_not_their_due_date(
    factory, finance, alice
):
    previous = factory.year(2568)
    target = factory.year(2569, status=FiscalYear.Status.PREPARING)
    measure = Measure.objects.create(year=previous, number=1, title="เปิดเผยข้อมูล")
    Method.objects.create(
        measure=measure,
        order=1,
        text="ปรับปรุงเว็บไซต์",
        owner_division=finance,
        owner=alice,
        due_date=date(2025, 9, 30),
    )
    Method.objects.create(measure=measure, order=2, text="ไม่มีเจ้าของ")

    copy_measures(target)

    copies = Method.objects.filter(measure__year=target).order_by("order")
    assert [(m.text, m.owner_division, m.owner, m.due_date) for m in copies] == [
        ("ปรับปรุงเว็บไซต์", finance, alice, None),
        ("ไม่มีเจ้าของ", None, None, None),
    ]


def test_staff_who_may_not_create_years_cannot_carry_owners_over(client, factory, year_2569):
    client.force_login(factory.staff("viewer", perms=("disclosures.view_fiscalyear",)))

    response = client.post(
        reverse("admin:disclosures_fiscalyear_rollover", args=[year_2569.pk]),
        {"step": "start", "target": "2570", "source": "clone"},
    )

    assert response.status_code == 403
    assert not FiscalYear.objects.filter(year=2570).exists()
