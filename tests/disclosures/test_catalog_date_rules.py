"""Each item's evidence-date rule in a catalogue (YAML key `date_rule`, CSV column
เกณฑ์วันที่), and what loading a catalogue again must keep: the owners and due date staff
set, and the ticks on required elements whose text did not change."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from disclosures.bulk import ItemSheet
from disclosures.catalog import (
    CatalogError,
    apply_catalog,
    load_catalog_file,
    parse_catalog,
    parse_date_rule,
)
from disclosures.models import FiscalYear, Item, RequiredElement
from measures.models import Division

pytestmark = pytest.mark.django_db

CATALOGS = Path(settings.BASE_DIR) / "catalogs"
Rule = Item.DateRule


def yaml_catalogue(*items: str) -> bytes:
    """A catalogue of the given items, each a flow mapping or block lines ("a: 1\nb: 2")."""
    text = "catalogue:\n  fiscal_year_be: 2569\n  items:\n"
    for item in items:
        first, *more = item.split("\n")
        text += f"    - {first}\n" + "".join(f"      {line}\n" for line in more)
    return text.encode()


def load(data: bytes, filename: str, year: int = 2569) -> None:
    apply_catalog(parse_catalog(data, filename), year)


def rules(year: int = 2569) -> dict[str, str]:
    return dict(Item.objects.filter(year__year=year).values_list("code", "date_rule"))


def problems_of(data: bytes, filename: str) -> list[str]:
    with pytest.raises(CatalogError) as refusal:
        parse_catalog(data, filename)
    return refusal.value.problems


# --- the words staff and manuals use ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", Rule.ANY),
        ("ไม่กำหนด", Rule.ANY),
        ("any", Rule.ANY),
        ("ปีปัจจุบัน", Rule.CURRENT),
        ("ปีงบประมาณที่ประเมิน", Rule.CURRENT),
        ("current", Rule.CURRENT),
        ("ครึ่งปีแรก", Rule.FIRST_HALF),
        ("6 เดือนแรก", Rule.FIRST_HALF),
        ("๖ เดือนแรก", Rule.FIRST_HALF),  # Thai digits
        ("ครึ่งปีแรกของปีงบประมาณ (ต.ค.–มี.ค.)", Rule.FIRST_HALF),  # the admin's label
        ("First-Half", Rule.FIRST_HALF),
        ("ปีก่อน", Rule.PREVIOUS),
        ("ปีที่ผ่านมา", Rule.PREVIOUS),
        (" ปีงบประมาณก่อนหน้า ", Rule.PREVIOUS),
        ("PREVIOUS", Rule.PREVIOUS),
    ],
)
def test_date_rules_are_read_from_thai_and_english_words(text, rule):
    assert parse_date_rule(text) == rule


@pytest.mark.parametrize("text", ["ทุกวัน", "last year", "12"])
def test_a_word_for_no_known_rule_is_not_guessed(text):
    assert parse_date_rule(text) is None


# --- YAML ---------------------------------------------------------------------------------


def test_a_yaml_catalogue_sets_each_items_rule():
    load(
        yaml_catalogue(
            "{code: O1, indicator: 9, title_th: โครงสร้าง}",
            "{code: O2, indicator: 9, title_th: แผนดำเนินงาน, date_rule: current}",
            "{code: O3, indicator: 9, title_th: รายงานรอบ 6 เดือน, date_rule: ครึ่งปีแรก}",
            "{code: O4, indicator: 9, title_th: รายงานประจำปี, date_rule: ปีงบประมาณก่อนหน้า}",
        ),
        "catalog.yaml",
    )

    assert rules() == {
        "O1": Rule.ANY,
        "O2": Rule.CURRENT,
        "O3": Rule.FIRST_HALF,
        "O4": Rule.PREVIOUS,
    }


def test_an_unknown_yaml_rule_names_the_line_and_the_key_and_nothing_is_written(tmp_path):
    path = tmp_path / "catalog-2569.yaml"
    path.write_bytes(
        yaml_catalogue(
            "{code: O1, indicator: 9, title_th: โครงสร้าง, date_rule: current}",
            "code: O2\nindicator: 9\ntitle_th: รายงานประจำปี\ndate_rule: ทุกปี",
        )
    )

    with pytest.raises(CommandError) as refusal:
        call_command("load_catalog", str(path), stdout=io.StringIO())

    message = str(refusal.value)
    assert "ยังไม่มีการบันทึกใด ๆ" in message
    assert "บรรทัด 8: ข้อ O2 คอลัมน์ เกณฑ์วันที่ (date_rule): ไม่รู้จัก “ทุกปี”" in message
    assert "ปีงบประมาณก่อนหน้า" in message  # what to write instead
    assert not FiscalYear.objects.exists()
    assert not Item.objects.exists()


# --- CSV ------------------------------------------------------------------------------------


def test_a_csv_catalogue_reads_the_thai_column_and_its_aliases():
    text = (
        "รหัส,ชื่อข้อ,ตัวชี้วัด,เกณฑ์วันที่\n"
        "O1,โครงสร้าง,9,\n"
        "O2,แผนดำเนินงาน,9,ปีปัจจุบัน\n"
        "O3,รายงานรอบ 6 เดือน,9,6 เดือนแรก\n"
        "O4,รายงานประจำปี,9,ปีที่ผ่านมา\n"
    )

    load(text.encode(), "catalog.csv")

    assert rules() == {
        "O1": Rule.ANY,
        "O2": Rule.CURRENT,
        "O3": Rule.FIRST_HALF,
        "O4": Rule.PREVIOUS,
    }


def test_a_csv_catalogue_may_name_the_column_in_english():
    load(b"code,title_th,indicator,date_rule\nO1,plan,9,current\n", "catalog.csv")

    assert rules() == {"O1": Rule.CURRENT}


def test_an_unknown_csv_rule_names_the_row_and_column_and_nothing_is_written(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(
        "รหัส,ชื่อข้อ,ตัวชี้วัด,เกณฑ์วันที่\nO1,โครงสร้าง,9,ปีก่อน\nO2,รายงาน,9,ทุกเดือน\n",
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as refusal:
        call_command("load_catalog", str(path), "--year", "2569", stdout=io.StringIO())

    assert "แถว 3: ข้อ O2 คอลัมน์ เกณฑ์วันที่ (date_rule): ไม่รู้จัก “ทุกเดือน”" in str(refusal.value)
    assert not Item.objects.exists()


def test_every_bad_rule_is_listed_not_only_the_first():
    text = "รหัส,ชื่อข้อ,ตัวชี้วัด,เกณฑ์วันที่\nO1,ก,9,ทุกวัน\nO2,ข,9,ปีก่อน\nO3,ค,9,บางปี\n"

    problems = problems_of(text.encode(), "catalog.csv")

    assert [problem.split(":")[0] for problem in problems] == ["แถว 2", "แถว 4"]


# --- loading again --------------------------------------------------------------------------


def test_a_file_silent_on_the_rule_keeps_the_items_and_an_empty_cell_clears_it():
    load(b"code,title_th,indicator,date_rule\nO1,plan,9,current\nO2,report,9,previous\n", "a.csv")

    load(b"code,title_th,indicator\nO1,plan,9\nO2,report,9\n", "b.csv")
    assert rules() == {"O1": Rule.CURRENT, "O2": Rule.PREVIOUS}

    load(b"code,title_th,indicator,date_rule\nO1,plan,9,\nO2,report,9,first_half\n", "c.csv")
    assert rules() == {"O1": Rule.ANY, "O2": Rule.FIRST_HALF}


@pytest.fixture
def worked_on(factory):
    """2569 O1 loaded from a catalogue, then assigned and ticked by staff."""
    load(
        yaml_catalogue(
            "code: O1\nindicator: 9\ntitle_th: โครงสร้าง\n"
            "required_elements: [แผนผังโครงสร้าง องค์กร, อำนาจหน้าที่, ข้อที่จะยกเลิก]",
        ),
        "catalog.yaml",
    )
    item = Item.objects.get(code="O1")
    finance = Division.objects.create(name="กองคลัง")
    alice = factory.staff("alice")
    Item.objects.filter(pk=item.pk).update(
        owner_division=finance, owner=alice, due_date=date(2026, 3, 31)
    )
    evidence = factory.evidence(item, title="แผนผังโครงสร้าง อบต.")
    chart = item.required_elements.get(text="แผนผังโครงสร้าง องค์กร")
    chart.is_met = True
    chart.save()
    chart.evidence.add(evidence)
    return item


def test_loading_again_keeps_the_owners_due_date_and_ticks_of_unchanged_elements(worked_on):
    load(
        yaml_catalogue(
            "code: O1\nindicator: 9\n"
            "title_th: โครงสร้าง หน้าที่และอำนาจ\n"  # renamed: the item is saved again
            "date_rule: ปีปัจจุบัน\n"
            "required_elements: [ใหม่ก่อน, แผนผังโครงสร้าง องค์กร, อำนาจหน้าที่]",
        ),
        "catalog.yaml",
    )

    item = Item.objects.select_related("owner_division", "owner").get(pk=worked_on.pk)
    assert item.title_th == "โครงสร้าง หน้าที่และอำนาจ"
    assert item.date_rule == Rule.CURRENT
    assert (item.owner_division.name, item.owner.username) == ("กองคลัง", "alice")
    assert item.due_date == date(2026, 3, 31)
    elements = list(item.required_elements.order_by("order"))
    assert [(e.text, e.is_met) for e in elements] == [
        ("ใหม่ก่อน", False),
        ("แผนผังโครงสร้าง องค์กร", True),
        ("อำนาจหน้าที่", False),
    ]
    assert [e.title for e in elements[1].evidence.all()] == ["แผนผังโครงสร้าง อบต."]
    assert not RequiredElement.objects.filter(text="ข้อที่จะยกเลิก").exists()


def test_an_element_with_the_same_words_but_spaced_differently_keeps_its_tick(worked_on):
    load(
        yaml_catalogue(
            "code: O1\nindicator: 9\ntitle_th: โครงสร้าง\n"
            "required_elements: ['แผนผังโครงสร้าง   องค์กร', อำนาจหน้าที่]",
        ),
        "catalog.yaml",
    )

    chart = worked_on.required_elements.get(order=1)
    assert (chart.text, chart.is_met, chart.evidence.count()) == ("แผนผังโครงสร้าง   องค์กร", True, 1)


# --- the shipped catalogues ----------------------------------------------------------------


def test_the_shipped_catalogues_carry_the_rules_the_manual_makes_clear():
    load_catalog_file(CATALOGS / "catalog-2569.yaml", 2569)
    load_catalog_file(CATALOGS / "catalog-2568.yaml", 2568)

    rules_2569 = rules(2569)
    assert rules_2569["O11"] == Rule.CURRENT  # monthly procurement summaries
    assert rules_2569["O12"] == Rule.PREVIOUS  # "covers the previous fiscal year"
    assert rules_2569["O14"] == Rule.PREVIOUS
    assert rules_2569["O1"] == Rule.ANY  # nothing to say: any date
    assert rules(2568)["O12"] == Rule.FIRST_HALF  # "ครอบคลุมรอบ 6 เดือนแรก (ต.ค.–มี.ค.)"
    assert rules(2568)["O13"] == Rule.PREVIOUS  # "รายงานของปีงบประมาณก่อนหน้า"


def test_an_admin_export_with_rules_loads_into_another_year_with_the_same_rules(factory):
    year = factory.year(2569)
    factory.item(year, code="O1", title_th="แผนดำเนินงาน", date_rule=Rule.CURRENT)
    factory.item(year, code="O2", title_th="รายงานรอบ 6 เดือน", date_rule=Rule.FIRST_HALF)
    factory.item(year, code="O3", title_th="โครงสร้าง")

    load(ItemSheet(year).csv(), "items-2569.csv", year=2570)  # Thai labels in the column

    assert rules(2570) == {"O1": Rule.CURRENT, "O2": Rule.FIRST_HALF, "O3": Rule.ANY}
