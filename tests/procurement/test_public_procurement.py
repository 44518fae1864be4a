"""/ita/<year>/procurement/: the table, its filters and totals, month by month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from disclosures.models import FiscalYear
from procurement.models import NoProcurementMonth, ProcurementMethod, ProcurementStatus
from procurement.presenters import PAGE_SIZE

from .helpers import add_row

pytestmark = pytest.mark.django_db

URL = "/ita/2569/procurement/"
OCT, NOV, DEC = date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    year = factory.year(2569, is_current=True)
    factory.item(year, code="O11", title_th="สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน")
    return year


@pytest.fixture
def three(year):
    """Two purchases in October (one e-bidding) and one hire in November."""
    add_row(year, 1, egp="68019000001", month=OCT, work_name="ก่อสร้างถนน คสล.",
            method=ProcurementMethod.E_BIDDING, budget=Decimal("480000"),
            agreed_price=Decimal("455000"), status=ProcurementStatus.IN_CONTRACT)  # fmt: skip
    add_row(year, 2, month=OCT, work_name="จัดซื้อน้ำดื่ม", budget=Decimal("1200"),
            agreed_price=Decimal("1200"))  # fmt: skip
    add_row(year, 3, egp="68119000003", month=NOV, work_name="จ้างเหมารถโดยสาร",
            budget=Decimal("45000"), agreed_price=Decimal("44500"))  # fmt: skip


def totals(html: str) -> tuple[str, str, str]:
    def value(css: str) -> str:
        start = html.index(f'<dd class="{css}">') + len(f'<dd class="{css}">')
        return html[start : html.index("</dd>", start)]

    return value("total-count"), value("total-budget"), value("total-agreed")


def test_the_table_lists_every_row_with_the_years_totals(client, three):
    r = client.get(URL)

    assert r.status_code == 200
    html = r.text
    assert "ข้อมูลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. 2569" in html
    assert html.index("ก่อสร้างถนน คสล.") < html.index("จัดซื้อน้ำดื่ม") < html.index("จ้างเหมารถโดยสาร")
    assert totals(html) == ("3", "526,200.00", "500,700.00")
    assert '<td class="num" data-label="วงเงินงบประมาณ (บาท)">480,000.00</td>' in html
    assert '<td data-label="วิธีการจัดซื้อจัดจ้าง">ประกาศเชิญชวนทั่วไป (e-bidding)</td>' in html
    assert '<td class="egp" data-label="เลขที่โครงการ e-GP">68019000001</td>' in html
    assert 'href="/ita/2569/O11/"' in html  # the item that holds the list


def test_filters_narrow_the_rows_and_the_totals(client, three):
    by_month = client.get(URL, {"month": "10"}).text
    assert totals(by_month) == ("2", "481,200.00", "456,200.00")
    assert "จ้างเหมารถโดยสาร" not in by_month.split("<table")[1]

    by_method = client.get(URL, {"method": "e_bidding"}).text
    assert totals(by_method) == ("1", "480,000.00", "455,000.00")

    by_status = client.get(URL, {"status": "in_contract", "month": "10"}).text
    assert totals(by_status)[0] == "1"
    assert '<option value="in_contract" selected>' in by_status


@pytest.mark.parametrize(
    "query",
    [
        {"month": "13"},
        {"month": "ตุลาคม"},
        {"month": "-1"},
        {"method": "bribery"},
        {"status": "<script>"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "99999999999999999999"},
    ],
)
def test_bad_filter_values_are_ignored_never_an_error(client, three, query):
    r = client.get(URL, query)

    assert r.status_code == 200
    assert totals(r.text)[0] == "3"
    assert "<script>" not in r.text


def test_a_month_said_to_have_no_procurement_says_so(client, year, three):
    NoProcurementMonth.objects.create(year=year, month=DEC, note="ตามประกาศของหน่วยงาน")

    html = client.get(URL, {"month": "12"}).text

    assert "ธันวาคม 2568: ไม่มีการจัดซื้อจัดจ้าง</strong> ตามประกาศของหน่วยงาน" in html
    assert "ไม่มีรายการที่ตรงกับตัวกรอง" not in html
    overview = client.get(URL).text.split('id="months-heading"')[1].split("</ul>")[0]
    assert "ธ.ค. 2568</strong>\n      <span>ไม่มีการจัดซื้อจัดจ้าง</span>" in overview
    assert "ต.ค. 2568</strong>\n      <span>2 รายการ</span>" in overview
    assert overview.count("ยังไม่มีข้อมูล") == 9


def test_pages_of_fifty_rows_keep_the_filters_in_their_links(client, year):
    for number in range(1, PAGE_SIZE + 6):
        add_row(year, number, month=OCT, method=ProcurementMethod.SPECIFIC)
    add_row(year, 999, month=NOV)

    first = client.get(URL, {"month": "10"}).text
    assert first.count('<th scope="row" class="card-head col-work">') == PAGE_SIZE
    assert 'rel="next" href="?month=10&amp;page=2"' in first
    assert "หน้า 1 จาก 2" in first

    second = client.get(URL, {"month": "10", "page": "2"}).text
    assert second.count('<th scope="row" class="card-head col-work">') == 5
    assert 'rel="prev" href="?month=10"' in second
    assert totals(second)[0] == str(PAGE_SIZE + 5)

    beyond = client.get(URL, {"month": "10", "page": "7"}).text  # the last page instead
    assert beyond.count('<th scope="row" class="card-head col-work">') == 5


def test_a_year_without_rows_says_so(client, year):
    html = client.get(URL).text
    assert "ยังไม่มีรายการจัดซื้อจัดจ้างของปีนี้" in html
    assert totals(html)[0] == "0"


def test_unknown_and_preparing_years_are_not_found_for_visitors(client, factory, year):
    factory.year(2570, status=FiscalYear.Status.PREPARING)

    assert client.get("/ita/2575/procurement/").status_code == 404
    assert client.get("/ita/2570/procurement/").status_code == 404


def test_staff_preview_a_preparing_year_uncached(client, factory, year):
    factory.year(2570, status=FiscalYear.Status.PREPARING)
    client.force_login(factory.staff())

    r = client.get("/ita/2570/procurement/")

    assert r.status_code == 200
    assert "ปีนี้ยังอยู่ระหว่างจัดเตรียม" in r.text
    assert "no-store" in r["Cache-Control"]


def test_the_english_page_has_the_same_table(client, three):
    r = client.get("/en" + URL)

    assert r.status_code == 200
    assert "ก่อสร้างถนน คสล." in r.text
    assert "Oct 2568" in r.text


def test_visitors_get_it_from_the_cache_until_something_changes(
    client, year, three, django_assert_num_queries
):
    client.get(URL, {"month": "10"})

    with django_assert_num_queries(1):  # the content version
        r = client.get(URL, {"month": "10", "utm_source": "x"})
    assert r["X-Page-Cache"] == "hit"

    add_row(year, 4, month=OCT, work_name="รายการใหม่")
    assert "รายการใหม่" in client.get(URL, {"month": "10"}).text


@pytest.mark.parametrize("count", [3, 120])
def test_it_runs_the_same_queries_however_many_rows(client, year, count, django_assert_num_queries):
    for number in range(1, count + 1):
        add_row(year, number, egp=str(1000000 + number), month=(OCT, NOV, DEC)[number % 3])
    NoProcurementMonth.objects.create(year=year, month=date(2026, 1, 1))
    cache.clear()

    # 1: the content version, for the page-cache key
    # 2: the year
    # 3: the count and the sums of the filtered rows (one aggregate)
    # 4: the page of rows
    # 5: the months said to have had no procurement
    # 6: the count and sum of each month (one grouped query)
    # 7: the item that holds procurement (a subquery decides which)
    # 8: the organisation, for the header and footer
    # 9: the organisation's channels (prefetched with it)
    with django_assert_num_queries(9):
        r = client.get(URL, {"page": "2"})

    assert r.status_code == 200
