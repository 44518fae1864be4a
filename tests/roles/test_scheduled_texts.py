"""Explanations and method results approved for a later date: citizens keep the previous
text until the date, and the first request after it publishes the new one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosures.models import Item
from ita_portal.review import ReviewStatus
from measures.models import Method
from tests.disclosures.test_admin_item import item_post
from tests.roles.test_personas import run_action
from workflow import readiness

pytestmark = pytest.mark.django_db

IN_TWO_DAYS = timedelta(days=2)


def thai_datetime(moment) -> str:
    """A moment as staff type it: "24/11/2569 09:00" (B.E., Bangkok)."""
    local = timezone.localtime(moment)
    return f"{local.day}/{local.month}/{local.year + 543} {local:%H:%M}"


@pytest.fixture
def later(monkeypatch):
    """Move the clock forward: `later(days)`."""
    real_now = timezone.now

    def move(delta: timedelta) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return move


@pytest.fixture
def explained(office) -> Item:
    item = office["own"]
    item.explanation = "คำอธิบายเดิม"
    item.save()
    return item


def coordinator_form(item: Item, **values) -> dict:
    return item_post(
        item.year,
        indicator=item.indicator,
        code=item.code,
        order=str(item.order),
        title_th=item.title_th,
        owner_division=str(item.owner_division_id),
        **values,
    )


def test_an_explanation_approved_for_later_shows_the_old_text_until_then(
    client, office, explained, later
):
    client.force_login(office["coordinator"])
    moment = timezone.now() + IN_TWO_DAYS

    response = client.post(
        reverse("admin:disclosures_item_change", args=[explained.pk]),
        coordinator_form(
            explained,
            explanation_draft="คำอธิบายใหม่",
            explanation_status="published",
            explanation_publish_at=thai_datetime(moment),
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    explained.refresh_from_db()
    assert (explained.explanation, explained.explanation_draft) == ("คำอธิบายเดิม", "คำอธิบายใหม่")
    assert explained.explanation_waits
    # Staff see what is coming; citizens and assessors the text they had.
    staff_page = client.get("/ita/2569/O1/").text
    assert "คำอธิบายใหม่" in staff_page and "เผยแพร่ตามกำหนด" in staff_page
    client.logout()
    assert "คำอธิบายเดิม" in client.get("/ita/2569/O1/").text
    assert "คำอธิบายใหม่" not in client.get("/ita/2569/O1/").text
    assert "คำอธิบายใหม่" not in client.get("/ita/2569/itas.csv").content.decode("utf-8-sig")

    later(IN_TWO_DAYS + timedelta(minutes=1))

    page = client.get("/ita/2569/O1/")
    assert page["X-Page-Cache"] == "miss"
    assert "คำอธิบายใหม่" in page.text and "คำอธิบายเดิม" not in page.text
    explained.refresh_from_db()
    assert explained.explanation == explained.explanation_draft == "คำอธิบายใหม่"
    assert explained.explanation_published_at > moment
    assert explained.history.first().explanation == "คำอธิบายใหม่"  # recorded, as any change


def test_approving_submitted_explanations_for_later_says_so(client, office, explained):
    moment = timezone.now() + IN_TWO_DAYS
    Item.objects.filter(pk=explained.pk).update(
        explanation_draft="คำอธิบายใหม่",
        explanation_status=ReviewStatus.SUBMITTED,
        explanation_publish_at=moment,
    )
    client.force_login(office["coordinator"])

    response = run_action(
        client, "disclosures_item_changelist", "publish_explanations", [explained]
    )

    texts = [str(m) for m in response.wsgi_request._messages]
    assert texts == ["อนุมัติแล้ว 1 รายการ ซึ่งจะเผยแพร่เมื่อถึงวันเวลาที่กำหนด"]
    explained.refresh_from_db()
    assert explained.explanation == "คำอธิบายเดิม"
    assert explained.explanation_status == ReviewStatus.PUBLISHED
    # The coordinator's form and the readiness dashboard say what waits and when.
    form = client.get(reverse("admin:disclosures_item_change", args=[explained.pk])).text
    assert "ฉบับใหม่ที่อนุมัติแล้วจะเผยแพร่" in form
    row = next(r for r in readiness.evaluate_year(office["year"]).rows if r.item == explained)
    assert any("ตั้งเวลาเผยแพร่ไว้" in note for note in row.lacks)


def test_a_save_after_the_date_publishes_the_approved_text_rather_than_losing_it(
    office, explained, later
):
    """Nobody visited between the date and an unrelated edit: the approved text wins."""
    Item.objects.filter(pk=explained.pk).update(
        explanation_draft="คำอธิบายใหม่",
        explanation_publish_at=timezone.now() + IN_TWO_DAYS,
    )
    later(IN_TWO_DAYS * 2)
    item = Item.objects.get(pk=explained.pk)

    item.due_date = timezone.localdate()
    item.save()

    item.refresh_from_db()
    assert item.explanation == item.explanation_draft == "คำอธิบายใหม่"


def test_an_import_of_approved_text_still_replaces_it(office, explained):
    """Imports write the public text of approved work; a past date does not undo that."""
    Item.objects.filter(pk=explained.pk).update(explanation_publish_at=timezone.now() - IN_TWO_DAYS)
    item = Item.objects.get(pk=explained.pk)

    item.explanation = "จากไฟล์นำเข้า"
    item.save()

    item.refresh_from_db()
    assert item.explanation == item.explanation_draft == "จากไฟล์นำเข้า"


def test_a_method_result_approved_for_later_reaches_the_measures_page_on_its_date(
    client, office, later
):
    method = office["own_method"]
    Method.objects.filter(pk=method.pk).update(
        result_draft="ผลใหม่ ประชุมครบ 4 ครั้ง",
        recommendation_draft="ควรจัดต่อเนื่อง",
        result_status=ReviewStatus.SUBMITTED,
        result_publish_at=timezone.now() + IN_TWO_DAYS,
    )
    client.force_login(office["coordinator"])
    run_action(client, "measures_method_changelist", "publish_results", [method])
    assert (
        "ฉบับใหม่ที่อนุมัติแล้วจะเผยแพร่"
        in client.get(reverse("admin:measures_method_change", args=[method.pk])).text
    )
    client.logout()

    assert "ผลเดิม" in client.get("/ita/2569/measures/").text
    later(IN_TWO_DAYS + timedelta(minutes=1))
    page = client.get("/ita/2569/measures/").text

    assert "ผลใหม่ ประชุมครบ 4 ครั้ง" in page and "ควรจัดต่อเนื่อง" in page
    assert "ผลเดิม" not in page
    method.refresh_from_db()
    assert method.result_published_at is not None


def test_the_earliest_date_of_any_kind_is_the_next_change(client, factory, office, later):
    """Evidence, explanations and results share one schedule: each appears on its own date."""
    soon, sooner = timezone.now() + IN_TWO_DAYS, timezone.now() + timedelta(days=1)
    factory.evidence(office["own"], title="ประกาศวันที่สาม", publish_at=soon + IN_TWO_DAYS)
    item = office["own"]
    item.explanation_draft, item.explanation_publish_at = "คำอธิบายวันแรก", sooner
    item.publish_explanation()
    item.save()

    later(timedelta(days=1, minutes=1))
    page = client.get("/ita/2569/O1/").text
    assert "คำอธิบายวันแรก" in page and "ประกาศวันที่สาม" not in page

    later(timedelta(days=4, minutes=1))
    assert "ประกาศวันที่สาม" in client.get("/ita/2569/O1/").text


def test_a_division_editor_cannot_set_the_date(client, office):
    item = office["own"]
    client.force_login(office["editor"])
    url = reverse("admin:disclosures_item_change", args=[item.pk])

    assert 'name="explanation_publish_at"' not in client.get(url).text
    response = client.post(
        url,
        {
            "explanation_draft": "ร่างของกอง",
            "explanation_status": ReviewStatus.SUBMITTED,
            "explanation_publish_at": thai_datetime(timezone.now() + IN_TWO_DAYS),
            **{
                f"{prefix}-{name}": value
                for prefix in ("required_elements", "evidence")
                for name, value in (
                    ("TOTAL_FORMS", "0"),
                    ("INITIAL_FORMS", "0"),
                    ("MIN_NUM_FORMS", "0"),
                    ("MAX_NUM_FORMS", "1000"),
                )
            },
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.explanation_draft == "ร่างของกอง"
    assert item.explanation_publish_at is None
