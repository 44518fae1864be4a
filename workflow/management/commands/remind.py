"""E-mail each owner what is due, overdue or broken: one e-mail per person, for a daily cron.

An owner hears about the items they own that are not ready and are due within --days (or
overdue), the items they own whose links are broken whatever their due date, and the
measure methods they own that are not done and are due within --days (or overdue).
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from disclosures.models import FiscalYear
from measures.models import Method
from workflow.readiness import ItemReadiness, State, default_year, evaluate_year, owner_name

CLOSED_METHODS = (Method.Status.DONE, Method.Status.CANCELLED)


@dataclass
class Reminder:
    """What one owner is told."""

    owner: object
    items: list[ItemReadiness] = field(default_factory=list)
    methods: list[Method] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items) + len(self.methods)


def collect_reminders(year: FiscalYear, today: date, days: int) -> list[Reminder]:
    """Per owner, the items and methods to remind them of (a fixed number of queries)."""
    limit = today + timedelta(days=days)
    reminders: dict[int, Reminder] = {}
    for row in evaluate_year(year, today).rows:
        owner = row.item.owner
        if owner is not None and _item_needs_reminder(row, limit):
            reminders.setdefault(owner.pk, Reminder(owner)).items.append(row)
    methods = (
        Method.objects.filter(measure__year=year, owner__isnull=False, due_date__lte=limit)
        .exclude(status__in=CLOSED_METHODS)
        .select_related("owner", "measure")
        .order_by("due_date", "measure__number", "order", "pk")
    )
    for method in methods:
        reminders.setdefault(method.owner_id, Reminder(method.owner)).methods.append(method)
    return sorted(reminders.values(), key=lambda reminder: owner_name(reminder.owner))


def _item_needs_reminder(row: ItemReadiness, limit: date) -> bool:
    """Not ready and due by the limit (overdue included), or broken whatever its due date."""
    if row.is_ready:
        return False
    due_soon = row.due_date is not None and row.due_date <= limit
    return due_soon or row.state == State.BROKEN


def _admin_url(name: str, *args) -> str:
    return settings.ITA_PUBLIC_BASE_URL + reverse(name, args=args)


def render_reminder(reminder: Reminder, year: FiscalYear, today: date, days: int) -> tuple:
    """(subject, plain-text body) of one owner's e-mail."""
    items = [
        {
            "code": row.item.code,
            "title": row.item.title_th,
            "state": row.state_label,
            "due_date": row.due_date,
            "overdue": row.overdue,
            "lacks": row.lacks,
            "url": _admin_url("admin:disclosures_item_change", row.item.pk),
        }
        for row in reminder.items
    ]
    methods = [
        {
            "measure_number": method.measure.number,
            "order": method.order,
            "text": _one_line(method.text) or _("(ไม่มีข้อความ)"),
            "status": method.get_status_display(),
            "due_date": method.due_date,
            "overdue": method.due_date < today,
            "url": _admin_url("admin:measures_method_change", method.pk),
        }
        for method in reminder.methods
    ]
    context = {
        "name": owner_name(reminder.owner),
        "year": year,
        "days": days,
        "items": items,
        "methods": methods,
        "dashboard_url": _admin_url("admin:readiness", year.year),
    }
    subject = _("ITA Portal: งานที่ต้องดำเนินการ %(year)s (%(n)d รายการ)") % {
        "year": year,
        "n": reminder.count,
    }
    return subject, render_to_string("workflow/remind_email.txt", context)


def _one_line(text: str, limit: int = 120) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Command(BaseCommand):
    help = "ส่งอีเมลเตือนผู้รับผิดชอบถึงข้อ OIT และวิธีการตามมาตรการที่ใกล้ครบกำหนด เลยกำหนด หรือมีลิงก์เสีย"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="ปีงบประมาณ (พ.ศ.) ค่าเริ่มต้น: ปีปัจจุบัน หรือปีล่าสุด")
        parser.add_argument(
            "--days", type=int, default=7, help="เตือนงานที่ครบกำหนดภายในกี่วัน (ค่าเริ่มต้น 7)"
        )
        parser.add_argument("--dry-run", action="store_true", help="แสดงอีเมลที่จะส่ง โดยไม่ส่งจริง")

    def handle(self, *args, year: int | None, days: int, dry_run: bool, **options) -> None:
        # Thai e-mails and Thai URLs, whatever language the shell runs in.
        with translation.override(settings.LANGUAGE_CODE):
            self._remind(self._year(year), days, dry_run)

    def _year(self, year: int | None) -> FiscalYear:
        if year is None:
            found = default_year()
            if found is None:
                raise CommandError(_("ยังไม่มีปีงบประมาณในระบบ"))
            return found
        found = FiscalYear.objects.filter(year=year).first()
        if found is None:
            raise CommandError(_("ไม่พบปีงบประมาณ พ.ศ. %(year)s") % {"year": year})
        return found

    def _remind(self, year: FiscalYear, days: int, dry_run: bool) -> None:
        if days < 0:
            raise CommandError(_("--days ต้องเป็นจำนวนวันที่ไม่ติดลบ"))
        today = timezone.localdate()
        reminders = collect_reminders(year, today, days)
        if not reminders:
            self.stdout.write(_("%(year)s: ไม่มีงานที่ต้องเตือน") % {"year": year})
            return
        sent, skipped, failed = 0, [], []
        connection = None if dry_run else mail.get_connection()
        for reminder in reminders:
            name, address = owner_name(reminder.owner), reminder.owner.email.strip()
            if not address:
                skipped.append(name)
                self.stdout.write(
                    self.style.WARNING(
                        _("ข้าม %(name)s: ไม่มีอีเมล (%(n)d รายการ)")
                        % {"name": name, "n": reminder.count}
                    )
                )
                continue
            subject, body = render_reminder(reminder, year, today, days)
            if dry_run:
                self._show(address, subject, body)
                sent += 1
                continue
            message = mail.EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
            )
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as exc:
                failed.append(name)
                self.stderr.write(
                    _("ส่งถึง %(name)s <%(address)s> ไม่สำเร็จ: %(error)s")
                    % {"name": name, "address": address, "error": exc}
                )
                continue
            sent += 1
            self.stdout.write(
                _("ส่งถึง %(name)s <%(address)s>: %(n)d รายการ")
                % {"name": name, "address": address, "n": reminder.count}
            )
        self._summary(sent, skipped, failed, dry_run)

    def _show(self, address: str, subject: str, body: str) -> None:
        self.stdout.write(_("ถึง: %(address)s") % {"address": address})
        self.stdout.write(_("เรื่อง: %(subject)s") % {"subject": subject})
        self.stdout.write(body)
        self.stdout.write("-" * 60)

    def _summary(self, sent: int, skipped: list[str], failed: list[str], dry_run: bool) -> None:
        if dry_run:
            text = _("ทดลอง (ไม่ได้ส่งจริง): จะส่งอีเมล %(sent)d ฉบับ ข้าม %(skipped)d คน (ไม่มีอีเมล)")
        else:
            text = _("ส่งอีเมลแล้ว %(sent)d ฉบับ ข้าม %(skipped)d คน (ไม่มีอีเมล)")
        self.stdout.write(self.style.SUCCESS(text % {"sent": sent, "skipped": len(skipped)}))
        if failed:
            raise CommandError(
                _("ส่งอีเมลไม่สำเร็จ %(n)d ฉบับ: %(names)s")
                % {"n": len(failed), "names": ", ".join(failed)}
            )
