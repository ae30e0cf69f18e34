#!/usr/bin/env python3
"""Push semantics against a real server: the field-level three-way merge,
edit-versus-delete, idempotent replay, and If-Match on REST."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    admin, manager = tokens["admin"], tokens["manager"]

    def create_contact(first="Ada", last="Lovelace", title="Engineer"):
        record_id = new_id()
        response = server.push(admin, op("contact", record_id, "create", 0, {
            "first_name": (None, first), "last_name": (None, last), "title": (None, title)}))
        assert response.status == 200, response
        assert response.json["results"][0]["status"] == "applied", response
        return record_id

    def server_edit(record_id, version, **fields):
        """Another client (the manager) changes fields first."""
        response = server.push(manager, op("contact", record_id, "update", version,
                                           {k: (None, v) for k, v in fields.items()}))
        return response.json["results"][0]

    def history_length(record_id):
        return len(server.request("GET", f"contacts/{record_id}/history", token=admin).json["history"])

    # Each case: what the other client did first (from version 1), then our
    # op's changes as field → (base, new), then the expected outcome.
    cases = [
        ("same base version applies", {}, {"title": ("Engineer", "CTO")},
         "applied", {"title": "CTO"}, []),
        ("disjoint fields merge", {"last_name": "King"}, {"title": ("Engineer", "CTO")},
         "merged", {"title": "CTO", "last_name": "King"}, []),
        ("same field to the same value is fine", {"title": "CTO"}, {"title": ("Engineer", "CTO")},
         "merged", {"title": "CTO"}, []),
        ("same field to different values conflicts", {"title": "Director"},
         {"title": ("Engineer", "CTO")}, "conflict", {"title": "Director"},
         [{"field": "title", "base": "Engineer", "mine": "CTO", "theirs": "Director"}]),
        ("a conflict applies nothing of the op", {"title": "Director"},
         {"title": ("Engineer", "CTO"), "first_name": ("Ada", "Augusta")}, "conflict",
         {"title": "Director", "first_name": "Ada"},
         [{"field": "title", "base": "Engineer", "mine": "CTO", "theirs": "Director"}]),
        ("every conflicting field is reported", {"title": "Director", "last_name": "King"},
         {"title": ("Engineer", "CTO"), "last_name": ("Lovelace", "Byron")}, "conflict",
         {"title": "Director", "last_name": "King"},
         [{"field": "last_name", "base": "Lovelace", "mine": "Byron", "theirs": "King"},
          {"field": "title", "base": "Engineer", "mine": "CTO", "theirs": "Director"}]),
        ("setting a field the server cleared conflicts", {"title": None},
         {"title": ("Engineer", "CTO")}, "conflict", {"title": None},
         [{"field": "title", "base": "Engineer", "mine": "CTO", "theirs": None}]),
    ]
    for name, theirs, mine, status, expected_fields, expected_conflicts in cases:
        record_id = create_contact()
        version = 1
        if theirs:
            result = server_edit(record_id, 1, **theirs)
            tap.equal(result["status"], "applied", f"{name}: the other edit applies")
        result = server.push(tokens["rep"], op("contact", record_id, "update", version, mine))
        tap.equal(result.status, 200, f"{name}: push answers 200")
        result = result.json["results"][0]
        tap.equal(result["status"], status, f"{name}: status {status}")
        record = server.request("GET", f"contacts/{record_id}", token=admin).json
        for field, value in expected_fields.items():
            tap.equal(record.get(field), value, f"{name}: {field} is {value!r} on the server")
        conflicts = sorted(result["conflicts"], key=lambda c: c["field"])
        tap.equal(conflicts, expected_conflicts, f"{name}: conflicts")
        if status == "conflict":
            tap.equal(result["record"]["version"], record["version"],
                      f"{name}: the result carries the server record")

    # Edit versus delete, both ways round.
    record_id = create_contact()
    server_edit(record_id, 1, title="CTO")
    result = server.push(tokens["rep"], op("contact", record_id, "delete", 1)).json["results"][0]
    tap.equal(result["status"], "conflict", "delete of a record edited since its base conflicts")
    tap.equal(result["conflicts"], [{"field": "_deleted", "base": False, "mine": True, "theirs": False}],
              "delete-versus-edit is a _deleted conflict")
    tap.equal(server.request("GET", f"contacts/{record_id}", token=admin).status, 200,
              "the record is still there")
    result = server.push(admin, op("contact", record_id, "delete", 2)).json["results"][0]
    tap.equal(result["status"], "applied", "delete at the current version applies")
    tap.equal(result["record"], None, "a delete result has record null")
    result = server.push(tokens["rep"], op("contact", record_id, "update", 2,
                                           {"title": ("CTO", "CEO")})).json["results"][0]
    tap.equal(result["status"], "conflict", "update of a deleted record conflicts")
    tap.equal(result["record"], None, "edit-versus-delete carries record null")
    tap.equal(result["conflicts"], [{"field": "_deleted", "base": False, "mine": False, "theirs": True}],
              "edit-versus-delete is a _deleted conflict")
    tap.equal(server.request("GET", f"contacts/{record_id}", token=admin).status, 404,
              "a deleted record answers 404")

    # Replay: the same op_id answers the stored result and writes nothing.
    record_id = new_id()
    create = op("contact", record_id, "create", 0, {"first_name": (None, "Grace")})
    first = server.push(admin, create).json["results"][0]
    update = op("contact", record_id, "update", 1, {"title": (None, "Admiral")})
    first_update = server.push(admin, update).json["results"][0]
    changes_before = server.request("GET", "changes?since=0&limit=1000", token=admin).json["cursor"]
    again = server.push(admin, create, update).json["results"]
    tap.equal(again[0], first, "a replayed create answers the stored result")
    tap.equal(again[1], first_update, "a replayed update answers the stored result")
    tap.equal(server.request("GET", "changes?since=0&limit=1000", token=admin).json["cursor"],
              changes_before, "a replay adds no change to the feed")
    tap.equal(history_length(record_id), 2, "a replay adds no history")
    tap.equal(server.request("GET", f"contacts/{record_id}", token=admin).json["version"], 2,
              "a replay bumps no version")
    rep_replay = server.push(tokens["rep"], create).json["results"][0]
    tap.ok(rep_replay["status"] in ("applied", "merged"),
           "op ids are per user: another user's op with the same id is its own op",
           rep_replay)

    # A create whose id exists is a replay from a lost answer: merged like an update.
    record_id = new_id()
    create = op("contact", record_id, "create", 0, {"first_name": (None, "Alan")})
    server.push(admin, create)
    create["op_id"] = new_id()
    result = server.push(admin, create).json["results"][0]
    tap.ok(result["status"] in ("applied", "merged"), "a create of an existing id with the same values is fine", result)
    tap.equal(result["record"]["version"], 1, "and writes nothing")

    # Rejections come back per op, in order, without stopping the batch.
    good_id = new_id()
    results = server.push(admin,
                          op("contact", new_id(), "create", 0, {"lifecycle": (None, "alien"), "first_name": (None, "X")}),
                          op("contact", good_id, "create", 0, {"first_name": (None, "Y")}),
                          op("contact", new_id(), "update", 3, {"title": (None, "Z")})).json["results"]
    tap.equal([r["status"] for r in results], ["rejected", "applied", "rejected"],
              "results come in op order")
    tap.equal(results[0]["error"]["field"], "lifecycle", "a validation rejection names the field")
    tap.equal(results[0]["error"]["code"], "invalid_value", "with code invalid_value")
    tap.equal(results[2]["error"]["code"], "not_found", "an update of an unknown record is rejected")

    # Deal status follows its stage's kind.
    pipeline = new_id()
    won, open_stage = new_id(), new_id()
    server.push(manager,
                op("pipeline", pipeline, "create", 0, {"name": (None, "Sales")}),
                op("stage", won, "create", 0, {"pipeline_id": (None, pipeline), "name": (None, "Won"), "kind": (None, "won")}),
                op("stage", open_stage, "create", 0, {"pipeline_id": (None, pipeline), "name": (None, "Lead")}))
    deal = new_id()
    result = server.push(tokens["rep"], op("deal", deal, "create", 0, {
        "title": (None, "Big one"), "stage_id": (None, open_stage), "amount": (None, 100000),
        "currency": (None, "cny")})).json["results"][0]
    tap.equal((result["record"]["status"], result["record"]["currency"]), ("open", "CNY"),
              "a deal in an open stage is open, the currency normalised")
    result = server.push(tokens["rep"], op("deal", deal, "update", 1, {"stage_id": (open_stage, won)})).json["results"][0]
    tap.equal(result["record"]["status"], "won", "moving to a won stage wins the deal")
    tap.ok(isinstance(result["record"]["closed_at"], str), "and sets closed_at")
    result = server.push(tokens["rep"], op("deal", deal, "update", 2, {"stage_id": (won, open_stage)})).json["results"][0]
    tap.equal((result["record"]["status"], result["record"]["closed_at"]), ("open", None),
              "moving back opens it and clears closed_at")

    # If-Match on REST.
    record_id = create_contact()
    response = server.request("PATCH", f"contacts/{record_id}", {"title": "CTO"}, token=admin,
                              headers={"If-Match": '"7"'})
    tap.equal(response.status, 412, "PATCH with a stale If-Match answers 412")
    tap.equal(response.error_code(), "precondition_failed", "with code precondition_failed")
    response = server.request("PATCH", f"contacts/{record_id}", {"title": "CTO"}, token=admin,
                              headers={"If-Match": '"1"'})
    tap.equal((response.status, response.headers.get("etag")), (200, '"2"'),
              "PATCH with the current If-Match applies and answers the new ETag")
    response = server.request("DELETE", f"contacts/{record_id}", token=admin, headers={"If-Match": '"1"'})
    tap.equal(response.status, 412, "DELETE with a stale If-Match answers 412")
    response = server.request("DELETE", f"contacts/{record_id}", token=admin, headers={"If-Match": '"2"'})
    tap.equal(response.status, 204, "DELETE with the current If-Match answers 204")

    # History says who changed what from what to what.
    record_id = create_contact()
    server.push(tokens["rep"], op("contact", record_id, "update", 1, {"title": ("Engineer", "CTO")}))
    history = server.request("GET", f"contacts/{record_id}/history", token=admin).json["history"]
    tap.equal([entry["op"] for entry in history], ["create", "update"], "history lists every write")
    tap.equal(history[1]["changes"], {"title": {"from": "Engineer", "to": "CTO"}},
              "history has from and to of each changed field")
    tap.equal(history[1]["by"], server.user_ids["rep"], "history names who changed it")
    tap.equal(history[1]["version"], 2, "history has the version")
finally:
    server.close()
tap.done()
