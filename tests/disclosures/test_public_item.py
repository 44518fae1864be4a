"""/ita/<year>/<code>/: the stable public page of one OIT item and its evidence."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from disclosures.models import Evidence, FiscalYear, Item, SubIndicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569, is_current=True)


@pytest.fixture
def item(factory, year) -> Item:
    basics = SubIndicator.objects.create(
        indicator=year.indicators.get(number=9), number="9.1", name_th="ข้อมูลพื้นฐาน"
    )
    return factory.item(
        year,
        code="O1",
        title_th="โครงสร้างหน่วยงาน",
        sub_indicator=basics,
        explanation="หน้าหลัก > ITA > O1",
    )


def evidence_heading(html: str, title: str) -> str:
    """The heading of the evidence titled `title`, with its badges."""
    start = html.index(f"<h3>{title}")
    return html[start : html.index("</h3>", start)]


def test_it_shows_the_item_with_its_indicator(client, item):
    r = client.get("/ita/2569/O1/")
    assert r.status_code == 200
    assert '<h1><span class="code">O1</span> โครงสร้างหน่วยงาน</h1>' in r.text
    assert "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล · 9.1 ข้อมูลพื้นฐาน" in r.text
    assert "ปีงบประมาณ พ.ศ. 2569" in r.text
    assert "หน้าหลัก &gt; ITA &gt; O1" in r.text


def test_it_says_so_when_nothing_is_published(client, factory, item):
    factory.evidence(item, title="ร่างโครงสร้าง", is_published=False)
    r = client.get("/ita/2569/O1/")
    assert "ยังไม่มีข้อมูลที่เผยแพร่สำหรับข้อนี้" in r.text
    assert "ร่างโครงสร้าง" not in r.text


def test_it_shows_text_evidence_as_paragraphs(client, factory, item):
    factory.evidence(item, title="แผนภูมิ", body="ย่อหน้าแรก\nบรรทัดต่อมา\n\nย่อหน้าที่สอง")
    r = client.get("/ita/2569/O1/")
    assert "<p>ย่อหน้าแรก<br>บรรทัดต่อมา</p>\n\n<p>ย่อหน้าที่สอง</p>" in r.text


def test_it_renders_markdown_with_the_allowed_tags(client, factory, item):
    factory.evidence(
        item,
        title="อำนาจหน้าที่",
        text_format=Evidence.TextFormat.MARKDOWN,
        body=(
            "**สำคัญ**\n\n- ข้อหนึ่ง\n- ข้อสอง\n\n"
            "[ประกาศ](https://www.example.go.th/a) [กด](javascript:alert(1))\n\n"
            "`ค่า < 5` และ <https://www.example.go.th/b>"
        ),
    )
    r = client.get("/ita/2569/O1/")
    assert "<strong>สำคัญ</strong>" in r.text
    assert "<ul>\n<li>ข้อหนึ่ง</li>\n<li>ข้อสอง</li>\n</ul>" in r.text
    assert '<a href="https://www.example.go.th/a" rel="noopener noreferrer nofollow">' in r.text
    assert "javascript:" not in r.text
    # "<" in code reads as "<", not "&lt;"; an autolink is a link.
    assert "<code>ค่า &lt; 5</code>" in r.text
    assert '<a href="https://www.example.go.th/b" rel="noopener noreferrer nofollow">' in r.text


@pytest.mark.parametrize("text_format", [Evidence.TextFormat.PLAIN, Evidence.TextFormat.MARKDOWN])
def test_it_escapes_html_in_bodies_and_titles(client, factory, item, text_format):
    factory.evidence(
        item,
        title="<script>alert('title')</script>",
        text_format=text_format,
        body="<script>alert('body')</script>\n\n<img src=x onerror=alert(1)>",
    )
    r = client.get("/ita/2569/O1/")
    assert "<script>" not in r.text
    assert "<img src=x" not in r.text
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in r.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in r.text


def test_it_shows_link_evidence_with_its_label(client, factory, item):
    factory.evidence(
        item,
        kind=Evidence.Kind.LINK,
        title="แผนผังองค์กร",
        url="https://www.example.go.th/structure",
        link_label="ดูแผนผังองค์กร",
    )
    r = client.get("/ita/2569/O1/")
    assert '<a href="https://www.example.go.th/structure" rel="noopener">ดูแผนผังองค์กร</a>' in r.text


def test_it_shows_a_link_without_label_as_its_url(client, factory, item):
    factory.evidence(item, kind=Evidence.Kind.LINK, url="https://www.example.go.th/x")
    r = client.get("/ita/2569/O1/")
    assert ">https://www.example.go.th/x</a>" in r.text


def test_it_offers_file_evidence_under_its_original_name(client, factory, item):
    evidence = factory.evidence(item, kind=Evidence.Kind.FILE, title="คำสั่งแบ่งงาน")
    r = client.get("/ita/2569/O1/")
    assert evidence.original_filename == "รายงาน.pdf"
    assert f'<a class="file-link" href="{evidence.get_download_url()}">รายงาน.pdf</a>' in r.text
    assert "(PDF, 1 KB)" in r.text
    # The link works.
    assert client.get(evidence.get_download_url()).status_code == 200


def test_it_states_there_is_nothing_to_report_and_why(client, factory, item):
    factory.evidence(item, kind=Evidence.Kind.NOTHING, title="เรื่องร้องเรียน", body="ไม่มีเรื่องร้องเรียน")
    r = client.get("/ita/2569/O1/")
    assert "<strong>ไม่มีข้อมูลที่ต้องรายงาน</strong>" in r.text
    assert "<p>ไม่มีเรื่องร้องเรียน</p>" in r.text


def test_it_hides_drafts_from_visitors(client, factory, item):
    factory.evidence(item, title="ฉบับเผยแพร่")
    factory.evidence(item, title="ฉบับร่างลับ", is_published=False)
    r = client.get("/ita/2569/O1/")
    assert "ฉบับเผยแพร่" in r.text
    assert "ฉบับร่างลับ" not in r.text
    assert "ร่าง ยังไม่เผยแพร่" not in r.text


def test_it_shows_drafts_to_staff_with_a_badge(client, factory, item):
    factory.evidence(item, title="ฉบับเผยแพร่")
    factory.evidence(item, title="ฉบับร่างลับ", is_published=False)
    client.force_login(factory.staff())

    r = client.get("/ita/2569/O1/")
    assert "คุณกำลังดูในฐานะเจ้าหน้าที่" in r.text
    assert "ร่าง ยังไม่เผยแพร่" in evidence_heading(r.text, "ฉบับร่างลับ")
    assert "ร่าง ยังไม่เผยแพร่" not in evidence_heading(r.text, "ฉบับเผยแพร่")


def test_it_shows_when_published_evidence_last_changed_in_thai(client, factory, item):
    published = factory.evidence(item)
    draft = factory.evidence(item, is_published=False)
    Evidence.objects.filter(pk=published.pk).update(
        published_at=datetime(2026, 1, 15, 3, tzinfo=UTC)
    )
    Evidence.objects.filter(pk=draft.pk).update(updated_at=datetime(2026, 3, 1, 3, tzinfo=UTC))
    Item.objects.filter(pk=item.pk).update(explanation_published_at=None)
    client.force_login(factory.staff())  # even staff: a draft is not an update

    r = client.get("/ita/2569/O1/")
    assert "ปรับปรุงล่าสุด" in r.text
    assert '<time datetime="2026-01-15T10:00:00+07:00">15 มกราคม 2569</time>' in r.text


def test_it_shows_the_document_date_in_thai(client, factory, item):
    factory.evidence(item)  # document_date 2025-11-01
    r = client.get("/ita/2569/O1/")
    assert '<time datetime="2025-11-01">1 พฤศจิกายน 2568</time>' in r.text


def test_it_links_the_neighbouring_items(client, factory, year, item):
    factory.item(year, code="O2", order=item.order + 1, title_th="ข้อมูลผู้บริหาร")
    r = client.get("/ita/2569/O2/")
    assert '<a rel="prev" href="/ita/2569/O1/">← O1 โครงสร้างหน่วยงาน</a>' in r.text
    assert 'rel="next"' not in r.text


def test_it_redirects_a_lower_case_code_to_the_canonical_url(client, item):
    r = client.get("/ita/2569/o1/")
    assert r.status_code == 301
    assert r["Location"] == "/ita/2569/O1/"


def test_it_answers_a_head_request(client, item):
    # Link checkers (and the NACC's) may check a submitted URL with HEAD.
    r = client.head("/ita/2569/O1/")
    assert r.status_code == 200


def test_it_answers_404_for_an_unknown_code(client, item):
    r = client.get("/ita/2569/O99/")
    assert r.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in r.text


def test_it_answers_404_for_an_item_of_another_year(client, factory, item):
    factory.year(2568)
    assert client.get("/ita/2568/O1/").status_code == 404


def test_it_hides_items_of_a_year_being_prepared(client, factory):
    year = factory.year(2570, status=FiscalYear.Status.PREPARING)
    factory.evidence(factory.item(year, code="O1"), title="ข้อมูลปีหน้า")

    r = client.get("/ita/2570/O1/")
    assert r.status_code == 404
    assert "ข้อมูลปีหน้า" not in r.text

    client.force_login(factory.staff())
    r = client.get("/ita/2570/O1/")
    assert r.status_code == 200
    assert "ข้อมูลปีหน้า" in r.text


def test_it_answers_in_english_under_en(client, item):
    r = client.get("/en/ita/2569/O1/")
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    # The language link leads back to the Thai page.
    assert '<a href="/ita/2569/O1/" lang="th" hreflang="th">' in r.text


def test_it_answers_in_thai_and_links_the_english_page(client, item):
    r = client.get("/ita/2569/O1/")
    assert '<html lang="th">' in r.text
    assert '<a href="/en/ita/2569/O1/" lang="en" hreflang="en">English</a>' in r.text


def test_it_redirects_a_lower_case_code_within_english(client, item):
    r = client.get("/en/ita/2569/o1/")
    assert r.status_code == 301
    assert r["Location"] == "/en/ita/2569/O1/"


@pytest.mark.parametrize("n_evidence", [1, 30])
def test_it_runs_the_same_queries_however_much_evidence(
    client, year, item, n_evidence, django_assert_num_queries
):
    Evidence.objects.bulk_create(
        Evidence(item=item, title=f"หลักฐาน {n}", body="ข้อความ", is_published=True)
        for n in range(n_evidence)
    )
    cache.clear()

    # 1: the content version, for the page-cache key
    # 2: the item, with its year, indicator, instrument and sub-indicator, and whether it
    #    carries the year's measures (EXISTS subqueries: no query of its own)
    # 3: the item's published evidence (prefetched)
    # 4: the codes and titles of the year's items, for the previous and next links
    # 5: the organisation, for the header and footer
    # 6: the organisation's channels (prefetched with it)
    # (required elements are shown to staff only and not fetched for visitors)
    with django_assert_num_queries(6):
        r = client.get("/ita/2569/O1/")

    assert r.text.count('<div class="evidence evidence-text">') == n_evidence


def test_an_image_file_is_shown_on_the_page_and_a_pdf_is_only_linked(client, factory, item):
    import io as _io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = _io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buffer, "PNG")
    chart = factory.evidence(
        item,
        kind=Evidence.Kind.FILE,
        title="แผนผังโครงสร้าง",
        file=SimpleUploadedFile("แผนผัง.png", buffer.getvalue(), "image/png"),
    )
    report = factory.evidence(item, kind=Evidence.Kind.FILE, title="รายงานประจำปี")

    html = client.get("/ita/2569/O1/").text

    assert (
        f'<img class="evidence-image" src="{chart.get_download_url()}" alt="แผนผังโครงสร้าง"' in html
    )
    assert f'src="{report.get_download_url()}"' not in html
    assert f'href="{report.get_download_url()}"' in html


@pytest.mark.parametrize("n_items", [10, 100])
def test_it_runs_the_same_queries_however_many_items_the_year_has(
    client, factory, year, n_items, django_assert_num_queries
):
    items = [factory.item(year, code=f"O{n}", order=n) for n in range(1, n_items + 1)]
    for item in items:
        factory.evidence(item)
    cache.clear()

    # 1: the content version
    # 2: the item with its year, indicator, instrument and sub-indicator (and, as EXISTS
    #    subqueries, whether it carries the year's measures)
    # 3: its published evidence
    # 4: the codes and titles of the year's items, for the previous and next links
    # 5-6: the organisation and its channels
    with django_assert_num_queries(6):
        response = client.get("/ita/2569/O5/")

    assert 'rel="prev" href="/ita/2569/O4/"' in response.text
    assert 'rel="next" href="/ita/2569/O6/"' in response.text


def test_a_published_explanation_counts_as_a_change_but_a_draft_does_not(client, factory, item):
    published = factory.evidence(item)
    Evidence.objects.filter(pk=published.pk).update(
        published_at=datetime(2026, 1, 15, 3, tzinfo=UTC)
    )
    Item.objects.filter(pk=item.pk).update(
        explanation_published_at=datetime(2026, 2, 20, 3, tzinfo=UTC),
        explanation_draft="ร่างใหม่ที่ยังไม่เผยแพร่",
        explanation_status="submitted",
    )

    r = client.get("/ita/2569/O1/")
    assert '<time datetime="2026-02-20T10:00:00+07:00">20 กุมภาพันธ์ 2569</time>' in r.text
    assert "ร่างใหม่ที่ยังไม่เผยแพร่" not in r.text
