"""A year's procurement as CSV, XLSX and JSON, and the export_procurement command."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from disclosures.models import FiscalYear
from procurement import importing, sheets
from procurement.exports import ProcurementSheet
from procurement.layout import HEADERS, OFFICIAL_HEADERS
from procurement.models import NoProcurementMonth, ProcurementMethod, ProcurementRow

from .helpers import add_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569)


@pytest.fixture
def rows(year) -> list[ProcurementRow]:
    return [
        add_row(
            year,
            number=1,
            egp="68019000001",
            month=date(2025, 10, 1),
            work_name='=HYPERLINK("http://evil") จัดซื้อ',
            method=ProcurementMethod.E_BIDDING,
            budget=Decimal("480000.00"),
            reference_price=Decimal("479500.50"),
            agreed_price=Decimal("455000.00"),
            supplier="-บริษัท ทดสอบ จำกัด",
            agency_name="อบต.ทดสอบ",
        ),
        add_row(year, number=2, budget=None, agreed_price=None, reference_price=None),
    ]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_a_bom_the_official_headers_and_the_month(rows, year):
    data = ProcurementSheet(year).csv()

    assert data.startswith(b"\xef\xbb\xbf")
    table = read_csv(data)
    assert table[0] == list(HEADERS)
    assert table[0][:16] == list(OFFICIAL_HEADERS)
    first = table[1]
    assert first[:2] == ["1", "2569"]
    assert first[8] == "480000.00" and first[12] == "479500.50" and first[13] == "455000.00"
    assert first[11] == "ประกาศเชิญชวนทั่วไป (e-bidding)"
    assert first[10] == "สิ้นสุดระยะสัญญา"
    assert first[15] == "68019000001"
    assert first[16] == "ต.ค. 2568"
    assert table[2][8] == "" and table[2][16] == ""


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(rows, year):
    first = read_csv(ProcurementSheet(year).csv())[1]

    assert first[7] == '\'=HYPERLINK("http://evil") จัดซื้อ'
    assert first[14] == "'-บริษัท ทดสอบ จำกัด"


def test_csv_and_xlsx_import_back_unchanged(rows, year):
    for kind in ("csv", "xlsx"):
        data = ProcurementSheet(year).render(kind)
        plan = sheets.parse_rows(sheets.read_table(data, kind), 2569)
        report = importing.apply_plan(plan, dry_run=True)

        assert (report.created, report.updated, report.unchanged) == (0, 0, 2), kind
        assert plan.rows[0].values["work_name"] == rows[0].work_name


def test_xlsx_has_typed_numbers_bold_headers_and_text_never_a_formula(rows, year):
    book = openpyxl.load_workbook(io.BytesIO(ProcurementSheet(year).xlsx()))
    sheet = book.active

    assert sheet.title == "จัดซื้อจัดจ้าง 2569"
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"
    assert sheet["I2"].value == 480000 and sheet["I2"].number_format == "#,##0.00"
    assert sheet["M2"].value == pytest.approx(479500.5)
    assert sheet["H2"].data_type == "s"
    assert sheet["H2"].value.startswith("=HYPERLINK")
    assert sheet["P2"].value == "68019000001"
    assert sheet["I3"].value is None


def test_json_has_the_rows_and_a_data_dictionary(rows, year):
    NoProcurementMonth.objects.create(year=year, month=date(2025, 11, 1), note="ไม่มีโครงการ")

    document = json.loads(ProcurementSheet(year).json())

    assert document["dataset"] == "procurement"
    assert document["year"] == 2569
    columns = {column["name"]: column for column in document["columns"]}
    assert list(columns)[:3] == ["number", "fiscal_year", "agency_name"]
    assert columns["budget"] == {
        "name": "budget",
        "title": "วงเงินงบประมาณที่ได้รับจัดสรร (บาท)",
        "type": "number",
        "unit": "บาท",
        "description": "ทศนิยม 2 ตำแหน่ง; null เมื่อไม่ระบุ",
    }
    assert columns["egp_number"]["type"] == "string"
    assert "ประกาศเชิญชวนทั่วไป (e-bidding)" in columns["method"]["values"]
    first, second = document["rows"]
    assert first["budget"] == 480000.0 and first["reference_price"] == 479500.5
    assert first["method"] == "ประกาศเชิญชวนทั่วไป (e-bidding)"
    assert first["month"] == "2025-10"
    assert first["fiscal_year"] == 2569
    assert second["budget"] is None and second["month"] is None
    assert document["no_procurement_months"] == [{"month": "2025-11", "note": "ไม่มีโครงการ"}]


def test_exports_are_thai_whatever_the_page_language(rows, year):
    from django.utils import translation

    with translation.override("en"):
        first = read_csv(ProcurementSheet(year).render("csv"))[1]
    assert first[16] == "ต.ค. 2568"


@pytest.mark.parametrize("count", [2, 40])
def test_the_rows_take_one_query_however_many(year, count, django_assert_num_queries):
    for number in range(count):
        add_row(year, number=number)
    sheet = ProcurementSheet(year)

    with django_assert_num_queries(1):  # the rows, as values
        sheet.csv()
    with django_assert_num_queries(1):
        sheet.xlsx()
    with django_assert_num_queries(2):  # the rows, and the months with no procurement
        sheet.json()


def test_the_command_writes_the_file(rows, year, tmp_path):
    out = io.StringIO()

    call_command("export_procurement", "--year", "2569", "--format", "xlsx", "-o", str(tmp_path),
                 stdout=out)  # fmt: skip

    assert (tmp_path / "procurement-2569.xlsx").stat().st_size > 0
    assert "ส่งออกรายการจัดซื้อจัดจ้าง 2 รายการของปี 2569" in out.getvalue()


def test_the_command_refuses_an_unknown_year(year):
    with pytest.raises(CommandError, match="ไม่พบปีงบประมาณ 2570"):
        call_command("export_procurement", "--year", "2570")
