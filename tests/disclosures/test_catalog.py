"""Reading a catalogue file and applying it to a year (disclosures.catalog)."""

from __future__ import annotations

import io

import pytest

from disclosures.catalog import (
    MAX_CATALOG_BYTES,
    CatalogError,
    apply_catalog,
    normalise_code,
    parse_catalog,
    split_sub_indicator,
)
from disclosures.models import FiscalYear, Indicator, Item
from ita_portal import cache as page_cache


def problems_of(text: str, filename: str = "catalog.yaml", encoding: str = "utf-8") -> list[str]:
    with pytest.raises(CatalogError) as excinfo:
        parse_catalog(text.encode(encoding), filename)
    return excinfo.value.problems


def yaml_items(*lines: str, head: str = "catalogue:\n  fiscal_year_be: 2569\n") -> bytes:
    return (head + "  items:\n" + "".join(f"    - {line}\n" for line in lines)).encode()


# --- item codes and sub-indicators ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("O1", "O1"),
        (" o1 ", "O1"),
        ("O ๒๗", "O27"),
        ("moit3", "MOIT3"),
        ("O1.1", "O1.1"),
        ("O27?", "O27"),
    ],
)
def test_item_codes_are_normalised(raw, code):
    assert normalise_code(raw)[0] == code


def test_an_unconfirmed_code_keeps_a_note_of_how_the_source_wrote_it():
    code, note = normalise_code("O27?")

    assert code == "O27"
    assert "ยังไม่ยืนยัน" in note and "O27?" in note
    assert normalise_code("O27") == ("O27", "")


@pytest.mark.parametrize("raw", ["", "ข้อ1", "O", "27", "O1/2", "<b>O1</b>", "O1234"])
def test_codes_that_cannot_be_a_url_are_refused(raw):
    assert normalise_code(raw) == (None, "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("9.1 ข้อมูลพื้นฐาน (inferred)", ("9.1", "ข้อมูลพื้นฐาน")),
        ("9.1 ข้อมูลพื้นฐาน / การประชาสัมพันธ์", ("9.1", "ข้อมูลพื้นฐาน / การประชาสัมพันธ์")),
        ("๑๐.๒ มาตรการภายใน", ("10.2", "มาตรการภายใน")),
        ("การจัดซื้อจัดจ้าง (inferred)", ("", "การจัดซื้อจัดจ้าง")),
        ("unknown", ("", "")),
        ("ไม่ทราบ", ("", "")),
        ("", ("", "")),
    ],
)
def test_sub_indicators_are_split_into_number_and_name(raw, expected):
    assert split_sub_indicator(raw) == expected


# --- parsing ---------------------------------------------------------------------------------


def test_a_yaml_catalogue_may_sit_under_any_single_top_level_key():
    for head in ("ita_oit_catalogue:\n", "ita_oit_catalogue_2569:\n", "whatever:\n"):
        catalog = parse_catalog(
            yaml_items(
                "{code: O1, title_th: ก, indicator: 9}", head=head + "  fiscal_year_be: 2569\n"
            ),
            "c.yaml",
        )
        assert [item.code for item in catalog.items] == ["O1"]
        assert catalog.year == 2569


def test_a_yaml_catalogue_may_be_the_document_itself():
    catalog = parse_catalog(
        b"fiscal_year_be: 2568\nitems:\n  - {code: O1, title_th: x, indicator: 9}\n", "c.yml"
    )

    assert catalog.year == 2568
    assert catalog.items[0].where == "บรรทัด 3"


def test_confidence_notes_and_sources_are_kept_with_the_item():
    catalog = parse_catalog(
        yaml_items(
            "{code: O1, title_th: ก, indicator: 9, confidence: guess_from_2568}",
            "{code: O2, title_th: ข, indicator: 9, confidence: maybe, note: ดูคู่มือ}",
            "{code: O3, title_th: ค, indicator: 9, sources: [a.go.th, b.go.th]}",
        ),
        "c.yaml",
    )

    o1, o2, o3 = catalog.items
    assert o1.confidence == Item.Confidence.GUESS
    assert o2.confidence == Item.Confidence.UNKNOWN
    assert "maybe" in o2.confidence_note and "ดูคู่มือ" in o2.confidence_note
    assert o3.confidence == Item.Confidence.CONFIRMED
    assert "a.go.th" in o3.confidence_note and "b.go.th" in o3.confidence_note


def test_items_without_an_order_follow_the_file():
    catalog = parse_catalog(
        yaml_items(
            "{code: O2, title_th: ข, indicator: 9}",
            "{code: O1, title_th: ก, indicator: 9}",
            "{code: O3, title_th: ค, indicator: 9, order: 7}",
        ),
        "c.yaml",
    )

    assert [(i.code, i.order) for i in catalog.items] == [("O2", 1), ("O1", 2), ("O3", 7)]


