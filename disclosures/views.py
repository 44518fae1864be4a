"""Public pages: thin views over the QuerySets in models.py, cached for visitors."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ita_portal.cache import cached_page, is_preview
from measures import presenters as measures_presenters
from procurement.presenters import year_procurement_facts

from . import presenters
from .models import Evidence, FiscalYear, Item, Organisation
from .uploads import INLINE_KINDS, content_disposition, kind_by_key, sniff


def _get_year_for_request(request: HttpRequest, year: int) -> FiscalYear:
    """The year if this visitor may see it: public years for all, every year for staff."""
    return get_object_or_404(FiscalYear.objects.visible_to(request.user), year=year)


@require_safe
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosures/home.html", presenters.home_context(request))


@require_safe
@cached_page
def year_list(request: HttpRequest) -> HttpResponse:
    years = presenters.years_with_progress(request.user)
    return render(request, "disclosures/year_list.html", {"years": years})


@require_safe
@cached_page
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = _get_year_for_request(request, year)
    rows = list(Item.objects.for_year_page(fiscal_year))
    english = (get_language() or "").startswith("en")
    context = {
        "year": fiscal_year,
        "groups": presenters.year_outline(rows, fiscal_year.get_absolute_url(), english),
        "item_count": len(rows),
        "ready_count": sum(1 for row in rows if row["has_published_evidence"]),
    }
    return render(request, "disclosures/year_detail.html", context)


@require_safe
@cached_page
def item_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    preview = is_preview(request)
    item = (
        measures_presenters.with_measures_roles(Item.objects.for_item_page(include_drafts=preview))
        .annotate(**year_procurement_facts())  # see presenters.item_neighbours
        .filter(
            year__in=FiscalYear.objects.visible_to(request.user),
            year__year=year,
            code__iexact=code,
        )
        .first()
    )
    if item is None:
        raise Http404("ไม่พบข้อนี้ในปีงบประมาณที่เลือก")
    if item.code != code:  # /ita/2569/o1/ → the canonical /ita/2569/O1/
        return redirect(item, permanent=True)
    # The items that carry the year's measures (set per year in the admin) show them.
    carried = measures_presenters.item_measures(item, preview)
    context = {
        "year": item.year,
        "item": item,
        "preview": preview,
        "carried": carried,
        "last_updated": measures_presenters.latest(
            item.last_published_change(), carried and carried["last_change"]
        ),
    }
    context.update(presenters.item_neighbours(item))
    return render(request, "disclosures/item_detail.html", context)


@require_safe
def organisation_logo(request: HttpRequest) -> FileResponse:
    """The organisation's logo (uploads are not served from /media/ in production)."""
    organisation = Organisation.objects.order_by("pk").only("logo").first()
    if organisation is None or not organisation.logo:
        raise Http404("ไม่มีตราสัญลักษณ์")
    try:
        handle = organisation.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404("ไม่มีตราสัญลักษณ์") from exc
    kind = sniff(handle)
    if kind is None or kind.key not in INLINE_KINDS:
        raise Http404("ไม่มีตราสัญลักษณ์")
    response = FileResponse(handle, content_type=kind.mime)
    response["X-Content-Type-Options"] = "nosniff"
    # The URL carries the logo's version (?v=...), so browsers may keep it for long.
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def evidence_file(request: HttpRequest, pk: int, filename: str) -> FileResponse:
    """Serve an evidence file under its original name; drafts only to staff."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("item__year").exclude(file=""), pk=pk
    )
    if not is_preview(request) and not (evidence.is_published and evidence.item.year.is_public):
        raise Http404("ไม่พบไฟล์")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("ไม่พบไฟล์") from exc
    response = FileResponse(handle, content_type=presenters.mime_type(evidence))
    response["Content-Disposition"] = content_disposition(
        evidence.original_filename or "file",
        inline=evidence.is_inline_file,
        kind=kind_by_key(evidence.file_kind),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not evidence.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@cached_page(query_params=("q",))
def search(request: HttpRequest) -> HttpResponse:
    query = presenters.clean_query(request.GET.get("q", ""))
    context = {"query": query, **presenters.search_results(query, request.user)}
    return render(request, "disclosures/search.html", context)
