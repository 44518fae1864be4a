"""A year's ITA result in the back office: official figures and a score per indicator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import constants, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from measures.models import IndicatorScore, InstrumentScore, YearResult

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:measures_yearresult_add")
CHANGELIST_URL = reverse("admin:measures_yearresult_changelist")
INDICATOR_FIELDS = [f"indicator_{n}" for n in range(1, 11)]
INSTRUMENT_FIELDS = ["instrument_IIT", "instrument_EIT", "instrument_OIT"]


def change_url(result: YearResult) -> str:
    return reverse("admin:measures_yearresult_change", args=[result.pk])


def post_data(**values) -> dict:
    """The change form with every score field empty, then `values`."""
    data = {
        "official_total": "",
        "official_band": "",
        "official_rating": "",
        "announced_on": "",
        "note": "",
        **dict.fromkeys(INDICATOR_FIELDS + INSTRUMENT_FIELDS, ""),
        "_save": "บันทึก",
    }
    data.update(values)
    return data


def all_indicators(value: str) -> dict:
    return dict.fromkeys(INDICATOR_FIELDS, value)


def stored_scores() -> dict:
    return {
        "indicators": dict(IndicatorScore.objects.values_list("indicator__number", "score")),
        "instruments": dict(InstrumentScore.objects.values_list("instrument__code", "score")),
    }


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def result(factory) -> YearResult:
    return YearResult.objects.create(year=factory.year(2568))


def test_the_form_has_a_field_per_indicator_and_instrument_of_its_year(admin_client, result):
    response = admin_client.get(change_url(result))

    form = response.context["adminform"].form
    score_fields = [name for name in form.fields if name.startswith(("indicator_", "instrument_"))]
    assert score_fields == INDICATOR_FIELDS[:5] + ["instrument_IIT"] + INDICATOR_FIELDS[5:8] + [
        "instrument_EIT"
    ] + INDICATOR_FIELDS[8:] + ["instrument_OIT"]
    assert form.fields["indicator_7"].label == "EIT · ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร"
    assert form.fields["instrument_OIT"].label == "คะแนน OIT ตามประกาศ (ถ้ามี)"
    html = response.content.decode()
    assert 'name="indicator_10"' in html and 'name="instrument_EIT"' in html


def test_the_form_shows_the_stored_scores(admin_client, result):
    IndicatorScore.objects.create(indicator=result.year.indicators.get(number=7), score=88)

    response = admin_client.get(change_url(result))

    assert response.context["adminform"].form["indicator_7"].value() == Decimal("88.00")
    assert 'value="88.00"' in response.content.decode()


def test_saving_writes_indicator_and_instrument_scores(admin_client, result):
    response = admin_client.post(
        change_url(result),
        post_data(
            official_total="96.30",
            official_band="AA",
            official_rating="ผ่านดีเยี่ยม",
            announced_on="15/8/2568",
            **all_indicators("96.30"),
            instrument_OIT="96.30",
        ),
    )

    assert response.status_code == 302
    assert stored_scores() == {
        "indicators": {n: Decimal("96.30") for n in range(1, 11)},
        "instruments": {"OIT": Decimal("96.30")},
    }
    result.refresh_from_db()
    assert result.official_total == Decimal("96.30")
    assert result.announced_on.isoformat() == "2025-08-15"


def test_emptying_a_field_removes_its_score(admin_client, result):
    admin_client.post(change_url(result), post_data(**all_indicators("90"), instrument_IIT="90"))

    admin_client.post(change_url(result), post_data(**{**all_indicators("90"), "indicator_7": ""}))

    scores = stored_scores()
    assert sorted(scores["indicators"]) == [1, 2, 3, 4, 5, 6, 8, 9, 10]
    assert scores["instruments"] == {}


def test_a_score_can_be_changed(admin_client, result):
    admin_client.post(change_url(result), post_data(indicator_1="80"))
    admin_client.post(change_url(result), post_data(indicator_1="81.25"))

    assert stored_scores()["indicators"] == {1: Decimal("81.25")}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
        ("-1", "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
        ("abc", "ใส่คะแนนเป็นตัวเลข เช่น 92.50"),
        ("92.505", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        ("1000", "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
    ],
)
def test_a_bad_score_is_refused_in_thai_and_nothing_is_written(
    admin_client, result, value, message
):
    IndicatorScore.objects.create(indicator=result.year.indicators.get(number=1), score=70)
    data = post_data(**all_indicators("90"), instrument_EIT="90", official_total="90")
    data["indicator_7"] = value

    response = admin_client.post(change_url(result), data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"indicator_7": [message]}
    # Not one of the valid fields was saved either.
    assert stored_scores() == {"indicators": {1: Decimal("70.00")}, "instruments": {}}
    result.refresh_from_db()
    assert result.official_total is None


def test_a_bad_official_total_writes_no_scores(admin_client, result):
    response = admin_client.post(
        change_url(result), post_data(official_total="100.5", **all_indicators("90"))
    )

    assert response.context["adminform"].form.errors == {
        "official_total": ["คะแนนต้องอยู่ระหว่าง 0 ถึง 100"]
    }
    assert stored_scores() == {"indicators": {}, "instruments": {}}


def test_the_page_shows_what_the_scores_compute_to(admin_client, result):
    IndicatorScore.objects.bulk_create(
        IndicatorScore(indicator=indicator, score=Decimal("90"))
        for indicator in result.year.indicators.all()
    )

    html = admin_client.get(change_url(result)).content.decode()

    assert "IIT แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน: 90.00" in html
    assert "คะแนนรวม: 90.00 A ผ่านดี" in html
    assert "errornote" not in html.split("คะแนนรวม")[1].split("</ul>")[0]


def test_disagreeing_figures_are_warned_after_saving_and_on_the_page(admin_client, result):
    response = admin_client.post(
        change_url(result),
        post_data(
            official_total="92",
            official_band="AA",
            **all_indicators("90"),
            instrument_EIT="91",
        ),
    )

    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.WARNING]
    assert warnings == [
        "คะแนน EIT ตามประกาศ (91.00) ไม่ตรงกับค่าเฉลี่ยของตัวชี้วัด (90.00)",
        "คะแนนรวมตามประกาศ (92.00) ไม่ตรงกับที่คำนวณจากคะแนนรายเครื่องมือและน้ำหนัก (90.30)",
        "ระดับตามประกาศ (AA) ไม่ตรงกับระดับตามเกณฑ์ของปี (A)",
    ]
    html = admin_client.get(change_url(result)).content.decode()
    assert '<li class="errornote">ระดับตามประกาศ (AA)' in html


def test_agreeing_figures_save_without_warnings(admin_client, result):
    response = admin_client.post(
        change_url(result),
        post_data(
            official_total="90.00",
            official_band="A",
            official_rating="ผ่านดี",
            **all_indicators("90"),
        ),
    )

    levels = [m.level for m in get_messages(response.wsgi_request)]
    assert constants.WARNING not in levels
    assert constants.SUCCESS in levels


def test_the_year_cannot_be_changed_on_a_saved_result(admin_client, factory, result):
    other = factory.year(2569)

    admin_client.post(change_url(result), post_data(year=str(other.pk)))

    result.refresh_from_db()
    assert result.year.year == 2568


# --- adding ------------------------------------------------------------------------------


def test_the_add_page_asks_for_the_year_first(admin_client, factory):
    factory.year(2568)

    response = admin_client.get(ADD_URL)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "year" in form.fields
    assert not any(name.startswith("indicator_") for name in form.fields)
    assert "indicator_" not in response.content.decode()


def test_adding_leads_on_to_the_score_fields(admin_client, factory):
    year = factory.year(2568)

    response = admin_client.post(ADD_URL, post_data(year=str(year.pk), official_total="91.70"))

    result = YearResult.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(result)
    assert result.official_total == Decimal("91.70")
    page = admin_client.get(response["Location"])
    assert "indicator_1" in page.context["adminform"].form.fields


def test_add_another_stays_on_the_add_page(admin_client, factory):
    year = factory.year(2568)

    response = admin_client.post(ADD_URL, post_data(year=str(year.pk), _addanother="1"))

    assert response["Location"] == ADD_URL


def test_a_second_result_for_a_year_is_refused(admin_client, result):
    response = admin_client.post(ADD_URL, post_data(year=str(result.year.pk)))

    assert response.status_code == 200
    assert "year" in response.context["adminform"].form.errors
    assert YearResult.objects.count() == 1


# --- who sees what ------------------------------------------------------------------------


def test_view_only_staff_read_the_result_without_score_inputs(client, factory, result):
    IndicatorScore.objects.create(indicator=result.year.indicators.get(number=7), score=81)
    client.force_login(factory.staff(perms=("measures.view_yearresult",)))

    response = client.get(change_url(result))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="indicator_7"' not in html
    assert "7: 81.00" in html  # in the summary
    before = stored_scores()
    client.post(change_url(result), post_data(indicator_7="99"))
    assert stored_scores() == before


def test_the_list_scores_every_row_in_a_fixed_number_of_queries(admin_client, factory):
    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(CHANGELIST_URL)
        assert response.status_code == 200
        return len(queries)

    first = factory.year(2566)
    IndicatorScore.objects.bulk_create(
        IndicatorScore(indicator=i, score=Decimal("82.40")) for i in first.indicators.all()
    )
    YearResult.objects.create(year=first)
    one_row = page_queries()
    for be in (2567, 2568, 2569):
        YearResult.objects.create(year=factory.year(be))

    assert page_queries() == one_row
    html = admin_client.get(CHANGELIST_URL).content.decode()
    assert "82.40 B ต้องปรับปรุง" in html


# --- history of the scores -------------------------------------------------------------------


def test_score_changes_show_on_the_results_history_and_can_be_restored(admin_client, result):
    changed = {**all_indicators("80"), "indicator_7": "91.5"}
    admin_client.post(change_url(result), post_data(**all_indicators("80")))
    admin_client.post(change_url(result), post_data(**changed))
    admin_client.post(change_url(result), post_data(**changed))

    score = IndicatorScore.objects.get(indicator__number=7)
    assert score.history.count() == 2  # saving unchanged scores adds no version
    page = admin_client.get(reverse("admin:measures_yearresult_history", args=[result.pk])).text
    assert "ประวัติคะแนนรายตัวชี้วัดและรายเครื่องมือของปีนี้" in page
    assert "80.00 → 91.50" in page and "– → 80.00" in page
    history_url = reverse("admin:measures_indicatorscore_history", args=[score.pk])
    assert history_url in page

    earliest = score.history.earliest()
    restore_url = reverse(
        "admin:measures_indicatorscore_simple_history", args=[score.pk, earliest.history_id]
    )
    response = admin_client.post(restore_url, {"score": "80.00", "_save": "1"})

    assert response.status_code == 302
    score.refresh_from_db()
    assert score.score == Decimal("80.00")


def test_score_pages_are_not_in_the_index_and_need_permission(client, factory, result):
    IndicatorScore.objects.create(indicator=result.year.indicators.get(number=1), score=70)
    client.force_login(factory.superuser("root"))
    assert "measures/indicatorscore" not in client.get(reverse("admin:index")).text

    client.force_login(factory.staff("nobody"))
    score = IndicatorScore.objects.get()
    url = reverse("admin:measures_indicatorscore_history", args=[score.pk])
    assert client.get(url).status_code == 403
