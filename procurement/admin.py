"""The back office for procurement: the rows (with the list's import and export), and per
fiscal year the item that shows them and the months that had no procurement."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from disclosures.models import FiscalYear, Item
from ita_portal import thai
from workflow.history_admin import HistoryAdmin

from . import presenters, sheets
from .models import (
    NoProcurementMonth,
    ProcurementRow,
    ProcurementSettings,
    ProcurementYear,
    month_in_year,
    month_label,
)
from .resources import MONTH_CHOICES, ProcurementSheetAdminMixin


class AmountField(forms.DecimalField):
    """Baht typed as staff write it: "45,000.00", "45000", "๑๒๐,๐๐๐" or "45,000.-"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return sheets.parse_amount(str(value))
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc

    def prepare_value(self, value):
        # A stored amount shows as "45,000.00"; what was typed (a form shown again with an
        # error) shows as typed.
        return thai.format_number(value, 2) if isinstance(value, Decimal) else value

    def widget_attrs(self, widget):
        return {"inputmode": "decimal", "size": 18}


def _month_number_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("เดือน"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("เดือนในปีงบประมาณของรายการ (ต.ค. ของปีก่อน ถึง ก.ย.)"),
    )


class MonthNumberErrors:
    """The model's `month` is edited as a month number (the year gives the rest): its
    errors show on that field."""

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "month" in errors.error_dict:
            moved = errors.error_dict.pop("month")
            errors.error_dict.setdefault("month_number", []).extend(moved)
        super()._update_errors(errors)


class ProcurementRowForm(MonthNumberErrors, forms.ModelForm):
    month_number = _month_number_field()
    budget = AmountField(label=_("วงเงินงบประมาณที่ได้รับจัดสรร (บาท)"), required=False)
    reference_price = AmountField(label=_("ราคากลาง (บาท)"), required=False)
    agreed_price = AmountField(label=_("ราคาที่ตกลงซื้อหรือจ้าง (บาท)"), required=False)

    class Meta:
        model = ProcurementRow
        fields = (
            "year",
            "number",
            "work_name",
            "budget",
            "budget_source",
            "reference_price",
            "agreed_price",
            "method",
            "status",
            "supplier",
            "egp_number",
            "agency_name",
            "district",
            "province",
            "ministry",
            "agency_type",
        )
        error_messages = {
            "work_name": {"required": _("ต้องมีชื่อรายการของงานที่ซื้อหรือจ้าง")},
            "method": {"required": _("เลือกวิธีการจัดซื้อจัดจ้าง")},
        }
        widgets = {
            "work_name": forms.Textarea(attrs={"rows": 2}),
            "supplier": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.month is not None:
            self.initial["month_number"] = self.instance.month.month

    def clean(self):
        cleaned = super().clean()
        year, number = cleaned.get("year"), cleaned.get("month_number")
        if year is not None:
            self.instance.month = month_in_year(number, year.year) if number else None
        return cleaned


class MonthFilter(admin.SimpleListFilter):
    title = _("เดือน")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        months = (
            ProcurementRow.objects.exclude(month=None)
            .order_by("-month")
            .values_list("month", flat=True)
            .distinct()
        )
        return [(m.isoformat(), month_label(m)) for m in months[:36]]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        try:
            return queryset.filter(month=value)
        except ValidationError:
            return queryset.none()


@admin.register(ProcurementRow)
class ProcurementRowAdmin(ProcurementSheetAdminMixin, HistoryAdmin):
    # Import and export of a year's list: procurement/resources.py.
    form = ProcurementRowForm
    list_display = (
        "number",
        "month_column",
        "short_work_name",
        "method",
        "status",
        "budget_column",
        "agreed_column",
        "egp_number",
        "year",
    )
    list_display_links = ("number", "short_work_name")
    list_filter = ("year", MonthFilter, "method", "status")
    list_select_related = ("year",)
    list_per_page = 100
    search_fields = ("work_name", "supplier", "egp_number")
    ordering = ("-year__year", F("month").asc(nulls_last=True), "number", "pk")
    fieldsets = (
        (None, {"fields": (("year", "number", "month_number"), "work_name")}),
        (
            _("งบประมาณและราคา"),
            {"fields": (("budget", "budget_source"), ("reference_price", "agreed_price"))},
        ),
        (_("การจัดซื้อจัดจ้าง"), {"fields": (("method", "status"), "supplier", "egp_number")}),
        (
            _("หน่วยงาน (คอลัมน์ตามแบบ ป.ป.ช.)"),
            {
                "classes": ("collapse",),
                "fields": (
                    "agency_name",
                    ("district", "province"),
                    ("ministry", "agency_type"),
                ),
            },
        ),
    )

    @admin.display(description=_("เดือน"), ordering="month")
    def month_column(self, obj: ProcurementRow) -> str:
        return obj.month_display or "–"

    @admin.display(description=_("ชื่อรายการของงานที่ซื้อหรือจ้าง"))
    def short_work_name(self, obj: ProcurementRow) -> str:
        return obj.work_name[:90]

    @admin.display(description=_("วงเงินงบประมาณ (บาท)"), ordering="budget")
    def budget_column(self, obj: ProcurementRow) -> str:
        return thai.format_number(obj.budget, 2) or "–"

    @admin.display(description=_("ราคาที่ตกลง (บาท)"), ordering="agreed_price")
    def agreed_column(self, obj: ProcurementRow) -> str:
        return thai.format_number(obj.agreed_price, 2) or "–"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "year":
            kwargs["queryset"] = FiscalYear.objects.order_by("-year")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- per year: the item that shows procurement, months without procurement ------------------


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ProcurementSettings
        fields = ("item",)


class SettingsInline(admin.StackedInline):
    model = ProcurementSettings
    form = SettingsForm
    can_delete = False
    max_num = 1
    min_num = 0
    extra = 1

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field.widget, widgets.RelatedFieldWidgetWrapper):
            field.widget = field.widget.widget  # choose an item; items are edited elsewhere
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        year = getattr(request, "_procurement_year", None)
        if db_field.name == "item" and year is not None:
            field.queryset = Item.objects.filter(year=year).order_by("order", "code")
            guess = presenters.guessed_items(year).first()
            field.help_text = _("ถ้าไม่ได้เลือก ระบบใช้ข้อที่ชื่อบ่งว่าเป็นรายการจัดซื้อจัดจ้าง: %(guess)s") % {
                "guess": guess or _("ไม่พบ")
            }
        return field


