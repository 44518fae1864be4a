"""Thai dates and numbers: B.E. years, the Thai fiscal year, Thai digits and period wording.

Every page, export and import in the portal formats dates and numbers through this module.
Years are always shown in the Buddhist Era (B.E. = C.E. + 543), also in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

# Index 0 is empty so that THAI_MONTHS[10] is October.
THAI_MONTHS: tuple[str, ...] = (
    "",
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_ABBR: tuple[str, ...] = (
    "",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS: tuple[str, ...] = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ENGLISH_MONTHS_ABBR: tuple[str, ...] = ("",) + tuple(m[:3] for m in ENGLISH_MONTHS[1:])

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")


# --- Years ---------------------------------------------------------------------------------


def be_year(ce_year: int) -> int:
    """The Buddhist Era year of a Common Era year (2025 -> 2568)."""
    return int(ce_year) + BE_OFFSET


def ce_year(be_year: int) -> int:
    """The Common Era year of a Buddhist Era year (2568 -> 2025)."""
    return int(be_year) - BE_OFFSET


def to_local_date(d: date | datetime) -> date:
    """The calendar date of ``d`` in Bangkok; aware datetimes are converted first."""
    if isinstance(d, datetime):
        if timezone.is_aware(d):
            d = timezone.localtime(d, BANGKOK)
        return d.date()
    return d


def fiscal_year_of(d: date | datetime) -> int:
    """The B.E. fiscal year containing ``d`` (1 Oct-30 Sep, named by the year it ends in)."""
    d = to_local_date(d)
    return be_year(d.year) + (1 if d.month >= 10 else 0)


def fiscal_year_range(be: int) -> tuple[date, date]:
    """First and last day of B.E. fiscal year ``be`` (2569 -> 2025-10-01, 2026-09-30)."""
    end_ce = ce_year(be)
    return date(end_ce - 1, 10, 1), date(end_ce, 9, 30)


# --- Digits and numbers --------------------------------------------------------------------


def to_thai_digits(value: object) -> str:
    """``str(value)`` with 0-9 replaced by ๐-๙; None gives ""."""
    if value is None:
        return ""
    return str(value).translate(_TO_THAI)


def to_arabic_digits(text: str) -> str:
    """``text`` with ๐-๙ replaced by 0-9."""
    if text is None:
        return ""
    return str(text).translate(_TO_ARABIC)


DIGIT_STYLES = ("arabic", "thai")
_DIGITS: ContextVar[str] = ContextVar("ita_digits", default="arabic")


@contextmanager
def digits_style(style: str) -> Iterator[None]:
    """Write numbers and dates in ``style`` ("arabic" or "thai") inside the block.

    Pages use Arabic digits; reports render inside ``digits_style("thai")`` when the
    organisation (or the reader, ``?digits=thai``) asks for Thai digits. Every formatter
    here and every template filter in templatetags/thai.py follows it.
    """
    if style not in DIGIT_STYLES:
        raise ValueError(f"digits must be 'arabic' or 'thai', not {style!r}")
    token = _DIGITS.set(style)
    try:
        yield
    finally:
        _DIGITS.reset(token)


def current_digits() -> str:
    return _DIGITS.get()


def localise_digits(text: object) -> str:
    """``text`` in the current digit style (see digits_style); None gives ""."""
    return _apply_digits("" if text is None else str(text), None)


def _apply_digits(text: str, digits: str | None) -> str:
    if digits is None:
        digits = _DIGITS.get()
    if digits == "arabic":
        return text
    if digits == "thai":
        return to_thai_digits(text)
    raise ValueError(f"digits must be 'arabic' or 'thai', not {digits!r}")


def format_number(
    value: int | float | Decimal | str | None, decimals: int = 0, digits: str | None = None
) -> str:
    """``value`` with thousands separators and ``decimals`` places, rounded half up.

    ``format_number(1234.5, 2)`` gives "1,234.50"; None gives "". Numeric strings (also in
    Thai digits) are accepted; anything else raises ValueError.
    """
    if value is None or value == "":
        return ""
    decimals = int(decimals)
    if decimals < 0:
        raise ValueError("decimals must not be negative")
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    try:
        if isinstance(value, Decimal):
            number = value
        elif isinstance(value, str):
            number = Decimal(to_arabic_digits(value).replace(",", "").strip())
        else:
            # str() keeps floats as written (2.675 stays 2.675, not 2.67499...).
            number = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == 0:
        number = abs(number)  # no "-0.00"
    return _apply_digits(f"{number:,.{decimals}f}", digits)


# --- Dates ---------------------------------------------------------------------------------


def _english() -> bool:
    return (get_language() or "").lower().startswith("en")


def month_name(month: int, style: str = "long") -> str:
    """The month's name in the active language: "ตุลาคม"/"ต.ค." or "October"/"Oct"."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, not {month!r}")
    if style == "long":
        return (ENGLISH_MONTHS if _english() else THAI_MONTHS)[month]
    if style == "short":
        return (ENGLISH_MONTHS_ABBR if _english() else THAI_MONTHS_ABBR)[month]
    raise ValueError(f"style must be 'long' or 'short', not {style!r}")


