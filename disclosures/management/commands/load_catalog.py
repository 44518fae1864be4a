"""python manage.py load_catalog PATH --year 2569 [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.catalog import CatalogError, LoadReport, load_catalog_file


class Command(BaseCommand):
    help = (
        "โหลดรายการข้อ OIT ของปีงบประมาณจากไฟล์ YAML หรือ CSV "
        "(โหลดซ้ำได้ จับคู่ตามรหัสข้อ และไม่ลบข้อที่มีหลักฐานแล้ว)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="ไฟล์ .yaml/.yml หรือ .csv")
        parser.add_argument("--year", type=int, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument("--dry-run", action="store_true", help="อ่านและรายงานผลเท่านั้น ไม่บันทึก")

    def handle(self, *args, path: Path, year: int | None, dry_run: bool, **options):
        if not path.is_file():
            raise CommandError(f"ไม่พบไฟล์ {path}")
        if year is not None and not 2500 <= year <= 2700:
            raise CommandError(f"ปีงบประมาณ {year} ไม่ถูกต้อง: ใช้ปี พ.ศ. เช่น 2569")
        try:
            report = load_catalog_file(path, year, dry_run=dry_run)
        except CatalogError as exc:
            # The problems go into the error itself, so that whoever runs the command (a
            # shell, call_command, a deploy script) sees which line or row to fix.
            problems = "".join(f"\n  {problem}" for problem in exc.problems)
            raise CommandError(
                f"โหลด {path.name} ไม่สำเร็จ ({len(exc.problems)} ปัญหา): ยังไม่มีการบันทึกใด ๆ" + problems
            ) from exc
        self._print(report, path)

    def _print(self, report: LoadReport, path: Path) -> None:
        prefix = "[ทดลอง ไม่บันทึก] " if report.dry_run else ""
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(f"{prefix}คำเตือน: {warning}"))
        if report.year_created:
            self.stdout.write(f"{prefix}สร้างปีงบประมาณ {report.year}")
        rows = [
            ("เพิ่มข้อใหม่", report.created),
            ("ปรับปรุง", report.updated),
            ("ไม่เปลี่ยนแปลง", report.unchanged),
            ("ลบ (ไม่มีในไฟล์ ยังไม่มีหลักฐาน)", report.removed),
        ]
        for label, codes in rows:
            listed = f": {', '.join(codes)}" if codes and label != "ไม่เปลี่ยนแปลง" else ""
            self.stdout.write(f"{prefix}{label} {len(codes)} ข้อ{listed}")
        if report.renamed_indicators:
            self.stdout.write(
                f"{prefix}เปลี่ยนชื่อตัวชี้วัด {len(report.renamed_indicators)} ตัว: "
                + ", ".join(report.renamed_indicators)
            )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{prefix}คงไว้ {len(report.kept)} ข้อที่ไม่มีในไฟล์แต่มีหลักฐานหรือคำอธิบายแล้ว: "
                    + ", ".join(report.kept)
                )
            )
        self.stdout.write(self.style.SUCCESS(f"{prefix}โหลด {path.name} เข้าปี {report.year} เสร็จ"))
