"""What every public page needs: the organisation and links to the other languages."""

from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_info, override

from .cache import cached_data, current_version


def _organisation():
    from disclosures.models import Organisation

    # False, not None, marks "no organisation yet" so that the cache keeps the answer.
    return Organisation.current() or False


def language_path(path: str, code: str) -> str:
    """The same public page in another language: Thai has no prefix, others /<code>/.

    A string operation rather than resolve() + reverse(), since it runs on every page.
    """
    for other, _name in settings.LANGUAGES:
        if other != settings.LANGUAGE_CODE and path.startswith(f"/{other}/"):
            path = path[len(other) + 1 :]
            break
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


@lru_cache(maxsize=8)
def site_urls(language: str | None) -> dict[str, str]:
    """The fixed URLs of the header and footer, reversed once per language per process."""
    with override(language):
        return {name: reverse(f"disclosures:{name}") for name in ("home", "years", "search")} | {
            "sitemap": reverse("sitemap"),
            "logo": reverse("organisation_logo"),
        }


def current_organisation(request: HttpRequest):
    """The organisation with its channels; every page shows it and it changes rarely, so it
    is cached for the current content version."""
    return cached_data("organisation", current_version(request), _organisation) or None


def portal(request: HttpRequest) -> dict:
    def alternates() -> list[tuple[str, str, str]]:
        # Only the search keeps its query in the other language: cached pages are shared,
        # and must not carry one visitor's stray parameters to the next.
        query = "?" + urlencode({"q": request.GET["q"]}) if request.GET.get("q") else ""
        # Each language is named in itself ("English", "ไทย"), as readers look for it.
        return [
            (code, get_language_info(code)["name_local"], language_path(request.path, code) + query)
            for code, _name in settings.LANGUAGES
        ]

    return {
        # Every public page shows the organisation: resolved here rather than lazily, since
        # a lazy proxy costs on each of the dozens of attribute reads in the header and footer.
        "organisation": current_organisation(request),
        "site_urls": site_urls(get_language()),
        "language_links": SimpleLazyObject(alternates),
        "public_base_url": settings.ITA_PUBLIC_BASE_URL,
    }
