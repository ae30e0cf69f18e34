#!/usr/bin/env python3
"""Text that must never reach the store, text that must always leave it as
JSON, and records the server cannot read: one user's input, or one damaged
row, must never stop the team's sync (every page of the feed stays valid
JSON that any client accepts)."""

import json
import sqlite3

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()

FEED_CAP = 64 * 1024 * 1024   # RAPPORT_SYNC_MAX_RESPONSE, what a client accepts
PAGE_BYTES = 8 * 1024 * 1024  # RAPPORT_BACKEND_PAGE_BYTES


def strict_strings(value):
    """Every string of a parsed document, checked to be text a replica can
    store: UTF-8 without lone surrogates and without NUL."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strict_strings(key)
            yield from strict_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strict_strings(item)
    elif isinstance(value, str):
        yield value


def is_strict_json(raw):
    """What a strict client accepts: UTF-8, JSON without raw control
    characters (json.loads is strict about those), and no string that is not
    text."""
    try:
        document = json.loads(raw.decode("utf-8"))
        for text in strict_strings(document):
            text.encode("utf-8")
            if "\x00" in text:
                return False
        return True
    except (UnicodeError, ValueError):
        return False


def count(server, token, table):
    return len(server.request("GET", f"{table}?limit=1000", token=token).json["records"])


def whole_feed(server, token, limit=None):
    """Pages through the feed; returns (pages' raw bodies, changes)."""
    cursor, bodies, changes = "0", [], []
    while True:
        query = f"changes?since={cursor}" + (f"&limit={limit}" if limit else "")
        response = server.request("GET", query, token=token, timeout=120)
        bodies.append(response.raw)
        if response.status != 200 or response.json is None:
            return bodies, None
        changes += response.json["changes"]
        cursor = response.json["cursor"]
        if not response.json["more"]:
            return bodies, changes


server = Server()
try:
    tokens = server.login_all()
    admin, manager, rep = tokens["admin"], tokens["manager"], tokens["rep"]

    # 1. Control characters, NUL and lone surrogates are refused at the field,
    #    through REST and push alike, and nothing is stored.
    tasks_before = count(server, admin, "tasks")
    contacts_before = count(server, admin, "contacts")
    refused = [
        ("tasks", b'{"title": "Call back\\u001fJohn"}', "title"),
        ("tasks", b'{"title": "Bell\\u0007"}', "title"),
        ("contacts", b'{"first_name": "a\\u0000b"}', "first_name"),
        ("contacts", b'{"first_name": "x", "emails": [{"value": "a\\ud800b@x.example"}]}', "emails"),
        ("contacts", b'{"first_name": "x", "emails": [{"label": "w\\u0001", "value": "a@x.example"}]}', "emails"),
        ("contacts", b'{"first_name": "x\\udc00y"}', "first_name"),
        ("contacts", b'{"first_name": "x\\ud83dy"}', "first_name"),
        ("contacts", b'{"first_name": "x", "tags": ["a\\u001bb"]}', "tags"),
        ("contacts", b'{"first_name": "x", "notes": "one\\u000btwo"}', "notes"),
        ("contacts", b'{"first_name": "x", "lifecycle": "lead\\u0000"}', "lifecycle"),
    ]
    for table, body, field in refused:
        response = server.request("POST", table, raw=body, token=admin)
        tap.ok(response.status == 422 and response.error_field() == field and is_strict_json(response.raw),
               f"POST /{table} {body.decode()} is refused at “{field}”", repr(response))
    tap.equal(count(server, admin, "tasks"), tasks_before, "no refused task was stored")
    tap.equal(count(server, admin, "contacts"), contacts_before, "no refused contact was stored")

    kept_id = new_id()
    bad_id = new_id()
    body = ('{"ops": [%s, %s]}' % (
        json.dumps(op("contact", kept_id, "create", 0, {"first_name": (None, "Kept")})),
        json.dumps(op("contact", bad_id, "create", 0, {"first_name": (None, "PLACEHOLDER")})))
    ).replace("PLACEHOLDER", "a\\u0000b").encode()
    response = server.request("POST", "push", raw=body, token=rep)
    results = response.json["results"] if response.status == 200 else []
    tap.ok(len(results) == 2 and results[0]["status"] == "applied" and
           results[1]["status"] == "rejected" and results[1]["error"]["field"] == "first_name",
           "a push with a NUL rejects that op at its field and applies the other", repr(response))
    tap.equal(server.request("GET", f"contacts/{bad_id}", token=rep).status, 404,
              "the refused op stored nothing")

    # A NUL no longer cuts a login name short.
    response = server.request("POST", "auth/login", raw=b'{"user": "rep\\u0000xyz", "password": "correct-horse-battery"}')
    tap.ok(response.status in (401, 422), "“rep\\u0000xyz” does not sign in as rep", repr(response))

    # 2. What is text passes untouched: every class of code point through
    #    create, read, the feed and a list.
    samples = {
        "tab, newline, return": "a\tb\nc\r\nd",
        "quotes and backslashes": "\" \\ / \\u0041",
        "Latin accents": "Müller Bergmann & Söhne",
        "Chinese": "张三丰 采购经理",
        "emoji (surrogate pair in JSON)": "deal \U0001F91D done",
        "DEL and C1 controls": "a\x7fb\x85c\x9fd",
        "line and paragraph separators": "a\u2028b\u2029c",
        "byte order mark and noncharacters": "\ufeffa\ufffeb\uffff",
        "last code point": "\U0010FFFD",
    }
    created = {}
    for name, text in samples.items():
        response = server.request("POST", "contacts", {"first_name": "Sample", "notes": text}, token=admin)
        ok = response.status == 201 and response.json["notes"] == text and is_strict_json(response.raw)
        tap.ok(ok, f"{name}: stored and answered as it was typed", repr(response))
        if ok:
            created[response.json["id"]] = text
            again = server.request("GET", f"contacts/{response.json['id']}", token=rep)
            tap.ok(again.json is not None and again.json["notes"] == text and is_strict_json(again.raw),
                   f"{name}: read back the same", repr(again))
    bodies, changes = whole_feed(server, rep)
    tap.ok(changes is not None and all(is_strict_json(b) for b in bodies), "the feed is strict JSON")
    in_feed = {c["id"]: c["record"].get("notes") for c in changes or [] if not c["deleted"] and c["entity"] == "contact"}
    tap.ok(all(in_feed.get(i) == t for i, t in created.items()), "the feed carries every sample as typed")

    # 3. Pages are bounded by bytes: 120 contacts whose notes are 100,000
    #    characters that JSON writes as six bytes each (U+007F) once made a
    #    72 MB page that every client refused.
    big = "\x7f" * 100000
    for i in range(120):
        response = server.request("POST", "contacts", {"first_name": f"Big {i}", "notes": big}, token=admin)
        if response.status != 201:
            tap.ok(False, "a contact with 100,000 characters of notes is accepted", repr(response))
            break
    bodies, changes = whole_feed(server, rep)
    largest = max(len(b) for b in bodies)
    tap.ok(changes is not None and largest <= PAGE_BYTES + 1024 * 1024,
           f"every feed page stays under {PAGE_BYTES + 1024 * 1024} bytes (largest {largest})")
    tap.ok(largest < FEED_CAP, "no page is larger than a client accepts")
    tap.equal(sum(1 for c in changes or [] if c.get("record") and c["record"].get("first_name", "").startswith("Big ")),
              120, "paging by bytes still delivers all 120")
    seqs = [c["seq"] for c in changes or []]
    tap.ok(seqs == sorted(set(seqs)), "no change twice, none out of order")
    bodies, changes = whole_feed(server, rep, limit=1000)
    tap.ok(changes is not None and max(len(b) for b in bodies) <= PAGE_BYTES + 1024 * 1024,
           "limit=1000 is bounded by bytes too")
    response = server.request("GET", "contacts?limit=1000", token=rep, timeout=120)
    tap.ok(response.status == 200 and len(response.raw) <= PAGE_BYTES + 1024 * 1024 and
           response.json["next"] is not None, "a REST list page is bounded by bytes and says what follows")

    # 4. An op result stored with a control character (its base) replays as JSON.
    target = server.request("POST", "contacts", {"first_name": "Base"}, token=rep).json
    replay = op("contact", target["id"], "update", target["version"], {"title": ("\x1f", "Buyer")})
    first = server.push(rep, replay)
    second = server.push(rep, replay)
    tap.ok(first.status == 200 and second.status == 200 and is_strict_json(second.raw) and
           second.json["results"] == first.json["results"], "a replayed op answers the same valid JSON",
           f"{first!r} / {second!r}")

    # SQLite only: on PostgreSQL only the server writes the text column.
    if server.backend == "sqlite":
        # 5. Damaged rows: one written by an older server with a raw control
        #    character, one that is no JSON at all, one whose text is not UTF-8.
        owned = {}
        for name in ("raw", "broken", "bytes"):
            record = server.request("POST", "contacts", {"first_name": f"Damaged {name}", "owner_id": server.user_ids["rep2"]},
                                    token=admin).json
            owned[name] = record
        server.stop()
        db = sqlite3.connect(server.database)
        db.execute("UPDATE records SET data = ? WHERE id = ?",
                   (json.dumps(owned["raw"]).replace("Damaged raw", "Damaged\x1fraw"), owned["raw"]["id"]))
        db.execute("UPDATE records SET data = ? WHERE id = ?", ('{"id": "' + owned["broken"]["id"] + '", "first_', owned["broken"]["id"]))
        db.execute("UPDATE records SET data = CAST(? AS BLOB) WHERE id = ?",
                   (json.dumps(owned["bytes"]).encode().replace(b"Damaged bytes", b"Damaged \xc0\xaf bytes"), owned["bytes"]["id"]))
        db.commit()
        db.close()
        server.start()
        tokens = server.login_all()
        admin, manager, rep = tokens["admin"], tokens["manager"], tokens["rep"]

        bodies, changes = whole_feed(server, rep, limit=50)
        tap.ok(changes is not None and all(is_strict_json(b) for b in bodies),
               "with damaged rows stored, every feed page is still strict JSON")
        by_id = {c["id"]: c for c in changes or []}
        tap.equal(by_id.get(owned["raw"]["id"], {}).get("record", {}).get("first_name"), "Damaged\x1fraw",
                  "a raw control character stored by an older server is served escaped")
        tap.equal(by_id.get(owned["bytes"]["id"], {}).get("record", {}).get("first_name"), "Damaged \ufffd\ufffd bytes",
                  "bytes that are not UTF-8 are served as U+FFFD")
        tap.ok(owned["broken"]["id"] not in by_id, "a record that is no JSON is not served")

        broken = owned["broken"]["id"]
        response = server.request("GET", f"contacts/{broken}", token=rep)
        tap.ok(response.status == 409 and response.error_code() == "damaged_record", "GET of it says it is damaged",
               repr(response))
        response = server.request("PATCH", f"contacts/{broken}", {"title": "Mine now"}, token=rep)
        tap.ok(response.status == 409 and response.error_code() == "damaged_record",
               "a rep cannot take a damaged record for unowned (REST)", repr(response))
        response = server.push(rep, op("contact", broken, "update", 1, {"owner_id": (None, server.user_ids["rep"])}))
        result = response.json["results"][0] if response.status == 200 else {}
        tap.ok(result.get("status") == "rejected" and result["error"]["code"] == "damaged_record",
               "nor by a push", repr(response))
        response = server.request("DELETE", f"contacts/{broken}", token=rep)
        tap.ok(response.status == 409, "a rep cannot delete it", repr(response))

        listed = server.request("GET", "damaged", token=admin)
        tap.ok(listed.status == 200 and [d["id"] for d in listed.json["damaged"]] == [broken],
               "GET /damaged lists it for an admin", repr(listed))
        tap.equal(server.request("GET", "damaged", token=rep).status, 403, "and for nobody else")
        check = server.cli("check", check=False)
        tap.ok(check.returncode == 1 and broken in check.stdout and "1 record cannot be read" in check.stderr,
               "rapport-server check lists it and exits 1", check.stdout + check.stderr)

        response = server.request("DELETE", f"contacts/{broken}", token=manager)
        tap.equal(response.status, 204, "a manager deletes it")
        tap.equal(server.request("GET", "damaged", token=admin).json["damaged"], [], "and it is no longer listed")
        check = server.cli("check", check=False)
        tap.ok(check.returncode == 0 and "all can be read" in check.stderr, "check is clean again", check.stderr)

    # 6. Error bodies are UTF-8 even when the path is not.
    for path in ("/api/v1/contacts/%C0%AF", "/api/v1/%FF%FE", "/api/v1/contacts/%C3"):
        response = server.request("GET", path, token=rep)
        tap.ok(response.status in (400, 404) and is_strict_json(response.raw), f"GET {path} answers strict JSON",
               repr(response.raw[:200]))
finally:
    server.close()
tap.done()
