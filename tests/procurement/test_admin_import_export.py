"""The procurement rows' admin import (preview, then confirm) and export."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures.models import FiscalYear
from procurement import resources, sheets
from procurement.layout import HEADERS
from procurement.models import NoProcurementMonth, ProcurementRow

from .helpers import csv_bytes, line, official_csv

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "files" / "o12-2568.csv"
IMPORT_URL = reverse("admin:procurement_procurementrow_import")
PROCESS_URL = reverse("admin:procurement_procurementrow_process_import")
EXPORT_URL = reverse("admin:procurement_procurementrow_export")
CHANGELIST_URL = reverse("admin:procurement_procurementrow_changelist")


def upload(data: bytes, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def sample() -> SimpleUploadedFile:
    return upload(SAMPLE.read_bytes(), "o12-2568.csv")


def preview(client, file, year: int = 2568, month: str = ""):
    return client.post(
        IMPORT_URL,
        {"resource": "0", "year": str(year), "month": month, "import_file": file, "format": ""},
    )


def confirm(client, response):
    """Post the confirm form the preview page rendered, as the browser would."""
    form = response.context["confirm_form"]
    data = {name: form[name].value() for name in form.fields}
    return client.post(PROCESS_URL, {k: "" if v is None else v for k, v in data.items()})


@pytest.fixture(autouse=True)
def years(factory):
    factory.organisation()
    factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    factory.year(2569, is_current=True)


@pytest.fixture
def importer(client, factory):
    """Staff who may add procurement rows (and so import them)."""
    client.force_login(factory.staff("importer", perms=("procurement.add_procurementrow",)))
    return client


@pytest.fixture
def viewer(client, factory):
    """Staff who may only view the rows: export, but not import."""
    client.force_login(factory.staff("viewer", perms=("procurement.view_procurementrow",)))
    return client


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (IMPORT_URL, PROCESS_URL, EXPORT_URL, CHANGELIST_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_import_needs_the_add_permission(viewer):
    assert viewer.get(IMPORT_URL).status_code == 403
    assert preview(viewer, sample()).status_code == 403
    assert viewer.post(PROCESS_URL, {"import_file_name": "x", "year": "2568"}).status_code == 403
    assert ProcurementRow.objects.count() == 0


def test_the_changelist_offers_import_only_to_those_who_may(client, factory):
    client.force_login(factory.staff("both", perms=("procurement.view_procurementrow",)))
    html = client.get(CHANGELIST_URL).content.decode()
    assert EXPORT_URL in html
    assert IMPORT_URL not in html

    client.force_login(factory.superuser())
    assert IMPORT_URL in client.get(CHANGELIST_URL).content.decode()


def test_the_import_page_asks_for_year_month_and_names_the_columns(importer):
    response = importer.get(IMPORT_URL + "?year=2568")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="month"' in html and "ตุลาคม" in html
    assert 'value="2568"' in html
    for header in HEADERS[:16]:
        assert header in html


# --- preview and confirm ---------------------------------------------------------------------


def test_preview_shows_the_rows_that_would_change_and_writes_nothing(importer):
    response = preview(importer, sample())

    assert response.status_code == 200
    assert ProcurementRow.objects.count() == 0
    assert "confirm_form" in response.context
    result = response.context["result"]
    assert result.totals["new"] == 4
    html = response.content.decode()
    assert "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ 3 บ้านโนนสวรรค์" in html
    assert "480,000.00" in html
    messages = [str(m) for m in response.context["messages"]]
    assert "เมื่อยืนยันจะเพิ่ม 4 รายการ ปรับปรุง 0 ไม่เปลี่ยนแปลง 0" in messages
    assert "ข้ามแถว 1–2 ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว 3)" in messages


def test_confirm_writes_the_rows_and_logs_one_entry_on_the_year(importer):
    response = confirm(importer, preview(importer, sample()))

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL  # they may not see the list
    assert ProcurementRow.objects.filter(year__year=2568).count() == 4
    entry = LogEntry.objects.get()
    assert entry.action_flag == CHANGE
    assert entry.object_repr == "ปีงบประมาณ พ.ศ. 2568"
    messages = [str(m) for m in importer.get(response["Location"]).context["messages"]]
    assert any(m.startswith("นำเข้ารายการจัดซื้อจัดจ้างของปีงบประมาณ 2568 แล้ว: เพิ่ม 4") for m in messages)


def test_after_confirming_editors_land_on_the_list(client, factory):
    client.force_login(factory.superuser())

    response = confirm(client, preview(client, sample()))

    assert response["Location"] == CHANGELIST_URL


def test_the_month_chosen_dates_a_monthly_file_through_the_confirm_step(importer):
    data = official_csv([line(egp="1000001"), line(egp="1000002")])

    confirm(importer, preview(importer, upload(data), year=2569, month="11"))

    assert set(ProcurementRow.objects.values_list("month", flat=True)) == {date(2025, 11, 1)}


def test_importing_again_previews_only_what_changes(importer):
    confirm(importer, preview(importer, sample()))
    text = SAMPLE.read_text("utf-8").replace("ร้านศึกษาภัณฑ์ขอนแก่น", "ร้านศึกษาภัณฑ์ ขอนแก่น")

    response = preview(importer, upload(text.encode()))

    result = response.context["result"]
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 1, 0)
    assert len(result.rows) == 1
    assert "แก้ รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก" in response.content.decode()


def test_an_xlsx_is_imported_with_its_format_guessed_from_the_name(importer):
    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    book.active.append(line(month="ม.ค. 69"))
    buffer = io.BytesIO()
    book.save(buffer)

    confirm(importer, preview(importer, upload(buffer.getvalue(), "list.xlsx"), year=2569))

    assert ProcurementRow.objects.get().month == date(2026, 1, 1)


def test_a_month_without_procurement_is_previewed_and_recorded(importer):
    empty = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="", method="",
                 status="", supplier="", egp="", month="ธ.ค. 68")  # fmt: skip

    response = preview(importer, upload(csv_bytes([line(), empty])), year=2569)
    assert "บันทึกเดือนที่ไม่มี" in response.content.decode()
    confirm(importer, response)

    assert list(NoProcurementMonth.objects.values_list("month", flat=True)) == [date(2025, 12, 1)]


# --- refused files ---------------------------------------------------------------------------


def test_a_bad_file_shows_its_rows_and_columns_and_writes_nothing(importer):
    data = csv_bytes([line(), line(number="2", egp="1000002", method="ตกลงราคา", budget="-1")])

    response = preview(importer, upload(data), year=2569)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 3
    errors = invalid.field_specific_errors
    assert list(errors) == ["วงเงินงบประมาณที่ได้รับจัดสรร (บาท)", "วิธีการจัดซื้อจัดจ้าง"]
    assert errors["วิธีการจัดซื้อจัดจ้าง"][0].startswith("ไม่รู้จักวิธีการจัดซื้อจัดจ้าง “ตกลงราคา”")
    assert "ตกลงราคา" in response.content.decode()  # the row's cells, to find it in the file
    assert ProcurementRow.objects.count() == 0


def test_wrong_headers_list_the_headers_expected(importer):
    response = preview(importer, upload("ลำดับ,รายการ\n1,ก\n".encode()), year=2569)

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 1
    (message,) = invalid.non_field_specific_errors
    assert "หัวตารางไม่ครบ ขาด ชื่อรายการของงานที่ซื้อหรือจ้าง" in message
    assert "ราคากลาง (บาท)" in message


def test_an_oversized_file_is_refused_before_it_is_read(importer, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(sheets, "read_table", lambda *a: pytest.fail("read a refused file"))

    response = preview(importer, sample())

    assert response.context["form"].errors["import_file"][0].startswith("ไฟล์ใหญ่เกินไป")


def test_a_year_that_does_not_exist_is_refused_on_the_form(importer):
    response = preview(importer, sample(), year=2580)
    assert response.context["form"].errors["year"] == ["ไม่พบปีงบประมาณ 2580: สร้างปีงบประมาณก่อน"]


def test_a_confirm_that_no_longer_fits_writes_nothing(importer, monkeypatch):
    response = preview(importer, sample())

    def refuse(*args, **kwargs):
        raise sheets.SheetError([sheets.Problem(5, "เลขที่โครงการในระบบ e-GP", "ซ้ำ")])

    monkeypatch.setattr(resources.sheets, "parse_rows", refuse)
    done = confirm(importer, response)

    assert done.status_code == 302
    assert ProcurementRow.objects.count() == 0
    messages = [str(m) for m in importer.get(done["Location"]).context["messages"]]
    assert "แถว 5 คอลัมน์ เลขที่โครงการในระบบ e-GP: ซ้ำ" in messages


def test_a_long_file_previews_a_limited_number_of_rows(importer, monkeypatch):
    monkeypatch.setattr(resources, "PREVIEW_LIMIT", 2)

    response = preview(importer, sample())

    assert len(response.context["result"].rows) == 2
    messages = [str(m) for m in response.context["messages"]]
    assert any("ตารางด้านล่างแสดง 2 แถวแรกที่เปลี่ยน" in m for m in messages)


# --- export ----------------------------------------------------------------------------------


def test_export_gives_the_chosen_years_list_in_the_import_layout(viewer):
    from procurement import importing

    importing.import_file(SAMPLE, 2568)
    year = FiscalYear.objects.get(year=2568)

    page = viewer.get(EXPORT_URL)
    assert page.status_code == 200
    response = viewer.post(EXPORT_URL, {"format": "0", "year": str(year.pk)})

    assert response.status_code == 200
    assert 'filename="procurement-2568.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(HEADERS)
    assert len(text.splitlines()) == 5


def test_export_needs_the_view_permission(client, factory):
    client.force_login(factory.staff("nobody"))
    assert client.get(EXPORT_URL).status_code == 403
    assert client.post(EXPORT_URL, {"format": "0"}).status_code == 403
