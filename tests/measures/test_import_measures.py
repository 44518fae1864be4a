"""`manage.py import_measures`: the published six-column table, messy as real files are."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from disclosures.models import FiscalYear
from measures import sheets
from measures.models import Division, Measure, Method, MethodAttachment, ProgressUpdate

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
MESSY_CSV = FILES / "messy.csv"
HEADER = list(sheets.HEADERS)
MODELS = (FiscalYear, Measure, Method, Division, ProgressUpdate)


def run(path: Path, year: int = 2566, *extra: str) -> str:
    out = io.StringIO()
    call_command("import_measures", str(path), "--year", str(year), *extra, stdout=out)
    return out.getvalue()


def refused(path: Path, year: int = 2566) -> str:
    with pytest.raises(CommandError) as caught:
        run(path, year)
    return str(caught.value)


def write_csv(tmp_path: Path, text: str, name: str = "measures.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows: list[list], name: str = "measures.xlsx", merge=()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merge:
        sheet.merge_cells(cells)
    path = tmp_path / name
    book.save(path)
    return path


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def methods_of(year: int, number: int) -> list[Method]:
    return list(
        Method.objects.filter(measure__year__year=year, measure__number=number)
        .order_by("order")
        .prefetch_related("units")
    )


def unit_names(method: Method) -> list[str]:
    return sorted(unit.name for unit in method.units.all())


# --- the messy file ------------------------------------------------------------------------


def test_messy_csv_becomes_measures_with_their_methods():
    output = run(MESSY_CSV)

    measures = list(Measure.objects.filter(year__year=2566).order_by("number"))
    assert [(m.number, m.title) for m in measures] == [
        (1, "ส่งเสริมการเปิดเผยข้อมูลสาธารณะ"),  # "๑." read as its number
        (2, "การป้องกันการรับสินบน"),  # "มาตรการที่ 2"
        (3, "การส่งเสริมวัฒนธรรมองค์กร"),  # unnumbered: the next number
    ]
    assert [len(methods_of(2566, n)) for n in (1, 2, 3)] == [3, 1, 1]
    assert "นำเข้า messy.csv เข้าปี 2566 เสร็จ" in output
    assert "มาตรการ: เพิ่ม 3" in output


def test_numbered_paragraphs_in_one_cell_become_lines():
    run(MESSY_CSV)

    first = methods_of(2566, 1)[0]
    assert first.text == ("1. ปรับปรุงเว็บไซต์\n2. เผยแพร่ข้อมูลตามหัวข้อ O1-O43\n3. ตรวจสอบลิงก์ทุกเดือน")
    culture = methods_of(2566, 3)[0]
    assert culture.text == "1. จัดกิจกรรมวันต่อต้านคอร์รัปชัน\n2. มอบรางวัลบุคคลต้นแบบ"


def test_paragraph_markup_becomes_plain_paragraphs_and_links_keep_their_address():
    run(MESSY_CSV)

    first = methods_of(2566, 1)[0]
    assert first.result == "เผยแพร่ครบทุกข้อ\nดูที่ https://www.example.go.th/ita"
    assert first.recommendation == "ควรปรับปรุงข้อมูลให้เป็นปัจจุบัน ทุกเดือน"  # &nbsp; too
    bribes = methods_of(2566, 2)[0]
    assert bribes.text == "ประกาศนโยบาย No Gift Policy\nติดประกาศ\nแจ้งเวียน"
    assert bribes.result == "ประกาศแล้ว ประกาศ https://www.example.go.th/nogift"
    assert not Method.objects.filter(text__contains="<").exists()
    assert not Method.objects.filter(result__contains="<").exists()


def test_periods_with_thai_digits_are_read_into_months_and_the_text_is_kept():
    run(MESSY_CSV)

    first, training, report = methods_of(2566, 1)
    assert first.period_text == "ต.ค. ๖๕ – ก.ย. ๖๖"
    assert (first.start_year, first.start_month, first.end_year, first.end_month) == (
        2565,
        10,
        2566,
        9,
    )
    assert training.period_text == "ม.ค – เม.ย. ๖๖"  # no year on the first month
    assert (training.start_year, training.start_month) == (2566, 1)
    assert (training.end_year, training.end_month) == (2566, 4)
    assert (report.start_year, report.start_month, report.end_month) == (2566, 9, 9)


def test_a_whole_year_period_means_the_fiscal_year_of_the_import():
    run(MESSY_CSV)

    bribes = methods_of(2566, 2)[0]
    assert bribes.period_text == "ตลอดปีงบประมาณ"
    assert (bribes.start_year, bribes.start_month, bribes.end_year, bribes.end_month) == (
        2565, 10, 2566, 9,
    )  # fmt: skip
    assert bribes.period_display == "ตลอดปีงบประมาณ"


def test_a_period_that_cannot_be_read_keeps_its_text_without_months(tmp_path):
    path = tmp_path / "quarterly.csv"
    path.write_text(
        "มาตรการ/แนวทาง,วิธีการดำเนินการ,ผู้รับผิดชอบ,ระยะเวลาดำเนินการ,ผลการดำเนินการ,ข้อเสนอแนะ\n"
        "1. รายงานผล,รายงานผู้บริหาร,สำนักปลัด,ทุกไตรมาส,,\n",
        encoding="utf-8",
    )
    run(path)

    method = methods_of(2566, 1)[0]
    assert method.period_text == "ทุกไตรมาส"
    assert method.start_year is None and method.end_year is None
    assert method.period_display == "ทุกไตรมาส"


def test_responsible_units_with_stray_spaces_become_one_division_each():
    output = run(MESSY_CSV)

    first, training, report = methods_of(2566, 1)
    assert unit_names(first) == ["กองคลัง"]
    assert first.responsible_text == "กอง คลัง"  # the original wording is kept
    assert unit_names(training) == ["สำนักปลัด"]
    assert unit_names(report) == ["กองคลัง", "สำนักปลัด"]  # "กองคลังและสำนักปลัด"
    assert Division.objects.filter(name__in=["กองคลัง", "สำนักปลัด"]).count() == 2
    assert "เพิ่มส่วนราชการ 3: กองคลัง, สำนักปลัด, ทุกส่วนราชการ" in output


def test_everyone_units_are_one_everyone_division():
    run(MESSY_CSV)

    everyone = Division.objects.get(name="ทุกส่วนราชการ")
    assert everyone.is_everyone
    assert unit_names(methods_of(2566, 2)[0]) == ["ทุกส่วนราชการ"]
    culture = methods_of(2566, 3)[0]
    assert unit_names(culture) == ["ทุกส่วนราชการ"]  # "ทุกกอง" means the same division
    assert culture.responsible_text == "ทุกกอง"
    assert not Division.objects.filter(name="ทุกกอง").exists()


def test_existing_divisions_are_matched_by_name_without_spaces():
    kept = Division.objects.create(name="กองคลัง", order=3)

    run(MESSY_CSV)

    assert unit_names(methods_of(2566, 1)[0]) == ["กองคลัง"]
    assert Division.objects.filter(name__contains="คลัง").get() == kept


def test_a_continuation_row_adds_its_result_and_recommendation_to_the_method_above():
    run(MESSY_CSV)

    training = methods_of(2566, 1)[1]
    assert training.result == (
        "อบรมแล้ว 1 ครั้ง\nผลรอบ 12 เดือน: อบรมเพิ่ม 1 ครั้ง https://www.example.go.th/training"
    )
    assert training.recommendation == "ควรจัดทุกปี"


def test_cells_that_look_like_formulas_are_kept_as_text():
    run(MESSY_CSV)

    culture = methods_of(2566, 3)[0]
    assert culture.result == "=ดำเนินการแล้ว"
    assert culture.recommendation == "@ทุกกอง"
    assert methods_of(2566, 1)[2].text == "- ประเมินผลและรายงานผู้บริหาร"


def test_the_title_block_and_extra_columns_are_skipped_with_a_warning():
    output = run(MESSY_CSV)

    assert "คำเตือน: ข้ามแถว 1 ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว 2)" in output
    assert "คำเตือน: ไม่ได้นำเข้าคอลัมน์ “หมายเหตุ”" in output
    assert not Method.objects.filter(text__contains="ภายใน").exists()


def test_a_year_that_does_not_exist_is_created():
    assert not FiscalYear.objects.filter(year=2566).exists()

    output = run(MESSY_CSV)

    year = FiscalYear.objects.get(year=2566)
    assert year.status == FiscalYear.Status.PREPARING  # not public until staff open it
    assert year.indicators.exists()  # the standard structure, as the catalogue gives a year
    assert "สร้างปีงบประมาณ 2566" in output


def test_an_existing_year_is_used(factory):
    year = factory.year(2566)

    run(MESSY_CSV)

    assert FiscalYear.objects.filter(year=2566).count() == 1
    assert year.measures.count() == 3


def test_tis620_csv_with_semicolons_is_read(tmp_path):
    text = ";".join(HEADER) + "\n1. มาตรการทดสอบ;วิธีการทดสอบ;กองช่าง;ต.ค. 65 - ธ.ค. 65;;\n"
    path = write_csv(tmp_path, text, encoding="cp874")

    run(path)

    method = methods_of(2566, 1)[0]
    assert method.text == "วิธีการทดสอบ"
    assert unit_names(method) == ["กองช่าง"]
    assert (method.start_month, method.end_month) == (10, 12)


def test_headers_with_stray_spaces_and_a_short_measure_header_are_accepted(tmp_path):
    header = ["มาตรการ", " วิธีการ ดำเนินการ", "ผู้รับผิดชอบ\n", "ระยะเวลา ดำเนินการ"]
    header += ["ผลการดำเนินการ (รอบ 12 เดือน)", "ข้อเสนอแนะ"]
    path = write_xlsx(tmp_path, [header, ["มาตรการ ก", "วิธี ก", "", "", "ผล ก", ""]])

    run(path)

    assert methods_of(2566, 1)[0].result == "ผล ก"


# --- xlsx ----------------------------------------------------------------------------------


def test_xlsx_with_merged_measure_cells_numbers_and_dates(tmp_path):
    rows = [
        HEADER,
        ["1. มาตรการจากไฟล์ Excel", "วิธีที่หนึ่ง", "กองช่าง", date(2023, 3, 1), 100, None],
        [None, "วิธีที่สอง", "กองช่าง, กองคลัง", "ต.ค. ๖๕ – ก.ย. ๖๖", 2.5, "ข้อเสนอ"],
        [None, None, None, None, None, None],
        ["1. มาตรการจากไฟล์ Excel", None, None, None, "ผลต่อ", None],  # a repeated measure cell
    ]
    path = write_xlsx(tmp_path, rows, merge=["A2:A3"])

    run(path)

    assert Measure.objects.get().title == "มาตรการจากไฟล์ Excel"
    one, two = methods_of(2566, 1)
    assert (one.period_text, one.start_year, one.start_month) == ("1 มี.ค. 2566", 2566, 3)
    assert one.result == "100"
    assert two.result == "2.5\nผลต่อ"
    assert unit_names(two) == ["กองคลัง", "กองช่าง"]


def test_xlsx_reads_only_the_first_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["มาตรการแรก", "วิธีแรก", "", "", "", ""])
    other = book.create_sheet("อื่น ๆ")
    other.append(HEADER)
    other.append(["มาตรการในแผ่นที่สอง", "", "", "", "", ""])
    path = tmp_path / "two-sheets.xlsx"
    book.save(path)

    run(path)

    assert list(Measure.objects.values_list("title", flat=True)) == ["มาตรการแรก"]


def test_a_csv_saved_under_an_xlsx_name_is_read_as_csv(tmp_path):
    """The file's bytes decide how it is read, not its name."""
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(MESSY_CSV.read_bytes())

    run(path)

    assert Measure.objects.filter(year__year=2566).count() == 3


