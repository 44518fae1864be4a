"""/ita/<year>/itas.csv and itas.xlsx: the ITAS submission sheet of a year (disclosures.itas).

Published content only, for everyone; a year in preparation is for staff only. The file is
cached by the content version (any edit makes the next download fresh), so a repeated
download reads two rows of the database and builds nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ita_portal.cache import current_version

from .itas import CONTENT_TYPES, ItasSheet
from .models import FiscalYear


def sheet_bytes(request: HttpRequest, sheet: ItasSheet, kind: str) -> tuple[bytes, bool]:
    """The sheet as bytes, and whether they came from the cache."""
    key = f"itas:{current_version(request)}:{sheet.year.year}:{kind}"
    content = cache.get(key)
    if content is not None:
        return content, True
    content = sheet.render(kind)
    if settings.PAGE_CACHE_SECONDS > 0:
        cache.set(key, content, settings.PAGE_CACHE_SECONDS)
    return content, False


@require_safe
def itas_sheet(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    # Visibility before the cache: a cached sheet of a year in preparation is for staff only.
    fiscal_year = get_object_or_404(FiscalYear.objects.visible_to(request.user), year=year)
    sheet = ItasSheet(fiscal_year)
    content, hit = sheet_bytes(request, sheet, kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{sheet.filename(kind)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Page-Cache"] = "hit" if hit else "miss"
    if fiscal_year.is_public:
        patch_cache_control(response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
