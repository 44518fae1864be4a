"""/ita/<year>/: a year's OIT items by indicator, each saying whether it has published data."""

import re

import pytest
from django.core.cache import cache

from disclosures.models import Evidence, FiscalYear, Item, SubIndicator

pytestmark = pytest.mark.django_db


def item_codes(html: str) -> list[str]:
    """Item codes in the order the page lists them."""
    return re.findall(r'<span class="code">([^<]+)</span>', html)


def state_of(html: str, code: str) -> str:
    """The published-data sign next to an item's link."""
    match = re.search(
        rf'<span class="code">{code}</span>.*?<span class="state [^"]+">([^<]+)</span>',
        html,
        flags=re.DOTALL,
    )
    assert match, f"{code} is not listed"
    return match.group(1)


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569, is_current=True)


def test_it_groups_items_by_indicator_and_sub_indicator_in_catalogue_order(client, factory, year):
    ind9 = year.indicators.get(number=9)
    basics = SubIndicator.objects.create(indicator=ind9, number="9.1", name_th="ข้อมูลพื้นฐาน")
    admin = SubIndicator.objects.create(indicator=ind9, number="9.2", name_th="การบริหารงาน")
    # Created out of order: the page follows `order`, not creation or code.
    factory.item(year, code="O10", order=10, indicator=10, title_th="แผนป้องกันการทุจริต")
    factory.item(year, code="O3", order=3, sub_indicator=admin, title_th="แผนดำเนินงาน")
    factory.item(year, code="O2", order=2, sub_indicator=basics, title_th="ข้อมูลผู้บริหาร")
    factory.item(year, code="O1", order=1, sub_indicator=basics, title_th="โครงสร้าง")

    r = client.get("/ita/2569/")
    assert r.status_code == 200
    assert item_codes(r.text) == ["O1", "O2", "O3", "O10"]
    text = r.text
    headings = [
        text.index("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"),
        text.index("<h3>9.1 ข้อมูลพื้นฐาน</h3>"),
        text.index('<span class="code">O1</span>'),
        text.index('<span class="code">O2</span>'),
        text.index("<h3>9.2 การบริหารงาน</h3>"),
        text.index('<span class="code">O3</span>'),
        text.index("ตัวชี้วัดที่ 10 การป้องกันการทุจริต"),
        text.index('<span class="code">O10</span>'),
    ]
    assert headings == sorted(headings)
    assert (
        '<a class="item-link" href="/ita/2569/O1/"><span class="code">O1</span> โครงสร้าง</a>'
        in text
    )


def test_it_tells_which_items_have_published_evidence(client, factory, year):
    factory.evidence(factory.item(year, code="O1"))
    factory.evidence(factory.item(year, code="O2"), kind=Evidence.Kind.NOTHING)
    factory.evidence(factory.item(year, code="O3"), is_published=False)
    factory.item(year, code="O4")

    r = client.get("/ita/2569/")
    assert state_of(r.text, "O1") == "มีข้อมูล"
    assert state_of(r.text, "O2") == "มีข้อมูล"
    assert state_of(r.text, "O3") == "ยังไม่มีข้อมูล"  # only a draft
    assert state_of(r.text, "O4") == "ยังไม่มีข้อมูล"
    assert "เผยแพร่ข้อมูลแล้ว 2 จาก 4 ข้อ" in r.text


def test_it_escapes_item_titles(client, factory, year):
    factory.item(year, code="O1", title_th='<img src=x onerror="alert(1)">')
    r = client.get("/ita/2569/")
    assert "<img src=x" not in r.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in r.text


def test_it_says_so_when_a_year_has_no_items(client, year):
    r = client.get("/ita/2569/")
    assert r.status_code == 200
    assert "ยังไม่มีรายการข้อของปีนี้" in r.text


def test_it_answers_404_with_the_friendly_page_for_an_unknown_year(client, year):
    r = client.get("/ita/2555/")
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text
    assert 'href="/ita/"' in r.text


def test_it_hides_a_year_being_prepared_from_visitors(client, factory):
    factory.year(2570, status=FiscalYear.Status.PREPARING)
    r = client.get("/ita/2570/")
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text


def test_it_shows_a_year_being_prepared_to_staff(client, factory):
    year = factory.year(2570, status=FiscalYear.Status.PREPARING)
    factory.item(year, code="O1")
    client.force_login(factory.staff())

    r = client.get("/ita/2570/")
    assert r.status_code == 200
    assert "ปีนี้ยังอยู่ระหว่างจัดเตรียม" in r.text
    assert item_codes(r.text) == ["O1"]


@pytest.mark.parametrize("n_items", [10, 100])
def test_it_runs_the_same_queries_however_many_items(
    client, year, n_items, django_assert_num_queries
):
    indicator = year.indicators.get(number=9)
    items = Item.objects.bulk_create(
        Item(year=year, code=f"O{n}", order=n, title_th=f"ข้อ {n}", indicator=indicator)
        for n in range(1, n_items + 1)
    )
    Evidence.objects.bulk_create(
        Evidence(item=item, title=f"หลักฐาน {n}", body="ข้อความ", is_published=n != 3)
        for item in items
        for n in (1, 2, 3)
    )
    cache.clear()

    # 1: the content version, for the page-cache key
    # 2: the fiscal year
    # 3: the items, with their indicator and sub-indicator and whether each has
    #    published evidence (one query: joins and an EXISTS)
    # 4: the organisation, for the header and footer
    # 5: the organisation's channels (prefetched with it)
    with django_assert_num_queries(5):
        r = client.get("/ita/2569/")

    assert r["X-Page-Cache"] == "miss"
    assert len(item_codes(r.text)) == n_items
