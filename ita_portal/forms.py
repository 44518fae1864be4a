"""Form fields shared by the back office."""

from django import forms
from django.core.exceptions import ValidationError
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
