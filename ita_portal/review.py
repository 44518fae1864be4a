"""The review states shared by evidence, item explanations and measure results.

Work goes draft → submitted → published: a division editor writes and submits, a coordinator
publishes it or returns it to draft with a comment. Only what is published reaches the public
site and the reports.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งตรวจแล้ว")
    PUBLISHED = "published", _("เผยแพร่แล้ว")


# What a division editor may set: never "published".
EDITOR_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED)
