"""The measures table as organisations publish it: reading, applying and writing it.

The layout has six Thai columns (HEADERS), and may have three more that the back office adds:
each method's owning division, responsible person and due date (OWNER_HEADERS; a file
without them keeps what methods have). Each row is one method; a row whose measure cell
is empty (or repeats the measure above) continues that measure, and a row with no method
text but a result or recommendation continues the method above. Reading and applying are
separate, like the catalogue loader's: `parse_rows` turns the rows of a CSV or XLSX file
into a `SheetPlan` or raises `SheetError` listing every problem by spreadsheet row (the
header is row 1) and column; `apply_plan` writes a plan in one transaction and never deletes
a method that already has progress, evidence or a status; `MeasureSheet` writes a year back
out in the same layout, so that a file round-trips.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from disclosures.bulk import OWNER_COLUMNS, OWNER_KEYS, Assignees, owner_cells
from disclosures.models import FiscalYear
from ita_portal import sheets as base
from ita_portal import thai

# Re-exported: the admin, the commands, procurement and the tests name them through this
# module.
from ita_portal.sheets import FORMULA_STARTS as FORMULA_STARTS
from ita_portal.sheets import MAX_ROWS, Column, Layout
from ita_portal.sheets import Problem as Problem
from ita_portal.sheets import SheetError as SheetError
from ita_portal.sheets import kind_of as kind_of
from ita_portal.sheets import megabytes as megabytes
from ita_portal.sheets import neutralise as neutralise

from .models import Division, Measure, Method

# --- the layout ------------------------------------------------------------------------------

# "มาตรการ" or "แนวทาง" alone also name the first column. The six columns organisations
# publish; then the owners, which the back office adds (the items sheet has the same ones).
PUBLISHED_LAYOUT = Layout(
    [
        Column("measure", "มาตรการ/แนวทาง", aliases=("มาตรการ", "แนวทาง"), width=40),
        Column("method", "วิธีการดำเนินการ", width=50),
        Column("responsible", "ผู้รับผิดชอบ", width=22),
        Column("period", "ระยะเวลาดำเนินการ", width=20),
        Column("result", "ผลการดำเนินการ", width=50),
        Column("recommendation", "ข้อเสนอแนะ", width=35),
    ]
)
LAYOUT = Layout([*PUBLISHED_LAYOUT.columns, *OWNER_COLUMNS])
KEYS = LAYOUT.keys
HEADERS = PUBLISHED_LAYOUT.headers
OWNER_HEADERS = tuple(column.label for column in OWNER_COLUMNS)
LABELS = LAYOUT.labels

MAX_SHEET_BYTES = base.MAX_SHEET_BYTES
MAX_TEXT_CHARS = 20_000
YEAR_RANGE = (2500, 2700)  # FiscalYear.year's validators, which get_or_create does not run
MAX_MEASURE_NUMBER = 32767  # PositiveSmallIntegerField

# The database's limits for the short columns; long texts get a sane limit.
CELL_LIMITS = {
    "measure": MAX_TEXT_CHARS,
    "method": MAX_TEXT_CHARS,
    "responsible": Method._meta.get_field("responsible_text").max_length,
    "period": Method._meta.get_field("period_text").max_length,
    "result": MAX_TEXT_CHARS,
    "recommendation": MAX_TEXT_CHARS,
    "owner_division": Division._meta.get_field("name").max_length,
    "owner": 254,  # an e-mail address at most
    "due_date": 40,
}
DIVISION_NAME_LIMIT = Division._meta.get_field("name").max_length

_INVISIBLE = base.INVISIBLE
_NOT_XLSX = base.NOT_XLSX


@dataclass
class PlannedMethod:
    rows: list[int]  # spreadsheet rows; more than one when a row continued it
    order: int
    text: str = ""
    responsible_text: str = ""
    units: list[str] = field(default_factory=list)  # normalised division names
    period_text: str = ""
    period_row: int = 0
    start: tuple[int, int] | None = None  # (B.E. year, month)
    end: tuple[int, int] | None = None
    result: str = ""
    recommendation: str = ""
    # The owner columns the file has: {"owner_division": Division | None, "owner": User |
    # None, "due_date": date | None}; a column the file lacks is not here (keep the method's).
    owners: dict = field(default_factory=dict)
    owners_row: int = 0


@dataclass
class PlannedMeasure:
    row: int
    number: int
    title: str
    cell: str  # the measure cell as read, to recognise a repeated cell
    methods: list[PlannedMethod] = field(default_factory=list)


@dataclass
class SheetPlan:
    measures: list[PlannedMeasure]
    header_row: int = 1
    warnings: list[str] = field(default_factory=list)


# --- reading files into rows of text -------------------------------------------------------


def read_table(data: bytes, kind: str) -> list[list[str]]:
    """The rows of a CSV or XLSX measures file (its first sheet) as lists of strings."""
    return base.read_table(
        data,
        kind,
        max_bytes=MAX_SHEET_BYTES,
        max_rows=MAX_ROWS,
        # The responsible column's header names the CSV delimiter: the measure and method
        # headers hold a "/" and often sit under merged title cells.
        header_words=("ผู้รับผิดชอบ",),
        what="ตารางมาตรการ",
    )


# --- cleaning cell text ----------------------------------------------------------------------

_HTML_TAG = re.compile(
    r"</?(?:p|br|div|li|ul|ol|span|strong|b|i|u|em|a|font|table|tbody|thead|tr|td|th|h[1-6])\b[^>]*>",
    re.IGNORECASE,
)
_HTML_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


class _TextFromHTML(HTMLParser):
    """Plain text from simple cell markup: blocks and <br> become line breaks, links keep
    their address, every other tag is dropped (its text kept)."""

    BLOCKS = frozenset(
        ("p", "div", "li", "ul", "ol", "tr", "table", "tbody", "thead", "blockquote")
        + ("h1", "h2", "h3", "h4", "h5", "h6")
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []  # (href, where its text starts)
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "br" or tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.links.append((href.strip(), len(self.parts)))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            if href and href not in "".join(self.parts[start:]):
                self.parts.append(f" {href}")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


def markup_to_text(value: str) -> str:
    """Cell markup (<p>, <br>, <li>, entities) as plain lines; text without tags is kept."""
    if _HTML_TAG.search(value):
        parser = _TextFromHTML()
        parser.feed(value)
        parser.close()
        return parser.text()
    if _HTML_ENTITY.search(value):
        return html.unescape(value)
    return value


_NUMBER_MARK = re.compile(r"(?<=\s)([0-9๐-๙]{1,2})[.)](?![0-9๐-๙])")


def split_numbered(line: str) -> list[str]:
    """Split "1. ก 2. ข 3. ค" on one line into three lines; other lines stay as they are.

    Only a line that starts with 1. is split, and only before 2., 3., ... in sequence, so
    that "ภายใน 2 สัปดาห์" or a lone "ข้อ 3." stays in its paragraph.
    """
    if not re.match(r"^[(]?[1๑][.)]", line):
        return [line]
    cuts, expected = [], 2
    for match in _NUMBER_MARK.finditer(line):
        if int(thai.to_arabic_digits(match[1])) == expected:
            cuts.append(match.start())
            expected += 1
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    return [line[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]


def clean_text(value: str) -> str:
    """A cell as stored: markup turned into lines, invisible characters and runs of spaces
    removed, one paragraph a line, inline numbered paragraphs split. Nothing else is lost."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = markup_to_text(text).translate(_INVISIBLE)
    lines: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\f\v]+", " ", line).strip()
        if line:
            lines.extend(split_numbered(line))
    return base.unquote("\n".join(lines))


