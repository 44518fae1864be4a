"""ITA results and the integrity measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน).

Per fiscal year: the scores the NACC published and the rules that turn scores into a total,
a letter band and a rating (data, editable per year); the analysis of last year's result;
and this year's measures, each with methods that have owners, periods, a status, results,
recommendations and a timeline of progress updates.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from disclosures.models import (
    FiscalYear,
    HttpURLField,
    Indicator,
    Instrument,
    Item,
    delete_file_after_commit,
)
from disclosures.uploads import evidence_upload_to, sniff, validate_evidence_file
from ita_portal import thai
from ita_portal.review import ReviewedTexts, ReviewStatus

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
SCORE_ERRORS = {
    "min_value": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
    "max_value": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
}


def score_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        validators=SCORE_VALIDATORS,
        error_messages=SCORE_ERRORS,
        **kwargs,
    )


# --- scores and the rules that grade them --------------------------------------------------


class ScoreBand(models.Model):
    """A letter band of a year (AA from 95, A from 85, ...), as the NACC publishes them."""

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="score_bands", verbose_name=_("ปี")
    )
    letter = models.CharField(_("ระดับ"), max_length=4)
    min_score = score_field(_("คะแนนตั้งแต่"))

    class Meta:
        verbose_name = _("ระดับผลคะแนน")
        verbose_name_plural = _("ระดับผลคะแนน")
        ordering = ["year", "-min_score"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "letter"],
                name="scoreband_letter_unique_per_year",
                violation_error_message=_("ระดับนี้มีอยู่แล้วในปีนี้"),
            ),
            models.UniqueConstraint(
                fields=["year", "min_score"],
                name="scoreband_min_unique_per_year",
                violation_error_message=_("มีระดับที่เริ่มที่คะแนนนี้อยู่แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter} ({self.min_score}+)"


class RatingRule(models.Model):
    """A rating of a year (ผ่านดีเยี่ยม ...), reached by a total and, optionally, every
    instrument reaching a minimum. Rules are tried from the highest total down."""

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="rating_rules", verbose_name=_("ปี")
    )
    name = models.CharField(_("ผลการประเมิน"), max_length=100)
    min_total = score_field(_("คะแนนรวมตั้งแต่"))
    min_each_instrument = score_field(
        _("ทุกเครื่องมือได้ตั้งแต่"),
        null=True,
        blank=True,
        help_text=_("เว้นว่างหากไม่มีเงื่อนไขรายเครื่องมือ"),
    )
    passes = models.BooleanField(_("ถือว่าผ่าน"), default=True)

    class Meta:
        verbose_name = _("เกณฑ์ผลการประเมิน")
        verbose_name_plural = _("เกณฑ์ผลการประเมิน")
        ordering = ["year", "-min_total", F("min_each_instrument").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "name"],
                name="ratingrule_name_unique_per_year",
                violation_error_message=_("ผลการประเมินชื่อนี้มีอยู่แล้วในปีนี้"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorScore(models.Model):
    """The score of one indicator of a year, as the NACC published it."""

    indicator = models.OneToOneField(
        Indicator, on_delete=models.CASCADE, related_name="score", verbose_name=_("ตัวชี้วัด")
    )
    score = score_field(_("คะแนน"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("คะแนนรายตัวชี้วัด")
        verbose_name_plural = _("คะแนนรายตัวชี้วัด")
        ordering = ["indicator__year", "indicator__number"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class InstrumentScore(models.Model):
    """The official score of one instrument, when the NACC's figure is entered."""

    instrument = models.OneToOneField(
        Instrument, on_delete=models.CASCADE, related_name="score", verbose_name=_("เครื่องมือ")
    )
    score = score_field(_("คะแนนตามประกาศ"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("คะแนนรายเครื่องมือ")
        verbose_name_plural = _("คะแนนรายเครื่องมือ")
        ordering = ["instrument__year", "instrument__order"]

    def __str__(self) -> str:
        return f"{self.instrument.code}: {self.score}"


class YearResult(models.Model):
    """A year's official result as announced, beside what the portal computes."""

    year = models.OneToOneField(
        FiscalYear, on_delete=models.CASCADE, related_name="result", verbose_name=_("ปี")
    )
    official_total = score_field(_("คะแนนรวมตามประกาศ"), null=True, blank=True)
    official_band = models.CharField(_("ระดับตามประกาศ"), max_length=4, blank=True)
    official_rating = models.CharField(_("ผลการประเมินตามประกาศ"), max_length=100, blank=True)
    announced_on = models.DateField(_("วันที่ประกาศผล"), null=True, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ผลการประเมิน ITA ประจำปี")
        verbose_name_plural = _("ผลการประเมิน ITA ประจำปี")
        ordering = ["-year__year"]

    def __str__(self) -> str:
        return f"ผลการประเมิน ITA {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("measures:score", args=[self.year.year])


# --- the year's programme: analysis, foreword, the items that carry it -----------------------


class Programme(models.Model):
    """What a year's measures report needs besides the measures themselves."""

    year = models.OneToOneField(
        FiscalYear, on_delete=models.CASCADE, related_name="programme", verbose_name=_("ปี")
    )
    foreword = models.TextField(_("คำนำ"), blank=True)
    analysis_intro = models.TextField(
        _("บทนำการวิเคราะห์ผลการประเมิน"),
        blank=True,
        help_text=_("เช่น ผลคะแนนปีก่อนและการประชุมที่ใช้วิเคราะห์"),
    )
    measures_item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ข้อ OIT ที่แสดงการวิเคราะห์และมาตรการ"),
        help_text=_("เช่น O42 (2564–2567) หรือ O25 (2569)"),
    )
    report_item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ข้อ OIT ที่แสดงผลการดำเนินการตามมาตรการ"),
        help_text=_("เช่น O43 (2564–2567) หรือ O26 (2569)"),
    )

    class Meta:
        verbose_name = _("มาตรการส่งเสริมคุณธรรมฯ ประจำปี")
        verbose_name_plural = _("มาตรการส่งเสริมคุณธรรมฯ ประจำปี")
        ordering = ["-year__year"]

    def __str__(self) -> str:
        return f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส {self.year}"

    def clean(self) -> None:
        errors = {}
        for name in ("measures_item", "report_item"):
            item = getattr(self, name)
            if item is not None and self.year_id and item.year_id != self.year_id:
                errors[name] = _("ต้องเป็นข้อของปีงบประมาณเดียวกัน")
        if errors:
            raise ValidationError(errors)


class Analysis(models.Model):
    """The analysis, in year N, of one indicator's result in year N-1."""

    class Status(models.TextChoices):
        MAINTAIN = "maintain", _("ได้คะแนนเต็ม/ผ่านแล้ว รักษามาตรฐาน")
        IMPROVE = "improve", _("ต้องพัฒนา")

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="analyses", verbose_name=_("ปี")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="analyses",
        verbose_name=_("ตัวชี้วัดของปีก่อน"),
    )
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=Status.choices, default=Status.IMPROVE
    )
    weaknesses = models.TextField(_("ข้อบกพร่อง/จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"), blank=True)
    improvements = models.TextField(_("ประเด็นที่ต้องพัฒนาให้ดีขึ้น"), blank=True)
    application = models.TextField(_("แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ"), blank=True)

    class Meta:
        verbose_name = _("การวิเคราะห์ผลการประเมินปีก่อน")
        verbose_name_plural = _("การวิเคราะห์ผลการประเมินปีก่อน")
        ordering = ["year", "indicator__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "indicator"],
                name="analysis_one_per_indicator",
                violation_error_message=_("ตัวชี้วัดนี้มีการวิเคราะห์ในปีนี้อยู่แล้ว"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.indicator}"

    def clean(self) -> None:
        if self.indicator_id and self.year_id and self.indicator.year.year != self.year.year - 1:
            raise ValidationError({"indicator": _("เลือกตัวชี้วัดของปีงบประมาณก่อนหน้า (ผลที่นำมาวิเคราะห์)")})


# --- divisions, measures and methods -------------------------------------------------------


class Division(models.Model):
    """A unit of the organisation that owns methods (สำนักปลัด, กองคลัง, ...)."""

    name = models.CharField(
        _("ชื่อส่วนราชการ"),
        max_length=200,
        unique=True,
        error_messages={"unique": _("มีส่วนราชการชื่อนี้อยู่แล้ว")},
    )
    is_everyone = models.BooleanField(
        _("หมายถึงทุกส่วนราชการ"), default=False, help_text=_("เช่น “ทุกส่วนราชการ”")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    # Staff users who work for the division: division editors may change its items and methods.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="divisions",
        verbose_name=_("เจ้าหน้าที่ในส่วนราชการ"),
    )

    class Meta:
        verbose_name = _("ส่วนราชการ")
        verbose_name_plural = _("ส่วนราชการ")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MeasureQuerySet(models.QuerySet):
    def published(self) -> MeasureQuerySet:
        return self.filter(is_published=True)

    def for_public_pages(self, include_private: bool = False) -> MeasureQuerySet:
        """Measures with their methods, owners and updates: a fixed number of queries."""
        updates = ProgressUpdate.objects.order_by("date", "pk")
        if not include_private:
            updates = updates.filter(is_public=True)
        return self.prefetch_related(
            models.Prefetch(
                "methods",
                queryset=Method.objects.order_by("order", "pk").prefetch_related(
                    "units",
                    "attachments",
                    models.Prefetch("updates", queryset=updates, to_attr="shown_updates"),
                ),
            ),
            "indicators",
            "items",
        ).order_by("number")


class Measure(models.Model):
    """A measure (มาตรการ/แนวทาง) of a year, carried out by one or more methods."""

    year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="measures", verbose_name=_("ปี")
    )
    number = models.PositiveSmallIntegerField(_("มาตรการที่"), validators=[MinValueValidator(1)])
    title = models.TextField(_("มาตรการ/แนวทาง"))
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="measures", verbose_name=_("ตัวชี้วัดเป้าหมาย")
    )
    items = models.ManyToManyField(
        Item, blank=True, related_name="measures", verbose_name=_("ข้อ OIT เป้าหมาย")
    )
    is_published = models.BooleanField(
        _("เผยแพร่"),
        default=True,
        help_text=_("มาตรการที่คัดลอกจากปีก่อนเริ่มเป็นฉบับร่าง ประชาชนยังไม่เห็นจนกว่าจะเผยแพร่"),
    )
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("มาตรการ")
        verbose_name_plural = _("มาตรการ")
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="measure_number_unique_per_year",
                violation_error_message=_("มีมาตรการหมายเลขนี้อยู่แล้วในปีนี้"),
            ),
        ]

    def __str__(self) -> str:
        first_line = self.title.strip().splitlines()[0] if self.title.strip() else ""
        return f"{self.number}. {first_line[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure", args=[self.year.year, self.number])


