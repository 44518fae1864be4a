"""The three yearly PDF reports: /ita/<year>/report.pdf, measures.pdf and score.pdf.

Reports show published content only, for everyone (they are what the organisation submits);
staff may also download the reports of years still in preparation. A report is cached like a
public page, by the content version, so a repeated download is served from the cache and any
edit makes the next one fresh. Numbers and dates use the organisation's digits unless the
reader asks for ``?digits=thai`` or ``?digits=arabic``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from disclosures.models import FiscalYear, Organisation
from ita_portal.cache import cached_page
from ita_portal.thai import DIGIT_STYLES

from .documents import REPORTS
from .pdf import render_pdf


def digits_for(request: HttpRequest, organisation: Organisation | None) -> str:
    asked = request.GET.get("digits", "")
    if asked in DIGIT_STYLES:
        return asked
    return organisation.report_digits if organisation else "thai"


@require_safe
@cached_page(query_params=("digits",))
def report(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    document = REPORTS.get(kind)
    if document is None:
        raise Http404("ไม่พบรายงานนี้")
    try:
        fiscal_year = FiscalYear.objects.visible_to(request.user).get(year=year)
    except FiscalYear.DoesNotExist as exc:
        raise Http404("ไม่พบปีงบประมาณนี้") from exc
    organisation = Organisation.current()
    digits = digits_for(request, organisation)
    context = document.context(fiscal_year, organisation)
    rendered = render_pdf(document.template, context, digits=digits)
    response = HttpResponse(rendered.content, content_type="application/pdf")
    filename = f"ita-{fiscal_year.year}-{kind}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
