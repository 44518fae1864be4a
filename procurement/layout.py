"""The procurement list's layout and vocabulary: its sixteen official columns (plus the
optional month) with the other header spellings accepted on import, and the spellings of
methods and statuses found in real files, each mapped to one choice."""

from __future__ import annotations

import re

from django.utils import translation

from ita_portal.sheets import Column, Layout

from .models import ProcurementMethod, ProcurementRow, ProcurementStatus


def _limit(name: str) -> int:
    return ProcurementRow._meta.get_field(name).max_length


# The NACC's list, in its order and spelling (DOMAIN.md), then the month this portal adds.
# A file must have the purchase's own columns; the number, the year, the organisation's
# columns (filled from its profile) and the month may be left out.
LAYOUT = Layout(
    [
        Column("number", "ที่", aliases=("ลำดับ", "ลำดับที่", "no", "no."), required=False, width=6),
        Column(
            "fiscal_year", "ปีงบประมาณ", aliases=("ปีงบประมาณ พ.ศ.", "ปีงบ"), required=False, width=10
        ),
        Column(
            "agency_name",
            "ชื่อหน่วยงาน",
            aliases=("หน่วยงาน",),
            required=False,
            width=28,
            limit=_limit("agency_name"),
        ),
        Column(
            "district",
            "อำเภอ",
            aliases=("อำเภอ/เขต",),
            required=False,
            width=14,
            limit=_limit("district"),
        ),
        Column("province", "จังหวัด", required=False, width=14, limit=_limit("province")),
        Column("ministry", "กระทรวง", required=False, width=18, limit=_limit("ministry")),
        Column(
            "agency_type", "ประเภทหน่วยงาน", required=False, width=22, limit=_limit("agency_type")
        ),
        Column(
            "work_name",
            "ชื่อรายการของงานที่ซื้อหรือจ้าง",
            aliases=(
                "รายการงานที่ซื้อหรือจ้าง",
                "งานที่จัดซื้อหรือจัดจ้าง",
                "ชื่อรายการ",
                "ชื่อโครงการ",
            ),
            width=50,
            multiline=True,
            limit=5000,
        ),
        Column(
            "budget",
            "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
            aliases=("วงเงินงบประมาณ", "วงเงินงบประมาณที่ได้รับจัดสรร", "วงเงินที่จะซื้อหรือจ้าง"),
            width=16,
        ),
        Column(
            "budget_source",
            "แหล่งที่มาของงบประมาณ",
            aliases=("แหล่งงบประมาณ", "แหล่งเงิน"),
            width=20,
            limit=_limit("budget_source"),
        ),
        Column("status", "สถานะการจัดซื้อจัดจ้าง", aliases=("สถานะ",), width=22),
        Column(
            "method",
            "วิธีการจัดซื้อจัดจ้าง",
            aliases=("วิธีจัดซื้อจัดจ้าง", "วิธีซื้อหรือจ้าง", "วิธีการจัดหา"),
            width=28,
        ),
        Column("reference_price", "ราคากลาง (บาท)", aliases=("ราคากลาง",), width=16),
        Column(
            "agreed_price",
            "ราคาที่ตกลงซื้อหรือจ้าง (บาท)",
            aliases=("ราคาที่ตกลงซื้อหรือจ้าง", "ราคาที่ตกลง"),
            width=16,
        ),
        Column(
            "supplier",
            "รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก",
            aliases=("ผู้ประกอบการที่ได้รับการคัดเลือก", "ผู้ได้รับการคัดเลือก"),
            width=36,
            multiline=True,
            limit=5000,
        ),
        Column(
            "egp_number",
            "เลขที่โครงการในระบบ e-GP",
            aliases=(
                "เลขที่โครงการในระบบ eGP",
                "เลขที่โครงการในระบบ EGP",
                "เลขที่โครงการ",
                "เลขที่โครงการ e-GP",
                "เลขโครงการ",
            ),
            width=16,
        ),
        Column(
            "month",
            "เดือน",
            aliases=("เดือนที่จัดซื้อจัดจ้าง", "เดือนที่ซื้อหรือจ้าง", "month"),
            required=False,
            width=12,
        ),
    ]
)
KEYS = LAYOUT.keys
LABELS = LAYOUT.labels
HEADERS = LAYOUT.headers  # what the portal writes: the official sixteen, then เดือน
OFFICIAL_HEADERS = HEADERS[:16]
AMOUNT_KEYS = ("budget", "reference_price", "agreed_price")
# The organisation's own columns: the same on every row, shown once above the public table.
AGENCY_KEYS = ("agency_name", "district", "province", "ministry", "agency_type")