def test_csv_elements_may_be_separated_by_bars_or_new_lines():
    catalog = parse_catalog(
        'code,title_th,indicator,required_elements\nO1,ก,9,"หนึ่ง | สอง\nสาม"\n'.encode(),
        "c.csv",
    )

    assert catalog.items[0].required_elements == ["หนึ่ง", "สอง", "สาม"]
    assert catalog.items[0].where == "แถว 2"


def test_csv_indicator_names_rename_the_indicator():
    catalog = parse_catalog("code,title_th,indicator,ชื่อตัวชี้วัด\nO1,ก,9,เปิดเผย\n".encode(), "c.csv")

    assert catalog.indicators == {9: "เปิดเผย"}


def test_csv_headers_are_matched_regardless_of_case_and_spaces():
    catalog = parse_catalog(b" Code , TITLE_TH ,Indicator\nO1,x,9\n", "c.CSV")

    assert catalog.items[0].code == "O1"


def test_a_thai_excel_csv_in_tis_620_is_decoded():
    catalog = parse_catalog("รหัสข้อ,หัวข้อ,ตัวชี้วัด\nO1,ข้อมูลผู้บริหาร,๙\n".encode("cp874"), "c.csv")

    assert (catalog.items[0].title_th, catalog.items[0].indicator) == ("ข้อมูลผู้บริหาร", 9)


@pytest.mark.parametrize("value", ["²", "9.5", "-9", "๙ก", "true"])
def test_an_indicator_that_is_not_a_plain_number_is_named(value):
    problems = problems_of(f"code,title_th,indicator\nO1,ก,{value}\n", "c.csv")

    assert problems == [
        "แถว 2: ข้อ O1 ต้องระบุตัวชี้วัด (indicator) เป็นตัวเลข เช่น 9",
    ]


def test_a_fiscal_year_problem_names_the_line_of_fiscal_year_be():
    problems = problems_of(
        "catalogue:\n  source: x\n  fiscal_year_be: สองห้าหกเก้า\n  items:\n"
        "    - {code: O1, title_th: ก, indicator: 9}\n"
    )

    assert problems == ["บรรทัด 3: fiscal_year_be ต้องเป็นปี พ.ศ. เช่น 2569"]


def test_a_block_style_item_is_named_by_its_first_line():
    problems = problems_of(
        "catalogue:\n"
        "  items:\n"
        "    - code: O1\n"
        "      title_th: ก\n"
        "      indicator: 9\n"
        "    - code: O2\n"
        "      indicator: 9\n"
    )

    assert problems == ["บรรทัด 6: ข้อ O2 ไม่มีชื่อข้อ (title_th)"]


def test_an_item_that_is_not_a_mapping_is_named_by_its_position():
    problems = problems_of(
        "catalogue:\n  items:\n    - {code: O1, title_th: ก, indicator: 9}\n    - O2\n"
    )

    assert problems == ["ข้อที่ 2: ต้องเป็นชุดข้อมูลที่มี code, title_th และ indicator"]


@pytest.mark.parametrize(
    ("field", "value", "limit"),
    [("title_th", "ก" * 501, 500), ("title_en", "a" * 501, 500), ("sub_indicator", "ข" * 301, 300)],
)
def test_texts_too_long_for_their_column_are_named(field, value, limit):
    problems = problems_of(f"code,title_th,indicator,{field}\nO1,ก,9,{value}\n", "c.csv")

    assert len(problems) == 1
    assert problems[0].startswith("แถว 2: ข้อ O1")
    assert f"เกิน {limit}" in problems[0]


def test_an_order_too_big_for_its_column_is_named():
    problems = problems_of("code,title_th,indicator,order\nO1,ก,9,99999\n", "c.csv")

    assert problems == ["แถว 2: ลำดับ (order) ต้องเป็นตัวเลขไม่เกิน 32767"]


def test_the_size_limit_is_checked_before_reading_the_content():
    with pytest.raises(CatalogError) as excinfo:
        parse_catalog(b"\xff" * (MAX_CATALOG_BYTES + 1), "c.yaml")

    assert "ใหญ่เกินไป" in excinfo.value.problems[0]


@pytest.mark.parametrize("filename", ["c.csv", "c.yaml"])
@pytest.mark.parametrize("text", ["", "  \n\n", "\ufeff"])
def test_an_empty_file_is_called_empty(filename, text):
    assert problems_of(text, filename) == ["ไฟล์ว่างเปล่า: ไม่มีรายการข้อ"]


def test_a_file_in_neither_utf8_nor_tis_620_is_refused():
    with pytest.raises(CatalogError) as excinfo:
        parse_catalog(b"code,title_th,indicator\nO1,\xff\xfe,9\n", "c.csv")

    assert "UTF-8" in excinfo.value.problems[0]


