"""Reading an OIT catalogue file (YAML or CSV) and applying it to a fiscal year.

Parsing and applying are separate: `parse_catalog` turns a file into plain data or raises
`CatalogError` listing every problem with its line (YAML) or row (CSV, header = row 1);
`apply_catalog` writes it in one transaction, matching items by code, and never deletes an
item the organisation has already worked on. What staff add to an item (its owners and due
date, the ticks on its required elements) is kept when a catalogue is loaded again.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ita_portal import cache as page_cache
from ita_portal.thai import to_arabic_digits

from .models import (
    ITEM_CODE_RE,
    FiscalYear,
    Indicator,
    Instrument,
    Item,
    RequiredElement,
    SubIndicator,
    canonical_item_code,
)

STRUCTURE_FILE = Path(settings.BASE_DIR) / "catalogs" / "structure.yaml"
MAX_CATALOG_BYTES = 2 * 1024 * 1024
YEAR_RANGE = (2500, 2700)  # FiscalYear.year's validators, which get_or_create does not run
MAX_ORDER = 32767  # PositiveSmallIntegerField

# CSV headers: the YAML field names, or their Thai equivalents.
CSV_HEADERS = {
    "code": "code",
    "รหัส": "code",
    "รหัสข้อ": "code",
    "title_th": "title_th",
    "ชื่อข้อ": "title_th",
    "หัวข้อ": "title_th",
    "title_en": "title_en",
    "ชื่อข้อ (อังกฤษ)": "title_en",
    "indicator": "indicator",
    "ตัวชี้วัด": "indicator",
    "indicator_name": "indicator_name",
    "ชื่อตัวชี้วัด": "indicator_name",
    "sub_indicator": "sub_indicator",
    "ตัวชี้วัดย่อย": "sub_indicator",
    "order": "order",
    "ลำดับ": "order",
    "guidance": "guidance",
    "คำอธิบายเกณฑ์": "guidance",
    "required_elements": "required_elements",
    "องค์ประกอบ": "required_elements",
    "องค์ประกอบที่ต้องมี": "required_elements",
    "confidence": "confidence",
    "ความน่าเชื่อถือ": "confidence",
    "note": "note",
    "หมายเหตุ": "note",
    "หมายเหตุที่มา": "note",
    "date_rule": "date_rule",
    "เกณฑ์วันที่": "date_rule",
    "เกณฑ์วันที่ของหลักฐาน": "date_rule",
}
CSV_REQUIRED = ("code", "title_th", "indicator")


# The evidence-date rule as catalogues and sheets write it: the stored values, the admin's
# Thai labels and the manual's wordings. Keys as `_date_rule_key` reduces them.
_DATE_RULE_WORDS = {
    Item.DateRule.ANY: ("", "any", "none", "ไม่กำหนด", "ไม่ระบุ", "-"),
    Item.DateRule.CURRENT: (
        "current",
        "current_year",
        "ปีปัจจุบัน",
        "ปีงบประมาณปัจจุบัน",
        "ปีงบประมาณที่ประเมิน",
        "ปีที่ประเมิน",
    ),
    Item.DateRule.FIRST_HALF: (
        "first_half",
        "half_year",
        "ครึ่งปีแรก",
        "ครึ่งปีแรกของปีงบประมาณ",
        "6 เดือนแรก",
        "หกเดือนแรก",
        "รอบ 6 เดือนแรก",
    ),
    Item.DateRule.PREVIOUS: (
        "previous",
        "previous_year",
        "ปีก่อน",
        "ปีก่อนหน้า",
        "ปีที่ผ่านมา",
        "ปีงบประมาณก่อนหน้า",
        "ปีงบประมาณที่ผ่านมา",
    ),
}


def _date_rule_key(text: str) -> str:
    """ "6 เดือนแรก", "๖เดือนแรก" and "First-Half" compare as one: Arabic digits, no spaces,
    underscores or hyphens, any case."""
    return re.sub(r"[\s_\-]", "", to_arabic_digits(str(text))).casefold()


DATE_RULES_BY_WORD = {
    _date_rule_key(word): rule.value
    for rule, words in _DATE_RULE_WORDS.items()
    for word in (*words, str(rule.label))
}
DATE_RULE_HINT = (
    "ใช้ "
    + ", ".join(f"“{label}”" for _value, label in Item.DateRule.choices)
    + " หรือ ปีปัจจุบัน, ครึ่งปีแรก, ปีก่อน"
)


def parse_date_rule(text) -> str | None:
    """The Item.DateRule value a catalogue or sheet cell names ("ปีก่อน" → "previous"; an
    empty cell → "any"), or None when nobody could tell which rule is meant."""
    if text is None:
        return Item.DateRule.ANY.value
    return DATE_RULES_BY_WORD.get(_date_rule_key(text))


class CatalogError(Exception):
    """A catalogue file that cannot be loaded; `problems` names each line or row."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class CatalogItem:
    code: str
    title_th: str
    indicator: int
    where: str  # "บรรทัด 12" or "แถว 5", for messages
    order: int = 0
    title_en: str | None = None
    sub_indicator: str | None = None
    guidance: str | None = None
    required_elements: list[str] | None = None
    confidence: str = Item.Confidence.CONFIRMED
    confidence_note: str = ""
    date_rule: str | None = None  # None: the file does not say (keep what the item has)
    # What a sheet assigns besides the catalogue (owner_division_id, owner_id, due_date):
    # only the fields given are written, so that a catalogue file never clears staff work.
    assignments: dict = field(default_factory=dict)


