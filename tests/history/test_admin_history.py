"""The history of a record in the back office: who changed what from what to what, and
reverting to an earlier version (django-simple-history's pages, with our permission rule).

Every model with history is covered: catalogue items, evidence, measures, their methods,
the year's result and procurement rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from disclosures.models import Evidence, FiscalYear, Item
from ita_portal import thai
from measures.models import Measure, Method, YearResult
from procurement.models import ProcurementMethod, ProcurementRow, ProcurementStatus
from workflow.history_admin import HistoryAdmin

from .conftest import page_form_data

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    """A record of one model, the field an editor changes, and its new value."""

    name: str
    field: str
    old: str
    new: str

    def make(self, factory, year: FiscalYear):
        return MAKERS[self.name](factory, year, **{self.field: self.old})


def _item(factory, year, **values) -> Item:
    return factory.item(year, code="O1", **values)


def _evidence(factory, year, **values) -> Evidence:
    return factory.evidence(factory.item(year, code="O2"), **values)


def _measure(factory, year, **values) -> Measure:
    return Measure.objects.create(year=year, number=1, **values)


def _method(factory, year, **values) -> Method:
    measure = Measure.objects.create(year=year, number=1, title="ประชุมชี้แจงผลการประเมิน")
    return Method.objects.create(measure=measure, order=1, **values)


def _year_result(factory, year, **values) -> YearResult:
    return YearResult.objects.create(year=year, **values)


def _procurement_row(factory, year, **values) -> ProcurementRow:
    return ProcurementRow.objects.create(
        year=year,
        number=1,
        method=ProcurementMethod.SPECIFIC,
        status=ProcurementStatus.COMPLETED,
        budget=Decimal("12000.00"),
        reference_price=Decimal("12000.00"),
        agreed_price=Decimal("11850.00"),
        **values,
    )


MAKERS = {
    "item": _item,
    "evidence": _evidence,
    "measure": _measure,
    "method": _method,
    "yearresult": _year_result,
    "procurementrow": _procurement_row,
}
CASES = [
    Case("item", "title_th", "โครงสร้างหน่วยงาน", "โครงสร้างและอำนาจหน้าที่"),
    Case("evidence", "title", "แผนผังองค์กร", "แผนผังองค์กรฉบับปรับปรุง"),
    Case("measure", "title", "ประชุมชี้แจงผลการประเมิน", "ประชุมชี้แจงและรับฟังความเห็น"),
    Case("method", "text", "จัดประชุมบุคลากร", "จัดประชุมบุคลากรทุกไตรมาส"),
    Case("yearresult", "official_rating", "ผ่าน", "ผ่านดี"),
    Case("procurementrow", "work_name", "จัดซื้อวัสดุสำนักงาน", "จัดซื้อวัสดุคอมพิวเตอร์"),
]
by_name = pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)


@pytest.fixture
def year(factory) -> FiscalYear:
    factory.organisation()
    return factory.year(2569, is_current=True)


def admin_url(obj, view: str, *args) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk, *args])


def label(obj, field: str) -> str:
    return str(capfirst(obj._meta.get_field(field).verbose_name))


def change_in_admin(client, obj, field: str, value: str):
    """Change one field through the admin's change form, everything else as shown."""
    data = page_form_data(client.get(admin_url(obj, "change")))
    data[field] = value
    data["_save"] = "บันทึก"
    return client.post(admin_url(obj, "change"), data)


def revert_in_admin(client, obj, version):
    """Open an earlier version's revert form and press its button."""
    url = admin_url(obj, "simple_history", version.history_id)
    data = page_form_data(client.get(url))
    data["_save"] = "กู้คืนฉบับนี้"
    return client.post(url, data)


@by_name
def test_an_admin_change_is_listed_with_who_and_old_and_new_values(
    client, coordinator, year, factory, case
):
    obj = case.make(factory, year)
    client.force_login(coordinator)

    response = change_in_admin(client, obj, case.field, case.new)

    assert response.status_code == 302, response.context and response.context["errors"]
    latest = obj.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == coordinator
    page = client.get(admin_url(obj, "history"))
    assert page.status_code == 200
    html = page.text
    assert (
        f"<strong>{label(obj, case.field)}:</strong> {case.old}&nbsp;&rarr;&nbsp;{case.new}" in html
    )
    assert "สมศรี ใจดี" in html  # who, by name
    assert thai.format_datetime(latest.history_date) in html  # when: B.E., Bangkok time


@by_name
def test_reverting_in_the_admin_brings_the_old_values_back(
    client, coordinator, year, factory, case
):
    obj = case.make(factory, year)
    client.force_login(coordinator)
    assert change_in_admin(client, obj, case.field, case.new).status_code == 302
    first = obj.history.earliest()

    response = revert_in_admin(client, obj, first)

    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, case.field) == case.old
    reverted = obj.history.latest()
    assert (reverted.history_user, getattr(reverted, case.field)) == (coordinator, case.old)
    assert obj.history.count() == 3  # created, changed, reverted: the revert is a version too


