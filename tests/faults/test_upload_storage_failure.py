"""A full disk or a failing storage during an upload: a clear Thai error, nothing half kept.

The disk is made to fail inside Django's FileSystemStorage: the file is created and some
bytes are written before the error, exactly what a full disk leaves behind.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from disclosures.models import Evidence
from ita_portal import storage as storage_module
from ita_portal.settings import base as base_settings
from ita_portal.storage import TransactionalFileSystemStorage, discard_rolled_back_files
from measures.models import Measure, Method, MethodAttachment
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db

STORAGE = "ita_portal.storage.TransactionalFileSystemStorage"
FULL = "บันทึกไม่สำเร็จ: พื้นที่จัดเก็บไฟล์ของเว็บไซต์เต็ม"
FAILING = "บันทึกไม่สำเร็จ: ระบบจัดเก็บไฟล์ของเว็บไซต์ขัดข้อง"
NOTHING_KEPT = "ยังไม่ได้บันทึกข้อมูลในแบบฟอร์มนี้และไม่ได้เก็บไฟล์ที่แนบไว้"


class FailingDisk:
    """Lets `healthy_writes` uploads through, then fails the next write half way."""

    def __init__(self, error: int, healthy_writes: int = 0) -> None:
        self.error = error
        self.healthy_writes = healthy_writes
        self.partial_bytes = 0
        self._fdopen = os.fdopen

    def fdopen(self, fd, mode="r", *args, **kwargs):
        handle = self._fdopen(fd, mode, *args, **kwargs)
        if mode != "wb":
            return handle
        if self.healthy_writes:
            self.healthy_writes -= 1
            return handle
        disk = self

        class HalfWritten:
            def write(self, data: bytes) -> int:
                handle.write(data[:10])
                handle.flush()
                disk.partial_bytes += 10
                raise OSError(disk.error, os.strerror(disk.error))

            def close(self) -> None:
                handle.close()

        return HalfWritten()


@contextmanager
def failing_disk(error: int = errno.ENOSPC, healthy_writes: int = 0):
    disk = FailingDisk(error, healthy_writes)
    with mock.patch("django.core.files.storage.filesystem.os.fdopen", disk.fdopen):
        yield disk


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Iterator[Path]:
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": STORAGE}}
    yield tmp_path
    # Files this test left waiting on its (now rolled back) transaction are not the next's.
    storage_module._pending().clear()


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def pdf(name: str = "ประกาศ.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF * 4, "application/pdf")


def test_the_portal_stores_uploads_with_the_cleaning_storage():
    assert base_settings.STORAGES["default"]["BACKEND"] == STORAGE


# --- evidence, on its own admin form ---------------------------------------------------------


def evidence_post(item) -> dict:
    return {
        "item": str(item.pk),
        "order": "0",
        "kind": Evidence.Kind.FILE,
        "title": "ประกาศเจตนารมณ์",
        "document_date": "",
        "body": "",
        "text_format": Evidence.TextFormat.PLAIN,
        "url": "",
        "link_label": "",
        "status": "draft",
        "publish_at": "",
        "review_comment": "",
        "file": pdf(),
        "_save": "บันทึก",
    }


@pytest.fixture
def item(factory):
    return factory.item(factory.year(2569), code="O1")


@pytest.mark.parametrize(
    ("error", "status", "title"),
    [(errno.ENOSPC, 507, FULL), (errno.EDQUOT, 507, FULL), (errno.EIO, 503, FAILING)],
    ids=["disk full", "quota", "failing disk"],
)
def test_a_failed_evidence_upload_says_so_and_keeps_nothing(
    admin_client, item, media, error, status, title
):
    add_url = reverse("admin:disclosures_evidence_add")
    with failing_disk(error) as disk:
        response = admin_client.post(add_url, evidence_post(item))

    assert disk.partial_bytes > 0  # the disk did fail half way through
    assert response.status_code == status
    page = response.content.decode()
    assert title in page
    assert NOTHING_KEPT in page
    assert f'href="{add_url}"' in page  # back to the form
    assert not Evidence.all_objects.exists()
    assert not Evidence.history.exists()
    assert stored_files(media) == []


def test_the_same_upload_succeeds_once_the_disk_has_room(admin_client, item, media):
    add_url = reverse("admin:disclosures_evidence_add")
    with failing_disk():
        admin_client.post(add_url, evidence_post(item))

    response = admin_client.post(add_url, evidence_post(item))

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert stored_files(media) == [media / evidence.file.name]
    assert (media / evidence.file.name).read_bytes() == MINIMAL_PDF * 4


def test_the_failure_is_logged_with_its_cause(admin_client, item, caplog):
    with failing_disk():
        admin_client.post(reverse("admin:disclosures_evidence_add"), evidence_post(item))

    [record] = [r for r in caplog.records if r.name == "ita_portal.faults"]
    assert "File storage failed (POST /admin/disclosures/evidence/add/)" in record.getMessage()
    assert "No space left on device" in str(record.exc_info[1])


# --- method attachments, inline on the method's form -----------------------------------------


@pytest.fixture
def method(factory) -> Method:
    measure = Measure.objects.create(year=factory.year(2568), number=1, title="เปิดเผยข้อมูล")
    return Method.objects.create(measure=measure, order=1, text="ประชุมชี้แจง")


def method_post(method: Method, *files: SimpleUploadedFile) -> dict:
    """The method form with one attachment row per file, as the browser sends it."""
    data = {
        "measure": str(method.measure.pk),
        "order": "1",
        "status": Method.Status.DONE,
        "text": "ประชุมชี้แจงบุคลากรทุกส่วนราชการ",
        "result_status": "published",
        "_save": "บันทึก",
    }
    for prefix, total in (("attachments", len(files)), ("updates", 0)):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(total),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    for index, upload in enumerate(files):
        data.update(
            {
                f"attachments-{index}-order": str(index + 1),
                f"attachments-{index}-title": f"รายงานฉบับที่ {index + 1}",
                f"attachments-{index}-url": "",
                f"attachments-{index}-file": upload,
            }
        )
    return data


def test_a_failed_attachment_upload_says_so_and_keeps_nothing(admin_client, method, media):
    change_url = reverse("admin:measures_method_change", args=[method.pk])
    history_before = method.history.count()

    with failing_disk() as disk:
        response = admin_client.post(change_url, method_post(method, pdf()))

    assert disk.partial_bytes > 0
    assert response.status_code == 507
    assert FULL in response.content.decode()
    assert not MethodAttachment.objects.exists()
    method.refresh_from_db()
    assert method.text == "ประชุมชี้แจง"  # the method's own changes were rolled back too
    assert method.history.count() == history_before
    assert stored_files(media) == []


def test_when_the_second_file_fails_the_first_one_is_removed_too(admin_client, method, media):
    change_url = reverse("admin:measures_method_change", args=[method.pk])

    with failing_disk(healthy_writes=1):
        response = admin_client.post(change_url, method_post(method, pdf("ก.pdf"), pdf("ข.pdf")))

    assert response.status_code == 507
    assert not MethodAttachment.objects.exists()
    assert stored_files(media) == []


# --- the storage on its own ------------------------------------------------------------------


def test_a_file_written_in_a_transaction_that_rolls_back_is_removed(media):
    storage = TransactionalFileSystemStorage()

    with pytest.raises(RuntimeError), transaction.atomic():
        name = storage.save("evidence/rolled-back.pdf", ContentFile(MINIMAL_PDF))
        raise RuntimeError("a later step failed")
    assert storage.exists(name)  # until the request ends
    discard_rolled_back_files()

    assert not storage.exists(name)


def test_a_file_whose_transaction_commits_or_is_still_open_is_kept(
    media, django_capture_on_commit_callbacks
):
    storage = TransactionalFileSystemStorage()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        committed = storage.save("evidence/committed.pdf", ContentFile(MINIMAL_PDF))
    with transaction.atomic():
        still_open = storage.save("evidence/open.pdf", ContentFile(MINIMAL_PDF))
        discard_rolled_back_files()
    discard_rolled_back_files()

    assert storage.exists(committed)
    assert storage.exists(still_open)  # the test's own transaction has not ended


def test_a_rolled_back_file_that_a_row_names_is_never_removed(item, media):
    """The database is the authority: a file some row names stays, whatever happened."""
    with pytest.raises(RuntimeError), transaction.atomic():
        kept = default_storage.save("evidence/named.pdf", ContentFile(MINIMAL_PDF))
        raise RuntimeError("rolled back")
    Evidence.objects.create(item=item, kind=Evidence.Kind.FILE, title="ประกาศ", file=kept)

    discard_rolled_back_files()

    assert default_storage.exists(kept)
