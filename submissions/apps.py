from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """What the organisation submitted to the NACC each year, kept as an unchangeable record.

    Submissions are not shown on public pages, so they are not wired to the page cache.
    """

    name = "submissions"
    verbose_name = _("การส่งข้อมูล ITA")
