"""python manage.py rollover_year --from 2569 --to 2570 [--catalog FILE] [--dry-run]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.catalog import MAX_CATALOG_BYTES, CatalogError, parse_catalog
from disclosures.models import FiscalYear
from disclosures.rollover import (
    Change,
    RolloverPlan,
    RolloverRefused,
    RolloverResult,
    carry_out,
    plan_rollover,
)


class Command(BaseCommand):
    help = (
        "สร้างปีงบประมาณใหม่จากรายการข้อของปีเดิม (หรือจากไฟล์รายการข้อ) แสดงความแตกต่างของรายการข้อ "
        "แล้วยกหลักฐานของปีเดิมมาเป็นฉบับร่างที่ยังไม่เผยแพร่ ปีเดิมไม่ถูกแก้ไข"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", type=int, required=True, help="ปีเดิม เช่น 2569")
        parser.add_argument("--to", dest="target", type=int, help="ปีใหม่ (ค่าเริ่มต้น: ปีเดิม + 1)")
        parser.add_argument(
            "--catalog",
            type=Path,
            help="ไฟล์รายการข้อของปีใหม่ (.yaml/.yml หรือ .csv); ไม่ระบุ = คัดลอกของปีเดิม",
        )
        parser.add_argument("--dry-run", action="store_true", help="แสดงความแตกต่างเท่านั้น ไม่สร้างปีใหม่")

    def handle(self, *args, source: int, target: int | None, catalog: Path | None, **options):
        year = FiscalYear.objects.filter(year=source).first()
        if year is None:
            raise CommandError(f"ไม่มีปีงบประมาณ พ.ศ. {source} ในระบบ")
        target = target or source + 1
        parsed, filename = None, ""
        try:
            if catalog is not None:
                if not catalog.is_file():
                    raise CommandError(f"ไม่พบไฟล์ {catalog}")
                with catalog.open("rb") as handle:
                    parsed = parse_catalog(handle.read(MAX_CATALOG_BYTES + 1), catalog.name)
                filename = catalog.name
            plan = plan_rollover(year, target, parsed, filename)
            self._print_plan(plan)
            if plan.problems:
                raise RolloverRefused(plan.problems)
            if options["dry_run"]:
                self.stdout.write(self.style.SUCCESS("[ทดลอง ไม่บันทึก] ยังไม่ได้สร้างปีใหม่"))
                return
            result = carry_out(plan)
        except (CatalogError, RolloverRefused) as exc:
            problems = "".join(f"\n  {problem}" for problem in exc.problems)
            raise CommandError(
                f"สร้างปี {target} ไม่สำเร็จ ({len(exc.problems)} ปัญหา): ยังไม่มีการบันทึกใด ๆ" + problems
            ) from exc
        self._print_result(result)

    def _print_plan(self, plan: RolloverPlan) -> None:
        out = self.stdout.write
        origin = (
            f"คัดลอกรายการข้อของปี {plan.source.year}"
            if plan.cloning
            else f"รายการข้อจากไฟล์ {plan.filename}"
        )
        out(
            f"ปี {plan.source.year} ({plan.old_count} ข้อ) → "
            f"ปี {plan.target_year} ({plan.new_count} ข้อ): {origin}"
        )
        for warning in plan.warnings:
            out(self.style.WARNING(f"คำเตือน: {warning}"))
        counts = ", ".join(
            f"{Change.LABELS[change]} {len(plan.of(change))}"
            for change in (
                Change.SAME,
                Change.RENAMED,
                Change.RENUMBERED,
                Change.ADDED,
                Change.REMOVED,
            )
        )
        out(counts)
        for pair in plan.renamed:
            out(
                f"  เปลี่ยนชื่อ {pair.new.code}: “{pair.old.title}” → “{pair.new.title}” "
                f"({pair.percent}%)"
            )
        for pair in plan.renumbered:
            out(
                f"  เปลี่ยนรหัส {pair.old.code} → {pair.new.code}: “{pair.new.title}” "
                f"({pair.percent}%)"
            )
        for pair in plan.added:
            out(f"  ข้อใหม่ {pair.new.code}: “{pair.new.title}”")
        for pair in plan.removed:
            out(
                f"  ยกเลิก {pair.old.code}: “{pair.old.title}” "
                f"(หลักฐาน {pair.old.evidence} รายการไม่ถูกยกไป)"
            )
        out(
            f"หลักฐานที่จะยกไปเป็นฉบับร่าง {plan.carried_evidence} รายการ "
            f"(ไฟล์ {plan.carried_files} ไฟล์); "
            f"ไม่ยกไป {plan.left_evidence} รายการ"
        )
        for problem in plan.problems:
            out(self.style.ERROR(f"ปัญหา: {problem}"))

    def _print_result(self, result: RolloverResult) -> None:
        out = self.stdout.write
        kinds = ", ".join(f"{label} {count}" for label, count in result.evidence_by_kind())
        out(
            f"ยกหลักฐานมาเป็นฉบับร่าง {result.evidence_total} รายการ" + (f" ({kinds})" if kinds else "")
        )
        out(f"คัดลอกไฟล์ {result.files_copied} ไฟล์ ({result.bytes_copied:,} ไบต์)")
        if result.explanations:
            out(f"คำอธิบายการเข้าถึงข้อมูลที่ต้องตรวจสอบ: {', '.join(result.explanations)}")
        for line in result.settings:
            out(line)
        if result.rules_copied:
            out(f"คัดลอกเกณฑ์การให้ระดับและผลการประเมินจากปี {result.plan.source.year}")
        for warning in [*result.warnings, *result.missing_files]:
            out(self.style.WARNING(f"คำเตือน: {warning}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"สร้าง{result.year} ({result.year.get_status_display()}) {result.items} ข้อ เสร็จ"
            )
        )
