from django.apps import AppConfig


class ItaPortalConfig(AppConfig):
    name = "ita_portal"
    verbose_name = "ITA Portal"