def test_an_xlsx_saved_under_a_csv_name_is_read_as_xlsx(tmp_path):
    source = write_xlsx(tmp_path, [HEADER, ["มาตรการแรก", "วิธีแรก", "", "", "", ""]])
    path = tmp_path / "really-excel.csv"
    path.write_bytes(source.read_bytes())

    run(path)

    assert list(Measure.objects.values_list("title", flat=True)) == ["มาตรการแรก"]


def test_a_broken_xlsx_is_refused_cleanly(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)

    message = refused(path)

    assert "ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้" in message
    assert row_counts()["Measure"] == 0


def test_a_pdf_under_a_csv_name_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "measures.csv"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")

    message = refused(path)

    assert "ไฟล์นี้ไม่ใช่ตาราง CSV หรือ Excel (.xlsx)" in message
    assert row_counts()["Measure"] == 0


def test_an_old_xls_file_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)

    assert "บันทึกเป็น .xlsx หรือ .csv ก่อน" in refused(path)


# --- what is refused, and that nothing is half-written ------------------------------------


def test_wrong_headers_list_the_headers_expected(tmp_path):
    path = write_csv(tmp_path, "ลำดับ,รายการ,ผู้รับผิดชอบ\n1,ทดสอบ,กองคลัง\n")

    message = refused(path)

    assert "ยังไม่มีการบันทึกใด ๆ" in message
    assert "แถว 1: หัวตารางไม่ครบ ขาด มาตรการ/แนวทาง, วิธีการดำเนินการ" in message
    assert " | ".join(HEADER) in message
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_file_without_any_header_says_so(tmp_path):
    path = write_csv(tmp_path, "ก,ข,ค\n1,2,3\n")

    assert "แถว 1: ไม่พบหัวตาราง" in refused(path)


