"""`manage.py bootstrap` gives the demo's role users the admin password and lists them once."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape

from disclosures.models import Item

pytestmark = pytest.mark.django_db

ROLE_LINE = "ผู้ใช้ตัวอย่างตามบทบาท (รหัสผ่านเดียวกัน): "
EXPECTED_LOGINS = (
    "coordinator (ผู้ประสานงาน ITA), "
    "editor.palad (ผู้แก้ไขของส่วนราชการ: สำนักปลัด), "
    "editor.klang (ผู้แก้ไขของส่วนราชการ: กองคลัง), "
    "viewer (ผู้ดูข้อมูล)"
)


def bootstrap() -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


@pytest.fixture
def var_dir(tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        yield tmp_path


def admin_password(var_dir) -> str:
    return (var_dir / "admin-password.txt").read_text().strip()


def test_prints_the_role_logins_once_and_they_log_in_with_the_admin_password(var_dir, client):
    first = bootstrap()
    password = admin_password(var_dir)

    assert ROLE_LINE + EXPECTED_LOGINS in first
    assert first.index(f"รหัสผ่าน {password}") < first.index(ROLE_LINE)
    for username in ("coordinator", "editor.palad", "editor.klang", "viewer"):
        assert client.login(username=username, password=password), username
        client.logout()
    second = bootstrap()
    assert f"รหัสผ่าน {password}" in second
    assert ROLE_LINE not in second  # nothing new about passwords


def test_the_role_users_see_the_back_office_as_their_role(var_dir, client):
    bootstrap()
    password = admin_password(var_dir)
    item = Item.objects.get(year__year=2569, explanation_status="submitted")

    client.login(username="viewer", password=password)
    assert client.get(reverse("admin:index")).status_code == 200
    page = client.get(item.get_absolute_url()).content.decode()
    assert (
        escape(item.explanation_draft) in page
    )  # staff preview the explanation waiting for review
    client.logout()

    page = client.get(item.get_absolute_url()).content.decode()
    assert escape(item.explanation_draft) not in page  # citizens do not


def test_a_demo_user_given_a_password_keeps_it(var_dir, client):
    call_command("demo_data", stdout=io.StringIO())
    viewer = User.objects.get(username="viewer")
    viewer.set_password("viewer-own-pw-1")
    viewer.save()

    out = bootstrap()

    assert ROLE_LINE + EXPECTED_LOGINS.removesuffix(", viewer (ผู้ดูข้อมูล)") in out
    assert "viewer (" not in out
    assert client.login(username="viewer", password="viewer-own-pw-1")
    assert not client.login(username="viewer", password=admin_password(var_dir))


def test_when_the_admin_already_existed_the_role_users_get_no_password(var_dir, client):
    User.objects.create_superuser("chief", password="chiefs-own-pw-1")
    call_command("demo_data", stdout=io.StringIO())

    out = bootstrap()

    assert ROLE_LINE not in out
    assert "changepassword" in out
    assert not (var_dir / "admin-password.txt").exists()
    coordinator = User.objects.get(username="coordinator")
    assert not coordinator.has_usable_password()
    assert not client.login(username="coordinator", password="chiefs-own-pw-1")


def test_someone_elses_login_with_a_demo_name_is_not_given_the_password(var_dir, client):
    User.objects.create_user("coordinator", email="real.person@example.go.th")

    out = bootstrap()

    assert "coordinator (" not in out
    assert "editor.klang (ผู้แก้ไขของส่วนราชการ: กองคลัง)" in out
    assert not User.objects.get(username="coordinator").has_usable_password()
    assert not client.login(username="coordinator", password=admin_password(var_dir))
