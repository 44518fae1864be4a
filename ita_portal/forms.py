"""Form fields shared by the back office."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import thai


class ThaiDateField(forms.DateField):
    """A date typed day first with a B.E. year (3/10/2568), as Thai staff write dates.

    C.E. years and Thai digits are accepted too; the field always shows the B.E. form.
    """

    widget = forms.TextInput(attrs={"placeholder": "วว/ดด/ปปปป เช่น 3/10/2568", "size": 14})
    default_error_messages = {
        "invalid": _("อ่านวันที่ไม่ได้: พิมพ์ วัน/เดือน/ปี พ.ศ. เช่น 3/10/2568 หรือ 3 ต.ค. 2568"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if hasattr(value, "year"):
            return value
        parsed = thai.parse_date(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed

    def prepare_value(self, value):
        if hasattr(value, "year"):
            return thai.format_numeric_date(value)
        return value


_TIME_AT_END = re.compile(r"\s*(?:เวลา\s*)?([0-9๐-๙]{1,2})[:.]([0-9๐-๙]{2})\s*(?:น\.?)?\s*$")


class ThaiDateTimeField(forms.Field):
    """A moment typed as a Thai date and an optional time: "3/10/2568 09:00" (Bangkok time).

    The date part reads as ThaiDateField does (B.E. or C.E. years, Thai digits, Thai month
    names); the time may be written 09:00 or 09.00 น.; without one the day starts at 00:00.
    """

    widget = forms.TextInput(
        attrs={"placeholder": "วว/ดด/ปปปป ชช:นน เช่น 3/10/2568 09:00", "size": 22}
    )
    default_error_messages = {
        "invalid": _(
            "อ่านวันเวลาไม่ได้: พิมพ์ วัน/เดือน/ปี พ.ศ. และเวลา เช่น 3/10/2568 09:00 "
            "หรือ 3 ต.ค. 2568 เวลา 09.00 น."
        ),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        hour = minute = 0
        match = _TIME_AT_END.search(text)
        if match:
            hour, minute = (int(thai.to_arabic_digits(part)) for part in match.groups())
            text = text[: match.start()]
        day = thai.parse_date(text)
        if day is None or hour > 23 or minute > 59:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        moment = datetime(day.year, day.month, day.day, hour, minute)
        return timezone.make_aware(moment, ZoneInfo(settings.TIME_ZONE))

    def prepare_value(self, value):
        if isinstance(value, datetime):
            local = timezone.localtime(value, ZoneInfo(settings.TIME_ZONE))
            return f"{thai.format_numeric_date(local.date())} {local:%H:%M}"
        return value
