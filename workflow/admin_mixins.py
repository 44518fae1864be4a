"""What the back office lets each role do, enforced on the server for every page and action.

Division editors change only the records owned by their divisions and never publish; the
checks live here, in the admin's own permission hooks, so that a hidden button is never the
only barrier: a crafted POST meets the same checks as the form.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ita_portal import thai
from ita_portal.review import EDITOR_STATUSES, ReviewStatus

from .roles import division_filter, may_edit_division


def division_id_of(obj: Model, path: str) -> int | None:
    """Follow `path` ("item__owner_division") from obj to the owning division's pk."""
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class DivisionScopedAdmin:
    """Model admins whose records belong to a division (items, evidence, methods).

    Everyone with the model's view permission reads every record; changing or deleting a
    record also needs its division to be one of the user's, unless the user edits everything
    (coordinators and superusers). Actions run only on the records the user may change.
    """

    division_path = "owner_division"

    def may_edit(self, request: HttpRequest, obj) -> bool:
        return may_edit_division(request.user, division_id_of(obj, self.division_path))

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_edit(request, obj))

    def editable(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        """The part of a selection the user may change; says so when some were left out."""
        allowed = queryset.filter(division_filter(request.user, self.division_path))
        skipped = queryset.count() - allowed.count()
        if skipped:
            messages.warning(
                request,
                _("ข้าม %(n)d รายการที่เป็นของส่วนราชการอื่น (แก้ไขได้เฉพาะของส่วนราชการตนเอง)")
                % {"n": skipped},
            )
        return allowed

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        super().delete_queryset(request, self.editable(request, queryset))


def limit_status_choices(form: forms.BaseForm, name: str, user, publish_perm: str) -> None:
    """Offer "published" only to those who may publish; an editor sees their draft state."""
    field = form.fields.get(name)
    if field is None or user.has_perm(publish_perm):
        return
    field.choices = [(value, label) for value, label in field.choices if value in EDITOR_STATUSES]
    if form.initial.get(name) == ReviewStatus.PUBLISHED:
        form.initial[name] = ReviewStatus.DRAFT


def require_return_comment(form: forms.BaseForm, status: str, comment: str, was: str) -> None:
    """A coordinator who sends submitted work back must say why."""
    cleaned = form.cleaned_data
    if (
        was == ReviewStatus.SUBMITTED
        and cleaned.get(status) == ReviewStatus.DRAFT
        and not (cleaned.get(comment) or "").strip()
    ):
        form.add_error(comment, _("ส่งกลับให้แก้ไขต้องเขียนความเห็นว่าต้องแก้อะไร"))


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("ความเห็นถึงผู้แก้ไข"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("บอกว่าต้องแก้ไขอะไร ผู้แก้ไขจะเห็นข้อความนี้ในหน้าแก้ไข"),
    )


def return_with_comment(model_admin, request: HttpRequest, queryset, apply, what: str):
    """An admin action that asks for a comment, then returns the selection to draft.

    `apply(obj, comment)` changes and saves one record. The first request shows the
    comment form; its POST (with `apply_return`) does the work.
    """
    if "apply_return" in request.POST:
        form = ReturnForm(request.POST)
        if form.is_valid():
            count = 0
            for obj in queryset:
                apply(obj, form.cleaned_data["comment"])
                count += 1
            model_admin.message_user(
                request, _("ส่งกลับให้แก้ไขแล้ว %(n)d รายการ") % {"n": count}, messages.SUCCESS
            )
            return None
    else:
        form = ReturnForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("ส่งกลับให้แก้ไข: %(what)s") % {"what": what},
        "form": form,
        "queryset": queryset,
        "action": request.POST.get("action", ""),
        "opts": model_admin.model._meta,
        "selected": request.POST.getlist("_selected_action"),
    }
    return TemplateResponse(request, "admin/workflow/return_form.html", context)


