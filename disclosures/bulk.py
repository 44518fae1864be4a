"""A year's catalogue items and evidence links as spreadsheets staff edit in bulk.

Both read CSV or XLSX files through ita_portal.sheets (title rows, Thai digits, stray
spaces, every problem named by spreadsheet row and Thai column), write nothing unless the
whole file is valid, and export the same layout so that a file round-trips unchanged.

- Items go through the catalogue loader (disclosures.catalog): each row becomes the
  loader's item, then `apply_catalog` updates items matched by code, adds new ones and
  removes those the file no longer lists only when nobody has worked on them (those with
  evidence or an explanation are kept and reported). The preview shows all of it. Besides
  the catalogue, a row may give the item's evidence-date rule, owning division, responsible
  person and due date (`Assignees` reads the last three; the measures sheet uses it too).
- Evidence links create or update LINK evidence matched by item code and URL, URLs checked
  as the admin's form checks them (http or https only); nothing is ever deleted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ita_portal import cache as page_cache
from ita_portal import sheets
from ita_portal.forms import ThaiDateField
from ita_portal.sheets import Column, Layout, Outcome, Problem, RowReader, SheetError, SheetReport

from .catalog import (
    DATE_RULE_HINT,
    MAX_ORDER,
    STRUCTURE_FILE,
    Catalog,
    CatalogError,
    CatalogItem,
    apply_catalog,
    normalise_code,
    parse_date_rule,
    split_sub_indicator,
)
from .catalog import item_from_fields as catalog_item_from_fields
from .models import Evidence, FiscalYear, Item, SubIndicator, canonical_item_code
from .text import render_body


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class _Rollback(Exception):
    """Undoes a dry run's writes once its report is complete."""


# --- catalogue items -------------------------------------------------------------------------

# --- owners: the columns the items sheet and the measures sheet share ----------------------------

OWNER_COLUMNS = (
    Column(
        "owner_division",
        "ส่วนราชการที่รับผิดชอบ",
        ("ส่วนราชการเจ้าของงาน", "owner_division"),
        required=False,
        width=24,
    ),
    Column(
        "owner",
        "เจ้าหน้าที่ผู้รับผิดชอบ",
        ("ชื่อผู้ใช้ผู้รับผิดชอบ", "owner"),
        required=False,
        width=20,
    ),
    Column("due_date", "กำหนดเสร็จ", ("วันที่กำหนดเสร็จ", "due_date"), required=False, width=14),
)
OWNER_KEYS = tuple(column.key for column in OWNER_COLUMNS)


class Assignees:
    """Whom a sheet may name as owners, loaded once per file (two queries): a division by
    its exact name, a person by the username or e-mail of an active staff account (only
    they can sign in to the back office and do the work)."""

    def __init__(self):
        from measures.models import Division

        self.divisions = {sheets.clean_line(d.name): d for d in Division.objects.all()}
        staff = get_user_model().objects.filter(is_active=True, is_staff=True)
        self.by_username = {user.username: user for user in staff}
        self.by_email: dict[str, list] = {}
        for user in self.by_username.values():
            if user.email:
                self.by_email.setdefault(user.email.casefold(), []).append(user)
        self.date_field = ThaiDateField(required=False)

    def read(self, cells: dict[str, str | None], problem) -> dict:
        """The owners a row gives, as {"owner_division": Division | None, "owner": User |
        None, "due_date": date | None}; a column the file lacks is left out (keep what is
        there), an empty cell clears. `problem(key, message)` notes what cannot be read."""
        values = {}
        for key, read in (
            ("owner_division", self.division),
            ("owner", self.person),
            ("due_date", self.due_date),
        ):
            if cells.get(key) is None:
                continue
            try:
                values[key] = read(cells[key].strip()) if cells[key].strip() else None
            except ValidationError as exc:
                problem(key, " ".join(exc.messages))
        return values

    def division(self, text: str):
        division = self.divisions.get(sheets.clean_line(text))
        if division is None:
            names = ", ".join(sorted(self.divisions)[:10]) or _("ยังไม่มี เพิ่มที่เมนูส่วนราชการก่อน")
            raise ValidationError(
                _("ไม่มีส่วนราชการชื่อ “%(name)s” (ชื่อต้องตรงกับเมนูส่วนราชการ: %(names)s)")
                % {"name": text, "names": names}
            )
        return division

    def person(self, text: str):
        if text in self.by_username:
            return self.by_username[text]
        found = self.by_email.get(text.casefold(), [])
        if len(found) > 1:
            raise ValidationError(
                _("อีเมล “%(email)s” เป็นของเจ้าหน้าที่หลายคน: ใส่ชื่อผู้ใช้แทน") % {"email": text}
            )
        if not found:
            raise ValidationError(
                _("ไม่พบเจ้าหน้าที่ “%(name)s”: ใส่ชื่อผู้ใช้หรืออีเมลของเจ้าหน้าที่ที่ยังใช้งานอยู่") % {"name": text}
            )
        return found[0]

    def due_date(self, text: str):
        return self.date_field.clean(text)


