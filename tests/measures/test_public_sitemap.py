"""/sitemap.xml lists the score and measures pages of public years that have something."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import override_settings

from disclosures.models import FiscalYear
from measures.models import Analysis, IndicatorScore, Measure

pytestmark = pytest.mark.django_db

BASE = "https://ita.banthotsop.go.th"


def locations(xml: str) -> set[str]:
    return set(re.findall(r"<loc>([^<]+)</loc>", xml))


@override_settings(ITA_PUBLIC_BASE_URL=BASE)
def test_it_lists_the_score_and_measures_pages_of_public_years(client, factory):
    scored = factory.year(2568, status=FiscalYear.Status.ARCHIVED)
    IndicatorScore.objects.create(indicator=scored.indicators.get(number=1), score=Decimal("90"))
    current = factory.year(2569)
    Measure.objects.create(year=current, number=1, title="มาตรการ")
    Measure.objects.create(year=current, number=2, title="มาตรการ")
    Analysis.objects.create(year=current, indicator=scored.indicators.get(number=1))
    preparing = factory.year(2570, status=FiscalYear.Status.PREPARING)
    Measure.objects.create(year=preparing, number=1, title="มาตรการปีหน้า")
    IndicatorScore.objects.create(indicator=preparing.indicators.get(number=1), score=Decimal("1"))

    found = locations(client.get("/sitemap.xml").text)

    assert {
        f"{BASE}/ita/2568/score/",
        f"{BASE}/ita/2569/measures/",
        f"{BASE}/ita/2569/measures/1/",
        f"{BASE}/ita/2569/measures/2/",
    } <= found
    # Empty pages are not worth a crawl; years in preparation are never listed.
    assert f"{BASE}/ita/2569/score/" not in found
    assert f"{BASE}/ita/2568/measures/" not in found
    assert not [url for url in found if "/2570/" in url]
