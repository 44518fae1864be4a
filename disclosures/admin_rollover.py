"""The back office's year rollover: /admin/disclosures/fiscalyear/<pk>/rollover/.

Three pages, as staff meet them: choose the new year and where its catalogue comes from;
read the diff of the two catalogues (and correct the match, if need be) before anything is
written; confirm, and read what was created and carried. The catalogue file read on the
first page travels to the confirmation signed (staff choose it once), and the confirmation
carries the fingerprint of the diff it confirms, so that what is written is what was shown.
"""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.apps import apps
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ita_portal import thai

from .catalog import MAX_CATALOG_BYTES, YEAR_RANGE, Catalog, CatalogError, parse_catalog
from .models import FiscalYear
from .rollover import (
    Change,
    Pair,
    RolloverPlan,
    RolloverRefused,
    carry_out,
    check_target,
    plan_rollover,
)

PERMISSIONS = ("disclosures.add_fiscalyear", "disclosures.add_evidence")
PAYLOAD_SALT = "disclosures.rollover.catalog"
PAYLOAD_MAX_AGE = 24 * 60 * 60  # a diff left open overnight is read again from a new upload


def can_roll_over(user) -> bool:
    """Creating a year and the evidence drafts carried into it."""
    return user.is_active and user.is_staff and all(user.has_perm(p) for p in PERMISSIONS)


class RolloverStartForm(forms.Form):
    CLONE, FILE = "clone", "file"

    target = forms.CharField(
        label=_("ปีงบประมาณใหม่ (พ.ศ.)"),
        max_length=4,
        widget=forms.TextInput(attrs={"size": 6, "inputmode": "numeric"}),
    )
    source = forms.ChoiceField(
        label=_("รายการข้อของปีใหม่"),
        widget=forms.RadioSelect,
        choices=[
            (CLONE, _("คัดลอกรายการข้อของปีนี้ (แก้ไขหรือนำเข้ารายการที่ถูกต้องภายหลังได้)")),
            (FILE, _("ใช้ไฟล์รายการข้อของปีใหม่ (YAML หรือ CSV แบบเดียวกับ “นำเข้ารายการข้อ”)")),
        ],
        initial=CLONE,
    )
    file = forms.FileField(
        label=_("ไฟล์รายการข้อ"),
        required=False,
        help_text=_("ไฟล์ .yaml/.yml หรือ .csv ที่มีคอลัมน์ code, title_th, indicator เป็นอย่างน้อย"),
    )

    def __init__(self, source: FiscalYear, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].initial = source.year + 1

    def clean_target(self) -> int:
        text = thai.to_arabic_digits(self.cleaned_data["target"]).strip()
        low, high = YEAR_RANGE
        if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
            raise forms.ValidationError(_("ใส่ปี พ.ศ. สี่หลัก เช่น 2570"))
        return int(text)

    def clean(self):
        data = super().clean()
        if data.get("source") == self.FILE and not data.get("file"):
            self.add_error("file", _("เลือกไฟล์รายการข้อของปีใหม่ หรือเลือก “คัดลอกรายการข้อของปีนี้”"))
        return data


class MatchForm(forms.Form):
    """The diff page's form: what was read, and, for every item of year N that is not the
    same in both catalogues, which new item receives its evidence (staff may change it)."""

    target = forms.IntegerField(widget=forms.HiddenInput)
    payload = forms.CharField(widget=forms.HiddenInput, required=False)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, plan: RolloverPlan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_targets = [p.new for p in plan.pairs if p.new and p.change != Change.SAME]
        choices = [("", _("— ไม่ยกหลักฐานไป —"))] + [
            (entry.code, f"{entry.code} {entry.title}"[:90]) for entry in open_targets
        ]
        self.match_fields: dict[str, str] = {}  # old code → field name
        for pair in plan.pairs:
            if pair.old is None or pair.change == Change.SAME:
                continue
            name = f"match-{pair.old.code}"
            self.fields[name] = forms.ChoiceField(
                label=_("ยกหลักฐานของข้อ %(code)s ไปที่") % {"code": pair.old.code},
                choices=choices,
                required=False,
                initial=pair.new.code if pair.new else "",
            )
            self.match_fields[pair.old.code] = name

    def overrides(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(name) or "" for code, name in self.match_fields.items()}

    def field_for(self, pair: Pair):
        """The choice for a pair's old item, if staff may change where it goes."""
        name = self.match_fields.get(pair.old.code) if pair.old else None
        return self[name] if name else None


def encode_catalog(data: bytes, filename: str) -> str:
    """The uploaded file, signed, to travel in the diff page's form."""
    payload = {"name": filename, "data": base64.b64encode(data).decode("ascii")}
    return signing.dumps(payload, salt=PAYLOAD_SALT, compress=True)


