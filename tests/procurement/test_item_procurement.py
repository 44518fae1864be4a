"""The OIT item that holds procurement (O12 in 2568, O11 in 2569; set per year in the admin)
shows the table and the downloads on its page; every other item is unchanged."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache

from disclosures.catalog import apply_catalog, parse_catalog
from disclosures.models import FiscalYear, Item
from procurement.models import NoProcurementMonth, ProcurementSettings
from procurement.presenters import ITEM_PAGE_ROWS, holding_item

from .helpers import add_row

pytestmark = pytest.mark.django_db

CATALOGS = Path(__file__).resolve().parents[2] / "catalogs"


def load(year_be: int) -> FiscalYear:
    path = CATALOGS / f"catalog-{year_be}.yaml"
    apply_catalog(parse_catalog(path.read_bytes(), path.name), year_be)
    year = FiscalYear.objects.get(year=year_be)
    year.status = FiscalYear.Status.OPEN
    year.save()
    return year


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return load(2569)


@pytest.mark.parametrize(("year_be", "code"), [(2568, "O12"), (2569, "O11"), (2564, "O23")])
def test_the_item_is_guessed_from_the_titles_of_the_shipped_catalogues(factory, year_be, code):
    assert holding_item(load(year_be)).code == code


def test_the_item_set_in_the_admin_wins_over_the_guess(year):
    ProcurementSettings.objects.create(year=year, item=Item.objects.get(year=year, code="O12"))
    assert holding_item(year).code == "O12"

    ProcurementSettings.objects.filter(year=year).update(item=None)  # "no item shows it"
    assert holding_item(year) is None


def test_a_year_without_a_procurement_item_has_none(factory):
    year = factory.year(2570)
    factory.item(year, code="O1", title_th="โครงสร้าง")
    assert holding_item(year) is None


def test_the_item_page_shows_the_first_rows_totals_months_and_downloads(client, year):
    for number in range(1, ITEM_PAGE_ROWS + 3):
        add_row(year, number, month=date(2025, 10, 1), work_name=f"จัดซื้อรายการที่ {number}")
    NoProcurementMonth.objects.create(year=year, month=date(2025, 11, 1))

    html = client.get("/ita/2569/O11/").text

    section = html[html.index('<section class="procurement-on-item"') :]
    assert "ข้อมูลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2569" in section
    assert f"ทั้งหมด {ITEM_PAGE_ROWS + 2} รายการ" in section
    assert section.count('<th scope="row" class="card-head col-work">') == ITEM_PAGE_ROWS
    assert f'<a href="/ita/2569/procurement/">ดูรายการทั้งหมด {ITEM_PAGE_ROWS + 2} รายการ' in section
    assert "<strong>พฤศจิกายน 2568</strong>: ไม่มีการจัดซื้อจัดจ้าง" in section
    for kind in ("csv", "xlsx", "json"):
        assert f'href="/ita/2569/data/procurement.{kind}"' in section
    # The item has no evidence of its own: the table is its content, not "nothing published".
    assert "ยังไม่มีข้อมูลที่เผยแพร่สำหรับข้อนี้" not in html


def test_before_any_rows_the_item_says_so(client, year):
    html = client.get("/ita/2569/O11/").text
    assert "ยังไม่มีรายการจัดซื้อจัดจ้างของปีนี้" in html


def test_other_items_show_no_procurement(client, year):
    add_row(year, 1)
    html = client.get("/ita/2569/O12/").text
    assert "procurement-on-item" not in html


@pytest.mark.parametrize("count", [1, 40])
def test_the_item_page_runs_the_same_queries_however_many_rows(
    client, year, count, django_assert_num_queries
):
    for number in range(1, count + 1):
        add_row(year, number, egp=str(1000000 + number))
    cache.clear()

    # 1: the content version; 2: the item (whether it holds procurement: subqueries);
    # 3: its published evidence; 4: the codes and titles of the year's items (neighbours);
    # 5: the first rows; 6: their totals; 7: the months with no procurement;
    # 8-9: the organisation and its channels
    with django_assert_num_queries(9):
        r = client.get("/ita/2569/O11/")

    assert r.status_code == 200


def test_other_item_pages_pay_no_extra_query(client, year, django_assert_num_queries):
    add_row(year, 1)
    cache.clear()

    with django_assert_num_queries(6):  # as tests/disclosures/test_public_item.py counts
        client.get("/ita/2569/O1/")


def test_the_items_showing_procurement_data_can_be_found_in_one_query(
    year, factory, django_assert_num_queries
):
    from procurement.presenters import shows_procurement_data

    other = load(2568)
    add_row(year, 1)

    with django_assert_num_queries(1):
        codes = list(
            Item.objects.filter(shows_procurement_data()).values_list("year__year", "code")
        )

    assert codes == [(2569, "O11")]  # 2568 has no rows yet
    NoProcurementMonth.objects.create(year=other, month=date(2024, 10, 1))
    assert Item.objects.filter(shows_procurement_data()).count() == 2


def test_the_demo_organisation_publishes_its_procurement(client):
    """`make run` on an empty database shows a realistic procurement table for 2569."""
    from django.core.management import call_command

    call_command("demo_data", stdout=io.StringIO())

    page = client.get("/ita/2569/procurement/").content.decode()
    assert "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๔ บ้านโนนสะอาด" in page
    assert "ไม่มีการจัดซื้อจัดจ้าง" in page  # March 2569 says so
    item = client.get("/ita/2569/O11/").content.decode()
    assert "/ita/2569/data/procurement.csv" in item
