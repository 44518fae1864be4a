#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh into an EMPTY database and an EMPTY media folder:
# those of the portal's settings (DATABASE_URL, MEDIA_ROOT), as on the server being rebuilt.
# It refuses to write over anything: create a new database first (createdb), point MEDIA_ROOT
# at a new folder. The checksums are verified before anything is written.
#
# Usage: scripts/restore.sh BACKUP_DIR
#   set -a; . /etc/ita-portal/env; set +a; scripts/restore.sh /srv/ita/backups/ita-20260301T0100Z
# Then: manage.py migrate (when this release is newer than the backup), manage.py check,
# start the app servers (docs/deploy.md, "Restore").
set -euo pipefail
umask 077
[ $# -eq 1 ] || {
  echo "usage: scripts/restore.sh BACKUP_DIR" >&2
  exit 2
}
backup=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
python=${ITA_PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ita_portal.settings.local}

die() {
  echo "restore.sh: $*" >&2
  exit 1
}

[ -f "$backup/SHA256SUMS" ] || die "$backup is not a backup of backup.sh (no SHA256SUMS)"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || die "checksums do not match: damaged backup"
# The database and media the portal uses (DATABASE_URL, MEDIA_ROOT, ITA_MEDIA_STORAGE).
portal_env=$("$python" scripts/portal_settings.py) # fails loudly on bad settings
eval "$portal_env"

# --- check both targets before writing anything -----------------------------------------------
case $DB_KIND in
postgresql)
  [ -f "$backup/database.dump" ] || die "the backup holds no PostgreSQL dump"
  tables=$(psql --no-psqlrc -Atc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
  [ "$tables" = 0 ] || die "database $PGDATABASE is not empty ($tables tables): restore into a new one"
  ;;
sqlite)
  [ -f "$backup/database.sqlite3" ] || die "the backup holds no SQLite database"
  [ ! -s "$SQLITE_PATH" ] || die "$SQLITE_PATH exists: restore into a new file"
  ;;
*) die "no restore method for the $DB_KIND database" ;;
esac
restore_media=no
if [ -f "$backup/media.tar.gz" ]; then
  [ "$MEDIA_KIND" = filesystem ] ||
    die "the backup's media are a tar but the portal stores media in bucket $MEDIA_BUCKET: see docs/deploy.md"
  if [ -d "$MEDIA_DIR" ] && [ -n "$(ls -A "$MEDIA_DIR")" ]; then
    die "media folder $MEDIA_DIR is not empty: restore into a new one"
  fi
  restore_media=yes
elif [ "$MEDIA_KIND" = filesystem ]; then
  die "the backup holds no media archive (made with ITA_MEDIA_STORAGE=s3?)"
fi

# --- restore ----------------------------------------------------------------------------------
case $DB_KIND in
postgresql)
  pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
    --dbname="$PGDATABASE" "$backup/database.dump"
  ;;
sqlite)
  mkdir -p "$(dirname "$SQLITE_PATH")"
  cp "$backup/database.sqlite3" "$SQLITE_PATH"
  ;;
esac
echo "database restored ($DB_KIND)"
if [ "$restore_media" = yes ]; then
  mkdir -p "$MEDIA_DIR"
  tar -C "$MEDIA_DIR" -xzf "$backup/media.tar.gz" --no-same-owner
  echo "media restored into $MEDIA_DIR ($(find "$MEDIA_DIR" -type f | wc -l) files)"
else
  echo "media: not in the backup; they stay in bucket $MEDIA_BUCKET"
fi
echo "next: .venv/bin/python manage.py migrate && .venv/bin/python manage.py check"
