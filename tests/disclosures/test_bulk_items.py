"""The items admin's import (preview, then confirm) and export of a year's catalogue."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosures import bulk
from disclosures.models import Evidence, FiscalYear, Item, RequiredElement, SubIndicator
from disclosures.resources import ItemSheetResource
from ita_portal import sheets

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:disclosures_item_import")
PROCESS_URL = reverse("admin:disclosures_item_process_import")
EXPORT_URL = reverse("admin:disclosures_item_export")
CHANGELIST_URL = reverse("admin:disclosures_item_changelist")
FORMAT = {"csv": "0", "xlsx": "1"}
HEADERS = bulk.ITEM_LAYOUT.headers
ITEM_PERMS = (
    "disclosures.view_item",
    "disclosures.add_item",
    "disclosures.change_item",
    "disclosures.delete_item",
)
MODELS = (FiscalYear, Item, SubIndicator, RequiredElement, Evidence, LogEntry)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def upload(data: bytes | str, name: str = "items.csv", encoding: str = "utf-8"):
    if isinstance(data, str):
        data = data.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def csv_file(*lines: str, name: str = "items.csv", encoding: str = "utf-8"):
    return upload("\n".join(lines) + "\n", name, encoding)


def preview(client, file, year: int = 2569):
    return client.post(
        IMPORT_URL, {"resource": "0", "year": str(year), "import_file": file, "format": ""}
    )


def confirm(client, response):
    """Post the confirm form the preview page rendered, as the browser would."""
    form = response.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})


def export(client, year: FiscalYear, kind: str = "csv"):
    return client.post(EXPORT_URL, {"resource": "0", "format": FORMAT[kind], "year": year.pk})


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def year(factory) -> FiscalYear:
    """2569: O1 (worked on: it has evidence), O2 (nobody has touched it) and O3."""
    fiscal_year = factory.year(2569)
    basics = SubIndicator.objects.create(
        indicator=fiscal_year.indicators.get(number=9), number="9.1", name_th="ข้อมูลพื้นฐาน"
    )
    o1 = factory.item(
        fiscal_year,
        code="O1",
        title_th="โครงสร้าง หน้าที่และอำนาจ",
        order=1,
        sub_indicator=basics,
        guidance="แผนผังแสดงโครงสร้าง\nทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ",
        confidence=Item.Confidence.SINGLE_SOURCE,
    )
    RequiredElement.objects.create(item=o1, order=1, text="แผนผังโครงสร้าง")
    RequiredElement.objects.create(item=o1, order=2, text="อำนาจหน้าที่")
    factory.evidence(o1, title="แผนผังโครงสร้าง อบต.")
    factory.item(fiscal_year, code="O2", title_th="ข้อมูลผู้บริหาร", order=2)
    factory.item(fiscal_year, code="O3", title_th="แผนป้องกันการทุจริต", order=3, indicator=10)
    return fiscal_year


@pytest.fixture
def importer(client, factory):
    """Staff who may add, change and delete items: the import does all three."""
    client.force_login(factory.staff("importer", perms=ITEM_PERMS))
    return client


@pytest.fixture
def viewer(client, factory):
    client.force_login(factory.staff("viewer", perms=("disclosures.view_item",)))
    return client


# --- export ----------------------------------------------------------------------------------


def test_export_is_a_csv_with_bom_and_thai_headers_in_catalogue_order(viewer, year, factory):
    factory.item(factory.year(2568), code="O1", title_th="ข้อของปีก่อน")

    response = export(viewer, year)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="items-2569.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff" + ",".join(HEADERS) + "\r\n")
    assert (
        "O1,โครงสร้าง หน้าที่และอำนาจ,9,9.1 ข้อมูลพื้นฐาน,1,"
        '"แผนผังแสดงโครงสร้าง\nทั้งฝ่ายการเมืองและฝ่ายข้าราชการประจำ",'
        '"แผนผังโครงสร้าง\nอำนาจหน้าที่",,แหล่งเดียว,\r\n'
    ) in text
    assert [line[:2] for line in text.split("\r\n")[1:] if line[:1] == "O"] == ["O1", "O2", "O3"]
    assert "ข้อของปีก่อน" not in text


def test_export_neutralises_cells_a_spreadsheet_would_run(viewer, year):
    Item.objects.filter(code="O2").update(guidance='=HYPERLINK("http://evil.example")')

    csv_text = export(viewer, year).content.decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(export(viewer, year, "xlsx").content))

    assert ',"\'=HYPERLINK(""http://evil.example"")",' in csv_text
    cell = book.worksheets[0]["F3"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://evil.example")', "s")


def test_export_as_xlsx_has_the_same_layout(viewer, year):
    response = export(viewer, year, "xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="items-2569.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert [sheet["A2"].value, sheet["D2"].value, sheet["I2"].value] == [
        "O1",
        "9.1 ข้อมูลพื้นฐาน",
        "แหล่งเดียว",
    ]


def test_the_export_page_offers_the_year_of_the_filtered_list(viewer, year, factory):
    factory.year(2568)

    response = viewer.get(EXPORT_URL + f"?year__id__exact={year.pk}")

    assert response.status_code == 200
    assert response.context["form"].initial["year"] == year.pk
    assert "รหัส, ชื่อข้อ, ตัวชี้วัด" in response.content.decode()


# --- round trip ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_file_imports_back_without_any_change(importer, year, kind):
    before = bulk.ItemSheet(year).rows()
    data = export(importer, year, kind).content

    response = preview(importer, upload(data, f"items-2569.{kind}"))

    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["delete"], totals["skip"]) == (0, 0, 0, 3)
    assert "เมื่อยืนยันจะนำเข้ารายการข้อ: เพิ่ม 0 ปรับปรุง 0 ไม่เปลี่ยน 3" in shown_messages(response)
    confirm(importer, response)
    assert bulk.ItemSheet(year).rows() == before
    assert not LogEntry.objects.exists()


# --- preview and confirm ---------------------------------------------------------------------

CHANGED = (
    ",".join(HEADERS[:5]),
    "O1,โครงสร้าง อำนาจหน้าที่ และภารกิจ,9,9.1 ข้อมูลพื้นฐาน,1",
    "O3,แผนป้องกันการทุจริต,10,,3",
    "O27,รายงานผลการจัดซื้อจัดจ้าง,9,9.2 การจัดซื้อจัดจ้าง,27",
)


def test_the_preview_shows_what_will_change_and_writes_nothing(importer, year):
    before = row_counts()

    response = preview(importer, csv_file(*CHANGED))

    assert response.status_code == 200
    assert row_counts() == before
    result = response.context["result"]
    totals = result.totals
    assert (totals["new"], totals["update"], totals["delete"], totals["skip"]) == (1, 1, 1, 1)
    html = response.content.decode()
    assert "เปลี่ยน ชื่อข้อ" in html
    assert "รายงานผลการจัดซื้อจัดจ้าง" in html
    assert bulk.REMOVED_NOTE in html  # O2 is not in the file and nobody has worked on it
    assert "ข้อที่ไม่มีในไฟล์และยังไม่มีหลักฐานหรือคำอธิบายจะถูกลบ 1 ข้อ: O2" in shown_messages(response)
    assert "เมื่อยืนยันจะนำเข้ารายการข้อ: เพิ่ม 1 ปรับปรุง 1 ไม่เปลี่ยน 1 ลบ 1" in shown_messages(response)
    assert "confirm_form" in response.context


def test_confirming_updates_by_code_adds_removes_and_logs(importer, year):
    o1 = year.items.get(code="O1")

    response = confirm(importer, preview(importer, csv_file(*CHANGED)))

    assert response.status_code == 302
    assert response["Location"] == CHANGELIST_URL
    assert dict(year.items.values_list("code", "title_th")) == {
        "O1": "โครงสร้าง อำนาจหน้าที่ และภารกิจ",
        "O3": "แผนป้องกันการทุจริต",
        "O27": "รายงานผลการจัดซื้อจัดจ้าง",
    }
    o1.refresh_from_db()  # the same item, its evidence, elements and guidance kept
    assert o1.evidence.count() == 1
    assert list(o1.required_elements.values_list("text", flat=True)) == [
        "แผนผังโครงสร้าง",
        "อำนาจหน้าที่",
    ]
    assert o1.guidance.startswith("แผนผังแสดงโครงสร้าง")
    assert o1.confidence == Item.Confidence.SINGLE_SOURCE  # the file has no such column
    assert str(year.items.get(code="O27").sub_indicator) == "9.2 การจัดซื้อจัดจ้าง"
    flags = sorted(LogEntry.objects.values_list("action_flag", "object_repr"))
    assert flags == [
        (ADDITION, "O27 รายงานผลการจัดซื้อจัดจ้าง"),
        (CHANGE, "O1 โครงสร้าง อำนาจหน้าที่ และภารกิจ"),
        (DELETION, "O2 ข้อมูลผู้บริหาร"),
    ]
    done = "นำเข้ารายการข้อของปีงบประมาณ 2569 แล้ว: เพิ่ม 1 ปรับปรุง 1 ไม่เปลี่ยน 1 ลบ 1"
    assert done in shown_messages(importer.get(CHANGELIST_URL))


def test_an_item_with_evidence_is_kept_when_the_file_leaves_it_out(importer, year):
    lines = (",".join(HEADERS[:5]), "O2,ข้อมูลผู้บริหาร,9,,2", "O3,แผนป้องกันการทุจริต,10,,3")

    response = preview(importer, csv_file(*lines))

    assert response.context["result"].totals["skip"] == 3  # O2, O3 unchanged; O1 kept
    assert bulk.KEPT_NOTE in response.content.decode()
    confirm(importer, response)
    assert year.items.get(code="O1").evidence.count() == 1


def test_a_year_that_does_not_exist_yet_is_created(importer, year):
    response = confirm(importer, preview(importer, csv_file(*CHANGED), year=2570))

    assert response.status_code == 302
    new_year = FiscalYear.objects.get(year=2570)
    assert new_year.indicators.count() == 10
    assert set(new_year.items.values_list("code", flat=True)) == {"O1", "O3", "O27"}
    assert year.items.count() == 3  # 2569 untouched
    messages = shown_messages(importer.get(CHANGELIST_URL))
    assert any("สร้างปีงบประมาณ 2570" in message for message in messages)


# --- messy files -----------------------------------------------------------------------------


def test_a_messy_tis620_file_with_title_rows_thai_digits_and_stray_spaces(importer, year):
    lines = (
        "รายการข้อการเปิดเผยข้อมูล (OIT);;",
        "ปีงบประมาณ พ.ศ. ๒๕๖๙;;",
        " รหัส ; ชื่อข้อ* ;ตัวชี้วัด : ;ลำดับ;หมายเหตุอื่น",
        " o๑ ;  โครงสร้าง   หน้าที่และอำนาจ ;๙;๑;ไม่นำเข้า",
        "\xa0O๓;แผนป้องกันการทุจริต;๑๐;๓;",
        ";;;;",
        "O๒๘ ; รายงานการกำกับติดตามการใช้จ่ายงบประมาณ ; 9 ;๒๘;",
    )

    response = preview(importer, csv_file(*lines, encoding="cp874"))

    result = response.context["result"]
    assert not result.has_validation_errors()
    assert (result.totals["new"], result.totals["skip"]) == (1, 2)  # O1, O3 as they were
    messages = shown_messages(response)
    assert "ข้ามแถว 1–2 ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว 3)" in messages
    assert "ไม่ได้นำเข้าคอลัมน์ “หมายเหตุอื่น”" in messages
    confirm(importer, response)
    o28 = year.items.get(code="O28")
    assert (o28.title_th, o28.order, o28.indicator.number) == (
        "รายงานการกำกับติดตามการใช้จ่ายงบประมาณ",
        28,
        9,
    )


def test_an_xlsx_with_a_title_block_and_numbers_typed_as_numbers(importer, year):
    book = openpyxl.Workbook()
    book.active.append(["รายการข้อ ปี 2569"])
    book.active.append(["รหัส", "ชื่อข้อ", "ตัวชี้วัด", "ลำดับ", "ความน่าเชื่อถือ"])
    book.active.append(["O1", "โครงสร้าง หน้าที่และอำนาจ", 9.0, 1, "แหล่งเดียว"])
    book.active.append(["O3", "แผนป้องกันการทุจริต", 10, 3.0, "confirmed"])
    book.active.append(["O4\u200b", " ข้อใหม่จาก\u00a0Excel", 9, 4, "อนุมาน "])
    buffer = io.BytesIO()
    book.save(buffer)

    response = confirm(importer, preview(importer, upload(buffer.getvalue(), "items.xlsx")))

    assert response.status_code == 302
    o4 = year.items.get(code="O4")
    assert (o4.title_th, o4.confidence) == ("ข้อใหม่จาก Excel", Item.Confidence.INFERRED)


# --- refused files ---------------------------------------------------------------------------


def test_every_bad_row_is_listed_by_row_and_column_and_nothing_is_written(importer, year):
    lines = (
        ",".join(HEADERS),
        "1O,,9,,1,,,,,",
        "O5,ข้อที่ห้า,เก้า,,5,,,,,",
        "O6,ข้อที่หก,9,,6,,,,แน่นอน,",
        "O6,ข้อที่หกซ้ำ,12,,ห้า,,,,,",
        "O7,ข้อที่เจ็ด,9,,7,,,,,",
    )
    before = row_counts()

    response = preview(importer, csv_file(*lines))

    assert response.status_code == 200
    assert row_counts() == before
    assert "confirm_form" not in response.context
    invalid = {
        row.number: row.field_specific_errors for row in response.context["result"].invalid_rows
    }
    assert invalid == {
        2: {
            "รหัส": ["รหัสข้อ “1O” ไม่ถูกต้อง: ใช้ตัวอักษรตามด้วยตัวเลข เช่น O1"],
            "ชื่อข้อ": ["ไม่มีชื่อข้อ"],
        },
        3: {"ตัวชี้วัด": ["“เก้า” ไม่ใช่เลขตัวชี้วัด: ใส่ตัวเลข เช่น 9"]},
        4: {"ความน่าเชื่อถือ": [f"ไม่รู้จัก “แน่นอน”: {bulk.CONFIDENCE_HINT}"]},
        5: {
            "รหัส": ["รหัสข้อ O6 ซ้ำกับแถว 4"],
            "ตัวชี้วัด": ["ไม่มีตัวชี้วัดที่ 12 ในปีงบประมาณ 2569 (มี 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"],
            "ลำดับ": ["ลำดับต้องเป็นตัวเลข 0–32767"],
        },
    }
    html = response.content.decode()
    assert "ข้อที่หกซ้ำ" in html  # the row's cells, to find it in the file


def test_wrong_headers_list_the_headers_expected(importer, year):
    response = preview(importer, csv_file("ลำดับ,รายการ", "1,โครงสร้าง"))

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 1
    (message,) = invalid.non_field_specific_errors
    assert message.startswith("หัวตารางไม่ครบ ขาด รหัส, ชื่อข้อ, ตัวชี้วัด (หัวตารางที่ต้องมี: ")
    assert "รหัส | ชื่อข้อ | ตัวชี้วัด; ใส่เพิ่มได้: ตัวชี้วัดย่อย | ลำดับ" in message
    assert year.items.count() == 3


def test_a_file_with_only_its_header_is_refused(importer, year):
    response = preview(importer, csv_file(",".join(HEADERS)))

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.non_field_specific_errors == ["ไม่พบรายการข้อในไฟล์: มีแต่หัวตาราง"]
    assert year.items.count() == 3


def test_an_oversized_file_is_refused_before_it_is_read(importer, year, monkeypatch):
    monkeypatch.setattr(ItemSheetResource, "max_bytes", classmethod(lambda cls: 1024))
    monkeypatch.setattr(sheets, "read_table", lambda *a, **k: pytest.fail("read a refused file"))

    response = preview(importer, csv_file(*CHANGED, *["O9,ข้อ,9,,9"] * 100))

    assert response.context["form"].errors["import_file"] == ["ไฟล์ใหญ่เกินไป (เกิน 0.000976562 MB)"]
    assert year.items.count() == 3


def test_the_real_limit_is_shown_and_applies_to_the_bytes(importer, year):
    html = importer.get(IMPORT_URL).content.decode()

    assert "ไม่เกิน 10 MB" in html
    big = ",".join(HEADERS) + "\n" + "x" * (sheets.MAX_SHEET_BYTES + 1)
    response = preview(importer, upload(big))
    assert response.context["form"].errors["import_file"] == ["ไฟล์ใหญ่เกินไป (เกิน 10 MB)"]


def test_a_file_that_is_not_a_spreadsheet_gets_a_thai_error(importer, year):
    response = preview(importer, upload(b"%PDF-1.4", "items.pdf"))

    assert "ใช้ไฟล์ .csv หรือ .xlsx" in response.context["form"].errors["import_file"][0]


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (IMPORT_URL, PROCESS_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_without_the_add_permission_there_is_no_import(client, factory, year):
    client.force_login(
        factory.staff(
            "editor",
            perms=("disclosures.view_item", "disclosures.change_item", "disclosures.delete_item"),
        )
    )

    html = client.get(CHANGELIST_URL).content.decode()
    assert EXPORT_URL in html
    assert IMPORT_URL not in html
    assert client.get(IMPORT_URL).status_code == 403
    assert preview(client, csv_file(*CHANGED)).status_code == 403
    assert client.get(PROCESS_URL).status_code == 403
    assert client.post(PROCESS_URL, {"import_file_name": "x", "year": "2569"}).status_code == 403
    assert year.items.count() == 3


def test_adding_alone_is_not_enough_since_the_import_also_changes_and_removes(
    client, factory, year
):
    client.force_login(
        factory.staff("adder", perms=("disclosures.view_item", "disclosures.add_item"))
    )

    assert IMPORT_URL not in client.get(CHANGELIST_URL).content.decode()
    assert preview(client, csv_file(*CHANGED)).status_code == 403
    assert year.items.count() == 3


def test_without_the_view_permission_there_is_no_export(client, factory, year):
    client.force_login(factory.staff("changer", perms=("disclosures.change_item",)))

    html = client.get(CHANGELIST_URL).content.decode()
    assert EXPORT_URL not in html
    assert client.get(EXPORT_URL).status_code == 403
    assert export(client, year).status_code == 403


def test_the_import_page_asks_for_the_year_and_names_the_columns(importer, year):
    html = importer.get(IMPORT_URL).content.decode()

    assert 'name="year"' in html
    assert "ปีงบประมาณ (พ.ศ.)" in html
    assert "ข้อที่ไม่มีในไฟล์และยังไม่มีหลักฐานหรือคำอธิบายจะถูกลบ" in html
    for header in HEADERS:
        assert header in html
