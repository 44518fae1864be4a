"""The items sheet's date-rule, owning-division, responsible-person and due-date columns:
export, import through the admin's preview and confirm, and the errors staff can fix.

Personas: the importer may add, change and delete items (the import does all three); alice
and bob are staff who own items; carol has left (inactive); dave is not staff.
"""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from disclosures import bulk
from disclosures.models import FiscalYear, Item
from measures.models import Division

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:disclosures_item_import")
PROCESS_URL = reverse("admin:disclosures_item_process_import")
EXPORT_URL = reverse("admin:disclosures_item_export")
FORMAT = {"csv": "0", "xlsx": "1"}
ITEM_PERMS = (
    "disclosures.view_item",
    "disclosures.add_item",
    "disclosures.change_item",
    "disclosures.delete_item",
)
HEAD = "รหัส,ชื่อข้อ,ตัวชี้วัด,เกณฑ์วันที่,ส่วนราชการที่รับผิดชอบ,เจ้าหน้าที่ผู้รับผิดชอบ,กำหนดเสร็จ"
Rule = Item.DateRule


def upload(data: bytes, name: str = "items.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def csv_file(*lines: str) -> SimpleUploadedFile:
    return upload(("\n".join(lines) + "\n").encode("utf-8"))


def preview(client, file, year: int = 2569):
    return client.post(
        IMPORT_URL, {"resource": "0", "year": str(year), "import_file": file, "format": ""}
    )


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(PROCESS_URL, {name: form[name].value() for name in form.fields})


def export(client, year: FiscalYear, kind: str = "csv"):
    return client.post(EXPORT_URL, {"resource": "0", "format": FORMAT[kind], "year": year.pk})


def assigned(code: str) -> tuple:
    """What a reader of the item's admin page sees of its rule and owners."""
    item = Item.objects.select_related("owner_division", "owner").get(code=code)
    return (
        item.date_rule,
        item.owner_division.name if item.owner_division else None,
        item.owner.username if item.owner else None,
        item.due_date,
    )


def errors_by_row(response) -> dict[int, dict[str, list[str]]]:
    return {
        invalid.number: dict(invalid.field_specific_errors)
        for invalid in response.context["result"].invalid_rows
    }


@pytest.fixture
def people(factory) -> dict[str, User]:
    alice = factory.staff("alice")
    alice.email = "Alice@Example.go.th"
    alice.save()
    bob = factory.staff("bob")
    carol = factory.staff("carol")
    carol.is_active = False
    carol.save()
    dave = User.objects.create_user("dave", email="dave@example.go.th")  # not staff
    return {"alice": alice, "bob": bob, "carol": carol, "dave": dave}


@pytest.fixture
def divisions() -> dict[str, Division]:
    return {
        name: Division.objects.create(name=name, order=order)
        for order, name in enumerate(("กองคลัง", "สำนักปลัด", "กองช่าง"), start=1)
    }


@pytest.fixture
def year(factory, people, divisions) -> FiscalYear:
    """2569: O1 assigned to กองคลัง/alice with a rule and a due date, O2 not assigned."""
    fiscal_year = factory.year(2569)
    factory.item(
        fiscal_year,
        code="O1",
        title_th="แผนดำเนินงานประจำปี",
        order=1,
        date_rule=Rule.CURRENT,
        owner_division=divisions["กองคลัง"],
        owner=people["alice"],
        due_date=date(2026, 3, 31),
    )
    factory.item(fiscal_year, code="O2", title_th="รายงานประจำปี", order=2)
    return fiscal_year


@pytest.fixture
def importer(client, factory):
    client.force_login(factory.staff("importer", perms=ITEM_PERMS))
    return client


# --- export ---------------------------------------------------------------------------------


def test_the_export_writes_the_rule_label_division_username_and_thai_due_date(importer, year):
    text = export(importer, year).content.decode("utf-8-sig")

    lines = text.split("\r\n")
    assert lines[0] == ",".join(bulk.ITEM_FULL_LAYOUT.headers)
    assert lines[1].endswith(",ปีงบประมาณที่ประเมิน,กองคลัง,alice,31 มี.ค. 2569")
    assert lines[2].endswith(",ไม่กำหนด,,,")


def test_a_year_nobody_assigned_exports_the_catalogue_columns_only(importer, factory):
    other = factory.year(2570)
    factory.item(other, code="O1", title_th="ข้อเดียว")

    header = export(importer, other).content.decode("utf-8-sig").split("\r\n")[0]

    assert header == ",".join(bulk.ITEM_LAYOUT.headers)
    assert "เกณฑ์วันที่" not in header


def test_the_export_takes_the_same_queries_however_many_items_are_assigned(
    year, factory, people, divisions
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            bulk.ItemSheet(year).csv()
        return len(captured)

    few = queries()
    for number in range(3, 13):
        factory.item(
            year,
            code=f"O{number}",
            owner_division=divisions["กองช่าง"],
            owner=people["bob"],
            due_date=date(2026, 6, 30),
        )

    # 1. the items with their indicator, sub-indicator, division and owner, 2. their elements
    assert queries() == few == 2


# --- round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_exported_file_imports_back_without_any_change(importer, year, kind):
    before = [assigned("O1"), assigned("O2")]
    data = export(importer, year, kind).content

    response = preview(importer, upload(data, f"items-2569.{kind}"))

    totals = response.context["result"].totals
    assert (totals["new"], totals["update"], totals["delete"], totals["skip"]) == (0, 0, 0, 2)
    confirm(importer, response)
    assert [assigned("O1"), assigned("O2")] == before


# --- import ---------------------------------------------------------------------------------


def test_the_import_reads_aliases_names_emails_and_thai_or_iso_dates(importer, year):
    response = preview(
        importer,
        csv_file(
            HEAD,
            "O1,แผนดำเนินงานประจำปี,9,ครึ่งปีแรก,  สำนักปลัด ,bob,๓๐/๙/๒๕๖๙",
            "O2,รายงานประจำปี,9,ปีก่อน,กองช่าง,alice@example.go.th,2026-10-15",
        ),
    )

    assert "เปลี่ยน เกณฑ์วันที่, ส่วนราชการที่รับผิดชอบ" in response.content.decode()
    confirm(importer, response)
    assert assigned("O1") == (Rule.FIRST_HALF, "สำนักปลัด", "bob", date(2026, 9, 30))
    assert assigned("O2") == (Rule.PREVIOUS, "กองช่าง", "alice", date(2026, 10, 15))


def test_empty_cells_clear_and_missing_columns_keep(importer, year):
    confirm(importer, preview(importer, csv_file(HEAD, "O1,แผนดำเนินงานประจำปี,9,,,,")))
    assert assigned("O1") == (Rule.ANY, None, None, None)

    Item.objects.filter(code="O1").update(date_rule=Rule.CURRENT, due_date=date(2026, 1, 5))
    confirm(
        importer,
        preview(importer, csv_file("รหัส,ชื่อข้อ,ตัวชี้วัด,เจ้าหน้าที่ผู้รับผิดชอบ", "O1,แผน,9,bob")),
    )
    assert assigned("O1") == (Rule.CURRENT, None, "bob", date(2026, 1, 5))


def test_an_xlsx_file_with_a_date_cell_and_a_thai_rule_is_read(importer, year):
    book = openpyxl.Workbook()
    book.active.append(HEAD.split(","))
    book.active.append(["O2", "รายงานประจำปี", 9, "ปีงบประมาณก่อนหน้า", "กองคลัง", "bob", None])
    book.active["G2"] = date(2026, 11, 30)  # Excel keeps a typed date as a date
    buffer = io.BytesIO()
    book.save(buffer)

    confirm(importer, preview(importer, upload(buffer.getvalue(), "items.xlsx")))

    assert assigned("O2") == (Rule.PREVIOUS, "กองคลัง", "bob", date(2026, 11, 30))


def test_every_bad_cell_is_named_by_row_and_column_and_nothing_is_written(importer, year):
    before = [assigned("O1"), assigned("O2")]

    response = preview(
        importer,
        csv_file(
            HEAD,
            "O1,แผนดำเนินงานประจำปี,9,ทุกเดือน,กองคลังจังหวัด,carol,31/2/2569",
            "O2,รายงานประจำปี,9,ปีก่อน,กองช่าง,dave,",
            "O3,ข้อใหม่,9,,,nobody@example.go.th,",
        ),
    )

    assert "confirm_form" not in response.context
    errors = errors_by_row(response)
    assert set(errors) == {2, 3, 4}
    assert errors[2]["เกณฑ์วันที่"][0].startswith("ไม่รู้จัก “ทุกเดือน”: ใช้")
    assert errors[2]["ส่วนราชการที่รับผิดชอบ"] == [
        "ไม่มีส่วนราชการชื่อ “กองคลังจังหวัด” (ชื่อต้องตรงกับเมนูส่วนราชการ: กองคลัง, กองช่าง, สำนักปลัด)"
    ]
    assert errors[2]["เจ้าหน้าที่ผู้รับผิดชอบ"] == [  # carol has left
        "ไม่พบเจ้าหน้าที่ “carol”: ใส่ชื่อผู้ใช้หรืออีเมลของเจ้าหน้าที่ที่ยังใช้งานอยู่"
    ]
    assert errors[2]["กำหนดเสร็จ"][0].startswith("อ่านวันที่ไม่ได้")
    assert list(errors[3]) == ["เจ้าหน้าที่ผู้รับผิดชอบ"]  # dave is not staff
    assert list(errors[4]) == ["เจ้าหน้าที่ผู้รับผิดชอบ"]
    assert [assigned("O1"), assigned("O2")] == before
    assert not Item.objects.filter(code="O3").exists()


def test_an_email_two_staff_share_asks_for_the_username(importer, year, people):
    User.objects.filter(username="bob").update(email="alice@example.go.th")

    response = preview(importer, csv_file(HEAD, "O2,รายงานประจำปี,9,,,ALICE@example.go.th,"))

    assert errors_by_row(response)[2]["เจ้าหน้าที่ผู้รับผิดชอบ"] == [
        "อีเมล “ALICE@example.go.th” เป็นของเจ้าหน้าที่หลายคน: ใส่ชื่อผู้ใช้แทน"
    ]


def test_a_division_name_must_match_exactly_not_loosely(importer, year):
    response = preview(importer, csv_file(HEAD, "O2,รายงานประจำปี,9,,กอง คลัง,,"))

    assert "ส่วนราชการที่รับผิดชอบ" in errors_by_row(response)[2]


# --- who may ---------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, year):
    response = client.post(IMPORT_URL, {"resource": "0", "year": "2569"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_division_editor_may_not_assign_items_through_the_sheet(client, factory, year):
    client.force_login(
        factory.staff("editor", perms=("disclosures.view_item", "disclosures.change_item"))
    )

    response = preview(client, csv_file(HEAD, "O2,รายงานประจำปี,9,,กองช่าง,editor,"))

    assert response.status_code == 403
    assert assigned("O2") == (Rule.ANY, None, None, None)