def refuse(message: str) -> None:
    raise PermissionDenied(message)


class OwnershipDisplay:
    """An owner and a due date as staff read them: the person's name, a B.E. date.

    Where a user may not change them (division editors), the form shows these instead of
    Django's read-only rendering, which would print the user name and a Christian-era date.
    """

    @admin.display(description=gettext_lazy("กำหนดเสร็จ"), ordering="due_date")
    def due_on(self, obj) -> str:
        return thai.format_date(obj.due_date, "short") or "-"

    @admin.display(description=gettext_lazy("ผู้รับผิดชอบ"), ordering="owner__first_name")
    def owner_name(self, obj) -> str:
        owner = obj.owner
        return (owner.get_full_name() or owner.get_username()) if owner else "-"

    @staticmethod
    def shown_read_only(fieldsets) -> list:
        """The fieldsets with the owner and due date fields swapped for their displays."""
        swap = {"due_date": "due_on", "owner": "owner_name"}

        def names(fields):
            return tuple(
                names(name) if isinstance(name, (list, tuple)) else swap.get(name, name)
                for name in fields
            )

        return [
            (title, {**options, "fields": names(options["fields"])}) for title, options in fieldsets
        ]


class ReviewActions:
    """The review actions of an admin whose records carry a reviewed text: division editors
    submit drafts, those who may publish publish what was submitted or return it with a
    comment. Subclasses name the status and comment fields, the publish permission, and
    how a record is published (`publish_reviewed`)."""

    review_status_field = "status"
    review_comment_field = "review_comment"
    review_permission = ""
    review_what = ""  # what is reviewed, for the return form's title

    def publish_reviewed(self, obj) -> None:
        raise NotImplementedError

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.review_permission)

    def _in_state(self, queryset, state: str):
        return queryset.filter(**{self.review_status_field: state})

    def submit_selected(self, request: HttpRequest, queryset) -> None:
        count = 0
        for obj in self._in_state(self.editable(request, queryset), ReviewStatus.DRAFT):
            setattr(obj, self.review_status_field, ReviewStatus.SUBMITTED)
            obj.save()
            count += 1
        self.message_user(request, _("ส่งตรวจแล้ว %(n)d รายการ") % {"n": count})

    def publish_selected(self, request: HttpRequest, queryset) -> None:
        now, later = 0, 0
        for obj in self._in_state(queryset, ReviewStatus.SUBMITTED):
            self.publish_reviewed(obj)
            obj.save()
            if self.waits_for_date(obj):
                later += 1
            else:
                now += 1
        if now or not later:
            self.message_user(request, _("เผยแพร่แล้ว %(n)d รายการ") % {"n": now})
        if later:
            self.message_user(
                request,
                _("อนุมัติแล้ว %(n)d รายการ ซึ่งจะเผยแพร่เมื่อถึงวันเวลาที่กำหนด") % {"n": later},
            )

    def waits_for_date(self, obj) -> bool:
        """Approved but waiting for its publication date (models with ReviewedTexts)."""
        reviewed = getattr(obj, "REVIEWED", None)
        return reviewed is not None and reviewed.waits(obj)

    def return_selected(self, request: HttpRequest, queryset):
        def apply(obj, comment: str) -> None:
            setattr(obj, self.review_status_field, ReviewStatus.DRAFT)
            setattr(obj, self.review_comment_field, comment)
            obj.save()

        submitted = self._in_state(queryset, ReviewStatus.SUBMITTED)
        return return_with_comment(self, request, submitted, apply, self.review_what)


def waiting_note(waits: bool, moment) -> SafeString:
    """After the text citizens see: that an approved new version waits for its date."""
    if not waits:
        return SafeString()
    return format_html(
        '<br><span class="ita-state ita-state-draft">{}</span>',
        _("ฉบับใหม่ที่อนุมัติแล้วจะเผยแพร่ %(when)s") % {"when": thai.format_datetime(moment)},
    )
