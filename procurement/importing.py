"""Applying a procurement plan to a fiscal year: what changes, then (unless a dry run) writing
it in one transaction.

Rows are matched to the year's rows by e-GP project number; a row without one matches a row
without one that has the same work name, amounts and supplier (and the same month when both
have one), so that importing the same file again changes nothing. Rows of the year that the
file does not list are kept (a file may hold one month) and counted. A month said to have no
procurement becomes a NoProcurementMonth; a month that gets rows loses that record.

Everything is compared in memory and written with bulk queries: 10,000 rows take a few
queries, not 10,000 (see bench/procurement.py). Bulk writes send no signals, so the public
pages' cache is invalidated here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from disclosures.models import FiscalYear, Organisation
from ita_portal.cache import invalidate
from ita_portal.sheets import Problem, SheetError, kind_of

from . import layout, sheets
from .layout import LABELS
from .models import NoProcurementMonth, ProcurementRow, month_label

# The fields a file sets, in the layout's order ("fiscal_year" is the row's year itself).
FIELDS = tuple(key for key in layout.KEYS if key != "fiscal_year")
BATCH = 500
IMPORTED = "นำเข้าจากไฟล์"  # the change reason of imported versions, shown in their history


@dataclass
class Outcome:
    """What an import does (or would do) to one row of the file, for previews."""

    kind: str  # "new", "update", "unchanged", "empty_month"
    row: int
    values: dict[str, object]
    changed: list[str] = field(default_factory=list)  # Thai column names


@dataclass
class ImportReport:
    year: int
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0  # rows of the year the file does not list: kept
    empty_months_added: list[str] = field(default_factory=list)
    empty_months_removed: list[str] = field(default_factory=list)  # months that now have rows
    warnings: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return (
            self.created
            + self.updated
            + len(self.empty_months_added)
            + len(self.empty_months_removed)
        )

    def summary(self) -> str:
        """One Thai line: what the import did (or, for a dry run, would do)."""
        parts = [
            f"เพิ่ม {self.created:,} รายการ",
            f"ปรับปรุง {self.updated:,}",
            f"ไม่เปลี่ยนแปลง {self.unchanged:,}",
        ]
        if self.not_in_file:
            parts.append(f"รายการเดิมที่ไม่มีในไฟล์ (คงไว้) {self.not_in_file:,}")
        if self.empty_months_added:
            parts.append("เดือนที่ไม่มีการจัดซื้อจัดจ้าง " + ", ".join(self.empty_months_added))
        if self.empty_months_removed:
            parts.append("ยกเลิกบันทึก “ไม่มีการจัดซื้อจัดจ้าง” ของ " + ", ".join(self.empty_months_removed))
        return " ".join(parts)


def organisation_columns() -> dict[str, str]:
    """What the organisation's own columns hold when a file leaves them empty."""
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        return {}
    local = organisation.org_type != Organisation.Type.OTHER
    return {
        "agency_name": organisation.name_th,
        "district": organisation.district,
        "province": organisation.province,
        # Local administrative organisations report under the Ministry of Interior.
        "ministry": "กระทรวงมหาดไทย" if local else "",
        "agency_type": "องค์กรปกครองส่วนท้องถิ่น" if local else "",
    }


def year_or_error(year_be: int) -> FiscalYear:
    year = FiscalYear.objects.filter(year=year_be).first()
    if year is None:
        raise SheetError(
            [Problem(None, None, f"ไม่พบปีงบประมาณ {year_be}: สร้างปีงบประมาณในระบบหลังบ้านก่อน")]
        )
    return year


def _match_key(values) -> tuple:
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return (
        get("work_name"),
        get("budget"),
        get("reference_price"),
        get("agreed_price"),
        get("supplier"),
    )


class _Matcher:
    """Finds the year's row that a file row updates."""

    def __init__(self, rows: list[ProcurementRow]):
        self.by_egp = {row.egp_number: row for row in rows if row.egp_number}
        self.without_egp: dict[tuple, list[ProcurementRow]] = {}
        for row in rows:
            if not row.egp_number:
                self.without_egp.setdefault(_match_key(row), []).append(row)
        self.matched: set[int] = set()

    def find(self, values: dict) -> ProcurementRow | None:
        found = self.by_egp.get(values["egp_number"]) if values["egp_number"] else None
        if found is None:
            # Also a row entered before its e-GP number was known: it gains the number.
            candidates = self.without_egp.get(_match_key(values), [])
            month = values["month"]
            found = next((r for r in candidates if r.month == month), None)
            if found is None and month is None and candidates:
                found = candidates[0]
            if found is None and month is not None:
                found = next((r for r in candidates if r.month is None), None)
            if found is not None:
                candidates.remove(found)
        if found is not None:
            self.matched.add(found.pk)
        return found


