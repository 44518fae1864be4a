"""python manage.py import_procurement FILE --year YYYY [--month M] [--dry-run]"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from disclosures.models import FiscalYear
from ita_portal.models import ContentVersion
from procurement import sheets
from procurement.models import NoProcurementMonth, ProcurementMethod, ProcurementRow

from .helpers import add_row, csv_bytes, line, official_csv

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "files" / "o12-2568.csv"


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    return factory.year(2569, is_current=True)


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_procurement", str(path), *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, data: bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_published_list_is_imported_with_its_title_rows_thai_digits_and_spaces(year):
    out = run(SAMPLE, "--year", "2568")

    assert "เพิ่ม 4 รายการ" in out
    assert "ข้ามแถว 1–2 ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว 3)" in out
    rows = list(ProcurementRow.objects.filter(year__year=2568).in_list_order())
    assert [row.number for row in rows] == [1, 2, 3, 4]
    road, paper, bus, water = rows
    assert road.method == ProcurementMethod.E_BIDDING
    assert road.budget == Decimal("480000.00") and road.agreed_price == Decimal("455000.00")
    assert road.month == date(2024, 10, 1)
    assert road.egp_number == "67109123456"
    assert paper.budget == Decimal("12000.00")  # written "๑๒,๐๐๐"
    assert paper.agreed_price == Decimal("11850.00")  # written "11,850.-"
    assert bus.method == ProcurementMethod.E_MARKET
    assert water.method == ProcurementMethod.SPECIFIC  # "วิธีเฉพาะเจาะจง " with a stray space
    assert water.egp_number == ""


def test_a_dry_run_reports_and_writes_nothing(year):
    before = ContentVersion.objects.values_list("value", flat=True).first()

    out = run(SAMPLE, "--year", "2568", "--dry-run")

    assert "[ทดลอง ไม่บันทึก] เพิ่ม 4 รายการ" in out
    assert "จะนำเข้า o12-2568.csv" in out
    assert ProcurementRow.objects.count() == 0
    assert ContentVersion.objects.values_list("value", flat=True).first() == before


def test_importing_the_same_file_again_changes_nothing(year):
    run(SAMPLE, "--year", "2568")
    stamps = list(ProcurementRow.objects.order_by("pk").values_list("updated_at", flat=True))

    out = run(SAMPLE, "--year", "2568")

    assert "เพิ่ม 0 รายการ ปรับปรุง 0 ไม่เปลี่ยนแปลง 4" in out
    assert ProcurementRow.objects.count() == 4
    assert (
        list(ProcurementRow.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    )


def test_the_egp_number_identifies_a_row_so_a_new_file_updates_it(year, tmp_path):
    run(write(tmp_path, csv_bytes([line(status="อยู่ระหว่างระยะสัญญา")])), "--year", "2569")
    first = ProcurementRow.objects.get()

    changed = csv_bytes([line(status="สิ้นสุดระยะสัญญา", agreed="11,800.00")])
    out = run(write(tmp_path, changed), "--year", "2569", "--dry-run")

    assert "ปรับปรุง 1" in out
    assert "แถว 2: แก้ สถานะการจัดซื้อจัดจ้าง, ราคาที่ตกลงซื้อหรือจ้าง (บาท)" in out
    assert ProcurementRow.objects.get().status == "in_contract"  # a dry run

    run(write(tmp_path, changed), "--year", "2569")

    row = ProcurementRow.objects.get()
    assert row.pk == first.pk
    assert row.status == "completed"
    assert row.agreed_price == Decimal("11800.00")


def test_rows_of_the_year_that_the_file_does_not_list_are_kept(year, tmp_path):
    add_row(year, egp="68010000099", work_name="จ้างก่อนหน้านี้")

    out = run(write(tmp_path, csv_bytes([line()])), "--year", "2569")

    assert "รายการเดิมที่ไม่มีในไฟล์ (คงไว้) 1" in out
    assert ProcurementRow.objects.count() == 2


def test_the_month_option_dates_the_rows_of_a_monthly_file(year, tmp_path):
    path = write(tmp_path, official_csv([line(egp="1000001"), line(egp="1000002")]))

    run(path, "--year", "2569", "--month", "พ.ย. 68")

    assert set(ProcurementRow.objects.values_list("month", flat=True)) == {date(2025, 11, 1)}


def test_a_file_without_months_keeps_the_months_known_before(year, tmp_path):
    run(write(tmp_path, csv_bytes([line(month="ธ.ค. 68")])), "--year", "2569")

    run(write(tmp_path, official_csv([line(agreed="11,000")])), "--year", "2569")

    row = ProcurementRow.objects.get()
    assert row.month == date(2025, 12, 1)
    assert row.agreed_price == Decimal("11000.00")


def test_a_month_said_to_have_no_procurement_is_recorded_and_lifted_by_rows(year, tmp_path):
    empty = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="", method="",
                 status="", supplier="", egp="", month="พ.ย. 68")  # fmt: skip
    run(write(tmp_path, csv_bytes([line(), empty])), "--year", "2569")
    assert list(NoProcurementMonth.objects.values_list("month", flat=True)) == [date(2025, 11, 1)]

    out = run(write(tmp_path, csv_bytes([line(egp="1000009", month="พ.ย. 68")])), "--year", "2569")

    assert "ยกเลิกบันทึก “ไม่มีการจัดซื้อจัดจ้าง” ของ พ.ย. 2568" in out
    assert NoProcurementMonth.objects.count() == 0


def test_no_procurement_in_a_month_that_already_has_rows_is_refused(year, tmp_path):
    add_row(year, month=date(2025, 10, 1))
    empty = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="", method="",
                 status="", supplier="", egp="", month="ต.ค. 68")  # fmt: skip

    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, csv_bytes([empty])), "--year", "2569")

    assert (
        "แถว 2 คอลัมน์ ชื่อรายการของงานที่ซื้อหรือจ้าง: ระบบมีรายการจัดซื้อจัดจ้างของเดือน ต.ค. 2568 อยู่แล้ว"
        in str(caught.value)
    )
    assert NoProcurementMonth.objects.count() == 0


def test_an_invalid_file_writes_nothing_and_names_each_row_and_column(year, tmp_path):
    data = csv_bytes([line(), line(number="2", egp="1000002", budget="สองหมื่น")])

    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, data), "--year", "2569")

    message = str(caught.value)
    assert message.startswith("นำเข้า list.csv ไม่สำเร็จ (1 ปัญหา): ยังไม่มีการบันทึกใด ๆ")
    assert "แถว 3 คอลัมน์ วงเงินงบประมาณที่ได้รับจัดสรร (บาท): “สองหมื่น” ไม่ใช่จำนวนเงิน" in message
    assert ProcurementRow.objects.count() == 0


def test_an_oversized_file_is_refused_before_it_is_parsed(year, tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 50)
    monkeypatch.setattr(
        sheets.base, "read_csv", lambda *a, **k: pytest.fail("parsed a refused file")
    )

    with pytest.raises(CommandError, match="ไฟล์ใหญ่เกินไป"):
        run(SAMPLE, "--year", "2568")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2025"), "ปีงบประมาณ 2025 ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569"),
        (("--year", "2570"), "ไม่พบปีงบประมาณ 2570: สร้างปีงบประมาณในระบบหลังบ้านก่อน"),
        (("--year", "2569", "--month", "ต.ค. 69"), "--month: เดือน ต.ค. 2569 ไม่อยู่ในปีงบประมาณ 2569"),
    ],
)
def test_bad_options_are_refused(year, args, message):
    with pytest.raises(CommandError, match=message):
        run(SAMPLE, *args)


def test_a_missing_file_and_an_unknown_kind_are_refused(year, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run(tmp_path / "nothing.csv", "--year", "2569")
    with pytest.raises(CommandError, match="ใช้ไฟล์ .csv หรือ .xlsx"):
        run(write(tmp_path, b"%PDF", "list.pdf"), "--year", "2569")


def test_a_real_import_makes_the_public_pages_fresh(year, tmp_path):
    before = ContentVersion.objects.values_list("value", flat=True).first() or 0

    run(write(tmp_path, csv_bytes([line()])), "--year", "2569")

    assert ContentVersion.objects.values_list("value", flat=True).first() > before
