"""The evidence admin: publishing in bulk, gated by the change permission, and its own form."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.models import Evidence

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:disclosures_evidence_changelist")
ADD_URL = reverse("admin:disclosures_evidence_add")


def run_action(client, action: str, evidence: list[Evidence]):
    return client.post(
        CHANGELIST_URL,
        {"action": action, ACTION_CHECKBOX_NAME: [e.pk for e in evidence], "index": "0"},
    )


@pytest.fixture
def item(factory):
    return factory.item(factory.year(2569), code="O1")


def test_publish_action(client, factory, item):
    drafts = [factory.evidence(item, is_published=False) for _ in range(2)]
    other = factory.evidence(item, is_published=False)
    client.force_login(
        factory.staff(perms=("disclosures.view_evidence", "disclosures.change_evidence"))
    )

    response = run_action(client, "publish", drafts)

    assert response.status_code == 302
    assert set(Evidence.objects.filter(is_published=True)) == set(drafts)
    other.refresh_from_db()
    assert not other.is_published
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["ปรับการเผยแพร่แล้ว 2 รายการ"]


def test_unpublish_action(client, factory, item):
    published = factory.evidence(item, is_published=True)
    already_draft = factory.evidence(item, is_published=False)
    client.force_login(factory.superuser())

    response = run_action(client, "unpublish", [published, already_draft])

    assert response.status_code == 302
    assert not Evidence.objects.filter(is_published=True).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["ปรับการเผยแพร่แล้ว 1 รายการ"]


def test_view_only_user_cannot_publish(client, factory, item):
    draft = factory.evidence(item, is_published=False)
    published = factory.evidence(item, is_published=True)
    client.force_login(factory.staff(perms=("disclosures.view_evidence",)))

    page = client.get(CHANGELIST_URL)
    run_action(client, "publish", [draft])
    run_action(client, "unpublish", [published])

    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action offered at all
    draft.refresh_from_db()
    published.refresh_from_db()
    assert not draft.is_published
    assert published.is_published


def test_user_without_permission_is_refused(client, factory, item):
    draft = factory.evidence(item, is_published=False)
    client.force_login(factory.staff())

    assert run_action(client, "publish", [draft]).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def evidence_post(item, **values) -> dict:
    data = {
        "item": str(item.pk),
        "order": "0",
        "kind": Evidence.Kind.LINK,
        "title": "คู่มือการให้บริการ",
        "document_date": "",
        "body": "",
        "text_format": Evidence.TextFormat.PLAIN,
        "url": "https://www.example.go.th/manual",
        "link_label": "",
        "status": "draft",
        "publish_at": "",
        "review_comment": "",
        "_save": "บันทึก",
    }
    data.update(values)
    return data


def test_add_evidence_on_its_own_form(client, factory, item):
    client.force_login(factory.superuser())

    response = client.post(ADD_URL, evidence_post(item))

    assert response.status_code == 302
    assert Evidence.objects.get().url == "https://www.example.go.th/manual"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("3/10/2568", date(2025, 10, 3)),
        ("3 ต.ค. 68", date(2025, 10, 3)),
        ("2025-10-03", date(2025, 10, 3)),
    ],
)
def test_document_dates_are_typed_in_buddhist_era(client, factory, item, typed, stored):
    client.force_login(factory.superuser())

    client.post(ADD_URL, evidence_post(item, document_date=typed))
    evidence = Evidence.objects.get()
    assert evidence.document_date == date(2025, 10, 3)

    page = client.get(reverse("admin:disclosures_evidence_change", args=[evidence.pk])).text
    assert 'value="3/10/2568"' in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"url": "javascript:alert(1)"}, "url", "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"),
        ({"url": ""}, "url", "หลักฐานประเภทลิงก์ต้องระบุ URL"),
        (
            {
                "kind": Evidence.Kind.FILE,
                "url": "",
                "file": SimpleUploadedFile("ประกาศ.pdf", b"<html></html>", "application/pdf"),
            },
            "file",
            "ไม่ใช่ PDF",
        ),
        ({"document_date": "31/2/2568"}, "document_date", "อ่านวันที่ไม่ได้"),
    ],
    ids=["javascript", "no url", "html as pdf", "impossible date"],
)
def test_evidence_form_refuses_bad_input(client, factory, item, values, field, message):
    client.force_login(factory.superuser())

    response = client.post(ADD_URL, evidence_post(item, **values))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert len(errors) == 1
    assert message in errors[0]
    assert not Evidence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_replaced_or_deleted_file_is_kept_for_its_history_until_purged(
    factory, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factory import MINIMAL_PDF
    from workflow.models import BinnedEvidence

    year = factory.year(2569)
    item = factory.item(year, code="O1")
    first = factory.evidence(item, kind=Evidence.Kind.FILE)
    storage, first_name = first.file.storage, first.file.name
    assert storage.exists(first_name)

    first = Evidence.objects.get(pk=first.pk)
    first.file = SimpleUploadedFile("ฉบับแก้ไข.pdf", MINIMAL_PDF, "application/pdf")
    first.save()
    replacement = first.file.name
    assert storage.exists(first_name)  # an earlier version stays restorable
    assert storage.exists(replacement)

    first.move_to_bin()
    assert storage.exists(replacement)  # the bin is recoverable

    with django_capture_on_commit_callbacks(execute=True):
        BinnedEvidence.objects.filter(pk=first.pk).purge()
    assert not storage.exists(first_name)
    assert not storage.exists(replacement)


def test_a_stored_file_shows_under_its_original_name_with_a_working_link(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, is_published=False)
    client.force_login(factory.superuser())

    page = client.get(reverse("admin:disclosures_evidence_change", args=[evidence.pk])).text

    assert f'<a href="{evidence.get_download_url()}">รายงาน.pdf</a>' in page
    assert "/media/" not in page
    assert client.get(evidence.get_download_url()).status_code == 200  # a draft, for staff
