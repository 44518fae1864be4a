"""The back office for ITA results, the analysis and the integrity measures."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.db.models import Count, Prefetch, UniqueConstraint
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from disclosures.admin import StoredFileInput, staff_choices
from disclosures.models import FiscalYear, Indicator, Instrument, Item
from ita_portal import thai
from ita_portal.forms import ThaiDateField, ThaiDateTimeField
from ita_portal.review import ReviewStatus
from workflow import roles
from workflow.admin_mixins import (
    DivisionScopedAdmin,
    OwnershipDisplay,
    ReviewActions,
    limit_status_choices,
    require_return_comment,
    waiting_note,
)
from workflow.history_admin import HistoryAdmin

from . import scoring
from .division_sheet import DivisionSheetAdminMixin
from .models import (
    Analysis,
    Division,
    FiscalYearRules,
    IndicatorScore,
    InstrumentScore,
    Measure,
    Method,
    MethodAttachment,
    Programme,
    ProgressUpdate,
    RatingRule,
    ScoreBand,
    YearResult,
)
from .resources import MeasureSheetAdminMixin

# --- results -------------------------------------------------------------------------------


class ConstraintMessageFormSet(BaseInlineFormSet):
    """Names a duplicate between two rows with the model constraint's own Thai message
    ("ระดับนี้มีอยู่แล้วในปีนี้"), not Django's "duplicate data in letter"."""

    def get_unique_error_message(self, unique_check) -> str:
        fields = {*unique_check, self.fk.name}
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, UniqueConstraint)
                and set(constraint.fields) == fields
                and constraint.violation_error_message != constraint.default_violation_error_message
            ):
                return str(constraint.violation_error_message)
        return super().get_unique_error_message(unique_check)


class ScoreBandInline(admin.TabularInline):
    model = ScoreBand
    formset = ConstraintMessageFormSet
    extra = 0
    fields = ("letter", "min_score")


class RatingRuleInline(admin.TabularInline):
    model = RatingRule
    formset = ConstraintMessageFormSet
    extra = 0
    fields = ("name", "min_total", "min_each_instrument", "passes")


def score_targets(year: FiscalYear) -> list[tuple[str, Indicator | Instrument]]:
    """The score fields of a year's result form, as (field name, what it scores): each
    instrument's indicators, then the instrument's own official figure. Two queries."""
    instruments = year.instruments.select_related("score").prefetch_related(
        Prefetch(
            "indicators", queryset=Indicator.objects.select_related("score").order_by("number")
        )
    )
    targets: list[tuple[str, Indicator | Instrument]] = []
    for instrument in instruments:
        targets.extend((f"indicator_{i.number}", i) for i in instrument.indicators.all())
        targets.append((f"instrument_{instrument.code}", instrument))
    return targets