def owner_cells(owner_division, owner, due_date) -> list[str]:
    """The owner columns of an exported row (the division's name, the person's username)."""
    return [
        owner_division.name if owner_division else "",
        owner.get_username() if owner else "",
        sheets.date_cell(due_date),
    ]


# --- catalogue items -------------------------------------------------------------------------

# The headers the catalogue loader reads (รหัส, ชื่อข้อ, ตัวชี้วัด, …) with the admin's names for
# the rest; the loader's English field names are accepted too. The catalogue's columns come
# first, then the evidence-date rule and the owners.
ITEM_COLUMNS = (
    Column("code", "รหัส", ("รหัสข้อ", "code"), width=8),
    Column("title_th", "ชื่อข้อ", ("หัวข้อ", "title_th"), width=50, limit=_limit(Item, "title_th")),
    Column("indicator", "ตัวชี้วัด", ("ตัวชี้วัดที่", "indicator"), width=10),
    Column("sub_indicator", "ตัวชี้วัดย่อย", ("sub_indicator",), required=False, width=30),
    Column("order", "ลำดับ", ("ลำดับที่", "order"), required=False, width=8),
    Column(
        "guidance",
        "คำอธิบายเกณฑ์",
        ("คำอธิบาย/แนวทาง", "คำอธิบาย", "แนวทาง", "guidance"),
        required=False,
        width=50,
        multiline=True,
    ),
    Column(
        "required_elements",
        "องค์ประกอบที่ต้องมี",
        ("องค์ประกอบ", "required_elements"),
        required=False,
        width=50,
        multiline=True,
    ),
    Column(
        "title_en",
        "ชื่อข้อ (อังกฤษ)",
        ("title_en",),
        required=False,
        width=40,
        limit=_limit(Item, "title_en"),
    ),
    Column("confidence", "ความน่าเชื่อถือ", ("confidence",), required=False, width=16),
    Column("note", "หมายเหตุที่มา", ("หมายเหตุ", "note"), required=False, width=30, multiline=True),
)
DATE_RULE_COLUMN = Column(
    "date_rule", "เกณฑ์วันที่", ("เกณฑ์วันที่ของหลักฐาน", "date_rule"), required=False, width=22
)
# The catalogue's own columns, and with the date rule and the owners: what an import reads.
# An export leaves the last four out while no item of the year uses them, so that a year
# without them reads as the catalogue it is; a file without them keeps what items have.
ITEM_LAYOUT = Layout(ITEM_COLUMNS)
ITEM_FULL_LAYOUT = Layout([*ITEM_COLUMNS, DATE_RULE_COLUMN, *OWNER_COLUMNS])
CONFIDENCE_BY_TEXT = {
    **{str(label): value for value, label in Item.Confidence.choices},
    **{value: value for value in Item.Confidence.values},
}
CONFIDENCE_HINT = "ใช้ " + ", ".join(str(label) for _v, label in Item.Confidence.choices)
ELEMENT_SEPARATOR = re.compile(r"\n|\|")  # as the catalogue loader splits them