class EmptyMonthForm(MonthNumberErrors, forms.ModelForm):
    month_number = forms.TypedChoiceField(
        label=_("เดือน"), choices=MONTH_CHOICES[1:], coerce=int, empty_value=None
    )

    class Meta:
        model = NoProcurementMonth
        fields = ("month_number", "note")
        widgets = {"note": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.month:
            self.initial["month_number"] = self.instance.month.month

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("month_number")
        if number and self.instance.year_id:
            month = month_in_year(number, self.instance.year.year)
            self.instance.month = month  # the model's clean() checks it against the rows
            others = NoProcurementMonth.objects.filter(year_id=self.instance.year_id, month=month)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("month_number", _("บันทึกเดือนนี้ไว้แล้ว"))
        return cleaned


class EmptyMonthFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            number = form.cleaned_data.get("month_number")
            if number in seen:
                form.add_error("month_number", _("เดือนนี้ซ้ำกับแถวอื่น"))
            seen.add(number)


class EmptyMonthInline(admin.TabularInline):
    model = NoProcurementMonth
    form = EmptyMonthForm
    formset = EmptyMonthFormSet
    extra = 0


@admin.register(ProcurementYear)
class ProcurementYearAdmin(admin.ModelAdmin):
    """One page per fiscal year: which item shows its procurement, and its empty months."""

    list_display = ("year", "status", "holding_item", "row_count", "empty_months", "links")
    fields = ("year", "status")
    readonly_fields = ("year", "status")
    inlines = [SettingsInline, EmptyMonthInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("procurement_settings__item")
            .annotate(_rows=Count("procurement_rows", distinct=True))
            .prefetch_related(
                Prefetch(
                    "no_procurement_months",
                    queryset=NoProcurementMonth.objects.order_by("month"),
                )
            )
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        request._procurement_year = obj  # the settings' item choices come from this year
        return super().get_formset_kwargs(request, obj, inline, prefix)

    def get_inline_instances(self, request, obj=None):
        request._procurement_year = obj
        return super().get_inline_instances(request, obj)

    @admin.display(description=_("ข้อที่แสดง"))
    def holding_item(self, obj: ProcurementYear) -> str:
        settings = getattr(obj, "procurement_settings", None)
        if settings is not None:
            return str(settings.item) if settings.item else _("ไม่แสดงในข้อใด")
        guess = presenters.guessed_items(obj).first()
        if guess is None:
            return _("ไม่พบ (ยังไม่ได้ตั้ง)")
        return _("%(item)s (เลือกอัตโนมัติจากชื่อข้อ)") % {"item": guess}

    @admin.display(description=_("จำนวนรายการ"), ordering="_rows")
    def row_count(self, obj) -> str:
        return thai.format_number(obj._rows)

    @admin.display(description=_("เดือนที่ไม่มีการจัดซื้อจัดจ้าง"))
    def empty_months(self, obj) -> str:
        return ", ".join(record.month_display for record in obj.no_procurement_months.all()) or "–"

    @admin.display(description=_("ลิงก์"))
    def links(self, obj) -> str:
        rows = reverse("admin:procurement_procurementrow_changelist") + f"?year__id__exact={obj.pk}"
        page = reverse("procurement:list", args=[obj.year])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            rows,
            _("รายการ"),
            reverse("admin:procurement_procurementrow_import") + f"?year={obj.year}",
            _("นำเข้า"),
            page,
            _("หน้าเว็บ"),
        )
