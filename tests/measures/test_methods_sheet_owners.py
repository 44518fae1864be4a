"""The measures sheet's owner columns: each method's owning division, responsible person and
due date, after the six published columns. Export, import (command and admin), errors.

Personas: alice and bob are staff who own methods; carol has left (inactive).
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures import sheets
from measures.models import Division, Measure, Method
from measures.resources import MeasureSheetResource

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:measures_measure_import")
PROCESS_URL = reverse("admin:measures_measure_process_import")
EXPORT_URL = reverse("admin:measures_measure_export")
HEADER = [*sheets.HEADERS, *sheets.OWNER_HEADERS]


def table(*rows: list[str], header=HEADER) -> list[list[str]]:
    return [list(header), *[list(row) for row in rows]]


def method_row(measure: str, text: str, *owners: str) -> list[str]:
    """A row with the six published cells (only the measure and method filled) and owners."""
    return [measure, text, "", "", "", "", *owners]


def apply(rows, year: int = 2569) -> sheets.ImportReport:
    return sheets.apply_plan(sheets.parse_rows(rows), year)


def refused(rows) -> list[sheets.Problem]:
    with pytest.raises(sheets.SheetError) as refusal:
        apply(rows)
    return refusal.value.problems


def owners_of(text: str) -> tuple:
    method = Method.objects.select_related("owner_division", "owner").get(text=text)
    return (
        method.owner_division.name if method.owner_division else None,
        method.owner.username if method.owner else None,
        method.due_date,
    )


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def people(factory):
    alice = factory.staff("alice")
    alice.email = "alice@example.go.th"
    alice.save()
    carol = factory.staff("carol")
    carol.is_active = False
    carol.save()
    return {"alice": alice, "bob": factory.staff("bob"), "carol": carol}


@pytest.fixture
def divisions():
    return {name: Division.objects.create(name=name) for name in ("กองคลัง", "สำนักปลัด")}


@pytest.fixture
def year(factory, people, divisions):
    """2569: measure 1 with a method owned by กองคลัง/alice due 31 Mar 2569, and one unowned."""
    fiscal_year = factory.year(2569)
    measure = Measure.objects.create(year=fiscal_year, number=1, title="เปิดเผยข้อมูล")
    Method.objects.create(
        measure=measure,
        order=1,
        text="ปรับปรุงเว็บไซต์",
        owner_division=divisions["กองคลัง"],
        owner=people["alice"],
        due_date=date(2026, 3, 31),
    )
    Method.objects.create(measure=measure, order=2, text="รายงานผู้บริหาร")
    return fiscal_year


# --- export ---------------------------------------------------------------------------------


def test_the_export_adds_the_owner_columns_once_a_method_has_an_owner(year):
    rows = csv_rows(sheets.MeasureSheet(year).csv())

    assert rows[0] == HEADER
    assert rows[1][6:] == ["กองคลัง", "alice", "31 มี.ค. 2569"]
    assert rows[2][6:] == ["", "", ""]


def test_a_year_without_owners_exports_the_published_six_columns(year):
    Method.objects.update(owner_division=None, owner=None, due_date=None)

    rows = csv_rows(sheets.MeasureSheet(year).csv())

    assert rows[0] == list(sheets.HEADERS)
    assert {len(row) for row in rows} == {6}


def test_the_admin_dataset_has_the_owner_columns_when_any_method_has_one(year):
    dataset = MeasureSheetResource().export(Measure.objects.all())

    assert dataset.headers == HEADER
    assert list(dataset[0])[6:] == ["กองคลัง", "alice", "31 มี.ค. 2569"]


def test_the_rows_take_three_queries_however_many_methods_have_owners(
    year, people, divisions, django_assert_num_queries
):
    measure = Measure.objects.create(year=year, number=2, title="ป้องกันการทุจริต")
    for order in range(1, 11):
        Method.objects.create(
            measure=measure,
            order=order,
            text=f"วิธีที่ {order}",
            owner_division=divisions["สำนักปลัด"],
            owner=people["bob"],
        )

    # 1. the measures, 2. their methods with division and owner, 3. the methods' units
    with django_assert_num_queries(3):
        rows = sheets.MeasureSheet(year).rows()

    assert len(rows) == 12


def test_an_exported_file_imports_back_unchanged(year):
    before = [owners_of("ปรับปรุงเว็บไซต์"), owners_of("รายงานผู้บริหาร")]
    rows = csv_rows(sheets.MeasureSheet(year).csv())

    report = apply(rows)

    assert (report.methods_created, report.methods_updated, report.methods_unchanged) == (0, 0, 2)
    assert [owners_of("ปรับปรุงเว็บไซต์"), owners_of("รายงานผู้บริหาร")] == before


# --- import ---------------------------------------------------------------------------------


def test_the_import_sets_owners_by_name_username_or_email_and_thai_dates(year):
    report = apply(
        table(
            method_row("1. เปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์", "สำนักปลัด", "bob", "๑๕ ม.ค. ๒๕๖๙"),
            method_row("", "รายงานผู้บริหาร", "กองคลัง", "ALICE@example.go.th", "2026-09-30"),
        )
    )

    assert report.methods_updated == 2
    assert owners_of("ปรับปรุงเว็บไซต์") == ("สำนักปลัด", "bob", date(2026, 1, 15))
    assert owners_of("รายงานผู้บริหาร") == ("กองคลัง", "alice", date(2026, 9, 30))


def test_a_six_column_file_keeps_the_owners_and_empty_cells_clear_them(year):
    apply(table(["1. เปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์", "", "", "", ""], header=sheets.HEADERS))
    assert owners_of("ปรับปรุงเว็บไซต์") == ("กองคลัง", "alice", date(2026, 3, 31))

    apply(table(method_row("1. เปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์", "", "", "")))
    assert owners_of("ปรับปรุงเว็บไซต์") == (None, None, None)


def test_a_continuation_row_may_repeat_the_owners_but_not_name_others(year):
    apply(
        table(
            method_row("1. เปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์", "สำนักปลัด", "bob", ""),
            ["", "", "", "", "ผลรอบ 12 เดือน", "", "สำนักปลัด", "", ""],
        )
    )
    assert owners_of("ปรับปรุงเว็บไซต์") == ("สำนักปลัด", "bob", None)

    problems = refused(
        table(
            method_row("1. เปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์", "สำนักปลัด", "bob", ""),
            ["", "", "", "", "ผลรอบ 12 เดือน", "", "", "alice", ""],
        )
    )
    assert [str(p) for p in problems] == [
        "แถว 3 คอลัมน์ เจ้าหน้าที่ผู้รับผิดชอบ: ไม่ตรงกับแถว 2 ซึ่งเป็นวิธีการเดียวกัน"
    ]


def test_unknown_divisions_people_and_dates_are_named_and_nothing_is_written(year):
    before = (Method.objects.count(), owners_of("ปรับปรุงเว็บไซต์"))

    problems = refused(
        table(
            method_row("1. เปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์", "กองการศึกษา", "carol", "ปลายปี"),
            method_row("2. มาตรการใหม่", "วิธีใหม่", "", "nobody", ""),
        )
    )

    assert [(p.row, p.column) for p in problems] == [
        (2, "ส่วนราชการที่รับผิดชอบ"),
        (2, "เจ้าหน้าที่ผู้รับผิดชอบ"),
        (2, "กำหนดเสร็จ"),
        (3, "เจ้าหน้าที่ผู้รับผิดชอบ"),
    ]
    assert problems[0].message.startswith("ไม่มีส่วนราชการชื่อ “กองการศึกษา”")
    assert problems[1].message.startswith("ไม่พบเจ้าหน้าที่ “carol”")  # carol has left
    assert problems[2].message.startswith("อ่านวันที่ไม่ได้")
    assert (Method.objects.count(), owners_of("ปรับปรุงเว็บไซต์")) == before
    assert not Measure.objects.filter(number=2).exists()


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def importer(client, factory):
    client.force_login(factory.staff("importer", perms=("measures.add_measure",)))
    return client


def upload(rows: list[list[str]]) -> SimpleUploadedFile:
    text = "\n".join(",".join(row) for row in rows) + "\n"
    return SimpleUploadedFile("measures.csv", text.encode(), content_type="text/csv")


def preview(client, rows):
    return client.post(
        IMPORT_URL, {"resource": "0", "year": "2569", "import_file": upload(rows), "format": ""}
    )


def test_the_admin_preview_shows_the_owners_and_confirming_sets_them(importer, year):
    response = preview(
        importer, table(method_row("1. เปิดเผยข้อมูล", "รายงานผู้บริหาร", "สำนักปลัด", "bob", ""))
    )

    assert response.context["result"].diff_headers[-4:] == [*sheets.OWNER_HEADERS, "หมายเหตุ"]
    assert "สำนักปลัด" in response.content.decode()
    assert owners_of("รายงานผู้บริหาร") == (None, None, None)  # a preview writes nothing
    form = response.context["confirm_form"]
    importer.post(PROCESS_URL, {name: form[name].value() for name in form.fields})
    assert owners_of("รายงานผู้บริหาร") == ("สำนักปลัด", "bob", None)


def test_the_admin_lists_an_unknown_owner_under_its_column(importer, year):
    response = preview(
        importer, table(method_row("1. เปิดเผยข้อมูล", "รายงานผู้บริหาร", "", "nobody", ""))
    )

    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 2
    assert "เจ้าหน้าที่ผู้รับผิดชอบ" in invalid.field_specific_errors
    assert "confirm_form" not in response.context


def test_anonymous_visitors_cannot_import_owners(client, year):
    response = preview(client, table(method_row("1. เปิดเผยข้อมูล", "รายงานผู้บริหาร", "", "bob", "")))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert owners_of("รายงานผู้บริหาร") == (None, None, None)


def test_staff_who_may_only_view_measures_cannot_import_owners(client, factory, year):
    client.force_login(factory.staff("viewer", perms=("measures.view_measure",)))

    response = preview(client, table(method_row("1. เปิดเผยข้อมูล", "รายงานผู้บริหาร", "", "bob", "")))

    assert response.status_code == 403
    assert (
        client.post(EXPORT_URL, {"resource": "0", "format": "0", "year": year.pk}).status_code
        == 200
    )
