"""Turning staff-written text into safe HTML: plain paragraphs or sanitised Markdown."""

import markdown
import nh3
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
    "h3", "h4", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_plain(text: str) -> SafeString:
    """Paragraphs and line breaks, with bare URLs turned into links; no markup at all."""
    return mark_safe(linebreaks(urlize(escape(text), nofollow=True)))  # noqa: S308


def _markdown_without_html() -> markdown.Markdown:
    """A converter that treats raw HTML as text (a new one per call: they keep state)."""
    md = markdown.Markdown(extensions=["tables", "sane_lists"])
    # Without these, "<script>" is passed through as markup; with them it is escaped as
    # text, while code spans, autolinks (<https://…>) and "> quote" keep working.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def render_markdown(text: str) -> SafeString:
    """Markdown with any raw HTML shown as text, then cleaned to an allowlist of tags."""
    html = _markdown_without_html().convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 to the allowlist above


def render_body(text: str, text_format: str) -> SafeString:
    if not text:
        return mark_safe("")
    if text_format == "markdown":
        return render_markdown(text)
    return render_plain(text)
