#!/usr/bin/env python3
"""Campaign members on the server (SPEC.md §7.3): a status must be one the
campaign's type offers (422 naming status), a move is stamped and the first
response kept, and a move to Unsubscribed, over REST or pushed with the
client's own denial, denies e-mail marketing for that contact alone."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    token = server.login_all()["manager"]

    def post(table, body):
        response = server.request("POST", table, body, token=token)
        assert response.status == 201, response
        return response.json

    def get(table, record_id):
        return server.request("GET", f"{table}/{record_id}", token=token).json

    def patch(table, record, changes):
        return server.request("PATCH", f"{table}/{record['id']}", changes, token=token,
                              headers={"If-Match": f'"{get(table, record["id"])["version"]}"'})

    def person(name):
        contact = post("contacts", {"first_name": name})["id"]
        post("consents", {"contact_id": contact, "channel": "email", "purpose": "marketing",
                          "status": "granted", "source": "web_form", "proof": "Form 7",
                          "captured_at": "2026-01-05T09:00:00Z"})
        return contact

    ana, ben = person("Ana"), person("Ben")
    campaign = post("campaigns", {"name": "Spring tea", "type": "email", "currency": "CNY",
                                  "actual_cost": 100000})
    response = server.request("POST", "campaigns", {"name": "Costly", "actual_cost": 5},
                              token=token)
    tap.equal((response.status, response.error_field()), (422, "currency"),
              "a campaign with a cost and no currency is refused, naming currency")

    member = post("campaign_members", {"campaign_id": campaign["id"], "contact_id": ana,
                                       "status": "planned"})
    other = post("campaign_members", {"campaign_id": campaign["id"], "contact_id": ben,
                                      "status": "planned"})
    tap.ok(member.get("last_status_at") is not None, "a new member's status is stamped")

    response = patch("campaign_members", member, {"status": "attended"})
    tap.equal((response.status, response.error_field()), (422, "status"),
              "an event's status on an e-mail campaign is refused, naming status")

    responded = patch("campaign_members", member, {"status": "responded"}).json
    first = responded.get("first_responded_at")
    tap.ok(first is not None, "the first response is stamped")
    again = patch("campaign_members", member, {"status": "sent", "first_responded_at": None}).json
    tap.equal(again.get("first_responded_at"), first, "and kept: set once")

    response = patch("campaign_members", member, {"status": "unsubscribed"})
    tap.equal(response.status, 200, "REST: a member moves to Unsubscribed")
    tap.equal(get("contacts", ana).get("email_consent"), False,
              "REST: its contact's e-mail marketing is denied")
    tap.equal(get("contacts", ben).get("email_consent"), True,
              "REST: the other member's contact keeps its consent")
    tap.equal(get("campaigns", campaign["id"])["status"], "planned",
              "REST: the campaign itself is untouched")

    # A client moves Ben offline, stamped with its own time; the server
    # records the denial under the id the client derives from that time.
    stored = get("campaign_members", other["id"])
    moved_at = "2026-05-02T08:00:00Z"
    consents_before = server.request("GET", "consents?limit=1000", token=token).json
    before = len(consents_before["records"] if isinstance(consents_before, dict) else consents_before)
    results = server.push(token, op("campaign_member", other["id"], "update", stored["version"],
                                    {"status": ("planned", "unsubscribed"),
                                     "last_status_at": (stored["last_status_at"], moved_at)})).json
    tap.equal(results["results"][0]["status"], "applied", "push: the move is applied")
    tap.equal(get("contacts", ben).get("email_consent"), False,
              "push: its contact's e-mail marketing is denied")
    consents_after = server.request("GET", "consents?limit=1000", token=token).json
    after = len(consents_after["records"] if isinstance(consents_after, dict) else consents_after)
    tap.equal(after - before, 1, "push: one denial recorded")
finally:
    server.close()
tap.done()
