"""Spreadsheets staff exchange with the back office, whatever they hold.

Every bulk import and export (the measures table, catalogue items, evidence links,
divisions) shares what is here: reading a CSV or XLSX file into rows of text, finding the
header row under a title block, naming each problem by spreadsheet row (header = row 1) and
Thai column, reading the cells people type (Thai digits, ใช่/ไม่, stray spaces), and writing
rows back out as CSV (UTF-8 with a byte-order mark, so Excel shows the Thai) or XLSX, with
cells a spreadsheet would run as formulas neutralised. Each import describes its columns
with a `Layout` and keeps its own parsing and applying beside its models; the admin side
(django-import-export's preview and confirm) is in ita_portal.sheet_admin.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import thai

MAX_SHEET_BYTES = 10 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: refuse a "zip bomb" before opening
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10  # a title block may sit above the table

# Export prefixes a quote to cells a spreadsheet would run as a formula; import removes it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

NOT_XLSX = "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้: เปิดในโปรแกรมตารางคำนวณแล้วบันทึกเป็น .xlsx หรือ .csv อีกครั้ง"


# --- problems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where a spreadsheet user would look for it."""

    row: int | None
    column: str | None  # a Thai header
    message: str
    cells: tuple[str, ...] = field(default=(), compare=False, repr=False)  # the row, for display

    def __str__(self) -> str:
        where = " ".join(
            part
            for part in (
                f"แถว {self.row}" if self.row else "",
                f"คอลัมน์ {self.column}" if self.column else "",
            )
            if part
        )
        return f"{where}: {self.message}" if where else self.message


class SheetError(Exception):
    """A file that cannot be imported; `problems` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def refuse(message: str) -> SheetError:
    """A SheetError about the whole file."""
    return SheetError([Problem(None, None, message)])


# --- reading files into rows of text -----------------------------------------------------------


def kind_of(filename: str) -> str:
    """The kind of file, "csv" or "xlsx", from its name; SheetError for anything else."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".xls":
        raise refuse("ไฟล์ Excel รุ่นเก่า (.xls) อ่านไม่ได้: บันทึกเป็น .xlsx หรือ .csv ก่อน")
    raise refuse(f"ไม่รู้จักชนิดไฟล์ “{suffix or filename}”: ใช้ไฟล์ .csv หรือ .xlsx")


_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .xls (and old .doc)


def kind_by_content(data: bytes, claimed: str) -> str:
    """The kind the bytes are, whatever the file was named or the format chosen: an XLSX file
    is a ZIP archive, a CSV file is text. SheetError for old Excel and other binary files."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(_OLD_EXCEL):
        raise refuse("ไฟล์ Excel รุ่นเก่า (.xls) อ่านไม่ได้: บันทึกเป็น .xlsx หรือ .csv ก่อน")
    if b"\x00" in data[:4096] or data.startswith(b"%PDF"):
        raise refuse(
            "ไฟล์นี้ไม่ใช่ตาราง CSV หรือ Excel (.xlsx): เปิดในโปรแกรมตารางคำนวณแล้วบันทึกเป็น .xlsx หรือ .csv"
        )
    if claimed == "xlsx" and data.lstrip().startswith((b"<", b"{")):
        raise refuse(NOT_XLSX)  # an HTML or JSON page saved under an .xlsx name
    return "csv"


def megabytes(size: int) -> str:
    """A size in MB as people write it (10, 0.5)."""
    return f"{size / 1024 / 1024:g}"


def too_big(max_bytes: int) -> str:
    return f"ไฟล์ใหญ่เกินไป (เกิน {megabytes(max_bytes)} MB)"


def read_table(
    data: bytes,
    kind: str,
    *,
    max_bytes: int = MAX_SHEET_BYTES,
    max_rows: int = MAX_ROWS,
    header_words: Iterable[str] = (),
    what: str = "ตาราง",
) -> list[list[str]]:
    """The rows of a CSV or XLSX file (its first sheet) as lists of strings.

    `header_words` are header texts of the layout: the CSV line that holds one of them names
    the delimiter. `what` completes "ไฟล์ว่างเปล่า: ไม่มี…" for an empty file.
    """
    if len(data) > max_bytes:
        raise refuse(too_big(max_bytes))
    if not data.strip():
        raise refuse(f"ไฟล์ว่างเปล่า: ไม่มี{what}")
    kind = kind_by_content(data, kind)
    if kind == "xlsx":
        rows = read_xlsx(data, max_rows=max_rows)
    else:
        rows = read_csv(data, max_rows=max_rows, header_words=header_words)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise refuse(f"ไฟล์ว่างเปล่า: ไม่มี{what}")
    return rows


def read_csv(
    data: bytes, *, max_rows: int = MAX_ROWS, header_words: Iterable[str] = ()
) -> list[list[str]]:
    text = decode(data)
    # The header line names the delimiter more reliably than csv.Sniffer, which guesses from
    # the Thai sentences (and their commas) in the cells.
    lines = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    words = [header_key(word) for word in header_words if header_key(word)]
    header = next(
        (line for line in lines if any(word in header_key(line) for word in words)), lines[0]
    )
    delimiter = max((",", ";", "\t"), key=header.count)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > max_rows + 1:
                raise refuse(f"ไฟล์มีเกิน {max_rows:,} แถว")
    except csv.Error as exc:
        raise SheetError([Problem(len(rows) + 1, None, f"อ่านไฟล์ CSV ต่อไม่ได้ ({exc})")]) from exc
    return rows


def decode(data: bytes) -> str:
    # Thai spreadsheets saved on Windows are often TIS-620 (cp874) rather than UTF-8.
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise refuse("อ่านไฟล์ไม่ได้: ไฟล์ CSV ต้องเป็นข้อความ UTF-8 หรือ TIS-620")


def read_xlsx(data: bytes, *, max_rows: int = MAX_ROWS) -> list[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse(NOT_XLSX) from exc
    if unzipped > MAX_UNZIPPED_BYTES:
        raise refuse("ไฟล์ Excel นี้ใหญ่เกินไปเมื่อแตกไฟล์")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise refuse(NOT_XLSX) from exc
    try:
        if not book.worksheets:
            raise refuse("ไฟล์ Excel ไม่มีแผ่นงาน")
        rows = []
        for values in book.worksheets[0].iter_rows(values_only=True):
            rows.append([cell_text(value) for value in values])
            if len(rows) > max_rows + 1:
                raise refuse(f"ไฟล์มีเกิน {max_rows:,} แถว")
        return rows
    finally:
        book.close()


def cell_text(value) -> str:
    """An XLSX cell as the text it shows: 1.0 as "1", a date as "3 ต.ค. 2568"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):  # datetime too
        return date_cell(value)
    return str(value)


