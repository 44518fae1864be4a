"""procurement.xlsx against openpyxl: what Excel files hold is read as it shows, and what
the portal writes opens as a proper workbook."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from procurement import xlsx


def workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def has_name(row: list[str]) -> bool:
    return "ชื่อ" in row


def test_strings_numbers_dates_and_formulas_are_read_as_the_sheet_shows_them():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ชื่อ", "จำนวน", "เดือน", "สูตร", "ตรรกะ"])
    sheet.append(["จัดซื้อ\nวัสดุ", 45000, datetime(2025, 10, 1), 48150.000000000007, True])
    sheet.append(["ข", 1234.5, "ต.ค. 68", None, None])
    sheet["C2"].number_format = "d/m/yyyy"
    sheet["F5"] = "ไกล"  # a gap of one empty row, and a cell far to the right

    rows = xlsx.read_rows(workbook_bytes(book), has_name)

    assert rows[0] == ["ชื่อ", "จำนวน", "เดือน", "สูตร", "ตรรกะ"]
    assert rows[1] == ["จัดซื้อ\nวัสดุ", "45000", "1/10/2568", "48150", "TRUE"]
    assert rows[2][:3] == ["ข", "1234.5", "ต.ค. 68"]
    assert rows[3] == []
    assert rows[4] == ["", "", "", "", "", "ไกล"]


def test_the_sheet_with_the_table_is_read_not_the_instructions_before_it():
    book = openpyxl.Workbook()
    book.active.title = "คำอธิบาย"
    book.active.append(["กรอกข้อมูลในแผ่นถัดไป"])
    data = book.create_sheet("ข้อมูล")
    data.append(["ปีงบประมาณ 2569"])
    data.append(["ชื่อ", "จำนวน"])
    data.append(["ก", 1])

    rows = xlsx.read_rows(workbook_bytes(book), has_name)

    assert rows == [["ปีงบประมาณ 2569"], ["ชื่อ", "จำนวน"], ["ก", "1"]]


def test_without_the_header_anywhere_the_first_sheet_is_read():
    book = openpyxl.Workbook()
    book.active.append(["อื่น"])
    assert xlsx.read_rows(workbook_bytes(book), has_name) == [["อื่น"]]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"])
def test_other_bytes_are_not_a_workbook(data):
    with pytest.raises(xlsx.NotAWorkbook):
        xlsx.read_rows(data, has_name)


def test_a_written_workbook_opens_in_openpyxl_with_types_and_styles():
    data = xlsx.write_workbook(
        "จัดซื้อ/จ้าง 2569",
        ["ชื่อ", "จำนวนเงิน", "ลำดับ"],
        [["=1+1 ไม่ใช่สูตร", Decimal("45000.50"), 3], [" มีช่องว่าง\x01", None, 4]],
        widths=(40, 16, 6),
    )

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "จัดซื้อ จ้าง 2569"
    assert [c.value for c in sheet[1]] == ["ชื่อ", "จำนวนเงิน", "ลำดับ"]
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "=1+1 ไม่ใช่สูตร" and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == pytest.approx(45000.5)
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == 3
    assert sheet["A3"].value == " มีช่องว่าง"
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width == 40


def test_what_is_written_reads_back():
    rows = [["ก", Decimal("1.50"), "ต.ค. 2568"], ["ข & <ค>", Decimal("2"), ""]]
    data = xlsx.write_workbook("x", ["ชื่อ", "เงิน", "เดือน"], rows)

    assert xlsx.read_rows(data, has_name) == [
        ["ชื่อ", "เงิน", "เดือน"],
        ["ก", "1.5", "ต.ค. 2568"],
        ["ข & <ค>", "2"],
    ]


def test_dates_in_thai_formats_are_recognised():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ชื่อ", "เดือน"])
    sheet.append(["ก", date(2025, 11, 1)])
    sheet["B2"].number_format = "[$-th-TH,107]mmm yy;@"

    assert xlsx.read_rows(workbook_bytes(book), has_name)[1] == ["ก", "1/11/2568"]
