"""The organisation, its fiscal years, the OIT catalogue of each year and the evidence.

The catalogue (instruments, indicators, sub-indicators, items and their required elements)
is data per fiscal year: it changes every year and staff correct it or import it, so no item
code or number is ever written into the code.
"""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.review import ReviewedTexts, ReviewStatus

from .text import render_body
from .uploads import INLINE_KINDS, evidence_upload_to, sniff, validate_evidence_file, validate_logo

# Item codes as the NACC writes them (O1, O27, MOIT3, O1.1); used in stable public URLs.
ITEM_CODE_RE = re.compile(r"^[A-Za-z]{1,10}[0-9]{1,3}(?:[.-][0-9]{1,3})?$")


def _english() -> bool:
    return (get_language() or "").startswith("en")


def canonical_item_code(value: str) -> str:
    """The one spelling of a code used in URLs: " o๑ " → "O1" (letters upper-case)."""
    value = thai.to_arabic_digits((value or "").strip()).replace(" ", "")
    return re.sub(r"^[A-Za-z]+", lambda m: m.group(0).upper(), value)


def validate_item_code(value: str) -> None:
    if not ITEM_CODE_RE.match(value or ""):
        raise ValidationError(
            _("รหัสข้อ “%(code)s” ไม่ถูกต้อง: ใช้ตัวอักษรตามด้วยตัวเลข เช่น O1, O27 หรือ MOIT3"),
            params={"code": value},
            code="invalid_code",
        )


def safe_display_name(name: str) -> str:
    """The uploader's file name without folders or control characters, for display."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[:255] or "file"


def validate_http_url(value: str) -> None:
    if value and not re.match(r"^https?://", value, flags=re.IGNORECASE):
        raise ValidationError(_("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"), code="invalid_scheme")


def delete_file_after_commit(storage, name: str) -> None:
    """Remove a stored file once the transaction that dropped it has committed."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


class HttpURLFormField(forms.URLField):
    """A form field that says "http(s) only" for another scheme (javascript:, ftp://).

    Django's own URL check would otherwise answer such input with a generic "invalid URL".
    """

    def to_python(self, value):
        url = super().to_python(value)
        validate_http_url(url)
        return url


