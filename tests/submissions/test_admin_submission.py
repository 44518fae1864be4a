"""A submission in the back office: every item against today's, its details, its files."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosures.models import Evidence, Organisation
from submissions.models import Submission
from submissions.snapshot import take_snapshot

pytestmark = pytest.mark.django_db


def change_url(submission) -> str:
    return reverse("admin:submissions_submission_change", args=[submission.pk])


def item_url(submission, code: str) -> str:
    snapshot = submission.items.get(code=code)
    return reverse("admin:submissions_submission_item", args=[submission.pk, snapshot.pk])


def page_url(submission, code: str) -> str:
    snapshot = submission.items.get(code=code)
    return reverse("admin:submissions_submission_page", args=[submission.pk, snapshot.pk])


def row_html(html: str, code: str) -> str:
    start = html.index(f">{code}</a></td>")
    return html[start : html.index("</tr>", start)]


@pytest.fixture
def auditor_client(client, auditor):
    client.force_login(auditor)
    return client


def test_the_page_shows_the_record_and_every_item_unchanged(auditor_client, submission):
    html = auditor_client.get(change_url(submission)).content.decode()

    assert "ITA 2569 ส่งครั้งที่ 1" in html
    assert "ครั้งล่าสุด" in html
    assert "coordinator" in html
    assert "ส่งรอบแรก" in html
    assert submission.sheet_sha256 in html
    assert "ทุกข้อไม่เปลี่ยนแปลงหลังส่ง" in html
    for code in ("O1", "O2", "O3"):
        assert "ไม่เปลี่ยนแปลง" in row_html(html, code)


def test_the_page_flags_exactly_the_changed_items(auditor_client, submission, year, factory):
    item = year.items.get(code="O2")
    item.title_th = "ข้อมูลการติดต่อหน่วยงาน"
    item.save()
    Evidence.objects.get(title="อำนาจหน้าที่").delete()
    organisation = Organisation.objects.get()  # every page's footer: not an item change
    organisation.phone = "02-111-1111"
    organisation.save()

    html = auditor_client.get(change_url(submission)).content.decode()

    assert "เปลี่ยนแปลงหลังส่ง 2 ข้อ" in html
    assert "ไม่เปลี่ยนแปลง 1 ข้อ" in html
    assert "เปลี่ยนแปลงหลังส่ง" in row_html(html, "O1")
    assert "หลักฐานถูกเอาออก 1" in row_html(html, "O1")
    assert "ชื่อข้อ" in row_html(html, "O2")
    assert "ไม่เปลี่ยนแปลง" in row_html(html, "O3")


def test_only_the_latest_submission_is_marked(auditor_client, submission, year, coordinator):
    second = take_snapshot(year, coordinator)

    first_page = auditor_client.get(change_url(submission)).content.decode()
    listing = auditor_client.get(reverse("admin:submissions_submission_changelist"))

    assert "ครั้งล่าสุด" not in first_page.split("<h1>")[1].split("</h1>")[0]
    assert "ครั้งล่าสุด" in auditor_client.get(change_url(second)).content.decode()
    assert listing.content.decode().count('<span class="ita-state ita-state-ok">ครั้งล่าสุด') == 1


def grow(year, factory, extra: int) -> None:
    for number in range(extra):
        item = factory.item(year, code=f"O{10 + number}", order=10 + number)
        factory.evidence(item, kind=Evidence.Kind.FILE)
        factory.evidence(item, kind=Evidence.Kind.LINK)


def comparison_queries(client, year, coordinator) -> int:
    submission = take_snapshot(year, coordinator)
    Evidence.objects.filter(kind=Evidence.Kind.LINK).update(title="แก้ไขแล้ว")  # all changed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(change_url(submission))
    assert response.status_code == 200
    return len(queries)


def test_the_comparison_costs_the_same_queries_however_many_items(
    client, factory, year, coordinator
):
    client.force_login(coordinator)
    small = comparison_queries(client, year, coordinator)
    grow(year, factory, 12)

    assert comparison_queries(client, year, coordinator) == small


def test_the_comparison_query_budget(client, submission, coordinator, django_assert_num_queries):
    client.force_login(coordinator)

    # 1: the session
    # 2: the user
    # 3, 4: the user's permissions and group permissions (may they read submissions?)
    # 5: the submission with its year and submitter, and whether it is the latest
    # 6: its recorded items (the page copies are left in the database)
    # 7: the year's items now, with indicator, sub-indicator and whether each has content
    # 8: their published evidence
    # 9: the content version (the admin's shared context)
    with django_assert_num_queries(9):
        client.get(change_url(submission))


def test_the_item_page_shows_field_and_evidence_diffs(auditor_client, submission, year):
    item = year.items.get(code="O1")
    item.title_th = "โครงสร้างองค์กร"
    item.save()
    evidence = Evidence.objects.get(title="อำนาจหน้าที่")
    evidence.body = "ดูแลทางหลวงท้องถิ่นและทางน้ำ"
    evidence.save()

    html = auditor_client.get(item_url(submission, "O1")).content.decode()

    assert "เปลี่ยนแปลงหลังส่ง" in html
    assert "ข้อมูลของข้อที่เปลี่ยน" in html
    assert "โครงสร้าง<ins>องค์กร</ins>" in html
    assert "แก้ไขหลังส่ง: อำนาจหน้าที่" in html
    assert "ดูแลทางหลวงท้องถิ่น<ins>และทางน้ำ</ins>" in html
    # The stored page against today's: main content only.
    assert "เนื้อหาหลักของหน้าที่ต่างจากสำเนา" in html
    assert '<div class="ita-line-plus">+ O1 โครงสร้างองค์กร</div>' in html


def test_the_item_page_of_an_unchanged_item(auditor_client, submission):
    html = auditor_client.get(item_url(submission, "O2")).content.decode()

    assert "ข้อมูลของข้อและหลักฐานที่เผยแพร่ตรงกับที่ส่งทุกประการ" in html
    assert "หน้าเว็บขณะนี้ตรงกับสำเนาทุกไบต์" in html
    assert "แผนที่สำนักงาน" in html
    assert "https://www.example.go.th/doc" in html


def test_a_footer_change_leaves_the_main_content_equal(auditor_client, submission):
    organisation = Organisation.objects.get()
    organisation.phone = "02-111-1111"
    organisation.save()

    html = auditor_client.get(item_url(submission, "O2")).content.decode()

    assert "ข้อมูลของข้อและหลักฐานที่เผยแพร่ตรงกับที่ส่งทุกประการ" in html
    assert "เนื้อหาหลักของหน้าตรงกับสำเนา ส่วนที่ต่างอยู่นอกเนื้อหาหลัก" in html


def test_the_item_page_of_a_deleted_item(auditor_client, submission, year):
    year.items.get(code="O3").delete()

    html = auditor_client.get(item_url(submission, "O3")).content.decode()

    assert "ข้อถูกลบหลังส่ง" in html


def test_the_stored_page_is_served_sandboxed_and_marked_as_a_copy(auditor_client, submission):
    snapshot = submission.items.get(code="O2")

    response = auditor_client.get(page_url(submission, "O2"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "ไม่ใช่หน้าเว็บปัจจุบัน" in html
    assert snapshot.page_sha256 in html
    assert html.replace(html[html.index('<p class="notice') : html.index("</p>") + 4], "") == (
        snapshot.page_html
    )


def test_the_stored_page_downloads_as_the_recorded_bytes(auditor_client, submission):
    snapshot = submission.items.get(code="O2")

    response = auditor_client.get(page_url(submission, "O2") + "?download=1")

    assert hashlib.sha256(response.content).hexdigest() == snapshot.page_sha256
    assert response["Content-Disposition"] == (
        'attachment; filename="ita-2569-O2-submission-1.html"'
    )
    assert response["Content-Security-Policy"].startswith("sandbox;")


def test_the_sheet_downloads_as_submitted(auditor_client, submission):
    response = auditor_client.get(
        reverse("admin:submissions_submission_sheet", args=[submission.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == ('attachment; filename="itas-2569-submission-1.csv"')
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert hashlib.sha256(response.content).hexdigest() == submission.sheet_sha256
    assert "ข้อ,ชื่อข้อ,มี/ไม่มี,URL,คำอธิบายเพิ่มเติม" in response.content.decode("utf-8-sig")


# --- who may read, and what is missing -------------------------------------------------------


def pages(submission) -> list[str]:
    return [
        change_url(submission),
        item_url(submission, "O1"),
        page_url(submission, "O1"),
        reverse("admin:submissions_submission_sheet", args=[submission.pk]),
        reverse("admin:submissions_submission_changelist"),
    ]


def test_staff_who_may_not_read_submissions_get_403(client, clerk, submission):
    client.force_login(clerk)

    for url in pages(submission):
        assert client.get(url).status_code == 403, url


def test_visitors_are_sent_to_the_login(client, submission):
    for url in pages(submission):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login"))


def test_those_who_may_submit_may_read(client, coordinator, submission):
    client.force_login(coordinator)

    for url in pages(submission):
        assert client.get(url).status_code == 200, url


def test_missing_submissions_and_items_are_404(auditor_client, submission, year, coordinator):
    other = take_snapshot(year, coordinator)
    foreign_item = other.items.get(code="O1").pk

    assert (
        auditor_client.get(reverse("admin:submissions_submission_change", args=[999])).status_code
        == 404
    )
    assert (
        auditor_client.get(
            reverse("admin:submissions_submission_item", args=[submission.pk, foreign_item])
        ).status_code
        == 404
    )
    assert (
        auditor_client.get(
            reverse("admin:submissions_submission_page", args=[999, foreign_item])
        ).status_code
        == 404
    )
    assert (
        auditor_client.get(reverse("admin:submissions_submission_sheet", args=[999])).status_code
        == 404
    )
    assert Submission.objects.count() == 2
