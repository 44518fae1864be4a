"""No page breaks the Content-Security-Policy in a real browser.

Chromium reports every refused script, style, image or form as a
`securitypolicyviolation` event; each page of the portal, public and back office, is
loaded and must report none. A new inline script or style in a template fails here.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from measures.models import Method
from tests.browser.portal import PASSWORD, Portal

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} line ${e.lineNumber}`);
});
"""


def violations(page: Page, path: str) -> list[str]:
    """What the page at `path` had refused once it finished loading."""
    response = page.goto(path)
    assert response is not None and response.status < 500, path
    return [f"{path}: {v}" for v in page.evaluate("window.__violations")]


def watched(page: Page) -> Page:
    page.add_init_script(LISTEN)
    return page


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", name="งานหลังบ้าน", exact=True)).to_be_visible()


def test_public_pages_break_no_rule(page, portal: Portal):
    paths = [
        "/",
        "/ita/",
        "/ita/2569/",
        "/ita/2569/O1/",
        "/ita/2569/O2/",
        "/ita/2569/O25/",
        "/ita/2569/score/",
        "/ita/2569/measures/",
        f"/ita/2569/measures/{portal.measure.number}/",
        "/ita/2569/procurement/",
        "/search/?q=โครงสร้าง",
        "/en/ita/2569/O1/",
        "/ita/2569/O999/",  # the 404 page
    ]
    page = watched(page)

    assert [v for path in paths for v in violations(page, path)] == []


def test_back_office_pages_break_no_rule(page, portal: Portal):
    User.objects.create_superuser("boss", password=PASSWORD)
    TOTPDevice.objects.create(user=portal.coordinator, name="โทรศัพท์", confirmed=True)
    method = Method.objects.first()
    page = watched(page)
    found = violations(page, "/admin/login/")
    log_in(page, "boss")
    paths = [
        "/admin/",
        "/admin/disclosures/item/",
        f"/admin/disclosures/item/{portal.evidence_item.pk}/change/",
        f"/admin/disclosures/item/{portal.evidence_item.pk}/history/",
        "/admin/disclosures/evidence/add/",
        "/admin/disclosures/evidence/import/",
        "/admin/disclosures/fiscalyear/",
        f"/admin/disclosures/fiscalyear/{portal.year.pk}/catalog/",
        "/admin/disclosures/organisation/",
        "/admin/measures/measure/",
        f"/admin/measures/method/{method.pk}/change/",
        "/admin/procurement/procurementrow/",
        "/admin/auth/user/",
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_totp/totpdevice/mine/",
        "/admin/password_change/",
        f"/admin/readiness/{portal.year.year}/",
    ]
    found += [v for path in paths for v in violations(page, path)]
    page.goto("/admin/otp_totp/totpdevice/mine/")
    page.get_by_role("button", name="เริ่มตั้งค่า").click()  # the QR code is a data: image
    expect(page.get_by_role("img", name="คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน")).to_be_visible()
    found += page.evaluate("window.__violations")

    assert found == []


@pytest.mark.urls("tests.security.browser.urls_inline")
def test_the_check_sees_inline_script_and_style(page, live_server):
    page = watched(page)

    found = violations(page, "/inline/")

    assert any(v.startswith("/inline/: script-src") for v in found), found
    assert any(v.startswith("/inline/: style-src") for v in found), found
