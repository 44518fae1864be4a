"""Speed of the procurement import and exports with 10,000 rows, and of the public page.

Usage: .venv/bin/python bench/procurement.py [--rows 10000] [--repeat 3]

Works on a throwaway SQLite database (ITA_VAR_DIR in a temporary folder): migrates it, loads
the demo organisation (`bootstrap`), then writes a realistic list of --rows rows for the
current year as CSV and as XLSX (the sixteen official columns and เดือน; e-GP numbers on most
rows; Thai text; amounts with thousands separators). It measures, through the same code
path as `manage.py import_procurement` (call_command):

- the dry run of a fresh import, then the real import, of the CSV and of the XLSX (the
  database emptied between them);
- the dry run and the real import of the same file again (every row matched, nothing to do)
  and of the file with every tenth row changed;
- the exports, CSV, XLSX and JSON (exports.ProcurementSheet);
- the public page /ita/<year>/procurement/ uncached (page 1, a month, the last page), with
  its query count.

Prints figures for docs/benchmarks.md; times are medians of --repeat runs. Targets (issue 5):
import under 20 s (dry run then real), each export under 5 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ITA_VAR_DIR", tempfile.mkdtemp(prefix="ita-bench-procurement-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "ita_portal.settings.local"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from disclosures.models import FiscalYear  # noqa: E402
from ita_portal import thai  # noqa: E402
from ita_portal.cache import invalidate  # noqa: E402
from procurement import layout  # noqa: E402
from procurement.exports import ProcurementSheet  # noqa: E402
from procurement.models import NoProcurementMonth, ProcurementRow, fiscal_months  # noqa: E402

WORKS = (
    "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ที่ {n} บ้าน{village}",
    "จัดซื้อวัสดุสำนักงาน (กระดาษ หมึกพิมพ์ แฟ้มเอกสาร) ครั้งที่ {n}",
    "จ้างเหมาบริการรถโดยสารไม่ประจำทาง โครงการทัศนศึกษาผู้สูงอายุ รุ่นที่ {n}",
    "จัดซื้อน้ำดื่มสำหรับบริการประชาชนผู้มาติดต่อราชการ ประจำเดือน",
    "จ้างซ่อมแซมรถบรรทุกน้ำอเนกประสงค์ หมายเลขทะเบียน บธ {n}",
    "จัดซื้อวัสดุเชื้อเพลิงและหล่อลื่น สำหรับรถยนต์ส่วนกลาง",
    "โครงการขุดลอกคลองส่งน้ำเพื่อการเกษตร บ้าน{village} หมู่ที่ {n}",
    "จ้างเหมาจัดทำป้ายประชาสัมพันธ์โครงการ {n}",
    "จัดซื้ออาหารเสริม (นม) โรงเรียนและศูนย์พัฒนาเด็กเล็ก ภาคเรียนที่ {n}",
    "จัดซื้อครุภัณฑ์คอมพิวเตอร์ เครื่องคอมพิวเตอร์ สำหรับงานประมวลผล จำนวน {n} เครื่อง",
)
VILLAGES = ("โนนสวรรค์", "หนองบัว", "ดอนแดง", "โคกสูง", "นาคำ", "หัวหนอง", "ท่าศาลา")
SUPPLIERS = (
    "ห้างหุ้นส่วนจำกัด ขอนแก่นรุ่งเรืองการโยธา",
    "ร้านศึกษาภัณฑ์ขอนแก่น",
    "บริษัท อีสานทัวร์ จำกัด",
    "ร้านน้ำดื่มใสสะอาด",
    "อู่ช่างเอกการช่าง",
    "สหกรณ์โคนมขอนแก่น จำกัด",
    "บริษัท ไอทีซิตี้ จำกัด (มหาชน)",
)
SOURCES = ("งบประมาณรายจ่ายประจำปี", "เงินอุดหนุนทั่วไป", "เงินอุดหนุนเฉพาะกิจ", "เงินสะสม")
METHODS = (
    ("วิธีเฉพาะเจาะจง", 70),
    ("วิธีประกาศเชิญชวนทั่วไป (e-market)", 12),
    ("e-bidding", 10),
    ("คัดเลือก", 5),
    ("สอบราคา", 3),
)
STATUSES = ("สิ้นสุดระยะสัญญา", "อยู่ระหว่างระยะสัญญา", "ยังไม่ได้ลงนามในสัญญา", "ยกเลิก")
AGENCY = ("องค์การบริหารส่วนตำบลบ้านทดสอบ", "เมือง", "ขอนแก่น", "กระทรวงมหาดไทย")


def generate(rows: int, year: int, seed: int = 2569) -> list[list[str]]:
    """A realistic list: the sixteen official columns and เดือน, as a local body fills it."""
    rng = random.Random(seed)  # noqa: S311 - test data
    months = fiscal_months(year)
    methods = [name for name, weight in METHODS for _ in range(weight)]
    table = []
    for number in range(1, rows + 1):
        budget = Decimal(rng.choice((1200, 5000, 12000, 45000, 98000, 480000, 2500000)))
        reference = budget - Decimal(rng.randrange(0, 50)) * 10
        agreed = (reference * rng.randrange(900, 1001) / 1000).quantize(Decimal("0.01"))
        egp = "" if budget < 5000 else f"{year % 100}{number:09d}"
        month = months[number * 12 // (rows + 1)]
        table.append(
            [
                str(number),
                str(year),
                AGENCY[0],
                AGENCY[1],
                AGENCY[2],
                AGENCY[3],
                "องค์กรปกครองส่วนท้องถิ่น",
                rng.choice(WORKS).format(n=number % 40 + 1, village=rng.choice(VILLAGES)),
                thai.format_number(budget, 2),
                rng.choice(SOURCES),
                rng.choice(STATUSES),
                rng.choice(methods),
                thai.format_number(reference, 2),
                thai.format_number(agreed, 2),
                rng.choice(SUPPLIERS),
                egp,
                thai.format_month_year(thai.be_year(month.year), month.month),
            ]
        )
    return table


def write_csv(table: list[list[str]], path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(layout.HEADERS)
    writer.writerows(table)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))


def write_xlsx(table: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("O11")
    sheet.append(list(layout.HEADERS))
    for row in table:
        sheet.append(row)
    book.save(path)


def seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median(action, repeat: int, before=None) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        times.append(seconds(action))
    return statistics.median(times)


def run_import(path: Path, year: int, dry_run: bool) -> None:
    options = {"year": year, "dry_run": dry_run, "stdout": io.StringIO()}
    call_command("import_procurement", str(path), **options)


def empty(year: FiscalYear) -> None:
    ProcurementRow.objects.filter(year=year).delete()
    NoProcurementMonth.objects.filter(year=year).delete()


def admin_import_seconds(path: Path, year: FiscalYear, repeat: int) -> tuple[float, float]:
    """The admin's import of a new list: (preview, confirm), through the real pages."""
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-only-password"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    previews, confirms = [], []
    for _ in range(repeat):
        empty(year)
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        data = {"resource": "0", "year": year.year, "month": "", "import_file": upload}
        previews.append(
            seconds(
                lambda data=data: client.post(
                    reverse("admin:procurement_procurementrow_import"), data
                )
            )
        )
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        data["import_file"] = upload
        response = client.post(reverse("admin:procurement_procurementrow_import"), data)
        # The confirm form's hidden fields, as a browser would post them.
        page = response.content.decode()
        confirm = page[
            page.index('action="' + reverse("admin:procurement_procurementrow_process_import")) :
        ]
        fields = dict(
            re.findall(r'name="([^"]+)" value="([^"]*)"', confirm[: confirm.index("</form>")])
        )
        url = reverse("admin:procurement_procurementrow_process_import")
        confirms.append(seconds(lambda fields=fields, url=url: client.post(url, fields)))
        assert (
            ProcurementRow.objects.filter(year=year).count()
            == path.read_text("utf-8-sig").count("\n") - 1
        )
    return statistics.median(previews), statistics.median(confirms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    Path(os.environ["ITA_VAR_DIR"], "staticfiles").mkdir(exist_ok=True)  # whitenoise's root
    call_command("migrate", verbosity=0)
    call_command("bootstrap", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)  # the page's stylesheets
    year = FiscalYear.objects.get(is_current=True)
    work = Path(os.environ["ITA_VAR_DIR"])
    table = generate(args.rows, year.year)
    files = {"csv": work / "procurement.csv", "xlsx": work / "procurement.xlsx"}
    write_csv(table, files["csv"])
    write_xlsx(table, files["xlsx"])
    changed = [row[:] for row in table]
    for row in changed[::10]:
        row[10] = "สิ้นสุดระยะสัญญา" if row[10] != "สิ้นสุดระยะสัญญา" else "อยู่ระหว่างระยะสัญญา"
    files["changed"] = work / "procurement-changed.csv"
    write_csv(changed, files["changed"])

    print(f"{args.rows:,} rows, year {year.year}; medians of {args.repeat} runs")
    print(
        f"file sizes: CSV {files['csv'].stat().st_size / 1e6:.1f} MB, "
        f"XLSX {files['xlsx'].stat().st_size / 1e6:.1f} MB"
    )
    print("| step | time |")
    print("| --- | ---: |")
    for kind in ("csv", "xlsx"):
        dry = median(
            lambda kind=kind: run_import(files[kind], year.year, True),
            args.repeat,
            before=lambda: empty(year),
        )
        real = median(
            lambda kind=kind: run_import(files[kind], year.year, False),
            args.repeat,
            before=lambda: empty(year),
        )
        assert ProcurementRow.objects.filter(year=year).count() == args.rows
        print(f"| import {kind.upper()}, new rows: dry run | {dry:.2f} s |")
        print(f"| import {kind.upper()}, new rows: for real | {real:.2f} s |")
        print(f"| import {kind.upper()}, new rows: dry run + real | **{dry + real:.2f} s** |")
    again = median(lambda: run_import(files["csv"], year.year, False), args.repeat)
    print(f"| import the same CSV again (all {args.rows:,} unchanged) | {again:.2f} s |")
    update = median(
        lambda: run_import(files["changed"], year.year, False),
        args.repeat,
        before=lambda: run_import(files["csv"], year.year, False),
    )
    print(
        f"| import a CSV with every tenth row changed ({args.rows // 10:,} updates) "
        f"| {update:.2f} s |"
    )

    admin = admin_import_seconds(files["csv"], year, args.repeat)
    print(f"| admin import of the CSV: preview (upload, dry run, page) | {admin[0]:.2f} s |")
    print(f"| admin import of the CSV: confirm | {admin[1]:.2f} s |")

    sheet = ProcurementSheet(year)
    for kind in ("csv", "xlsx", "json"):
        size = len(sheet.render(kind))
        took = median(lambda kind=kind: sheet.render(kind), args.repeat)
        print(f"| export {kind.upper()} ({size / 1e6:.1f} MB) | **{took:.2f} s** |")

    client = Client(HTTP_HOST="127.0.0.1")
    month = fiscal_months(year.year)[3].month
    for label, url in (
        ("page 1", f"/ita/{year.year}/procurement/"),
        ("one month", f"/ita/{year.year}/procurement/?month={month}"),
        ("last page", f"/ita/{year.year}/procurement/?page=1000"),
    ):

        def get(url=url):
            invalidate()
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        took = median(get, max(5, args.repeat))
        invalidate()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"| public page, {label}, uncached | {took * 1000:.0f} ms, {len(queries)} queries |")


if __name__ == "__main__":
    main()