@dataclass
class Catalog:
    year: int | None
    indicators: dict[int, str]
    items: list[CatalogItem]
    source: str = ""


@dataclass
class LoadReport:
    year: int
    year_created: bool = False
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # not in the file, but has the org's work
    renamed_indicators: list[str] = field(default_factory=list)  # "10 ชื่อใหม่"
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.year_created
            or self.created
            or self.updated
            or self.removed
            or self.renamed_indicators
        )


# --- parsing -----------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that notes where each mapping starts (`__line__`) and the line of
    each of its keys (`__key_lines__`), so that problems can name the line to fix."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__key_lines__"] = {
        key.value: key.start_mark.line + 1
        for key, _value in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return mapping


def _line_of(mapping: dict, key: str) -> int:
    """The line of `key` in a mapping read by _LineLoader, or of the mapping itself."""
    return mapping.get("__key_lines__", {}).get(key, mapping["__line__"])


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_catalog(data: bytes, filename: str) -> Catalog:
    """Parse a catalogue file's bytes; the name's extension decides YAML or CSV."""
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError([f"ไฟล์ใหญ่เกินไป (เกิน {MAX_CATALOG_BYTES // 1024 // 1024} MB)"])
    text = _decode(data)
    if not text.strip():
        raise CatalogError(["ไฟล์ว่างเปล่า: ไม่มีรายการข้อ"])
    suffix = Path(filename).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_yaml(text)
    if suffix == ".csv":
        return parse_csv(text)
    raise CatalogError([f"ไม่รู้จักชนิดไฟล์ “{suffix or filename}”: ใช้ไฟล์ .yaml, .yml หรือ .csv"])


def _decode(data: bytes) -> str:
    # Thai spreadsheets saved on Windows are often TIS-620 (cp874) rather than UTF-8.
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CatalogError(["อ่านไฟล์ไม่ได้: ต้องเป็นข้อความ UTF-8 หรือ TIS-620"])


def parse_yaml(text: str) -> Catalog:
    try:
        document = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"บรรทัด {mark.line + 1}: " if mark else ""
        raise CatalogError([f"{where}ไฟล์ YAML ไม่ถูกต้อง ({getattr(exc, 'problem', exc)})"]) from exc
    if document is None:  # only comments
        raise CatalogError(["ไฟล์ว่างเปล่า: ไม่มีรายการข้อ"])
    root = _catalog_root(document)
    problems: list[str] = []
    year = _parse_int(root.get("fiscal_year_be"))
    if root.get("fiscal_year_be") is not None and (
        year is None or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]
    ):
        problems.append(
            f"บรรทัด {_line_of(root, 'fiscal_year_be')}: fiscal_year_be ต้องเป็นปี พ.ศ. เช่น 2569"
        )

    indicators: dict[int, str] = {}
    for entry in root.get("indicators") or []:
        if not isinstance(entry, dict):
            problems.append("indicators: แต่ละรายการต้องมี number และ name_th")
            continue
        number = _parse_int(entry.get("number"))
        name = _text(entry.get("name_th"))
        if number is None or not name:
            problems.append(f"บรรทัด {entry['__line__']}: ตัวชี้วัดต้องมี number และ name_th")
            continue
        _check_length(name, Indicator, "name_th", f"บรรทัด {entry['__line__']}", problems)
        indicators[number] = name

    raw_items = root.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append("ไม่พบรายการข้อ (items) ในไฟล์")
        raise CatalogError(problems)
    items = []
    for position, entry in enumerate(raw_items, start=1):
        if not isinstance(entry, dict):
            problems.append(f"ข้อที่ {position}: ต้องเป็นชุดข้อมูลที่มี code, title_th และ indicator")
            continue
        items.append(item_from_fields(entry, f"บรรทัด {entry['__line__']}", position, problems))
    _check_duplicates(items, problems)
    if problems:
        raise CatalogError(problems)
    return Catalog(year=year, indicators=indicators, items=items, source=_text(root.get("source")))


