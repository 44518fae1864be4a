"""The OIT items that carry the measures count as published once the year has published
measures: their content is the measures, not evidence of their own."""

from __future__ import annotations

import pytest

from disclosures.models import FiscalYear, Item
from measures.models import Measure, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(factory):
    fiscal_year = factory.year(2569, status=FiscalYear.Status.OPEN)
    for code in ("O25", "O26", "O27"):
        factory.item(fiscal_year, code=code, indicator=10)
    return fiscal_year


def ready_codes(year):
    return sorted(Item.objects.filter(year=year).ready().values_list("code", flat=True))


def test_items_carrying_measures_are_ready_once_a_measure_is_published(client, factory, year):
    factory.organisation()
    items = {item.code: item for item in year.items.all()}
    Programme.objects.create(year=year, measures_item=items["O25"], report_item=items["O26"])
    draft = Measure.objects.create(year=year, number=1, title="มาตรการ", is_published=False)

    assert ready_codes(year) == []
    page = client.get("/ita/2569/").content.decode()
    assert "เผยแพร่ข้อมูลแล้ว 0 จาก 3 ข้อ" in page

    draft.is_published = True
    draft.save()

    assert ready_codes(year) == ["O25", "O26"]
    page = client.get("/ita/2569/").content.decode()
    assert "เผยแพร่ข้อมูลแล้ว 2 จาก 3 ข้อ" in page
    assert "เผยแพร่ข้อมูลแล้ว 2 จาก 3 ข้อ" in client.get("/").content.decode()


def test_measures_of_another_year_do_not_make_an_item_ready(factory, year):
    other = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    items = {item.code: item for item in year.items.all()}
    Programme.objects.create(year=year, measures_item=items["O25"])
    Measure.objects.create(year=other, number=1, title="มาตรการปีก่อน")

    assert ready_codes(year) == []
