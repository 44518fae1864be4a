from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("ความพร้อมและการตรวจทาน")

    def ready(self) -> None:
        from .roles import ensure_roles

        # After every migrate (when permissions exist): the role groups with their permissions.
        post_migrate.connect(ensure_roles, dispatch_uid="workflow-ensure-roles")
