"""What every public page needs: the organisation and links to the other languages."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_info


def portal(request: HttpRequest) -> dict:
    from disclosures.models import Organisation

    def alternates() -> list[tuple[str, str, str]]:
        path = request.get_full_path()
        # Each language is named in itself ("English", "ไทย"), as readers look for it.
        return [
            (code, get_language_info(code)["name_local"], translate_url(path, code))
            for code, _name in settings.LANGUAGES
        ]

    return {
        "organisation": SimpleLazyObject(Organisation.current),
        "language_links": SimpleLazyObject(alternates),
        "public_base_url": settings.ITA_PUBLIC_BASE_URL,
    }
