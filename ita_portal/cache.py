"""Caching of public pages, keyed by the content version so that any edit shows at once.

Anonymous GET requests are served from the cache (local memory by default, Redis when
REDIS_URL is set). Staff previews (which may show drafts) are never cached, neither here nor
by browsers or proxies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from .models import ContentVersion


def current_version() -> int:
    return ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def invalidate() -> None:
    """Make every cached public page and report stale."""
    if not ContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def is_preview(request: HttpRequest) -> bool:
    """Staff see drafts on public pages; such responses must never be shared."""
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


def cached_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public view from the cache for anonymous visitors."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or is_preview(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True, no_store=True)
            return response
        raw = f"{current_version()}|{get_language()}|{request.get_full_path()}"
        key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
        response = cache.get(key)
        state = "hit"
        if response is None:
            state = "miss"
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE)
        response["X-Page-Cache"] = state
        return response

    return wrapper