# --- headers, measure numbers, divisions -----------------------------------------------------


header_key = base.header_key


_PREFIXED_NUMBER = re.compile(
    r"^(?:มาตรการ|แนวทาง)\s*ที่\s*([0-9๐-๙]{1,5})(?![0-9๐-๙.])\s*[.:)\-–]?\s*"
)
_BARE_NUMBER = re.compile(r"^\(?([0-9๐-๙]{1,5})\s*[.)](?![0-9๐-๙])\s*")


def split_measure_number(cell: str) -> tuple[int | None, str]:
    """(number, title) from "1. ...", "๑.…", "(2) …", "มาตรการที่ 3 …"; (None, cell) if unnumbered.

    The number goes to Measure.number; the title keeps everything after it, since pages and
    exports print the number themselves.
    """
    match = _PREFIXED_NUMBER.match(cell) or _BARE_NUMBER.match(cell)
    if not match:
        return None, cell
    return int(thai.to_arabic_digits(match[1])), cell[match.end() :].strip()


_UNIT_PREFIX = "(?:กอง|สำนัก|ฝ่าย|งาน|ส่วน|หน่วย|ศูนย์|กลุ่ม|ทุก)"
# "และ" or "/" only separate units when a unit name follows ("กองคลังและกองช่าง"); inside
# "กองสาธารณสุขและสิ่งแวดล้อม" it is part of the name.
_UNIT_SEPARATOR = re.compile(
    rf"\s*[,;，、\n]\s*|\s+และ\s+|\s*และ(?={_UNIT_PREFIX}\S{{2}})|\s*/\s*(?={_UNIT_PREFIX}\S{{2}})"
)
_UNIT_BULLET = re.compile(r"^(?:และ\s*|[-–•*·]+\s*|\(?[0-9๐-๙]{1,2}[.)]\s*)+")
_THAI_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # vowels and tone marks written above/below


