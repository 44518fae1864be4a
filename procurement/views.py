"""The public procurement page of a year and its open-data files: thin views over
presenters.py and exports.py, cached for visitors like the other public pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ita_portal.cache import cached_page, is_preview

from . import presenters
from .exports import CONTENT_TYPES, ProcurementSheet


@require_safe
@cached_page(query_params=("month", "method", "status", "page"))
def procurement_list(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = presenters.year_for_request(request.user, year)
    filters = presenters.Filters.from_query(request.GET, fiscal_year.year)
    context = presenters.procurement_page(fiscal_year, filters)
    context["preview"] = is_preview(request)
    return render(request, "procurement/procurement_list.html", context)


@require_safe
@cached_page
def procurement_data(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """/ita/<year>/data/procurement.csv, .xlsx or .json: stable open-data URLs."""
    if kind not in CONTENT_TYPES:
        raise Http404("ไม่มีไฟล์ชนิดนี้")
    sheet = ProcurementSheet(presenters.year_for_request(request.user, year))
    response = HttpResponse(sheet.render(kind), content_type=CONTENT_TYPES[kind])
    disposition = "inline" if kind == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{sheet.filename(kind)}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Open data: other sites and notebooks may read it from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    return response