def _catalog_root(document) -> dict:
    """The mapping that holds `items`: the document itself or its single top-level key."""
    if isinstance(document, dict):
        if "items" in document:
            return document
        for key, value in document.items():
            if (
                key not in ("__line__", "__key_lines__")
                and isinstance(value, dict)
                and "items" in value
            ):
                return value
    raise CatalogError(["ไม่พบรายการข้อ (items) ในไฟล์: ดูรูปแบบจาก catalogs/catalog-2569.yaml"])


def parse_csv(text: str) -> Catalog:
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise CatalogError(["ไฟล์ว่างเปล่า"]) from None
    columns = [
        CSV_HEADERS.get(name.strip().lower(), CSV_HEADERS.get(name.strip())) for name in header
    ]
    missing = [name for name in CSV_REQUIRED if name not in columns]
    if missing:
        expected = ", ".join(CSV_REQUIRED)
        raise CatalogError(
            [f"แถว 1: หัวตารางไม่ครบ ขาด {', '.join(missing)} (ต้องมีอย่างน้อย {expected})"]
        )
    problems: list[str] = []
    items: list[CatalogItem] = []
    indicators: dict[int, str] = {}
    for index, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        fields = {
            column: cell for column, cell in zip(columns, row, strict=False) if column is not None
        }
        if "required_elements" in fields:
            fields["required_elements"] = [
                part.strip() for part in re.split(r"\n|\|", fields["required_elements"])
            ]
        item = item_from_fields(fields, f"แถว {index}", len(items) + 1, problems)
        items.append(item)
        name = _text(fields.get("indicator_name"))
        if name and item.indicator:
            _check_length(name, Indicator, "name_th", f"แถว {index}", problems)
            indicators[item.indicator] = name
    if not items and not problems:
        problems.append("ไม่พบรายการข้อในไฟล์")
    _check_duplicates(items, problems)
    if problems:
        raise CatalogError(problems)
    return Catalog(year=None, indicators=indicators, items=items, source="CSV")


def item_from_fields(fields: dict, where: str, position: int, problems: list[str]) -> CatalogItem:
    raw_code = _text(fields.get("code"))
    code, code_note = normalise_code(raw_code)
    title, title_note = clean_title(_text(fields.get("title_th")))
    indicator = _parse_int(fields.get("indicator"))
    subject = f"{where}: ข้อ {raw_code or position}"
    if not raw_code:
        problems.append(f"{where}: ไม่มีรหัสข้อ (code)")
    elif code is None:
        problems.append(f"{where}: รหัสข้อ “{raw_code}” ไม่ถูกต้อง ใช้ตัวอักษรตามด้วยตัวเลข เช่น O1")
    if not title:
        problems.append(f"{where}: ข้อ {raw_code or position} ไม่มีชื่อข้อ (title_th)")
    if indicator is None:
        problems.append(
            f"{where}: ข้อ {raw_code or position} ต้องระบุตัวชี้วัด (indicator) เป็นตัวเลข เช่น 9"
        )
    order = _parse_int(fields.get("order"))
    if fields.get("order") not in (None, "") and (order is None or order > MAX_ORDER):
        problems.append(f"{where}: ลำดับ (order) ต้องเป็นตัวเลขไม่เกิน {MAX_ORDER}")
        order = None
    if _has_nul(fields):
        # PostgreSQL cannot store NUL in text; SQLite would keep it silently.
        problems.append(f"{subject}: มีอักขระ NUL (\\0) ซึ่งบันทึกไม่ได้ กรุณาลบออก")
    _check_length(title, Item, "title_th", subject, problems)
    _check_length(_text(fields.get("title_en")), Item, "title_en", subject, problems)
    if fields.get("sub_indicator") is not None:
        sub_number, sub_name = split_sub_indicator(_text(fields["sub_indicator"]))
        _check_length(sub_number, SubIndicator, "number", subject, problems)
        _check_length(sub_name, SubIndicator, "name_th", subject, problems)
    confidence, confidence_note = _confidence(_text(fields.get("confidence")))
    notes = [
        note for note in (code_note, title_note, confidence_note, _text(fields.get("note"))) if note
    ]
    sources = fields.get("sources")
    if isinstance(sources, list) and sources:
        notes.append("ที่มา: " + "; ".join(_text(source) for source in sources if source))
    elements = fields.get("required_elements")
    if elements is not None and not isinstance(elements, list):
        elements = [elements]
    date_rule = _date_rule(fields, where, raw_code or str(position), problems)
    return CatalogItem(
        code=code or raw_code,
        title_th=title,
        indicator=indicator or 0,
        where=where,
        order=order or position,
        title_en=_optional_text(fields, "title_en"),
        sub_indicator=_optional_text(fields, "sub_indicator"),
        guidance=_optional_text(fields, "guidance"),
        required_elements=(
            [_text(e) for e in elements if _text(e)] if elements is not None else None
        ),
        confidence=confidence,
        confidence_note="\n".join(notes),
        date_rule=date_rule,
    )


