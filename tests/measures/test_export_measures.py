"""Exporting a year's measures in the published layout, and files that round-trip."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from measures import sheets
from measures.models import Division, Measure, Method

pytestmark = pytest.mark.django_db

MESSY_CSV = Path(__file__).parent / "files" / "messy.csv"
BOM = "\ufeff".encode()


@pytest.fixture
def year(factory):
    """2569 with two measures: one with two methods, one with none yet."""
    year = factory.year(2569)
    clerk = Division.objects.create(name="กองคลัง", order=1)
    office = Division.objects.create(name="สำนักปลัด", order=0)
    first = Measure.objects.create(year=year, number=1, title="ส่งเสริมการเปิดเผยข้อมูล")
    web = Method.objects.create(
        measure=first,
        order=1,
        text="1. ปรับปรุงเว็บไซต์\n2. ตรวจลิงก์",
        period_text="ต.ค. ๖๘ – ก.ย. ๖๙",
        start_year=2568,
        start_month=10,
        end_year=2569,
        end_month=9,
        result='=HYPERLINK("https://evil.example")',
        recommendation="- ทำต่อเนื่อง",
    )
    web.units.set([clerk, office])
    report = Method.objects.create(
        measure=first,
        order=2,
        text="รายงานผู้บริหาร",
        start_year=2569,
        start_month=3,
        end_year=2569,
        end_month=3,
        result="@ผู้บริหารรับทราบ",
    )
    report.units.set([office])
    Measure.objects.create(year=year, number=4, title="ป้องกันผลประโยชน์ทับซ้อน")
    other = factory.year(2568)
    Measure.objects.create(year=other, number=1, title="มาตรการของปีอื่น")
    return year


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_a_bom_the_six_headers_and_one_row_per_method(year):
    data = sheets.MeasureSheet(year).csv()

    assert data.startswith(BOM)
    rows = csv_rows(data)
    assert rows[0] == list(sheets.HEADERS)
    assert rows[1:] == [
        [
            "1. ส่งเสริมการเปิดเผยข้อมูล",
            "1. ปรับปรุงเว็บไซต์\n2. ตรวจลิงก์",
            "สำนักปลัด, กองคลัง",
            "ต.ค. ๖๘ – ก.ย. ๖๙",
            '\'=HYPERLINK("https://evil.example")',  # never a formula in a spreadsheet
            "'- ทำต่อเนื่อง",
        ],
        ["", "รายงานผู้บริหาร", "สำนักปลัด", "มี.ค. 2569", "'@ผู้บริหารรับทราบ", ""],
        ["4. ป้องกันผลประโยชน์ทับซ้อน", "", "", "", "", ""],
    ]


def test_rows_take_three_queries_however_many_measures(year, django_assert_num_queries):
    # 1. the year's measures, 2. their methods, 3. the methods' divisions
    with django_assert_num_queries(3):
        rows = sheets.MeasureSheet(year).rows()

    assert len(rows) == 3


def test_xlsx_has_bold_wrapped_headers_and_text_never_formulas(year):
    data = sheets.MeasureSheet(year).xlsx()

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet.title == "มาตรการ 2569"
    assert [cell.value for cell in sheet[1]] == list(sheets.HEADERS)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet["B2"].alignment.wrap_text
    assert sheet["B2"].value == "1. ปรับปรุงเว็บไซต์\n2. ตรวจลิงก์"
    assert sheet["E2"].data_type == "s"
    assert sheet["E2"].value == '=HYPERLINK("https://evil.example")'
    assert sheet.column_dimensions["B"].width == 50
    assert sheet.max_row == 4


def test_export_command_writes_the_file(year, tmp_path):
    out = io.StringIO()
    call_command(
        "export_measures", "--year", "2569", "--format", "xlsx", "-o", str(tmp_path), stdout=out
    )

    path = tmp_path / "measures-2569.xlsx"
    assert path.read_bytes()[:2] == b"PK"
    assert "ส่งออกมาตรการ 2 มาตรการของปี 2569" in out.getvalue()


def test_export_command_refuses_an_unknown_year(db, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบปีงบประมาณ 2570"):
        call_command("export_measures", "--year", "2570", "-o", str(tmp_path / "x.csv"))


# --- round trips ---------------------------------------------------------------------------


def snapshot(year: int) -> list[tuple]:
    """What a reader of the year's measures sees, method by method."""
    methods = Method.objects.filter(measure__year__year=year).order_by("measure__number", "order")
    return [
        (
            m.measure.number,
            m.measure.title,
            m.order,
            m.text,
            sorted(u.name for u in m.units.all()),
            m.period_display,
            (m.start_year, m.start_month, m.end_year, m.end_month),
            m.result,
            m.recommendation,
        )
        for m in methods.select_related("measure").prefetch_related("units")
    ]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_imported_messy_file_exported_and_imported_again_gives_the_same_measures(kind, tmp_path):
    call_command("import_measures", str(MESSY_CSV), "--year", "2566", stdout=io.StringIO())
    exported = tmp_path / f"export.{kind}"
    call_command(
        "export_measures", "--year", "2566", "--format", kind, "-o", str(exported),
        stdout=io.StringIO(),
    )  # fmt: skip

    before = snapshot(2566)
    Measure.objects.filter(year__year=2566).delete()

    call_command("import_measures", str(exported), "--year", "2566", stdout=io.StringIO())

    assert snapshot(2566) == before
    assert len(before) == 5


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imported_into_its_own_year_changes_nothing(year, kind, tmp_path):
    before = snapshot(2569)
    path = tmp_path / f"measures.{kind}"
    path.write_bytes(sheets.MeasureSheet(year).render(kind))
    measures = set(Measure.objects.values_list("pk", flat=True))

    call_command("import_measures", str(path), "--year", "2569", stdout=io.StringIO())

    assert snapshot(2569) == before
    assert set(Measure.objects.values_list("pk", flat=True)) == measures
    # The file's wording (units, periods) is now the methods' original text: a second
    # import of the same file finds nothing to change.
    out = io.StringIO()
    call_command("import_measures", str(path), "--year", "2569", stdout=out)
    assert "วิธีการดำเนินการ: เพิ่ม 0 ปรับปรุง 0 ไม่เปลี่ยนแปลง 2 ลบ 0" in out.getvalue()
    assert Division.objects.count() == 2
