"""Four people's journeys through the real pages, by clicks and typing.

- A citizen goes from the home page to a year, an item, its file, then the measures.
- A division editor logs in, adds evidence to their division's item and submits it.
- A coordinator publishes submitted evidence and sees it on the public page.
- An auditor downloads the year's three PDF reports and the ITAS submission sheet.
"""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import download, log_in, open_file
from tests.factory import MINIMAL_PDF
from tests.reports.pdftext import extract_text, squeeze


def messages(page: Page) -> Locator:
    return page.locator("ul.messagelist")


def evidence_row(page: Page, title: str) -> Locator:
    return page.locator("#result_list tbody tr").filter(has_text=title)


def action_box(page: Page) -> Locator:
    return page.get_by_role("combobox", name=re.compile("^คำสั่ง"))


def run_action(page: Page, row: Locator, action: str) -> None:
    """Tick one row of the changelist, pick an action and press ไป, as staff do."""
    row.get_by_role("checkbox").check()
    action_box(page).select_option(label=action)
    page.get_by_role("button", name="ไป", exact=True).click()


# --- a citizen --------------------------------------------------------------------------------


def test_a_citizen_reads_an_item_opens_its_file_and_follows_the_measures(page, portal):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("องค์การบริหารส่วนตำบลบ้านทดสอบ")

    page.get_by_role("link", name="ดูข้อมูล OIT ปี 2569").click()
    expect(page).to_have_url(re.compile(r"/ita/2569/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("ปีงบประมาณ พ.ศ. 2569")

    page.get_by_role("link", name="O1 โครงสร้างหน่วยงาน").click()
    expect(page).to_have_url(re.compile(r"/ita/2569/O1/$"))
    expect(page.get_by_role("heading", name="รายงานผลการดำเนินงานประจำปี")).to_be_visible()
    expect(page.get_by_role("img", name="แผนผังโครงสร้างหน่วยงาน")).to_be_visible()
    expect(page.get_by_role("link", name="ประกาศจังหวัดขอนแก่น")).to_be_visible()

    pdf = open_file(page, page.get_by_role("link", name="รายงาน.pdf").click, "**/files/**")
    assert pdf.status == 200
    assert pdf.content_type == "application/pdf"
    assert pdf.body == MINIMAL_PDF  # the very file staff uploaded

    page.go_back()
    page.get_by_role("navigation", name="ตำแหน่งในเว็บไซต์").get_by_role("link", name="2569").click()
    page.get_by_role("link", name="มาตรการส่งเสริมคุณธรรมและความโปร่งใส").click()
    expect(page).to_have_url(re.compile(r"/ita/2569/measures/$"))
    page.get_by_role("link", name=re.compile("มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง")).click()
    expect(page).to_have_url(re.compile(r"/ita/2569/measures/1/$"))
    expect(page.get_by_role("heading", name="วิธีการดำเนินการที่ 1")).to_contain_text("ดำเนินการแล้ว")
    expect(page.locator(".timeline")).to_contain_text("ประชุมชี้แจง")


# --- a division editor -----------------------------------------------------------------------


def test_a_division_editor_adds_evidence_and_submits_it_for_review(page, new_page, portal):
    log_in(page, portal.editor.username)
    page.get_by_role("row").filter(
        has=page.get_by_role("link", name="หลักฐาน", exact=True)
    ).get_by_role("link", name="เพิ่ม").click()

    # The item box searches as one types; it offers the division's own items.
    page.locator(".field-item .select2-selection").click()
    page.locator(".select2-search__field").fill("O1")
    page.get_by_role("option", name=re.compile("O1 โครงสร้างหน่วยงาน")).click()
    page.get_by_label("ประเภท").select_option(label="ไฟล์")
    page.get_by_label("ชื่อเรื่อง").fill("คำสั่งแบ่งงานกองคลัง")
    page.get_by_label("วันที่ของเอกสาร").fill("3/10/2568")
    page.locator("#id_file").set_input_files(
        {"name": "คำสั่ง.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_role("button", name="บันทึก", exact=True).click()

    expect(messages(page)).to_contain_text("คำสั่งแบ่งงานกองคลัง")
    row = evidence_row(page, "คำสั่งแบ่งงานกองคลัง")
    expect(row).to_contain_text("ร่าง")

    run_action(page, row, "ส่งหลักฐานที่เลือกให้ผู้ประสานงานตรวจ")

    expect(messages(page)).to_contain_text("ส่งตรวจแล้ว 1 รายการ")
    expect(evidence_row(page, "คำสั่งแบ่งงานกองคลัง")).to_contain_text("ส่งตรวจแล้ว")
    # An editor cannot publish: the coordinator's action is not offered.
    expect(action_box(page).locator("option")).not_to_contain_text(["เผยแพร่หลักฐานที่เลือก"])
    # Citizens do not see it until the coordinator publishes it.
    citizen = new_page()
    citizen.goto("/ita/2569/O1/")
    expect(citizen.get_by_role("heading", name="รายงานผลการดำเนินงานประจำปี")).to_be_visible()
    expect(citizen.get_by_text("คำสั่งแบ่งงานกองคลัง")).to_have_count(0)


# --- a coordinator ---------------------------------------------------------------------------


def test_a_coordinator_publishes_submitted_evidence_and_citizens_see_it(
    page, new_page, portal, factory
):
    factory.evidence(
        portal.evidence_item,
        "link",
        title="รายงานการประชุมคณะทำงาน ITA",
        url="https://www.example.go.th/meeting",
        status="submitted",
    )
    citizen = new_page()
    citizen.goto("/ita/2569/O1/")  # also puts the page in the cache
    expect(citizen.get_by_text("รายงานการประชุมคณะทำงาน ITA")).to_have_count(0)

    log_in(page, portal.coordinator.username)
    page.get_by_role("link", name="หลักฐาน", exact=True).first.click()
    page.locator("#changelist-filter").get_by_role("link", name="ส่งตรวจแล้ว").click()
    row = evidence_row(page, "รายงานการประชุมคณะทำงาน ITA")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    run_action(page, row, "เผยแพร่หลักฐานที่เลือก")

    expect(messages(page)).to_contain_text("ปรับการเผยแพร่แล้ว 1 รายการ")
    # The coordinator follows the admin's link to the year's public pages.
    page.get_by_role("link", name="หน้าหลัก").first.click()
    page.get_by_role("link", name="ดูหน้าเว็บของปีนี้").click()
    page.get_by_role("link", name="O1 โครงสร้างหน่วยงาน").click()
    published = page.locator(".evidence").filter(has_text="รายงานการประชุมคณะทำงาน ITA")
    expect(published).to_be_visible()
    expect(published.locator(".badge-draft")).to_have_count(0)

    citizen.reload()
    expect(citizen.get_by_role("heading", name="รายงานการประชุมคณะทำงาน ITA")).to_be_visible()


# --- an auditor ------------------------------------------------------------------------------


def test_an_auditor_downloads_the_three_reports_and_the_submission_sheet(page, portal):
    page.goto("/ita/2569/")
    year_page = page.url

    def pdf_from(link_name: str, pattern: str) -> str:
        report = open_file(page, page.get_by_role("link", name=link_name).click, pattern)
        assert report.status == 200
        assert report.content_type == "application/pdf"
        assert report.body.startswith(b"%PDF-")
        return squeeze(extract_text(report.body))  # it opens: poppler reads it

    assert "O1โครงสร้างหน่วยงาน" in pdf_from("ดาวน์โหลดรายงาน PDF", "**/report.pdf")

    page.goto(year_page)
    page.get_by_role("link", name="ผลการประเมิน ITA").click()
    # Reports write Thai digits unless the organisation chose otherwise: 90.50 for 2568.
    assert "๙๐.๕๐" in pdf_from("ดาวน์โหลดรายงาน PDF", "**/score.pdf")

    page.goto(year_page)
    page.get_by_role("link", name="มาตรการส่งเสริมคุณธรรมและความโปร่งใส").click()
    assert "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง" in pdf_from("ดาวน์โหลดรายงาน PDF", "**/measures.pdf")

    page.goto(year_page)
    name, xlsx = download(page, page.get_by_role("link", name="แบบฟอร์ม ITAS (XLSX)"))
    assert name == "itas-2569.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["O1"][2] == "มี"
    assert rows["O3"][2] == "ไม่มี"

    name, raw = download(page, page.get_by_role("link", name="แบบฟอร์ม ITAS (CSV)"))
    assert name == "itas-2569.csv"
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    by_code = {line[0]: line for line in lines}
    assert by_code["O1"][:3] == list(rows["O1"][:3])
    # The URLs cell: the item's public page first, then its published evidence.
    urls = by_code["O1"][3].splitlines()
    assert urls[0].endswith("/ita/2569/O1/")
    assert len(urls) == 4  # the page, the PDF, the image and the link (a text has no URL)
    assert by_code["O1"][3] == rows["O1"][3]
