from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "รายงาน PDF"

    def ready(self) -> None:
        from . import checks, textlayer  # noqa: F401 - checks register themselves

        textlayer.install()
