#!/usr/bin/env python3
"""A merge of 5 contacts with 1,000 child records each, on the real server
(SPEC.md §5.3): the milliseconds of the one push that merges, printed next
to pushing 1,000 new records in the same run, on the same server.

Usage: bench_merge.py RAPPORT-SERVER SOURCE-ROOT [CHILDREN]
RAPPORT_TEST_BACKEND=postgresql with RAPPORT_TEST_POSTGRESQL runs it on
PostgreSQL (tests/server/pg-cluster.sh)."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))

from rapport_server_test import Server, new_id, op  # noqa: E402

CHILDREN = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
BATCH = 500


def push_all(server, token, ops):
    """Pushes @ops in batches; returns the seconds it took."""
    start = time.perf_counter()
    for i in range(0, len(ops), BATCH):
        response = server.push(token, *ops[i:i + BATCH])
        assert response.status == 200, response
        assert all(r["status"] == "applied" for r in response.json["results"]), response
    return time.perf_counter() - start


def activity(contact):
    return op("activity", new_id(), "create", 0,
              {"kind": (None, "call"), "subject": (None, "Follow-up"), "contact_id": (None, contact)})


server = Server()
try:
    token = server.login_all()["manager"]
    contacts = [new_id() for _ in range(5)]
    push_all(server, token, [op("contact", c, "create", 0, {"first_name": (None, "Ana"),
                                                             "last_name": (None, "Ribeiro")})
                             for c in contacts])
    baseline = push_all(server, token, [activity(contacts[0]) for _ in range(CHILDREN)])
    for contact in contacts[1:]:
        push_all(server, token, [activity(contact) for _ in range(CHILDREN)])

    merge = op("merge_event", new_id(), "create", 0,
               {"object": (None, "contact"), "master_id": (None, contacts[0]),
                "loser_ids": (None, json.dumps(contacts[1:]))})
    start = time.perf_counter()
    response = server.push(token, merge)
    merged = time.perf_counter() - start
    result = response.json["results"][0]
    assert result["status"] == "applied", result
    moved = json.loads(result["record"]["moved_counts"])
    assert moved == {"activity": 4 * CHILDREN}, moved

    print(f"# backend: {server.backend}")
    print(f"push of {CHILDREN:,} new records:           {baseline * 1000:8.1f} ms")
    print(f"merge of 5 contacts, {4 * CHILDREN:,} records moved: {merged * 1000:8.1f} ms"
          f" ({merged / baseline:.1f}× the push)")
finally:
    server.close()
