"""Invalidate cached public pages whenever a model that they show changes."""

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def _changed(sender, **kwargs) -> None:
    from .cache import invalidate

    if kwargs.get("raw"):  # loaddata: the cache is irrelevant
        return
    invalidate()


def invalidate_on_change(app: AppConfig) -> None:
    """Connect every model of an app to the page-cache invalidation."""
    for model in app.get_models():
        uid = f"ita-cache-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid + "-save", weak=False)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-delete", weak=False)
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(
                _changed, sender=m2m.remote_field.through, dispatch_uid=uid + m2m.name, weak=False
            )
