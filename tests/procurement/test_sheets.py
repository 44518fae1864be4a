"""Reading procurement files: cells, headers, and every problem named by row and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ita_portal.sheets import SheetError
from procurement import sheets
from procurement.layout import OFFICIAL_HEADERS, method_of, status_of
from procurement.models import ProcurementMethod, ProcurementStatus

from .helpers import csv_bytes, line


def parse(data: bytes, year: int = 2569, **kwargs) -> sheets.ProcurementPlan:
    return sheets.parse_rows(sheets.read_table(data, "csv"), year, **kwargs)


def problems(data: bytes, year: int = 2569, **kwargs) -> list[str]:
    with pytest.raises(SheetError) as caught:
        parse(data, year, **kwargs)
    return [str(problem) for problem in caught.value.problems]


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("45,000.00", Decimal("45000.00")),
        ("45000", Decimal("45000.00")),
        ("๑๒๐,๐๐๐", Decimal("120000.00")),
        ("45,000.-", Decimal("45000.00")),
        (" 45,000 บาท ", Decimal("45000.00")),
        ("1,234.567", Decimal("1234.57")),
        ("0", Decimal("0.00")),
        ("", None),
        ("-", None),
    ],
)
def test_amounts_are_read_as_people_write_them(text, amount):
    assert sheets.parse_amount(text) == amount


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-45,000", "ติดลบ"),
        ("(45,000)", "ติดลบ"),
        ("สี่หมื่นบาท", "ไม่ใช่จำนวนเงิน"),
        ("45.000,00", "ไม่ใช่จำนวนเงิน"),
        ("4,50,00", "ไม่ใช่จำนวนเงิน"),
        ("99,999,999,999,999", "มากเกินไป"),
    ],
)
def test_bad_amounts_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        sheets.parse_amount(text)


@pytest.mark.parametrize(
    "text",
    ["ต.ค. 68", "ตุลาคม 2568", "ต.ค.68", "๑๐/๒๕๖๘", "10/2568", "10/68", "2025-10", "1/10/2568",
     "เดือนตุลาคม 2568", "ตุลาคม", "10"],
)  # fmt: skip
def test_months_are_read_in_every_usual_form(text):
    assert sheets.parse_month(text, 2569) == date(2025, 10, 1)


def test_a_month_outside_the_fiscal_year_is_refused_with_its_range():
    with pytest.raises(ValueError) as caught:
        sheets.parse_month("ต.ค. 69", 2569)
    assert str(caught.value) == ("เดือน ต.ค. 2569 ไม่อยู่ในปีงบประมาณ 2569 (ต.ค. 2568 – ก.ย. 2569)")


def test_an_unreadable_month_says_how_to_write_one():
    with pytest.raises(ValueError, match="ใช้ เช่น ต.ค. 68, ตุลาคม 2568 หรือ 10/2568"):
        sheets.parse_month("ไตรมาสแรก", 2569)


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("เฉพาะเจาะจง", ProcurementMethod.SPECIFIC),
        ("วิธีเฉพาะเจาะจง ", ProcurementMethod.SPECIFIC),
        ("วิธี เฉพาะ เจาะจง", ProcurementMethod.SPECIFIC),
        ("e-bidding", ProcurementMethod.E_BIDDING),
        ("E-Bidding", ProcurementMethod.E_BIDDING),
        ("ประกวดราคาอิเล็กทรอนิกส์ (e-bidding)", ProcurementMethod.E_BIDDING),
        ("วิธีประกาศเชิญชวนทั่วไป (e-bidding)", ProcurementMethod.E_BIDDING),
        ("ตลาดอิเล็กทรอนิกส์", ProcurementMethod.E_MARKET),
        ("e - market", ProcurementMethod.E_MARKET),
        ("สอบราคา", ProcurementMethod.PRICE_INQUIRY),
        ("ประกาศเชิญชวนทั่วไป", ProcurementMethod.GENERAL_INVITATION),
        ("คัดเลือก", ProcurementMethod.SELECTION),
        ("จ้างที่ปรึกษาโดยวิธีคัดเลือก", ProcurementMethod.SELECTION),
        ("ประกวดแบบ", ProcurementMethod.DESIGN_CONTEST),
        ("ตกลงราคา", None),  # the pre-2560 method: not silently renamed
    ],
)
def test_methods_are_recognised_in_their_usual_spellings(text, method):
    assert method_of(text) == method


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("อยู่ระหว่างระยะสัญญา", ProcurementStatus.IN_CONTRACT),
        ("สิ้นสุดสัญญา", ProcurementStatus.COMPLETED),
        ("ยังไม่ลงนามในสัญญา", ProcurementStatus.NOT_SIGNED),
        ("ยกเลิก", ProcurementStatus.CANCELLED),
        ("กำลังทำ", None),
    ],
)
def test_statuses_are_recognised(text, status):
    assert status_of(text) == status


@pytest.mark.parametrize(
    ("text", "number"), [("68019123456", "68019123456"), ("๖๘๐๑๙๑๒๓๔๕๖", "68019123456"),
                         ("-", ""), ("ไม่มี", ""), ("", "")]
)  # fmt: skip
def test_egp_numbers(text, number):
    assert sheets.parse_egp_number(text) == number


def test_an_egp_number_excel_turned_into_a_power_of_ten_is_refused():
    with pytest.raises(ValueError, match="เลขยกกำลัง"):
        sheets.parse_egp_number("6.8019E+10")


# --- the table -----------------------------------------------------------------------------


def test_a_file_with_title_rows_and_a_broken_header_is_read():
    headers = [h.replace(" (บาท)", "\n(บาท)") for h in sheets.LAYOUT.headers]
    headers[15] = "เลขที่โครงการ ในระบบ  e-GP"
    data = csv_bytes([line()], headers=headers, above=["ข้อมูลการจัดซื้อจัดจ้าง ปี 2569", "อบต."])

    plan = parse(data)

    assert plan.header_row == 3
    (row,) = plan.rows
    assert row.row == 4
    assert row.values["work_name"] == "จัดซื้อวัสดุสำนักงาน"
    assert row.values["budget"] == Decimal("12000.00")
    assert row.values["method"] == ProcurementMethod.SPECIFIC
    assert row.values["month"] == date(2025, 10, 1)
    assert plan.warnings[0] == "ข้ามแถว 1–2 ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว 3)"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_utf8_with_or_without_bom_and_tis620_are_read(encoding):
    plan = parse(csv_bytes([line(work="จ้างซ่อมถนน")], encoding=encoding))
    assert plan.rows[0].values["work_name"] == "จ้างซ่อมถนน"


def test_the_official_sixteen_columns_without_a_month_take_the_default_month():
    data = csv_bytes([line()[:16]], headers=OFFICIAL_HEADERS)

    assert parse(data).rows[0].values["month"] is None
    chosen = parse(data, default_month=date(2025, 11, 1)).rows[0].values["month"]
    assert chosen == date(2025, 11, 1)


def test_every_problem_is_listed_by_row_and_column():
    data = csv_bytes(
        [
            line(),
            line(number="2", work="", budget="-5,000", egp="68019000002"),
            line(number="3", method="ตกลงราคา", agreed="หนึ่งพัน", egp="68019000003"),
            line(number="4", egp="68019000001", status="กำลังทำ"),
        ]
    )

    found = problems(data)

    assert found[0] == "แถว 3 คอลัมน์ ชื่อรายการของงานที่ซื้อหรือจ้าง: ไม่มีชื่อรายการของงานที่ซื้อหรือจ้าง"
    assert found[1].startswith("แถว 3 คอลัมน์ วงเงินงบประมาณที่ได้รับจัดสรร (บาท): จำนวนเงิน “-5,000” ติดลบ")
    assert found[2].startswith("แถว 4 คอลัมน์ ราคาที่ตกลงซื้อหรือจ้าง (บาท): “หนึ่งพัน” ไม่ใช่จำนวนเงิน")
    assert found[3].startswith(
        "แถว 4 คอลัมน์ วิธีการจัดซื้อจัดจ้าง: ไม่รู้จักวิธีการจัดซื้อจัดจ้าง “ตกลงราคา”: ใช้ได้ เฉพาะเจาะจง,"
    )
    assert "ประกาศเชิญชวนทั่วไป (e-bidding)" in found[3]
    assert found[4].startswith("แถว 5 คอลัมน์ สถานะการจัดซื้อจัดจ้าง: ไม่รู้จักสถานะ “กำลังทำ”")
    assert found[5] == (
        "แถว 5 คอลัมน์ เลขที่โครงการในระบบ e-GP: เลขที่โครงการ e-GP 68019000001 ซ้ำกับแถว 2:"
        " หนึ่งโครงการมีได้แถวเดียว"
    )
    assert len(found) == 6


def test_a_row_of_another_fiscal_year_is_refused():
    found = problems(csv_bytes([line(year="2568", month="")]))
    assert found == ["แถว 2 คอลัมน์ ปีงบประมาณ: ปีงบประมาณ 2568 ไม่ตรงกับปีที่นำเข้า (2569)"]


def test_a_method_is_required():
    found = problems(csv_bytes([line(method="")]))
    assert found[0].startswith("แถว 2 คอลัมน์ วิธีการจัดซื้อจัดจ้าง: ไม่มีวิธีการจัดซื้อจัดจ้าง: ใช้ได้")


def test_wrong_headers_list_the_headers_expected():
    found = problems(csv_bytes([["1", "ก"]], headers=["ลำดับ", "รายการ"]))

    assert len(found) == 1
    assert found[0].startswith("แถว 1: หัวตารางไม่ครบ ขาด ชื่อรายการของงานที่ซื้อหรือจ้าง,")
    assert "วงเงินงบประมาณที่ได้รับจัดสรร (บาท) | แหล่งที่มาของงบประมาณ" in found[0]


def test_a_total_row_under_the_table_is_skipped():
    total = [
        "รวม",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "13,200.00",
        "",
        "",
        "",
        "",
        "13,050.00",
        "",
        "",
        "",
    ]

    plan = parse(csv_bytes([line(), total]))

    assert len(plan.rows) == 1
    assert "ข้ามแถว 3 ซึ่งเป็นแถวรวม" in plan.warnings


def test_a_row_that_says_no_procurement_becomes_an_empty_month():
    empty = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="", method="",
                 status="", supplier="", egp="", month="พ.ย. 68")  # fmt: skip

    plan = parse(csv_bytes([line(), empty]))

    assert len(plan.rows) == 1
    assert [(e.row, e.month) for e in plan.empty_months] == [(3, date(2025, 11, 1))]


def test_no_procurement_needs_a_month():
    empty = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="", method="",
                 status="", supplier="", egp="", month="")  # fmt: skip

    assert problems(csv_bytes([empty]))[0].startswith(
        "แถว 2 คอลัมน์ เดือน: แถว “ไม่มีการจัดซื้อจัดจ้าง” ต้องบอกเดือน"
    )


def test_no_procurement_and_rows_in_the_same_month_contradict_each_other():
    empty = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="", method="",
                 status="", supplier="", egp="", month="ต.ค. 68")  # fmt: skip

    found = problems(csv_bytes([line(), empty]))

    assert found == [
        "แถว 3 คอลัมน์ ชื่อรายการของงานที่ซื้อหรือจ้าง: แถวนี้บอกว่าเดือน ต.ค. 2568"
        " ไม่มีการจัดซื้อจัดจ้าง แต่แถว 2 เป็นรายการของเดือนเดียวกัน"
    ]


def test_empty_columns_of_the_organisation_are_filled_from_its_profile():
    row = line()
    row[2:7] = ["", "", "", "", ""]
    agency = {"agency_name": "อบต.ทดสอบ", "province": "ขอนแก่น"}

    plan = parse(csv_bytes([row]), agency=agency)

    assert plan.rows[0].values["agency_name"] == "อบต.ทดสอบ"
    assert plan.rows[0].values["province"] == "ขอนแก่น"
    assert "เติมคอลัมน์ ชื่อหน่วยงาน, จังหวัด ที่ว่างจากข้อมูลหน่วยงาน" in plan.warnings


def test_rows_without_a_number_are_numbered_in_file_order():
    plan = parse(csv_bytes([line(number="", egp="1000001"), line(number="", egp="1000002")]))
    assert [row.values["number"] for row in plan.rows] == [1, 2]


def test_a_neutralised_cell_is_read_back_as_written():
    plan = parse(csv_bytes([line(work="'=จัดซื้อ 1+1")]))
    assert plan.rows[0].values["work_name"] == "=จัดซื้อ 1+1"


def test_the_problems_of_a_huge_bad_file_are_capped(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_PROBLEMS", 5)
    data = csv_bytes([line(number=str(n), egp=str(1000000 + n), method="?") for n in range(9)])

    found = problems(data)

    assert len(found) == 6
    assert found[-1] == "และอีก 4 ปัญหา (แก้ที่แสดงแล้วนำเข้าใหม่)"


def test_a_header_only_file_says_so():
    assert problems(csv_bytes([])) == ["แถว 1: ไม่พบรายการในไฟล์: มีแต่หัวตาราง"]


@pytest.mark.parametrize(
    ("data", "kind", "message"),
    [
        (b"", "csv", "ไฟล์ว่างเปล่า: ไม่มีตารางการจัดซื้อจัดจ้าง"),
        (b"<html><body>not a workbook", "xlsx", "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้"),
        # The bytes decide: a ZIP is read as a workbook whatever format was chosen.
        (b"PK\x03\x04 zip", "csv", "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "xlsx", "ไฟล์ Excel รุ่นเก่า (.xls)"),
        (b"%PDF-1.7\n", "csv", "ไฟล์นี้ไม่ใช่ตาราง CSV หรือ Excel (.xlsx)"),
    ],
)
def test_unreadable_files_get_a_thai_reason(data, kind, message):
    with pytest.raises(SheetError) as caught:
        sheets.read_table(data, kind)
    assert str(caught.value).startswith(message)


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 100)
    with pytest.raises(SheetError, match="ไฟล์ใหญ่เกินไป"):
        sheets.read_table(csv_bytes([line()]), "csv")
