#!/bin/sh
# Runs a test of the PostgreSQL backend (TAP), or reports it skipped when no
# cluster was started (tests/server/pg-cluster.sh sets RAPPORT_TEST_POSTGRESQL).
if [ -z "${RAPPORT_TEST_POSTGRESQL:-}" ]; then
  echo "1..0 # SKIP no PostgreSQL cluster (RAPPORT_TEST_POSTGRESQL; build-aux/setup.sh test starts one)"
  exit 0
fi
exec "$@"
