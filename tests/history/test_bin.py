"""The recoverable evidence bin: deleted evidence leaves the public pages, can be restored by
a coordinator, and is deleted for good (with its history and files) only when purged."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosures.models import Evidence, FiscalYear, Item
from ita_portal import thai
from workflow.models import BinnedEvidence

pytestmark = pytest.mark.django_db

BIN_URL = reverse("admin:workflow_binnedevidence_changelist")
PUBLIC_ITEM = "/ita/2569/O1/"


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569, is_current=True)


@pytest.fixture
def item(factory, year) -> Item:
    return factory.item(year, code="O1", title_th="โครงสร้างหน่วยงาน")


@pytest.fixture
def evidence(factory, item) -> Evidence:
    return factory.evidence(item, title="แผนผังโครงสร้างองค์กร")


def delete_in_admin(client, evidence: Evidence):
    url = reverse("admin:disclosures_evidence_delete", args=[evidence.pk])
    return client.post(url, {"post": "yes"})


def run_bin_action(client, action: str, evidence: list[Evidence], **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [e.pk for e in evidence], "index": "0"}
    return client.post(BIN_URL, data | extra)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_deleting_in_the_admin_moves_evidence_to_the_bin_and_off_the_public_page(
    client, coordinator, evidence
):
    assert "แผนผังโครงสร้างองค์กร" in client.get(PUBLIC_ITEM).text
    client.force_login(coordinator)

    assert delete_in_admin(client, evidence).status_code == 302

    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    binned = BinnedEvidence.objects.get(pk=evidence.pk)
    assert binned.deleted_by == coordinator
    client.logout()
    assert "แผนผังโครงสร้างองค์กร" not in client.get(PUBLIC_ITEM).text


def test_the_bin_lists_what_was_deleted_when_and_by_whom(client, coordinator, evidence, factory):
    factory.evidence(evidence.item, title="หลักฐานที่ยังอยู่")
    evidence.move_to_bin(coordinator)
    client.force_login(coordinator)

    response = client.get(BIN_URL)

    assert response.status_code == 200
    assert [e.pk for e in response.context["cl"].result_list] == [evidence.pk]
    html = response.text
    assert "แผนผังโครงสร้างองค์กร" in html and "หลักฐานที่ยังอยู่" not in html
    assert "O1 ปี 2569" in html
    assert thai.format_datetime(BinnedEvidence.objects.get().deleted_at) in html
    assert "coordinator" in html


def test_the_bin_filters_by_year_and_finds_by_title(client, coordinator, factory, evidence):
    older = factory.evidence(factory.item(factory.year(2568), code="O1"), title="รายงานปีก่อน")
    for binned in (evidence, older):
        binned.move_to_bin(coordinator)
    client.force_login(coordinator)

    by_year = client.get(BIN_URL, {"item__year__id__exact": older.item.year.pk})
    by_title = client.get(BIN_URL, {"q": "แผนผัง"})

    assert [e.pk for e in by_year.context["cl"].result_list] == [older.pk]
    assert [e.pk for e in by_title.context["cl"].result_list] == [evidence.pk]


def test_restoring_puts_evidence_back_on_the_public_page(client, coordinator, evidence):
    client.force_login(coordinator)
    delete_in_admin(client, evidence)

    response = run_bin_action(client, "restore", [evidence])

    assert response.status_code == 302
    assert messages_of(response)[-1] == "กู้คืนหลักฐานแล้ว 1 รายการ"
    restored = Evidence.objects.get(pk=evidence.pk)
    assert (restored.deleted_at, restored.deleted_by, restored.is_published) == (None, None, True)
    assert evidence.history.latest().history_user == coordinator  # the restore is a version
    client.logout()
    assert "แผนผังโครงสร้างองค์กร" in client.get(PUBLIC_ITEM).text


def test_purging_asks_first_then_deletes_for_good_with_history_and_file(
    client, coordinator, factory, item, django_capture_on_commit_callbacks
):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, title="คำสั่งแบ่งงาน")
    name = evidence.file.name
    evidence.move_to_bin(coordinator)
    client.force_login(coordinator)

    confirm = run_bin_action(client, "delete_selected", [evidence])
    assert confirm.status_code == 200
    assert "คำสั่งแบ่งงาน" in confirm.text
    assert BinnedEvidence.objects.filter(pk=evidence.pk).exists()  # nothing yet

    with django_capture_on_commit_callbacks(execute=True):
        response = run_bin_action(client, "delete_selected", [evidence], post="yes")

    assert response.status_code == 302
    assert not Evidence.all_objects.filter(pk=evidence.pk).exists()
    assert not Evidence.history.filter(id=evidence.pk).exists()
    assert not default_storage.exists(name)


def test_the_purge_action_is_named_for_what_it_does(client, coordinator, evidence):
    evidence.move_to_bin(coordinator)
    client.force_login(coordinator)

    choices = dict(client.get(BIN_URL).context["action_form"].fields["action"].choices)

    assert str(choices["delete_selected"]) == "ลบถาวร"
    assert str(choices["restore"]) == "กู้คืนหลักฐานที่เลือก"


def test_a_viewer_sees_the_bin_but_cannot_restore_or_purge(client, viewer, coordinator, evidence):
    evidence.move_to_bin(coordinator)
    client.force_login(viewer)

    page = client.get(BIN_URL)
    assert page.status_code == 200
    assert page.context["action_form"] is None  # no action is offered

    for action in ("restore", "delete_selected"):
        run_bin_action(client, action, [evidence], post="yes")
    assert BinnedEvidence.objects.filter(pk=evidence.pk).exists()
    delete_url = reverse("admin:workflow_binnedevidence_delete", args=[evidence.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert BinnedEvidence.objects.filter(pk=evidence.pk).exists()


def test_binned_evidence_is_read_only_and_nothing_is_added_to_the_bin(
    client, coordinator, evidence
):
    evidence.move_to_bin(coordinator)
    client.force_login(coordinator)
    url = reverse("admin:workflow_binnedevidence_change", args=[evidence.pk])

    page = client.get(url)
    changed = client.post(url, {"title": "แก้ในถัง"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert changed.status_code == 403
    assert BinnedEvidence.objects.get().title == "แผนผังโครงสร้างองค์กร"
    assert client.get(reverse("admin:workflow_binnedevidence_add")).status_code == 403


def test_the_bin_needs_a_login(client):
    response = client.get(BIN_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_the_bin_costs_the_same_queries_however_much_is_in_it(client, coordinator, factory, year):
    client.force_login(coordinator)

    def queries_with(count: int) -> int:
        while BinnedEvidence.objects.count() < count:
            item = factory.item(year)
            factory.evidence(item).move_to_bin(coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BIN_URL).status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(6)
