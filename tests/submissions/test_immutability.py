"""A submission record can never be changed or deleted, by code or in the admin."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from disclosures.models import FiscalYear
from submissions.models import ItemSnapshot, SnapshotImmutable, Submission

pytestmark = pytest.mark.django_db


def test_saving_a_recorded_submission_is_refused(submission):
    submission.note = "แก้ไขย้อนหลัง"

    with pytest.raises(SnapshotImmutable):
        submission.save()

    assert Submission.objects.get().note == "ส่งรอบแรก"


def test_saving_a_recorded_item_is_refused(submission):
    snapshot = submission.items.get(code="O1")
    snapshot.evidence = []
    snapshot.page_sha256 = "0" * 64

    with pytest.raises(SnapshotImmutable):
        snapshot.save()

    snapshot.refresh_from_db()
    assert len(snapshot.evidence) == 2


def test_a_new_instance_cannot_overwrite_a_recorded_row(submission):
    forged = Submission.objects.get()
    forged._state.adding = True  # as if built by hand with an existing pk
    forged.note = "ปลอม"

    with pytest.raises(IntegrityError), transaction.atomic():
        forged.save()

    assert Submission.objects.get().note == "ส่งรอบแรก"


@pytest.mark.parametrize(
    "attempt",
    [
        lambda: Submission.objects.update(note="x"),
        lambda: Submission.objects.filter(number=1).update(note="x"),
        lambda: ItemSnapshot.objects.update(title_th="x"),
        lambda: ItemSnapshot.objects.bulk_update(list(ItemSnapshot.objects.all()), ["title_th"]),
        lambda: Submission.objects.all().delete(),
        lambda: ItemSnapshot.objects.filter(code="O1").delete(),
        lambda: Submission.objects.get().delete(),
        lambda: ItemSnapshot.objects.first().delete(),
    ],
    ids=[
        "update all",
        "update filtered",
        "update items",
        "bulk_update items",
        "delete all",
        "delete items",
        "delete one",
        "delete one item",
    ],
)
def test_bulk_and_single_writes_are_refused(submission, attempt):
    with pytest.raises(SnapshotImmutable):
        attempt()

    assert Submission.objects.get().note == "ส่งรอบแรก"
    assert ItemSnapshot.objects.count() == 3
    assert set(ItemSnapshot.objects.values_list("title_th", flat=True)) != {"x"}


def test_a_submitted_year_cannot_be_deleted(submission, year):
    with pytest.raises(ProtectedError):
        year.delete()

    assert FiscalYear.objects.filter(pk=year.pk).exists()
    assert ItemSnapshot.objects.count() == 3


def test_the_submitter_cannot_be_deleted(submission, coordinator):
    with pytest.raises(ProtectedError):
        coordinator.delete()


# --- the admin -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


def test_even_a_superuser_cannot_change_a_submission_in_the_admin(admin_client, submission):
    url = reverse("admin:submissions_submission_change", args=[submission.pk])

    response = admin_client.post(url, {"note": "แก้ไข", "_save": "บันทึก"})

    assert response.status_code == 403
    assert Submission.objects.get().note == "ส่งรอบแรก"


def test_the_submission_page_offers_no_form_to_change_it(admin_client, submission):
    url = reverse("admin:submissions_submission_change", args=[submission.pk])

    html = admin_client.get(url).content.decode()

    assert 'name="_save"' not in html
    assert "<form" not in html.split('id="content"')[1]
    assert "แก้ไขหรือลบไม่ได้" in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_there_is_no_add_or_delete_in_the_admin(admin_client, submission, method):
    add = reverse("admin:submissions_submission_add")
    delete = reverse("admin:submissions_submission_delete", args=[submission.pk])

    assert getattr(admin_client, method)(add).status_code == 403
    assert getattr(admin_client, method)(delete, {"post": "yes"}).status_code == 403
    assert Submission.objects.count() == 1


def test_the_list_has_no_bulk_delete_action(admin_client, submission):
    response = admin_client.get(reverse("admin:submissions_submission_changelist"))

    assert response.status_code == 200
    assert response.context["action_form"] is None
    assert "ITA 2569 ส่งครั้งที่ 1" in response.content.decode()


def test_a_viewer_is_refused_a_change_post_too(client, auditor, submission):
    client.force_login(auditor)
    url = reverse("admin:submissions_submission_change", args=[submission.pk])

    assert client.get(url).status_code == 200
    assert client.post(url, {"note": "แก้ไข"}).status_code == 403
