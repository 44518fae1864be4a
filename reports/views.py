"""The three yearly PDF reports: /ita/<year>/report.pdf, measures.pdf and score.pdf.

Reports show published content only, for everyone (they are what the organisation submits);
staff may also download the reports of years still in preparation. A generated report is
cached by the content version (bumped by any edit), so a repeated download is served from the
cache and any change makes the next one fresh. Numbers and dates use the organisation's
digits unless the reader asks for ``?digits=thai`` or ``?digits=arabic``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from disclosures.models import FiscalYear, Organisation
from ita_portal.cache import current_version
from ita_portal.context_processors import current_organisation
from ita_portal.thai import DIGIT_STYLES

from .documents import REPORTS
from .pdf import render_pdf


def digits_for(request: HttpRequest, organisation: Organisation | None) -> str:
    asked = request.GET.get("digits", "")
    if asked in DIGIT_STYLES:
        return asked
    return organisation.report_digits if organisation else "thai"


def report_bytes(
    request: HttpRequest, fiscal_year: FiscalYear, kind: str, digits: str
) -> tuple[bytes, bool]:
    """The report as PDF bytes, and whether they came from the cache."""
    key = f"report:{current_version(request)}:{kind}:{fiscal_year.year}:{digits}"
    content = cache.get(key)
    if content is not None:
        return content, True
    document = REPORTS[kind]
    organisation = current_organisation(request)
    content = render_pdf(
        document.template, document.context(fiscal_year, organisation), digits=digits
    ).content
    cache.set(key, content, settings.REPORT_CACHE_SECONDS)
    return content, False


@require_safe
def report(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    if kind not in REPORTS:
        raise Http404("ไม่พบรายงานนี้")
    # Visibility first: a cached report of a year in preparation is for staff only.
    try:
        fiscal_year = FiscalYear.objects.visible_to(request.user).get(year=year)
    except FiscalYear.DoesNotExist as exc:
        raise Http404("ไม่พบปีงบประมาณนี้") from exc
    digits = digits_for(request, current_organisation(request))
    content, hit = report_bytes(request, fiscal_year, kind, digits)
    response = HttpResponse(content, content_type="application/pdf")
    suffix = "" if digits == "thai" else "-arabic"
    filename = f"ita-{fiscal_year.year}-{kind}{suffix}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Report-Cache"] = "hit" if hit else "miss"
    if fiscal_year.is_public:
        patch_cache_control(response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response
