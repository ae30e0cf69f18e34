#!/usr/bin/env python3
"""A restart keeps everything; SIGKILL during a stream of pushes loses no
acknowledged op, and replaying them afterwards writes nothing twice."""

import signal
import threading
import time

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server(users={"admin": "admin", "rep": "rep"})
try:
    server.login("admin")
    server.login("rep")
    admin, rep = server.tokens["admin"], server.tokens["rep"]

    for i in range(20):
        server.request("POST", "contacts", {"first_name": f"Before {i}"}, token=admin)
    record_id = new_id()
    server.push(rep, op("deal", record_id, "create", 0, {"title": (None, "Restart me")}))
    server.request("DELETE", f"deals/{record_id}", token=admin)
    feed = server.request("GET", "changes?since=0&limit=1000", token=admin).json
    history = server.request("GET", f"deals/{record_id}/history", token=admin).json

    server.restart()
    tap.equal(server.request("GET", "changes?since=0&limit=1000", token=admin).json, feed,
              "after a restart the changes feed is the same, tombstones included")
    tap.equal(server.request("GET", f"deals/{record_id}/history", token=admin).json, history,
              "and so is history")
    tap.equal(server.request("GET", "me", token=rep).status, 200, "tokens survive a restart")

    # A stream of pushes, killed without warning.
    acknowledged = []
    sent = []
    stop = threading.Event()

    def pusher():
        n = 0
        while not stop.is_set():
            ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"Stream {n}-{k}")})
                   for k in range(3)]
            sent.append(ops)
            try:
                response = server.push(rep, *ops)
            except OSError:
                break
            if response.status != 200:
                break
            acknowledged.append((ops, response.json["results"]))
            n += 1

    thread = threading.Thread(target=pusher)
    thread.start()
    time.sleep(1.0)
    server.stop(signal.SIGKILL)
    stop.set()
    thread.join()
    tap.ok(len(acknowledged) > 10, f"{len(acknowledged)} pushes were acknowledged before the kill")

    server.start()
    missing = []
    for ops, results in acknowledged:
        for pushed, result in zip(ops, results):
            got = server.request("GET", f"contacts/{pushed['id']}", token=admin)
            if got.status != 200 or got.json != result["record"]:
                missing.append(pushed["id"])
    tap.equal(missing, [], "every acknowledged op is in the database, as acknowledged")

    cursor = server.request("GET", "changes?since=0&limit=1000", token=admin).json
    replayed_same = True
    for ops, results in acknowledged:
        response = server.push(rep, *ops)
        if response.json["results"] != results:
            replayed_same = False
    tap.ok(replayed_same, "replaying the acknowledged ops answers their stored results")
    after = server.request("GET", "changes?since=0&limit=1000", token=admin).json
    tap.equal(after["cursor"], cursor["cursor"], "and writes nothing")

    # The op in flight when the server died is either done or not: a retry settles it.
    last = sent[-1]
    response = server.push(rep, *last)
    tap.ok(all(r["status"] in ("applied", "merged") for r in response.json["results"]),
           "the op in flight at the kill applies exactly once on retry", response.json)
    tap.ok(all(server.request("GET", f"contacts/{o['id']}/history", token=admin).json["history"].__len__() == 1
               for o in last), "with one history entry each")
finally:
    server.close()
tap.done()