def normalise_division_name(name: str) -> str:
    """A division name without stray, doubled or invisible spaces ("กอง คลัง " → "กองคลัง")."""
    text = re.sub(r"\s+", " ", str(name).translate(_INVISIBLE)).strip()
    text = re.sub(rf"\s+(?=[{_THAI_MARK}])", "", text)
    return re.sub(rf"^({_UNIT_PREFIX}) (?=[\u0e01-\u0e2e])", r"\1", text)


def division_key(name: str) -> str:
    return re.sub(r"\s+", "", normalise_division_name(name)).casefold()


def is_everyone_name(name: str) -> bool:
    return normalise_division_name(name).startswith("ทุก")


def split_units(text: str) -> list[str]:
    """The divisions named in a responsible cell, normalised, each once, in order."""
    units: list[str] = []
    seen: set[str] = set()
    for piece in _UNIT_SEPARATOR.split(text):
        name = normalise_division_name(_UNIT_BULLET.sub("", piece.strip()).rstrip(".,;: "))
        if name and division_key(name) not in seen:
            seen.add(division_key(name))
            units.append(name)
    return units


_PERIOD_SEPARATOR = re.compile(r"\s*(?:จนถึง|ถึง|[-–—−])\s*")


def _ends_before_start(text: str) -> bool:
    """Whether a period reads as two points, both with a year, the second one earlier."""
    parts = _PERIOD_SEPARATOR.split(thai.to_arabic_digits(text).strip())
    if len(parts) != 2:
        return False
    start, end = thai.parse_month_period(parts[0]), thai.parse_month_period(parts[1])
    return bool(start and end and end[0] < start[0])


# --- parsing rows into a plan ----------------------------------------------------------------


