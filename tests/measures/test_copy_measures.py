"""Copying last year's measures into this year as a starting draft (a fiscal-year action)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import constants, get_messages
from django.core import serializers
from django.urls import reverse

from disclosures.models import FiscalYear
from measures.copying import CopyRefused, copy_measures
from measures.models import (
    Division,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
)

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:disclosures_fiscalyear_changelist")
ACTION = "copy_measures"


def run_action(client, years: list[FiscalYear]):
    return client.post(
        CHANGELIST_URL,
        {"action": ACTION, ACTION_CHECKBOX_NAME: [y.pk for y in years], "index": "0"},
    )


def said(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def dump(year: FiscalYear) -> str:
    """Everything of a year that the copy reads, as JSON (m2m links included)."""
    querysets = (
        FiscalYear.objects.filter(pk=year.pk),
        year.items.all(),
        year.indicators.all(),
        Programme.objects.filter(year=year),
        Measure.objects.filter(year=year),
        Method.objects.filter(measure__year=year),
        MethodAttachment.objects.filter(method__measure__year=year),
        ProgressUpdate.objects.filter(method__measure__year=year),
    )
    return "\n".join(serializers.serialize("json", qs.order_by("pk")) for qs in querysets)


def method(measure: Measure, order: int, **values) -> Method:
    values.setdefault("text", f"{order}. วิธีการที่ {order}")
    return Method.objects.create(measure=measure, order=order, **values)


@pytest.fixture
def years(factory) -> dict[int, FiscalYear]:
    preparing = FiscalYear.Status.PREPARING
    return {2568: factory.year(2568), 2569: factory.year(2569, status=preparing)}


@pytest.fixture
def source(factory, years) -> FiscalYear:
    """2568 with two measures carried out: results, evidence, updates, targets, foreword."""
    year, target = years[2568], years[2569]
    office = Division.objects.create(name="สำนักปลัด")
    finance = Division.objects.create(name="กองคลัง")
    Programme.objects.create(year=year, foreword="คำนำ 2568", analysis_intro="ผลปี 2567")
    factory.item(year, code="O5", title_th="แผนพัฒนาท้องถิ่น")
    factory.item(year, code="O24", title_th="รายงานผลการจัดการความเสี่ยง")
    factory.item(year, code="O27", title_th="มาตรการส่งเสริมคุณธรรม", indicator=10)
    factory.item(target, code="O5", title_th="แผนพัฒนาท้องถิ่น")
    factory.item(target, code="O24", title_th="รายงานผลการดำเนินการป้องกันการทุจริต")

    first = Measure.objects.create(year=year, number=1, title="เพิ่มประสิทธิภาพการสื่อสาร")
    first.indicators.set(year.indicators.filter(number__in=[7, 8]))
    first.items.set(year.items.filter(code__in=["O5", "O27"]))
    done = method(
        first,
        1,
        responsible_text="สำนักปลัด",
        period_text="ต.ค. 67 – ก.ย. 68",
        start_year=2567,
        start_month=10,
        end_year=2568,
        end_month=9,
        status=Method.Status.DONE,
        result="1. จัดประชุมแล้ว https://www.example.go.th/news/1/",
        recommendation="ควรจัดต่อเนื่อง",
    )
    done.units.set([office])
    MethodAttachment.objects.create(method=done, title="ภาพ", url="https://www.example.go.th/1")
    ProgressUpdate.objects.create(method=done, date=date(2024, 11, 5), text="ประชุมครั้งที่ 1")
    method(first, 2, period_text="ม.ค. – มี.ค. ๒๕๖๘", status=Method.Status.CANCELLED)
    method(first, 3, period_text="ทุกไตรมาส", status=Method.Status.IN_PROGRESS)

    second = Measure.objects.create(year=year, number=2, title="เปิดเผยข้อมูลจัดซื้อจัดจ้าง")
    second.items.set(year.items.filter(code="O24"))
    quarterly = method(second, 1, start_year=2568, start_month=1, end_year=2568, end_month=3)
    quarterly.units.set([finance, office])
    return year


def test_the_action_is_offered_under_its_thai_name(client, factory, source):
    client.force_login(factory.superuser())

    response = client.get(CHANGELIST_URL)

    choices = dict(response.context["action_form"].fields["action"].choices)
    assert choices[ACTION] == "คัดลอกมาตรการจากปีก่อนมาเป็นฉบับร่าง"


def test_the_copy_is_a_draft_of_the_measures_and_their_methods(client, factory, source, years):
    client.force_login(factory.superuser())

    response = run_action(client, [years[2569]])

    assert response.status_code == 302
    copies = list(years[2569].measures.order_by("number"))
    assert [(m.number, m.title) for m in copies] == [
        (1, "เพิ่มประสิทธิภาพการสื่อสาร"),
        (2, "เปิดเผยข้อมูลจัดซื้อจัดจ้าง"),
    ]
    methods = list(Method.objects.filter(measure__year=years[2569]).order_by("measure", "order"))
    assert [(m.measure.number, m.order, m.text) for m in methods] == [
        (1, 1, "1. วิธีการที่ 1"),
        (1, 2, "2. วิธีการที่ 2"),
        (1, 3, "3. วิธีการที่ 3"),
        (2, 1, "1. วิธีการที่ 1"),
    ]
    assert {m.status for m in methods} == {Method.Status.NOT_STARTED}
    assert {(m.result, m.recommendation) for m in methods} == {("", "")}
    assert methods[0].responsible_text == "สำนักปลัด"
    assert [u.name for u in methods[0].units.all()] == ["สำนักปลัด"]
    assert sorted(u.name for u in methods[3].units.all()) == ["กองคลัง", "สำนักปลัด"]
    assert not MethodAttachment.objects.filter(method__measure__year=years[2569]).exists()
    assert not ProgressUpdate.objects.filter(method__measure__year=years[2569]).exists()
    assert not years[2569].measures.filter(is_published=True).exists()
    assert (
        constants.SUCCESS,
        (
            "คัดลอก 2 มาตรการ (4 วิธีการ) จากปีงบประมาณ พ.ศ. 2568 มาเป็นฉบับร่างของ"
            "ปีงบประมาณ พ.ศ. 2569 แล้ว ทุกวิธีการมีสถานะ “ยังไม่เริ่ม” และยังไม่มีผลการดำเนินการ "
            "มาตรการที่คัดลอกยังไม่เผยแพร่ ตรวจแก้แล้วใช้คำสั่ง “เผยแพร่มาตรการที่เลือก” ในรายการมาตรการ"
        ),
    ) in said(response)


def test_periods_move_one_year_on(source, years):
    copy_measures(years[2569])

    methods = Method.objects.filter(measure__year=years[2569]).order_by("measure__number", "order")
    periods = [
        (m.period_text, m.start_month, m.start_year, m.end_month, m.end_year) for m in methods
    ]
    assert periods == [
        ("ต.ค. 2568 – ก.ย. 2569", 10, 2568, 9, 2569),  # fields and wording
        ("ม.ค. ๒๕๖๙ – มี.ค. ๒๕๖๙", 1, 2569, 3, 2569),  # read from the wording, Thai digits kept
        ("ทุกไตรมาส", None, None, None, None),  # unreadable: kept as written
        ("", 1, 2569, 3, 2569),  # fields only: the page shows them
    ]
    assert methods[3].period_display == "ม.ค. 2569 – มี.ค. 2569"


def test_a_whole_year_wording_stays_and_means_the_new_year(source, years):
    measure = years[2568].measures.get(number=2)
    method(measure, 2, period_text="ตลอดปีงบประมาณ", start_year=2567, start_month=10,
           end_year=2568, end_month=9)  # fmt: skip

    report = copy_measures(years[2569])

    copied = Method.objects.get(measure__year=years[2569], measure__number=2, order=2)
    assert copied.period_text == "ตลอดปีงบประมาณ"
    assert (copied.start_year, copied.start_month, copied.end_year, copied.end_month) == (
        2568, 10, 2569, 9,
    )  # fmt: skip
    assert "ตลอดปีงบประมาณ" not in " ".join(text for _, text in report.messages())


def test_targets_follow_this_years_catalogue_and_gaps_are_reported(client, factory, source, years):
    client.force_login(factory.superuser())

    response = run_action(client, [years[2569]])

    first, second = years[2569].measures.order_by("number")
    assert {(i.year_id, i.number) for i in first.indicators.all()} == {
        (years[2569].pk, 7),
        (years[2569].pk, 8),
    }
    assert [i.code for i in first.items.all()] == ["O5"]
    assert [(i.year_id, i.code) for i in second.items.all()] == [(years[2569].pk, "O24")]
    warnings = [text for level, text in said(response) if level == constants.WARNING]
    assert warnings == [
        "ข้อ OIT เป้าหมายที่ไม่มีข้อตรงกันในปีงบประมาณ พ.ศ. 2569 (ไม่ได้คัดลอก): "
        "มาตรการที่ 1: O27 มาตรการส่งเสริมคุณธรรม",
        "ข้อ OIT เป้าหมายที่ชื่อหรือรหัสต่างไปในปีนี้ โปรดตรวจสอบ: "
        "มาตรการที่ 2: O24 ปีนี้คือ “รายงานผลการดำเนินการป้องกันการทุจริต”",
        "อ่านระยะเวลาดำเนินการไม่ได้ จึงคงข้อความเดิมไว้ โปรดแก้เป็นของปีนี้: มาตรการที่ 1 วิธีการที่ 3: “ทุกไตรมาส”",
    ]


def test_an_indicator_missing_this_year_is_reported(source, years):
    years[2569].indicators.filter(number=8).delete()

    report = copy_measures(years[2569])

    assert report.missing_indicators == ["มาตรการที่ 1: ตัวชี้วัดที่ 8 การปรับปรุงระบบการทำงาน"]
    assert [i.number for i in years[2569].measures.get(number=1).indicators.all()] == [7]


def test_last_year_is_left_exactly_as_it_was(client, factory, source, years):
    before = dump(source)
    client.force_login(factory.superuser())

    run_action(client, [years[2569]])

    assert years[2569].measures.count() == 2
    assert dump(source) == before


def test_the_foreword_is_copied_when_this_year_has_none(source, years):
    report = copy_measures(years[2569])

    programme = Programme.objects.get(year=years[2569])
    assert report.foreword_copied
    assert programme.foreword == "คำนำ 2568"
    assert programme.analysis_intro == ""  # last year's analysis is not this year's


def test_this_years_own_foreword_is_kept(source, years):
    Programme.objects.create(year=years[2569], foreword="คำนำ 2569")

    report = copy_measures(years[2569])

    assert not report.foreword_copied
    assert Programme.objects.get(year=years[2569]).foreword == "คำนำ 2569"


# --- refusals: a Thai message and nothing written ------------------------------------------


def test_a_year_that_already_has_measures_is_refused(client, factory, source, years):
    Measure.objects.create(year=years[2569], number=1, title="มาตรการที่เริ่มเขียนแล้ว")
    before = dump(years[2569])
    client.force_login(factory.superuser())

    response = run_action(client, [years[2569]])

    assert said(response) == [
        (
            constants.ERROR,
            "ปีงบประมาณ พ.ศ. 2569 มีมาตรการอยู่แล้ว จึงไม่ได้คัดลอก "
            "(คัดลอกได้เฉพาะปีที่ยังไม่มีมาตรการ เพื่อไม่ให้ซ้ำกับที่บันทึกไว้)",
        )
    ]
    assert dump(years[2569]) == before


def test_a_previous_year_without_measures_is_refused(client, factory, years):
    client.force_login(factory.superuser())

    response = run_action(client, [years[2569]])

    assert said(response) == [
        (constants.ERROR, "ปีงบประมาณ พ.ศ. 2568 ยังไม่มีมาตรการ จึงไม่มีสิ่งใดให้คัดลอก")
    ]
    assert not Measure.objects.exists()
    assert not Programme.objects.exists()


def test_a_year_with_no_previous_year_is_refused(client, factory, years):
    client.force_login(factory.superuser())

    response = run_action(client, [years[2568]])

    assert said(response) == [
        (
            constants.ERROR,
            "ไม่มีปีงบประมาณ พ.ศ. 2567 ในระบบ จึงไม่มีมาตรการให้คัดลอกมาที่ปีงบประมาณ พ.ศ. 2568",
        )
    ]


def test_two_years_at_once_are_refused(client, factory, source, years):
    client.force_login(factory.superuser())

    response = run_action(client, [years[2568], years[2569]])

    assert said(response) == [(constants.ERROR, "เลือกปีงบประมาณเพียงปีเดียว")]
    assert not years[2569].measures.exists()


def test_a_method_that_cannot_be_copied_stops_the_whole_copy(source, years):
    broken = source.measures.get(number=2).methods.get()
    Method.objects.filter(pk=broken.pk).update(start_year=2700, end_year=2700)

    with pytest.raises(CopyRefused) as refusal:
        copy_measures(years[2569])

    assert str(refusal.value) == (
        "คัดลอกไม่สำเร็จ ไม่มีการเปลี่ยนแปลงใด ๆ: มาตรการที่ 2 วิธีการที่ 1: ใช้ปี พ.ศ. เช่น 2569"
    )
    assert not years[2569].measures.exists()
    assert not Programme.objects.filter(year=years[2569]).exists()


# --- permission ---------------------------------------------------------------------------


def test_staff_who_may_add_measures_can_copy(client, factory, source, years):
    perms = ("disclosures.view_fiscalyear", "measures.add_measure")
    client.force_login(factory.staff("coordinator", perms=perms))

    run_action(client, [years[2569]])

    assert years[2569].measures.count() == 2


def test_staff_who_may_not_add_measures_cannot_copy(client, factory, source, years):
    perms = ("disclosures.view_fiscalyear", "disclosures.change_fiscalyear")
    client.force_login(factory.staff("clerk", perms=perms))

    page = client.get(CHANGELIST_URL)
    run_action(client, [years[2569]])

    assert ACTION not in dict(page.context["action_form"].fields["action"].choices)
    assert not years[2569].measures.exists()


def test_copies_stay_off_the_public_site_until_staff_publish_them(client, factory, source, years):
    years[2569].status = FiscalYear.Status.OPEN
    years[2569].save()
    admin_user = factory.superuser()
    client.force_login(admin_user)
    run_action(client, [years[2569]])
    copied = years[2569].measures.get(number=1)
    client.logout()

    assert not copied.is_published
    assert client.get("/ita/2569/measures/1/").status_code == 404
    assert copied.title not in client.get("/ita/2569/measures/").content.decode()

    client.force_login(admin_user)
    client.post(
        "/admin/measures/measure/",
        {"action": "publish", ACTION_CHECKBOX_NAME: [copied.pk]},
    )
    client.logout()

    copied.refresh_from_db()
    assert copied.is_published
    assert client.get("/ita/2569/measures/1/").status_code == 200
    assert copied.title in client.get("/ita/2569/measures/").content.decode()


def test_a_target_item_renumbered_this_year_is_found_by_its_title(factory, years):
    source, target = years[2568], years[2569]
    factory.item(source, code="O25", title_th="การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")
    factory.item(target, code="O25", title_th="แผนปฏิบัติการป้องกันการทุจริต")
    factory.item(target, code="O27", title_th="การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")
    measure = Measure.objects.create(year=source, number=1, title="นำผลการประเมินไปพัฒนา")
    measure.items.set(source.items.filter(code="O25"))

    report = copy_measures(target)

    copied = target.measures.get(number=1)
    assert [item.code for item in copied.items.all()] == ["O27"]
    assert report.renamed_items == [
        "มาตรการที่ 1: O25 ปีนี้คือ O27 “การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร”"
    ]
    assert report.missing_items == []
