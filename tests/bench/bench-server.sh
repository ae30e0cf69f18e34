#!/usr/bin/env bash
# bench-server.sh: rapport-server under load from wrk, on loopback
#
# Usage: bench-server.sh PATH-TO-RAPPORT-SERVER [POSTGRESQL-URL [PATH-TO-RAPPORT-BENCH-SYNC]]
#
# Prints one JSON object per line, like rapport-bench: changes-feed pages per
# second and push ops per second, at 1 and at 8 connections. With a URL (of an
# empty database) the server keeps its records in PostgreSQL, else in a
# SQLite file. With rapport-bench-sync too, it also times `rapport-server
# migrate` of the reference data set (DESIGN.md; BENCH_SCALE scales it) from
# a SQLite file into a new database of the same cluster, made and dropped
# with psql, in records per second.
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

if ! command -v wrk >/dev/null; then
  echo "bench-server.sh: wrk is not installed (apt-get install wrk)" >&2
  exit 77
fi

dir=$(mktemp -d)
pid=
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"
      [ -z "$migrate_target" ] || psql "$database" -Xqc "DROP DATABASE IF EXISTS $migrate_target"' EXIT
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
echo "$password" | "$server" user add bench --role admin --password-stdin --database "$database" >/dev/null
"$server" serve --database "$database" --address 127.0.0.1 --port 0 --max-connections 64 \
  >"$dir/out" 2>/dev/null &
pid=$!
for _ in $(seq 50); do grep -q Listening "$dir/out" && break; sleep 0.1; done
url=$(sed -n 's/^Listening on //p' "$dir/out")
token=$(curl -s -X POST "$url/api/v1/auth/login" -H 'Content-Type: application/json' \
          -d "{\"user\": \"bench\", \"password\": \"$password\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"

# Fill the feed to more than one page of 500 first.
OPS_PER_REQUEST=500 wrk -t1 -c1 -d3s -s "$here/bench-server-push.lua" -H "$auth" "$url" >/dev/null

# Requests per second from wrk's report; a failed request voids the run.
rate () {
  local report
  report=$(cat)
  if grep -q 'Non-2xx' <<<"$report"; then
    echo "bench-server.sh: some requests failed:" >&2
    echo "$report" >&2
    exit 1
  fi
  sed -n 's/^Requests\/sec:[[:space:]]*//p' <<<"$report"
}

for connections in 1 8; do
  threads=$(( connections < 2 ? 1 : 2 ))
  pages=$(wrk -t"$threads" -c"$connections" -d"${duration}s" -H "$auth" \
            "$url/api/v1/changes?since=0&limit=500" | rate)
  emit "server_feed_pages_c$connections" "$pages" "pages/s" \
       "GET /changes, pages of 500 records, $connections connection(s), wrk, loopback, $backend"
  requests=$(OPS_PER_REQUEST=$ops_per_request wrk -t"$threads" -c"$connections" -d"${duration}s" \
               -s "$here/bench-server-push.lua" -H "$auth" "$url" | rate)
  emit "server_push_ops_c$connections" \
       "$(python3 -c "print(round($requests * $ops_per_request, 1))")" "ops/s" \
       "POST /push, batches of $ops_per_request creates, $connections connection(s); one fsync per op, $backend"
done
