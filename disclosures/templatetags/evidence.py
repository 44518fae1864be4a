from django import template

from ..text import render_body

register = template.Library()


@register.filter
def evidence_body(evidence) -> str:
    """The evidence's text as safe HTML (plain paragraphs or sanitised Markdown)."""
    return render_body(evidence.body, evidence.text_format)


@register.filter
def filesize(num_bytes: int) -> str:
    """A file size as people read it: "850 KB", "2.4 MB"."""
    if not num_bytes:
        return ""
    if num_bytes < 1024 * 1024:
        return f"{max(1, round(num_bytes / 1024))} KB"
    return f"{num_bytes / 1024 / 1024:.1f} MB"
