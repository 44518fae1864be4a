"""The organisation's divisions as a spreadsheet: ชื่อส่วนราชการ, หมายถึงทุกส่วนราชการ, ลำดับ.

A file adds divisions and updates those it names (matched by name, ignoring stray or doubled
spaces, as the measures import matches responsible units); a division the file does not
list is kept, since methods may name it. An invalid file writes nothing and lists every
problem by row and column; the export writes the same three columns, so it imports back
unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ita_portal import sheets
from ita_portal.sheet_admin import SheetAdminMixin, SheetResource
from ita_portal.sheets import Column, Layout, Outcome, Problem, RowReader, SheetError, SheetReport

from .models import Division
from .sheets import division_key, is_everyone_name, normalise_division_name

MAX_ORDER = 32767  # PositiveSmallIntegerField

LAYOUT = Layout(
    [
        Column(
            "name",
            "ชื่อส่วนราชการ",
            ("ส่วนราชการ", "ชื่อหน่วยงาน"),
            width=40,
            limit=Division._meta.get_field("name").max_length,
        ),
        Column("is_everyone", "หมายถึงทุกส่วนราชการ", ("ทุกส่วนราชการ",), required=False, width=22),
        Column("order", "ลำดับ", ("ลำดับที่",), required=False, width=8),
    ]
)


class DivisionSheet(sheets.SheetExport):
    """Every division, in the admin's order."""

    layout = LAYOUT

    def rows(self) -> list[list[str]]:
        return [division_row(division) for division in Division.objects.order_by("order", "name")]

    def title(self) -> str:
        return "ส่วนราชการ"

    def basename(self) -> str:
        return "divisions"


def division_row(division: Division) -> list[str]:
    return [division.name, sheets.yes_no_cell(division.is_everyone), str(division.order)]


class _Rollback(Exception):
    """Undoes a dry run's writes once its report is complete."""


def import_divisions(rows: Sequence[Sequence[str]], dry_run: bool = False) -> SheetReport:
    """Add and update divisions from the rows; SheetError (nothing written) if any is invalid."""
    header = LAYOUT.find_header(rows)
    problems: list[Problem] = []
    planned: list[tuple[RowReader, str, bool | None, int | None]] = []
    rows_of_key: dict[str, int] = {}
    for row in LAYOUT.data_rows(rows, header, problems):
        name = normalise_division_name(row["name"])
        if not name:
            row.problem("name", "ไม่มีชื่อส่วนราชการ")
        elif division_key(name) in rows_of_key:
            row.problem("name", f"“{name}” ซ้ำกับแถว {rows_of_key[division_key(name)]}")
        else:
            rows_of_key[division_key(name)] = row.number
        everyone = None
        if row["is_everyone"]:
            everyone = sheets.yes_no(row["is_everyone"])
            if everyone is None:
                row.problem("is_everyone", f"อ่าน “{row['is_everyone']}” ไม่ได้: {sheets.YES_NO_HINT}")
        order = None
        if row["order"]:
            order = sheets.whole_number(row["order"])
            if order is None or order > MAX_ORDER:
                row.problem("order", f"ลำดับต้องเป็นตัวเลข 0–{MAX_ORDER}")
        if row.ok:
            planned.append((row, name, everyone, order))
    if not planned and not problems:
        problems.append(Problem(None, None, "ไม่พบส่วนราชการในไฟล์: มีแต่หัวตาราง"))
    if problems:
        raise SheetError(problems)

    report = SheetReport(dry_run=dry_run, warnings=header.warnings)
    try:
        with transaction.atomic():
            _save_divisions(planned, report)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _save_divisions(planned, report: SheetReport) -> None:
    existing = {division_key(d.name): d for d in Division.objects.all()}
    for row, name, everyone, order in planned:
        division = existing.get(division_key(name))
        before = division_row(division) if division else None
        if division is None:
            # Unsaid, "ทุก…" names the everyone-division, as in the measures import.
            division = Division(name=name, is_everyone=is_everyone_name(name), order=0)
        if everyone is not None:
            division.is_everyone = everyone
        if order is not None:
            division.order = order
        after = division_row(division)
        if before is None:
            kind, note = "new", ""
        elif after != before:
            kind, note = "update", sheets.changed_columns(LAYOUT, before, after)
        else:
            report.outcomes.append(Outcome("unchanged", row.number, after))
            continue
        try:
            division.full_clean()
        except ValidationError as exc:
            raise SheetError(
                [
                    Problem(row.number, LAYOUT.labels.get(field), message, row.raw)
                    for field, messages in exc.message_dict.items()
                    for message in messages
                ]
            ) from exc
        division.save()
        (report.created if kind == "new" else report.updated).append(division)
        report.outcomes.append(Outcome(kind, row.number, after, note))


# --- the admin's import and export -------------------------------------------------------------


class DivisionSheetResource(SheetResource):
    """The divisions list (no year) for the divisions admin."""

    layout = LAYOUT
    display_name = _("รายชื่อส่วนราชการ")
    file_label = _("ไฟล์รายชื่อส่วนราชการ (.csv หรือ .xlsx)")
    noun = "ส่วนราชการ"
    what = "รายชื่อส่วนราชการ"
    uses_year = False

    def import_rows(self, rows, year, dry_run) -> SheetReport:
        return import_divisions(rows, dry_run=dry_run)

    def exporter(self, year) -> DivisionSheet:
        return DivisionSheet()


class DivisionSheetAdminMixin(SheetAdminMixin):
    """Import (add and change divisions) and export of the divisions list."""

    resource_classes = [DivisionSheetResource]
    import_also_needs = ("change",)
