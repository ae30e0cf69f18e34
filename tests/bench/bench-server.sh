#!/usr/bin/env bash
# bench-server.sh: rapport-server under load from wrk, on loopback
#
# Usage: bench-server.sh PATH-TO-RAPPORT-SERVER [POSTGRESQL-URL [PATH-TO-RAPPORT-BENCH-SYNC]]
#
# Prints one JSON object per line, like rapport-bench: changes-feed pages per
# second and push ops per second, at 1, 8 and 32 connections, each noting the
# CPU that the server processes, PostgreSQL's backends of the database, nginx
# and the whole machine used meanwhile (in % of one core), to tell where it is
# bound. With a URL (of an empty database) the server keeps its records in
# PostgreSQL, and the same is measured once more through nginx in front of two
# server processes on that database (tests/server/proxy.py; left out, with a
# message, when nginx is not installed); without one, in a SQLite file. With
# rapport-bench-sync too, it also times `rapport-server migrate` of the
# reference data set (DESIGN.md; BENCH_SCALE scales it) from a SQLite file
# into a new database of the same cluster, made and dropped with psql, in
# records per second.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

server=$1
database=${2:-}
bench_sync=${3:-}
migrate_target=
here=$(cd "$(dirname "$0")" && pwd)
duration=${BENCH_SECONDS:-10}
ops_per_request=20
password="benchmark password"
connection_counts=(1 8 32)
# A server takes one push at a time from each user: one user per connection.
pushers=32

if ! command -v wrk >/dev/null; then
  echo "bench-server.sh: wrk is not installed (apt-get install wrk)" >&2
  exit 77
fi

dir=$(mktemp -d)
pids=()
cleanup () {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait
  rm -rf "$dir"
  [ -z "$migrate_target" ] || psql "$database" -Xqc "DROP DATABASE IF EXISTS $migrate_target"
}
trap cleanup EXIT
backend=PostgreSQL
if [ -z "$database" ]; then
  database=$dir/server.db
  backend=SQLite
fi

emit () {
  printf '{"bench": "%s", "value": %s, "unit": "%s", "baseline": null, "note": "%s"}\n' "$1" "$2" "$3" "$4"
}

# Moving a team: the whole reference data set, with every record's history
# and the rest, copied and verified table by table.
if [ "$backend" = PostgreSQL ] && [ -n "$bench_sync" ]; then
  reference=$dir/reference.db
  records=$("$bench_sync" --server "$server" --scale "${BENCH_SCALE:-1}" --write-reference "$reference")
  migrate_target=rapport_bench_migrate_$$
  psql "$database" -Xqc "CREATE DATABASE $migrate_target"
  target_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
                 "$database" "$migrate_target")
  started=$(date +%s.%N)
  "$server" migrate --from "$reference" --to "$target_url" >/dev/null
  ended=$(date +%s.%N)
  emit "server_migrate_records" "$(python3 -c "print(round($records / ($ended - $started), 1))")" \
       "records/s" "rapport-server migrate, SQLite to PostgreSQL, $records records of the reference data, verified"
fi

# A book of a few thousand records, so that feed pages are full.
"$server" demo --database "$database" >/dev/null
for n in $(seq 0 $((pushers - 1))); do
  echo "$password" | "$server" user add "bench$n" --role manager --password-stdin \
    --database "$database" >/dev/null
done

