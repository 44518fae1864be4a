"""History in the back office (django-simple-history).

`HistoryAdmin` is the base of every admin whose model keeps a history: it lists each
version's changes as staff read them and lets only those who may change a record revert it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay
from simple_history.utils import get_history_model_for_model

from ita_portal import thai

# --- history ---------------------------------------------------------------------------------


def display_value(field: models.Field, value: object) -> str:
    """A field's value as the back office shows it: choice labels, B.E. dates, ใช่/ไม่ใช่."""
    if value is None or value == "" or (isinstance(value, FieldFile) and not value):
        return "–"
    if isinstance(value, DeletedObject):  # a link that was empty, or to a deleted record
        if value.pk is None:
            return "–"
        return gettext("(ถูกลบแล้ว: %(model)s %(pk)s)") % {
            "model": value.model._meta.verbose_name,
            "pk": value.pk,
        }
    if hasattr(value, "get_full_name"):  # a person: as colleagues call them
        return value.get_full_name() or value.get_username()
    if isinstance(value, bool):
        return gettext("ใช่") if value else gettext("ไม่ใช่")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return thai.format_datetime(value)
    if isinstance(value, date):
        return thai.format_date(value, "short")
    if isinstance(value, Decimal):
        return thai.format_number(value, max(0, -value.as_tuple().exponent))
    if isinstance(value, FieldFile):
        return value.name
    return str(value)


class ShortenedText(ObjDiffDisplay):
    """Long texts (explanations, results) cut around where they differ, in Thai."""

    def __init__(self, max_length: int):
        super().__init__(max_length=max_length, placeholder_len=24)

    def shortened_str(self, prefix: str, num_skipped_chars: int, suffix: str) -> str:
        skipped = gettext("…(ละไว้ %(count)s ตัวอักษร)…") % {"count": f"{num_skipped_chars:,}"}
        return f"{prefix}{skipped}{suffix}"


class ThaiChangeHelper(HistoricalRecordContextHelper):
    """The "field: old → new" lines of a version, with values in the back office's words.

    Texts up to 400 characters (an explanation, a result) are shown whole; longer ones are
    cut around where they differ.
    """

    def __init__(self, model, historical_record):
        super().__init__(model, historical_record, max_displayed_delta_change_chars=400)

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            return super().prepare_delta_change_value(change, value)
        return display_value(field, value)

    def get_obj_diff_display(self) -> ObjDiffDisplay:
        return ShortenedText(self.max_displayed_delta_change_chars)


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of a model with history: who changed what from what to what, and revert.

    simple-history 3.10 saves a POSTed revert form after checking only that the user may
    *view* the record; here reverting needs the change permission on the record as it is now
    and on the version brought back (so division rules apply to both).
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied  # before looking anything up: no hint of what exists
        version = self._version_or_404(object_id, version_id)
        if request.method == "POST" and not self.may_revert(request, object_id, version):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _version_or_404(self, object_id: str, version_id: str):
        history_model = get_history_model_for_model(self.model)
        pk_name = self.model._meta.pk.attname
        try:
            return history_model.objects.get(
                **{pk_name: unquote(object_id), "history_id": version_id}
            )
        except (history_model.DoesNotExist, ValueError, ValidationError) as exc:
            raise Http404(gettext("ไม่พบฉบับนี้ในประวัติ")) from exc

    def may_revert(self, request: HttpRequest, object_id: str, version) -> bool:
        current = self.get_object(request, unquote(object_id))
        return all(
            self.has_change_history_permission(request, obj)
            for obj in (current, version.instance)
            if obj is not None
        )

    def get_historical_record_context_helper(self, request, historical_record):
        return ThaiChangeHelper(self.model, historical_record)

    def history_view_title(self, request, obj) -> str:
        return gettext("ประวัติการแก้ไข: %(object)s") % {"object": obj}

    def history_form_view_title(self, request, obj) -> str:
        if self.revert_disabled(request, obj):
            return gettext("ฉบับก่อนหน้าของ %(object)s") % {"object": obj}
        return gettext("กู้คืนฉบับก่อนหน้าของ %(object)s") % {"object": obj}
