#!/usr/bin/env python3
"""Restoring a deleted record follows the rules of editing it: a rep brings
back only what it could have edited before the deletion (its own or
nobody's), by push or by REST; managers and admins restore anything."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    ids = server.user_ids
    rep, rep2, manager = tokens["rep"], tokens["rep2"], tokens["manager"]

    # entity, table, a required field, the field that says whose it is
    kinds = (("contact", "contacts", "first_name", "owner_id"),
             ("deal", "deals", "title", "owner_id"),
             ("task", "tasks", "title", "assignee_id"),
             ("company", "companies", "name", "owner_id"),
             ("case", "cases", "subject", "assignee_id"))

    def make(table, required, field, owner, value):
        body = {required: value, field: ids[owner] if owner else None}
        response = server.request("POST", table, body, token=tokens["admin"])
        assert response.status == 201, response
        return response.json["id"]

    def history(table, record_id):
        return server.request("GET", f"{table}/{record_id}/history", token=manager).json

    def feed_entry(record_id):
        changes = server.request("GET", "changes?since=0&limit=1000", token=manager).json["changes"]
        return [c for c in changes if c["id"] == record_id][-1]

    for entity, table, required, field in kinds:
        # Someone else's record, deleted by a manager or by its owner: a rep
        # cannot take it over by creating it again with itself as the owner.
        for deleter, deleter_name in ((manager, "a manager"), (rep2, "its owner")):
            label = f"{entity} of rep2 deleted by {deleter_name}"
            record_id = make(table, required, field, "rep2", f"Theirs {entity}")
            tap.equal(server.request("DELETE", f"{table}/{record_id}", token=deleter).status, 204,
                      f"{label}: deleted")
            before = history(table, record_id)
            tombstone = feed_entry(record_id)

            response = server.push(rep, op(entity, record_id, "create", 0,
                                           {required: (None, "Mine now"), field: (None, ids["rep"])}))
            result = response.json["results"][0]
            tap.equal(result["status"], "rejected", f"{label}: a rep's pushed create is rejected")
            tap.ok(result["error"] is not None and result["error"]["code"] == "forbidden"
                   and result["error"]["field"] == field,
                   f"{label}: as forbidden, naming {field}", result)
            response = server.push(rep, op(entity, record_id, "update", 1, {required: (f"Theirs {entity}", "Mine")}))
            tap.equal(response.json["results"][0]["status"], "rejected",
                      f"{label}: a rep's pushed edit is rejected too")

            response = server.request("POST", table, {"id": record_id, required: "Mine by REST",
                                                      field: ids["rep"]}, token=rep)
            tap.ok(response.status == 403 and response.error_code() == "forbidden"
                   and response.error_field() == field,
                   f"{label}: a rep's REST create of the id is 403 naming {field}", response)

            tap.equal(server.request("GET", f"{table}/{record_id}", token=rep).status, 404,
                      f"{label}: it stays deleted")
            tap.equal(history(table, record_id), before, f"{label}: its history is unchanged")
            tap.equal(feed_entry(record_id), tombstone, f"{label}: the feed still has the same tombstone")

            # A manager may bring it back, and give it to anyone.
            response = server.push(manager, op(entity, record_id, "create", 0,
                                               {required: (None, "Back"), field: (None, ids["rep"])}))
            tap.equal(response.json["results"][0]["status"], "applied", f"{label}: a manager restores it")
            tap.equal(server.request("GET", f"{table}/{record_id}", token=rep).json[field], ids["rep"],
                      f"{label}: restored with the owner the manager chose")

        # What the rep could edit, it may restore: its own and nobody's.
        for owner, how in (("rep", "push"), (None, "push"), ("rep", "REST"), (None, "REST")):
            label = f"{entity} owned by {owner or 'nobody'} restored by a rep by {how}"
            record_id = make(table, required, field, owner, f"Open {entity}")
            server.request("DELETE", f"{table}/{record_id}", token=manager)
            if how == "push":
                response = server.push(rep, op(entity, record_id, "create", 0,
                                               {required: (None, "Restored"), field: (None, ids["rep"])}))
                tap.equal(response.json["results"][0]["status"], "applied", f"{label}: applied")
            else:
                response = server.request("POST", table, {"id": record_id, required: "Restored",
                                                          field: ids["rep"]}, token=rep)
                tap.equal(response.status, 201, f"{label}: 201")
            record = server.request("GET", f"{table}/{record_id}", token=rep2).json
            tap.ok(record is not None and record.get(required) == "Restored" and record[field] == ids["rep"],
                   f"{label}: everyone reads it back", record)

    # A live id is still taken, for everyone.
    record_id = make("contacts", "first_name", "owner_id", "rep", "Live")
    response = server.request("POST", "contacts", {"id": record_id, "first_name": "Again"}, token=manager)
    tap.ok(response.status == 409 and response.error_code() == "already_exists",
           "REST create of a live id: 409", response)

    # A manager restores by REST too.
    record_id = make("contacts", "first_name", "owner_id", "rep2", "Gone")
    server.request("DELETE", f"contacts/{record_id}", token=manager)
    response = server.request("POST", "contacts", {"id": record_id, "first_name": "Back"}, token=manager)
    tap.equal(response.status, 201, "a manager's REST create of a deleted id restores it")

    # When the deleted record's last version cannot be told, only a manager
    # or an admin may restore it.
    record_id = make("contacts", "first_name", "owner_id", "rep2", "Unknown")
    server.request("DELETE", f"contacts/{record_id}", token=manager)
    server.query(f"DELETE FROM history WHERE id = '{record_id}'")
    response = server.push(rep, op("contact", record_id, "create", 0,
                                   {"first_name": (None, "Mine"), "owner_id": (None, ids["rep"])}))
    result = response.json["results"][0]
    tap.ok(result["status"] == "rejected" and result["error"]["field"] == "owner_id",
           "without the deletion in the history a rep may not restore it", result)
    response = server.push(manager, op("contact", record_id, "create", 0, {"first_name": (None, "Back")}))
    tap.equal(response.json["results"][0]["status"], "applied", "a manager may")

    # Users are restored by admins only, as ever.
    response = server.push(rep, op("user", ids["rep2"], "create", 0, {"name": (None, "x"), "role": (None, "admin")}))
    tap.equal(response.json["results"][0]["status"], "rejected", "a rep cannot create a user")
    tap.ok(server.alive(), "the server is fine")
finally:
    server.close()
tap.done()
