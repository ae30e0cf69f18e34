#!/usr/bin/env bash
# Starts what Rapport has so far from the build tree.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x build/src/server/rapport-server ]; then
  data=${XDG_DATA_HOME:-$HOME/.local/share}/rapport-demo
  mkdir -p "$data"
  if [ ! -f "$data/server.db" ]; then
    build/src/server/rapport-server demo --database "$data/server.db"
  fi
  exec build/src/server/rapport-server serve --database "$data/server.db" --address 127.0.0.1 --port 8750
fi
echo "Rapport is built in ./build; the core library and its tests are all there is so far."
