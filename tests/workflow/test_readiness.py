"""When an item counts as ready for the assessors, and the Thai sentences saying what it lacks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosures.models import Evidence, Item, RequiredElement
from links.models import LinkCheck
from measures.models import Division, Measure, Programme
from workflow.readiness import State, evaluate_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(factory):
    return factory.year(2569, is_current=True)


def row_of(item):
    """The readiness of one item, assessed with its whole year as the dashboard does."""
    rows = {row.item.pk: row for row in evaluate_year(item.year).rows}
    return rows[item.pk]


def element(item, text="โครงสร้างองค์กร", is_met=True, evidence=()):
    made = RequiredElement.objects.create(item=item, order=1, text=text, is_met=is_met)
    made.evidence.add(*evidence)
    return made


def failing_check(url, reason="HTTP 404 ไม่พบหน้า", outcome="broken"):
    return LinkCheck.objects.create(
        url=url, outcome=outcome, reason=reason, status_code=404, consecutive_failures=2
    )


# --- items without required elements -------------------------------------------------------


def test_an_item_without_elements_and_without_evidence_is_incomplete(factory, year):
    item = factory.item(year)

    row = row_of(item)

    assert row.state == State.INCOMPLETE
    assert row.state_label == "ไม่ครบ"
    assert row.lacks == ["ยังไม่มีหลักฐานที่เผยแพร่แล้ว"]


def test_an_item_without_elements_is_ready_with_one_published_evidence(factory, year):
    item = factory.item(year)
    factory.evidence(item)

    row = row_of(item)

    assert row.state == State.READY
    assert row.state_label == "พร้อม"
    assert row.lacks == []


def test_drafts_only_are_draft_only_and_named(factory, year):
    item = factory.item(year)
    factory.evidence(item, title="ร่างแผนปฏิบัติการ", is_published=False)
    factory.evidence(item, title="คำสั่งแต่งตั้ง", status="submitted")

    row = row_of(item)

    assert row.state == State.DRAFT_ONLY
    assert row.state_label == "มีแต่ฉบับร่าง"
    assert "หลักฐานฉบับร่างที่ยังไม่ส่งตรวจ: “ร่างแผนปฏิบัติการ”" in row.lacks
    assert "หลักฐานที่ส่งตรวจแล้ว รอผู้ประสานงานเผยแพร่: “คำสั่งแต่งตั้ง”" in row.lacks


def test_evidence_published_in_the_future_does_not_count_yet(factory, year):
    item = factory.item(year)
    factory.evidence(item, title="ประกาศ", publish_at=timezone.now() + timedelta(days=3))

    row = row_of(item)

    assert row.state == State.DRAFT_ONLY
    assert any(lack.startswith("หลักฐาน “ประกาศ” ตั้งเวลาเผยแพร่ไว้") for lack in row.lacks)


def test_binned_evidence_never_counts(factory, year):
    item = factory.item(year)
    factory.evidence(item).move_to_bin()

    row = row_of(item)

    assert row.state == State.INCOMPLETE
    assert row.lacks == ["ยังไม่มีหลักฐานที่เผยแพร่แล้ว"]


def test_the_item_carrying_the_measures_is_ready_once_they_are_published(factory, year):
    item = factory.item(year, indicator=10)
    Programme.objects.create(year=year, measures_item=item)
    measure = Measure.objects.create(year=year, number=1, title="มาตรการ", is_published=False)
    assert row_of(item).state == State.INCOMPLETE

    measure.is_published = True
    measure.save()

    assert row_of(item).state == State.READY


def test_a_ticked_element_of_the_measures_item_is_backed_by_the_published_measures(factory, year):
    item = factory.item(year, indicator=10)
    Programme.objects.create(year=year, measures_item=item)
    Measure.objects.create(year=year, number=1, title="มาตรการ")
    tick = element(item, text="มาตรการส่งเสริมคุณธรรม", is_met=False)
    assert row_of(item).state == State.INCOMPLETE

    tick.is_met = True
    tick.save()

    assert row_of(item).state == State.READY


# --- the checklist of required elements ------------------------------------------------------


def test_an_element_ticked_and_backed_by_published_evidence_is_covered(factory, year):
    item = factory.item(year)
    element(item, evidence=[factory.evidence(item)])

    assert row_of(item).state == State.READY


def test_an_element_not_ticked_is_not_covered(factory, year):
    item = factory.item(year)
    element(item, text="แผนผังโครงสร้าง", is_met=False, evidence=[factory.evidence(item)])

    row = row_of(item)

    assert row.state == State.INCOMPLETE
    assert row.lacks == ["องค์ประกอบ “แผนผังโครงสร้าง”: ยังไม่ได้ทำเครื่องหมายว่ามีครบ"]


def test_an_element_ticked_without_evidence_says_so(factory, year):
    item = factory.item(year)
    factory.evidence(item)  # published, but not pointed at by the element
    element(item, text="อำนาจหน้าที่", evidence=[])

    row = row_of(item)

    assert row.state == State.INCOMPLETE
    assert row.lacks == ["องค์ประกอบ “อำนาจหน้าที่”: ยังไม่ได้ระบุหลักฐาน"]


def test_an_element_ticked_but_backed_only_by_a_draft_is_not_covered(factory, year):
    item = factory.item(year)
    draft = factory.evidence(item, title="ร่างโครงสร้าง", is_published=False)
    element(item, text="ฝ่ายการเมืองและฝ่ายประจำ", evidence=[draft])

    row = row_of(item)

    assert row.state == State.DRAFT_ONLY
    assert row.lacks == [
        "ยังไม่มีหลักฐานที่เผยแพร่แล้ว",
        "องค์ประกอบ “ฝ่ายการเมืองและฝ่ายประจำ”: หลักฐานที่ระบุยังไม่เผยแพร่",
        "หลักฐานฉบับร่างที่ยังไม่ส่งตรวจ: “ร่างโครงสร้าง”",
    ]


def test_an_element_backed_only_by_binned_evidence_is_not_covered(factory, year):
    item = factory.item(year)
    binned = factory.evidence(item)
    element(item, text="ข้อมูลผู้บริหาร", evidence=[binned])
    factory.evidence(item, title="หลักฐานอื่น")
    binned.move_to_bin()

    row = row_of(item)

    assert row.state == State.INCOMPLETE
    assert row.lacks == ["องค์ประกอบ “ข้อมูลผู้บริหาร”: ยังไม่ได้ระบุหลักฐาน"]


def test_every_element_must_be_covered(factory, year):
    item = factory.item(year)
    evidence = factory.evidence(item)
    element(item, text="ข้อแรก", evidence=[evidence])
    element(item, text="ข้อสอง", is_met=False)

    row = row_of(item)

    assert row.state == State.INCOMPLETE
    assert row.lacks == ["องค์ประกอบ “ข้อสอง”: ยังไม่ได้ทำเครื่องหมายว่ามีครบ และ ยังไม่ได้ระบุหลักฐาน"]


# --- the date rules -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "day", "ready"),
    [
        (Item.DateRule.FIRST_HALF, date(2025, 10, 1), True),
        (Item.DateRule.FIRST_HALF, date(2026, 3, 31), True),
        (Item.DateRule.FIRST_HALF, date(2026, 4, 1), True),  # the report on Oct-Mar
        (Item.DateRule.FIRST_HALF, date(2026, 6, 30), True),
        (Item.DateRule.FIRST_HALF, date(2026, 7, 1), False),
        (Item.DateRule.FIRST_HALF, date(2025, 9, 30), False),
        (Item.DateRule.CURRENT, date(2025, 10, 1), True),
        (Item.DateRule.CURRENT, date(2026, 9, 30), True),
        (Item.DateRule.CURRENT, date(2026, 10, 1), False),
        (Item.DateRule.CURRENT, date(2025, 9, 30), False),
        (Item.DateRule.PREVIOUS, date(2024, 10, 1), True),
        (Item.DateRule.PREVIOUS, date(2025, 9, 30), True),
        (Item.DateRule.PREVIOUS, date(2025, 11, 28), True),  # the annual report, after
        (Item.DateRule.PREVIOUS, date(2026, 9, 30), True),
        (Item.DateRule.PREVIOUS, date(2026, 10, 1), False),
        (Item.DateRule.PREVIOUS, date(2024, 9, 30), False),
        (Item.DateRule.ANY, date(2010, 1, 1), True),
    ],
)
def test_evidence_dates_must_fall_inside_the_rule_of_the_item(factory, year, rule, day, ready):
    item = factory.item(year, date_rule=rule)
    factory.evidence(item, document_date=day)

    assert row_of(item).state == (State.READY if ready else State.STALE)


def test_a_date_outside_the_first_half_names_the_window_in_thai(factory, year):
    item = factory.item(year, date_rule=Item.DateRule.FIRST_HALF)
    factory.evidence(item, title="รายงานผลครึ่งปี", document_date=date(2026, 7, 1))

    row = row_of(item)

    assert row.state_label == "วันที่ไม่เข้าเกณฑ์"
    assert row.lacks == [
        "หลักฐาน “รายงานผลครึ่งปี” ลงวันที่ 1 ก.ค. 2569 อยู่นอกช่วง 1 ต.ค. 2568 ถึง "
        "30 มิ.ย. 2569 (ครึ่งปีแรกของปีงบประมาณ (ต.ค.–มี.ค.))"
    ]


def test_an_undated_evidence_is_stale_when_the_rule_needs_a_date(factory, year):
    item = factory.item(year, date_rule=Item.DateRule.PREVIOUS)
    factory.evidence(item, title="รายงานประจำปี", document_date=None)

    row = row_of(item)

    assert row.state == State.STALE
    assert row.lacks == [
        "หลักฐาน “รายงานประจำปี” ไม่ได้ระบุวันที่ของเอกสาร ต้องลงวันที่ระหว่าง "
        "1 ต.ค. 2567 ถึง 30 ก.ย. 2569 (ปีงบประมาณก่อนหน้า)"
    ]


def test_an_undated_evidence_is_fine_when_any_date_will_do(factory, year):
    item = factory.item(year, date_rule=Item.DateRule.ANY)
    factory.evidence(item, document_date=None)

    assert row_of(item).state == State.READY


def test_an_old_draft_does_not_make_the_item_stale(factory, year):
    item = factory.item(year, date_rule=Item.DateRule.CURRENT)
    factory.evidence(item)
    factory.evidence(item, document_date=date(2020, 1, 1), is_published=False)

    assert row_of(item).state == State.READY


# --- links --------------------------------------------------------------------------------


def test_a_published_link_that_failed_the_last_check_is_broken(factory, year):
    item = factory.item(year)
    factory.evidence(item, kind=Evidence.Kind.LINK, title="แผนผัง", url="https://a.go.th/x")
    failing_check("https://a.go.th/x")

    row = row_of(item)

    assert row.state == State.BROKEN
    assert row.state_label == "ลิงก์เสีย"
    assert len(row.lacks) == 1
    assert row.lacks[0].startswith("ลิงก์ของหลักฐาน “แผนผัง” (https://a.go.th/x) ใช้งานไม่ได้เมื่อตรวจ")
    assert row.lacks[0].endswith(": HTTP 404 ไม่พบหน้า")


def test_a_link_that_passed_the_last_check_is_fine(factory, year):
    item = factory.item(year)
    factory.evidence(item, kind=Evidence.Kind.LINK, url="https://a.go.th/x")
    LinkCheck.objects.create(url="https://a.go.th/x", outcome="ok", status_code=200)

    assert row_of(item).state == State.READY


def test_a_broken_link_on_a_draft_does_not_count(factory, year):
    item = factory.item(year)
    factory.evidence(item)
    factory.evidence(item, kind=Evidence.Kind.LINK, url="https://a.go.th/x", is_published=False)
    failing_check("https://a.go.th/x")

    assert row_of(item).state == State.READY


def test_the_item_page_failing_makes_the_item_broken(factory, year):
    item = factory.item(year, code="O7")
    factory.evidence(item)
    failing_check(item.public_url, reason="เชื่อมต่อไม่ได้: timeout", outcome="error")

    row = row_of(item)

    assert item.public_url == "http://127.0.0.1:8000/ita/2569/O7/"
    assert row.state == State.BROKEN
    assert row.lacks[0].startswith("หน้าของข้อนี้บนเว็บไซต์ (http://127.0.0.1:8000/ita/2569/O7/)")
    assert "เชื่อมต่อไม่ได้: timeout" in row.lacks[0]


def test_broken_comes_before_stale_and_stale_before_incomplete(factory, year):
    broken = factory.item(year, date_rule=Item.DateRule.CURRENT)
    factory.evidence(broken, kind=Evidence.Kind.LINK, url="https://a.go.th/x", document_date=None)
    failing_check("https://a.go.th/x")
    stale = factory.item(year, date_rule=Item.DateRule.CURRENT)
    factory.evidence(stale, document_date=date(2020, 1, 1))
    element(stale, is_met=False)

    assert row_of(broken).state == State.BROKEN
    assert len(row_of(broken).lacks) == 2  # the date and the link, both named
    assert row_of(stale).state == State.STALE


# --- deadlines and counts -------------------------------------------------------------------


def test_an_item_past_its_due_date_is_overdue_only_while_not_ready(factory, year):
    yesterday = timezone.localdate() - timedelta(days=1)
    late = factory.item(year, due_date=yesterday)
    done = factory.item(year, due_date=yesterday)
    factory.evidence(done)
    upcoming = factory.item(year, due_date=timezone.localdate())

    assert row_of(late).overdue is True
    assert row_of(done).overdue is False
    assert row_of(upcoming).overdue is False


def test_counts_per_state_division_and_owner(factory, year):
    clerk = factory.staff("somchai")
    clerk.first_name, clerk.last_name = "สมชาย", "ใจดี"
    clerk.save()
    finance = Division.objects.create(name="กองคลัง", order=2)
    office = Division.objects.create(name="สำนักปลัด", order=1)
    ready = factory.item(year, owner=clerk, owner_division=finance)
    factory.evidence(ready)
    factory.item(year, owner=clerk, owner_division=office)
    factory.item(year)

    result = evaluate_year(year)

    assert result.overall.total == 3
    assert result.overall.ready == 1
    assert result.overall.counts[State.INCOMPLETE] == 2
    assert [(t.name, t.total, t.ready) for t in result.by_division] == [
        ("สำนักปลัด", 1, 0),
        ("กองคลัง", 1, 1),
        ("ยังไม่กำหนดส่วนราชการ", 1, 0),
    ]
    assert [(t.name, t.total, t.ready) for t in result.by_owner] == [
        ("สมชาย ใจดี", 2, 1),
        ("ยังไม่กำหนดผู้รับผิดชอบ", 1, 0),
    ]


def test_the_assessment_costs_the_same_queries_however_many_items(factory, year):
    def grow(n: int) -> None:
        division = Division.objects.create(name=f"กอง {Item.objects.count()}")
        for _ in range(n):
            item = factory.item(year, owner=factory.staff(f"u{Item.objects.count()}"))
            item.owner_division = division
            item.save()
            piece = factory.evidence(
                item, kind=Evidence.Kind.LINK, url=f"https://x.go.th/{item.pk}"
            )
            factory.evidence(item, is_published=False)
            element(item, evidence=[piece])
            failing_check(piece.url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            evaluate_year(year)
        return len(captured)

    grow(2)
    small = queries()
    grow(10)

    # items (with their published-content subqueries), evidence, elements, the element to
    # evidence links, the failing link checks
    assert queries() == small == 5
