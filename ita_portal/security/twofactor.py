"""Optional two-factor login for staff (django-otp, TOTP).

A staff member turns it on for themselves on their own page (``two_factor_page``): the
portal makes a secret, shows it as a QR code for an authenticator app (Google
Authenticator, Microsoft Authenticator, …), and switches it on once the member types a
code the app shows, which proves the app has the secret. From then on the admin login asks
that member for the 6-digit code; members who never turned it on log in as before.

Wrong codes count as failed logins for the lockout (django-axes), so a known password
does not let anyone try codes without limit.
"""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from ita_portal.thai import to_arabic_digits

DEVICE_NAME = "แอปยืนยันตัวตน"
PAGE_URL_NAME = "security_two_factor"

MSG_TOKEN_REQUIRED = _("บัญชีนี้เปิดการยืนยันตัวตนสองขั้นตอนไว้ กรุณากรอกรหัส 6 หลักจากแอปยืนยันตัวตน")
MSG_TOKEN_INVALID = _("รหัสยืนยันตัวตนไม่ถูกต้องหรือหมดอายุแล้ว กรุณากรอกรหัสล่าสุดจากแอป")
MSG_TURNED_ON = _("เปิดการยืนยันตัวตนสองขั้นตอนแล้ว ครั้งต่อไปที่เข้าสู่ระบบจะต้องกรอกรหัสจากแอป")
MSG_THROTTLED = _("กรอกรหัสยืนยันตัวตนผิดหลายครั้ง กรุณารอสักครู่แล้วลองใหม่")


def clean_token(value: str) -> str:
    """The code as typed, spaces removed and Thai digits read as Arabic ones."""
    return to_arabic_digits("".join((value or "").split()))


def confirmed_devices(user) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"))


def verify(devices: list[TOTPDevice], token: str) -> TOTPDevice | None:
    """The device that accepts this code, or None. A device that refused too many codes
    lately refuses every code for a while (django-otp's throttling): ValidationError."""
    throttled = False
    for device in devices:
        with transaction.atomic():
            allowed, _detail = device.verify_is_allowed()
            if not allowed:
                throttled = True
                continue
            if device.verify_token(token):
                return device
    if throttled:
        raise ValidationError(MSG_THROTTLED, code="throttled")
    return None


class TokenField(forms.CharField):
    """A 6-digit code box that phones open with the number pad."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("รหัสยืนยันตัวตน 6 หลัก"))
        kwargs.setdefault("max_length", 20)
        attrs = {"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        super().__init__(widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value):
        return clean_token(super().clean(value))


class TwoFactorAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login; the code is checked only for members who turned two-factor on."""

    otp_token = TokenField(
        required=False,
        help_text=_("เฉพาะผู้ที่เปิดการยืนยันตัวตนสองขั้นตอน: รหัสที่แอปยืนยันตัวตนแสดงอยู่ขณะนี้"),
    )

    def clean(self):
        cleaned = super().clean()  # password, active, staff; the lockout runs in here
        user = self.get_user()
        devices = confirmed_devices(user) if user is not None else []
        if devices:
            self._check_second_factor(user, devices, cleaned.get("otp_token", ""))
        return cleaned

    def _check_second_factor(self, user, devices: list[TOTPDevice], token: str) -> None:
        if not token:
            raise ValidationError(MSG_TOKEN_REQUIRED, code="token_required")
        try:
            device = verify(devices, token)
        except ValidationError:
            self._count_failure(user)
            raise
        if device is None:
            self._count_failure(user)
            raise ValidationError(MSG_TOKEN_INVALID, code="invalid_token")
        # django-otp records the device in the session when the login completes.
        user.otp_device = device

    def _count_failure(self, user) -> None:
        """A wrong code is a failed login for the lockout, like a wrong password."""
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username()},
            request=self.request,
        )


# --- the member's own page --------------------------------------------------------------------


class ConfirmForm(forms.Form):
    otp_token = TokenField()


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (CSP allows data:
    images; the secret never leaves the page in a URL of its own)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=4)


def readable_key(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def two_factor_page(request: HttpRequest, admin_context: dict) -> HttpResponse:
    """Turn two-factor login on or off for the logged-in member, and only for them."""
    user = request.user
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = ConfirmForm(request.POST if action in ("confirm", "disable") else None)
    if action == "start":
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        return HttpResponseRedirect(request.path)
    if action == "cancel":
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return HttpResponseRedirect(request.path)
    if action == "confirm" and form.is_valid():
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if pending is not None and _accepts(form, [pending]):
            _switch_on(user, pending)
            messages.success(request, MSG_TURNED_ON)
            return HttpResponseRedirect(request.path)
    if action == "disable" and form.is_valid() and _accepts(form, confirmed_devices(user)):
        TOTPDevice.objects.filter(user=user).delete()
        messages.success(request, _("ปิดการยืนยันตัวตนสองขั้นตอนแล้ว"))
        return HttpResponseRedirect(request.path)

    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    context = {
        **admin_context,
        "title": _("การยืนยันตัวตนสองขั้นตอน"),
        "enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "pending": pending,
        "qr": qr_data_uri(pending) if pending else "",
        "key": readable_key(pending) if pending else "",
        "form": form,
        "page_url": reverse(f"admin:{PAGE_URL_NAME}"),
    }
    return TemplateResponse(request, "security/two_factor.html", context)


def _accepts(form: ConfirmForm, devices: list[TOTPDevice]) -> bool:
    """Whether one of these devices takes the form's code; the reason goes on the form."""
    try:
        device = verify(devices, form.cleaned_data["otp_token"])
    except ValidationError as error:
        form.add_error("otp_token", error)
        return False
    if device is None:
        form.add_error("otp_token", MSG_TOKEN_INVALID)
        return False
    return True


def _switch_on(user, device: TOTPDevice) -> None:
    """One confirmed device per member: the new one replaces any earlier phone."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