class YearResultForm(forms.ModelForm):
    """The official result with one field per indicator (and instrument) of the year.

    The score fields exist once the result is saved (they belong to its year); they are
    written with the result, and only when every field of the form is valid.
    """

    class Meta:
        model = YearResult
        fields = (
            "year",
            "official_total",
            "official_band",
            "official_rating",
            "announced_on",
            "note",
        )
        field_classes = {"announced_on": ThaiDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.score_fields: list[tuple[str, Indicator | Instrument]] = []
        if not self.instance.pk:
            return
        if "year" in self.fields:
            self.fields["year"].disabled = True
        for name, target in score_targets(self.instance.year):
            if isinstance(target, Indicator):
                label = f"{target.instrument.code} · {target}"
            else:
                label = _("คะแนน %(code)s ตามประกาศ (ถ้ามี)") % {"code": target.code}
            self.fields[name] = _score_input(label, _score_of(target))
            self.score_fields.append((name, target))

    def _save_m2m(self) -> None:
        # Run by save() and by the admin's save_related(), after the result itself is saved.
        super()._save_m2m()
        self.save_scores()

    def save_scores(self) -> None:
        """Write the entered scores; an emptied field removes its score."""
        for name, target in self.score_fields:
            value = self.cleaned_data.get(name)
            if isinstance(target, Indicator):
                model, key = IndicatorScore, "indicator"
            else:
                model, key = InstrumentScore, "instrument"
            current = _score_of(target)
            if value == current:
                continue  # unchanged: no write, and no history version that says nothing
            if value is None:
                for score in model.objects.filter(**{key: target}):
                    score.delete()  # one by one: the history records each deletion
            else:
                model.objects.update_or_create(**{key: target}, defaults={"score": value})


def _score_input(label: str, initial) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        initial=initial,
        min_value=0,
        max_value=100,
        decimal_places=2,  # no max_digits: the range already bounds them, with one message
        error_messages={
            "min_value": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
            "max_value": _("คะแนนต้องอยู่ระหว่าง 0 ถึง 100"),
            "invalid": _("ใส่คะแนนเป็นตัวเลข เช่น 92.50"),
            "max_decimal_places": _("ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        },
    )


def _score_of(target: Indicator | Instrument):
    try:
        return target.score.score
    except ObjectDoesNotExist:
        return None


class YearResultChangeList(ChangeList):
    """Scores the years of the page in one pass (a fixed number of queries), not per row."""

    def get_results(self, request) -> None:
        super().get_results(request)
        years = FiscalYear.objects.filter(pk__in=[result.year_id for result in self.result_list])
        by_year = {scores.year.pk: scores for scores in scoring.years_with_scores(years)}
        for result in self.result_list:
            result.scores = by_year.get(result.year_id)


@admin.register(YearResult)
class YearResultAdmin(HistoryAdmin):
    """A year's result: the official figures, then a score field per indicator of its year."""

    form = YearResultForm
    list_display = ("year", "official_total", "official_band", "official_rating", "computed")
    list_select_related = ("year",)
    readonly_fields = ("computed_summary",)

    def history_view(self, request, object_id, extra_context=None):
        result = self.get_object(request, object_id)
        if result is not None:
            extra_context = {**(extra_context or {}), "score_changes": score_changes(result.year)}
        return super().history_view(request, object_id, extra_context)

    def get_changelist(self, request, **kwargs):
        return YearResultChangeList

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("year", ("official_total", "official_band", "official_rating"))}),
            (None, {"fields": ("announced_on", "note")}),
        ]
        if obj is None:  # the year is not chosen yet: its scores come after the first save
            return fieldsets
        if self.has_change_permission(request, obj):
            fieldsets.append(
                (
                    _("คะแนนตามประกาศ รายตัวชี้วัดและรายเครื่องมือ"),
                    {"fields": [name for name, _target in score_targets(obj.year)]},
                )
            )
        fieldsets.append(
            (_("ที่คำนวณจากคะแนนรายตัวชี้วัดและเกณฑ์ของปี"), {"fields": ("computed_summary",)})
        )
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The factory gets the model's own fields only: the form adds the score fields itself
        # (a name like "indicator_7" is not a field of YearResult).
        fields = kwargs.get("fields") or YearResultForm.Meta.fields
        kwargs["fields"] = [name for name in fields if name in YearResultForm.Meta.fields]
        return super().get_form(request, obj, change, **kwargs)

    def response_add(self, request: HttpRequest, obj: YearResult, post_url_continue=None):
        """After the year is chosen, go on to its score fields (unless adding another)."""
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            _("บันทึก %(result)s แล้ว ใส่คะแนนรายตัวชี้วัดได้ด้านล่าง") % {"result": obj},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:measures_yearresult_change", args=[obj.pk]))

    @admin.display(description=_("คำนวณได้"))
    def computed(self, obj: YearResult) -> str:
        scores = getattr(obj, "scores", None) or scoring.year_scores(obj.year)
        if scores.computed_total is None:
            return "-"
        return f"{scores.computed_total} {scores.band} {scores.rating}".strip()

    @admin.display(description=_("สรุปผล"))
    def computed_summary(self, obj: YearResult) -> str:
        if not obj.pk:
            return _("บันทึกก่อน แล้วใส่คะแนนรายตัวชี้วัด")
        scores = scoring.year_scores(obj.year)
        rows = format_html_join(
            "",
            "<li>{} {}: {} ({})</li>",
            (
                (
                    line.instrument.code,
                    line.instrument.name_th,
                    _dash(line.computed),
                    ", ".join(f"{i.indicator.number}: {_dash(i.score)}" for i in line.indicators),
                )
                for line in scores.instruments
            ),
        )
        warnings = format_html_join(
            "", '<li class="errornote">{}</li>', ((w,) for w in scores.warnings)
        )
        return format_html(
            "<ul>{}<li><strong>{}: {} {} {}</strong></li>{}</ul>",
            rows,
            _("คะแนนรวม"),
            _dash(scores.computed_total),
            scores.band,
            scores.rating,
            warnings,
        )

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # writes the scores
        for warning in scoring.year_scores(form.instance.year).warnings:
            self.message_user(request, warning, messages.WARNING)


