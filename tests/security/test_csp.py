"""The Content-Security-Policy header: on every response, never allowing inline scripts.

Public pages allow no inline style either; the back office allows inline styles (the
Django admin and django-import-export write them), never scripts. Files keep their own
stricter sandbox policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from disclosures.models import Evidence

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def year(factory):
    factory.organisation()
    year = factory.year(2569)
    factory.evidence(factory.item(year, code="O1"), kind=Evidence.Kind.FILE)
    return year


def assert_the_portal_policy(policy: dict[str, list[str]]) -> None:
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize("url", ["/", "/ita/2569/", "/ita/2569/O1/", "/en/ita/2569/O1/"])
def test_public_pages_allow_no_inline_script_nor_style(client, year, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = directives(response)
    assert_the_portal_policy(policy)
    assert policy["style-src"] == ["'self'"]


def test_the_header_is_sent_on_cached_pages_too(client, year):
    client.get("/ita/2569/")
    response = client.get("/ita/2569/")

    assert response["X-Page-Cache"] == "hit"
    assert directives(response)["script-src"] == ["'self'"]


def test_a_missing_page_has_the_policy(client, year):
    response = client.get("/ita/2569/O999/")

    assert response.status_code == 404
    assert directives(response)["script-src"] == ["'self'"]


@pytest.mark.urls("tests.security.urls_with_back_office_pages")
def test_the_500_page_may_style_itself_inline_but_never_script(admin_client):
    admin_client.raise_request_exception = False

    response = admin_client.get("/internal/broken/")

    assert response.status_code == 500
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_admin_pages_allow_inline_styles_but_never_inline_scripts(admin_client, year):
    for url in (reverse("admin:index"), reverse("admin:disclosures_item_changelist")):
        response = admin_client.get(url)

        policy = directives(response)
        assert_the_portal_policy(policy)
        assert "'unsafe-inline'" not in policy["script-src"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_the_login_page_has_the_policy(client):
    response = client.get(reverse("admin:login"))

    assert "'unsafe-inline'" not in directives(response)["script-src"]


def test_a_file_download_keeps_its_sandbox(client, year):
    evidence = Evidence.objects.get()
    response = client.get(evidence.get_download_url())

    assert response.status_code == 200
    assert directives(response) == {"default-src": ["'none'"], "sandbox": []}


def test_a_pdf_report_has_the_policy_and_still_downloads(client, year):
    response = client.get("/ita/2569/report.pdf")

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert directives(response)["script-src"] == ["'self'"]


def test_open_data_files_have_the_policy(client, year):
    for url in ("/ita/2569/itas.csv", "/ita/2569/data/procurement.json"):
        assert directives(client.get(url))["script-src"] == ["'self'"]


def test_no_template_of_ours_has_an_inline_script_or_event_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER):
            offenders += [f"{path.relative_to(TEMPLATES)}: {m[0]}" for m in pattern.finditer(text)]
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(TEMPLATES)}: javascript: URL")

    assert offenders == []


def test_the_template_check_finds_inline_scripts():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/a.js"></script>')
    assert EVENT_HANDLER.search('<img src="x" onerror="alert(1)">')
    assert not EVENT_HANDLER.search('<a href="/" class="online">')
