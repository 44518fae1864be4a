"""Print, as shell `export` lines, the database and media folder the portal's settings use.

backup.sh and restore.sh evaluate this output, so they act on exactly what the app uses
(DATABASE_URL, MEDIA_ROOT, ITA_MEDIA_STORAGE under DJANGO_SETTINGS_MODULE). PostgreSQL
connection details become libpq's own PG* variables: no password on a command line.
"""

import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402


def portal_values() -> dict[str, str]:
    db = settings.DATABASES["default"]
    media = settings.STORAGES["default"]
    values = {
        "DB_KIND": db["ENGINE"].rsplit(".", 1)[-1].replace("sqlite3", "sqlite"),
        "VAR_DIR": str(settings.VAR_DIR),
        "MEDIA_DIR": str(settings.MEDIA_ROOT),
        "MEDIA_KIND": "s3" if media["BACKEND"].endswith("S3Storage") else "filesystem",
        "MEDIA_BUCKET": media.get("OPTIONS", {}).get("bucket_name", ""),
    }
    if values["DB_KIND"] == "sqlite":
        values["SQLITE_PATH"] = str(db["NAME"])
    else:
        values.update(
            PGHOST=db.get("HOST") or "",
            PGPORT=str(db.get("PORT") or ""),
            PGUSER=db.get("USER") or "",
            PGPASSWORD=db.get("PASSWORD") or "",
            PGDATABASE=db["NAME"],
            PGSSLMODE=db.get("OPTIONS", {}).get("sslmode", ""),
        )
    return values


if __name__ == "__main__":
    for name, value in portal_values().items():
        if value:
            print(f"export {name}={shlex.quote(value)}")
