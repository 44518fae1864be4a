"""python manage.py export_procurement --year 2569 [--format csv|xlsx|json] [-o PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.models import FiscalYear
from procurement.exports import ProcurementSheet


class Command(BaseCommand):
    help = "ส่งออกรายการจัดซื้อจัดจ้างของปีงบประมาณตามแบบ ป.ป.ช. (CSV หรือ XLSX ที่นำเข้ากลับได้ หรือ JSON)"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv", dest="kind")
        parser.add_argument(
            "-o", "--output", type=Path, help="ไฟล์ที่จะเขียน (ไม่ระบุ: ชื่อ procurement-ปี.นามสกุล)"
        )

    def handle(self, *args, year: int, kind: str, output: Path | None, **options):
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise CommandError(f"ไม่พบปีงบประมาณ {year}")
        sheet = ProcurementSheet(fiscal_year)
        path = output or Path(sheet.filename(kind))
        if path.is_dir():
            path = path / sheet.filename(kind)
        data = sheet.render(kind)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"เขียนไฟล์ {path} ไม่ได้: {exc.strerror}") from exc
        count = fiscal_year.procurement_rows.count()
        self.stdout.write(
            self.style.SUCCESS(f"ส่งออกรายการจัดซื้อจัดจ้าง {count:,} รายการของปี {year} ไปที่ {path}")
        )
