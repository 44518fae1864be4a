"""/search/: items by code or title, and published evidence by title."""

import pytest

from disclosures.models import FiscalYear, Item

pytestmark = pytest.mark.django_db


def results(html: str, section: str) -> str:
    """The HTML of one result section: "item-results" or "evidence-results"."""
    start = html.index(f'aria-labelledby="{section}"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def item(factory) -> Item:
    year = factory.year(2569)
    return factory.item(year, code="O1", title_th="แผนการจัดซื้อจัดจ้างประจำปี")


def test_it_finds_an_item_by_a_thai_substring_of_its_title(client, factory, item):
    factory.item(item.year, code="O2", title_th="ข้อมูลผู้บริหาร")
    r = client.get("/search/", {"q": "จัดซื้อ"})
    assert r.status_code == 200
    found = results(r.text, "item-results")
    assert "พบ 1 ข้อ" in found
    assert (
        '<a class="item-link" href="/ita/2569/O1/"><span class="code">O1</span> '
        "แผนการจัดซื้อจัดจ้างประจำปี</a>" in found
    )
    assert "O2" not in found


def test_it_finds_an_item_by_its_code(client, factory, item):
    factory.item(item.year, code="O11", title_th="ข้ออื่น")
    r = client.get("/search/", {"q": "o1"})
    found = results(r.text, "item-results")
    assert 'href="/ita/2569/O1/"' in found
    assert "O11" not in found  # a code matches whole, not as a prefix


def test_it_finds_published_evidence_by_title(client, factory, item):
    factory.evidence(item, title="ประกาศผู้ชนะการเสนอราคา")
    r = client.get("/search/", {"q": "ผู้ชนะ"})
    found = results(r.text, "evidence-results")
    assert "พบ 1 เอกสาร" in found
    assert '<a href="/ita/2569/O1/">ประกาศผู้ชนะการเสนอราคา</a>' in found


def test_it_does_not_find_drafts_for_visitors(client, factory, item):
    factory.evidence(item, title="ร่างประกาศผู้ชนะ", is_published=False)
    r = client.get("/search/", {"q": "ผู้ชนะ"})
    assert "พบ 0 เอกสาร" in r.text
    assert "ร่างประกาศผู้ชนะ" not in r.text


def test_it_finds_drafts_for_staff(client, factory, item):
    factory.evidence(item, title="ร่างประกาศผู้ชนะ", is_published=False)
    client.force_login(factory.staff())
    r = client.get("/search/", {"q": "ผู้ชนะ"})
    assert "ร่างประกาศผู้ชนะ" in results(r.text, "evidence-results")


def test_it_does_not_find_what_is_in_a_year_being_prepared(client, factory):
    year = factory.year(2570, status=FiscalYear.Status.PREPARING)
    factory.evidence(factory.item(year, title_th="แผนจัดซื้อปีหน้า"), title="ประกาศจัดซื้อปีหน้า")
    r = client.get("/search/", {"q": "จัดซื้อ"})
    assert "พบ 0 ข้อ" in r.text
    assert "พบ 0 เอกสาร" in r.text


def test_it_asks_for_a_longer_query(client, item):
    r = client.get("/search/", {"q": "จ"})
    assert "กรุณาพิมพ์คำค้นอย่างน้อย 2 ตัวอักษร" in r.text
    assert "item-results" not in r.text


def test_it_shows_just_the_form_without_a_query(client, item):
    r = client.get("/search/")
    assert r.status_code == 200
    assert "กรุณาพิมพ์คำค้น" not in r.text
    assert "item-results" not in r.text


def test_it_escapes_the_query(client, item):
    r = client.get("/search/", {"q": "<script>alert(1)</script>"})
    assert r.status_code == 200
    assert "<script>alert(1)</script>" not in r.text
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in r.text


def test_it_truncates_an_overlong_query(client, item):
    r = client.get("/search/", {"q": "จัดซื้อ" + "ก" * 500})
    assert r.status_code == 200
    assert 'value="จัดซื้อ' + "ก" * 93 + '"' in r.text


def test_it_ignores_nul_characters(client, item):
    # PostgreSQL refuses strings containing NUL: the page must not fail.
    r = client.get("/search/", {"q": "จัด\x00ซื้อ"})
    assert r.status_code == 200
    assert 'href="/ita/2569/O1/"' in results(r.text, "item-results")
