"""The back office's catalogue upload for a year (/admin/disclosures/fiscalyear/<pk>/catalog/)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

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

MODELS = (FiscalYear, Instrument, Indicator, SubIndicator, Item, RequiredElement, Evidence)
ITEM_PERMS = ("disclosures.add_item", "disclosures.change_item", "disclosures.delete_item")

CATALOG = """\
catalogue:
  fiscal_year_be: 2569
  items:
    - code: O1
      title_th: "โครงสร้างและอำนาจหน้าที่"
      indicator: 9
      required_elements: [แผนผัง, อำนาจหน้าที่]
    - {code: O2, title_th: "ข้อมูลผู้บริหาร", indicator: 9}
    - {code: O3, title_th: "แผนปฏิบัติการป้องกันการทุจริต", indicator: 10}
"""


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def titles(year: FiscalYear) -> dict[str, str]:
    return dict(year.items.values_list("code", "title_th"))


def upload(text: str, name: str = "catalog-2569.yaml", encoding: str = "utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="application/octet-stream")


@pytest.fixture
def year(factory) -> FiscalYear:
    """2569 with O1 (which has evidence) and O9 (which has none), from an older list."""
    fiscal_year = factory.year(2569)
    o1 = factory.item(fiscal_year, code="O1", title_th="โครงสร้าง")
    factory.evidence(o1, title="แผนผังโครงสร้าง อบต.")
    factory.item(fiscal_year, code="O9", title_th="ข้อที่ถูกยกเลิก")
    return fiscal_year


@pytest.fixture
def url(year) -> str:
    return reverse("admin:disclosures_fiscalyear_catalog", args=[year.pk])


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


# --- who may upload ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_uploads_write_nothing(client, url, year):
    counts = row_counts()

    response = client.post(url, {"file": upload(CATALOG)})

    assert response.status_code == 302
    assert row_counts() == counts


def test_a_logged_in_non_staff_user_is_sent_to_the_login_page(client, url, django_user_model):
    client.force_login(django_user_model.objects.create_user("citizen", password="x-123-y"))

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(
    "perms",
    [(), ITEM_PERMS[:2], ("disclosures.change_fiscalyear", "disclosures.view_item")],
    ids=["no permissions", "add and change but not delete", "year but not items"],
)
def test_staff_without_every_item_permission_are_refused(client, factory, url, year, perms):
    client.force_login(factory.staff(perms=perms))
    counts = row_counts()

    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(CATALOG)}).status_code == 403
    assert row_counts() == counts


def test_staff_with_the_item_permissions_may_upload(client, factory, url, year):
    client.force_login(factory.staff(perms=ITEM_PERMS))

    response = client.post(url, {"file": upload(CATALOG)})

    assert response.status_code == 200
    assert titles(year)["O3"] == "แผนปฏิบัติการป้องกันการทุจริต"


def test_an_unknown_year_is_not_found(admin_client):
    url = reverse("admin:disclosures_fiscalyear_catalog", args=[999])

    assert admin_client.get(url).status_code == 404


# --- the form ------------------------------------------------------------------------------


def test_the_form_proposes_a_dry_run_first(admin_client, url):
    response = admin_client.get(url)

    assert response.status_code == 200
    assert "นำเข้ารายการข้อของ ปีงบประมาณ พ.ศ. 2569" in response.content.decode()
    assert response.context["form"]["dry_run"].initial is True
    assert re.search(
        r'<input type="checkbox" name="dry_run"[^>]* checked', response.content.decode()
    )


def test_the_year_list_links_to_the_upload(admin_client, url):
    response = admin_client.get(reverse("admin:disclosures_fiscalyear_changelist"))

    assert url in response.content.decode()


def test_posting_without_a_file_asks_for_one(admin_client, url, year):
    counts = row_counts()

    response = admin_client.post(url, {"dry_run": "on"})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["report"] is None
    assert row_counts() == counts


# --- dry run, then write ------------------------------------------------------------------------


def test_a_dry_run_shows_the_report_and_writes_nothing(admin_client, url, year):
    counts = row_counts()
    before = titles(year)

    response = admin_client.post(url, {"file": upload(CATALOG), "dry_run": "on"})

    assert response.status_code == 200
    assert row_counts() == counts
    assert titles(year) == before
    report = response.context["report"]
    assert (report.created, report.updated, report.removed, report.kept) == (
        ["O2", "O3"],
        ["O1"],
        ["O9"],
        [],
    )
    page = response.content.decode()
    assert "ผลการทดลองอ่าน (ยังไม่บันทึก)" in page
    assert "(O2, O3)" in page
    assert "นำเข้ารายการข้อเรียบร้อยแล้ว" not in page


def test_an_upload_without_dry_run_writes_the_catalogue(admin_client, url, year):
    evidence = list(Evidence.objects.values_list("pk", "item_id", "title", "updated_at"))

    response = admin_client.post(url, {"file": upload(CATALOG)})

    assert response.status_code == 200
    assert titles(year) == {
        "O1": "โครงสร้างและอำนาจหน้าที่",
        "O2": "ข้อมูลผู้บริหาร",
        "O3": "แผนปฏิบัติการป้องกันการทุจริต",
    }
    o1 = year.items.get(code="O1")
    assert list(o1.required_elements.values_list("text", flat=True)) == ["แผนผัง", "อำนาจหน้าที่"]
    assert list(Evidence.objects.values_list("pk", "item_id", "title", "updated_at")) == evidence
    page = response.content.decode()
    assert "ผลการนำเข้า" in page
    assert "นำเข้ารายการข้อเรียบร้อยแล้ว" in page


def test_an_item_with_evidence_missing_from_the_file_is_kept_and_shown(admin_client, url, year):
    text = 'catalogue:\n  items:\n    - {code: O2, title_th: "ข้อมูลผู้บริหาร", indicator: 9}\n'

    response = admin_client.post(url, {"file": upload(text)})

    assert set(titles(year)) == {"O1", "O2"}  # O1 has evidence; O9 had none
    assert response.context["report"].kept == ["O1"]
    assert response.context["report"].removed == ["O9"]
    assert "(O1)" in response.content.decode()


def test_a_renamed_indicator_is_shown_in_the_report(admin_client, url, year):
    text = CATALOG.replace(
        "  items:\n", "  indicators:\n    - {number: 10, name_th: การป้องกันการทุจริตเชิงรุก}\n  items:\n"
    )

    response = admin_client.post(url, {"file": upload(text), "dry_run": "on"})

    assert "ตัวชี้วัดที่เปลี่ยนชื่อ: 10 การป้องกันการทุจริตเชิงรุก" in response.content.decode()
    assert year.indicators.get(number=10).name_th == "การป้องกันการทุจริต"


def test_a_year_mismatch_is_shown_as_a_warning(admin_client, factory):
    other = factory.year(2568)
    url = reverse("admin:disclosures_fiscalyear_catalog", args=[other.pk])

    response = admin_client.post(url, {"file": upload(CATALOG)})

    assert "ไฟล์ระบุปีงบประมาณ 2569 แต่กำลังโหลดเข้าปี 2568" in response.content.decode()
    assert set(titles(other)) == {"O1", "O2", "O3"}


def test_a_tis_620_csv_with_thai_headers_can_be_uploaded(admin_client, url, year):
    text = "รหัส,ชื่อข้อ,ตัวชี้วัด\r\nO1,โครงสร้างและอำนาจหน้าที่,๙\r\nO4,ข่าวประชาสัมพันธ์,๙\r\n"

    admin_client.post(url, {"file": upload(text, "รายการข้อ.csv", encoding="cp874")})

    assert titles(year)["O1"] == "โครงสร้างและอำนาจหน้าที่"
    assert titles(year)["O4"] == "ข่าวประชาสัมพันธ์"


# --- malformed files ----------------------------------------------------------------------------

MALFORMED = {
    "duplicate codes": (
        "catalogue:\n  items:\n"
        "    - {code: O1, title_th: ชื่อใหม่, indicator: 9}\n"
        "    - {code: O1, title_th: ซ้ำ, indicator: 9}\n",
        "catalog.yaml",
        "บรรทัด 4: รหัสข้อ O1 ซ้ำกับบรรทัด 3",
    ),
    "yaml syntax": (
        "catalogue:\n  items:\n    - code: O1: x\n",
        "catalog.yaml",
        "บรรทัด 3: ไฟล์ YAML ไม่ถูกต้อง",
    ),
    "missing title": (
        "code,title_th,indicator\nO1,ชื่อใหม่,9\nO2,,9\n",
        "catalog.csv",
        "แถว 3: ข้อ O2 ไม่มีชื่อข้อ (title_th)",
    ),
    "unknown indicator": (
        "code,title_th,indicator\nO1,ชื่อใหม่,9\nO2,ข,42\n",
        "catalog.csv",
        "แถว 3: ข้อ O2 อ้างถึงตัวชี้วัดที่ 42 ซึ่งไม่มีในปี 2569",
    ),
    "title too long": (
        f"code,title_th,indicator\nO1,ชื่อใหม่,9\nO2,{'ก' * 600},9\n",
        "catalog.csv",
        "แถว 3: ข้อ O2: ชื่อข้อ ยาว 600 ตัวอักษร เกิน 500 ตัวอักษร",
    ),
    "unknown extension": ("O1 ชื่อใหม่", "catalog.txt", "ไม่รู้จักชนิดไฟล์ “.txt”"),
    "only comments": ("# ยังไม่มีรายการ\n", "catalog.yaml", "ไฟล์ว่างเปล่า"),
    "blank csv": ("\r\n\r\n", "catalog.csv", "ไฟล์ว่างเปล่า"),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "write"])
def test_a_malformed_file_shows_the_thai_problems_and_writes_nothing(
    admin_client, url, year, case, dry_run
):
    text, name, problem = MALFORMED[case]
    counts = row_counts()
    before = titles(year)
    data = {"file": upload(text, name)}
    if dry_run:
        data["dry_run"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert row_counts() == counts
    assert titles(year) == before
    page = response.content.decode()
    assert "ไฟล์นี้นำเข้าไม่ได้ ยังไม่มีการบันทึกใด ๆ" in page
    assert f"<li>{problem}" in page
    assert response.context["report"] is None
    assert "นำเข้ารายการข้อเรียบร้อยแล้ว" not in page


def test_an_empty_upload_is_refused_by_the_form(admin_client, url, year):
    counts = row_counts()

    response = admin_client.post(url, {"file": upload("")})

    assert response.context["form"].errors["file"] == ["ไฟล์ที่ส่งว่างเปล่า"]
    assert "ไฟล์ที่ส่งว่างเปล่า" in response.content.decode()
    assert response.context["report"] is None
    assert row_counts() == counts


def test_text_from_the_file_is_shown_escaped(admin_client, url):
    text = 'catalogue:\n  items:\n    - {code: "<script>x</script>", title_th: ก, indicator: 9}\n'

    response = admin_client.post(url, {"file": upload(text)})

    page = response.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
