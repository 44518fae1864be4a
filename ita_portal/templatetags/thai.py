"""Template filters for Thai dates and numbers, loaded as a builtin (no {% load %} needed).

Every filter gives "" for None or "", and returns bad input unchanged (as text) instead of
raising. Filters write digits in the current style (Arabic on pages; reports may switch to
Thai digits with ``thai.digits_style``); ``|digits`` does the same for any other number, and
``|thai_digits`` always writes Thai digits.
"""

from __future__ import annotations

from datetime import date

from django import template

from ita_portal import thai

register = template.Library()


def _empty(value: object) -> bool:
    return value is None or value == ""


@register.filter(is_safe=True)
def be_year(value: object) -> str:
    """B.E. year of a C.E. year (2025 -> "2568") or of a date's year."""
    if _empty(value):
        return ""
    try:
        if isinstance(value, date):
            return thai.localise_digits(thai.be_year(thai.to_local_date(value).year))
        if isinstance(value, bool):
            return str(value)
        return thai.localise_digits(thai.be_year(int(thai.to_arabic_digits(str(value)).strip())))
    except (TypeError, ValueError, OverflowError):
        return str(value)


@register.filter(is_safe=True)
def thai_date(value: object, arg: str = "short") -> str:
    """Date as "1 ต.ค. 2568" ({{ d|thai_date }}) or "1 ตุลาคม 2568" ({{ d|thai_date:"long" }})."""
    if _empty(value):
        return ""
    if not isinstance(value, date):
        return str(value)
    try:
        return thai.format_date(value, arg or "short")
    except (TypeError, ValueError, OverflowError):
        return str(value)


@register.filter(is_safe=True)
def thai_datetime(value: object) -> str:
    """Datetime as "1 ต.ค. 2568 เวลา 10.05 น." (Bangkok time); a date gives the date."""
    if _empty(value):
        return ""
    if not isinstance(value, date):
        return str(value)
    try:
        return thai.format_datetime(value)
    except (TypeError, ValueError, OverflowError):
        return str(value)


@register.filter(is_safe=True)
def thai_number(value: object, arg: int | str = 0) -> str:
    """Number as "1,234.50" for {{ 1234.5|thai_number:2 }}; numeric strings are accepted too."""
    if _empty(value):
        return ""
    try:
        return thai.format_number(value, int(arg or 0))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return str(value)


@register.filter(is_safe=True)
def digits(value: object) -> str:
    """The value's text in the current digit style: {{ year.year|digits }} gives "2569" on
    pages and "๒๕๖๙" in a report written with Thai digits."""
    if _empty(value):
        return ""
    return thai.localise_digits(value)


@register.filter(is_safe=True)
def thai_digits(value: object) -> str:
    """The value's text with 0-9 written as ๐-๙."""
    if _empty(value):
        return ""
    return thai.to_thai_digits(value)


@register.filter(is_safe=True)
def fiscal_range(value: object) -> str:
    """Fiscal year 2569 as "1 ต.ค. 2568 – 30 ก.ย. 2569"."""
    if _empty(value):
        return ""
    if isinstance(value, bool | date):
        return str(value)
    try:
        year = value if isinstance(value, int) else int(thai.to_arabic_digits(str(value)).strip())
        return thai.format_fiscal_range(year)
    except (TypeError, ValueError, OverflowError):
        return str(value)


@register.filter(is_safe=True)
def month_year(value: object, arg: str = "short") -> str:
    """Month as "ต.ค. 2568" ({{ d|month_year }}) or "ตุลาคม 2568" ({{ d|month_year:"long" }})."""
    if _empty(value):
        return ""
    if not isinstance(value, date):
        return str(value)
    try:
        local = thai.to_local_date(value)
        return thai.format_month_year(thai.be_year(local.year), local.month, arg or "short")
    except (TypeError, ValueError, OverflowError):
        return str(value)
