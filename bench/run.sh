#!/usr/bin/env bash
# Serves the portal with gunicorn (2 workers) on a throwaway copy of the demo data and loads
# the year page, an item page and a trivial view (/ping) with wrk, first with the page cache
# on, then with it off. Prints requests per second and p99 latency for each.
# Usage: bench/run.sh [SECONDS] [CONNECTIONS]   (defaults: 10 s, 16 connections)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
connections=${2:-16}
port=${BENCH_PORT:-8099}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 2; }

export ITA_VAR_DIR
ITA_VAR_DIR=$(mktemp -d)
export DJANGO_SETTINGS_MODULE=ita_portal.settings.local
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$ITA_VAR_DIR"; }
trap cleanup EXIT

.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py bootstrap >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
year=$(.venv/bin/python manage.py shell -v 0 -c \
  "from disclosures.models import FiscalYear; print(FiscalYear.objects.get(is_current=True).year)")
items=$(.venv/bin/python manage.py shell -v 0 -c \
  "from disclosures.models import Item; print(Item.objects.filter(year__year=$year).count())")

run_server() {
  ITA_PAGE_CACHE_SECONDS=$1 .venv/bin/gunicorn ita_portal.wsgi --workers 2 \
    --bind "127.0.0.1:$port" --log-level warning &
  server=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/ping" >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; exit 1
}

measure() { # label path
  local out rps p99
  curl -fs -o /dev/null "http://127.0.0.1:$port$2"  # warm the cache and the workers
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  printf '| %-9s | %-22s | %10s | %8s | %s\n' "$1" "$2" "$rps" "$p99" "${errors:-no errors} |"
}

echo "demo year $year with $items items; wrk ${duration}s, $connections connections, 2 threads"
echo "| cache     | path                   | req/s      | p99      | errors"
for mode in on off; do
  if [ "$mode" = on ]; then run_server 600; else run_server 0; fi
  measure "$mode" /ping
  measure "$mode" "/ita/$year/"
  measure "$mode" "/ita/$year/O1/"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
done
