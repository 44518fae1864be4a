#!/usr/bin/env bash
# Backs up the portal: the database (PostgreSQL: pg_dump custom format; SQLite: an online copy)
# and the uploaded media (a tar of MEDIA_ROOT), into one new folder with checksums.
# Restore with scripts/restore.sh. The database is dumped first, so every file it names is in
# the media archive (files uploaded meanwhile are extra, never missing).
#
# Usage: scripts/backup.sh [DEST_DIR]      (default: $ITA_BACKUP_DIR, else $ITA_VAR_DIR/backups)
# Run it with the portal's environment, so that it reads the same settings as the app:
#   set -a; . /etc/ita-portal/env; set +a; scripts/backup.sh /srv/ita/backups
# Keeps the newest $ITA_BACKUP_KEEP backups in DEST_DIR (default 14; 0 keeps every one).
# With ITA_MEDIA_STORAGE=s3 the media stay in the bucket: back that up with the bucket's own
# versioning or replication (docs/deploy.md); only the database is saved here.
set -euo pipefail
umask 077 # personal data and password hashes: readable by the portal's user only
caller=$PWD
cd "$(dirname "$0")/.."
python=${ITA_PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-ita_portal.settings.local}

# The database and media the portal uses (DATABASE_URL, MEDIA_ROOT, ITA_MEDIA_STORAGE).
portal_env=$("$python" scripts/portal_settings.py) # fails loudly on bad settings
eval "$portal_env"

dest=${1:-${ITA_BACKUP_DIR:-$VAR_DIR/backups}}
case $dest in /*) ;; *) dest="$caller/$dest" ;; esac
keep=${ITA_BACKUP_KEEP:-14}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$dest/ita-$stamp"
work="$dest/.ita-$stamp.partial" # renamed when complete: a half-written backup never looks done
mkdir -p "$dest"
mkdir "$work"
trap 'rm -rf "$work"' EXIT

case $DB_KIND in
postgresql)
  pg_dump --format=custom --no-owner --no-privileges --file="$work/database.dump"
  ;;
sqlite)
  "$python" -c 'import sqlite3, sys
source, copy = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
source.backup(copy)  # consistent even while the portal writes
copy.close()' "$SQLITE_PATH" "$work/database.sqlite3"
  ;;
*)
  echo "backup.sh: no backup method for the $DB_KIND database" >&2
  exit 1
  ;;
esac

if [ "$MEDIA_KIND" = filesystem ]; then
  if [ -d "$MEDIA_DIR" ]; then
    tar -C "$MEDIA_DIR" -czf "$work/media.tar.gz" .
  else # nothing uploaded yet
    tar -czf "$work/media.tar.gz" --files-from=/dev/null
  fi
fi

{
  echo "ITA Portal backup $stamp from $(hostname)"
  echo "database: $DB_KIND"
  if [ "$MEDIA_KIND" = s3 ]; then
    echo "media: bucket $MEDIA_BUCKET (not in this backup)"
  else
    echo "media: $MEDIA_DIR ($(tar -tzf "$work/media.tar.gz" | grep -vc '/$') files)"
  fi
} >"$work/backup.txt"
(
  cd "$work"
  parts=(database.*)
  [ -f media.tar.gz ] && parts+=(media.tar.gz)
  sha256sum -- "${parts[@]}" >SHA256SUMS
)
mv "$work" "$final"
trap - EXIT

if [ "$keep" -gt 0 ]; then
  find "$dest" -maxdepth 1 -type d -name 'ita-*' -printf '%f\n' | sort -r | tail -n +$((keep + 1)) |
    while read -r old; do rm -rf -- "${dest:?}/$old"; done
fi
echo "$final"
