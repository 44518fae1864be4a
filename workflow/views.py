"""The readiness dashboard of the back office (/admin/readiness/<year>/).

Added to the admin site by PortalAdminSite.get_urls, wrapped in admin_view: staff only,
never cached. Reading it needs the permission to view items.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from disclosures.models import FiscalYear

from .readiness import State, YearReadiness, default_year, evaluate_year

VIEW_ITEMS = "disclosures.view_item"


def _require_view_items(request: HttpRequest) -> None:
    if not request.user.has_perm(VIEW_ITEMS):
        raise PermissionDenied


def readiness_latest(request: HttpRequest, site: AdminSite) -> HttpResponse:
    """The dashboard of the year staff work on: the current one, else the newest."""
    _require_view_items(request)
    year = default_year()
    if year is None:
        raise Http404(_("ยังไม่มีปีงบประมาณในระบบ"))
    return redirect("admin:readiness", year=year.year)


def readiness(request: HttpRequest, site: AdminSite, year: int) -> HttpResponse:
    """Every item of the year with its state and what it lacks, with counts to steer by."""
    _require_view_items(request)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    result = evaluate_year(fiscal_year)
    state, division = _filters(request, result)
    context = {
        **site.each_context(request),
        "title": _("ความพร้อมของข้อ OIT %(year)s") % {"year": fiscal_year},
        "readiness": result,
        "groups": result.by_indicator(result.filtered(state, division)),
        "states": list(State),
        "chosen_state": state,
        "chosen_division": division,
        "is_filtered": bool(state or division),
        "years": FiscalYear.objects.order_by("-year").values_list("year", flat=True),
    }
    return TemplateResponse(request, "admin/workflow/readiness.html", context)


def _filters(request: HttpRequest, result: YearReadiness) -> tuple[str, str]:
    """The state and division asked for in the query string; unknown values are ignored."""
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    division = request.GET.get("division", "")
    known = {"none" if tally.key is None else str(tally.key) for tally in result.by_division}
    if division not in known:
        division = ""
    return state, division
