"""The procurement models' own rules, as the admin and the database enforce them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procurement.models import NoProcurementMonth, ProcurementRow, fiscal_months

from .helpers import add_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(factory):
    return factory.year(2569)


def test_the_fiscal_months_run_from_october_to_september():
    months = fiscal_months(2569)
    assert (months[0], months[-1], len(months)) == (date(2025, 10, 1), date(2026, 9, 1), 12)


def test_a_month_outside_the_fiscal_year_is_refused(year):
    row = ProcurementRow(year=year, work_name="ก", method="specific", month=date(2026, 10, 5))

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert caught.value.message_dict["month"] == [
        "เดือน ต.ค. 2569 ไม่อยู่ในปีงบประมาณ 2569 (ต.ค. 2568 – ก.ย. 2569)"
    ]


def test_a_month_is_stored_as_its_first_day(year):
    row = add_row(year, month=date(2025, 11, 17))
    assert row.month == date(2025, 11, 1)
    assert row.month_display == "พ.ย. 2568"


def test_the_database_refuses_negative_amounts_and_a_repeated_egp_number(year):
    add_row(year, 1, egp="68019000001")
    add_row(year, 2)  # rows without an e-GP number may be many
    add_row(year, 3)

    with transaction.atomic(), pytest.raises(IntegrityError):
        add_row(year, 4, egp="68019000001")
    with transaction.atomic(), pytest.raises(IntegrityError):
        add_row(year, 5, budget=Decimal("-1"))


def test_the_same_egp_number_may_appear_in_another_year(factory, year):
    add_row(year, egp="68019000001")
    add_row(factory.year(2570), egp="68019000001")
    assert ProcurementRow.objects.count() == 2


def test_an_empty_month_cannot_contradict_the_rows(year):
    add_row(year, month=date(2025, 10, 1))
    record = NoProcurementMonth(year=year, month=date(2025, 10, 1))

    with pytest.raises(ValidationError, match="เดือนนี้มีรายการจัดซื้อจัดจ้างอยู่แล้ว"):
        record.full_clean()
    assert str(NoProcurementMonth(year=year, month=date(2025, 11, 1))) == (
        "พฤศจิกายน 2568: ไม่มีการจัดซื้อจัดจ้าง"
    )
