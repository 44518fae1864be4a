"""Evidence files and history: a replaced file is kept while an earlier version names it, so
that restoring that version brings its file back; purging from the bin frees the files."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.models import Evidence
from tests.factory import MINIMAL_PDF
from workflow.models import BinnedEvidence

from .conftest import page_form_data

pytestmark = pytest.mark.django_db

SECOND_PDF = MINIMAL_PDF + b"% the corrected order\n"


@pytest.fixture
def evidence(factory) -> Evidence:
    factory.organisation()
    item = factory.item(factory.year(2569, is_current=True), code="O1")
    return factory.evidence(item, kind=Evidence.Kind.FILE, title="คำสั่งแบ่งงาน")


def download(client, evidence: Evidence) -> bytes:
    evidence = Evidence.objects.get(pk=evidence.pk)
    response = client.get(evidence.get_download_url())
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def replace_file_in_admin(client, evidence: Evidence):
    url = reverse("admin:disclosures_evidence_change", args=[evidence.pk])
    data = page_form_data(client.get(url))
    data["file"] = SimpleUploadedFile("คำสั่งฉบับแก้ไข.pdf", SECOND_PDF, "application/pdf")
    data["_save"] = "บันทึก"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_restoring_an_earlier_version_serves_its_file_again(client, coordinator, evidence):
    first_name = evidence.file.name
    client.force_login(coordinator)

    replace_file_in_admin(client, evidence)
    assert download(client, evidence) == SECOND_PDF
    assert default_storage.exists(first_name)  # the earlier version still names it

    first = evidence.history.earliest()
    url = reverse("admin:disclosures_evidence_simple_history", args=[evidence.pk, first.pk])
    data = page_form_data(client.get(url)) | {"_save": "กู้คืนฉบับนี้"}
    assert client.post(url, data).status_code == 302

    restored = Evidence.objects.get(pk=evidence.pk)
    assert restored.file.name == first_name
    assert restored.original_filename == "รายงาน.pdf"
    client.logout()
    assert download(client, restored) == MINIMAL_PDF


def test_purging_removes_the_files_of_every_version(
    client, coordinator, evidence, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    replace_file_in_admin(client, evidence)
    names = set(evidence.history.values_list("file", flat=True))
    assert len(names) == 2
    Evidence.objects.get(pk=evidence.pk).move_to_bin(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        BinnedEvidence.objects.filter(pk=evidence.pk).purge()

    assert not any(default_storage.exists(name) for name in names)


def test_a_delete_that_keeps_history_keeps_the_files(
    factory, evidence, django_capture_on_commit_callbacks
):
    """An item deleted with its evidence (cascade) keeps their history, so their files."""
    name = evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        evidence.item.delete()

    assert default_storage.exists(name)
    assert Evidence.history.filter(id=evidence.pk, history_type="-").exists()
