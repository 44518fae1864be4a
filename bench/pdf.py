"""Speed of the PDF reports, cold and cached, against WeasyPrint rendering a plain table.

Usage: .venv/bin/python bench/pdf.py [--repeat N]

Works on a throwaway SQLite database (ITA_VAR_DIR in a temporary folder): migrates it, loads
the demo organisation (`bootstrap`), then adds a large synthetic year 2570 (40 items with 10
published evidence each, 15 measures with 4 methods each, scores for 2569 and 2570 and the
analysis). For each year and report it measures, through the real view and URL:

- cold: the content version bumped (as any edit does) so the report renders again;
- cached: the same download again, served from the cache;

and, in the same run, WeasyPrint rendering a plain table (same fonts, no report styles) to
the same number of pages, to give a time per page to compare with. Prints a Markdown table
for docs/benchmarks.md. Times are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ITA_VAR_DIR", tempfile.mkdtemp(prefix="ita-bench-pdf-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "ita_portal.settings.local"

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from weasyprint import HTML  # noqa: E402

from disclosures.catalog import ensure_structure  # noqa: E402
from disclosures.models import Evidence, FiscalYear, Item  # noqa: E402
from ita_portal.cache import invalidate  # noqa: E402
from measures import scoring  # noqa: E402
from measures.models import (  # noqa: E402
    Analysis,
    Division,
    IndicatorScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
    YearResult,
)
from reports.pdf import font_dir_url  # noqa: E402

LARGE = 2570
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501

PARAGRAPH = (
    "องค์การบริหารส่วนตำบลดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต "
    "โดยจัดประชุมชี้แจงบุคลากรทุกส่วนราชการ เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์และช่องทางออนไลน์ "
    "และติดตามผลการดำเนินงานเป็นรายไตรมาส เพื่อให้ประชาชนตรวจสอบได้"
)


def large_year() -> FiscalYear:
    year = FiscalYear.objects.create(year=LARGE, status=FiscalYear.Status.OPEN)
    ensure_structure(year)
    scoring.ensure_rules(year)
    indicators = {i.number: i for i in year.indicators.all()}
    for number in range(1, 41):
        item = Item.objects.create(
            year=year,
            indicator=indicators[9 if number <= 30 else 10],
            code=f"O{number}",
            title_th=f"ข้อมูลการดำเนินงานด้านความโปร่งใส เรื่องที่ {number}",
            order=number,
        )
        for n in range(10):
            kind = (Evidence.Kind.TEXT, Evidence.Kind.LINK, Evidence.Kind.FILE)[n % 3]
            evidence = Evidence(
                item=item,
                kind=kind,
                title=f"รายงานผลการดำเนินงาน ฉบับที่ {n + 1} ของข้อ O{number}",
                document_date=date(2026, 1 + n % 9, 1 + n),
                status="published",
            )
            if kind == Evidence.Kind.TEXT:
                evidence.body = PARAGRAPH
            elif kind == Evidence.Kind.LINK:
                evidence.url = f"https://www.example.go.th/ita/{LARGE}/O{number}/document-{n}/"
            else:
                evidence.file = ContentFile(PDF_BYTES, name=f"รายงาน-O{number}-{n}.pdf")
                evidence.original_filename = f"รายงาน-O{number}-{n}.pdf"
            evidence.save()
    office, _ = Division.objects.get_or_create(name="สำนักปลัด")
    for number in range(1, 16):
        measure = Measure.objects.create(
            year=year, number=number, title=f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ด้านที่ {number}"
        )
        measure.indicators.set([indicators[1 + number % 10]])
        for order in range(1, 5):
            method = Method.objects.create(
                measure=measure,
                order=order,
                text=f"{order}. {PARAGRAPH}\n{order + 1}. จัดทำรายงานเสนอผู้บริหาร",
                period_text="ต.ค. 2569 – ก.ย. 2570",
                start_year=2569,
                start_month=10,
                end_year=2570,
                end_month=9,
                status=Method.Status.DONE,
                result=f"1. {PARAGRAPH}\n2. ผู้เข้าร่วม {40 + order} คน",
                recommendation="ควรดำเนินการอย่างต่อเนื่องทุกปีงบประมาณ",
            )
            method.units.set([office])
            MethodAttachment.objects.create(
                method=method,
                title="ภาพกิจกรรม",
                url=f"https://www.example.go.th/news/{number}{order}/",
            )
            ProgressUpdate.objects.create(
                method=method, date=date(2026, 3, order), text="ดำเนินการแล้ว", is_public=True
            )
    Programme.objects.create(year=year, foreword=PARAGRAPH, analysis_intro=PARAGRAPH)
    previous = FiscalYear.objects.get(year=LARGE - 1)
    for year_ in (previous, year):
        result, _ = YearResult.objects.get_or_create(year=year_)
        for indicator in year_.indicators.all():
            IndicatorScore.objects.update_or_create(
                indicator=indicator, defaults={"score": Decimal("88.50") + indicator.number}
            )
    for indicator in previous.indicators.all():
        Analysis.objects.create(
            year=year,
            indicator=indicator,
            status=Analysis.Status.IMPROVE if indicator.number % 3 else Analysis.Status.MAINTAIN,
            weaknesses=PARAGRAPH,
            improvements=PARAGRAPH,
            application=PARAGRAPH,
        )
    return year


def plain_table_seconds(pages: int) -> tuple[float, int]:
    """Render a plain bordered table in Sarabun to ``pages`` A4 pages; (seconds, pages)."""
    rows_per_page = 30
    made = 0
    seconds = 0.0
    for _ in range(4):  # adjust the row count until the page count matches
        rows = "".join(
            f"<tr><td>{n}</td><td>{PARAGRAPH[:60]}</td><td>{n * 3}</td></tr>"
            for n in range(rows_per_page * pages)
        )
        html = f"""<html lang="th"><head><meta charset="utf-8"><style>
          @font-face {{ font-family: Sarabun; src: url("{font_dir_url()}Sarabun-Regular.ttf"); }}
          @page {{ size: A4; margin: 2cm; }}
          body {{ font: 11pt Sarabun; }} table {{ border-collapse: collapse; width: 100%; }}
          td {{ border: .6pt solid #444; padding: 3pt; }}</style></head>
          <body><table>{rows}</table></body></html>"""
        started = time.perf_counter()
        document = HTML(string=html).render()
        document.write_pdf()
        seconds = time.perf_counter() - started
        made = len(document.pages)
        if made == pages:
            break
        rows_per_page = max(1, round(rows_per_page * pages / made))
    return seconds, made


def median_seconds(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    Path(os.environ["ITA_VAR_DIR"], "staticfiles").mkdir(exist_ok=True)  # whitenoise's root
    call_command("migrate", verbosity=0)
    call_command("bootstrap", stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo_year = FiscalYear.objects.get(is_current=True).year
    large_year()
    client = Client(HTTP_HOST="127.0.0.1")
    print("| year | report | pages | cold | cached | cold per page | plain per page | ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for year in (demo_year, LARGE):
        for kind in ("report", "measures", "score"):
            url = f"/ita/{year}/{kind}.pdf"

            def cold(url=url):
                invalidate()
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                assert response["X-Report-Cache"] == "miss"
                return response

            cold_s = median_seconds(cold, args.repeat)
            content = client.get(url).content
            cached_s = median_seconds(lambda url=url: client.get(url), max(10, args.repeat))
            pages = page_count(content)
            plain_s, plain_pages = plain_table_seconds(pages)
            per_page = cold_s / pages
            plain_per_page = plain_s / plain_pages
            print(
                f"| {year} | {kind}.pdf | {pages} | {cold_s * 1000:.0f} ms | "
                f"{cached_s * 1000:.1f} ms | {per_page * 1000:.0f} ms | "
                f"{plain_per_page * 1000:.0f} ms | {per_page / plain_per_page:.2f} |"
            )


def page_count(content: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(next(line for line in out.splitlines() if line.startswith("Pages:")).split()[1])


if __name__ == "__main__":
    main()
