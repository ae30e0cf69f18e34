#!/usr/bin/env bash
# Starts a local rapport-server with the demo book on a free port, and the
# Rapport app signed in to it with a fresh client database, so that a
# newcomer sees sync live. Works under xvfb-run too. Everything lives in a
# temporary folder that is removed when the app quits.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${RAPPORT_BUILD_DIR:-build}

for program in "$build/src/server/rapport-server" "$build/src/app/rapport"; do
  if [ ! -x "$program" ]; then
    echo "Build Rapport first: meson setup build && ninja -C build" >&2
    exit 1
  fi
done

# The translations compiled in the build tree (po/zh_CN/LC_MESSAGES/rapport.mo),
# for the server's demo book as for the app.
if [ -z "${RAPPORT_LOCALEDIR:-}" ] && [ -d "$build/po" ]; then
  export RAPPORT_LOCALEDIR="$build/po"
fi

demo=$(mktemp -d -t rapport-demo-XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$demo"
}
trap cleanup EXIT

"$build/src/server/rapport-server" demo --database "$demo/server.db" >/dev/null
password=demo-password
printf '%s\n' "$password" |
  "$build/src/server/rapport-server" user passwd wang.fang --password-stdin --database "$demo/server.db" >/dev/null

# Port 0: the server picks a free one and writes its URL to a file (its log
# line is for people, and in their language).
"$build/src/server/rapport-server" serve --database "$demo/server.db" --address 127.0.0.1 --port 0 \
  --url-file "$demo/server.url" >"$demo/server.log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 1 100); do
  if [ -s "$demo/server.url" ]; then
    url=$(cat "$demo/server.url")
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "rapport-server did not start:" >&2
  cat "$demo/server.log" >&2
  exit 1
fi
echo "rapport-server: $url (user wang.fang, password $password)"

# The app's first run signs in with these; the token goes to the keyring,
# or to a file in the demo folder when there is none.
export RAPPORT_DATABASE="$demo/client.db"
export XDG_DATA_HOME="$demo/data"
export RAPPORT_SERVER_URL="$url" RAPPORT_USER=wang.fang RAPPORT_PASSWORD="$password"
if [ -d "$build/data" ]; then
  export GSETTINGS_SCHEMA_DIR="$build/data"
fi
"$build/src/app/rapport" "$@"
