#!/usr/bin/env python3
"""Automation rules on the real server (SPEC.md §9.3, issue 19): only
admins write rules, and a rule naming a field or an action that does not
exist is refused naming it; "deal moves to Proposal" makes one task, due
at the close of the second business day of the default calendar, over a
weekend and holidays; the rule fires once when two clients push the same
move and when a push is retried with its op_id; a second client receives
the task through the feed, written by "automation"; two rules that set
each other off stop at the depth limit with "loop_stopped" logged; an
urgent case notifies the managers; the log and the notifications cannot
be written over the API."""

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from rapport_server_test import AUTOMATION_AUTHOR as AUTOMATION
from rapport_server_test import Server, Tap, new_id, op
from rapport_server_test import automation_rule as rule

ZONE = "Asia/Shanghai"


tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    admin, manager, rep = tokens["admin"], tokens["manager"], tokens["rep"]

    def feed(token, since=0):
        changes = []
        while True:
            page = server.request("GET", f"changes?since={since}&limit=1000", token=token).json
            changes += page["changes"]
            since = page["cursor"]
            if not page["more"]:
                return changes

    def records(plural, token=admin):
        return server.request("GET", f"{plural}?limit=1000", token=token).json["records"]

    def runs_of(rule_id):
        return [r for r in records("automation_runs") if r["rule_id"] == rule_id]

    # Who may write rules, and what a bad rule is told.
    send = rule("Proposal follow-up", "deal", [{"type": "create_task", "title": "Send proposal",
                                                 "due_in_business_days": 2, "assign_to": "owner"}])
    response = server.request("POST", "automation_rules", send, token=rep)
    tap.equal((response.status, response.is_error_shape()), (403, True),
              "a rep cannot make a rule: 403 with a JSON error")
    response = server.request("POST", "automation_rules", send, token=manager)
    tap.equal(response.status, 403, "nor can a manager")
    bad = rule("Bad", "deal", [{"type": "send_fax"}])
    response = server.request("POST", "automation_rules", bad, token=admin)
    tap.ok(response.status == 422 and response.error_field() == "actions" and
           "send_fax" in response.json["error"]["message"],
           "an unknown action is refused with 422 naming it", response)
    bad = rule("Bad", "deal", [{"type": "set_field", "field": "colour", "value": "red"}])
    response = server.request("POST", "automation_rules", bad, token=admin)
    tap.ok(response.status == 422 and response.error_field() == "actions" and
           "colour" in response.json["error"]["message"],
           "setting a field the record type lacks is refused naming the field", response)
    bad = rule("Bad", "deal", [{"type": "set_field", "field": "probability", "value": 250}])
    response = server.request("POST", "automation_rules", bad, token=admin)
    tap.equal((response.status, response.error_field()), (422, "actions"),
              "a value its field refuses is refused")
    bad = rule("Bad", "deal", send["actions"] and json.loads(send["actions"]),
               trigger="field_changed", trigger_field="stagee_id")
    response = server.request("POST", "automation_rules", bad, token=admin)
    tap.equal((response.status, response.error_field()), (422, "trigger_field"),
              "watching a field that does not exist is refused naming trigger_field")
    bad = rule("Bad", "deal", json.loads(send["actions"]),
               conditions={"all": [{"field": "size", "op": "=", "value": "big"}]})
    response = server.request("POST", "automation_rules", bad, token=admin)
    tap.equal((response.status, response.error_field()), (422, "conditions"),
              "conditions on a field that does not exist are refused naming conditions")

    # The team's default calendar: Shanghai office hours with lunch, and
    # every weekday from tomorrow to the Friday after off, so that the two
    # business days after today are the Monday and Tuesday after that
    # Friday: a weekend and holidays lie between.
    today = datetime.now(ZoneInfo(ZONE)).date()
    tomorrow = today + timedelta(days=1)
    friday = tomorrow + timedelta(days=(4 - tomorrow.weekday()) % 7)
    holidays = "; ".join(str(tomorrow + timedelta(days=n))
                         for n in range((friday - tomorrow).days + 1))
    response = server.request("POST", "calendars",
                              {"name": "Shanghai office", "time_zone": ZONE,
                               "weekly_hours": "mon-fri 09:00-12:00 13:00-17:30",
                               "holidays": holidays}, token=admin)
    assert response.status == 201, response
    calendar_id = response.json["id"]
    policy = {"name": "Standard", "calendar_id": calendar_id}
    for priority in ("low", "normal", "high", "urgent"):
        policy[f"{priority}_first_response_secs"] = 3600
        policy[f"{priority}_resolution_secs"] = 36000
    response = server.request("POST", "sla_policies", policy, token=admin)
    assert response.status == 201, response
    tuesday = friday + timedelta(days=4)
    expected_due = (datetime(tuesday.year, tuesday.month, tuesday.day, 17, 30, tzinfo=ZoneInfo(ZONE))
                    .astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))

    pipeline = server.request("POST", "pipelines", {"name": "Sales"}, token=admin).json
    stages = {}
    for position, name in enumerate(["Lead", "Proposal", "Won"]):
        stages[name] = server.request("POST", "stages",
                                      {"pipeline_id": pipeline["id"], "name": name,
                                       "position": position,
                                       "kind": "won" if name == "Won" else "open"},
                                      token=admin).json["id"]
    send = rule("Proposal follow-up", "deal",
                [{"type": "create_task", "title": "Send proposal", "due_in_business_days": 2,
                  "assign_to": "owner"}],
                trigger="field_changed", trigger_field="stage_id",
                conditions={"all": [{"field": "stage_id", "op": "=", "value": stages["Proposal"]}]})
    response = server.request("POST", "automation_rules", send, token=admin)
    tap.equal(response.status, 201, "an admin makes the rule")
    send_id = response.json["id"]

    # A deal of the rep's, moved to Proposal by the rep and, offline from
    # the same version, by the manager.
    deal_id = new_id()
    rep_id = server.user_ids["rep"]
    result = server.push(rep, op("deal", deal_id, "create", 0,
                                 {"title": (None, "Hangzhou Metro tablets"),
                                  "stage_id": (None, stages["Lead"]),
                                  "owner_id": (None, rep_id)})).json["results"][0]
    assert result["status"] == "applied", result
    version = result["record"]["version"]
    tap.equal(runs_of(send_id), [], "creating the deal in Lead fires nothing")
    move = op("deal", deal_id, "update", version, {"stage_id": (stages["Lead"], stages["Proposal"])})
    first = server.push(rep, move).json["results"][0]
    again = server.push(rep, move).json["results"][0]
    other = server.push(manager, op("deal", deal_id, "update", version,
                                    {"stage_id": (stages["Lead"], stages["Proposal"])})).json["results"][0]
    tap.equal((first["status"], again, other["status"]), ("applied", first, "merged"),
              "the move is applied once, its retry answered the same, the manager's merged")
    tasks = [t for t in records("tasks") if t.get("deal_id") == deal_id]
    tap.equal(len(tasks), 1, "one task, whoever pushed the move and however often")
    runs = runs_of(send_id)
    tap.equal([(r["result"], r["record_id"], r["op_id"]) for r in runs],
              [("done", deal_id, move["op_id"])],
              "one run logged, naming the deal and the op that caused it")
    task = tasks[0] if tasks else {}
    tap.equal((task.get("title"), task.get("assignee_id"), task.get("due_at")),
              ("Send proposal", rep_id, expected_due),
              f"the task is the owner's, due {expected_due}: close of business on the second "
              "working day, after the weekend and the holidays")

    # A second client sees it after a sync, as written by automation.
    manager_feed = [c for c in feed(manager) if c["entity"] == "task"]
    tap.ok(any(c["id"] == task.get("id") and c["record"]["created_by"] == AUTOMATION
               for c in manager_feed),
           "another client pulls the task, created by automation", manager_feed[-3:])

    # Moving the deal away and back is another write: another task.
    deal = server.request("GET", f"deals/{deal_id}", token=rep).json
    for stage in ("Lead", "Proposal"):
        response = server.request("PATCH", f"deals/{deal_id}", {"stage_id": stages[stage]}, token=rep,
                                  headers={"If-Match": str(deal["version"])})
        deal = response.json
    tap.equal(len([t for t in records("tasks") if t.get("deal_id") == deal_id]), 2,
              "moving it back into Proposal later is a new move: a second task")

    # Two rules that set each other off stop at the depth limit.
    raise_it = rule("High becomes urgent", "case",
                    [{"type": "set_field", "field": "priority", "value": "urgent"}],
                    trigger="field_changed", trigger_field="priority", position=1,
                    conditions={"all": [{"field": "priority", "op": "=", "value": "high"}]})
    lower_it = rule("Urgent becomes high", "case",
                    [{"type": "set_field", "field": "priority", "value": "high"}],
                    trigger="field_changed", trigger_field="priority", position=2,
                    conditions={"all": [{"field": "priority", "op": "=", "value": "urgent"}]})
    raise_id = server.request("POST", "automation_rules", raise_it, token=admin).json["id"]
    lower_id = server.request("POST", "automation_rules", lower_it, token=admin).json["id"]
    case_id = new_id()
    result = server.push(rep, op("case", case_id, "create", 0,
                                 {"subject": (None, "Tablet will not charge"),
                                  "priority": (None, "low")})).json["results"][0]
    result = server.push(rep, op("case", case_id, "update", result["record"]["version"],
                                 {"priority": ("low", "high")})).json["results"][0]
    tap.equal(result["status"], "applied", "the push that starts the loop is applied")
    loop = sorted((r for r in records("automation_runs") if r["record_id"] == case_id),
                  key=lambda r: r["depth"])
    tap.equal([(r["rule_id"], r["depth"], r["result"]) for r in loop],
              [(raise_id, 0, "done"), (lower_id, 1, "done"), (raise_id, 2, "done"),
               (lower_id, 3, "loop_stopped")],
              "the rules ran three levels deep, then the loop was stopped and logged")
    tap.ok(loop and "Loop stopped" in (loop[-1].get("error") or ""), "the log says why", loop[-1:])
    case = server.request("GET", f"cases/{case_id}", token=rep).json
    tap.equal((case["priority"], result["record"]["version"]), ("urgent", case["version"]),
              "the case keeps the last rule's value, and the push answered with it")
    for rule_id in (raise_id, lower_id):
        current = server.request("GET", f"automation_rules/{rule_id}", token=admin).json
        server.request("PATCH", f"automation_rules/{rule_id}", {"enabled": False}, token=admin,
                       headers={"If-Match": str(current["version"])})

    # An urgent case notifies every manager.
    notify = rule("Urgent case", "case",
                  [{"type": "notify", "to": "role", "role": "manager",
                    "message": "Urgent case: call the customer back"}], trigger_field="priority",
                  conditions={"all": [{"field": "priority", "op": "=", "value": "urgent"}]})
    notify_id = server.request("POST", "automation_rules", notify, token=admin).json["id"]
    urgent_id = new_id()
    server.push(rep, op("case", urgent_id, "create", 0,
                        {"subject": (None, "Production line down"), "priority": (None, "urgent")}))
    notes = [n for n in feed(manager) if n["entity"] == "notification"]
    tap.equal([(n["record"]["recipient_id"], n["record"]["record_id"], n["record"]["record_title"])
               for n in notes],
              [(server.user_ids["manager"], urgent_id, "Production line down")],
              "the manager's client receives a notification about the case")
    tap.equal([r["result"] for r in runs_of(notify_id)], ["done"], "the run is logged")
    urgent = server.request("GET", f"cases/{urgent_id}", token=rep).json
    server.request("PATCH", f"cases/{urgent_id}", {"subject": "Production line 3 down"}, token=rep,
                   headers={"If-Match": str(urgent["version"])})
    tap.equal(len([n for n in feed(manager) if n["entity"] == "notification"]), 1,
              "editing the urgent case is no news: the rule watches its priority")

    # Nobody writes the log; a recipient marks a notification seen.
    response = server.request("POST", "automation_runs", {"rule_id": notify_id}, token=admin)
    tap.equal(response.status, 403, "not even an admin writes the automation log")
    if notes:
        note = notes[0]["record"]
        response = server.request("PATCH", f"notifications/{note['id']}",
                                  {"seen_at": "2026-12-07T10:00:00Z"}, token=manager,
                                  headers={"If-Match": str(note["version"])})
        tap.equal(response.status, 200, "the manager marks it seen")
        response = server.request("PATCH", f"notifications/{note['id']}", {"message": "x"},
                                  token=rep, headers={"If-Match": str(note["version"] + 1)})
        tap.equal(response.status, 403, "a rep cannot edit someone else's notification")
finally:
    server.close()
tap.done()
