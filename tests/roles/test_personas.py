"""What each role may do in the back office, checked on the server (not only in menus)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from disclosures.models import Evidence, Item
from ita_portal.review import ReviewStatus
from measures.models import Method
from workflow import roles

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"admin:{name}", args=args)


def evidence_post(item: Item, **values) -> dict:
    data = {
        "item": str(item.pk),
        "order": "0",
        "kind": Evidence.Kind.LINK,
        "title": "คู่มือการให้บริการ",
        "document_date": "",
        "status": ReviewStatus.DRAFT,
        "body": "",
        "text_format": Evidence.TextFormat.PLAIN,
        "url": "https://www.example.go.th/manual",
        "link_label": "",
        "_save": "บันทึก",
    }
    data.update(values)
    return data


def item_post(item: Item, **values) -> dict:
    """The item change form as a division editor posts it (catalogue fields are read-only)."""
    data = {
        "explanation_draft": item.explanation_draft,
        "explanation_status": ReviewStatus.DRAFT,
        "required_elements-TOTAL_FORMS": "0",
        "required_elements-INITIAL_FORMS": "0",
        "required_elements-MIN_NUM_FORMS": "0",
        "required_elements-MAX_NUM_FORMS": "1000",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "1000",
        "_save": "บันทึก",
    }
    data.update(values)
    return data


def run_action(client, changelist: str, action: str, objects, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(o.pk) for o in objects], **extra}
    return client.post(url(changelist), data)


# --- the groups ------------------------------------------------------------------------------


def test_the_three_roles_exist_with_their_rights_after_migrate():
    coordinator = Group.objects.get(name=roles.COORDINATOR)
    editor = Group.objects.get(name=roles.DIVISION_EDITOR)
    viewer = Group.objects.get(name=roles.VIEWER)

    def codes(group):
        return set(group.permissions.values_list("codename", flat=True))

    assert {"publish_evidence", "publish_item", "edit_all_divisions"} <= codes(coordinator)
    assert {"change_item", "add_evidence", "change_method"} <= codes(editor)
    assert not {"publish_evidence", "publish_item", "publish_method", "edit_all_divisions"} & codes(
        editor
    )
    assert not {"add_item", "delete_item", "change_measure"} & codes(editor)
    assert codes(viewer) and all(code.startswith("view_") for code in codes(viewer))


# --- division editor -------------------------------------------------------------------------


def test_editor_submits_an_explanation_of_their_own_item_and_the_public_keeps_the_old_one(
    client, office
):
    own = office["own"]
    Item.objects.filter(pk=own.pk).update(
        explanation="หน้าหลัก > เดิม", explanation_draft="หน้าหลัก > เดิม"
    )
    client.force_login(office["editor"])

    response = client.post(
        url("disclosures_item_change", own.pk),
        item_post(own, explanation_draft="หน้าหลัก > ITA > O1 ใหม่", explanation_status="submitted"),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.explanation_status == ReviewStatus.SUBMITTED
    assert own.explanation_draft == "หน้าหลัก > ITA > O1 ใหม่"
    assert own.explanation == "หน้าหลัก > เดิม"
    client.logout()
    public = client.get("/ita/2569/O1/").text
    assert "หน้าหลัก &gt; เดิม" in public
    assert "O1 ใหม่" not in public


def test_editor_reads_another_divisions_item_but_a_crafted_post_is_refused(client, office):
    other = office["other"]
    client.force_login(office["editor"])

    page = client.get(url("disclosures_item_change", other.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text  # read-only

    response = client.post(
        url("disclosures_item_change", other.pk), item_post(other, explanation_draft="แอบแก้")
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.explanation_draft == ""


def test_editor_cannot_move_their_item_to_another_division(client, office):
    own = office["own"]
    client.force_login(office["editor"])

    response = client.post(
        url("disclosures_item_change", own.pk),
        item_post(own, owner_division=str(office["works"].pk), code="O99"),
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.owner_division, own.code) == (office["finance"], "O1")


def test_editor_cannot_publish_an_explanation_even_by_a_crafted_post(client, office):
    own = office["own"]
    client.force_login(office["editor"])

    response = client.post(
        url("disclosures_item_change", own.pk),
        item_post(own, explanation_draft="เผยแพร่เอง", explanation_status="published"),
    )

    assert response.status_code == 200  # the form answers: not a valid choice
    assert "explanation_status" in response.context["adminform"].form.errors
    own.refresh_from_db()
    assert own.explanation == ""


def test_editor_adds_evidence_only_to_their_divisions_items(client, office):
    client.force_login(office["editor"])

    refused = client.post(url("disclosures_evidence_add"), evidence_post(office["other"]))
    assert refused.status_code == 200
    assert "item" in refused.context["adminform"].form.errors
    assert not Evidence.all_objects.exists()

    accepted = client.post(url("disclosures_evidence_add"), evidence_post(office["own"]))
    assert accepted.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.item, evidence.status, evidence.is_published) == (
        office["own"],
        ReviewStatus.DRAFT,
        False,
    )


def test_editor_cannot_publish_evidence_by_a_crafted_post(client, office):
    client.force_login(office["editor"])

    response = client.post(
        url("disclosures_evidence_add"), evidence_post(office["own"], status="published")
    )

    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Evidence.all_objects.exists()


def test_editor_cannot_run_the_publish_action(client, factory, office):
    draft = factory.evidence(office["own"], is_published=False, status="submitted")
    client.force_login(office["editor"])

    changelist = client.get(url("disclosures_evidence_changelist"))
    offered = [
        value for value, _label in changelist.context["action_form"].fields["action"].choices
    ]
    assert "publish" not in offered and "submit" in offered

    run_action(client, "disclosures_evidence_changelist", "publish", [draft])
    draft.refresh_from_db()
    assert (draft.status, draft.is_published) == (ReviewStatus.SUBMITTED, False)


def test_editor_submits_drafts_of_their_division_only(client, factory, office):
    own = factory.evidence(office["own"], is_published=False)
    other = factory.evidence(office["other"], is_published=False)
    client.force_login(office["editor"])

    response = run_action(client, "disclosures_evidence_changelist", "submit", [own, other])

    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == (ReviewStatus.SUBMITTED, ReviewStatus.DRAFT)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("ส่วนราชการอื่น" in text for text in texts)


def test_published_evidence_is_read_only_for_the_editor(client, factory, office):
    published = factory.evidence(office["own"], title="ประกาศที่เผยแพร่แล้ว")
    client.force_login(office["editor"])

    assert client.get(url("disclosures_evidence_change", published.pk)).status_code == 200
    response = client.post(
        url("disclosures_evidence_change", published.pk),
        evidence_post(office["own"], title="แก้หลังเผยแพร่"),
    )

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "ประกาศที่เผยแพร่แล้ว"


def test_editor_deletes_own_draft_into_the_bin_but_not_anothers(client, factory, office):
    own = factory.evidence(office["own"], is_published=False)
    other = factory.evidence(office["other"], is_published=False)
    client.force_login(office["editor"])

    assert (
        client.post(url("disclosures_evidence_delete", other.pk), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(url("disclosures_evidence_delete", own.pk), {"post": "yes"})

    assert response.status_code == 302
    assert list(Evidence.objects.all()) == [other]
    binned = Evidence.all_objects.get(pk=own.pk)
    assert binned.deleted_at is not None and binned.deleted_by == office["editor"]


def test_editor_cannot_import_evidence_links_or_items(client, office):
    client.force_login(office["editor"])

    assert client.get(url("disclosures_evidence_import")).status_code == 403
    assert client.get(url("disclosures_item_import")).status_code == 403


def test_editor_writes_a_result_of_their_method_and_not_of_anothers(client, office):
    own, other = office["own_method"], office["other_method"]
    client.force_login(office["editor"])
    form = {
        "status": Method.Status.DONE,
        "result_draft": "ประชุมแล้ว 2 ครั้ง",
        "recommendation_draft": "",
        "result_status": "submitted",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
        "_save": "บันทึก",
    }

    assert client.post(url("measures_method_change", other.pk), form).status_code == 403
    response = client.post(url("measures_method_change", own.pk), form)

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.result, own.result_draft, own.result_status) == (
        "ผลเดิม",
        "ประชุมแล้ว 2 ครั้ง",
        ReviewStatus.SUBMITTED,
    )
    client.logout()
    page = client.get("/ita/2569/measures/").text
    assert "ผลเดิม" in page and "ประชุมแล้ว 2 ครั้ง" not in page


def test_editor_cannot_change_measures_or_years(client, office):
    client.force_login(office["editor"])
    measure = office["own_method"].measure

    assert client.post(url("measures_measure_change", measure.pk), {}).status_code == 403
    assert (
        client.post(url("disclosures_fiscalyear_change", office["year"].pk), {}).status_code == 403
    )
    assert client.get(url("disclosures_item_add")).status_code == 403


# --- viewer ----------------------------------------------------------------------------------


def test_viewer_reads_every_list_and_record_but_changes_nothing(client, factory, office):
    evidence = factory.evidence(office["own"], is_published=False)
    client.force_login(office["viewer"])

    for name in ("disclosures_item", "disclosures_evidence", "measures_method"):
        assert client.get(url(f"{name}_changelist")).status_code == 200
    assert client.get(url("disclosures_item_change", office["own"].pk)).status_code == 200
    assert client.post(url("disclosures_item_change", office["own"].pk), {}).status_code == 403
    assert (
        client.post(url("disclosures_evidence_delete", evidence.pk), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(url("disclosures_evidence_add")).status_code == 403
    assert client.get(url("disclosures_item_import")).status_code == 403
    run_action(client, "disclosures_evidence_changelist", "submit", [evidence])
    evidence.refresh_from_db()
    assert evidence.status == ReviewStatus.DRAFT


def test_viewer_may_export_what_they_may_read(client, office):
    client.force_login(office["viewer"])

    assert client.get(url("disclosures_item_export")).status_code == 200


def test_a_missing_record_is_reported_not_crashed(client, office):
    client.force_login(office["editor"])

    response = client.get(url("disclosures_item_change", 999999), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("index")


def test_a_year_in_preparation_is_404_to_the_public_and_an_uncached_preview_to_staff(
    client, factory, office
):
    year = office["year"]
    year.status = year.Status.PREPARING
    year.save()

    assert client.get("/ita/2569/O1/").status_code == 404
    client.force_login(office["viewer"])
    preview = client.get("/ita/2569/O1/")
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]


# --- coordinator -----------------------------------------------------------------------------


def test_coordinator_publishes_submitted_evidence_and_it_shows_at_once(client, factory, office):
    submitted = factory.evidence(
        office["other"], title="แผนผังโครงสร้างใหม่", is_published=False, status="submitted"
    )
    assert "แผนผังโครงสร้างใหม่" not in client.get("/ita/2569/O2/").text
    client.force_login(office["coordinator"])

    run_action(client, "disclosures_evidence_changelist", "publish", [submitted])

    submitted.refresh_from_db()
    assert (submitted.status, submitted.is_published) == (ReviewStatus.PUBLISHED, True)
    client.logout()
    assert "แผนผังโครงสร้างใหม่" in client.get("/ita/2569/O2/").text


def test_coordinator_returns_work_with_a_comment(client, factory, office):
    submitted = factory.evidence(office["own"], is_published=False, status="submitted")
    client.force_login(office["coordinator"])

    form = run_action(client, "disclosures_evidence_changelist", "return_to_draft", [submitted])
    assert form.status_code == 200 and "ความเห็นถึงผู้แก้ไข" in form.text
    empty = run_action(
        client,
        "disclosures_evidence_changelist",
        "return_to_draft",
        [submitted],
        apply_return="1",
        comment="",
    )
    assert empty.status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == ReviewStatus.SUBMITTED

    done = run_action(
        client,
        "disclosures_evidence_changelist",
        "return_to_draft",
        [submitted],
        apply_return="1",
        comment="แนบฉบับที่ลงนามแล้ว",
    )
    assert done.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.review_comment) == (
        ReviewStatus.DRAFT,
        "แนบฉบับที่ลงนามแล้ว",
    )
    client.force_login(office["editor"])
    page = client.get(url("disclosures_evidence_change", submitted.pk))
    assert "แนบฉบับที่ลงนามแล้ว" in page.text


def test_returning_on_the_form_needs_a_comment(client, factory, office):
    submitted = factory.evidence(office["own"], is_published=False, status="submitted")
    client.force_login(office["coordinator"])

    response = client.post(
        url("disclosures_evidence_change", submitted.pk),
        evidence_post(
            office["own"],
            kind="text",
            body="ข้อความ",
            url="",
            status="draft",
            publish_at="",
            review_comment="",
        ),
    )

    assert response.status_code == 200
    assert "ต้องเขียนความเห็น" in response.text


def test_coordinator_publishes_explanations_and_method_results(client, office):
    own = office["own"]
    own.explanation_draft, own.explanation_status = "หน้าหลัก > ITA > O1", "submitted"
    own.save()
    method = office["own_method"]
    method.result_draft, method.result_status = "ประชุมครบ 4 ครั้ง", "submitted"
    method.save()
    client.force_login(office["coordinator"])

    run_action(client, "disclosures_item_changelist", "publish_explanations", [own])
    run_action(client, "measures_method_changelist", "publish_results", [method])

    own.refresh_from_db()
    method.refresh_from_db()
    assert (own.explanation, own.explanation_status) == ("หน้าหลัก > ITA > O1", "published")
    assert own.explanation_published_at is not None
    assert (method.result, method.result_status) == ("ประชุมครบ 4 ครั้ง", "published")
    client.logout()
    assert "ประชุมครบ 4 ครั้ง" in client.get("/ita/2569/measures/").text


def test_a_publication_date_before_the_document_date_warns(client, office):
    client.force_login(office["coordinator"])

    response = client.post(
        url("disclosures_evidence_add"),
        evidence_post(
            office["own"],
            status="published",
            document_date="2025-12-01",
            publish_at="1/11/2568 09:00",
            review_comment="",
        ),
        follow=True,
    )

    assert response.status_code == 200
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("วันที่เผยแพร่ก่อนวันที่ของเอกสาร" in text for text in texts)
    assert Evidence.objects.get().is_published  # a warning, not a refusal


def test_a_future_publication_appears_by_itself_when_its_time_comes(
    client, factory, office, monkeypatch
):
    later = timezone.now() + timedelta(days=2)
    scheduled = factory.evidence(office["own"], title="ประกาศล่วงหน้า", publish_at=later)
    assert (scheduled.status, scheduled.is_published) == (ReviewStatus.PUBLISHED, False)
    assert "ประกาศล่วงหน้า" not in client.get("/ita/2569/O1/").text

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(days=3))

    page = client.get("/ita/2569/O1/")
    assert "ประกาศล่วงหน้า" in page.text
    assert page["X-Page-Cache"] == "miss"
    scheduled.refresh_from_db()
    assert scheduled.is_published


def test_superuser_may_do_everything(client, factory, office):
    draft = factory.evidence(office["other"], is_published=False, status="submitted")
    client.force_login(factory.superuser())

    run_action(client, "disclosures_evidence_changelist", "publish", [draft])

    draft.refresh_from_db()
    assert draft.is_published


def test_the_coordinators_index_lists_what_waits_for_review(client, factory, office):
    factory.evidence(office["own"], is_published=False, status="submitted")
    factory.evidence(office["other"], is_published=False, status="submitted")
    factory.evidence(office["other"], is_published=False)
    Item.objects.filter(pk=office["own"].pk).update(explanation_status="submitted")
    client.force_login(office["coordinator"])

    page = client.get(url("index")).text

    assert "รอผู้ประสานงานตรวจและเผยแพร่" in page
    assert "หลักฐาน ส่งตรวจแล้ว 2 รายการ" in page
    assert "คำอธิบายของข้อ ส่งตรวจแล้ว 1 รายการ" in page
    assert "ผลการดำเนินการ ส่งตรวจแล้ว 0 รายการ" in page
    evidence_queue = client.get(url("disclosures_evidence_changelist") + "?status__exact=submitted")
    assert evidence_queue.context["cl"].result_count == 2


def test_the_editors_index_has_no_review_queue(client, office):
    client.force_login(office["editor"])

    assert "รอผู้ประสานงานตรวจและเผยแพร่" not in client.get(url("index")).text


def test_an_editor_cannot_change_published_evidence_through_the_item_form(client, factory, office):
    own = office["own"]
    published = factory.evidence(own, title="ประกาศเดิม", kind="text", body="ข้อความเดิม")
    client.force_login(office["editor"])
    data = item_post(
        own,
        **{
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "1",
            "evidence-0-id": str(published.pk),
            "evidence-0-item": str(own.pk),
            "evidence-0-kind": "text",
            "evidence-0-order": "0",
            "evidence-0-title": "แก้ทับฉบับเผยแพร่",
            "evidence-0-document_date": "1/11/2568",
            "evidence-0-status": "submitted",
            "evidence-0-body": "ข้อความใหม่",
            "evidence-0-text_format": "plain",
            "evidence-0-url": "",
            "evidence-0-link_label": "",
        },
    )

    response = client.post(url("disclosures_item_change", own.pk), data)

    assert response.status_code == 302  # the item saves; the published evidence is untouched
    published.refresh_from_db()
    assert (published.title, published.body, published.status) == (
        "ประกาศเดิม",
        "ข้อความเดิม",
        ReviewStatus.PUBLISHED,
    )

    data["evidence-0-DELETE"] = "on"
    refused = client.post(url("disclosures_item_change", own.pk), data)
    assert refused.status_code == 200
    assert "นำออกได้เฉพาะผู้ประสานงาน ITA" in refused.text
    assert Evidence.objects.filter(pk=published.pk).exists()


def test_an_editor_cannot_bin_published_evidence(client, factory, office):
    published = factory.evidence(office["own"])
    client.force_login(office["editor"])

    response = client.post(url("disclosures_evidence_delete", published.pk), {"post": "yes"})

    assert response.status_code == 403
    assert Evidence.objects.filter(pk=published.pk).exists()


def test_the_editor_reads_owner_and_due_date_as_people_and_buddhist_era_dates(
    client, factory, office
):
    own = office["own"]
    office["coordinator"].first_name, office["coordinator"].last_name = "กนกวรรณ", "ทองดี"
    office["coordinator"].save()
    Item.objects.filter(pk=own.pk).update(owner=office["coordinator"], due_date=date(2026, 12, 12))
    client.force_login(office["editor"])

    page = client.get(url("disclosures_item_change", own.pk)).text
    listing = client.get(url("disclosures_item_changelist")).text

    assert "กนกวรรณ ทองดี" in page
    assert "12 ธ.ค. 2569" in page and "2026" not in page
    assert "12 ธ.ค. 2569" in listing


def test_the_item_picker_of_new_evidence_offers_only_the_editors_items(client, office):
    client.force_login(office["editor"])

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "disclosures", "model_name": "evidence", "field_name": "item", "term": "O"},
    )

    assert response.status_code == 200
    offered = [row["text"] for row in response.json()["results"]]
    assert offered == [str(office["own"])]


def test_the_item_form_also_warns_of_a_publication_date_before_the_document(client, office):
    own = office["own"]
    client.force_login(office["coordinator"])
    data = {
        "year": str(own.year_id),
        "code": "O1",
        "order": "1",
        "title_th": own.title_th,
        "title_en": "",
        "indicator": str(own.indicator_id),
        "sub_indicator": "",
        "owner_division": str(office["finance"].pk),
        "owner": "",
        "due_date": "",
        "date_rule": "any",
        "explanation_draft": "",
        "explanation_status": "published",
        "explanation_comment": "",
        "guidance": "",
        "confidence": "confirmed",
        "confidence_note": "",
        **item_post(own),
        "evidence-TOTAL_FORMS": "1",
        "evidence-0-kind": "text",
        "evidence-0-order": "1",
        "evidence-0-title": "ประกาศย้อนหลัง",
        "evidence-0-document_date": "1/12/2568",
        "evidence-0-status": "published",
        "evidence-0-publish_at": "1/11/2568 09:00",
        "evidence-0-review_comment": "",
        "evidence-0-body": "ข้อความ",
        "evidence-0-text_format": "plain",
        "evidence-0-url": "",
        "evidence-0-link_label": "",
    }
    data.pop("explanation_status", None)
    data["explanation_status"] = "published"

    response = client.post(url("disclosures_item_change", own.pk), data, follow=True)

    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("วันที่เผยแพร่ก่อนวันที่ของเอกสาร" in text for text in texts), texts
    assert Evidence.objects.get().title == "ประกาศย้อนหลัง"
