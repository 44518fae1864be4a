"""The year and item pages choose the item that shows procurement in Python, from rows they
read anyway; the choice must be the one the SQL rule (procurement_role) makes everywhere
else: in readiness, the ITAS sheet, the submission snapshot and the year list."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from disclosures.models import FiscalYear, Item
from procurement.models import NoProcurementMonth, ProcurementSettings
from procurement.presenters import holding_item

from .helpers import add_row
from .test_item_procurement import load

pytestmark = pytest.mark.django_db


def ready_on_year_page(year: FiscalYear) -> set[str]:
    return {
        row["code"] for row in Item.objects.for_year_page(year) if row["has_published_evidence"]
    }


def ready_in_sql(year: FiscalYear) -> set[str]:
    return set(Item.objects.filter(year=year).ready().values_list("code", flat=True))


def shows_table(client, year: FiscalYear, code: str) -> bool:
    cache.clear()
    return 'class="procurement-on-item"' in client.get(f"/ita/{year.year}/{code}/").text


@pytest.mark.parametrize(("year_be", "code"), [(2568, "O12"), (2569, "O11"), (2564, "O23")])
def test_the_shipped_catalogues_agree_with_the_sql_rule(client, factory, year_be, code):
    factory.organisation()
    year = load(year_be)
    assert ready_on_year_page(year) == ready_in_sql(year) == set()

    add_row(year, 1, month=date(year_be - 544, 10, 1))

    assert holding_item(year).code == code
    assert ready_on_year_page(year) == ready_in_sql(year) == {code}
    assert shows_table(client, year, code)
    assert not shows_table(client, year, "O1")


def test_the_item_set_in_the_admin_and_no_item_agree(client, factory):
    factory.organisation()
    year = load(2569)
    NoProcurementMonth.objects.create(year=year, month=date(2025, 11, 1))
    settings = ProcurementSettings.objects.create(year=year, item=year.items.get(code="O12"))

    assert ready_on_year_page(year) == ready_in_sql(year) == {"O12"}
    assert shows_table(client, year, "O12") and not shows_table(client, year, "O11")

    settings.item = None  # "no item shows it"
    settings.save()
    assert ready_on_year_page(year) == ready_in_sql(year) == set()
    assert not shows_table(client, year, "O11")


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        # equal scores: the earlier item in the catalogue
        (["รายการการจัดซื้อจัดจ้าง ก", "รายการการจัดซื้อจัดจ้าง ข"], "O1"),
        # "รายเดือน" outweighs "รายการ"; the annual report scores below zero
        (["รายการจัดซื้อจัดจ้าง", "สรุปผลการจัดซื้อจัดจ้างรายเดือน"], "O2"),
        (["รายงานการจัดซื้อจัดจ้างประจำปี", "แผนการจัดซื้อจัดจ้าง"], None),
    ],
)
def test_guesses_from_titles_agree(factory, titles, expected):
    factory.organisation()
    year = factory.year(2570)
    for number, title in enumerate(titles, start=1):
        factory.item(year, code=f"O{number}", order=number, title_th=title)
    NoProcurementMonth.objects.create(year=year, month=date(2026, 11, 1))

    guessed = holding_item(year)
    assert (guessed.code if guessed else None) == expected
    assert ready_on_year_page(year) == ready_in_sql(year) == ({expected} - {None})
