"""python manage.py export_measures --year 2569 --format csv|xlsx [-o PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.models import FiscalYear
from measures.sheets import MeasureSheet


class Command(BaseCommand):
    help = "ส่งออกมาตรการของปีงบประมาณเป็นตาราง 6 คอลัมน์ (CSV หรือ XLSX) ที่นำเข้ากลับได้"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument("--format", choices=("csv", "xlsx"), default="csv", dest="kind")
        parser.add_argument(
            "-o", "--output", type=Path, help="ไฟล์ที่จะเขียน (ไม่ระบุ: ชื่อ measures-ปี.นามสกุล)"
        )

    def handle(self, *args, year: int, kind: str, output: Path | None, **options):
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise CommandError(f"ไม่พบปีงบประมาณ {year}")
        sheet = MeasureSheet(fiscal_year)
        path = output or Path(sheet.filename(kind))
        if path.is_dir():
            path = path / sheet.filename(kind)
        data = sheet.render(kind)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"เขียนไฟล์ {path} ไม่ได้: {exc.strerror}") from exc
        count = fiscal_year.measures.count()
        self.stdout.write(self.style.SUCCESS(f"ส่งออกมาตรการ {count} มาตรการของปี {year} ไปที่ {path}"))
