"""Measures in the back office: numbered per year, entered with their methods."""

from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import Division, Measure, Method

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:measures_measure_add")
CHANGELIST_URL = reverse("admin:measures_measure_changelist")


def change_url(measure: Measure) -> str:
    return reverse("admin:measures_measure_change", args=[measure.pk])


def measure_data(year, number: int = 1, *methods: dict, **values) -> dict:
    """The measure form with its method rows, as a browser sends it."""
    data = {
        "year": str(year.pk),
        "number": str(number),
        "title": "เพิ่มประสิทธิภาพการสื่อสารกับประชาชน",
        "is_published": "on",
        "methods-TOTAL_FORMS": str(len(methods)),
        "methods-INITIAL_FORMS": "0",
        "methods-MIN_NUM_FORMS": "0",
        "methods-MAX_NUM_FORMS": "1000",
        "_save": "บันทึก",
    }
    for index, method in enumerate(methods):
        row = {"order": str(index + 1), "status": Method.Status.NOT_STARTED, "text": ""}
        row.update(method)
        for name, value in row.items():
            data[f"methods-{index}-{name}"] = value
    data.update(values)
    return data


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def year(factory):
    return factory.year(2569)


def test_a_measure_is_entered_with_its_methods(admin_client, year):
    office, finance = (Division.objects.create(name=n) for n in ("สำนักปลัด", "กองคลัง"))
    data = measure_data(
        year,
        1,
        {"text": "1. ประชุมชี้แจงบุคลากร", "units": [str(office.pk)], "period_text": "ต.ค. 68"},
        {"text": "2. เผยแพร่ข้อมูลการจัดซื้อจัดจ้าง", "units": [str(finance.pk), str(office.pk)]},
        indicators=[str(year.indicators.get(number=7).pk)],
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.number == 1
    assert [i.number for i in measure.indicators.all()] == [7]
    methods = list(measure.methods.order_by("order"))
    assert [m.text for m in methods] == ["1. ประชุมชี้แจงบุคลากร", "2. เผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"]
    assert sorted(u.name for u in methods[1].units.all()) == ["กองคลัง", "สำนักปลัด"]


def test_a_method_with_a_bad_period_keeps_the_whole_measure_unsaved(admin_client, year):
    data = measure_data(
        year,
        1,
        {
            "text": "ก",
            "start_month": "10",
            "start_year": "2568",
            "end_month": "9",
            "end_year": "2568",
        },
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "ระยะเวลาสิ้นสุดก่อนวันเริ่มต้น" in response.content.decode()
    assert not Measure.objects.exists()
    assert not Method.objects.exists()


def test_a_measure_number_is_unique_within_its_year(admin_client, factory, year):
    Measure.objects.create(year=year, number=1, title="มาตรการเดิม")

    response = admin_client.post(ADD_URL, measure_data(year, 1))

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["มีมาตรการหมายเลขนี้อยู่แล้วในปีนี้"]
    assert Measure.objects.count() == 1
    other_year = factory.year(2568)
    assert admin_client.post(ADD_URL, measure_data(other_year, 1)).status_code == 302


def test_a_measure_number_starts_at_one(admin_client, year):
    response = admin_client.post(ADD_URL, measure_data(year, 0))

    assert "number" in response.context["adminform"].form.errors
    assert not Measure.objects.exists()


def test_a_saved_measure_offers_targets_of_its_own_year_only(admin_client, factory, year):
    factory.item(year, code="O25")
    previous = factory.year(2568)
    factory.item(previous, code="O42")
    measure = Measure.objects.create(year=year, number=1, title="มาตรการ")

    form = admin_client.get(change_url(measure)).context["adminform"].form

    assert {i.year_id for i in form.fields["indicators"].queryset} == {year.pk}
    assert [i.code for i in form.fields["items"].queryset] == ["O25"]


def test_a_new_measure_cannot_target_another_years_indicators_or_items(admin_client, factory, year):
    previous = factory.year(2568)
    old_item = factory.item(previous, code="O42")
    data = measure_data(
        year,
        1,
        indicators=[str(previous.indicators.get(number=9).pk)],
        items=[str(old_item.pk)],
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["indicators"] == ["ต้องเป็นของปีงบประมาณ 2569 เหมือนมาตรการ: ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"]
    assert errors["items"][0].startswith("ต้องเป็นของปีงบประมาณ 2569 เหมือนมาตรการ: O42")
    assert not Measure.objects.exists()


def test_the_list_counts_methods_and_searches_their_text(admin_client, year):
    found = Measure.objects.create(year=year, number=1, title="การสื่อสาร")
    for text in ("ประชุมชี้แจง", "ประชุมประจำเดือน", "เผยแพร่คู่มือ"):
        Method.objects.create(measure=found, text=text)
    Measure.objects.create(year=year, number=2, title="การจัดซื้อจัดจ้าง")

    response = admin_client.get(CHANGELIST_URL, {"q": "ประชุม"})

    rows = list(response.context["cl"].result_list)
    assert [(m.number, m._methods) for m in rows] == [(1, 3)]
