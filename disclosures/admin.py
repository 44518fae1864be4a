"""The back office for the organisation, its years, the catalogue and the evidence."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ita_portal.forms import ThaiDateField

from . import admin_rollover
from .catalog import MAX_CATALOG_BYTES, CatalogError, apply_catalog, parse_catalog
from .models import (
    Channel,
    Evidence,
    FiscalYear,
    Indicator,
    Instrument,
    Item,
    Organisation,
    RequiredElement,
    SubIndicator,
)
from .resources import EvidenceLinkAdminMixin, ItemSheetAdminMixin


class StoredFileInput(widgets.AdminFileWidget):
    """Shows a stored file under the name staff know it by, linked to where the portal serves
    it (uploads are not served from /media/, and stored names are generated)."""

    template_name = "admin/widgets/stored_file_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        owner = getattr(value, "instance", None)
        if owner is not None and owner.pk and value:
            context["widget"]["display_name"], context["widget"]["download_url"] = owner.file_link()
        return context


# --- organisation --------------------------------------------------------------------------


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 1
    fields = ("order", "kind", "label", "url", "is_two_way")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """One organisation per deployment: the list goes straight to its form."""

    inlines = [ChannelInline]
    fieldsets = (
        (None, {"fields": ("name_th", "name_en", "org_type", "logo")}),
        (
            _("ที่ตั้งและการติดต่อ"),
            {
                "fields": (
                    "address",
                    ("subdistrict", "district"),
                    ("province", "postal_code"),
                    ("phone", "fax"),
                    "email",
                    "website",
                )
            },
        ),
        (_("แบบสำรวจ EIT"), {"fields": ("eit_survey_url",)}),
        (
            _("ผู้ลงนามในรายงาน"),
            {"fields": (("head_name", "head_position"), ("officer_name", "officer_position"))},
        ),
        (_("รายงาน PDF"), {"fields": ("report_digits",)}),
    )

    formfield_overrides = {models.ImageField: {"widget": StoredFileInput}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def changelist_view(self, request: HttpRequest, extra_context=None):
        organisation = Organisation.objects.order_by("pk").first()
        if organisation and self.has_view_or_change_permission(request, organisation):
            return HttpResponseRedirect(
                reverse("admin:disclosures_organisation_change", args=[organisation.pk])
            )
        return super().changelist_view(request, extra_context)

    def view_on_site(self, obj):
        return reverse("disclosures:home")


# --- fiscal years and the catalogue -----------------------------------------------------------


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์รายการข้อ"), help_text=_("YAML ตามรูปแบบ catalogs/catalog-2569.yaml หรือ CSV")
    )
    dry_run = forms.BooleanField(label=_("ทดลองอ่านไฟล์เท่านั้น ยังไม่บันทึก"), required=False, initial=True)


class FiscalYearForm(forms.ModelForm):
    class Meta:
        model = FiscalYear
        fields = ("year", "status", "is_current", "source_note")

    def _get_validation_exclusions(self) -> set[str]:
        # FiscalYear.save() unmarks the previous current year, so ticking "current" here must
        # not be refused by the one-current-year constraint it is about to satisfy.
        return super()._get_validation_exclusions() | {"is_current"}


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    form = FiscalYearForm
    list_display = (
        "year",
        "status",
        "is_current",
        "date_range",
        "item_count",
        "catalog_link",
        "report_links",
    )
    list_filter = ("status",)
    ordering = ("-year",)
    actions = ["make_current", "open_years", "archive_years", "copy_measures", "submit_snapshot"]
    readonly_fields = ("date_range", "report_links")
    fields = ("year", "date_range", "status", "is_current", "source_note", "report_links")

    def get_queryset(self, request):
        next_year = FiscalYear.objects.filter(year=OuterRef("year") + 1)
        return (
            super()
            .get_queryset(request)
            .annotate(_item_count=Count("items"), _next_year_exists=Exists(next_year))
        )

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return (*shown, "rollover_link") if admin_rollover.can_roll_over(request.user) else shown

    @admin.display(description=_("ปีถัดไป"))
    def rollover_link(self, obj: FiscalYear) -> str:
        """Create year N+1 from this year (see disclosures.rollover), while it does not exist."""
        if obj._next_year_exists:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:disclosures_fiscalyear_rollover", args=[obj.pk]),
            _("สร้างปี %(year)s จากปีนี้") % {"year": obj.year + 1},
        )

    @admin.display(description=_("ช่วงเวลา"))
    def date_range(self, obj: FiscalYear) -> str:
        from ita_portal.thai import format_fiscal_range

        return format_fiscal_range(obj.year) if obj.year else "-"

    @admin.display(description=_("จำนวนข้อ"), ordering="_item_count")
    def item_count(self, obj: FiscalYear) -> int:
        return obj._item_count

    @admin.display(description=_("รายการข้อ"))
    def catalog_link(self, obj: FiscalYear) -> str:
        # The parameter of the changelist's own "year" filter; any other lookup is a 400.
        items = reverse("admin:disclosures_item_changelist") + f"?year__id__exact={obj.pk}"
        upload = reverse("admin:disclosures_fiscalyear_catalog", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            items,
            _("ดูรายการข้อ"),
            upload,
            _("นำเข้ารายการข้อ"),
        )

    @admin.display(description=_("รายงาน PDF"))
    def report_links(self, obj: FiscalYear) -> str:
        """The year's three PDF reports (published content, as auditors download them)."""
        if not obj.pk:
            return "-"
        links = (
            ("reports:report", _("การเปิดเผยข้อมูล (OIT)")),
            ("reports:measures", _("มาตรการ")),
            ("reports:score", _("ผลการประเมิน")),
        )
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            ((reverse(name, args=[obj.year]), label) for name, label in links),
        )

    @admin.action(description=_("ตั้งเป็นปีปัจจุบัน"), permissions=["change"])
    def make_current(self, request: HttpRequest, queryset) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("เลือกปีงบประมาณเพียงปีเดียว"), messages.ERROR)
            return
        year = queryset.get()
        year.is_current = True
        year.save()
        self.message_user(request, _("ตั้ง %(year)s เป็นปีปัจจุบันแล้ว") % {"year": year})

    @admin.action(description=_("เปิดเผยแพร่ปีที่เลือก"), permissions=["change"])
    def open_years(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, FiscalYear.Status.OPEN)

    @admin.action(description=_("เก็บถาวรปีที่เลือก"), permissions=["change"])
    def archive_years(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, FiscalYear.Status.ARCHIVED)

    @admin.action(description=_("คัดลอกมาตรการจากปีก่อนมาเป็นฉบับร่าง"), permissions=["copy_measures"])
    def copy_measures(self, request: HttpRequest, queryset) -> None:
        """Copy the measures of year N-1 into the selected year N (see measures.copying)."""
        # Imported here: the measures app builds on this one, not the other way round.
        from measures.copying import CopyRefused, copy_measures

        if queryset.count() != 1:
            self.message_user(request, _("เลือกปีงบประมาณเพียงปีเดียว"), messages.ERROR)
            return
        try:
            report = copy_measures(queryset.get())
        except CopyRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        for level, text in report.messages():
            self.message_user(request, text, level)

    def has_copy_measures_permission(self, request: HttpRequest) -> bool:
        return apps.is_installed("measures") and request.user.has_perm("measures.add_measure")

    @admin.action(description=_("บันทึกการส่งข้อมูล ITA (snapshot)"), permissions=["submit"])
    def submit_snapshot(self, request: HttpRequest, queryset):
        """Go to the confirmation page of submissions.admin, which records the snapshot."""
        if queryset.count() != 1:
            self.message_user(request, _("เลือกปีงบประมาณเพียงปีเดียว"), messages.ERROR)
            return None
        url = reverse("admin:submissions_submission_submit", args=[queryset.get().pk])
        return HttpResponseRedirect(url)

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return apps.is_installed("submissions") and request.user.has_perm(
            "submissions.submit_fiscalyear"
        )

    def _set_status(self, request: HttpRequest, queryset, status: str) -> None:
        for year in queryset:  # save() one by one so that caches are invalidated
            year.status = status
            year.save()
        self.message_user(request, _("ปรับสถานะแล้ว %(n)d ปี") % {"n": queryset.count()})

    def get_urls(self):
        custom = [
            path(
                "<int:pk>/catalog/",
                self.admin_site.admin_view(self.catalog_view),
                name="disclosures_fiscalyear_catalog",
            ),
            path(
                "<int:pk>/rollover/",
                self.admin_site.admin_view(self.rollover_view),
                name="disclosures_fiscalyear_rollover",
            ),
        ]
        return custom + super().get_urls()

    def rollover_view(self, request: HttpRequest, pk: int):
        """Create year N+1 from this year: the diff first, then the copy (admin_rollover)."""
        return admin_rollover.rollover_view(self, request, pk)

    def catalog_view(self, request: HttpRequest, pk: int):
        """Upload a catalogue file for a year: read it first, then write it."""
        if not (
            request.user.has_perm("disclosures.add_item")
            and request.user.has_perm("disclosures.change_item")
            and request.user.has_perm("disclosures.delete_item")
        ):
            raise PermissionDenied
        year = get_object_or_404(FiscalYear, pk=pk)
        report = problems = None
        form = CatalogUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                catalog = parse_catalog(upload.read(MAX_CATALOG_BYTES + 1), upload.name)
                report = apply_catalog(catalog, year.year, dry_run=form.cleaned_data["dry_run"])
            except CatalogError as exc:
                problems = exc.problems
            else:
                if not report.dry_run:
                    self.message_user(request, _("นำเข้ารายการข้อเรียบร้อยแล้ว"), messages.SUCCESS)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": year,
            "title": _("นำเข้ารายการข้อของ %(year)s") % {"year": year},
            "form": form,
            "report": report,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/disclosures/catalog_upload.html", context)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ("number", "name_th")


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "year", "weight")
    list_filter = ("year",)
    inlines = [IndicatorInline]


