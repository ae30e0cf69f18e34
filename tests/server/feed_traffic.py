"""Concurrent pushers and changes-feed readers, and what they must find:
every acknowledged op in each reader's feed exactly once, no change
skipped, no hole in the sequence. Used by test_pg_feed_gap.py (two server
processes) and test_pg_proxy.py (the same through nginx)."""

import threading
import time

from rapport_server_test import new_id, op


def users(pushers):
    """One user per pusher, as a server takes one push at a time from each
    user, and an admin who reads the feed."""
    return {"admin": "admin", **{f"pusher{n}": "manager" for n in range(pushers)}}


def run(pusher_targets, reader_targets, admin_token, pushers, pushes, ops_per_push, page,
        readers=2):
    """Pusher n pushes through pusher_targets[n % len], reader n pages
    through reader_targets in turn from its n-th, never restarting, until
    one walk to the end after the pushers are done. Returns (ids of the
    acknowledged ops' records, failures, each reader's (seq, id) list,
    seconds)."""
    acked, failures = [], []
    pushing = threading.Event()
    pushing.set()
    lock = threading.Lock()

    def pusher(n):
        target = pusher_targets[n % len(pusher_targets)]
        token = target.login(f"pusher{n}").json["token"]
        for push in range(pushes):
            ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"P{n}-{push}-{i}")})
                   for i in range(ops_per_push)]
            response = target.push(token, *ops)
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
        cursor, turn, caught_up = "0", n, False
        while True:
            done = not pushing.is_set()
            answer = reader_targets[turn % len(reader_targets)].request(
                "GET", f"changes?since={cursor}&limit={page}", token=admin_token).json
            turn += 1
            seen.extend((change["seq"], change["id"]) for change in answer["changes"])
            cursor = answer["cursor"]
            if not answer["more"]:
                if caught_up:
                    return
                # Once the pushers are done, one more walk to the end.
                caught_up = done
                time.sleep(0.01)

    feeds = [[] for _ in range(readers)]
    reader_threads = [threading.Thread(target=reader, args=(n, feeds[n])) for n in range(readers)]
    pusher_threads = [threading.Thread(target=pusher, args=(n,)) for n in range(pushers)]
    started = time.monotonic()
    for thread in reader_threads + pusher_threads:
        thread.start()
    for thread in pusher_threads:
        thread.join()
    pushing.clear()
    for thread in reader_threads:
        thread.join()
    return acked, failures, feeds, time.monotonic() - started


def whole_feed(target, token):
    """The seq of every change from the start, in large pages."""
    seqs, cursor, more = [], "0", True
    while more:
        answer = target.request("GET", f"changes?since={cursor}&limit=500", token=token).json
        seqs.extend(change["seq"] for change in answer["changes"])
        cursor, more = answer["cursor"], answer["more"]
    return seqs


def check(tap, acked, failures, feeds, final, expected):
    """@final: whole_feed() once everything is done; @expected: ops sent."""
    tap.equal(failures, [], "every push is applied")
    tap.equal(len(acked), expected, "every op is acknowledged")
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