def parse_rows(rows: Sequence[Sequence[str]]) -> SheetPlan:
    """Read the table's rows into measures and methods, or raise SheetError listing every
    problem (row numbers as a spreadsheet shows them)."""
    header = LAYOUT.find_header(rows)
    header_index, warnings = header.index, header.warnings
    # Divisions and staff are looked up only for a file with owner columns.
    assignees = Assignees() if set(OWNER_KEYS) & set(header.positions) else None
    problems: list[Problem] = []
    measures: list[PlannedMeasure] = []
    rows_of_number: dict[int, int] = {}
    raw_rows: dict[int, tuple[str, ...]] = {}
    current: PlannedMeasure | None = None

    for index in range(header_index + 1, len(rows)):
        row_number = index + 1
        raw = LAYOUT.raw_cells(rows[index], header)
        if not any(cell.strip() for cell in raw):
            continue
        raw_rows[row_number] = raw
        cells = _clean_cells(raw, row_number, problems)
        if not any(cells.values()):
            continue

        def problem(key: str | None, message: str, row_number=row_number, raw=raw) -> None:
            problems.append(Problem(row_number, LABELS[key] if key else None, message, raw))

        starts_measure = bool(cells["measure"]) and (
            current is None or cells["measure"] != current.cell
        )
        if starts_measure:
            number, title = split_measure_number(cells["measure"])
            if number is None:
                number = (current.number + 1) if current else 1
            elif not 1 <= number <= MAX_MEASURE_NUMBER:
                problem("measure", f"เลขมาตรการ {number} ใช้ไม่ได้")
            if number in rows_of_number:
                problem("measure", f"มาตรการที่ {number} ซ้ำกับแถว {rows_of_number[number]}")
            rows_of_number.setdefault(number, row_number)
            if not title:
                problem("measure", "มีแต่เลขมาตรการ ไม่มีชื่อมาตรการ")
            current = PlannedMeasure(row_number, number, title, cells["measure"])
            measures.append(current)

        details = [
            cells[key] for key in ("responsible", "period", "result", "recommendation", *OWNER_KEYS)
        ]
        if not cells["method"] and not any(details):
            continue
        if current is None:
            what = "มีวิธีการดำเนินการ" if cells["method"] else "มีข้อมูลวิธีการ"
            problem("measure", f"{what}แต่ยังไม่มีมาตรการ: ใส่ชื่อมาตรการในแถวนี้หรือแถวก่อนหน้า")
            continue
        if cells["method"] or starts_measure or not current.methods:
            current.methods.append(PlannedMethod(rows=[row_number], order=len(current.methods) + 1))
        elif not (cells["result"] or cells["recommendation"]):
            problem(
                "method",
                "มีผู้รับผิดชอบหรือระยะเวลา แต่ไม่มีวิธีการดำเนินการ ผลการดำเนินการ หรือข้อเสนอแนะ",
            )
            continue
        else:
            current.methods[-1].rows.append(row_number)
        _fill_method(current.methods[-1], cells, row_number, problem, warnings)
        if assignees is not None:
            _fill_owners(
                current.methods[-1], cells, header.positions, assignees, row_number, problem
            )

    for measure in measures:
        for method in measure.methods:
            _finish_method(method, problems)
    if not measures and not problems:
        problems.append(Problem(None, None, "ไม่พบมาตรการในไฟล์: มีแต่หัวตาราง"))
    if problems:
        # Each problem shows its row's cells, also those found once the rows were read.
        problems = [
            p if p.cells or p.row not in raw_rows else replace(p, cells=raw_rows[p.row])
            for p in problems
        ]
        raise SheetError(sorted(problems, key=lambda problem: problem.row or 0))
    return SheetPlan(measures=measures, header_row=header_index + 1, warnings=warnings)


def _clean_cells(raw: tuple[str, ...], row_number: int, problems: list[Problem]) -> dict:
    cells = {}
    for key, value in zip(KEYS, raw, strict=True):
        if "\x00" in value:
            # PostgreSQL cannot store NUL in text; SQLite would keep it silently.
            problems.append(
                Problem(row_number, LABELS[key], "มีอักขระ NUL (\\0) ซึ่งบันทึกไม่ได้ กรุณาลบออก", raw)
            )
            value = value.replace("\x00", "")
        text = clean_text(value)
        if len(text) > CELL_LIMITS[key]:
            problems.append(
                Problem(
                    row_number,
                    LABELS[key],
                    f"ยาว {len(text):,} ตัวอักษร เกิน {CELL_LIMITS[key]:,} ตัวอักษร",
                    raw,
                )
            )
        cells[key] = text
    return cells