def format_date(d: date | datetime | None, style: str = "long", digits: str | None = None) -> str:
    """Date as "1 ตุลาคม 2568" (long) or "1 ต.ค. 2568" (short); English months under "en"."""
    if d is None:
        return ""
    d = to_local_date(d)
    return _apply_digits(f"{d.day} {month_name(d.month, style)} {be_year(d.year)}", digits)


def format_datetime(dt: datetime | date | None, digits: str | None = None) -> str:
    """Bangkok time as "1 ต.ค. 2568 เวลา 10.05 น." (English "1 Oct 2568, 10:05")."""
    if dt is None:
        return ""
    if not isinstance(dt, datetime):
        return format_date(dt, "short", digits)
    if timezone.is_aware(dt):
        dt = timezone.localtime(dt, BANGKOK)
    day = format_date(dt, "short")
    if _english():
        text = f"{day}, {dt.hour:02d}:{dt.minute:02d}"
    else:
        text = f"{day} เวลา {dt.hour:02d}.{dt.minute:02d} น."
    return _apply_digits(text, digits)


def format_month_year(
    year_be: int, month: int, style: str = "short", digits: str | None = None
) -> str:
    """Month as "ต.ค. 2568" (short) or "ตุลาคม 2568" (long) from a B.E. year and month 1-12."""
    return _apply_digits(f"{month_name(month, style)} {int(year_be)}", digits)


def format_fiscal_range(be: int, digits: str | None = None) -> str:
    """Fiscal year as "1 ต.ค. 2568 – 30 ก.ย. 2569" (for B.E. 2569)."""
    start, end = fiscal_year_range(be)
    return f"{format_date(start, 'short', digits)} – {format_date(end, 'short', digits)}"


# --- Reading period wording ----------------------------------------------------------------


def _month_key(text: str) -> str:
    return re.sub(r"[\s.]", "", text).lower()


_MONTH_LOOKUP: dict[str, int] = {}
for _number in range(1, 13):
    for _name in (
        THAI_MONTHS[_number],
        THAI_MONTHS_ABBR[_number],
        ENGLISH_MONTHS[_number],
        ENGLISH_MONTHS_ABBR[_number],
    ):
        _MONTH_LOOKUP[_month_key(_name)] = _number
_MONTH_LOOKUP["sept"] = 9

_SEPARATOR = re.compile(r"\s*(?:จนถึง|ถึง|[-–—−])\s*")
_LEADING_WORDS = re.compile(r"^(?:ตั้งแต่|ระหว่าง|ช่วง)?\s*(?:เดือน)?\s*")
# [day] month [พ.ศ.] [year]; the month is everything that is not a digit.
_POINT = re.compile(
    r"^(?:(?P<day>\d{1,2})\s*)?(?P<month>[^\d]+?)\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*(?P<year>\d{2}|\d{4})?$"
)


def _parse_point(text: str) -> tuple[int | None, int] | None:
    """(B.E. year or None, month) from "1 ต.ค. 2567", "ต.ค.67", "ก. ย. 66", "ม.ค"."""
    match = _POINT.match(text.strip())
    if not match:
        return None
    month = _MONTH_LOOKUP.get(_month_key(match["month"]))
    if month is None:
        return None
    if match["day"] is not None and not 1 <= int(match["day"]) <= 31:
        return None
    year = match["year"]
    if year is None:
        return None, month
    be = int(year) + 2500 if len(year) == 2 else int(year)
    if not 2400 <= be <= 2700:  # a C.E. or mistyped year: not confident
        return None
    return be, month


