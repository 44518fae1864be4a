"""/ita/<year>/itas.csv and itas.xlsx: the ITAS submission sheet, one row per OIT item.

Personas: a citizen (anonymous), the ITA coordinator (staff), and a logged-in resident who is
not staff. The sheet is what the organisation types into the ITAS form: มี/ไม่มี, the URLs
(the item's page first) and how to reach the item from the home page.
"""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import override_settings

from disclosures import itas
from disclosures.models import Evidence, FiscalYear, Item
from measures.models import Measure, Programme

pytestmark = pytest.mark.django_db

BASE = "https://www.nongbuangam.go.th"
BOM = "\ufeff".encode()
FORMULA = '=HYPERLINK("https://evil.example","คลิก")'


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def read_xlsx(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def cells(sheet) -> list[list[str]]:
    return [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def year(factory) -> FiscalYear:
    """2569 as staff left it: items created out of catalogue order, evidence of each kind,
    drafts, an item with nothing published, and the item that carries the measures."""
    factory.organisation()
    year = factory.year(2569, status=FiscalYear.Status.OPEN, is_current=True)
    participation = factory.item(year, code="O3", order=3, title_th="การมีส่วนร่วม")
    factory.evidence(participation, title="ร่างรายงานการมีส่วนร่วม", is_published=False)
    structure = factory.item(
        year,
        code="O1",
        order=1,
        title_th="โครงสร้าง หน้าที่และอำนาจ",
        explanation="หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้าง\n(แผนผังอยู่ท้ายหน้า)",
    )
    factory.evidence(structure, title="อำนาจหน้าที่", order=1)  # text: on the item page
    factory.evidence(
        structure,
        kind=Evidence.Kind.LINK,
        title="แผนผัง",
        url="https://www.nongbuangam.go.th/structure/",
        order=2,
    )
    factory.evidence(structure, kind=Evidence.Kind.FILE, title="ประกาศโครงสร้าง", order=3)
    factory.evidence(
        structure,
        kind=Evidence.Kind.LINK,
        title="ร่างลิงก์",
        url="https://www.nongbuangam.go.th/draft/",
        is_published=False,
        order=4,
    )
    complaints = factory.item(year, code="O2", order=2, title_th="สถิติเรื่องร้องเรียน")
    factory.evidence(complaints, kind=Evidence.Kind.NOTHING, title="ไม่มีเรื่องร้องเรียน")
    plan = factory.item(year, code="O25", order=25, indicator=10, title_th="มาตรการส่งเสริม")
    Programme.objects.create(year=year, measures_item=plan)
    Measure.objects.create(year=year, number=1, title="มาตรการเปิดเผยข้อมูล")
    return year


def expected_table(base: str) -> list[list[str]]:
    file_evidence = Evidence.objects.get(kind=Evidence.Kind.FILE)
    return [
        ["ข้อ", "ชื่อข้อ", "มี/ไม่มี", "URL", "คำอธิบายเพิ่มเติม"],
        [
            "O1",
            "โครงสร้าง หน้าที่และอำนาจ",
            "มี",
            f"{base}/ita/2569/O1/\n"
            "https://www.nongbuangam.go.th/structure/\n"
            f"{base}/files/{file_evidence.pk}/%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99.pdf",
            "หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้าง\n(แผนผังอยู่ท้ายหน้า)",
        ],
        # "Nothing to report", said on the page, is an answer: มี.
        [
            "O2",
            "สถิติเรื่องร้องเรียน",
            "มี",
            f"{base}/ita/2569/O2/",
            "หน้าหลัก > ITA 2569 > O2 สถิติเรื่องร้องเรียน",
        ],
        # Only a draft: nothing published yet.
        ["O3", "การมีส่วนร่วม", "ไม่มี", f"{base}/ita/2569/O3/", "หน้าหลัก > ITA 2569 > O3 การมีส่วนร่วม"],
        # Carries the year's published measures, shown on its page.
        [
            "O25",
            "มาตรการส่งเสริม",
            "มี",
            f"{base}/ita/2569/O25/",
            "หน้าหลัก > ITA 2569 > O25 มาตรการส่งเสริม",
        ],
    ]


# --- the CSV ---------------------------------------------------------------------------------


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_the_csv_has_a_row_per_item_in_catalogue_order_as_submitted(client, year):
    response = client.get("/ita/2569/itas.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="itas-2569.csv"'
    assert read_csv(response.content) == expected_table(BASE)
    assert b"draft" not in response.content and "ร่าง".encode() not in response.content


def test_rows_end_with_crlf_and_urls_are_one_per_line_in_their_cell(client, year):
    content = client.get("/ita/2569/itas.csv").content

    assert content.startswith(BOM + "ข้อ,ชื่อข้อ,มี/ไม่มี,URL,คำอธิบายเพิ่มเติม\r\n".encode())
    assert content.count(b"\r\n") == 5  # the header and four items
    url_cell = read_csv(content)[1][3]
    assert url_cell.splitlines()[0].endswith("/ita/2569/O1/")  # the item's page first
    assert len(url_cell.splitlines()) == 3


def test_the_default_base_url_is_the_configured_one(client, year, settings):
    rows = read_csv(client.get("/ita/2569/itas.csv").content)

    assert settings.ITA_PUBLIC_BASE_URL != BASE
    assert rows == expected_table(settings.ITA_PUBLIC_BASE_URL)


def test_a_formula_like_title_is_neutralised_in_the_csv(client, factory, year):
    factory.item(year, code="O30", order=30, title_th=FORMULA, explanation="+ดูหน้าแรก")

    row = read_csv(client.get("/ita/2569/itas.csv").content)[-1]

    assert row[:3] == ["O30", "'" + FORMULA, "ไม่มี"]
    assert row[4] == "'+ดูหน้าแรก"


def test_each_url_appears_once(client, factory, year):
    item = Item.objects.get(year=year, code="O3")
    for order in (1, 2):
        factory.evidence(item, kind=Evidence.Kind.LINK, url="https://x.go.th/a", order=order)
    factory.evidence(item, kind=Evidence.Kind.LINK, url=item.public_url, order=3)

    row = read_csv(client.get("/ita/2569/itas.csv").content)[3]

    assert row[2] == "มี"
    assert row[3].splitlines() == [item.public_url, "https://x.go.th/a"]


def test_a_year_without_items_is_the_header_alone(client, factory):
    factory.year(2570, status=FiscalYear.Status.OPEN)

    assert read_csv(client.get("/ita/2570/itas.csv").content) == [list(itas.HEADERS)]


# --- the XLSX --------------------------------------------------------------------------------


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_the_xlsx_has_the_same_cells_laid_out_for_reading(client, year):
    response = client.get("/ita/2569/itas.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="itas-2569.xlsx"'
    sheet = read_xlsx(response.content)
    assert sheet.title == "ITAS 2569"
    assert cells(sheet) == expected_table(BASE)
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    widths = [sheet.column_dimensions[letter].width for letter in "ABCDE"]
    assert widths == list(itas.COLUMN_WIDTHS)
    assert widths[3] == max(widths)  # the URLs get the widest column


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_a_url_cell_holding_one_url_is_a_hyperlink(client, year):
    sheet = read_xlsx(client.get("/ita/2569/itas.xlsx").content)

    assert sheet["D3"].value == f"{BASE}/ita/2569/O2/"
    assert sheet["D3"].hyperlink.target == f"{BASE}/ita/2569/O2/"
    assert sheet["D2"].hyperlink is None  # three URLs: one link would hide the other two
    assert sheet["D1"].hyperlink is None


def test_a_formula_like_title_is_text_in_the_xlsx(client, factory, year):
    factory.item(year, code="O30", order=30, title_th=FORMULA)

    content = client.get("/ita/2569/itas.xlsx").content
    sheet = read_xlsx(content)

    title = sheet.cell(row=sheet.max_row, column=2)
    assert title.value == FORMULA
    assert title.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_the_xlsx_keeps_every_cell_within_excel_limits():
    urls = [f"https://www.example.go.th/{n:05d}/" + "a" * 400 for n in range(100)]
    table = [list(itas.HEADERS), ["O1", "ข้อ", "มี", "\n".join(urls), "ทาง"]]

    sheet = read_xlsx(itas.write_xlsx(table, "ITAS 2569"))

    cell = sheet["D2"].value
    assert len("\n".join(urls)) > 32_767 >= len(cell)
    assert cell.startswith(urls[0] + "\n")
    assert all(line in urls for line in cell.splitlines()[:-1])  # whole URLs, never half
    assert "ดูฉบับ CSV" in cell.splitlines()[-1]


# --- who may download what -------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_unknown_year_is_a_404(client, year, kind):
    assert client.get(f"/ita/2500/itas.{kind}").status_code == 404


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_year_in_preparation_is_for_staff_only_and_never_shared(client, factory, kind):
    year = factory.year(2570, status=FiscalYear.Status.PREPARING)
    factory.evidence(factory.item(year, code="O1"))
    resident = User.objects.create_user("resident", password="pw-for-tests-123")

    assert client.get(f"/ita/2570/itas.{kind}").status_code == 404
    client.force_login(resident)
    assert client.get(f"/ita/2570/itas.{kind}").status_code == 404
    client.force_login(factory.staff("coordinator"))
    response = client.get(f"/ita/2570/itas.{kind}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    client.logout()
    # The staff download is cached, but visibility is checked before the cache.
    assert client.get(f"/ita/2570/itas.{kind}").status_code == 404


def test_staff_download_published_content_only(client, factory, year):
    client.force_login(factory.staff("coordinator"))

    rows = read_csv(client.get("/ita/2569/itas.csv").content)

    assert [row[2] for row in rows[1:]] == ["มี", "มี", "ไม่มี", "มี"]
    assert "draft" not in rows[1][3]


def test_only_get_and_head(client, year):
    assert client.head("/ita/2569/itas.csv").status_code == 200
    assert client.post("/ita/2569/itas.csv").status_code == 405


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_english_twin_gives_the_same_thai_sheet(client, year, kind):
    english = client.get(f"/en/ita/2569/itas.{kind}")  # built first, under /en/
    thai = client.get(f"/ita/2569/itas.{kind}")

    assert english.status_code == 200
    assert english.content == thai.content
    table = read_csv(english.content) if kind == "csv" else cells(read_xlsx(english.content))
    assert table[0] == list(itas.HEADERS)
    assert not any("/en/" in cell for row in table for cell in row)


# --- speed and freshness ---------------------------------------------------------------------


def test_a_repeated_download_comes_from_the_cache_until_the_content_changes(client, year):
    first = client.get("/ita/2569/itas.csv")
    second = client.get("/ita/2569/itas.csv")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert "public" in second["Cache-Control"]

    Evidence.objects.filter(is_published=False).update(is_published=True, status="published")
    assert client.get("/ita/2569/itas.csv").content == first.content
    evidence = Evidence.objects.get(title="ร่างรายงานการมีส่วนร่วม")
    evidence.save()  # a save bumps the content version

    third = client.get("/ita/2569/itas.csv")
    assert third["X-Page-Cache"] == "miss"
    assert read_csv(third.content)[3][2] == "มี"


def fill(year: FiscalYear, items: int, evidence_per_item: int) -> None:
    indicator = year.indicators.get(number=9)
    Item.objects.bulk_create(
        Item(year=year, code=f"O{n}", order=n, indicator=indicator, title_th=f"ข้อที่ {n}")
        for n in range(1, items + 1)
    )
    Evidence.objects.bulk_create(
        Evidence(
            item=item,
            kind=Evidence.Kind.LINK,
            title=f"หลักฐาน {k}",
            url=f"https://www.example.go.th/{item.code}/{k}/",
            order=k,
            is_published=k != 3,
        )
        for item in Item.objects.filter(year=year)
        for k in range(evidence_per_item)
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_download_reads_a_fixed_number_of_queries(
    client, factory, django_assert_num_queries, kind
):
    small = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    large = factory.year(2569, status=FiscalYear.Status.OPEN)
    fill(small, items=1, evidence_per_item=1)
    fill(large, items=50, evidence_per_item=8)

    for year, rows in ((small, 1), (large, 50)):
        # The year, the content version, the items with their state, their evidence.
        with django_assert_num_queries(4):
            response = client.get(f"/ita/{year.year}/itas.{kind}")
        # Served from the cache: the year and the content version only.
        with django_assert_num_queries(2):
            assert client.get(f"/ita/{year.year}/itas.{kind}").content == response.content
        table = read_csv(response.content) if kind == "csv" else cells(read_xlsx(response.content))
        assert len(table) == 1 + rows

    assert len(table[1][3].splitlines()) == 1 + 7  # the page and the published evidence


def test_sheet_rows_takes_two_queries(factory, django_assert_num_queries):
    year = factory.year(2569)
    fill(year, items=30, evidence_per_item=5)

    # The items with their state (and year); their published evidence.
    with django_assert_num_queries(2):
        rows = itas.sheet_rows(year)

    assert [row.code for row in rows] == [f"O{n}" for n in range(1, 31)]


# --- the year page -----------------------------------------------------------------------------


def test_the_year_page_links_both_downloads(client, year):
    page = client.get("/ita/2569/").content.decode()

    assert 'href="/ita/2569/itas.xlsx"' in page
    assert 'href="/ita/2569/itas.csv"' in page
    assert "แบบฟอร์ม ITAS (XLSX)" in page
