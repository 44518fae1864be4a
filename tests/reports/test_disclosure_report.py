"""/ita/<year>/report.pdf: the OIT disclosure report, item by item, as an assessor reads it."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from PIL import Image

from disclosures.models import Evidence, FiscalYear, Item, Organisation
from measures.models import Measure, Method, Programme, ProgressUpdate
from reports.documents import REPORTS
from reports.pdf import render_pdf

from .pdftext import extract_text, page_count, squeeze

pytestmark = pytest.mark.django_db

BASE = settings.ITA_PUBLIC_BASE_URL
LONG_URL = "https://www.example.go.th/" + "ข้อมูล" * 20 + "/" + "a" * 150 + "?q=" + "x" * 100
LONG_FILE_NAME = "รายงานผลการดำเนินการป้องกันการทุจริต" * 6 + ".pdf"


def render(year: FiscalYear, digits: str = "arabic"):
    report = REPORTS["report"]
    return render_pdf(report.template, report.context(year, Organisation.current()), digits=digits)


def at(moment: datetime, *objects) -> None:
    """Set when records last changed (auto_now fields cannot be set through save())."""
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(updated_at=moment)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#1f6f43").save(buffer, format="PNG")
    return buffer.getvalue()


def cover_contents_body(content: bytes) -> tuple[str, str, str]:
    """The squeezed text of the cover (page 1), the contents (page 2) and the items."""
    pages = extract_text(content).split("\f")  # pdftotext ends each page with a form feed
    return squeeze(pages[0]), squeeze(pages[1]), squeeze("".join(pages[2:]))


def between(text: str, start: str, end: str | None) -> str:
    """The part of squeezed ``text`` from the first ``start`` to the next ``end``."""
    begin = text.index(squeeze(start))
    stop = text.index(squeeze(end), begin + 1) if end else len(text)
    return text[begin:stop]


def leader_to(entry: str) -> str:
    """A pattern for a contents entry and the dotted leader up to its page number."""
    return re.escape(squeeze(entry)) + r"\.{3,}"


def add_measure(year: FiscalYear, number: int, title: str, **kwargs) -> Measure:
    measure = Measure.objects.create(year=year, number=number, title=title, **kwargs)
    method = Method.objects.create(measure=measure, order=1, text=f"วิธีการ {number}")
    ProgressUpdate.objects.create(method=method, date=date(2026, 1, 5), text="ดำเนินการแล้ว")
    return measure


@pytest.fixture
def organisation(factory) -> Organisation:
    organisation = factory.organisation(name_th="องค์การบริหารส่วนตำบลน้ำใสท่าทราย")
    organisation.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    return organisation


@pytest.fixture
def year(factory, organisation) -> FiscalYear:
    """A realistic year: items of both OIT indicators, evidence of every kind, drafts, an
    item with nothing published, and the item that carries the integrity measures."""
    year = factory.year(2569, status=FiscalYear.Status.OPEN, is_current=True)
    structure = factory.item(
        year,
        code="O1",
        order=1,
        title_th="โครงสร้างและอำนาจหน้าที่",
        explanation="หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้าง",
    )
    factory.evidence(
        structure,
        title="อำนาจหน้าที่ของท่านนายก",
        body="ดำเนินการจัดหาน้ำสะอาดให้ประชาชน",
        document_date=date(2025, 10, 3),
    )
    factory.evidence(
        structure,
        kind=Evidence.Kind.LINK,
        title="แผนผังบนเว็บไซต์",
        url="https://www.nambsai.go.th/structure/",
        link_label="แผนผังโครงสร้าง",
    )
    factory.evidence(structure, kind=Evidence.Kind.FILE, title="ประกาศโครงสร้างส่วนราชการ")
    factory.evidence(structure, title="ร่างคำสั่งที่ยังไม่เผยแพร่", is_published=False)
    complaints = factory.item(year, code="O2", order=2, title_th="สถิติเรื่องร้องเรียน")
    nothing = factory.evidence(complaints, kind=Evidence.Kind.NOTHING, title="ไม่มีเรื่องร้องเรียน")
    factory.item(year, code="O3", order=3, title_th="การมีส่วนร่วมของประชาชน")
    plan = factory.item(year, code="O25", order=25, indicator=10, title_th="การนำผลการประเมินไปพัฒนา")
    Programme.objects.create(year=year, measures_item=plan)
    measure = add_measure(year, 1, "มาตรการประหยัดน้ำและพลังงาน")
    add_measure(year, 2, "มาตรการฉบับร่างที่ยังไม่เผยแพร่", is_published=False)
    # The date of the data: the latest published change, not the draft's.
    february = datetime(2026, 2, 10, 3, tzinfo=UTC)
    at(february, *Evidence.objects.filter(item__year=year), measure, *Method.objects.all())
    ProgressUpdate.objects.update(created_at=february)
    at(datetime(2026, 3, 5, 3, tzinfo=UTC), nothing)
    at(datetime(2026, 6, 1, 3, tzinfo=UTC), *Evidence.objects.filter(is_published=False))
    return year


def test_the_report_shows_every_item_with_its_explanation_url_and_published_evidence(year):
    rendered = render(year)
    text = squeeze(extract_text(rendered.content))
    cover, _, body = cover_contents_body(rendered.content)
    file_evidence = Evidence.objects.get(kind=Evidence.Kind.FILE)

    assert rendered.missing_glyphs == []
    # The cover: organisation, year and the date of the data.
    assert squeeze("องค์การบริหารส่วนตำบลน้ำใสท่าทราย") in cover
    assert squeeze("รายงานการเปิดเผยข้อมูลสาธารณะ (OIT)") in cover
    assert squeeze("ประจำปีงบประมาณ พ.ศ. 2569") in cover
    assert squeeze("ข้อมูล ณ วันที่ 5 มีนาคม 2569") in cover
    assert squeeze("ข้อที่ยังไม่มีข้อมูลที่เผยแพร่ O3") in cover
    for item in Item.objects.filter(year=year):
        assert squeeze(f"{item.code} {item.title_th}") in body
        assert f"{BASE}/ita/2569/{item.code}/" in body  # the URL its QR code encodes
    o1 = between(body, "O1 โครงสร้างและอำนาจหน้าที่", "O2 สถิติเรื่องร้องเรียน")
    assert squeeze("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล") in o1
    assert squeeze("หน้าหลัก > ข้อมูลหน่วยงาน > โครงสร้าง") in o1
    # Each evidence: its title, the date (read beside the title), then what it is.
    assert squeeze("อำนาจหน้าที่ของท่านนายก 3 ต.ค. 2568 ดำเนินการจัดหาน้ำสะอาดให้ประชาชน") in o1
    assert squeeze("แผนผังโครงสร้าง https://www.nambsai.go.th/structure/") in o1
    assert squeeze(f"รายงาน.pdf {BASE}/files/{file_evidence.pk}/รายงาน.pdf") in o1
    o2 = between(body, "O2 สถิติเรื่องร้องเรียน", "O3 การมีส่วนร่วมของประชาชน")
    assert squeeze("ไม่มีข้อมูลที่ต้องรายงาน ไม่มีเรื่องร้องเรียนในรอบ 6 เดือนแรก") in o2
    assert "ยังไม่มีข้อมูลที่เผยแพร่" not in o2
    # An item with nothing published says so; its explanation is the website's own path.
    o3 = between(body, "O3 การมีส่วนร่วมของประชาชน", "ตัวชี้วัดที่ 10")
    assert "ยังไม่มีข้อมูลที่เผยแพร่" in o3
    assert squeeze("หน้าหลัก > ITA 2569 > O3 การมีส่วนร่วมของประชาชน") in o3
    # The item carrying the measures lists the published ones and points at their report.
    o25 = between(body, "O25 การนำผลการประเมินไปพัฒนา", None)
    assert squeeze("ตัวชี้วัดที่ 10 การป้องกันการทุจริต") in o25
    assert squeeze("มาตรการที่ 1 มาตรการประหยัดน้ำและพลังงาน") in o25
    assert f"{BASE}/ita/2569/measures.pdf" in o25
    assert "ยังไม่มีข้อมูลที่เผยแพร่" not in o25
    # Drafts never appear.
    assert squeeze("ร่างคำสั่งที่ยังไม่เผยแพร่") not in text
    assert squeeze("มาตรการฉบับร่างที่ยังไม่เผยแพร่") not in text


def test_the_table_of_contents_gives_each_item_its_page(year):
    rendered = render(year)
    _, toc, _ = cover_contents_body(rendered.content)

    assert rendered.missing_glyphs == []
    assert toc.startswith("สารบัญ")
    # Cover 1, contents 2: the first indicator and its first item start on page 3.
    assert re.search(leader_to("ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล") + r"3(?!\d)", toc)
    assert re.search(leader_to("O1 โครงสร้างและอำนาจหน้าที่") + r"3(?!\d)", toc)
    assert re.search(leader_to("O3 การมีส่วนร่วมของประชาชน (ยังไม่มีข้อมูล)") + r"\d", toc)
    # The second indicator starts a new page.
    assert re.search(leader_to("ตัวชี้วัดที่ 10 การป้องกันการทุจริต") + r"[4-9]", toc)


def test_thai_digits_in_page_numbers_dates_and_counts_but_not_in_codes_or_urls(year):
    rendered = render(year, digits="thai")
    text = squeeze(extract_text(rendered.content))
    arabic = squeeze(extract_text(render(year, digits="arabic").content))

    assert rendered.missing_glyphs == []
    pages = rendered.pages
    assert f"หน้า๒/{str(pages).translate(str.maketrans('0123456789', '๐๑๒๓๔๕๖๗๘๙'))}" in text
    assert f"หน้า2/{pages}" in arabic
    assert squeeze("ข้อมูล ณ วันที่ ๕ มีนาคม ๒๕๖๙") in text
    assert squeeze("ประจำปีงบประมาณ พ.ศ. ๒๕๖๙") in text
    assert squeeze("๓ ต.ค. ๒๕๖๘") in text
    assert re.search(leader_to("O1 โครงสร้างและอำนาจหน้าที่") + "๓", text)
    # Item codes, URLs and what staff typed keep their digits.
    assert squeeze("O25 การนำผลการประเมินไปพัฒนา") in text
    assert f"{BASE}/ita/2569/O1/" in text
    assert squeeze("ในรอบ 6 เดือนแรก") in text


def test_a_year_without_items_is_an_honest_short_report(factory):
    organisation = factory.organisation()
    organisation.logo.name = "logo/missing.png"  # the file is gone: no image, no error
    organisation.save()
    empty = factory.year(2570, status=FiscalYear.Status.OPEN)

    rendered = render(empty)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    assert page_count(rendered.content) == rendered.pages == 2
    assert "ยังไม่มีข้อมูล" in text
    assert squeeze("ยังไม่มีข้อมูลที่เผยแพร่") in text  # instead of a date of the data
    assert "สารบัญ" not in text


def test_a_year_whose_items_have_nothing_published_marks_each_item(factory):
    factory.organisation()
    year = factory.year(2570, status=FiscalYear.Status.OPEN)
    for code in ("O1", "O2"):
        item = factory.item(year, code=code)
        factory.evidence(item, title=f"ร่างของ {code}", is_published=False)

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert rendered.missing_glyphs == []
    body = cover_contents_body(rendered.content)[2]
    assert body.count(squeeze("ยังไม่มีข้อมูลที่เผยแพร่")) == 2
    assert "ร่างของ" not in text


def test_staff_markup_is_printed_as_text(factory, year):
    item = Item.objects.get(year=year, code="O2")
    factory.evidence(
        item,
        title="<script>alert(1)</script> <b>ตัวหนา</b>",
        body="<script>alert(2)</script> <i>เอียง</i>",
        text_format=Evidence.TextFormat.MARKDOWN,
    )
    item.explanation = "หน้าหลัก > <b>ข่าว</b>"
    item.save()
    context = REPORTS["report"].context(year, Organisation.current())

    html = render_to_string("reports/disclosure.html", {**context, "counter_style": "decimal"})
    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert "<script>" not in html and "<b>ตัวหนา" not in html and "<b>ข่าว" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;ตัวหนา&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert squeeze("<script>alert(1)</script> <b>ตัวหนา</b>") in text
    assert squeeze("<script>alert(2)</script>") in text
    assert squeeze("หน้าหลัก > <b>ข่าว</b>") in text
    assert rendered.missing_glyphs == []


# Right margins in points: 2 cm on the A4 portrait pages, 1.5 cm on the landscape ones.
PORTRAIT_WIDTH, PORTRAIT_MARGIN, LANDSCAPE_MARGIN = 595.3, 56.7, 42.5


def words_in_right_margin(content: bytes) -> list[str]:
    """Words printed in (or beyond) the right margin of their page, portrait or landscape."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        command = ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"]
        xhtml = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    outside = []
    for width, page in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', xhtml, re.DOTALL):
        margin = PORTRAIT_MARGIN if float(width) < PORTRAIT_WIDTH + 1 else LANDSCAPE_MARGIN
        words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', page)
        outside += [word for x_max, word in words if float(x_max) > float(width) - margin + 1]
    return outside


