"""The recoverable evidence bin: deleted evidence waits here to be restored or purged."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ita_portal import thai

from .models import BinnedEvidence

# --- the evidence bin ------------------------------------------------------------------------


@admin.register(BinnedEvidence)
class BinnedEvidenceAdmin(admin.ModelAdmin):
    """Deleted evidence: read-only, restored or purged (deleted for good) by an action."""

    list_display = ("title", "item_label", "kind", "deleted_on", "deleted_by")
    list_select_related = ("item__year", "deleted_by")
    list_filter = (("item__year", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "body", "url", "original_filename", "item__code", "item__title_th")
    actions = ["restore"]
    view_on_site = False
    fields = (
        "item",
        "kind",
        "title",
        "document_date",
        "body",
        "url",
        "file_name",
        "status",
        "deleted_on",
        "deleted_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # evidence gets here by being deleted

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The change permission is the right to restore (an action on the list); a binned
        # evidence itself is only looked at.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("ข้อ"), ordering="item__code")
    def item_label(self, obj: BinnedEvidence) -> str:
        return gettext("%(code)s ปี %(year)s") % {"code": obj.item.code, "year": obj.item.year.year}

    @admin.display(description=_("ลบเมื่อ"), ordering="deleted_at")
    def deleted_on(self, obj: BinnedEvidence) -> str:
        return thai.format_datetime(obj.deleted_at)

    @admin.display(description=_("ไฟล์"))
    def file_name(self, obj: BinnedEvidence) -> str:
        return obj.original_filename if obj.file else "–"

    @admin.action(description=_("กู้คืนหลักฐานที่เลือก"), permissions=["change"])
    def restore(self, request: HttpRequest, queryset) -> None:
        restored = queryset.restore()
        self.message_user(request, gettext("กู้คืนหลักฐานแล้ว %(count)d รายการ") % {"count": restored})

    def get_actions(self, request: HttpRequest):
        # Django's "delete selected" (with its confirmation page, and only for those with the
        # delete permission) purges here: name it for what it does.
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            func, name, _description = actions["delete_selected"]
            actions["delete_selected"] = (func, name, _("ลบถาวร"))
        return actions

    def delete_queryset(self, request: HttpRequest, queryset) -> None:
        queryset.purge()

    def delete_model(self, request: HttpRequest, obj: BinnedEvidence) -> None:
        BinnedEvidence.objects.filter(pk=obj.pk).purge()
