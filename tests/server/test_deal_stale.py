#!/usr/bin/env python3
"""Stale deals on the real server (SPEC.md §2.3 rotting, §9.3 "when a deal
has no activity for rotten_days, notify the owner"; issue 19). On the demo
book, whose deals were worked on over the past year: with rotten_days set
on the stages, an automation rule on the trigger "stale" notifies the
owner of exactly the open deals that nothing touched for that many days
(no activity took place, no change of stage or amount, not created since:
whole days, in the server's zone, UTC), which this test works out by hand
from the deals, activities and stage events it reads over the API. The
server's sweep (here every second, every ten minutes by default) runs the
rule once per deal, not at every sweep; a call logged on a stale deal takes
it out of the stale deals; a stale trigger on cases is refused."""

import json
import re
import time
from datetime import datetime, timedelta, timezone

from rapport_server_test import Server, Tap, new_id, op

DAYS = 30

tap = Tap()
server = Server(users={}, extra_args=("--stale-check-interval", "1"))
try:
    server.stop()
    demo = server.cli("demo")
    passwords = dict(re.findall(r"^\s+(\S+)\s+(?:admin|manager|rep)\s+(\S+)$", demo.stdout, re.M))
    server.start()
    for name in ("admin", "lucas.martin"):
        assert server.login(name, passwords[name]).status == 200
    admin = server.tokens["admin"]

    def records(plural):
        found, after = [], ""
        while True:
            page = server.request("GET", f"{plural}?limit=1000" + (f"&after={after}" if after else ""),
                                  token=admin).json
            found += page["records"]
            if len(page["records"]) < 1000:
                return found
            after = page["records"][-1]["id"]

    def stale_by_hand(now):
        """Open deals last touched (created, or an activity or a stage event
        that took place by @now) before the start of the day DAYS days ago,
        in UTC, the server's zone."""
        now_text = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        touched = {}
        for deal in records("deals"):
            touched[deal["id"]] = deal["created_at"]
        for plural in ("activities", "deal_stage_events"):
            for record in records(plural):
                deal_id, when = record.get("deal_id"), record.get("occurred_at")
                if deal_id in touched and when and touched[deal_id] < when <= now_text:
                    touched[deal_id] = when
        limit = (now - timedelta(days=DAYS)).strftime("%Y-%m-%dT00:00:00Z")
        return {d["id"] for d in records("deals")
                if d.get("status") == "open" and touched[d["id"]] < limit}

    def runs(rule_id):
        return [r["record_id"] for r in records("automation_runs") if r["rule_id"] == rule_id]

    response = server.request("POST", "automation_rules", {
        "name": "Stale case", "entity": "case", "trigger": "stale", "enabled": True,
        "actions": json.dumps([{"type": "notify", "to": "owner", "message": "x"}])}, token=admin)
    tap.equal((response.status, response.error_field()), (422, "trigger"),
              "a stale trigger on cases is refused naming the trigger")

    for stage in records("stages"):
        response = server.request("PATCH", f"stages/{stage['id']}", {"rotten_days": DAYS}, token=admin,
                                  headers={"If-Match": str(stage["version"])})
        assert response.status == 200, response
    stale = stale_by_hand(datetime.now(timezone.utc))
    open_deals = {d["id"] for d in records("deals") if d.get("status") == "open"}
    tap.ok(0 < len(stale) < len(open_deals),
           f"by hand, {len(stale)} of the {len(open_deals)} open deals are stale after {DAYS} days")

    rule_id = server.request("POST", "automation_rules", {
        "name": "Stale deal: tell the owner", "entity": "deal", "trigger": "stale", "enabled": True,
        "actions": json.dumps([{"type": "notify", "to": "owner",
                                "message": "Nobody has worked on this deal for a month"}])},
        token=admin).json["id"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(runs(rule_id)) < len(stale):
        time.sleep(0.5)
    tap.equal(sorted(runs(rule_id)), sorted(stale), "the rule ran on exactly the stale deals")
    notes = [n for n in records("notifications") if n.get("rule_id") == rule_id]
    owners = {d["id"]: d.get("owner_id") for d in records("deals")}
    tap.equal(sorted((n["record_id"], n["recipient_id"]) for n in notes),
              sorted((deal_id, owners[deal_id]) for deal_id in stale),
              "each stale deal's owner was told of it")

    # A call logged today on one of them: no longer stale, and no new run.
    worked = sorted(stale)[0]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = server.push(server.tokens["lucas.martin"], op("activity", new_id(), "create", 0, {
        "kind": (None, "call"), "direction": (None, "outbound"), "occurred_at": (None, now),
        "subject": (None, "Called about the next step"), "deal_id": (None, worked)}))
    tap.equal(result.json["results"][0]["status"], "applied", "a call is logged on a stale deal")
    tap.ok(worked not in stale_by_hand(datetime.now(timezone.utc)), "by hand, it is stale no more")
    time.sleep(3)  # sweeps
    tap.equal(sorted(runs(rule_id)), sorted(stale), "later sweeps ran the rule on no deal twice")
finally:
    server.close()
tap.done()
