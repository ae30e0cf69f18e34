#!/usr/bin/env bash
# Installs what Rapport needs on Debian 12, builds it, and then starts it
# ("run") or runs the whole test suite ("test"). Works as root or with sudo.
set -euo pipefail

mode=${1:-}
case "$mode" in
  run|test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi

# Install only when something on the list is missing, so a second run is quick.
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' build-aux/debian-packages.txt | grep -v '^$')
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${#missing[@]} Debian packages: ${missing[*]}"
  "${as_root[@]}" apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The zh_CN translation tests run the programs in that locale; the money
# tests format in zh_CN and en_US.
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8' ||
   ! locale -a 2>/dev/null | grep -qix 'en_US\.utf-\?8'; then
  "${as_root[@]}" sed -i -e 's/^# *zh_CN.UTF-8/zh_CN.UTF-8/' -e 's/^# *en_US.UTF-8/en_US.UTF-8/' /etc/locale.gen
  "${as_root[@]}" locale-gen
fi

if [ ! -f build/build.ninja ]; then
  meson setup build --werror -Ddevelopment=true
fi
meson compile -C build

case "$mode" in
  test)
    # The OpenAPI linter of the server tests, pinned by its lockfile.
    if command -v npm >/dev/null; then
      npm ci --prefix tests/server --no-audit --no-fund
    else
      echo "npm is missing: the OpenAPI lint test will be skipped" >&2
    fi
    # One throwaway PostgreSQL cluster for the server-pg tests, as nobody
    # when this runs as root (initdb refuses root).
    RAPPORT_TEST_POSTGRESQL=$(tests/server/pg-cluster.sh start)
    export RAPPORT_TEST_POSTGRESQL
    trap 'tests/server/pg-cluster.sh stop "$RAPPORT_TEST_POSTGRESQL"' EXIT
    status=0
    meson test -C build --print-errorlogs --num-processes 3 || status=$?
    python3 build-aux/test-summary.py build/meson-logs/testlog.json
    # A test that failed beside two others runs once more, alone: Xvfb
    # under load can lose a click, and a latency bound can be missed. Both
    # runs are printed; a test failing twice, or more than a handful
    # failing, fails the run.
    if [ "$status" -ne 0 ]; then
      mapfile -t again < <(python3 build-aux/test-summary.py --failed build/meson-logs/testlog.json)
      if [ "${#again[@]}" -gt 0 ]; then
        cp build/meson-logs/testlog.txt build/meson-logs/testlog-first-run.txt
        echo "Running the failed tests again, one at a time: ${again[*]}"
        status=0
        meson test -C build --no-rebuild --print-errorlogs --num-processes 1 "${again[@]}" || status=$?
        python3 build-aux/test-summary.py build/meson-logs/testlog.json
      fi
    fi
    exit $status
    ;;
  run)
    exec build-aux/run-demo.sh
    ;;
esac
