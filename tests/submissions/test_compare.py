"""compare_submission(): which items changed since the submission, and exactly what."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosures.models import Evidence, Organisation
from measures.models import Measure, Programme
from submissions.compare import (
    compare_states,
    compare_submission,
    current_item,
    known_digests,
)
from submissions.models import Submission
from submissions.snapshot import items_with_state, take_snapshot
from submissions.textdiff import text_diff

pytestmark = pytest.mark.django_db


def statuses(submission) -> dict[str, str]:
    return {row.code: row.status for row in compare_submission(submission).items}


def row_of(submission, code: str):
    return next(row for row in compare_submission(submission).items if row.code == code)


def test_nothing_changed_means_every_item_unchanged(submission):
    comparison = compare_submission(submission)

    assert statuses(submission) == {"O1": "unchanged", "O2": "unchanged", "O3": "unchanged"}
    assert comparison.changed_count == 0
    assert comparison.status_counts == [("unchanged", "ไม่เปลี่ยนแปลง", 3)]


def test_a_change_outside_the_items_flags_nothing(submission, year):
    # The footer of every page shows these; the items themselves did not change.
    organisation = Organisation.objects.get()
    organisation.phone = "043-999-999"
    organisation.save()
    # A draft is not public: adding or editing one changes nothing assessors see.
    Evidence.objects.create(item=year.items.get(code="O3"), title="ร่างข่าว", body="ร่าง")

    assert set(statuses(submission).values()) == {"unchanged"}
    assert "043-999-999" not in submission.items.get(code="O1").page_html


def test_publishing_new_evidence_flags_only_that_item_as_added(submission, year, factory):
    factory.evidence(year.items.get(code="O3"), title="ข่าวการจัดซื้อ", kind=Evidence.Kind.LINK)

    assert statuses(submission) == {"O1": "unchanged", "O2": "unchanged", "O3": "changed"}
    row = row_of(submission, "O3")
    [change] = row.evidence_changes
    assert (change.action, change.action_label, change.title) == (
        "added",
        "เพิ่มหลังส่ง",
        "ข่าวการจัดซื้อ",
    )
    # มี/ไม่มี changed with it: the sheet said ไม่มี.
    [field] = row.field_changes
    assert (field.label, field.old_display, field.new_display) == ("มี/ไม่มี", "ไม่มี", "มี")
    assert row.summary() == ["มี/ไม่มี", "หลักฐานเพิ่ม 1"]


def test_publishing_a_draft_counts_as_added(submission):
    draft = Evidence.objects.get(title="ร่างประกาศที่ยังไม่เผยแพร่")
    draft.set_published(True)
    draft.save()

    row = row_of(submission, "O2")
    assert [c.action for c in row.evidence_changes] == ["added"]


def test_editing_an_item_title_shows_the_field_and_its_diff(submission, year):
    item = year.items.get(code="O2")
    item.title_th = "ข้อมูลการติดต่อหน่วยงาน"
    item.save()

    assert statuses(submission) == {"O1": "unchanged", "O2": "changed", "O3": "unchanged"}
    [change] = row_of(submission, "O2").field_changes
    assert (change.label, change.old, change.new) == (
        "ชื่อข้อ",
        "ข้อมูลการติดต่อ",
        "ข้อมูลการติดต่อหน่วยงาน",
    )
    assert change.is_text
    assert [(s.tag, s.text) for s in change.segments] == [
        ("equal", "ข้อมูลการติดต่อ"),
        ("insert", "หน่วยงาน"),
    ]
    assert row_of(submission, "O2").evidence_changes == []


def test_editing_the_explanation_is_flagged(submission, year):
    item = year.items.get(code="O1")
    item.explanation = "หน้าหลัก > เกี่ยวกับเรา > โครงสร้าง"
    item.save()

    [change] = row_of(submission, "O1").field_changes
    assert change.label == "คำอธิบายการเข้าถึงข้อมูล"
    assert (change.old, change.new) == ("", "หน้าหลัก > เกี่ยวกับเรา > โครงสร้าง")


def test_deleting_evidence_flags_it_as_removed(submission):
    Evidence.objects.get(title="อำนาจหน้าที่").delete()

    assert statuses(submission) == {"O1": "changed", "O2": "unchanged", "O3": "unchanged"}
    [change] = row_of(submission, "O1").evidence_changes
    assert (change.action, change.title) == ("removed", "อำนาจหน้าที่")
    assert row_of(submission, "O1").summary() == ["หลักฐานถูกเอาออก 1"]


def test_unpublishing_evidence_flags_it_as_removed(submission):
    evidence = Evidence.objects.get(title="แผนที่สำนักงาน")
    evidence.set_published(False)
    evidence.save()

    changes = row_of(submission, "O2").evidence_changes
    assert [(c.action, c.title) for c in changes] == [("removed", "แผนที่สำนักงาน")]


def test_editing_evidence_lists_each_changed_field(submission):
    evidence = Evidence.objects.get(title="อำนาจหน้าที่")
    evidence.title = "อำนาจหน้าที่ตามกฎหมาย"
    evidence.body = "ดูแลทางหลวงท้องถิ่นและทางน้ำ"
    evidence.save()

    [change] = row_of(submission, "O1").evidence_changes
    assert change.action == "edited"
    assert [(f.label, f.old, f.new) for f in change.changes] == [
        ("ชื่อเรื่อง", "อำนาจหน้าที่", "อำนาจหน้าที่ตามกฎหมาย"),
        ("ข้อความ / เหตุผล", "ดูแลทางหลวงท้องถิ่น", "ดูแลทางหลวงท้องถิ่นและทางน้ำ"),
    ]
    body = change.changes[1]
    assert [(s.tag, s.text) for s in body.segments] == [
        ("equal", "ดูแลทางหลวงท้องถิ่น"),
        ("insert", "และทางน้ำ"),
    ]


def test_replacing_a_file_is_flagged_by_its_content_digest(submission):
    evidence = Evidence.objects.get(title="แผนผังโครงสร้างองค์กร")
    evidence.file = SimpleUploadedFile("รายงาน.pdf", b"%PDF-1.4\n% another\n%%EOF\n")
    evidence.save()

    [change] = row_of(submission, "O1").evidence_changes
    assert [f.name for f in change.changes] == ["file_size", "file_sha256"]
    assert change.changes[1].label == "เนื้อหาไฟล์ (SHA-256)"
    assert not change.changes[1].is_text  # a digest is shown whole, before and after


def test_reordering_evidence_is_flagged(submission):
    Evidence.objects.filter(title="อำนาจหน้าที่").update(order=0)
    Evidence.objects.filter(title="แผนผังโครงสร้างองค์กร").update(order=5)

    row = row_of(submission, "O1")
    assert row.status == "changed"
    assert row.order_changed
    assert row.evidence_changes == []
    assert row.summary() == ["ลำดับหลักฐานเปลี่ยน"]


def test_items_deleted_or_added_since_are_listed(submission, year, factory):
    year.items.get(code="O3").delete()
    factory.item(year, code="O4", title_th="ข้อใหม่", order=4)

    rows = compare_submission(submission).items
    assert [(r.code, r.status, r.status_label) for r in rows] == [
        ("O1", "unchanged", "ไม่เปลี่ยนแปลง"),
        ("O2", "unchanged", "ไม่เปลี่ยนแปลง"),
        ("O3", "removed", "ข้อถูกลบหลังส่ง"),
        ("O4", "added", "ข้อใหม่ (ไม่มีในการส่ง)"),
    ]


def test_an_item_deleted_and_recreated_with_its_code_is_compared_by_code(submission, year, factory):
    year.items.get(code="O3").delete()
    factory.item(year, code="O3", title_th="ข่าวประชาสัมพันธ์", order=3)

    assert statuses(submission)["O3"] == "unchanged"


def test_renumbering_an_item_is_a_change_of_code(submission, year):
    item = year.items.get(code="O3")
    item.code = "O9"
    item.save()

    [change] = row_of(submission, "O3").field_changes
    assert (change.label, change.old_display, change.new_display) == ("รหัสข้อ", "O3", "O9")


def test_the_comparison_warns_when_the_year_is_hidden_again(submission, year):
    year.status = "preparing"
    year.save()

    assert compare_submission(Submission.objects.get(pk=submission.pk)).year_hidden


def test_thai_text_diffs_keep_marks_with_their_letters():
    segments = text_diff("ค่าใช้จ่าย", "ค่าใช้จ้าย")

    assert [(s.tag, s.text) for s in segments] == [
        ("equal", "ค่าใช้"),
        ("delete", "จ่"),
        ("insert", "จ้"),
        ("equal", "าย"),
    ]


def test_long_unchanged_stretches_are_shortened():
    old = "ก" * 300 + "ข" + "ค" * 300
    new = "ก" * 300 + "ง" + "ค" * 300

    segments = text_diff(old, new)

    assert [s.tag for s in segments] == ["equal", "delete", "insert", "equal"]
    assert segments[0].text == "… " + "ก" * 60
    assert segments[-1].text == "ค" * 60 + " …"


# --- the items that show the year's integrity measures ---------------------------------------


def test_a_change_of_the_measures_flags_the_item_that_shows_them(year, coordinator):
    Programme.objects.create(year=year, measures_item=year.items.get(code="O3"))
    Measure.objects.create(year=year, number=1, title="ส่งเสริมการปฏิบัติตามประมวลจริยธรรม")
    submission = take_snapshot(year, coordinator)
    assert "ส่งเสริมการปฏิบัติตามประมวลจริยธรรม" in submission.items.get(code="O3").page_html
    assert set(statuses(submission).values()) == {"unchanged"}

    Measure.objects.create(year=year, number=2, title="เปิดเผยข้อมูลการจัดซื้อจัดจ้าง")

    assert statuses(submission) == {"O1": "unchanged", "O2": "unchanged", "O3": "changed"}
    row = row_of(submission, "O3")
    assert row.measures_changed
    assert row.summary() == ["มาตรการที่แสดงบนหน้า"]


def test_choosing_the_measures_item_after_submitting_is_a_field_change(submission, year):
    Programme.objects.create(year=year, report_item=year.items.get(code="O2"))

    [change] = row_of(submission, "O2").field_changes
    assert (change.label, change.old_display, change.new_display) == (
        "แสดงมาตรการส่งเสริมคุณธรรม",
        "—",
        "ผลการดำเนินการตามมาตรการ",
    )


def test_a_field_the_record_did_not_have_is_not_a_change(submission, year):
    # A snapshot taken before the record gained "measures_role" (kept in memory only).
    snapshot = submission.items.get(code="O1")
    del snapshot.fields["measures_role"]
    item = items_with_state(year).get(code="O1")

    comparison = compare_states(snapshot, current_item(item, known_digests([snapshot])))

    assert comparison.status == "unchanged"


def test_the_reader_language_does_not_make_an_item_look_changed(submission):
    from django.utils import translation

    from submissions.compare import compare_submission

    with translation.override("en"):
        comparison = compare_submission(submission)

    assert comparison.changed_count == 0
