"""The portal's URLs. Public item URLs are submitted to the NACC: never change them."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from disclosures import views as disclosure_views
from disclosures.sitemaps import SITEMAPS

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_page(settings.PAGE_BROWSER_MAX_AGE)(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("organisation/logo", disclosure_views.organisation_logo, name="organisation_logo"),
    path("admin/", admin.site.urls),
    # The PDF reports are Thai documents: one URL each, no /en/ twin.
    path("", include("reports.urls")),
]

# Thai pages have no prefix (/ita/2569/O1/); English ones live under /en/.
# The measures come first: /ita/<year>/<code>/ would take "score" and "measures" for codes.
urlpatterns += i18n_patterns(
    path("", include("measures.urls")),
    path("", include("procurement.urls")),  # /ita/<year>/procurement/, before <code>
    path("", include("disclosures.urls")),
    prefix_default_language=False,
)

handler404 = "ita_portal.views.page_not_found"
handler500 = "ita_portal.views.server_error"
