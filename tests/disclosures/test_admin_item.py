"""Items in the back office: the item form with its evidence inline, and the changelist.

Every refusal must leave the database and the upload storage as they were: the item, its
required elements and all evidence rows are written together or not at all.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from disclosures.models import Evidence, Item
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:disclosures_item_add")
CHANGELIST_URL = reverse("admin:disclosures_item_changelist")
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
MSG_HTTP_ONLY = "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"
MSG_DUPLICATE = "รหัสข้อนี้มีอยู่แล้วในปีงบประมาณนี้"


# --- building the posted form ---------------------------------------------------------------


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def evidence_row(index: int, kind: str, **values) -> dict:
    """One evidence inline form, as the stacked inline posts it (prefix "evidence")."""
    row = {
        "kind": kind,
        "order": str(index + 1),
        "title": f"หลักฐานที่ {index + 1}",
        "document_date": "",
        "body": "",
        "text_format": Evidence.TextFormat.PLAIN,
        "url": "",
        "link_label": "",
        "id": "",
        "status": "draft",
        "publish_at": "",
        "review_comment": "",
    }
    row.update(values)
    if row.pop("is_published", False):
        row["status"] = "published"
    return {f"evidence-{index}-{name}": value for name, value in row.items()}


def item_post(year, indicator=None, evidence: tuple[dict, ...] = (), **overrides) -> dict:
    """The item add form as a browser posts it, with the given evidence rows."""
    indicator = indicator or year.indicators.get(number=9)
    data = {
        "year": str(year.pk),
        "code": "O1",
        "order": "1",
        "title_th": "โครงสร้างหน่วยงาน",
        "title_en": "",
        "indicator": str(indicator.pk),
        "sub_indicator": "",
        "explanation_draft": "หน้าหลัก > ITA > O1",
        "explanation_status": "published",
        "explanation_comment": "",
        "owner_division": "",
        "owner": "",
        "due_date": "",
        "date_rule": "any",
        "guidance": "",
        "confidence": Item.Confidence.CONFIRMED,
        "confidence_note": "",
        **management("required_elements", 0),
        **management("evidence", len(evidence)),
        "_save": "บันทึก",
    }
    for row in evidence:
        data.update(row)
    data.update(overrides)
    return data


def pdf_upload(name: str = "รายงานผลการดำเนินงาน รอบ 6 เดือน.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, "application/pdf")


def four_kinds() -> tuple[dict, ...]:
    """One valid evidence row of each kind."""
    return (
        evidence_row(0, Evidence.Kind.TEXT, body="ข้อความหลักฐาน", is_published=True),
        evidence_row(1, Evidence.Kind.LINK, url="https://www.example.go.th/doc"),
        evidence_row(2, Evidence.Kind.FILE, file=pdf_upload(), document_date="2025-11-01"),
        evidence_row(3, Evidence.Kind.NOTHING, body="ไม่มีเรื่องร้องเรียนในรอบ 6 เดือน"),
    )


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def form_errors(response) -> dict:
    assert response.status_code == 200, "a refused form is shown again, not redirected"
    return response.context["adminform"].form.errors


def inline_errors(response, prefix: str = "evidence") -> list[dict]:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset.errors
    raise AssertionError(f"no inline with prefix {prefix}")


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def year(factory):
    return factory.year(2569)


# --- the form -------------------------------------------------------------------------------


def test_add_form_has_the_inlines(admin_client):
    response = admin_client.get(ADD_URL)

    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["required_elements", "evidence"]


def test_add_item_with_every_kind_of_evidence(admin_client, year):
    response = admin_client.post(ADD_URL, item_post(year, evidence=four_kinds()))

    assert response.status_code == 302
    item = Item.objects.get(year=year, code="O1")
    evidence = list(item.evidence.order_by("order"))
    assert [e.kind for e in evidence] == ["text", "link", "file", "nothing"]
    assert [e.is_published for e in evidence] == [True, False, False, False]
    assert evidence[1].url == "https://www.example.go.th/doc"


def test_stored_file_name_is_generated_and_original_name_kept(admin_client, year):
    original = "รายงานผลการดำเนินงาน รอบ 6 เดือน.pdf"
    row = evidence_row(0, Evidence.Kind.FILE, file=pdf_upload(original))

    admin_client.post(ADD_URL, item_post(year, evidence=(row,)))

    evidence = Evidence.objects.get()
    assert evidence.file.name.startswith("evidence/")
    assert evidence.file.name.endswith(".pdf")
    assert "รายงาน" not in evidence.file.name
    assert " " not in evidence.file.name
    assert evidence.original_filename == original
    assert evidence.file_kind == "pdf"
    assert evidence.file_size == len(MINIMAL_PDF)
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes() == MINIMAL_PDF


def test_same_code_in_another_year(admin_client, factory, year):
    factory.item(year, code="O1")
    other = factory.year(2568)

    response = admin_client.post(ADD_URL, item_post(other))

    assert response.status_code == 302
    assert Item.objects.filter(code="O1").count() == 2


# Each case: item fields changed, the values of a fifth evidence row (none: four valid rows
# only), and where the one Thai message must appear. A callable value is called per test.
REFUSALS = {
    "duplicate code": ({"code": "O1"}, None, ("item", "__all__", MSG_DUPLICATE)),
    "duplicate code in lower case": ({"code": "o1"}, None, ("item", "__all__", MSG_DUPLICATE)),
    "code with Thai and a space": ({"code": "ข้อ 1"}, None, ("item", "code", "ไม่ถูกต้อง")),
    "missing title": ({"title_th": ""}, None, ("item", "title_th", "ฟิลด์นี้จำเป็น")),
    "link without URL": (
        {},
        {"kind": Evidence.Kind.LINK, "url": ""},
        ("evidence", "url", "หลักฐานประเภทลิงก์ต้องระบุ URL"),
    ),
    "javascript link": (
        {},
        {"kind": Evidence.Kind.LINK, "url": "javascript:alert(document.cookie)"},
        ("evidence", "url", MSG_HTTP_ONLY),
    ),
    "ftp link": (
        {},
        {"kind": Evidence.Kind.LINK, "url": "ftp://files.example.go.th/a"},
        ("evidence", "url", MSG_HTTP_ONLY),
    ),
    "file evidence with a javascript link": (
        {},
        {"kind": Evidence.Kind.FILE, "file": pdf_upload, "url": "javascript:alert(1)"},
        ("evidence", "url", MSG_HTTP_ONLY),
    ),
    "text without text": (
        {},
        {"kind": Evidence.Kind.TEXT, "body": "   "},
        ("evidence", "body", "หลักฐานประเภทข้อความต้องมีข้อความ"),
    ),
    "nothing to report without a reason": (
        {},
        {"kind": Evidence.Kind.NOTHING},
        ("evidence", "body", "ต้องระบุเหตุผลที่ไม่มีข้อมูลต้องรายงาน"),
    ),
    "file evidence without a file": (
        {},
        {"kind": Evidence.Kind.FILE},
        ("evidence", "file", "หลักฐานประเภทไฟล์ต้องแนบไฟล์"),
    ),
    "evidence without a title": (
        {},
        {"kind": Evidence.Kind.TEXT, "body": "ข้อความ", "title": ""},
        ("evidence", "title", "ฟิลด์นี้จำเป็น"),
    ),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_refused_input_writes_nothing(admin_client, factory, year, case):
    item_overrides, fifth_row, (where, field, message) = case
    factory.item(year, code="O1", title_th="ข้อเดิม")  # for the duplicates; harmless otherwise
    rows = four_kinds()
    if fifth_row is not None:
        values = {name: value() if callable(value) else value for name, value in fifth_row.items()}
        rows += (evidence_row(4, **values),)
    data = item_post(year, evidence=rows, **{"code": "O2", **item_overrides})
    files_before = stored_files()

    response = admin_client.post(ADD_URL, data)

    shown = form_errors(response) if where == "item" else inline_errors(response)[4]
    errors = shown[field]
    assert len(errors) == 1, errors  # one clear reason, not a pile of them
    assert message in errors[0]
    assert Item.objects.count() == 1
    assert not Evidence.objects.exists()
    assert stored_files() == files_before


def test_changing_the_case_of_its_own_code_is_fine(admin_client, factory, year):
    item = factory.item(year, code="moit3")
    url = reverse("admin:disclosures_item_change", args=[item.pk])

    response = admin_client.post(url, item_post(year, code="MOIT3"))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.code == "MOIT3"


def test_indicator_of_another_year_refused(admin_client, factory, year):
    other = factory.year(2568)
    data = item_post(year, indicator=other.indicators.get(number=9), evidence=four_kinds())

    response = admin_client.post(ADD_URL, data)

    assert form_errors(response)["indicator"] == ["ตัวชี้วัดต้องอยู่ในปีเดียวกับข้อนี้"]
    assert not Item.objects.exists()
    assert not Evidence.objects.exists()


def test_html_disguised_as_pdf_refused(admin_client, year):
    disguised = SimpleUploadedFile("คำสั่ง.pdf", HTML_BYTES, "application/pdf")
    rows = (*four_kinds(), evidence_row(4, Evidence.Kind.FILE, file=disguised))
    files_before = stored_files()

    response = admin_client.post(ADD_URL, item_post(year, evidence=rows))

    [error] = inline_errors(response)[4]["file"]
    assert "ไม่ใช่ PDF" in error
    assert not Item.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files() == files_before


@override_settings(ITA_MAX_UPLOAD_MB=1)
def test_oversized_file_refused_with_the_limit(admin_client, year):
    big = SimpleUploadedFile("ใหญ่.pdf", MINIMAL_PDF + b"\0" * (1024 * 1024), "application/pdf")
    rows = (*four_kinds(), evidence_row(4, Evidence.Kind.FILE, file=big))
    files_before = stored_files()

    response = admin_client.post(ADD_URL, item_post(year, evidence=rows))

    [error] = inline_errors(response)[4]["file"]
    assert "ขนาดใหญ่เกินกำหนด" in error
    assert "1 MB" in error
    assert not Item.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files() == files_before


# --- changing an item -----------------------------------------------------------------------


def change_post(item, evidence: Evidence, extra_rows: tuple[dict, ...] = (), **overrides) -> dict:
    """The change form: the item's one existing evidence row plus new rows."""
    existing = evidence_row(
        0,
        evidence.kind,
        id=str(evidence.pk),
        item=str(item.pk),
        title=evidence.title,
        body=evidence.body,
        is_published=evidence.is_published,
    )
    data = item_post(item.year, evidence=(existing, *extra_rows), code=item.code, **overrides)
    data["evidence-INITIAL_FORMS"] = "1"
    return data


