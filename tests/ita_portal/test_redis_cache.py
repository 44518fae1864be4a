"""The page cache on Redis, as several app servers share it (REDIS_URL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("ITA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REDIS_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ita-test",
    }
}


def redis_available() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_redis_url_selects_the_redis_cache():
    root = Path(__file__).resolve().parents[2]
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.local",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache", result.stderr


@pytest.mark.skipif(not redis_available(), reason="no Redis at " + REDIS_URL)
@override_settings(CACHES=REDIS_CACHES)
@pytest.mark.django_db
def test_pages_are_cached_in_redis_and_fresh_after_an_edit(client, factory):
    caches["default"].clear()
    year = factory.year(2569)
    item = factory.item(year, code="O1", title_th="โครงสร้างเดิม")

    assert client.get("/ita/2569/O1/")["X-Page-Cache"] == "miss"
    assert client.get("/ita/2569/O1/")["X-Page-Cache"] == "hit"

    item.title_th = "โครงสร้างใหม่"
    item.save()
    response = client.get("/ita/2569/O1/")

    assert response["X-Page-Cache"] == "miss"
    assert "โครงสร้างใหม่" in response.text
    caches["default"].clear()
