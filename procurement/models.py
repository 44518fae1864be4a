"""A fiscal year's procurement (การจัดซื้อจัดจ้าง) as data, in the NACC's sixteen-column list.

Per fiscal year: one row per purchase or hire (ProcurementRow), amounts in baht as decimals,
the month when known; explicit "no procurement in this month" records (NoProcurementMonth),
so that an empty month says so; and which OIT item shows the table (ProcurementSettings,
O12 in 2568 and O11 in 2569; guessed from the item titles until staff set it).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from disclosures.models import FiscalYear, Item
from ita_portal import thai

AMOUNT_MAX_DIGITS = 15  # up to 9,999,999,999,999.99 baht
EGP_NUMBER_RE = re.compile(r"^[0-9]{6,20}$")


def fiscal_months(year_be: int) -> list[date]:
    """The first day of each month of a B.E. fiscal year, October to September."""
    return [month_in_year(month, year_be) for month in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)]


def month_in_year(month: int, year_be: int) -> date:
    """The first day of month 1-12 inside fiscal year `year_be` (10: October of the year
    before)."""
    start, end = thai.fiscal_year_range(year_be)
    return date(start.year if month >= 10 else end.year, month, 1)


def month_label(month: date | None, style: str = "short") -> str:
    """ "ต.ค. 2568" (short) or "ตุลาคม 2568" (long) for a month's first day; "" for None."""
    if month is None:
        return ""
    return thai.format_month_year(thai.be_year(month.year), month.month, style)


class ProcurementMethod(models.TextChoices):
    """วิธีการจัดซื้อจัดจ้าง under the Public Procurement Act B.E. 2560, as e-GP names them
    (e-bidding, e-market and price inquiry are forms of the general invitation)."""

    SPECIFIC = "specific", _("เฉพาะเจาะจง")
    E_MARKET = "e_market", _("ประกาศเชิญชวนทั่วไป (e-market)")
    E_BIDDING = "e_bidding", _("ประกาศเชิญชวนทั่วไป (e-bidding)")
    PRICE_INQUIRY = "price_inquiry", _("ประกาศเชิญชวนทั่วไป (สอบราคา)")
    GENERAL_INVITATION = "general_invitation", _("ประกาศเชิญชวนทั่วไป")
    SELECTION = "selection", _("คัดเลือก")
    DESIGN_CONTEST = "design_contest", _("ประกวดแบบ")


class ProcurementStatus(models.TextChoices):
    """สถานะการจัดซื้อจัดจ้าง as the NACC's list and e-GP reports word them."""

    NOT_SIGNED = "not_signed", _("ยังไม่ได้ลงนามในสัญญา")
    IN_CONTRACT = "in_contract", _("อยู่ระหว่างระยะสัญญา")
    COMPLETED = "completed", _("สิ้นสุดระยะสัญญา")
    CANCELLED = "cancelled", _("ยกเลิกการดำเนินการ")


def amount_field(verbose_name) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        error_messages={"min_value": _("จำนวนเงินต้องไม่ติดลบ")},
    )


class ProcurementRowQuerySet(models.QuerySet):
    def in_list_order(self) -> ProcurementRowQuerySet:
        """Month by month (rows without a month last), then by the list's own number."""
        return self.order_by(F("month").asc(nulls_last=True), "number", "pk")

    def filtered(
        self, month: date | None = None, method: str = "", status: str = ""
    ) -> ProcurementRowQuerySet:
        rows = self
        if month is not None:
            rows = rows.filter(month=month)
        if method:
            rows = rows.filter(method=method)
        if status:
            rows = rows.filter(status=status)
        return rows

    def totals(self) -> dict:
        """Count, budget, reference and agreed price of these rows, in one query."""
        return self.aggregate(
            count=Count("pk"),
            budget=Sum("budget"),
            reference_price=Sum("reference_price"),
            agreed_price=Sum("agreed_price"),
        )