class ItemSheet(sheets.SheetExport):
    """A year's catalogue in catalogue order; it imports back unchanged. The layout is
    ITEM_FULL_LAYOUT once any item of the year has a date rule or an owner, else ITEM_LAYOUT."""

    landscape = True

    def __init__(self, year: FiscalYear):
        self.year = year
        self._items: list[Item] | None = None

    def items(self):
        return (
            Item.objects.filter(year=self.year)
            .select_related("indicator", "sub_indicator", "owner_division", "owner")
            .prefetch_related("required_elements")
            .order_by("order", "code")
        )

    def _loaded(self) -> list[Item]:
        if self._items is None:
            self._items = list(self.items())
        return self._items

    @property
    def layout(self) -> Layout:
        if any(_has_assignments(item) for item in self._loaded()):
            return ITEM_FULL_LAYOUT
        return ITEM_LAYOUT

    def rows(self) -> list[list[str]]:
        width = len(self.layout.columns)
        return [row[:width] for row in self.full_rows()]

    def full_rows(self) -> list[list[str]]:
        """Every item in the whole ITEM_FULL_LAYOUT, as an import compares them."""
        return [item_row(item) for item in self._loaded()]

    def rows_by_code(self) -> dict[str, list[str]]:
        return {row[0].upper(): row for row in self.full_rows()}

    def title(self) -> str:
        return f"รายการข้อ {self.year.year}"

    def basename(self) -> str:
        return f"items-{self.year.year}"


def _has_assignments(item: Item) -> bool:
    return bool(
        item.date_rule != Item.DateRule.ANY
        or item.owner_division_id
        or item.owner_id
        or item.due_date
    )


def item_row(item: Item) -> list[str]:
    """An item as one row of ITEM_FULL_LAYOUT (needs the sheet's select and prefetch)."""
    sub = item.sub_indicator
    return [
        item.code,
        item.title_th,
        str(item.indicator.number),
        f"{sub.number} {sub.name_th}".strip() if sub else "",
        str(item.order),
        item.guidance,
        "\n".join(element.text for element in item.required_elements.all()),
        item.title_en,
        str(item.get_confidence_display()),
        item.confidence_note,
        str(item.get_date_rule_display()),
        *owner_cells(item.owner_division, item.owner, item.due_date),
    ]


def parse_items(rows: Sequence[Sequence[str]], year_be: int) -> tuple[Catalog, list[str]]:
    """The catalogue the rows describe (the loader's own items), and warnings; SheetError
    listing every problem by row and column."""
    header = ITEM_FULL_LAYOUT.find_header(rows)
    indicators = _indicator_numbers(year_be)
    current = {
        item.code.upper(): item
        for item in Item.objects.filter(year__year=year_be).only(
            "code", "confidence", "confidence_note"
        )
    }
    problems: list[Problem] = []
    items: list[CatalogItem] = []
    rows_of_code: dict[str, int] = {}
    # Divisions and staff are looked up only for a file that names them.
    assignees = Assignees() if set(OWNER_KEYS) & set(header.positions) else None
    for row in ITEM_FULL_LAYOUT.data_rows(rows, header, problems):
        _check_item_row(row, indicators, rows_of_code, year_be)
        owners = assignees.read(row.cells, row.problem) if assignees else {}
        if not row.ok:
            continue
        fields = _catalog_fields(row, current)
        refused: list[str] = []
        item = catalog_item_from_fields(fields, f"แถว {row.number}", len(items) + 1, refused)
        for message in refused:  # what the loader refuses that the checks above did not
            row.problem(None, message.removeprefix(f"แถว {row.number}: "))
        item.assignments = _item_assignments(owners)
        items.append(item)
    if not items and not problems:
        problems.append(Problem(None, None, "ไม่พบรายการข้อในไฟล์: มีแต่หัวตาราง"))
    if problems:
        raise SheetError(problems)
    return Catalog(year=None, indicators={}, items=items, source="admin"), header.warnings


