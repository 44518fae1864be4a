"""Views that belong to the site rather than to one domain app."""

import errno
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

logger = logging.getLogger("ita_portal.faults")

# What the database driver raises when the server is down, restarting or unreachable
# (connection refused, terminated by the administrator, lost).
DATABASE_DOWN = (OperationalError, InterfaceError)
# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 30
# Errors of a failing file storage, as opposed to OSErrors of sockets or mail servers.
STORAGE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
STORAGE_ERRNOS = STORAGE_FULL | {errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM, errno.ESTALE}


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Allow: /",
        f"Sitemap: {settings.ITA_PUBLIC_BASE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def ping(request: HttpRequest) -> HttpResponse:
    """The cheapest possible answer: process liveness, and the baseline in bench/."""
    return HttpResponse("pong", content_type="text/plain")


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The generic error page, unless the error was the database going away.

    Errors raised outside the view (a middleware saving the session, say) never reach
    FaultMiddleware.process_exception; Django calls this handler inside its `except`, so the
    error is still at hand here.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        return database_unavailable(request, error)
    # No context processors: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def is_storage_failure(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in STORAGE_ERRNOS


def database_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 at once while the database cannot be reached, with a plain Thai page.

    Rendered without a request, so no context processor (which would query the database)
    runs. The error is logged without its traceback: during an outage every request fails
    the same way.
    """
    logger.error("Database unavailable (%s %s): %r", request.method, request.path, error)
    response = _fault_page(
        title=_("ขออภัย เว็บไซต์ไม่พร้อมให้บริการชั่วคราว"),
        message=_("ระบบฐานข้อมูลขัดข้องชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่ ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย"),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def storage_failed(request: HttpRequest, error: OSError) -> HttpResponse:
    """507 or 503 when an upload could not be written: the disk is full or failing.

    The admin saves inside a transaction and ita_portal.storage removes what it wrote, so
    nothing of the form was kept; the page says so and sends the user back to it.
    """
    logger.error("File storage failed (%s %s)", request.method, request.path, exc_info=error)
    if error.errno in STORAGE_FULL:
        title = _("บันทึกไม่สำเร็จ: พื้นที่จัดเก็บไฟล์ของเว็บไซต์เต็ม")
    else:
        title = _("บันทึกไม่สำเร็จ: ระบบจัดเก็บไฟล์ของเว็บไซต์ขัดข้อง")
    return _fault_page(
        title=title,
        message=_("ยังไม่ได้บันทึกข้อมูลในแบบฟอร์มนี้และไม่ได้เก็บไฟล์ที่แนบไว้ กรุณาแจ้งผู้ดูแลระบบ แล้วกลับไปบันทึกอีกครั้ง"),
        status=507 if error.errno in STORAGE_FULL else 503,
        back_url=request.get_full_path(),
    )


def _fault_page(*, title: str, message: str, status: int, back_url: str = "") -> HttpResponse:
    """templates/503.html, standalone: no database, no context processors, never cached."""
    context = {"title": title, "message": message, "back_url": back_url}
    response = HttpResponse(loader.get_template("503.html").render(context), status=status)
    add_never_cache_headers(response)
    return response
