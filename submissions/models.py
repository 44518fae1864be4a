"""The record of what the organisation submitted to the NACC for a fiscal year.

A submission keeps the ITAS sheet as it was sent and, for every item of the year, a copy of
its public page and of its published evidence, each with a SHA-256 digest. Assessors read the
portal through the submitted URLs weeks after the submission; the record lets the
organisation show what those pages said on the day, and the back office shows what changed
since.

A record is never changed: rows are only ever inserted (by ``snapshot.take_snapshot``);
``save()`` on an existing row, ``QuerySet.update()``, ``bulk_update()`` and every delete are
refused, and the year and the person who submitted are protected from deletion while a
submission points at them. Resubmitting adds a new submission; the latest one is marked.
"""

from __future__ import annotations

import gzip

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosures.models import FiscalYear

SUBMIT_PERMISSION = "submissions.submit_fiscalyear"


class SnapshotImmutable(PermissionDenied):
    """An attempt to change or delete a submission record (answered 403 in a view)."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message or _("บันทึกการส่งข้อมูล ITA แก้ไขหรือลบไม่ได้ หากต้องการส่งใหม่ ให้บันทึกการส่งครั้งใหม่")
        )


class ImmutableQuerySet(models.QuerySet):
    """Rows may be read and inserted, never updated or deleted in bulk."""

    def update(self, **kwargs):
        raise SnapshotImmutable()

    def bulk_update(self, objs, fields, batch_size=None):
        raise SnapshotImmutable()

    def delete(self):
        raise SnapshotImmutable()


class ImmutableModel(models.Model):
    """A row that is written once: save() only inserts, delete() always refuses."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise SnapshotImmutable()
        # An unsaved instance carrying an existing pk must not turn into an UPDATE.
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SnapshotImmutable()


class SubmissionQuerySet(ImmutableQuerySet):
    def with_latest(self) -> SubmissionQuerySet:
        """Annotate `is_latest`: no later submission of the same year (NOT EXISTS)."""
        later = Submission.objects.filter(year=OuterRef("year"), number__gt=OuterRef("number"))
        return self.annotate(is_latest=~Exists(later))


class Submission(ImmutableModel):
    """One submission of a year's OIT disclosures (ส่งครั้งที่ 1, 2, … of that year)."""

    # PROTECT: a year that was submitted cannot be deleted with its record.
    year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("ปีงบประมาณ"),
    )
    number = models.PositiveSmallIntegerField(_("ครั้งที่"))
    submitted_at = models.DateTimeField(_("บันทึกเมื่อ"), default=timezone.now)
    # PROTECT: deactivate the account of someone who left rather than delete it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ita_submissions",
        verbose_name=_("ผู้บันทึก"),
    )
    submitted_by_name = models.CharField(
        _("ชื่อผู้บันทึก"), max_length=300, help_text=_("ชื่อ ณ เวลาที่บันทึก")
    )
    note = models.TextField(_("หมายเหตุ"), blank=True)
    public_base_url = models.CharField(_("ที่อยู่เว็บไซต์ที่ส่ง"), max_length=300)
    sheet_csv = models.TextField(_("แบบ ITAS (CSV)"))
    sheet_rows = models.JSONField(
        _("แบบ ITAS (ข้อมูลรายแถว)"), default=list, encoder=DjangoJSONEncoder
    )
    sheet_sha256 = models.CharField(_("SHA-256 ของไฟล์ CSV"), max_length=64)
    item_count = models.PositiveIntegerField(_("จำนวนข้อ"), default=0)
    ready_count = models.PositiveIntegerField(_("ข้อที่ตอบ “มี”"), default=0)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("การส่งข้อมูล ITA")
        verbose_name_plural = _("การส่งข้อมูล ITA")
        ordering = ["-year__year", "-number"]
        # Created only by the admin action; nobody may add, change or delete one by hand.
        default_permissions = ("view",)
        permissions = [("submit_fiscalyear", "ส่งข้อมูล ITA")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="submission_number_unique_per_year",
                violation_error_message=_("มีการส่งครั้งนี้ของปีงบประมาณนี้อยู่แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return f"ITA {self.year.year} ส่งครั้งที่ {self.number}"

    @property
    def sheet_bytes(self) -> bytes:
        """The CSV file as downloaded: UTF-8 with a BOM (the bytes `sheet_sha256` digests)."""
        return csv_bytes(self.sheet_csv)

    def sheet_filename(self) -> str:
        return f"itas-{self.year.year}-submission-{self.number}.csv"


def csv_bytes(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")


class ItemSnapshot(ImmutableModel):
    """One item of a submission: its fields, published evidence and public page that day."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="items", verbose_name=_("การส่ง")
    )
    # The item's id when submitted, not a foreign key: the record must not change (or
    # lose its link) when the catalogue is corrected or the item deleted afterwards.
    item_pk = models.PositiveBigIntegerField(_("รหัสอ้างอิงของข้อ"))
    position = models.PositiveSmallIntegerField(_("ลำดับในแบบ ITAS"))
    code = models.CharField(_("รหัสข้อ"), max_length=20)
    title_th = models.CharField(_("ชื่อข้อ"), max_length=500)
    fields = models.JSONField(_("ข้อมูลของข้อ"), default=dict)
    evidence = models.JSONField(_("รายการหลักฐานที่เผยแพร่"), default=list)
    evidence_sha256 = models.CharField(_("SHA-256 ของรายการหลักฐาน"), max_length=64)
    # Over the fields and evidence that the back office compares (see snapshot.item_state).
    content_sha256 = models.CharField(_("SHA-256 ของข้อมูลที่ใช้เทียบ"), max_length=64)
    page_status = models.PositiveSmallIntegerField(_("สถานะหน้าเว็บ (HTTP)"), default=200)
    page_gzip = models.BinaryField(_("สำเนาหน้าเว็บ (gzip)"))
    page_sha256 = models.CharField(_("SHA-256 ของหน้าเว็บ"), max_length=64)
    page_size = models.PositiveIntegerField(_("ขนาดหน้าเว็บ (ไบต์)"), default=0)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("สำเนาข้อ ณ วันที่ส่ง")
        verbose_name_plural = _("สำเนาข้อ ณ วันที่ส่ง")
        ordering = ["submission", "position"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "item_pk"],
                name="itemsnapshot_item_unique_per_submission",
                violation_error_message=_("ข้อนี้มีอยู่แล้วในการส่งครั้งนี้"),
            ),
        ]
        indexes = [
            # The comparison page lists a submission's items in the order of the sheet.
            models.Index(fields=["submission", "position"], name="itemsnapshot_position_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"

    @property
    def page_html(self) -> str:
        """The stored public page, as an anonymous visitor received it."""
        return page_html(self.page_gzip)


def page_html(stored) -> str:
    """A stored page (gzip bytes) as text."""
    return gzip.decompress(bytes(stored)).decode("utf-8") if stored else ""
