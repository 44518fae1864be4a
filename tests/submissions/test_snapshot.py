"""take_snapshot(): the sheet and, per item, its state, evidence and public page that day."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from disclosures.itas import HEADERS, sheet_rows
from disclosures.models import Evidence, FiscalYear
from submissions.models import ItemSnapshot, Submission
from submissions.snapshot import SubmissionRefused, take_snapshot
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db


def test_it_records_who_submitted_when_and_the_sheet_as_csv_and_rows(submission, year):
    assert submission.year == year
    assert submission.number == 1
    assert submission.submitted_by.username == "coordinator"
    assert submission.submitted_by_name == "coordinator"
    assert submission.submitted_at is not None
    assert submission.note == "ส่งรอบแรก"
    assert (submission.item_count, submission.ready_count) == (3, 2)

    table = list(csv.reader(io.StringIO(submission.sheet_csv)))
    assert table[0] == list(HEADERS)
    assert [row[:3] for row in table[1:]] == [
        ["O1", "โครงสร้าง", "มี"],
        ["O2", "ข้อมูลการติดต่อ", "มี"],
        ["O3", "ข่าวประชาสัมพันธ์", "ไม่มี"],
    ]
    assert table[1][3].splitlines()[0] == "http://127.0.0.1:8000/ita/2569/O1/"
    assert submission.sheet_rows == [
        {
            "code": row.code,
            "title": row.title,
            "has_content": row.has_content,
            "urls": row.urls,
            "explanation": row.explanation,
        }
        for row in sheet_rows(year)
    ]


def test_the_sheet_digest_is_of_the_downloaded_bytes(submission):
    assert submission.sheet_bytes.startswith("\ufeff".encode())
    assert submission.sheet_sha256 == hashlib.sha256(submission.sheet_bytes).hexdigest()


def test_every_item_is_recorded_in_sheet_order_with_its_fields(submission, year):
    snapshots = list(submission.items.all())

    assert [s.code for s in snapshots] == ["O1", "O2", "O3"]
    assert [s.position for s in snapshots] == [1, 2, 3]
    assert [s.item_pk for s in snapshots] == [year.items.get(code=c).pk for c in ("O1", "O2", "O3")]
    first = snapshots[0]
    assert first.fields["title_th"] == "โครงสร้าง"
    assert first.fields["has_content"] is True
    assert first.fields["indicator"].startswith("ตัวชี้วัดที่ 9")
    assert snapshots[2].fields["has_content"] is False


def test_the_evidence_list_holds_published_evidence_with_file_digests(submission, year):
    structure, contacts, news = submission.items.all()
    stored_file = Evidence.objects.get(title="แผนผังโครงสร้างองค์กร")

    assert [e["title"] for e in structure.evidence] == ["แผนผังโครงสร้างองค์กร", "อำนาจหน้าที่"]
    file_entry, text_entry = structure.evidence
    assert file_entry["id"] == stored_file.pk
    assert file_entry["kind"] == "file"
    assert file_entry["date"] == "2025-11-01"
    assert file_entry["file_name"] == "รายงาน.pdf"
    assert file_entry["file_size"] == len(MINIMAL_PDF)
    assert file_entry["file_sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert file_entry["url"] == "http://127.0.0.1:8000" + stored_file.get_download_url()
    assert text_entry["body"] == "ดูแลทางหลวงท้องถิ่น"
    assert text_entry["file_sha256"] == ""
    # The draft is not what the public saw: it is not recorded.
    assert [e["title"] for e in contacts.evidence] == ["แผนที่สำนักงาน"]
    assert contacts.evidence[0]["url"] == "https://www.example.go.th/doc"
    assert news.evidence == []
    assert len({s.evidence_sha256 for s in (structure, contacts, news)}) == 3


def test_a_missing_file_is_recorded_with_an_empty_digest(year, coordinator):
    stored = Evidence.objects.get(title="แผนผังโครงสร้างองค์กร")
    stored.file.storage.delete(stored.file.name)

    submission = take_snapshot(year, coordinator)

    assert submission.items.get(code="O1").evidence[0]["file_sha256"] == ""


def test_each_item_keeps_its_public_page_as_an_anonymous_visitor_saw_it(submission):
    structure, contacts, news = submission.items.all()

    html = contacts.page_html
    assert contacts.page_status == 200
    assert html.startswith("<!DOCTYPE html>")
    assert "ข้อมูลการติดต่อ" in html
    assert "แผนที่สำนักงาน" in html
    assert "ร่างประกาศที่ยังไม่เผยแพร่" not in html  # drafts are for staff only
    assert "คุณกำลังดูในฐานะเจ้าหน้าที่" not in html  # no staff preview banner
    assert "องค์การบริหารส่วนตำบลบ้านทดสอบ" in html  # the real page, header and footer
    assert contacts.page_size == len(html.encode())
    assert contacts.page_sha256 == hashlib.sha256(html.encode()).hexdigest()
    assert len(bytes(contacts.page_gzip)) < contacts.page_size  # stored compressed
    assert "ยังไม่มีข้อมูลที่เผยแพร่สำหรับข้อนี้" in news.page_html


def test_the_page_is_rendered_fresh_not_taken_from_the_page_cache(client, year, coordinator):
    assert client.get("/ita/2569/O2/")["X-Page-Cache"] == "miss"  # now cached
    # A bulk update sends no signal: the cached page is stale on purpose.
    Evidence.objects.filter(title="แผนที่สำนักงาน").update(title="แผนที่ใหม่")
    assert "แผนที่ใหม่" not in client.get("/ita/2569/O2/").text

    submission = take_snapshot(year, coordinator)

    assert "แผนที่ใหม่" in submission.items.get(code="O2").page_html
    assert "แผนที่ใหม่" not in client.get("/ita/2569/O2/").text  # visitors' cache untouched


def test_resubmitting_adds_a_numbered_submission_and_marks_the_latest(year, coordinator):
    first = take_snapshot(year, coordinator)
    second = take_snapshot(year, coordinator)

    assert (first.number, second.number) == (1, 2)
    latest = dict(Submission.objects.with_latest().values_list("number", "is_latest"))
    assert latest == {1: False, 2: True}
    assert first.items.count() == second.items.count() == 3


def test_numbers_run_per_year(factory, year, coordinator):
    other = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    factory.item(other, code="O1")

    take_snapshot(year, coordinator)
    assert take_snapshot(other, coordinator).number == 1


def test_a_year_in_preparation_is_refused_and_nothing_is_written(year, coordinator):
    year.status = FiscalYear.Status.PREPARING
    year.save()

    with pytest.raises(SubmissionRefused) as refusal:
        take_snapshot(year, coordinator)

    assert "กำลังจัดเตรียม" in refusal.value.problems[0]
    assert not Submission.objects.exists()


def test_a_year_without_items_is_refused(factory, coordinator):
    empty = factory.year(2570)

    with pytest.raises(SubmissionRefused) as refusal:
        take_snapshot(empty, coordinator)

    assert refusal.value.problems == ["ปีงบประมาณ พ.ศ. 2570 ยังไม่มีรายการข้อ ให้นำเข้ารายการข้อก่อน"]


def test_a_failure_midway_leaves_nothing_behind(year, coordinator, monkeypatch):
    def broken(objs, *args, **kwargs):  # after the submission row is written
        raise RuntimeError("disk full")

    monkeypatch.setattr(ItemSnapshot.objects, "bulk_create", broken)

    with pytest.raises(RuntimeError):
        take_snapshot(year, coordinator)

    assert not Submission.objects.exists()


def test_the_submitter_is_named_as_they_were(year, factory):
    user = factory.staff("somchai")
    user.first_name, user.last_name = "สมชาย", "ใจดี"
    user.save()

    assert take_snapshot(year, user).submitted_by_name == "สมชาย ใจดี (somchai)"
