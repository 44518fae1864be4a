"""django-import-export glue for the measures table: the admin's import (with its preview
and confirm steps) and export, both through measures.sheets.

A measure spans several rows and a row may continue the method above, so the package's
row-by-row ModelResource cannot read the published layout: `MeasureSheetResource` hands the
rows to measures.sheets (through the shared ita_portal.sheet_admin glue) and previews one
row per method, or lists the problems by row and column.
"""

from __future__ import annotations

import tablib
from django.contrib.admin.models import ADDITION, CHANGE
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from disclosures.models import FiscalYear
from ita_portal.sheet_admin import PreviewRow, SheetAdminMixin, SheetResource

# Re-exported: the procurement import builds its formats on these.
from ita_portal.sheet_admin import SheetCSV as SheetCSV
from ita_portal.sheet_admin import SheetFormat as SheetFormat
from ita_portal.sheet_admin import SheetXLSX as SheetXLSX

from . import sheets
from .models import Measure, Method

PREVIEW_HEADERS = ["แถว", "มาตรการที่", *sheets.HEADERS, *sheets.OWNER_HEADERS, "หมายเหตุ"]


class MeasureSheetResource(SheetResource):
    """The six-column measures table of one fiscal year."""

    layout = sheets.LAYOUT
    display_name = _("ตารางมาตรการ 6 คอลัมน์")
    file_label = _("ไฟล์มาตรการ (.csv หรือ .xlsx)")
    noun = "มาตรการ"
    what = "ตารางมาตรการ"
    year_help = _("ปีที่จะนำมาตรการเข้า หากยังไม่มีปีนี้ ระบบจะสร้างให้")
    export_help = _("ส่งออกมาตรการทั้งหมดของปีในรูปแบบตาราง 6 คอลัมน์ นำกลับเข้ามาได้")

    # measures.sheets' own limit and reader, looked up when used (tests change them).
    @classmethod
    def max_bytes(cls) -> int:
        return sheets.MAX_SHEET_BYTES

    @classmethod
    def read(cls, data: bytes, kind: str) -> list[list[str]]:
        return sheets.read_table(data, kind)

    @classmethod
    def preview_headers(cls) -> list[str]:
        return PREVIEW_HEADERS

    @classmethod
    def export_years(cls):
        return FiscalYear.objects.filter(measures__isnull=False).distinct().order_by("-year")

    def import_rows(self, rows, year, dry_run) -> sheets.ImportReport:
        plan = sheets.parse_rows(rows)
        return sheets.apply_plan(plan, year or 0, dry_run=dry_run)

    def preview(self, report: sheets.ImportReport):
        for outcome in report.outcomes:
            yield PreviewRow(outcome.kind, _preview_cells(outcome))

    def summary(self, report: sheets.ImportReport, done: bool) -> str:
        opening = (
            _("นำเข้าปีงบประมาณ %(year)s แล้ว:") % {"year": report.year} if done else _("เมื่อยืนยันจะ")
        )
        return _summary(report, opening)

    def logged(self, report: sheets.ImportReport):
        """One history entry per measure created or changed (not per method row)."""
        return [(ADDITION, report.measures_created), (CHANGE, report.measures_updated)]

    def exporter(self, year: FiscalYear) -> sheets.MeasureSheet:
        return sheets.MeasureSheet(year)

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        """The measures' rows, year by year (the admin exports one year at a time), with
        the owner columns when any of their methods has an owner."""
        queryset = queryset if queryset is not None else Measure.objects.all()
        owners = Method.objects.filter(measure__in=queryset).filter(
            Q(owner_division__isnull=False) | Q(owner__isnull=False) | Q(due_date__isnull=False)
        )
        with_owners = owners.exists()
        layout = sheets.LAYOUT if with_owners else sheets.PUBLISHED_LAYOUT
        dataset = tablib.Dataset(headers=list(layout.headers))
        years = FiscalYear.objects.filter(measures__in=queryset).distinct().order_by("year")
        for year in years:
            for row in sheets.MeasureSheet(year, queryset, owners=with_owners).rows():
                dataset.append(row)
        return dataset


def _preview_cells(outcome: sheets.Outcome) -> list:
    rows = outcome.rows
    where = "" if not rows else str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"
    return [
        where,
        outcome.measure_number,
        outcome.measure_title,
        outcome.text,
        ", ".join(outcome.units),
        outcome.period,
        outcome.result,
        outcome.recommendation,
        *outcome.owners,
        outcome.note,
    ]


class MeasureSheetAdminMixin(SheetAdminMixin):
    """Import and export of a year's measures table on the measures admin.

    Gated by IMPORT_EXPORT_IMPORT_PERMISSION_CODE ("add") and
    IMPORT_EXPORT_EXPORT_PERMISSION_CODE ("view") in settings.
    """

    resource_classes = [MeasureSheetResource]


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
