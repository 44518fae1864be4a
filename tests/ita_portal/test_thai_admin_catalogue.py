"""The back office speaks Thai where Django and django-import-export do not.

Django's own Thai catalogue lacks many Django 5.x admin strings and django-import-export
ships none, so locale/th/LC_MESSAGES fills the gaps (see the header of its django.po).
These tests look at what staff actually see: messages after a save, the import page,
the sidebar, the password rules and the admin's JavaScript catalogue.
"""

from __future__ import annotations

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

from measures import sheets
from measures.models import Division
from tests.ita_portal.test_i18n import read_po

pytestmark = pytest.mark.django_db

TH_DIR = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES"
MESSY_CSV = Path(settings.BASE_DIR) / "tests" / "measures" / "files" / "messy.csv"
IMPORT_URL = reverse("admin:measures_measure_import")
DIVISIONS_URL = reverse("admin:measures_division_changelist")
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[sdr]|%[sdr]|\{[A-Za-z_]*\}")
THAI = re.compile(r"[\u0E00-\u0E7F]")


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def division():
    return Division.objects.create(name="กองคลัง", order=1)


def shown_messages(response) -> list[str]:
    return [strip_tags(str(message)) for message in response.context["messages"]]


# --- after a save --------------------------------------------------------------------------


def test_saving_an_object_says_so_in_thai(admin_client, division):
    response = admin_client.post(
        reverse("admin:measures_division_change", args=[division.pk]),
        {"name": "กองคลัง", "order": "2", "_save": "บันทึก"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == DIVISIONS_URL
    assert shown_messages(response) == ["บันทึกการแก้ไขส่วนราชการ “กองคลัง” เรียบร้อยแล้ว"]
    assert "was changed successfully" not in response.text


def test_adding_an_object_and_another_says_so_in_thai(admin_client):
    response = admin_client.post(
        reverse("admin:measures_division_add"),
        {"name": "กองช่าง", "order": "3", "_addanother": "บันทึกและเพิ่ม"},
        follow=True,
    )

    assert shown_messages(response) == [
        "เพิ่มส่วนราชการ “กองช่าง” เรียบร้อยแล้ว เพิ่มส่วนราชการรายการต่อไปได้ด้านล่าง"
    ]


def test_the_history_of_a_change_is_written_in_thai(admin_client, division):
    admin_client.post(
        reverse("admin:measures_division_change", args=[division.pk]),
        {"name": "กองคลัง", "order": "5", "_save": "บันทึก"},
    )

    html = admin_client.get(reverse("admin:measures_division_history", args=[division.pk])).text

    assert "Changed" not in html
    assert "1 รายการ" in html


def test_the_delete_confirmation_button_is_thai(admin_client, division):
    html = admin_client.get(reverse("admin:measures_division_delete", args=[division.pk])).text

    assert 'value="ใช่ ยืนยันการลบ"' in html
    assert "I’m sure" not in html


# --- the page around it --------------------------------------------------------------------


def test_the_sidebar_and_the_skip_link_are_thai(admin_client, division):
    html = admin_client.get(DIVISIONS_URL).text

    assert 'placeholder="พิมพ์เพื่อค้นหาเมนู…"' in html
    assert "Start typing to filter" not in html
    assert "ข้ามไปยังเนื้อหาหลัก" in html
    assert "Skip to main content" not in html


def test_the_password_rules_are_explained_in_thai(admin_client):
    form = {"username": "somchai", "usable_password": "true"}
    response = admin_client.post(
        reverse("admin:auth_user_add"), {**form, "password1": "12345", "password2": "12345"}
    )

    html = response.text
    assert response.status_code == 200  # the form comes back with its errors
    assert "usable_password" not in response.context["adminform"].form.errors
    assert "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 12 ตัวอักษร" in html
    assert "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in html
    assert "too short" not in html
    assert "entirely numeric" not in html


# --- django-import-export ------------------------------------------------------------------


def test_the_import_page_is_thai(admin_client):
    html = admin_client.get(IMPORT_URL).text

    assert "ระบบจะนำเข้าคอลัมน์ต่อไปนี้:" in html
    assert 'value="ตกลง"' in html
    assert "รูปแบบไฟล์" in html
    assert "This importer will import" not in html
    assert 'value="Submit"' not in html
    for header in sheets.HEADERS:  # the column names are still listed
        assert header in html


def test_the_import_preview_is_thai(admin_client):
    with MESSY_CSV.open("rb") as handle:
        response = admin_client.post(
            IMPORT_URL, {"resource": "0", "year": "2566", "import_file": handle, "format": ""}
        )

    html = response.text
    assert "confirm_form" in response.context
    assert 'value="ยืนยันการนำเข้า"' in html
    assert "ด้านล่างคือตัวอย่างข้อมูลที่จะนำเข้า" in html
    assert "Confirm import" not in html
    assert "Below is a preview" not in html


# --- the admin's JavaScript catalogue ------------------------------------------------------


def test_the_javascript_catalogue_carries_the_thai_widget_strings(admin_client):
    source = admin_client.get(reverse("admin:jsi18n")).text
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", source, re.S).group(1))

    assert catalogue["Choose all %s"] == "เลือก%sทั้งหมด"
    assert catalogue["Remove all %s"] == "นำ%sออกทั้งหมด"
    assert catalogue["abbrev. month January\x04Jan"] == "ม.ค."
    assert catalogue["abbrev. day Thursday\x04Thur"] == "พฤ."
    assert catalogue["Thursday"] == "พฤหัสบดี"
    assert catalogue["January"] == "มกราคม"  # Django's own Thai is still there


# --- the catalogue files -------------------------------------------------------------------


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_thai_catalogue_is_whole_and_compiled(domain):
    entries = read_po(TH_DIR / f"{domain}.po")
    header, messages = entries[0], entries[1:]
    assert header.msgid == ""
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstrs[0]
    assert len(messages) > 30
    with (TH_DIR / f"{domain}.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    for entry in messages:
        # English msgids only: `makemessages -l th` would bring in the project's Thai ones.
        assert not THAI.search(entry.msgid), entry.msgid
        assert "fuzzy" not in entry.flags, entry.msgid
        assert len(entry.msgstrs) == 1 and THAI.search(entry.msgstrs[0]), entry.msgid
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        assert sorted(PLACEHOLDER.findall(entry.msgstrs[0])) == expected, entry.msgid
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is not None:
            key = (key, 0)
        assert compiled.get(key) == entry.msgstrs[0], "run compilemessages -l th --ignore=.venv"
