"""What the browser tests' people do: log in, open a file, download one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, Route, expect

from tests.browser.portal import PASSWORD


@dataclass(frozen=True)
class Served:
    """A file as the server sent it to the browser."""

    url: str
    status: int
    content_type: str
    body: bytes


def open_file(page: Page, click: Callable[[], None], pattern: str) -> Served:
    """Do `click`, and return the file the browser then received from a URL matching `pattern`.

    Chromium shows a PDF in its viewer rather than downloading it, and then gives scripts the
    viewer's page, not the file: the request is passed on through a route that keeps a copy.
    The copy is kept before the route is fulfilled: on a loaded machine (CI, once) Playwright
    found the route already handled when the fulfil came, which loses nothing the test needs.
    """
    served: list[Served] = []

    def keep(route: Route) -> None:
        response = route.fetch()
        served.append(
            Served(
                route.request.url,
                response.status,
                response.headers.get("content-type", ""),
                response.body(),
            )
        )
        try:
            route.fulfill(response=response)
        except PlaywrightError as error:
            if "already handled" not in error.message:
                raise

    page.route(pattern, keep)
    try:
        with page.expect_response(pattern):
            click()
    finally:
        # A handler still running after this point may only fail quietly.
        page.unroute_all(behavior="ignoreErrors")
    assert served, f"nothing matching {pattern} was requested"
    assert len({(s.url, s.body) for s in served}) == 1, served
    return served[0]


def download(page: Page, link: Locator) -> tuple[str, bytes]:
    """Click a link that downloads a file; return the file's name and bytes."""
    with page.expect_download() as info:
        link.click()
    done = info.value
    with open(done.path(), "rb") as file:
        return done.suggested_filename, file.read()


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", name="งานหลังบ้าน", exact=True)).to_be_visible()
