"""The test's database as other processes (app servers, backup scripts) can open it."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection


def shared_database_url(tmp_path: Path) -> str:
    """A DATABASE_URL for other processes: the test's own database, committed data included.

    PostgreSQL: pytest-django's test database itself. SQLite: the test database lives in
    this process's memory, so they get a file copy of it, taken now (after the data is made);
    from then on the test works only through those processes.
    """
    if connection.vendor == "sqlite":
        path = connection.settings_dict["NAME"]
        if connection.is_in_memory_db():
            path = tmp_path / "shared.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(path) as copy:
                connection.connection.backup(copy)
        return f"sqlite:///{path}"
    if connection.vendor == "postgresql":
        return postgres_url(connection.settings_dict["NAME"])
    pytest.fail(f"no shared database URL for {connection.vendor}")


def postgres_url(name: str) -> str:
    """The URL of database `name` on the test's PostgreSQL server, with the test's login."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or "5432"
    return f"postgres://{credentials}{host}:{port}/{name}"


@contextmanager
def empty_database(tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database of the test's kind; a PostgreSQL one made here is
    dropped afterwards (never any other)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"ita_restore_test_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:  # CREATE DATABASE cannot run in a transaction
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
