"""The review states shared by evidence, item explanations and measure results.

Work goes draft → submitted → published: a division editor writes and submits, a coordinator
publishes it or returns it to draft with a comment. Only what is published reaches the public
site and the reports.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งตรวจแล้ว")
    PUBLISHED = "published", _("เผยแพร่แล้ว")


# What a division editor may set: never "published".
EDITOR_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED)


@dataclass(frozen=True)
class ReviewedTexts:
    """Texts of a model that go through review: the public copies citizens read and the
    drafts editors write, with their status, an optional publication date and the moment
    the public copies last changed.

    A coordinator's approval copies the drafts into the public fields, at once or, with a
    publication date still to come, at that date (`publish_due`, run by the first request
    after it); until then citizens keep the previous text. Imports write the public fields
    of approved work directly, and the drafts follow them.
    """

    status: str
    publish_at: str
    published_at: str
    texts: tuple[tuple[str, str], ...]  # (public field, draft field)

    def shown(self, obj) -> tuple | None:
        """The public texts as they are on `obj`; None when one was not loaded (deferred)."""
        fields = obj.__dict__
        if any(public not in fields for public, _draft in self.texts):
            return None
        return tuple(fields[public] for public, _draft in self.texts)

    def waits(self, obj, now=None) -> bool:
        """Approved, with a publication date still to come."""
        moment = getattr(obj, self.publish_at)
        return (
            getattr(obj, self.status) == ReviewStatus.PUBLISHED
            and moment is not None
            and moment > (now or timezone.now())
        )

    def publish(self, obj) -> None:
        """The coordinator's decision: the drafts become public now, or at the date set."""
        setattr(obj, self.status, ReviewStatus.PUBLISHED)
        if not self.waits(obj):
            self._drafts_to_public(obj)

    def before_save(self, obj, save_kwargs: dict, now) -> None:
        loaded = getattr(obj, "_reviewed_loaded", ("",) * len(self.texts))
        if getattr(obj, self.status) == ReviewStatus.PUBLISHED and not self.waits(obj, now):
            if getattr(obj, self.publish_at) is not None and self.shown(obj) == loaded:
                # Approved for a date that has come: the drafts are published now.
                self._drafts_to_public(obj)
            for public, draft in self.texts:
                # The working copies are the published texts (imports write those).
                setattr(obj, draft, getattr(obj, public))
        shown = self.shown(obj)
        if loaded is not None and shown is not None and shown != loaded:
            setattr(obj, self.published_at, now if any(shown) else None)
        if save_kwargs.get("update_fields") is not None:
            save_kwargs["update_fields"] = {
                *save_kwargs["update_fields"],
                *(field for pair in self.texts for field in pair),
                self.published_at,
            }

    def after_save(self, obj, now) -> None:
        obj._reviewed_loaded = self.shown(obj)
        if self.waits(obj, now):
            from ita_portal.cache import schedule_change

            schedule_change(getattr(obj, self.publish_at))

    def remember_loaded(self, obj) -> None:
        """Called from `from_db`: what citizens saw when the object was read."""
        obj._reviewed_loaded = self.shown(obj)

    def _drafts_to_public(self, obj) -> None:
        for public, draft in self.texts:
            setattr(obj, public, getattr(obj, draft))

    # -- scheduled publication, over all rows of the model

    def _approved_unpublished(self, model):
        differs = Q()
        for public, draft in self.texts:
            differs |= ~Q(**{public: F(draft)})
        return model._default_manager.filter(
            differs,
            **{self.status: ReviewStatus.PUBLISHED, f"{self.publish_at}__isnull": False},
        )

    def publish_due(self, model, now) -> int:
        """Publish the approved drafts whose date has come (saved one by one: history)."""
        due = list(self._approved_unpublished(model).filter(**{f"{self.publish_at}__lte": now}))
        for obj in due:
            obj.save()
        return len(due)

    def next_publication(self, model):
        """The earliest publication date of approved drafts still waiting, or None."""
        return (
            self._approved_unpublished(model)
            .order_by(self.publish_at)
            .values_list(self.publish_at, flat=True)
            .first()
        )
