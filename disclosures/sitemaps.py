"""/sitemap.xml: every public page, with item pages' last change."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.urls import reverse

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
                evidence_changed=Max("evidence__updated_at", filter=Q(evidence__is_published=True)),
            )
            .annotate(changed=Greatest("updated_at", "evidence_changed"))
            .order_by("-year__year", "order")
        )

    def lastmod(self, item):
        return item.changed or item.updated_at


SITEMAPS = {"pages": StaticSitemap, "years": YearSitemap, "items": ItemSitemap}