def parse_month_period(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Read period wording into ((start B.E. year, month), (end B.E. year, month)).

    Understands "ต.ค. ๖๕ – ก.ย. ๖๖", "ม.ค – เม.ย. ๖๖", "ตุลาคม 2567 - กันยายน 2568",
    "ต.ค.67-ก.ย.68", "1 ต.ค. 2567 – 30 ก.ย. 2568", "... ถึง ..." and a single "มี.ค. 2568".
    A missing year is taken from the other end (a year earlier or later if the months wrap).
    Returns None when the text cannot be read confidently ("ตลอดปีงบประมาณ", "ทุกไตรมาส").
    """
    if not text or not isinstance(text, str):
        return None
    cleaned = to_arabic_digits(text).replace("\u200b", "").strip().rstrip(".,;")
    cleaned = _LEADING_WORDS.sub("", cleaned, count=1)
    parts = _SEPARATOR.split(cleaned)
    if len(parts) == 1:
        point = _parse_point(parts[0])
        if point is None or point[0] is None:
            return None
        return (point[0], point[1]), (point[0], point[1])
    if len(parts) != 2:
        return None
    start, end = _parse_point(parts[0]), _parse_point(parts[1])
    if start is None or end is None:
        return None
    (start_year, start_month), (end_year, end_month) = start, end
    if start_year is None and end_year is None:
        return None
    if start_year is None:
        start_year = end_year - 1 if start_month > end_month else end_year
    elif end_year is None:
        end_year = start_year + 1 if end_month < start_month else start_year
    if (start_year, start_month) > (end_year, end_month):
        return None
    return (start_year, start_month), (end_year, end_month)


_WHOLE_YEAR = re.compile(
    r"^(?:(?:ตลอด|ทั้ง)\s*(?:ทั้ง\s*)?ปี\s*(?:งบประมาณ)?|ปี\s*งบประมาณ)"
    r"\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*(?P<year>\d{2}|\d{4})?$"
)


def parse_whole_fiscal_year(
    text: str, fiscal_year: int | None
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Wording that means a whole fiscal year, as October to September.

    "ตลอดปีงบประมาณ", "ตลอดปี", "ทั้งปี" mean `fiscal_year` (None: unknown, returns None);
    "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘" or "ปีงบประมาณ 2568" name their own year.
    """
    if not text or not isinstance(text, str):
        return None
    cleaned = to_arabic_digits(text).replace("\u200b", "").strip().rstrip(".,;")
    match = _WHOLE_YEAR.match(cleaned)
    if match is None:
        return None
    named = match["year"]
    year = (int(named) + 2500 if len(named) == 2 else int(named)) if named else fiscal_year
    if year is None:
        return None
    return (year - 1, 10), (year, 9)


_NUMERIC_DATE = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s*([^\d]+?)\s*(?:พ\s*\.?\s*ศ\s*\.?)?\s*(\d{2}|\d{4})$")


def parse_date(text: str) -> date | None:
    """A date as Thai staff type it; None when it cannot be read.

    Day first: "3/10/2568", "03-10-68", "3 ต.ค. 2568", "๓ ตุลาคม ๒๕๖๘", or ISO "2025-10-03".
    A four-digit year from 2400 on is B.E., below it C.E.; a two-digit year is B.E. (68 → 2568).
    """
    value = to_arabic_digits((text or "").strip())
    if not value:
        return None
    if iso := _ISO_DATE.match(value):
        year, month, day = (int(part) for part in iso.groups())
    elif numeric := _NUMERIC_DATE.match(value):
        day, month, year = int(numeric[1]), int(numeric[2]), _full_year(numeric[3])
    elif words := _WORD_DATE.match(value):
        month = _MONTH_LOOKUP.get(_month_key(words[2]))
        if month is None:
            return None
        day, year = int(words[1]), _full_year(words[3])
    else:
        return None
    if year >= 2400:
        year -= BE_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    return int(text) + 2500 if len(text) == 2 else int(text)


def format_numeric_date(d: date | None) -> str:
    """ "3/10/2568": how staff type a date, for form fields."""
    return f"{d.day}/{d.month}/{be_year(d.year)}" if d else ""