def _check_item_row(row: RowReader, indicators: set[int], rows_of_code, year_be: int) -> None:
    code, _note = normalise_code(row["code"])
    if not row["code"]:
        row.problem("code", "ไม่มีรหัสข้อ")
    elif code is None:
        row.problem("code", f"รหัสข้อ “{row['code']}” ไม่ถูกต้อง: ใช้ตัวอักษรตามด้วยตัวเลข เช่น O1")
    elif code.upper() in rows_of_code:
        row.problem("code", f"รหัสข้อ {code} ซ้ำกับแถว {rows_of_code[code.upper()]}")
    else:
        rows_of_code[code.upper()] = row.number
    if not row["title_th"]:
        row.problem("title_th", "ไม่มีชื่อข้อ")
    number = sheets.whole_number(row["indicator"])
    if not row["indicator"]:
        row.problem("indicator", "ไม่มีเลขตัวชี้วัด: ใส่ตัวเลข เช่น 9")
    elif number is None:
        row.problem("indicator", f"“{row['indicator']}” ไม่ใช่เลขตัวชี้วัด: ใส่ตัวเลข เช่น 9")
    elif number not in indicators:
        known = ", ".join(str(n) for n in sorted(indicators))
        row.problem("indicator", f"ไม่มีตัวชี้วัดที่ {number} ในปีงบประมาณ {year_be} (มี {known})")
    if row["order"]:
        order = sheets.whole_number(row["order"])
        if order is None or order > MAX_ORDER:
            row.problem("order", f"ลำดับต้องเป็นตัวเลข 0–{MAX_ORDER}")
    if row["sub_indicator"]:
        number_text, name = split_sub_indicator(row["sub_indicator"])
        for value, field_name in ((number_text, "number"), (name, "name_th")):
            message = sheets.too_long(value, _limit(SubIndicator, field_name))
            if message:
                row.problem("sub_indicator", message)
    if row["confidence"] and row["confidence"].casefold() not in _confidence_keys():
        row.problem("confidence", f"ไม่รู้จัก “{row['confidence']}”: {CONFIDENCE_HINT}")
    if row.has("date_rule") and parse_date_rule(row["date_rule"]) is None:
        row.problem(
            "date_rule",
            _("ไม่รู้จัก “%(value)s”: %(hint)s") % {"value": row["date_rule"], "hint": DATE_RULE_HINT},
        )


def _item_assignments(owners: dict) -> dict:
    """The owners a row gives, as the item's fields (the loader writes only those)."""
    names = {"owner_division": "owner_division_id", "owner": "owner_id", "due_date": "due_date"}
    return {
        names[key]: value.pk if key != "due_date" and value is not None else value
        for key, value in owners.items()
    }


def _confidence_keys() -> dict[str, str]:
    return {text.casefold(): value for text, value in CONFIDENCE_BY_TEXT.items()}


def _catalog_fields(row: RowReader, current: dict[str, Item]) -> dict:
    """The row as the catalogue loader's fields. A column the file lacks is left out, so
    that the loader keeps what the item has; the loader would reset the confidence and its
    note, so those are the item's own."""
    fields = {key: value for key, value in row.cells.items() if value is not None}
    item = current.get((normalise_code(fields["code"])[0] or "").upper())
    if item is not None and "confidence" not in fields:
        fields["confidence"] = str(item.get_confidence_display())
    if item is not None and "note" not in fields:
        fields["note"] = item.confidence_note
    fields["indicator"] = str(sheets.whole_number(fields["indicator"]))
    if fields.get("order"):
        fields["order"] = str(sheets.whole_number(fields["order"]))
    if "confidence" in fields:
        fields["confidence"] = _confidence_keys().get(fields["confidence"].casefold(), "")
    if "required_elements" in fields:
        parts = ELEMENT_SEPARATOR.split(fields["required_elements"])
        fields["required_elements"] = [part.strip() for part in parts]
    return fields


