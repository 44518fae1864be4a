"""Methods in the back office: periods, owners, evidence of results, progress, status."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import Division, Measure, Method, MethodAttachment, ProgressUpdate
from tests.factory import MINIMAL_PDF

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:measures_method_add")
CHANGELIST_URL = reverse("admin:measures_method_changelist")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ENDS_BEFORE = "ระยะเวลาสิ้นสุดก่อนวันเริ่มต้น"


def change_url(method: Method) -> str:
    return reverse("admin:measures_method_change", args=[method.pk])


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def method_data(measure: Measure | None, **values) -> dict:
    """The method form as a browser sends it, with no attachment or update rows."""
    data = {
        "measure": str(measure.pk) if measure else "",
        "order": "1",
        "status": Method.Status.NOT_STARTED,
        "text": "1. จัดประชุมชี้แจงบุคลากร",
        "responsible_text": "",
        "period_text": "",
        "start_month": "",
        "start_year": "",
        "end_month": "",
        "end_year": "",
        "owner_division": "",
        "owner": "",
        "due_date": "",
        "result_draft": "",
        "recommendation_draft": "",
        "result_status": "published",
        "result_comment": "",
        **management("attachments"),
        **management("updates"),
        "_save": "บันทึก",
    }
    data.update(values)
    return data


def with_rows(data: dict, prefix: str, *rows: dict) -> dict:
    data.update(management(prefix, total=len(rows)))
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def errors(response) -> dict:
    return response.context["adminform"].form.errors


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def measure(factory) -> Measure:
    return Measure.objects.create(year=factory.year(2569), number=1, title="เพิ่มช่องทางการสื่อสาร")


@pytest.fixture
def method(measure) -> Method:
    return Method.objects.create(measure=measure, order=1, text="ประชุมชี้แจง")


# --- the method itself --------------------------------------------------------------------


def test_a_method_with_owners_and_a_period_is_saved(admin_client, measure):
    office = Division.objects.create(name="สำนักปลัด")
    data = method_data(
        measure,
        units=[str(office.pk)],
        period_text="ต.ค. 2568 – ก.ย. 2569",
        start_month="10",
        start_year="2568",
        end_month="9",
        end_year="2569",
    )

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302
    method = Method.objects.get()
    assert (method.start_year, method.start_month, method.end_year, method.end_month) == (
        2568,
        10,
        2569,
        9,
    )
    assert list(method.units.all()) == [office]
    assert method.owners_display == "สำนักปลัด"


def test_a_period_ending_before_it_starts_is_refused(admin_client, measure):
    data = method_data(measure, start_month="10", start_year="2568", end_month="9", end_year="2568")

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert errors(response)["end_month"] == [ENDS_BEFORE]
    assert response.content.decode().count(ENDS_BEFORE) == 1
    assert not Method.objects.exists()


def test_a_one_month_period_is_fine(admin_client, measure):
    data = method_data(measure, start_month="3", start_year="2569", end_month="3", end_year="2569")

    assert admin_client.post(ADD_URL, data).status_code == 302
    assert Method.objects.get().period_display == "มี.ค. 2569"


def test_a_start_month_without_a_year_is_refused(admin_client, measure):
    response = admin_client.post(ADD_URL, method_data(measure, start_month="10"))

    assert errors(response)["start_month"] == ["ระบุทั้งเดือนและปีที่เริ่ม หรือเว้นว่างทั้งคู่"]
    assert not Method.objects.exists()


def test_an_end_year_without_a_month_is_refused(admin_client, measure):
    response = admin_client.post(ADD_URL, method_data(measure, end_year="2569"))

    assert errors(response)["end_month"] == ["ระบุทั้งเดือนและปีที่สิ้นสุด หรือเว้นว่างทั้งคู่"]


@pytest.mark.parametrize("month", ["13", "0"])
def test_a_month_outside_1_to_12_is_refused(admin_client, measure, month):
    data = method_data(measure, start_month=month, start_year="2568")

    response = admin_client.post(ADD_URL, data)

    assert errors(response)["start_month"] == [
        "ค่านี้ต้องน้อยกว่าหรือเท่ากับ 12" if month == "13" else "ค่านี้ต้องมากกว่าหรือเท่ากับ 1"
    ]
    assert not Method.objects.exists()


def test_a_christian_era_year_is_refused(admin_client, measure):
    data = method_data(measure, start_month="10", start_year="2025", end_month="9", end_year="2026")

    response = admin_client.post(ADD_URL, data)

    assert errors(response)["start_year"] == ["ใช้ปี พ.ศ. เช่น 2569"]
    assert errors(response)["end_year"] == ["ใช้ปี พ.ศ. เช่น 2569"]


def test_a_method_needs_a_measure(admin_client, measure):
    response = admin_client.post(ADD_URL, method_data(None))

    assert response.status_code == 200
    assert errors(response)["measure"] == ["ฟิลด์นี้จำเป็น"]
    assert not Method.objects.exists()


# --- evidence of results ------------------------------------------------------------------


def test_a_link_is_kept_as_evidence(admin_client, method):
    data = with_rows(
        method_data(method.measure, status=Method.Status.DONE, result="จัดประชุมแล้ว"),
        "attachments",
        {"order": "1", "title": "ภาพกิจกรรม", "url": "https://www.example.go.th/news/1/"},
    )

    response = admin_client.post(change_url(method), data)

    assert response.status_code == 302
    attachment = MethodAttachment.objects.get()
    assert (attachment.method, attachment.url) == (method, "https://www.example.go.th/news/1/")


def test_a_file_is_kept_under_its_own_name(admin_client, method):
    data = with_rows(
        method_data(method.measure),
        "attachments",
        {
            "order": "1",
            "title": "รายงานการประชุม",
            "url": "",
            "file": SimpleUploadedFile("รายงานการประชุม.pdf", MINIMAL_PDF, "application/pdf"),
        },
    )

    response = admin_client.post(change_url(method), data)

    assert response.status_code == 302
    attachment = MethodAttachment.objects.get()
    assert attachment.original_filename == "รายงานการประชุม.pdf"
    assert attachment.file_kind == "pdf"
    assert attachment.file.name.endswith(".pdf")
    assert "รายงานการประชุม" not in attachment.file.name
    page = admin_client.get(change_url(method)).content.decode()
    assert attachment.get_download_url() in page


def test_evidence_without_a_link_or_a_file_is_refused(admin_client, method):
    data = with_rows(
        method_data(method.measure), "attachments", {"order": "1", "title": "ภาพ", "url": ""}
    )

    response = admin_client.post(change_url(method), data)

    assert response.status_code == 200
    attachments = response.context["inline_admin_formsets"][0].formset
    assert attachments.errors == [{"__all__": ["ระบุลิงก์หรือแนบไฟล์อย่างใดอย่างหนึ่ง"]}]
    assert not MethodAttachment.objects.exists()


def test_a_disguised_file_is_refused(admin_client, method):
    data = with_rows(
        method_data(method.measure),
        "attachments",
        {
            "order": "1",
            "title": "รายงาน",
            "file": SimpleUploadedFile("รายงาน.pdf", PNG, "application/pdf"),
        },
    )

    response = admin_client.post(change_url(method), data)

    assert response.status_code == 200
    attachments = response.context["inline_admin_formsets"][0].formset
    assert attachments.errors == [
        {"file": ["ไฟล์ชื่อ .pdf แต่เนื้อหาไม่ใช่ PDF (เนื้อหาเป็นรูปภาพ PNG) กรุณาแก้นามสกุลไฟล์ให้ตรงกับเนื้อหา"]}
    ]
    assert not MethodAttachment.objects.exists()


def test_a_javascript_link_is_refused(admin_client, method):
    data = with_rows(
        method_data(method.measure),
        "attachments",
        {"order": "1", "title": "ลิงก์", "url": "javascript:alert(1)"},
    )

    response = admin_client.post(change_url(method), data)

    assert "ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น" in response.content.decode()
    assert not MethodAttachment.objects.exists()


# --- progress updates ---------------------------------------------------------------------


def test_a_progress_date_typed_in_buddhist_era_is_stored(admin_client, method):
    data = with_rows(
        method_data(method.measure),
        "updates",
        {"date": "5/1/2569", "text": "จัดประชุมครั้งที่ 1 แล้ว", "url": "", "is_public": "on"},
        {"date": "20 ก.พ. 2569", "text": "บันทึกภายใน", "url": ""},
    )

    response = admin_client.post(change_url(method), data)

    assert response.status_code == 302
    updates = list(ProgressUpdate.objects.order_by("date").values_list("date", "is_public"))
    assert updates == [(date(2026, 1, 5), True), (date(2026, 2, 20), False)]
    page = admin_client.get(change_url(method)).content.decode()
    assert 'value="5/1/2569"' in page


def test_an_unreadable_progress_date_is_refused_in_thai(admin_client, method):
    data = with_rows(method_data(method.measure), "updates", {"date": "31/2/2569", "text": "ประชุม"})

    response = admin_client.post(change_url(method), data)

    assert response.status_code == 200
    assert "อ่านวันที่ไม่ได้" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


# --- status actions -----------------------------------------------------------------------


def run_action(client, action: str, methods: list[Method]):
    return client.post(
        CHANGELIST_URL,
        {"action": action, ACTION_CHECKBOX_NAME: [m.pk for m in methods], "index": "0"},
    )


def test_status_actions_move_the_selected_methods(admin_client, measure):
    first, second, _third = (
        Method.objects.create(measure=measure, order=n, text=f"วิธีการที่ {n}") for n in (1, 2, 3)
    )

    run_action(admin_client, "mark_in_progress", [first, second])
    response = run_action(admin_client, "mark_done", [second])

    statuses = dict(Method.objects.values_list("order", "status"))
    assert statuses == {1: "in_progress", 2: "done", 3: "not_started"}
    assert str(list(get_messages(response.wsgi_request))[-1]) == "ปรับสถานะแล้ว 1 รายการ"


def test_status_actions_need_change_permission(client, factory, method):
    client.force_login(factory.staff(perms=("measures.view_method",)))

    run_action(client, "mark_done", [method])

    method.refresh_from_db()
    assert method.status == Method.Status.NOT_STARTED


def test_the_list_shows_period_and_owners(admin_client, method):
    method.units.add(Division.objects.create(name="กองคลัง"))
    method.period_text = "ต.ค. ๖๘ – ก.ย. ๖๙"
    method.save()

    html = admin_client.get(CHANGELIST_URL).content.decode()

    assert "ต.ค. ๖๘ – ก.ย. ๖๙" in html
    assert "กองคลัง" in html
