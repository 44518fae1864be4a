from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส")

    def ready(self) -> None:
        from ita_portal.signals import invalidate_on_change

        invalidate_on_change(self)
