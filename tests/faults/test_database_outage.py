"""The database going away: a quick, friendly 503 and recovery on the next request."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from ita_portal import views

pytestmark = pytest.mark.django_db

DOWN_TITLE = "ขออภัย เว็บไซต์ไม่พร้อมให้บริการชั่วคราว"


@contextmanager
def database_down(error: Exception | None = None):
    """Every new query fails as it does while PostgreSQL is stopped."""
    error = error or OperationalError('connection to server at "127.0.0.1" failed: refused')
    with mock.patch.object(connection, "cursor", side_effect=error):
        yield


@pytest.fixture
def year(factory):
    year = factory.year(2569)
    factory.evidence(factory.item(year, code="O1"))
    return year


def assert_friendly_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert DOWN_TITLE in page
    assert "กรุณาลองใหม่อีกครั้งในอีกสักครู่" in page


@pytest.mark.parametrize("path", ["/ita/2569/", "/ita/2569/O1/", "/search/?q=O1", "/healthz"])
def test_a_page_answers_503_while_the_database_is_down_and_works_once_it_is_back(
    client, year, path
):
    with database_down():
        during = client.get(path)
    after = client.get(path)

    assert_friendly_503(during)
    assert after.status_code == 200


def test_the_page_cache_version_lookup_failing_gives_503(client, year, settings):
    settings.PAGE_CACHE_SECONDS = 600
    assert client.get("/ita/2569/")["X-Page-Cache"] == "miss"

    # Even a page already in the cache asks the database for the content version first.
    with database_down():
        response = client.get("/ita/2569/")

    assert_friendly_503(response)


def test_a_context_processor_failing_gives_503(client, year, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the view itself runs; the header's organisation fails
    lost = InterfaceError("connection already closed")
    with mock.patch("ita_portal.context_processors._organisation", side_effect=lost):
        response = client.get("/ita/2569/")

    assert_friendly_503(response)
    assert client.get("/ita/2569/").status_code == 200


def test_staff_get_the_same_page_in_the_back_office(client, factory, year):
    client.force_login(factory.superuser())

    with database_down():
        response = client.get("/admin/disclosures/evidence/")

    assert_friendly_503(response)
    assert client.get("/admin/disclosures/evidence/").status_code == 200


def test_the_outage_is_logged(client, year, caplog):
    with caplog.at_level(logging.ERROR, logger="ita_portal.faults"), database_down():
        client.get("/ita/2569/O1/")

    [record] = [r for r in caplog.records if r.name == "ita_portal.faults"]
    assert "Database unavailable (GET /ita/2569/O1/)" in record.getMessage()
    assert "refused" in record.getMessage()


def test_an_error_raised_outside_the_view_still_gives_503():
    """A middleware (the session's save, say) failing reaches the 500 handler instead."""
    request = RequestFactory().get("/ita/2569/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = views.server_error(request)

    assert_friendly_503(response)


def test_other_errors_keep_the_generic_error_page(year):
    client = Client(raise_request_exception=False)
    with mock.patch("disclosures.views.render", side_effect=ValueError("a bug")):
        response = client.get("/ita/2569/O1/")

    assert response.status_code == 500
    assert "ขออภัย ระบบขัดข้องชั่วคราว" in response.content.decode()
