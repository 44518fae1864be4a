"""Link checks in the back office: read only, so staff see which links are broken."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import LinkCheck


@admin.register(LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "outcome",
        "status_code",
        "reason",
        "consecutive_failures",
        "elapsed_ms",
        "checked_at",
    ]
    list_filter = ["outcome"]
    search_fields = ["url", "final_url"]
    date_hierarchy = "checked_at"
    readonly_fields = [f.name for f in LinkCheck._meta.fields]

    # Rows are written only by `manage.py check_links`.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
