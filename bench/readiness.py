"""Speed of the readiness check, its dashboard and `remind` on a large year.

Usage: .venv/bin/python bench/readiness.py [--items 500] [--evidence 6] [--repeat 3]

Works on a throwaway SQLite database (ITA_VAR_DIR in a temporary folder). Builds one year of
--items items spread over four divisions and four owners, each with three required elements
(two ticked and pointed at evidence), --evidence pieces of evidence (links, texts, a draft,
dates inside and outside the item's date rule) and a failing link check for one link in ten.
Measures, as medians of --repeat runs:

- workflow.readiness.evaluate_year (the check itself) and its query count;
- GET /admin/readiness/<year>/ as a superuser (the whole dashboard page) and its queries;
- `manage.py remind --dry-run` for the year.

Prints figures for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ITA_VAR_DIR", tempfile.mkdtemp(prefix="ita-bench-readiness-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "ita_portal.settings.local"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from disclosures.catalog import ensure_structure  # noqa: E402
from disclosures.models import Evidence, FiscalYear, Item, RequiredElement  # noqa: E402
from links.models import LinkCheck  # noqa: E402
from measures.models import Division  # noqa: E402
from workflow.readiness import evaluate_year  # noqa: E402

RULES = [rule for rule, _label in Item.DateRule.choices]


def build(items: int, per_item: int) -> FiscalYear:
    year = FiscalYear.objects.create(year=2569, status="open", is_current=True)
    ensure_structure(year)
    indicator = year.indicators.get(number=9)
    divisions = [Division.objects.create(name=f"กองทดสอบ {n}") for n in range(4)]
    owners = [
        User.objects.create_user(f"owner{n}", email=f"owner{n}@example.go.th", is_staff=True)
        for n in range(4)
    ]
    start = date(2025, 10, 1)
    with transaction.atomic():
        for n in range(items):
            item = Item.objects.create(
                year=year,
                code=f"O{n + 1}",
                order=n + 1,
                title_th=f"ข้อทดสอบที่ {n + 1} รายงานผลการดำเนินงาน",
                indicator=indicator,
                date_rule=RULES[n % len(RULES)],
                owner_division=divisions[n % 4],
                owner=owners[n % 4],
                due_date=date.today() + timedelta(days=n % 30 - 10),
            )
            pieces = []
            for k in range(per_item):
                link = k % 2 == 0
                pieces.append(
                    Evidence.objects.create(
                        item=item,
                        kind="link" if link else "text",
                        title=f"หลักฐานที่ {k + 1}",
                        url=f"https://www.example.go.th/doc/{n}/{k}" if link else "",
                        body="" if link else "ข้อความหลักฐาน",
                        document_date=start + timedelta(days=(n * 7 + k * 40) % 500),
                        status="draft" if k == per_item - 1 else "published",
                        order=k,
                    )
                )
                if link and (n + k) % 10 == 0:
                    LinkCheck.objects.create(url=pieces[-1].url, outcome="broken", reason="404")
            for e in range(3):
                element = RequiredElement.objects.create(
                    item=item, order=e, text=f"องค์ประกอบที่ {e + 1}", is_met=e < 2
                )
                if e < 2:
                    element.evidence.add(pieces[e])
    return year


def timed(repeat: int, work) -> tuple[float, int]:
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--evidence", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the admin page's CSS
    year = build(args.items, args.evidence)
    admin = User.objects.create_superuser("bench-admin", password="bench-pass-123")
    client = Client()
    client.force_login(admin)
    print(
        f"{args.items} items, {Evidence.objects.count()} evidence, "
        f"{LinkCheck.objects.count()} failing link checks"
    )

    seconds, queries = timed(args.repeat, lambda: evaluate_year(year))
    print(f"evaluate_year: {seconds * 1000:.0f} ms, {queries} queries")

    def dashboard():
        response = client.get(f"/admin/readiness/{year.year}/", HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, response.status_code

    seconds, queries = timed(args.repeat, dashboard)
    print(f"GET /admin/readiness/{year.year}/: {seconds * 1000:.0f} ms, {queries} queries")

    def remind():
        call_command("remind", "--year", str(year.year), "--dry-run", stdout=io.StringIO())

    seconds, queries = timed(args.repeat, remind)
    print(f"remind --dry-run: {seconds * 1000:.0f} ms, {queries} queries")


if __name__ == "__main__":
    main()
