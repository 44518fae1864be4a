"""Copy the measures of year N-1 into year N as a starting draft, never touching year N-1.

Each measure keeps its number, title and methods (text, responsible units, owning division
and responsible person, period shifted by one year); what happened in N-1 stays there: every
method starts "not started", with no result, recommendation, evidence, progress updates or
due date (each year sets its own). Targets are matched to year N's catalogue
(indicators by number, items as the rollover pairs them: code and title, so a renumbered
item is found) and whatever has no counterpart is reported, because
the catalogue changes every year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from disclosures.models import FiscalYear, Item
from disclosures.rollover import entries_of_year, match_items
from ita_portal import thai

from .models import Measure, Method, Programme

THAI_DIGITS = re.compile("[๐-๙]")
Point = tuple[int, int]  # (B.E. year, month)


class CopyRefused(Exception):
    """Nothing was copied; the message says why, in Thai, for staff."""


@dataclass
class CopyReport:
    source: FiscalYear
    target: FiscalYear
    measures: int = 0
    methods: int = 0
    foreword_copied: bool = False
    missing_indicators: list[str] = field(default_factory=list)
    missing_items: list[str] = field(default_factory=list)
    renamed_items: list[str] = field(default_factory=list)
    kept_periods: list[str] = field(default_factory=list)

    def messages(self) -> list[tuple[int, str]]:
        """(level, text) for the admin: what was copied, then what staff must check."""
        lines = [
            (
                messages.SUCCESS,
                f"คัดลอก {self.measures} มาตรการ ({self.methods} วิธีการ) จาก{self.source} "
                f"มาเป็นฉบับร่างของ{self.target} แล้ว ทุกวิธีการมีสถานะ “ยังไม่เริ่ม” "
                f"และยังไม่มีผลการดำเนินการ มาตรการที่คัดลอกยังไม่เผยแพร่ "
                f"ตรวจแก้แล้วใช้คำสั่ง “เผยแพร่มาตรการที่เลือก” ในรายการมาตรการ",
            )
        ]
        if self.foreword_copied:
            lines.append((messages.INFO, f"คัดลอกคำนำจาก{self.source} แล้ว โปรดปรับให้เป็นของปีนี้"))
        if self.missing_indicators:
            lines.append(
                (
                    messages.WARNING,
                    f"ตัวชี้วัดเป้าหมายที่ไม่มีใน{self.target} (ไม่ได้คัดลอก): "
                    + "; ".join(self.missing_indicators),
                )
            )
        if self.missing_items:
            lines.append(
                (
                    messages.WARNING,
                    f"ข้อ OIT เป้าหมายที่ไม่มีข้อตรงกันใน{self.target} (ไม่ได้คัดลอก): "
                    + "; ".join(self.missing_items),
                )
            )
        if self.renamed_items:
            lines.append(
                (
                    messages.WARNING,
                    "ข้อ OIT เป้าหมายที่ชื่อหรือรหัสต่างไปในปีนี้ โปรดตรวจสอบ: "
                    + "; ".join(self.renamed_items),
                )
            )
        if self.kept_periods:
            lines.append(
                (
                    messages.WARNING,
                    "อ่านระยะเวลาดำเนินการไม่ได้ จึงคงข้อความเดิมไว้ โปรดแก้เป็นของปีนี้: "
                    + "; ".join(self.kept_periods),
                )
            )
        return lines


def copy_measures(target: FiscalYear) -> CopyReport:
    """Copy the previous year's measures into `target`; raise CopyRefused if it cannot.

    Refused, with nothing written, when the target already has measures, or the previous
    year does not exist or has none. All or nothing: the copy runs in one transaction.
    """
    with transaction.atomic():
        # Lock the target year so two staff pressing the button at once copy only once.
        target = FiscalYear.objects.select_for_update().get(pk=target.pk)
        source = FiscalYear.objects.filter(year=target.year - 1).first()
        if source is None:
            raise CopyRefused(
                f"ไม่มีปีงบประมาณ พ.ศ. {target.year - 1} ในระบบ จึงไม่มีมาตรการให้คัดลอกมาที่{target}"
            )
        if target.measures.exists():
            raise CopyRefused(
                f"{target} มีมาตรการอยู่แล้ว จึงไม่ได้คัดลอก "
                f"(คัดลอกได้เฉพาะปีที่ยังไม่มีมาตรการ เพื่อไม่ให้ซ้ำกับที่บันทึกไว้)"
            )
        measures = list(
            source.measures.order_by("number").prefetch_related(
                "indicators",
                "items",
                Prefetch(
                    "methods",
                    queryset=Method.objects.order_by("order", "pk").prefetch_related("units"),
                ),
            )
        )
        if not measures:
            raise CopyRefused(f"{source} ยังไม่มีมาตรการ จึงไม่มีสิ่งใดให้คัดลอก")

        report = CopyReport(source=source, target=target)
        indicators = {indicator.number: indicator for indicator in target.indicators.all()}
        items = _item_counterparts(source, target)
        for measure in measures:
            _copy_measure(measure, target, indicators, items, report)
        report.foreword_copied = _copy_foreword(source, target)
    return report


def _item_counterparts(source: FiscalYear, target: FiscalYear) -> dict[int, Item]:
    """Each item of the source year → its counterpart in the target year, matched as the
    rollover matches catalogues: same code and title first, then the most similar title,
    so that an item renumbered in the new catalogue (O25 → O27) is still found."""
    pairs, _problems = match_items(entries_of_year(source), entries_of_year(target))
    targets = {item.pk: item for item in target.items.all()}
    return {
        pair.old.item_id: targets[pair.new.item_id]
        for pair in pairs
        if pair.carries and pair.new.item_id in targets
    }


def _copy_measure(measure: Measure, target: FiscalYear, indicators, items, report) -> None:
    label = f"มาตรการที่ {measure.number}"
    copy = Measure(year=target, number=measure.number, title=measure.title, is_published=False)
    _validate(copy, label)
    copy.save()

    matched_indicators = []
    for indicator in measure.indicators.all():
        counterpart = indicators.get(indicator.number)
        if counterpart is None:
            report.missing_indicators.append(f"{label}: {indicator}")
        else:
            matched_indicators.append(counterpart)
    copy.indicators.set(matched_indicators)

    matched_items = []
    for item in measure.items.all():
        counterpart = items.get(item.pk)
        if counterpart is None:
            report.missing_items.append(f"{label}: {item}")
            continue
        matched_items.append(counterpart)
        if counterpart.code != item.code:
            report.renamed_items.append(
                f"{label}: {item.code} ปีนี้คือ {counterpart.code} “{counterpart.title_th}”"
            )
        elif _words(counterpart.title_th) != _words(item.title_th):
            report.renamed_items.append(f"{label}: {item.code} ปีนี้คือ “{counterpart.title_th}”")
    copy.items.set(matched_items)

    for index, method in enumerate(measure.methods.all(), start=1):
        new = Method(
            measure=copy,
            order=method.order,
            text=method.text,
            responsible_text=method.responsible_text,
            owner_division_id=method.owner_division_id,
            owner_id=method.owner_id,
            status=Method.Status.NOT_STARTED,
        )
        kept = _shift_period(method, new)
        if kept:
            report.kept_periods.append(f"{label} วิธีการที่ {index}: “{method.period_text}”")
        _validate(new, f"{label} วิธีการที่ {index}")
        new.save()
        new.units.set(method.units.all())
        report.methods += 1
    report.measures += 1


def _validate(obj, label: str) -> None:
    """The copy passes the rules an entry in the admin would (the transaction then rolls
    back everything copied so far if it does not: data saved before a rule existed)."""
    try:
        obj.full_clean()
    except ValidationError as exc:
        problems = "; ".join(dict.fromkeys(exc.messages))
        raise CopyRefused(f"คัดลอกไม่สำเร็จ ไม่มีการเปลี่ยนแปลงใด ๆ: {label}: {problems}") from exc


def _shift_period(old: Method, new: Method) -> bool:
    """Give `new` the period of `old` one year later; True if the wording had to be kept.

    The months are the ones entered (start/end fields), else the ones read from the
    wording. The wording is written again from the shifted months when it could be read;
    wording that names no year ("ตลอดปีงบประมาณ") is kept and means the new year; wording
    nobody can read ("ทุกไตรมาส") is kept as it is and reported.
    """
    if old.period_text and not re.search(r"[0-9๐-๙]", old.period_text):
        whole = thai.parse_whole_fiscal_year(old.period_text, new.measure.year.year)
        if whole is not None:  # "ตลอดปีงบประมาณ" reads right in any year
            new.period_text = old.period_text
            (new.start_year, new.start_month), (new.end_year, new.end_month) = whole
            return False
    parsed = thai.parse_month_period(old.period_text) if old.period_text else None
    start = _point(old.start_year, old.start_month)
    end = _point(old.end_year, old.end_month)
    if start is None and end is None and parsed is not None:
        start, end = parsed
    if start is not None:
        new.start_year, new.start_month = start[0] + 1, start[1]
    if end is not None:
        new.end_year, new.end_month = end[0] + 1, end[1]
    if not old.period_text:
        return False
    if parsed is None or start is None or end is None:
        new.period_text = old.period_text
        return True
    digits = "thai" if THAI_DIGITS.search(old.period_text) else "arabic"
    new.period_text = format_period(
        (new.start_year, new.start_month), (new.end_year, new.end_month), digits
    )
    return False


def format_period(start: Point, end: Point, digits: str = "arabic") -> str:
    """ "ต.ค. 2568 – ก.ย. 2569", or one month alone when the period starts and ends in it."""
    first = thai.format_month_year(start[0], start[1], digits=digits)
    last = thai.format_month_year(end[0], end[1], digits=digits)
    return first if first == last else f"{first} – {last}"


def _point(year: int | None, month: int | None) -> Point | None:
    return (year, month) if year is not None and month is not None else None


def _words(text: str) -> str:
    return " ".join(text.split())


def _copy_foreword(source: FiscalYear, target: FiscalYear) -> bool:
    """The previous foreword as a start, when the target year has none."""
    previous = Programme.objects.filter(year=source).exclude(foreword="").first()
    if previous is None:
        return False
    programme, _created = Programme.objects.get_or_create(year=target)
    if programme.foreword.strip():
        return False
    programme.foreword = previous.foreword
    programme.full_clean()
    programme.save(update_fields=["foreword"])
    return True
