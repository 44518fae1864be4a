"""`make check-deploy`: Django's deployment checks pass under the production settings,
and they fail when a production safeguard is switched off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD = {
    "DJANGO_SETTINGS_MODULE": "ita_portal.settings.prod",
    "SECRET_KEY": "check-deploy-only-" + "k7Qm2xP9vR4tW8yZ3nB6cD1fG5hJ0lA" * 2,
    "ALLOWED_HOSTS": "ita.example.go.th",
    "DATABASE_URL": "sqlite:////tmp/ita-check-deploy.sqlite3",
}


def run(args: list[str], code: str | None = None, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "ITA_"))}
    clean.update(PROD, **env)
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True)  # noqa: S603


def test_the_deployment_checks_pass():
    result = run(["check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_deployment_checks_fail_without_hsts():
    result = run(["check", "--deploy", "--fail-level", "WARNING"], SECURE_HSTS_SECONDS="0")

    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_production_expects_tls_at_a_proxy():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.ITA_TRUSTED_PROXY_COUNT, "
        "s.CSRF_TRUSTED_ORIGINS)"
    )
    result = run([], code=code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(")", 1)[1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "1",
        "['https://ita.example.go.th']",
    ]
    assert result.stdout.startswith("('HTTP_X_FORWARDED_PROTO', 'https')")