def test_long_urls_and_file_names_wrap_inside_the_page(factory, year):
    item = Item.objects.get(year=year, code="O2")
    factory.evidence(item, kind=Evidence.Kind.LINK, title="ลิงก์ยาวมาก", url=LONG_URL)
    # Bold text before a long word once widened the whole evidence table past the page.
    factory.evidence(
        item,
        title="ข้อความมีลิงก์ยาว",
        body=f"**ดูที่** {LONG_URL}",
        text_format=Evidence.TextFormat.MARKDOWN,
    )
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, title="ไฟล์ชื่อยาว")
    evidence.original_filename = LONG_FILE_NAME
    evidence.save()

    rendered = render(year)
    text = squeeze(extract_text(rendered.content))

    assert len(LONG_URL) > 300
    assert rendered.missing_glyphs == []
    assert LONG_URL in text
    assert squeeze(LONG_FILE_NAME) in text
    # Nothing is printed in the right margin, neither in the items nor in the ITAS sheet.
    assert words_in_right_margin(rendered.content) == []


def test_the_pdf_is_served_for_public_years_only(client, factory, year):
    factory.year(2570, status=FiscalYear.Status.PREPARING)

    public = client.get("/ita/2569/report.pdf")
    assert public.status_code == 200
    assert public["Content-Type"] == "application/pdf"
    assert squeeze("O1 โครงสร้างและอำนาจหน้าที่") in squeeze(extract_text(public.content))
    assert client.get("/ita/2500/report.pdf").status_code == 404
    assert client.get("/ita/2570/report.pdf").status_code == 404

    client.force_login(factory.staff("coordinator"))
    assert client.get("/ita/2570/report.pdf").status_code == 200


