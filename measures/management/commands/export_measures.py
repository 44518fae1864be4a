"""python manage.py export_measures --year 2569 --format csv|xlsx [-o PATH]"""

from ita_portal.export_command import SheetExportCommand
from measures.sheets import MeasureSheet


class Command(SheetExportCommand):
    help = "ส่งออกมาตรการของปีงบประมาณเป็นตาราง 6 คอลัมน์ (CSV หรือ XLSX) ที่นำเข้ากลับได้"
    stem = "measures"

    def sheet(self, year):
        return MeasureSheet(year)

    def summary(self, year, path) -> str:
        return f"ส่งออกมาตรการ {year.measures.count()} มาตรการของปี {year.year} ไปที่ {path}"
