"""The divisions admin's import (preview, then confirm) and export of the divisions list."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita_portal import sheets
from measures import division_sheet
from measures.division_sheet import DivisionSheetResource
from measures.models import Division, Measure, Method

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:measures_division_import")
PROCESS_URL = reverse("admin:measures_division_process_import")
EXPORT_URL = reverse("admin:measures_division_export")
CHANGELIST_URL = reverse("admin:measures_division_changelist")
FORMAT = {"csv": "0", "xlsx": "1"}
HEADER_LINE = ",".join(division_sheet.LAYOUT.headers)


def upload(data: bytes | str, name: str = "divisions.csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def csv_file(*lines: str):
    return upload("\n".join(lines) + "\n")


def preview(client, file):
    return client.post(IMPORT_URL, {"resource": "0", "import_file": file, "format": ""})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})


def export(client, kind: str = "csv"):
    return client.post(EXPORT_URL, {"resource": "0", "format": FORMAT[kind]})


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def divisions() -> list[tuple]:
    return list(Division.objects.order_by("pk").values_list("pk", "name", "is_everyone", "order"))


@pytest.fixture
def listed():
    """The divisions of a small อบต., one of which means everyone."""
    for order, name in enumerate(("สำนักปลัด", "กองคลัง", "กองช่าง"), start=1):
        Division.objects.create(name=name, order=order)
    Division.objects.create(name="ทุกส่วนราชการ", is_everyone=True, order=9)


@pytest.fixture
def importer(client, factory):
    perms = ("measures.view_division", "measures.add_division", "measures.change_division")
    client.force_login(factory.staff("importer", perms=perms))
    return client


@pytest.fixture
def viewer(client, factory):
    client.force_login(factory.staff("viewer", perms=("measures.view_division",)))
    return client


# --- export ----------------------------------------------------------------------------------


def test_export_lists_every_division_in_order(viewer, listed):
    response = export(viewer)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="divisions.csv"'
    assert response.content.decode("utf-8").split("\r\n") == [
        "\ufeffชื่อส่วนราชการ,หมายถึงทุกส่วนราชการ,ลำดับ",
        "สำนักปลัด,ไม่,1",
        "กองคลัง,ไม่,2",
        "กองช่าง,ไม่,3",
        "ทุกส่วนราชการ,ใช่,9",
        "",
    ]


def test_export_as_xlsx(viewer, listed):
    response = export(viewer, "xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(division_sheet.LAYOUT.headers)
    assert [cell.value for cell in sheet[5]] == ["ทุกส่วนราชการ", "ใช่", "9"]


def test_the_export_page_asks_for_no_year(viewer, listed):
    response = viewer.get(EXPORT_URL)

    assert response.status_code == 200
    assert "year" not in response.context["form"].fields


def test_a_name_starting_like_a_formula_is_neutralised(viewer):
    Division.objects.create(name="-กองพิเศษ")

    assert "'-กองพิเศษ,ไม่,0" in export(viewer).content.decode("utf-8")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_file_imports_back_without_any_change(importer, listed, kind):
    Division.objects.create(name="=กองพิเศษ", order=10)
    before = divisions()

    response = preview(importer, upload(export(importer, kind).content, f"divisions.{kind}"))

    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 5)
    confirm(importer, response)
    assert divisions() == before


# --- preview and confirm ---------------------------------------------------------------------


def test_the_preview_shows_each_division_and_writes_nothing(importer, listed):
    before = divisions()
    lines = (HEADER_LINE, "กองคลัง,ไม่,5", "กองการศึกษา ศาสนาและวัฒนธรรม,,4", "สำนักปลัด,ไม่,1")

    response = preview(importer, csv_file(*lines))

    assert divisions() == before
    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (1, 1, 1)
    assert "เปลี่ยน ลำดับ" in response.content.decode()
    assert "เมื่อยืนยันจะนำเข้าส่วนราชการ: เพิ่ม 1 ปรับปรุง 1 ไม่เปลี่ยน 1" in shown_messages(response)
    assert "year" not in response.context["confirm_form"].fields


def test_confirming_adds_and_updates_and_keeps_divisions_not_in_the_file(importer, listed, factory):
    measure = Measure.objects.create(year=factory.year(2569), number=1, title="ก")
    method = Method.objects.create(measure=measure, text="ข")
    method.units.add(Division.objects.get(name="กองช่าง"))
    lines = (HEADER_LINE, "กองคลัง,ไม่,5", "ทุกกอง,,10", "กองการศึกษา,ไม่,")

    response = confirm(importer, preview(importer, csv_file(*lines)))

    assert response["Location"] == CHANGELIST_URL
    assert Division.objects.get(name="กองคลัง").order == 5
    assert Division.objects.get(name="ทุกกอง").is_everyone  # guessed from its name
    assert Division.objects.get(name="กองการศึกษา").order == 0
    assert method.units.get().name == "กองช่าง"  # not in the file, never removed
    assert Division.objects.count() == 6
    flags = sorted(LogEntry.objects.values_list("action_flag", "object_repr"))
    assert flags == [(ADDITION, "กองการศึกษา"), (ADDITION, "ทุกกอง"), (CHANGE, "กองคลัง")]
    messages = shown_messages(importer.get(CHANGELIST_URL))
    assert "นำเข้าส่วนราชการแล้ว: เพิ่ม 2 ปรับปรุง 1 ไม่เปลี่ยน 0" in messages


def test_a_messy_file_matches_names_despite_spaces_and_reads_thai_digits(importer, listed):
    lines = (
        "รายชื่อส่วนราชการ อบต.บ้านทดสอบ;;",
        " ชื่อส่วนราชการ ;ทุกส่วนราชการ;ลำดับ ",
        "กอง  คลัง ; ไม่ ;๗",
        "\u200bกองช่าง;N;๓",
        "ทุก ส่วนราชการ;ใช่;๙",
    )

    response = confirm(importer, preview(importer, csv_file(*lines)))

    assert response.status_code == 302
    assert Division.objects.count() == 4  # every row matched an existing division
    assert Division.objects.get(name="กองคลัง").order == 7
    assert Division.objects.get(name="ทุกส่วนราชการ").is_everyone


# --- refused files ---------------------------------------------------------------------------


def test_every_bad_row_is_listed_by_row_and_column_and_nothing_is_written(importer, listed):
    lines = (
        HEADER_LINE,
        ",ใช่,1",
        "กองใหม่,อาจจะ,หนึ่ง",
        "กองคลัง,ไม่,2",
        "กอง คลัง,ไม่,2",
        "ก" * 201 + ",ไม่,70000",
        "กองที่ถูกต้อง,ไม่,3",
    )
    before = divisions()

    response = preview(importer, csv_file(*lines))

    assert divisions() == before
    invalid = {
        row.number: row.field_specific_errors for row in response.context["result"].invalid_rows
    }
    assert invalid == {
        2: {"ชื่อส่วนราชการ": ["ไม่มีชื่อส่วนราชการ"]},
        3: {
            "หมายถึงทุกส่วนราชการ": ["อ่าน “อาจจะ” ไม่ได้: ใช้ ใช่ หรือ ไม่"],
            "ลำดับ": ["ลำดับต้องเป็นตัวเลข 0–32767"],
        },
        5: {"ชื่อส่วนราชการ": ["“กองคลัง” ซ้ำกับแถว 4"]},
        6: {
            "ชื่อส่วนราชการ": ["ยาว 201 ตัวอักษร เกิน 200 ตัวอักษร"],
            "ลำดับ": ["ลำดับต้องเป็นตัวเลข 0–32767"],
        },
    }


def test_wrong_headers_list_the_headers_expected(importer, listed):
    response = preview(importer, csv_file("ลำดับ,หน่วย", "1,กองคลัง"))

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.non_field_specific_errors == [
        "หัวตารางไม่ครบ ขาด ชื่อส่วนราชการ (หัวตารางที่ต้องมี: ชื่อส่วนราชการ;"
        " ใส่เพิ่มได้: หมายถึงทุกส่วนราชการ | ลำดับ)"
    ]


def test_an_oversized_file_is_refused_before_it_is_read(importer, monkeypatch):
    monkeypatch.setattr(DivisionSheetResource, "max_bytes", classmethod(lambda cls: 10))
    monkeypatch.setattr(sheets, "read_table", lambda *a, **k: pytest.fail("read a refused file"))

    response = preview(importer, csv_file(HEADER_LINE, "กองคลัง,ไม่,1"))

    assert response.context["form"].errors["import_file"] == ["ไฟล์ใหญ่เกินไป (เกิน 9.53674e-06 MB)"]
    assert not Division.objects.exists()


def test_an_empty_file_is_refused(importer):
    response = preview(importer, upload("\n\n", "empty.csv"))

    assert response.context["form"].errors["import_file"] == ["ไฟล์ว่างเปล่า: ไม่มีรายชื่อส่วนราชการ"]


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (IMPORT_URL, PROCESS_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_without_the_add_permission_there_is_no_import(viewer, listed):
    html = viewer.get(CHANGELIST_URL).content.decode()

    assert EXPORT_URL in html
    assert IMPORT_URL not in html
    assert viewer.get(IMPORT_URL).status_code == 403
    assert preview(viewer, csv_file(HEADER_LINE, "กองใหม่,ไม่,1")).status_code == 403
    assert viewer.post(PROCESS_URL, {"import_file_name": "x"}).status_code == 403
    assert Division.objects.count() == 4


def test_without_the_view_permission_there_is_no_export(client, factory, listed):
    client.force_login(factory.staff("changer", perms=("measures.change_division",)))

    assert EXPORT_URL not in client.get(CHANGELIST_URL).content.decode()
    assert client.get(EXPORT_URL).status_code == 403
    assert export(client).status_code == 403


def test_the_import_page_names_the_columns_and_asks_for_no_year(importer):
    html = importer.get(IMPORT_URL).content.decode()

    assert 'name="year"' not in html
    for header in division_sheet.LAYOUT.headers:
        assert header in html
