"""django-import-export glue shared by every sheet the back office imports and exports.

The package's row-by-row ModelResource cannot do what our sheets need (a title block above
the header, problems named by spreadsheet row and Thai column, nothing written unless every
row is valid, rows that continue the one above), so each sheet is a `SheetResource` that
hands whole files to its own parser and applier (ita_portal.sheets and the app's sheet
module) and answers with a Result the package's pages show: the preview, one row per thing
the import will do, or the problems by row and column. `SheetAdminMixin` puts the import
(with its preview and confirm steps) and the export on a ModelAdmin:

- import needs IMPORT_EXPORT_IMPORT_PERMISSION_CODE ("add", in settings) plus whatever
  else the import does (`import_also_needs`, e.g. "change"); export needs "view";
- files over the sheet's size limit are refused by the form, before anything reads them;
- the year is chosen on the import and export forms when the sheet belongs to a year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import tablib
from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_permission_codename
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

from . import sheets, thai

YEAR_RANGE = (2500, 2700)  # FiscalYear.year's validators

# --- file formats ------------------------------------------------------------------------------


class SheetFormat(Format):
    """A file read into rows of text by its sheet (no header row taken out: the sheet finds
    the header itself and numbers rows as a spreadsheet does). Exports are written by the
    sheet's SheetExport (see SheetAdminMixin.get_export_data)."""

    kind = ""
    content_type = "application/octet-stream"

    def __init__(self, encoding: str | None = None):
        self.encoding = encoding  # the package passes one; the reader detects it instead

    @staticmethod
    def read(data: bytes, kind: str) -> list[list[str]]:
        return sheets.read_table(data, kind)

    def get_title(self) -> str:
        return self.kind

    def get_extension(self) -> str:
        return self.kind

    def get_content_type(self) -> str:
        return self.content_type

    def is_binary(self) -> bool:
        return True  # the raw bytes: the reader decodes UTF-8 or TIS-620 itself

    def can_import(self) -> bool:
        return True

    def can_export(self) -> bool:
        return True

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        rows = self.read(in_stream, self.kind)
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


def formats_reading(read) -> list[type[SheetFormat]]:
    """The CSV and XLSX formats, in that order (forms post the index), reading with `read`."""
    return [
        type(base.__name__, (base,), {"read": staticmethod(read)}) for base in (SheetCSV, SheetXLSX)
    ]


# --- the resource ------------------------------------------------------------------------------

IMPORT_TYPES = {
    "new": RowResult.IMPORT_TYPE_NEW,
    "update": RowResult.IMPORT_TYPE_UPDATE,
    "unchanged": RowResult.IMPORT_TYPE_SKIP,
    "kept": RowResult.IMPORT_TYPE_SKIP,
    "removed": RowResult.IMPORT_TYPE_DELETE,
}


@dataclass
class PreviewRow:
    """One line of the preview: what the import does ("new", "update", "unchanged", "kept",
    "removed") and the cells shown under the resource's preview headers."""

    kind: str
    cells: list


class SheetResult(Result):
    """A Result that also carries the import's report (None when the file was refused)."""

    report: object | None = None
    problems: list[sheets.Problem]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems = []


class SheetResource(resources.Resource):
    """A whole sheet, imported and exported through its own parser, applier and export.

    Subclasses set `layout` and implement `import_rows` and `exporter`; `uses_year` says
    whether the import and export forms ask for a year.
    """

    layout: sheets.Layout
    display_name = ""
    file_label = _("ไฟล์ (.csv หรือ .xlsx)")
    noun = "ข้อมูล"  # what the rows are, in messages: "รายการข้อ", "ส่วนราชการ"
    what = "ตาราง"  # completes "ไฟล์ว่างเปล่า: ไม่มี…"
    uses_year = True
    year_help = _("ปีงบประมาณที่จะนำข้อมูลเข้า")
    export_help = _("ส่งออกทั้งปีในรูปแบบเดียวกับไฟล์นำเข้า แก้ไขแล้วนำกลับเข้ามาได้")
    year_filter = "year__id__exact"  # the changelist filter that names a year (by pk)

    _formats: list[type[SheetFormat]]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._formats = formats_reading(cls.read)

    # -- the file

    @classmethod
    def get_display_name(cls) -> str:
        return str(cls.display_name or cls.__name__)

    @classmethod
    def max_bytes(cls) -> int:
        return sheets.MAX_SHEET_BYTES

    @classmethod
    def read(cls, data: bytes, kind: str) -> list[list[str]]:
        return sheets.read_table(
            data,
            kind,
            max_bytes=cls.max_bytes(),
            header_words=cls.layout.header_words,
            what=cls.what,
        )

    @classmethod
    def formats(cls) -> list[type[SheetFormat]]:
        return cls._formats

    @classmethod
    def preview_headers(cls) -> list[str]:
        return ["แถว", *cls.layout.headers, "หมายเหตุ"]

    # -- the year

    @classmethod
    def check_year(cls, year_be: int) -> str | None:
        """Why a year cannot take this import (shown on the form), or None."""
        return None

    @classmethod
    def export_years(cls):
        return FiscalYear.objects.order_by("-year")

    def get_user_visible_fields(self) -> list[Field]:
        # The import and export pages list these as the file's columns.
        return [Field(column_name=header) for header in self.layout.headers]

    # -- what subclasses do

    def import_rows(self, rows: list[list[str]], year: int | None, dry_run: bool):
        """Parse and apply the rows (rolled back on a dry run): a report (a SheetReport unless
        `preview`, `summary` and `logged` are overridden too), or SheetError if invalid."""
        raise NotImplementedError

    def exporter(self, year: FiscalYear | None) -> sheets.SheetExport:
        raise NotImplementedError

    def preview(self, report: sheets.SheetReport) -> Iterable[PreviewRow]:
        for outcome in report.outcomes:
            yield PreviewRow(outcome.kind, [outcome.row or "", *outcome.cells, outcome.note])

    def summary(self, report: sheets.SheetReport, done: bool) -> str:
        """One line on what the import does (done=False, the preview) or did."""
        if not done:
            opening = f"เมื่อยืนยันจะนำเข้า{self.noun}"
        elif report.year:
            opening = f"นำเข้า{self.noun}ของปีงบประมาณ {report.year} แล้ว"
        else:
            opening = f"นำเข้า{self.noun}แล้ว"
        created = f"สร้างปีงบประมาณ {report.year}; " if report.year_created else ""
        return f"{opening}: {created}{report.counts()}"

    def logged(self, report: sheets.SheetReport) -> list[tuple[int, list]]:
        """(LogEntry action flag, objects) for the admin history of a real import."""
        return [
            (ADDITION, report.created),
            (CHANGE, report.updated),
            (DELETION, report.removed),
        ]

    # -- the package's entry point

    def import_data(
        self, dataset, dry_run: bool = False, raise_errors: bool = False, **kwargs
    ) -> SheetResult:
        result = SheetResult()
        rows = [[str(cell) if cell is not None else "" for cell in row] for row in dataset]
        result.total_rows = len(rows)
        try:
            report = self.import_rows(rows, kwargs.get("year"), dry_run)
        except sheets.SheetError as exc:
            if raise_errors:
                raise
            self.add_problems(result, exc.problems)
            return result
        result.report = report
        result.diff_headers = self.preview_headers()
        for line in self.preview(report):
            row = RowResult()
            row.import_type = IMPORT_TYPES[line.kind]
            # Text from the file is shown as text, its lines kept: never as markup.
            row.diff = [
                linebreaksbr(cell, autoescape=True) if isinstance(cell, str) else cell
                for cell in line.cells
            ]
            result.append_row_result(row)
            result.increment_row_result_total(row)
        return result

    def add_problems(self, result: SheetResult, problems: list[sheets.Problem]) -> None:
        """One invalid row per spreadsheet row, its problems under their column's name."""
        headers = self.layout.headers
        result.problems = problems
        result.diff_headers = list(headers)
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
                    values=tuple(cells[: len(headers)]),
                )
            )
            result.totals[RowResult.IMPORT_TYPE_INVALID] += 1


# --- admin forms -------------------------------------------------------------------------------


def year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("ปีงบประมาณ (พ.ศ.)"),
        min_value=YEAR_RANGE[0],
        max_value=YEAR_RANGE[1],
        error_messages={
            "min_value": _("ใช้ปี พ.ศ. เช่น 2569"),
            "max_value": _("ใช้ปี พ.ศ. เช่น 2569"),
            "invalid": _("ใช้ปี พ.ศ. เช่น 2569"),
        },
        **kwargs,
    )