def test_change_item_and_add_evidence(admin_client, factory, year):
    item = factory.item(year, code="O1", title_th="ชื่อเดิม")
    evidence = factory.evidence(item)
    new_file = evidence_row(1, Evidence.Kind.FILE, file=pdf_upload("ประกาศ.pdf"))
    url = reverse("admin:disclosures_item_change", args=[item.pk])

    response = admin_client.post(url, change_post(item, evidence, (new_file,), title_th="ชื่อใหม่"))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_th == "ชื่อใหม่"
    assert sorted(item.evidence.values_list("kind", flat=True)) == ["file", "text"]


def test_refused_change_keeps_everything(admin_client, factory, year):
    item = factory.item(year, code="O1", title_th="ชื่อเดิม")
    evidence = factory.evidence(item)
    bad = evidence_row(1, Evidence.Kind.LINK, url="ftp://files.example.go.th/a")
    url = reverse("admin:disclosures_item_change", args=[item.pk])
    data = change_post(item, evidence, (bad,), title_th="ชื่อใหม่")
    data["evidence-0-title"] = "ชื่อหลักฐานใหม่"

    response = admin_client.post(url, data)

    assert inline_errors(response)[1]["url"] == [MSG_HTTP_ONLY]
    item.refresh_from_db()
    evidence.refresh_from_db()
    assert item.title_th == "ชื่อเดิม"
    assert evidence.title == "หลักฐานทดสอบ"
    assert item.evidence.count() == 1