def _dash(value) -> str:
    return "-" if value is None else str(value)


def score_changes(year: FiscalYear) -> list[dict]:
    """Every change to the year's indicator and instrument scores, newest first (a fixed
    number of queries), with old and new values and a link to the score's own history."""
    rows = []
    sources = (
        (IndicatorScore, "indicator", Indicator.objects.filter(year=year)),
        (InstrumentScore, "instrument", Instrument.objects.filter(year=year)),
    )
    for model, key, targets in sources:
        names = {target.pk: str(target) for target in targets}
        records = (
            model.history.filter(**{f"{key}_id__in": list(names)})
            .select_related("history_user")
            .order_by(f"{key}_id", "history_date", "history_id")
        )
        existing = set(
            model.objects.filter(**{f"{key}_id__in": list(names)}).values_list("pk", flat=True)
        )
        previous: dict[int, object] = {}
        for record in records:
            target_id = getattr(record, f"{key}_id")
            old = previous.get(target_id)
            new = None if record.history_type == "-" else record.score
            previous[target_id] = new
            rows.append(
                {
                    "date": record.history_date,
                    "when": thai.format_datetime(record.history_date),
                    "who": owner_label(record.history_user),
                    "target": names[target_id],
                    "old": "–" if old is None else thai.format_number(old, 2),
                    "new": "–" if new is None else thai.format_number(new, 2),
                    "history_url": reverse(
                        f"admin:measures_{model._meta.model_name}_history", args=[record.id]
                    )
                    if record.id in existing
                    else "",
                }
            )
    return sorted(rows, key=lambda row: row["date"], reverse=True)


def owner_label(user) -> str:
    if user is None:
        return _("ระบบ")
    return user.get_full_name() or user.get_username()


class ScoreHistoryAdmin(HistoryAdmin):
    """A score's own pages, for its history and revert: scores are entered on the year's
    result (ผลการประเมิน ITA ประจำปี), so these pages are not listed in the index."""

    fields = ("score",)
    list_display = ("__str__", "score")

    def get_model_perms(self, request) -> dict:
        return {}  # not in the index or the side menu

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(ScoreHistoryAdmin):
    list_select_related = ("indicator__year",)


@admin.register(InstrumentScore)
class InstrumentScoreAdmin(ScoreHistoryAdmin):
    list_select_related = ("instrument__year",)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("year", "measures_item", "report_item", "measure_count")
    list_select_related = ("year", "measures_item", "report_item")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_measures=Count("year__measures"))

    @admin.display(description=_("จำนวนมาตรการ"))
    def measure_count(self, obj: Programme) -> int:
        return obj._measures

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("measures_item", "report_item"):
            # Every year has its own O1, O2, ...: name the year beside the code.
            field.queryset = Item.objects.select_related("year").order_by(
                "-year__year", "order", "code"
            )
            field.label_from_instance = lambda item: f"{item.year.year} · {item}"
        return field


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ("year", "indicator", "status")
    list_filter = ("year", "status")
    list_select_related = ("year", "indicator__year")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "indicator":
            field.queryset = Indicator.objects.select_related("year")
            field.label_from_instance = lambda i: f"{i.year.year} · {i}"
        return field


# --- divisions, measures, methods ------------------------------------------------------------


@admin.register(Division)
class DivisionAdmin(DivisionSheetAdminMixin, admin.ModelAdmin):
    list_display = ("name", "is_everyone", "order", "member_count")
    list_editable = ("order",)
    search_fields = ("name",)
    filter_horizontal = ("members",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_members=Count("members", distinct=True))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "members":
            staff_choices(field)
        return field

    @admin.display(description=_("จำนวนเจ้าหน้าที่"), ordering="_members")
    def member_count(self, obj: Division) -> int:
        return obj._members


