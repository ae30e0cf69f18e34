#!/usr/bin/env python3
"""A rule's add_to_campaign action on the real server (SPEC.md §9.3, issue
19): a rule on records that name no contact, without a campaign, or with a
status no campaign has is refused naming its actions; "a deal from the
fair → its contact joins the fair's follow-up as Sent" adds the deal's
contact once, as Sent, stamped and marked as added by the rule; a contact
without e-mail marketing consent is left out and the log says why; a
member already there keeps the status it moved to; a deal without a contact
writes nothing; a finished campaign, or a status the campaign's type does
not offer, fails the run and writes no member; a second client receives
the member through the feed, written by "automation"."""

import json
from functools import partial

from rapport_server_test import AUTOMATION_AUTHOR as AUTOMATION
from rapport_server_test import Server, Tap
from rapport_server_test import automation_rule

# Its rules fire when a deal is created.
rule = partial(automation_rule, trigger="created")


tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    admin, rep = tokens["admin"], tokens["rep"]

    def post(table, body, token=admin):
        response = server.request("POST", table, body, token=token)
        assert response.status == 201, response
        return response.json

    def get(table, record_id):
        return server.request("GET", f"{table}/{record_id}", token=admin).json

    def records(plural):
        return server.request("GET", f"{plural}?limit=1000", token=admin).json["records"]

    def members_of(campaign_id):
        return [m for m in records("campaign_members") if m["campaign_id"] == campaign_id]

    def run_for(rule_id, deal_id):
        runs = [r for r in records("automation_runs")
                if r["rule_id"] == rule_id and r["record_id"] == deal_id]
        assert len(runs) == 1, runs
        return runs[0]

    def refused(body, words, what):
        response = server.request("POST", "automation_rules", body, token=admin)
        tap.ok(response.status == 422 and response.error_field() == "actions" and
               all(word in response.json["error"]["message"] for word in words),
               what, response)

    def person(name, consent):
        contact = post("contacts", {"first_name": name})["id"]
        if consent:
            post("consents", {"contact_id": contact, "channel": "email", "purpose": "marketing",
                              "status": "granted", "source": "trade_fair", "proof": "Badge scan 41",
                              "captured_at": "2026-03-02T09:00:00Z"})
        return contact

    fair = post("campaigns", {"name": "Canton Fair follow-up", "type": "email", "status": "active"})
    refused(rule("Bad", "company", [{"type": "add_to_campaign", "campaign_id": fair["id"]}]),
            ["company", "contact"], "a rule on companies cannot add to a campaign: they name no contact")
    refused(rule("Bad", "deal", [{"type": "add_to_campaign"}]), ["campaign_id"],
            "adding to a campaign without naming it is refused naming campaign_id")
    refused(rule("Bad", "deal", [{"type": "add_to_campaign", "campaign_id": fair["id"],
                                  "status": "maybe"}]),
            ["maybe"], "a status no campaign offers is refused naming it")

    added = post("automation_rules", rule(
        "Fair deals join the follow-up", "deal",
        [{"type": "add_to_campaign", "campaign_id": fair["id"], "status": "sent"}],
        conditions={"all": [{"field": "tags", "op": "contains", "value": "canton-fair"}]}))

    ana, ben = person("Ana", True), person("Ben", False)

    deal = post("deals", {"title": "Tea for Ana", "contact_id": ana, "tags": ["canton-fair"]},
                token=rep)
    members = members_of(fair["id"])
    tap.equal([(m["contact_id"], m["status"]) for m in members], [(ana, "sent")],
              "a deal from the fair adds its contact to the campaign, as Sent")
    member = members[0]
    tap.ok(member.get("added_at") and member.get("last_status_at") and
           member.get("added_from") == "automation:" + added["id"],
           "stamped when it was added, and by which rule", member)
    tap.equal(run_for(added["id"], deal["id"])["result"], "done", "the run is logged as done")

    other = post("deals", {"title": "Tea for Ben", "contact_id": ben, "tags": ["canton-fair"]},
                 token=rep)
    run = run_for(added["id"], other["id"])
    done = json.loads(run["actions_done"])
    tap.ok(run["result"] == "done" and len(members_of(fair["id"])) == 1 and
           done[0]["status"] == "left_out" and "consent" in done[0]["reason"],
           "a contact without e-mail consent is left out, and the log says why", done)

    responded = server.request("PATCH", f"campaign_members/{member['id']}", {"status": "responded"},
                               token=admin, headers={"If-Match": f'"{member["version"]}"'})
    assert responded.status == 200, responded
    again = post("deals", {"title": "More tea for Ana", "contact_id": ana,
                           "tags": ["canton-fair"]}, token=rep)
    tap.ok(json.loads(run_for(added["id"], again["id"])["actions_done"])[0]["status"] == "unchanged"
           and [m["status"] for m in members_of(fair["id"])] == ["responded"],
           "a member already there keeps the status it moved to")

    nobody = post("deals", {"title": "Walk-in", "tags": ["canton-fair"]}, token=rep)
    tap.equal(json.loads(run_for(added["id"], nobody["id"])["actions_done"])[0]["status"], "skipped",
              "a deal without a contact adds nobody")

    # An event's status on an e-mail campaign: the member is refused, the run fails.
    wrong = post("automation_rules", rule(
        "Fair deals attend", "deal",
        [{"type": "add_to_campaign", "campaign_id": fair["id"], "status": "attended"}],
        conditions={"all": [{"field": "title", "op": "contains", "value": "Attend"}]}))
    cai = person("Cai", True)
    late = post("deals", {"title": "Attend the tasting", "contact_id": cai}, token=rep)
    run = run_for(wrong["id"], late["id"])
    tap.ok(run["result"] == "failed" and cai not in [m["contact_id"] for m in members_of(fair["id"])],
           "a status the campaign's type lacks fails the run and adds nobody", run)

    # A finished campaign takes nobody.
    current = get("campaigns", fair["id"])
    response = server.request("PATCH", f"campaigns/{fair['id']}", {"status": "completed"},
                              token=admin, headers={"If-Match": f'"{current["version"]}"'})
    assert response.status == 200, response
    dan = person("Dan", True)
    over = post("deals", {"title": "Tea for Dan", "contact_id": dan, "tags": ["canton-fair"]},
                token=rep)
    run = run_for(added["id"], over["id"])
    tap.ok(run["result"] == "failed" and "Canton Fair follow-up" in (run.get("error") or "") and
           dan not in [m["contact_id"] for m in members_of(fair["id"])],
           "a completed campaign fails the run, naming it, and adds nobody", run)

    # Another client hears of the member like of any write, by automation.
    changes, since = [], 0
    while True:
        page = server.request("GET", f"changes?since={since}&limit=1000", token=rep).json
        changes += page["changes"]
        since = page["cursor"]
        if not page["more"]:
            break
    fed = [c for c in changes if c["entity"] == "campaign_member" and c["id"] == member["id"]]
    tap.ok(fed and fed[0]["record"].get("created_by") == AUTOMATION,
           "a second client receives the member through the feed, written by automation",
           fed[:1])
finally:
    server.stop()
tap.done()