class SheetImportForm(ImportForm):
    """The file (refused over the sheet's size limit before it is read), its format (from
    the file name when left empty) and, for a sheet of a year, the year."""

    year = year_field()
    field_order = ["resource", "year", "import_file", "format"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.sheet: type[SheetResource] = resources[0]
        if self.sheet.uses_year:
            self.fields["year"].help_text = self.sheet.year_help
        else:
            del self.fields["year"]
        self.fields["import_file"].label = self.sheet.file_label
        self.fields["import_file"].help_text = _("หัวตาราง: %(headers)s · ไม่เกิน %(mb)s MB") % {
            "headers": self.sheet.layout.expected(),
            "mb": sheets.megabytes(self.sheet.max_bytes()),
        }
        self.fields["format"].label = _("รูปแบบไฟล์")
        self.fields["format"].required = False
        self.fields["format"].help_text = _("เว้นไว้ได้ ระบบเลือกจากนามสกุลไฟล์")

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        # Refused before anything reads it (the package would read it all into memory).
        if upload.size > self.sheet.max_bytes():
            raise ValidationError(sheets.too_big(self.sheet.max_bytes()))
        return upload

    def clean_year(self):
        year = self.cleaned_data["year"]
        refusal = self.sheet.check_year(year)
        if refusal:
            raise ValidationError(refusal)
        return year

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


class SheetConfirmImportForm(ConfirmImportForm):
    """The confirm step of a sheet of a year: the year travels with the file's name."""

    year = year_field(widget=forms.HiddenInput())


class SheetExportForm(ExportForm):
    """The format and, for a sheet of a year, which year (a file is always a whole year,
    so that it imports back)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].label = _("รูปแบบไฟล์")
        self.fields["format"].initial = "1"  # xlsx: Excel opens it without asking anything
        sheet: type[SheetResource] = resources[0]
        if not sheet.uses_year:
            return
        self.fields["year"] = forms.ModelChoiceField(
            label=_("ปีงบประมาณ"),
            queryset=sheet.export_years(),
            empty_label=None,
            help_text=sheet.export_help,
        )
        current = FiscalYear.objects.filter(is_current=True).first()
        if current is not None:
            self.fields["year"].initial = current.pk
        self.order_fields(["resource", "year", "format"])


# --- the admin mixin ---------------------------------------------------------------------------


class SheetAdminMixin(ImportExportMixin):
    """Import (preview, then confirm) and export of one SheetResource on a ModelAdmin."""

    import_template_name = "admin/sheets/import.html"
    import_form_class = SheetImportForm
    confirm_form_class = SheetConfirmImportForm
    export_form_class = SheetExportForm
    skip_admin_log = False
    import_also_needs: tuple[str, ...] = ()  # permission codes besides the import one ("add")

    @property
    def sheet(self) -> type[SheetResource]:
        return self.resource_classes[0]

    def get_import_formats(self):
        return self.sheet.formats()

    def get_export_formats(self):
        return self.sheet.formats()

    # -- permissions

    def has_import_permission(self, request) -> bool:
        if not super().has_import_permission(request):
            return False
        opts = self.opts
        return all(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(code, opts)}")
            for code in self.import_also_needs
        )

    # -- import

    def get_confirm_form_class(self, request):
        return self.confirm_form_class if self.sheet.uses_year else ConfirmImportForm

    def get_import_form_initial(self, request):
        if not self.sheet.uses_year:
            return {}
        current = FiscalYear.objects.filter(is_current=True).first()
        return {"year": current.year if current else thai.fiscal_year_of(timezone.now())}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None and self.sheet.uses_year:
            initial["year"] = import_form.cleaned_data["year"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.pop("form", None)
        kwargs.pop("request", None)
        if form is not None and self.sheet.uses_year:
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
        if getattr(response, "context_data", None) is not None:
            response.context_data["title"] = _("นำเข้า%(noun)s") % {"noun": self.sheet.noun}
        if report is not None:  # the preview: say what confirming will do
            messages.info(request, self.sheet().summary(report, done=False))
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
        """One history entry per object created or changed (the package would log rows)."""
        if self.get_skip_admin_log():
            return
        message = _("นำเข้าจากไฟล์: %(sheet)s") % {"sheet": self.sheet.get_display_name()}
        for flag, objects in self.sheet().logged(result.report):
            if objects:
                LogEntry.objects.log_actions(
                    request.user.pk,
                    objects,
                    flag,
                    change_message=str(message),
                    single_object=len(objects) == 1,
                )

    def add_success_message(self, result, request):
        messages.success(request, self.sheet().summary(result.report, done=True))
        for warning in result.report.warnings:
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
        # A file is always a whole year (or the whole list), so that it can round-trip;
        # the changelist's filters only choose the year offered first.
        return self.model._default_manager.all()

    def init_request_context_data(self, request, form):
        context = super().init_request_context_data(request, form)
        context["title"] = _("ส่งออก%(noun)s") % {"noun": self.sheet.noun}
        chosen = request.GET.get(self.sheet.year_filter, "")
        if "year" in form.fields and not form.is_bound and chosen.isdigit():
            form.initial["year"] = int(chosen)
        return context

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        form = kwargs.get("export_form")
        year = form.cleaned_data.get("year") if form is not None else None
        return self.sheet().exporter(year).render(file_format.get_extension())

    def get_export_filename(self, request, queryset, file_format):
        year = None
        if self.sheet.uses_year:
            chosen = request.POST.get("year", "")
            year = FiscalYear.objects.filter(pk=chosen).first() if chosen.isdigit() else None
            if year is None:
                return super().get_export_filename(request, queryset, file_format)
        return self.sheet().exporter(year).filename(file_format.get_extension())
