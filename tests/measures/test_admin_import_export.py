"""The measures admin's import (preview, then confirm) and export of the six-column table."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.models import FiscalYear
from measures import sheets
from measures.models import Division, Measure, Method
from measures.resources import MeasureSheetResource

pytestmark = pytest.mark.django_db

MESSY_CSV = Path(__file__).parent / "files" / "messy.csv"
IMPORT_URL = reverse("admin:measures_measure_import")
PROCESS_URL = reverse("admin:measures_measure_process_import")
EXPORT_URL = reverse("admin:measures_measure_export")
CHANGELIST_URL = reverse("admin:measures_measure_changelist")
MODELS = (FiscalYear, Measure, Method, Division, LogEntry)
FORMAT = {"csv": "0", "xlsx": "1"}


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def messy() -> SimpleUploadedFile:
    return upload(MESSY_CSV.read_bytes(), "messy.csv")


def preview(client, file, year: int = 2566, file_format: str = ""):
    return client.post(
        IMPORT_URL,
        {"resource": "0", "year": str(year), "import_file": file, "format": file_format},
    )


def confirm(client, response):
    """Post the confirm form the preview page rendered, as the browser would."""
    form = response.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})


@pytest.fixture
def importer(client, factory):
    """Staff who may add measures (and so import them)."""
    client.force_login(factory.staff("importer", perms=("measures.add_measure",)))
    return client


@pytest.fixture
def viewer(client, factory):
    """Staff who may only view measures: export, but not import."""
    client.force_login(factory.staff("viewer", perms=("measures.view_measure",)))
    return client


# --- who may import ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (IMPORT_URL, PROCESS_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_import_needs_the_add_permission(viewer):
    assert viewer.get(IMPORT_URL).status_code == 403
    assert preview(viewer, messy()).status_code == 403
    assert viewer.post(PROCESS_URL, {"import_file_name": "x", "year": "2566"}).status_code == 403
    assert viewer.get(PROCESS_URL).status_code == 403
    assert Measure.objects.count() == 0


def test_the_changelist_offers_import_only_to_those_who_may(client, factory):
    client.force_login(factory.staff("both", perms=("measures.view_measure",)))
    html = client.get(CHANGELIST_URL).content.decode()
    assert EXPORT_URL in html
    assert IMPORT_URL not in html

    client.force_login(factory.superuser())
    assert IMPORT_URL in client.get(CHANGELIST_URL).content.decode()


def test_the_import_page_asks_for_the_year_and_names_the_columns(importer):
    response = importer.get(IMPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="year"' in html
    assert "ปีงบประมาณ (พ.ศ.)" in html
    for header in sheets.HEADERS:
        assert header in html


# --- preview and confirm -------------------------------------------------------------------


def test_preview_shows_each_method_and_writes_nothing(importer):
    before = row_counts()

    response = preview(importer, messy())

    assert response.status_code == 200
    assert row_counts() == before
    assert "confirm_form" in response.context
    result = response.context["result"]
    assert not result.has_validation_errors()
    assert result.totals["new"] == 5
    html = response.content.decode()
    assert "จัดอบรมเจ้าหน้าที่ผู้ดูแลเว็บไซต์" in html
    assert "1. ปรับปรุงเว็บไซต์<br>2. เผยแพร่ข้อมูลตามหัวข้อ O1-O43" in html  # lines kept
    assert "ต.ค. ๖๕ – ก.ย. ๖๖ (ต.ค. 2565 – ก.ย. 2566)" in html  # the months as read
    assert "<p>เผยแพร่" not in html  # cell markup is never rendered
    messages = [str(m) for m in response.context["messages"]]
    assert any("สร้างปีงบประมาณ 2566" in m and "มาตรการ เพิ่ม 3" in m for m in messages)
    assert "ไม่ได้นำเข้าคอลัมน์ “หมายเหตุ”" in messages


def test_confirm_writes_the_measures_and_logs_them(importer):
    response = confirm(importer, preview(importer, messy()))

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL  # they may not see the list
    assert Measure.objects.filter(year__year=2566).count() == 3
    assert Method.objects.count() == 5
    assert LogEntry.objects.filter(action_flag=ADDITION).count() == 3
    followed = importer.get(response["Location"])
    messages = [str(m) for m in followed.context["messages"]]
    assert any(m.startswith("นำเข้าปีงบประมาณ 2566 แล้ว:") for m in messages)


def test_after_confirming_editors_land_on_the_list(client, factory):
    client.force_login(factory.superuser())

    response = confirm(client, preview(client, messy()))

    assert response["Location"] == CHANGELIST_URL
    assert Measure.objects.count() == 3


def one_measure_workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(list(sheets.HEADERS))
    book.active.append(["1. มาตรการจาก Excel", "วิธีการ", "กองช่าง", "ต.ค. 68", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_is_imported(importer):
    response = confirm(importer, preview(importer, upload(one_measure_workbook(), "m.xlsx"), 2569))

    assert response.status_code == 302
    assert Method.objects.get().measure.title == "มาตรการจาก Excel"


def test_importing_the_same_file_again_previews_no_change(importer):
    confirm(importer, preview(importer, messy()))

    response = preview(importer, messy())

    assert response.context["result"].totals["skip"] == 5
    assert response.context["result"].totals["new"] == 0


# --- refused files -------------------------------------------------------------------------


def test_a_bad_file_shows_its_rows_and_columns_and_writes_nothing(importer):
    text = ",".join(sheets.HEADERS) + (
        "\n,วิธีที่ไม่มีมาตรการ,,,,\nมาตรการ ก,วิธี ก,,ก.ย. ๖๖ – ต.ค. ๖๕,,\n"
    )
    before = row_counts()

    response = preview(importer, upload(text.encode(), "bad.csv"))

    assert response.status_code == 200
    assert row_counts() == before
    assert "confirm_form" not in response.context
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [2, 3]
    assert invalid[0].field_specific_errors == {
        "มาตรการ/แนวทาง": ["มีวิธีการดำเนินการแต่ยังไม่มีมาตรการ: ใส่ชื่อมาตรการในแถวนี้หรือแถวก่อนหน้า"]
    }
    assert "ระยะเวลาดำเนินการ" in invalid[1].field_specific_errors
    html = response.content.decode()
    assert "สิ้นสุดก่อนเริ่มต้น" in html
    assert "วิธีที่ไม่มีมาตรการ" in html  # the row's cells, to find it in the file


def test_wrong_headers_list_the_headers_expected(importer):
    response = preview(importer, upload("ลำดับ,รายการ\n1,ก\n".encode(), "wrong.csv"))

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 1
    (message,) = invalid.non_field_specific_errors
    assert " | ".join(sheets.HEADERS) in message
    assert Measure.objects.count() == 0


def test_an_xlsx_uploaded_under_a_csv_name_is_read_as_a_workbook(importer):
    response = confirm(importer, preview(importer, upload(one_measure_workbook(), "m.csv"), 2569))

    assert response.status_code == 302
    assert Method.objects.get().measure.title == "มาตรการจาก Excel"


def test_a_damaged_xlsx_gets_a_thai_error(importer):
    response = preview(importer, upload(b"PK\x03\x04 not a workbook", "fake.xlsx"))

    assert response.status_code == 200
    errors = response.context["form"].errors["import_file"]
    assert errors == [sheets._NOT_XLSX]
    assert "confirm_form" not in response.context


def test_an_oversized_file_is_refused_before_it_is_read(importer, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_SHEET_BYTES", 100)
    monkeypatch.setattr(sheets, "read_table", lambda *a: pytest.fail("read a refused file"))

    response = preview(importer, messy())

    assert response.context["form"].errors["import_file"] == ["ไฟล์ใหญ่เกินไป (เกิน 9.53674e-05 MB)"]
    assert Measure.objects.count() == 0


def test_an_unknown_kind_of_file_is_refused(importer):
    response = preview(importer, upload(b"x", "measures.pdf"))

    assert "ใช้ไฟล์ .csv หรือ .xlsx" in response.context["form"].errors["import_file"][0]


def test_a_year_that_is_not_buddhist_era_is_refused(importer):
    response = preview(importer, messy(), year=2023)

    assert response.context["form"].errors["year"] == ["ใช้ปี พ.ศ. เช่น 2569"]


def test_a_confirm_that_no_longer_fits_writes_nothing(importer, monkeypatch):
    response = preview(importer, messy())

    def refuse(plan, year_be, dry_run=False):
        raise sheets.SheetError([sheets.Problem(3, "ผู้รับผิดชอบ", "ชื่อซ้ำ")])

    monkeypatch.setattr(sheets, "apply_plan", refuse)
    done = confirm(importer, response)

    assert done["Location"] == IMPORT_URL
    assert Measure.objects.count() == 0
    messages = [str(m) for m in importer.get(IMPORT_URL).context["messages"]]
    assert "แถว 3 คอลัมน์ ผู้รับผิดชอบ: ชื่อซ้ำ" in messages


# --- export --------------------------------------------------------------------------------


@pytest.fixture
def measures(factory):
    year = factory.year(2569)
    measure = Measure.objects.create(year=year, number=1, title="ส่งเสริมความโปร่งใส")
    Method.objects.create(measure=measure, order=1, text="เผยแพร่ข้อมูล", result="=1+1")
    Measure.objects.create(year=factory.year(2568), number=1, title="ปีก่อน")
    return year


def test_export_downloads_a_csv_with_bom_and_the_six_headers(viewer, measures):
    response = viewer.post(
        EXPORT_URL, {"resource": "0", "format": FORMAT["csv"], "year": measures.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="measures-2569.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(sheets.HEADERS) + "\r\n")
    assert "1. ส่งเสริมความโปร่งใส,เผยแพร่ข้อมูล,,,'=1+1," in text
    assert "ปีก่อน" not in text


def test_export_downloads_an_xlsx(viewer, measures):
    response = viewer.post(
        EXPORT_URL, {"resource": "0", "format": FORMAT["xlsx"], "year": measures.pk}
    )

    assert response["Content-Disposition"] == 'attachment; filename="measures-2569.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(sheets.HEADERS)
    assert sheet["A2"].value == "1. ส่งเสริมความโปร่งใส"


def test_the_export_page_offers_the_years_with_measures(viewer, measures, factory):
    factory.year(2570)  # no measures: nothing to export

    response = viewer.get(EXPORT_URL)

    assert response.status_code == 200
    years = [str(year) for year in response.context["form"].fields["year"].queryset]
    assert years == [str(measures), str(FiscalYear.objects.get(year=2568))]


def test_export_needs_the_view_permission(client, factory, measures):
    client.force_login(factory.staff("outsider"))

    assert client.get(EXPORT_URL).status_code == 403
    response = client.post(EXPORT_URL, {"resource": "0", "format": "0", "year": measures.pk})
    assert response.status_code == 403


def test_the_resource_exports_the_same_rows_year_by_year(measures):
    dataset = MeasureSheetResource().export(Measure.objects.all())

    assert dataset.headers == list(sheets.HEADERS)
    assert [row[0] for row in dataset] == ["1. ปีก่อน", "1. ส่งเสริมความโปร่งใส"]
    assert list(dataset[1]) == sheets.MeasureSheet(measures).rows()[0]
