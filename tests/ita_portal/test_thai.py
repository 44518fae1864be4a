"""Thai dates, numbers, period wording and the builtin template filters."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from ita_portal import thai

# --- Years and the fiscal year --------------------------------------------------------------


def test_be_and_ce_year_conversion():
    assert thai.be_year(2025) == 2568
    assert thai.ce_year(2568) == 2025
    assert thai.ce_year(thai.be_year(1999)) == 1999


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 9, 30), 2568),
        (date(2025, 10, 1), 2569),
        (date(2025, 1, 1), 2568),
        (date(2025, 12, 31), 2569),
        (date(2026, 9, 30), 2569),
        (date(2026, 10, 1), 2570),
    ],
)
def test_fiscal_year_boundaries(day, expected):
    assert thai.fiscal_year_of(day) == expected


def test_fiscal_year_range_2569():
    assert thai.fiscal_year_range(2569) == (date(2025, 10, 1), date(2026, 9, 30))
    start, end = thai.fiscal_year_range(2569)
    assert thai.fiscal_year_of(start) == thai.fiscal_year_of(end) == 2569


def test_aware_utc_datetime_is_read_in_bangkok():
    moment = datetime(2025, 9, 30, 18, 0, tzinfo=UTC)  # 01:00 on 1 Oct in Bangkok
    assert thai.fiscal_year_of(moment) == 2569
    assert thai.format_date(moment, "long") == "1 ตุลาคม 2568"
    assert thai.format_datetime(moment) == "1 ต.ค. 2568 เวลา 01.00 น."
    just_before = datetime(2025, 9, 30, 16, 59, tzinfo=UTC)  # 23:59 on 30 Sep in Bangkok
    assert thai.fiscal_year_of(just_before) == 2568


def test_naive_datetime_is_taken_as_written():
    assert thai.fiscal_year_of(datetime(2025, 9, 30, 23, 59)) == 2568
    assert thai.format_datetime(datetime(2025, 10, 1, 9, 5)) == "1 ต.ค. 2568 เวลา 09.05 น."


# --- Digits and numbers ---------------------------------------------------------------------


def test_digit_conversion_both_ways():
    assert thai.to_thai_digits("ปี 2568, ข้อ 10.5") == "ปี ๒๕๖๘, ข้อ ๑๐.๕"
    assert thai.to_thai_digits(1234567890) == "๑๒๓๔๕๖๗๘๙๐"
    assert thai.to_thai_digits(None) == ""
    assert thai.to_arabic_digits("ต.ค. ๖๕ – ก.ย. ๖๖") == "ต.ค. 65 – ก.ย. 66"
    assert thai.to_arabic_digits(thai.to_thai_digits("0123456789")) == "0123456789"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (1234, 0, "1,234"),
        (1234.5, 2, "1,234.50"),
        (1234567.891, 2, "1,234,567.89"),
        (Decimal("1234.5"), 2, "1,234.50"),
        (Decimal("2.675"), 2, "2.68"),
        (2.675, 2, "2.68"),
        (0.5, 0, "1"),
        (-1234.5, 1, "-1,234.5"),
        (-1234567, 0, "-1,234,567"),
        (Decimal("-0.001"), 2, "0.00"),
        ("1234.5", 1, "1,234.5"),
        ("๑,๒๓๔", 0, "1,234"),
    ],
)
def test_format_number(value, decimals, expected):
    assert thai.format_number(value, decimals) == expected


def test_format_number_none_thai_digits_and_errors():
    assert thai.format_number(None) == ""
    assert thai.format_number(1234.5, 2, digits="thai") == "๑,๒๓๔.๕๐"
    with pytest.raises(ValueError):
        thai.format_number("abc")
    with pytest.raises(ValueError):
        thai.format_number(float("inf"))
    with pytest.raises(ValueError):
        thai.format_number(1, digits="roman")


# --- Dates ----------------------------------------------------------------------------------


def test_format_date_long_and_short():
    day = date(2025, 10, 1)
    assert thai.format_date(day) == "1 ตุลาคม 2568"
    assert thai.format_date(day, "short") == "1 ต.ค. 2568"
    assert thai.format_date(date(2026, 5, 15), "short") == "15 พ.ค. 2569"
    assert thai.format_date(day, "long", digits="thai") == "๑ ตุลาคม ๒๕๖๘"
    assert thai.format_date(None) == ""
    with pytest.raises(ValueError):
        thai.format_date(day, "medium")


def test_english_month_names_keep_be_year():
    day = date(2025, 10, 1)
    moment = datetime(2025, 10, 1, 3, 5, tzinfo=UTC)  # 10:05 in Bangkok
    with translation.override("en"):
        assert thai.format_date(day) == "1 October 2568"
        assert thai.format_date(day, "short") == "1 Oct 2568"
        assert thai.format_datetime(moment) == "1 Oct 2568, 10:05"
        assert thai.format_month_year(2569, 9) == "Sep 2569"
        assert thai.format_fiscal_range(2569) == "1 Oct 2568 – 30 Sep 2569"
    with translation.override("th"):
        assert thai.format_date(day) == "1 ตุลาคม 2568"


def test_format_datetime_thai():
    moment = datetime(2025, 10, 1, 3, 5, tzinfo=UTC)
    with translation.override("th"):
        assert thai.format_datetime(moment) == "1 ต.ค. 2568 เวลา 10.05 น."
        assert thai.format_datetime(moment, digits="thai") == "๑ ต.ค. ๒๕๖๘ เวลา ๑๐.๐๕ น."
        assert thai.format_datetime(date(2025, 10, 1)) == "1 ต.ค. 2568"
    assert thai.format_datetime(None) == ""


def test_format_month_year_and_fiscal_range():
    with translation.override("th"):
        assert thai.format_month_year(2568, 10) == "ต.ค. 2568"
        assert thai.format_month_year(2568, 10, "long") == "ตุลาคม 2568"
        assert thai.format_month_year(2568, 1, digits="thai") == "ม.ค. ๒๕๖๘"
        assert thai.format_fiscal_range(2569) == "1 ต.ค. 2568 – 30 ก.ย. 2569"
        assert thai.format_fiscal_range(2569, digits="thai") == "๑ ต.ค. ๒๕๖๘ – ๓๐ ก.ย. ๒๕๖๙"
    with pytest.raises(ValueError):
        thai.format_month_year(2568, 13)


def test_month_tables():
    assert len(thai.THAI_MONTHS) == len(thai.THAI_MONTHS_ABBR) == 13
    assert thai.THAI_MONTHS[1] == "มกราคม"
    assert thai.THAI_MONTHS[12] == "ธันวาคม"
    assert thai.THAI_MONTHS_ABBR[3] == "มี.ค."
    assert thai.ENGLISH_MONTHS[9] == "September"
    assert thai.ENGLISH_MONTHS_ABBR[9] == "Sep"


# --- Period wording -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ต.ค. ๖๕ – ก.ย. ๖๖", ((2565, 10), (2566, 9))),
        ("ม.ค – เม.ย. ๖๖", ((2566, 1), (2566, 4))),
        ("ต.ค. – ม.ค. ๖๖", ((2565, 10), (2566, 1))),
        ("ตุลาคม 2567 - กันยายน 2568", ((2567, 10), (2568, 9))),
        ("ต.ค.67-ก.ย.68", ((2567, 10), (2568, 9))),
        ("1 ต.ค. 2567 – 30 ก.ย. 2568", ((2567, 10), (2568, 9))),
        ("ต.ค. 2567 — ก.ย. 2568", ((2567, 10), (2568, 9))),
        ("ต.ค. 2567 ถึง ก.ย. 2568", ((2567, 10), (2568, 9))),
        ("ตั้งแต่ ต.ค. 67 ถึง ก.ย. 68", ((2567, 10), (2568, 9))),
        ("มี.ค. 2568", ((2568, 3), (2568, 3))),
        ("มีนาคม พ.ศ. 2568", ((2568, 3), (2568, 3))),
        ("ต.ค. 66 – ก. ย. 66", None),  # end before start
        ("ต.ค. 65 – ก. ย. 66", ((2565, 10), (2566, 9))),
        ("พ.ค. 67 - ธ.ค. 67", ((2567, 5), (2567, 12))),
        ("ต.ค. 67 – มี.ค.", ((2567, 10), (2568, 3))),
    ],
)
def test_parse_month_period(text, expected):
    assert thai.parse_month_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ตลอดปีงบประมาณ",
        "",
        "ทุกไตรมาส",
        "   ",
        "มีนาคม",  # no year anywhere
        "ต.ค. – ก.ย.",  # no year anywhere
        "ต.ค. 2025 – ก.ย. 2026",  # C.E. years: not confident
        "ต.ค. 67 – ก.ย. 68 – ธ.ค. 68",
        "32 ต.ค. 2567",
        "ไตรมาส 1/2568",
        None,
    ],
)
def test_parse_month_period_unreadable(text):
    assert thai.parse_month_period(text) is None


# --- Template filters -----------------------------------------------------------------------


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_filters_are_builtin_and_format():
    day = date(2025, 10, 1)
    with translation.override("th"):
        assert render("{{ d|thai_date }}", d=day) == "1 ต.ค. 2568"
        assert render('{{ d|thai_date:"long" }}', d=day) == "1 ตุลาคม 2568"
        assert render("{{ d|thai_date|thai_digits }}", d=day) == "๑ ต.ค. ๒๕๖๘"
        moment = datetime(2025, 9, 30, 18, 0, tzinfo=UTC)
        assert render("{{ m|thai_datetime }}", m=moment) == "1 ต.ค. 2568 เวลา 01.00 น."
        assert render("{{ m|thai_date }}", m=moment) == "1 ต.ค. 2568"
        assert render("{{ y|be_year }}", y=2025) == "2568"
        assert render("{{ d|be_year }}", d=day) == "2568"
        assert render("{{ m|be_year }}", m=datetime(2025, 12, 31, 18, tzinfo=UTC)) == "2569"
        assert render("{{ n|thai_number }}", n=1234567) == "1,234,567"
        assert render("{{ n|thai_number:2 }}", n=Decimal("1234.5")) == "1,234.50"
        assert render("{{ n|thai_number:1|thai_digits }}", n=-12.25) == "-๑๒.๓"
        assert render("{{ n|thai_digits }}", n=2569) == "๒๕๖๙"
        assert render("{{ y|fiscal_range }}", y=2569) == "1 ต.ค. 2568 – 30 ก.ย. 2569"
        assert render("{{ y|fiscal_range }}", y="2569") == "1 ต.ค. 2568 – 30 ก.ย. 2569"
        assert render("{{ d|month_year }}", d=day) == "ต.ค. 2568"
        assert render('{{ d|month_year:"long" }}', d=day) == "ตุลาคม 2568"


@pytest.mark.parametrize(
    "name",
    ["be_year", "thai_date", "thai_datetime", "thai_number", "thai_digits", "fiscal_range"]
    + ["month_year"],
)
@pytest.mark.parametrize("value", [None, ""])
def test_filters_give_empty_text_for_missing_values(name, value):
    assert render("[{{ v|" + name + " }}]", v=value) == "[]"


@pytest.mark.parametrize(
    ("source", "value", "expected"),
    [
        ("{{ v|thai_date }}", "not a date", "not a date"),
        ('{{ v|thai_date:"medium" }}', date(2025, 10, 1), "2025-10-01"),
        ("{{ v|thai_datetime }}", 42, "42"),
        ("{{ v|thai_number }}", "abc", "abc"),
        ('{{ v|thai_number:"x" }}', 5, "5"),
        ("{{ v|thai_number }}", float("nan"), "nan"),
        ("{{ v|be_year }}", "soon", "soon"),
        ("{{ v|fiscal_range }}", "next year", "next year"),
        ("{{ v|fiscal_range }}", 10**9, str(10**9)),
        ("{{ v|month_year }}", [1, 2], "[1, 2]"),
        ("{{ v|thai_date }}", "<b>", "&lt;b&gt;"),
    ],
)
def test_filters_return_bad_input_unchanged(source, value, expected):
    assert render(source, v=value) == expected


def test_thai_digits_keeps_escaping():
    assert render("{{ v|thai_digits }}", v="<i>1</i>") == "&lt;i&gt;๑&lt;/i&gt;"
    assert render("{{ v|thai_digits }}", v=mark_safe("<i>1</i>")) == "<i>๑</i>"  # noqa: S308


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/10/2568", date(2025, 10, 3)),
        ("03-10-68", date(2025, 10, 3)),
        ("3.10.2025", date(2025, 10, 3)),
        ("2025-10-03", date(2025, 10, 3)),
        ("๓/๑๐/๒๕๖๘", date(2025, 10, 3)),
        ("3 ต.ค. 2568", date(2025, 10, 3)),
        ("3 ตุลาคม พ.ศ. 2568", date(2025, 10, 3)),
        ("29/2/2567", date(2024, 2, 29)),
    ],
)
def test_parse_date_reads_what_thai_staff_type(text, expected):
    assert thai.parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "31/2/2568", "3/13/2568", "ต.ค. 2568", "เมื่อวาน", "3/10"])
def test_parse_date_refuses_what_it_cannot_read(text):
    assert thai.parse_date(text) is None


def test_format_numeric_date_writes_the_be_year():
    assert thai.format_numeric_date(date(2025, 10, 3)) == "3/10/2568"
    assert thai.format_numeric_date(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ตลอดปีงบประมาณ", ((2568, 10), (2569, 9))),
        ("ตลอดปี", ((2568, 10), (2569, 9))),
        ("ตลอดทั้งปี", ((2568, 10), (2569, 9))),
        ("ทั้งปีงบประมาณ.", ((2568, 10), (2569, 9))),
        ("ตลอดปีงบประมาณ พ.ศ. ๒๕๖๘", ((2567, 10), (2568, 9))),
        ("ปีงบประมาณ 68", ((2567, 10), (2568, 9))),
        ("ทุกไตรมาส", None),
        ("ปี", None),
        ("", None),
    ],
)
def test_whole_fiscal_year_wording(text, expected):
    assert thai.parse_whole_fiscal_year(text, 2569) == expected


def test_whole_year_wording_without_a_year_needs_the_fiscal_year():
    assert thai.parse_whole_fiscal_year("ตลอดปีงบประมาณ", None) is None
    assert thai.parse_whole_fiscal_year("ตลอดปีงบประมาณ 2567", None) == ((2566, 10), (2567, 9))


def test_digits_style_switches_every_formatter_and_filter_inside_the_block():
    template = Template(
        "{{ d|thai_date:'long' }}|{{ n|thai_number:2 }}|{{ y|be_year }}|{{ y2|digits }}"
        "|{{ 2569|fiscal_range }}"
    )
    context = Context({"d": date(2025, 10, 3), "n": 1234.5, "y": 2025, "y2": 2569})

    with thai.digits_style("thai"):
        inside = template.render(context)
        assert thai.format_month_year(2568, 10) == "ต.ค. ๒๕๖๘"
        assert thai.format_month_year(2568, 10, digits="arabic") == "ต.ค. 2568"
    outside = template.render(context)

    assert inside == "๓ ตุลาคม ๒๕๖๘|๑,๒๓๔.๕๐|๒๕๖๘|๒๕๖๙|๑ ต.ค. ๒๕๖๘ – ๓๐ ก.ย. ๒๕๖๙"
    assert outside == "3 ตุลาคม 2568|1,234.50|2568|2569|1 ต.ค. 2568 – 30 ก.ย. 2569"


def test_digits_style_refuses_an_unknown_style():
    with pytest.raises(ValueError), thai.digits_style("roman"):
        pass
