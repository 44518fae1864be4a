"""scripts/backup.sh and scripts/restore.sh: a backup restores into a new, empty database and
media folder with every record and every file's bytes, and the scripts never write over data.

Runs on the database of the test run: PostgreSQL (pg_dump / pg_restore into a new database
made and dropped here) or SQLite (an online copy of the file).
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from disclosures.models import Evidence, FiscalYear, Item, Organisation
from tests.deploy.databases import empty_database, shared_database_url
from tests.factory import MINIMAL_PDF

ROOT = Path(__file__).resolve().parents[2]
TABLES = [model._meta.db_table for model in (Organisation, FiscalYear, Item, Evidence, User)]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "#1f6f43").save(buffer, format="PNG")
    return buffer.getvalue()


def run(*command: str, database_url: str, media: Path, var: Path, **extra_env: str):
    """Run a script or manage.py as an operator does: with the portal's environment (the
    database, the media folder) and nothing left over from this test run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "ITA_MEDIA_STORAGE", "ITA_BACKUP_DIR", "ITA_BACKUP_KEEP")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ita_portal.settings.local",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        ITA_VAR_DIR=str(var),
        **extra_env,
    )
    return subprocess.run(  # noqa: S603
        list(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def table_counts(database_url: str) -> dict[str, int]:
    """Rows per table, read straight from a database (not through this test's connection)."""
    if database_url.startswith("sqlite:///"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}  # noqa: S608
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as db:
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}  # noqa: S608


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def portal(factory, media) -> dict[str, bytes]:
    """A small portal: a text, a link, two files (one a draft) and a logo. Returns the
    stored name and the bytes of each file."""
    organisation = factory.organisation()
    organisation.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    year = factory.year(2569, status=FiscalYear.Status.OPEN, is_current=True)
    structure = factory.item(year, code="O1")
    factory.evidence(structure, title="คำอธิบายโครงสร้าง")
    factory.evidence(structure, kind=Evidence.Kind.LINK)
    report = factory.evidence(structure, kind=Evidence.Kind.FILE)
    chart = factory.evidence(
        factory.item(year, code="O2"),
        kind=Evidence.Kind.FILE,
        file=SimpleUploadedFile("แผนภูมิ.png", png_bytes(), "image/png"),
        is_published=False,
    )
    factory.superuser()
    return {
        report.file.name: MINIMAL_PDF,
        chart.file.name: png_bytes(),
        organisation.logo.name: png_bytes(),
    }


@pytest.mark.django_db(transaction=True)  # the scripts read what this test committed
def test_a_backup_restores_every_record_and_file_into_an_empty_database(portal, media, tmp_path):
    source = shared_database_url(tmp_path)
    made = run(
        "scripts/backup.sh",
        str(tmp_path / "backups"),
        database_url=source,
        media=media,
        var=tmp_path / "var",
    )
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert backup.parent == tmp_path / "backups"
    assert "(3 files)" in (backup / "backup.txt").read_text()

    restored_media = tmp_path / "restored-media"
    with empty_database(tmp_path) as target:
        restored = run(
            "scripts/restore.sh",
            str(backup),
            database_url=target,
            media=restored_media,
            var=tmp_path / "var2",
        )
        assert restored.returncode == 0, restored.stderr

        assert table_counts(target) == table_counts(source)
        assert table_counts(target)[Evidence._meta.db_table] == 4
        for name, content in portal.items():
            assert (restored_media / name).read_bytes() == content
        current = run(
            sys.executable,
            "manage.py",
            "migrate",
            "--check",
            database_url=target,
            media=restored_media,
            var=tmp_path / "var2",
        )
        assert current.returncode == 0, current.stdout + current.stderr

        # A second restore over the restored data is refused, and changes nothing.
        again = run(
            "scripts/restore.sh",
            str(backup),
            database_url=target,
            media=tmp_path / "other-media",
            var=tmp_path / "var2",
        )
        assert again.returncode != 0
        assert "restore into a new" in again.stderr
        assert not (tmp_path / "other-media").exists()
        assert table_counts(target) == table_counts(source)


def test_a_damaged_backup_is_refused_before_anything_is_written(tmp_path):
    backup = tmp_path / "ita-20260101T000000Z"
    backup.mkdir()
    (backup / "database.sqlite3").write_bytes(b"SQLite format 3\x00")
    (backup / "media.tar.gz").write_bytes(b"archive")
    subprocess.run(  # noqa: S603
        ["sha256sum", "database.sqlite3", "media.tar.gz"],
        cwd=backup,
        stdout=(backup / "SHA256SUMS").open("w"),
        check=True,
    )
    (backup / "media.tar.gz").write_bytes(b"archivE")  # one byte changed after the backup

    target = tmp_path / "restored.sqlite3"
    result = run(
        "scripts/restore.sh",
        str(backup),
        database_url=f"sqlite:///{target}",
        media=tmp_path / "media",
        var=tmp_path / "var",
    )

    assert result.returncode != 0
    assert "checksums do not match" in result.stderr
    assert not target.exists()
    assert not (tmp_path / "media").exists()


def test_old_backups_beyond_the_number_to_keep_are_removed_and_nothing_else(tmp_path):
    backups = tmp_path / "backups"
    for stamp in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        (backups / f"ita-{stamp}").mkdir(parents=True)
    (backups / "notes.txt").write_text("ของผู้ดูแล")
    (backups / "elsewhere").mkdir()

    result = run(
        "scripts/backup.sh",
        str(backups),
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        media=tmp_path / "media",
        var=tmp_path / "var",
        ITA_BACKUP_KEEP="2",
    )

    assert result.returncode == 0, result.stderr
    newest = Path(result.stdout.strip())
    assert sorted(path.name for path in backups.iterdir()) == sorted(
        ["ita-20250103T000000Z", newest.name, "notes.txt", "elsewhere"]
    )
