"""python manage.py export_procurement --year 2569 [--format csv|xlsx|json] [-o PATH]"""

from ita_portal.export_command import SheetExportCommand
from procurement.exports import ProcurementSheet


class Command(SheetExportCommand):
    help = "ส่งออกรายการจัดซื้อจัดจ้างของปีงบประมาณตามแบบ ป.ป.ช. (CSV หรือ XLSX ที่นำเข้ากลับได้ หรือ JSON)"
    formats = ("csv", "xlsx", "json")
    stem = "procurement"

    def sheet(self, year):
        return ProcurementSheet(year)

    def summary(self, year, path) -> str:
        count = year.procurement_rows.count()
        return f"ส่งออกรายการจัดซื้อจัดจ้าง {count:,} รายการของปี {year.year} ไปที่ {path}"
