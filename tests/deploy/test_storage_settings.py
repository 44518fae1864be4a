"""ITA_MEDIA_STORAGE chooses where uploads live: this server's disk or a shared S3 bucket."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ita_portal.settings.storage import FILESYSTEM, S3, media_storage

ROOT = Path(__file__).resolve().parents[2]
S3_ENV = {
    "ITA_MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "ita-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.go.th",
    "AWS_S3_REGION_NAME": "ap-southeast-1",
    "AWS_S3_ADDRESSING_STYLE": "path",
    "AWS_LOCATION": "/portal/",
}


@pytest.fixture
def environ(monkeypatch):
    for name in (*S3_ENV, "AWS_S3_MAX_MEMORY_SIZE"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_uploads_stay_on_the_servers_disk_by_default(environ):
    assert media_storage() == {"BACKEND": FILESYSTEM}


def test_s3_takes_the_bucket_and_endpoint_from_the_environment(environ):
    for name, value in S3_ENV.items():
        environ.setenv(name, value)

    storage = media_storage()

    assert storage["BACKEND"] == S3
    assert storage["OPTIONS"] == {
        "bucket_name": "ita-media",
        "location": "portal",
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
        "max_memory_size": 5 * 1024 * 1024,
        "endpoint_url": "https://s3.example.go.th",
        "region_name": "ap-southeast-1",
        "addressing_style": "path",
    }


def test_s3_without_a_bucket_is_refused(environ):
    environ.setenv("ITA_MEDIA_STORAGE", "s3")
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage()


def test_an_unknown_storage_is_refused(environ):
    environ.setenv("ITA_MEDIA_STORAGE", "nfs")
    with pytest.raises(ImproperlyConfigured, match="'filesystem' or 's3'"):
        media_storage()


def test_production_settings_store_uploads_in_the_bucket():
    """The real start-up path: prod settings, django-storages imported, its options taken."""
    pytest.importorskip("storages", reason="the s3 extra is not installed")
    env = {
        **os.environ,
        **S3_ENV,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.prod",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "ita.example.go.th",
        "DATABASE_URL": "sqlite:////tmp/ita-storage-settings-test.sqlite3",
    }
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.file_overwrite)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "ita-media", "https://s3.example.go.th", "False"]
