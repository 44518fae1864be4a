"""The admin site: in Thai, ordered as staff meet the models, with the year at a glance."""

from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

# Apps and models in the order of the work, not alphabetically.
APP_ORDER = ["disclosures", "measures", "auth"]
MODEL_ORDER = {
    "disclosures": ["Organisation", "FiscalYear", "Item", "Evidence", "Indicator", "Instrument"],
}


class PortalAdminSite(admin.AdminSite):
    site_header = "ITA Portal: ระบบจัดการข้อมูลการเปิดเผยข้อมูลสาธารณะ"
    site_title = "ITA Portal"
    index_title = "งานหลังบ้าน"

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict]:
        apps = super().get_app_list(request, app_label)
        apps.sort(key=lambda app: _position(APP_ORDER, app["app_label"]))
        for app in apps:
            order = MODEL_ORDER.get(app["app_label"], [])
            app["models"].sort(key=lambda model: _position(order, model["object_name"]))
        return apps

    def get_urls(self):
        # The readiness dashboard: a back-office page of no single model.
        from workflow import views as workflow

        site = {"site": self}
        latest = self.admin_view(workflow.readiness_latest)
        dashboard = self.admin_view(workflow.readiness)
        custom = [
            path("readiness/", latest, site, name="readiness_latest"),
            path("readiness/<int:year>/", dashboard, site, name="readiness"),
        ]
        return custom + super().get_urls()

    def index(self, request: HttpRequest, extra_context: dict | None = None):
        context = {
            "year_summary": _year_summary(request),
            "review_queue": _review_queue(request),
            **(extra_context or {}),
        }
        return super().index(request, context)


def _position(order: list[str], name: str) -> tuple[int, str]:
    return (order.index(name) if name in order else len(order), name)


def _year_summary(request: HttpRequest) -> dict | None:
    """The current year's items by state, for staff who may see items."""
    from disclosures.models import Evidence, FiscalYear

    if not request.user.has_perm("disclosures.view_item"):
        return None
    year = FiscalYear.objects.filter(is_current=True).first() or FiscalYear.objects.first()
    if year is None:
        return None
    evidence = Evidence.objects.filter(item=OuterRef("pk"))
    counts = year.items.annotate(
        has_published=Exists(evidence.filter(is_published=True)),
        has_evidence=Exists(evidence),
    ).aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(has_published=True)),
        drafts=Count("pk", filter=Q(has_published=False, has_evidence=True)),
        empty=Count("pk", filter=Q(has_evidence=False)),
    )
    # Readiness costs a fixed handful of queries, whatever the number of items.
    from workflow.readiness import evaluate_year

    return {"year": year, "ready": evaluate_year(year).overall.ready, **counts}


def _review_queue(request: HttpRequest) -> list[dict] | None:
    """What waits for the coordinator's review (three counts), for those who may publish."""
    from disclosures.models import Evidence, Item
    from ita_portal.review import ReviewStatus
    from measures.models import Method
    from workflow import roles

    user = request.user
    queues = [
        (roles.PUBLISH_EVIDENCE, Evidence.objects, "status", "disclosures_evidence", _("หลักฐาน")),
        (
            roles.PUBLISH_ITEM,
            Item.objects,
            "explanation_status",
            "disclosures_item",
            _("คำอธิบายของข้อ"),
        ),
        (
            roles.PUBLISH_METHOD,
            Method.objects,
            "result_status",
            "measures_method",
            _("ผลการดำเนินการ"),
        ),
    ]
    rows = []
    for permission, manager, field, admin_name, label in queues:
        if not user.has_perm(permission):
            continue
        count = manager.filter(**{field: ReviewStatus.SUBMITTED}).count()
        url = reverse(f"admin:{admin_name}_changelist")
        rows.append({"label": label, "count": count, "url": f"{url}?{field}__exact=submitted"})
    return rows or None
