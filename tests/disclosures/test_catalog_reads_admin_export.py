"""The catalogue loader (`load_catalog`, the year's catalogue upload) reads the admin's item
export as it is: Thai headers, confidence labels, English titles and required elements."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from disclosures.bulk import ItemSheet
from disclosures.models import FiscalYear, Item, RequiredElement

pytestmark = pytest.mark.django_db


def test_an_admin_export_loads_into_another_year_unchanged(factory, tmp_path):
    year = factory.year(2569, status=FiscalYear.Status.OPEN)
    item = factory.item(
        year,
        code="O1",
        title_th="โครงสร้าง หน้าที่และอำนาจ",
        title_en="Structure, duties and powers",
        confidence=Item.Confidence.GUESS,
    )
    RequiredElement.objects.create(item=item, text="แผนผังโครงสร้าง", order=1)
    path = tmp_path / "items.csv"
    path.write_bytes(ItemSheet(year).csv())

    call_command("load_catalog", str(path), "--year", "2570", stdout=io.StringIO())

    copy = Item.objects.get(year__year=2570, code="O1")
    assert copy.title_th == "โครงสร้าง หน้าที่และอำนาจ"
    assert copy.title_en == "Structure, duties and powers"
    assert copy.confidence == Item.Confidence.GUESS
    assert list(copy.required_elements.values_list("text", flat=True)) == ["แผนผังโครงสร้าง"]
