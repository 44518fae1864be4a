"""Every URL of the portal is either listed here as public or needs a login.

The URLs are walked from the URLconf, so a page added later (a back-office view outside
/admin/, a new public page) fails here until someone decides which it is. The /admin/
pages are checked one by one in tests/ita_portal/test_url_auth.py; this file makes sure
that walk sees every one of them, and checks everything else itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.ita_portal.test_url_auth import ADMIN_URLS, _concrete

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
# The pages citizens, assessors and search engines reach without logging in, by URL name.
PUBLIC = {
    "robots_txt",
    "sitemap",
    "healthz",
    "ping",
    "organisation_logo",
    "reports:report",
    "reports:measures",
    "reports:score",
    "measures:score",
    "measures:measures",
    "measures:measure",
    "measures:attachment_file",
    "procurement:list",
    "procurement:data",
    "disclosures:home",
    "disclosures:years",
    "disclosures:year",
    "disclosures:itas_csv",
    "disclosures:itas_xlsx",
    "disclosures:item",
    "disclosures:evidence_file",
    "disclosures:search",
}
SAMPLE = {"year": "2569", "code": "O1", "number": "1", "kind": "csv", "filename": "a.pdf"}


def walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(path, namespaced name) of every URL pattern below these patterns."""
    for pattern in patterns:
        path = prefix + _concrete(pattern, SAMPLE)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, path, inner)
        elif isinstance(pattern, URLPattern):
            yield "/" + path, f"{namespace}{pattern.name or ''}"


def every_url() -> list[tuple[str, str]]:
    """Thai URLs, then the English twins under /en/."""
    urls = list(walk(get_resolver().url_patterns))
    with translation.override("en"):
        urls += [url for url in walk(get_resolver().url_patterns) if url not in urls]
    return urls


def urls_needing_no_login(client, urls: list[tuple[str, str]]) -> list[str]:
    """The non-public URLs that answer an anonymous visitor with anything but the login."""
    leaks = []
    for path, name in urls:
        if path.startswith("/admin/") or name in PUBLIC:
            continue
        for response in (client.get(path), client.post(path)):
            if not (response.status_code == 302 and response["Location"].startswith(LOGIN_URL)):
                leaks.append(
                    f"{response.request['REQUEST_METHOD']} {path} ({name}): {response.status_code}"
                )
    return leaks


URLS = every_url()
ADMIN = [(path, name) for path, name in URLS if path.startswith("/admin/")]


def test_the_walk_sees_the_english_pages_and_every_public_name():
    paths = {path for path, _name in URLS}
    assert "/en/ita/2569/O1/" in paths
    assert "/ita/2569/O1/" in paths
    assert {name for _path, name in URLS} >= PUBLIC, "a public name no longer exists"


def test_every_admin_url_is_checked_by_the_admin_walk():
    # The two walks fill parameters differently; the same count means the same patterns.
    assert len(ADMIN) == len(ADMIN_URLS)


def test_every_url_outside_the_public_list_needs_a_login(client):
    assert urls_needing_no_login(client, URLS) == []


@pytest.mark.urls("tests.security.urls_with_back_office_pages")
def test_a_back_office_page_outside_admin_without_a_login_is_caught(client):
    urls = every_url()

    assert urls_needing_no_login(client, urls) == [
        "GET /internal/open/ (internal_open): 200",
        "POST /internal/open/ (internal_open): 200",
    ]


def test_public_pages_answer_visitors_without_a_login(client, factory):
    factory.organisation()
    year = factory.year(2569)
    factory.item(year, code="O1")
    checked = 0
    for path, name in URLS:
        if name not in PUBLIC:
            continue
        response = client.get(path)
        assert not response.get("Location", "").startswith(LOGIN_URL), f"{path} asks for a login"
        assert response.status_code in (200, 301, 302, 404), f"{path} {response.status_code}"
        checked += 1
    assert checked >= 2 * len(PUBLIC) - 10  # most public pages also have an /en/ twin