class ProcurementRow(models.Model):
    """One purchase or hire of a fiscal year: a row of the NACC's procurement list."""

    year = models.ForeignKey(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="procurement_rows",
        verbose_name=_("ปีงบประมาณ"),
    )
    number = models.PositiveIntegerField(_("ที่"), null=True, blank=True)
    month = models.DateField(
        _("เดือน"),
        null=True,
        blank=True,
        help_text=_("เดือนที่จัดซื้อจัดจ้าง ภายในปีงบประมาณ (ไม่ระบุได้)"),
    )
    agency_name = models.CharField(_("ชื่อหน่วยงาน"), max_length=200, blank=True)
    district = models.CharField(_("อำเภอ"), max_length=100, blank=True)
    province = models.CharField(_("จังหวัด"), max_length=100, blank=True)
    ministry = models.CharField(_("กระทรวง"), max_length=200, blank=True)
    agency_type = models.CharField(_("ประเภทหน่วยงาน"), max_length=200, blank=True)
    work_name = models.TextField(
        _("ชื่อรายการของงานที่ซื้อหรือจ้าง"),
        error_messages={"blank": _("ต้องมีชื่อรายการของงานที่ซื้อหรือจ้าง")},
    )
    budget = amount_field(_("วงเงินงบประมาณที่ได้รับจัดสรร (บาท)"))
    budget_source = models.CharField(_("แหล่งที่มาของงบประมาณ"), max_length=200, blank=True)
    status = models.CharField(
        _("สถานะการจัดซื้อจัดจ้าง"), max_length=20, choices=ProcurementStatus.choices, blank=True
    )
    method = models.CharField(_("วิธีการจัดซื้อจัดจ้าง"), max_length=20, choices=ProcurementMethod.choices)
    reference_price = amount_field(_("ราคากลาง (บาท)"))
    agreed_price = amount_field(_("ราคาที่ตกลงซื้อหรือจ้าง (บาท)"))
    supplier = models.TextField(_("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก"), blank=True)
    egp_number = models.CharField(
        _("เลขที่โครงการในระบบ e-GP"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(EGP_NUMBER_RE, _("เลขที่โครงการ e-GP เป็นตัวเลข 6–20 หลัก เช่น 68019123456"))
        ],
        help_text=_("ใช้ระบุรายการ: นำเข้าซ้ำด้วยเลขเดิมจะปรับปรุงรายการเดิม"),
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = ProcurementRowQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("รายการจัดซื้อจัดจ้าง")
        verbose_name_plural = _("รายการจัดซื้อจัดจ้าง")
        ordering = ["year", F("month").asc(nulls_last=True), "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "egp_number"],
                condition=~Q(egp_number=""),
                name="procurementrow_egp_unique_per_year",
                violation_error_message=_("เลขที่โครงการ e-GP นี้มีอยู่แล้วในปีงบประมาณนี้"),
            ),
            models.CheckConstraint(
                condition=(Q(budget__isnull=True) | Q(budget__gte=0))
                & (Q(reference_price__isnull=True) | Q(reference_price__gte=0))
                & (Q(agreed_price__isnull=True) | Q(agreed_price__gte=0)),
                name="procurementrow_amounts_not_negative",
                violation_error_message=_("จำนวนเงินต้องไม่ติดลบ"),
            ),
        ]
        indexes = [
            # The public page lists a year's rows month by month and filters by month.
            models.Index(fields=["year", "month", "number"], name="procurementrow_page_idx"),
        ]

    def __str__(self) -> str:
        return self.work_name.strip().splitlines()[0][:100] if self.work_name.strip() else "–"

    def save(self, *args, **kwargs) -> None:
        if self.month is not None:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def month_display(self) -> str:
        return month_label(self.month)

    def clean(self) -> None:
        if self.month is not None and self.year_id:
            self.month = self.month.replace(day=1)
            problem = month_outside_year(self.month, self.year.year)
            if problem:
                raise ValidationError({"month": problem})


def month_outside_year(month: date, year_be: int) -> str:
    """Why a month cannot belong to fiscal year `year_be`, or "" when it can."""
    start, end = thai.fiscal_year_range(year_be)
    if start <= month <= end:
        return ""
    return _("เดือน %(month)s ไม่อยู่ในปีงบประมาณ %(year)s (%(first)s – %(last)s)") % {
        "month": month_label(month),
        "year": year_be,
        "first": month_label(start),
        "last": month_label(end.replace(day=1)),
    }


class NoProcurementMonth(models.Model):
    """A month of a fiscal year in which nothing was bought or hired, said explicitly."""

    year = models.ForeignKey(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="no_procurement_months",
        verbose_name=_("ปีงบประมาณ"),
    )
    month = models.DateField(_("เดือน"))
    note = models.TextField(
        _("หมายเหตุ"),
        blank=True,
        help_text=_("แสดงต่อจากข้อความ “ไม่มีการจัดซื้อจัดจ้าง” เช่น เหตุผลหรือเอกสารอ้างอิง"),
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("เดือนที่ไม่มีการจัดซื้อจัดจ้าง")
        verbose_name_plural = _("เดือนที่ไม่มีการจัดซื้อจัดจ้าง")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "month"],
                name="noprocurementmonth_unique_per_year",
                violation_error_message=_("บันทึกเดือนนี้ไว้แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return f"{month_label(self.month, 'long')}: ไม่มีการจัดซื้อจัดจ้าง"

    def save(self, *args, **kwargs) -> None:
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def month_display(self) -> str:
        return month_label(self.month)

    def clean(self) -> None:
        if self.month is None or not self.year_id:
            return
        self.month = self.month.replace(day=1)
        problem = month_outside_year(self.month, self.year.year)
        if problem:
            raise ValidationError({"month": problem})
        if ProcurementRow.objects.filter(year_id=self.year_id, month=self.month).exists():
            raise ValidationError({"month": _("เดือนนี้มีรายการจัดซื้อจัดจ้างอยู่แล้ว จึงบันทึกว่าไม่มีไม่ได้")})


class ProcurementSettings(models.Model):
    """Which OIT item of a year shows the procurement table and its downloads.

    Without a record, the item is guessed from the titles (see presenters.guessed_items);
    a record with no item means that no item shows it."""

    year = models.OneToOneField(
        FiscalYear,
        on_delete=models.CASCADE,
        related_name="procurement_settings",
        verbose_name=_("ปีงบประมาณ"),
    )
    item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ข้อ OIT ที่แสดงข้อมูลการจัดซื้อจัดจ้าง"),
        help_text=_("เช่น O12 (2568) หรือ O11 (2569) เว้นว่างหากไม่ให้ข้อใดแสดง"),
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("ข้อที่แสดงข้อมูลการจัดซื้อจัดจ้าง")
        verbose_name_plural = _("ข้อที่แสดงข้อมูลการจัดซื้อจัดจ้าง")
        ordering = ["-year__year"]

    def __str__(self) -> str:
        return f"การจัดซื้อจัดจ้าง {self.year}"

    def clean(self) -> None:
        if self.item_id and self.year_id and self.item.year_id != self.year_id:
            raise ValidationError({"item": _("ต้องเป็นข้อของปีงบประมาณเดียวกัน")})


class ProcurementYear(FiscalYear):
    """A fiscal year seen from procurement, for the back office: its item, its months
    without procurement, its rows."""

    class Meta:
        proxy = True
        verbose_name = _("การจัดซื้อจัดจ้างประจำปี")
        verbose_name_plural = _("การจัดซื้อจัดจ้างประจำปี")