def _indicator_numbers(year_be: int) -> set[int]:
    """The indicators a year has, or will have once the loader gives it the standard ones."""
    structure = yaml.safe_load(STRUCTURE_FILE.read_text(encoding="utf-8"))
    numbers = {entry["number"] for entry in structure["indicators"]}
    year = FiscalYear.objects.filter(year=year_be).first()
    if year is not None:
        numbers |= set(year.indicators.values_list("number", flat=True))
    return numbers


KEPT_NOTE = "ไม่มีในไฟล์ แต่มีหลักฐานหรือคำอธิบายแล้ว จึงคงไว้"
REMOVED_NOTE = "ไม่มีในไฟล์ และยังไม่มีหลักฐาน: ลบออก"


def import_items(rows: Sequence[Sequence[str]], year_be: int, dry_run: bool) -> SheetReport:
    """Parse the rows and load them into a year as the catalogue loader does; a dry run
    reports the same and writes nothing."""
    catalog, warnings = parse_items(rows, year_be)
    report = SheetReport(year=year_be, dry_run=dry_run, warnings=warnings)
    try:
        with transaction.atomic():
            _load_items(catalog, year_be, report)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _load_items(catalog: Catalog, year_be: int, report: SheetReport) -> None:
    year = FiscalYear.objects.filter(year=year_be).first()
    before_items = {i.code.upper(): i for i in Item.objects.filter(year=year)} if year else {}
    before = ItemSheet(year).rows_by_code() if year else {}
    try:
        loaded = apply_catalog(catalog, year_be)
    except CatalogError as exc:  # the checks above leave the loader nothing to refuse
        raise SheetError([Problem(None, None, message) for message in exc.problems]) from exc
    report.year_created = loaded.year_created
    report.warnings.extend(loaded.warnings)
    year = FiscalYear.objects.get(year=year_be)
    after_items = {i.code.upper(): i for i in Item.objects.filter(year=year)}
    after = ItemSheet(year).rows_by_code()
    created, updated = set(loaded.created), set(loaded.updated)
    for entry in catalog.items:
        key = entry.code.upper()
        if entry.code in created:
            kind, note = "new", ""
            report.created.append(after_items[key])
        elif entry.code in updated:
            kind, note = "update", sheets.changed_columns(ITEM_FULL_LAYOUT, before[key], after[key])
            report.updated.append(after_items[key])
        else:
            kind, note = "unchanged", ""
        row = int(entry.where.removeprefix("แถว "))
        report.outcomes.append(Outcome(kind, row, after[key], note))
    # What the file leaves out: the removals first, they are what staff must check.
    for code in loaded.removed:
        report.outcomes.append(Outcome("removed", None, before[code.upper()], REMOVED_NOTE))
        report.removed.append(before_items[code.upper()])
    for code in loaded.kept:
        report.outcomes.append(Outcome("kept", None, after[code.upper()], KEPT_NOTE))
    if loaded.removed:
        report.warnings.append(
            f"ข้อที่ไม่มีในไฟล์และยังไม่มีหลักฐานหรือคำอธิบายจะถูกลบ {len(loaded.removed)} ข้อ: "
            + ", ".join(loaded.removed)
        )


# --- evidence links --------------------------------------------------------------------------

LINK_LAYOUT = Layout(
    [
        Column("code", "รหัสข้อ", ("รหัส", "ข้อ"), width=8),
        Column("title", "ชื่อเรื่อง", ("หัวเรื่อง",), width=40, limit=_limit(Evidence, "title")),
        Column("url", "ลิงก์", ("ลิงก์ (URL)", "URL", "ลิงค์"), width=50),
        Column(
            "link_label",
            "ข้อความของลิงก์",
            ("ข้อความลิงก์",),
            required=False,
            width=30,
            limit=_limit(Evidence, "link_label"),
        ),
        Column("document_date", "วันที่", ("วันที่ของเอกสาร", "วันที่เอกสาร"), required=False, width=14),
        Column("is_published", "เผยแพร่", ("การเผยแพร่",), required=False, width=10),
    ]
)


