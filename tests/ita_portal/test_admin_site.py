import pytest

from disclosures.models import Evidence

pytestmark = pytest.mark.django_db


def test_the_admin_index_shows_the_current_year_at_a_glance(client, factory):
    year = factory.year(2569, is_current=True)
    published = factory.item(year, code="O1")
    factory.evidence(published)
    draft = factory.item(year, code="O2")
    factory.evidence(draft, is_published=False)
    factory.item(year, code="O3")
    client.force_login(factory.superuser())

    page = client.get("/admin/").text

    assert "ทุกข้อ 3 ข้อ" in page
    assert "เผยแพร่แล้ว 1 ข้อ" in page
    assert "มีเฉพาะฉบับร่าง 1 ข้อ" in page
    assert "ยังไม่มีหลักฐาน 1 ข้อ" in page
    assert f"?year__id__exact={year.pk}&amp;publication=empty" in page
    assert Evidence.objects.count() == 2


def test_the_models_come_in_the_order_of_the_work(client, factory):
    factory.year(2569, is_current=True)
    client.force_login(factory.superuser())

    page = client.get("/admin/").text

    positions = [
        page.index(f'href="/admin/disclosures/{name}/"')
        for name in ("organisation", "fiscalyear", "item", "evidence")
    ]
    assert positions == sorted(positions)
    assert page.index('href="/admin/disclosures/') < page.index('href="/admin/auth/')


def test_staff_who_may_not_see_items_get_no_summary(client, factory):
    factory.year(2569, is_current=True)
    client.force_login(factory.staff("clerk"))

    page = client.get("/admin/").text

    assert "ทุกข้อ" not in page
