"""The admin's import (preview, then confirm) and export of a year's procurement list, on the
shared glue of ita_portal.sheet_admin, through the same sheets.py and importing.py as the
import_procurement command.

Besides the year, the import asks for an optional month (for a monthly file without a
เดือน column). A list has thousands of rows: the preview shows the rows that change (the
first PREVIEW_LIMIT of them), and the summary above it counts them all; the admin history
gets one entry on the year, not one per row.
"""

from __future__ import annotations

import tablib
from django import forms
from django.contrib.admin.models import CHANGE
from django.utils.translation import gettext_lazy as _

from disclosures.models import FiscalYear
from ita_portal import thai
from ita_portal.sheet_admin import (
    PreviewRow,
    SheetAdminMixin,
    SheetConfirmImportForm,
    SheetImportForm,
    SheetResource,
)

from . import importing, sheets
from .exports import ProcurementSheet, month_text
from .layout import AMOUNT_KEYS, HEADERS, LABELS, LAYOUT, thai_label
from .models import ProcurementMethod, ProcurementStatus, month_in_year

PREVIEW_LIMIT = 300
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
MONTH_CHOICES = [("", _("ไม่ระบุ")), *((m, thai.THAI_MONTHS[m]) for m in FISCAL_MONTHS)]
PREVIEW_KEYS = (
    "number",
    "month",
    "work_name",
    "budget",
    "method",
    "status",
    "reference_price",
    "agreed_price",
    "supplier",
    "egp_number",
)


class ProcurementResource(SheetResource):
    """A fiscal year's procurement list: the sixteen official columns and เดือน."""

    layout = LAYOUT
    display_name = _("รายการจัดซื้อจัดจ้าง (16 คอลัมน์ตามแบบ ป.ป.ช. และเดือน)")
    file_label = _("ไฟล์รายการจัดซื้อจัดจ้าง (.csv หรือ .xlsx)")
    noun = "รายการจัดซื้อจัดจ้าง"
    what = "ตารางการจัดซื้อจัดจ้าง"
    year_help = _("ปีงบประมาณที่มีอยู่ในระบบแล้ว")
    export_help = _("ส่งออกทุกรายการของปีตามแบบ ป.ป.ช. 16 คอลัมน์และเดือน นำกลับเข้ามาได้")

    month: int | None = None

    @classmethod
    def max_bytes(cls) -> int:
        return sheets.MAX_FILE_BYTES

    @classmethod
    def read(cls, data: bytes, kind: str) -> list[list[str]]:
        return sheets.read_table(data, kind)

    @classmethod
    def check_year(cls, year_be: int) -> str | None:
        if not FiscalYear.objects.filter(year=year_be).exists():
            return _("ไม่พบปีงบประมาณ %(year)s: สร้างปีงบประมาณก่อน") % {"year": year_be}
        return None

    @classmethod
    def preview_headers(cls) -> list[str]:
        return ["แถว", *(LABELS[key] for key in PREVIEW_KEYS), "หมายเหตุ"]

    def import_data(self, dataset, dry_run: bool = False, raise_errors: bool = False, **kwargs):
        self.month = kwargs.get("month")
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_rows(self, rows, year, dry_run) -> importing.ImportReport:
        year = year or 0
        plan = sheets.parse_rows(
            rows,
            year,
            default_month=month_in_year(self.month, year) if self.month else None,
            agency=importing.organisation_columns(),
        )
        return importing.apply_plan(plan, dry_run=dry_run)

    def preview(self, report: importing.ImportReport):
        shown = 0
        for outcome in report.outcomes:
            if outcome.kind == "unchanged":
                continue
            if shown == PREVIEW_LIMIT:
                return
            shown += 1
            kind = "new" if outcome.kind == "empty_month" else outcome.kind
            yield PreviewRow(kind, _preview_cells(outcome))

    def summary(self, report: importing.ImportReport, done: bool) -> str:
        if not done and not report.changes:
            return f"ไฟล์นี้ตรงกับข้อมูลในระบบแล้ว ยืนยันไปก็ไม่มีอะไรเปลี่ยน ({report.summary()})"
        if not done:
            text = f"เมื่อยืนยันจะ{report.summary()}"
            shown = min(PREVIEW_LIMIT, report.created + report.updated)
            if shown < report.created + report.updated:
                text += f" (ตารางด้านล่างแสดง {shown:,} แถวแรกที่เปลี่ยน)"
            return text
        return f"นำเข้ารายการจัดซื้อจัดจ้างของปีงบประมาณ {report.year} แล้ว: {report.summary()}"

    def logged(self, report: importing.ImportReport):
        """One history entry on the year (a list has thousands of rows)."""
        if not report.changes:
            return []
        return [(CHANGE, [FiscalYear.objects.get(year=report.year)])]

    def exporter(self, year: FiscalYear) -> ProcurementSheet:
        return ProcurementSheet(year)

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        """Every year's rows (the admin exports one year at a time, as a file)."""
        dataset = tablib.Dataset(headers=list(HEADERS))
        years = FiscalYear.objects.filter(procurement_rows__isnull=False).distinct()
        for year in years.order_by("year"):
            for row in ProcurementSheet(year).rows():
                dataset.append(row)
        return dataset


def _preview_cells(outcome: importing.Outcome) -> list:
    values = outcome.values
    if outcome.kind == "empty_month":
        said = f"ไม่มีการจัดซื้อจัดจ้าง {values['note']}".strip()
        return [outcome.row, "", month_text(values["month"]), said, *[""] * 7, "บันทึกเดือนที่ไม่มี"]
    cells: list = [outcome.row]
    for key in PREVIEW_KEYS:
        value = values.get(key)
        if key in AMOUNT_KEYS:
            value = thai.format_number(value, 2) if value is not None else ""
        elif key == "month":
            value = month_text(value)
        elif key == "method":
            value = thai_label(ProcurementMethod, value)
        elif key == "status":
            value = thai_label(ProcurementStatus, value)
        cells.append("" if value is None else value)
    cells.append("แก้ " + ", ".join(outcome.changed) if outcome.changed else "")
    return cells


# --- the month on the import forms -----------------------------------------------------------


def _month_field(**kwargs) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("เดือน"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        **kwargs,
    )


class ProcurementImportForm(SheetImportForm):
    month = _month_field(help_text=_("เดือนของรายการที่ไฟล์ไม่ได้ระบุเดือน เช่น ไฟล์รายเดือน (เว้นได้)"))
    field_order = ["resource", "year", "month", "import_file", "format"]


class ProcurementConfirmImportForm(SheetConfirmImportForm):
    month = _month_field(widget=forms.HiddenInput())


class ProcurementSheetAdminMixin(SheetAdminMixin):
    """Import and export of a year's procurement list on the procurement rows' admin.

    Gated by IMPORT_EXPORT_IMPORT_PERMISSION_CODE ("add") and
    IMPORT_EXPORT_EXPORT_PERMISSION_CODE ("view") in settings.
    """

    resource_classes = [ProcurementResource]
    import_form_class = ProcurementImportForm
    confirm_form_class = ProcurementConfirmImportForm

    def get_import_form_initial(self, request):
        initial = super().get_import_form_initial(request)
        asked = request.GET.get("year", "")
        if asked.isdigit():  # the link from a year's procurement page
            initial["year"] = int(asked)
        return initial

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["month"] = import_form.cleaned_data.get("month")
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        month = form.cleaned_data.get("month") if form is not None else None
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["month"] = month
        return kwargs
