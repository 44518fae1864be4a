"""The analysis of last year's result and the year's programme, in the back office."""

from __future__ import annotations

import pytest
from django.urls import reverse

from measures.models import Analysis, Programme

pytestmark = pytest.mark.django_db

ANALYSIS_ADD_URL = reverse("admin:measures_analysis_add")
PROGRAMME_ADD_URL = reverse("admin:measures_programme_add")
PREVIOUS_YEAR_ONLY = "เลือกตัวชี้วัดของปีงบประมาณก่อนหน้า (ผลที่นำมาวิเคราะห์)"


def analysis_data(year, indicator, **values) -> dict:
    data = {
        "year": str(year.pk),
        "indicator": str(indicator.pk),
        "status": Analysis.Status.IMPROVE,
        "weaknesses": "ประชาชนเข้าถึงข้อมูลข่าวสารได้ช้า",
        "improvements": "ปรับปรุงช่องทางการเผยแพร่ข้อมูล",
        "application": "1. จัดประชุมชี้แจงบุคลากร",
        "_save": "บันทึก",
    }
    data.update(values)
    return data


def programme_data(year, **values) -> dict:
    data = {
        "year": str(year.pk),
        "foreword": "",
        "analysis_intro": "",
        "measures_item": "",
        "report_item": "",
        "_save": "บันทึก",
    }
    data.update(values)
    return data


@pytest.fixture
def admin_client(client, factory):
    client.force_login(factory.superuser())
    return client


@pytest.fixture
def years(factory) -> dict:
    return {be: factory.year(be) for be in (2567, 2568, 2569)}


def test_an_indicator_of_the_previous_year_is_analysed(admin_client, years):
    indicator = years[2568].indicators.get(number=7)

    response = admin_client.post(ANALYSIS_ADD_URL, analysis_data(years[2569], indicator))

    assert response.status_code == 302
    analysis = Analysis.objects.get()
    assert (analysis.year, analysis.indicator) == (years[2569], indicator)


@pytest.mark.parametrize("indicator_year", [2569, 2567])
def test_an_indicator_not_from_the_previous_year_is_refused(admin_client, years, indicator_year):
    indicator = years[indicator_year].indicators.get(number=7)

    response = admin_client.post(ANALYSIS_ADD_URL, analysis_data(years[2569], indicator))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["indicator"] == [PREVIOUS_YEAR_ONLY]
    assert not Analysis.objects.exists()


def test_an_indicator_is_analysed_once_a_year(admin_client, years):
    indicator = years[2568].indicators.get(number=7)
    Analysis.objects.create(year=years[2569], indicator=indicator)

    response = admin_client.post(ANALYSIS_ADD_URL, analysis_data(years[2569], indicator))

    assert response.context["adminform"].form.non_field_errors() == ["ตัวชี้วัดนี้มีการวิเคราะห์ในปีนี้อยู่แล้ว"]
    assert Analysis.objects.count() == 1


def test_indicators_are_offered_with_their_year(admin_client, years):
    form = admin_client.get(ANALYSIS_ADD_URL).context["adminform"].form

    labels = [label for _value, label in form.fields["indicator"].choices]
    assert "2568 · ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร" in labels


def test_a_programme_names_items_of_its_own_year(admin_client, factory, years):
    own = factory.item(years[2569], code="O25", title_th="การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")
    other = factory.item(years[2568], code="O27", title_th="มาตรการส่งเสริมคุณธรรม")

    refused = admin_client.post(
        PROGRAMME_ADD_URL, programme_data(years[2569], measures_item=str(other.pk))
    )
    saved = admin_client.post(
        PROGRAMME_ADD_URL, programme_data(years[2569], measures_item=str(own.pk))
    )

    assert refused.context["adminform"].form.errors["measures_item"] == [
        "ต้องเป็นข้อของปีงบประมาณเดียวกัน"
    ]
    assert saved.status_code == 302
    assert Programme.objects.get().measures_item == own


def test_programme_items_are_offered_with_their_year(admin_client, factory, years):
    factory.item(years[2569], code="O25", title_th="การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร")
    factory.item(years[2568], code="O25", title_th="แผนปฏิบัติการป้องกันการทุจริต")

    form = admin_client.get(PROGRAMME_ADD_URL).context["adminform"].form

    labels = [label for _value, label in form.fields["measures_item"].choices][1:]
    assert labels == [
        "2569 · O25 การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร",
        "2568 · O25 แผนปฏิบัติการป้องกันการทุจริต",
    ]
