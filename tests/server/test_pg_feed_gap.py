#!/usr/bin/env python3
"""Two server processes on one PostgreSQL database: 8 pushers split across
them while 2 readers page the changes feed through both. Every
acknowledged op is in each reader's feed exactly once, and no change is
skipped: with concurrent writers, a naive sequence lets a reader see
number N+1 committed while N is still in flight, and its cursor then
passes N for ever (rapport-server-backend-postgresql.c says why it cannot
happen there)."""

import threading
import time

from rapport_server_test import BACKEND, Server, Tap, new_id, op

if BACKEND != "postgresql":
    print("1..0 # SKIP PostgreSQL only: several processes on one database")
    raise SystemExit(0)

PUSHERS, PUSHES, OPS_PER_PUSH, PAGE = 8, 15, 4, 7
# One user per pusher: a server takes one push at a time from each user.
USERS = {"admin": "admin", **{f"pusher{n}": "manager" for n in range(PUSHERS)}}

tap = Tap()
first = Server(users=USERS)
second = Server(users={}, database=first.database)
servers = (first, second)
try:
    admin = first.login("admin").json["token"]
    tap.equal(second.login("admin").status, 200, "a user signs in on the second process too")

    acked, failures = [], []
    pushing = threading.Event()
    pushing.set()
    lock = threading.Lock()

    def pusher(n):
        server = servers[n % 2]
        token = server.login(f"pusher{n}").json["token"]
        for push in range(PUSHES):
            ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"P{n}-{push}-{i}")})
                   for i in range(OPS_PER_PUSH)]
            response = server.push(token, *ops)
            if response.status != 200:
                failures.append(response)
                continue
            for sent, result in zip(ops, response.json["results"]):
                if result.get("status") == "applied":
                    with lock:
                        acked.append(sent["id"])
                else:
                    failures.append(result)

    def reader(n, seen):
        """Pages through both processes in turn, never restarting."""
        cursor, turn, caught_up = "0", n, False
        while True:
            done = not pushing.is_set()
            page = servers[turn % 2].request("GET", f"changes?since={cursor}&limit={PAGE}",
                                             token=admin).json
            turn += 1
            seen.extend((change["seq"], change["id"]) for change in page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                if caught_up:
                    return
                # Once the pushers are done, one more walk to the end.
                caught_up = done
                time.sleep(0.01)

    feeds = [[], []]
    readers = [threading.Thread(target=reader, args=(n, feeds[n])) for n in range(2)]
    pushers = [threading.Thread(target=pusher, args=(n,)) for n in range(PUSHERS)]
    started = time.monotonic()
    for thread in readers + pushers:
        thread.start()
    for thread in pushers:
        thread.join()
    pushing.clear()
    for thread in readers:
        thread.join()
    elapsed = time.monotonic() - started

    tap.equal(failures, [], "every push is applied")
    tap.equal(len(acked), PUSHERS * PUSHES * OPS_PER_PUSH, "every op is acknowledged")
    final = []
    cursor, more = "0", True
    while more:
        page = first.request("GET", f"changes?since={cursor}&limit=500", token=admin).json
        final.extend(change["seq"] for change in page["changes"])
        cursor, more = page["cursor"], page["more"]
    for n, seen in enumerate(feeds):
        ids = [record_id for _, record_id in seen]
        seqs = [seq for seq, _ in seen]
        tap.ok(all(ids.count(record_id) == 1 for record_id in acked),
               f"reader {n + 1}: every acknowledged op exactly once",
               [record_id for record_id in acked if ids.count(record_id) != 1][:5])
        tap.ok(seqs == sorted(set(seqs)), f"reader {n + 1}: its feed goes forward, no change twice")
        tap.equal(sorted(set(final) - set(seqs)), [], f"reader {n + 1}: no change skipped")
    tap.equal(final, list(range(final[0], final[0] + len(final))),
              "the sequence has no hole: numbers are taken only by committed writes")
    print(f"# {len(acked)} ops through 2 processes in {elapsed:.1f} s;"
          f" readers read {len(feeds[0])} and {len(feeds[1])} changes", flush=True)
finally:
    second.close()
    first.close()
tap.done()
