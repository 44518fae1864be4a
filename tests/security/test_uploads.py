"""Uploads across the portal: every file field checks content against the allowlist and
the size limit, and every view that serves a stored file sends it so no browser runs it.

The file fields are found from the models, so a file field added later without the
checks fails here. The checks themselves are tested in tests/disclosures/test_uploads.py.
"""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import override_settings

from disclosures.models import Evidence, Organisation
from measures.models import Measure, Method, MethodAttachment
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db

OUR_APPS = {"disclosures", "measures", "procurement", "links", "workflow", "submissions"}
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def file_fields() -> list[models.FileField]:
    return [
        field
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def refusal(field: models.FileField, name: str, content: bytes) -> str | None:
    """The error code the field's validators give this upload, or None if accepted."""
    try:
        for validator in field.validators:
            validator(SimpleUploadedFile(name, content))
    except ValidationError as error:
        return error.code
    return None


def test_the_upload_fields_are_the_ones_we_know():
    names = {f"{f.model.__name__}.{f.name}" for f in file_fields()}
    assert names == {"Organisation.logo", "Evidence.file", "MethodAttachment.file"}


@pytest.mark.parametrize("field", file_fields(), ids=lambda f: f"{f.model.__name__}.{f.name}")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", HTML),
        ("page.pdf", HTML),  # named as an allowed type: decided by the content
        ("logo.svg", SVG),
        ("logo.png", SVG),
        ("script.js", b"alert(1)"),
    ],
)
def test_every_upload_field_refuses_markup_whatever_its_name(field, name, content):
    assert refusal(field, name, content) is not None


@pytest.mark.parametrize("field", file_fields(), ids=lambda f: f"{f.model.__name__}.{f.name}")
@override_settings(ITA_MAX_UPLOAD_MB=0.001, ITA_MAX_LOGO_KB=1)
def test_every_upload_field_has_a_size_limit(field):
    big = PNG + b"\x00" * 2048

    assert refusal(field, "big.png", big) in ("file_too_large", "logo_too_large")


@pytest.mark.parametrize("field", file_fields(), ids=lambda f: f"{f.model.__name__}.{f.name}")
def test_every_upload_field_takes_an_allowed_file(field):
    assert refusal(field, "ok.png", PNG) is None


# --- serving -------------------------------------------------------------------------------


@pytest.fixture
def year(factory):
    return factory.year(2569)


def evidence_with(factory, year, name: str, content: bytes) -> Evidence:
    """Evidence whose stored file is `content`, as if it had slipped past the checks (an
    old row, a script): serving must be safe on its own."""
    upload = SimpleUploadedFile(name, content)
    return factory.evidence(factory.item(year), kind=Evidence.Kind.FILE, file=upload)


def attachment_with(year, name: str, content: bytes) -> MethodAttachment:
    method = Method.objects.create(
        measure=Measure.objects.create(year=year, number=1, title="มาตรการ")
    )
    return MethodAttachment.objects.create(
        method=method, title="หลักฐาน", file=SimpleUploadedFile(name, content)
    )


def assert_served_safely(response, inline: bool, content_type: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;" if inline else "attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(("name", "content"), [("page.html", HTML), ("logo.svg", SVG)])
def test_markup_that_slipped_in_is_downloaded_never_shown(client, factory, year, name, content):
    evidence = evidence_with(factory, year, name, content)
    attachment = attachment_with(year, name, content)

    for url in (evidence.get_download_url(), attachment.get_download_url()):
        assert_served_safely(client.get(url), inline=False, content_type="application/octet-stream")


def test_pdf_and_pictures_are_shown_in_the_browser_sandboxed(client, factory, year):
    evidence = evidence_with(factory, year, "รายงาน.pdf", MINIMAL_PDF)
    attachment = attachment_with(year, "ภาพ.png", PNG)

    assert_served_safely(
        client.get(evidence.get_download_url()), inline=True, content_type="application/pdf"
    )
    assert_served_safely(
        client.get(attachment.get_download_url()), inline=True, content_type="image/png"
    )


def test_a_hostile_file_name_cannot_break_the_header(client, factory, year):
    evidence = evidence_with(factory, year, 'a";\r\nSet-Cookie: x=1;.pdf', MINIMAL_PDF)

    response = client.get(evidence.get_download_url())

    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    assert disposition.count('"') == 2
    assert "Set-Cookie" not in response.cookies


def test_the_logo_is_served_as_an_image_only(client, factory):
    organisation = factory.organisation()
    organisation.logo = SimpleUploadedFile("logo.png", PNG)
    organisation.save()

    response = client.get("/organisation/logo")

    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_logo_that_is_not_an_image_is_not_served(client, factory):
    organisation = factory.organisation()
    organisation.logo = SimpleUploadedFile("logo.png", SVG)
    organisation.save()  # past the checks, as an old row might be

    assert client.get("/organisation/logo").status_code == 404


def test_uploads_are_never_served_from_media(client, factory, year):
    evidence = evidence_with(factory, year, "รายงาน.pdf", MINIMAL_PDF)

    assert client.get(f"/media/{evidence.file.name}").status_code == 404
    assert Organisation.objects.count() == 0
