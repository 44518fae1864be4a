"""Serving the PDF reports: visibility, digits, caching by content version."""

from __future__ import annotations

import pytest

from disclosures.models import FiscalYear, Organisation

from .pdftext import extract_text

pytestmark = pytest.mark.django_db

KINDS = ("report", "measures", "score")


@pytest.fixture
def year(factory):
    factory.organisation(name_th="องค์การบริหารส่วนตำบลทดสอบ")
    return factory.year(2569, status=FiscalYear.Status.OPEN)


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_is_a_pdf_of_the_year(client, year, kind):
    response = client.get(f"/ita/2569/{kind}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'inline; filename="ita-2569-{kind}.pdf"'
    assert "องค์การบริหารส่วนตำบลทดสอบ" in extract_text(response.content)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_year_is_a_404(client, year, kind):
    assert client.get(f"/ita/2500/{kind}.pdf").status_code == 404


def test_a_year_in_preparation_is_for_staff_only_and_never_shared(client, factory, year):
    factory.year(2570, status=FiscalYear.Status.PREPARING)
    staff = factory.staff("coordinator")

    assert client.get("/ita/2570/score.pdf").status_code == 404
    client.force_login(staff)
    response = client.get("/ita/2570/score.pdf")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    client.logout()
    # The staff download is cached, but the year's visibility is checked before the cache.
    assert client.get("/ita/2570/score.pdf").status_code == 404


def test_the_organisation_chooses_the_digits_and_the_reader_may_override(client, year):
    thai_page = extract_text(client.get("/ita/2569/score.pdf").content)
    arabic = client.get("/ita/2569/score.pdf?digits=arabic")

    assert "หน้า ๑ / " in thai_page
    assert "หน้า 1 / " in extract_text(arabic.content)
    assert arabic["Content-Disposition"] == 'inline; filename="ita-2569-score-arabic.pdf"'

    organisation = Organisation.objects.get()
    organisation.report_digits = "arabic"
    organisation.save()  # a save bumps the content version: no stale cached report

    assert "หน้า 1 / " in extract_text(client.get("/ita/2569/score.pdf").content)
    assert "หน้า ๑ / " in extract_text(client.get("/ita/2569/score.pdf?digits=thai").content)
    # Anything else is ignored rather than an error.
    assert client.get("/ita/2569/score.pdf?digits=roman").status_code == 200


def test_a_repeated_download_comes_from_the_cache_until_the_content_changes(client, factory, year):
    first = client.get("/ita/2569/report.pdf")
    second = client.get("/ita/2569/report.pdf")

    assert first["X-Report-Cache"] == "miss"
    assert second["X-Report-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]

    factory.item(year, code="O1", title_th="โครงสร้างหน่วยงาน")
    third = client.get("/ita/2569/report.pdf")

    assert third["X-Report-Cache"] == "miss"


def test_the_cached_download_answers_without_rendering(client, year, django_assert_max_num_queries):
    client.get("/ita/2569/measures.pdf")

    with django_assert_max_num_queries(3):
        response = client.get("/ita/2569/measures.pdf")

    assert response["X-Report-Cache"] == "hit"


def test_only_safe_methods(client, year):
    assert client.post("/ita/2569/report.pdf").status_code == 405


def test_the_admin_offers_the_three_reports_of_each_year(client, factory, year):
    client.force_login(factory.superuser())

    page = client.get("/admin/disclosures/fiscalyear/").content.decode()
    form = client.get(f"/admin/disclosures/fiscalyear/{year.pk}/change/").content.decode()

    for kind in KINDS:
        assert f'href="/ita/2569/{kind}.pdf"' in page
        assert f'href="/ita/2569/{kind}.pdf"' in form
