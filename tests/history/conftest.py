"""People and helpers for the history and bin tests.

Personas: the coordinator (ผู้ประสานงาน ITA) edits and restores everything; the viewer
(ผู้ดูข้อมูล) reads the back office, history and bin included, and changes nothing.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import Group

from workflow.roles import COORDINATOR, VIEWER, ensure_roles


def member(factory, role: str, username: str, **names):
    ensure_roles()
    user = factory.staff(username)
    for name, value in names.items():
        setattr(user, name, value)
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def coordinator(factory):
    return member(factory, COORDINATOR, "coordinator", first_name="สมศรี", last_name="ใจดี")


@pytest.fixture
def viewer(factory):
    return member(factory, VIEWER, "viewer", first_name="มานะ", last_name="ดูอย่างเดียว")


def form_data(form: forms.BaseForm) -> dict:
    """What a browser posts back for `form` as rendered (file inputs left empty)."""
    data: dict = {}
    for bound in form:
        widget = getattr(bound.field.widget, "widget", bound.field.widget)  # admin wrappers
        value = bound.value()
        if isinstance(widget, forms.FileInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            if widget.check_test(value):
                data[bound.html_name] = "on"
        elif isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=True):
                data[bound.html_name + suffix] = sub.format_value(part) or ""
        elif getattr(widget, "allow_multiple_selected", False):
            data[bound.html_name] = [str(v) for v in widget.format_value(value)]
        else:
            formatted = widget.format_value(value)
            if isinstance(formatted, list):  # a single choice: Select gives a list
                formatted = formatted[0] if formatted else ""
            data[bound.html_name] = "" if formatted is None else formatted
    return data


def page_form_data(response) -> dict:
    """The admin page's form and inline formsets, as a browser would post them unchanged."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        data.update(form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_data(form))
    return data
