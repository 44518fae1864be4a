"""The year rollover: year N+1 from a catalogue file or a clone of year N, its diff shown
before anything is written, year N's evidence carried as unpublished drafts, year N untouched.

Personas: alice may roll a year over (add_fiscalyear, add_evidence); bob may add years but
not evidence; an anonymous visitor may do nothing.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from disclosures import rollover
from disclosures.catalog import load_catalog_file, parse_catalog
from disclosures.models import (
    Evidence,
    FiscalYear,
    Indicator,
    Instrument,
    Item,
    RequiredElement,
    SubIndicator,
)
from disclosures.rollover import (
    RolloverRefused,
    carry_explanation,
    carry_out,
    normalise_title,
    plan_rollover,
    title_similarity,
)
from measures.models import Measure, Programme, RatingRule, ScoreBand
from procurement.models import ProcurementSettings
from tests.factory import MINIMAL_PDF
from workflow.models import BinnedEvidence

pytestmark = pytest.mark.django_db

CATALOGS = Path(settings.BASE_DIR) / "catalogs"
ROLLOVER_PERMS = ("disclosures.add_fiscalyear", "disclosures.add_evidence")
CHANGELIST_URL = reverse("admin:disclosures_fiscalyear_changelist")
MODELS = (FiscalYear, Instrument, Indicator, SubIndicator, Item, RequiredElement, Evidence)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def dump(year: FiscalYear) -> str:
    """Every row of a year, as JSON, and the bytes of its files: what "untouched" means."""
    querysets = (
        FiscalYear.objects.filter(pk=year.pk),
        Instrument.objects.filter(year=year),
        Indicator.objects.filter(year=year),
        SubIndicator.objects.filter(indicator__year=year),
        Item.objects.filter(year=year),
        RequiredElement.objects.filter(item__year=year),
        Evidence.objects.filter(item__year=year),
        Programme.objects.filter(year=year),
        ScoreBand.objects.filter(year=year),
        RatingRule.objects.filter(year=year),
        Measure.objects.filter(year=year),
        ProcurementSettings.objects.filter(year=year),
    )
    rows = "\n".join(serializers.serialize("json", qs.order_by("pk")) for qs in querysets)
    files = [
        (e.file.name, default_storage.open(e.file.name).read())
        for e in Evidence.objects.filter(item__year=year).exclude(file="").order_by("pk")
    ]
    return rows + repr(files)


@pytest.fixture
def year_2569(factory) -> FiscalYear:
    """2569 as an organisation leaves it: items with every kind of evidence, an
    explanation, required elements, a sub-indicator, the measures items set."""
    year = factory.year(2569, is_current=True)
    sub = SubIndicator.objects.create(
        indicator=year.indicators.get(number=9), number="9.1", name_th="ข้อมูลพื้นฐาน"
    )
    o1 = factory.item(
        year,
        code="O1",
        title_th="โครงสร้าง หน้าที่และอำนาจ",
        order=1,
        sub_indicator=sub,
        guidance="แผนผังโครงสร้างทั้งฝ่ายการเมืองและฝ่ายประจำ",
        explanation="หน้าหลัก > ITA > ปี 2569 > O1 โครงสร้าง หน้าที่และอำนาจ",
    )
    RequiredElement.objects.create(item=o1, order=1, text="แผนผังโครงสร้าง")
    RequiredElement.objects.create(item=o1, order=2, text="อำนาจหน้าที่")
    factory.evidence(o1, title="แผนผังโครงสร้าง อบต.", order=1)
    factory.evidence(o1, kind=Evidence.Kind.FILE, title="คำสั่งแบ่งงาน", order=2)
    o2 = factory.item(year, code="O2", title_th="ข้อมูลผู้บริหาร", order=2)
    factory.evidence(o2, kind=Evidence.Kind.LINK, title="ทำเนียบผู้บริหาร", link_label="ดู")
    o3 = factory.item(year, code="O3", title_th="ข้อมูลสถิติเรื่องร้องเรียน", order=3)
    factory.evidence(o3, kind=Evidence.Kind.NOTHING, is_published=False)
    o25 = factory.item(
        year, code="O25", title_th="การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร", indicator=10
    )
    o26 = factory.item(year, code="O26", title_th="รายงานผลการดำเนินการตามมาตรการ", indicator=10)
    Programme.objects.create(year=year, foreword="คำนำปี 2569", measures_item=o25, report_item=o26)
    Measure.objects.create(year=year, number=1, title="มาตรการเผยแพร่ข้อมูล", is_published=True)
    return year


@pytest.fixture
def alice(client, factory):
    client.force_login(factory.staff("alice", perms=ROLLOVER_PERMS))
    return client


def start_url(year: FiscalYear) -> str:
    return reverse("admin:disclosures_fiscalyear_rollover", args=[year.pk])


def hidden_and_selected(html: str) -> dict[str, str]:
    """What the diff page's form would send back unchanged."""
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    data.pop("csrfmiddlewaretoken", None)
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen[1] if chosen else ""
    return {k: v.replace("&quot;", '"').replace("&amp;", "&") for k, v in data.items()}