# --- the changelist -------------------------------------------------------------------------


def listed(client, **params) -> set[str]:
    """The rows the changelist shows for these query parameters, as "<year><code>"."""
    response = client.get(CHANGELIST_URL, params)
    assert response.status_code == 200
    return {f"{item.year.year}{item.code}" for item in response.context["cl"].result_list}


@pytest.fixture
def catalogue(factory, year):
    """Items of two years, on indicators 9 and 10, in each publication state."""
    other = factory.year(2568)
    published = factory.item(year, code="O1", title_th="โครงสร้างหน่วยงาน")
    factory.evidence(published, is_published=True)
    factory.evidence(published, is_published=False)
    draft = factory.item(year, code="O20", indicator=10, title_th="รายงานผลการจัดซื้อจัดจ้าง")
    factory.evidence(draft, is_published=False)
    factory.evidence(draft, is_published=False)
    factory.item(year, code="MOIT3", title_th="แผนการใช้จ่ายงบประมาณ")
    factory.item(other, code="O1", title_th="โครงสร้างหน่วยงาน")
    return year, other


def test_changelist_lists_all_items(admin_client, catalogue):
    response = admin_client.get(CHANGELIST_URL)

    assert response.context["cl"].result_count == 4
    assert "1 / 2" in response.content.decode()  # O1: one published of two


