#!/usr/bin/env python3
"""Links on the server: one deal_contact per deal and contact (a second is
409), named by its pair, joining live records, never moved to another pair,
and deleted with either of its records."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    token = server.login_all()["manager"]

    def create(table, body):
        response = server.request("POST", table, body, token=token)
        assert response.status == 201, response
        return response.json

    def status(path):
        return server.request("GET", path, token=token).status

    deal = create("deals", {"title": "Fleet renewal"})["id"]
    other_deal = create("deals", {"title": "Pilot"})["id"]
    contact = create("contacts", {"last_name": "王"})["id"]
    other = create("contacts", {"last_name": "Lee"})["id"]

    link = create("deal_contacts", {"deal_id": deal, "contact_id": contact, "role": "decision_maker"})
    tap.equal(link["role"], "decision_maker", "REST: a deal's contact is linked with a role")
    response = server.request("POST", "deal_contacts",
                              {"deal_id": deal, "contact_id": contact, "role": "user"}, token=token)
    tap.equal((response.status, response.error_code(), response.error_field()),
              (409, "already_exists", "contact_id"), "REST: a second link of the same pair is 409")

    response = server.push(token, op("deal_contact", new_id(), "create", 0,
                                     {"deal_id": (None, deal), "contact_id": (None, contact)}))
    result = response.json["results"][0]
    tap.equal((result["status"], result["error"]["field"]), ("rejected", "id"),
              "push: a link under another id than its pair's is rejected")

    # The same pair pushed again under its own id merges into the one link.
    response = server.push(token, op("deal_contact", link["id"], "create", 0,
                                     {"deal_id": (None, deal), "contact_id": (None, contact),
                                      "role": (None, "decision_maker")}))
    result = response.json["results"][0]
    tap.equal((result["status"], result["record"]["id"]), ("merged", link["id"]),
              "push: a second client's link of the same pair merges into the first")

    response = server.request("PATCH", f"deal_contacts/{link['id']}", {"contact_id": other}, token=token)
    tap.equal((response.status, response.error_code(), response.error_field()),
              (422, "read_only", "contact_id"), "REST: a link never moves to another pair")

    dead = create("contacts", {"last_name": "Gone"})["id"]
    server.request("DELETE", f"contacts/{dead}", token=token)
    response = server.request("POST", "deal_contacts", {"deal_id": deal, "contact_id": dead}, token=token)
    tap.equal((response.status, response.error_field()), (422, "contact_id"),
              "REST: no link to a deleted record")

    second = create("deal_contacts", {"deal_id": deal, "contact_id": other, "role": "user"})["id"]
    third = create("deal_contacts", {"deal_id": other_deal, "contact_id": contact})["id"]
    cursor = server.request("GET", "changes?since=0&limit=1000", token=token).json["cursor"]

    server.request("DELETE", f"contacts/{contact}", token=token)
    tap.equal([status(f"deal_contacts/{i}") for i in (link["id"], third, second)], [404, 404, 200],
              "REST: deleting a contact deletes its links, and only its")
    changes = server.request("GET", f"changes?since={cursor}&limit=1000", token=token).json["changes"]
    tap.equal({c["id"] for c in changes if c["deleted"]}, {contact, link["id"], third},
              "feed: the contact's and its links' tombstones")

    version = server.request("GET", f"deals/{deal}", token=token).json["version"]
    response = server.push(token, op("deal", deal, "delete", version))
    tap.equal((response.json["results"][0]["status"], status(f"deal_contacts/{second}")),
              ("applied", 404), "push: deleting a deal deletes its links")
finally:
    server.close()
tap.done()
