import pytest
from django.core.cache import cache

from tests.factory import Factory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def factory() -> type[Factory]:
    return Factory
