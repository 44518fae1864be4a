"""Login lockout (django-axes): five wrong passwords for one user name from one address
lock that pair for a while; `manage.py axes_reset` unlocks."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from ita_portal.security.lockout import client_ip

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
RIGHT = "pw-for-tests-123"


@pytest.fixture
def somchai(factory):
    return factory.staff("somchai")


def log_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(client, username: str, times: int, address: str = "203.0.113.7"):
    for _ in range(times):
        response = log_in(client, username, "wrong-password", address)
    return response


def test_four_wrong_passwords_still_let_the_right_one_in(client, somchai):
    assert fail(client, "somchai", 4).status_code == 200  # the form again, with its error

    response = log_in(client, "somchai", RIGHT)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_fifth_wrong_password_locks_with_a_thai_page(client, somchai):
    response = fail(client, "somchai", 5)

    assert response.status_code == 429
    html = response.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in html
    assert "เข้าสู่ระบบผิด 5 ครั้ง" in html
    assert "30 นาที" in html
    assert 'lang="th"' in html


def test_a_locked_user_cannot_log_in_even_with_the_right_password(client, somchai):
    fail(client, "somchai", 5)

    response = log_in(client, "somchai", RIGHT)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_another_user_from_the_same_address_is_not_locked(client, somchai, factory):
    factory.staff("malee")
    fail(client, "somchai", 5)

    assert log_in(client, "malee", RIGHT).status_code == 302


def test_the_same_user_from_another_address_is_not_locked(client, somchai):
    fail(client, "somchai", 5, address="203.0.113.7")

    assert log_in(client, "somchai", RIGHT, address="198.51.100.9").status_code == 302


def test_axes_reset_unlocks(client, somchai):
    fail(client, "somchai", 5)
    assert log_in(client, "somchai", RIGHT).status_code == 429

    call_command("axes_reset", verbosity=0)

    assert log_in(client, "somchai", RIGHT).status_code == 302


def test_axes_reset_username_unlocks_one_user(client, somchai, factory):
    factory.staff("malee")
    fail(client, "somchai", 5)
    fail(client, "malee", 5)

    call_command("axes_reset_username", "somchai", verbosity=0)

    assert log_in(client, "somchai", RIGHT).status_code == 302
    assert log_in(client, "malee", RIGHT).status_code == 429


def test_a_successful_login_forgets_earlier_failures(client, somchai):
    fail(client, "somchai", 4)
    log_in(client, "somchai", RIGHT)
    client.logout()

    assert fail(client, "somchai", 4).status_code == 200  # counting starts again
    assert AccessAttempt.objects.get().failures_since_start == 4


@override_settings(AXES_COOLOFF_TIME=None)
def test_without_a_cool_off_the_page_says_to_ask_an_administrator(client, somchai):
    html = fail(client, "somchai", 5).content.decode()

    assert "ติดต่อผู้ดูแลระบบ" in html
    assert "นาที" not in html


def test_force_login_is_not_counted_nor_blocked(client, somchai):
    fail(client, "somchai", 5)

    client.force_login(somchai)  # what the rest of the test suite does

    assert client.get(reverse("admin:index")).status_code == 200


# --- the visitor's address behind the TLS proxy ----------------------------------------------


def request_from(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().post(LOGIN_URL, REMOTE_ADDR=remote, **extra)


@override_settings(ITA_TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_forwarded_header_is_ignored():
    assert client_ip(request_from("203.0.113.7", "10.9.9.9")) == "203.0.113.7"


@override_settings(ITA_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_appended_counts():
    # The visitor wrote "10.9.9.9" themselves; the proxy appended the real address.
    assert client_ip(request_from("127.0.0.1", "10.9.9.9, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"


@override_settings(ITA_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_missing_header_falls_back_to_the_connection():
    assert client_ip(request_from("127.0.0.1")) == "127.0.0.1"


@override_settings(ITA_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_forged_header_cannot_dodge_the_lockout(client, somchai):
    for n in range(5):  # a new forged address on every try
        client.post(
            LOGIN_URL,
            {"username": "somchai", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7",
        )

    response = client.post(
        LOGIN_URL,
        {"username": "somchai", "password": RIGHT},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.99, 203.0.113.7",
    )
    assert response.status_code == 429
