"""django-import-export glue for the measures table: the admin's import (with its preview
and confirm steps) and export, both through measures.sheets.

The package's own row-by-row ModelResource cannot read the published layout (a measure
spans several rows, a row may continue the method above, problems must name spreadsheet
rows), so the formats hand the package rows of text, and `MeasureSheetResource.import_data`
parses and applies them with measures.sheets, answering with a Result the package's
templates show: one preview row per method, or the problems by row and column.
"""

from __future__ import annotations

import tablib
from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportMixin
from import_export.fields import Field
from import_export.formats.base_formats import Format
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.results import InvalidRow, Result, RowResult

from disclosures.models import FiscalYear
from ita_portal import thai

from . import sheets
from .models import Measure

# --- file formats ----------------------------------------------------------------------------


class SheetFormat(Format):
    """A file read by measures.sheets into rows of text (no header row taken out: the
    parser finds the header itself and numbers rows as a spreadsheet does). Exports are
    written by measures.sheets.MeasureSheet (see MeasureSheetAdminMixin.get_export_data)."""

    kind = ""
    content_type = "application/octet-stream"

    def __init__(self, encoding: str | None = None):
        self.encoding = encoding  # the package passes one; the parser detects it instead

    def get_title(self) -> str:
        return self.kind

    def get_extension(self) -> str:
        return self.kind

    def get_content_type(self) -> str:
        return self.content_type

    def is_binary(self) -> bool:
        return True  # the raw bytes: the parser decodes UTF-8 or TIS-620 itself

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return True

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        rows = sheets.read_table(in_stream, self.kind)
        width = max(len(row) for row in rows)
        dataset = tablib.Dataset()
        for row in rows:
            dataset.append([*row, *[""] * (width - len(row))])
        return dataset


class SheetCSV(SheetFormat):
    kind = "csv"
    content_type = "text/csv; charset=utf-8"


class SheetXLSX(SheetFormat):
    kind = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- the resource ----------------------------------------------------------------------------

PREVIEW_HEADERS = ["แถว", "มาตรการที่", *sheets.HEADERS, "หมายเหตุ"]
IMPORT_TYPES = {
    "new": RowResult.IMPORT_TYPE_NEW,
    "update": RowResult.IMPORT_TYPE_UPDATE,
    "unchanged": RowResult.IMPORT_TYPE_SKIP,
    "kept": RowResult.IMPORT_TYPE_SKIP,
    "removed": RowResult.IMPORT_TYPE_DELETE,
}


class SheetResult(Result):
    """A Result that also carries the import's report (None when the file was refused)."""

    report: sheets.ImportReport | None = None
    problems: list[sheets.Problem]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []


class MeasureSheetResource(resources.Resource):
    """The six-column measures table of one fiscal year."""

    # Declared for the import and export pages, which list a resource's columns.
    measure = Field(column_name=sheets.LABELS["measure"])
    method = Field(column_name=sheets.LABELS["method"])
    responsible = Field(column_name=sheets.LABELS["responsible"])
    period = Field(column_name=sheets.LABELS["period"])
    result = Field(column_name=sheets.LABELS["result"])
    recommendation = Field(column_name=sheets.LABELS["recommendation"])

    @classmethod
    def get_display_name(cls) -> str:
        return str(_("ตารางมาตรการ 6 คอลัมน์"))

    def import_data(
        self, dataset, dry_run: bool = False, raise_errors: bool = False, **kwargs
    ) -> SheetResult:
        """Parse and apply the rows (measures.sheets does both; the dry run rolls back)."""
        result = SheetResult()
        rows = [[str(cell) if cell is not None else "" for cell in row] for row in dataset]
        result.total_rows = len(rows)
        try:
            plan = sheets.parse_rows(rows)
            report = sheets.apply_plan(plan, kwargs.get("year") or 0, dry_run=dry_run)
        except sheets.SheetError as exc:
            if raise_errors:
                raise
            self._add_problems(result, exc.problems)
            return result
        result.report = report
        result.diff_headers = PREVIEW_HEADERS
        for outcome in report.outcomes:
            row = RowResult()
            row.import_type = IMPORT_TYPES[outcome.kind]
            row.diff = _preview_cells(outcome)
            result.append_row_result(row)
            result.increment_row_result_total(row)
        return result

    @staticmethod
    def _add_problems(result: SheetResult, problems: list[sheets.Problem]) -> None:
        """One invalid row per spreadsheet row, its problems under their column's name."""
        result.problems = problems
        result.diff_headers = list(sheets.HEADERS)
        by_row: dict[int | None, list[sheets.Problem]] = {}
        for problem in problems:
            by_row.setdefault(problem.row, []).append(problem)
        for row, listed in by_row.items():
            errors: dict[str, list[str]] = {}
            for problem in listed:
                errors.setdefault(problem.column or NON_FIELD_ERRORS, []).append(problem.message)
            cells = next((p.cells for p in listed if p.cells), ())
            result.invalid_rows.append(
                InvalidRow(
                    number=row or "-",
                    validation_error=ValidationError(errors),
                    values=tuple(cells[: len(sheets.HEADERS)]),
                )
            )
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        """The measures' rows, year by year (the admin exports one year at a time)."""
        queryset = queryset if queryset is not None else Measure.objects.all()
        dataset = tablib.Dataset(headers=list(sheets.HEADERS))
        years = FiscalYear.objects.filter(measures__in=queryset).distinct().order_by("year")
        for year in years:
            for row in sheets.MeasureSheet(year, queryset).rows():
                dataset.append(row)
        return dataset