def _fill_method(method: PlannedMethod, cells: dict, row_number: int, problem, warnings) -> None:
    """Put a row's cells on a method; a continuation row adds to what is there."""
    if cells["method"]:
        method.text = cells["method"]
    if cells["responsible"]:
        if cells["responsible"] not in method.responsible_text:
            method.responsible_text = _join(method.responsible_text, cells["responsible"], ", ")
        for name in split_units(cells["responsible"]):
            if len(name) > DIVISION_NAME_LIMIT:
                problem("responsible", f"ชื่อส่วนราชการยาวเกิน {DIVISION_NAME_LIMIT} ตัวอักษร")
            elif division_key(name) not in {division_key(u) for u in method.units}:
                method.units.append(name)
    if cells["period"] and cells["period"] != method.period_text:
        if method.period_text:
            warnings.append(
                f"แถว {row_number}: ระยะเวลา “{cells['period']}” ต่อท้ายระยะเวลาของวิธีการแถว "
                f"{method.rows[0]} ซึ่งอ่านเป็นเดือนไม่ได้แล้ว"
            )
        else:
            method.period_row = row_number
        method.period_text = _join(method.period_text, cells["period"], ", ")
    method.result = _join(method.result, cells["result"], "\n")
    method.recommendation = _join(method.recommendation, cells["recommendation"], "\n")


def _fill_owners(
    method: PlannedMethod, cells: dict, positions, assignees, row_number: int, problem
) -> None:
    """A row's owner cells, on its method. A continuation row may leave them empty or repeat
    them; other owners than on the method's first row are a mistake to point at."""
    given = {key: cells[key] if key in positions else None for key in OWNER_KEYS}
    if not method.owners_row:
        method.owners = assignees.read(given, problem)
        method.owners_row = row_number
        return
    repeated = assignees.read({key: value for key, value in given.items() if value}, problem)
    for key, value in repeated.items():
        if method.owners.get(key) != value:
            message = _("ไม่ตรงกับแถว %(row)s ซึ่งเป็นวิธีการเดียวกัน") % {"row": method.owners_row}
            problem(key, message)


def _join(before: str, more: str, separator: str) -> str:
    return separator.join(part for part in (before, more) if part)


def _finish_method(method: PlannedMethod, problems: list[Problem]) -> None:
    """Read the period into months, and check what continuation rows may have made too long."""
    for name, key in (("responsible_text", "responsible"), ("period_text", "period")):
        value = getattr(method, name)
        if len(method.rows) > 1 and len(value) > CELL_LIMITS[key]:
            problems.append(
                Problem(
                    method.rows[0],
                    LABELS[key],
                    f"รวมกับแถวต่อเนื่องแล้วยาว {len(value):,} ตัวอักษร เกิน {CELL_LIMITS[key]:,}",
                )
            )
    if not method.period_text:
        return
    parsed = thai.parse_month_period(method.period_text)
    if parsed:
        method.start, method.end = parsed
    elif _ends_before_start(method.period_text):
        problems.append(
            Problem(
                method.period_row or method.rows[0],
                LABELS["period"],
                f"ระยะเวลา “{method.period_text}” สิ้นสุดก่อนเริ่มต้น",
            )
        )


# --- applying a plan to a year ---------------------------------------------------------------


@dataclass
class Outcome:
    """What an import does (or would do) to one method, for previews."""

    kind: str  # "new", "update", "unchanged", "removed", "kept"
    measure_number: int
    measure_title: str
    rows: list[int]
    text: str
    units: list[str]
    period: str
    result: str
    recommendation: str
    note: str = ""
    owners: list[str] = field(default_factory=lambda: ["", "", ""])  # as OWNER_HEADERS


@dataclass
class ImportReport:
    year: int
    dry_run: bool = False
    year_created: bool = False
    measures_created: list[Measure] = field(default_factory=list)
    measures_updated: list[Measure] = field(default_factory=list)
    measures_unchanged: list[Measure] = field(default_factory=list)
    measures_not_in_file: list[str] = field(default_factory=list)  # kept, never deleted
    methods_created: int = 0
    methods_updated: int = 0
    methods_unchanged: int = 0
    methods_removed: list[str] = field(default_factory=list)
    methods_kept: list[str] = field(default_factory=list)  # not in the file, but has work
    divisions_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


class _DryRunRollback(Exception):
    pass


