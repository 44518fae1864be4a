"""/ita/: every fiscal year citizens may read, with its progress."""

import pytest

from disclosures.models import FiscalYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(factory):
    factory.organisation()
    archived = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    current = factory.year(2569, is_current=True)
    preparing = factory.year(2570, status=FiscalYear.Status.PREPARING)
    ready = factory.item(current)
    factory.evidence(ready)
    factory.item(current)
    return archived, current, preparing


def test_it_lists_public_years_with_progress(client, years):
    r = client.get("/ita/")
    assert r.status_code == 200
    assert 'href="/ita/2568/"' in r.text
    assert 'href="/ita/2569/"' in r.text
    assert "เผยแพร่แล้ว 1/2 ข้อ" in r.text
    assert "เผยแพร่แล้ว 0/0 ข้อ" in r.text
    assert "ปีปัจจุบัน" in r.text
    # Newest first.
    assert r.text.index("/ita/2569/") < r.text.index("/ita/2568/")


def test_it_hides_a_year_being_prepared_from_visitors(client, years):
    r = client.get("/ita/")
    assert "/ita/2570/" not in r.text
    assert "กำลังจัดเตรียม" not in r.text


def test_it_shows_a_year_being_prepared_to_staff(client, factory, years):
    client.force_login(factory.staff())
    r = client.get("/ita/")
    assert 'href="/ita/2570/"' in r.text
    assert "กำลังจัดเตรียม" in r.text


def test_it_says_so_when_no_year_is_public(client, factory):
    factory.year(2570, status=FiscalYear.Status.PREPARING)
    r = client.get("/ita/")
    assert r.status_code == 200
    assert "ยังไม่มีปีงบประมาณที่เผยแพร่" in r.text
