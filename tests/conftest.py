import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factory import Factory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _thai_first():
    """Each test starts in the portal's language: a request to an English page leaves
    English active in the thread (LocaleMiddleware does not switch back)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def factory() -> type[Factory]:
    return Factory
