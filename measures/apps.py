from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("ผลการประเมินและมาตรการส่งเสริมคุณธรรม")

    def ready(self) -> None:
        from disclosures.models import FiscalYear
        from ita_portal.signals import invalidate_on_change

        invalidate_on_change(self)
        post_save.connect(_seed_rules, sender=FiscalYear, dispatch_uid="measures-seed-rules")


def _seed_rules(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every new fiscal year starts with the reference bands and ratings."""
    if created and not raw:
        from .scoring import ensure_rules

        ensure_rules(instance)