def apply_plan(plan: SheetPlan, year_be: int, dry_run: bool = False) -> ImportReport:
    """Write a plan into a fiscal year (created if missing); with dry_run, report only.

    Measures are matched by number, methods by text, then by a similar text (so that a
    corrected method keeps its progress updates). Measures the file does not list are kept;
    methods it does not list are deleted unless they have progress updates, attachments or a
    status, which are kept and reported.
    """
    if not YEAR_RANGE[0] <= year_be <= YEAR_RANGE[1]:
        raise SheetError([Problem(None, None, f"ปีงบประมาณ {year_be} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569")])
    report = ImportReport(year=year_be, dry_run=dry_run, warnings=list(plan.warnings))
    try:
        with transaction.atomic():
            _apply(plan, year_be, report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _apply(plan: SheetPlan, year_be: int, report: ImportReport) -> None:
    from disclosures.catalog import ensure_structure

    year, report.year_created = FiscalYear.objects.get_or_create(year=year_be)
    if report.year_created:
        ensure_structure(year)  # as the catalogue loader does: measures may target indicators
    divisions = _Divisions(report)
    methods = (
        Method.objects.order_by("order", "pk")
        .select_related("owner_division", "owner")
        .prefetch_related("units")
        .annotate(
            _updates=Count("updates", distinct=True),
            _attachments=Count("attachments", distinct=True),
        )
    )
    existing = {
        measure.number: measure
        for measure in year.measures.prefetch_related(Prefetch("methods", queryset=methods))
    }
    for planned in plan.measures:
        measure = existing.pop(planned.number, None)
        first_outcome = len(report.outcomes)
        if measure is None:
            measure = Measure(year=year, number=planned.number, title=planned.title)
            _save(measure, planned.row, {"title": "measure", "number": "measure"})
            _sync_methods(measure, planned, [], divisions, report)
            report.measures_created.append(measure)
            kind = "new"
        else:
            title_changed = measure.title != planned.title
            if title_changed:
                measure.title = planned.title
                _save(measure, planned.row, {"title": "measure"})
            current = list(measure.methods.all())
            if _sync_methods(measure, planned, current, divisions, report) or title_changed:
                report.measures_updated.append(measure)
            else:
                report.measures_unchanged.append(measure)
            kind = "update" if title_changed else "unchanged"
        outcomes = report.outcomes[first_outcome:]
        if not outcomes:  # a measure without methods still shows in previews
            report.outcomes.append(
                Outcome(kind, measure.number, measure.title, [planned.row], "", [], "", "", "")
            )
        elif kind == "update" and outcomes[0].kind == "unchanged":
            outcomes[0].kind, outcomes[0].note = "update", "ชื่อมาตรการเปลี่ยน"
    for measure in sorted(existing.values(), key=lambda m: m.number):
        report.measures_not_in_file.append(str(measure))


SIMILAR_TEXT = 0.6  # a corrected method keeps its progress; a different one does not take it


def _similarity(a: str, b: str) -> float:
    if not (a and b):
        return 0.0
    # The openings are enough to recognise a corrected method, and keep this fast.
    return difflib.SequenceMatcher(None, a[:1000], b[:1000]).ratio()


def _sync_methods(measure, planned: PlannedMeasure, current: list[Method], divisions, report):
    """Make a measure's methods those of the file; True when anything changed."""
    unmatched = list(current)
    pairs: list[tuple[PlannedMethod, Method | None]] = []
    for method in planned.methods:  # the same text first ...
        match = next((m for m in unmatched if m.text == method.text), None)
        if match is not None:
            unmatched.remove(match)
        pairs.append((method, match))
    for position, (method, match) in enumerate(pairs):  # ... then a text edited a little
        if match is None and unmatched:
            score, match = max(
                ((_similarity(method.text, m.text), m) for m in unmatched), key=lambda p: p[0]
            )
            if score >= SIMILAR_TEXT:
                unmatched.remove(match)
                pairs[position] = (method, match)

    changed = False
    for method, instance in pairs:
        units = [divisions.get(name) for name in method.units]
        start, end = method.start, method.end
        if start is None and method.period_text:  # "ตลอดปีงบประมาณ" is this measure's year
            start, end = thai.parse_whole_fiscal_year(method.period_text, measure.year.year) or (
                None,
                None,
            )
        values = {
            "order": method.order,
            "text": method.text,
            "responsible_text": method.responsible_text,
            "period_text": method.period_text,
            "start_year": start[0] if start else None,
            "start_month": start[1] if start else None,
            "end_year": end[0] if end else None,
            "end_month": end[1] if end else None,
            "result": method.result,
            "recommendation": method.recommendation,
            **_owner_fields(method.owners),
        }
        owners = _owners_shown(method, instance)
        if instance is None:
            instance = Method(measure=measure, **values)
            kind = "new"
        elif any(getattr(instance, k) != v for k, v in values.items()) or {
            u.pk for u in instance.units.all()
        } != {u.pk for u in units}:
            for name, value in values.items():
                setattr(instance, name, value)
            kind = "update"
        else:
            kind = "unchanged"
        if kind != "unchanged":
            _save(instance, method.rows[0], _METHOD_COLUMNS)
            instance.units.set(units)
            changed = True
        if kind == "new":
            report.methods_created += 1
        elif kind == "update":
            report.methods_updated += 1
        else:
            report.methods_unchanged += 1
        report.outcomes.append(_outcome(kind, measure, method, [u.name for u in units], owners))

    for instance in unmatched:
        label = f"มาตรการที่ {measure.number}: {instance.text[:60] or '(ไม่มีข้อความ)'}"
        has_work = (
            instance._updates
            or instance._attachments
            or instance.status != Method.Status.NOT_STARTED
        )
        kind = "kept" if has_work else "removed"
        report.outcomes.append(
            Outcome(
                kind=kind,
                measure_number=measure.number,
                measure_title=measure.title,
                rows=[],
                text=instance.text,
                units=[u.name for u in instance.units.all()],
                period=instance.period_display,
                result=instance.result,
                recommendation=instance.recommendation,
                owners=owner_cells(instance.owner_division, instance.owner, instance.due_date),
                note=(
                    "ไม่มีในไฟล์ แต่มีความคืบหน้า หลักฐาน หรือสถานะแล้ว จึงคงไว้"
                    if has_work
                    else "ไม่มีในไฟล์ ลบออก"
                ),
            )
        )
        if has_work:
            report.methods_kept.append(label)
        else:
            report.methods_removed.append(label)
            instance.delete()
            changed = True
    return changed


_METHOD_COLUMNS = {
    "text": "method",
    "responsible_text": "responsible",
    "period_text": "period",
    "start_year": "period",
    "start_month": "period",
    "end_year": "period",
    "end_month": "period",
    "result": "result",
    "recommendation": "recommendation",
    "owner_division": "owner_division",
    "owner": "owner",
    "due_date": "due_date",
}


def _owner_fields(owners: dict) -> dict:
    """The owners a file gives, as the method's fields (only those the file has)."""
    fields = {"owner_division": "owner_division_id", "owner": "owner_id", "due_date": "due_date"}
    return {
        fields[key]: value.pk if key != "due_date" and value is not None else value
        for key, value in owners.items()
    }


def _owners_shown(method: PlannedMethod, instance: Method | None) -> list[str]:
    """The owner cells a preview shows: the file's, else what the method has."""
    values = {
        key: method.owners[key] if key in method.owners else getattr(instance, key, None)
        for key in OWNER_KEYS
    }
    return owner_cells(values["owner_division"], values["owner"], values["due_date"])


def _outcome(
    kind: str, measure: Measure, method: PlannedMethod, units: list[str], owners: list[str]
) -> Outcome:
    period = method.period_text
    if method.start and method.end:
        start = thai.format_month_year(*method.start)
        end = thai.format_month_year(*method.end)
        months = start if start == end else f"{start} – {end}"
        if months != period:
            period = f"{period} ({months})"
    return Outcome(
        kind=kind,
        measure_number=measure.number,
        measure_title=measure.title,
        rows=method.rows,
        text=method.text,
        units=units,
        period=period,
        result=method.result,
        recommendation=method.recommendation,
        owners=owners,
    )


def _save(instance, row: int, columns: dict[str, str]) -> None:
    """Run the model's checks, then save; a failure names the row (and rolls back)."""
    try:
        instance.full_clean(exclude=["measure", "year"])
    except ValidationError as exc:
        problems = []
        for name, errors in exc.message_dict.items():
            column = LABELS.get(columns.get(name, ""))
            problems.extend(Problem(row, column, error) for error in errors)
        raise SheetError(problems) from exc
    instance.save()


class _Divisions:
    """Divisions by normalised name; missing ones are created once."""

    def __init__(self, report: ImportReport):
        self.report = report
        self.by_key = {division_key(d.name): d for d in Division.objects.all()}
        everyone = [d for d in self.by_key.values() if d.is_everyone]
        # "ทุกกอง" in a file means the organisation's one everyone-division, however named
        # (when there are several, each "ทุก…" must match one by name or becomes a new one).
        self.everyone = everyone[0] if len(everyone) == 1 else None
        self.several_everyone = len(everyone) > 1

    def get(self, name: str) -> Division:
        key = division_key(name)
        if key in self.by_key:
            return self.by_key[key]
        if is_everyone_name(name) and self.everyone is not None:
            return self.everyone
        division = Division.objects.create(name=name, is_everyone=is_everyone_name(name))
        self.by_key[key] = division
        if division.is_everyone and self.everyone is None and not self.several_everyone:
            self.everyone = division  # the file's later "ทุก…" mean this one too
        self.report.divisions_created.append(name)
        return division


# --- the whole import, for the command -------------------------------------------------------


def import_file(path: Path, year_be: int, dry_run: bool = False) -> ImportReport:
    """Read, parse and apply a measures file from disk."""
    kind = kind_of(path.name)
    # Read one byte past the limit, not the whole file: read_table refuses it either way.
    with path.open("rb") as handle:
        data = handle.read(MAX_SHEET_BYTES + 1)
    plan = parse_rows(read_table(data, kind))
    return apply_plan(plan, year_be, dry_run=dry_run)


# --- writing a year back out -----------------------------------------------------------------


def has_owners(method: Method) -> bool:
    return bool(method.owner_division_id or method.owner_id or method.due_date)


class MeasureSheet(base.SheetExport):
    """A year's measures in the published six-column layout, as CSV or XLSX bytes.

    One row per method; the measure cell ("1. title") only on its first row, so that the
    file reads like the printed report and imports back into the same measures. The owner
    columns follow when `owners` says so; by default once any method written has an owner
    (a year without them exports the published table as it is).
    """

    landscape = True  # widths for A4 landscape, as the printed report

    def __init__(self, year: FiscalYear, measures=None, owners: bool | None = None):
        self.year = year
        self.measures = measures if measures is not None else Measure.objects.filter(year=year)
        self.owners = owners
        self._measures: list[Measure] | None = None

    def _loaded(self) -> list[Measure]:
        if self._measures is None:
            methods = (
                Method.objects.order_by("order", "pk")
                .select_related("owner_division", "owner")
                .prefetch_related("units")
            )
            self._measures = list(
                self.measures.filter(year=self.year)
                .order_by("number")
                .prefetch_related(Prefetch("methods", queryset=methods))
            )
        return self._measures

    @property
    def layout(self) -> Layout:
        owners = self.owners
        if owners is None:
            owners = any(has_owners(m) for measure in self._loaded() for m in measure.methods.all())
        return LAYOUT if owners else PUBLISHED_LAYOUT

    def rows(self) -> list[list[str]]:
        width = len(self.layout.columns)
        rows = []
        for measure in self._loaded():
            cell = f"{measure.number}. {measure.title}"
            methods = list(measure.methods.all())
            if not methods:
                rows.append([cell, *[""] * (width - 1)])
            for position, method in enumerate(methods):
                row = [
                    cell if position == 0 else "",
                    method.text,
                    method.owners_display,
                    method.period_display,
                    method.result,
                    method.recommendation,
                    *owner_cells(method.owner_division, method.owner, method.due_date),
                ]
                rows.append(row[:width])
        return rows

    def title(self) -> str:
        return f"มาตรการ {self.year.year}"

    def basename(self) -> str:
        return f"measures-{self.year.year}"