def decode_catalog(payload: str) -> tuple[Catalog, str]:
    """The catalogue and file name back from a payload; CatalogError when it is spoiled."""
    try:
        value = signing.loads(payload, salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
        data = base64.b64decode(value["data"], validate=True)
        filename = str(value["name"])
    except (signing.BadSignature, binascii.Error, KeyError, TypeError, ValueError) as exc:
        raise CatalogError(["ข้อมูลไฟล์ที่อ่านไว้หมดอายุหรือไม่สมบูรณ์ กรุณาเลือกไฟล์รายการข้ออีกครั้ง"]) from exc
    return parse_catalog(data, filename), filename


def rollover_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """Create the year after this one from its catalogue or a file, then carry its work."""
    if not can_roll_over(request.user):
        raise PermissionDenied
    source = get_object_or_404(FiscalYear, pk=pk)
    page = _Page(model_admin, request, source)
    step = request.POST.get("step") if request.method == "POST" else None
    if step in ("preview", "confirm"):
        return _diff_step(page, step)

    form = RolloverStartForm(source, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        catalog, filename, payload = None, "", ""
        try:
            if form.cleaned_data["source"] == form.FILE:
                upload = form.cleaned_data["file"]
                data = upload.read(MAX_CATALOG_BYTES + 1)
                filename = upload.name
                catalog = parse_catalog(data, filename)
                payload = encode_catalog(data, filename)
            plan = plan_rollover(source, form.cleaned_data["target"], catalog, filename)
        except (CatalogError, RolloverRefused) as exc:
            return page.start(form, exc.problems)
        match = MatchForm(plan, initial=_hidden(plan, payload))
        return page.diff(plan, match)
    if request.method == "GET":
        try:
            check_target(source, source.year + 1)
        except RolloverRefused as exc:
            return page.start(form, notices=exc.problems)
    return page.start(form)


def _hidden(plan: RolloverPlan, payload: str) -> dict:
    return {"target": plan.target_year, "payload": payload, "fingerprint": plan.fingerprint()}


def _diff_step(page: _Page, step: str) -> HttpResponse:
    """The diff page posted back: recompute with staff's choices, or confirm and write."""
    request, source = page.request, page.source
    try:
        target = int(request.POST.get("target", ""))
        payload = request.POST.get("payload", "")
        catalog, filename = decode_catalog(payload) if payload else (None, "")
        automatic = plan_rollover(source, target, catalog, filename)
    except (ValueError, CatalogError, RolloverRefused) as exc:
        problems = getattr(exc, "problems", None) or ["ข้อมูลที่ส่งมาไม่ครบ กรุณาเริ่มใหม่"]
        return page.start(RolloverStartForm(source), problems)
    match = MatchForm(automatic, request.POST)
    if not match.is_valid():  # a choice that is not offered: show the automatic match again
        notice = _("ข้อที่เลือกบางข้อไม่มีในรายการข้อใหม่ จึงแสดงการจับคู่อัตโนมัติ กรุณาเลือกอีกครั้ง")
        fresh = MatchForm(automatic, initial=_hidden(automatic, payload))
        return page.diff(automatic, fresh, notice=notice)
    plan = plan_rollover(source, target, catalog, filename, overrides=match.overrides())
    fresh = MatchForm(plan, initial=_hidden(plan, payload))
    if step == "preview":
        return page.diff(plan, fresh)
    if plan.fingerprint() != match.cleaned_data["fingerprint"]:
        notice = _(
            "การจับคู่หรือข้อมูลของปีเดิมต่างไปจากที่แสดงไว้ก่อนหน้า ยังไม่ได้สร้างปีใหม่ "
            "กรุณาตรวจสอบความแตกต่างด้านล่างอีกครั้ง แล้วกดยืนยัน"
        )
        return page.diff(plan, fresh, notice=notice)
    try:
        result = carry_out(plan)
    except RolloverRefused as exc:
        return page.diff(plan, fresh, problems=exc.problems)
    page.model_admin.message_user(
        request,
        _("สร้าง%(year)s เป็นปีที่กำลังจัดเตรียมแล้ว") % {"year": result.year},
        messages.SUCCESS,
    )
    return page.result(result)


class _Page:
    """The three pages' templates and shared context."""

    def __init__(self, model_admin, request: HttpRequest, source: FiscalYear):
        self.model_admin, self.request, self.source = model_admin, request, source

    def _render(self, template: str, title: str, **context) -> TemplateResponse:
        context = {
            **self.model_admin.admin_site.each_context(self.request),
            "opts": self.model_admin.model._meta,
            "original": self.source,
            "source": self.source,
            "title": title,
            **context,
        }
        return TemplateResponse(self.request, f"admin/disclosures/{template}", context)

    def start(self, form, problems=None, notices=None) -> TemplateResponse:
        return self._render(
            "rollover_start.html",
            _("สร้างปีงบประมาณถัดไปจาก%(year)s") % {"year": self.source},
            form=form,
            problems=problems,
            notices=notices,
        )

    def diff(self, plan: RolloverPlan, match: MatchForm, problems=None, notice=None):
        problems = [*(problems or []), *plan.problems]
        sections = [
            (Change.RENAMED, plan.renamed),
            (Change.RENUMBERED, plan.renumbered),
            (Change.ADDED, plan.added),
            (Change.REMOVED, plan.removed),
        ]
        return self._render(
            "rollover_diff.html",
            _("ตรวจสอบก่อนสร้างปีงบประมาณ พ.ศ. %(target)s") % {"target": plan.target_year},
            plan=plan,
            match=match,
            rows={change: [(p, match.field_for(p)) for p in pairs] for change, pairs in sections},
            labels=Change.LABELS,
            problems=problems,
            notice=notice,
        )

    def result(self, result) -> TemplateResponse:
        copy_measures = (
            apps.is_installed("measures")
            and self.request.user.has_perm("measures.add_measure")
            and self.model_admin.has_view_or_change_permission(self.request)  # the action's page
            and result.year.year == self.source.year + 1  # the action copies from N-1
            and self.source.measures.exists()
        )
        return self._render(
            "rollover_result.html",
            _("สร้าง%(year)s แล้ว") % {"year": result.year},
            result=result,
            plan=result.plan,
            year=result.year,
            copy_measures=copy_measures,
        )
