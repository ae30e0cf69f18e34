#!/usr/bin/env python3
"""Every route for every role: what each may do, 403 for what a rep may not,
401 without a valid token."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    ids = server.user_ids
    pipeline = server.request("POST", "pipelines", {"name": "Main"}, token=tokens["admin"]).json["id"]

    samples = {
        "users": ({"name": "user-{n}", "role": "rep"}, {"email": "someone@example.com"}),
        "companies": ({"name": "ACME {n}"}, {"industry": "Rockets"}),
        "contacts": ({"first_name": "Ada {n}"}, {"title": "CTO"}),
        "pipelines": ({"name": "Pipeline {n}"}, {"position": 3}),
        "stages": ({"pipeline_id": pipeline, "name": "Stage {n}"}, {"probability": 50}),
        "deals": ({"title": "Deal {n}"}, {"lost_reason": "Too late"}),
        "cases": ({"subject": "Case {n}"}, {"description": "It broke"}),
        "activities": ({"kind": "call"}, {"subject": "Called back"}),
        "tasks": ({"title": "Task {n}"}, {"notes": "Soon"}),
    }
    owner_field = {"cases": "assignee_id", "tasks": "assignee_id"}
    counter = [0]

    def body(table):
        counter[0] += 1
        return {k: (v.format(n=counter[0]) if isinstance(v, str) else v)
                for k, v in samples[table][0].items()}

    def may_write(role, table):
        if table == "users":
            return role == "admin"
        if table in ("pipelines", "stages"):
            return role in ("admin", "manager")
        return True

    for role in ("admin", "manager", "rep"):
        token = tokens[role]
        tap.equal(server.request("GET", "me", token=token).json["name"], role, f"{role}: GET /me")
        response = server.request("GET", "changes?since=0&limit=5", token=token)
        tap.ok(response.status == 200 and len(response.json["changes"]) == 5, f"{role}: GET /changes")
        response = server.push(token, op("contact", new_id(), "create", 0, {"first_name": (None, "P")}))
        tap.equal(response.json["results"][0]["status"], "applied", f"{role}: POST /push")

        for table in samples:
            allowed = may_write(role, table)
            response = server.request("GET", f"{table}?limit=2", token=token)
            tap.equal(response.status, 200, f"{role}: GET /{table}")
            response = server.request("POST", table, body(table), token=token)
            tap.equal(response.status, 201 if allowed else 403, f"{role}: POST /{table}")
            if allowed:
                record_id = response.json["id"]
                tap.equal(response.headers.get("etag"), '"1"', f"{role}: POST /{table} ETag")
                tap.ok(response.headers.get("location", "").endswith(record_id),
                       f"{role}: POST /{table} Location")
            else:
                tap.equal(response.error_code(), "forbidden", f"{role}: POST /{table} says forbidden")
                record_id = server.request("POST", table, body(table), token=tokens["admin"]).json["id"]
            response = server.request("GET", f"{table}/{record_id}", token=token)
            tap.equal(response.status, 200, f"{role}: GET /{table}/id")
            response = server.request("GET", f"{table}/{record_id}/history", token=token)
            tap.equal(response.status, 200, f"{role}: GET /{table}/id/history")
            response = server.request("PATCH", f"{table}/{record_id}", samples[table][1], token=token)
            tap.equal(response.status, 200 if allowed else 403, f"{role}: PATCH /{table}/id")
            response = server.request("DELETE", f"{table}/{record_id}", token=token)
            tap.equal(response.status, 204 if allowed else 403, f"{role}: DELETE /{table}/id")

    # A rep edits what it owns or what nobody owns, not what others own.
    for table in ("companies", "contacts", "deals", "cases", "activities", "tasks"):
        field = owner_field.get(table, "owner_id")
        for owner, allowed in (("manager", False), ("rep", True), (None, True)):
            record = body(table)
            record[field] = ids[owner] if owner else None
            record_id = server.request("POST", table, record, token=tokens["admin"]).json["id"]
            label = f"rep on a {table[:-1]} owned by {owner or 'nobody'}"
            response = server.request("PATCH", f"{table}/{record_id}", samples[table][1], token=tokens["rep"])
            tap.equal(response.status, 200 if allowed else 403, f"{label}: PATCH")
            entity = {"companies": "company", "contacts": "contact", "deals": "deal",
                      "cases": "case", "activities": "activity", "tasks": "task"}[table]
            response = server.push(tokens["rep"],
                                   op(entity, record_id, "delete", 2 if allowed else 1))
            result = response.json["results"][0]
            tap.equal(result["status"], "applied" if allowed else "rejected", f"{label}: pushed delete")
            if not allowed:
                tap.equal(result["error"]["code"], "forbidden", f"{label}: rejected as forbidden")

    # Users never show a password hash, anywhere.
    users = server.request("GET", "users?limit=100", token=tokens["rep"]).json["records"]
    tap.ok(all(set(u) <= {"id", "version", "created_at", "updated_at", "created_by", "updated_by",
                         "name", "email", "role", "active"} for u in users),
           "user records carry no password data")
    feed = server.request("GET", "changes?since=0&limit=1000", token=tokens["rep"]).json["changes"]
    tap.ok(any(c["entity"] == "user" for c in feed), "users are in the changes feed")
    tap.ok("argon2" not in str(feed).lower() and "hash" not in str(feed).lower(),
           "the feed carries no password data")

    # No token, or a bad one: 401 on every route but login.
    some = server.request("POST", "contacts", {"first_name": "Target"}, token=tokens["admin"]).json["id"]
    routes = [("POST", "auth/logout"), ("GET", "me"), ("GET", "changes"), ("POST", "push")]
    for table in samples:
        routes += [("GET", table), ("POST", table), ("GET", f"{table}/{some}"),
                   ("PATCH", f"{table}/{some}"), ("DELETE", f"{table}/{some}"),
                   ("GET", f"{table}/{some}/history")]
    for method, path in routes:
        for token, label in ((None, "no token"), ("not-a-token", "a bad token")):
            response = server.request(method, path, {} if method in ("POST", "PATCH") else None,
                                      token=token)
            tap.ok(response.status == 401 and response.error_code() == "unauthorized",
                   f"{method} /{path} with {label}: 401", response)
    tap.equal(server.request("GET", f"contacts/{some}", token=tokens["rep"]).json["first_name"], "Target",
              "the record is untouched by the refused requests")

    # Unknown paths and methods.
    tap.equal(server.request("GET", "widgets", token=tokens["admin"]).status, 404, "unknown collection: 404")
    tap.equal(server.request("GET", "/", token=tokens["admin"]).status, 404, "outside the API: 404")
    response = server.request("PUT", f"contacts/{some}", {}, token=tokens["admin"])
    tap.ok(response.status == 405 and "PATCH" in response.headers.get("allow", ""),
           "PUT on a record: 405 with Allow")
    tap.equal(server.request("GET", f"contacts/{new_id()}", token=tokens["admin"]).status, 404,
              "unknown id: 404")

    # Logout revokes exactly that token.
    first = tokens["rep2"]
    response = server.login("rep2")
    second = response.json["token"]
    tap.equal(server.request("POST", "auth/logout", token=second).status, 204, "logout: 204")
    tap.equal(server.request("GET", "me", token=second).status, 401, "a revoked token: 401")
    tap.equal(server.request("GET", "me", token=first).status, 200,
              "the user's other token still works")
finally:
    server.close()
tap.done()
