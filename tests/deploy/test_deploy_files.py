"""deploy/: the nginx site and systemd units agree with the portal's settings and commands.

A mismatch here is what an operator meets as a refused upload (413), a redirect loop behind
TLS, or a daily job that never runs; nginx -t and systemd-analyze verify were run on these
files by hand (docs/deploy.md), these tests keep them in step with the code.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
APP_DIR = "/srv/ita/app"


def unit(name: str) -> list[tuple[str, str, str]]:
    """(section, key, value) of a systemd unit, continuation lines joined, keys repeated."""
    entries, section, pending = [], "", ""
    for raw in (DEPLOY / name).read_text().splitlines():
        line = pending + raw.strip()
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        pending = ""
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        entries.append((section, key, value))
    return entries


def values(name: str, key: str) -> list[str]:
    return [value for _section, found, value in unit(name) if found == key]


def environment(name: str) -> dict[str, str]:
    return dict(value.split("=", 1) for value in values(name, "Environment"))


def nginx_site() -> str:
    return (DEPLOY / "nginx-ita-portal.conf").read_text()


def nginx_location(path: str) -> str:
    """A location block of the HTTPS server (the port 80 one only redirects)."""
    https_server = nginx_site().split("listen 443", 1)[1]
    match = re.search(r"location " + re.escape(path) + r" \{(.*?)\n    \}", https_server, re.S)
    assert match, f"no location {path} in the nginx site"
    return match[1]


def megabytes(size: str) -> int:
    number, unit_letter = re.fullmatch(r"(\d+)([km]?)", size).groups()
    return int(number) // 1024 if unit_letter == "k" else int(number)


def test_the_back_office_accepts_the_largest_evidence_file_and_no_more_than_needed():
    admin_limit = re.search(r"client_max_body_size (\w+);", nginx_location("/admin/"))[1]
    site_limit = re.search(r"\n    client_max_body_size (\w+);", nginx_site())[1]

    assert megabytes(admin_limit) == settings.ITA_MAX_UPLOAD_MB + 1  # the file and its form
    assert megabytes(site_limit) < settings.ITA_MAX_UPLOAD_MB  # the public site takes no files


def test_the_proxy_sets_the_headers_production_settings_trust():
    proxy = (DEPLOY / "nginx-ita-portal-proxy.conf").read_text()
    source = (ROOT / "ita_portal" / "settings" / "prod.py").read_text()

    assert 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' in source
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy  # overwritten, never passed on
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    assert "proxy_set_header Host $host;" in proxy
    assert "include /etc/nginx/snippets/ita-portal-proxy.conf;" in nginx_location("/")


def test_uploads_are_never_served_from_a_folder_and_static_files_come_from_collectstatic():
    assert f"location {settings.MEDIA_URL}" not in nginx_site()
    static_root = Path(environment("ita-portal.service")["ITA_VAR_DIR"]) / "staticfiles"
    assert Path(settings.VAR_DIR) / "staticfiles" == settings.STATIC_ROOT
    assert f"alias {static_root}/;" in nginx_location(settings.STATIC_URL)


def test_the_app_server_runs_gunicorn_with_production_settings():
    (command,) = values("ita-portal.service", "ExecStart")
    env = environment("ita-portal.service")

    assert command.split()[:2] == [
        f"{APP_DIR}/.venv/bin/gunicorn",
        settings.WSGI_APPLICATION.rsplit(".", 1)[0],
    ]
    assert "--bind ${ITA_BIND}" in command
    assert env["DJANGO_SETTINGS_MODULE"] == "ita_portal.settings.prod"
    assert values("ita-portal.service", "Type") == ["notify"]  # gunicorn tells systemd it is up
    assert values("ita-portal.service", "ReadWritePaths") == [env["ITA_VAR_DIR"]]
    upstream = re.search(r"upstream ita_portal \{\s*server ([\d.:]+)", nginx_site())[1]
    assert upstream == env["ITA_BIND"]


def test_the_daily_jobs_check_links_then_remind_and_run_every_morning():
    commands = [
        value.lstrip("-").split() for value in values("ita-portal-jobs.service", "ExecStart")
    ]

    assert [command[2] for command in commands] == ["check_links", "remind"]
    assert {"check_links", "remind"} <= set(get_commands())
    assert values("ita-portal-jobs.timer", "OnCalendar") == ["*-*-* 06:15:00 Asia/Bangkok"]
    assert values("ita-portal-jobs.timer", "Persistent") == ["true"]


def test_the_backup_unit_runs_the_backup_script():
    name = "ita-portal-backup.service"
    (command,) = values(name, "ExecStart")
    script = ROOT / command.removeprefix(f"{APP_DIR}/")

    assert script == ROOT / "scripts" / "backup.sh"
    assert os.access(script, os.X_OK)
    (writable,) = values(name, "ReadWritePaths")
    assert environment(name)["ITA_BACKUP_DIR"] in writable.split()
