"""/files/measures/<pk>/<name>: a method's evidence files, for public years or staff."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosures.models import FiscalYear
from measures.models import Measure, Method, MethodAttachment
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db


def attach(year: FiscalYear, **kwargs) -> MethodAttachment:
    measure = Measure.objects.create(year=year, number=1, title="มาตรการทดสอบ")
    method = Method.objects.create(measure=measure, text="วิธีการ")
    values = {
        "title": "รายงานการประชุม",
        "file": SimpleUploadedFile("รายงานการประชุม.pdf", MINIMAL_PDF, "application/pdf"),
    }
    values.update(kwargs)
    return MethodAttachment.objects.create(method=method, **values)


def test_it_serves_a_file_of_a_public_year_under_its_thai_name(client, factory):
    attachment = attach(factory.year(2569))

    assert attachment.get_download_url() == (
        f"/files/measures/{attachment.pk}/{quote('รายงานการประชุม.pdf')}"
    )
    r = client.get(attachment.get_download_url())
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == MINIMAL_PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("inline;")
    assert f"filename*=UTF-8''{quote('รายงานการประชุม.pdf')}" in r["Content-Disposition"]
    assert r["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in r["Content-Security-Policy"]
    assert "private" not in r.get("Cache-Control", "")


def test_the_measures_page_links_the_file(client, factory):
    factory.organisation()
    attachment = attach(factory.year(2569))
    html = client.get("/ita/2569/measures/").text
    assert f'<a class="file-link" href="{attachment.get_download_url()}">รายงานการประชุม</a>' in html


def test_it_answers_a_head_request(client, factory):
    attachment = attach(factory.year(2569))
    assert client.head(attachment.get_download_url()).status_code == 200


def test_a_file_of_a_year_being_prepared_is_served_to_staff_only_and_privately(client, factory):
    attachment = attach(factory.year(2570, status=FiscalYear.Status.PREPARING))

    r = client.get(attachment.get_download_url())
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text

    client.force_login(factory.staff())
    r = client.get(attachment.get_download_url())
    assert r.status_code == 200
    assert r["Cache-Control"] == "private, no-store"


def test_a_link_only_attachment_or_an_unknown_one_has_no_file(client, factory):
    link = attach(factory.year(2569), file="", url="https://www.example.go.th/a")
    assert client.get(f"/files/measures/{link.pk}/file").status_code == 404
    assert client.get("/files/measures/999999/file").status_code == 404


def test_a_missing_stored_file_is_a_404(client, factory):
    attachment = attach(factory.year(2569))
    attachment.file.storage.delete(attachment.file.name)
    assert client.get(attachment.get_download_url()).status_code == 404
