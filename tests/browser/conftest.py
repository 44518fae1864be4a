"""Browser tests: Debian's Chromium, headless, driven by Playwright's sync API against the
portal served by pytest-django's `live_server` (a thread of this process, on the test database).

Why the environment variable: while Playwright's sync API is started, it marks its event loop
as running in the test thread between its own calls (it runs the loop in a greenlet). Django
then takes every ORM call of the test thread (building data, pytest-django's flush after each
test) for a call from async code and refuses it. Nothing async runs Django code here, so the
check is switched off with DJANGO_ALLOW_ASYNC_UNSAFE exactly while Playwright is started: the
browser is package-scoped, so it is stopped (and the variable restored) after the last browser
test, before the rest of the suite runs. The live server's threads never see a running loop.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.portal import Portal, build_portal

MISSING_CHROMIUM = "chromium not installed: apt-get install chromium"
TIMEOUT_MS = 20_000  # generous: CI machines may be busy; a page here takes well under 1 s


def chromium_path() -> str | None:
    """Debian's Chromium (never a browser downloaded by `playwright install`)."""
    return os.environ.get("ITA_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if not executable:
        pytest.skip(MISSING_CHROMIUM)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=True)
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens a page for one more person: a browser context of its own, so each person starts
    with no cookies (not logged in) and an empty cache (public pages may be cached 60 s)."""
    contexts: list[BrowserContext] = []

    def open_page(**options) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="th-TH", accept_downloads=True, **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """The page of the test's first person."""
    return new_page()


@pytest.fixture
def portal(transactional_db, factory) -> Portal:
    """The portal's content, committed: the live server's threads must see it."""
    return build_portal(factory)
