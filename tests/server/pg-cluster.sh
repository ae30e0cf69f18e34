#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a temporary
# directory, fsync off, a unix socket in that directory and a free port.
#
#   pg-cluster.sh start        prints the cluster's URL (the directory is in it)
#   pg-cluster.sh crash URL    kills the cluster as a power cut would its
#                              processes (immediate stop) and starts it again
#   pg-cluster.sh stop URL     stops the cluster and removes its directory
#
# PG_CLUSTER_DURABLE=1 keeps fsync and synchronous commits on, for benchmarks.
#
# initdb refuses to run as root, so as root the cluster belongs to nobody.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "pg-cluster.sh: PostgreSQL is not installed (Debian package postgresql)" >&2
  exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(runuser -u nobody --)
fi

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/rapport-pg-XXXXXX)
    chmod 755 "$dir"
    if [ ${#as_owner[@]} -gt 0 ]; then
      chown nobody:nogroup "$dir"
    fi
    port=$(free_port)
    fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${PG_CLUSTER_DURABLE:-}" = 1 ]; then
      fast=
    fi
    "${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses='' -c max_connections=200 $fast" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@/postgres?host=$dir&port=$port"
    ;;
  crash|stop)
    url=${2:?usage: pg-cluster.sh $1 URL}
    dir=${url#*host=}
    dir=${dir%%&*}
    case "$dir" in
      /tmp/rapport-pg-*) ;;
      *) echo "pg-cluster.sh: $url is not a cluster this script started" >&2; exit 2 ;;
    esac
    if [ "$1" = crash ]; then
      # pg_ctl restart starts it with the options it was started with.
      "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w \
        restart >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
      exit 0
    fi
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | crash URL | stop URL" >&2
    exit 2
    ;;
esac
