#!/usr/bin/env python3
"""Two server processes on one PostgreSQL database behind nginx, set up as
the README says, with clients that only ever talk to nginx: a login on one
process gives a token the other takes, and a logout ends it on both;
failed logins count together; 8 pushers and 2 feed readers at once lose,
repeat and skip nothing; an op replayed through the proxy gets its stored
result from either process, not a second write; and two real clients
(rapport-cli) converge through it.

Usage: test_pg_proxy.py RAPPORT-SERVER SOURCE-ROOT [RAPPORT-CLI]"""

import json
import shutil
import sys
import tempfile

import feed_traffic
import proxy
from rapport_server_test import BACKEND, PASSWORD, Server, Tap, new_id, op

if BACKEND != "postgresql":
    print("1..0 # SKIP PostgreSQL only: several processes on one database")
    raise SystemExit(0)
if proxy.NGINX is None:
    print(f"1..0 # SKIP {proxy.MISSING}")
    raise SystemExit(0)
CLI = sys.argv[3] if len(sys.argv) > 3 else None

PUSHERS, PUSHES, OPS_PER_PUSH, PAGE = 8, 15, 4, 7


def ports_since(front, start, method, path_start):
    """The processes that answered @method requests under @path_start since
    the @start-th request nginx passed on."""
    return {port for m, path, _, ports in front.upstreams()[start:]
            if m == method and path.startswith(path_start) for port in ports}


tap = Tap()
first = Server(users={**feed_traffic.users(PUSHERS), "li.na": "manager", "wang.fang": "manager",
                     "zhao.lei": "rep"})
second = Server(users={}, database=first.database)
both = {first.port, second.port}
front = proxy.Proxy([first.port, second.port])
home = tempfile.mkdtemp(prefix="rapport-proxy-test-")
try:
    # Logins and tokens, whichever process answers.
    logins = [front.login("admin") for _ in range(4)]
    tap.equal([response.status for response in logins], [200] * 4, "4 logins through nginx: 200")
    tap.equal(ports_since(front, 0, "POST", "/api/v1/auth/login"), both,
              "both processes answered logins")
    tokens = [response.json["token"] for response in logins]
    tap.equal([server.request("GET", "me", token=token).status
               for token in tokens for server in (first, second)], [200] * 8,
              "each token works on both processes")
    start = len(front.upstreams())
    tap.equal([front.request("GET", "me", token=tokens[0]).status for _ in range(4)], [200] * 4,
              "one token, 4 requests through nginx: 200")
    tap.equal(ports_since(front, start, "GET", "/api/v1/me"), both, "both processes took it")
    tap.equal(front.request("POST", "auth/logout", token=tokens[1]).status, 204,
              "a logout through nginx")
    tap.equal([server.request("GET", "me", token=tokens[1]).status for server in (first, second)],
              [401, 401], "ends that token on both processes")
    admin = tokens[0]
    # Failed logins count on whichever process checked them.
    statuses = [front.request("POST", "auth/login",
                              {"user": "zhao.lei", "password": f"guess-{i}"}).status
                for i in range(6)]
    tap.equal(statuses, [401] * 5 + [429], "6 wrong passwords through nginx: the 6th is refused")

    # Pushers and feed readers, all through nginx (before any record is
    # written twice: the check of holes in the sequence assumes none).
    start = len(front.upstreams())
    acked, failures, feeds, elapsed = feed_traffic.run([front], [front], admin, PUSHERS, PUSHES,
                                                       OPS_PER_PUSH, PAGE)
    feed_traffic.check(tap, acked, failures, feeds, feed_traffic.whole_feed(front, admin),
                       PUSHERS * PUSHES * OPS_PER_PUSH)
    tap.equal((ports_since(front, start, "POST", "/api/v1/push"),
               ports_since(front, start, "GET", "/api/v1/changes")), (both, both),
              "both processes took pushes and feed pages")
    print(f"# {len(acked)} ops through nginx in {elapsed:.1f} s;"
          f" readers read {len(feeds[0])} and {len(feeds[1])} changes", flush=True)

    # A replayed op gets the stored result, whichever process answers.
    record_id = new_id()
    created = front.push(admin, op("contact", record_id, "create", 0,
                                   {"first_name": (None, "Replayed")}))
    update = op("contact", record_id, "update", 1, {"title": (None, "Buyer")})
    start = len(front.upstreams())
    answers = [front.push(admin, update) for _ in range(4)]
    tap.ok(created.status == 200 and created.json["results"][0]["status"] == "applied",
           "a create pushed through nginx is applied", created)
    tap.ok(all(answer.status == 200 for answer in answers) and
           answers[0].json["results"][0]["status"] == "applied" and
           all(answer.json["results"] == answers[0].json["results"] for answer in answers[1:]),
           "an update sent 4 times: each answer is the first one's", answers)
    tap.equal(ports_since(front, start, "POST", "/api/v1/push"), both,
              "both processes answered it")
    stored = front.request("GET", f"contacts/{record_id}", token=admin).json
    tap.equal((stored["version"], stored["title"]), (2, "Buyer"), "it was written once: version 2")

    # Two real clients sync through nginx and end with the same record.
    if CLI is None:
        tap.ok(True, "# SKIP no rapport-cli (built with -Dcli=false)")
    else:
        from cli_client import Client

        url = f"http://127.0.0.1:{front.port}"
        clients = []
        for name in ("li.na", "wang.fang"):
            client = Client(CLI, tempfile.mkdtemp(dir=home))
            client.run("login", "--server", url, "--user", name, "--password-stdin",
                       stdin=PASSWORD + "\n")
            clients.append(client)
        li, wang = clients
        added = li.run("add", "contact", "--set", "first_name=Zhou", "--set", "last_name=Min")
        contact = added.stdout.strip()
        results = [li.sync()[0], wang.sync()[0]]
        wang.run("update", "contact", contact, "--set", "title=Purchasing")
        li.run("update", "contact", contact, "--set", "last_name=Min-Hui")
        results += [wang.sync()[0], li.sync()[0], wang.sync()[0]]
        tap.equal(results, [0] * 5, "5 syncs of 2 clients through nginx succeed")
        seen = [json.loads(client.run("--json", "get", "contact", contact).stdout or "{}")
                for client in clients]
        tap.ok(all((record.get("last_name"), record.get("title")) == ("Min-Hui", "Purchasing")
                   for record in seen) and seen[0].get("version") == seen[1].get("version") == 3,
               "both clients hold the record with both edits, version 3",
               [(r.get("last_name"), r.get("title"), r.get("version")) for r in seen])
finally:
    front.stop()
    second.close()
    first.close()
    shutil.rmtree(home, ignore_errors=True)
tap.done()