def test_a_method_before_any_measure_names_its_row_and_column(tmp_path):
    text = ",".join(HEADER) + "\n,วิธีการที่ไม่มีมาตรการ,กองคลัง,,,\nมาตรการ ก,วิธี ก,,,,\n"
    path = write_csv(tmp_path, text)

    message = refused(path)

    assert "แถว 2 คอลัมน์ มาตรการ/แนวทาง: มีวิธีการดำเนินการแต่ยังไม่มีมาตรการ" in message
    assert Measure.objects.count() == 0
    assert not FiscalYear.objects.filter(year=2566).exists()


def test_a_period_ending_before_it_starts_names_its_row_and_column(tmp_path):
    text = ",".join(HEADER) + "\nมาตรการ ก,วิธี ก,,ต.ค. 65 - ต.ค. 65,,\n,วิธี ข,,ก.ย. ๖๖ – ต.ค. ๖๕,,\n"
    path = write_csv(tmp_path, text)

    message = refused(path)

    assert "แถว 3 คอลัมน์ ระยะเวลาดำเนินการ: ระยะเวลา “ก.ย. ๖๖ – ต.ค. ๖๕” สิ้นสุดก่อนเริ่มต้น" in message


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    long_text = "ก" * (sheets.MAX_TEXT_CHARS + 1)
    text = ",".join(HEADER) + (
        "\n,วิธีไม่มีมาตรการ,,,,"
        "\nมาตรการ ก,วิธี ก,,ธ.ค. 66 - ม.ค. 65,,"
        f"\n,{long_text},,,,"
        "\n,,กองคลัง,ต.ค. 65,,"  # responsible and period but nothing they belong to
        "\n,วิธีมี\x00NUL,,,,"
        "\n1. มาตรการ ข,,,,,"
        "\n1. มาตรการ ค,,,,,"
        "\n"
    )
    path = write_csv(tmp_path, text)

    message = refused(path)

    assert "(7 ปัญหา)" in message
    for expected in (
        "แถว 2 คอลัมน์ มาตรการ/แนวทาง: มีวิธีการดำเนินการแต่ยังไม่มีมาตรการ",
        "แถว 3 คอลัมน์ ระยะเวลาดำเนินการ: ระยะเวลา “ธ.ค. 66 - ม.ค. 65” สิ้นสุดก่อนเริ่มต้น",
        f"แถว 4 คอลัมน์ วิธีการดำเนินการ: ยาว {sheets.MAX_TEXT_CHARS + 1:,} ตัวอักษร",
        "แถว 5 คอลัมน์ วิธีการดำเนินการ: มีผู้รับผิดชอบหรือระยะเวลา แต่ไม่มีวิธีการดำเนินการ",
        "แถว 6 คอลัมน์ วิธีการดำเนินการ: มีอักขระ NUL",
        "แถว 7 คอลัมน์ มาตรการ/แนวทาง: มาตรการที่ 1 ซ้ำกับแถว 3",  # "มาตรการ ก" is number 1
        "แถว 8 คอลัมน์ มาตรการ/แนวทาง: มาตรการที่ 1 ซ้ำกับแถว 3",
    ):
        assert expected in message
    rows = [int(line.split()[1]) for line in message.splitlines()[1:]]
    assert rows == sorted(rows)  # in the order a reader goes through the file
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_period_too_long_for_the_database_is_named(tmp_path):
    text = ",".join(HEADER) + f"\nมาตรการ ก,วิธี ก,,{'ต' * 201},,\n"

    message = refused(write_csv(tmp_path, text))

    assert "แถว 2 คอลัมน์ ระยะเวลาดำเนินการ: ยาว 201 ตัวอักษร เกิน 200 ตัวอักษร" in message


