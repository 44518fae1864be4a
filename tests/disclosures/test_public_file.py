"""/files/<pk>/<name>: evidence files, under their original names, drafts only to staff."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosures.models import Evidence, FiscalYear, Item
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(factory) -> Item:
    return factory.item(factory.year(2569), code="O1")


def test_it_serves_a_published_file_under_its_thai_name(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)
    r = client.get(evidence.get_download_url())
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == MINIMAL_PDF
    assert r["Content-Type"] == "application/pdf"
    assert r["X-Content-Type-Options"] == "nosniff"
    disposition = r["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert f"filename*=UTF-8''{quote('รายงาน.pdf')}" in disposition
    assert "private" not in r.get("Cache-Control", "")


def test_it_sends_an_office_file_as_an_attachment_with_its_type(client, factory, item):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    upload = SimpleUploadedFile("งบประมาณ.xlsx", buffer.getvalue())
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, file=upload)

    r = client.get(evidence.get_download_url())
    assert r["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert r["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote('งบประมาณ.xlsx')}" in r["Content-Disposition"]


def test_it_keeps_the_stored_name_out_of_the_url(factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)
    assert evidence.get_download_url() == f"/files/{evidence.pk}/{quote('รายงาน.pdf')}"
    assert "รายงาน" not in evidence.file.name


def test_it_sandboxes_the_file(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)
    r = client.get(evidence.get_download_url())
    assert "sandbox" in r["Content-Security-Policy"]


def test_it_answers_a_head_request(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)
    assert client.head(evidence.get_download_url()).status_code == 200


def test_it_hides_an_unpublished_file_from_visitors(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, is_published=False)
    r = client.get(evidence.get_download_url())
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text


def test_it_serves_an_unpublished_file_to_staff_privately(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, is_published=False)
    client.force_login(factory.staff())
    r = client.get(evidence.get_download_url())
    assert r.status_code == 200
    assert b"".join(r.streaming_content) == MINIMAL_PDF
    assert "private" in r["Cache-Control"]
    assert "no-store" in r["Cache-Control"]


def test_it_hides_a_file_of_a_year_being_prepared(client, factory):
    year = factory.year(2570, status=FiscalYear.Status.PREPARING)
    evidence = factory.evidence(factory.item(year), kind=Evidence.Kind.FILE)
    assert client.get(evidence.get_download_url()).status_code == 404


def test_it_answers_404_when_the_file_is_missing_on_disk(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)
    evidence.file.storage.delete(evidence.file.name)
    r = client.get(evidence.get_download_url())
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text


def test_it_answers_404_for_evidence_without_a_file(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.TEXT)
    assert client.get(f"/files/{evidence.pk}/file").status_code == 404


def test_it_answers_404_for_an_unknown_pk(client):
    assert client.get("/files/999999/file.pdf").status_code == 404


def test_a_stored_name_with_a_slash_still_gives_a_working_link(client, factory):
    year = factory.year(2569)
    evidence = factory.evidence(factory.item(year, code="O1"), kind=Evidence.Kind.FILE)
    Evidence.objects.filter(pk=evidence.pk).update(original_filename="รายงาน/ฉบับแก้ไข.pdf")
    evidence.refresh_from_db()

    page = client.get("/ita/2569/O1/")

    assert page.status_code == 200
    assert client.get(evidence.get_download_url()).status_code == 200
