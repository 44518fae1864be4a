from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "disclosures"
    verbose_name = _("การเปิดเผยข้อมูล (OIT)")

    def ready(self) -> None:
        from ita_portal.signals import invalidate_on_change

        invalidate_on_change(self)
