"""Public pages of a year's ITA result and integrity measures: thin views over presenters.py,
cached for visitors like the disclosures pages."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from disclosures.uploads import INLINE_KINDS, content_disposition, kind_by_key, mime_for
from ita_portal.cache import cached_page, is_preview

from . import presenters
from .models import MethodAttachment


@require_safe
@cached_page
def score(request: HttpRequest, year: int) -> HttpResponse:
    context = presenters.score_context(request.user, year)
    context["preview"] = is_preview(request)
    return render(request, "measures/score.html", context)


@require_safe
@cached_page
def measure_list(request: HttpRequest, year: int) -> HttpResponse:
    fiscal_year = presenters.year_for_request(request.user, year)
    context = presenters.measures_context(fiscal_year, preview=is_preview(request))
    return render(request, "measures/measure_list.html", context)


@require_safe
@cached_page
def measure_detail(request: HttpRequest, year: int, number: int) -> HttpResponse:
    preview = is_preview(request)
    measure = presenters.measure_for_request(request.user, year, number, preview)
    context = {"year": measure.year, "measure": measure, "preview": preview}
    context.update(presenters.measure_neighbours(measure, preview))
    return render(request, "measures/measure_detail.html", context)


@require_safe
def attachment_file(request: HttpRequest, pk: int, filename: str) -> FileResponse:
    """Serve a method's evidence file under its original name; for years in preparation,
    only to staff."""
    attachment = get_object_or_404(
        MethodAttachment.objects.select_related("method__measure__year").exclude(file=""), pk=pk
    )
    public = attachment.method.measure.year.is_public
    if not public and not is_preview(request):
        raise Http404("ไม่พบไฟล์")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("ไม่พบไฟล์") from exc
    kind = kind_by_key(attachment.file_kind)
    name = attachment.original_filename or "file"
    response = FileResponse(
        handle, content_type=mime_for(kind, name) if kind else "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition(
        name, inline=attachment.file_kind in INLINE_KINDS, kind=kind
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response
