"""The ITAS submission sheet: one row per OIT item of a year, as the organisation submits it.

Each row has the item's code and title, มี/ไม่มี (whether it has published content), the
item's public URL first and then the public URLs of its published evidence, and the
explanation of how to reach it (the staff's, or the path through the site's menus when they
wrote none). URLs are absolute, on the configured public base URL (ITA_PUBLIC_BASE_URL).

The CSV/XLSX downloads (``ItasSheet``), the OIT report's section and the submission snapshot
all read ``sheet_rows()``: one definition of what was submitted.

One row per item, its URLs one per line in one cell: the ITAS form has one entry per item,
and organisations publish their submission as such a table. The first line, the item's own
page, is a complete answer on its own (that page lists and links every piece of evidence);
the other lines are for the form's extra URL fields.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from ita_portal import sheets

from .models import Evidence, FiscalYear, Item

HEADERS = ("ข้อ", "ชื่อข้อ", "มี/ไม่มี", "URL", "คำอธิบายเพิ่มเติม")
HAS = "มี"
HAS_NOT = "ไม่มี"


@dataclass(frozen=True)
class SheetRow:
    code: str
    title: str
    has_content: bool
    urls: list[str] = field(default_factory=list)  # the item's page first
    explanation: str = ""

    @property
    def has_label(self) -> str:
        return HAS if self.has_content else HAS_NOT


def absolute(path: str) -> str:
    return settings.ITA_PUBLIC_BASE_URL + path


def evidence_url(evidence: Evidence) -> str:
    """Where a reader finds this evidence: its link, its file, or "" (text on the item page)."""
    if evidence.kind == Evidence.Kind.LINK:
        return evidence.url
    if evidence.kind == Evidence.Kind.FILE and evidence.file:
        return absolute(evidence.get_download_url())
    return ""


def sheet_rows(year: FiscalYear) -> list[SheetRow]:
    """The year's rows in catalogue order, from published content only (two queries).

    The URLs are always the Thai ones (no /en/ prefix), whatever language the caller runs
    in: they are what the organisation submits.
    """
    published = Evidence.objects.filter(is_published=True).order_by("order", "pk")
    items = (
        Item.objects.filter(year=year)
        .with_evidence_state()
        .select_related("year")
        .prefetch_related(Prefetch("evidence", queryset=published, to_attr="published"))
        .order_by("order", "code")
    )
    rows = []
    with translation.override(settings.LANGUAGE_CODE):
        for item in items:
            urls = [item.public_url]
            for evidence in item.published:
                url = evidence_url(evidence)
                if url and url not in urls:
                    urls.append(url)
            rows.append(
                SheetRow(
                    code=item.code,
                    title=item.title_th,
                    has_content=item.has_published_evidence,
                    urls=urls,
                    explanation=item.explanation.strip() or item.navigation_path(),
                )
            )
    return rows


def sheet_table(rows: list[SheetRow]) -> list[list[str]]:
    """The rows as the spreadsheet's cells, header first: URLs one per line in one cell."""
    table = [list(HEADERS)]
    for row in rows:
        table.append([row.code, row.title, row.has_label, "\n".join(row.urls), row.explanation])
    return table


# --- the downloads ---------------------------------------------------------------------------

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
URL_COLUMN = HEADERS.index("URL")
ANSWER_COLUMN = HEADERS.index("มี/ไม่มี")
COLUMN_WIDTHS = (8, 45, 9, 75, 45)  # in characters; A4 landscape when printed
# Excel's limits: a longer cell is cut by Excel itself (with a "repair" warning), a longer
# hyperlink makes the workbook unreadable to it.
XLSX_CELL_CHARS = 32_767
XLSX_HYPERLINK_CHARS = 2_000


def write_csv(table: list[list[str]]) -> bytes:
    """The table (header first) as the portal writes every CSV: UTF-8 with a BOM, CRLF rows,
    formula-like cells neutralised (ita_portal.sheets.write_csv)."""
    return sheets.write_csv(table[0], table[1:])


def _fit(text: str) -> str:
    """A cell Excel can hold whole; over the limit, whole lines are kept and the cut said."""
    if len(text) <= XLSX_CELL_CHARS:
        return text
    note = "\n… (ยาวเกินที่ Excel แสดงได้ ดูฉบับ CSV)"
    kept = text[: XLSX_CELL_CHARS - len(note)]
    return kept.rsplit("\n", 1)[0] + note if "\n" in kept else kept + note


def _one_url(text: str) -> bool:
    """Whether a cell holds a single URL that Excel can follow as a hyperlink."""
    return (
        "\n" not in text
        and text.startswith(("http://", "https://"))
        and len(text) <= XLSX_HYPERLINK_CHARS
    )


def write_xlsx(table: list[list[str]], title: str) -> bytes:
    """One sheet: the header bold and frozen, text wrapped at sensible widths, a URL cell
    holding one URL made a hyperlink, text that looks like a formula kept as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    wrap = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(wrap_text=True, vertical="top", horizontal="center")
    link_font = Font(color="0B3D91", underline="single")
    for number, values in enumerate(table, start=1):
        sheet.append([_fit(ILLEGAL_CHARACTERS_RE.sub("", value)) for value in values])
        for position, cell in enumerate(sheet[number]):
            cell.alignment = centred if position == ANSWER_COLUMN else wrap
            if cell.data_type == "f":  # "=HYPERLINK(…)" typed as a title: text, not a formula
                cell.data_type = "s"
                cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell
            if number == 1:
                cell.font = Font(bold=True)
        url_cell = sheet.cell(row=number, column=URL_COLUMN + 1)
        if number > 1 and _one_url(url_cell.value or ""):
            url_cell.hyperlink = url_cell.value
            url_cell.font = link_font
    for position, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ItasSheet:
    """A year's ITAS submission sheet as CSV or XLSX bytes (same cells in both)."""

    KINDS = tuple(CONTENT_TYPES)

    def __init__(self, year: FiscalYear):
        self.year = year

    def table(self) -> list[list[str]]:
        return sheet_table(sheet_rows(self.year))

    def csv(self) -> bytes:
        return write_csv(self.table())

    def xlsx(self) -> bytes:
        return write_xlsx(self.table(), title=f"ITAS {self.year.year}")

    def render(self, kind: str) -> bytes:
        if kind not in CONTENT_TYPES:
            raise ValueError(f"unknown sheet format {kind!r}")
        return self.xlsx() if kind == "xlsx" else self.csv()

    def filename(self, kind: str) -> str:
        return f"itas-{self.year.year}.{kind}"
