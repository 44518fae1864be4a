"""The back office for ITA results, the analysis and the integrity measures."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from disclosures.admin import StoredFileInput
from disclosures.models import Indicator
from ita_portal.forms import ThaiDateField

from . import scoring
from .models import (
    Analysis,
    Division,
    FiscalYearRules,
    IndicatorScore,
    InstrumentScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
    RatingRule,
    ScoreBand,
    YearResult,
)

# --- results -------------------------------------------------------------------------------


class ScoreBandInline(admin.TabularInline):
    model = ScoreBand
    extra = 0
    fields = ("letter", "min_score")


class RatingRuleInline(admin.TabularInline):
    model = RatingRule
    extra = 0
    fields = ("name", "min_total", "min_each_instrument", "passes")


class YearResultForm(forms.ModelForm):
    """The official result with one field per indicator (and instrument) of the year."""

    class Meta:
        model = YearResult
        fields = (
            "year",
            "official_total",
            "official_band",
            "official_rating",
            "announced_on",
            "note",
        )
        field_classes = {"announced_on": ThaiDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.score_fields: list[tuple[str, object]] = []
        year = self.instance.year if self.instance.pk else None
        if year is None:
            return
        self.fields["year"].disabled = True
        for instrument in year.instruments.prefetch_related("indicators").select_related("score"):
            for indicator in instrument.indicators.all():
                name = f"indicator_{indicator.number}"
                self.fields[name] = _score_input(
                    f"{instrument.code} · {indicator}", _current(indicator)
                )
                self.score_fields.append((name, indicator))
            name = f"instrument_{instrument.code}"
            self.fields[name] = _score_input(
                _("คะแนน %(code)s ตามประกาศ (ถ้ามี)") % {"code": instrument.code},
                _current(instrument),
            )
            self.score_fields.append((name, instrument))

    def save(self, commit: bool = True):
        result = super().save(commit)
        for name, target in self.score_fields:
            value = self.cleaned_data.get(name)
            model = IndicatorScore if isinstance(target, Indicator) else InstrumentScore
            key = "indicator" if isinstance(target, Indicator) else "instrument"
            if value is None:
                model.objects.filter(**{key: target}).delete()
            else:
                model.objects.update_or_create(**{key: target}, defaults={"score": value})
        return result


def _score_input(label: str, initial) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        initial=initial,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        error_messages={
            "min_value": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
            "max_value": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
            "invalid": _("ใส่คะแนนเป็นตัวเลข เช่น 92.50"),
            "max_decimal_places": _("ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        },
    )


def _current(target):
    score = getattr(target, "score", None) if _has_score(target) else None
    return score.score if score else None


def _has_score(target) -> bool:
    try:
        target.score  # noqa: B018
    except (IndicatorScore.DoesNotExist, InstrumentScore.DoesNotExist):
        return False
    return True


@admin.register(YearResult)
class YearResultAdmin(admin.ModelAdmin):
    """A year's result: indicator scores are entered on the year's indicators (below)."""

    form = YearResultForm
    list_display = ("year", "official_total", "official_band", "official_rating", "computed")
    readonly_fields = ("computed_summary",)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("year", ("official_total", "official_band", "official_rating"))}),
            (None, {"fields": ("announced_on", "note")}),
        ]
        if obj is None:
            return fieldsets
        form = self.get_form(request, obj)(instance=obj)
        fieldsets.append(
            (
                _("คะแนนตามประกาศ รายตัวชี้วัดและรายเครื่องมือ"),
                {"fields": [n for n, _t in form.score_fields]},
            )
        )
        fieldsets.append(
            (_("ที่คำนวณจากคะแนนรายตัวชี้วัดและเกณฑ์ของปี"), {"fields": ("computed_summary",)})
        )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = None  # the score fields are added by the form itself
        return super().get_form(request, obj, change, **kwargs)

    @admin.display(description=_("คำนวณได้"))
    def computed(self, obj: YearResult) -> str:
        scores = scoring.year_scores(obj.year)
        if scores.computed_total is None:
            return "-"
        return f"{scores.computed_total} {scores.band} {scores.rating}"

    @admin.display(description=_("สรุปผล"))
    def computed_summary(self, obj: YearResult) -> str:
        if not obj.pk:
            return _("บันทึกก่อน แล้วใส่คะแนนรายตัวชี้วัด")
        scores = scoring.year_scores(obj.year)
        rows = format_html_join(
            "",
            "<li>{} {}: {}</li>",
            (
                (line.instrument.code, line.instrument.name_th, line.computed or "-")
                for line in scores.instruments
            ),
        )
        warnings = format_html_join(
            "", '<li class="errornote">{}</li>', ((w,) for w in scores.warnings)
        )
        return format_html(
            "<ul>{}<li><strong>{}: {} {} {}</strong></li>{}</ul>",
            rows,
            _("คะแนนรวม"),
            scores.computed_total if scores.computed_total is not None else "-",
            scores.band,
            scores.rating,
            warnings,
        )

    def save_model(self, request: HttpRequest, obj: YearResult, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        for warning in scoring.year_scores(obj.year).warnings:
            self.message_user(request, warning, messages.WARNING)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("year", "measures_item", "report_item", "measure_count")
    list_select_related = ("year", "measures_item", "report_item")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_measures=Count("year__measures"))

    @admin.display(description=_("จำนวนมาตรการ"))
    def measure_count(self, obj: Programme) -> int:
        return obj._measures


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ("year", "indicator", "status")
    list_filter = ("year", "status")
    list_select_related = ("year", "indicator__year")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "indicator":
            field.queryset = Indicator.objects.select_related("year")
            field.label_from_instance = lambda i: f"{i.year.year} · {i}"
        return field


# --- divisions, measures, methods ------------------------------------------------------------


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("name", "is_everyone", "order")
    list_editable = ("order",)
    search_fields = ("name",)


class MethodInline(admin.StackedInline):
    model = Method
    extra = 0
    show_change_link = True
    autocomplete_fields = ("units",)
    fieldsets = (
        (None, {"fields": (("order", "status"), "text", "units", "responsible_text")}),
        (
            _("ระยะเวลาดำเนินการ"),
            {"fields": ("period_text", ("start_month", "start_year"), ("end_month", "end_year"))},
        ),
        (None, {"fields": ("result", "recommendation")}),
    )


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("number", "short_title", "year", "method_count")
    list_display_links = ("number", "short_title")
    list_filter = ("year",)
    search_fields = ("title", "methods__text")
    filter_horizontal = ("indicators", "items")
    inlines = [MethodInline]
    ordering = ("-year__year", "number")

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("year").annotate(_methods=Count("methods"))
        )

    @admin.display(description=_("มาตรการ/แนวทาง"))
    def short_title(self, obj: Measure) -> str:
        return obj.title[:120]

    @admin.display(description=_("จำนวนวิธีการ"), ordering="_methods")
    def method_count(self, obj: Measure) -> int:
        return obj._methods

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:  # targets come from the measure's own year
            if "indicators" in form.base_fields:
                form.base_fields["indicators"].queryset = obj.year.indicators.all()
            if "items" in form.base_fields:
                form.base_fields["items"].queryset = obj.year.items.all()
        return form


class AttachmentInline(admin.TabularInline):
    model = MethodAttachment
    extra = 0
    fields = ("order", "title", "url", "file")
    formfield_overrides = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = StoredFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ProgressUpdateForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ("date", "text", "url", "is_public")
        field_classes = {"date": ThaiDateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ProgressUpdateInline(admin.StackedInline):
    model = ProgressUpdate
    form = ProgressUpdateForm
    extra = 0


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ("__str__", "year", "status", "period", "owners")
    list_filter = ("measure__year", "status", "units")
    list_select_related = ("measure__year",)
    search_fields = ("text", "result", "measure__title")
    autocomplete_fields = ("units",)
    inlines = [AttachmentInline, ProgressUpdateInline]
    fieldsets = MethodInline.fieldsets
    actions = ["mark_in_progress", "mark_done"]

    def get_fields(self, request, obj=None):
        return ("measure", *super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return ((None, {"fields": ("measure",)}), *MethodInline.fieldsets)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("units")

    @admin.display(description=_("ปี"), ordering="measure__year__year")
    def year(self, obj: Method) -> int:
        return obj.measure.year.year

    @admin.display(description=_("ระยะเวลา"))
    def period(self, obj: Method) -> str:
        return obj.period_display

    @admin.display(description=_("ผู้รับผิดชอบ"))
    def owners(self, obj: Method) -> str:
        return obj.owners_display

    @admin.action(description=_("ปรับสถานะเป็น “กำลังดำเนินการ”"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, Method.Status.IN_PROGRESS)

    @admin.action(description=_("ปรับสถานะเป็น “ดำเนินการแล้ว”"), permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, Method.Status.DONE)

    def _set_status(self, request: HttpRequest, queryset, status: str) -> None:
        for method in queryset:
            method.status = status
            method.save(update_fields=["status", "updated_at"])
        self.message_user(request, _("ปรับสถานะแล้ว %(n)d รายการ") % {"n": queryset.count()})


@admin.register(FiscalYearRules)
class FiscalYearRulesAdmin(admin.ModelAdmin):
    list_display = ("year", "band_count", "rule_count")
    fields = ("year",)
    readonly_fields = ("year",)
    inlines = [ScoreBandInline, RatingRuleInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_bands=Count("score_bands", distinct=True))
            .annotate(_rules=Count("rating_rules", distinct=True))
        )

    @admin.display(description=_("จำนวนระดับ"))
    def band_count(self, obj) -> int:
        return obj._bands

    @admin.display(description=_("จำนวนเกณฑ์ผล"))
    def rule_count(self, obj) -> int:
        return obj._rules
