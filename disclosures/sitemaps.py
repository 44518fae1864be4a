"""/sitemap.xml: every public page, with item pages' last change."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Greatest
from django.urls import reverse

from measures.models import Analysis, IndicatorScore, Measure, Programme, YearResult

from .models import FiscalYear, Item


class _PortalSitemap(Sitemap):
    # Absolute URLs use the configured public base URL, not the request's host.
    def get_urls(self, page=1, site=None, protocol=None):
        from django.conf import settings

        base = settings.ITA_PUBLIC_BASE_URL
        scheme, _, domain = base.partition("://")

        class _Site:
            pass

        fake = _Site()
        fake.domain = domain
        return super().get_urls(page=page, site=fake, protocol=scheme)


class StaticSitemap(_PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return ["disclosures:home", "disclosures:years"]

    def location(self, name):
        return reverse(name)


class YearSitemap(_PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            FiscalYear.objects.public().annotate(changed=Max("items__updated_at")).order_by("-year")
        )

    def lastmod(self, year):
        return year.changed or year.updated_at


class ItemSitemap(_PortalSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Item.objects.filter(year__in=FiscalYear.objects.public())
            .select_related("year")
            .annotate(
                # Drafts change nothing a crawler can see.
                evidence_changed=Max(
                    "evidence__published_at", filter=Q(evidence__is_published=True)
                ),
            )
            .annotate(changed=Greatest("updated_at", "evidence_changed"))
            .order_by("-year__year", "order")
        )

    def lastmod(self, item):
        return item.changed or item.updated_at


class ScoreSitemap(_PortalSitemap):
    """The score pages of public years that have a result: empty ones are not worth a crawl."""

    changefreq = "monthly"

    def items(self):
        return (
            FiscalYear.objects.public()
            .filter(
                Exists(YearResult.objects.filter(year=OuterRef("pk")))
                | Exists(IndicatorScore.objects.filter(indicator__year=OuterRef("pk")))
            )
            .order_by("-year")
        )

    def location(self, year):
        return reverse("measures:score", args=[year.year])


class MeasuresSitemap(_PortalSitemap):
    """The measures pages of public years that have measures, an analysis or a programme."""

    changefreq = "weekly"

    def items(self):
        return (
            FiscalYear.objects.public()
            .annotate(changed=Max("measures__updated_at"))
            .filter(
                Q(changed__isnull=False)
                | Exists(Analysis.objects.filter(year=OuterRef("pk")))
                | Exists(Programme.objects.filter(year=OuterRef("pk")))
            )
            .order_by("-year")
        )

    def location(self, year):
        return reverse("measures:measures", args=[year.year])

    def lastmod(self, year):
        return year.changed


class MeasureSitemap(_PortalSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Measure.objects.published()
            .filter(year__in=FiscalYear.objects.public())
            .select_related("year")
            .annotate(changed=Greatest("updated_at", Max("methods__updated_at")))
            .order_by("-year__year", "number")
        )

    def lastmod(self, measure):
        return measure.changed or measure.updated_at


class ProcurementSitemap(_PortalSitemap):
    """The procurement page of public years that have procurement rows or months without."""

    changefreq = "weekly"

    def items(self):
        from procurement.models import NoProcurementMonth

        return (
            FiscalYear.objects.public()
            .annotate(changed=Max("procurement_rows__updated_at"))
            .filter(
                Q(changed__isnull=False)
                | Exists(NoProcurementMonth.objects.filter(year=OuterRef("pk")))
            )
            .order_by("-year")
        )

    def location(self, year):
        return reverse("procurement:list", args=[year.year])

    def lastmod(self, year):
        return year.changed


SITEMAPS = {
    "pages": StaticSitemap,
    "years": YearSitemap,
    "items": ItemSitemap,
    "scores": ScoreSitemap,
    "measures": MeasuresSitemap,
    "measure": MeasureSitemap,
    "procurement": ProcurementSitemap,
}
