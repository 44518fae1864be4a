"""python manage.py import_measures FILE --year 2569 [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures.sheets import YEAR_RANGE, ImportReport, SheetError, import_file


class Command(BaseCommand):
    help = (
        "นำเข้ามาตรการส่งเสริมคุณธรรมและความโปร่งใสของปีงบประมาณจากไฟล์ CSV หรือ XLSX "
        "ตาราง 6 คอลัมน์ (นำเข้าซ้ำได้ จับคู่มาตรการตามเลขที่ และไม่ลบวิธีการที่มีความคืบหน้าแล้ว)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="ไฟล์ .csv หรือ .xlsx")
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument("--dry-run", action="store_true", help="อ่านและรายงานผลเท่านั้น ไม่บันทึก")

    def handle(self, *args, path: Path, year: int, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise CommandError(f"ปีงบประมาณ {year} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569")
        try:
            report = import_file(path, year, dry_run=dry_run)
        except SheetError as exc:
            # The problems go into the error itself, so that whoever runs the command (a
            # shell, call_command, a deploy script) sees which row and column to fix.
            problems = "".join(f"\n  {problem}" for problem in exc.problems)
            raise CommandError(
                f"นำเข้า {path.name} ไม่สำเร็จ ({len(exc.problems)} ปัญหา): ยังไม่มีการบันทึกใด ๆ" + problems
            ) from exc
        self._print(report, path)

    def _print(self, report: ImportReport, path: Path) -> None:
        prefix = "[ทดลอง ไม่บันทึก] " if report.dry_run else ""
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"{prefix}คำเตือน: {warning}"))
        if report.year_created:
            self.stdout.write(f"{prefix}สร้างปีงบประมาณ {report.year}")
        self.stdout.write(
            f"{prefix}มาตรการ: เพิ่ม {len(report.measures_created)}"
            f" ปรับปรุง {len(report.measures_updated)}"
            f" ไม่เปลี่ยนแปลง {len(report.measures_unchanged)}"
        )
        self.stdout.write(
            f"{prefix}วิธีการดำเนินการ: เพิ่ม {report.methods_created}"
            f" ปรับปรุง {report.methods_updated}"
            f" ไม่เปลี่ยนแปลง {report.methods_unchanged}"
            f" ลบ {len(report.methods_removed)}"
        )
        if report.divisions_created:
            self.stdout.write(
                f"{prefix}เพิ่มส่วนราชการ {len(report.divisions_created)}: "
                + ", ".join(report.divisions_created)
            )
        if report.methods_kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{prefix}คงไว้ {len(report.methods_kept)} วิธีการที่ไม่มีในไฟล์"
                    " แต่มีความคืบหน้า หลักฐาน หรือสถานะแล้ว: " + "; ".join(report.methods_kept)
                )
            )
        if report.measures_not_in_file:
            self.stdout.write(
                self.style.WARNING(
                    f"{prefix}คงไว้ {len(report.measures_not_in_file)} มาตรการที่ไม่มีในไฟล์: "
                    + "; ".join(report.measures_not_in_file)
                )
            )
        self.stdout.write(self.style.SUCCESS(f"{prefix}นำเข้า {path.name} เข้าปี {report.year} เสร็จ"))