class MethodInline(admin.StackedInline):
    model = Method
    extra = 0
    show_change_link = True
    autocomplete_fields = ("units",)
    fieldsets = (
        (None, {"fields": (("order", "status"), "text", "units", "responsible_text")}),
        (_("เจ้าของงาน"), {"fields": (("owner_division", "owner", "due_date"),)}),
        (
            _("ระยะเวลาดำเนินการ"),
            {"fields": ("period_text", ("start_month", "start_year"), ("end_month", "end_year"))},
        ),
        (None, {"fields": ("result", "recommendation")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "owner":
            staff_choices(field)
        return field


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ("year", "number", "title", "indicators", "items", "is_published")

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year is None:
            return cleaned
        for name in ("indicators", "items"):
            others = [str(obj) for obj in cleaned.get(name) or () if obj.year_id != year.pk]
            if others:
                self.add_error(
                    name,
                    _("ต้องเป็นของปีงบประมาณ %(year)s เหมือนมาตรการ: %(others)s")
                    % {"year": year.year, "others": ", ".join(others)},
                )
        return cleaned


@admin.register(Measure)
class MeasureAdmin(MeasureSheetAdminMixin, HistoryAdmin):
    # Import and export of the year's six-column table: measures/resources.py.
    form = MeasureForm
    list_display = ("number", "short_title", "year", "method_count", "is_published")
    list_display_links = ("number", "short_title")
    list_filter = ("year", "is_published")
    actions = ["publish", "unpublish"]
    search_fields = ("title", "methods__text")
    filter_horizontal = ("indicators", "items")
    inlines = [MethodInline]
    ordering = ("-year__year", "number")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("year")
            .annotate(_methods=Count("methods", distinct=True))
        )

    @admin.action(description=_("เผยแพร่มาตรการที่เลือก"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset) -> None:
        changed = self._set_published(queryset, True)
        self.message_user(request, _("เผยแพร่แล้ว %(n)d มาตรการ") % {"n": changed})

    @admin.action(description=_("เปลี่ยนเป็นฉบับร่าง (ไม่เผยแพร่)"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset) -> None:
        changed = self._set_published(queryset, False)
        self.message_user(request, _("เปลี่ยนเป็นฉบับร่างแล้ว %(n)d มาตรการ") % {"n": changed})

    @staticmethod
    def _set_published(queryset, value: bool) -> int:
        """Saved one by one, so that the history records each (and the cache is cleared)."""
        changed = 0
        for measure in queryset.filter(is_published=not value):
            measure.is_published = value
            measure.save(update_fields=["is_published", "updated_at"])
            changed += 1
        return changed

    @admin.display(description=_("มาตรการ/แนวทาง"))
    def short_title(self, obj: Measure) -> str:
        return obj.title[:120]

    @admin.display(description=_("จำนวนวิธีการ"), ordering="_methods")
    def method_count(self, obj: Measure) -> int:
        return obj._methods

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:  # targets come from the measure's own year
            if "indicators" in form.base_fields:
                form.base_fields["indicators"].queryset = obj.year.indicators.all()
            if "items" in form.base_fields:
                form.base_fields["items"].queryset = obj.year.items.all()
        return form


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = MethodAttachment
        fields = ("order", "title", "url", "file")

    def _post_clean(self) -> None:
        # MethodAttachment.clean() and the constraint it mirrors refuse the same thing with
        # the same words: say it once.
        super()._post_clean()
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if errors:
            unique = list(dict.fromkeys(errors))
            self._errors[NON_FIELD_ERRORS] = self.error_class(unique, error_class="nonfield")


class ParentMethodScoped:
    """Inlines of a method: changed only by those who may change the method."""

    def _parent_editable(self, request, obj) -> bool:
        return obj is None or roles.may_edit_division(request.user, obj.owner_division_id)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


class AttachmentInline(ParentMethodScoped, admin.TabularInline):
    model = MethodAttachment
    form = AttachmentForm
    extra = 0
    fields = ("order", "title", "url", "file")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = StoredFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ProgressUpdateForm(forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ("date", "text", "url", "is_public")
        field_classes = {"date": ThaiDateField}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ProgressUpdateInline(ParentMethodScoped, admin.StackedInline):
    model = ProgressUpdate
    form = ProgressUpdateForm
    extra = 0


# What a division editor reads but does not change on a method: the plan itself.
METHOD_PLAN_FIELDS = (
    "measure",
    "order",
    "text",
    "units",
    "responsible_text",
    "owner_division",
    "owner",
    "due_date",
    "period_text",
    "start_month",
    "start_year",
    "end_month",
    "end_year",
    "result_comment",
    "result_publish_at",
)


class MethodForm(forms.ModelForm):
    class Meta:
        model = Method
        fields = (
            *METHOD_PLAN_FIELDS,
            "status",
            "result_draft",
            "recommendation_draft",
            "result_status",
        )
        labels = {
            "result_draft": _("ผลการดำเนินการ"),
            "recommendation_draft": _("ข้อเสนอแนะ"),
        }
        field_classes = {"due_date": ThaiDateField, "result_publish_at": ThaiDateTimeField}
        widgets = {
            "result_publish_at": ThaiDateTimeField.widget,
            "result_draft": forms.Textarea(attrs={"rows": 4}),
            "recommendation_draft": forms.Textarea(attrs={"rows": 3}),
            "result_comment": forms.Textarea(attrs={"rows": 2}),
        }

    user = None  # set by MethodAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._status_before = self.instance.result_status if self.instance.pk else None
        if self.user is not None:
            limit_status_choices(self, "result_status", self.user, roles.PUBLISH_METHOD)

    def clean(self):
        cleaned = super().clean()
        if "result_comment" in self.fields:
            require_return_comment(self, "result_status", "result_comment", self._status_before)
        return cleaned


@admin.register(Method)
class MethodAdmin(ReviewActions, OwnershipDisplay, DivisionScopedAdmin, HistoryAdmin):
    form = MethodForm
    list_display = ("__str__", "year", "status", "period", "owners", "due_on", "result_status")
    list_filter = ("measure__year", "status", "result_status", "owner_division", "units")
    list_select_related = ("measure__year",)
    search_fields = ("text", "result", "measure__title")
    autocomplete_fields = ("units",)
    inlines = [AttachmentInline, ProgressUpdateInline]
    actions = [
        "mark_in_progress",
        "mark_done",
        "submit_results",
        "publish_results",
        "return_results",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = self._fieldsets()
        if roles.edits_everything(request.user):
            return fieldsets
        return self.shown_read_only(fieldsets)

    def _fieldsets(self):
        return (
            (
                None,
                {"fields": ("measure", ("order", "status"), "text", "units", "responsible_text")},
            ),
            (_("เจ้าของงาน"), {"fields": (("owner_division", "owner", "due_date"),)}),
            (
                _("ระยะเวลาดำเนินการ"),
                {
                    "fields": (
                        "period_text",
                        ("start_month", "start_year"),
                        ("end_month", "end_year"),
                    )
                },
            ),
            (
                _("ผลการดำเนินการ (ผ่านการตรวจก่อนเผยแพร่)"),
                {
                    "fields": (
                        "published_result",
                        "result_draft",
                        "recommendation_draft",
                        ("result_status", "result_publish_at"),
                        "result_comment",
                    )
                },
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        if roles.edits_everything(request.user):
            return ("published_result",)
        return ("published_result", "due_on", "owner_name", *METHOD_PLAN_FIELDS)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "owner" in form.base_fields:
            staff_choices(form.base_fields["owner"])
        return type(form.__name__, (form,), {"user": request.user})

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("units")

    def save_model(self, request, obj: Method, form, change) -> None:
        if obj.result_status == ReviewStatus.PUBLISHED:
            if not request.user.has_perm(roles.PUBLISH_METHOD):
                raise PermissionDenied(_("เผยแพร่ผลการดำเนินการได้เฉพาะผู้ประสานงาน ITA"))
            obj.publish_result()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("ผลที่เผยแพร่อยู่"))
    def published_result(self, obj: Method) -> str:
        shown = format_html(
            "{}<br>{}: {}",
            obj.result or _("(ยังไม่มี)"),
            _("ข้อเสนอแนะ"),
            obj.recommendation or "-",
        )
        return shown + waiting_note(obj.result_waits, obj.result_publish_at)

    @admin.display(description=_("ปี"), ordering="measure__year__year")
    def year(self, obj: Method) -> int:
        return obj.measure.year.year

    @admin.display(description=_("ระยะเวลา"))
    def period(self, obj: Method) -> str:
        return obj.period_display

    @admin.display(description=_("ผู้รับผิดชอบ"))
    def owners(self, obj: Method) -> str:
        return obj.owners_display

    @admin.action(description=_("ปรับสถานะเป็น “กำลังดำเนินการ”"), permissions=["change"])
    def mark_in_progress(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, Method.Status.IN_PROGRESS)

    @admin.action(description=_("ปรับสถานะเป็น “ดำเนินการแล้ว”"), permissions=["change"])
    def mark_done(self, request: HttpRequest, queryset) -> None:
        self._set_status(request, queryset, Method.Status.DONE)

    def _set_status(self, request: HttpRequest, queryset, status: str) -> None:
        methods = list(self.editable(request, queryset))
        for method in methods:
            method.status = status
            method.save(update_fields=["status", "updated_at"])
        self.message_user(request, _("ปรับสถานะแล้ว %(n)d รายการ") % {"n": len(methods)})

    # -- review of results

    review_status_field = "result_status"
    review_comment_field = "result_comment"
    review_permission = roles.PUBLISH_METHOD
    review_what = _("ผลการดำเนินการ")

    def publish_reviewed(self, obj: Method) -> None:
        obj.publish_result()

    @admin.action(description=_("ส่งผลการดำเนินการที่เลือกให้ผู้ประสานงานตรวจ"), permissions=["change"])
    def submit_results(self, request: HttpRequest, queryset) -> None:
        self.submit_selected(request, queryset)

    @admin.action(description=_("เผยแพร่ผลการดำเนินการที่ส่งตรวจ"), permissions=["publish"])
    def publish_results(self, request: HttpRequest, queryset) -> None:
        self.publish_selected(request, queryset)

    @admin.action(description=_("ส่งผลการดำเนินการกลับให้แก้ไข (พร้อมความเห็น)"), permissions=["publish"])
    def return_results(self, request: HttpRequest, queryset):
        return self.return_selected(request, queryset)


@admin.register(FiscalYearRules)
class FiscalYearRulesAdmin(admin.ModelAdmin):
    list_display = ("year", "band_count", "rule_count")
    fields = ("year",)
    readonly_fields = ("year",)
    inlines = [ScoreBandInline, RatingRuleInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_bands=Count("score_bands", distinct=True))
            .annotate(_rules=Count("rating_rules", distinct=True))
        )

    @admin.display(description=_("จำนวนระดับ"))
    def band_count(self, obj) -> int:
        return obj._bands

    @admin.display(description=_("จำนวนเกณฑ์ผล"))
    def rule_count(self, obj) -> int:
        return obj._rules


# --- staff: their divisions and roles --------------------------------------------------------


class DivisionMembershipInline(admin.TabularInline):
    """The divisions a staff user works for: division editors change only their work."""

    model = Division.members.through
    extra = 0
    verbose_name = _("ส่วนราชการที่สังกัด")
    verbose_name_plural = _("ส่วนราชการที่สังกัด (ผู้แก้ไขของส่วนราชการแก้ไขได้เฉพาะงานของส่วนราชการเหล่านี้)")
    autocomplete_fields = ("division",)


class StaffAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, DivisionMembershipInline]
    list_display = ("username", "full_name", "email", "roles", "is_staff", "is_active")
    list_filter = ("groups", "divisions", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("ชื่อ"))
    def full_name(self, obj) -> str:
        return obj.get_full_name()

    @admin.display(description=_("บทบาท"))
    def roles(self, obj) -> str:
        if obj.is_superuser:
            return _("ผู้ดูแลระบบ")
        return ", ".join(group.name for group in obj.groups.all())


admin.site.unregister(User)
admin.site.register(User, StaffAdmin)