# --- applying --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_applying_creates_the_year_its_structure_and_items():
    catalog = parse_catalog(yaml_items("{code: O1, title_th: ก, indicator: 9}"), "c.yaml")

    report = apply_catalog(catalog, 2569)

    assert report.year_created and report.created == ["O1"] and report.changed
    year = FiscalYear.objects.get(year=2569)
    assert year.status == FiscalYear.Status.PREPARING  # not public until staff open it
    assert year.indicators.count() == 10


@pytest.mark.django_db
def test_indicator_names_in_the_file_rename_the_years_indicators(factory):
    factory.year(2569)
    catalog = parse_catalog(
        b"catalogue:\n  indicators:\n    - {number: 10, name_th: anti-corruption}\n"
        b"  items:\n    - {code: O1, title_th: x, indicator: 10}\n",
        "c.yaml",
    )

    report = apply_catalog(catalog, 2569)

    assert Indicator.objects.get(year__year=2569, number=10).name_th == "anti-corruption"
    assert report.renamed_indicators == ["10 anti-corruption"]
    assert report.changed
    assert apply_catalog(catalog, 2569).renamed_indicators == []  # the second time: unchanged


@pytest.mark.django_db
def test_a_change_makes_cached_public_pages_stale_and_a_dry_run_does_not():
    catalog = parse_catalog(yaml_items("{code: O1, title_th: ก, indicator: 9}"), "c.yaml")
    start = page_cache.current_version()

    apply_catalog(catalog, 2569, dry_run=True)
    assert page_cache.current_version() == start

    apply_catalog(catalog, 2569)
    after_load = page_cache.current_version()
    assert after_load > start

    apply_catalog(catalog, 2569)  # unchanged
    assert page_cache.current_version() == after_load


@pytest.mark.django_db
def test_an_unknown_indicator_rolls_back_everything_before_it(factory):
    year = factory.year(2569)
    factory.item(year, code="O1", title_th="เดิม")
    catalog = parse_catalog(
        yaml_items(
            "{code: O1, title_th: ใหม่, indicator: 9}",
            "{code: O2, title_th: ข, indicator: 11}",
        ),
        "c.yaml",
    )

    with pytest.raises(CatalogError) as excinfo:
        apply_catalog(catalog, 2569)

    assert excinfo.value.problems == ["บรรทัด 5: ข้อ O2 อ้างถึงตัวชี้วัดที่ 11 ซึ่งไม่มีในปี 2569"]
    assert list(year.items.values_list("code", "title_th")) == [("O1", "เดิม")]


@pytest.mark.django_db
def test_an_item_moved_to_another_indicator_follows_the_file(factory):
    year = factory.year(2569)
    factory.item(year, code="O1", indicator=9)
    catalog = parse_catalog(yaml_items("{code: O1, title_th: ก, indicator: 10}"), "c.yaml")

    report = apply_catalog(catalog, 2569)

    assert report.updated == ["O1"]
    assert year.items.get(code="O1").indicator.number == 10


@pytest.mark.django_db
def test_a_sub_indicator_nobody_uses_any_more_is_removed(factory):
    catalog = parse_catalog(
        yaml_items("{code: O1, title_th: ก, indicator: 9, sub_indicator: 9.1 ข้อมูลพื้นฐาน}"),
        "c.yaml",
    )
    apply_catalog(catalog, 2569)
    renamed = parse_catalog(
        yaml_items("{code: O1, title_th: ก, indicator: 9, sub_indicator: 9.1 ข้อมูลทั่วไป}"),
        "c.yaml",
    )

    apply_catalog(renamed, 2569)

    item = Item.objects.get(year__year=2569, code="O1")
    assert str(item.sub_indicator) == "9.1 ข้อมูลทั่วไป"
    assert item.indicator.sub_indicators.count() == 1


@pytest.mark.parametrize(
    ("raw", "title", "noted"),
    [
        ("(unknown — possibly รายงานผลการดำเนินงานประจำปี)", "รายงานผลการดำเนินงานประจำปี", True),
        ("แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน (unconfirmed)", "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน", True),
        ("Q&A", "Q&A", False),
        ("ข้อมูลผู้บริหาร (ต่อ)", "ข้อมูลผู้บริหาร (ต่อ)", False),
    ],
)
def test_compilers_doubts_leave_the_title_for_the_note(raw, title, noted):
    from disclosures.catalog import clean_title

    cleaned, note = clean_title(raw)
    assert cleaned == title
    assert bool(note) is noted
    if noted:
        assert raw in note


def test_the_shipped_2568_catalogue_shows_clean_titles(db):
    from django.core.management import call_command

    call_command("load_catalog", "catalogs/catalog-2568.yaml", year=2568, stdout=io.StringIO())
    titles = list(Item.objects.filter(year__year=2568).values_list("title_th", flat=True))
    assert not [t for t in titles if "unconfirmed" in t or "unknown" in t]
    o7 = Item.objects.get(year__year=2568, code="O7")
    assert o7.title_th == "รายงานผลการดำเนินงานประจำปี"
    assert "possibly" in o7.confidence_note