class HttpURLField(models.URLField):
    """A URL that must be http(s); a form entry without a scheme is read as https."""

    default_validators = [*models.URLField.default_validators, validate_http_url]

    def formfield(self, **kwargs):
        kwargs.setdefault("form_class", HttpURLFormField)
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class Organisation(models.Model):
    """The one organisation this deployment publishes for."""

    class Type(models.TextChoices):
        SAO = "sao", _("องค์การบริหารส่วนตำบล (อบต.)")
        SUBDISTRICT_MUNICIPALITY = "tambon_municipality", _("เทศบาลตำบล")
        TOWN_MUNICIPALITY = "town_municipality", _("เทศบาลเมือง")
        CITY_MUNICIPALITY = "city_municipality", _("เทศบาลนคร")
        PAO = "pao", _("องค์การบริหารส่วนจังหวัด (อบจ.)")
        OTHER = "other", _("หน่วยงานอื่น")

    name_th = models.CharField(_("ชื่อหน่วยงาน (ไทย)"), max_length=200)
    name_en = models.CharField(_("ชื่อหน่วยงาน (อังกฤษ)"), max_length=200, blank=True)
    org_type = models.CharField(
        _("ประเภทหน่วยงาน"), max_length=32, choices=Type.choices, default=Type.SAO
    )
    address = models.CharField(_("ที่อยู่"), max_length=300, blank=True)
    subdistrict = models.CharField(_("ตำบล/แขวง"), max_length=100, blank=True)
    district = models.CharField(_("อำเภอ/เขต"), max_length=100, blank=True)
    province = models.CharField(_("จังหวัด"), max_length=100, blank=True)
    postal_code = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    fax = models.CharField(_("โทรสาร"), max_length=100, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    website = HttpURLField(_("เว็บไซต์หลัก"), blank=True)
    logo = models.ImageField(
        _("ตราสัญลักษณ์"),
        upload_to="logo/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG, GIF หรือ WebP ขนาดไม่เกิน 1 MB"),
    )
    eit_survey_url = HttpURLField(
        _("ลิงก์แบบสำรวจ EIT"),
        blank=True,
        help_text=_("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก ที่ได้รับจากสำนักงาน ป.ป.ช."),
    )
    head_name = models.CharField(_("ชื่อผู้บริหารสูงสุด"), max_length=200, blank=True)
    head_position = models.CharField(_("ตำแหน่งผู้บริหารสูงสุด"), max_length=200, blank=True)
    officer_name = models.CharField(_("ชื่อผู้ประสานงาน ITA"), max_length=200, blank=True)
    officer_position = models.CharField(_("ตำแหน่งผู้ประสานงาน ITA"), max_length=200, blank=True)
    report_digits = models.CharField(
        _("ตัวเลขในรายงาน PDF"),
        max_length=6,
        choices=[("thai", _("เลขไทย (๑๒๓)")), ("arabic", _("เลขอารบิก (123)"))],
        default="thai",
        help_text=_("ผู้อ่านเลือกเองได้ด้วย ?digits=thai หรือ ?digits=arabic ต่อท้ายลิงก์รายงาน"),
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    class Meta:
        verbose_name = _("ข้อมูลหน่วยงาน")
        verbose_name_plural = _("ข้อมูลหน่วยงาน")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name_th

    @property
    def name(self) -> str:
        """The name in the reader's language (English pages use name_en when it is set)."""
        return self.name_en if _english() and self.name_en else self.name_th

    @property
    def full_address(self) -> str:
        if _english():
            places = [
                f"{self.subdistrict} Subdistrict" if self.subdistrict else "",
                f"{self.district} District" if self.district else "",
                f"{self.province} Province" if self.province else "",
            ]
            return ", ".join(p for p in [self.address, *places] if p) + (
                f" {self.postal_code}" if self.postal_code else ""
            )
        parts = [self.address]
        if self.subdistrict:
            parts.append(f"ตำบล{self.subdistrict}")
        if self.district:
            parts.append(f"อำเภอ{self.district}")
        if self.province:
            parts.append(f"จังหวัด{self.province}")
        parts.append(self.postal_code)
        return " ".join(p for p in parts if p)

    def file_link(self) -> tuple[str, str]:
        """(name, URL) of the logo, as the back office shows it."""
        return _("ตราสัญลักษณ์ปัจจุบัน"), reverse("organisation_logo")

    @classmethod
    def current(cls) -> Organisation | None:
        """The deployment's organisation (the first one; the admin allows only one)."""
        return cls.objects.prefetch_related("channels").order_by("pk").first()


class Channel(models.Model):
    """A way to reach the organisation: social media and two-way (Q&A) channels."""

    class Kind(models.TextChoices):
        LINE = "line", _("LINE Official Account")
        FACEBOOK = "facebook", _("Facebook")
        MESSENGER = "messenger", _("Messenger")
        YOUTUBE = "youtube", _("YouTube")
        TIKTOK = "tiktok", _("TikTok")
        WEBBOARD = "webboard", _("กระดานถาม-ตอบ (Web board)")
        COMPLAINT = "complaint", _("ช่องทางร้องเรียน")
        OTHER = "other", _("อื่น ๆ")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="channels"
    )
    kind = models.CharField(_("ประเภท"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("ชื่อที่แสดง"), max_length=200)
    url = HttpURLField(_("ลิงก์"))
    is_two_way = models.BooleanField(
        _("สื่อสารสองทาง"), default=False, help_text=_("ถาม-ตอบได้ เช่น LINE, Messenger, Chatbot")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("ช่องทางติดต่อ")
        verbose_name_plural = _("ช่องทางติดต่อ")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class FiscalYearQuerySet(models.QuerySet):
    def public(self) -> FiscalYearQuerySet:
        """Years citizens may see: open or archived, never those still being prepared."""
        return self.exclude(status=FiscalYear.Status.PREPARING)

    def visible_to(self, user) -> FiscalYearQuerySet:
        return self if user.is_active and user.is_staff else self.public()


class FiscalYear(models.Model):
    """A Thai fiscal year (1 Oct – 30 Sep), named by its B.E. year."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("กำลังจัดเตรียม")
        OPEN = "open", _("เปิดเผยแพร่")
        ARCHIVED = "archived", _("เก็บถาวร")

    year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"),
        unique=True,
        validators=[MinValueValidator(2500), MaxValueValidator(2700)],
        error_messages={"unique": _("มีปีงบประมาณนี้อยู่แล้ว")},
    )
    status = models.CharField(
        _("สถานะ"), max_length=16, choices=Status.choices, default=Status.PREPARING
    )
    is_current = models.BooleanField(
        _("ปีปัจจุบัน"), default=False, help_text=_("ปีที่แสดงบนหน้าแรก มีได้ปีเดียว")
    )
    source_note = models.TextField(
        _("ที่มาของรายการข้อ"), blank=True, help_text=_("เช่น คู่มือการประเมินที่ใช้ หรือไฟล์ที่นำเข้า")
    )
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = FiscalYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("ปีงบประมาณ")
        verbose_name_plural = _("ปีงบประมาณ")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="fiscalyear_single_current",
                violation_error_message=_("มีปีปัจจุบันได้เพียงปีเดียว"),
            ),
        ]

    def __str__(self) -> str:
        return f"ปีงบประมาณ พ.ศ. {self.year}"

    def save(self, *args, **kwargs) -> None:
        # Marking a year current unmarks the previous one, so staff need not do it by hand.
        if self.is_current:
            FiscalYear.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disclosures:year", args=[self.year])

    @property
    def start_date(self) -> date:
        return thai.fiscal_year_range(self.year)[0]

    @property
    def end_date(self) -> date:
        return thai.fiscal_year_range(self.year)[1]

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.PREPARING


class Instrument(models.Model):
    """IIT, EIT or OIT, with its weight in the year's total."""

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="instruments", verbose_name=_("ปี")
    )
    code = models.CharField(_("รหัส"), max_length=10)
    name_th = models.CharField(_("ชื่อ"), max_length=200)
    weight = models.DecimalField(
        _("น้ำหนัก (ร้อยละ)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("เครื่องมือการประเมิน")
        verbose_name_plural = _("เครื่องมือการประเมิน")
        ordering = ["year", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"],
                name="instrument_code_unique_per_year",
                violation_error_message=_("รหัสเครื่องมือนี้มีอยู่แล้วในปีนี้"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"


class Indicator(models.Model):
    """One of the year's indicators (1–10 in 2564–2568), under an instrument."""

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("ปี")
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.RESTRICT,
        related_name="indicators",
        verbose_name=_("เครื่องมือ"),
    )
    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"))
    name_th = models.CharField(_("ชื่อตัวชี้วัด"), max_length=200)

    class Meta:
        verbose_name = _("ตัวชี้วัด")
        verbose_name_plural = _("ตัวชี้วัด")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="indicator_number_unique_per_year",
                violation_error_message=_("ตัวชี้วัดหมายเลขนี้มีอยู่แล้วในปีนี้"),
            ),
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number} {self.name_th}"

    def clean(self) -> None:
        if self.instrument_id and self.year_id and self.instrument.year_id != self.year_id:
            raise ValidationError({"instrument": _("เครื่องมือต้องอยู่ในปีเดียวกับตัวชี้วัด")})


class SubIndicator(models.Model):
    """An optional grouping of items inside an indicator (e.g. "9.1 ข้อมูลพื้นฐาน")."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="sub_indicators",
        verbose_name=_("ตัวชี้วัด"),
    )
    number = models.CharField(_("หมายเลข"), max_length=20, blank=True)
    name_th = models.CharField(_("ชื่อตัวชี้วัดย่อย"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("ตัวชี้วัดย่อย")
        verbose_name_plural = _("ตัวชี้วัดย่อย")
        ordering = ["indicator", "order", "number", "name_th"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "number", "name_th"],
                name="subindicator_unique_per_indicator",
                violation_error_message=_("ตัวชี้วัดย่อยนี้มีอยู่แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name_th}".strip()


def _has_own_content():
    """Published evidence of the item's own, or the year's published measures it carries."""
    published = Evidence.objects.filter(item=OuterRef("pk"), is_published=True)
    # The measures app sets which items carry the measures; looked up by name to keep this
    # app importable on its own.
    programme = apps.get_model("measures", "Programme")
    carried = programme.objects.filter(
        Q(measures_item=OuterRef("pk")) | Q(report_item=OuterRef("pk")),
        year__measures__is_published=True,
    )
    return Exists(published) | Exists(carried)


def _has_published_content():
    # The item set to show the year's procurement table, once the year has procurement data.
    from procurement.presenters import shows_procurement_data

    return _has_own_content() | shows_procurement_data()


class ItemQuerySet(models.QuerySet):
    def with_evidence_state(self) -> ItemQuerySet:
        """Annotate whether each item has something published to show (EXISTS, no grouping):
        evidence of its own, or, for the items that carry the year's integrity measures,
        published measures (they show on the item page without being copied into it)."""
        return self.annotate(has_published_evidence=_has_published_content())

    def ready(self) -> ItemQuerySet:
        """The items that have something published to show (see with_evidence_state)."""
        return self.filter(_has_published_content())

    def for_year_page(self, year: FiscalYear) -> list[dict]:
        """The items of a year in catalogue order, as plain rows of what the year page shows,
        with `has_published_evidence` as with_evidence_state() decides it.

        Rows, not model instances: the page lists every item of the year and needs only
        these columns (building objects cost more than the query). The item that shows the
        year's procurement is chosen from the rows in Python: the same rule in SQL
        (procurement_role) took the ORM about 4 ms to compile on every uncached request.
        """
        from procurement.presenters import holder_among, year_procurement_facts

        rows = list(
            self.filter(year=year)
            .annotate(has_published_evidence=_has_own_content(), **year_procurement_facts())
            .order_by("order", "code")
            .values(
                "pk",
                "order",
                "code",
                "title_th",
                "title_en",
                "indicator__number",
                "indicator__name_th",
                "sub_indicator_id",
                "sub_indicator__number",
                "sub_indicator__name_th",
                "has_published_evidence",
                "procurement_set",
                "procurement_item",
                "procurement_data",
            )
        )
        if not rows:
            return rows
        holder = holder_among(
            ((row["pk"], row["order"], row["code"], row["title_th"]) for row in rows),
            rows[0]["procurement_set"],
            rows[0]["procurement_item"],
        )
        for row in rows:
            if row["pk"] == holder and row["procurement_data"]:
                row["has_published_evidence"] = True
        return rows

    def for_item_page(self, include_drafts: bool = False) -> ItemQuerySet:
        evidence = Evidence.objects.order_by("order", "pk")
        if not include_drafts:
            evidence = evidence.filter(is_published=True)
        lookups = [Prefetch("evidence", queryset=evidence, to_attr="shown_evidence")]
        if include_drafts:  # only staff see the required elements
            lookups.append("required_elements")
        return self.select_related(
            "year", "indicator__instrument", "sub_indicator"
        ).prefetch_related(*lookups)

    def annotate_work(self) -> ItemQuerySet:
        """Annotate `has_evidence`: whether the organisation has put evidence on the item."""
        return self.annotate(has_evidence=Exists(Evidence.objects.filter(item=OuterRef("pk"))))

    def search(self, query: str) -> ItemQuerySet:
        """Items whose code, title or explanation contains the query (Thai has no spaces)."""
        return self.filter(
            Q(code__iexact=query)
            | Q(title_th__icontains=query)
            | Q(title_en__icontains=query)
            | Q(explanation__icontains=query)
            | Q(guidance__icontains=query)
        )


class Item(models.Model):
    """An OIT item of a year (O1, O2, …): what the organisation must publish."""

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", _("ยืนยันแล้ว")
        SINGLE_SOURCE = "single_source", _("แหล่งเดียว")
        INFERRED = "inferred", _("อนุมาน")
        GUESS = "guess", _("คาดการณ์จากปีก่อน")
        UNKNOWN = "unknown", _("ไม่ทราบ")

    class DateRule(models.TextChoices):
        ANY = "any", _("ไม่กำหนด")
        CURRENT = "current", _("ปีงบประมาณที่ประเมิน")
        FIRST_HALF = "first_half", _("ครึ่งปีแรกของปีงบประมาณ (ต.ค.–มี.ค.)")
        PREVIOUS = "previous", _("ปีงบประมาณก่อนหน้า")

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="items", verbose_name=_("ปี")
    )
    code = models.CharField(
        _("รหัสข้อ"),
        max_length=20,
        validators=[validate_item_code],
        help_text=_("เช่น O1 ใช้เป็นที่อยู่หน้าเว็บถาวร /ita/<ปี>/<รหัส>/"),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    title_th = models.CharField(_("ชื่อข้อ"), max_length=500)
    title_en = models.CharField(_("ชื่อข้อ (อังกฤษ)"), max_length=500, blank=True)
    # RESTRICT: an indicator with items cannot be deleted alone, but its whole year can.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.RESTRICT, related_name="items", verbose_name=_("ตัวชี้วัด")
    )
    sub_indicator = models.ForeignKey(
        SubIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("ตัวชี้วัดย่อย"),
    )
    guidance = models.TextField(
        _("คำอธิบายเกณฑ์"), blank=True, help_text=_("สิ่งที่ผู้ประเมินตรวจ ตามคู่มือการประเมิน")
    )
    explanation = models.TextField(
        _("คำอธิบายการเข้าถึงข้อมูล"),
        blank=True,
        help_text=_("วิธีเข้าถึงจากหน้าหลัก ตามที่จะกรอกในแบบ ITAS เช่น หน้าหลัก > ITA > O1"),
    )
    confidence = models.CharField(
        _("ความน่าเชื่อถือของรายการ"),
        max_length=20,
        choices=Confidence.choices,
        default=Confidence.CONFIRMED,
    )
    confidence_note = models.TextField(_("หมายเหตุที่มา"), blank=True)
    date_rule = models.CharField(
        _("เกณฑ์วันที่ของหลักฐาน"),
        max_length=12,
        choices=DateRule.choices,
        default=DateRule.ANY,
        help_text=_(
            "วันที่ของเอกสารที่นับว่าพร้อม: ปีที่ประเมิน = 1 ต.ค.–30 ก.ย. ของปีนั้น; "
            "ครึ่งปีแรก = ข้อมูล ต.ค.–มี.ค. ลงวันที่ได้ถึง 30 มิ.ย.; "
            "ปีก่อนหน้า = ข้อมูลปีก่อน ลงวันที่ได้ตั้งแต่ต้นปีก่อนถึงสิ้นปีที่ประเมิน"
        ),
    )
    # Who prepares the item, and by when (issue: ownership). The division decides which
    # division editors may change it.
    owner_division = models.ForeignKey(
        "measures.Division",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("ส่วนราชการที่รับผิดชอบ"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_items",
        verbose_name=_("ผู้รับผิดชอบ"),
    )
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    # The explanation goes through review: editors write the draft, a coordinator publishes
    # it into `explanation`, which is what the public pages, the ITAS sheet and reports show.
    explanation_draft = models.TextField(_("ร่างคำอธิบายการเข้าถึงข้อมูล"), blank=True)
    explanation_status = models.CharField(
        _("สถานะคำอธิบาย"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PUBLISHED,
    )
    explanation_comment = models.TextField(_("ความเห็นผู้ตรวจ (คำอธิบาย)"), blank=True)
    explanation_publish_at = models.DateTimeField(
        _("กำหนดเผยแพร่คำอธิบาย"),
        null=True,
        blank=True,
        help_text=_("เว้นว่าง: เผยแพร่ทันทีที่อนุมัติ ระบุวันเวลา: ประชาชนเห็นคำอธิบายเดิมจนถึงเวลานั้น"),
    )
    explanation_published_at = models.DateTimeField(_("เผยแพร่คำอธิบายเมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("ข้อการเปิดเผยข้อมูล (OIT)")
        verbose_name_plural = _("ข้อการเปิดเผยข้อมูล (OIT)")
        ordering = ["year", "order", "code"]
        permissions = [
            ("publish_item", _("เผยแพร่หรือส่งกลับคำอธิบายของข้อ")),
            ("edit_all_divisions", _("แก้ไขข้อและวิธีการของทุกส่วนราชการ")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "code"],
                name="item_code_unique_per_year",
                violation_error_message=_("รหัสข้อนี้มีอยู่แล้วในปีงบประมาณนี้"),
            ),
        ]
        indexes = [
            # The year page lists a year's items in catalogue order.
            models.Index(fields=["year", "order"], name="item_year_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title_th}"

    # The explanation goes through review (see ita_portal.review.ReviewedTexts).
    REVIEWED = ReviewedTexts(
        status="explanation_status",
        publish_at="explanation_publish_at",
        published_at="explanation_published_at",
        texts=(("explanation", "explanation_draft"),),
    )

    def save(self, *args, **kwargs) -> None:
        self.code = canonical_item_code(self.code)
        now = timezone.now()
        self.REVIEWED.before_save(self, kwargs, now)
        super().save(*args, **kwargs)
        self.REVIEWED.after_save(self, now)

    def get_absolute_url(self) -> str:
        return reverse("disclosures:item", args=[self.year.year, self.code])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        cls.REVIEWED.remember_loaded(instance)
        return instance

    def publish_explanation(self) -> None:
        """The coordinator's decision: the draft becomes what citizens and assessors read,
        now or at the publication date set."""
        self.REVIEWED.publish(self)
        self.explanation_comment = ""

    @property
    def explanation_waits(self) -> bool:
        """An approved explanation waiting for its publication date."""
        return self.REVIEWED.waits(self)

    def clean(self) -> None:
        # "o1" and "O1" are one item: public URLs find codes ignoring case.
        self.code = canonical_item_code(self.code)
        errors = {}
        if self.indicator_id and self.year_id and self.indicator.year_id != self.year_id:
            errors["indicator"] = _("ตัวชี้วัดต้องอยู่ในปีเดียวกับข้อนี้")
        if (
            self.sub_indicator_id
            and self.indicator_id
            and self.sub_indicator.indicator_id != self.indicator_id
        ):
            errors["sub_indicator"] = _("ตัวชี้วัดย่อยต้องอยู่ภายใต้ตัวชี้วัดที่เลือก")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        """The title in the reader's language (English pages use title_en when it is set)."""
        return self.title_en if _english() and self.title_en else self.title_th

    def last_published_change(self):
        """When what citizens see of the item last changed: its published evidence or its
        published explanation (needs `for_item_page()`)."""
        moments = [e.published_at or e.updated_at for e in self.shown_evidence if e.is_published]
        if self.explanation_published_at:
            moments.append(self.explanation_published_at)
        return max(moments, default=None)

    def date_window(self) -> tuple[date, date] | None:
        """The document dates the item's evidence may carry, by its rule; None: any date.

        The rules name the period the data covers; a report is dated when it is written,
        after that period. So the window runs from the start of the period covered to the
        latest date a report on it is still timely for the assessment: the half-year report
        (October–March) is written in April–June; the report on the previous fiscal year is
        dated in that year or during the year assessed.
        """
        start, end = thai.fiscal_year_range(self.year.year)
        if self.date_rule == self.DateRule.CURRENT:
            return start, end
        if self.date_rule == self.DateRule.FIRST_HALF:
            return start, date(start.year + 1, 6, 30)
        if self.date_rule == self.DateRule.PREVIOUS:
            return thai.fiscal_year_range(self.year.year - 1)[0], end
        return None

    @property
    def has_work(self) -> bool:
        """Whether the organisation has worked on this item (needs `annotate_work()`)."""
        return bool(self.has_evidence or self.explanation.strip())

    @property
    def public_url(self) -> str:
        return settings.ITA_PUBLIC_BASE_URL + self.get_absolute_url()

    def navigation_path(self) -> str:
        """How a reader reaches the item from the home page, following the site's menus: the
        explanation given to assessors when staff wrote none ("หน้าหลัก > ITA 2569 > O1 …")."""
        return f"หน้าหลัก > ITA {self.year.year} > {self.code} {self.title_th.strip()}".strip()


class RequiredElement(models.Model):
    """One element (องค์ประกอบ) that an item must show to score."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="required_elements", verbose_name=_("ข้อ")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    text = models.TextField(_("องค์ประกอบ"))
    # The checklist: staff tick the element and point at the evidence that satisfies it.
    is_met = models.BooleanField(_("มีครบแล้ว"), default=False)
    evidence = models.ManyToManyField(
        "Evidence",
        blank=True,
        related_name="elements",
        verbose_name=_("หลักฐานที่ตอบองค์ประกอบนี้"),
    )

    class Meta:
        verbose_name = _("องค์ประกอบที่ต้องมี")
        verbose_name_plural = _("องค์ประกอบที่ต้องมี")
        ordering = ["item", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class EvidenceQuerySet(models.QuerySet):
    def published(self) -> EvidenceQuerySet:
        """Evidence citizens may see: published, in a year that is not being prepared."""
        return self.filter(is_published=True).exclude(
            item__year__status=FiscalYear.Status.PREPARING
        )

    def search(self, query: str) -> EvidenceQuerySet:
        return self.filter(
            Q(title__icontains=query)
            | Q(body__icontains=query)
            | Q(link_label__icontains=query)
            | Q(original_filename__icontains=query)
        )

    def publish_due(self, now=None) -> int:
        """Make visible the published evidence whose publication date has come."""
        now = now or timezone.now()
        due = self.filter(status=ReviewStatus.PUBLISHED, is_published=False, publish_at__lte=now)
        ids = list(due.values_list("pk", flat=True))
        if ids:
            Evidence.all_objects.filter(pk__in=ids).update(is_published=True, published_at=now)
        return len(ids)

    def next_publication(self):
        """The earliest publication date still to come, or None."""
        return (
            self.filter(status=ReviewStatus.PUBLISHED, is_published=False, publish_at__isnull=False)
            .order_by("publish_at")
            .values_list("publish_at", flat=True)
            .first()
        )


class EvidenceManager(models.Manager.from_queryset(EvidenceQuerySet)):
    """Evidence that is not in the bin (deleted evidence is recoverable; see `deleted_at`)."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Evidence(models.Model):
    """One piece of what the organisation publishes for an item."""

    class Kind(models.TextChoices):
        TEXT = "text", _("ข้อความ")
        LINK = "link", _("ลิงก์")
        FILE = "file", _("ไฟล์")
        NOTHING = "nothing", _("ไม่มีข้อมูลที่ต้องรายงาน")

    class TextFormat(models.TextChoices):
        PLAIN = "plain", _("ย่อหน้าธรรมดา")
        MARKDOWN = "markdown", _("Markdown")

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("ข้อ")
    )
    kind = models.CharField(_("ประเภท"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    title = models.CharField(_("ชื่อเรื่อง"), max_length=300)
    document_date = models.DateField(_("วันที่ของเอกสาร"), null=True, blank=True)
    body = models.TextField(
        _("ข้อความ / เหตุผล"),
        blank=True,
        help_text=_("สำหรับข้อความ หรือเหตุผลที่ไม่มีข้อมูลต้องรายงาน ไม่รองรับ HTML"),
    )
    text_format = models.CharField(
        _("รูปแบบข้อความ"), max_length=10, choices=TextFormat.choices, default=TextFormat.PLAIN
    )
    # The body as safe HTML, rendered when saved so that pages do not parse Markdown.
    body_html = models.TextField(editable=False, blank=True)
    url = HttpURLField(_("ลิงก์ (URL)"), max_length=1000, blank=True)
    link_label = models.CharField(_("ข้อความของลิงก์"), max_length=300, blank=True)
    file = models.FileField(
        _("ไฟล์"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=300,
        validators=[validate_evidence_file],
        help_text=_("PDF รูปภาพ Word Excel PowerPoint หรือ OpenDocument"),
    )
    original_filename = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255, blank=True)
    file_kind = models.CharField(_("ชนิดไฟล์"), max_length=20, blank=True)
    file_size = models.PositiveBigIntegerField(_("ขนาดไฟล์ (ไบต์)"), default=0)
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("เผยแพร่ตั้งแต่"),
        null=True,
        blank=True,
        help_text=_("เว้นว่างเพื่อเผยแพร่ทันทีเมื่ออนุมัติ หรือกำหนดวันเวลาในอนาคต"),
    )
    review_comment = models.TextField(
        _("ความเห็นผู้ตรวจ"), blank=True, help_text=_("เหตุผลที่ส่งกลับให้แก้ไข")
    )
    # Derived, never edited: whether citizens see it now (published and its date has come).
    is_published = models.BooleanField(_("แสดงต่อสาธารณะ"), default=False, editable=False)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("ลบเมื่อ"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("ลบโดย"),
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = EvidenceManager()
    all_objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["body_html", "created_at", "updated_at"])

    class Meta:
        verbose_name = _("หลักฐาน")
        verbose_name_plural = _("หลักฐาน")
        ordering = ["item", "order", "pk"]
        permissions = [("publish_evidence", _("เผยแพร่หรือส่งกลับหลักฐาน"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(url=""),
                name="evidence_link_has_url",
                violation_error_message=_("หลักฐานประเภทลิงก์ต้องระบุ URL"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="nothing") | ~Q(body=""),
                name="evidence_nothing_has_reason",
                violation_error_message=_("ต้องระบุเหตุผลที่ไม่มีข้อมูลต้องรายงาน"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="text") | ~Q(body=""),
                name="evidence_text_has_body",
                violation_error_message=_("หลักฐานประเภทข้อความต้องมีข้อความ"),
            ),
        ]
        indexes = [
            # Item pages list an item's evidence; the year page checks for a published one.
            models.Index(fields=["item", "is_published", "order"], name="evidence_item_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # A newly attached file: remember what it is and what the uploader called it; the
        # stored name is generated (see evidence_upload_to), never the uploader's.
        if self.file and not self.file._committed:
            kind = sniff(self.file)
            self._sniffed_kind = kind
            self.file_kind = kind.key if kind else ""
            self.file_size = self.file.size
            self.original_filename = safe_display_name(self.file.name)
        self.body_html = render_body(self.body, self.text_format)
        self._derive_visibility()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "body_html",
                "is_published",
                "published_at",
            }
        super().save(*args, **kwargs)
        self._loaded_visible, self._loaded_view = self.is_published, self._public_view()
        if self.status == ReviewStatus.PUBLISHED and not self.is_published:
            from ita_portal.cache import schedule_change

            schedule_change(self.publish_at)
        # A replaced or cleared file stays in storage: an earlier version (history) names it
        # and may be restored. Files go when the evidence is purged (see the receiver below).

    def _derive_visibility(self) -> None:
        """Citizens see published evidence once its publication date (if any) has come."""
        now = timezone.now()
        visible = (
            self.status == ReviewStatus.PUBLISHED
            and self.deleted_at is None
            and (self.publish_at is None or self.publish_at <= now)
        )
        if visible and (not self._shown_before() or self._public_view() != self._loaded_view):
            # Newly shown, or shown differently: the item page's "last changed" moves on.
            # A save that changes nothing citizens see leaves the date alone.
            self.published_at = now
        self.is_published = visible

    # What citizens see of a piece of evidence (besides whether they see it at all).
    PUBLIC_FIELDS = (
        "kind",
        "title",
        "document_date",
        "body",
        "text_format",
        "url",
        "link_label",
        "file",
        "original_filename",
    )

    def _public_view(self) -> tuple:
        return tuple(str(getattr(self, name)) for name in self.PUBLIC_FIELDS)

    def _shown_before(self) -> bool:
        return getattr(self, "_loaded_visible", False)

    def set_published(self, value: bool) -> None:
        """Publish now (a coordinator's decision) or take back to draft; not saved."""
        self.status = ReviewStatus.PUBLISHED if value else ReviewStatus.DRAFT
        if value:
            self.review_comment = ""
        self._derive_visibility()

    @property
    def is_scheduled(self) -> bool:
        return self.status == ReviewStatus.PUBLISHED and not self.is_published

    def move_to_bin(self, user=None) -> None:
        """Delete recoverably: the evidence leaves every page but can be restored."""
        self.deleted_at = timezone.now()
        self.deleted_by = user if user is not None and user.is_authenticated else None
        self.save()

    def restore(self) -> None:
        self.deleted_at = None
        self.deleted_by = None
        self.save()

    def clean(self) -> None:
        """Mirror the constraints with messages on the field staff must fix."""
        errors: dict[str, str] = {}
        if self.kind == self.Kind.LINK and not self.url:
            errors["url"] = _("หลักฐานประเภทลิงก์ต้องระบุ URL")
        if self.kind == self.Kind.FILE and not self.file:
            errors["file"] = _("หลักฐานประเภทไฟล์ต้องแนบไฟล์")
        if self.kind == self.Kind.NOTHING and not self.body.strip():
            errors["body"] = _("ต้องระบุเหตุผลที่ไม่มีข้อมูลต้องรายงาน เช่น ไม่มีเรื่องร้องเรียนในรอบ 6 เดือน")
        if self.kind == self.Kind.TEXT and not self.body.strip():
            errors["body"] = _("หลักฐานประเภทข้อความต้องมีข้อความ")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        fields = instance.__dict__
        if all(name in fields for name in cls.PUBLIC_FIELDS) and "is_published" in fields:
            instance._loaded_visible = instance.is_published
            instance._loaded_view = instance._public_view()
        return instance

    @property
    def is_inline_file(self) -> bool:
        return self.file_kind in INLINE_KINDS

    @property
    def is_image(self) -> bool:
        """A picture the item page can show as it is (an organisation chart, a poster)."""
        return self.file_kind in INLINE_KINDS and self.file_kind != "pdf"

    def file_link(self) -> tuple[str, str]:
        """(name, URL) of the attached file, as the back office shows it."""
        return self.original_filename or "file", self.get_download_url()

    def get_download_url(self) -> str:
        # The name is only for the reader (the view finds the file by pk); a slash, which an
        # upload never leaves but a direct database write could, would not fit the URL.
        name = safe_display_name(self.original_filename).replace("/", "_") or "file"
        return reverse("disclosures:evidence_file", args=[self.pk, name])


@receiver(post_delete, sender=Evidence, dispatch_uid="evidence-file-cleanup")
def _remove_evidence_file(sender, instance: Evidence, **kwargs) -> None:
    """Once the delete commits, remove this evidence's files (current and of its earlier
    versions) that no evidence and no historical record names any more.

    A version in the history stays restorable with its file, so a plain delete (also an
    item's or a year's, by cascade) keeps the files its history names; purging evidence from
    the bin deletes that history too (workflow.models), which is what frees its files.
    """
    history = Evidence.history.filter(id=instance.pk)
    names = {instance.file.name, *history.values_list("file", flat=True)} - {"", None}
    if not names:
        return
    storage = instance.file.storage

    def delete_unnamed() -> None:
        named = {
            *Evidence.all_objects.filter(file__in=names).values_list("file", flat=True),
            *Evidence.history.filter(file__in=names).values_list("file", flat=True),
        }
        for name in names - named:
            storage.delete(name)

    transaction.on_commit(delete_unnamed)
