"""python manage.py import_procurement FILE --year 2569 [--month 10] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures.sheets import YEAR_RANGE, SheetError
from procurement.importing import ImportReport, import_file
from procurement.sheets import parse_month


class Command(BaseCommand):
    help = (
        "นำเข้ารายการจัดซื้อจัดจ้างของปีงบประมาณจากไฟล์ CSV หรือ XLSX ตามแบบ ป.ป.ช. 16 คอลัมน์ "
        "(และคอลัมน์ เดือน ถ้ามี) นำเข้าซ้ำได้: รายการที่มีเลขที่โครงการ e-GP เดิมจะถูกปรับปรุง"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="ไฟล์ .csv หรือ .xlsx")
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument(
            "--month",
            help="เดือนของรายการที่ไม่ระบุเดือน เช่น 10, ต.ค. 68, ตุลาคม 2568 หรือ 10/2568",
        )
        parser.add_argument("--dry-run", action="store_true", help="อ่านและรายงานผลเท่านั้น ไม่บันทึก")

    def handle(self, *args, path: Path, year: int, month: str | None, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise CommandError(f"ปีงบประมาณ {year} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569")
        default_month = None
        if month:
            try:
                default_month = parse_month(month, year)
            except ValueError as exc:
                raise CommandError(f"--month: {exc}") from exc
        try:
            report = import_file(path, year, month=default_month, dry_run=dry_run)
        except SheetError as exc:
            # The problems go into the error itself, so that whoever runs the command (a
            # shell, call_command, a script) sees which row and column to fix.
            problems = "".join(f"\n  {problem}" for problem in exc.problems)
            raise CommandError(
                f"นำเข้า {path.name} ไม่สำเร็จ ({len(exc.problems)} ปัญหา): ยังไม่มีการบันทึกใด ๆ" + problems
            ) from exc
        self._print(report, path)

    def _print(self, report: ImportReport, path: Path) -> None:
        prefix = "[ทดลอง ไม่บันทึก] " if report.dry_run else ""
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"{prefix}คำเตือน: {warning}"))
        self.stdout.write(f"{prefix}{report.summary()}")
        if report.dry_run:
            for outcome in report.outcomes:
                if outcome.kind == "update":
                    self.stdout.write(f"  แถว {outcome.row}: แก้ {', '.join(outcome.changed)}")
        verb = "จะนำเข้า" if report.dry_run else "นำเข้า"
        self.stdout.write(
            self.style.SUCCESS(f"{prefix}{verb} {path.name} เข้าปีงบประมาณ {report.year} เสร็จ")
        )
