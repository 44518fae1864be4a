"""The last known state of every link the portal publishes or points to (LinkCheck).

One row per distinct URL, updated by `manage.py check_links` on every run, so staff see
which evidence links are broken and for how many runs in a row.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LinkCheckQuerySet(models.QuerySet):
    def for_urls(self, urls: Iterable[str]) -> LinkCheckQuerySet:
        """The checks of these URLs (URLs never checked simply have no row)."""
        return self.filter(url__in=set(urls))

    def failing(self) -> LinkCheckQuerySet:
        return self.exclude(outcome=LinkCheck.Outcome.OK)


class LinkCheck(models.Model):
    """The result of the latest check of one URL."""

    class Outcome(models.TextChoices):
        OK = "ok", _("ใช้งานได้")
        BROKEN = "broken", _("ลิงก์เสีย")
        ERROR = "error", _("เชื่อมต่อไม่ได้")

    url = models.CharField(_("ลิงก์ (URL)"), max_length=1000, unique=True)
    status_code = models.PositiveSmallIntegerField(_("รหัสสถานะ HTTP"), null=True, blank=True)
    outcome = models.CharField(_("ผลการตรวจ"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("สาเหตุ"), max_length=300, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("เวลาที่ใช้ (มิลลิวินาที)"), default=0)
    final_url = models.CharField(_("ลิงก์ปลายทาง"), max_length=1000, blank=True)
    checked_at = models.DateTimeField(_("ตรวจเมื่อ"), default=timezone.now)
    consecutive_failures = models.PositiveIntegerField(_("ล้มเหลวติดต่อกัน (ครั้ง)"), default=0)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("ผลตรวจลิงก์")
        verbose_name_plural = _("ผลตรวจลิงก์")
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["ok", "broken", "error"]),
                name="linkcheck_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.url

    @classmethod
    def record(cls, results: Iterable) -> list[LinkCheck]:
        """Save a run's results (objects with url, outcome, status, reason, elapsed_ms and
        final_url): one row per URL, failures counted in a row, reset by a success."""
        results = list(results)
        now = timezone.now()
        with transaction.atomic():
            existing = {
                c.url: c for c in cls.objects.select_for_update().for_urls(r.url for r in results)
            }
            saved = []
            for result in results:
                check = existing.get(result.url) or cls(url=result.url)
                check.outcome = result.outcome
                check.status_code = result.status
                check.reason = result.reason[:300]
                check.elapsed_ms = result.elapsed_ms
                check.final_url = result.final_url[:1000]
                check.checked_at = now
                if result.outcome == cls.Outcome.OK:
                    check.consecutive_failures = 0
                else:
                    check.consecutive_failures += 1
                check.save()
                saved.append(check)
        return saved