class EvidenceLinkSheet(sheets.SheetExport):
    """A year's link evidence in LINK_LAYOUT, item by item; it imports back unchanged."""

    layout = LINK_LAYOUT

    def __init__(self, year: FiscalYear):
        self.year = year

    def evidence(self):
        return (
            Evidence.objects.filter(item__year=self.year, kind=Evidence.Kind.LINK)
            .select_related("item")
            .order_by("item__order", "item__code", "order", "pk")
        )

    def rows(self) -> list[list[str]]:
        return [link_row(evidence) for evidence in self.evidence()]

    def title(self) -> str:
        return f"ลิงก์หลักฐาน {self.year.year}"

    def basename(self) -> str:
        return f"evidence-links-{self.year.year}"


def link_row(evidence: Evidence) -> list[str]:
    return [
        evidence.item.code,
        evidence.title,
        evidence.url,
        evidence.link_label,
        sheets.date_cell(evidence.document_date),
        sheets.yes_no_cell(evidence.is_published),
    ]


_UNSET = object()  # a column the file does not have: keep what the evidence has


def import_links(rows: Sequence[Sequence[str]], year: FiscalYear, dry_run: bool) -> SheetReport:
    """Create or update the year's link evidence from the rows (matched by item code and
    URL); SheetError listing every problem, and nothing written, if any row is invalid."""
    header = LINK_LAYOUT.find_header(rows)
    items = {item.code.upper(): item for item in Item.objects.filter(year=year)}
    problems: list[Problem] = []
    planned: list[tuple[RowReader, Item, dict]] = []
    rows_of_link: dict[tuple[str, str], int] = {}
    url_field = Evidence._meta.get_field("url").formfield()
    date_field = ThaiDateField(required=False)
    for row in LINK_LAYOUT.data_rows(rows, header, problems):
        values = _link_values(row, items, year, url_field, date_field)
        if row.ok:
            key = (values["code"], values["url"])
            if key in rows_of_link:
                row.problem("url", f"ลิงก์นี้ของข้อ {key[0]} ซ้ำกับแถว {rows_of_link[key]}")
                continue
            rows_of_link[key] = row.number
            planned.append((row, items[values["code"]], values))
    if not planned and not problems:
        problems.append(Problem(None, None, "ไม่พบลิงก์ในไฟล์: มีแต่หัวตาราง"))
    if problems:
        raise SheetError(problems)

    report = SheetReport(year=year.year, dry_run=dry_run, warnings=header.warnings)
    try:
        with transaction.atomic():
            _save_links(planned, year, report)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _link_values(row: RowReader, items, year: FiscalYear, url_field, date_field) -> dict:
    code = canonical_item_code(row["code"])
    if not code:
        row.problem("code", "ไม่มีรหัสข้อ")
    elif code.upper() not in items:
        row.problem("code", f"ไม่มีข้อ {code} ในปีงบประมาณ {year.year}")
    else:
        code = items[code.upper()].code
    if not row["title"]:
        row.problem("title", "ไม่มีชื่อเรื่อง")
    url = ""
    if not row["url"]:
        row.problem("url", "ไม่มีลิงก์")
    elif too_long := sheets.too_long(row["url"], _limit(Evidence, "url")):
        row.problem("url", too_long)  # Django's own message for it is not in Thai
    else:
        try:
            url = url_field.clean(row["url"])
        except ValidationError as exc:
            for message in exc.messages:
                row.problem("url", message)
    document_date = _UNSET
    if row.has("document_date"):
        try:
            document_date = date_field.clean(row["document_date"])
        except ValidationError as exc:
            row.problem("document_date", " ".join(exc.messages))
    published = None
    if row["is_published"]:
        published = sheets.yes_no(row["is_published"])
        if published is None:
            row.problem("is_published", f"อ่าน “{row['is_published']}” ไม่ได้: {sheets.YES_NO_HINT}")
    return {
        "code": code,
        "title": row["title"],
        "url": url,
        "link_label": row.cells["link_label"],  # None: the file does not say
        "document_date": document_date,
        "is_published": published,  # None: keep (a new link starts as a draft)
    }


