#!/bin/sh
# Lints docs/openapi.yaml with Redocly CLI from tests/server/node_modules
# (installed by "npm ci --prefix tests/server", see build-aux/setup.sh).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
redocly="$here/node_modules/.bin/redocly"
if [ ! -x "$redocly" ]; then
  echo "Redocly CLI is not installed: run npm ci --prefix tests/server" >&2
  exit 77
fi
exec "$redocly" lint --config "$here/redocly.yaml" "$1"
