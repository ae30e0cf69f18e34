#!/usr/bin/env python3
"""Case numbers: the server gives each new case C-YYYY-NNNNN in the
transaction that creates it, in order, from a counter per year that a
delete never turns back; REST answers and push results carry it, the feed
brings it; a client's value is refused over REST (422 naming the field)
and ignored in a push; parallel creates through push and REST, from two
server processes on one database, never share a number; a restored case
keeps its number; cases stored before numbers existed get theirs, oldest
first per year, as new versions that come down the feed."""

import re
import sqlite3
import subprocess
import threading

from rapport_server_test import SERVER, HttpClient, Server, Tap, new_id, op

NUMBER = re.compile(r"^C-(\d{4})-(\d{5,})$")

tap = Tap()
server = Server()
second = None
try:
    tokens = server.login_all()
    manager = tokens["manager"]

    def rest_case(subject, token=manager, **fields):
        return server.request("POST", "cases", {"subject": subject, **fields}, token=token)

    def counter(number):
        match = NUMBER.match(number or "")
        return (int(match.group(1)), int(match.group(2))) if match else None

    made = [rest_case(f"Printer jam {i}").json for i in range(3)]
    year = int(made[0]["created_at"][:4])
    tap.equal([m.get("number") for m in made],
              [f"C-{year}-00001", f"C-{year}-00002", f"C-{year}-00003"],
              "REST: new cases get C-<year created>-00001, 00002, 00003 in order")
    tap.equal(server.request("GET", f"cases/{made[1]['id']}", token=manager).json.get("number"),
              f"C-{year}-00002", "REST: the number reads back")
    feed = server.request("GET", "changes?since=0&limit=1000", token=manager).json
    in_feed = {c["id"]: c["record"].get("number") for c in feed["changes"] if c["entity"] == "case"}
    tap.equal(in_feed.get(made[2]["id"]), f"C-{year}-00003", "the changes feed carries the number")

    pushed_id = new_id()
    result = server.push(manager, op("case", pushed_id, "create", 0,
                                     {"subject": (None, "Pushed from a laptop")})).json["results"][0]
    tap.equal((result["status"], result["record"].get("number")), ("applied", f"C-{year}-00004"),
              "push: the result's record carries the next number")
    result = server.push(manager, op("case", pushed_id, "update", 1,
                                     {"priority": ("normal", "high")})).json["results"][0]
    tap.equal(result["record"].get("number"), f"C-{year}-00004", "an edit keeps the number")

    # A client's number: refused over REST, naming the field, changing nothing.
    response = rest_case("Mine", number="C-1999-99999")
    tap.equal((response.status, response.error_code(), response.error_field()),
              (422, "read_only", "number"), "REST create with a number: 422 naming “number”")
    response = server.request("PATCH", f"cases/{made[0]['id']}", {"number": f"C-{year}-00002"},
                              token=manager)
    tap.equal((response.status, response.error_code(), response.error_field()),
              (422, "read_only", "number"), "REST edit of the number: 422 naming “number”")
    tap.equal(server.request("GET", f"cases/{made[0]['id']}", token=manager).json.get("number"),
              f"C-{year}-00001", "the refused edit changed nothing")
    # ... and ignored in a push, which only a restore sends it in.
    result = server.push(manager, op("case", new_id(), "create", 0,
                                     {"subject": (None, "Claims a number"),
                                      "number": (None, "C-1999-99999")})).json["results"][0]
    tap.equal((result["status"], result["conflicts"], result["record"].get("number")),
              ("applied", [], f"C-{year}-00005"),
              "push: a pushed number is ignored and the next one given (refusals used none up)")
    result = server.push(manager, op("case", made[0]["id"], "update", made[0]["version"],
                                     {"number": (f"C-{year}-00001", "C-1999-00001")})).json["results"][0]
    tap.equal((result["status"], result["conflicts"], result["record"].get("number")),
              ("applied", [], f"C-{year}-00001"), "push: an edit of the number is no change, no conflict")

    # Deleting never gives a number back; restoring keeps it.
    last = rest_case("To be deleted").json
    tap.equal(last.get("number"), f"C-{year}-00006", "the next case is 00006")
    response = server.request("DELETE", f"cases/{last['id']}", token=manager)
    tap.equal(response.status, 204, "it is deleted")
    tap.equal(rest_case("After the delete").json.get("number"), f"C-{year}-00007",
              "the case after a delete is 00007: 00006 is not reused")
    restored = rest_case("To be deleted", id=last["id"])
    tap.equal((restored.status, restored.json.get("number")), (201, f"C-{year}-00006"),
              "a restored case has its old number again")

    # Parallel creates, REST and push, from every user and from a second
    # server process on the same database file.
    second = subprocess.Popen([SERVER, "serve", "--database", server.database, "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    second_port = int(re.search(r":(\d+)", second.stdout.readline()).group(1))
    numbers, failures, lock = [], [], threading.Lock()

    def create_many(name, port):
        client = HttpClient(port)
        for i in range(6):
            if i % 2:
                response = client.request("POST", "cases", {"subject": f"{name} {i}"},
                                          token=tokens[name], timeout=40)
                number = response.json.get("number") if response.status == 201 else None
            else:
                response = client.push(tokens[name], op("case", new_id(), "create", 0,
                                                        {"subject": (None, f"{name} {i}")}))
                results = (response.json or {}).get("results") or [{}]
                number = (results[0].get("record") or {}).get("number")
            with lock:
                (numbers if number else failures).append(number or (name, response.status))

    threads = [threading.Thread(target=create_many, args=(name, port))
               for name in tokens for port in (server.port, second_port)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    tap.equal(failures, [], "every parallel create succeeded")
    tap.equal(len(numbers), 6 * 2 * len(tokens), "every parallel create has a number")
    tap.equal(len(set(numbers)), len(numbers), "no two parallel creates share a number")
    tap.equal(sorted(counter(n)[1] for n in numbers), list(range(8, 8 + len(numbers))),
              "and together they take the next numbers, none skipped")
    second.terminate()
    second.wait(10)
    second.stdout.close()
    second = None

    # Old SQLite files only: PostgreSQL databases start with numbers.
    if server.backend == "sqlite":
        # A database from before numbers: strip them and the counters, and put
        # some cases in another year, created out of id order.
        live = server.request("GET", "cases?limit=500", token=manager).json["records"]
        cursor = server.request("GET", "changes?since=0&limit=1000", token=manager).json["cursor"]
        server.stop()
        db = sqlite3.connect(server.database)
        db.executescript("""
            UPDATE records SET data = json_remove(data, '$.number') WHERE entity = 'case';
            DROP TABLE numbers;
            DELETE FROM server_meta WHERE key = 'numbered.case';
            PRAGMA user_version = 3;
        """)
        old_ids = [made[2]["id"], made[0]["id"]]
        for n, case_id in enumerate(old_ids):
            db.execute("UPDATE records SET data = json_set(data, '$.created_at', ?)"
                       " WHERE entity = 'case' AND id = ?", (f"2025-0{n + 3}-01T09:00:00Z", case_id))
        db.commit()
        db.close()
        server.start()
        after = {c["id"]: c for c in server.request("GET", "cases?limit=500", token=manager).json["records"]}
        tap.equal([after[i].get("number") for i in old_ids], ["C-2025-00001", "C-2025-00002"],
                  "upgrade: the cases of 2025 are numbered by creation time, in their year")
        this_year = sorted((c for c in after.values() if c["id"] not in old_ids),
                           key=lambda c: (c["created_at"], c["id"]))
        tap.equal([c.get("number") for c in this_year],
                  [f"C-{year}-{n:05d}" for n in range(1, len(this_year) + 1)],
                  "upgrade: the others from 00001 on, by creation time")
        versions = {c["id"]: c["version"] for c in live}
        tap.ok(all(after[i]["version"] == versions[i] + 1 for i in versions),
               "upgrade: each numbered case is a new version")
        tail = server.request("GET", f"changes?since={cursor}&limit=1000", token=manager).json
        tap.equal(sorted(c["id"] for c in tail["changes"] if c["record"] and c["record"].get("number")),
                  sorted(versions), "upgrade: every case comes down the feed again, with its number")
        tap.equal(rest_case("After the upgrade").json.get("number"), f"C-{year}-{len(this_year) + 1:05d}",
                  "upgrade: new cases go on from there")
        server.restart()
        tap.equal(server.request("GET", f"cases/{old_ids[0]}", token=manager).json["version"],
                  versions[old_ids[0]] + 1, "a second start numbers nothing again")
finally:
    if second is not None:
        second.kill()
        second.wait()
        second.stdout.close()
    server.close()
tap.done()
