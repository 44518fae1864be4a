"""Shared state of the portal that is not part of the ITA domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A counter bumped on every change that public pages show.

    Cached pages and reports are keyed by it. It lives in the database, not in the cache,
    so that every app process (each with its own local-memory cache) sees a change at once.
    """

    value = models.PositiveBigIntegerField(_("รุ่นของเนื้อหา"), default=0)
    changed_at = models.DateTimeField(_("เปลี่ยนล่าสุด"), auto_now=True)
    # The next moment content becomes public by itself (evidence with a future publication
    # date): the first request after it publishes what is due and bumps the version.
    next_change = models.DateTimeField(_("เผยแพร่ตามกำหนดครั้งถัดไป"), null=True, blank=True)

    class Meta:
        verbose_name = _("รุ่นของเนื้อหาสาธารณะ")
        verbose_name_plural = _("รุ่นของเนื้อหาสาธารณะ")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.value)
