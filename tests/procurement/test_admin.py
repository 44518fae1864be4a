"""The procurement back office: rows typed by hand, and each year's item and empty months."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from disclosures.models import FiscalYear, Item
from ita_portal.models import ContentVersion
from procurement.models import NoProcurementMonth, ProcurementRow, ProcurementSettings

from .helpers import add_row

pytestmark = pytest.mark.django_db

ROW_ADD = reverse("admin:procurement_procurementrow_add")
ROWS = reverse("admin:procurement_procurementrow_changelist")
YEARS = reverse("admin:procurement_procurementyear_changelist")


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    year = factory.year(2569, is_current=True)
    factory.item(year, code="O11", title_th="สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน")
    factory.item(year, code="O12", title_th="รายงานสรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ")
    return year


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


def year_url(year: FiscalYear) -> str:
    return reverse("admin:procurement_procurementyear_change", args=[year.pk])


def row_form(year, **changes) -> dict:
    data = {
        "year": str(year.pk),
        "number": "1",
        "month_number": "11",
        "work_name": "จ้างซ่อมแซมถนน",
        "budget": "๑๒๐,๐๐๐",
        "budget_source": "งบประมาณรายจ่ายประจำปี",
        "reference_price": "120,000.00",
        "agreed_price": "118,500.-",
        "method": "specific",
        "status": "completed",
        "supplier": "ห้างหุ้นส่วนจำกัด ทดสอบ",
        "egp_number": "68119000001",
        "agency_name": "",
        "district": "",
        "province": "",
        "ministry": "",
        "agency_type": "",
    }
    data.update(changes)
    return data


def test_a_row_is_typed_with_amounts_as_staff_write_them(admin_client, year):
    response = admin_client.post(ROW_ADD, row_form(year))

    assert response.status_code == 302
    row = ProcurementRow.objects.get()
    assert row.budget == Decimal("120000.00")
    assert row.agreed_price == Decimal("118500.00")
    assert row.month == date(2025, 11, 1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"budget": "-5"}, "budget", "ติดลบ"),
        ({"agreed_price": "หนึ่งแสน"}, "agreed_price", "ไม่ใช่จำนวนเงิน"),
        ({"egp_number": "68-119"}, "egp_number", "ตัวเลข 6–20 หลัก"),
        ({"work_name": ""}, "work_name", "ต้องมีชื่อรายการ"),
    ],
)
def test_bad_values_are_refused_with_thai_reasons(admin_client, year, changes, field, message):
    response = admin_client.post(ROW_ADD, row_form(year, **changes))

    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])
    assert ProcurementRow.objects.count() == 0


def test_an_egp_number_is_unique_within_its_year(admin_client, year):
    add_row(year, egp="68119000001")

    response = admin_client.post(ROW_ADD, row_form(year))

    assert "เลขที่โครงการ e-GP นี้มีอยู่แล้วในปีงบประมาณนี้" in response.content.decode()
    assert ProcurementRow.objects.count() == 1


def test_the_row_list_filters_by_year_month_method_and_status(admin_client, year):
    add_row(year, 1, month=date(2025, 10, 1), work_name="รายการเดือนตุลา")
    add_row(year, 2, month=date(2025, 11, 1), work_name="รายการเดือนพฤศจิกา")

    html = admin_client.get(ROWS, {"month": "2025-10-01"}).content.decode()

    assert "รายการเดือนตุลา" in html and "รายการเดือนพฤศจิกา" not in html
    assert admin_client.get(ROWS, {"month": "garbage"}).status_code == 200


def test_each_year_lists_its_item_rows_and_empty_months(admin_client, year):
    add_row(year, 1)
    NoProcurementMonth.objects.create(year=year, month=date(2026, 3, 1))

    html = admin_client.get(YEARS).content.decode()

    assert "O11 สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน (เลือกอัตโนมัติจากชื่อข้อ)" in html
    assert "มี.ค. 2569" in html
    assert reverse("admin:procurement_procurementrow_import") + "?year=2569" in html


def set_year(client, year, item: str = "", months=(), **extra):
    data = {
        "procurement_settings-TOTAL_FORMS": "1",
        "procurement_settings-INITIAL_FORMS": "0",
        "procurement_settings-MIN_NUM_FORMS": "0",
        "procurement_settings-MAX_NUM_FORMS": "1",
        "procurement_settings-0-item": item,
        "no_procurement_months-TOTAL_FORMS": str(len(months)),
        "no_procurement_months-INITIAL_FORMS": "0",
        "no_procurement_months-MIN_NUM_FORMS": "0",
        "no_procurement_months-MAX_NUM_FORMS": "1000",
    }
    for index, (month, note) in enumerate(months):
        data[f"no_procurement_months-{index}-month_number"] = str(month)
        data[f"no_procurement_months-{index}-note"] = note
    data.update(extra)
    return client.post(year_url(year), data)


def test_staff_set_the_item_and_the_months_without_procurement(admin_client, year):
    o12 = Item.objects.get(code="O12")
    before = ContentVersion.objects.values_list("value", flat=True).first() or 0

    response = set_year(admin_client, year, item=str(o12.pk), months=[(3, "ไม่มีโครงการ")])

    assert response.status_code == 302
    assert ProcurementSettings.objects.get(year=year).item == o12
    record = NoProcurementMonth.objects.get()
    assert (record.month, record.note) == (date(2026, 3, 1), "ไม่มีโครงการ")
    assert ContentVersion.objects.values_list("value", flat=True).first() > before


def test_the_item_choices_are_the_years_own_with_the_guess_named(admin_client, year, factory):
    other = factory.year(2568)
    factory.item(other, code="O12", title_th="รายการการจัดซื้อจัดจ้าง")

    form = admin_client.get(year_url(year)).context["inline_admin_formsets"][0].formset.forms[0]

    choices = [str(item) for item in form.fields["item"].queryset]
    assert choices == [str(i) for i in Item.objects.filter(year=year).order_by("order")]
    assert "O11 สรุปผลการจัดซื้อจัดจ้าง" in str(form.fields["item"].help_text)


def test_a_month_with_rows_cannot_be_said_to_have_none(admin_client, year):
    add_row(year, 1, month=date(2025, 10, 1))

    response = set_year(admin_client, year, months=[(10, "")])

    assert response.status_code == 200
    assert "เดือนนี้มีรายการจัดซื้อจัดจ้างอยู่แล้ว จึงบันทึกว่าไม่มีไม่ได้" in response.content.decode()
    assert NoProcurementMonth.objects.count() == 0


def test_a_month_twice_is_refused(admin_client, year):
    response = set_year(admin_client, year, months=[(3, ""), (3, "")])

    assert response.status_code == 200
    assert "เดือนนี้ซ้ำกับแถวอื่น" in response.content.decode()
    assert NoProcurementMonth.objects.count() == 0


def test_years_are_neither_added_nor_deleted_here(admin_client, year):
    assert admin_client.get(reverse("admin:procurement_procurementyear_add")).status_code == 403
    delete = reverse("admin:procurement_procurementyear_delete", args=[year.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert FiscalYear.objects.filter(pk=year.pk).exists()


# --- every page needs a login and the permission ---------------------------------------------


def pages(year, row) -> list[str]:
    return [
        ROWS,
        ROW_ADD,
        reverse("admin:procurement_procurementrow_change", args=[row.pk]),
        reverse("admin:procurement_procurementrow_delete", args=[row.pk]),
        reverse("admin:procurement_procurementrow_history", args=[row.pk]),
        reverse("admin:procurement_procurementrow_import"),
        reverse("admin:procurement_procurementrow_process_import"),
        reverse("admin:procurement_procurementrow_export"),
        YEARS,
        year_url(year),
        reverse("admin:procurement_procurementyear_history", args=[year.pk]),
    ]


def test_every_page_sends_visitors_to_the_login(client, year):
    row = add_row(year)
    for path in pages(year, row):
        for response in (client.get(path), client.post(path, {})):
            assert response.status_code == 302, path
            assert response["Location"].startswith(reverse("admin:login")), path


def test_staff_without_permission_get_403_everywhere(client, factory, year):
    row = add_row(year)
    client.force_login(factory.staff("no-perms"))
    for path in pages(year, row):
        for response in (client.get(path), client.post(path, {})):
            assert response.status_code == 403, f"{path} answered {response.status_code}"
    assert ProcurementRow.objects.count() == 1


def test_viewers_can_look_but_not_change(client, factory, year):
    row = add_row(year)
    client.force_login(factory.staff("viewer", perms=("procurement.view_procurementrow",)))

    assert client.get(ROWS).status_code == 200
    change = reverse("admin:procurement_procurementrow_change", args=[row.pk])
    assert client.post(change, row_form(year, work_name="แก้")).status_code == 403
    assert ProcurementRow.objects.get().work_name != "แก้"
