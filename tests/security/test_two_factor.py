"""Optional two-factor login: members who turned it on need the 6-digit code from their
authenticator app; everyone else logs in with the password alone."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from ita_portal.thai import to_thai_digits

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PAGE_URL = reverse("admin:security_two_factor")
PASSWORD = "pw-for-tests-123"


def code(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code the member's app shows now (or that many 30-second steps later)."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = time.time() + offset_steps * device.step
    return str(generator.token()).zfill(device.digits)


@pytest.fixture(autouse=True)
def _no_throttling_delay(settings):
    # django-otp makes a device wait after a wrong code; tests that send a right code
    # straight after a wrong one switch the wait off (one test checks the wait itself).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def somchai(factory):
    return factory.staff("somchai")


@pytest.fixture
def device(somchai) -> TOTPDevice:
    return TOTPDevice.objects.create(user=somchai, name="แอปยืนยันตัวตน", confirmed=True)


def log_in(client, username: str = "somchai", token: str | None = None, password=PASSWORD):
    data = {"username": username, "password": password, "next": "/admin/"}
    if token is not None:
        data["otp_token"] = token
    return client.post(LOGIN_URL, data)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- the login ---------------------------------------------------------------------------


def test_without_a_device_the_password_alone_logs_in(client, somchai):
    response = log_in(client)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_login_form_offers_the_code_box(client):
    html = client.get(LOGIN_URL).content.decode()

    assert 'name="otp_token"' in html
    assert 'autocomplete="one-time-code"' in html
    assert "รหัสยืนยันตัวตน 6 หลัก" in html


def test_with_a_device_the_password_alone_is_not_enough(client, device):
    response = log_in(client)

    assert response.status_code == 200
    assert "กรุณากรอกรหัส 6 หลักจากแอปยืนยันตัวตน" in response.content.decode()
    assert not logged_in(client)


def test_with_a_device_a_wrong_code_is_refused(client, device):
    wrong = str((int(code(device)) + 1) % 1_000_000).zfill(6)

    response = log_in(client, token=wrong)

    assert response.status_code == 200
    assert "รหัสยืนยันตัวตนไม่ถูกต้อง" in response.content.decode()
    assert not logged_in(client)


def test_with_a_device_the_right_code_logs_in(client, device):
    response = log_in(client, token=code(device))

    assert response.status_code == 302
    assert logged_in(client)
    assert client.session["otp_device_id"] == device.persistent_id


def test_the_code_may_be_typed_with_spaces_or_thai_digits(client, device):
    typed = to_thai_digits(code(device))
    response = log_in(client, token=f"{typed[:3]} {typed[3:]}")

    assert response.status_code == 302


def test_a_code_works_only_once(client, device):
    token = code(device)
    log_in(client, token=token)
    client.logout()

    assert log_in(client, token=token).status_code == 200
    assert not logged_in(client)


def test_a_right_code_with_a_wrong_password_is_refused(client, device):
    response = log_in(client, token=code(device), password="wrong-password")

    assert response.status_code == 200
    assert not logged_in(client)


def test_an_unconfirmed_device_does_not_ask_for_a_code(client, somchai):
    TOTPDevice.objects.create(user=somchai, name="ยังตั้งค่าไม่เสร็จ", confirmed=False)

    assert log_in(client).status_code == 302


def test_another_members_device_does_not_ask_this_member_for_a_code(client, device, factory):
    factory.staff("malee")

    assert log_in(client, username="malee").status_code == 302


def test_wrong_codes_count_towards_the_lockout(client, device):
    for _ in range(4):
        assert log_in(client, token="000000").status_code == 200

    assert log_in(client, token="000000").status_code == 429
    assert log_in(client, token=code(device)).status_code == 429


def test_a_device_that_refused_a_code_makes_the_next_try_wait(client, device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    log_in(client, token="000000")

    response = log_in(client, token=code(device))

    assert "กรุณารอสักครู่แล้วลองใหม่" in response.content.decode()
    assert not logged_in(client)


# --- the member's own page ---------------------------------------------------------------


def test_the_page_needs_a_login(client):
    response = client.get(PAGE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_the_password_change_page_links_to_it(client, somchai):
    client.force_login(somchai)

    assert PAGE_URL in client.get(reverse("admin:password_change")).content.decode()


def test_a_member_turns_two_factor_on_with_a_code_from_the_app(client, somchai):
    client.force_login(somchai)
    assert "ยังไม่เปิด" in client.get(PAGE_URL).content.decode()

    client.post(PAGE_URL, {"action": "start"})
    html = client.get(PAGE_URL).content.decode()
    pending = TOTPDevice.objects.get(user=somchai)
    assert not pending.confirmed
    assert 'src="data:image/svg+xml' in html  # the QR code, inline: the secret stays here
    assert re.search(r"<code[^>]*>[A-Z2-7 ]{32,}</code>", html)  # the key to type instead

    response = client.post(PAGE_URL, {"action": "confirm", "otp_token": code(pending)})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed
    assert "เปิดอยู่" in client.get(PAGE_URL).content.decode()


def test_a_wrong_code_does_not_turn_it_on(client, somchai):
    client.force_login(somchai)
    client.post(PAGE_URL, {"action": "start"})

    response = client.post(PAGE_URL, {"action": "confirm", "otp_token": "000000"})

    assert response.status_code == 200
    assert "รหัสยืนยันตัวตนไม่ถูกต้อง" in response.content.decode()
    assert not TOTPDevice.objects.get(user=somchai).confirmed


def test_after_turning_it_on_the_next_login_asks_for_the_code(client, somchai):
    client.force_login(somchai)
    client.post(PAGE_URL, {"action": "start"})
    pending = TOTPDevice.objects.get(user=somchai)
    client.post(PAGE_URL, {"action": "confirm", "otp_token": code(pending)})
    client.logout()

    assert log_in(client).status_code == 200
    assert log_in(client, token=code(pending, offset_steps=1)).status_code == 302


def test_turning_it_off_needs_a_current_code(client, somchai, device):
    client.force_login(somchai)

    refused = client.post(PAGE_URL, {"action": "disable", "otp_token": "000000"})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=somchai).exists()

    client.post(PAGE_URL, {"action": "disable", "otp_token": code(device)})
    assert not TOTPDevice.objects.filter(user=somchai).exists()


def test_the_page_touches_only_the_members_own_device(client, somchai, factory):
    malee = factory.staff("malee")
    malees = TOTPDevice.objects.create(user=malee, name="โทรศัพท์", confirmed=True)
    client.force_login(somchai)

    html = client.get(PAGE_URL).content.decode()
    client.post(PAGE_URL, {"action": "disable", "otp_token": code(malees)})
    client.post(PAGE_URL, {"action": "start"})
    client.post(PAGE_URL, {"action": "cancel"})

    assert "ยังไม่เปิด" in html
    assert TOTPDevice.objects.filter(pk=malees.pk, confirmed=True).exists()


def test_starting_again_replaces_an_unfinished_setup(client, somchai):
    client.force_login(somchai)
    client.post(PAGE_URL, {"action": "start"})
    first = TOTPDevice.objects.get(user=somchai)

    client.post(PAGE_URL, {"action": "start"})

    assert list(TOTPDevice.objects.filter(user=somchai)) != [first]
    assert TOTPDevice.objects.filter(user=somchai).count() == 1


# --- the device list, for superusers ------------------------------------------------------


def test_the_device_list_never_shows_a_secret(client, factory, device):
    client.force_login(factory.superuser())

    changelist = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    detail = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert "somchai" in changelist.content.decode()
    for response in (changelist, detail):
        assert response.status_code == 200
        assert device.key not in response.content.decode()


def test_a_superuser_removes_the_device_of_someone_who_lost_their_phone(client, factory, device):
    client.force_login(factory.superuser())
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])

    client.post(url, {"post": "yes"})

    assert not TOTPDevice.objects.exists()


def test_devices_are_never_added_in_the_device_list(client, factory):
    client.force_login(factory.superuser())

    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_staff_without_permission_cannot_see_the_device_list(client, somchai, device):
    client.force_login(somchai)

    response = client.get(reverse("admin:otp_totp_totpdevice_changelist"))

    assert response.status_code == 403
