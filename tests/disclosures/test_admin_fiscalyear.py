"""Fiscal years in the back office: the current year, status actions, unique years."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from disclosures.models import FiscalYear

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:disclosures_fiscalyear_changelist")
ADD_URL = reverse("admin:disclosures_fiscalyear_add")


def run_action(client, action: str, years: list[FiscalYear]):
    return client.post(
        CHANGELIST_URL,
        {"action": action, ACTION_CHECKBOX_NAME: [y.pk for y in years], "index": "0"},
    )


def current_years() -> list[int]:
    return list(FiscalYear.objects.filter(is_current=True).values_list("year", flat=True))


def year_post(year: int, **values) -> dict:
    data = {
        "year": str(year),
        "status": FiscalYear.Status.PREPARING,
        "source_note": "",
        "_save": "บันทึก",
    }
    data.update(values)
    return data


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def years(factory) -> dict[int, FiscalYear]:
    return {
        2567: factory.year(2567, status=FiscalYear.Status.ARCHIVED),
        2568: factory.year(2568, is_current=True),
        2569: factory.year(2569, status=FiscalYear.Status.PREPARING),
    }


def test_make_current_leaves_exactly_one_current_year(admin_client, years):
    response = run_action(admin_client, "make_current", [years[2569]])

    assert response.status_code == 302
    assert current_years() == [2569]


def test_make_current_refuses_two_years(admin_client, years):
    response = run_action(admin_client, "make_current", [years[2567], years[2569]])

    [message] = get_messages(response.wsgi_request)
    assert message.level == constants.ERROR
    assert str(message) == "เลือกปีงบประมาณเพียงปีเดียว"
    assert current_years() == [2568]


def test_open_and_archive_actions(admin_client, years):
    run_action(admin_client, "open_years", [years[2569]])
    response = run_action(admin_client, "archive_years", [years[2567], years[2568]])

    statuses = dict(FiscalYear.objects.values_list("year", "status"))
    assert statuses == {2567: "archived", 2568: "archived", 2569: "open"}
    assert str(list(get_messages(response.wsgi_request))[-1]) == "ปรับสถานะแล้ว 2 ปี"


def test_actions_need_change_permission(client, factory, years):
    client.force_login(factory.staff(perms=("disclosures.view_fiscalyear",)))

    run_action(client, "make_current", [years[2569]])
    run_action(client, "open_years", [years[2569]])

    assert current_years() == [2568]
    assert FiscalYear.objects.get(year=2569).status == FiscalYear.Status.PREPARING


def test_add_year(admin_client):
    response = admin_client.post(ADD_URL, year_post(2569))

    assert response.status_code == 302
    assert FiscalYear.objects.get().year == 2569


def test_same_year_twice_refused_in_thai(admin_client, factory):
    factory.year(2569)

    response = admin_client.post(ADD_URL, year_post(2569))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"] == ["มีปีงบประมาณนี้อยู่แล้ว"]
    assert FiscalYear.objects.count() == 1


@pytest.mark.parametrize("year", ["69", "2025", "3000"])
def test_year_must_be_buddhist_era(admin_client, year):
    response = admin_client.post(ADD_URL, year_post(year))

    assert response.status_code == 200
    assert "year" in response.context["adminform"].form.errors
    assert not FiscalYear.objects.exists()


def test_ticking_current_on_the_form_moves_it(admin_client, years):
    """The form does what the model promises: marking a year current unmarks the other."""
    url = reverse("admin:disclosures_fiscalyear_change", args=[years[2569].pk])

    response = admin_client.post(url, year_post(2569, is_current="on"))

    assert response.status_code == 302
    assert current_years() == [2569]

    response = admin_client.post(ADD_URL, year_post(2570, is_current="on"))

    assert response.status_code == 302
    assert current_years() == [2570]


def test_catalogue_link_lists_the_years_items(admin_client, factory, years):
    factory.item(years[2569], code="O1")
    factory.item(years[2568], code="O2")
    changelist = admin_client.get(CHANGELIST_URL)
    link = reverse("admin:disclosures_item_changelist") + f"?year__id__exact={years[2569].pk}"
    assert link in changelist.content.decode()

    response = admin_client.get(link)

    assert response.status_code == 200
    assert [item.code for item in response.context["cl"].result_list] == ["O1"]


def test_changelist_shows_item_count_and_thai_range(admin_client, factory, years):
    factory.item(years[2569])

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    rows = {year.year: year._item_count for year in response.context["cl"].result_list}
    assert rows == {2567: 0, 2568: 0, 2569: 1}
