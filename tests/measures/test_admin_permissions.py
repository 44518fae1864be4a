"""Who may open the measures pages of the back office, and what their lists cost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import (
    Analysis,
    Division,
    IndicatorScore,
    Measure,
    Method,
    Programme,
    YearResult,
)

pytestmark = pytest.mark.django_db

# Everything a coordinator of the disclosures may do, and nothing of the measures app.
DISCLOSURES_ONLY = tuple(
    f"disclosures.{action}_{model}"
    for model in ("fiscalyear", "item", "evidence", "indicator", "instrument")
    for action in ("view", "add", "change", "delete")
)
MODELS = ("yearresult", "fiscalyearrules", "analysis", "programme", "measure", "method")


def add_year(factory, be: int) -> dict:
    """One object of every measures model in the year `be`; returns them by model name."""
    year = factory.year(be)
    previous = year.indicators.get(number=7)  # any indicator: the admin list does not check
    measure = Measure.objects.create(year=year, number=1, title=f"มาตรการของปี {be}")
    method = Method.objects.create(measure=measure, text="ประชุม", period_text="ต.ค. 68")
    method.units.add(Division.objects.get_or_create(name="สำนักปลัด")[0])
    IndicatorScore.objects.bulk_create(
        IndicatorScore(indicator=i, score=Decimal("90")) for i in year.indicators.all()
    )
    return {
        "yearresult": YearResult.objects.create(year=year, official_total=Decimal("90")),
        "fiscalyearrules": year,
        "analysis": Analysis.objects.create(year=year, indicator=previous),
        "programme": Programme.objects.create(year=year),
        "measure": measure,
        "method": method,
    }


def pages(objects: dict) -> list[str]:
    urls = []
    for model, obj in objects.items():
        urls.append(reverse(f"admin:measures_{model}_changelist"))
        urls.append(reverse(f"admin:measures_{model}_change", args=[obj.pk]))
        if model != "fiscalyearrules":
            urls.append(reverse(f"admin:measures_{model}_add"))
    return urls


def test_staff_without_measures_permissions_get_403(client, factory):
    objects = add_year(factory, 2569)
    client.force_login(factory.staff("clerk", perms=DISCLOSURES_ONLY))

    for url in pages(objects) + [reverse("admin:measures_division_changelist")]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"_save": "1"}).status_code == 403, url

    assert client.get(reverse("admin:disclosures_fiscalyear_changelist")).status_code == 200


def test_staff_who_may_view_measures_cannot_change_them(client, factory):
    objects = add_year(factory, 2569)
    perms = tuple(f"measures.view_{model}" for model in MODELS)
    client.force_login(factory.staff("reader", perms=perms))
    measure = objects["measure"]

    assert (
        client.get(reverse("admin:measures_measure_change", args=[measure.pk])).status_code == 200
    )
    response = client.post(
        reverse("admin:measures_measure_change", args=[measure.pk]),
        {"year": measure.year_id, "number": "9", "title": "แก้"},
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:measures_measure_add")).status_code == 403
    measure.refresh_from_db()
    assert measure.number == 1


@pytest.mark.parametrize("model", MODELS)
def test_each_list_costs_the_same_for_one_year_or_four(client, factory, model):
    client.force_login(factory.superuser())
    url = reverse(f"admin:measures_{model}_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    add_year(factory, 2566)
    one = queries()
    for be in (2567, 2568, 2569):
        add_year(factory, be)

    assert queries() == one
