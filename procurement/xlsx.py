"""Reading and writing the procurement list's XLSX files fast enough for 10,000 rows.

openpyxl builds an object per cell: reading 10,000 rows of 17 columns takes it 4–6 s and
writing them as many (bench/procurement.py), against the issue's 5 s for an export and 20 s
for an import read twice (dry run, then for real). An .xlsx is a zip of XML files, and a
list is one sheet of plain cells, so this module reads and writes that XML directly:

- `read_rows(data)`: the rows, as text, of the first sheet whose first rows hold the table's
  header (`is_header_row`), or else of the first sheet; shared and inline strings, numbers
  (formula results as shown), booleans and dates (by the cell's number format) handled; gaps
  between rows kept, so that row numbers are those the spreadsheet shows.
- `write_workbook(...)`: one sheet, bold header row, frozen, column widths, numbers as
  numbers with a two-decimal format, text as inline strings (so never a formula).

Both are tested against openpyxl (tests/procurement/test_xlsx.py).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from decimal import Decimal
from xml.etree.ElementTree import iterparse  # noqa: S405 - expat: no external entities
from xml.sax.saxutils import escape

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Built-in number formats that show a date (Excel's, including the Thai ones, 71–81).
_DATE_FORMATS = {*range(14, 23), *range(27, 37), 45, 46, 47, *range(50, 59), *range(71, 82)}
_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


class NotAWorkbook(ValueError):
    """The bytes are not an .xlsx this module can read."""


# --- reading -----------------------------------------------------------------------------------


def read_rows(
    data: bytes, is_header_row: Callable[[list[str]], bool], header_rows: int = 15
) -> list[list[str]]:
    """The rows of the sheet that holds the table, each a list of cell texts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotAWorkbook from exc
    with archive:
        try:
            sheets = _sheet_paths(archive)
            strings = _shared_strings(archive)
            dates, date1904 = _date_styles(archive)
        except (KeyError, SyntaxError, ValueError) as exc:
            raise NotAWorkbook from exc
        if not sheets:
            raise NotAWorkbook
        reader = _SheetReader(archive, strings, dates, date1904)
        for path in sheets:
            for row in reader.rows(path, limit=header_rows):
                if is_header_row(row):
                    return list(reader.rows(path))
        return list(reader.rows(sheets[0]))


def _parse(archive: zipfile.ZipFile, name: str):
    with archive.open(name) as handle:
        for _event, element in iterparse(handle):  # noqa: S314 - see the import
            yield element


def _sheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets' paths inside the zip, in the workbook's order."""
    targets = {}
    for element in _parse(archive, "xl/_rels/workbook.xml.rels"):
        if element.tag == f"{PACKAGE_REL}Relationship":
            target = element.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[element.get("Id")] = target
    paths = []
    for element in _parse(archive, "xl/workbook.xml"):
        if element.tag == f"{MAIN}sheet":
            path = targets.get(element.get(f"{REL}id"))
            if path and path in archive.namelist():
                paths.append(path)
    return paths


def _text(element) -> str:
    """The text of a shared or inline string: its <t>, or its rich runs' <t>s."""
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t"))


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings = []
    for element in _parse(archive, "xl/sharedStrings.xml"):
        if element.tag == f"{MAIN}si":
            strings.append(_text(element))
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], bool]:
    """The cell styles (indexes) whose number format shows a date; and the 1904 calendar."""
    date1904 = False
    for element in _parse(archive, "xl/workbook.xml"):
        if element.tag == f"{MAIN}workbookPr":
            date1904 = element.get("date1904") in ("1", "true")
    if "xl/styles.xml" not in archive.namelist():
        return set(), date1904
    custom: dict[int, str] = {}
    styles: list[int] = []
    for element in _parse(archive, "xl/styles.xml"):
        if element.tag == f"{MAIN}numFmt":
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        elif element.tag == f"{MAIN}cellXfs":
            styles = [int(xf.get("numFmtId", "0")) for xf in element.findall(f"{MAIN}xf")]
    dates = set()
    for index, number_format in enumerate(styles):
        if number_format in _DATE_FORMATS or _is_date_code(custom.get(number_format, "")):
            dates.add(index)
    return dates, date1904


def _is_date_code(code: str) -> bool:
    # Quoted text and [colour]/[locale] sections say nothing about the kind of value;
    # d, m, y (and Thai ว ด ป, Buddhist-era b) are day, month and year (m with h: minutes).
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower().split(";")[0]
    if "0" in bare or "#" in bare:
        return False
    return bool(re.search(r"[dyวดปb]", bare) or ("m" in bare and "h" not in bare))


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


