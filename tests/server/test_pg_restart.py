#!/usr/bin/env python3
"""PostgreSQL killed and started again while clients push (issue 20): the
server keeps serving once the database is back, without a restart of its
own; a push the crash interrupted is answered with an error, never with a
success it did not keep, and sent again with the same op ids it is applied
once; while the database is down, the server says so with 503 and
Retry-After, which clients retry, not 500. Afterwards every acknowledged
record is there exactly once, with what was pushed, and in the changes
feed once; no record was made twice.

It runs on a cluster of its own, durable (fsync and synchronous commits
on, as in production): the tests' shared cluster trades durability for
speed, and other tests use it meanwhile."""

import os
import subprocess
import threading
import time

from rapport_server_test import BACKEND, SOURCE_ROOT, Server, Tap, new_id, op

if BACKEND != "postgresql":
    print("1..0 # SKIP PostgreSQL only: the database server is killed under the push")
    raise SystemExit(0)

PUSHERS, PUSHES, OPS_PER_PUSH = 4, 40, 3
USERS = {"admin": "admin", **{f"pusher{n}": "manager" for n in range(PUSHERS)}}
CLUSTER_SCRIPT = os.path.join(SOURCE_ROOT, "tests", "server", "pg-cluster.sh")


def cluster(*args):
    env = dict(os.environ, PG_CLUSTER_DURABLE="1")
    return subprocess.run([CLUSTER_SCRIPT, *args], check=True, capture_output=True, text=True,
                          env=env, timeout=120).stdout.strip()


tap = Tap()
url = cluster("start")
server = None
try:
    server = Server(users=USERS, database=url)
    admin = server.login("admin").json["token"]
    acked, wanted, errors, server_errors = [], {}, [], []
    lock = threading.Lock()
    crashed = threading.Event()

    def push_until_applied(token, ops):
        """Sends @ops until the server says applied; each answer that is
        not a plain success is counted, and the same op ids go again."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                response = server.push(token, *ops)
            except OSError as error:  # the server closed a connection mid-crash
                with lock:
                    errors.append(repr(error))
                time.sleep(0.2)
                continue
            if response.status == 200 and all(r.get("status") == "applied"
                                               for r in response.json["results"]):
                return True
            with lock:
                errors.append(response.status)
                if response.status == 500:
                    server_errors.append(response)
            time.sleep(0.2)
        return False

    def pusher(n):
        token = server.login(f"pusher{n}").json["token"]
        for push in range(PUSHES):
            ops = []
            for i in range(OPS_PER_PUSH):
                name = f"P{n}-{push}-{i}"
                ops.append(op("contact", new_id(), "create", 0, {"first_name": (None, name)}))
                with lock:
                    wanted[ops[-1]["id"]] = name
            if push_until_applied(token, ops):
                with lock:
                    acked.extend(o["id"] for o in ops)
            # Slow enough that the crash falls in the middle of the pushing.
            time.sleep(0.02)

    threads = [threading.Thread(target=pusher, args=(n,)) for n in range(PUSHERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    # Once a third is in, kill the database under the pushers.
    while len(acked) < PUSHERS * PUSHES * OPS_PER_PUSH // 3 and time.monotonic() - started < 60:
        time.sleep(0.05)
    before_crash = len(acked)
    cluster("crash", url)
    crashed.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    tap.ok(server.alive(), "the server outlived its database's crash without a restart")
    tap.ok(0 < before_crash < PUSHERS * PUSHES * OPS_PER_PUSH,
           "the database was killed in the middle of the pushing",
           f"{before_crash} acknowledged before")
    tap.equal(server_errors[:3], [], "no push was answered 500: a database gone for now is a 503")
    tap.equal(len(acked), PUSHERS * PUSHES * OPS_PER_PUSH,
              "every push was applied in the end, sent again with its op ids")

    records = {}
    after = ""
    while True:
        page = server.request("GET", f"contacts?limit=500{after}", token=admin).json
        for record in page["records"]:
            records.setdefault(record["id"], []).append(record)
        if len(page["records"]) < 500:
            break
        after = "&after=" + page["records"][-1]["id"]
    tap.ok(all(len(records.get(i, [])) == 1 and records[i][0]["first_name"] == wanted[i]
               for i in acked),
           "every acknowledged record is there once, with what was pushed",
           [i for i in acked if len(records.get(i, [])) != 1][:5])
    names = [r[0]["first_name"] for r in records.values()]
    tap.equal(len(names), len(set(names)), "no record was made twice")

    feed, cursor, more = [], "0", True
    while more:
        page = server.request("GET", f"changes?since={cursor}&limit=500", token=admin).json
        feed.extend(change["id"] for change in page["changes"] if change["entity"] == "contact")
        cursor, more = page["cursor"], page["more"]
    tap.ok(all(feed.count(i) == 1 for i in acked), "each is in the changes feed once")
    print(f"# {len(acked)} ops in {elapsed:.1f} s; {before_crash} acknowledged before the crash;"
          f" {len(errors)} answers during it: {sorted(set(map(str, errors)))[:6]}", flush=True)
finally:
    if server is not None:
        server.close()
    cluster("stop", url)
tap.done()