# --- titles --------------------------------------------------------------------------------


def test_titles_match_across_spacing_punctuation_digits_and_sara_am():
    assert normalise_title("โครงสร้าง  หน้าที่ และอำนาจ.") == normalise_title("โครงสร้างหน้าที่และอำนาจ")
    assert normalise_title("แผน ๒๕๖๙") == normalise_title("แผน 2569")
    assert normalise_title("การดำเนินงาน") == normalise_title("การด\u0e4d\u0e32เนินงาน")  # ํา for ำ
    assert normalise_title("E-Service") == "eservice"
    assert title_similarity("ข่าวประชาสัมพันธ์", "ข่าวประชาสัมพันธ์") == 1.0
    assert title_similarity("ข่าวประชาสัมพันธ์", "") == 0.0


# --- the diff of two real catalogues ---------------------------------------------------------


@pytest.fixture
def reshuffled(factory):
    """2568's reference catalogue against 2569's, read as next year's file (a reshuffle)."""
    load_catalog_file(CATALOGS / "catalog-2568.yaml", 2568)
    source = FiscalYear.objects.get(year=2568)
    data = (CATALOGS / "catalog-2569.yaml").read_bytes()
    return plan_rollover(
        source, 2570, parse_catalog(data, "catalog-2569.yaml"), "catalog-2569.yaml"
    )


def test_a_reshuffled_catalogue_is_matched_by_code_and_by_title(reshuffled):
    moves = {(p.old.code, p.new.code) for p in reshuffled.renumbered}
    renamed = {p.new.code for p in reshuffled.renamed}

    # Same title under a new code: the evidence follows the title, not the old code.
    assert {("O16", "O15"), ("O17", "O16"), ("O18", "O17"), ("O25", "O23")} <= moves
    # Near-identical titles under a new code ("…ประจำปี" dropped).
    assert {("O15", "O14"), ("O19", "O18"), ("O26", "O24")} <= moves
    # Same code, reworded title.
    assert {"O1", "O3", "O10"} <= renamed
    assert {p.new.code for p in reshuffled.same} >= {"O2", "O4", "O8", "O9"}
    assert "O27" in {p.old.code for p in reshuffled.removed}
    assert "O11" in {p.new.code for p in reshuffled.added}
    assert reshuffled.old_count == 27 and reshuffled.new_count == 26
    assert reshuffled.warnings == ["ไฟล์ระบุปีงบประมาณ 2569 แต่กำลังสร้างปี 2570: ตรวจสอบว่าเลือกไฟล์ถูกต้อง"]


def test_a_code_reused_for_another_item_is_not_taken_for_a_renaming(reshuffled):
    # 2568's O11 "ข้อมูลสถิติการให้บริการ" and 2569's O11 (monthly procurement) share only
    # their code; 2568's O27 (measures) is not 2569's O26 (their report), at 0.79.
    pairs = {
        (p.old.code if p.old else None, p.new.code if p.new else None) for p in reshuffled.pairs
    }

    assert ("O11", "O11") not in pairs
    assert ("O27", "O26") not in pairs


def test_planning_writes_nothing(reshuffled, factory):
    before = row_counts()

    plan_rollover(FiscalYear.objects.get(year=2568), 2570)

    assert row_counts() == before
    assert not FiscalYear.objects.filter(year=2570).exists()


def test_planning_costs_the_same_queries_however_many_items(factory, django_assert_num_queries):
    year = factory.year(2569)
    item = factory.item(year, code="O1")
    factory.evidence(item)

    def plan_queries() -> int:
        # target exists?, items with counts, their elements
        with django_assert_num_queries(3):
            plan_rollover(year, 2570)

    plan_queries()
    for number in range(2, 30):
        factory.evidence(factory.item(year, code=f"O{number}"), kind=Evidence.Kind.LINK)
    plan_queries()