class _SheetReader:
    def __init__(self, archive, strings: list[str], dates: set[int], date1904: bool):
        self.archive = archive
        self.strings = strings
        self.dates = dates
        self.epoch = date(1904, 1, 1) if date1904 else date(1899, 12, 30)

    def rows(self, path: str, limit: int | None = None) -> Iterator[list[str]]:
        expected = 1
        for element in _parse(self.archive, path):
            if element.tag != f"{MAIN}row":
                continue
            number = int(element.get("r") or expected)
            while expected < number:  # rows Excel left out because they are empty
                yield []
                expected += 1
                if limit and expected > limit:
                    return
            yield self._cells(element)
            element.clear()
            expected = number + 1
            if limit and expected > limit:
                return

    def _cells(self, row) -> list[str]:
        cells: list[str] = []
        for cell in row:
            if cell.tag != f"{MAIN}c":
                continue
            reference = cell.get("r")
            if reference:
                column = _column_index(_CELL_REF.match(reference)[1])
                cells.extend([""] * (column - len(cells)))
            cells.append(self._value(cell))
        return cells

    def _value(self, cell) -> str:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(f"{MAIN}is")
            return _text(inline) if inline is not None else ""
        value = cell.find(f"{MAIN}v")
        text = value.text if value is not None and value.text is not None else ""
        if kind == "s":
            return (
                self.strings[int(text)] if text.isdigit() and int(text) < len(self.strings) else ""
            )
        if kind == "b":
            return "TRUE" if text == "1" else "FALSE"
        if kind != "n" or not text:
            return text  # "str" (a formula's text), "e" (an error such as #N/A), "d" (ISO)
        if int(cell.get("s", "0")) in self.dates:
            try:
                day = self.epoch + timedelta(days=int(float(text)))
            except (ValueError, OverflowError):
                return text
            return f"{day.day}/{day.month}/{day.year + 543}"
        return number_text(text)


def number_text(text: str) -> str:
    """A stored number as the sheet shows it: "45000" for 45000.0, "48150" for a formula's
    48150.000000000007, "1234.5" as it is."""
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    if not number.is_finite():
        return text
    rounded = number.quantize(Decimal("0.000001")) if abs(number) < 10**15 else number
    shown = format(rounded.normalize(), "f")
    return shown


# --- writing -----------------------------------------------------------------------------------

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"""  # noqa: E501
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""  # noqa: E501
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"""  # noqa: E501
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"""  # noqa: E501
# Style 0: plain, top-aligned and wrapped; 1: numbers "#,##0.00"; 2: the bold header.
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Tahoma"/></font><font><b/><sz val="11"/><name val="Tahoma"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""  # noqa: E501


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _string_cell(reference: str, text: str, style: int = 0) -> str:
    text = escape(_ILLEGAL.sub("", text))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    style_attr = f' s="{style}"' if style else ""
    return f'<c r="{reference}"{style_attr} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def write_workbook(
    sheet_name: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[int] = (),
) -> bytes:
    """One sheet: headers in bold (row 1, frozen), then the rows. A Decimal, int or float is
    written as a number (a Decimal with the two-decimal format), anything else as text;
    None leaves the cell empty."""
    letters = [_column_letters(i) for i in range(max(len(headers), 1))]
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
    ]
    if widths:
        parts.append("<cols>")
        for position, width in enumerate(widths, start=1):
            parts.append(
                f'<col min="{position}" max="{position}" width="{width}" customWidth="1"/>'
            )
        parts.append("</cols>")
    parts.append('<sheetData><row r="1">')
    parts.extend(_string_cell(f"{letters[i]}1", str(h), 2) for i, h in enumerate(headers))
    parts.append("</row>")
    for number, row in enumerate(rows, start=2):
        cells = [f'<row r="{number}">']
        for position, value in enumerate(row):
            if value is None or value == "":
                continue
            reference = f"{letters[position]}{number}"
            if isinstance(value, Decimal):
                cells.append(f'<c r="{reference}" s="1"><v>{value}</v></c>')
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{reference}"><v>{value}</v></c>')
            else:
                cells.append(_string_cell(reference, str(value)))
        cells.append("</row>")
        parts.append("".join(cells))
    parts.append("</sheetData></worksheet>")
    name = escape(re.sub(r"[\\/*?:\[\]]", " ", sheet_name)[:31], {'"': "&quot;"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=name))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", "".join(parts))
    return buffer.getvalue()
