from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ItaPortalConfig(AppConfig):
    default = True  # this module also holds the admin's config below
    name = "ita_portal"
    verbose_name = "ITA Portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site class; named explicitly in INSTALLED_APPS."""

    default = False
    default_site = "ita_portal.admin.PortalAdminSite"
