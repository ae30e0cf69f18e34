#!/usr/bin/env python3
"""Two server processes on one PostgreSQL database: 8 pushers split across
them while 2 readers page the changes feed through both. Every
acknowledged op is in each reader's feed exactly once, and no change is
skipped: with concurrent writers, a naive sequence lets a reader see
number N+1 committed while N is still in flight, and its cursor then
passes N for ever (rapport-server-backend-postgresql.c says why it cannot
happen there)."""

import feed_traffic
from rapport_server_test import BACKEND, Server, Tap

if BACKEND != "postgresql":
    print("1..0 # SKIP PostgreSQL only: several processes on one database")
    raise SystemExit(0)

PUSHERS, PUSHES, OPS_PER_PUSH, PAGE = 8, 15, 4, 7

tap = Tap()
first = Server(users=feed_traffic.users(PUSHERS))
second = Server(users={}, database=first.database)
servers = (first, second)
try:
    admin = first.login("admin").json["token"]
    tap.equal(second.login("admin").status, 200, "a user signs in on the second process too")

    acked, failures, feeds, elapsed = feed_traffic.run(servers, servers, admin, PUSHERS, PUSHES,
                                                       OPS_PER_PUSH, PAGE)
    feed_traffic.check(tap, acked, failures, feeds, feed_traffic.whole_feed(first, admin),
                       PUSHERS * PUSHES * OPS_PER_PUSH)
    print(f"# {len(acked)} ops through 2 processes in {elapsed:.1f} s;"
          f" readers read {len(feeds[0])} and {len(feeds[1])} changes", flush=True)
finally:
    second.close()
    first.close()
tap.done()
