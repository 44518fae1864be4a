"""The demo organisation's procurement (the end of `manage.py demo_data`).

Invented like the rest of the demo: อบต.หนองบัวงาม's purchases of fiscal year 2569, written as
the official sixteen-column list with a month column and imported through the same code as
`import_procurement`, plus a month in which nothing was bought. Nothing is random.
"""

from __future__ import annotations

import csv
import io

from .importing import import_bytes
from .layout import HEADERS

# (work, budget, source, status, method, reference price, agreed price, supplier, e-GP, month)
PURCHASES_2569 = (
    (
        "จัดซื้อวัสดุสำนักงาน (กระดาษ หมึกพิมพ์)",
        "45,000.00",
        "งบประมาณรายจ่ายประจำปี",
        "สิ้นสุดสัญญา",
        "เฉพาะเจาะจง",
        "45,000.00",
        "44,650.00",
        "ร้านหนองบัวงามเครื่องเขียน",
        "68109000101",
        "ต.ค. 68",
    ),
    (
        "จ้างเหมาบริการรักษาความสะอาดอาคารสำนักงาน ๑๒ เดือน",
        "96,000.00",
        "งบประมาณรายจ่ายประจำปี",
        "อยู่ระหว่างระยะสัญญา",
        "เฉพาะเจาะจง",
        "96,000.00",
        "96,000.00",
        "นางสมศรี ใจงาม",
        "68109000245",
        "ต.ค. 68",
    ),
    (
        "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ ๔ บ้านโนนสะอาด",
        "1,250,000.00",
        "เงินอุดหนุนเฉพาะกิจ",
        "สิ้นสุดสัญญา",
        "วิธีประกาศเชิญชวนทั่วไป (e-bidding)",
        "1,248,000.00",
        "1,105,000.00",
        "ห้างหุ้นส่วนจำกัด แก้วใสการโยธา",
        "68119001377",
        "พ.ย. 68",
    ),
    (
        "จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก ภาคเรียนที่ ๒",
        "312,480.00",
        "งบประมาณรายจ่ายประจำปี",
        "อยู่ระหว่างระยะสัญญา",
        "เฉพาะเจาะจง",
        "312,480.00",
        "312,480.00",
        "สหกรณ์โคนมขอนแก่น จำกัด",
        "68119002011",
        "พ.ย. 68",
    ),
    (
        "จัดซื้อครุภัณฑ์คอมพิวเตอร์โน้ตบุ๊ก ๓ เครื่อง",
        "66,000.00",
        "งบประมาณรายจ่ายประจำปี",
        "สิ้นสุดสัญญา",
        "e-market",
        "66,000.00",
        "61,500.00",
        "บริษัท ไอทีขอนแก่น จำกัด",
        "68129000512",
        "ธ.ค. 68",
    ),
    (
        "จ้างซ่อมแซมรถบรรทุกน้ำอเนกประสงค์",
        "28,500.00",
        "งบประมาณรายจ่ายประจำปี",
        "สิ้นสุดสัญญา",
        "เฉพาะเจาะจง",
        "28,500.00",
        "27,900.00",
        "อู่ช่างเอกการช่าง",
        "69019000088",
        "ม.ค. 69",
    ),
    (
        "โครงการขุดลอกหนองสาธารณะ หมู่ที่ ๗",
        "498,000.00",
        "งบประมาณรายจ่ายประจำปี",
        "อยู่ระหว่างระยะสัญญา",
        "เฉพาะเจาะจง",
        "497,600.00",
        "489,000.00",
        "ห้างหุ้นส่วนจำกัด ภูเวียงก่อสร้าง",
        "69029000710",
        "ก.พ. 69",
    ),
    (
        "จัดซื้อวัสดุไฟฟ้าและวิทยุ",
        "35,000.00",
        "งบประมาณรายจ่ายประจำปี",
        "สิ้นสุดสัญญา",
        "เฉพาะเจาะจง",
        "35,000.00",
        "34,870.00",
        "ร้านรุ่งเรืองการไฟฟ้า",
        "69049000233",
        "เม.ย. 69",
    ),
    (
        "โครงการก่อสร้างรางระบายน้ำ คสล. หมู่ที่ ๒",
        "2,480,000.00",
        "เงินอุดหนุนเฉพาะกิจ",
        "ยังไม่ได้ลงนามในสัญญา",
        "วิธีประกาศเชิญชวนทั่วไป (e-bidding)",
        "2,476,500.00",
        "",
        "",
        "69059004120",
        "พ.ค. 69",
    ),
)
NOTHING_BOUGHT_2569 = "มี.ค. 69"


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for number, row in enumerate(rows, start=1):
        (work, budget, source, status, method, reference, agreed, supplier, egp, month) = row
        writer.writerow(
            [number, "2569", "", "", "", "", "", work, budget, source, status, method, reference,
             agreed, supplier, egp, month]
        )  # fmt: skip
    writer.writerow(["", "2569", "", "", "", "", "", "ไม่มีการจัดซื้อจัดจ้าง"] + [""] * 8
                    + [NOTHING_BOUGHT_2569])  # fmt: skip
    return out.getvalue().encode("utf-8")


def fill() -> list[str]:
    """Import the demo purchases of 2569; one summary line for demo_data."""
    report = import_bytes(_csv(PURCHASES_2569), "csv", 2569)
    return [f"การจัดซื้อจัดจ้างปีงบประมาณ 2569: {report.summary()}"]