def test_filter_by_year(admin_client, catalogue):
    year, other = catalogue

    assert listed(admin_client, year__id__exact=year.pk) == {"2569O1", "2569O20", "2569MOIT3"}
    assert listed(admin_client, year__id__exact=other.pk) == {"2568O1"}


def test_filter_by_indicator_number(admin_client, catalogue):
    assert listed(admin_client, indicator_number="10") == {"2569O20"}
    assert listed(admin_client, indicator_number="9") == {"2569O1", "2569MOIT3", "2568O1"}


@pytest.mark.parametrize(
    ("state", "rows"),
    [
        ("published", {"2569O1"}),
        ("draft", {"2569O20"}),
        ("empty", {"2569MOIT3", "2568O1"}),
    ],
)
def test_filter_by_publication(admin_client, catalogue, state, rows):
    assert listed(admin_client, publication=state) == rows


def test_filters_combine(admin_client, catalogue):
    year, _other = catalogue
    assert listed(admin_client, publication="empty", year__id__exact=year.pk) == {"2569MOIT3"}


def test_search_by_code_and_thai_title(admin_client, catalogue):
    assert listed(admin_client, q="MOIT3") == {"2569MOIT3"}
    assert listed(admin_client, q="จัดซื้อ") == {"2569O20"}
    assert listed(admin_client, q="ไม่มีข้อนี้") == set()


def test_view_on_site_goes_to_the_public_item_page(admin_client, factory, year):
    item = factory.item(year, code="O7")

    change = admin_client.get(reverse("admin:disclosures_item_change", args=[item.pk]))
    link = change.context["absolute_url"]
    assert link in change.content.decode()
    response = admin_client.get(link)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/ita/2569/O7/"


def test_staff_without_permission_is_refused(client, factory, year):
    factory.item(year)
    client.force_login(factory.staff())

    assert client.get(CHANGELIST_URL).status_code == 403
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, item_post(year, code="O99")).status_code == 403
    assert not Item.objects.filter(code="O99").exists()


def test_staff_with_view_permission_cannot_add(client, factory, year):
    item = factory.item(year)
    client.force_login(factory.staff(perms=("disclosures.view_item",)))

    assert client.get(CHANGELIST_URL).status_code == 200
    assert client.get(reverse("admin:disclosures_item_change", args=[item.pk])).status_code == 200
    assert client.get(ADD_URL).status_code == 403
