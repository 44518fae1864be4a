"""`manage.py remind`: one e-mail per owner with what is due, overdue or broken."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from disclosures.models import Evidence, RequiredElement
from links.models import LinkCheck
from measures.models import Measure, Method

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def year(factory):
    return factory.year(2569, is_current=True)


def person(factory, username, email, first_name=""):
    user = factory.staff(username)
    user.email, user.first_name = email, first_name
    user.save()
    return user


@pytest.fixture
def alice(factory):
    return person(factory, "alice", "alice@banthotsop.go.th", "อลิส")


@pytest.fixture
def bob(factory):
    return person(factory, "bob", "bob@banthotsop.go.th", "บ๊อบ")


def remind(*args) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def method(year, owner, due_date, status=Method.Status.IN_PROGRESS, number=1):
    measure, _ = Measure.objects.get_or_create(
        year=year, number=number, defaults={"title": "มาตรการเปิดเผยข้อมูล"}
    )
    return Method.objects.create(
        measure=measure,
        order=2,
        text="จัดประชุมชี้แจงเจ้าหน้าที่\nทุกส่วนราชการ",
        owner=owner,
        due_date=due_date,
        status=status,
    )


def test_each_owner_gets_one_email_with_everything_due(factory, year, alice, bob, mailoutbox):
    overdue = factory.item(
        year, code="O3", title_th="อำนาจหน้าที่", owner=alice, due_date=TODAY() - timedelta(1)
    )
    RequiredElement.objects.create(item=overdue, text="อำนาจหน้าที่ตามกฎหมาย", is_met=False)
    factory.item(year, code="O4", title_th="แผนพัฒนา", owner=alice, due_date=TODAY())
    task = method(year, alice, TODAY() + timedelta(days=7))
    factory.item(year, code="O5", owner=bob, due_date=TODAY() + timedelta(days=2))

    out = remind()

    assert len(mailoutbox) == 2
    to_alice = next(m for m in mailoutbox if m.to == ["alice@banthotsop.go.th"])
    assert to_alice.from_email == settings.DEFAULT_FROM_EMAIL
    assert to_alice.subject == "ITA Portal: งานที่ต้องดำเนินการ ปีงบประมาณ พ.ศ. 2569 (3 รายการ)"
    body = to_alice.body
    assert body.startswith("เรียน อลิส")
    assert "- O3 อำนาจหน้าที่" in body
    assert "- O4 แผนพัฒนา" in body
    assert "O5" not in body
    assert "(เลยกำหนดแล้ว)" in body
    assert f"กำหนดเสร็จ: {TODAY().day} " in body
    assert str(TODAY().year + 543) in body  # B.E. dates
    assert "องค์ประกอบ “อำนาจหน้าที่ตามกฎหมาย”: ยังไม่ได้ทำเครื่องหมายว่ามีครบ" in body
    assert f"http://127.0.0.1:8000/admin/disclosures/item/{overdue.pk}/change/" in body
    assert "มาตรการที่ 1 วิธีการที่ 2: จัดประชุมชี้แจงเจ้าหน้าที่ ทุกส่วนราชการ" in body
    assert f"http://127.0.0.1:8000/admin/measures/method/{task.pk}/change/" in body
    assert "http://127.0.0.1:8000/admin/readiness/2569/" in body
    assert "&" not in body and "&#x27;" not in body  # plain text, not HTML-escaped
    assert "ส่งอีเมลแล้ว 2 ฉบับ ข้าม 0 คน (ไม่มีอีเมล)" in out


def test_titles_are_not_html_escaped_in_the_plain_text_mail(factory, year, alice, mailoutbox):
    factory.item(year, title_th='ประกาศ "ราคากลาง" <ฉบับที่ 2>', owner=alice, due_date=TODAY())

    remind()

    assert 'ประกาศ "ราคากลาง" <ฉบับที่ 2>' in mailoutbox[0].body


def test_nothing_due_sends_nothing(factory, year, alice, mailoutbox):
    factory.item(year, owner=alice, due_date=TODAY() + timedelta(days=8))  # beyond 7 days
    factory.item(year, owner=alice)  # no due date
    ready = factory.item(year, owner=alice, due_date=TODAY() - timedelta(days=5))
    factory.evidence(ready)
    method(year, alice, TODAY() - timedelta(days=1), status=Method.Status.DONE)
    method(year, alice, TODAY(), status=Method.Status.CANCELLED, number=2)
    factory.item(year, due_date=TODAY())  # nobody owns it

    out = remind()

    assert mailoutbox == []
    assert "ไม่มีงานที่ต้องเตือน" in out


def test_days_widens_the_window(factory, year, alice, mailoutbox):
    factory.item(year, owner=alice, due_date=TODAY() + timedelta(days=20))

    remind("--days", "30")

    assert len(mailoutbox) == 1


def test_broken_links_are_reported_whatever_the_due_date(factory, year, alice, mailoutbox):
    item = factory.item(year, code="O9", owner=alice)
    factory.evidence(item, kind=Evidence.Kind.LINK, url="https://a.go.th/gone")
    LinkCheck.objects.create(url="https://a.go.th/gone", outcome="broken", reason="HTTP 404")

    remind()

    assert len(mailoutbox) == 1
    assert "- O9" in mailoutbox[0].body
    assert "สถานะ: ลิงก์เสีย" in mailoutbox[0].body
    assert "https://a.go.th/gone" in mailoutbox[0].body
    assert "กำหนดเสร็จ: ไม่ได้กำหนด" in mailoutbox[0].body


def test_an_owner_without_email_is_reported_not_crashed_on(factory, year, alice, mailoutbox):
    nomail = person(factory, "somchai", "", "สมชาย")
    factory.item(year, owner=nomail, due_date=TODAY())
    factory.item(year, owner=alice, due_date=TODAY())

    out = remind()

    assert [m.to for m in mailoutbox] == [["alice@banthotsop.go.th"]]
    assert "ข้าม สมชาย: ไม่มีอีเมล (1 รายการ)" in out
    assert "ส่งอีเมลแล้ว 1 ฉบับ ข้าม 1 คน (ไม่มีอีเมล)" in out


def test_dry_run_prints_the_mail_and_sends_nothing(factory, year, alice, mailoutbox):
    factory.item(year, code="O2", owner=alice, due_date=TODAY())

    out = remind("--dry-run")

    assert mailoutbox == []
    assert "ถึง: alice@banthotsop.go.th" in out
    assert "เรื่อง: ITA Portal: งานที่ต้องดำเนินการ" in out
    assert "- O2" in out
    assert "ทดลอง (ไม่ได้ส่งจริง): จะส่งอีเมล 1 ฉบับ" in out


def test_year_picks_another_year(factory, year, alice, mailoutbox):
    last_year = factory.year(2568)
    factory.item(last_year, code="O8", owner=alice, due_date=TODAY())

    remind("--year", "2568")

    assert "ปีงบประมาณ พ.ศ. 2568" in mailoutbox[0].subject
    assert "- O8" in mailoutbox[0].body


def test_an_unknown_year_is_refused_in_thai(year):
    with pytest.raises(CommandError, match="ไม่พบปีงบประมาณ พ.ศ. 2570"):
        remind("--year", "2570")


def test_without_any_year_the_command_says_so():
    with pytest.raises(CommandError, match="ยังไม่มีปีงบประมาณในระบบ"):
        remind()


def test_negative_days_are_refused(year):
    with pytest.raises(CommandError, match="--days"):
        remind("--days", "-1")
