"""The two-factor devices in the back office.

Every staff member reaches their own two-factor page from here (``…/totpdevice/mine/``,
linked from the password change page); it needs a login, no permission, and only ever
touches the requester's own device. The device list itself is for those given its
permissions (superusers): to see who has two-factor login on and to remove the device of
someone who lost their phone. Secrets are never shown there and devices are never added
there: a secret is seen only by its owner, on their own page.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .twofactor import PAGE_URL_NAME, two_factor_page

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)  # the stock admin: English, and shows secrets


@admin.register(TOTPDevice)
class TwoFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ("member", "device_name", "is_on", "added", "last_used")
    list_filter = ("confirmed",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("member", "device_name", "is_on", "added", "last_used")
    readonly_fields = fields
    list_select_related = ("user",)

    @admin.display(description=_("ผู้ใช้"), ordering="user__username")
    def member(self, device: TOTPDevice) -> str:
        return device.user.get_username()

    @admin.display(description=_("อุปกรณ์"))
    def device_name(self, device: TOTPDevice) -> str:
        return device.name

    @admin.display(description=_("เปิดใช้แล้ว"), boolean=True, ordering="confirmed")
    def is_on(self, device: TOTPDevice) -> bool:
        return device.confirmed

    @admin.display(description=_("เพิ่มเมื่อ"), ordering="created_at")
    def added(self, device: TOTPDevice):
        return device.created_at

    @admin.display(description=_("ใช้ล่าสุด"), ordering="last_used_at")
    def last_used(self, device: TOTPDevice):
        return device.last_used_at

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        page = self.admin_site.admin_view(self.own_page)
        return [path("mine/", page, name=PAGE_URL_NAME), *super().get_urls()]

    def own_page(self, request: HttpRequest):
        return two_factor_page(request, self.admin_site.each_context(request))
