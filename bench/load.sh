#!/usr/bin/env bash
# Load test, bounded: the portal under gunicorn (2 sync workers, as `make run`) on a throwaway
# copy of the demo data, wrk with 64 connections on the trivial view (/ping), the year page,
# an item page, the search and the year's PDF report, one after the other. Prints requests
# per second and p99 latency per URL; exits 1 when any response is not 2xx/3xx or any socket
# error (connect, read, write, timeout) occurs.
# Usage: bench/load.sh [SECONDS] [CONNECTIONS]   (defaults: 60 s, 64 connections)
# ITA_PAGE_CACHE_SECONDS=0 bench/load.sh renders every page (the page cache off).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60}
connections=${2:-64}
port=${LOAD_PORT:-8097}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 2; }

# Always a throwaway SQLite database and per-process caches, whatever the environment says.
unset DATABASE_URL REDIS_URL
export ITA_VAR_DIR DJANGO_SETTINGS_MODULE=ita_portal.settings.local
ITA_VAR_DIR=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi
  rm -rf "$ITA_VAR_DIR"
}
trap cleanup EXIT

.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py bootstrap >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
year=$(.venv/bin/python manage.py shell -v 0 -c \
  "from disclosures.models import FiscalYear; print(FiscalYear.objects.get(is_current=True).year)")
code=$(.venv/bin/python manage.py shell -v 0 -c \
  "from disclosures.models import Item; print(Item.objects.filter(year__year=$year).first().code)")
query=$(.venv/bin/python -c "from urllib.parse import quote; print(quote('ประกาศ'))")

# Sync workers serve one request at a time: the other connections wait in the listen backlog
# (2048, far above 64), so the timeout must cover a report's first rendering (a few seconds)
# with the queue in front of it.
.venv/bin/gunicorn ita_portal.wsgi --workers 2 --bind "127.0.0.1:$port" --backlog 2048 \
  --timeout 60 --log-level warning &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$port/ping" >/dev/null || { echo "server did not start" >&2; exit 1; }

failed=0
ping_rps=""
measure() { # path [label]
  local url="http://127.0.0.1:$port$1" out rps p99 non2xx socket errors share=""
  # Warm both workers (page cache, a report's first rendering) before measuring.
  local warming=()
  for _ in 1 2 3 4; do curl -fs -o /dev/null --max-time 60 "$url" & warming+=($!); done
  wait "${warming[@]}" || true
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' <<<"$out")
  # "Socket errors: connect 0, read 0, write 0, timeout 0"
  socket=$(awk -F'[ ,]+' '/Socket errors/ {print $5 + $7 + $9 + $11}' <<<"$out")
  errors=$(( ${non2xx:-0} + ${socket:-0} ))
  if [ "$1" = /ping ]; then ping_rps=$rps; else share=$(awk -v a="$rps" -v b="$ping_rps" \
    'BEGIN { printf "%.0f %%", 100 * a / b }'); fi
  # shellcheck disable=SC2016  # the backquotes are Markdown
  printf '| `%s` | %s | %s | %s | %s |\n' "${2:-$1}" "$rps" "$p99" "$errors" "$share"
  if [ "$errors" -gt 0 ]; then failed=1; grep -E 'Non-2xx|Socket errors' <<<"$out" >&2; fi
}

echo "demo year $year; wrk -t2 -c$connections -d${duration}s; gunicorn 2 sync workers;" \
  "page cache ${ITA_PAGE_CACHE_SECONDS:-600} s; $(nproc) cores"
echo "| path | req/s | p99 | errors | share of /ping |"
echo "| --- | ---: | ---: | ---: | ---: |"
measure /ping
measure "/ita/$year/"
measure "/ita/$year/$code/"
measure "/search/?q=$query" "/search/?q=ประกาศ"
measure "/ita/$year/report.pdf"

if [ "$failed" -ne 0 ]; then echo "FAILED: some requests erred (above)" >&2; exit 1; fi
echo "no errors"