def test_a_file_with_only_headers_is_refused(tmp_path):
    assert "ไม่พบมาตรการในไฟล์" in refused(write_csv(tmp_path, ",".join(HEADER) + "\n"))


def test_an_empty_file_is_refused(tmp_path):
    assert "ไฟล์ว่างเปล่า" in refused(write_csv(tmp_path, "\n\n"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", 1024)
    monkeypatch.setattr(sheets, "parse_rows", lambda rows: pytest.fail("parsed a refused file"))
    path = write_csv(tmp_path, ",".join(HEADER) + "\n" + "มาตรการ,วิธี,,,,\n" * 50)

    assert "ไฟล์ใหญ่เกินไป (เกิน 0.000976562 MB)" in refused(path)


def test_an_unknown_year_or_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run(tmp_path / "missing.csv")
    with pytest.raises(CommandError, match="ใช้ปี พ.ศ. เช่น 2569"):
        run(MESSY_CSV, 2023)


# --- dry run and importing again ---------------------------------------------------------


def test_dry_run_writes_nothing_and_reports_what_it_would_do():
    before = row_counts()

    output = run(MESSY_CSV, 2566, "--dry-run")

    assert row_counts() == before
    assert "[ทดลอง ไม่บันทึก] สร้างปีงบประมาณ 2566" in output
    assert "[ทดลอง ไม่บันทึก] มาตรการ: เพิ่ม 3" in output
    assert "[ทดลอง ไม่บันทึก] วิธีการดำเนินการ: เพิ่ม 5" in output


def test_importing_twice_changes_nothing():
    run(MESSY_CSV)
    before = row_counts()
    method_ids = set(Method.objects.values_list("pk", flat=True))

    output = run(MESSY_CSV)

    assert row_counts() == before
    assert set(Method.objects.values_list("pk", flat=True)) == method_ids
    assert "มาตรการ: เพิ่ม 0 ปรับปรุง 0 ไม่เปลี่ยนแปลง 3" in output
    assert "วิธีการดำเนินการ: เพิ่ม 0 ปรับปรุง 0 ไม่เปลี่ยนแปลง 5 ลบ 0" in output
    assert "เพิ่มส่วนราชการ" not in output


def test_a_corrected_file_updates_measures_and_methods_in_place(tmp_path):
    run(MESSY_CSV)
    training = methods_of(2566, 1)[1]
    ProgressUpdate.objects.create(method=training, date=date(2023, 1, 5), text="อบรมรุ่นแรก")
    corrected = MESSY_CSV.read_text(encoding="utf-8")
    corrected = corrected.replace("ส่งเสริมการเปิดเผยข้อมูลสาธารณะ", "ส่งเสริมการเปิดเผยข้อมูล")
    corrected = corrected.replace("จัดอบรมเจ้าหน้าที่ผู้ดูแลเว็บไซต์", "จัดอบรมผู้ดูแลเว็บไซต์")

    output = run(write_csv(tmp_path, corrected))

    assert Measure.objects.get(number=1).title == "ส่งเสริมการเปิดเผยข้อมูล"
    updated = methods_of(2566, 1)[1]
    assert updated.pk == training.pk  # matched by its place: its progress stays with it
    assert updated.text == "จัดอบรมผู้ดูแลเว็บไซต์"
    assert updated.updates.count() == 1
    assert "มาตรการ: เพิ่ม 0 ปรับปรุง 1 ไม่เปลี่ยนแปลง 2" in output


def test_methods_with_progress_attachments_or_status_are_kept_when_the_file_drops_them(tmp_path):
    run(MESSY_CSV)
    first, training, report = methods_of(2566, 1)
    ProgressUpdate.objects.create(method=first, date=date(2023, 1, 5), text="ปรับปรุงแล้ว")
    MethodAttachment.objects.create(
        method=training, title="รายงาน", url="https://www.example.go.th/r"
    )
    report.status = Method.Status.DONE
    report.save()
    culture = methods_of(2566, 3)[0]
    # The same measures, each with one new method: all old methods are gone from the file.
    text = ",".join(HEADER) + (
        "\n1. ส่งเสริมการเปิดเผยข้อมูลสาธารณะ,วิธีใหม่ ก,,,,"
        "\n2. การป้องกันการรับสินบน,วิธีใหม่ ข,,,,"
        "\n3. การส่งเสริมวัฒนธรรมองค์กร,วิธีใหม่ ค,,,,"
        "\n"
    )

    output = run(write_csv(tmp_path, text))

    kept = Method.objects.filter(pk__in=[first.pk, training.pk, report.pk])
    assert {m.text for m in kept} == {first.text, training.text, report.text}  # untouched
    assert not Method.objects.filter(pk=culture.pk).exists()  # nothing done on it yet
    assert "คงไว้ 3 วิธีการที่ไม่มีในไฟล์ แต่มีความคืบหน้า หลักฐาน หรือสถานะแล้ว" in output
    assert ProgressUpdate.objects.count() == 1
    assert [m.text for m in methods_of(2566, 3)] == ["วิธีใหม่ ค"]


def test_measures_not_in_the_file_are_kept_and_reported(factory, tmp_path):
    year = factory.year(2566)
    Measure.objects.create(year=year, number=9, title="มาตรการเดิมที่ไม่มีในไฟล์")

    output = run(MESSY_CSV)

    assert year.measures.filter(number=9).exists()
    assert "คงไว้ 1 มาตรการที่ไม่มีในไฟล์: 9. มาตรการเดิมที่ไม่มีในไฟล์" in output


# --- the rules, one by one ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "number", "title"),
    [
        ("1. ส่งเสริม", 1, "ส่งเสริม"),
        ("๑.ส่งเสริม", 1, "ส่งเสริม"),
        ("(3) ส่งเสริม", 3, "ส่งเสริม"),
        ("มาตรการที่ 12 ส่งเสริม", 12, "ส่งเสริม"),
        ("มาตรการที่ ๒\nส่งเสริม", 2, "ส่งเสริม"),
        ("1.1 ส่งเสริม", None, "1.1 ส่งเสริม"),
        ("5ส ในสำนักงาน", None, "5ส ในสำนักงาน"),
        ("ส่งเสริม", None, "ส่งเสริม"),
    ],
)
def test_measure_numbers(cell, number, title):
    assert sheets.split_measure_number(cell) == (number, title)


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("กอง คลัง ", ["กองคลัง"]),
        ("สำนักปลัด  , กองช่าง", ["สำนักปลัด", "กองช่าง"]),
        ("กองคลัง และ กองช่าง", ["กองคลัง", "กองช่าง"]),
        ("สำนักปลัดและทุกกอง", ["สำนักปลัด", "ทุกกอง"]),
        ("กองสาธารณสุขและสิ่งแวดล้อม", ["กองสาธารณสุขและสิ่งแวดล้อม"]),
        ("กองการศึกษา ศาสนาและวัฒนธรรม", ["กองการศึกษา ศาสนาและวัฒนธรรม"]),
        ("สำนักปลัด/กองคลัง", ["สำนักปลัด", "กองคลัง"]),
        ("ทุกสำนัก/กอง", ["ทุกสำนัก/กอง"]),
        ("1. กองคลัง\n2. กองช่าง\n- กองคลัง", ["กองคลัง", "กองช่าง"]),
        ("กอง\u200bคลัง", ["กองคลัง"]),
    ],
)
def test_responsible_units(cell, units):
    assert sheets.split_units(cell) == units


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ("1. ก 2. ข 3. ค", "1. ก\n2. ข\n3. ค"),
        ("1) ก 2) ข", "1) ก\n2) ข"),
        ("๑. ก ๒. ข", "๑. ก\n๒. ข"),
        ("1. อบรม 2 ครั้ง ภายใน 3. วัน", "1. อบรม 2 ครั้ง ภายใน 3. วัน"),
        ("ดำเนินการ 2. ครั้ง", "ดำเนินการ 2. ครั้ง"),
        ("<p>ก</p>\n<p>ข<br>ค</p>", "ก\nข\nค"),
        ("ก &amp; ข", "ก & ข"),
        ("a < b", "a < b"),
        ('<a href="https://x.go.th/a">https://x.go.th/a</a>', "https://x.go.th/a"),
        ("<script>alert(1)</script><p>ก</p>", "ก"),
        ("ก  \t ข\r\n\r\n\r\nค", "ก ข\nค"),
        ("'=1+1", "=1+1"),
        ("'ก'", "'ก'"),
    ],
)
def test_cell_text(cell, text):
    assert sheets.clean_text(cell) == text