def _save_links(planned, year: FiscalYear, report: SheetReport) -> None:
    existing: dict[tuple[int, str], Evidence] = {}
    for evidence in (
        Evidence.objects.filter(item__year=year, kind=Evidence.Kind.LINK)
        .select_related("item")
        .order_by("-order", "-pk")  # the first of any duplicates wins
    ):
        existing[(evidence.item_id, evidence.url)] = evidence
    next_order = dict(
        Evidence.objects.filter(item__year=year)
        .values("item")
        .annotate(last=Max("order"))
        .values_list("item", "last")
    )
    for row, item, values in planned:
        evidence = existing.get((item.pk, values["url"]))
        before = link_row(evidence) if evidence else None
        if evidence is None:
            next_order[item.pk] = next_order.get(item.pk, 0) + 1
            evidence = Evidence(
                item=item, kind=Evidence.Kind.LINK, url=values["url"], order=next_order[item.pk]
            )
            evidence.set_published(bool(values["is_published"]))
        elif values["is_published"] is not None and values["is_published"] != evidence.is_published:
            evidence.set_published(values["is_published"])
        evidence.title = values["title"]
        if values["link_label"] is not None:
            evidence.link_label = values["link_label"]
        if values["document_date"] is not _UNSET:
            evidence.document_date = values["document_date"]
        after = link_row(evidence)
        if before is None:
            kind, note = "new", "" if evidence.is_published else "ฉบับร่าง (ยังไม่เผยแพร่)"
        elif after != before:
            kind, note = "update", sheets.changed_columns(LINK_LAYOUT, before, after)
        else:
            report.outcomes.append(Outcome("unchanged", row.number, after))
            continue
        _check(evidence, row)
        (report.created if kind == "new" else report.updated).append(evidence)
        report.outcomes.append(Outcome(kind, row.number, after, note))
    _write_links(report.created, report.updated)


# What an import may change on an existing link.
LINK_FIELDS = [
    "title",
    "link_label",
    "document_date",
    "status",
    "review_comment",
    "is_published",
    "published_at",
    "updated_at",
]


def _write_links(created: list[Evidence], updated: list[Evidence]) -> None:
    """Write the links in a few statements, not one (and a cache invalidation) each: a
    year's links are often pasted in at once. What Evidence.save() adds for a link (no
    file) is its rendered body, done here; the public pages' cache is made stale once."""
    now = timezone.now()
    for evidence in created:
        evidence.body_html = render_body(evidence.body, evidence.text_format)
    for evidence in updated:
        evidence.updated_at = now  # auto_now, which bulk_update does not set
    Evidence.objects.bulk_create(created, batch_size=500)
    for evidence in updated:  # one UPDATE each: bulk_update's CASE is slower on SQLite
        Evidence.objects.filter(pk=evidence.pk).update(
            **{name: getattr(evidence, name) for name in LINK_FIELDS}
        )
    # History as save() would have written it (bulk writes skip simple-history's signals).
    Evidence.history.bulk_history_create(created)
    Evidence.history.bulk_history_create(updated, update=True)
    if created or updated:
        page_cache.invalidate()


def _check(evidence: Evidence, row: RowReader) -> None:
    """Run the model's checks; a failure names the row (and rolls back what was written)."""
    try:
        # Evidence.clean() mirrors the constraints; checking them again would cost a query
        # each, per row. The item was looked up by code.
        evidence.full_clean(exclude=["item"], validate_constraints=False)
    except ValidationError as exc:
        problems = [
            Problem(row.number, LINK_LAYOUT.labels.get(name), message, row.raw)
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        raise SheetError(problems) from exc
