"""Every back-office page needs a login, and every model page the right permission.

The URLs are walked from the URLconf, not listed by hand, so a page added later (a custom
admin view, a newly registered model) is checked without anyone remembering to add it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
# Pages an anonymous visitor must reach: the login form itself, and logout (which only
# sends them back to the index, and so to the login form).
OPEN_NAMES = {"login", "logout"}
# Values for URL parameters; object ids that do not exist are fine for the login check.
SAMPLE_ARGS = {"app_label": "disclosures", "url": "no-such-page/"}
_ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")  # simple-history's "(.+)/history/([^/]+)/"


def _concrete(pattern, values: dict[str, str]) -> str:
    """A URL path matching a pattern, its parameters filled from `values` (else "1")."""
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, RegexPattern):
        text = _REGEX_GROUP.sub(lambda m: values.get(m[1], "1"), text.strip("^$"))
        return _UNNAMED_GROUP.sub(lambda m: values.get("object_id", "1"), text)
    return _ROUTE_PARAM.sub(lambda m: values.get(m[1], "1"), text)


def walk(patterns, prefix: str = "", values: dict[str, str] | None = None) -> Iterator:
    """(path, name) for every URL pattern below these patterns."""
    values = values or SAMPLE_ARGS
    for pattern in patterns:
        path = prefix + _concrete(pattern, values)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, path, values)
        elif isinstance(pattern, URLPattern):
            yield path, pattern.name


def admin_urls() -> list[tuple[str, str | None]]:
    urls = [("/" + path, name) for path, name in walk(get_resolver().url_patterns)]
    return [(path, name) for path, name in urls if path.startswith("/admin/")]


ADMIN_URLS = admin_urls()
CLOSED_URLS = [path for path, name in ADMIN_URLS if name not in OPEN_NAMES]


def test_the_walk_finds_every_admin_page():
    paths = {path for path, _name in ADMIN_URLS}
    for model in admin.site._registry:
        opts = model._meta
        assert f"/admin/{opts.app_label}/{opts.model_name}/add/" in paths
    assert "/admin/disclosures/fiscalyear/1/catalog/" in paths
    assert "/admin/disclosures/" in paths
    assert len(ADMIN_URLS) > 50
    assert len(CLOSED_URLS) == len(ADMIN_URLS) - len(OPEN_NAMES)


def test_logout_only_leads_back_to_login(client):
    response = client.post(reverse("admin:logout"), follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN_URL)
    assert response.status_code == 200


def test_login_page_is_open_and_thai(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert 'lang="th"' in response.content.decode()
    assert "ITA Portal" in response.content.decode()


@pytest.fixture(params=["anonymous", "not staff"])
def outsider(request, client):
    if request.param == "not staff":
        client.force_login(User.objects.create_user("citizen", password="pw-for-tests-123"))
    return client


@pytest.mark.parametrize("path", CLOSED_URLS, ids=CLOSED_URLS)
def test_every_admin_page_needs_login(outsider, path):
    for response in (outsider.get(path), outsider.post(path, {"_save": "1"})):
        assert response.status_code == 302, f"{path} answered {response.status_code}"
        assert response["Location"].startswith(LOGIN_URL + "?next="), response["Location"]


# --- staff without permissions ------------------------------------------------------------


def one_of_each(factory) -> dict:
    """A saved object of every registered model, so object pages exist."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from links.models import LinkCheck
    from measures.models import (
        Analysis,
        Division,
        IndicatorScore,
        InstrumentScore,
        Measure,
        Method,
        Programme,
        YearResult,
    )
    from procurement.models import ProcurementRow
    from submissions.snapshot import take_snapshot

    year = factory.year(2569)
    last_year = factory.year(2568)
    factory.organisation()
    item = factory.item(year)
    factory.evidence(item)
    factory.evidence(item, title="หลักฐานในถังขยะ").move_to_bin()
    Group.objects.create(name="เจ้าหน้าที่")
    YearResult.objects.create(year=last_year)
    IndicatorScore.objects.create(indicator=last_year.indicators.get(number=1), score=90)
    InstrumentScore.objects.create(instrument=last_year.instruments.first(), score=88)
    Programme.objects.create(year=year)
    Analysis.objects.create(year=year, indicator=last_year.indicators.get(number=7))
    Division.objects.create(name="สำนักปลัด")
    Method.objects.create(measure=Measure.objects.create(year=year, number=1, title="มาตรการ"))
    ProcurementRow.objects.create(year=year, work_name="จัดซื้อวัสดุ", method="specific")
    LinkCheck.objects.create(url="https://www.example.go.th/", outcome="ok")
    year.status = year.Status.OPEN  # a submission is of a public year
    year.save()
    take_snapshot(year, factory.staff("submitter"))
    TOTPDevice.objects.create(user=factory.staff("with-phone"), name="โทรศัพท์")
    return {model: model._default_manager.order_by("pk").first() for model in admin.site._registry}


# Pages every staff member may open for their own account, whatever their permissions
# (tests/security/test_two_factor.py checks that they touch nothing of anyone else's).
OWN_ACCOUNT_NAMES = {"security_two_factor"}


def model_pages(model, obj) -> Iterator[tuple[str, str | None]]:
    model_admin = admin.site._registry[model]
    pk = str(obj.pk)
    values = {"object_id": pk, "pk": pk, "id": pk}
    prefix = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    yield from walk(model_admin.get_urls(), prefix, values)


def test_staff_without_permission_gets_403_on_every_model_page(client, factory):
    client.force_login(factory.staff("no-perms"))
    objects = one_of_each(factory)
    checked = 0

    for model, obj in objects.items():
        assert obj is not None, f"no {model.__name__} to test with"
        for path, name in model_pages(model, obj):
            if name in OWN_ACCOUNT_NAMES:
                continue
            for response in (client.get(path), client.post(path, {"_save": "1"})):
                if name is None:  # the old-style object URL only redirects to the change form
                    assert response.status_code == 302
                    assert response["Location"].endswith(f"/{obj.pk}/change/")
                    continue
                assert response.status_code == 403, f"{path} answered {response.status_code}"
                checked += 1

    assert checked >= 2 * 5 * len(objects)


def test_staff_without_permission_sees_an_empty_thai_index(client, factory):
    client.force_login(factory.staff("no-perms"))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["app_list"] == []
    html = response.content.decode()
    assert "ออกจากระบบ" in html  # "Log out" in Thai


def test_admin_index_is_in_thai(client, factory):
    client.force_login(factory.superuser())

    response = client.get(reverse("admin:index"))

    html = response.content.decode()
    assert 'lang="th"' in html
    assert "ITA Portal: ระบบจัดการข้อมูลการเปิดเผยข้อมูลสาธารณะ" in html
    assert "งานหลังบ้าน" in html
    assert "ข้อการเปิดเผยข้อมูล (OIT)" in html  # a model's Thai name
    assert "ออกจากระบบ" in html


def test_admin_breadcrumbs_are_thai(client, factory):
    client.force_login(factory.superuser())

    response = client.get(reverse("admin:disclosures_item_changelist"))

    assert "หน้าหลัก" in response.content.decode()  # "Home"
