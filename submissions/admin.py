"""The back office for submission records: read-only, created only by submitting a year.

- the year's action *บันทึกการส่งข้อมูล ITA (snapshot)* (disclosures.admin) leads to
  ``submit_view``: a confirmation page saying what will be recorded, then the snapshot;
- a submission's page compares every recorded item with today's (``compare_submission``);
- an item's page shows what changed, field by field and evidence by evidence, and the stored
  copy of its public page;
- nothing can be added, changed or deleted by hand: those permissions do not exist, and the
  views refuse even a superuser.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote as unquote_url

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from disclosures.itas import sheet_rows
from disclosures.models import Evidence, FiscalYear
from ita_portal import thai

from .compare import compare_one, compare_submission, display_entry
from .models import SUBMIT_PERMISSION, ItemSnapshot, SnapshotImmutable, Submission
from .pages import page_comparison
from .snapshot import SubmissionRefused, refusals, take_snapshot

_BODY_TAG = re.compile(r"<body[^>]*>", re.IGNORECASE)


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("หมายเหตุ (ถ้ามี)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_("เช่น ส่งแบบ ITAS ผ่านระบบของสำนักงาน ป.ป.ช. รอบแรก"),
    )


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "submitted_when",
        "submitted_by_name",
        "ready_summary",
        "latest_badge",
    )
    list_display_links = ("__str__",)
    list_filter = (("year", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("year",)
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).with_latest()

    # --- nobody edits a record --------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        # Whoever may submit may read what was submitted.
        return super().has_view_permission(request, obj) or request.user.has_perm(SUBMIT_PERMISSION)

    # --- the list ---------------------------------------------------------------------------

    @admin.display(description=_("บันทึกเมื่อ"), ordering="submitted_at")
    def submitted_when(self, obj: Submission) -> str:
        return thai.format_datetime(obj.submitted_at)

    @admin.display(description=_("ข้อที่ตอบ “มี”"))
    def ready_summary(self, obj: Submission) -> str:
        return f"{obj.ready_count} / {obj.item_count}"

    @admin.display(description=_("ล่าสุด"))
    def latest_badge(self, obj: Submission) -> str:
        if not getattr(obj, "is_latest", False):
            return ""
        return format_html('<span class="ita-state ita-state-ok">{}</span>', _("ครั้งล่าสุด"))

    # --- pages ------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        name = "submissions_submission_"
        custom = [
            path("submit/<int:year_pk>/", wrap(self.submit_view), name=name + "submit"),
            path("<int:pk>/sheet.csv", wrap(self.sheet_view), name=name + "sheet"),
            path("<int:pk>/items/<int:item_pk>/", wrap(self.item_view), name=name + "item"),
            path("<int:pk>/items/<int:item_pk>/page/", wrap(self.page_view), name=name + "page"),
        ]
        return custom + super().get_urls()

    def _get_submission_for_user(self, request: HttpRequest, pk) -> Submission:
        """The submission if this user may read submissions (403 first, then 404)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        queryset = Submission.objects.with_latest().select_related("year", "submitted_by")
        try:
            return queryset.get(pk=int(pk))
        except (Submission.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404("ไม่พบการส่งข้อมูลนี้") from exc

    def _context(self, request: HttpRequest, title: str, **values) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **values,
        }

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        """The record and every item's state against today's."""
        submission = self._get_submission_for_user(request, unquote(object_id))
        if request.method not in ("GET", "HEAD"):
            raise SnapshotImmutable()
        comparison = compare_submission(submission)
        context = self._context(
            request, str(submission), submission=submission, comparison=comparison
        )
        return TemplateResponse(request, "admin/submissions/submission/comparison.html", context)

    def item_view(self, request: HttpRequest, pk: int, item_pk: int):
        """One recorded item: what changed since, and its stored page against today's."""
        submission = self._get_submission_for_user(request, pk)
        snapshot = get_object_or_404(ItemSnapshot, submission=submission, pk=item_pk)
        snapshot.submission = submission
        comparison, item = compare_one(snapshot)
        context = self._context(
            request,
            f"{snapshot.code} {snapshot.title_th}",
            submission=submission,
            snapshot=snapshot,
            comparison=comparison,
            page=page_comparison(snapshot, item),
            current_item=item,
            recorded_evidence=[display_entry(entry) for entry in snapshot.evidence],
            recorded_json=json.dumps(
                {"fields": snapshot.fields, "evidence": snapshot.evidence},
                ensure_ascii=False,
                indent=2,
            ),
        )
        return TemplateResponse(request, "admin/submissions/submission/item.html", context)

    def page_view(self, request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
        """The stored public page (sandboxed: no scripts, no cookies, no same-origin access).

        Viewed, it carries a banner saying it is a copy; downloaded, it is the recorded
        bytes themselves, the ones `page_sha256` digests."""
        submission = self._get_submission_for_user(request, pk)
        snapshot = get_object_or_404(ItemSnapshot, submission=submission, pk=item_pk)
        html = snapshot.page_html
        if request.GET.get("download"):
            name = f"ita-{submission.year.year}-{snapshot.code}-submission-{submission.number}"
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.html"'
        else:
            banner = render_to_string(
                "submissions/stored_page_banner.html",
                {"submission": submission, "snapshot": snapshot},
            ).strip()
            html = _BODY_TAG.sub(lambda match: match.group(0) + banner, html, count=1)
            response = HttpResponse(html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = (
            "sandbox; default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'"
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def sheet_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The ITAS sheet exactly as submitted (the bytes its SHA-256 was taken of)."""
        submission = self._get_submission_for_user(request, pk)
        response = HttpResponse(submission.sheet_bytes, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{submission.sheet_filename()}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def submit_view(self, request: HttpRequest, year_pk: int):
        """Say what will be recorded; on confirmation, record it."""
        if not request.user.has_perm(SUBMIT_PERMISSION):
            raise PermissionDenied
        year = get_object_or_404(FiscalYear, pk=year_pk)
        form = SubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                submission = take_snapshot(year, request.user, form.cleaned_data["note"])
            except SubmissionRefused as refusal:
                for problem in refusal.problems:
                    self.message_user(request, problem, messages.ERROR)
            else:
                self.log_addition(request, submission, [{"added": {}}])
                self.message_user(
                    request,
                    _("บันทึกการส่งข้อมูล ITA ครั้งที่ %(n)d ของปีงบประมาณ พ.ศ. %(year)d แล้ว (%(items)d ข้อ)")
                    % {"n": submission.number, "year": year.year, "items": submission.item_count},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:submissions_submission_change", args=[submission.pk])
                )
        problems = refusals(year)
        rows = [] if problems else sheet_rows(year)
        previous = Submission.objects.filter(year=year).order_by("-number").first()
        context = self._context(
            request,
            _("บันทึกการส่งข้อมูล ITA ของปีงบประมาณ พ.ศ. %(year)d") % {"year": year.year},
            year=year,
            form=form,
            problems=problems,
            rows=rows,
            # Evidence file URLs percent-encode their Thai names: shown decoded to be read.
            sheet=[(row, [unquote_url(url) for url in row.urls]) for row in rows],
            ready_count=sum(1 for row in rows if row.has_content),
            draft_count=Evidence.objects.filter(item__year=year, is_published=False).count(),
            previous=previous,
            next_number=(previous.number if previous else 0) + 1,
            year_opts=FiscalYear._meta,
        )
        return TemplateResponse(request, "admin/submissions/submission/confirm.html", context)