def date_cell(value: date | None) -> str:
    """A date as Thai staff write it in a sheet, "3 ต.ค. 2568", whatever the page language
    (Excel keeps it as text: "3/10/2568" would be read as a date, day and month swapped)."""
    if value is None:
        return ""
    # A B.E. year typed into a C.E. calendar (2568-10-03) is already B.E.
    year = value.year if value.year >= 2400 else thai.be_year(value.year)
    return f"{value.day} {thai.THAI_MONTHS_ABBR[value.month]} {year}"


# --- cleaning and reading cells ----------------------------------------------------------------

INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None) | {0xA0: " "}


def header_key(text: str) -> str:
    """A header as compared: no spaces, asterisks or colons, any case."""
    return re.sub(r"[\s*:]", "", str(text).translate(INVISIBLE)).casefold()


def unquote(text: str) -> str:
    """A cell without the quote an export put before formula-like text."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


def clean_line(value: str) -> str:
    """A one-line cell as stored: invisible characters gone, runs of spaces (and line
    breaks) made one space, no spaces around it, no neutralising quote."""
    text = re.sub(r"\s+", " ", str(value).translate(INVISIBLE)).strip()
    return unquote(text)


def clean_block(value: str) -> str:
    """A cell that may hold several lines: line endings made "\\n", no spaces around it, no
    neutralising quote; the text itself is kept as typed."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return unquote(text)


_YES = frozenset(("ใช่", "y", "yes", "true", "1", "✓", "✔", "จริง", "เผยแพร่", "มี"))
_NO = frozenset(("ไม่", "ไม่ใช่", "n", "no", "false", "0", "-", "เท็จ", "ไม่เผยแพร่", "ไม่มี"))
YES_NO_HINT = "ใช้ ใช่ หรือ ไม่"


def yes_no(text: str) -> bool | None:
    """ใช่ → True, ไม่ → False (also yes/no, 1/0, ✓, Thai digits); None if unreadable."""
    key = thai.to_arabic_digits(clean_line(text)).casefold()
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def yes_no_cell(value: bool) -> str:
    return "ใช่" if value else "ไม่"


def whole_number(text: str) -> int | None:
    """A whole number typed as "12", "๑๒" or "1,200"; None if it is not one."""
    value = thai.to_arabic_digits(clean_line(text)).replace(",", "")
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


def has_nul(text: str) -> bool:
    # PostgreSQL cannot store NUL in text; SQLite would keep it silently.
    return "\x00" in text


NUL_MESSAGE = "มีอักขระ NUL (\\0) ซึ่งบันทึกไม่ได้ กรุณาลบออก"


