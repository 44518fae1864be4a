#!/usr/bin/env bash
# PostgreSQL stopped for 10 s under load, then started again.
#
# Creates a throwaway PostgreSQL cluster on its own port (never the main one on 5432), loads
# the demo data into it and serves the portal with gunicorn (2 sync workers, page cache off
# so that every request reaches the database). For 60 s wrk loads the year page with 64
# connections while
#   - a probe requests the year page every 0.1 s and records each status and latency,
#   - a writer commits a new piece of evidence every 0.2 s and records each acknowledged id;
# the cluster is stopped 20 s in and started 10 s later. Then it checks that gunicorn's
# workers were never restarted, that the portal answers 200 again and that every committed
# write is still there, prints a per-second summary, and tears everything down.
# Usage: bench/outage.sh   (as root, or as a user who may run initdb; needs wrk and curl)
# OUTAGE_STOP_MODE=immediate stops PostgreSQL as a crash would (default: fast).
set -euo pipefail
cd "$(dirname "$0")/.."
pg_port=${OUTAGE_PG_PORT:-5544}
port=${OUTAGE_PORT:-8096}
stop_mode=${OUTAGE_STOP_MODE:-fast}
duration=60 stop_at=20 outage=10 connections=64
[ "$pg_port" != 5432 ] || { echo "refusing to use the main PostgreSQL port 5432" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 2; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL server binaries missing" >&2; exit 2; }
! (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null || { echo "port $pg_port busy" >&2; exit 2; }

work=$(mktemp -d)
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_ctl() { as_pg "$pgbin/pg_ctl" -D "$work/pg" -l "$work/run/pg.log" "$@"; }
server="" background=()
cleanup() {
  for pid in "${background[@]}" $server; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -f "$work/pg/postmaster.pid" ] && pg_ctl stop -m fast >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# --- a throwaway cluster and the demo data in it ------------------------------------------
mkdir "$work/pg" "$work/run"  # data; socket and log
[ "$(id -u)" = 0 ] && chown postgres "$work/pg" "$work/run"
as_pg "$pgbin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg_start() {
  pg_ctl start -w -o "-p $pg_port -k $work/run -c listen_addresses=127.0.0.1 -c fsync=on" >/dev/null
}
pg_start
as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres ita

unset REDIS_URL  # per-process caches: nothing but the database in the way
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/ita"
export ITA_VAR_DIR="$work/var" ITA_PAGE_CACHE_SECONDS=0 DJANGO_SETTINGS_MODULE=ita_portal.settings.local
.venv/bin/python manage.py migrate -v0
.venv/bin/python manage.py bootstrap >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
year=$(.venv/bin/python manage.py shell -v 0 -c \
  "from disclosures.models import FiscalYear; print(FiscalYear.objects.get(is_current=True).year)")
url="http://127.0.0.1:$port/ita/$year/"

.venv/bin/gunicorn ita_portal.wsgi --workers 2 --bind "127.0.0.1:$port" --backlog 2048 \
  --timeout 60 --log-level critical 2>"$work/gunicorn.log" \
  --access-logfile "$work/access.log" --access-logformat '%(t)s %(s)s %(M)s' &
server=$!
for _ in $(seq 50); do curl -fs "$url" >/dev/null && break; sleep 0.2; done
curl -fs -o /dev/null "$url" || { echo "server did not start" >&2; exit 1; }
workers_before=$(pgrep -P "$server" | sort | tr '\n' ' ')

# --- load, probe and writer ---------------------------------------------------------------
# wrk counts each status code (its own summary only says "non-2xx").
cat >"$work/statuses.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done()
  local total = {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses")) do
      total[code] = (total[code] or 0) + count
    end
  end
  for code, count in pairs(total) do io.write(string.format("status %d %d\n", code, count)) end
end
LUA

probe() {
  while :; do
    local sent answer
    sent=$(date +%s.%N)
    answer=$(curl -s -o /dev/null --max-time 20 -w '%{http_code} %{time_total}' "$url" || true)
    echo "$sent $answer"
    sleep 0.1
  done
}

start=$(date +%s.%N) start_clock=$(date -u +%T)
wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -s "$work/statuses.lua" \
  "$url" >"$work/wrk.txt" &
wrk_pid=$!
probe >"$work/probe.txt" &
background+=($!)
.venv/bin/python manage.py shell -v 0 -c "
import sys, time
from django.db import connection, transaction
from disclosures.models import Evidence, Item
item = Item.objects.filter(year__year=$year).first()
end = time.time() + $duration - 5
with open('$work/writes.txt', 'w') as log:
    while time.time() < end:
        try:
            with transaction.atomic():
                evidence = Evidence.objects.create(
                    item=item, kind='text', title='outage write', body='committed before or after'
                )
            log.write(f'ok {evidence.pk} {time.time()}\n')
        except Exception as error:  # the database is away: try again shortly
            connection.close()
            log.write(f'fail 0 {time.time()} {type(error).__name__}\n')
        log.flush()
        time.sleep(0.2)
" &
writer=$!
background+=("$writer")

sleep "$stop_at"
stopping=$(date +%s.%N)
pg_ctl stop -m "$stop_mode" >/dev/null  # waits until PostgreSQL is down
stopped=$(date +%s.%N)
sleep "$outage"
restarted=$(date +%s.%N)
pg_start
ready=$(date +%s.%N)
wait "$wrk_pid"
wait "$writer" || true
kill "${background[0]}"

# --- checks -------------------------------------------------------------------------------
failed=0
workers_after=$(pgrep -P "$server" | sort | tr '\n' ' ')
[ "$workers_before" = "$workers_after" ] || { echo "FAILED: workers restarted" >&2; failed=1; }
after=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[ "$after" = 200 ] || { echo "FAILED: year page answers $after after recovery" >&2; failed=1; }
acked=$(awk '$1 == "ok" {printf "%s%s", sep, $2; sep = ","}' "$work/writes.txt")
committed=$(awk '$1 == "ok"' "$work/writes.txt" | wc -l)
found=$(.venv/bin/python manage.py shell -v 0 -c \
  "from disclosures.models import Evidence; print(Evidence.all_objects.filter(pk__in=[$acked]).count())")
[ "$found" = "$committed" ] || { echo "FAILED: $found of $committed writes found" >&2; failed=1; }

# --- summary ------------------------------------------------------------------------------
since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on port $pg_port, page cache" \
  "off, wrk -t2 -c$connections -d${duration}s on $url, $(nproc) cores"
echo "pg_ctl stop -m $stop_mode at $(since "$start" "$stopping") s (down at" \
  "$(since "$start" "$stopped") s), pg_ctl start at $(since "$start" "$restarted") s (ready at" \
  "$(since "$start" "$ready") s)"
echo "wrk: $(awk '/requests in/ {print $1}' "$work/wrk.txt") requests, p99" \
  "$(awk '$1 == "99%" {print $2}' "$work/wrk.txt"), by status" \
  "$(awk '$1 == "status" {printf "%s%s: %s", sep, $2, $3; sep = ", "}' "$work/wrk.txt");" \
  "$(grep -h 'Socket errors' "$work/wrk.txt" | sed 's/^ *//' || echo 'no socket errors')"
echo "writer: $committed writes committed, $found found after recovery;" \
  "$(awk '$1 == "fail"' "$work/writes.txt" | wc -l) attempts refused while the database was away"
echo "gunicorn workers (pids) before: $workers_before after: $workers_after"
echo
echo "Per second since the load started: responses the server sent (access log) and the probe's"
echo "answers (status and latency as a visitor saw them, queued behind the 64 connections)."
echo "| second | 200 | 503 | slowest 503 in the server | probe |"
echo "| ---: | ---: | ---: | ---: | --- |"
awk -v s="$start" -v clock="$start_clock" -v last="$duration" '
  function seconds(hms, parts) { split(hms, parts, ":"); return parts[1] * 3600 + parts[2] * 60 + parts[3] }
  BEGIN { origin = seconds(clock) }
  FNR == 1 { file++ }
  file == 1 {  # access log, in the portal time zone: [03/Dec/2026:14:20:01 +0700] 503 4
    offset = (substr($2, 1, 1) "1") * (substr($2, 2, 2) * 3600 + substr($2, 4, 2) * 60)
    sec = (seconds(substr($1, 14, 8)) - offset - origin + 2 * 86400) % 86400
    if ($3 == 200) ok[sec]++
    if ($3 == 503) { down[sec]++; if ($4 > slow[sec]) slow[sec] = $4 }
  }
  file == 2 && NF >= 3 {  # probe: sent status seconds
    sec = int($1 - s)
    probe[sec] = probe[sec] sprintf("%s%s %.0f ms", probe[sec] ? ", " : "", $2, 1000 * $3)
  }
  END {
    for (sec = 0; sec <= last; sec++)
      printf "| %d | %d | %d | %s | %s |\n", sec, ok[sec], down[sec],
        down[sec] ? slow[sec] " ms" : "", probe[sec]
  }' "$work/access.log" "$work/probe.txt"
awk -v t="$stopping" -v r="$restarted" -v q="$ready" '
  NF < 3 { next }
  $1 >= t && $2 == 503 && !first503 { first503 = $1 + $3 }
  $1 >= t && $1 < r && $2 == 503 { n++; sum += $3; if ($3 > max) max = $3 }
  $1 >= t && $1 < r && $2 != 503 { other++ }
  $1 >= r && $2 == 200 && !back { back = $1 + $3 }
  END {
    printf "probe: %d answers 503 while the database was away (mean %.0f ms, max %.0f ms), %d other;", \
      n, n ? 1000 * sum / n : 0, 1000 * max, other
    printf " first 503 %.2f s after pg_ctl stop; first 200 %.2f s after pg_ctl start", \
      first503 - t, back - r
    printf " (%.2f s after ready)\n", back - q
  }' "$work/probe.txt"

if [ "$failed" -ne 0 ]; then exit 1; fi
echo "recovered by itself, no committed write lost"