def _date_rule(fields: dict, where: str, code: str, problems: list[str]) -> str | None:
    """The item's evidence-date rule, None when the file has no such key or column; a value
    nobody can read is a problem naming the line (the key's own, in YAML) or row."""
    if "date_rule" not in fields:
        return None
    raw = fields["date_rule"]
    rule = parse_date_rule(raw)
    if rule is None:
        if "__line__" in fields:
            where = f"บรรทัด {_line_of(fields, 'date_rule')}"
        problems.append(
            _("%(where)s: ข้อ %(code)s คอลัมน์ เกณฑ์วันที่ (date_rule): ไม่รู้จัก “%(value)s” %(hint)s")
            % {"where": where, "code": code, "value": _text(raw), "hint": DATE_RULE_HINT}
        )
    return rule


def clean_title(raw: str) -> tuple[str, str]:
    """A title without the compilers' English annotations, and those annotations as a note.

    The reference catalogues mark doubt inside titles ("… (unconfirmed)", "(unknown — possibly
    …)"); citizens should read the title, staff the doubt.
    """
    text = raw.strip()
    guess = re.match(r"^\((?:unknown|unconfirmed)\s*[—–-]+\s*possibly\s+(.+)\)$", text, re.I)
    if guess:
        return guess.group(1).strip(), f"ชื่อข้อยังไม่ยืนยัน (ในไฟล์ต้นทาง: “{text}”)"
    marked = re.match(r"^(.*?)\s*\((unconfirmed|inferred|unknown|guess)\)$", text, re.I)
    if marked and marked.group(1):
        return marked.group(1), f"ชื่อข้อยังไม่ยืนยัน (ในไฟล์ต้นทาง: “{text}”)"
    return text, ""


def normalise_code(raw: str) -> tuple[str | None, str]:
    """A clean item code and a note: "o1 " → "O1"; "O27?" → "O27" noted as unconfirmed."""
    value = canonical_item_code(raw)
    note = ""
    if value.endswith("?"):
        value = value.rstrip("?")
        note = f"รหัสข้อยังไม่ยืนยัน (ในไฟล์ต้นทางเขียนว่า “{raw.strip()}”)"
    if not ITEM_CODE_RE.match(value):
        return None, ""
    return value, note


def _confidence(raw: str) -> tuple[str, str]:
    value = raw.lower()
    if not value or value in Item.Confidence.values:
        return value or Item.Confidence.CONFIRMED, ""
    # The Thai labels, as the admin shows them and its export writes them.
    by_label = {str(label): key for key, label in Item.Confidence.choices}
    if raw.strip() in by_label:
        return by_label[raw.strip()], ""
    if value.startswith("guess"):
        return Item.Confidence.GUESS, ""
    return Item.Confidence.UNKNOWN, f"ความน่าเชื่อถือตามไฟล์: {raw}"


