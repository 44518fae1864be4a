"""/ita/<year>/data/procurement.csv, .xlsx and .json: stable open-data URLs."""

from __future__ import annotations

import json
from datetime import date

import pytest

from disclosures.models import FiscalYear

from .helpers import add_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    year = factory.year(2569)
    add_row(year, 1, egp="68019000001", month=date(2025, 10, 1), work_name="จัดซื้อวัสดุ")
    return year


@pytest.mark.parametrize(
    ("kind", "content_type", "disposition"),
    [
        ("csv", "text/csv; charset=utf-8", 'attachment; filename="procurement-2569.csv"'),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            'attachment; filename="procurement-2569.xlsx"',
        ),
        ("json", "application/json; charset=utf-8", 'inline; filename="procurement-2569.json"'),
    ],
)
def test_each_file_downloads_with_its_type_and_name(client, year, kind, content_type, disposition):
    r = client.get(f"/ita/2569/data/procurement.{kind}")

    assert r.status_code == 200
    assert r["Content-Type"] == content_type
    assert r["Content-Disposition"] == disposition
    assert r["Access-Control-Allow-Origin"] == "*"
    assert "public" in r["Cache-Control"]


def test_the_csv_is_excel_friendly_and_the_json_readable(client, year):
    assert client.get("/ita/2569/data/procurement.csv").content.startswith(b"\xef\xbb\xbf")
    document = json.loads(client.get("/ita/2569/data/procurement.json").content)
    assert document["rows"][0]["work_name"] == "จัดซื้อวัสดุ"


def test_a_download_changes_as_soon_as_the_data_does(client, year):
    client.get("/ita/2569/data/procurement.json")
    add_row(year, 2, work_name="จ้างซ่อม")

    document = json.loads(client.get("/ita/2569/data/procurement.json").content)

    assert [row["work_name"] for row in document["rows"]] == ["จัดซื้อวัสดุ", "จ้างซ่อม"]


@pytest.mark.parametrize(
    "path",
    [
        "/ita/2569/data/procurement.pdf",
        "/ita/2569/data/procurement.csv.exe",
        "/ita/2575/data/procurement.csv",
    ],
)
def test_unknown_kinds_and_years_are_not_found(client, year, path):
    assert client.get(path).status_code == 404


def test_a_preparing_year_is_hidden_from_visitors_but_not_from_staff(client, factory, year):
    factory.year(2570, status=FiscalYear.Status.PREPARING)

    assert client.get("/ita/2570/data/procurement.csv").status_code == 404
    client.force_login(factory.staff())
    r = client.get("/ita/2570/data/procurement.csv")
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]


def test_only_get_and_head(client, year):
    assert client.post("/ita/2569/data/procurement.csv").status_code == 405
