"""Login lockout (django-axes): which address a login comes from, and the backend.

Five wrong passwords for one user name from one address lock that pair (AXES_* settings);
`manage.py axes_reset` unlocks everyone, `axes_reset_username NAME` one user.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind ITA_TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, it is that many entries from the right: those entries were written by
    our proxies, anything further left by the visitor, who could write anything there."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.ITA_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


class LockoutBackend(AxesStandaloneBackend):
    """Refuses logins of a locked user name and address before the password is checked.

    Logins without a request (a script calling authenticate(), the test client's login())
    have no address to lock and are let through to the password check; every login form of
    the portal passes its request.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The Thai lockout page (HTTP 429), in the back office's frame."""
    from django.contrib import admin
    from django.template.response import TemplateResponse

    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": _("ระงับการเข้าสู่ระบบชั่วคราว"),
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
    }
    return TemplateResponse(request, "security/lockout.html", context, status=429).render()
