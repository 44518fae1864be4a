"""The Content-Security-Policy header (django-csp), on every response.

The policy itself is CONTENT_SECURITY_POLICY in settings: scripts only from our own files,
never inline. Public pages keep inline styles out too; the back office alone allows them,
because the Django admin and django-import-export write style attributes and <style>
blocks into their own templates. File and stored-page views set a stricter policy of their
own (``default-src 'none'; sandbox``), which the middleware leaves as it is.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, allowing inline styles (never scripts) in the back office."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and allows_inline_styles(request, response):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts


def allows_inline_styles(request: HttpRequest, response: HttpResponseBase) -> bool:
    """The back office, and the bare 500 page (it styles itself inline, as it must work
    when nothing else does)."""
    return request.path_info.startswith(ADMIN_PREFIX) or response.status_code >= 500
