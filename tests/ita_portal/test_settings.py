"""Production settings refuse to start without what they need."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "ita.example.go.th",
    "DATABASE_URL": "sqlite:////tmp/ita-settings-test.sqlite3",
}


def load_prod_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    clean.update(env, DJANGO_SETTINGS_MODULE="ita_portal.settings.prod")
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


@pytest.mark.parametrize("missing", sorted(GOOD))
def test_production_settings_refuse_to_start_without(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = load_prod_settings(**env)
    assert result.returncode != 0
    assert f"Production settings need the {missing} environment variable" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = load_prod_settings(**{**GOOD, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_settings_start_with_everything_and_debug_off():
    result = load_prod_settings(**GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_malformed_boolean_is_refused_loudly():
    result = load_prod_settings(**GOOD, DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean" in result.stderr
