"""Render report templates to PDF with WeasyPrint, in the shipped Sarabun fonts.

Everything a report needs is local: the fonts come from static/fonts, images from the
organisation's media, QR codes are inline SVG. The URL fetcher refuses anything else, so a
link in staff-written text can never make the server fetch a remote URL while rendering.

WeasyPrint reports a glyph missing from every font only as a warning on its logger: the
renderer collects those warnings and returns them with the PDF (tests assert there are none;
in production they are logged).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from ita_portal import thai

from . import textlayer

logger = logging.getLogger(__name__)

textlayer.install()


class FetchRefused(ValueError):
    """A report tried to load something that is not a local font, image or style."""


@dataclass
class RenderedPdf:
    content: bytes
    pages: int
    missing_glyphs: list[str] = field(default_factory=list)


class _GlyphWarnings(logging.Handler):
    """Collect WeasyPrint's "missing glyph" warnings while one report renders."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "glyph" in message.lower():
            self.messages.append(message)


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.BASE_DIR) / "static"]
    if settings.MEDIA_ROOT:
        roots.append(Path(settings.MEDIA_ROOT))
    return [root.resolve() for root in roots]


class LocalFetcher(URLFetcher):
    """Fetch only data: URIs and files under static/ or the media root."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in _allowed_roots()):
                raise FetchRefused(f"reports load only local files, not {url!r}")
        elif parts.scheme != "data":
            raise FetchRefused(f"reports load only local files, not {url!r}")
        return super().fetch(url, headers)


_TEXT_NODE = re.compile(r">([^<]+)<")
# Words Thai line breaking (libthai) may split but a reader must see whole.
_UNBREAKABLE = re.compile("ฯลฯ")


def keep_together(html: str) -> str:
    """Wrap ฯลฯ in the text of ``html`` in a no-wrap span: libthai breaks "ฯ|ลฯ" in narrow
    columns. Only text between tags is touched, never attribute values."""

    def text_node(match: re.Match) -> str:
        text = _UNBREAKABLE.sub('<span class="nowrap">\\g<0></span>', match[1])
        return f">{text}<"

    return _TEXT_NODE.sub(text_node, html)


def font_dir_url() -> str:
    return (Path(settings.BASE_DIR) / "static" / "fonts").resolve().as_uri() + "/"


def render_pdf(template_name: str, context: dict, *, digits: str = "arabic") -> RenderedPdf:
    """Render ``template_name`` (a full HTML document) to PDF, always in Thai, writing
    numbers and dates with ``digits`` ("arabic" or "thai")."""
    counter_style = "thai" if digits == "thai" else "decimal"
    context = {
        **context,
        "font_dir": font_dir_url(),
        "digits": digits,
        "counter_style": counter_style,
    }
    with translation.override("th"), thai.digits_style(digits):
        html = keep_together(render_to_string(template_name, context))
    collector = _GlyphWarnings()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(collector)
    try:
        document = HTML(
            string=html, base_url=font_dir_url(), url_fetcher=LocalFetcher(), encoding="utf-8"
        ).render(font_config=FontConfiguration())
        content = document.write_pdf()
    finally:
        weasy_logger.removeHandler(collector)
    for message in collector.messages:
        logger.error("Report %s: %s", template_name, message)
    return RenderedPdf(content, len(document.pages), collector.messages)
