"""Media on an S3-compatible bucket (ITA_MEDIA_STORAGE=s3): every upload is read back through
the storage API, never a local path, so any app server behind the load balancer serves it.

The bucket is moto's in-process S3; django-storages' real S3Storage talks to it.
"""

from __future__ import annotations

import io
import subprocess
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from disclosures.models import Evidence, FiscalYear
from measures.models import Measure, Method, MethodAttachment
from reports.documents import REPORTS
from reports.pdf import render_pdf
from tests.factory import MINIMAL_PDF

boto3 = pytest.importorskip("boto3", reason="the s3 extra (django-storages[s3]) is not installed")
moto = pytest.importorskip("moto", reason="moto is not installed (pip install -e '.[dev]')")

pytestmark = pytest.mark.django_db

BUCKET = "ita-media-test"
S3_STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": BUCKET, "region_name": "us-east-1", "file_overwrite": False},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture(autouse=True)
def bucket(monkeypatch, settings, tmp_path):
    """A fresh private bucket; MEDIA_ROOT points at an empty folder that must stay empty."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    with moto.mock_aws(), override_settings(STORAGES=S3_STORAGES):
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def stored_keys(client) -> list[str]:
    return [entry["Key"] for entry in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#1f6f43").save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_evidence_file_goes_to_the_bucket_and_downloads_from_it(client, factory, bucket):
    item = factory.item(factory.year(2569), code="O1")
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)

    assert stored_keys(bucket) == [evidence.file.name]
    assert evidence.file.name.startswith("evidence/")
    response = client.get(evidence.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(MINIMAL_PDF))
    assert f"filename*=UTF-8''{quote('รายงาน.pdf')}" in response["Content-Disposition"]


def test_a_file_uploaded_in_the_admin_lands_in_the_bucket(client, factory, bucket, settings):
    item = factory.item(factory.year(2569), code="O1")
    client.force_login(factory.superuser())

    response = client.post(
        reverse("admin:disclosures_evidence_add"),
        {
            "item": str(item.pk),
            "order": "0",
            "kind": Evidence.Kind.FILE,
            "title": "แผนการจัดซื้อจัดจ้าง",
            "document_date": "1/11/2568",
            "text_format": Evidence.TextFormat.PLAIN,
            "status": "published",
            "file": SimpleUploadedFile("แผนจัดซื้อ.pdf", MINIMAL_PDF, "application/pdf"),
            "_save": "บันทึก",
        },
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert stored_keys(bucket) == [evidence.file.name]
    assert not settings.MEDIA_ROOT.exists()  # nothing on this server's disk
    client.logout()
    download = client.get(evidence.get_download_url())
    assert b"".join(download.streaming_content) == MINIMAL_PDF


def test_a_missing_object_is_a_404_not_an_error(client, factory, bucket):
    item = factory.item(factory.year(2569), code="O1")
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE)
    bucket.delete_object(Bucket=BUCKET, Key=evidence.file.name)

    assert client.get(evidence.get_download_url()).status_code == 404


def test_a_method_attachment_downloads_from_the_bucket(client, factory, bucket):
    measure = Measure.objects.create(year=factory.year(2569), number=1, title="มาตรการทดสอบ")
    method = Method.objects.create(measure=measure, text="วิธีการ")
    attachment = MethodAttachment.objects.create(
        method=method,
        title="รายงานการประชุม",
        file=SimpleUploadedFile("รายงานการประชุม.pdf", MINIMAL_PDF, "application/pdf"),
    )

    assert stored_keys(bucket) == [attachment.file.name]
    response = client.get(attachment.get_download_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_the_logo_is_served_and_printed_on_the_report_from_the_bucket(
    client, factory, bucket, tmp_path
):
    organisation = factory.organisation()
    organisation.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    year = factory.year(2569, status=FiscalYear.Status.OPEN)

    assert stored_keys(bucket) == [organisation.logo.name]
    response = client.get(reverse("organisation_logo"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()

    report = REPORTS["report"]
    pdf = render_pdf(report.template, report.context(year, organisation))
    (tmp_path / "report.pdf").write_bytes(pdf.content)
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "report.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]  # two header lines, then one line per image
    sizes = [line.split()[3:5] for line in images]
    assert ["40", "40"] in sizes  # the 40×40 logo on the cover (QR codes are vector drawings)