@by_name
def test_a_viewer_sees_the_history_but_cannot_revert(client, viewer, year, factory, case):
    obj = case.make(factory, year)
    setattr(obj, case.field, case.new)
    obj.save()
    first = obj.history.earliest()
    client.force_login(viewer)
    url = admin_url(obj, "simple_history", first.history_id)

    page = client.get(url)
    assert page.status_code == 200
    assert "กู้คืนฉบับนี้" not in page.text  # no button

    response = client.post(url, page_form_data(page) | {"_save": "กู้คืนฉบับนี้"})

    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, case.field) == case.new
    assert obj.history.count() == 2


@by_name
def test_an_unknown_version_is_not_found(client, coordinator, year, factory, case):
    obj = case.make(factory, year)
    client.force_login(coordinator)

    assert client.get(admin_url(obj, "simple_history", 987654)).status_code == 404
    assert client.post(admin_url(obj, "simple_history", 987654), {}).status_code == 404
    assert client.get(admin_url(obj, "simple_history", "not-a-number")).status_code == 404


@by_name
def test_the_history_needs_a_login(client, year, factory, case):
    obj = case.make(factory, year)
    url = admin_url(obj, "history")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@by_name
def test_the_history_page_costs_the_same_queries_however_many_versions(
    client, coordinator, year, factory, case
):
    obj = case.make(factory, year)
    client.force_login(coordinator)
    url = admin_url(obj, "history")

    def queries_with_versions(count: int) -> int:
        while obj.history.count() < count:
            setattr(obj, case.field, f"{case.new} ({obj.history.count()})")
            obj.save()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with_versions(2) == queries_with_versions(7)


def test_every_admin_with_history_guards_its_reverts():
    """simple-history's own admin lets a user who may only view a record post its revert
    form; HistoryAdmin refuses that. A new admin of a model with history must use it."""
    unguarded = sorted(
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin) and not isinstance(model_admin, HistoryAdmin)
    )
    assert unguarded == [], "use workflow.admin.HistoryAdmin instead of SimpleHistoryAdmin"


def test_choice_values_show_as_their_thai_labels(client, coordinator, year, factory):
    evidence = factory.evidence(factory.item(year, code="O3"), is_published=False)
    evidence.set_published(True)
    evidence.save()
    client.force_login(coordinator)

    html = client.get(admin_url(evidence, "history")).text

    status = Evidence._meta.get_field("status")
    labels = dict(status.flatchoices)
    assert f"{labels['draft']}&nbsp;&rarr;&nbsp;{labels['published']}" in html


def test_a_division_editor_reverts_only_the_items_of_their_division(client, factory, year):
    from measures.models import Division
    from workflow.roles import DIVISION_EDITOR

    from .conftest import member

    finance, works = (Division.objects.create(name=name) for name in ("กองคลัง", "กองช่าง"))
    editor = member(factory, DIVISION_EDITOR, "finance-editor")
    editor.divisions.add(finance)
    own = factory.item(year, code="O1", title_th="แผนการใช้จ่ายงบประมาณ", owner_division=finance)
    other = factory.item(year, code="O2", title_th="แผนงานก่อสร้าง", owner_division=works)
    for item in (own, other):
        item.title_th += " (แก้ไข)"
        item.save()
    client.force_login(editor)

    assert revert_in_admin(client, own, own.history.earliest()).status_code == 302
    assert revert_in_admin(client, other, other.history.earliest()).status_code == 403

    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.title_th, other.title_th) == ("แผนการใช้จ่ายงบประมาณ", "แผนงานก่อสร้าง (แก้ไข)")


def test_a_long_text_is_shortened_around_what_changed(client, coordinator, year, factory):
    opening = "ผู้ใช้งานเข้าถึงได้จากหน้าหลัก " * 20
    item = factory.item(year, code="O1", explanation=opening + "เมนูข้อมูลหน่วยงาน")
    item.explanation = opening + "เมนู ITA"
    item.save()
    client.force_login(coordinator)

    html = client.get(admin_url(item, "history")).text

    assert "…(ละไว้ " in html
    assert "เมนูข้อมูลหน่วยงาน&nbsp;&rarr;" in html and "เมนู ITA</li>" in html
    assert opening not in html


def test_people_show_by_name_and_an_empty_link_as_a_dash(client, coordinator, year, factory):
    item = factory.item(year, code="O4", explanation="หน้าหลัก > ข่าว")
    item.owner = coordinator
    item.explanation = "หน้าหลัก > ข่าวประชาสัมพันธ์"
    item.save()
    client.force_login(coordinator)

    html = client.get(admin_url(item, "history")).text

    assert "–&nbsp;&rarr;&nbsp;สมศรี ใจดี" in html
    assert "pk=None" not in html and "Deleted" not in html
    # a short text is shown whole on both sides
    assert "หน้าหลัก &gt; ข่าว&nbsp;&rarr;&nbsp;หน้าหลัก &gt; ข่าวประชาสัมพันธ์" in html