def _check_duplicates(items: list[CatalogItem], problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for item in items:
        key = item.code.upper()
        if key in seen:
            problems.append(f"{item.where}: รหัสข้อ {item.code} ซ้ำกับ{seen[key]}")
        else:
            seen[key] = item.where


def _check_length(value: str, model, field_name: str, where: str, problems: list[str]) -> None:
    """Name the line of a text too long for its column (the database would refuse it)."""
    field = model._meta.get_field(field_name)
    if len(value) > field.max_length:
        problems.append(
            f"{where}: {field.verbose_name} ยาว {len(value)} ตัวอักษร เกิน {field.max_length} ตัวอักษร"
        )


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _optional_text(fields: dict, key: str) -> str | None:
    return _text(fields[key]) if key in fields else None


def _parse_int(value) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = to_arabic_digits(str(value)).strip()
    # Only 0-9 (after Thai digits): str.isdigit() also accepts "²", which int() refuses.
    return int(text) if re.fullmatch(r"[0-9]+", text) else None


# --- applying ----------------------------------------------------------------------------


class _DryRunRollback(Exception):
    pass


def ensure_structure(year: FiscalYear) -> None:
    """Give a year the standard instruments and indicators it does not have yet."""
    structure = yaml.safe_load(STRUCTURE_FILE.read_text(encoding="utf-8"))
    instruments = {i.code: i for i in year.instruments.all()}
    for order, entry in enumerate(structure["instruments"], start=1):
        if entry["code"] not in instruments:
            instruments[entry["code"]] = Instrument.objects.create(
                year=year,
                code=entry["code"],
                name_th=entry["name_th"],
                weight=entry["weight"],
                order=order,
            )
    existing = set(year.indicators.values_list("number", flat=True))
    Indicator.objects.bulk_create(
        Indicator(
            year=year,
            instrument=instruments[entry["instrument"]],
            number=entry["number"],
            name_th=entry["name_th"],
        )
        for entry in structure["indicators"]
        if entry["number"] not in existing
    )


def apply_catalog(catalog: Catalog, year_be: int, dry_run: bool = False) -> LoadReport:
    """Write a parsed catalogue into a year; with dry_run, report what would change only."""
    report = LoadReport(year=year_be, dry_run=dry_run)
    try:
        with transaction.atomic():
            _apply(catalog, year_be, report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    if report.changed and not dry_run:
        page_cache.invalidate()
    return report


def _apply(catalog: Catalog, year_be: int, report: LoadReport) -> None:
    year, report.year_created = FiscalYear.objects.get_or_create(year=year_be)
    if catalog.year and catalog.year != year_be:
        report.warnings.append(f"ไฟล์ระบุปีงบประมาณ {catalog.year} แต่กำลังโหลดเข้าปี {year_be}")
    ensure_structure(year)
    indicators = {i.number: i for i in year.indicators.select_related("instrument")}
    for number, name in catalog.indicators.items():
        if number in indicators and indicators[number].name_th != name:
            indicators[number].name_th = name
            indicators[number].save(update_fields=["name_th"])
            report.renamed_indicators.append(f"{number} {name}")
    unknown = sorted({i.indicator for i in catalog.items} - set(indicators))
    if unknown:
        problems = [
            f"{i.where}: ข้อ {i.code} อ้างถึงตัวชี้วัดที่ {i.indicator} ซึ่งไม่มีในปี {year_be}"
            for i in catalog.items
            if i.indicator in unknown
        ]
        raise CatalogError(problems)

    sub_indicators: dict[tuple[int, str, str], SubIndicator] = {
        (s.indicator_id, s.number, s.name_th): s
        for s in SubIndicator.objects.filter(indicator__year=year)
    }
    existing = {
        item.code.upper(): item
        for item in year.items.prefetch_related("required_elements").select_related("sub_indicator")
    }
    for entry in catalog.items:
        indicator = indicators[entry.indicator]
        sub = _sub_indicator(entry.sub_indicator, indicator, sub_indicators, entry.order)
        item = existing.pop(entry.code.upper(), None)
        if item is None:
            item = Item(year=year, code=entry.code)
            _fill(item, entry, indicator, sub)
            _validate(item, entry)
            item.save()
            _sync_elements(item, entry.required_elements or [])
            report.created.append(entry.code)
            continue
        changed = _fill(item, entry, indicator, sub)
        if entry.required_elements is not None:
            changed |= _sync_elements(item, entry.required_elements)
        if changed:
            _validate(item, entry)
            item.save()
            report.updated.append(entry.code)
        else:
            report.unchanged.append(entry.code)

    # Items of the year that the file no longer lists.
    leftovers = (
        Item.objects.filter(pk__in=[item.pk for item in existing.values()])
        .annotate_work()
        .order_by("order")
    )
    for item in leftovers:
        if item.has_work:
            report.kept.append(item.code)
        else:
            report.removed.append(item.code)
            item.delete()
    SubIndicator.objects.filter(indicator__year=year, items__isnull=True).delete()


def _validate(item: Item, entry: CatalogItem) -> None:
    """Run the model's checks; a failure names the line or row (the transaction rolls back)."""
    try:
        item.full_clean()
    except ValidationError as exc:
        messages = "; ".join(
            f"{Item._meta.get_field(name).verbose_name}: {' '.join(errors)}"
            if name != "__all__"
            else " ".join(errors)
            for name, errors in exc.message_dict.items()
        )
        raise CatalogError([f"{entry.where}: ข้อ {entry.code} {messages}"]) from exc


def _sub_indicator(
    raw: str | None,
    indicator: Indicator,
    known: dict[tuple[int, str, str], SubIndicator],
    order: int,
) -> SubIndicator | None | bool:
    """The sub-indicator named by a catalogue string such as "9.1 ข้อมูลพื้นฐาน (inferred)".

    Returns False when the file does not say (keep what the item has).
    """
    if raw is None:
        return False
    number, name = split_sub_indicator(raw)
    if not name:
        return None
    key = (indicator.pk, number, name)
    if key not in known:
        known[key] = SubIndicator.objects.create(
            indicator=indicator, number=number, name_th=name, order=order
        )
    return known[key]


def split_sub_indicator(raw: str) -> tuple[str, str]:
    """("9.1", "ข้อมูลพื้นฐาน") from "9.1 ข้อมูลพื้นฐาน (inferred)"; ("", "") for unknown."""
    text = re.sub(r"\s*\((?:inferred|unconfirmed|unknown)\)\s*$", "", raw.strip(), flags=re.I)
    if text.lower() in ("", "unknown", "-", "ไม่ทราบ"):
        return "", ""
    match = re.match(r"^(\d+(?:\.\d+)*)\s+(.*)$", to_arabic_digits(text))
    if match:
        return match.group(1), match.group(2).strip()
    return "", text


def _fill(item: Item, entry: CatalogItem, indicator: Indicator, sub) -> bool:
    """Copy what the file says onto the item; True when anything changed."""
    values = {
        "title_th": entry.title_th,
        "indicator_id": indicator.pk,
        "order": entry.order,
        "confidence": entry.confidence,
        "confidence_note": entry.confidence_note,
    }
    if sub is not False:
        values["sub_indicator_id"] = sub.pk if sub else None
    if entry.title_en is not None:
        values["title_en"] = entry.title_en
    if entry.guidance is not None:
        values["guidance"] = entry.guidance
    if entry.date_rule is not None:
        values["date_rule"] = entry.date_rule
    values.update(entry.assignments)
    changed = False
    for name, value in values.items():
        if getattr(item, name) != value:
            setattr(item, name, value)
            changed = True
    return changed


def _sync_elements(item: Item, texts: list[str]) -> bool:
    """Make the item's required elements the given list. An element whose text the list
    still has (spacing aside) keeps its row, so its tick and the evidence staff linked to it
    stay; only elements the list no longer names are deleted."""
    current = list(item.required_elements.all()) if item.pk else []
    if [e.text for e in current] == texts:
        return False
    by_text: dict[str, RequiredElement] = {}
    for element in current:
        by_text.setdefault(_element_key(element.text), element)
    keep = []
    for order, text in enumerate(texts, start=1):
        element = by_text.pop(_element_key(text), None) or RequiredElement(item=item)
        element.text, element.order = text, order
        element.save()
        keep.append(element.pk)
    RequiredElement.objects.filter(item=item).exclude(pk__in=keep).delete()
    return True


def _element_key(text: str) -> str:
    return " ".join(text.split())


def load_catalog_file(path: Path, year_be: int | None, dry_run: bool = False) -> LoadReport:
    """Parse and apply a catalogue file from disk (the load_catalog command's work)."""
    # Read one byte past the limit, not the whole file: parse_catalog refuses it either way.
    with path.open("rb") as handle:
        data = handle.read(MAX_CATALOG_BYTES + 1)
    catalog = parse_catalog(data, path.name)
    target = year_be or catalog.year
    if target is None:
        raise CatalogError(["ไม่ทราบปีงบประมาณ: ระบุ --year เช่น --year 2569"])
    return apply_catalog(catalog, target, dry_run=dry_run)
