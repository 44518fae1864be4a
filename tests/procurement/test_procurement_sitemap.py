"""The procurement page of each public year with procurement data is in /sitemap.xml."""

import re
from datetime import date

import pytest
from django.test import override_settings

from disclosures.models import FiscalYear
from procurement.models import NoProcurementMonth, ProcurementRow

pytestmark = pytest.mark.django_db

BASE = "https://ita.banthotsop.go.th"


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_public_years_with_procurement_data_list_their_procurement_page(client, factory):
    with_rows = factory.year(2569)
    ProcurementRow.objects.create(year=with_rows, work_name="จัดซื้อวัสดุสำนักงาน", method="specific")
    only_nothing = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    NoProcurementMonth.objects.create(year=only_nothing, month=date(2024, 10, 1))
    factory.year(2567, status=FiscalYear.Status.ARCHIVED)  # no procurement data at all
    preparing = factory.year(2570, status=FiscalYear.Status.PREPARING)
    ProcurementRow.objects.create(year=preparing, work_name="ยังไม่เผยแพร่", method="specific")

    urls = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").text)

    procurement = sorted(url for url in urls if "/procurement/" in url)
    assert procurement == [f"{BASE}/ita/2568/procurement/", f"{BASE}/ita/2569/procurement/"]
