"""Building procurement files and rows for the tests."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from procurement.layout import HEADERS, OFFICIAL_HEADERS
from procurement.models import ProcurementMethod, ProcurementRow, ProcurementStatus

AGENCY = ["องค์การบริหารส่วนตำบลบ้านทดสอบ", "เมือง", "ขอนแก่น", "กระทรวงมหาดไทย", "องค์กรปกครองส่วนท้องถิ่น"]


def line(
    number="1",
    work="จัดซื้อวัสดุสำนักงาน",
    budget="12,000.00",
    source="งบประมาณรายจ่ายประจำปี",
    status="สิ้นสุดระยะสัญญา",
    method="เฉพาะเจาะจง",
    reference="12,000.00",
    agreed="11,850.00",
    supplier="ร้านศึกษาภัณฑ์",
    egp="68019000001",
    month="ต.ค. 68",
    year="2569",
) -> list[str]:
    """One row of the official list (and เดือน), as an organisation fills it."""
    return [number, year, *AGENCY, work, budget, source, status, method, reference, agreed,
            supplier, egp, month]  # fmt: skip


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig", above=()) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for title in above:
        writer.writerow([title])
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def official_csv(rows) -> bytes:
    """The sixteen official columns only (no เดือน)."""
    return csv_bytes([row[:16] for row in rows], headers=OFFICIAL_HEADERS)


def add_row(year, number=1, egp="", month=None, **kwargs) -> ProcurementRow:
    values = {
        "work_name": f"รายการทดสอบที่ {number}",
        "method": ProcurementMethod.SPECIFIC,
        "status": ProcurementStatus.COMPLETED,
        "budget": Decimal("1000.00"),
        "agreed_price": Decimal("900.00"),
        "reference_price": Decimal("1000.00"),
    }
    values.update(kwargs)
    return ProcurementRow.objects.create(
        year=year, number=number, egp_number=egp, month=month, **values
    )


def october(year_be: int) -> date:
    return date(year_be - 544, 10, 1)