def apply_plan(plan: sheets.ProcurementPlan, dry_run: bool = False) -> ImportReport:
    """Work out what the plan changes in its year and, unless `dry_run`, write it."""
    year = year_or_error(plan.year)
    report = ImportReport(year=plan.year, dry_run=dry_run, warnings=list(plan.warnings))
    existing = list(ProcurementRow.objects.filter(year=year).order_by("pk"))
    matcher = _Matcher(existing)
    new_rows: list[ProcurementRow] = []
    # Rows to update, by the fields that change: a re-import usually changes one or two
    # columns, and updating only those is far quicker than every column of every row.
    changed_rows: dict[tuple[str, ...], list[ProcurementRow]] = {}
    now = timezone.now()

    for planned in plan.rows:
        values = planned.values
        instance = matcher.find(values)
        if instance is None:
            if not dry_run:
                new_rows.append(ProcurementRow(year=year, **{k: values[k] for k in FIELDS}))
            report.created += 1
            report.outcomes.append(Outcome("new", planned.row, values))
            continue
        changed = []
        for name in FIELDS:
            value = values[name]
            if name == "month" and value is None:
                continue  # a file without months keeps the months known before
            if getattr(instance, name) != value:
                setattr(instance, name, value)
                changed.append(name)
        if changed:
            instance.updated_at = now
            changed_rows.setdefault(tuple(changed), []).append(instance)
            report.updated += 1
            labels = [LABELS[name] for name in changed]
            report.outcomes.append(Outcome("update", planned.row, values, labels))
        else:
            report.unchanged += 1
            report.outcomes.append(Outcome("unchanged", planned.row, values))
    report.not_in_file = sum(1 for row in existing if row.pk not in matcher.matched)

    months_with_rows = {row.month for row in existing if row.month} | {
        planned.values["month"] for planned in plan.rows if planned.values["month"]
    }
    empty = {record.month: record for record in NoProcurementMonth.objects.filter(year=year)}
    _check_empty_months(plan, months_with_rows)
    new_empty = []
    for planned in plan.empty_months:
        record = empty.get(planned.month)
        if record is None:
            new_empty.append(NoProcurementMonth(year=year, month=planned.month, note=planned.note))
            report.empty_months_added.append(month_label(planned.month))
        report.outcomes.append(
            Outcome("empty_month", planned.row, {"month": planned.month, "note": planned.note})
        )
    removed = [record for month, record in empty.items() if month in months_with_rows]
    report.empty_months_removed = [month_label(record.month) for record in removed]

    if not dry_run and report.changes:
        try:
            with transaction.atomic():
                ProcurementRow.objects.bulk_create(new_rows, batch_size=BATCH)
                for fields, instances in changed_rows.items():
                    ProcurementRow.objects.bulk_update(
                        instances, [*fields, "updated_at"], batch_size=BATCH
                    )
                NoProcurementMonth.objects.bulk_create(new_empty)
                _record_history(new_rows, changed_rows, new_empty)
                # A queryset delete sends the signals: history records these itself.
                NoProcurementMonth.objects.filter(pk__in=[r.pk for r in removed]).delete()
                invalidate()  # bulk writes send no signals: the public pages must go
        except IntegrityError as exc:  # another import of the same rows at the same moment
            raise SheetError(
                [Problem(None, None, "บันทึกไม่ได้เพราะข้อมูลในระบบเปลี่ยนระหว่างนำเข้า: ลองนำเข้าอีกครั้ง")]
            ) from exc
    return report


def _record_history(
    new_rows: list[ProcurementRow],
    changed_rows: dict[tuple[str, ...], list[ProcurementRow]],
    new_empty: list[NoProcurementMonth],
) -> None:
    """Record the versions that save() would have recorded: bulk writes skip simple-history's
    signals. The user is whoever imports in the back office (simple-history's middleware
    knows the request); an import by the command has none."""
    updated = [row for rows in changed_rows.values() for row in rows]
    history = ProcurementRow.history
    history.bulk_history_create(new_rows, batch_size=BATCH, default_change_reason=IMPORTED)
    history.bulk_history_create(
        updated, update=True, batch_size=BATCH, default_change_reason=IMPORTED
    )
    NoProcurementMonth.history.bulk_history_create(new_empty, default_change_reason=IMPORTED)


def _check_empty_months(plan: sheets.ProcurementPlan, months_with_rows: set[date]) -> None:
    problems = [
        Problem(
            planned.row,
            str(LABELS["work_name"]),
            f"ระบบมีรายการจัดซื้อจัดจ้างของเดือน {month_label(planned.month)} อยู่แล้ว "
            "จึงบันทึกว่าไม่มีการจัดซื้อจัดจ้างไม่ได้",
        )
        for planned in plan.empty_months
        if planned.month in months_with_rows
    ]
    if problems:
        raise SheetError(problems)


def import_file(
    path: Path, year_be: int, month: date | None = None, dry_run: bool = False
) -> ImportReport:
    """Read, check and apply a procurement file from disk (what import_procurement runs)."""
    kind = kind_of(path.name)
    year_or_error(year_be)
    # Read one byte past the limit, not the whole file: read_table refuses it either way.
    with path.open("rb") as handle:
        data = handle.read(sheets.MAX_FILE_BYTES + 1)
    return import_bytes(data, kind, year_be, month=month, dry_run=dry_run)


def import_bytes(
    data: bytes, kind: str, year_be: int, month: date | None = None, dry_run: bool = False
) -> ImportReport:
    rows = sheets.read_table(data, kind)
    plan = sheets.parse_rows(rows, year_be, default_month=month, agency=organisation_columns())
    return apply_plan(plan, dry_run=dry_run)
