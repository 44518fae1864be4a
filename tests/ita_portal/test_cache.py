"""The public page cache: visitors get cached pages, every edit shows at once, staff never share."""

import pytest

from disclosures.models import FiscalYear, Item, Organisation

pytestmark = pytest.mark.django_db

YEAR_URL = "/ita/2569/"
ITEM_URL = "/ita/2569/O1/"


@pytest.fixture
def item(factory) -> Item:
    factory.organisation()
    year = factory.year(2569, is_current=True)
    return factory.item(year, code="O1", title_th="โครงสร้างหน่วยงาน")


def test_a_second_visit_is_served_from_the_cache(client, item, django_assert_num_queries):
    first = client.get(YEAR_URL)
    assert first["X-Page-Cache"] == "miss"

    # 1: the content version, for the page-cache key; nothing else is read
    with django_assert_num_queries(1):
        second = client.get(YEAR_URL)
    assert second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content


def test_public_pages_may_be_kept_by_browsers_and_proxies(client, item, settings):
    settings.PAGE_BROWSER_MAX_AGE = 120
    for _ in range(2):  # the miss and the hit alike
        r = client.get(YEAR_URL)
        cache_control = {part.strip() for part in r["Cache-Control"].split(",")}
        assert {"public", "max-age=120"} <= cache_control


def test_languages_are_cached_apart(client, item):
    assert client.get(ITEM_URL)["X-Page-Cache"] == "miss"
    r = client.get("/en" + ITEM_URL)
    assert r["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in r.text


def test_saving_evidence_shows_at_once(client, factory, item):
    client.get(ITEM_URL)
    factory.evidence(item, title="แผนภูมิโครงสร้างใหม่")

    r = client.get(ITEM_URL)
    assert r["X-Page-Cache"] == "miss"
    assert "แผนภูมิโครงสร้างใหม่" in r.text


def test_publishing_a_draft_shows_at_once(client, factory, item):
    draft = factory.evidence(item, title="ประกาศที่รอเผยแพร่", is_published=False)
    assert "ประกาศที่รอเผยแพร่" not in client.get(ITEM_URL).text

    draft.set_published(True)
    draft.save()

    r = client.get(ITEM_URL)
    assert r["X-Page-Cache"] == "miss"
    assert "ประกาศที่รอเผยแพร่" in r.text


def test_deleting_evidence_shows_at_once(client, factory, item):
    evidence = factory.evidence(item, title="ประกาศที่ถอนออก")
    assert "ประกาศที่ถอนออก" in client.get(ITEM_URL).text

    evidence.delete()

    r = client.get(ITEM_URL)
    assert r["X-Page-Cache"] == "miss"
    assert "ประกาศที่ถอนออก" not in r.text


def test_editing_an_item_shows_at_once_on_the_year_page(client, item):
    client.get(YEAR_URL)
    item.title_th = "โครงสร้างและอำนาจหน้าที่"
    item.save()

    r = client.get(YEAR_URL)
    assert r["X-Page-Cache"] == "miss"
    assert "โครงสร้างและอำนาจหน้าที่" in r.text


def test_editing_the_organisation_shows_at_once(client, item):
    client.get(YEAR_URL)
    organisation = Organisation.current()
    organisation.name_th = "เทศบาลตำบลบ้านทดสอบ"
    organisation.save()

    r = client.get(YEAR_URL)
    assert r["X-Page-Cache"] == "miss"
    assert "เทศบาลตำบลบ้านทดสอบ" in r.text


def test_staff_previews_are_private_and_not_stored(client, factory, item):
    factory.evidence(item, title="ร่างลับ", is_published=False)
    client.force_login(factory.staff())

    r = client.get(ITEM_URL)
    assert "ร่างลับ" in r.text
    cache_control = {part.strip() for part in r["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    assert "X-Page-Cache" not in r

    client.logout()
    r = client.get(ITEM_URL)
    assert r["X-Page-Cache"] == "miss"
    assert "ร่างลับ" not in r.text


def test_staff_do_not_get_the_visitors_cached_page(client, factory, item):
    factory.evidence(item, title="ร่างลับ", is_published=False)
    assert "ร่างลับ" not in client.get(ITEM_URL).text  # cached for visitors

    client.force_login(factory.staff())
    assert "ร่างลับ" in client.get(ITEM_URL).text


def test_not_found_pages_are_not_cached(client, item):
    year = FiscalYear.objects.create(year=2570, status=FiscalYear.Status.PREPARING)
    Item.objects.create(year=year, code="O1", title_th="ข้อปีหน้า", indicator=item.indicator)
    r = client.get("/ita/2570/")
    assert r.status_code == 404
    assert "X-Page-Cache" not in r
    assert "public" not in r.get("Cache-Control", "")

    # Opened without a signal (so without bumping the content version): only an uncached
    # 404 lets the year show.
    FiscalYear.objects.filter(pk=year.pk).update(status=FiscalYear.Status.OPEN)

    r = client.get("/ita/2570/")
    assert r.status_code == 200
    assert r["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_zero_page_cache_lifetime_switches_the_cache_off(client, factory, settings):
    settings.PAGE_CACHE_SECONDS = 0
    factory.year(2569)

    first = client.get("/ita/2569/")
    second = client.get("/ita/2569/")

    assert first.status_code == second.status_code == 200
    assert "X-Page-Cache" not in second
    assert "public" in second["Cache-Control"]
