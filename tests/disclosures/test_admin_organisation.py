"""The organisation profile in the back office: one per deployment, validated logo and links."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from disclosures.models import Organisation

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:disclosures_organisation_add")
CHANGELIST_URL = reverse("admin:disclosures_organisation_changelist")
MSG_HTTP_ONLY = "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"


def png_bytes(size: tuple[int, int] = (16, 16)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buf, format="PNG")
    return buf.getvalue()


def organisation_post(**overrides) -> dict:
    """The add form as a browser posts it, with an empty channel inline."""
    data = {
        "name_th": "องค์การบริหารส่วนตำบลบ้านทดสอบ",
        "name_en": "",
        "org_type": Organisation.Type.SAO,
        "address": "",
        "subdistrict": "",
        "district": "",
        "province": "ขอนแก่น",
        "postal_code": "",
        "phone": "",
        "fax": "",
        "email": "",
        "website": "",
        "eit_survey_url": "",
        "head_name": "",
        "head_position": "",
        "officer_name": "",
        "officer_position": "",
        "report_digits": "thai",
        "channels-TOTAL_FORMS": "0",
        "channels-INITIAL_FORMS": "0",
        "channels-MIN_NUM_FORMS": "0",
        "channels-MAX_NUM_FORMS": "1000",
        "_save": "บันทึก",
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    """The errors the admin shows next to a field of the main form."""
    assert response.status_code == 200, "a refused form is shown again, not redirected"
    return list(response.context["adminform"].form.errors.get(field, []))


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


def test_add_once(admin_client):
    response = admin_client.post(ADD_URL, organisation_post())

    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.name_th == "องค์การบริหารส่วนตำบลบ้านทดสอบ"


def test_add_permission_disappears_when_one_exists(admin_client, factory):
    assert admin_client.get(ADD_URL).status_code == 200
    factory.organisation()

    assert admin_client.get(ADD_URL).status_code == 403
    assert admin_client.post(ADD_URL, organisation_post(name_th="หน่วยงานที่สอง")).status_code == 403
    assert Organisation.objects.count() == 1
    index = admin_client.get(reverse("admin:index"))
    assert ADD_URL not in index.content.decode()


def test_changelist_without_organisation_offers_add(admin_client):
    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    assert ADD_URL in response.content.decode()


def test_changelist_redirects_to_the_single_form(admin_client, factory):
    organisation = factory.organisation()

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:disclosures_organisation_change", args=[organisation.pk]
    )


def test_changelist_needs_permission(client, factory):
    factory.organisation()
    client.force_login(factory.staff())

    assert client.get(CHANGELIST_URL).status_code == 403


def test_png_logo_accepted(admin_client):
    logo = SimpleUploadedFile("ตรา อบต.png", png_bytes(), "image/png")

    response = admin_client.post(ADD_URL, organisation_post(logo=logo))

    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.logo.name.startswith("logo/")
    with organisation.logo.open("rb") as stored:
        assert stored.read() == png_bytes()


def test_text_file_named_png_refused(admin_client):
    logo = SimpleUploadedFile("logo.png", b"this is not an image at all\n", "image/png")

    response = admin_client.post(ADD_URL, organisation_post(logo=logo))

    errors = field_errors(response, "logo")
    assert errors and "ไม่ใช่รูป" in errors[0]
    assert not Organisation.objects.exists()


@override_settings(ITA_MAX_LOGO_KB=1)
def test_oversized_logo_refused(admin_client):
    big = png_bytes((400, 400)) + b"\0" * 2048  # a valid PNG well over 1 KB
    logo = SimpleUploadedFile("logo.png", big, "image/png")

    response = admin_client.post(ADD_URL, organisation_post(logo=logo))

    errors = field_errors(response, "logo")
    assert errors and "ไฟล์โลโก้มีขนาดใหญ่เกินกำหนด" in errors[0]
    assert "1 KB" in errors[0]
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "ftp://files.example.go.th/a"])
def test_eit_link_must_be_http(admin_client, url):
    response = admin_client.post(ADD_URL, organisation_post(eit_survey_url=url))

    assert field_errors(response, "eit_survey_url") == [MSG_HTTP_ONLY]
    assert not Organisation.objects.exists()


def test_eit_link_without_scheme_is_read_as_https(admin_client):
    response = admin_client.post(ADD_URL, organisation_post(eit_survey_url="itas.nacc.go.th/x"))

    assert response.status_code == 302
    assert Organisation.objects.get().eit_survey_url == "https://itas.nacc.go.th/x"


def test_channel_link_must_be_http(admin_client):
    data = organisation_post(
        **{
            "channels-TOTAL_FORMS": "1",
            "channels-0-order": "1",
            "channels-0-kind": "line",
            "channels-0-label": "LINE OA",
            "channels-0-url": "javascript:alert(1)",
        }
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["url"] == [MSG_HTTP_ONLY]
    assert not Organisation.objects.exists()


def test_view_on_site_is_the_home_page(admin_client, factory):
    organisation = factory.organisation()

    response = admin_client.get(
        reverse("admin:disclosures_organisation_change", args=[organisation.pk])
    )

    assert response.context["absolute_url"] == reverse("disclosures:home")
    assert 'class="viewsitelink"' in response.content.decode()


def test_the_stored_logo_links_to_where_the_portal_serves_it(client, factory):
    import io as _io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = _io.BytesIO()
    Image.new("RGB", (32, 32), "green").save(buffer, "PNG")
    organisation = factory.organisation(
        logo=SimpleUploadedFile("ตรา.png", buffer.getvalue(), "image/png")
    )
    client.force_login(factory.superuser())

    page = client.get(f"/admin/disclosures/organisation/{organisation.pk}/change/").text

    assert '<a href="/organisation/logo">' in page
    assert "/media/" not in page
    assert client.get("/organisation/logo").status_code == 200