def too_long(text: str, limit: int) -> str | None:
    """The message for a cell longer than its column allows, or None."""
    if len(text) > limit:
        return f"ยาว {len(text):,} ตัวอักษร เกิน {limit:,} ตัวอักษร"
    return None


# --- layouts and their header row --------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a layout: its key in code, its Thai header and what else people call it."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = True  # an optional column left out of a file means "keep what is there"
    width: int = 20  # in an XLSX export
    multiline: bool = False  # a cell may hold several lines (else spaces are tidied to one)
    limit: int | None = None  # the most characters the database column holds


@dataclass
class Header:
    """Where a file's header row is (0-based index) and where each known column sits."""

    index: int
    positions: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    @property
    def row(self) -> int:
        return self.index + 1


class Layout:
    """The columns of a sheet, in the order an export writes them."""

    def __init__(self, columns: Sequence[Column]):
        self.columns = tuple(columns)
        self.keys = tuple(column.key for column in self.columns)
        self.headers = tuple(column.label for column in self.columns)
        self.labels = {column.key: column.label for column in self.columns}
        self.widths = tuple(column.width for column in self.columns)
        self._keys_of: dict[str, str] = {}
        for column in self.columns:
            for text in (column.label, *column.aliases):
                self._keys_of.setdefault(header_key(text), column.key)

    @property
    def header_words(self) -> tuple[str, ...]:
        """Every header text, for spotting the header line of a CSV."""
        return tuple(text for column in self.columns for text in (column.label, *column.aliases))

    def column_of(self, cell: str) -> str | None:
        key = header_key(cell)
        if key in self._keys_of:
            return self._keys_of[key]
        # "ผลการดำเนินการ (รอบ 12 เดือน)": a known header with a note in brackets.
        before, bracket, _rest = key.partition("(")
        return self._keys_of.get(before) if bracket else None

    def expected(self) -> str:
        """The headers a file must have (and may have), as an error message lists them."""
        required = " | ".join(c.label for c in self.columns if c.required)
        optional = " | ".join(c.label for c in self.columns if not c.required)
        return f"{required}; ใส่เพิ่มได้: {optional}" if optional else required

    def find_header(self, rows: Sequence[Sequence[str]]) -> Header:
        """The header row among the first rows (a title block may sit above it), or
        SheetError naming the headers expected; warnings name what will be skipped."""
        best: tuple[int, int, dict[str, int]] | None = None  # (matched, index, positions)
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            positions: dict[str, int] = {}
            for position, cell in enumerate(row):
                key = self.column_of(cell)
                if key and key not in positions:
                    positions[key] = position
            if best is None or len(positions) > best[0]:
                best = (len(positions), index, positions)
            if len(positions) == len(self.keys):
                break
        matched, index, positions = best or (0, 0, {})
        if matched == 0:
            raise SheetError(
                [Problem(1, None, f"ไม่พบหัวตาราง: แถวแรกของตารางต้องมีหัวคอลัมน์ {self.expected()}")]
            )
        missing = [c.label for c in self.columns if c.required and c.key not in positions]
        if missing:
            raise SheetError(
                [
                    Problem(
                        index + 1,
                        None,
                        f"หัวตารางไม่ครบ ขาด {', '.join(missing)} (หัวตารางที่ต้องมี: {self.expected()})",
                        tuple(str(cell) for cell in rows[index]),
                    )
                ]
            )
        warnings: list[str] = []
        if index > 0 and any(any(str(c).strip() for c in row) for row in rows[:index]):
            above = "แถว 1" if index == 1 else f"แถว 1–{index}"
            warnings.append(f"ข้าม{above} ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว {index + 1})")
        used = set(positions.values())
        ignored = [
            clean_line(cell)
            for position, cell in enumerate(rows[index])
            if position not in used and str(cell).strip()
        ]
        if ignored:
            warnings.append("ไม่ได้นำเข้าคอลัมน์ " + ", ".join(f"“{name}”" for name in ignored))
        return Header(index, positions, warnings)

    def raw_cells(self, row: Sequence[str], header: Header) -> tuple[str, ...]:
        """A row's cells in the layout's order ("" for a column the file does not have)."""
        return tuple(
            cell_at(row, header.positions[key]) if key in header.positions else ""
            for key in self.keys
        )

    def data_rows(
        self, rows: Sequence[Sequence[str]], header: Header, problems: list[Problem]
    ) -> Iterator[RowReader]:
        """Each non-empty row below the header, its cells cleaned; problems go to `problems`."""
        for index in range(header.index + 1, len(rows)):
            raw = self.raw_cells(rows[index], header)
            if any(cell.strip() for cell in raw):
                yield RowReader(self, header, index + 1, raw, problems)


