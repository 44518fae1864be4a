"""Submitting a year: the fiscal-year action, the confirmation page, then the record."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from disclosures.models import FiscalYear
from submissions.models import Submission

pytestmark = pytest.mark.django_db

YEARS_URL = reverse("admin:disclosures_fiscalyear_changelist")


def submit_url(year: FiscalYear) -> str:
    return reverse("admin:submissions_submission_submit", args=[year.pk])


def run_action(client, years: list[FiscalYear]):
    return client.post(
        YEARS_URL,
        {"action": "submit_snapshot", ACTION_CHECKBOX_NAME: [y.pk for y in years], "index": "0"},
    )


def offered_actions(client) -> list[str]:
    form = client.get(YEARS_URL).context["action_form"]
    return [name for name, _label in form.fields["action"].choices] if form else []


def test_the_action_is_offered_to_those_who_may_submit(client, coordinator, year):
    client.force_login(coordinator)

    assert "submit_snapshot" in offered_actions(client)
    labels = dict(client.get(YEARS_URL).context["action_form"].fields["action"].choices)
    assert labels["submit_snapshot"] == "บันทึกการส่งข้อมูล ITA (snapshot)"


def test_the_action_leads_to_the_confirmation_page(client, coordinator, year):
    client.force_login(coordinator)

    response = run_action(client, [year])

    assert response.status_code == 302
    assert response["Location"] == submit_url(year)
    assert not Submission.objects.exists()  # nothing recorded before confirming


def test_the_action_takes_one_year_at_a_time(client, coordinator, year, factory):
    client.force_login(coordinator)
    other = factory.year(2568)

    response = run_action(client, [year, other])

    [message] = get_messages(response.wsgi_request)
    assert (message.level, str(message)) == (constants.ERROR, "เลือกปีงบประมาณเพียงปีเดียว")
    assert not Submission.objects.exists()


def test_the_confirmation_page_explains_what_will_be_recorded(client, coordinator, year):
    client.force_login(coordinator)

    response = client.get(submit_url(year))

    html = response.content.decode()
    assert response.status_code == 200
    assert "บันทึกการส่งข้อมูล ITA ของปีงบประมาณ พ.ศ. 2569" in html
    assert "แบบ ITAS ทั้ง 3 ข้อ (ตอบ “มี” 2 ข้อ)" in html
    assert "สำเนาหน้าเว็บสาธารณะของทุกข้อ" in html
    assert "SHA-256 ของไฟล์" in html
    assert "การส่งครั้งที่ 1" in html
    assert "แก้ไขหรือลบไม่ได้" in html
    assert "ข้อที่จะส่งเป็น “ไม่มี”" in html and "O3" in html
    assert "หลักฐานฉบับร่าง 1 รายการจะไม่ถูกบันทึก" in html
    assert "http://127.0.0.1:8000/ita/2569/O1/" in html  # the sheet to be recorded
    assert "ยืนยันบันทึกการส่งข้อมูล" in html
    assert not Submission.objects.exists()


def test_confirming_records_the_submission_and_shows_it(client, coordinator, year):
    client.force_login(coordinator)

    response = client.post(submit_url(year), {"note": "  ส่งผ่านระบบ ITAS  "}, follow=True)

    submission = Submission.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:submissions_submission_change", args=[submission.pk]
    )
    assert (submission.number, submission.submitted_by, submission.note) == (
        1,
        coordinator,
        "ส่งผ่านระบบ ITAS",
    )
    assert submission.items.count() == 3
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "บันทึกการส่งข้อมูล ITA ครั้งที่ 1 ของปีงบประมาณ พ.ศ. 2569 แล้ว (3 ข้อ)" in messages
    entry = LogEntry.objects.get()
    assert (entry.action_flag, entry.object_id, entry.user) == (
        ADDITION,
        str(submission.pk),
        coordinator,
    )


def test_a_resubmission_mentions_the_previous_one(client, coordinator, year, submission):
    client.force_login(coordinator)

    html = client.get(submit_url(year)).content.decode()
    assert "การส่งครั้งที่ 2" in html
    assert "ส่งครั้งล่าสุด: ครั้งที่ 1" in html

    client.post(submit_url(year), {"note": ""})
    assert list(Submission.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_a_year_in_preparation_is_refused_with_the_reason(client, coordinator, year):
    client.force_login(coordinator)
    year.status = FiscalYear.Status.PREPARING
    year.save()

    page = client.get(submit_url(year)).content.decode()
    response = client.post(submit_url(year), {"note": ""})

    assert "ยังบันทึกการส่งข้อมูลของปีนี้ไม่ได้" in page
    assert "ให้เปิดเผยแพร่ปีนี้ก่อน" in page
    assert "ยืนยันบันทึกการส่งข้อมูล" not in page  # no button to press
    assert response.status_code == 200
    [message] = get_messages(response.wsgi_request)
    assert message.level == constants.ERROR
    assert "กำลังจัดเตรียม" in str(message)
    assert not Submission.objects.exists()


def test_an_overlong_note_is_refused_and_nothing_written(client, coordinator, year):
    client.force_login(coordinator)

    response = client.post(submit_url(year), {"note": "ก" * 1001})

    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert not Submission.objects.exists()


# --- who may submit ------------------------------------------------------------------------


def test_the_action_is_not_offered_without_the_permission(client, clerk, year):
    client.force_login(clerk)

    assert "submit_snapshot" not in offered_actions(client)
    run_action(client, [year])
    assert not Submission.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_confirmation_page_needs_the_permission(client, clerk, auditor, year, method):
    for user in (clerk, auditor):  # reading submissions is not submitting
        client.force_login(user)
        response = getattr(client, method)(submit_url(year), {"note": ""})
        assert response.status_code == 403
    assert not Submission.objects.exists()


def test_the_confirmation_page_needs_a_login(client, year):
    response = client.post(submit_url(year), {"note": ""})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not Submission.objects.exists()


def test_an_unknown_year_is_404(client, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("admin:submissions_submission_submit", args=[999])).status_code == 404
