"""A year's grading rules in the back office: bands and ratings edited inline, per year."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from disclosures.models import FiscalYear
from measures import scoring
from measures.models import FiscalYearRules, IndicatorScore, RatingRule, ScoreBand

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:measures_fiscalyearrules_changelist")


def change_url(year: FiscalYear) -> str:
    return reverse("admin:measures_fiscalyearrules_change", args=[year.pk])


def shown_data(response) -> dict:
    """POST data holding what the page shows, as a browser would send it back."""
    data = {"_save": "บันทึก"}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = str(value)
        for form in formset.forms:
            for field in form:
                value = field.value()
                if value is True:
                    data[field.html_name] = "on"
                elif value is not None and value is not False:
                    data[field.html_name] = str(value)
    return data


def row(data: dict, prefix: str, value_field: str, value: str) -> int:
    """The index of the inline form whose `value_field` shows `value`."""
    index = 0
    while f"{prefix}-{index}-{value_field}" in data:
        if data[f"{prefix}-{index}-{value_field}"] == value:
            return index
        index += 1
    raise AssertionError(f"no {prefix} row with {value_field}={value}")


def add_row(data: dict, prefix: str, **values: str) -> None:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def year(factory) -> FiscalYear:
    return factory.year(2569)


def test_the_list_shows_each_year_with_its_rule_counts(admin_client, factory, year):
    factory.year(2568)

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(r.year, r._bands, r._rules) for r in rows] == [(2569, 7, 5), (2568, 7, 5)]


def test_a_band_edited_inline_changes_that_years_grading(admin_client, factory, year):
    other = factory.year(2568)
    data = shown_data(admin_client.get(change_url(year)))
    data[f"score_bands-{row(data, 'score_bands', 'letter', 'AA')}-min_score"] = "96"

    response = admin_client.post(change_url(year), data)

    assert response.status_code == 302
    assert ScoreBand.objects.get(year=year, letter="AA").min_score == Decimal("96.00")
    assert ScoreBand.objects.get(year=other, letter="AA").min_score == Decimal("95.00")
    IndicatorScore.objects.bulk_create(
        IndicatorScore(indicator=i, score=Decimal("95.50")) for i in year.indicators.all()
    )
    assert scoring.year_scores(year).band == "A"


def test_a_rating_rule_can_be_added_and_removed_inline(admin_client, year):
    data = shown_data(admin_client.get(change_url(year)))
    add_row(data, "rating_rules", name="ผ่านดีมาก", min_total="90", min_each_instrument="90")
    data[f"rating_rules-{row(data, 'rating_rules', 'name', 'ผ่าน')}-DELETE"] = "on"

    response = admin_client.post(change_url(year), data)

    assert response.status_code == 302
    names = list(year.rating_rules.values_list("name", flat=True))
    assert names == ["ผ่านดีเยี่ยม", "ผ่านดีมาก", "ผ่านดี", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
    added = RatingRule.objects.get(year=year, name="ผ่านดีมาก")
    assert added.passes is False  # an unticked box, as the browser sends it


def test_a_duplicate_letter_is_refused_and_nothing_is_written(admin_client, year):
    data = shown_data(admin_client.get(change_url(year)))
    data[f"score_bands-{row(data, 'score_bands', 'letter', 'A')}-min_score"] = "86"
    add_row(data, "score_bands", letter="AA", min_score="99")

    response = admin_client.post(change_url(year), data)

    assert response.status_code == 200
    bands = response.context["inline_admin_formsets"][0].formset
    assert bands.non_form_errors() == ["ระดับนี้มีอยู่แล้วในปีนี้"]
    assert ScoreBand.objects.filter(year=year).count() == 7
    assert ScoreBand.objects.get(year=year, letter="A").min_score == Decimal("85.00")


def test_a_letter_changed_into_an_existing_one_is_refused(admin_client, year):
    data = shown_data(admin_client.get(change_url(year)))
    data[f"score_bands-{row(data, 'score_bands', 'letter', 'B')}-letter"] = "A"

    response = admin_client.post(change_url(year), data)

    assert response.status_code == 200
    assert "ระดับนี้มีอยู่แล้วในปีนี้" in response.content.decode()
    assert sorted(year.score_bands.values_list("letter", flat=True)) == sorted(
        ["AA", "A", "B", "C", "D", "E", "F"]
    )


def test_two_bands_starting_at_the_same_score_are_refused(admin_client, year):
    data = shown_data(admin_client.get(change_url(year)))
    add_row(data, "score_bands", letter="A+", min_score="95")

    response = admin_client.post(change_url(year), data)

    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == ["มีระดับที่เริ่มที่คะแนนนี้อยู่แล้ว"]
    assert year.score_bands.count() == 7


def test_a_duplicate_rating_name_is_refused(admin_client, year):
    data = shown_data(admin_client.get(change_url(year)))
    add_row(data, "rating_rules", name="ผ่าน", min_total="80")

    response = admin_client.post(change_url(year), data)

    formset = response.context["inline_admin_formsets"][1].formset
    assert formset.non_form_errors() == ["ผลการประเมินชื่อนี้มีอยู่แล้วในปีนี้"]
    assert year.rating_rules.count() == 5


def test_a_score_outside_0_to_100_is_refused_in_thai(admin_client, year):
    data = shown_data(admin_client.get(change_url(year)))
    data[f"score_bands-{row(data, 'score_bands', 'letter', 'AA')}-min_score"] = "101"

    response = admin_client.post(change_url(year), data)

    assert response.status_code == 200
    assert "คะแนนต้องอยู่ระหว่าง 0 ถึง 100" in response.content.decode()
    assert ScoreBand.objects.get(year=year, letter="AA").min_score == Decimal("95.00")


def test_years_are_neither_added_nor_deleted_here(admin_client, year):
    assert admin_client.get(reverse("admin:measures_fiscalyearrules_add")).status_code == 403
    delete = reverse("admin:measures_fiscalyearrules_delete", args=[year.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert FiscalYearRules.objects.filter(pk=year.pk).exists()


def test_staff_without_measures_permissions_get_403(client, factory, year):
    client.force_login(
        factory.staff(perms=("disclosures.view_fiscalyear", "disclosures.change_fiscalyear"))
    )

    assert client.get(CHANGELIST_URL).status_code == 403
    assert client.get(change_url(year)).status_code == 403