# Starts a serve process; sets url and adds its pid to pids and servers.
servers=()
start_server () {
  local out=$dir/serve-${#pids[@]}.out
  # All of wrk's or nginx's connections come from one address.
  "$server" serve --database "$database" --address 127.0.0.1 --port 0 --max-connections 256 \
    --max-connections-per-address 256 >"$out" 2>/dev/null &
  pids+=($!)
  servers+=($!)
  for _ in $(seq 50); do grep -qs Listening "$out" && break; sleep 0.1; done
  url=$(sed -n 's/^Listening on //p' "$out")
}

login () {
  curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"user\": \"$1\", \"password\": \"$password\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}

join () {
  local IFS=,
  echo "$*"
}

# The PostgreSQL backends serving this database (their titles name it),
# comma-separated.
postgres_name=
if [ "$backend" = PostgreSQL ]; then
  postgres_name=$(python3 -c 'import sys, urllib.parse as u; print(u.urlsplit(sys.argv[1]).path.lstrip("/"))' \
                    "$database")
fi
postgres_pids () {
  pgrep -d, -f "^postgres: .* $postgres_name " || true
}

nginx_pid=

# Runs wrk with the arguments given; sets rate to its requests per second and
# cpu_note to what each part used meanwhile (cpu_share.py). A failed request
# voids the run.
measure () {
  local wrk_pid share_pid report until
  # Sampled until shortly before wrk ends: a process gone is not counted.
  until=$(( $(date +%s) + duration - 1 ))
  wrk "$@" >"$dir/wrk.out" &
  wrk_pid=$!
  python3 "$here/cpu_share.py" "$until" "server=$(join "${servers[@]}")" \
    ${postgres_name:+"postgres=$(postgres_pids)"} \
    ${nginx_pid:+"nginx=$nginx_pid,$(pgrep -d, -P "$nginx_pid")"} "wrk=$wrk_pid" \
    >"$dir/cpu" &
  share_pid=$!
  wait "$wrk_pid"
  wait "$share_pid"
  report=$(cat "$dir/wrk.out")
  cpu_note=$(cat "$dir/cpu")
  if grep -q 'Non-2xx' <<<"$report"; then
    echo "bench-server.sh: some requests failed:" >&2
    echo "$report" >&2
    exit 1
  fi
  rate=$(sed -n 's/^Requests\/sec:[[:space:]]*//p' <<<"$report")
}

# Feed pages and push ops at each number of connections, against $url;
# @1: the names' prefix, @2: what is measured, for the notes.
run_all () {
  local prefix=$1 setup=$2 connections threads
  for connections in "${connection_counts[@]}"; do
    threads=$(( connections < 2 ? 1 : 2 ))
    measure -t"$threads" -c"$connections" -d"${duration}s" -H "$auth" \
      "$url/api/v1/changes?since=0&limit=500"
    emit "${prefix}feed_pages_c$connections" "$rate" "pages/s" \
         "GET /changes, pages of 500 records, $connections connection(s), wrk, loopback, $setup; CPU: $cpu_note"
    OPS_PER_REQUEST=$ops_per_request TOKENS=$tokens \
      measure -t"$connections" -c"$connections" -d"${duration}s" \
      -s "$here/bench-server-push.lua" "$url"
    emit "${prefix}push_ops_c$connections" \
         "$(python3 -c "print(round($rate * $ops_per_request, 1))")" "ops/s" \
         "POST /push, batches of $ops_per_request creates, $connections connection(s), one user each; one fsync per op, $setup; CPU: $cpu_note"
  done
}

start_server
auth="Authorization: Bearer $(login bench0)"
tokens=$(for n in $(seq 0 $((pushers - 1))); do login "bench$n"; done | paste -sd,)

# Fill the feed to more than one page of 500 first.
OPS_PER_REQUEST=500 wrk -t1 -c1 -d3s -s "$here/bench-server-push.lua" -H "$auth" "$url" >/dev/null

run_all server_ "1 process, $backend"

# The same through nginx in front of two processes on the database.
if [ "$backend" = PostgreSQL ]; then
  if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "bench-server.sh: nginx is not installed (apt-get install nginx): no figures behind it" >&2
    exit 0
  fi
  first_url=$url
  start_server
  python3 "$here/../server/proxy.py" "${first_url##*:}" "${url##*:}" >"$dir/proxy.out" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$dir/proxy.out" ] && break; sleep 0.1; done
  read -r proxy_port nginx_pid <"$dir/proxy.out"
  url=http://127.0.0.1:$proxy_port
  run_all server_proxy_ "2 processes behind nginx (1 worker), PostgreSQL"
fi