class RowReader:
    """One data row of a file: its cleaned cells (None for a column the file does not
    have), and `problem()` to note what is wrong under a column."""

    def __init__(
        self,
        layout: Layout,
        header: Header,
        number: int,
        raw: tuple[str, ...],
        problems: list[Problem],
    ):
        self.layout = layout
        self.number = number
        self.raw = raw
        self._problems = problems
        self.problem_count = 0
        self.cells: dict[str, str | None] = {}
        for column, value in zip(layout.columns, raw, strict=True):
            if column.key not in header.positions:
                self.cells[column.key] = None
                continue
            if has_nul(value):
                self.problem(column.key, NUL_MESSAGE)
                value = value.replace("\x00", "")
            text = clean_block(value) if column.multiline else clean_line(value)
            message = too_long(text, column.limit) if column.limit else None
            if message:
                self.problem(column.key, message)
            self.cells[column.key] = text

    def __getitem__(self, key: str) -> str:
        return self.cells[key] or ""

    def has(self, key: str) -> bool:
        """Whether the file has this column (an optional column left out keeps what is there)."""
        return self.cells[key] is not None

    def problem(self, key: str | None, message: str) -> None:
        label = self.layout.labels[key] if key else None
        self._problems.append(Problem(self.number, label, message, self.raw))
        self.problem_count += 1

    @property
    def ok(self) -> bool:
        return not self.problem_count


def cell_at(row: Sequence[str], index: int) -> str:
    return str(row[index]) if index < len(row) and row[index] is not None else ""


# --- what an import does ------------------------------------------------------------------------


@dataclass
class Outcome:
    """What an import does (or, in a preview, would do) to one thing: "new", "update",
    "unchanged", "kept" (not in the file, but kept) or "removed"."""

    kind: str
    row: int | None  # the spreadsheet row, None for things the file does not list
    cells: list[str]  # in the layout's order, as they are (or will be) stored
    note: str = ""


@dataclass
class SheetReport:
    """What an import did (or would do), with the objects for the admin's history."""

    year: int | None = None
    dry_run: bool = False
    year_created: bool = False
    outcomes: list[Outcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    removed: list = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)

    def counts(self) -> str:
        """ "เพิ่ม 2 ปรับปรุง 1 ไม่เปลี่ยน 20", with deletions and kept things when any."""
        parts = [
            f"เพิ่ม {self.count('new')}",
            f"ปรับปรุง {self.count('update')}",
            f"ไม่เปลี่ยน {self.count('unchanged')}",
        ]
        if self.count("removed"):
            parts.append(f"ลบ {self.count('removed')}")
        if self.count("kept"):
            parts.append(f"คงไว้ {self.count('kept')}")
        return " ".join(parts)


def changed_columns(layout: Layout, before: Sequence[str], after: Sequence[str]) -> str:
    """ "เปลี่ยน ชื่อข้อ, ลำดับ": the columns whose exported cell an update changes."""
    labels = [label for label, a, b in zip(layout.headers, before, after, strict=True) if a != b]
    return "เปลี่ยน " + ", ".join(labels) if labels else ""


# --- writing rows out --------------------------------------------------------------------------


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM (so Excel reads the Thai), the headers, then the rows."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralise(str(cell)) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str,
    widths: Sequence[int] = (),
    landscape: bool = False,
) -> bytes:
    """One sheet: bold headers, wrapped text, every cell text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = re.sub(r"[\\/*?:\[\]]", " ", title)[:31]
    sheet.append(list(headers))
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = wrap
    # Cell by cell at a known row: sheet[sheet.max_row] would rescan the sheet every row.
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(number, column, ILLEGAL_CHARACTERS_RE.sub("", str(value)))
            cell.alignment = wrap
            if cell.data_type == "f":  # text starting with "=": keep it text, not a formula
                cell.data_type = "s"
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    if landscape:
        sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class SheetExport:
    """Rows of a layout as CSV or XLSX bytes; subclasses give the rows, title and file name."""

    layout: Layout
    landscape = False

    def rows(self) -> list[list[str]]:
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def basename(self) -> str:
        raise NotImplementedError

    def csv(self) -> bytes:
        return write_csv(self.layout.headers, self.rows())

    def xlsx(self) -> bytes:
        return write_xlsx(
            self.layout.headers,
            self.rows(),
            title=self.title(),
            widths=self.layout.widths,
            landscape=self.landscape,
        )

    def render(self, kind: str) -> bytes:
        return self.xlsx() if kind == "xlsx" else self.csv()

    def filename(self, kind: str) -> str:
        return f"{self.basename()}.{kind}"
