"""`manage.py load_catalog`: what staff see when they load, reload, correct or mistype a list."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from disclosures.catalog import MAX_CATALOG_BYTES
from disclosures.models import (
    Evidence,
    FiscalYear,
    Indicator,
    Instrument,
    Item,
    RequiredElement,
    SubIndicator,
)

pytestmark = pytest.mark.django_db

CATALOGS = Path(settings.BASE_DIR) / "catalogs"
MODELS = (FiscalYear, Instrument, Indicator, SubIndicator, Item, RequiredElement, Evidence)

# A small catalogue a year starts from; tests correct it and load it again.
BASE_YAML = """\
catalogue:
  fiscal_year_be: 2569
  items:
    - code: O1
      title_th: "โครงสร้าง"
      indicator: 9
      required_elements: ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]
    - {code: O2, title_th: "ข้อมูลผู้บริหาร", indicator: 9}
    - {code: O3, title_th: "ข้อมูลการติดต่อ", indicator: 9}
    - {code: O4, title_th: "ข่าวประชาสัมพันธ์", indicator: 9}
"""

# The same year as published later: O1 renamed with new elements, O3 and O4 dropped, O5 new.
CORRECTED_YAML = """\
catalogue:
  fiscal_year_be: 2569
  items:
    - code: O1
      title_th: "โครงสร้างและอำนาจหน้าที่"
      indicator: 9
      required_elements: ["แผนผังโครงสร้าง", "หน้าที่และอำนาจตามกฎหมาย", "ผู้บริหาร"]
    - {code: O2, title_th: "ข้อมูลผู้บริหาร", indicator: 9}
    - {code: O5, title_th: "แผนปฏิบัติการป้องกันการทุจริต", indicator: 10}
