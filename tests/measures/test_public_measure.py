"""/ita/<year>/measures/<number>/: one measure, its targets, methods and their timelines."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from disclosures.models import FiscalYear
from measures.models import Division, Measure, Method, MethodAttachment, ProgressUpdate

pytestmark = pytest.mark.django_db

URL = "/ita/2569/measures/1/"


def add_measure(year: FiscalYear, number: int, methods: int = 1, **kwargs) -> Measure:
    measure = Measure.objects.create(
        year=year, number=number, title=kwargs.pop("title", f"มาตรการทดสอบ {number}"), **kwargs
    )
    division, _ = Division.objects.get_or_create(name="กองคลัง")
    for order in range(1, methods + 1):
        method = Method.objects.create(measure=measure, order=order, text=f"วิธีการ {order}")
        method.units.add(division)
    return measure


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569, is_current=True)


@pytest.fixture
def measure(factory, year) -> Measure:
    measure = add_measure(year, 1, methods=2, title="เปิดเผยข้อมูลการจัดซื้อจัดจ้าง")
    measure.indicators.add(year.indicators.get(number=9))
    measure.items.add(factory.item(year, code="O12", title_th="แผนการจัดซื้อจัดจ้าง"))
    return measure


def test_it_shows_the_measure_its_targets_and_methods(client, measure):
    method = measure.methods.get(order=1)
    method.status = Method.Status.IN_PROGRESS
    method.result = "เผยแพร่แล้ว 6 เดือน"
    method.save()

    r = client.get(URL)

    assert r.status_code == 200
    assert "เปิดเผยข้อมูลการจัดซื้อจัดจ้าง</h1>" in r.text
    assert "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล" in r.text
    assert '<a href="/ita/2569/O12/"><span class="code">O12</span> แผนการจัดซื้อจัดจ้าง</a>' in r.text
    assert "วิธีการดำเนินการที่ 1" in r.text and "วิธีการดำเนินการที่ 2" in r.text
    assert '<span class="status status-in_progress">กำลังดำเนินการ</span>' in r.text
    assert "<dt>ผู้รับผิดชอบ</dt><dd>กองคลัง</dd>" in r.text
    assert "<p>เผยแพร่แล้ว 6 เดือน</p>" in r.text


def test_the_timeline_shows_public_updates_in_date_order_with_thai_dates(client, measure):
    method = measure.methods.get(order=1)
    ProgressUpdate.objects.create(
        method=method, date=date(2026, 1, 10), text="ครั้งที่ 2", url="https://e.go.th/2"
    )
    ProgressUpdate.objects.create(method=method, date=date(2025, 11, 15), text="ครั้งที่ 1")

    html = client.get(URL).text

    assert html.index("ครั้งที่ 1") < html.index("ครั้งที่ 2")
    assert '<time datetime="2025-11-15">15 พฤศจิกายน 2568</time>' in html
    assert '<a href="https://e.go.th/2" rel="noopener">ดูหลักฐาน</a>' in html
    assert "ยังไม่มีความคืบหน้าที่เผยแพร่" in html  # the second method has none


def test_private_updates_are_hidden_from_visitors_and_marked_for_staff(client, factory, measure):
    method = measure.methods.get(order=1)
    ProgressUpdate.objects.create(method=method, date=date(2025, 11, 15), text="ประกาศแล้ว")
    ProgressUpdate.objects.create(
        method=method, date=date(2026, 1, 10), text="บันทึกภายในลับ", is_public=False
    )

    html = client.get(URL).text
    assert "ประกาศแล้ว" in html
    assert "บันทึกภายในลับ" not in html
    assert "ไม่เผยแพร่ เห็นเฉพาะเจ้าหน้าที่" not in html

    client.force_login(factory.staff())
    r = client.get(URL)
    assert "บันทึกภายในลับ" in r.text
    private = r.text[r.text.index("timeline-private") : r.text.index("บันทึกภายในลับ")]
    assert "ไม่เผยแพร่ เห็นเฉพาะเจ้าหน้าที่" in private
    assert "private" in r["Cache-Control"]


def test_staff_text_is_escaped_and_paragraphs_kept(client, measure):
    method = measure.methods.get(order=1)
    method.result = "<script>alert('r')</script>\n\nดู https://e.go.th/x"
    method.save()
    ProgressUpdate.objects.create(method=method, date=date(2025, 11, 15), text="<b>หนา</b>")
    Measure.objects.filter(pk=measure.pk).update(title="<script>alert('t')</script>")

    html = client.get(URL).text

    assert "<script>alert" not in html and "<b>หนา</b>" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;</h1>" in html
    assert "<p>&lt;script&gt;alert(&#x27;r&#x27;)&lt;/script&gt;</p>" in html
    assert '<p>ดู <a href="https://e.go.th/x" rel="nofollow">https://e.go.th/x</a></p>' in html
    assert "<p>&lt;b&gt;หนา&lt;/b&gt;</p>" in html


def test_it_links_the_previous_and_next_measures(client, year, measure):
    add_measure(year, 2, title="มาตรการที่สอง")
    add_measure(year, 3, title="มาตรการที่สาม")

    html = client.get("/ita/2569/measures/2/").text

    assert '<a rel="prev" href="/ita/2569/measures/1/">← 1. เปิดเผยข้อมูลการจัดซื้อจัดจ้าง</a>' in html
    assert '<a rel="next" href="/ita/2569/measures/3/">3. มาตรการที่สาม →</a>' in html
    assert 'rel="next"' not in client.get("/ita/2569/measures/3/").text


def test_it_answers_404_for_an_unknown_number_or_year(client, factory, measure):
    assert client.get("/ita/2569/measures/99/").status_code == 404
    assert client.get("/ita/2500/measures/1/").status_code == 404
    factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    assert client.get("/ita/2568/measures/1/").status_code == 404  # number 1 of another year


def test_a_measure_of_a_year_being_prepared_is_shown_to_staff_only(client, factory, measure):
    add_measure(factory.year(2570, status=FiscalYear.Status.PREPARING), 1, title="ร่างมาตรการ")

    assert client.get("/ita/2570/measures/1/").status_code == 404
    client.force_login(factory.staff())
    r = client.get("/ita/2570/measures/1/")
    assert r.status_code == 200
    assert "ร่างมาตรการ" in r.text


def test_it_is_cached_for_visitors(client, measure, django_assert_num_queries):
    assert client.get(URL)["X-Page-Cache"] == "miss"
    # 1: the content version; the page itself comes from the cache
    with django_assert_num_queries(1):
        assert client.get(URL)["X-Page-Cache"] == "hit"


def test_it_answers_in_english_under_en(client, measure):
    r = client.get("/en" + URL)
    assert r.status_code == 200
    assert '<html lang="en">' in r.text
    assert 'href="/en/ita/2569/O12/"' in r.text


@pytest.mark.parametrize("n_methods", [2, 8])
def test_it_runs_the_same_queries_however_many_methods(
    client, year, measure, n_methods, django_assert_num_queries
):
    for order in range(3, n_methods + 1):
        Method.objects.create(measure=measure, order=order, text=f"วิธีการ {order}")
    for method in measure.methods.all():
        MethodAttachment.objects.create(method=method, title="ภาพ", url="https://e.go.th/p")
        for day in (1, 2, 3):
            ProgressUpdate.objects.create(method=method, date=date(2025, 12, day), text="คืบหน้า")
    for number in range(2, 6):
        add_measure(year, number)
    cache.clear()

    # 1: the content version, for the page-cache key
    # 2: the measure, with its year
    # 3: its methods
    # 4: the methods' owning divisions
    # 5: the methods' attachments
    # 6: the methods' public progress updates
    # 7: the measure's target indicators
    # 8: the measure's target items
    # 9: the numbers and titles of the year's measures, for the previous and next links
    # 10: the organisation, for the header and footer
    # 11: the organisation's channels (prefetched with it)
    with django_assert_num_queries(11):
        r = client.get(URL)

    assert r.text.count('<li class="timeline-entry">') == 3 * n_methods
