"""A fiscal year's procurement as open data: CSV, XLSX and JSON bytes.

CSV and XLSX have the sixteen official columns, in the official order and spelling, then
เดือน; they import back unchanged (import_procurement). CSV is UTF-8 with a byte-order mark
so that Excel reads the Thai; cells a spreadsheet would run as formulas are neutralised.
JSON carries the same rows under a small data dictionary (DATA_DICTIONARY).
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.utils import translation

from disclosures.models import FiscalYear
from ita_portal.sheets import SheetExport

from .layout import AMOUNT_KEYS, HEADERS, KEYS, LABELS, LAYOUT
from .models import (
    NoProcurementMonth,
    ProcurementMethod,
    ProcurementRow,
    ProcurementStatus,
    month_label,
)
from .xlsx import write_workbook

# (name, type, unit, description); titles are the official headers (LABELS).
DATA_DICTIONARY: tuple[tuple[str, str, str | None, str], ...] = (
    ("number", "integer", None, "ลำดับในบัญชีรายการ"),
    ("fiscal_year", "integer", None, "ปีงบประมาณ พ.ศ. (1 ต.ค. – 30 ก.ย.)"),
    ("agency_name", "string", None, ""),
    ("district", "string", None, ""),
    ("province", "string", None, ""),
    ("ministry", "string", None, ""),
    ("agency_type", "string", None, ""),
    ("work_name", "string", None, ""),
    ("budget", "number", "บาท", "ทศนิยม 2 ตำแหน่ง; null เมื่อไม่ระบุ"),
    ("budget_source", "string", None, ""),
    ("status", "string", None, "ค่าหนึ่งใน values"),
    ("method", "string", None, "ค่าหนึ่งใน values"),
    ("reference_price", "number", "บาท", "ทศนิยม 2 ตำแหน่ง; null เมื่อไม่ระบุ"),
    ("agreed_price", "number", "บาท", "ทศนิยม 2 ตำแหน่ง; null เมื่อไม่ระบุ"),
    ("supplier", "string", None, ""),
    ("egp_number", "string", None, "ตัวเลขล้วน เก็บเป็นข้อความ; ว่างเมื่อไม่มี"),
    ("month", "string", None, "เดือนที่จัดซื้อจัดจ้าง ปี ค.ศ.-เดือน (YYYY-MM); null เมื่อไม่ระบุ"),
)
_VALUES = tuple(key for key in KEYS if key != "fiscal_year")  # the year is the year


def amount_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class ProcurementSheet(SheetExport):
    """A fiscal year's procurement rows as CSV, XLSX or JSON bytes."""

    layout = LAYOUT

    def __init__(self, year: FiscalYear):
        self.year = year

    def title(self) -> str:
        return f"จัดซื้อจัดจ้าง {self.year.year}"

    def basename(self) -> str:
        return f"procurement-{self.year.year}"

    def records(self) -> list[dict]:
        """The rows as plain values, in list order (one query)."""
        rows = ProcurementRow.objects.filter(year=self.year).in_list_order().values(*_VALUES)
        with translation.override("th"):
            methods = {c.value: str(c.label) for c in ProcurementMethod}
            statuses = {c.value: str(c.label) for c in ProcurementStatus}
        records = []
        for row in rows:
            row["fiscal_year"] = self.year.year
            row["method"] = methods.get(row["method"], row["method"])
            row["status"] = statuses.get(row["status"], row["status"])
            records.append(row)
        return records

    def rows(self) -> list[list[str]]:
        """The rows as the text of the spreadsheet's cells, in KEYS order."""
        table = []
        for record in self.records():
            cells = []
            for key in KEYS:
                value = record[key]
                if key in AMOUNT_KEYS:
                    cells.append(amount_text(value))
                elif key == "month":
                    cells.append(month_text(value))
                else:
                    cells.append("" if value is None else str(value))
            table.append(cells)
        return table

    def xlsx(self) -> bytes:
        """One sheet: bold headers, numbers as numbers (baht with two decimals), text as
        text (never a formula), the header row frozen. Written by procurement.xlsx rather
        than SheetExport's openpyxl, which takes seconds for 10,000 rows."""
        rows = []
        for record in self.records():
            row = []
            for key in KEYS:
                value = record[key]
                row.append(month_text(value) if key == "month" else value)
            rows.append(row)
        return write_workbook(self.title(), HEADERS, rows, widths=self.layout.widths)

    def json(self) -> bytes:
        titles = LABELS
        with translation.override("th"):
            values = {
                "method": [str(c.label) for c in ProcurementMethod],
                "status": [str(c.label) for c in ProcurementStatus],
            }
        columns = []
        for name, kind, unit, description in DATA_DICTIONARY:
            column = {"name": name, "title": titles[name], "type": kind, "unit": unit}
            if description:
                column["description"] = description
            if name in values:
                column["values"] = values[name]
            columns.append(column)
        rows = []
        for record in self.records():
            row = {}
            for name, *_rest in DATA_DICTIONARY:
                value = record[name]
                if name in AMOUNT_KEYS:
                    value = None if value is None else float(value)
                elif name == "month":
                    value = value.strftime("%Y-%m") if value else None
                row[name] = value
            rows.append(row)
        empty = NoProcurementMonth.objects.filter(year=self.year).order_by("month")
        document = {
            "dataset": "procurement",
            "title": f"ข้อมูลการจัดซื้อจัดจ้าง ปีงบประมาณ พ.ศ. {self.year.year}",
            "year": self.year.year,
            "columns": columns,
            "rows": rows,
            "no_procurement_months": [
                {"month": record.month.strftime("%Y-%m"), "note": record.note} for record in empty
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    def render(self, kind: str) -> bytes:
        """The file of that kind ("csv", "xlsx", "json"); Thai whatever the page language."""
        with translation.override("th"):
            return {"csv": self.csv, "xlsx": self.xlsx, "json": self.json}[kind]()


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def month_text(month) -> str:
    return month_label(month) if month else ""
