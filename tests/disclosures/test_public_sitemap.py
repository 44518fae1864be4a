"""/sitemap.xml and /robots.txt: what search engines and link checkers are told to read."""

import re
from datetime import UTC, datetime

import pytest
from django.test import override_settings

from disclosures.models import Evidence, FiscalYear, Item

pytestmark = pytest.mark.django_db

BASE = "https://ita.banthotsop.go.th"


def locations(xml: str) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml)


@pytest.fixture
def years(factory):
    current = factory.year(2569)
    factory.item(current, code="O1")
    factory.evidence(factory.item(current, code="O2"))
    archived = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    factory.item(archived, code="O1")
    preparing = factory.year(2570, status=FiscalYear.Status.PREPARING)
    factory.item(preparing, code="O1")


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_it_lists_every_public_page_with_absolute_urls(client, years):
    r = client.get("/sitemap.xml")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/xml")
    assert sorted(locations(r.text)) == sorted(
        [
            f"{BASE}/",
            f"{BASE}/ita/",
            f"{BASE}/ita/2569/",
            f"{BASE}/ita/2568/",
            f"{BASE}/ita/2569/O1/",
            f"{BASE}/ita/2569/O2/",
            f"{BASE}/ita/2568/O1/",
        ]
    )


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_it_omits_years_being_prepared(client, years):
    r = client.get("/sitemap.xml")
    assert "2570" not in r.text


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_it_dates_an_item_page_by_its_last_published_change(client, factory):
    year = factory.year(2569)
    item = factory.item(year, code="O1")
    published = factory.evidence(item)
    draft = factory.evidence(item, is_published=False)
    Item.objects.filter(pk=item.pk).update(updated_at=datetime(2025, 12, 1, tzinfo=UTC))
    Evidence.objects.filter(pk=published.pk).update(
        published_at=datetime(2026, 1, 15, tzinfo=UTC), updated_at=datetime(2026, 1, 15, tzinfo=UTC)
    )
    # A draft is no change to the public page: crawlers need not come back for it.
    Evidence.objects.filter(pk=draft.pk).update(updated_at=datetime(2026, 3, 1, tzinfo=UTC))

    r = client.get("/sitemap.xml")
    entry = re.search(rf"<loc>{BASE}/ita/2569/O1/</loc>\s*<lastmod>([^<]+)</lastmod>", r.text)
    assert entry, r.text
    assert entry.group(1).startswith("2026-01-15")


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_it_lists_the_thai_urls_whatever_the_crawler_language(client, years):
    # The Thai URLs are the ones submitted to the NACC; a crawler's Accept-Language
    # must not swap them for /en/ ones.
    r = client.get("/sitemap.xml", headers={"accept-language": "en"})
    assert f"{BASE}/ita/2569/O1/" in locations(r.text)
    assert not [url for url in locations(r.text) if "/en/" in url]


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_robots_txt_keeps_crawlers_out_of_the_back_office_and_names_the_sitemap(client):
    r = client.get("/robots.txt")
    assert r.status_code == 200
    assert r["Content-Type"] == "text/plain; charset=utf-8"
    lines = r.text.splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {BASE}/sitemap.xml" in lines
