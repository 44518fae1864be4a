"""/ita/<year>/measures/: the analysis of last year's result, then every measure of the year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from disclosures.models import FiscalYear
from measures.models import (
    Analysis,
    Division,
    IndicatorScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
)

pytestmark = pytest.mark.django_db

URL = "/ita/2569/measures/"


def add_measure(year: FiscalYear, number: int, methods: int = 1, **kwargs) -> Measure:
    """A measure with `methods` methods, each owned by a division."""
    measure = Measure.objects.create(
        year=year, number=number, title=kwargs.pop("title", f"มาตรการทดสอบ {number}"), **kwargs
    )
    division, _ = Division.objects.get_or_create(name="สำนักปลัด")
    for order in range(1, methods + 1):
        method = Method.objects.create(
            measure=measure,
            order=order,
            text=f"วิธีการ {number}.{order}",
            period_text="ต.ค. ๖๘ – ก.ย. ๖๙",
        )
        method.units.add(division)
    return measure


def measure_block(html: str, number: int) -> str:
    start = html.index(f'<tbody id="measure-{number}">')
    return html[start : html.index("</tbody>", start)]


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    return factory.year(2569, is_current=True)


def test_it_shows_each_measure_spanning_its_methods_with_owners_periods_and_status(client, year):
    measure = add_measure(year, 1, methods=2, title="ส่งเสริมการปฏิบัติตามประมวลจริยธรรม")
    first, second = measure.methods.order_by("order")
    first.status = Method.Status.DONE
    first.result = "จัดประชุมแล้ว"
    first.recommendation = "ควรจัดทุกปี"
    first.save()
    second.units.clear()
    second.responsible_text = "ทุกส่วนราชการ"
    second.period_text = ""
    second.start_year, second.start_month, second.end_year, second.end_month = 2568, 10, 2569, 3
    second.save()

    r = client.get(URL)

    assert r.status_code == 200
    block = measure_block(r.text, 1)
    assert 'rowspan="2"' in block
    assert '<a class="measure-link" href="/ita/2569/measures/1/">' in block
    assert "ส่งเสริมการปฏิบัติตามประมวลจริยธรรม" in block
    assert '<td data-label="ผู้รับผิดชอบ">สำนักปลัด</td>' in block
    assert '<td data-label="ผู้รับผิดชอบ">ทุกส่วนราชการ</td>' in block
    assert '<td data-label="ระยะเวลาดำเนินการ">ต.ค. ๖๘ – ก.ย. ๖๙</td>' in block
    assert '<td data-label="ระยะเวลาดำเนินการ">ต.ค. 2568 – มี.ค. 2569</td>' in block
    assert '<span class="status status-done">ดำเนินการแล้ว</span>' in block
    assert '<span class="status status-not_started">ยังไม่เริ่ม</span>' in block
    assert "<p>จัดประชุมแล้ว</p>" in block and "<p>ควรจัดทุกปี</p>" in block


def test_the_table_has_the_columns_of_the_printed_report(client, year):
    add_measure(year, 1)
    html = client.get(URL).text
    head = html[html.index('<table class="data-table stack measures-table') :]
    head = head[: head.index("</thead>")]
    columns = [
        "มาตรการ/แนวทาง",
        "วิธีการดำเนินการ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "สถานะ",
        "ผลการดำเนินการ",
        "ข้อเสนอแนะ",
    ]
    positions = [head.index(f">{name}</th>") for name in columns]
    assert positions == sorted(positions)


def test_a_measure_without_methods_still_shows(client, year):
    add_measure(year, 1, methods=0)
    block = measure_block(client.get(URL).text, 1)
    assert "ยังไม่ได้ระบุวิธีการดำเนินการ" in block
    assert "rowspan" not in block


def test_it_lists_attachments_files_through_the_portal_and_links_as_they_are(client, year):
    method = add_measure(year, 1).methods.get()
    MethodAttachment.objects.create(
        method=method, title="ภาพกิจกรรม", url="https://www.example.go.th/g"
    )
    r = client.get(URL)
    assert '<a href="https://www.example.go.th/g" rel="noopener">ภาพกิจกรรม</a>' in r.text


def test_the_analysis_shows_last_years_indicator_score_status_and_texts(client, year):
    previous = FiscalYear.objects.get(year=2568)
    indicator = previous.indicators.get(number=1)
    IndicatorScore.objects.create(indicator=indicator, score=Decimal("84.37"))
    Programme.objects.create(year=year, analysis_intro="ผลปี 2568 ได้ 92.38 คะแนน")
    Analysis.objects.create(
        year=year,
        indicator=indicator,
        status=Analysis.Status.IMPROVE,
        weaknesses="ยังมอบหมายงานไม่เป็นธรรม",
        improvements="จัดทำหลักเกณฑ์",
        application="ประชุมชี้แจงทุกไตรมาส",
    )
    Analysis.objects.create(
        year=year, indicator=previous.indicators.get(number=9), status=Analysis.Status.MAINTAIN
    )

    r = client.get(URL)

    assert "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in r.text
    # The introduction comes before the analysis table.
    assert r.text.index("ผลปี 2568 ได้ 92.38 คะแนน") < r.text.index("analysis-table")
    assert '<td class="num" data-label="คะแนนปี 2568">84.37</td>' in r.text
    assert "ต้องพัฒนา" in r.text and "ได้คะแนนเต็ม/ผ่านแล้ว รักษามาตรฐาน" in r.text
    assert "<p>ยังมอบหมายงานไม่เป็นธรรม</p>" in r.text
    assert '<td class="num" data-label="คะแนนปี 2568">–</td>' in r.text  # indicator 9: no score
    # The analysis comes before the measures.
    assert r.text.index("analysis-table") < r.text.index("measures-heading")


def test_staff_text_is_escaped(client, year):
    measure = add_measure(year, 1, title="<script>alert('title')</script>")
    method = measure.methods.get()
    method.result = "<script>alert('result')</script>"
    method.text = "<img src=x onerror=alert(1)>"
    method.save()
    Programme.objects.create(year=year, foreword="<b>คำนำ</b>")

    html = client.get(URL).text

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<b>คำนำ</b>" not in html
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#x27;result&#x27;)&lt;/script&gt;" in html


def test_texts_keep_their_paragraphs_and_urls_become_links(client, year):
    method = add_measure(year, 1).methods.get()
    method.text = "1. จัดประชุม\n2. ติดประกาศ"
    method.result = "จัดประชุมแล้ว\nผู้เข้าร่วม 45 คน\n\nรายงาน https://www.example.go.th/report/1"
    method.save()

    html = client.get(URL).text

    assert "<p>1. จัดประชุม<br>2. ติดประกาศ</p>" in html
    assert (
        "<p>จัดประชุมแล้ว<br>ผู้เข้าร่วม 45 คน</p>\n\n"
        '<p>รายงาน <a href="https://www.example.go.th/report/1" rel="nofollow">'
        "https://www.example.go.th/report/1</a></p>"
    ) in html


def test_private_progress_never_shows_publicly_and_staff_see_it(client, factory, year):
    method = add_measure(year, 1).methods.get()
    ProgressUpdate.objects.create(method=method, date=date(2025, 11, 15), text="ประชุมแล้ว")
    ProgressUpdate.objects.create(
        method=method, date=date(2026, 2, 1), text="บันทึกภายใน", is_public=False
    )

    html = client.get(URL).text
    assert '<time datetime="2025-11-15">15 พ.ย. 2568</time>' in html  # the latest public one
    assert "2026-02-01" not in html

    client.force_login(factory.staff())
    html = client.get(URL).text
    assert '<time datetime="2026-02-01">1 ก.พ. 2569</time>' in html


def test_an_empty_year_says_so(client, year):
    r = client.get(URL)
    assert r.status_code == 200
    assert "ยังไม่มีมาตรการของปีนี้" in r.text
    assert "ยังไม่มีการวิเคราะห์ผลการประเมินของปีนี้" in r.text


def test_it_answers_404_for_an_unknown_year(client, year):
    assert client.get("/ita/2500/measures/").status_code == 404


def test_a_year_being_prepared_is_shown_to_staff_only(client, factory, year):
    preparing = factory.year(2570, status=FiscalYear.Status.PREPARING)
    add_measure(preparing, 1, title="มาตรการปีหน้า")

    r = client.get("/ita/2570/measures/")
    assert r.status_code == 404
    assert "มาตรการปีหน้า" not in r.text

    client.force_login(factory.staff())
    r = client.get("/ita/2570/measures/")
    assert r.status_code == 200
    assert "มาตรการปีหน้า" in r.text
    assert "private" in r["Cache-Control"]


def test_it_is_cached_for_visitors_and_an_edit_shows_at_once(client, year):
    measure = add_measure(year, 1)
    assert client.get(URL)["X-Page-Cache"] == "miss"
    assert client.get(URL)["X-Page-Cache"] == "hit"

    method = measure.methods.get()
    method.result = "ผลใหม่ล่าสุด"
    method.save()

    r = client.get(URL)
    assert r["X-Page-Cache"] == "miss"
    assert "ผลใหม่ล่าสุด" in r.text


def test_it_answers_in_english_under_en(client, year):
    add_measure(year, 1)
    r = client.get("/en" + URL)
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert 'href="/en/ita/2569/measures/1/"' in r.text


@pytest.mark.parametrize(("n_measures", "n_methods"), [(2, 2), (15, 4)])
def test_it_runs_the_same_queries_however_many_measures(
    client, year, n_measures, n_methods, django_assert_num_queries
):
    previous = FiscalYear.objects.get(year=2568)
    Programme.objects.create(year=year, analysis_intro="บทนำ")
    for number in range(1, n_measures + 1):
        measure = add_measure(year, number, methods=n_methods)
        measure.indicators.add(year.indicators.get(number=9))
        for method in measure.methods.all():
            MethodAttachment.objects.create(method=method, title="ลิงก์", url="https://e.go.th/a")
            ProgressUpdate.objects.create(method=method, date=date(2025, 12, 1), text="คืบหน้า")
    for indicator in previous.indicators.all()[:n_measures]:
        IndicatorScore.objects.create(indicator=indicator, score=Decimal("90"))
        Analysis.objects.create(year=year, indicator=indicator)
    cache.clear()

    # 1: the content version, for the page-cache key
    # 2: the year, with its programme (select_related)
    # 3: the analysis, with each indicator, its instrument and its score
    # 4: the measures
    # 5: their methods
    # 6: the methods' owning divisions
    # 7: the methods' attachments
    # 8: the methods' public progress updates (the latest date shows)
    # 9: the measures' target indicators
    # 10: the measures' target items
    # 11: the organisation, for the header and footer
    # 12: the organisation's channels (prefetched with it)
    with django_assert_num_queries(12):
        r = client.get(URL)

    assert r.text.count('<tbody id="measure-') == n_measures
    assert r.text.count('<td data-label="วิธีการดำเนินการ">') == n_measures * n_methods
