"""Reading a procurement list (CSV or XLSX) into a plan, or into every problem it has.

`read_table` turns a file's bytes into rows of text (UTF-8 with or without a BOM, TIS-620
from old Excel, or the sheet of an .xlsx that holds the table); `parse_rows` finds the
header under any title rows (ita_portal.sheets' Layout), reads each row's cells into typed
values and returns a `ProcurementPlan`, or raises SheetError listing every problem by
spreadsheet row (the header is row 1) and column. Nothing here touches the database:
importing.py applies a plan.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ita_portal import sheets as base
from ita_portal import thai
from ita_portal.sheets import Problem, SheetError, refuse

from . import xlsx
from .layout import AGENCY_KEYS, AMOUNT_KEYS, LABELS, LAYOUT, allowed, method_of, status_of
from .models import (
    AMOUNT_MAX_DIGITS,
    EGP_NUMBER_RE,
    ProcurementMethod,
    ProcurementStatus,
    month_outside_year,
)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNZIPPED_BYTES = 20 * MAX_FILE_BYTES  # an .xlsx is a zip: refuse a "zip bomb" first
MAX_PROBLEMS = 200  # listed one by one; the rest are counted
AMOUNT_LIMIT = Decimal(10) ** (AMOUNT_MAX_DIGITS - 2)
# A row that says the month had no procurement ("ไม่มีการจัดซื้อจัดจ้าง", "ไม่มีการจัดซื้อ-จัดจ้าง").
_NO_PROCUREMENT = re.compile(r"^ไม่มี\s*การ\s*จัดซื้อ\s*[-/]?\s*จัดจ้าง\s*[:\-–]?\s*")


@dataclass
class PlannedRow:
    """One row of the file, its cells read into the model's fields."""

    row: int  # as a spreadsheet numbers it
    values: dict[str, object]


@dataclass
class PlannedEmptyMonth:
    """A row that says nothing was bought or hired in its month."""

    row: int
    month: date
    note: str = ""


@dataclass
class ProcurementPlan:
    year: int
    rows: list[PlannedRow]
    empty_months: list[PlannedEmptyMonth] = field(default_factory=list)
    header_row: int = 1
    warnings: list[str] = field(default_factory=list)


# --- files into rows of text ---------------------------------------------------------------


def read_table(data: bytes, kind: str) -> list[list[str]]:
    """The rows of a CSV file, or of the sheet of an XLSX file that holds the table."""
    if len(data) > MAX_FILE_BYTES:
        raise refuse(base.too_big(MAX_FILE_BYTES))
    empty = "ไฟล์ว่างเปล่า: ไม่มีตารางการจัดซื้อจัดจ้าง"
    if not data.strip():
        raise refuse(empty)
    kind = base.kind_by_content(data, kind)
    if kind == "xlsx":
        rows = read_xlsx(data)
    else:
        rows = base.read_csv(data, max_rows=MAX_ROWS, header_words=LAYOUT.header_words)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise refuse(empty)
    return rows


