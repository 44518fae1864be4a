from django import template
from django.utils.safestring import mark_safe

from ..text import render_body

register = template.Library()


@register.filter
def evidence_body(evidence) -> str:
    """The evidence's text as safe HTML (plain paragraphs or sanitised Markdown).

    Saving renders it once (Evidence.body_html); rows written in bulk are rendered here.
    """
    if evidence.body_html or not evidence.body:
        return mark_safe(evidence.body_html)  # noqa: S308 - rendered by render_body on save
    return render_body(evidence.body, evidence.text_format)


@register.filter
def filesize(num_bytes: int) -> str:
    """A file size as people read it: "850 KB", "2.4 MB"."""
    if not num_bytes:
        return ""
    if num_bytes < 1024 * 1024:
        return f"{max(1, round(num_bytes / 1024))} KB"
    return f"{num_bytes / 1024 / 1024:.1f} MB"
