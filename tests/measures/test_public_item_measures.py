"""The OIT items that carry the measures (set per year: Programme.measures_item and
report_item) show them on their item pages, from the same records as the measures pages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from disclosures.models import FiscalYear, Item
from measures.models import (
    Analysis,
    IndicatorScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
)

pytestmark = pytest.mark.django_db


def add_measure(year: FiscalYear, number: int, methods: int = 1, **kwargs) -> Measure:
    measure = Measure.objects.create(
        year=year, number=number, title=kwargs.pop("title", f"มาตรการทดสอบ {number}"), **kwargs
    )
    for order in range(1, methods + 1):
        Method.objects.create(
            measure=measure,
            order=order,
            text=f"วิธีการ {number}.{order}",
            responsible_text="สำนักปลัด",
            result=f"ผลของวิธีการ {number}.{order}",
        )
    return measure


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    return factory.year(2569, is_current=True)


@pytest.fixture
def items(factory, year) -> tuple[Item, Item, Item]:
    """O25 carries the analysis and measures, O26 the report; O1 is an ordinary item."""
    plain = factory.item(year, code="O1", order=1)
    plan = factory.item(year, code="O25", order=25, indicator=10, title_th="การนำผล ITA ไปพัฒนา")
    report = factory.item(year, code="O26", order=26, indicator=10, title_th="รายงานผลมาตรการ")
    Programme.objects.create(
        year=year, measures_item=plan, report_item=report, analysis_intro="บทนำการวิเคราะห์"
    )
    return plain, plan, report


@pytest.fixture
def content(year, items) -> Measure:
    previous = FiscalYear.objects.get(year=2568)
    indicator = previous.indicators.get(number=5)
    IndicatorScore.objects.create(indicator=indicator, score=Decimal("78.25"))
    Analysis.objects.create(year=year, indicator=indicator, weaknesses="จุดอ่อนที่พบ")
    measure = add_measure(year, 1, title="มาตรการป้องกันการทุจริต")
    method = measure.methods.get()
    method.status = Method.Status.DONE
    method.save()
    ProgressUpdate.objects.create(method=method, date=date(2025, 12, 5), text="ประชุมครั้งแรก")
    ProgressUpdate.objects.create(
        method=method, date=date(2026, 1, 5), text="บันทึกลับภายใน", is_public=False
    )
    return measure


def test_the_measures_item_shows_the_analysis_then_the_measures(client, content):
    r = client.get("/ita/2569/O25/")

    assert r.status_code == 200
    html = r.text
    assert "การวิเคราะห์ผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568" in html
    assert html.index("บทนำการวิเคราะห์") < html.index("จุดอ่อนที่พบ")
    assert '<td class="num" data-label="คะแนนปี 2568">78.25</td>' in html
    assert html.index("จุดอ่อนที่พบ") < html.index("มาตรการป้องกันการทุจริต")
    assert '<a class="measure-link" href="/ita/2569/measures/1/">' in html
    # The plan: no results, status or timeline.
    assert "ผลของวิธีการ 1.1" not in html
    assert "ประชุมครั้งแรก" not in html
    assert '<a href="/ita/2569/measures/">มาตรการทั้งหมดของปีนี้</a>' in html
    # Without evidence of its own, the item does not claim to have nothing.
    assert "ยังไม่มีข้อมูลที่เผยแพร่สำหรับข้อนี้" not in html


def test_the_report_item_shows_results_status_and_the_public_timeline(client, content):
    html = client.get("/ita/2569/O26/").text

    assert "ผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ พ.ศ. 2569" in html
    assert "จุดอ่อนที่พบ" not in html  # the analysis belongs to the measures item
    assert "<p>ผลของวิธีการ 1.1</p>" in html
    assert '<span class="status status-done">ดำเนินการแล้ว</span>' in html
    assert "ประชุมครั้งแรก" in html
    assert '<time datetime="2025-12-05">5 ธันวาคม 2568</time>' in html
    assert "บันทึกลับภายใน" not in html


def test_staff_see_private_progress_on_the_report_item_marked(client, factory, content):
    client.force_login(factory.staff())
    html = client.get("/ita/2569/O26/").text
    assert "บันทึกลับภายใน" in html
    assert "ไม่เผยแพร่ เห็นเฉพาะเจ้าหน้าที่" in html


def test_one_source_of_truth_an_edit_shows_on_every_page_at_once(client, content):
    for url in ("/ita/2569/O26/", "/ita/2569/measures/", "/ita/2569/measures/1/"):
        assert "ผลของวิธีการ 1.1" in client.get(url).text

    method = content.methods.get()
    method.result = "ผลที่แก้ไขแล้ว"
    method.save()

    for url in ("/ita/2569/O26/", "/ita/2569/measures/", "/ita/2569/measures/1/"):
        html = client.get(url).text
        assert "ผลที่แก้ไขแล้ว" in html, url
        assert "ผลของวิธีการ 1.1" not in html, url


def test_the_item_keeps_its_own_evidence_too(client, factory, items, content):
    _plain, plan, _report = items
    factory.evidence(plan, title="รายงานการประชุมวิเคราะห์ผล")
    html = client.get("/ita/2569/O25/").text
    assert "รายงานการประชุมวิเคราะห์ผล" in html
    assert "มาตรการป้องกันการทุจริต" in html


def test_the_item_page_dates_itself_by_the_latest_change_of_the_measures(client, items, content):
    Measure.objects.filter(pk=content.pk).update(updated_at=datetime(2026, 3, 1, 3, tzinfo=UTC))
    Method.objects.update(updated_at=datetime(2026, 2, 1, 3, tzinfo=UTC))
    ProgressUpdate.objects.update(created_at=datetime(2026, 1, 1, 3, tzinfo=UTC))
    cache.clear()
    html = client.get("/ita/2569/O26/").text
    assert '<time datetime="2026-03-01T10:00:00+07:00">1 มีนาคม 2569</time>' in html


def test_other_items_show_no_measures(client, content):
    html = client.get("/ita/2569/O1/").text
    assert "มาตรการป้องกันการทุจริต" not in html
    assert "carried-measures" not in html


def test_the_carrying_items_follow_the_programme_of_each_year(client, factory, year, items):
    # 2568 uses other codes: whichever items the admin sets carry the content.
    previous = FiscalYear.objects.get(year=2568)
    carrier = factory.item(previous, code="O42", indicator=10)
    Programme.objects.create(year=previous, measures_item=carrier)
    add_measure(previous, 1, title="มาตรการของปี 2568")
    add_measure(year, 1, title="มาตรการของปี 2569")

    assert "มาตรการของปี 2568" in client.get("/ita/2568/O42/").text
    html = client.get("/ita/2569/O25/").text
    assert "มาตรการของปี 2569" in html and "มาตรการของปี 2568" not in html


@pytest.mark.parametrize(("n_measures", "n_methods"), [(2, 2), (15, 4)])
def test_the_measures_item_runs_the_same_queries_however_many_measures(
    client, year, items, n_measures, n_methods, django_assert_num_queries
):
    previous = FiscalYear.objects.get(year=2568)
    for indicator in previous.indicators.all():
        Analysis.objects.create(year=year, indicator=indicator)
    for number in range(1, n_measures + 1):
        measure = add_measure(year, number, methods=n_methods)
        for method in measure.methods.all():
            MethodAttachment.objects.create(method=method, title="ภาพ", url="https://e.go.th/p")
            ProgressUpdate.objects.create(method=method, date=date(2025, 12, 1), text="คืบหน้า")
    cache.clear()

    # 1: the content version, for the page-cache key
    # 2: the item, with its year, indicator, instrument and sub-indicator, and whether it
    #    carries the measures (EXISTS subqueries)
    # 3: the item's published evidence (prefetched)
    # 4: the programme that names the item
    # 5: the analysis, with each indicator, its instrument and its score
    # 6: the year's measures
    # 7: their methods
    # 8: the methods' owning divisions
    # 9: the methods' attachments
    # 10: the methods' public progress updates
    # 11: the measures' target indicators
    # 12: the measures' target items
    # 13: the codes and titles of the year's items, for the previous and next links
    # 14: the organisation, for the header and footer
    # 15: the organisation's channels (prefetched with it)
    with django_assert_num_queries(15):
        r = client.get("/ita/2569/O25/")

    assert r.text.count('<tbody id="measure-') == n_measures

    # The report item needs no analysis: one query fewer.
    cache.clear()
    with django_assert_num_queries(14):
        client.get("/ita/2569/O26/")
