"""Caching of public pages, keyed by the content version so that any edit shows at once.

Anonymous GET requests are served from the cache (local memory by default, Redis when
REDIS_URL is set). Staff previews (which may show drafts) are never cached, neither here nor
by browsers or proxies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

from .models import ContentVersion


def current_version(request: HttpRequest | None = None) -> int:
    """The content version; read once per request when a request is given.

    When a scheduled publication has come due, it is published here first, so that the
    first visitor after the moment already sees it (no cron job needed for that).
    """
    if request is not None and hasattr(request, "_content_version"):
        return request._content_version
    row = ContentVersion.objects.filter(pk=1).values_list("value", "next_change").first()
    version, next_change = row or (0, None)
    if next_change is not None and next_change <= timezone.now():
        version = publish_due()
    if request is not None:
        request._content_version = version
    return version


def publish_due() -> int:
    """Publish the evidence, explanations and results whose publication date has come;
    return the content version."""
    from disclosures.models import Evidence, Item
    from measures.models import Method

    now = timezone.now()
    with transaction.atomic():
        Evidence.all_objects.publish_due(now)
        moments = [Evidence.all_objects.next_publication()]
        for model in (Item, Method):
            model.REVIEWED.publish_due(model, now)
            moments.append(model.REVIEWED.next_publication(model))
        upcoming = min((moment for moment in moments if moment is not None), default=None)
        rows = ContentVersion.objects.filter(pk=1)
        if not rows.update(value=F("value") + 1, next_change=upcoming):
            ContentVersion.objects.get_or_create(
                pk=1, defaults={"value": 1, "next_change": upcoming}
            )
    return ContentVersion.objects.values_list("value", flat=True).get(pk=1)


def schedule_change(moment) -> None:
    """Remember that content becomes public by itself at `moment` (a future publication)."""
    if moment is None:
        return
    updated = (
        ContentVersion.objects.filter(pk=1)
        .filter(Q(next_change__isnull=True) | Q(next_change__gt=moment))
        .update(next_change=moment)
    )
    if not updated and not ContentVersion.objects.filter(pk=1).exists():
        ContentVersion.objects.create(pk=1, value=0, next_change=moment)


def cached_data(name: str, version: int, build: Callable[[], object]) -> object:
    """Data that public pages share (the organisation), cached for one content version."""
    key = f"data:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.DATA_CACHE_SECONDS)
    return value


def invalidate() -> None:
    """Make every cached public page and report stale."""
    if not ContentVersion.objects.filter(pk=1).update(value=F("value") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def is_preview(request: HttpRequest) -> bool:
    """Staff see drafts on public pages; such responses must never be shared."""
    user = getattr(request, "user", None)
    return bool(user and user.is_active and user.is_staff)


def cached_page(
    view: Callable[..., HttpResponse] | None = None, *, query_params: tuple[str, ...] = ()
):
    """Serve a public view from the cache for anonymous visitors.

    Only the named query parameters take part in the cache key, so that arbitrary query
    strings (tracking tags, cache-busting bots) share one cached page instead of filling
    the cache.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or is_preview(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_cache=True, no_store=True)
                return response
            if settings.PAGE_CACHE_SECONDS <= 0:  # the page cache is switched off
                response = view(request, *args, **kwargs)
                if response.status_code == 200:
                    patch_cache_control(
                        response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE
                    )
                return response
            params = urlencode(sorted((name, request.GET.get(name, "")) for name in query_params))
            raw = f"{current_version(request)}|{get_language()}|{request.path}?{params}"
            key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
            response = cache.get(key)
            state = "hit"
            if response is None:
                state = "miss"
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                # Never share a response that sets a cookie.
                if response.status_code == 200 and not response.streaming and not response.cookies:
                    cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE)
            response["X-Page-Cache"] = state
            return response

        return wrapper

    return decorator(view) if view is not None else decorator
