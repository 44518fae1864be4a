"""The browser fixtures of tests/browser (Debian's Chromium, Playwright, the small portal)."""

from tests.browser.conftest import browser, new_page, page, portal  # noqa: F401
