"""Every public page type in a real browser: axe-core finds no serious or critical problem,
the page says its language, starts with a skip link, works with the keyboard alone, and the
score chart has its figures in a table.
"""

from __future__ import annotations

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.helpers import open_file
from tests.factory import MINIMAL_PDF

PHONE = {"width": 375, "height": 740}
SKIP_LINK = "ข้ามไปยังเนื้อหาหลัก"

# (what, path, language): one page of each type, two of them in English too.
PAGES = [
    ("home", "/", "th"),
    ("years", "/ita/", "th"),
    ("year", "/ita/2569/", "th"),
    ("item with a PDF, an image, a link and a text", "/ita/2569/O1/", "th"),
    ("item with a nothing-to-report statement", "/ita/2569/O2/", "th"),
    ("item with nothing published", "/ita/2569/O3/", "th"),
    ("item carrying the analysis and measures", "/ita/2569/O25/", "th"),
    ("search results", "/search/?q=ข้อมูล", "th"),
    ("search too short", "/search/?q=ข", "th"),
    ("measures", "/ita/2569/measures/", "th"),
    ("measure", "/ita/2569/measures/1/", "th"),
    ("score with the trend chart", "/ita/2568/score/", "th"),
    ("score without results", "/ita/2569/score/", "th"),
    ("procurement", "/ita/2569/procurement/", "th"),
    ("procurement filtered", "/ita/2569/procurement/?month=11&status=completed", "th"),
    ("not found", "/ita/2569/O99/", "th"),
    ("home in English", "/en/", "en"),
    ("item in English", "/en/ita/2569/O1/", "en"),
    ("score in English", "/en/ita/2568/score/", "en"),
]
# The pages whose layout changes most on a phone (tables become cards).
PHONE_PAGES = [
    "/ita/2569/O25/",
    "/ita/2569/measures/",
    "/ita/2568/score/",
    "/ita/2569/procurement/",
]

axe = Axe()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations, one readable line per element."""
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        f"{' '.join(node['target'])}: {node['html'][:160]}"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]


def page_problems(page: Page, path: str, language: str, status: int = 200) -> list[str]:
    """What is wrong with one page: its answer, language, skip link, and axe-core's findings."""
    problems = []
    response = page.goto(path)
    if response.status != status:
        problems.append(f"answered {response.status}")
    if (lang := page.locator("html").get_attribute("lang")) != language:
        problems.append(f'<html lang="{lang}">')
    if page.locator("body a").first.get_attribute("href") != "#main":
        problems.append("the first link is not the skip link")
    if page.locator("main#main").count() != 1 or page.locator("h1").count() != 1:
        problems.append("no single <main id=main> and <h1>")
    return problems + serious_violations(page)


def test_every_public_page_passes_axe_and_has_its_language_and_skip_link(page, portal):
    """One page of each type (a single test: the portal is built once for all of them)."""
    found = {}
    for what, path, language in PAGES:
        status = 404 if what == "not found" else 200
        found[f"{what} ({path})"] = page_problems(page, path, language, status)
    page.set_viewport_size(PHONE)
    for path in PHONE_PAGES:
        found[f"on a phone ({path})"] = page_problems(page, path, "th")

    assert {page: problems for page, problems in found.items() if problems} == {}


def test_the_checker_does_find_a_problem_when_there_is_one(page, portal):
    """The accessibility tests above cannot pass on a page that axe would fail."""
    page.goto("/ita/2569/")
    page.evaluate(
        """() => {
          const link = document.querySelector('.item-link');
          link.style.color = '#bbb';
          link.style.background = '#fff';
          const img = document.createElement('img');
          img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
          document.querySelector('main').append(img);
        }"""
    )

    found = "\n".join(serious_violations(page))
    assert "color-contrast" in found
    assert "image-alt" in found


def focused(page: Page) -> dict:
    """What has the keyboard focus: its tag, text, link target and outline."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
            href: el.getAttribute('href') || '', inMain: !!el.closest('main'),
            inNav: !!el.closest('nav.site-nav'),
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
            left: el.getBoundingClientRect().left,
          };
        }"""
    )


def tab_until(page: Page, wanted, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies `wanted`; fail after `limit` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"not reached with {limit} Tab presses; focus ended on {now}")


def test_the_skip_link_comes_first_and_moves_the_focus_to_the_content(page, portal):
    page.goto("/ita/2569/")

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == SKIP_LINK
    assert first["left"] >= 0  # shown on the screen once focused
    assert first["outline"]  # the focus can be seen

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes on inside the content, past the header and its menu.
    page.keyboard.press("Tab")
    assert focused(page)["inMain"]


def test_a_citizen_reaches_an_item_with_the_keyboard_alone(page, portal):
    page.goto("/")

    menu = tab_until(page, lambda f: f["inNav"] and f["text"] == "ITA")
    assert menu["outline"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ita/$"))

    tab_until(page, lambda f: f["href"] == "/ita/2569/")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ita/2569/$"))

    item = tab_until(page, lambda f: f["href"] == "/ita/2569/O1/")
    assert item["outline"]
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ita/2569/O1/$"))
    expect(page.locator("h1")).to_contain_text("โครงสร้างหน่วยงาน")

    # Its file opens with Enter like any link.
    tab_until(page, lambda f: f["text"] == "รายงาน.pdf")
    pdf = open_file(page, lambda: page.keyboard.press("Enter"), "**/files/**")
    assert pdf.body == MINIMAL_PDF


def test_the_procurement_filters_work_with_the_keyboard(page, portal):
    page.goto("/ita/2569/procurement/")

    tab_until(page, lambda f: f["tag"] == "select")
    page.keyboard.press("ArrowDown")  # ทุกเดือน → the first month
    page.keyboard.press("ArrowDown")
    tab_until(page, lambda f: f["tag"] == "button")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"month=11"))
    expect(page.locator(".total-count")).to_have_text("1")


def test_the_score_chart_has_its_figures_in_a_table(page, portal):
    page.goto("/ita/2568/score/")

    chart = page.get_by_role("img", name=re.compile("แนวโน้มคะแนน ITA"))
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="คะแนน ITA รายปี")
    expect(table).to_be_visible()
    rows = {
        row.get_by_role("rowheader").inner_text(): row.get_by_role("cell").first.inner_text()
        for row in table.locator("tbody tr").all()
    }
    assert rows == {"2567": "86.50", "2568": "90.50"}
    # The chart labels the same totals for sighted readers.
    labels = page.locator(".chart-series-total text").all_text_contents()
    assert labels == ["86.50", "90.50"]
