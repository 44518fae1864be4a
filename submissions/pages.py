"""The text of a stored public page against the page rendered now.

Only the page's main content is compared (the header and footer carry the organisation's
profile, and the pager the neighbouring items' titles), and the section that shows the
year's integrity measures can be read on its own.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from disclosures.models import Item

from .models import ItemSnapshot
from .snapshot import render_public_page, sha256_text


class _ElementText(HTMLParser):
    """The visible text inside the first element with this tag (and class), one line per
    block; <script>, <style> and the `skip` tags (e.g. the pager's <nav>) are left out."""

    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "section", "tr", "br", "article"}

    def __init__(self, tag: str, css_class: str = "", skip: tuple[str, ...] = ()):
        super().__init__(convert_charrefs=True)
        self.tag, self.css_class = tag, css_class
        self.skip_tags = {"script", "style", *skip}
        self.depth = 0  # nesting of `tag` once inside the element
        self.done = False
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == self.tag:
            classes = (dict(attrs).get("class") or "").split()
            if self.depth or not self.css_class or self.css_class in classes:
                self.depth += 1
        if not self.depth:
            return
        if tag in self.skip_tags:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == "a" and not self.skipping:
            href = dict(attrs).get("href")
            if href:  # file links percent-encode their Thai names: shown readable
                self.parts.append(f" [{unquote(href)}] ")

    def handle_endtag(self, tag):
        if not self.depth or self.done:
            return
        if tag in self.skip_tags:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        if tag == self.tag:
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data):
        if self.depth and not self.skipping and not self.done:
            self.parts.append(data)


def element_text(html: str, tag: str, css_class: str = "", skip: tuple[str, ...] = ()) -> list[str]:
    """The text of the first <tag class="css_class"> of a page, as non-empty lines."""
    parser = _ElementText(tag, css_class, skip)
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return [line for line in (re.sub(r"\s+", " ", raw).strip() for raw in text.split("\n")) if line]


def main_text(html: str) -> list[str]:
    """The page's main content (links shown with their address), without the links to the
    neighbouring items: renaming O4 is not a change of O3."""
    return element_text(html, "main", skip=("nav",))


def measures_text(html: str) -> list[str]:
    """The integrity measures an item page shows (templates/measures/_item_measures.html)."""
    return element_text(html, "section", "carried-measures")


@dataclass
class PageComparison:
    stored_sha256: str
    current_sha256: str
    current_status: int
    lines: list[tuple[str, str]]  # (" ", "-", "+", "@"), text: a unified diff of main text

    @property
    def same_bytes(self) -> bool:
        return self.stored_sha256 == self.current_sha256

    @property
    def same_main_text(self) -> bool:
        return not self.lines


def page_comparison(snapshot: ItemSnapshot, item: Item | None) -> PageComparison:
    """The stored page against the page rendered now (main content only in the diff)."""
    if item is None:
        status, html = 404, ""
    else:
        status, html = render_public_page(item)
    stored = main_text(snapshot.page_html)
    now = main_text(html)
    lines = []
    for line in difflib.unified_diff(stored, now, lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        lines.append((line[:1], line[1:]))
    return PageComparison(snapshot.page_sha256, sha256_text(html), status, lines)
