from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "procurement"
    verbose_name = _("การจัดซื้อจัดจ้าง")

    def ready(self) -> None:
        from ita_portal.signals import invalidate_on_change

        invalidate_on_change(self)
