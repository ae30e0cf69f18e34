#!/usr/bin/env python3
"""Pairs said not to be duplicates on the server (SPEC.md §5.3, "Create
anyway" with a reason): a rep keeps one over REST or pushed, with its reason,
and every client receives it in the feed; a record paired with itself is
refused (422 naming other_id), and nothing is kept."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    token = tokens["rep"]

    def post(table, body):
        return server.request("POST", table, body, token=token)

    ana = post("contacts", {"first_name": "Ana", "last_name": "Ribeiro"}).json["id"]
    other = post("contacts", {"first_name": "Ana", "last_name": "Ribeiro"}).json["id"]

    response = post("not_duplicates", {"object": "contact", "record_id": ana, "other_id": other,
                                       "reason": "Different person, same name"})
    tap.equal(response.status, 201, "REST: a rep keeps a pair with its reason")

    response = post("not_duplicates", {"object": "contact", "record_id": ana, "other_id": ana})
    tap.equal((response.status, response.error_field()), (422, "other_id"),
              "REST: a record paired with itself is refused, naming other_id")

    mark_id = new_id()
    results = server.push(token, op("not_duplicate", mark_id, "create", 0,
                                    {"object": (None, "contact"), "record_id": (None, other),
                                     "other_id": (None, ana),
                                     "reason": (None, "Shared phone or email")})).json
    tap.equal(results["results"][0]["status"], "applied", "push: the pair is applied")
    results = server.push(token, op("not_duplicate", new_id(), "create", 0,
                                    {"object": (None, "company"), "record_id": (None, ana),
                                     "other_id": (None, ana)})).json
    tap.equal(results["results"][0]["status"], "rejected",
              "push: a record paired with itself is rejected")

    feed = server.request("GET", "changes?since=0&limit=1000", token=tokens["manager"]).json
    reasons = sorted(change["record"].get("reason") for change in feed["changes"]
                     if change["entity"] == "not_duplicate" and not change["deleted"])
    tap.equal(reasons, ["Different person, same name", "Shared phone or email"],
              "the feed brings both pairs, with their reasons, to every client")
finally:
    server.close()
tap.done()
