"""The shared body of the `export_*` commands: a year's sheet written to a file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures.models import FiscalYear


class SheetExportCommand(BaseCommand):
    """Subclasses name the sheet (a SheetExport-like class with filename() and render()), the
    formats it writes, the file stem shown in --help, and what the summary line counts."""

    formats: tuple[str, ...] = ("csv", "xlsx")
    stem = "data"

    def sheet(self, year: FiscalYear):
        raise NotImplementedError

    def summary(self, year: FiscalYear, path: Path) -> str:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="ปีงบประมาณ พ.ศ. เช่น 2569")
        parser.add_argument("--format", choices=self.formats, default="csv", dest="kind")
        parser.add_argument(
            "-o", "--output", type=Path, help=f"ไฟล์ที่จะเขียน (ไม่ระบุ: ชื่อ {self.stem}-ปี.นามสกุล)"
        )

    def handle(self, *args, year: int, kind: str, output: Path | None, **options):
        fiscal_year = FiscalYear.objects.filter(year=year).first()
        if fiscal_year is None:
            raise CommandError(f"ไม่พบปีงบประมาณ {year}")
        sheet = self.sheet(fiscal_year)
        path = output or Path(sheet.filename(kind))
        if path.is_dir():
            path = path / sheet.filename(kind)
        data = sheet.render(kind)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"เขียนไฟล์ {path} ไม่ได้: {exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(self.summary(fiscal_year, path)))
