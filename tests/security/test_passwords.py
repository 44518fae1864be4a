"""Password rules: at least 12 characters, not common, not all digits, not like the user's
own name; the admin's password forms refuse what breaks them, in Thai."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("admin:password_change")
OLD = "pw-for-tests-123"


@pytest.fixture
def somchai(client, factory):
    user = factory.staff("somchai.jaidee")
    client.force_login(user)
    return user


def change_own_password(client, new: str):
    return client.post(
        CHANGE_URL, {"old_password": OLD, "new_password1": new, "new_password2": new}
    )


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("Kh0nKaen-11", "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 12 ตัวอักษร"),
        ("123456789012", "รหัสผ่านนี้เป็นตัวเลขทั้งหมด"),
        ("password1234", "รหัสผ่านนี้ใช้กันทั่วไปจนคาดเดาได้ง่าย"),
        ("somchai.jaidee1", "รหัสผ่านคล้ายกับ"),
    ],
)
def test_the_password_change_form_refuses_a_weak_password(client, somchai, weak, message):
    response = change_own_password(client, weak)

    assert response.status_code == 200  # the form again, with the reason
    assert message in response.content.decode()
    somchai.refresh_from_db()
    assert somchai.check_password(OLD)


def test_the_password_change_form_takes_a_strong_password(client, somchai):
    response = change_own_password(client, "ฝนตกที่ขอนแก่น-2569")

    assert response.status_code == 302
    somchai.refresh_from_db()
    assert somchai.check_password("ฝนตกที่ขอนแก่น-2569")


def test_an_administrator_setting_someone_s_password_meets_the_same_rules(client, factory):
    client.force_login(factory.superuser())
    malee = factory.staff("malee")
    url = reverse("admin:auth_user_password_change", args=[malee.pk])

    response = client.post(
        url, {"password1": "short-pw-1", "password2": "short-pw-1", "usable_password": "true"}
    )

    assert response.status_code == 200
    assert "ต้องมีอย่างน้อย 12 ตัวอักษร" in response.content.decode()
    malee.refresh_from_db()
    assert malee.check_password(OLD)


def test_the_generated_admin_password_meets_the_rules(tmp_path):
    with override_settings(VAR_DIR=tmp_path):
        call_command("bootstrap", no_demo=True, stdout=io.StringIO())

    password = (tmp_path / "admin-password.txt").read_text().strip()
    validate_password(password, User.objects.get(username="admin"))  # raises if it breaks one