# --- cloning and carrying ---------------------------------------------------------------------


def test_cloning_creates_a_preparing_year_with_the_same_catalogue(year_2569):
    year_2569.instruments.filter(code="OIT").update(weight=Decimal("45"))

    result = carry_out(plan_rollover(year_2569, 2570))

    new = result.year
    assert (new.year, new.status, new.is_current) == (2570, FiscalYear.Status.PREPARING, False)
    assert "ยกยอดจากปีงบประมาณ พ.ศ. 2569" in new.source_note
    assert list(new.items.order_by("order", "code").values_list("code", "title_th")) == list(
        year_2569.items.order_by("order", "code").values_list("code", "title_th")
    )
    o1 = new.items.get(code="O1")
    assert [e.text for e in o1.required_elements.all()] == ["แผนผังโครงสร้าง", "อำนาจหน้าที่"]
    assert o1.guidance == "แผนผังโครงสร้างทั้งฝ่ายการเมืองและฝ่ายประจำ"
    assert str(o1.sub_indicator) == "9.1 ข้อมูลพื้นฐาน"
    assert o1.sub_indicator.indicator.year == new
    assert o1.confidence == Item.Confidence.GUESS  # until the new year's manual confirms it
    assert new.instruments.get(code="OIT").weight == Decimal("45")
    assert new.indicators.count() == 10
    assert result.items == 5


def test_evidence_is_carried_as_unpublished_drafts_of_every_kind(year_2569):
    result = carry_out(plan_rollover(year_2569, 2570))

    drafts = Evidence.objects.filter(item__year=result.year)
    assert sorted(drafts.values_list("item__code", "kind", "title", "is_published")) == [
        ("O1", "file", "คำสั่งแบ่งงาน", False),
        ("O1", "text", "แผนผังโครงสร้าง อบต.", False),
        ("O2", "link", "ทำเนียบผู้บริหาร", False),
        ("O3", "nothing", "หลักฐานทดสอบ", False),
    ]
    link = drafts.get(kind="link")
    assert (link.url, link.link_label) == ("https://www.example.go.th/doc", "ดู")
    assert drafts.get(kind="nothing").body == "ไม่มีเรื่องร้องเรียนในรอบ 6 เดือนแรก"
    assert drafts.get(kind="text").body_html == "<p>ข้อความหลักฐาน</p>"
    assert dict(result.evidence) == {"text": 1, "file": 1, "link": 1, "nothing": 1}
    # Year N keeps what it published.
    assert Evidence.objects.filter(item__year=year_2569, is_published=True).count() == 3


def test_files_are_copied_to_new_stored_names(year_2569):
    old = Evidence.objects.get(item__year=year_2569, kind="file")

    result = carry_out(plan_rollover(year_2569, 2570))

    new = Evidence.objects.get(item__year=result.year, kind="file")
    assert new.file.name != old.file.name
    assert new.file.name.endswith(".pdf")
    assert default_storage.open(new.file.name).read() == MINIMAL_PDF
    assert (new.original_filename, new.file_kind, new.file_size) == (
        old.original_filename,
        "pdf",
        len(MINIMAL_PDF),
    )
    assert (result.files_copied, result.bytes_copied) == (1, len(MINIMAL_PDF))


def test_purging_the_new_years_copy_leaves_year_n_files(
    year_2569, django_capture_on_commit_callbacks
):
    result = carry_out(plan_rollover(year_2569, 2570))
    old = Evidence.objects.get(item__year=year_2569, kind="file")
    new = Evidence.objects.get(item__year=result.year, kind="file")
    assert new.file.name != old.file.name

    new.move_to_bin()
    with django_capture_on_commit_callbacks(execute=True):
        BinnedEvidence.objects.filter(pk=new.pk).purge()

    assert not default_storage.exists(new.file.name)
    assert default_storage.open(old.file.name).read() == MINIMAL_PDF


def test_year_n_is_never_changed(year_2569):
    ProcurementSettings.objects.create(year=year_2569, item=year_2569.items.get(code="O2"))
    before = dump(year_2569)

    carry_out(plan_rollover(year_2569, 2570))

    year_2569.refresh_from_db()
    assert dump(year_2569) == before
    assert year_2569.is_current


