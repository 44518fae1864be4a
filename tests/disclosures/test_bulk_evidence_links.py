"""The evidence admin's import (preview, then confirm) and export of a year's links."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from disclosures import bulk
from disclosures.models import Evidence, FiscalYear
from disclosures.resources import EvidenceLinkResource
from ita_portal import sheets

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:disclosures_evidence_import")
PROCESS_URL = reverse("admin:disclosures_evidence_process_import")
EXPORT_URL = reverse("admin:disclosures_evidence_export")
CHANGELIST_URL = reverse("admin:disclosures_evidence_changelist")
FORMAT = {"csv": "0", "xlsx": "1"}
HEADERS = bulk.LINK_LAYOUT.headers
HEADER_LINE = ",".join(HEADERS)
EVIDENCE_PERMS = (
    "disclosures.view_evidence",
    "disclosures.add_evidence",
    "disclosures.change_evidence",
)
DOC = "https://www.banthotsop.go.th/doc/structure.pdf"


def upload(data: bytes | str, name: str = "links.csv", encoding: str = "utf-8"):
    if isinstance(data, str):
        data = data.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def csv_file(*lines: str, name: str = "links.csv"):
    return upload("\n".join(lines) + "\n", name)


def preview(client, file, year: int = 2569):
    return client.post(
        IMPORT_URL, {"resource": "0", "year": str(year), "import_file": file, "format": ""}
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})


def export(client, year: FiscalYear, kind: str = "csv"):
    return client.post(EXPORT_URL, {"resource": "0", "format": FORMAT[kind], "year": year.pk})


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def snapshot() -> list[tuple]:
    return list(
        Evidence.objects.order_by("pk").values_list(
            "pk", "item_id", "kind", "title", "url", "link_label", "document_date", "is_published"
        )
    )


@pytest.fixture
def year(factory) -> FiscalYear:
    """2569: O1 with a published link (and a text), O2 with nothing yet."""
    fiscal_year = factory.year(2569)
    o1 = factory.item(fiscal_year, code="O1", order=1)
    factory.item(fiscal_year, code="O2", order=2)
    factory.evidence(
        o1,
        kind=Evidence.Kind.LINK,
        title="แผนผังโครงสร้าง",
        url=DOC,
        link_label="ดูแผนผัง",
        document_date=date(2025, 10, 3),
        order=1,
    )
    factory.evidence(o1, kind=Evidence.Kind.TEXT, title="คำอธิบาย", order=2)
    last_year = factory.item(factory.year(2568), code="O1")
    factory.evidence(last_year, kind=Evidence.Kind.LINK, title="ลิงก์ปีก่อน")
    return fiscal_year


@pytest.fixture
def importer(client, factory):
    """Staff who may add and change evidence: the import does both."""
    client.force_login(factory.staff("importer", perms=EVIDENCE_PERMS))
    return client


@pytest.fixture
def viewer(client, factory):
    client.force_login(factory.staff("viewer", perms=("disclosures.view_evidence",)))
    return client


# --- export ----------------------------------------------------------------------------------


def test_export_lists_the_years_links_with_thai_dates(viewer, year):
    response = export(viewer, year)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="evidence-links-2569.csv"'
    assert response.content.decode("utf-8").split("\r\n") == [
        "\ufeff" + HEADER_LINE,
        f"O1,แผนผังโครงสร้าง,{DOC},ดูแผนผัง,3 ต.ค. 2568,ใช่",
        "",
    ]


def test_export_as_xlsx(viewer, year):
    response = export(viewer, year, "xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="evidence-links-2569.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    assert [cell.value for cell in sheet[2]] == [
        "O1",
        "แผนผังโครงสร้าง",
        DOC,
        "ดูแผนผัง",
        "3 ต.ค. 2568",
        "ใช่",
    ]


def test_the_export_page_offers_the_year_of_the_filtered_list(viewer, year):
    response = viewer.get(EXPORT_URL + f"?item__year__id__exact={year.pk}")

    assert response.context["form"].initial["year"] == year.pk


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_file_imports_back_without_any_change(importer, year, kind):
    before = snapshot()

    response = preview(importer, upload(export(importer, year, kind).content, f"l.{kind}"))

    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, 1)
    confirm(importer, response)
    assert snapshot() == before
    assert not LogEntry.objects.exists()


# --- preview and confirm ---------------------------------------------------------------------

CHANGES = (
    HEADER_LINE,
    f"O1,แผนผังโครงสร้างองค์กร (ฉบับปรับปรุง),{DOC},ดูแผนผัง,3 ต.ค. 2568,ใช่",
    "O2,ประวัติผู้บริหาร,www.banthotsop.go.th/executives,,,",
    "O1,อำนาจหน้าที่,https://www.banthotsop.go.th/authority,,1/11/2568,ใช่",
)


def test_the_preview_shows_each_link_and_writes_nothing(importer, year):
    before = snapshot()

    response = preview(importer, csv_file(*CHANGES))

    assert snapshot() == before
    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (2, 1, 0)
    html = response.content.decode()
    assert "เปลี่ยน ชื่อเรื่อง" in html
    assert "https://www.banthotsop.go.th/executives" in html  # read as https
    assert "ฉบับร่าง (ยังไม่เผยแพร่)" in html
    assert "เมื่อยืนยันจะนำเข้าลิงก์หลักฐาน: เพิ่ม 2 ปรับปรุง 1 ไม่เปลี่ยน 0" in shown_messages(response)


def test_confirming_updates_by_item_and_url_and_adds_the_rest(importer, year):
    link = Evidence.objects.get(url=DOC)

    response = confirm(importer, preview(importer, csv_file(*CHANGES)))

    assert response["Location"] == CHANGELIST_URL
    link.refresh_from_db()
    assert link.title == "แผนผังโครงสร้างองค์กร (ฉบับปรับปรุง)"
    executives = Evidence.objects.get(item__code="O2", item__year=year)
    assert (executives.kind, executives.url, executives.is_published, executives.order) == (
        Evidence.Kind.LINK,
        "https://www.banthotsop.go.th/executives",
        False,  # no answer in เผยแพร่: a new link starts as a draft
        1,
    )
    authority = Evidence.objects.get(url="https://www.banthotsop.go.th/authority")
    assert (authority.order, authority.document_date, authority.is_published) == (
        3,  # after O1's link and text
        date(2025, 11, 1),
        True,
    )
    assert Evidence.objects.filter(kind=Evidence.Kind.TEXT).count() == 1  # never deleted
    assert sorted(LogEntry.objects.values_list("action_flag", flat=True)) == [
        ADDITION,
        ADDITION,
        CHANGE,
    ]


def test_columns_left_out_keep_what_the_evidence_has(importer, year):
    lines = ("รหัสข้อ,ชื่อเรื่อง,ลิงก์", f"O1,แผนผังโครงสร้าง,{DOC}")
    before = snapshot()

    response = confirm(importer, preview(importer, csv_file(*lines)))

    assert response.status_code == 302
    assert snapshot() == before  # the date, the label and publication kept


def test_a_messy_file_with_title_rows_thai_digits_and_stray_spaces(importer, year):
    lines = (
        "ลิงก์หลักฐาน ปีงบประมาณ ๒๕๖๙,,,,,",
        " รหัสข้อ , ชื่อเรื่อง ,ลิงก์ (URL),ข้อความของลิงก์,วันที่ (พ.ศ.),เผยแพร่ (ใช่/ไม่)",
        f" o๑ ,  แผนผังโครงสร้าง , {DOC} ,ดูแผนผัง,๓ ต.ค. ๒๕๖๘, ใช่ ",
        " O๒,  ประวัติ   ผู้บริหาร ,https://www.banthotsop.go.th/a, ,๐๕/๑๑/๒๕๖๘,Yes",
        "O๒,คำสั่งมอบหมายงาน,https://www.banthotsop.go.th/b,,2025-12-01,-",
    )

    response = preview(importer, csv_file(*lines))

    result = response.context["result"]
    assert not result.has_validation_errors()
    assert (result.totals["new"], result.totals["skip"]) == (2, 1)
    assert "ข้ามแถว 1 ที่อยู่เหนือหัวตาราง (หัวตารางอยู่แถว 2)" in shown_messages(response)
    confirm(importer, response)
    a = Evidence.objects.get(url="https://www.banthotsop.go.th/a")
    assert (a.title, a.document_date, a.is_published) == (
        "ประวัติ ผู้บริหาร",
        date(2025, 11, 5),
        True,
    )
    b = Evidence.objects.get(url="https://www.banthotsop.go.th/b")
    assert (b.document_date, b.is_published) == (date(2025, 12, 1), False)


def test_an_xlsx_whose_dates_excel_stored_as_dates(importer, year):
    book = openpyxl.Workbook()
    book.active.append(list(HEADERS))
    book.active.append(["O2", "ประกาศ", "https://www.banthotsop.go.th/a", "", date(2025, 10, 3), 1])
    # A B.E. year typed into a Gregorian calendar: Excel keeps 2568 as the year.
    book.active.append(["O2", "คำสั่ง", "https://www.banthotsop.go.th/b", "", date(2568, 11, 5), 0])
    buffer = io.BytesIO()
    book.save(buffer)

    confirm(importer, preview(importer, upload(buffer.getvalue(), "links.xlsx")))

    found = Evidence.objects.filter(item__code="O2").order_by("order")
    assert [(e.title, e.document_date, e.is_published) for e in found] == [
        ("ประกาศ", date(2025, 10, 3), True),
        ("คำสั่ง", date(2025, 11, 5), False),
    ]


def test_the_public_item_page_shows_an_imported_link_at_once(importer, year, factory):
    factory.organisation()
    visitor = Client()
    page = reverse("disclosures:item", args=[2569, "O2"])
    assert "ประวัติผู้บริหาร" not in visitor.get(page).content.decode()  # and now cached

    lines = (HEADER_LINE, "O2,ประวัติผู้บริหาร,https://www.banthotsop.go.th/executives,,,ใช่")
    confirm(importer, preview(importer, csv_file(*lines)))

    assert "ประวัติผู้บริหาร" in visitor.get(page).content.decode()


# --- refused files ---------------------------------------------------------------------------


def test_every_bad_row_is_listed_by_row_and_column_and_nothing_is_written(importer, year):
    lines = (
        HEADER_LINE,
        "O1,ลิงก์อันตราย,javascript:alert(1),,,",
        "O99,ข้อที่ไม่มี,https://www.banthotsop.go.th/x,,31/02/2568,บางที",
        "O2,,,,,",
        "O2,หน้าแรก,https://www.banthotsop.go.th/,,,ใช่",
        "O2,หน้าแรกซ้ำ,https://www.banthotsop.go.th/,,,ใช่",
        "O2,ลิงก์ใช้ได้,https://www.banthotsop.go.th/ok,,,ใช่",
    )
    before = snapshot()

    response = preview(importer, csv_file(*lines))

    assert snapshot() == before
    assert "confirm_form" not in response.context
    invalid = {
        row.number: row.field_specific_errors for row in response.context["result"].invalid_rows
    }
    assert invalid == {
        2: {"ลิงก์": ["ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"]},
        3: {
            "รหัสข้อ": ["ไม่มีข้อ O99 ในปีงบประมาณ 2569"],
            "วันที่": ["อ่านวันที่ไม่ได้: พิมพ์ วัน/เดือน/ปี พ.ศ. เช่น 3/10/2568 หรือ 3 ต.ค. 2568"],
            "เผยแพร่": ["อ่าน “บางที” ไม่ได้: ใช้ ใช่ หรือ ไม่"],
        },
        4: {"ชื่อเรื่อง": ["ไม่มีชื่อเรื่อง"], "ลิงก์": ["ไม่มีลิงก์"]},
        6: {"ลิงก์": ["ลิงก์นี้ของข้อ O2 ซ้ำกับแถว 5"]},
    }


def test_a_url_longer_than_the_column_is_named_in_thai(importer, year):
    url = "https://www.banthotsop.go.th/" + "a" * 1000

    response = preview(importer, csv_file(HEADER_LINE, f"O2,ยาวมาก,{url},,,"))

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.field_specific_errors == {"ลิงก์": ["ยาว 1,029 ตัวอักษร เกิน 1,000 ตัวอักษร"]}


def test_wrong_headers_list_the_headers_expected(importer, year):
    response = preview(importer, csv_file("ข้อ,เรื่อง,เว็บ", "O1,ก,https://x.go.th"))

    (invalid,) = response.context["result"].invalid_rows
    (message,) = invalid.non_field_specific_errors
    assert message == (
        "หัวตารางไม่ครบ ขาด ชื่อเรื่อง, ลิงก์ (หัวตารางที่ต้องมี: รหัสข้อ | ชื่อเรื่อง | ลิงก์;"
        " ใส่เพิ่มได้: ข้อความของลิงก์ | วันที่ | เผยแพร่)"
    )


def test_a_year_that_does_not_exist_is_refused_on_the_form(importer, year):
    response = preview(importer, csv_file(*CHANGES), year=2571)

    assert response.context["form"].errors["year"] == [
        "ยังไม่มีปีงบประมาณ 2571: สร้างปีและนำเข้ารายการข้อก่อน"
    ]


def test_an_oversized_file_is_refused_before_it_is_read(importer, year, monkeypatch):
    monkeypatch.setattr(EvidenceLinkResource, "max_bytes", classmethod(lambda cls: 100))
    monkeypatch.setattr(sheets, "read_table", lambda *a, **k: pytest.fail("read a refused file"))

    response = preview(importer, csv_file(*CHANGES))

    assert response.context["form"].errors["import_file"] == ["ไฟล์ใหญ่เกินไป (เกิน 9.53674e-05 MB)"]


def test_a_damaged_xlsx_gets_a_thai_error(importer, year):
    response = preview(importer, upload(b"PK\x03\x04 not a workbook", "links.xlsx"))

    assert response.context["form"].errors["import_file"] == [sheets.NOT_XLSX]


def test_a_confirm_that_no_longer_fits_writes_nothing(importer, year):
    response = preview(importer, csv_file(*CHANGES))
    year.items.get(code="O2").delete()  # someone removed O2 meanwhile
    before = snapshot()

    done = confirm(importer, response)

    assert done["Location"] == IMPORT_URL
    assert snapshot() == before
    messages = shown_messages(importer.get(IMPORT_URL))
    assert "แถว 3 คอลัมน์ รหัสข้อ: ไม่มีข้อ O2 ในปีงบประมาณ 2569" in messages
    assert "นำเข้าไม่สำเร็จ ยังไม่มีการบันทึกใด ๆ" in messages


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in (IMPORT_URL, PROCESS_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_without_the_add_permission_there_is_no_import(viewer, year):
    html = viewer.get(CHANGELIST_URL).content.decode()

    assert EXPORT_URL in html
    assert IMPORT_URL not in html
    assert viewer.get(IMPORT_URL).status_code == 403
    assert preview(viewer, csv_file(*CHANGES)).status_code == 403
    assert viewer.post(PROCESS_URL, {"import_file_name": "x", "year": "2569"}).status_code == 403


def test_adding_without_changing_is_not_enough(client, factory, year):
    client.force_login(
        factory.staff("adder", perms=("disclosures.view_evidence", "disclosures.add_evidence"))
    )

    assert client.get(IMPORT_URL).status_code == 403


def test_without_the_view_permission_there_is_no_export(client, factory, year):
    client.force_login(factory.staff("changer", perms=("disclosures.change_evidence",)))

    assert EXPORT_URL not in client.get(CHANGELIST_URL).content.decode()
    assert client.get(EXPORT_URL).status_code == 403
    assert export(client, year).status_code == 403


def test_those_who_may_only_add_and_change_land_on_the_list(importer, year):
    response = confirm(importer, preview(importer, csv_file(*CHANGES)))

    assert response["Location"] == CHANGELIST_URL
    messages = shown_messages(importer.get(CHANGELIST_URL))
    assert "นำเข้าลิงก์หลักฐานของปีงบประมาณ 2569 แล้ว: เพิ่ม 2 ปรับปรุง 1 ไม่เปลี่ยน 0" in messages