# --- methods and statuses ------------------------------------------------------------------


def _term(text: str) -> str:
    """A method or status as compared: no spaces, brackets, dashes, case or leading "วิธี"."""
    key = re.sub(r"[\s()\[\]\-–_./]", "", str(text)).casefold()
    # "จ้างที่ปรึกษาโดยวิธีคัดเลือก" is the selection method for a consultant.
    if "โดยวิธี" in key:
        key = key.split("โดยวิธี", 1)[1]
    return key.removeprefix("วิธีการ").removeprefix("วิธี")


_METHOD_TERMS = {
    ProcurementMethod.SPECIFIC: ("เฉพาะเจาะจง",),
    ProcurementMethod.E_MARKET: (
        "e-market",
        "emarket",
        "ตลาดอิเล็กทรอนิกส์",
        "ตลาดอิเล็กทรอนิกส์ (e-market)",
        "ประกาศเชิญชวนทั่วไป e-market",
        "ประกาศเชิญชวนทั่วไป (ตลาดอิเล็กทรอนิกส์)",
        "ประกาศเชิญชวนทั่วไป ตลาดอิเล็กทรอนิกส์ (e-market)",
    ),
    ProcurementMethod.E_BIDDING: (
        "e-bidding",
        "ebidding",
        "ประกวดราคาอิเล็กทรอนิกส์",
        "ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
        "ประกาศเชิญชวนทั่วไป e-bidding",
        "ประกาศเชิญชวนทั่วไป (ประกวดราคาอิเล็กทรอนิกส์)",
        "ประกาศเชิญชวนทั่วไป ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
    ),
    ProcurementMethod.PRICE_INQUIRY: ("สอบราคา", "ประกาศเชิญชวนทั่วไป สอบราคา"),
    ProcurementMethod.GENERAL_INVITATION: ("ประกาศเชิญชวนทั่วไป", "ประกาศเชิญชวน"),
    ProcurementMethod.SELECTION: ("คัดเลือก",),
    ProcurementMethod.DESIGN_CONTEST: ("ประกวดแบบ",),
}
_STATUS_TERMS = {
    ProcurementStatus.NOT_SIGNED: (
        "ยังไม่ได้ลงนามในสัญญา",
        "ยังไม่ลงนามในสัญญา",
        "ยังไม่ได้ลงนามสัญญา",
        "ยังไม่ลงนามสัญญา",
        "ยังไม่ได้ทำสัญญา",
        "อยู่ระหว่างจัดซื้อจัดจ้าง",
        "อยู่ระหว่างการจัดซื้อจัดจ้าง",
    ),
    ProcurementStatus.IN_CONTRACT: (
        "อยู่ระหว่างระยะสัญญา",
        "อยู่ระหว่างสัญญา",
        "ระหว่างระยะสัญญา",
        "อยู่ระหว่างดำเนินการตามสัญญา",
    ),
    ProcurementStatus.COMPLETED: (
        "สิ้นสุดระยะสัญญา",
        "สิ้นสุดสัญญา",
        "ครบกำหนดสัญญา",
        "ดำเนินการแล้วเสร็จ",
        "แล้วเสร็จ",
        "เสร็จสิ้น",
        "ส่งมอบแล้ว",
    ),
    ProcurementStatus.CANCELLED: ("ยกเลิกการดำเนินการ", "ยกเลิก", "ยกเลิกโครงการ"),
}


def _lookup(terms: dict, choices) -> dict[str, str]:
    table: dict[str, str] = {}
    with translation.override("th"):
        for choice in choices:
            for name in (choice.value, str(choice.label), *terms.get(choice, ())):
                table.setdefault(_term(name), choice.value)
    return table


_METHODS = _lookup(_METHOD_TERMS, ProcurementMethod)
_STATUSES = _lookup(_STATUS_TERMS, ProcurementStatus)


def method_of(text: str) -> str | None:
    """The method a cell names ("วิธีเฉพาะเจาะจง", "e-bidding", "ตลาดอิเล็กทรอนิกส์"), or None."""
    return _METHODS.get(_term(text))


def status_of(text: str) -> str | None:
    """The status a cell names ("อยู่ระหว่างระยะสัญญา", "สิ้นสุดสัญญา", "ยกเลิก"), or None."""
    return _STATUSES.get(_term(text))


def thai_label(choices, value: str) -> str:
    """A choice's Thai label whatever the active language (files are Thai documents)."""
    if not value:
        return ""
    with translation.override("th"):
        return str(choices(value).label)


def allowed(choices) -> str:
    with translation.override("th"):
        return ", ".join(str(choice.label) for choice in choices)
