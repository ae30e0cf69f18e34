#!/usr/bin/env python3
"""Escalation on the real server (SPEC.md §8.3, issue 19): automation rules
on the triggers sla_warning and sla_breached. A case whose first response
is due in four working seconds, warned at half of it, is left unanswered:
the server's minute job (here every second) records the warning, which
tells the case's assignee, then the breach, which tells the queue's lead
and makes the case urgent; each rule runs once for the clock, not again at
each later sweep or edit. A client pushing a breached status fires
nothing. An SLA trigger on another record type, and a queue lead to tell
about a deal, are refused naming the field."""

import json
import time

from rapport_server_test import Server, Tap, new_id, op

ALWAYS = {"name": "Around the clock", "time_zone": "Asia/Shanghai",
          "weekly_hours": "mon-sun 00:00-24:00"}


def rule(name, entity, trigger, actions):
    return {"name": name, "entity": entity, "trigger": trigger, "enabled": True,
            "actions": json.dumps(actions)}


tap = Tap()
server = Server(extra_args=("--sla-check-interval", "1"))
try:
    tokens = server.login_all()
    admin, rep = tokens["admin"], tokens["rep"]
    rep_id, manager_id = server.user_ids["rep"], server.user_ids["manager"]

    def records(plural):
        return server.request("GET", f"{plural}?limit=1000", token=admin).json["records"]

    def runs(rule_id, case_id):
        return [r["result"] for r in records("automation_runs")
                if r["rule_id"] == rule_id and r["record_id"] == case_id]

    def notified(case_id):
        """Who was told what about the case, first told first."""
        page = sorted(records("notifications"), key=lambda n: n["created_at"])
        return [(n["recipient_id"], n["message"]) for n in page if n.get("record_id") == case_id]

    def case(case_id):
        return server.request("GET", f"cases/{case_id}", token=admin).json

    tell = [{"type": "notify", "to": "owner", "message": "Answer it now"}]
    response = server.request("POST", "automation_rules", rule("At risk", "deal", "sla_warning", tell),
                              token=admin)
    tap.ok(response.status == 422 and response.error_field() == "trigger" and
           "cases" in response.json["error"]["message"],
           "an SLA trigger on deals is refused naming the trigger", response)
    lead = [{"type": "notify", "to": "queue_lead", "message": "Look at this"}]
    response = server.request("POST", "automation_rules",
                              rule("Lead", "deal", "created_or_changed", lead), token=admin)
    tap.ok(response.status == 422 and response.error_field() == "actions" and
           "queue" in response.json["error"]["message"],
           "telling the queue lead of a deal is refused: a deal has no queue", response)

    calendar_id = server.request("POST", "calendars", ALWAYS, token=admin).json["id"]
    policy = {"name": "Fast", "calendar_id": calendar_id, "warning_percent": 50, "is_default": True}
    for priority in ("low", "normal", "high", "urgent"):
        policy[f"{priority}_first_response_secs"] = 4
        policy[f"{priority}_resolution_secs"] = 3600
    response = server.request("POST", "sla_policies", policy, token=admin)
    assert response.status == 201, response
    queue = server.request("POST", "queues", {"name": "Hotline", "lead_id": manager_id},
                           token=admin).json

    at_risk = server.request("POST", "automation_rules",
                             rule("At risk: tell the owner", "case", "sla_warning", tell),
                             token=admin).json["id"]
    urgent = {"type": "set_field", "field": "priority", "value": "urgent"}
    breached = server.request("POST", "automation_rules",
                              rule("Breached: tell the lead", "case", "sla_breached", lead + [urgent]),
                              token=admin).json["id"]

    # A client that pushes a breach fires nothing: the status is the server's.
    faked_id = new_id()
    server.push(rep, op("case", faked_id, "create", 0, {"subject": (None, "Fax broken")}))
    result = server.push(rep, op("case", faked_id, "update", 1,
                                 {"sla_status": ("response_due", "breached_response")}))
    tap.equal((case(faked_id)["sla_status"], runs(breached, faked_id)), ("response_due", []),
              "a pushed breached status is ignored and fires no rule")

    case_id = new_id()
    server.push(rep, op("case", case_id, "create", 0, {
        "subject": (None, "Scanner offline"), "priority": (None, "normal"),
        "queue_id": (None, queue["id"]), "assignee_id": (None, rep_id)}))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not case(case_id).get("response_breached_at"):
        time.sleep(0.5)
    late = case(case_id)
    tap.equal(late["sla_status"], "breached_response", "the unanswered case breaches")
    tap.equal(notified(case_id), [(rep_id, "Answer it now"), (manager_id, "Look at this")],
              "at the warning, before the breach, its assignee was told; at the breach, "
              "the queue's lead")
    tap.equal((late["priority"], late["response_breached_at"]), ("urgent", late["first_response_due"]),
              "the case was made urgent, and its breach stays recorded")
    tap.equal((runs(at_risk, case_id), runs(breached, case_id)), (["done"], ["done"]),
              "each rule ran once, logged as done")

    time.sleep(2.5)  # more sweeps
    response = server.request("PATCH", f"cases/{case_id}", {"subject": "Scanner offline, floor 2"},
                              token=rep, headers={"If-Match": str(late["version"])})
    tap.equal(response.status, 200, "the rep edits the breached case")
    tap.equal((runs(at_risk, case_id), runs(breached, case_id), len(notified(case_id))),
              (["done"], ["done"], 2),
              "later sweeps and edits fire neither rule again: once per clock")
finally:
    server.close()
tap.done()
