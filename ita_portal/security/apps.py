from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import apps as totp_apps


class SecurityConfig(AppConfig):
    default = True  # this module also holds the TOTP devices' config below
    name = "ita_portal.security"
    label = "security"
    verbose_name = _("ความปลอดภัย")

    def ready(self) -> None:
        from django.contrib import admin

        from .twofactor import TwoFactorAdminAuthenticationForm

        # The admin login asks for the 6-digit code, but only of staff who turned on
        # two-factor login; everyone else logs in as before.
        admin.site.login_form = TwoFactorAdminAuthenticationForm


class TwoFactorDevicesConfig(totp_apps.DefaultConfig):
    """django-otp's TOTP devices under a Thai name in the back office."""

    default = False
    verbose_name = _("การยืนยันตัวตนสองขั้นตอน")