def test_explanations_are_brought_up_to_date_and_marked_for_review(year_2569):
    result = carry_out(plan_rollover(year_2569, 2570))

    o1 = result.year.items.get(code="O1")
    assert o1.explanation == "หน้าหลัก > ITA > ปี 2570 > O1 โครงสร้าง หน้าที่และอำนาจ"
    assert "โปรดตรวจสอบก่อนส่งแบบ ITAS" in o1.confidence_note
    assert result.explanations == ["O1"]


def test_rolling_over_twice_does_not_pile_up_notes(year_2569):
    Item.objects.filter(year=year_2569, code="O1").update(confidence_note="ที่มา: คู่มือ 2569")
    first = carry_out(plan_rollover(year_2569, 2570)).year

    second = carry_out(plan_rollover(first, 2571)).year

    note = second.items.get(code="O1").confidence_note.splitlines()
    assert note == [
        "ที่มา: คู่มือ 2569",
        "คัดลอกจากรายการข้อปีงบประมาณ พ.ศ. 2570 (ความน่าเชื่อถือเดิม: คาดการณ์จากปีก่อน) รอยืนยันกับคู่มือปี 2571",
        "คำอธิบายการเข้าถึงข้อมูลยกมาจากปีงบประมาณ พ.ศ. 2570 ข้อ O1 "
        "(ปรับปีและรหัสข้อให้แล้ว) โปรดตรวจสอบก่อนส่งแบบ ITAS",
    ]
    assert second.items.get(code="O1").explanation.startswith("หน้าหลัก > ITA > ปี 2571 > O1")


def test_a_renumbered_explanation_names_the_new_code_and_title(factory):
    year = factory.year(2569)
    old = factory.item(
        year,
        code="O13",
        title_th="รายงานผลการจัดซื้อจัดจ้างประจำปี",
        explanation="หน้าหลัก > ITA > ปี ๒๕๖๙ > O13 รายงานผลการจัดซื้อจัดจ้างประจำปี (/ita/2569/O13/)",
    )
    new = Item(code="O12", title_th="รายงานสรุปผลการจัดซื้อจัดจ้าง")

    text = carry_explanation(old, new, 2569, 2570)

    assert text == "หน้าหลัก > ITA > ปี ๒๕๗๐ > O12 รายงานสรุปผลการจัดซื้อจัดจ้าง (/ita/2570/O12/)"


def test_the_measures_items_are_set_in_the_new_year(year_2569):
    result = carry_out(plan_rollover(year_2569, 2570))

    programme = Programme.objects.get(year=result.year)
    assert (programme.measures_item.code, programme.report_item.code) == ("O25", "O26")
    assert programme.measures_item.year == result.year
    assert programme.foreword == ""  # left to "คัดลอกมาตรการจากปีก่อน", which copies it
    assert not Measure.objects.filter(year=result.year).exists()


def test_the_procurement_item_follows_its_new_code(year_2569, factory):
    monthly = factory.item(year_2569, code="O11", title_th="สรุปผลการจัดซื้อจัดจ้างรายเดือน")
    ProcurementSettings.objects.create(year=year_2569, item=monthly)
    text = NEXT_YEAR_CSV + "O12,สรุปผลการจัดซื้อจัดจ้างรายเดือน,9\n"

    result = carry_out(plan_rollover(year_2569, 2570, csv_catalog(text), "catalog-2570.csv"))

    assert ProcurementSettings.objects.get(year=result.year).item.code == "O12"
    assert "ข้อ OIT ที่แสดงข้อมูลการจัดซื้อจัดจ้าง: O11 → O12" in result.settings


def test_a_setting_whose_item_is_gone_is_reported_not_guessed(year_2569, factory):
    monthly = factory.item(year_2569, code="O11", title_th="สรุปผลการจัดซื้อจัดจ้างรายเดือน")
    ProcurementSettings.objects.create(year=year_2569, item=monthly)

    result = carry_out(plan_rollover(year_2569, 2570, csv_catalog(), "catalog-2570.csv"))

    # No record: the procurement app's own guess applies, not "no item shows it".
    assert not ProcurementSettings.objects.filter(year=result.year).exists()
    assert (
        "ข้อ OIT ที่แสดงข้อมูลการจัดซื้อจัดจ้าง: ยังไม่ได้ตั้ง เพราะข้อ O11 ของปีเดิมไม่มีคู่ในปีใหม่ โปรดเลือกเอง"
    ) in result.settings


