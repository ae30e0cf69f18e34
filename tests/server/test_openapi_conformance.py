#!/usr/bin/env python3
"""Calls every operation of docs/openapi.yaml on a running server, its
success and its documented failures, and checks each answer's status,
headers and body against the description."""

import json
import os
import re
import subprocess
import tempfile

import yaml

from rapport_server_test import SOURCE_ROOT, Server, Tap, new_id, op

tap = Tap()
with open(os.path.join(SOURCE_ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
    spec = yaml.safe_load(f)


def resolve(node):
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
TYPES = {"string": str, "boolean": bool, "object": dict, "array": list}


def validate(schema, value, where="$"):
    """The subset of JSON Schema the description uses; returns problems."""
    schema = resolve(schema)
    if value is None and not any(k in schema for k in ("anyOf", "oneOf")):
        return [] if schema.get("nullable") or not schema.get("type") and not any(
            k in schema for k in ("allOf", "anyOf", "oneOf", "properties")) else [f"{where}: null"]
    problems = []
    kind = schema.get("type")
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{where}: {value!r} is not an integer"]
    elif kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return [f"{where}: {value!r} is not a number"]
    elif kind in TYPES and not isinstance(value, TYPES[kind]):
        return [f"{where}: {value!r} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str):
        if schema.get("format") == "uuid" and not UUID.match(value):
            problems.append(f"{where}: {value!r} is not a UUID")
        if schema.get("format") == "date-time" and not DATETIME.match(value):
            problems.append(f"{where}: {value!r} is not a date-time")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{where}: longer than {schema['maxLength']}")
    if isinstance(value, int) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{where}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{where}: above {schema['maximum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}: {name} is missing")
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in properties:
                problems += validate(properties[name], item, f"{where}.{name}")
            elif extra is False:
                problems.append(f"{where}: {name} is not described")
            elif isinstance(extra, dict):
                problems += validate(extra, item, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += validate(schema["items"], item, f"{where}[{i}]")
    for sub in schema.get("allOf", []):
        problems += validate(sub, value, where)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            matches = [not validate(sub, value, where) for sub in schema[key]]
            if not any(matches) or (key == "oneOf" and matches.count(True) > 1):
                problems.append(f"{where}: matches {matches.count(True)} of the {key}")
    return problems


exercised = {}
answers = []  # every answer with a body, for the npm validator


def validate_with_npm():
    """Checks every recorded answer with openapi-backend, a validator that
    reads the description as OpenAPI 3.0.3 says (validate-responses.js)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "validate-responses.js")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as listing:
        json.dump([{k: a[k] for k in ("operationId", "status", "body")} for a in answers], listing)
        listing.flush()
        try:
            result = subprocess.run(["node", script, os.path.join(SOURCE_ROOT, "docs", "openapi.yaml"),
                                     listing.name], capture_output=True, text=True, timeout=120)
        except FileNotFoundError:
            result = None
    if result is None or result.returncode == 77:
        print(f"ok {tap.count + 1} - answers checked by openapi-backend # SKIP run npm ci --prefix tests/server")
        tap.count += 1
        return
    if not tap.ok(result.returncode == 0, "openapi-backend ran", result.stderr):
        return
    problems = json.loads(result.stdout)
    for answer, found in zip(answers, problems):
        tap.ok(not found, f"{answer['label']}: openapi-backend accepts the body", "\n".join(found[:10]))
    tap.equal(len(problems), len(answers), f"openapi-backend checked all {len(answers)} answers")


def conforms(method, template, response, expected):
    operation = spec["paths"][template][method.lower()]
    name = operation["operationId"]
    exercised.setdefault(name, set()).add(response.status)
    label = f"{name} → {expected}"
    if response.body:
        answers.append({"operationId": name, "status": response.status, "body": response.json,
                        "label": label})
    if not tap.ok(response.status == expected, f"{label}: status", response):
        return
    documented = operation["responses"].get(str(response.status))
    if not tap.ok(documented is not None, f"{label}: the status is documented"):
        return
    documented = resolve(documented)
    content = documented.get("content", {}).get("application/json")
    if content is None:
        tap.equal(response.body, "", f"{label}: no body")
    else:
        tap.ok(response.headers.get("content-type", "").startswith("application/json"),
               f"{label}: JSON")
        problems = validate(content["schema"], response.json)
        tap.ok(not problems, f"{label}: the body matches the schema", "\n".join(problems[:10]))
    for header in documented.get("headers", {}):
        tap.ok(header.lower() in response.headers, f"{label}: header {header}")


server = Server()
try:
    tokens = server.login_all()
    admin, manager, rep = tokens["admin"], tokens["manager"], tokens["rep"]
    pipeline = server.request("POST", "pipelines", {"name": "P"}, token=admin).json["id"]
    stage = server.request("POST", "stages", {"pipeline_id": pipeline, "name": "Won", "kind": "won"}, token=admin).json["id"]
    samples = {
        "users": {"name": "sample-user", "role": "rep", "email": "s@example.com"},
        "companies": {"name": "Sample 公司", "tags": ["a"], "website": "example.com", "employees": 3},
        "contacts": {"first_name": "Sam", "emails": [{"label": "work", "value": "sam@example.com"}],
                     "phones": [{"label": None, "value": "+86 21 5555 0100"}], "birthday": "1990-02-03"},
        "pipelines": {"name": "Second", "position": 1},
        "stages": {"pipeline_id": pipeline, "name": "Lead", "probability": 10},
        "deals": {"title": "Sample deal", "amount": 12345, "currency": "eur", "stage_id": stage},
        "cases": {"subject": "Broken", "due_at": "2026-01-02T03:04:05+08:00", "channel": "email"},
        "activities": {"kind": "call", "duration_min": 5, "direction": "inbound"},
        "tasks": {"title": "Call back", "priority": "high"},
        "calendars": {"name": "Office", "time_zone": "Asia/Shanghai",
                      "weekly_hours": "mon-fri 09:00-12:00 13:00-18:00"},
        "segments": {"name": "Customers", "object": "contact",
                     "filter": '{"all": [{"field": "lifecycle", "op": "=", "value": "customer"}]}'},
        "quotas": {"user_id": new_id(), "metric": "won_amount", "period_type": "quarter",
                   "period_start": "2026-04-01", "target_amount": 100000, "currency": "CNY"},
        # A grant needs its source and proof.
        "consents": {"contact_id": server.request("POST", "contacts", {"first_name": "Consenting"},
                                                  token=admin).json["id"],
                     "purpose": "marketing", "status": "granted", "source": "web_form",
                     "proof": "Form 7", "captured_at": "2026-01-02T03:04:05Z"},
        # Disabled (no "enabled"): it must not act on the other types' samples.
        "automation_rules": {"name": "New task", "entity": "task", "trigger": "created",
                             "actions": '[{"type": "notify", "to": "owner", "message": "New task"}]'},
    }
    patches = {"users": {"email": "t@example.com"}, "companies": {"industry": "Tea"},
               "contacts": {"title": "Boss"}, "pipelines": {"position": 2}, "stages": {"probability": 20},
               "deals": {"lost_reason": None}, "cases": {"status": "open"},
               "activities": {"subject": "Hi"}, "tasks": {"notes": "Soon"}}
    invalid = {"users": {"name": "x", "role": "boss"}, "companies": {"name": ""},
               "contacts": {"first_name": 5}, "pipelines": {"name": None}, "stages": {"probability": 101},
               "deals": {"title": "x", "amount": -1}, "cases": {"subject": "x", "satisfaction": 9},
               "activities": {"kind": "x"}, "tasks": {"title": "x", "due_at": "soon"}}

    # A record type without examples above (a new one) gets them from its
    # schema: its required fields with valid values, distinct on every call
    # so that a unique field never collides by accident.
    made = iter(range(1, 1000000))
    # Each record type's REST path and its name: companies, company.
    tables = {t: t[:-3] + "y" if t.endswith("ies") else t[:-1]
              for t in (p[len("/api/v1/"):] for p in spec["paths"]) if "/" not in t}

    def example(schema):
        schema = resolve(schema)
        if schema.get("enum"):
            return schema["enum"][0]
        if schema.get("type") == "integer":
            return schema.get("minimum", 0)
        if schema.get("type") == "boolean":
            return True
        if schema.get("type") == "array":
            return []
        if schema.get("pattern") == "^[A-Z]{3}$":
            return "EUR"
        # A required reference (an item's price list, a link's two
        # records) points at a record made for it.
        target = re.match(r"The id of an? (\w+)", schema.get("description", ""))
        if schema.get("format") == "uuid" and target:
            table = next(t for t, e in tables.items() if e == target.group(1))
            # Logins are unique: each user pointed at is another.
            body = samples[table] | ({"name": f"ref-{next(made)}"} if table == "users" else {})
            return server.request("POST", table, body, token=admin).json["id"]
        return {"date": "2026-01-02", "date-time": "2026-01-02T03:04:05Z", "email": "x@example.com",
                "uri": "https://example.com"}.get(schema.get("format"), f"Sample {next(made)}")

    class Examples(dict):
        def __init__(self, known, make):
            super().__init__(known)
            self.make = make

        def __missing__(self, table):
            return self.make(spec["components"]["schemas"][spec["paths"][f"/api/v1/{table}"]["post"]
                             ["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]])

    def new_example(schema):
        return {name: example(schema["properties"][name]) for name in schema.get("required", [])}

    def patch_example(schema):
        """A text field changed; a type with none (a link) has its choice changed."""
        fields = {n: resolve(s) for n, s in schema["properties"].items()}
        name = next((n for n, s in fields.items()
                     if s.get("type") == "string" and "format" not in s and "enum" not in s), None)
        if name is not None:
            return {name: example(fields[name])}
        name, field = next((n, s) for n, s in fields.items() if len(s.get("enum") or []) > 1)
        return {name: field["enum"][1]}

    def invalid_example(schema):
        name, field = next((n, resolve(s)) for n, s in schema["properties"].items()
                           if n != "id" and resolve(s).get("type") in ("integer", "string"))
        return new_example(schema) | {name: "x" * 100001 if field["type"] == "string" else "many"}

    # An approval request is of a real quote that a rule says needs it, with
    # the quote's hash: a new quote each time, as a request is one per draft.
    server.request("POST", "approval_rules", {"name": "Half off", "max_discount_ppm": 100000},
                   token=admin)

    def approval_request_example():
        quote = server.request("POST", "quotes", {"title": "Half off", "currency": "CNY",
                                                  "discount_ppm": 500000}, token=rep).json
        return {"quote_id": quote["id"], "doc_hash": quote["doc_hash"]}

    # Satisfaction answers a resolution, one response each: a newly
    # resolved case each time.
    def csat_response_example():
        case = server.request("POST", "cases", {"subject": "Solved", "status": "resolved"},
                              token=manager).json
        return {"case_id": case["id"], "score": 4}

    # A merge joins records not merged yet: two new contacts each time.
    def merge_event_example():
        ids = [server.request("POST", "contacts", {"last_name": "Twin"}, token=manager).json["id"]
               for _ in range(2)]
        return {"object": "contact", "master_id": ids[0], "loser_ids": json.dumps(ids[1:])}

    class Samples(Examples):
        def __getitem__(self, table):
            if table == "approval_requests":
                return approval_request_example()
            if table == "merge_events":
                return merge_event_example()
            if table == "csat_responses":
                return csat_response_example()
            return super().__getitem__(table)

    patches["approval_requests"] = {"comment": "Before the end of the month, please"}
    patches["merge_events"] = {"status": "undone"}
    patches["queue_members"] = {"user_id": server.user_ids["admin"]}
    # Records the server writes itself: a deal's write makes its history.
    def deal_stage_event():
        deal = server.request("POST", "deals", samples["deals"], token=manager).json
        events, after = [], ""
        while True:
            page = server.request("GET", f"deal_stage_events?limit=1000{after}", token=rep).json
            events += page["records"]
            if page["next"] is None:
                break
            after = f"&after={page['next']}"
        return next(e for e in events if e["deal_id"] == deal["id"])

    # A rule's run: a company made while a rule watches companies.
    def automation_run():
        rule = server.request("POST", "automation_rules",
                              {"name": "Welcome", "entity": "company", "trigger": "created",
                               "enabled": True, "actions": '[{"type": "notify", "to": "role", '
                                                           '"role": "admin", "message": "Hi"}]'},
                              token=admin).json
        company = server.request("POST", "companies", {"name": "Runs"}, token=manager).json
        server.request("PATCH", f"automation_rules/{rule['id']}", {"enabled": False}, token=admin)
        runs = server.request("GET", "automation_runs?limit=1000", token=rep).json["records"]
        return next(r for r in runs if r["record_id"] == company["id"])

    server_written = {"deal_stage_events": deal_stage_event, "automation_runs": automation_run}
    samples = Samples(samples, new_example)
    patches = Examples(patches, patch_example)
    invalid = Examples(invalid, invalid_example)

    for template, item in spec["paths"].items():
        path = template[len("/api/v1/"):]
        for method in ("get", "post", "patch", "delete"):
            if method not in item:
                continue
            M = method.upper()
            if path == "auth/login":
                conforms(M, template, server.request(M, path, {"user": "rep2", "password": "correct-horse-battery"}), 200)
                conforms(M, template, server.request(M, path, {"user": "rep2"}), 400)
                conforms(M, template, server.request(M, path, {"user": "rep2", "password": "wrong"}), 401)
                conforms(M, template, server.request(M, path, raw=b"{}", content_type="text/plain"), 415)
            elif path == "auth/logout":
                token = server.request("POST", "auth/login", {"user": "rep2", "password": "correct-horse-battery"}).json["token"]
                conforms(M, template, server.request(M, path, token=token), 204)
                conforms(M, template, server.request(M, path, token=token), 401)
            elif path == "damaged":
                conforms(M, template, server.request(M, path, token=admin), 200)
                conforms(M, template, server.request(M, path, token=rep), 403)
                conforms(M, template, server.request(M, path), 401)
            elif path == "me":
                conforms(M, template, server.request(M, path, token=rep), 200)
                conforms(M, template, server.request(M, path), 401)
            elif path == "changes":
                first = server.request(M, "changes?limit=3", token=rep)
                conforms(M, template, first, 200)
                conforms(M, template, server.request(M, f"changes?since={first.json['cursor']}", token=rep), 200)
                conforms(M, template, server.request(M, "changes?since=x", token=rep), 400)
                conforms(M, template, server.request(M, path), 401)
            elif path == "push":
                target = new_id()
                server.push(admin, op("contact", target, "create", 0, {"title": (None, "A"), "first_name": (None, "B")}))
                server.push(admin, op("contact", target, "update", 1, {"title": ("A", "C")}))
                deleted = new_id()
                server.push(admin, op("contact", deleted, "create", 0, {"first_name": (None, "D")}),
                            op("contact", deleted, "delete", 1))
                response = server.push(rep,
                                       op("contact", new_id(), "create", 0, {"first_name": (None, "E")}),
                                       op("contact", target, "update", 1, {"first_name": ("B", "F")}),
                                       op("contact", target, "update", 1, {"title": ("A", "Z")}),
                                       op("contact", deleted, "update", 1, {"title": (None, "Z")}),
                                       op("contact", new_id(), "create", 0, {"birthday": (None, "never")}),
                                       {"op_id": "x"})
                conforms(M, template, response, 200)
                tap.equal([r["status"] for r in response.json["results"]],
                          ["applied", "merged", "conflict", "conflict", "rejected", "rejected"],
                          "push: every result status appears")
                conforms(M, template, server.request(M, path, {"ops": 1}, token=rep), 400)
                conforms(M, template, server.request(M, path, {"ops": []}), 401)
                conforms(M, template, server.request(M, path, {"ops": [], "server": {"id": new_id(), "epoch": new_id()}}, token=rep), 409)
                conforms(M, template, server.request(M, path, {"ops": [{}] * 501}, token=rep), 413)
                conforms(M, template, server.request(M, path, raw=b"{}", content_type="text/plain", token=rep), 415)
            else:
                table = path.split("/")[0]
                writer = admin if table in ("users", "approval_rules", "teams", "team_members",
                                            "approval_delegations", "calendars",
                                            "sla_policies", "queues", "queue_members",
                                            "automation_rules") else manager
                if template.endswith("{id}/history") and table in server_written:
                    record = server_written[table]()
                    conforms(M, template, server.request(M, f"{table}/{record['id']}/history", token=rep), 200)
                    conforms(M, template, server.request(M, f"{table}/bad-id/history", token=rep), 400)
                    conforms(M, template, server.request(M, f"{table}/{new_id()}/history", token=rep), 404)
                elif template.endswith("{id}/history"):
                    record = server.request("POST", table, samples[table] | ({"name": "hist-user"} if table == "users" else {}), token=writer).json
                    server.request("PATCH", f"{table}/{record['id']}", patches[table], token=writer)
                    conforms(M, template, server.request(M, f"{table}/{record['id']}/history", token=rep), 200)
                    conforms(M, template, server.request(M, f"{table}/bad-id/history", token=rep), 400)
                    conforms(M, template, server.request(M, f"{table}/{new_id()}/history", token=rep), 404)
                    conforms(M, template, server.request(M, f"{table}/{record['id']}/history"), 401)
                elif template.endswith("{id}"):
                    if table in server_written:
                        record = server_written[table]()
                    else:
                        body = dict(samples[table])
                        if table == "users":
                            body["name"] = f"user-{M.lower()}"
                        record = server.request("POST", table, body, token=writer).json
                    url = f"{table}/{record['id']}"
                    if M == "GET":
                        conforms(M, template, server.request(M, url, token=rep), 200)
                    elif M == "PATCH" and table == "consents":
                        # Consent is history: a change is refused; record a new one.
                        conforms(M, template, server.request(M, url, {"source": "edited"}, token=writer,
                                                             headers={"If-Match": '"1"'}), 409)
                    elif M == "PATCH":
                        conforms(M, template, server.request(M, url, patches[table], token=writer,
                                                             headers={"If-Match": '"1"'}), 200)
                        conforms(M, template, server.request(M, url, patches[table], token=writer,
                                                             headers={"If-Match": '"1"'}), 412)
                        conforms(M, template, server.request(M, url, invalid[table], token=writer), 422)
                        conforms(M, template, server.request(M, url, raw=b"{}", content_type="text/plain", token=writer), 415)
                        if table in ("users", "pipelines", "stages"):
                            conforms(M, template, server.request(M, url, patches[table], token=rep), 403)
                    elif table in ("approval_requests", "merge_events", "consents"):
                        conforms(M, template, server.request(M, url, token=writer), 409)
                        conforms(M, template, server.request(M, url, token=admin), 409)
                    else:
                        conforms(M, template, server.request(M, url, token=writer, headers={"If-Match": '"9"'}), 412)
                        if table in ("users", "pipelines", "stages"):
                            conforms(M, template, server.request(M, url, token=rep), 403)
                        conforms(M, template, server.request(M, url, token=writer), 204)
                    conforms(M, template, server.request(M, f"{table}/{new_id()}", {} if M == "PATCH" else None, token=writer), 404)
                    conforms(M, template, server.request(M, f"{table}/nope", {} if M == "PATCH" else None, token=writer), 400)
                    conforms(M, template, server.request(M, url, {} if M == "PATCH" else None), 401)
                elif M == "GET":
                    conforms(M, template, server.request(M, f"{table}?limit=1", token=rep), 200)
                    conforms(M, template, server.request(M, f"{table}?limit=1000", token=rep), 200)
                    conforms(M, template, server.request(M, f"{table}?limit=0", token=rep), 400)
                    conforms(M, template, server.request(M, table), 401)
                else:
                    create = spec["components"]["schemas"][
                        item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]]
                    body = dict(samples[table])
                    # A link's id follows from its pair: the server makes it.
                    if "a link's id" not in create["properties"]["id"]["description"]:
                        body["id"] = new_id()
                    if table == "users":
                        body["name"] = "created-user"
                    conforms(M, template, server.request(M, table, body, token=writer), 201)
                    conforms(M, template, server.request(M, table, body, token=writer), 409)
                    conforms(M, template, server.request(M, table, invalid[table], token=writer), 422)
                    conforms(M, template, server.request(M, table, [1], token=writer), 400)
                    conforms(M, template, server.request(M, table, raw=b"{}", content_type="text/plain", token=writer), 415)
                    if table in ("users", "pipelines", "stages"):
                        conforms(M, template, server.request(M, table, samples[table], token=rep), 403)
                    conforms(M, template, server.request(M, table, samples[table]), 401)

    validate_with_npm()
    operations = {item[m]["operationId"] for item in spec["paths"].values() for m in ("get", "post", "patch", "delete") if m in item}
    tap.equal(sorted(operations - set(exercised)), [], "every documented operation was called")
    successes = {name for name, statuses in exercised.items() if any(200 <= s < 300 for s in statuses)}
    # A decision stays on record: its delete is documented to fail.
    never = {item[m]["operationId"] for item in spec["paths"].values() for m in ("delete",)
             if m in item and item[m].get("description", "").startswith("Never deleted")}
    never.add("updateConsent")
    tap.equal(sorted(operations - successes - never), [],
              "every documented operation succeeded at least once")
    print(f"# {len(operations)} operations, {sum(len(s) for s in exercised.values())} (operation, status) pairs checked")
finally:
    server.close()
tap.done()