class Method(models.Model):
    """One way a measure is carried out (วิธีการดำเนินการ), with its own owner and period."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
        IN_PROGRESS = "in_progress", _("กำลังดำเนินการ")
        DONE = "done", _("ดำเนินการแล้ว")
        CANCELLED = "cancelled", _("ยกเลิก")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="methods", verbose_name=_("มาตรการ")
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    text = models.TextField(_("วิธีการดำเนินการ"), blank=True)
    units = models.ManyToManyField(
        Division, blank=True, related_name="methods", verbose_name=_("ผู้รับผิดชอบ")
    )
    responsible_text = models.CharField(
        _("ผู้รับผิดชอบ (ตามต้นฉบับ)"),
        max_length=500,
        blank=True,
        help_text=_("ข้อความเดิมจากไฟล์ที่นำเข้า"),
    )
    period_text = models.CharField(
        _("ระยะเวลาดำเนินการ (ตามต้นฉบับ)"),
        max_length=200,
        blank=True,
        help_text=_("เช่น ต.ค. ๖๕ – ก.ย. ๖๖ ข้อความเดิมแสดงเสมอ"),
    )
    start_year = models.PositiveSmallIntegerField(_("เริ่ม ปี พ.ศ."), null=True, blank=True)
    start_month = models.PositiveSmallIntegerField(
        _("เริ่ม เดือน"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    end_year = models.PositiveSmallIntegerField(_("สิ้นสุด ปี พ.ศ."), null=True, blank=True)
    end_month = models.PositiveSmallIntegerField(
        _("สิ้นสุด เดือน"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    status = models.CharField(
        _("สถานะ"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    result = models.TextField(_("ผลการดำเนินการ"), blank=True)
    recommendation = models.TextField(_("ข้อเสนอแนะ"), blank=True)
    # Ownership: which division may edit the method, who answers for it, by when.
    owner_division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_methods",
        verbose_name=_("ส่วนราชการเจ้าของงาน"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_methods",
        verbose_name=_("ผู้รับผิดชอบ"),
    )
    due_date = models.DateField(_("กำหนดเสร็จ"), null=True, blank=True)
    # The result and recommendation go through review: editors write the drafts, a
    # coordinator publishes them into `result` and `recommendation`, which citizens see.
    result_draft = models.TextField(_("ร่างผลการดำเนินการ"), blank=True)
    recommendation_draft = models.TextField(_("ร่างข้อเสนอแนะ"), blank=True)
    result_status = models.CharField(
        _("สถานะผลการดำเนินการ"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PUBLISHED,
    )
    result_comment = models.TextField(_("ความเห็นผู้ตรวจ (ผลการดำเนินการ)"), blank=True)
    result_publish_at = models.DateTimeField(
        _("กำหนดเผยแพร่ผล"),
        null=True,
        blank=True,
        help_text=_("เว้นว่าง: เผยแพร่ทันทีที่อนุมัติ ระบุวันเวลา: ประชาชนเห็นผลเดิมจนถึงเวลานั้น"),
    )
    result_published_at = models.DateTimeField(_("เผยแพร่ผลเมื่อ"), null=True, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("วิธีการดำเนินการ")
        verbose_name_plural = _("วิธีการดำเนินการ")
        ordering = ["measure", "order", "pk"]
        permissions = [("publish_method", _("เผยแพร่หรือส่งกลับผลการดำเนินการ"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gt=F("start_year"))
                | Q(end_year=F("start_year"), end_month__gte=F("start_month")),
                name="method_period_ends_after_start",
                violation_error_message=_("ระยะเวลาสิ้นสุดก่อนวันเริ่มต้น"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number}.{self.order} {self.text[:60]}"

    # The result and recommendation go through review (see ita_portal.review.ReviewedTexts).
    REVIEWED = ReviewedTexts(
        status="result_status",
        publish_at="result_publish_at",
        published_at="result_published_at",
        texts=(("result", "result_draft"), ("recommendation", "recommendation_draft")),
    )

    def save(self, *args, **kwargs) -> None:
        now = timezone.now()
        self.REVIEWED.before_save(self, kwargs, now)
        super().save(*args, **kwargs)
        self.REVIEWED.after_save(self, now)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        cls.REVIEWED.remember_loaded(instance)
        return instance

    def publish_result(self) -> None:
        """The coordinator's decision: the drafts become the result citizens read, now or at
        the publication date set."""
        self.REVIEWED.publish(self)
        self.result_comment = ""

    @property
    def result_waits(self) -> bool:
        """An approved result waiting for its publication date."""
        return self.REVIEWED.waits(self)

    def clean(self) -> None:
        errors = {}
        if (self.start_year is None) != (self.start_month is None):
            errors["start_month"] = _("ระบุทั้งเดือนและปีที่เริ่ม หรือเว้นว่างทั้งคู่")
        if (self.end_year is None) != (self.end_month is None):
            errors["end_month"] = _("ระบุทั้งเดือนและปีที่สิ้นสุด หรือเว้นว่างทั้งคู่")
        if (
            not errors
            and self.start_year
            and self.end_year
            and (self.end_year, self.end_month) < (self.start_year, self.start_month)
        ):
            errors["end_month"] = _("ระยะเวลาสิ้นสุดก่อนวันเริ่มต้น")
        for name in ("start_year", "end_year"):
            value = getattr(self, name)
            if value is not None and not 2400 <= value <= 2700:
                errors[name] = _("ใช้ปี พ.ศ. เช่น 2569")
        if errors:
            raise ValidationError(errors)

    @property
    def period_display(self) -> str:
        """The period as the organisation wrote it, or as parsed when nothing was written."""
        if self.period_text:
            return self.period_text
        if self.start_year and self.end_year:
            start = thai.format_month_year(self.start_year, self.start_month)
            end = thai.format_month_year(self.end_year, self.end_month)
            return start if start == end else f"{start} – {end}"
        return ""

    @property
    def owners_display(self) -> str:
        names = [unit.name for unit in self.units.all()]
        return ", ".join(names) if names else self.responsible_text


class MethodAttachment(models.Model):
    """Evidence of a method's result: a link or a file."""

    method = models.ForeignKey(
        Method, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("วิธีการ")
    )
    title = models.CharField(_("ชื่อเรื่อง"), max_length=300)
    url = HttpURLField(_("ลิงก์ (URL)"), max_length=1000, blank=True)
    file = models.FileField(
        _("ไฟล์"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=300,
        validators=[validate_evidence_file],
    )
    original_filename = models.CharField(_("ชื่อไฟล์เดิม"), max_length=255, blank=True)
    file_kind = models.CharField(_("ชนิดไฟล์"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        verbose_name = _("หลักฐานผลการดำเนินการ")
        verbose_name_plural = _("หลักฐานผลการดำเนินการ")
        ordering = ["method", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""),
                name="methodattachment_has_url_or_file",
                violation_error_message=_("ระบุลิงก์หรือแนบไฟล์อย่างใดอย่างหนึ่ง"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.file._committed:
            from disclosures.models import safe_display_name

            kind = sniff(self.file)
            self._sniffed_kind = kind
            self.file_kind = kind.key if kind else ""
            self.original_filename = safe_display_name(self.file.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError(_("ระบุลิงก์หรือแนบไฟล์อย่างใดอย่างหนึ่ง"))

    def get_download_url(self) -> str:
        return reverse("measures:attachment_file", args=[self.pk, self.original_filename or "file"])

    def file_link(self) -> tuple[str, str]:
        return self.original_filename or "file", self.get_download_url()


class ProgressUpdate(models.Model):
    """A dated entry on a method's timeline; public ones show on the measure's page."""

    method = models.ForeignKey(
        Method, on_delete=models.CASCADE, related_name="updates", verbose_name=_("วิธีการ")
    )
    date = models.DateField(_("วันที่"))
    text = models.TextField(_("ความคืบหน้า"))
    url = HttpURLField(_("ลิงก์หลักฐาน"), max_length=1000, blank=True)
    is_public = models.BooleanField(_("เผยแพร่"), default=True)
    created_at = models.DateTimeField(_("บันทึกเมื่อ"), auto_now_add=True)

    class Meta:
        verbose_name = _("ความคืบหน้า")
        verbose_name_plural = _("ความคืบหน้า")
        ordering = ["method", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"


def _remove_attachment_file(sender, instance: MethodAttachment, **kwargs) -> None:
    if instance.file:
        delete_file_after_commit(instance.file.storage, instance.file.name)


models.signals.post_delete.connect(
    _remove_attachment_file, sender=MethodAttachment, dispatch_uid="attachment-file-cleanup"
)


class FiscalYearRules(FiscalYear):
    """A fiscal year seen through its grading rules (the back office edits them there)."""

    class Meta:
        proxy = True
        verbose_name = _("เกณฑ์การให้ระดับและผลการประเมิน")
        verbose_name_plural = _("เกณฑ์การให้ระดับและผลการประเมิน")