class SubIndicatorInline(admin.TabularInline):
    model = SubIndicator
    extra = 0
    fields = ("order", "number", "name_th")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("number", "name_th", "instrument", "year")
    list_filter = ("year", "instrument__code")
    list_select_related = ("instrument", "year")
    inlines = [SubIndicatorInline]


# --- items and evidence ----------------------------------------------------------------------


class IndicatorNumberFilter(admin.SimpleListFilter):
    """Indicators by number, across years (each year has its own indicator rows)."""

    title = _("ตัวชี้วัด")
    parameter_name = "indicator_number"

    def lookups(self, request, model_admin):
        rows = Indicator.objects.values_list("number", "name_th").order_by("number", "-year")
        seen: dict[int, str] = {}
        for number, name in rows:
            seen.setdefault(number, name)
        return [(str(n), f"{n} {name}") for n, name in seen.items()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(indicator__number=int(self.value()))
        return queryset


class PublicationFilter(admin.SimpleListFilter):
    title = _("การเผยแพร่")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("published", _("มีหลักฐานเผยแพร่แล้ว")),
            ("draft", _("มีเฉพาะฉบับร่าง")),
            ("empty", _("ยังไม่มีหลักฐาน")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "published":
            return queryset.filter(published_count__gt=0)
        if self.value() == "draft":
            return queryset.filter(published_count=0, evidence_count__gt=0)
        if self.value() == "empty":
            return queryset.filter(evidence_count=0)
        return queryset


class RequiredElementInline(admin.TabularInline):
    model = RequiredElement
    extra = 0
    fields = ("order", "text")


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = Evidence
        fields = (
            "order",
            "kind",
            "title",
            "document_date",
            "is_published",
            "body",
            "text_format",
            "url",
            "link_label",
            "file",
        )
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "file": StoredFileInput}
        field_classes = {"document_date": ThaiDateField}

    def _post_clean(self) -> None:
        # A value refused by its own field (a javascript: link) never reaches the instance,
        # so Evidence.clean() would add "a link needs a URL" under the real reason.
        refused = {
            name: errors.copy() for name, errors in self.errors.items() if name in self.fields
        }
        super()._post_clean()
        for name, errors in refused.items():
            self._errors[name] = errors


class EvidenceInline(admin.StackedInline):
    model = Evidence
    form = EvidenceForm
    extra = 0
    show_change_link = True
    fieldsets = (
        (None, {"fields": (("kind", "order", "is_published"), "title", "document_date")}),
        (None, {"fields": (("body", "text_format"), ("url", "link_label"), "file")}),
    )


def _label_with_year(obj) -> str:
    year = obj.year if isinstance(obj, Indicator) else obj.indicator.year
    return f"{year.year} · {obj}"


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = (
            "year",
            "code",
            "order",
            "title_th",
            "title_en",
            "indicator",
            "sub_indicator",
            "explanation",
            "guidance",
            "confidence",
            "confidence_note",
        )


@admin.register(Item)
class ItemAdmin(ItemSheetAdminMixin, admin.ModelAdmin):
    form = ItemForm
    list_display = (
        "code",
        "title_th",
        "year",
        "indicator_number",
        "evidence_state",
        "has_explanation",
    )
    list_display_links = ("code", "title_th")
    list_filter = ("year", IndicatorNumberFilter, PublicationFilter, "confidence")
    list_select_related = ("year", "indicator")
    search_fields = ("code", "title_th", "explanation")
    ordering = ("-year__year", "order", "code")
    inlines = [RequiredElementInline, EvidenceInline]
    fieldsets = (
        (None, {"fields": (("year", "code", "order"), "title_th", "title_en")}),
        (None, {"fields": (("indicator", "sub_indicator"),)}),
        (_("การส่งแบบ ITAS"), {"fields": ("explanation",)}),
        (
            _("เกณฑ์และที่มา"),
            {"fields": ("guidance", "confidence", "confidence_note"), "classes": ("collapse",)},
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                evidence_count=Count("evidence", distinct=True),
                published_count=Count(
                    "evidence", filter=Q(evidence__is_published=True), distinct=True
                ),
            )
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # Indicators and sub-indicators exist per year: name the year, and offer only the
        # item's own year once it has one.
        for name, year_path in (("indicator", "year"), ("sub_indicator", "indicator__year")):
            field = form.base_fields.get(name)
            if field is None:
                continue
            queryset = field.queryset.select_related(year_path)
            if obj is not None:
                queryset = queryset.filter(**{year_path: obj.year})
            field.queryset = queryset
            field.label_from_instance = _label_with_year
        return form

    @admin.display(description=_("ตัวชี้วัด"), ordering="indicator__number")
    def indicator_number(self, obj: Item) -> int:
        return obj.indicator.number

    @admin.display(description=_("หลักฐาน (เผยแพร่/ทั้งหมด)"))
    def evidence_state(self, obj: Item) -> str:
        css = "ok" if obj.published_count else ("draft" if obj.evidence_count else "empty")
        return format_html(
            '<span class="ita-state ita-state-{}">{} / {}</span>',
            css,
            obj.published_count,
            obj.evidence_count,
        )

    @admin.display(description=_("มีคำอธิบาย"), boolean=True)
    def has_explanation(self, obj: Item) -> bool:
        return bool(obj.explanation.strip())


@admin.register(Evidence)
class EvidenceAdmin(EvidenceLinkAdminMixin, admin.ModelAdmin):
    form = EvidenceForm
    list_display = ("title", "item", "kind", "document_date", "is_published", "updated_at")
    list_filter = ("item__year", "kind", "is_published")
    list_select_related = ("item__year",)
    search_fields = ("title", "body", "original_filename", "item__code", "item__title_th")
    autocomplete_fields = ("item",)
    actions = ["publish", "unpublish"]
    date_hierarchy = "updated_at"

    def get_fields(self, request, obj=None):
        return ("item", *EvidenceForm.Meta.fields)

    def get_form(self, request, obj=None, **kwargs):
        kwargs["fields"] = self.get_fields(request, obj)
        return super().get_form(request, obj, **kwargs)

    @admin.action(description=_("เผยแพร่หลักฐานที่เลือก"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        self._set_published(request, queryset, True)

    @admin.action(description=_("ยกเลิกการเผยแพร่หลักฐานที่เลือก"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        self._set_published(request, queryset, False)

    def _set_published(self, request: HttpRequest, queryset, value: bool) -> None:
        count = 0
        for evidence in queryset:
            if evidence.is_published != value:
                evidence.is_published = value
                evidence.save(update_fields=["is_published", "updated_at"])
                count += 1
        self.message_user(request, _("ปรับการเผยแพร่แล้ว %(n)d รายการ") % {"n": count})