def read_xlsx(data: bytes) -> list[list[str]]:
    """The rows of the sheet that holds the table (a workbook may open with an instructions
    sheet), read by procurement.xlsx: openpyxl takes seconds for a list of 10,000 rows."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(base.NOT_XLSX) from exc
    if unzipped > MAX_UNZIPPED_BYTES:
        raise refuse("ไฟล์ Excel นี้ใหญ่เกินไปเมื่อแตกไฟล์")
    try:
        rows = xlsx.read_rows(data, _has_work_name, header_rows=base.HEADER_SEARCH_ROWS)
    except xlsx.NotAWorkbook as exc:
        raise refuse(base.NOT_XLSX) from exc
    if len(rows) > MAX_ROWS + base.HEADER_SEARCH_ROWS:
        raise refuse(f"ไฟล์มีเกิน {MAX_ROWS:,} แถว: แบ่งเป็นหลายไฟล์")
    return rows


def _has_work_name(row: list[str]) -> bool:
    return any(LAYOUT.column_of(cell) == "work_name" for cell in row)


# --- cells into values ---------------------------------------------------------------------

_AMOUNT = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$|^\.[0-9]+$")
_BLANK_MARKS = ("", "-", "–", "—", "ไม่มี")


_PLAIN_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{1,2})?")


def parse_amount(text: str) -> Decimal | None:
    """Baht from "45,000.00", "45000", "๑๒๐,๐๐๐", "45,000.-" or "45,000 บาท"; None when
    empty or "-". Rounded to satang. ValueError, with the reason in Thai, otherwise."""
    if _PLAIN_AMOUNT.fullmatch(text):  # most cells: no digits to convert, nothing to strip
        amount = Decimal(text.replace(",", ""))
        if amount < AMOUNT_LIMIT:
            return amount.quantize(Decimal("0.01"))
    value = re.sub(r"\s+", "", thai.to_arabic_digits(base.clean_line(text)))
    value = value.removesuffix("บาท")
    if value in _BLANK_MARKS:
        return None
    if re.match(r"^[-−–(]", value) and re.search(r"[0-9]", value):
        raise ValueError(f"จำนวนเงิน “{text.strip()}” ติดลบ: ใส่จำนวนเงินตั้งแต่ 0 ขึ้นไป")
    value = re.sub(r"\.?-+$", "", value)  # "45,000.-"
    if not _AMOUNT.match(value):
        raise ValueError(f"“{text.strip()}” ไม่ใช่จำนวนเงิน: ใช้ตัวเลข เช่น 45,000.00 หรือ 45000")
    try:
        amount = Decimal(value.replace(",", "")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"“{text.strip()}” ไม่ใช่จำนวนเงิน") from exc
    if amount >= AMOUNT_LIMIT:
        raise ValueError(f"จำนวนเงิน {thai.format_number(amount, 2)} มากเกินไป")
    return amount


def _full_be_year(text: str) -> int:
    """A written year as B.E.: 68 → 2568, 2568 stays, 2025 (C.E.) → 2568."""
    year = int(text)
    if len(text) <= 2:
        return 2500 + year
    return year if year >= 2400 else thai.be_year(year)


_MONTH_YEAR = re.compile(r"^([0-9]{1,2})\s*[/\-.]\s*([0-9]{2}|[0-9]{4})$")
_YEAR_MONTH = re.compile(r"^([0-9]{4})\s*[/\-.]\s*([0-9]{1,2})$")


@functools.lru_cache(maxsize=256)  # a list repeats a dozen month cells thousands of times
def parse_month(text: str, year_be: int) -> date:
    """The first day of the month a cell names, inside fiscal year `year_be`.

    Reads "ต.ค. 68", "ตุลาคม 2568", "๑๐/๒๕๖๘", "10/2568", "2025-10", a date ("1/10/2568"),
    and a month alone ("ตุลาคม" or "10": the one inside the fiscal year). ValueError otherwise.
    """
    value = thai.to_arabic_digits(base.clean_line(text)).strip()
    be_month: tuple[int, int] | None = None
    if value.isdigit() and len(value) <= 2:  # "10": October of this fiscal year
        number = int(value)
        start, end = thai.fiscal_year_range(year_be)
        be_month = (thai.be_year(start.year if number >= 10 else end.year), number)
    elif match := _MONTH_YEAR.match(value):
        be_month = (_full_be_year(match[2]), int(match[1]))
    elif match := _YEAR_MONTH.match(value):
        be_month = (_full_be_year(match[1]), int(match[2]))
    elif (day := thai.parse_date(value)) is not None:
        be_month = (thai.be_year(day.year), day.month)
    elif (period := thai.parse_month_period(value)) is not None and period[0] == period[1]:
        be_month = period[0]
    elif (alone := thai.parse_month_period(f"{value} {year_be}")) is not None and (
        alone[0] == alone[1]
    ):
        start, end = thai.fiscal_year_range(year_be)
        month = alone[0][1]
        be_month = (thai.be_year(start.year if month >= 10 else end.year), month)
    if be_month is None or not 1 <= be_month[1] <= 12:
        raise ValueError(f"อ่านเดือน “{text.strip()}” ไม่ได้: ใช้ เช่น ต.ค. 68, ตุลาคม 2568 หรือ 10/2568")
    month = date(thai.ce_year(be_month[0]), be_month[1], 1)
    problem = month_outside_year(month, year_be)
    if problem:
        raise ValueError(problem)
    return month


def parse_egp_number(text: str) -> str:
    """The e-GP project number ("68019123456"); "" when the cell holds no number ("-",
    "ไม่มี"). ValueError for a number Excel wrote in scientific notation or another shape."""
    value = re.sub(r"\s+", "", thai.to_arabic_digits(base.clean_line(text)))
    value = value.lstrip("'")
    if not re.search(r"[0-9]", value):
        return ""
    if re.match(r"^[0-9.]+[eE][+]?[0-9]+$", value):
        raise ValueError(
            f"เลขที่โครงการ “{text.strip()}” ถูก Excel แปลงเป็นเลขยกกำลังจนตัวเลขหาย: "
            "จัดรูปแบบคอลัมน์เป็นข้อความ พิมพ์เลขใหม่ แล้วบันทึกอีกครั้ง"
        )
    if not EGP_NUMBER_RE.match(value):
        raise ValueError(f"เลขที่โครงการ e-GP “{text.strip()}” ต้องเป็นตัวเลข 6–20 หลัก เช่น 68019123456")
    return value


def parse_egp_or_blank(text: str) -> str:
    try:
        return parse_egp_number(text)
    except ValueError:
        return text.strip()


def _parse_int(text: str) -> int | None:
    value = thai.to_arabic_digits(base.clean_line(text)).strip().rstrip(".")
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise ValueError(f"“{text.strip()}” ไม่ใช่ตัวเลข")
    return int(value)


# --- rows into a plan ----------------------------------------------------------------------


def parse_rows(
    rows: Sequence[Sequence[str]],
    year: int,
    default_month: date | None = None,
    agency: dict[str, str] | None = None,
) -> ProcurementPlan:
    """Read the table's rows for fiscal year `year` (B.E.), or raise SheetError listing
    every problem (the first MAX_PROBLEMS of them, and how many more).

    `default_month` is the month of rows without one (the command's --month); `agency`
    fills the organisation's columns that a row leaves empty.
    """
    header = LAYOUT.find_header(rows)
    plan = ProcurementPlan(year=year, rows=[], header_row=header.row, warnings=header.warnings)
    problems: list[Problem] = []
    agency = agency or {}
    egp_rows: dict[str, int] = {}
    month_rows: dict[date, int] = {}
    filled: set[str] = set()
    no_status = 0
    last_number = 0

    for reader in _data_rows(rows, header, problems):
        if _is_total_row(reader):
            plan.warnings.append(f"ข้ามแถว {reader.number} ซึ่งเป็นแถวรวม")
            continue
        values = _read_row(reader, year, default_month)
        if "note" in values:
            if reader.ok:
                empty = PlannedEmptyMonth(reader.number, values["month"], values["note"])
                plan.empty_months.append(empty)
            continue
        egp = values.get("egp_number")
        if egp in egp_rows:
            reader.problem(
                "egp_number",
                f"เลขที่โครงการ e-GP {egp} ซ้ำกับแถว {egp_rows[egp]}: หนึ่งโครงการมีได้แถวเดียว",
            )
        elif egp:
            egp_rows[egp] = reader.number
        if not reader.ok:
            continue
        if values["number"] is None:
            values["number"] = last_number + 1
        last_number = values["number"]
        for key in AGENCY_KEYS:
            if not values[key] and agency.get(key):
                values[key] = agency[key]
                filled.add(key)
        if not values["status"]:
            no_status += 1
        if values["month"] is not None:
            month_rows.setdefault(values["month"], reader.number)
        plan.rows.append(PlannedRow(reader.number, values))

    for empty in plan.empty_months:
        if empty.month in month_rows:
            problems.append(
                Problem(
                    empty.row,
                    LABELS["work_name"],
                    f"แถวนี้บอกว่าเดือน {_month(empty.month)} ไม่มีการจัดซื้อจัดจ้าง "
                    f"แต่แถว {month_rows[empty.month]} เป็นรายการของเดือนเดียวกัน",
                )
            )
    if not plan.rows and not plan.empty_months and not problems:
        problems.append(Problem(header.row, None, "ไม่พบรายการในไฟล์: มีแต่หัวตาราง"))
    if problems:
        problems.sort(key=lambda problem: problem.row or 0)
        if len(problems) > MAX_PROBLEMS:
            more = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS]
            problems.append(Problem(None, None, f"และอีก {more:,} ปัญหา (แก้ที่แสดงแล้วนำเข้าใหม่)"))
        raise SheetError(problems)

    if filled:
        names = ", ".join(LABELS[key] for key in AGENCY_KEYS if key in filled)
        plan.warnings.append(f"เติมคอลัมน์ {names} ที่ว่างจากข้อมูลหน่วยงาน")
    if no_status:
        plan.warnings.append(
            f"{no_status:,} แถวไม่มีสถานะการจัดซื้อจัดจ้าง (แบบฟอร์ม ป.ป.ช. ไม่ให้เว้นช่องว่าง)"
        )
    return plan


def _month(month: date) -> str:
    return thai.format_month_year(thai.be_year(month.year), month.month)


class _Row:
    """One data row: its cleaned cells, and `problem()` to note what is wrong under a column.

    Like ita_portal.sheets.RowReader, with a shortcut for the cells that need no cleaning
    (most of them), which halves the time to read 10,000 rows."""

    def __init__(self, number: int, raw: tuple[str, ...], problems: list[Problem]):
        self.number = number
        self.raw = raw
        self._problems = problems
        self.problem_count = 0
        self.cells: dict[str, str] = {}
        for column, value in zip(LAYOUT.columns, raw, strict=True):
            if value.isprintable() and value == value.strip() and "  " not in value:
                text = (
                    value[1:] if value[:1] == "'" and value[1:2] in base.FORMULA_STARTS else value
                )
            elif base.has_nul(value):
                self.problem(column.key, base.NUL_MESSAGE)
                text = base.clean_line(value.replace("\x00", ""))
            else:
                text = base.clean_block(value) if column.multiline else base.clean_line(value)
            if column.limit and len(text) > column.limit:
                self.problem(column.key, base.too_long(text, column.limit))
            self.cells[column.key] = text

    def __getitem__(self, key: str) -> str:
        return self.cells[key]

    def problem(self, key: str | None, message: str) -> None:
        self._problems.append(Problem(self.number, LABELS[key] if key else None, message, self.raw))
        self.problem_count += 1

    @property
    def ok(self) -> bool:
        return not self.problem_count


def _data_rows(rows, header: base.Header, problems: list[Problem]):
    for index in range(header.index + 1, len(rows)):
        raw = LAYOUT.raw_cells(rows[index], header)
        if any(cell.strip() for cell in raw):
            yield _Row(index + 1, raw, problems)


def _is_total_row(reader: _Row) -> bool:
    """A "รวม" (total) line under the table: no method, the word in its first cells."""
    if reader["method"]:
        return False
    leading = [reader[key] for key in LAYOUT.keys[:8] if reader[key]]
    return bool(leading) and leading[0].startswith("รวม")


def _read_row(reader: _Row, year: int, default_month: date | None) -> dict:
    """The row's values by model field; its problems are noted on the reader.

    A row whose work name says "ไม่มีการจัดซื้อจัดจ้าง" (and has no amounts) comes back as
    {"month", "note"}: the month said explicitly to have had no procurement."""
    values: dict[str, object] = {}
    try:
        values["number"] = _parse_int(reader["number"])
    except ValueError as exc:
        reader.problem("number", str(exc))
    written = re.sub(r"^พ\s*\.?\s*ศ\s*\.?", "", reader["fiscal_year"]).strip()
    if written:
        try:
            given = _full_be_year(str(_parse_int(written)))
        except ValueError:
            reader.problem("fiscal_year", f"“{reader['fiscal_year']}” ไม่ใช่ปี พ.ศ. เช่น {year}")
        else:
            if given != year:
                reader.problem("fiscal_year", f"ปีงบประมาณ {written} ไม่ตรงกับปีที่นำเข้า ({year})")
    for key in (*AGENCY_KEYS, "work_name", "budget_source", "supplier"):
        values[key] = reader[key]

    values["month"] = default_month
    if reader["month"]:
        try:
            values["month"] = parse_month(reader["month"], year)
        except ValueError as exc:
            reader.problem("month", str(exc))

    said_none = _NO_PROCUREMENT.match(values["work_name"])
    amounts = any(reader[key] not in _BLANK_MARKS for key in AMOUNT_KEYS)
    if said_none and not (amounts or parse_egp_or_blank(reader["egp_number"])):
        if values["month"] is None and not reader["month"]:
            reader.problem(
                "month",
                "แถว “ไม่มีการจัดซื้อจัดจ้าง” ต้องบอกเดือน: ใส่ในคอลัมน์ เดือน หรือเลือกเดือนตอนนำเข้า",
            )
        note = values["work_name"][said_none.end() :].strip()
        return {"month": values["month"], "note": note}

    if not values["work_name"]:
        reader.problem("work_name", "ไม่มีชื่อรายการของงานที่ซื้อหรือจ้าง")
    for key in AMOUNT_KEYS:
        try:
            values[key] = parse_amount(reader[key])
        except ValueError as exc:
            reader.problem(key, str(exc))

    values["method"] = method_of(reader["method"]) if reader["method"] else None
    if not reader["method"]:
        reader.problem("method", f"ไม่มีวิธีการจัดซื้อจัดจ้าง: ใช้ได้ {allowed(ProcurementMethod)}")
    elif values["method"] is None:
        reader.problem(
            "method",
            f"ไม่รู้จักวิธีการจัดซื้อจัดจ้าง “{reader['method']}”: ใช้ได้ {allowed(ProcurementMethod)}",
        )
    values["status"] = status_of(reader["status"]) if reader["status"] else ""
    if values["status"] is None:
        reader.problem(
            "status", f"ไม่รู้จักสถานะ “{reader['status']}”: ใช้ได้ {allowed(ProcurementStatus)}"
        )
    try:
        values["egp_number"] = parse_egp_number(reader["egp_number"])
    except ValueError as exc:
        reader.problem("egp_number", str(exc))
    return values