"""


def load(path: Path, **options) -> str:
    """Run the command as staff would and return what it printed."""
    out = io.StringIO()
    call_command("load_catalog", str(path), stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def refused(path: Path, **options) -> str:
    """Run the command expecting it to refuse the file; return its error message."""
    with pytest.raises(CommandError) as excinfo:
        load(path, **options)
    return str(excinfo.value)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def titles(year: int) -> dict[str, str]:
    return dict(Item.objects.filter(year__year=year).values_list("code", "title_th"))


def elements(year: int, code: str) -> list[str]:
    item = Item.objects.get(year__year=year, code=code)
    return list(item.required_elements.order_by("order").values_list("text", flat=True))


# --- the shipped catalogues --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "count"),
    [(2564, 43), (2568, 27), (2569, 26)],
)
def test_each_shipped_catalogue_loads_all_its_items(year, count):
    output = load(CATALOGS / f"catalog-{year}.yaml", year=year)

    items = Item.objects.filter(year__year=year)
    assert items.count() == count
    assert set(items.values_list("code", flat=True)) == {f"O{n}" for n in range(1, count + 1)}
    assert f"เพิ่มข้อใหม่ {count} ข้อ" in output
    assert f"สร้างปีงบประมาณ {year}" in output


@pytest.mark.parametrize("year", [2564, 2568, 2569])
def test_a_loaded_year_has_indicators_one_to_ten_under_the_three_instruments(year):
    load(CATALOGS / f"catalog-{year}.yaml", year=year)

    by_number = dict(
        Indicator.objects.filter(year__year=year).values_list("number", "instrument__code")
    )
    assert by_number == {
        1: "IIT",
        2: "IIT",
        3: "IIT",
        4: "IIT",
        5: "IIT",
        6: "EIT",
        7: "EIT",
        8: "EIT",
        9: "OIT",
        10: "OIT",
    }
    assert set(Instrument.objects.filter(year__year=year).values_list("code", flat=True)) == {
        "IIT",
        "EIT",
        "OIT",
    }
    # Every OIT item hangs under one of the OIT indicators of its own year.
    assert set(
        Item.objects.filter(year__year=year).values_list("indicator__instrument__code", flat=True)
    ) == {"OIT"}


def test_the_2564_items_are_grouped_by_sub_indicator():
    load(CATALOGS / "catalog-2564.yaml", year=2564)

    numbers = {
        indicator: set(
            SubIndicator.objects.filter(
                indicator__year__year=2564, indicator__number=indicator
            ).values_list("number", flat=True)
        )
        for indicator in (9, 10)
    }
    assert numbers == {9: {"9.1", "9.2", "9.3", "9.4", "9.5"}, 10: {"10.1", "10.2"}}
    items = {
        i.code: i for i in Item.objects.filter(year__year=2564).select_related("sub_indicator")
    }
    # O1–O6 share one heading; O7 is another topic of 9.1; O42 and O43 form 10.2.
    assert len({items[f"O{n}"].sub_indicator_id for n in range(1, 7)}) == 1
    assert items["O1"].sub_indicator.number == "9.1"
    assert items["O7"].sub_indicator.number == "9.1"
    assert items["O7"].sub_indicator_id != items["O1"].sub_indicator_id
    assert items["O42"].sub_indicator_id == items["O43"].sub_indicator_id
    assert str(items["O42"].sub_indicator) == "10.2 มาตรการภายในเพื่อป้องกันการทุจริต"


def test_the_unconfirmed_o27_of_2568_becomes_o27_with_a_note():
    load(CATALOGS / "catalog-2568.yaml", year=2568)

    item = Item.objects.get(year__year=2568, code="O27")
    assert item.title_th == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert "ยังไม่ยืนยัน" in item.confidence_note
    assert "O27?" in item.confidence_note
    assert not Item.objects.filter(code__contains="?").exists()


def test_the_required_elements_of_2568_o1_are_stored_in_order():
    document = yaml.safe_load((CATALOGS / "catalog-2568.yaml").read_text(encoding="utf-8"))
    expected = document["ita_oit_catalogue"]["items"][0]["required_elements"]

    load(CATALOGS / "catalog-2568.yaml", year=2568)

    assert len(expected) == 4
    assert elements(2568, "O1") == expected


def test_the_year_is_taken_from_the_file_when_not_given():
    output = load(CATALOGS / "catalog-2568.yaml")

    assert Item.objects.filter(year__year=2568).count() == 27
    assert "2568" in output


# --- loading again -----------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2564, 2568, 2569])
def test_loading_the_same_catalogue_twice_changes_nothing(year):
    path = CATALOGS / f"catalog-{year}.yaml"
    load(path, year=year)
    counts = row_counts()
    stamps = dict(Item.objects.values_list("code", "updated_at"))

    output = load(path, year=year)

    assert row_counts() == counts
    assert dict(Item.objects.values_list("code", "updated_at")) == stamps
    total = Item.objects.filter(year__year=year).count()
    assert f"ไม่เปลี่ยนแปลง {total} ข้อ" in output
    assert "เพิ่มข้อใหม่ 0 ข้อ" in output
    assert "ปรับปรุง 0 ข้อ" in output
    assert "ลบ (ไม่มีในไฟล์ ยังไม่มีหลักฐาน) 0 ข้อ" in output
    assert "สร้างปีงบประมาณ" not in output
    assert "เปลี่ยนชื่อตัวชี้วัด" not in output


def test_a_year_with_two_catalogues_keeps_them_apart():
    load(CATALOGS / "catalog-2568.yaml", year=2568)
    load(CATALOGS / "catalog-2569.yaml", year=2569)

    assert Item.objects.filter(year__year=2568).count() == 27
    assert Item.objects.filter(year__year=2569).count() == 26
    assert titles(2568)["O1"] == "โครงสร้างและอำนาจหน้าที่"
    assert titles(2569)["O1"] == "โครงสร้าง หน้าที่และอำนาจ"


# --- a corrected catalogue over a year that has evidence ------------------------------------------


@pytest.fixture
def year_with_evidence(tmp_path, factory):
    """2569 loaded from BASE_YAML; O1 and O3 carry evidence, O2 and O4 none."""
    load(write(tmp_path, "base.yaml", BASE_YAML), year=2569)
    items = {item.code: item for item in Item.objects.filter(year__year=2569)}
    factory.evidence(items["O1"], title="แผนผังโครงสร้าง อบต.")
    factory.evidence(items["O3"], kind=Evidence.Kind.LINK, title="ช่องทางติดต่อ")
    return FiscalYear.objects.get(year=2569)


def evidence_rows() -> list[tuple]:
    return list(
        Evidence.objects.order_by("pk").values_list(
            "pk", "item_id", "kind", "title", "body", "url", "is_published", "updated_at"
        )
    )


def test_a_corrected_catalogue_updates_adds_and_keeps_items_with_evidence(
    tmp_path, year_with_evidence
):
    o1_pk = Item.objects.get(year=year_with_evidence, code="O1").pk
    evidence_before = evidence_rows()

    output = load(write(tmp_path, "corrected.yaml", CORRECTED_YAML), year=2569)

    assert titles(2569) == {
        "O1": "โครงสร้างและอำนาจหน้าที่",  # renamed, same row: its evidence still belongs to it
        "O2": "ข้อมูลผู้บริหาร",
        "O3": "ข้อมูลการติดต่อ",  # not in the file, but has evidence: kept
        "O5": "แผนปฏิบัติการป้องกันการทุจริต",  # new
    }
    assert Item.objects.get(year=year_with_evidence, code="O1").pk == o1_pk
    assert elements(2569, "O1") == ["แผนผังโครงสร้าง", "หน้าที่และอำนาจตามกฎหมาย", "ผู้บริหาร"]
    assert Item.objects.get(year=year_with_evidence, code="O5").indicator.number == 10
    assert evidence_rows() == evidence_before
    assert "เพิ่มข้อใหม่ 1 ข้อ: O5" in output
    assert "ปรับปรุง 1 ข้อ: O1" in output
    assert "ลบ (ไม่มีในไฟล์ ยังไม่มีหลักฐาน) 1 ข้อ: O4" in output
    kept_line = next(line for line in output.splitlines() if "คงไว้" in line)
    assert "O3" in kept_line


def test_an_item_with_only_an_access_explanation_is_kept_too(tmp_path, year_with_evidence):
    Item.objects.filter(year=year_with_evidence, code="O4").update(explanation="หน้าหลัก > ITA > O4")

    output = load(write(tmp_path, "corrected.yaml", CORRECTED_YAML), year=2569)

    assert {"O3", "O4"} <= set(titles(2569))
    kept_line = next(line for line in output.splitlines() if "คงไว้" in line)
    assert "O3" in kept_line and "O4" in kept_line


def test_removing_every_element_of_an_item_is_possible(tmp_path, year_with_evidence):
    text = BASE_YAML.replace(
        'required_elements: ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]', "required_elements: []"
    )

    load(write(tmp_path, "no-elements.yaml", text), year=2569)

    assert elements(2569, "O1") == []


def test_a_file_without_required_elements_leaves_the_stored_ones(tmp_path, year_with_evidence):
    text = BASE_YAML.replace('      required_elements: ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]\n', "")

    output = load(write(tmp_path, "titles-only.yaml", text), year=2569)

    assert elements(2569, "O1") == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]
    assert "ไม่เปลี่ยนแปลง 4 ข้อ" in output


# --- dry run -----------------------------------------------------------------------------------


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path, year_with_evidence):
    counts = row_counts()
    before = titles(2569)

    output = load(write(tmp_path, "corrected.yaml", CORRECTED_YAML), year=2569, dry_run=True)

    assert row_counts() == counts
    assert titles(2569) == before
    assert elements(2569, "O1") == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]
    assert "[ทดลอง ไม่บันทึก]" in output
    assert "เพิ่มข้อใหม่ 1 ข้อ: O5" in output
    assert "ปรับปรุง 1 ข้อ: O1" in output
    assert "ลบ (ไม่มีในไฟล์ ยังไม่มีหลักฐาน) 1 ข้อ: O4" in output
    assert "O3" in next(line for line in output.splitlines() if "คงไว้" in line)


def test_dry_run_reports_renamed_indicators_without_renaming_them(tmp_path, year_with_evidence):
    text = BASE_YAML.replace(
        "  items:\n", "  indicators:\n    - {number: 9, name_th: การเปิดเผยข้อมูลสาธารณะ}\n  items:\n"
    )

    output = load(write(tmp_path, "renamed.yaml", text), year=2569, dry_run=True)

    assert "เปลี่ยนชื่อตัวชี้วัด 1 ตัว: 9 การเปิดเผยข้อมูลสาธารณะ" in output
    assert Indicator.objects.get(year=year_with_evidence, number=9).name_th == "การเปิดเผยข้อมูล"


def test_dry_run_of_a_new_year_does_not_create_the_year():
    output = load(CATALOGS / "catalog-2569.yaml", year=2569, dry_run=True)

    assert row_counts() == dict.fromkeys(row_counts(), 0)
    assert "สร้างปีงบประมาณ 2569" in output
    assert "เพิ่มข้อใหม่ 26 ข้อ" in output


# --- which year --------------------------------------------------------------------------------


def test_without_year_and_without_fiscal_year_be_the_command_asks_for_year(tmp_path):
    path = write(tmp_path, "no-year.yaml", "items:\n  - {code: O1, title_th: ก, indicator: 9}\n")

    message = refused(path)

    assert "--year" in message
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_csv_has_no_year_so_year_is_required(tmp_path):
    path = write(tmp_path, "items.csv", "code,title_th,indicator\nO1,โครงสร้าง,9\n")

    assert "--year" in refused(path)
    assert not FiscalYear.objects.exists()


def test_a_year_that_differs_from_the_file_is_warned_about_but_loaded():
    output = load(CATALOGS / "catalog-2568.yaml", year=2569)

    warning = next(line for line in output.splitlines() if "คำเตือน" in line)
    assert "2568" in warning and "2569" in warning
    assert Item.objects.filter(year__year=2569).count() == 27
    assert not FiscalYear.objects.filter(year=2568).exists()


@pytest.mark.parametrize("year", [2025, 69, 3000])
def test_a_year_that_is_not_buddhist_era_is_refused(year):
    message = refused(CATALOGS / "catalog-2569.yaml", year=year)

    assert "พ.ศ." in message
    assert not FiscalYear.objects.exists()


def test_a_fiscal_year_be_in_the_christian_era_is_refused_with_its_line(tmp_path):
    text = (
        "catalogue:\n"
        "  fiscal_year_be: 2026\n"
        "  items:\n"
        "    - {code: O1, title_th: ก, indicator: 9}\n"
    )

    message = refused(write(tmp_path, "ce.yaml", text))

    assert "บรรทัด 2" in message
    assert "fiscal_year_be" in message
    assert not FiscalYear.objects.exists()


def test_a_missing_file_is_named(tmp_path):
    assert "nowhere.yaml" in refused(tmp_path / "nowhere.yaml", year=2569)


# --- malformed YAML ----------------------------------------------------------------------------

MALFORMED_YAML = {
    "syntax error": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        "    - code: O2: ข้อมูลผู้บริหาร\n",
        ["บรรทัด 4", "YAML"],
    ),
    "no items": (
        "catalogue:\n  fiscal_year_be: 2569\n  indicators:\n    - {number: 9, name_th: ก}\n",
        ["items"],
    ),
    "empty items": ("catalogue:\n  fiscal_year_be: 2569\n  items: []\n", ["items"]),
    "item without title_th": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        "    - code: O2\n"
        "      indicator: 9\n",
        ["บรรทัด 4", "O2", "title_th"],
    ),
    "item without code": (
        "catalogue:\n  items:\n    - {title_th: โครงสร้าง, indicator: 9}\n",
        ["บรรทัด 3", "code"],
    ),
    "non-numeric indicator": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        "    - {code: O2, title_th: ข้อมูลผู้บริหาร, indicator: เก้า}\n",
        ["บรรทัด 4", "O2", "indicator"],
    ),
    "indicator that does not exist": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        "    - {code: O2, title_th: ข้อมูลผู้บริหาร, indicator: 42}\n",
        ["บรรทัด 4", "O2", "42"],
    ),
    "duplicate codes": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        "    - {code: O2, title_th: ข้อมูลผู้บริหาร, indicator: 9}\n"
        "    - {code: o1, title_th: ข้อมูลการติดต่อ, indicator: 9}\n",
        ["บรรทัด 5", "บรรทัด 3", "O1", "ซ้ำ"],
    ),
    "invalid code": (
        "catalogue:\n  items:\n    - {code: ข้อ1, title_th: โครงสร้าง, indicator: 9}\n",
        ["บรรทัด 3", "ข้อ1"],
    ),
    "non-numeric order": (
        "catalogue:\n  items:\n    - {code: O1, title_th: ก, indicator: 9, order: first}\n",
        ["บรรทัด 3", "order"],
    ),
    "title longer than the field": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        f"    - {{code: O2, title_th: {'ก' * 501}, indicator: 9}}\n",
        ["บรรทัด 4", "O2", "500"],
    ),
    "null character in a title": (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
        '    - {code: O2, title_th: "ข้อมูล\\0ผู้บริหาร", indicator: 9}\n',
        ["บรรทัด 4", "O2", "NUL"],
    ),
    "not a catalogue": ("- O1\n- O2\n", ["items"]),
    "empty": ("", ["ว่าง"]),
    "only a comment": ("# nothing yet\n", ["ว่าง"]),
}


@pytest.mark.parametrize("case", MALFORMED_YAML, ids=list(MALFORMED_YAML))
def test_a_malformed_yaml_file_is_refused_naming_the_line_and_nothing_is_written(tmp_path, case):
    text, expected = MALFORMED_YAML[case]

    message = refused(write(tmp_path, "catalog.yaml", text), year=2569)

    for fragment in expected:
        assert fragment in message
    assert "ยังไม่มีการบันทึก" in message
    assert row_counts() == dict.fromkeys(row_counts(), 0)  # not even the year


@pytest.mark.parametrize("case", MALFORMED_YAML, ids=list(MALFORMED_YAML))
def test_a_malformed_file_leaves_an_existing_year_as_it_was(tmp_path, year_with_evidence, case):
    # Each bad file also renames O1 where it can, so a half-applied load would show.
    text = MALFORMED_YAML[case][0].replace("title_th: โครงสร้าง,", "title_th: ชื่อใหม่,")
    counts = row_counts()
    before = titles(2569)

    refused(write(tmp_path, "catalog.yaml", text), year=2569)

    assert row_counts() == counts
    assert titles(2569) == before


def test_every_problem_of_a_file_is_listed_at_once(tmp_path):
    text = (
        "catalogue:\n"
        "  items:\n"
        "    - {code: O1, indicator: 9}\n"
        "    - {code: O2, title_th: ข้อมูลผู้บริหาร, indicator: ไม่รู้}\n"
        "    - {code: X, title_th: ข้อมูลการติดต่อ, indicator: 9}\n"
    )

    message = refused(write(tmp_path, "catalog.yaml", text), year=2569)

    assert "(3 ปัญหา)" in message
    for line in ("บรรทัด 3", "บรรทัด 4", "บรรทัด 5"):
        assert line in message


# --- CSV ---------------------------------------------------------------------------------------


def test_a_csv_with_the_yaml_field_names_loads(tmp_path):
    text = (
        "code,title_th,indicator,sub_indicator,required_elements,confidence\n"
        'O1,โครงสร้าง,9,9.1 ข้อมูลพื้นฐาน,"แผนผังโครงสร้าง|อำนาจหน้าที่",confirmed\n'
        "O2,ข้อมูลผู้บริหาร,9,9.1 ข้อมูลพื้นฐาน,,single_source\n"
        "O3,แผนปฏิบัติการป้องกันการทุจริต,10,,,\n"
    )

    output = load(write(tmp_path, "items.csv", text), year=2569)

    assert titles(2569) == {
        "O1": "โครงสร้าง",
        "O2": "ข้อมูลผู้บริหาร",
        "O3": "แผนปฏิบัติการป้องกันการทุจริต",
    }
    assert elements(2569, "O1") == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]
    o2 = Item.objects.get(year__year=2569, code="O2")
    assert o2.confidence == Item.Confidence.SINGLE_SOURCE
    assert str(o2.sub_indicator) == "9.1 ข้อมูลพื้นฐาน"
    assert Item.objects.get(year__year=2569, code="O3").indicator.number == 10
    assert "เพิ่มข้อใหม่ 3 ข้อ" in output


def test_a_csv_saved_by_thai_excel_in_tis_620_loads(tmp_path):
    text = "code,title_th,indicator\r\nO1,โครงสร้างและอำนาจหน้าที่,9\r\nO2,ข้อมูลผู้บริหาร,9\r\n"

    load(write(tmp_path, "items.csv", text, encoding="cp874"), year=2569)

    assert titles(2569) == {"O1": "โครงสร้างและอำนาจหน้าที่", "O2": "ข้อมูลผู้บริหาร"}


def test_a_csv_with_thai_headers_and_thai_digits_loads(tmp_path):
    text = (
        "\ufeffรหัส,ชื่อข้อ,ตัวชี้วัด,องค์ประกอบ\n"
        'O๑,โครงสร้าง,๙,"แผนผังโครงสร้าง\nอำนาจหน้าที่"\n'
        "O๒๐,การประเมินความเสี่ยงการทุจริต,๑๐,\n"
    )

    load(write(tmp_path, "รายการข้อ.csv", text), year=2569)

    indicators = dict(Item.objects.filter(year__year=2569).values_list("code", "indicator__number"))
    assert indicators == {"O1": 9, "O20": 10}
    assert elements(2569, "O1") == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]


def test_a_semicolon_separated_csv_loads(tmp_path):
    text = "code;title_th;indicator\nO1;โครงสร้าง, อำนาจหน้าที่;9\n"

    load(write(tmp_path, "items.csv", text), year=2569)

    assert titles(2569) == {"O1": "โครงสร้าง, อำนาจหน้าที่"}


def test_loading_the_same_csv_twice_changes_nothing(tmp_path):
    path = write(tmp_path, "items.csv", "code,title_th,indicator\nO1,โครงสร้าง,9\n")
    load(path, year=2569)
    counts = row_counts()

    output = load(path, year=2569)

    assert row_counts() == counts
    assert "ไม่เปลี่ยนแปลง 1 ข้อ" in output


def test_a_csv_without_a_required_header_is_refused_listing_the_headers(tmp_path):
    text = "code,ชื่อข้อ\nO1,โครงสร้าง\n"

    message = refused(write(tmp_path, "items.csv", text), year=2569)

    assert "แถว 1" in message
    assert "indicator" in message
    assert "code, title_th, indicator" in message
    assert not FiscalYear.objects.exists()


def test_a_bad_csv_row_in_the_middle_is_named_and_no_row_is_written(tmp_path):
    text = "code,title_th,indicator\nO1,โครงสร้าง,9\nO2,ข้อมูลผู้บริหาร,ไม่ทราบ\nO3,ข้อมูลการติดต่อ,9\n"

    message = refused(write(tmp_path, "items.csv", text), year=2569)

    assert "แถว 3" in message
    assert "O2" in message
    assert "แถว 2" not in message and "แถว 4" not in message
    assert row_counts() == dict.fromkeys(row_counts(), 0)


def test_a_csv_with_a_nul_character_is_refused_naming_the_row(tmp_path):
    text = "code,title_th,indicator\nO1,โครงสร้าง,9\nO2,ข้อมูล\x00ผู้บริหาร,9\n"

    message = refused(write(tmp_path, "items.csv", text), year=2569)

    assert "แถว 3" in message and "NUL" in message
    assert not FiscalYear.objects.exists()


def test_a_csv_with_duplicate_codes_names_both_rows(tmp_path):
    text = "code,title_th,indicator\nO1,โครงสร้าง,9\nO2,ข้อมูลผู้บริหาร,9\nO1,ซ้ำ,9\n"

    message = refused(write(tmp_path, "items.csv", text), year=2569)

    assert "แถว 4" in message and "แถว 2" in message
    assert not Item.objects.exists()


def test_a_csv_row_with_an_unknown_indicator_is_named(tmp_path, year_with_evidence):
    text = "code,title_th,indicator\nO1,ชื่อใหม่,9\nO9,ข้อใหม่,42\n"
    counts = row_counts()

    message = refused(write(tmp_path, "items.csv", text), year=2569)

    assert "แถว 3" in message and "42" in message
    assert row_counts() == counts
    assert titles(2569)["O1"] == "โครงสร้าง"


@pytest.mark.parametrize(
    "text",
    ["", "\ufeff", "\n\n"],
    ids=["empty", "only a byte-order mark", "blank lines"],
)
def test_an_empty_csv_is_refused(tmp_path, text):
    message = refused(write(tmp_path, "items.csv", text), year=2569)

    assert "ว่าง" in message
    assert not FiscalYear.objects.exists()


def test_a_csv_with_only_its_header_is_refused(tmp_path):
    message = refused(write(tmp_path, "items.csv", "code,title_th,indicator\n"), year=2569)

    assert "ไม่พบรายการข้อ" in message
    assert not FiscalYear.objects.exists()


# --- files that are not catalogues -------------------------------------------------------------


def test_an_unknown_extension_is_refused(tmp_path):
    path = write(tmp_path, "items.txt", "code,title_th,indicator\nO1,โครงสร้าง,9\n")

    message = refused(path, year=2569)

    assert ".txt" in message
    assert ".yaml" in message and ".csv" in message
    assert not FiscalYear.objects.exists()


def test_a_file_bigger_than_the_limit_is_refused(tmp_path):
    head = "catalogue:\n  items:\n    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
    path = write(tmp_path, "big.yaml", head + "#" * MAX_CATALOG_BYTES)

    message = refused(path, year=2569)

    assert "ใหญ่เกินไป" in message
    assert not FiscalYear.objects.exists()


def test_a_huge_file_is_refused_without_reading_it_into_memory(tmp_path):
    path = tmp_path / "huge.yaml"
    try:
        with path.open("wb") as handle:
            handle.truncate(1 << 40)  # a sparse terabyte: reading it all would fail
    except OSError:
        pytest.skip("the file system has no sparse files")

    assert "ใหญ่เกินไป" in refused(path, year=2569)


def test_a_file_just_under_the_limit_loads(tmp_path):
    head = "catalogue:\n  items:\n    - {code: O1, title_th: โครงสร้าง, indicator: 9}\n"
    padding = "#" * (MAX_CATALOG_BYTES - len(head.encode()) - 1) + "\n"
    path = write(tmp_path, "big.yaml", head + padding)
    assert path.stat().st_size == MAX_CATALOG_BYTES

    load(path, year=2569)

    assert titles(2569) == {"O1": "โครงสร้าง"}


def test_a_binary_file_is_refused(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(b"\x00\x01\xff\xfe" * 100)

    refused(path, year=2569)

    assert not FiscalYear.objects.exists()