def _preview_cells(outcome: sheets.Outcome) -> list:
    rows = outcome.rows
    where = "" if not rows else str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"
    cells = [
        where,
        outcome.measure_number,
        outcome.measure_title,
        outcome.text,
        ", ".join(outcome.units),
        outcome.period,
        outcome.result,
        outcome.recommendation,
        outcome.note,
    ]
    # Text from the file is shown as text, its lines kept: never as markup.
    return [
        linebreaksbr(cell, autoescape=True) if isinstance(cell, str) else cell for cell in cells
    ]


# --- admin forms -----------------------------------------------------------------------------


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("ปีงบประมาณ (พ.ศ.)"),
        min_value=sheets.YEAR_RANGE[0],
        max_value=sheets.YEAR_RANGE[1],
        error_messages={
            "min_value": _("ใช้ปี พ.ศ. เช่น 2569"),
            "max_value": _("ใช้ปี พ.ศ. เช่น 2569"),
            "invalid": _("ใช้ปี พ.ศ. เช่น 2569"),
        },
        **kwargs,
    )


class MeasureImportForm(ImportForm):
    year = _year_field(help_text=_("ปีที่จะนำมาตรการเข้า หากยังไม่มีปีนี้ ระบบจะสร้างให้"))
    field_order = ["resource", "year", "import_file", "format"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].label = _("ไฟล์มาตรการ (.csv หรือ .xlsx)")
        self.fields["import_file"].help_text = _("หัวตาราง 6 คอลัมน์: %(headers)s ไม่เกิน %(mb)s MB") % {
            "headers": " | ".join(sheets.HEADERS),
            "mb": sheets.megabytes(sheets.MAX_SHEET_BYTES),
        }
        self.fields["format"].label = _("รูปแบบไฟล์")
        self.fields["format"].required = False
        self.fields["format"].help_text = _("เว้นไว้ได้ ระบบเลือกจากนามสกุลไฟล์")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        # Refused before anything reads it (the package would read it all into memory).
        if upload.size > sheets.MAX_SHEET_BYTES:
            raise ValidationError(
                _("ไฟล์ใหญ่เกินไป (เกิน %(mb)s MB)") % {"mb": sheets.megabytes(sheets.MAX_SHEET_BYTES)}
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is not None and not cleaned.get("format"):
            try:
                kind = sheets.kind_of(upload.name)
            except sheets.SheetError as exc:
                self.add_error("import_file", str(exc))
            else:
                index = next(i for i, f in enumerate(self.formats) if f().get_title() == kind)
                cleaned["format"] = str(index)
        return cleaned


class MeasureConfirmImportForm(ConfirmImportForm):
    year = _year_field(widget=forms.HiddenInput())


class MeasureExportForm(ExportForm):
    year = forms.ModelChoiceField(
        label=_("ปีงบประมาณ"),
        queryset=FiscalYear.objects.filter(measures__isnull=False).distinct().order_by("-year"),
        empty_label=None,
        help_text=_("ส่งออกมาตรการทั้งหมดของปีในรูปแบบตาราง 6 คอลัมน์ นำกลับเข้ามาได้"),
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("รูปแบบไฟล์")
        current = FiscalYear.objects.filter(is_current=True).first()
        if current is not None:
            self.fields["year"].initial = current.pk


# --- the admin mixin -------------------------------------------------------------------------


class MeasureSheetAdminMixin(ImportExportMixin):
    """Import and export of a year's measures table on the measures admin.

    Gated by IMPORT_EXPORT_IMPORT_PERMISSION_CODE ("add") and
    IMPORT_EXPORT_EXPORT_PERMISSION_CODE ("view") in settings.
    """

    resource_classes = [MeasureSheetResource]
    formats = [SheetCSV, SheetXLSX]
    import_form_class = MeasureImportForm
    confirm_form_class = MeasureConfirmImportForm
    export_form_class = MeasureExportForm
    skip_admin_log = False

    # -- import

    def get_import_form_initial(self, request):
        current = FiscalYear.objects.filter(is_current=True).first()
        return {"year": current.year if current else thai.fiscal_year_of(timezone.now())}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["year"] = import_form.cleaned_data["year"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.pop("form", None)
        kwargs.pop("request", None)
        if form is not None:
            kwargs["year"] = form.cleaned_data.get("year")
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, sheets.SheetError):
            for problem in e.problems:
                form.add_error("import_file", str(problem))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        report = getattr(result, "report", None)
        if report is not None:  # the preview: say what confirming will do
            messages.info(request, _summary(report, _("เมื่อยืนยันจะ")))
            for warning in report.warnings:
                messages.warning(request, warning)
        return response

    def process_import(self, request, **kwargs):
        # The permission first: a GET from someone without it is a 403, not a 405.
        if not self.has_import_permission(request):
            raise PermissionDenied
        return super().process_import(request, **kwargs)

    def process_result(self, result, request):
        if result.has_validation_errors() or result.has_errors() or result.report is None:
            # The data changed between preview and confirm: nothing was written.
            for problem in result.problems:
                messages.error(request, str(problem))
            messages.error(request, _("นำเข้าไม่สำเร็จ ยังไม่มีการบันทึกใด ๆ"))
            return self._redirect_to("import")
        response = super().process_result(result, request)
        if not self.has_view_or_change_permission(request):
            return self._redirect_to("import")  # the list would be a 403 for them
        return response

    def generate_log_entries(self, result, request):
        """One history entry per measure created or changed (the package would log rows)."""
        if self.get_skip_admin_log():
            return
        message = _("นำเข้าจากไฟล์ตารางมาตรการ")
        for flag, measures in (
            (ADDITION, result.report.measures_created),
            (CHANGE, result.report.measures_updated),
        ):
            if measures:
                LogEntry.objects.log_actions(
                    request.user.pk,
                    measures,
                    flag,
                    change_message=str(message),
                    single_object=len(measures) == 1,
                )

    def add_success_message(self, result, request):
        report = result.report
        messages.success(
            request, _summary(report, _("นำเข้าปีงบประมาณ %(year)s แล้ว:") % {"year": report.year})
        )
        for warning in report.warnings:
            messages.warning(request, warning)

    def _redirect_to(self, name: str) -> HttpResponseRedirect:
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_{name}", current_app=self.admin_site.name
            )
        )

    # -- export

    def get_export_queryset(self, request):
        # A year's file is always whole, so that it can round-trip; the form picks the year.
        return Measure.objects.all()

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        year = kwargs["export_form"].cleaned_data["year"]
        return sheets.MeasureSheet(year, queryset).render(file_format.get_extension())

    def get_export_filename(self, request, queryset, file_format):
        year = request.POST.get("year", "")
        found = FiscalYear.objects.filter(pk=year).first() if year.isdigit() else None
        if found is None:
            return super().get_export_filename(request, queryset, file_format)
        return sheets.MeasureSheet(found).filename(file_format.get_extension())


def _summary(report: sheets.ImportReport, opening) -> str:
    parts = []
    if report.year_created:
        parts.append(f"สร้างปีงบประมาณ {report.year}")
    parts.append(
        f"มาตรการ เพิ่ม {len(report.measures_created)} ปรับปรุง {len(report.measures_updated)}"
        f" ไม่เปลี่ยน {len(report.measures_unchanged)}"
    )
    parts.append(
        f"วิธีการ เพิ่ม {report.methods_created} ปรับปรุง {report.methods_updated}"
        f" ไม่เปลี่ยน {report.methods_unchanged} ลบ {len(report.methods_removed)}"
    )
    if report.divisions_created:
        parts.append("ส่วนราชการใหม่ " + ", ".join(report.divisions_created))
    if report.methods_kept:
        parts.append(f"คงวิธีการที่ไม่มีในไฟล์แต่มีความคืบหน้าหรือหลักฐานไว้ {len(report.methods_kept)} รายการ")
    if report.measures_not_in_file:
        parts.append(f"คงมาตรการที่ไม่มีในไฟล์ไว้ {len(report.measures_not_in_file)} มาตรการ")
    return f"{opening} " + "; ".join(parts)
