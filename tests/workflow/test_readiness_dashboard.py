"""The readiness dashboard of a year (/admin/readiness/<year>/), as staff use it.

Personas: alice coordinates (may view items), bob is staff without the item permission,
and an anonymous visitor.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosures.models import Evidence, FiscalYear, Item, RequiredElement
from links.models import LinkCheck
from measures.models import Division

pytestmark = pytest.mark.django_db

URL = "/admin/readiness/2569/"


@pytest.fixture
def year(factory):
    return factory.year(2569, is_current=True)


@pytest.fixture
def alice(factory):
    return factory.staff("alice", perms=("disclosures.view_item",))


@pytest.fixture
def bob(factory):
    return factory.staff("bob")


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def test_anonymous_visitors_are_sent_to_login(client, year):
    for url in (URL, "/admin/readiness/"):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")


def test_staff_without_the_item_permission_are_refused(client, year, bob):
    client.force_login(bob)

    assert client.get(URL).status_code == 403
    assert client.get("/admin/readiness/").status_code == 403


def test_an_unknown_year_is_not_found(as_alice, year):
    assert as_alice.get("/admin/readiness/2570/").status_code == 404


def test_the_short_address_opens_the_current_year(as_alice, factory, year):
    factory.year(2570)

    response = as_alice.get("/admin/readiness/")

    assert response.status_code == 302
    assert response["Location"] == URL


def test_the_short_address_opens_the_newest_year_when_none_is_current(as_alice, factory):
    factory.year(2568)
    factory.year(2569)

    assert as_alice.get("/admin/readiness/")["Location"] == URL


def test_the_short_address_without_any_year_is_not_found(as_alice):
    assert as_alice.get("/admin/readiness/").status_code == 404


def test_the_page_is_never_cached(as_alice, year):
    response = as_alice.get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_dashboard_shows_states_lacks_owners_and_counts(as_alice, factory, year):
    clerk = factory.staff("somchai")
    clerk.first_name, clerk.last_name = "สมชาย", "ใจดี"
    clerk.save()
    finance = Division.objects.create(name="กองคลัง")
    ready = factory.item(year, code="O1", title_th="โครงสร้างองค์กร")
    factory.evidence(ready)
    late = factory.item(
        year,
        code="O2",
        title_th="ข้อมูลผู้บริหาร",
        owner=clerk,
        owner_division=finance,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    RequiredElement.objects.create(item=late, text="ภาพถ่ายผู้บริหาร", is_met=False)
    factory.item(year, code="O30", indicator=10, title_th="แผนป้องกันการทุจริต")

    page = as_alice.get(URL).content.decode()

    assert "พร้อมให้ประเมิน 1 จาก 3 ข้อ" in page
    assert "เลยกำหนดเสร็จ 1 ข้อ" in page
    assert f'href="/admin/disclosures/item/{late.pk}/change/"' in page
    assert "องค์ประกอบ “ภาพถ่ายผู้บริหาร”: ยังไม่ได้ทำเครื่องหมายว่ามีครบ" in page
    assert "ยังไม่มีหลักฐานที่เผยแพร่แล้ว" in page
    assert "สมชาย ใจดี" in page
    assert "กองคลัง" in page
    assert "ยังไม่กำหนดส่วนราชการ" in page
    assert "ยังไม่กำหนดผู้รับผิดชอบ" in page
    assert "(เลยกำหนด)" in page
    # The state is written out, not only coloured.
    assert ">พร้อม</span>" in page
    assert ">ไม่ครบ</span>" in page
    # Grouped by indicator, in indicator order.
    assert page.index("ตัวชี้วัดที่ 9") < page.index("O2") < page.index("ตัวชี้วัดที่ 10")
    assert page.index("ตัวชี้วัดที่ 10") < page.index("แผนป้องกันการทุจริต")
    assert '<th scope="col">' in page


def test_the_year_switcher_lists_every_year(as_alice, factory, year):
    factory.year(2568)

    page = as_alice.get(URL).content.decode()

    assert 'href="/admin/readiness/2568/"' in page
    assert 'href="/admin/readiness/2569/" aria-current="page"' in page


def test_the_state_filter_shows_only_that_state(as_alice, factory, year):
    factory.evidence(factory.item(year, code="O1", title_th="ข้อที่พร้อมแล้ว"))
    broken = factory.item(year, code="O2", title_th="ข้อที่ลิงก์เสีย")
    factory.evidence(broken, kind=Evidence.Kind.LINK, url="https://a.go.th/gone")
    LinkCheck.objects.create(url="https://a.go.th/gone", outcome="broken", reason="HTTP 404")

    page = as_alice.get(URL, {"state": "broken"}).content.decode()

    assert "ข้อที่ลิงก์เสีย" in page
    assert "ข้อที่พร้อมแล้ว" not in page
    assert "HTTP 404" in page


def test_the_division_filter_shows_only_that_division(as_alice, factory, year):
    finance = Division.objects.create(name="กองคลัง")
    factory.item(year, title_th="งานของกองคลัง", owner_division=finance)
    factory.item(year, title_th="งานที่ยังไม่มีเจ้าของ")

    mine = as_alice.get(URL, {"division": finance.pk}).content.decode()
    unowned = as_alice.get(URL, {"division": "none"}).content.decode()

    assert "งานของกองคลัง" in mine and "งานที่ยังไม่มีเจ้าของ" not in mine
    assert "งานที่ยังไม่มีเจ้าของ" in unowned and "งานของกองคลัง" not in unowned


@pytest.mark.parametrize(
    "query",
    [{"state": "nonsense"}, {"division": "abc"}, {"division": "99999"}, {"state": "<b>"}],
)
def test_bad_filters_are_ignored(as_alice, factory, year, query):
    factory.item(year, title_th="ข้อใดข้อหนึ่ง")

    response = as_alice.get(URL, query)

    assert response.status_code == 200
    assert "ข้อใดข้อหนึ่ง" in response.content.decode()


def test_a_filter_matching_nothing_says_so(as_alice, factory, year):
    factory.item(year)

    page = as_alice.get(URL, {"state": "ready"}).content.decode()

    assert "ไม่มีข้อที่ตรงกับตัวกรองนี้" in page


def test_titles_and_lacks_are_escaped(as_alice, factory, year):
    item = factory.item(year, title_th="<script>alert(1)</script>")
    factory.evidence(item, title="<img src=x onerror=alert(2)>", is_published=False)

    page = as_alice.get(URL).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_admin_index_links_to_the_dashboard_with_the_ready_count(as_alice, factory, year):
    factory.evidence(factory.item(year))
    factory.item(year)

    page = as_alice.get("/admin/").content.decode()

    assert 'href="/admin/readiness/2569/"' in page
    assert "พร้อมให้ประเมิน 1 จาก 2 ข้อ" in page


def test_the_dashboard_costs_the_same_queries_however_many_items(as_alice, factory, year):
    def grow(n: int) -> None:
        division = Division.objects.create(name=f"กอง {Item.objects.count()}")
        owner = factory.staff(f"owner{Item.objects.count()}")
        for number in range(n):
            item = factory.item(
                year, owner=owner, owner_division=division, indicator=9 + number % 2
            )
            piece = factory.evidence(
                item, kind=Evidence.Kind.LINK, url=f"https://x.go.th/{item.pk}"
            )
            factory.evidence(item, is_published=False)
            RequiredElement.objects.create(item=item, text="องค์ประกอบ", is_met=True)
            LinkCheck.objects.create(url=piece.url, outcome="broken", reason="HTTP 500")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = as_alice.get(URL)
        assert response.status_code == 200
        return len(captured)

    grow(2)
    small = queries()
    grow(12)

    # session, user, user and group permissions, the year, five for the assessment (see
    # test_readiness), the content version and organisation of every page, the switcher's years
    assert queries() == small
    assert FiscalYear.objects.count() == 1
