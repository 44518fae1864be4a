"""Imports write in bulk, which simple-history's signals do not see: the importer records
the versions itself, one per row written, by whoever imported in the back office."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from disclosures.models import FiscalYear
from procurement.importing import IMPORTED
from procurement.models import NoProcurementMonth, ProcurementRow
from tests.procurement.helpers import csv_bytes, line

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:procurement_procurementrow_import")
PROCESS_URL = reverse("admin:procurement_procurementrow_process_import")
E1, E2, E3 = "68019000001", "68019000002", "68019000003"  # e-GP project numbers
NOTHING_IN_NOVEMBER = line(work="ไม่มีการจัดซื้อจัดจ้าง", budget="", reference="", agreed="",
                           method="", status="", supplier="", egp="", month="พ.ย. 68")  # fmt: skip


@pytest.fixture(autouse=True)
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569, is_current=True)


def import_in_admin(client, data: bytes):
    """Upload, preview, then confirm the preview's form as the browser would."""
    upload = SimpleUploadedFile("list.csv", data, content_type="text/csv")
    preview = client.post(
        IMPORT_URL,
        {"resource": "0", "year": "2569", "month": "", "import_file": upload, "format": ""},
    )
    form = preview.context["confirm_form"]
    values = {name: form[name].value() for name in form.fields}
    response = client.post(PROCESS_URL, {k: "" if v is None else v for k, v in values.items()})
    assert response.status_code == 302
    return response


def versions(kind: str):
    return ProcurementRow.history.filter(history_type=kind)


def test_an_admin_import_records_a_version_per_row_written_by_the_importer(client, coordinator):
    client.force_login(coordinator)

    import_in_admin(client, csv_bytes([line(egp=E1), line(egp=E2), NOTHING_IN_NOVEMBER]))

    assert ProcurementRow.objects.count() == 2
    assert versions("+").count() == 2
    assert {(v.history_user, v.history_change_reason) for v in versions("+")} == {
        (coordinator, IMPORTED)
    }
    assert set(versions("+").values_list("id", flat=True)) == set(
        ProcurementRow.objects.values_list("pk", flat=True)
    )
    month = NoProcurementMonth.history.get()
    assert (month.history_type, month.history_user) == ("+", coordinator)


def test_a_re_import_records_a_version_per_row_it_changes_with_the_new_values(client, coordinator):
    client.force_login(coordinator)
    import_in_admin(client, csv_bytes([line(egp=E1), line(egp=E2)]))

    import_in_admin(client, csv_bytes([line(egp=E1), line(egp=E2, supplier="ห้างหุ้นส่วนใหม่")]))

    changed = versions("~").get()
    assert changed.instance == ProcurementRow.objects.get(egp_number=E2)
    assert (changed.supplier, changed.history_user) == ("ห้างหุ้นส่วนใหม่", coordinator)
    assert changed.prev_record.supplier == "ร้านศึกษาภัณฑ์"


def test_the_command_records_versions_without_a_user(tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([line(egp=E1), line(egp=E2), line(egp=E3)]))

    call_command("import_procurement", str(path), "--year", "2569", stdout=io.StringIO())

    assert versions("+").count() == 3
    assert set(versions("+").values_list("history_user", flat=True)) == {None}


def test_a_dry_run_records_nothing(tmp_path: Path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_bytes([line(egp=E1)]))

    call_command(
        "import_procurement", str(path), "--year", "2569", "--dry-run", stdout=io.StringIO()
    )

    assert not ProcurementRow.history.exists()