def test_a_deliberate_no_item_setting_is_carried(year_2569):
    ProcurementSettings.objects.create(year=year_2569, item=None)

    result = carry_out(plan_rollover(year_2569, 2570))

    assert ProcurementSettings.objects.get(year=result.year).item is None


def test_grading_rules_corrected_in_year_n_are_carried(year_2569):
    ScoreBand.objects.filter(year=year_2569, letter="AA").update(min_score=Decimal("96"))

    result = carry_out(plan_rollover(year_2569, 2570))

    assert result.rules_copied
    assert ScoreBand.objects.get(year=result.year, letter="AA").min_score == Decimal("96")
    assert RatingRule.objects.filter(year=result.year).count() == year_2569.rating_rules.count()


def test_reference_grading_rules_are_kept_as_seeded(year_2569):
    result = carry_out(plan_rollover(year_2569, 2570))

    assert not result.rules_copied
    assert ScoreBand.objects.filter(year=result.year).count() == year_2569.score_bands.count()


def test_a_missing_file_is_reported_and_the_rest_carried(year_2569):
    old = Evidence.objects.get(item__year=year_2569, kind="file")
    default_storage.delete(old.file.name)

    result = carry_out(plan_rollover(year_2569, 2570))

    assert result.missing_files == ["ข้อ O1: ไม่พบไฟล์ “รายงาน.pdf” ของหลักฐาน “คำสั่งแบ่งงาน” ในปีเดิม"]
    assert result.evidence_total == 3


def test_an_existing_year_is_refused_and_nothing_is_written(year_2569, factory):
    factory.year(2570)
    before = row_counts()

    with pytest.raises(RolloverRefused) as refusal:
        plan_rollover(year_2569, 2570)

    assert "มีปีงบประมาณ พ.ศ. 2570 อยู่แล้ว" in refusal.value.problems[0]
    assert row_counts() == before


@pytest.mark.parametrize("target", [2569, 2568, 2701])
def test_a_target_not_after_year_n_or_out_of_range_is_refused(year_2569, target):
    with pytest.raises(RolloverRefused):
        plan_rollover(year_2569, target)


def test_a_year_created_meanwhile_is_refused_at_confirmation(year_2569, factory):
    plan = plan_rollover(year_2569, 2570)
    factory.year(2570)

    with pytest.raises(RolloverRefused):
        carry_out(plan)


def test_cloning_an_empty_year_is_refused(factory):
    with pytest.raises(RolloverRefused) as refusal:
        plan_rollover(factory.year(2569), 2570)

    assert "ยังไม่มีรายการข้อให้คัดลอก" in refusal.value.problems[0]


