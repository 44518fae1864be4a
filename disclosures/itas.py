"""The ITAS submission sheet: one row per OIT item of a year, as the organisation submits it.

Each row has the item's code and title, มี/ไม่มี (whether it has published content), the
item's public URL first and then the public URLs of its published evidence, and the
explanation of how to reach it (the staff's, or the path through the site's menus when they
wrote none). URLs are absolute, on the configured public base URL (ITA_PUBLIC_BASE_URL).

The CSV/XLSX downloads, the OIT report's section and the submission snapshot all read
``sheet_rows()``: one definition of what was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch

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
    """The year's rows in catalogue order, from published content only (two queries)."""
    published = Evidence.objects.filter(is_published=True).order_by("order", "pk")
    items = (
        Item.objects.filter(year=year)
        .with_evidence_state()
        .select_related("year")
        .prefetch_related(Prefetch("evidence", queryset=published, to_attr="published"))
        .order_by("order", "code")
    )
    rows = []
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
