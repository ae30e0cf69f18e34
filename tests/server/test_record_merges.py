#!/usr/bin/env python3
"""Merging contacts and companies (SPEC.md §5.3) on the real server: a
merge_event's create merges in one transaction (values chosen, lists
unioned, notes joined, every reference moved, losers tombstoned), a retry
of its op does nothing more, a second merge of the same records is refused
naming the master, an op on a loser lands on the master, a record made
under a loser is re-parented, and an unmerge moves back exactly what moved.
Refusals come with their status and field."""

import json

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    manager, rep, admin = tokens["manager"], tokens["rep"], tokens["admin"]

    def create(table, body, token=manager):
        response = server.request("POST", table, body, token=token)
        assert response.status == 201, response
        return response.json

    def get(table, record_id, token=manager):
        return server.request("GET", f"{table}/{record_id}", token=token)

    def merge_op(master, losers, choices=None, object_="contact", event_id=None, op_id=None):
        changes = {"object": (None, object_), "master_id": (None, master),
                   "loser_ids": (None, json.dumps(losers))}
        if choices:
            changes["choices"] = (None, json.dumps(choices))
        return op("merge_event", event_id or new_id(), "create", 0, changes, op_id=op_id)

    def cursor():
        return server.request("GET", "changes?since=0&limit=1000", token=manager).json["cursor"]

    # Ana twice, with her children spread over both.
    company = create("companies", {"name": "Northwind"})["id"]
    master = create("contacts", {"first_name": "Ana", "last_name": "Ribeiro",
                                 "emails": [{"label": "work", "value": "ana@northwind.example"}],
                                 "notes": "Met at the fair."})
    loser = create("contacts", {"first_name": "Ana", "last_name": "Ribeiro", "title": "Buyer",
                                "company_id": company,
                                "emails": [{"label": "home", "value": "ANA@northwind.example"},
                                           {"label": "other", "value": "ana.r@mail.example"}],
                                "phones": [{"label": "mobile", "value": "+44 20 7946 0000"}],
                                "notes": "Prefers calls."})
    deal = create("deals", {"title": "Fleet renewal", "contact_id": loser["id"]})["id"]
    case = create("cases", {"subject": "Broken pump", "contact_id": loser["id"]})["id"]
    activity = create("activities", {"kind": "call", "contact_id": loser["id"]})["id"]
    task = create("tasks", {"title": "Send the quote", "contact_id": loser["id"]})["id"]
    kept_deal = create("deals", {"title": "Spare parts", "contact_id": master["id"]})["id"]
    link = create("deal_contacts", {"deal_id": kept_deal, "contact_id": loser["id"], "role": "user"})

    # An offline client edited the loser: it pushes later.
    offline_edit = op("contact", loser["id"], "update", loser["version"],
                      {"title": ("Buyer", "Head Buyer"),
                       "phones": (loser["phones"], loser["phones"] + [{"label": "work", "value": "+44 20 7946 0001"}])})

    merge = merge_op(master["id"], [loser["id"]], {"last_name": loser["id"]})
    result = server.push(manager, merge).json["results"][0]
    tap.equal(result["status"], "applied", "push: a merge_event is applied")
    event = result["record"]
    tap.equal((event["status"], event["merged_by"] is not None, json.loads(event["moved_counts"])),
              ("merged", True, {"deal": 1, "case": 1, "activity": 1, "task": 1, "deal_contact": 1}),
              "the event keeps who merged and how many records of each type moved")

    ana = get("contacts", master["id"]).json
    tap.equal([e["value"] for e in ana["emails"]], ["ana@northwind.example", "ana.r@mail.example"],
              "emails are unioned without the same address twice, the master's first")
    tap.equal((ana["title"], ana["company_id"], ana["phones"][0]["value"]),
              ("Buyer", company, "+44 20 7946 0000"),
              "an empty field of the master takes the loser's value")
    tap.ok(ana["notes"].startswith("Met at the fair.") and "Prefers calls." in ana["notes"] and
           "Ana Ribeiro" in ana["notes"], "notes are joined under a header naming their record",
           ana["notes"])
    tap.equal(ana["merged_ids"], [loser["id"]], "the master keeps the merged ids")
    tap.equal(get("contacts", loser["id"]).status, 404, "the loser is gone")
    tap.equal([get(t, i).json["contact_id"] for t, i in
               (("deals", deal), ("cases", case), ("activities", activity), ("tasks", task))],
              [master["id"]] * 4, "deals, cases, activities and tasks point at the master")
    links = [c for c in server.request("GET", "changes?since=0&limit=1000", token=manager).json["changes"]
             if c["entity"] == "deal_contact" and not c["deleted"]]
    tap.equal([(l["record"]["deal_id"], l["record"]["contact_id"]) for l in links],
              [(kept_deal, master["id"])], "the loser's link is made anew for the master")

    before = cursor()
    again = server.push(manager, merge).json["results"][0]
    tap.equal((again["status"], again["record"]["id"], cursor()), ("applied", event["id"], before),
              "a retried merge (same op_id) gets the same answer and writes nothing")

    second = server.push(manager, merge_op(master["id"], [loser["id"]])).json["results"][0]
    tap.equal((second["status"], second["error"]["code"], second["error"]["field"]),
              ("rejected", "wrong_state", "loser_ids"),
              "a second client's merge of the same records is refused")
    tap.ok("Already merged into" in second["error"]["message"] and "Ana Ribeiro" in second["error"]["message"],
           "… saying which record they were merged into", second["error"]["message"])
    tap.equal(cursor(), before, "… and nothing changes")

    # The offline edit and a task made offline under the loser land on the master.
    result = server.push(manager, offline_edit).json["results"][0]
    ana = get("contacts", master["id"]).json
    tap.equal((result["status"], ana["title"], [p["value"] for p in ana["phones"]]),
              ("merged", "Head Buyer", ["+44 20 7946 0000", "+44 20 7946 0001"]),
              "an offline edit of the loser lands on the master, field by field")
    result = server.push(manager, op("contact", loser["id"], "update", loser["version"],
                                     {"notes": ("Prefers calls.", "Prefers email.")})).json["results"][0]
    tap.equal((result["status"], result["record"], [c["field"] for c in result["conflicts"]]),
              ("conflict", None, ["notes"]),
              "an edit of the loser that clashes with the master is a conflict without a record")
    tap.ok("Prefers email." not in get("contacts", master["id"]).json["notes"], "… and changes nothing")
    late_task = new_id()
    result = server.push(manager, op("task", late_task, "create", 0,
                                     {"title": (None, "Call back"),
                                      "contact_id": (None, loser["id"])})).json["results"][0]
    tap.equal((result["status"], result["record"]["contact_id"]), ("applied", master["id"]),
              "a task made offline under the loser is re-parented to the master")

    # Unmerge: the loser and exactly what moved go back.
    undo = op("merge_event", event["id"], "update", event["version"],
              {"status": ("merged", "undone")})
    result = server.push(manager, undo).json["results"][0]
    tap.equal((result["status"], result["record"]["status"], result["record"]["undone_at"] is not None),
              ("applied", "undone", True), "push: an unmerge is applied")
    back = get("contacts", loser["id"])
    tap.equal((back.status, back.json["title"]), (200, "Buyer"), "the loser is back as it was")
    tap.equal([get(t, i).json["contact_id"] for t, i in
               (("deals", deal), ("cases", case), ("activities", activity), ("tasks", task))],
              [loser["id"]] * 4, "what moved moves back")
    tap.equal(get("tasks", late_task).json["contact_id"], master["id"],
              "a record made after the merge stays on the master")
    tap.equal(get("deal_contacts", link["id"]).status, 200, "the loser's link is back")
    ana = get("contacts", master["id"]).json
    tap.equal((ana["merged_ids"], [e["value"] for e in ana["emails"]], ana["notes"]),
              (None, ["ana@northwind.example"], "Met at the fair."),
              "the master's merged values go back, its later edit stays")
    tap.equal(ana["title"], "Head Buyer", "… the later edit being the offline one")
    result = server.push(manager, op("merge_event", event["id"], "update", result["record"]["version"],
                                     {"status": ("undone", "merged")})).json["results"][0]
    tap.equal((result["status"], result["error"]["code"]), ("rejected", "wrong_state"),
              "an undone merge stays undone")

    # Companies: their people move.
    north = create("companies", {"name": "Northwind", "domain": "northwind.example"})["id"]
    north2 = create("companies", {"name": "Northwind Ltd", "industry": "Retail"})["id"]
    person = create("contacts", {"last_name": "Lee", "company_id": north2})["id"]
    response = server.request("POST", "merge_events",
                              {"object": "company", "master_id": north,
                               "loser_ids": json.dumps([north2])}, token=manager)
    tap.equal((response.status, get("contacts", person).json["company_id"],
               get("companies", north).json["industry"]),
              (201, north, "Retail"), "REST: merging companies moves their people")

    # Refusals, each with its status and field.
    def refused(body, token=manager):
        response = server.request("POST", "merge_events", body, token=token)
        return (response.status, response.error_code(), response.error_field())

    def contact(token=manager, **fields):
        return create("contacts", {"last_name": "Kim", **fields}, token=token)["id"]

    a, b = contact(), contact()
    tap.equal(refused({"object": "contact", "master_id": a, "loser_ids": json.dumps([north])}),
              (422, "invalid_value", "loser_ids"), "a company merged with a contact: 422")
    tap.equal(refused({"object": "contact", "master_id": a, "loser_ids": json.dumps([new_id()])}),
              (404, "not_found", "loser_ids"), "a record that does not exist: 404")
    tap.equal(refused({"object": "contact", "master_id": a, "loser_ids": json.dumps([a])}),
              (422, "invalid_value", "loser_ids"), "a record merged into itself: 422")
    tap.equal(refused({"object": "contact", "master_id": a, "loser_ids": "[]"}),
              (422, "invalid_value", "loser_ids"), "one record alone: 422")
    six = [contact(rep) for _ in range(6)]
    tap.equal(refused({"object": "contact", "master_id": six[0], "loser_ids": json.dumps(six[1:])}, rep),
              (403, "forbidden", "loser_ids"), "a rep merging 6 records: 403")
    theirs = contact(owner_id=server.user_ids["manager"])
    tap.equal(refused({"object": "contact", "master_id": six[0], "loser_ids": json.dumps([theirs])}, rep),
              (403, "forbidden", "owner_id"), "a rep merging someone else's record: 403")
    tap.equal(refused({"object": "contact", "master_id": a, "loser_ids": json.dumps([b]),
                       "choices": json.dumps({"emails": a})}),
              (422, "invalid_value", "choices"), "a choice for a list field: 422")
    x = contact(emails=[{"label": "work", "value": "kim@one.example"}])
    y = contact(emails=[{"label": "work", "value": "kim@two.example"}])
    tap.equal(refused({"object": "contact", "master_id": x, "loser_ids": json.dumps([y])}),
              (403, "forbidden", "emails"), "a manager merging different emails: 403")
    tap.equal(get("contacts", y).status, 200, "… and nothing is merged")
    response = server.request("POST", "merge_events", {"object": "contact", "master_id": x,
                                                       "loser_ids": json.dumps([y])}, token=admin)
    tap.equal(response.status, 201, "an admin merges different emails")
    event_id = response.json["id"]
    tap.equal(server.request("DELETE", f"merge_events/{event_id}", token=admin).status, 409,
              "a merge_event is never deleted")
    # 31 days later (the stored merge made older), the undo is refused.
    old = "2020-01-01T00:00:00Z"
    if server.backend == "postgresql":
        server.query(f"UPDATE records SET data = jsonb_set(data::jsonb, '{{merged_at}}', '\"{old}\"')::text"
                     f" WHERE entity = 'merge_event' AND id = '{event_id}'")
    else:
        server.query(f"UPDATE records SET data = json_set(data, '$.merged_at', '{old}')"
                     f" WHERE entity = 'merge_event' AND id = '{event_id}'")
    response = server.request("PATCH", f"merge_events/{event_id}", {"status": "undone"}, token=admin)
    tap.equal((response.status, response.error_code(), response.error_field()),
              (409, "wrong_state", "status"), "a merge older than 30 days is not undone")
    tap.ok("30 days" in response.json["error"]["message"], "… saying so", response.json["error"]["message"])
    tap.equal(get("contacts", y).status, 404, "… and the record merged stays merged")
    tap.equal(refused({"object": "contact", "master_id": a, "loser_ids": json.dumps([y])}),
              (409, "wrong_state", "loser_ids"), "a record merged already: 409")
finally:
    server.close()
tap.done()