def test_a_failure_midway_writes_nothing_and_leaves_no_copied_file(year_2569, monkeypatch):
    before, files = row_counts(), stored_files()
    original = rollover._carry_settings

    def broken(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(rollover, "_carry_settings", broken)

    with pytest.raises(RuntimeError):
        carry_out(plan_rollover(year_2569, 2570))

    assert row_counts() == before
    assert stored_files() == files
    assert not FiscalYear.objects.filter(year=2570).exists()


# --- from a catalogue file -------------------------------------------------------------------

NEXT_YEAR_CSV = """\
รหัส,ชื่อข้อ,ตัวชี้วัด
O1,โครงสร้างหน้าที่และอำนาจ,9
O2,ข้อมูลผู้บริหารและผู้บริหารสูงสุด,9
O4,ข้อมูลสถิติเรื่องร้องเรียน,9
O5,ข่าวประชาสัมพันธ์,9
O25,การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร,10
O26,รายงานผลการดำเนินการตามมาตรการ,10
"""


def csv_catalog(text: str = NEXT_YEAR_CSV):
    return parse_catalog(text.encode("utf-8"), "catalog-2570.csv")


def test_a_file_catalogue_carries_evidence_through_the_match(year_2569):
    plan = plan_rollover(year_2569, 2570, csv_catalog(), "catalog-2570.csv")
    assert [(p.old.code, p.new.code) for p in plan.renumbered] == [("O3", "O4")]
    assert [p.new.code for p in plan.added] == ["O5"]
    assert [p.new.code for p in plan.renamed] == ["O2"]
    assert plan.same[0].notes == [
        "ชื่อเขียนต่างกันเล็กน้อย (เว้นวรรคหรือเครื่องหมาย)",
        *plan.same[0].notes[1:],
    ]

    result = carry_out(plan)

    codes = dict(Evidence.objects.filter(item__year=result.year).values_list("kind", "item__code"))
    assert codes["nothing"] == "O4"  # old O3's statement went with its title
    assert codes["link"] == "O2"
    o1 = result.year.items.get(code="O1")
    assert o1.title_th == "โครงสร้างหน้าที่และอำนาจ"  # the file's wording
    # The file says nothing of elements or guidance: year N's are kept.
    assert o1.required_elements.count() == 2 and o1.guidance
    assert not result.year.items.get(code="O5").evidence.exists()


def test_evidence_of_removed_items_is_listed_as_not_carried(year_2569):
    text = NEXT_YEAR_CSV.replace("O2,ข้อมูลผู้บริหารและผู้บริหารสูงสุด,9\n", "")

    result = carry_out(plan_rollover(year_2569, 2570, csv_catalog(text), "catalog-2570.csv"))

    assert [(row.code, row.evidence) for row in result.not_carried] == [("O2", ["ทำเนียบผู้บริหาร"])]
    assert Evidence.objects.filter(item__year=year_2569, item__code="O2").exists()


def test_staff_can_send_a_removed_items_evidence_elsewhere(year_2569):
    plan = plan_rollover(
        year_2569, 2570, csv_catalog(), "catalog-2570.csv", overrides={"O2": "O5", "O3": ""}
    )

    assert [(p.old.code, p.new.code, p.chosen) for p in plan.renumbered] == [("O2", "O5", True)]
    assert {p.old.code for p in plan.removed} == {"O3"}
    result = carry_out(plan)
    assert result.year.items.get(code="O5").evidence.get().kind == "link"
    assert not result.year.items.get(code="O4").evidence.exists()


def test_one_new_item_cannot_take_two_old_items_evidence(year_2569):
    plan = plan_rollover(
        year_2569, 2570, csv_catalog(), "catalog-2570.csv", overrides={"O2": "O5", "O3": "O5"}
    )

    assert plan.problems == [
        "ข้อ O5 ของปีใหม่ถูกเลือกให้รับหลักฐานทั้งจากข้อ O2 และข้อ O3 ของปีเดิม: เลือกให้ข้อละหนึ่งข้อเท่านั้น"
    ]
    with pytest.raises(RolloverRefused):
        carry_out(plan)


def test_an_unknown_indicator_in_the_file_is_a_problem_naming_the_row(year_2569):
    plan = plan_rollover(
        year_2569, 2570, csv_catalog(NEXT_YEAR_CSV + "O27,ข้อใหม่,12\n"), "catalog-2570.csv"
    )

    assert plan.problems == [
        "แถว 8: ข้อ O27 อ้างถึงตัวชี้วัดที่ 12 ซึ่งไม่มีในปีงบประมาณ พ.ศ. 2569 "
        "(มีตัวชี้วัดที่ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)"
    ]
    with pytest.raises(RolloverRefused):
        carry_out(plan)
    assert not FiscalYear.objects.filter(year=2570).exists()


# --- the back office ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, year_2569):
    response = client.get(start_url(year_2569))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_evidence_permission_get_403_and_no_link(client, factory, year_2569):
    client.force_login(
        factory.staff("bob", perms=("disclosures.add_fiscalyear", "disclosures.view_fiscalyear"))
    )

    assert client.get(start_url(year_2569)).status_code == 403
    assert client.post(start_url(year_2569), {"step": "confirm"}).status_code == 403
    assert "สร้างปี 2570" not in client.get(CHANGELIST_URL).content.decode()


def test_a_missing_year_is_404(alice):
    assert (
        alice.get(reverse("admin:disclosures_fiscalyear_rollover", args=[999])).status_code == 404
    )


def test_the_year_list_links_the_rollover_of_the_last_year_only(client, factory, year_2569):
    factory.year(2568)
    client.force_login(
        factory.staff("carol", perms=(*ROLLOVER_PERMS, "disclosures.view_fiscalyear"))
    )

    html = client.get(CHANGELIST_URL).content.decode()

    assert html.count("/rollover/") == 1
    assert f'href="{start_url(year_2569)}">สร้างปี 2570 จากปีนี้' in html


def test_the_start_page_offers_next_year(alice, year_2569):
    response = alice.get(start_url(year_2569))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2570"' in html
    assert "ข้อมูลของปี 2569 ไม่ถูกแก้ไขหรือลบแต่อย่างใด" in html


def test_the_diff_is_shown_before_anything_is_written(alice, year_2569):
    before = row_counts()

    response = alice.post(
        start_url(year_2569), {"step": "start", "target": "๒๕๗๐", "source": "clone"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "ตรวจสอบก่อนสร้างปีงบประมาณ พ.ศ. 2570" in html
    assert "ปี 2569 มี 5 ข้อ · ปี 2570 จะมี 5 ข้อ" in html
    assert "หลักฐานที่จะยกไปเป็นฉบับร่างที่ยังไม่เผยแพร่: 4 รายการ (ไฟล์ 1 ไฟล์" in html
    assert row_counts() == before


def test_confirming_creates_the_year_and_shows_what_was_carried(client, factory, year_2569):
    client.force_login(
        factory.staff(
            "alice",
            perms=(*ROLLOVER_PERMS, "measures.add_measure", "disclosures.view_fiscalyear"),
        )
    )
    diff = client.post(start_url(year_2569), {"step": "start", "target": "2570", "source": "clone"})

    response = client.post(
        start_url(year_2569), {**hidden_and_selected(diff.content.decode()), "step": "confirm"}
    )

    html = response.content.decode()
    new = FiscalYear.objects.get(year=2570)
    assert response.status_code == 200
    assert "สร้างปีงบประมาณ พ.ศ. 2570 แล้ว" in html
    assert "หลักฐานที่ยกมาเป็นฉบับร่าง (ยังไม่เผยแพร่) 4 รายการ" in html
    assert f"?item__year__id__exact={new.pk}&amp;is_published__exact=0" in html
    # The measures are copied by the existing action, offered as a button.
    assert 'name="action" value="copy_measures"' in html
    copied = client.post(
        CHANGELIST_URL, {"action": "copy_measures", ACTION_CHECKBOX_NAME: [new.pk]}
    )
    assert copied.status_code == 302
    assert Measure.objects.filter(year=new, is_published=False).count() == 1


def test_a_confirmation_of_a_diff_that_changed_meanwhile_is_shown_again(alice, factory, year_2569):
    diff = alice.post(start_url(year_2569), {"step": "start", "target": "2570", "source": "clone"})
    factory.evidence(year_2569.items.get(code="O2"), title="หลักฐานที่เพิ่มภายหลัง")

    response = alice.post(
        start_url(year_2569), {**hidden_and_selected(diff.content.decode()), "step": "confirm"}
    )

    assert "ต่างไปจากที่แสดงไว้ก่อนหน้า ยังไม่ได้สร้างปีใหม่" in response.content.decode()
    assert not FiscalYear.objects.filter(year=2570).exists()


def test_a_catalogue_file_is_uploaded_once_and_read_again_at_confirmation(alice, year_2569):
    upload = SimpleUploadedFile("catalog-2570.csv", NEXT_YEAR_CSV.encode("utf-8"))
    diff = alice.post(
        start_url(year_2569),
        {"step": "start", "target": "2570", "source": "file", "file": upload},
    )
    html = diff.content.decode()
    assert "จากไฟล์ catalog-2570.csv" in html
    assert 'name="match-O3"' in html  # staff may send O3's evidence elsewhere
    data = hidden_and_selected(html)
    assert data["match-O3"] == "O4"

    data["match-O3"] = ""
    recomputed = alice.post(start_url(year_2569), {**data, "step": "preview"})
    assert "จับคู่ตามที่เลือก" in recomputed.content.decode()
    assert not FiscalYear.objects.filter(year=2570).exists()

    confirmed = alice.post(
        start_url(year_2569),
        {**hidden_and_selected(recomputed.content.decode()), "step": "confirm"},
    )
    assert confirmed.status_code == 200
    new = FiscalYear.objects.get(year=2570)
    assert new.items.count() == 6
    assert not new.items.get(code="O4").evidence.exists()
    assert "ไฟล์ catalog-2570.csv" in new.source_note


def test_a_choice_that_is_not_offered_shows_the_automatic_match_again(alice, year_2569):
    upload = SimpleUploadedFile("catalog-2570.csv", NEXT_YEAR_CSV.encode("utf-8"))
    diff = alice.post(
        start_url(year_2569),
        {"step": "start", "target": "2570", "source": "file", "file": upload},
    )
    data = {**hidden_and_selected(diff.content.decode()), "match-O3": "O99"}

    response = alice.post(start_url(year_2569), {**data, "step": "confirm"})

    assert "จึงแสดงการจับคู่อัตโนมัติ กรุณาเลือกอีกครั้ง" in response.content.decode()
    assert not FiscalYear.objects.filter(year=2570).exists()


def test_a_bad_catalogue_file_names_the_line_and_writes_nothing(alice, year_2569):
    upload = SimpleUploadedFile("catalog-2570.csv", "รหัส,ชื่อข้อ,ตัวชี้วัด\nO1,,9\n".encode())
    before = row_counts()

    response = alice.post(
        start_url(year_2569),
        {"step": "start", "target": "2570", "source": "file", "file": upload},
    )

    html = response.content.decode()
    assert "ยังสร้างปีใหม่ไม่ได้ ยังไม่มีการบันทึกใด ๆ" in html
    assert "แถว 2: ข้อ O1 ไม่มีชื่อข้อ (title_th)" in html
    assert row_counts() == before


def test_choosing_file_without_a_file_asks_for_one(alice, year_2569):
    response = alice.post(
        start_url(year_2569), {"step": "start", "target": "2570", "source": "file"}
    )

    assert "เลือกไฟล์รายการข้อของปีใหม่" in response.content.decode()


def test_a_bad_year_is_refused_with_a_thai_message(alice, year_2569):
    response = alice.post(
        start_url(year_2569), {"step": "start", "target": "25x0", "source": "clone"}
    )

    assert "ใส่ปี พ.ศ. สี่หลัก เช่น 2570" in response.content.decode()


def test_an_existing_target_year_is_refused_on_the_page(alice, factory, year_2569):
    factory.year(2570)

    start = alice.get(start_url(year_2569)).content.decode()
    posted = alice.post(
        start_url(year_2569), {"step": "start", "target": "2570", "source": "clone"}
    )

    assert "มีปีงบประมาณ พ.ศ. 2570 อยู่แล้ว" in start
    assert "มีปีงบประมาณ พ.ศ. 2570 อยู่แล้ว จึงไม่ได้สร้างซ้ำ" in posted.content.decode()


def test_a_tampered_catalogue_payload_is_refused(alice, year_2569):
    response = alice.post(
        start_url(year_2569),
        {"step": "confirm", "target": "2570", "payload": "forged:payload", "fingerprint": "x"},
    )

    assert "กรุณาเลือกไฟล์รายการข้ออีกครั้ง" in response.content.decode()
    assert not FiscalYear.objects.filter(year=2570).exists()


# --- the command -------------------------------------------------------------------------------


def test_the_command_dry_run_prints_the_diff_and_writes_nothing(year_2569, tmp_path):
    path = tmp_path / "catalog-2570.csv"
    path.write_text(NEXT_YEAR_CSV, encoding="utf-8")
    out = StringIO()
    before = row_counts()

    call_command("rollover_year", "--from", "2569", "--catalog", str(path), "--dry-run", stdout=out)

    text = out.getvalue()
    assert "ปี 2569 (5 ข้อ) → ปี 2570 (6 ข้อ): รายการข้อจากไฟล์ catalog-2570.csv" in text
    assert "เปลี่ยนรหัส O3 → O4" in text
    assert "[ทดลอง ไม่บันทึก]" in text
    assert row_counts() == before


def test_the_command_creates_the_year(year_2569):
    out = StringIO()

    call_command("rollover_year", "--from", "2569", "--to", "2570", stdout=out)

    assert "สร้างปีงบประมาณ พ.ศ. 2570 (กำลังจัดเตรียม) 5 ข้อ เสร็จ" in out.getvalue()
    assert Evidence.objects.filter(item__year__year=2570, is_published=False).count() == 4


def test_the_command_refuses_an_unknown_or_existing_year(year_2569, factory):
    with pytest.raises(CommandError, match="ไม่มีปีงบประมาณ พ.ศ. 2560"):
        call_command("rollover_year", "--from", "2560")
    factory.year(2570)
    with pytest.raises(CommandError, match="มีปีงบประมาณ พ.ศ. 2570 อยู่แล้ว"):
        call_command("rollover_year", "--from", "2569")
