"""Faults from outside the code: the database going away, the file storage failing.

Both become a plain Thai page with a precise status instead of the generic error page:
503 with Retry-After while the database cannot be reached (the connection is health-checked,
so the first request after it is back succeeds without restarting anything), 507 or 503 when
an upload cannot be written. Errors raised outside the view (in another middleware) are
caught by ita_portal.views.server_error instead.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from . import views
from .storage import discard_rolled_back_files

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class FaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A failed save rolled its transaction back; the files it wrote go too.
        discard_rolled_back_files()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Covers the view, its template's context processors and the page cache's lookups."""
        if isinstance(exception, views.DATABASE_DOWN):
            return views.database_unavailable(request, exception)
        if request.method in UNSAFE_METHODS and views.is_storage_failure(exception):
            return views.storage_failed(request, exception)
        return None
