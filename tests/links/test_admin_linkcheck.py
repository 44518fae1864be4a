import pytest
from django.urls import reverse

from links.models import LinkCheck

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:links_linkcheck_changelist")


@pytest.fixture
def checks():
    LinkCheck.objects.create(
        url="https://www.example.go.th/ok", outcome="ok", status_code=200, elapsed_ms=12
    )
    LinkCheck.objects.create(
        url="https://www.example.go.th/gone",
        outcome="broken",
        status_code=404,
        reason="ไม่พบหน้า (HTTP 404)",
        consecutive_failures=3,
    )


def test_list_needs_login(client):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_view_permission_gets_403(client, factory, checks):
    client.force_login(factory.staff())

    assert client.get(CHANGELIST).status_code == 403


def test_staff_with_view_permission_sees_broken_links_without_add_button(client, factory, checks):
    client.force_login(factory.staff(perms=("links.view_linkcheck",)))

    response = client.get(CHANGELIST, {"outcome__exact": "broken"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "https://www.example.go.th/gone" in html
    assert "https://www.example.go.th/ok" not in html
    assert reverse("admin:links_linkcheck_add") not in html


def test_search_by_url(client, factory, checks):
    client.force_login(factory.staff(perms=("links.view_linkcheck",)))

    response = client.get(CHANGELIST, {"q": "gone"})

    assert [c.url for c in response.context["cl"].result_list] == ["https://www.example.go.th/gone"]


def test_even_a_superuser_cannot_add_or_change(client, factory, checks):
    client.force_login(factory.superuser())
    check = LinkCheck.objects.get(outcome="broken")

    assert client.get(reverse("admin:links_linkcheck_add")).status_code == 403
    response = client.post(
        reverse("admin:links_linkcheck_change", args=[check.pk]),
        {"url": "https://elsewhere.example/", "outcome": "ok"},
    )
    check.refresh_from_db()
    assert response.status_code == 403
    assert check.url == "https://www.example.go.th/gone"
    assert reverse("admin:links_linkcheck_add") not in client.get(CHANGELIST).content.decode()