def test_staff_downloads_show_published_content_only(client, factory, year):
    client.force_login(factory.staff("coordinator"))

    text = squeeze(extract_text(client.get("/ita/2569/report.pdf").content))

    assert squeeze("อำนาจหน้าที่ของท่านนายก") in text
    assert squeeze("ร่างคำสั่งที่ยังไม่เผยแพร่") not in text


def test_the_year_page_links_to_the_report(client, year):
    page = client.get("/ita/2569/").content.decode()

    assert 'href="/ita/2569/report.pdf"' in page
    assert "รายงาน PDF" in page


def fill(year: FiscalYear, items: int, evidence_per_item: int, measures: int) -> None:
    """A year of ``items`` items with ``evidence_per_item`` pieces each (the fifth and
    the tenth drafts), and ``measures`` published measures with a method and an update each."""
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
            is_published=k % 5 != 4,
            order=k,
        )
        for item in Item.objects.filter(year=year)
        for k in range(evidence_per_item)
    )
    for number in range(1, measures + 1):
        add_measure(year, number, f"มาตรการ {number}")
    Programme.objects.create(year=year, report_item=Item.objects.get(year=year, code="O1"))


def test_the_context_reads_a_fixed_number_of_queries(factory, django_assert_num_queries):
    small = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    large = factory.year(2570, status=FiscalYear.Status.OPEN)
    fill(small, items=1, evidence_per_item=1, measures=1)
    fill(large, items=40, evidence_per_item=10, measures=8)
    context = REPORTS["report"].context

    # The items with their indicators and roles; their published evidence; the published
    # measures with their methods, the methods' units, attachments and public updates, and
    # the measures' target indicators and items (measures.presenters.year_measures); the
    # ITAS sheet's items with their state, and their published evidence (itas.sheet_rows).
    for year in (small, large):
        with django_assert_num_queries(11):
            result = context(year, None)
        assert result["item_count"] == (1 if year == small else 40)

    assert result["evidence_count"] == 40 * 8
    assert result["ready_count"] == 40
    assert len(result["itas_rows"]) == 40
    assert all(len(row.links) == 1 + 8 for row in result["itas_rows"])  # page + published
