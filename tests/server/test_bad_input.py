#!/usr/bin/env python3
"""A battery of bad requests: each gets the right 4xx with the JSON error,
never a 500, and afterwards the server still answers with every earlier
record intact. Ends with slow and half-open connections."""

import http.client
import json
import os
import socket
import time

from rapport_server_test import Server, Tap, new_id, op
from server_connections import connection_battery

tap = Tap()
server = Server(extra_args=["--idle-timeout", "2"])
try:
    tokens = server.login_all()
    admin, rep = tokens["admin"], tokens["rep"]

    # Records that must come out of the battery unchanged.
    kept = []
    for i in range(5):
        response = server.request("POST", "contacts", {"first_name": f"Kept {i}", "tags": ["vip"]}, token=admin)
        kept.append(response.json)
    contact = kept[0]["id"]
    kept_company = server.request("POST", "companies", {"name": "Kept Ltd", "employees": 5}, token=admin).json
    kept.append(kept_company)

    def check(name, response, statuses, code=None, field=None):
        statuses = statuses if isinstance(statuses, (tuple, list, set)) else (statuses,)
        good = response.status in statuses and (response.status < 400 or response.is_error_shape())
        if good and code is not None:
            good = response.error_code() == code
        if good and field is not None:
            good = response.error_field() == field
        tap.ok(good, f"{name}: {response.status}", f"expected {statuses} {code or ''} {field or ''}, got {response!r}")

    def send(method, path, raw, content_type="application/json", token=admin, headers=None):
        return server.request(method, path, raw=raw, content_type=content_type, token=token,
                              headers=headers)

    # 1. Malformed JSON at every body-taking route.
    malformed = [b"{", b"}", b"[", b"{\"a\":", b"{\"a\" 1}", b"{\"a\": tru}",
                 b"nul", b"{\"a\": 1,}", b"[1, 2,]", b"{\"a\": \"unterminated}", b"\"\\x\"",
                 b"{\"a\": NaN}", b"{\"a\": Infinity}", b"{,}", b"{\"a\"::1}",
                 b"\x00", b"{\"a\": 1}}", b" ", b"undefined",
                 # json-glib 1.6 takes these; the server does not
                 b"{'a': 1}", b"{\"a\": 01}", b"{\"a\": \"\x01\"}", b"{\"a\": .5}", b"/* comment */ {}",
                 b"\xef\xbb\xbf{}"]
    routes = [("POST", "contacts"), ("POST", "push"), ("POST", "auth/login"),
              ("PATCH", f"contacts/{contact}")]
    for method, path in routes:
        for body in malformed:
            response = send(method, path, body)
            check(f"{method} /{path} with {body[:20]!r}", response, 400)

    # 2. A valid push truncated at many points.
    valid = json.dumps({"ops": [op("contact", new_id(), "create", 0,
                                   {"first_name": (None, "Trunc"), "title": (None, "X")})]}).encode()
    for cut in range(1, len(valid) - 1, max(1, len(valid) // 30)):
        check(f"push truncated at {cut}", send("POST", "push", valid[:cut]), 400, "invalid_json")
    check("empty body", send("POST", "push", b""), 400)

    # 3. Wrong types, top level and per field.
    for body in (b"[]", b"42", b"\"ops\"", b"null", b"true", b"{\"ops\": {}}", b"{\"ops\": \"x\"}",
                 b"{\"ops\": 5}", b"{\"ops\": null}", b"{}"):
        check(f"push body {body!r}", send("POST", "push", body), 400, "bad_request")
    for body in (b"[]", b"42", b"\"x\"", b"null"):
        check(f"create body {body!r}", send("POST", "contacts", body), 400, "bad_request")
        check(f"patch body {body!r}", send("PATCH", f"contacts/{contact}", body), 400, "bad_request")
    for body in ({"user": 5, "password": "x"}, {"user": "admin"}, {"password": "x"},
                 {"user": "", "password": "x"}, {"user": ["admin"], "password": "x"},
                 {"user": "admin", "password": None}):
        check(f"login with {body}", server.request("POST", "auth/login", body), 400, "bad_request")
    wrong_fields = [
        ("contacts", {"first_name": 5}, "first_name"), ("contacts", {"first_name": ["a"]}, "first_name"),
        ("contacts", {"first_name": {"a": 1}}, "first_name"), ("contacts", {"email_consent": "yes"}, "email_consent"),
        ("contacts", {"emails": "a@b.example"}, "emails"), ("contacts", {"emails": [{"value": 5}]}, "emails"),
        ("contacts", {"emails": [{"label": "w", "value": "not-an-email"}]}, "emails"),
        ("contacts", {"phones": [{"label": "w", "value": "call me"}]}, "phones"),
        ("contacts", {"tags": [1, 2]}, "tags"), ("contacts", {"tags": ""}, "tags"),
        ("contacts", {"birthday": "31/12/1999"}, "birthday"), ("contacts", {"birthday": "1999-02-30"}, "birthday"),
        ("contacts", {"lifecycle": "alien"}, "lifecycle"), ("contacts", {"first_name": None, "last_name": None}, "first_name"),
        ("companies", {"name": "X", "employees": "many"}, "employees"), ("companies", {"name": "X", "employees": -1}, "employees"),
        ("companies", {"name": "X", "employees": 1.5}, "employees"), ("companies", {"name": "X", "website": "ftp://x"}, "website"),
        ("companies", {"name": ""}, "name"), ("companies", {}, "name"),
        ("deals", {"title": "D", "amount": 100}, "currency"), ("deals", {"title": "D", "currency": "XXQ"}, "currency"),
        ("deals", {"title": "D", "probability": 101}, "probability"), ("deals", {"title": "D", "closed_at": "yesterday"}, "closed_at"),
        ("cases", {"subject": "S", "satisfaction": 6}, "satisfaction"), ("cases", {"subject": "S", "priority": "meh"}, "priority"),
        ("activities", {}, "kind"), ("activities", {"kind": "telepathy"}, "kind"),
        ("tasks", {"title": "T", "due_at": "2025-13-01T00:00:00Z"}, "due_at"), ("tasks", {"title": "x" * 301}, "title"),
    ]
    for table, body, field in wrong_fields:
        check(f"POST /{table} {str(body)[:40]}", server.request("POST", table, body, token=admin),
              422, field=field)
    for field, value in (("title", 5), ("lifecycle", "x"), ("company_id", "nope"), ("version", 9),
                         ("created_at", "2020-01-01T00:00:00Z"), ("updated_by", None)):
        check(f"PATCH contact {field}={value!r}",
              server.request("PATCH", f"contacts/{contact}", {field: value}, token=admin), 422, field=field)

    # Per-op shape errors are rejected results, the rest of the batch goes on.
    bad_ops = [
        ("not an object", 5, "bad_request"), ("no op_id", {"entity": "contact"}, "bad_request"),
        ("op_id not a UUID", {**op("contact", new_id(), "create", 0, {}), "op_id": "1"}, "bad_request"),
        ("unknown entity", op("widget", new_id(), "create", 0, {"a": (None, 1)}), "bad_request"),
        ("entity as table name", op("contacts", new_id(), "create", 0, {"a": (None, 1)}), "bad_request"),
        ("bad id", op("contact", "xyz", "create", 0, {"first_name": (None, "A")}), "bad_request"),
        ("unknown op", op("contact", new_id(), "upsert", 0, {"first_name": (None, "A")}), "bad_request"),
        ("base_version text", op("contact", contact, "update", "1", {"title": (None, "A")}), "bad_request"),
        ("base_version negative", op("contact", contact, "update", -1, {"title": (None, "A")}), "bad_request"),
        ("base_version huge", op("contact", contact, "update", 1e30, {"title": (None, "A")}), "bad_request"),
        ("update without base_version", {**op("contact", contact, "update", 0, {"title": (None, "A")}), "base_version": None}, "bad_request"),
        ("changes a list", {**op("contact", new_id(), "create", 0), "changes": [1]}, "bad_request"),
        ("change without new", {**op("contact", new_id(), "create", 0), "changes": {"title": {"base": None}}}, "bad_request"),
        ("change not an object", {**op("contact", new_id(), "create", 0), "changes": {"title": "x"}}, "bad_request"),
        ("op_id an object", {**op("contact", new_id(), "create", 0, {}), "op_id": {}}, "bad_request"),
        ("op_id a list", {**op("contact", new_id(), "create", 0, {}), "op_id": [1]}, "bad_request"),
        ("op_id a number", {**op("contact", new_id(), "create", 0, {}), "op_id": 5}, "bad_request"),
        ("entity an object", {**op("contact", new_id(), "create", 0, {}), "entity": {"a": 1}}, "bad_request"),
        ("entity a list", {**op("contact", new_id(), "create", 0, {}), "entity": []}, "bad_request"),
        ("id an object", {**op("contact", new_id(), "create", 0, {}), "id": {}}, "bad_request"),
        ("id a number", {**op("contact", new_id(), "create", 0, {}), "id": 7}, "bad_request"),
        ("op a list", {**op("contact", new_id(), "create", 0, {}), "op": ["create"]}, "bad_request"),
        ("op an object", {**op("contact", new_id(), "create", 0, {}), "op": {}}, "bad_request"),
        ("base_version an object", op("contact", contact, "update", {}, {"title": (None, "A")}), "bad_request"),
        ("unknown field", op("contact", new_id(), "create", 0, {"favourite_colour": (None, "blue")}), "unknown_field"),
        ("read-only field", op("contact", new_id(), "create", 0, {"version": (None, 7)}), "read_only"),
        ("bad value", op("contact", new_id(), "create", 0, {"first_name": (None, 1)}), "invalid_value"),
        ("missing required", op("company", new_id(), "create", 0, {"industry": (None, "x")}), "required"),
        ("rep writes a stage", op("stage", new_id(), "create", 0, {"name": (None, "x")}), "forbidden"),
    ]
    good_id = new_id()
    response = server.push(rep, *[o for _, o, _ in bad_ops],
                           op("contact", good_id, "create", 0, {"first_name": (None, "Fine")}))
    results = response.json["results"] if response.status == 200 else []
    tap.equal(len(results), len(bad_ops) + 1, "a push of bad ops answers one result per op")
    for (name, _, code), result in zip(bad_ops, results):
        tap.ok(result["status"] == "rejected" and result["error"]["code"] == code,
               f"op {name}: rejected with {code}", result)
    tap.equal(results[-1]["status"] if results else None, "applied", "the good op after them applies")

    # 4. Unknown entities, paths and methods.
    check("GET /contacts%00", server.request("GET", "contacts%00", token=admin), 400, "bad_request")
    for path in ("widgets", "contact", "Contacts", "../etc/passwd", "contacts/x/y/z",
                 f"contacts/{contact}/historyx", "auth", "auth/loginx", "changes/1", ""):
        check(f"GET /{path}", server.request("GET", path, token=admin), (400, 404))
    for method, path in (("PUT", "contacts"), ("DELETE", "contacts"), ("GET", "push"), ("GET", "auth/login"),
                         ("POST", "me"), ("POST", f"contacts/{contact}"), ("PATCH", "changes")):
        check(f"{method} /{path}", server.request(method, path, token=admin), 405, "method_not_allowed")

    # 5. Invalid UUIDs.
    for bad in ("123", "not-a-uuid", "01234567-89ab-cdef-0123-456789abcdefg", "%27%3B--",
                "00000000-0000-0000-0000-00000000000", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"):
        for method in ("GET", "PATCH", "DELETE"):
            response = server.request(method, f"contacts/{bad}", {} if method == "PATCH" else None, token=admin)
            check(f"{method} /contacts/{bad}", response, 400, "invalid_parameter", "id")
        check(f"history of {bad}", server.request("GET", f"contacts/{bad}/history", token=admin), 400)
    check("create with a bad id", server.request("POST", "contacts", {"id": "abc", "first_name": "A"}, token=admin),
          400, field="id")
    check("create with an existing id", server.request("POST", "contacts", {"id": contact, "first_name": "A"}, token=admin),
          409, "already_exists")

    # 6. Invalid UTF-8, in bodies, paths and queries.
    for body in (b"{\"first_name\": \"\xff\xfe\"}", b"{\"first_name\": \"\xc3\x28\"}",
                 b"{\"\xed\xa0\x80\": 1}", b"{\"first_name\": \"\xf8\x88\x80\x80\x80\"}"):
        check(f"create with bytes {body[:24]!r}", send("POST", "contacts", body), 400, "invalid_json")
        check(f"push with bytes {body[:24]!r}", send("POST", "push", body), 400, "invalid_json")
    check("unpaired surrogate escape", send("POST", "contacts", b"{\"first_name\": \"\\ud800\"}"), (201, 400, 422))
    check("path with %FF", server.request("GET", "contacts/%FF", token=admin), (400, 404))
    check("since with %FF", server.request("GET", "changes?since=%FF", token=admin), 400, "invalid_parameter", "since")
    check("after with %FF", server.request("GET", "contacts?after=%FF", token=admin), 400, "invalid_parameter", "after")

    # 7. SQL metacharacters go nowhere near SQL text.
    sql = ["'; DROP TABLE records; --", "\" OR 1=1 --", "1; DELETE FROM tokens", "x' OR 'x'='",
           "Robert'); DROP TABLE students;--"]
    for text in sql:
        response = server.request("POST", "contacts", {"first_name": text}, token=admin)
        tap.ok(response.status == 201 and response.json["first_name"] == text,
               f"SQL text {text!r} is stored as text", response)
        quoted = "".join("%%%02X" % b for b in text.encode())
        check(f"SQL in since {text!r}", server.request("GET", "changes?since=" + quoted, token=admin),
              400, "invalid_parameter")
        response = server.request("GET", "contacts?after=" + "".join("%%%02X" % b for b in text.encode()), token=admin)
        tap.ok(response.status == 200 and isinstance(response.json["records"], list),
               f"SQL in after {text!r} is just a key", response)
        check(f"SQL as login name {text!r}", server.request("POST", "auth/login", {"user": text}), 400)
    for params in ("limit=0", "limit=-1", "limit=abc", "limit=1001", "limit=99999999999999999999",
                   "limit=1e3", "limit=", "since=-1", "since=abc", "since=1.5", "since=99999999999999999999"):
        check(f"changes?{params}", server.request("GET", f"changes?{params}", token=admin), 400, "invalid_parameter")
    check("contacts?limit=5000", server.request("GET", "contacts?limit=5000", token=admin), 400, "invalid_parameter")

    # 8. Deep nesting: json-glib would overflow its stack.
    for name, body in (("100k arrays", b"[" * 100000 + b"]" * 100000),
                       ("100k objects", b"{\"a\":" * 100000 + b"1" + b"}" * 100000),
                       ("100k unclosed", b"[" * 100000),
                       ("65 levels", b"[" * 65 + b"]" * 65),
                       ("deep in a change", b"{\"ops\": [{\"changes\": {\"title\": {\"new\": " + b"[" * 5000 + b"]" * 5000 + b"}}}]}")):
        check(f"push with {name}", send("POST", "push", body), 400, "invalid_json")
        check(f"create with {name}", send("POST", "contacts", body), 400, "invalid_json")
    check("brackets inside strings do not count",
          send("POST", "contacts", json.dumps({"first_name": "[{", "notes": "[" * 1000 + "\\\"{" * 300}).encode()), 201)

    # 9. Oversized requests.
    def raw_exchange(head, body=b"", read_timeout=5):
        with socket.create_connection(("127.0.0.1", server.port), timeout=read_timeout) as s:
            s.sendall(head + body)
            data = b""
            while True:
                try:
                    chunk = s.recv(65536)
                except socket.timeout:
                    break
                if not chunk:
                    break
                data += chunk
        return data

    for length in (8 * 1024 * 1024 + 1, 100 * 1024 * 1024, 10 ** 15):
        started = time.monotonic()
        data = raw_exchange(b"POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            b"Authorization: Bearer " + admin.encode() + b"\r\n"
                            b"Content-Length: " + str(length).encode() + b"\r\n\r\n", b"{\"ops\": [")
        tap.ok(data.startswith(b"HTTP/1.1 413") and b"payload_too_large" in data and time.monotonic() - started < 3,
               f"Content-Length {length}: 413 before the body is read", data[:200])
    data = raw_exchange(b"POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n", b"5\r\n{\"a\":\r\n")
    tap.ok(data.startswith(b"HTTP/1.1 411") and b"length_required" in data, "a chunked body: 411", data[:200])
    data = raw_exchange(b"POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        b"Content-Length: abc\r\n\r\n")
    tap.ok(data.startswith(b"HTTP/1.1 400"), "a bad Content-Length: 400", data[:200])
    big = {"ops": [op("contact", new_id(), "create", 0, {"first_name": (None, "A")}) for _ in range(501)]}
    check("501 ops", server.request("POST", "push", big, token=admin), 413, "payload_too_large")
    check("a text over its length", server.request("POST", "contacts", {"first_name": "A", "notes": "n" * 100001}, token=admin),
          422, field="notes")
    check("60 tags", server.request("POST", "contacts", {"first_name": "A", "tags": [f"t{i}" for i in range(60)]}, token=admin),
          422, field="tags")

    # 10. Huge numbers.
    for number in (b"1e400", b"-1e400", b"99999999999999999999999999", b"1" * 400, b"-0", b"1e-400", b"9223372036854775808"):
        response = send("POST", "companies", b"{\"name\": \"N\", \"employees\": " + number + b"}")
        check(f"employees {number[:30]!r}", response, (400, 422) if number != b"-0" else (201, 400, 422))
    check("amount beyond 10^15", server.request("POST", "deals", {"title": "D", "amount": 10 ** 16, "currency": "EUR"}, token=admin),
          422, field="amount")

    # 11. Content types and headers.
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx", None, "multipart/form-data"):
        response = send("POST", "contacts", b"{\"first_name\": \"A\"}", content_type=content_type)
        check(f"Content-Type {content_type}", response, 415, "unsupported_media_type")
    for header in ("Basic YWRtaW46eA==", "Bearer", "Bearer " + "x" * 5000, "bearer  ", "Token abc"):
        response = server.request("GET", "me", headers={"Authorization": header})
        check(f"Authorization {header[:20]!r}", response, 401, "unauthorized")
    # A control character is no header value at all.
    check("Authorization 'Bearer \\x7f'", server.request("GET", "me", headers={"Authorization": "Bearer \x7f"}),
          400, "bad_request")
    check("If-Match garbage", server.request("PATCH", f"contacts/{contact}", {"title": "A"}, token=admin,
                                             headers={"If-Match": "\"\"\", W/, ,"}), 412, "precondition_failed")

    # 14. The path is split on its real "/" and each part decoded once:
    # an encoded "/" never separates, and parts that are not text are
    # refused with a JSON error that does not echo them.
    def raw_request(method, path, body=None, token=admin):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        headers = {"Authorization": f"Bearer {token}"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def strict_error(body):
        """The error object of a body that is strict UTF-8 JSON, or None."""
        try:
            parsed = json.loads(body.decode("utf-8"))
        except ValueError:
            return None
        return parsed.get("error") if isinstance(parsed, dict) else None

    # A bad escape is refused by the head reader with the JSON error too.
    for part in ("%G0", "%", "a%2", "%%41"):
        status, body = raw_request("GET", "/api/v1/contacts/" + part)
        error = strict_error(body)
        tap.ok(status == 400 and error is not None and error.get("code") == "bad_request",
               f"GET /contacts/{part}: 400 with a JSON error", (status, body[:200]))
    bad_parts = ["%00", "%01", "%1F", "%7F", "%C2%80", "%FF", "%C0%AF", "%ED%A0%80", "%E4%B8",
                 "%F8%88%80%80%80", "%2F", "%2f", "a%2Fb"]
    for part in bad_parts:
        for path in (part, f"contacts/{part}", f"contacts/{contact}/{part}"):
            status, body = raw_request("GET", "/api/v1/" + path)
            error = strict_error(body)
            tap.ok(status == 400 and error is not None and error.get("code") == "bad_request"
                   and b"\\xc0" not in body.lower() and b"\\xff" not in body.lower(),
                   f"GET /{path}: 400 in strict UTF-8 JSON", (status, body[:200]))
    for path in (f"contacts/{contact}%2Fhistory", f"contacts/{contact}%2fhistory",
                 f"contacts/x%2F..%2F..%2Fusers", f"contacts/{contact}%2F..%2F..%2Fusers"):
        response = server.request("GET", path, token=admin)
        check(f"GET /{path} is no other route", response, 400, "bad_request")
    # Dot segments, plain or escaped, are refused before libsoup resolves
    # them: "/contacts/%2e%2e/users" must not reach the user list.
    for path in ("contacts/%2e%2e/users", "contacts/%2E%2E/users", "contacts/../users",
                 "contacts/.%2e/users", f"contacts/{contact}/./history", "contacts/%2e/x",
                 "%2e%2e/api/v1/users"):
        status, body = raw_request("GET", "/api/v1/" + path)
        error = strict_error(body)
        tap.ok(status == 400 and error is not None and error.get("code") == "bad_request",
               f"GET /api/v1/{path}: 400, not another route", (status, body[:200]))
    status, _ = raw_request("GET", f"/api/v1/contacts/{contact}?q=../..")
    tap.equal(status, 200, "dots in the query are no path segments")
    # Decoded once: "%252F" is the three characters "%2F" inside the id.
    check(f"GET /contacts/ID%252Fhistory", server.request("GET", f"contacts/{contact}%252Fhistory", token=admin),
          400, "invalid_parameter", "id")
    response = server.request("GET", "contacts/%E5%90%8D", token=admin)
    tap.ok(response.status == 400 and "名" in response.json["error"]["message"],
           "an encoded UTF-8 id is decoded once and named in the error", response)
    check(f"GET /contacts/%20{contact}", server.request("GET", f"contacts/%20{contact}", token=admin),
          400, "invalid_parameter", "id")

    # Error messages that quote the request are strict UTF-8 JSON, also when
    # a push result holding one is stored and replayed.
    quoting = [(b"{\"first_name\": \"x\", \"\\ud800\": 1}", "unknown field, lone surrogate"),
               (b"{\"first_name\": \"x\", \"a\\u001fb\": 1}", "unknown field, U+001F"),
               (b"{\"first_name\": \"x\", \"phones\": [{\"value\": \"\\udfff\\u0007\"}]}", "bad phone")]
    for body, name in quoting:
        status, answer = raw_request("POST", "/api/v1/contacts", body)
        tap.ok(status in (400, 422) and strict_error(answer) is not None,
               f"POST /contacts with {name}: the error is strict UTF-8 JSON", (status, answer[:200]))
    op_id = new_id()
    push = (b"{\"ops\": [{\"op_id\": \"" + op_id.encode() + b"\", \"entity\": \"contact\", \"id\": \"" +
            new_id().encode() + b"\", \"op\": \"create\", \"base_version\": 0, \"changes\": {"
            b"\"first_name\": {\"base\": null, \"new\": \"x\"}, \"\\u001fa\\ud800b\": {\"base\": null, \"new\": 1}}}]}")
    answers = [raw_request("POST", "/api/v1/push", push) for _ in range(2)]
    for i, (status, answer) in enumerate(answers):
        try:
            result = json.loads(answer.decode("utf-8"))["results"][0]
        except (ValueError, KeyError, IndexError):
            result = None
        tap.ok(status == 200 and result is not None and result["status"] == "rejected",
               f"a push rejected for a quoted bad field name, {('first answer', 'replay')[i]}: strict UTF-8 JSON",
               (status, answer[:300]))
    tap.equal(answers[1], answers[0], "the replayed push result is the stored one")

    # 15. Dates: ISO 8601 calendar dates and RFC 3339 date-times, years 0001-9999
    # also in UTC, stored with four digits; nothing else, and no GLib warning.
    for value in ("+999-01-01", "-001-01-01", "2024-+1-+1", "0000-01-01", "2024-1-1", "12024-01-01"):
        check(f"birthday {value}", server.request("POST", "contacts", {"first_name": "D", "birthday": value}, token=admin),
              422, "invalid_value", "birthday")
    for value in ("2026-01-01T00:00:00+24:00", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
                  "2026-01-01T24:00:00Z", "2026-W01-1T00:00:00Z", "+2026-01-01T00:00:00Z", "2026-01-01T00:00:00"):
        check(f"due_at {value}", server.request("POST", "tasks", {"title": "D", "due_at": value}, token=admin),
              422, "invalid_value", "due_at")
    for value, stored in (("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
                          ("9999-12-31T23:59:59+01:00", "9999-12-31T22:59:59Z"),
                          ("2026-11-25 20:30:00.5+08:00", "2026-11-25T12:30:00Z")):
        response = server.request("POST", "tasks", {"title": "D", "due_at": value}, token=admin)
        tap.ok(response.status == 201 and response.json["due_at"] == stored,
               f"due_at {value} is stored as {stored}", response)
    with open(os.path.join(server.directory, "server.log"), errors="replace") as log:
        tap.ok("CRITICAL" not in log.read(), "the server log has no GLib-CRITICAL")

    # The server is still there and nothing it held has changed.
    tap.ok(server.alive(), "the server process is still running")
    for record in kept:
        table = "companies" if "name" in record else "contacts"
        response = server.request("GET", f"{table}/{record['id']}", token=rep)
        tap.equal(response.json, record, f"{table} {record['id'][:8]} is intact")

    # 12. Slow and half-open connections are dropped after the idle timeout
    # (2 s here) while others are served.
    slow = socket.create_connection(("127.0.0.1", server.port))
    slow.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthor")
    silent = socket.create_connection(("127.0.0.1", server.port))
    stalled = socket.create_connection(("127.0.0.1", server.port))
    stalled.sendall(b"POST /api/v1/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 1000\r\n\r\n{\"ops\": [")
    started = time.monotonic()
    tap.equal(server.request("GET", "me", token=rep).status, 200, "others are served meanwhile")
    for name, sock in (("slow headers", slow), ("silent", silent), ("stalled body", stalled)):
        sock.settimeout(6)
        try:
            data = sock.recv(1000)
        except (socket.timeout, ConnectionResetError):
            data = None
        tap.ok(data is not None and b"200 OK" not in data and time.monotonic() - started < 5.5,
               f"a {name} connection is closed after the timeout", data)
        sock.close()
    half_open = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
    tap.equal(server.request("GET", "me", token=rep).status, 200, "twenty idle connections do not stop the server")
    for sock in half_open:
        sock.close()

    tap.ok(server.alive(), "the server survived the slow clients")

    # 13. Connections: heads, keep-alive, caps and deadlines.
    connection_battery(tap, server, admin, rep)

    tap.equal(server.request("GET", f"contacts/{contact}", token=admin).json, kept[0],
              "the first record is intact at the end")
finally:
    server.close()
tap.done()
