#!/usr/bin/env python3
"""SLA clocks on the real server (SPEC.md §8.3): calendars and policies are
checked with errors naming the field; there is always exactly one default
policy; a case gets its due times from it; a breach is recorded by the
server alone, on a write and by its minute job (here every second), and a
client cannot set one; an outbound email or call made offline is the first
response only if it lies between the start of the clock and the time the
server received it; notes and inbound mail do not count."""

import time
from datetime import datetime, timedelta, timezone

from rapport_server_test import Server, Tap, new_id, op

ALWAYS = {"name": "Around the clock", "time_zone": "Asia/Shanghai",
          "weekly_hours": "mon-sun 00:00-24:00"}


def targets(first, resolution):
    policy = {}
    for priority in ("low", "normal", "high", "urgent"):
        policy[f"{priority}_first_response_secs"] = first
        policy[f"{priority}_resolution_secs"] = resolution
    return policy


def shifted(text, seconds):
    instant = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    return (instant + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


tap = Tap()
server = Server(extra_args=("--sla-check-interval", "1"))
try:
    tokens = server.login_all()
    admin = tokens["admin"]

    response = server.request("POST", "calendars", dict(ALWAYS, time_zone="Mars/Olympus"), token=admin)
    tap.equal((response.status, response.error_field()), (422, "time_zone"),
              "a calendar in an unknown zone is refused, naming the zone")
    response = server.request("POST", "calendars", dict(ALWAYS, weekly_hours="9 to 5"), token=admin)
    tap.equal((response.status, response.error_field()), (422, "weekly_hours"),
              "working hours that cannot be read are refused")
    response = server.request("POST", "calendars", ALWAYS, token=admin)
    tap.equal(response.status, 201, "an admin makes a calendar")
    calendar_id = response.json["id"]
    response = server.request("POST", "calendars", dict(ALWAYS, name="Mine"), token=tokens["rep"])
    tap.equal(response.status, 403, "a rep cannot write calendars")

    bad = dict(targets(3600, 1800), name="Backwards", calendar_id=calendar_id)
    response = server.request("POST", "sla_policies", bad, token=admin)
    tap.equal((response.status, response.error_field()), (422, "low_first_response_secs"),
              "a first response target longer than the resolution target is refused")
    tap.ok("first response" in response.json["error"]["message"], "and the error says why",
           response.json)

    first = dict(targets(2, 3600), name="Standard", calendar_id=calendar_id)
    response = server.request("POST", "sla_policies", first, token=admin)
    tap.equal(response.status, 201, "an admin makes a policy")
    standard = response.json
    tap.equal(standard.get("is_default"), True, "the first policy is the default")

    second = dict(targets(36000, 72000), name="Gold", calendar_id=calendar_id, is_default=True)
    response = server.request("POST", "sla_policies", second, token=admin)
    gold = response.json
    standard = server.request("GET", f"sla_policies/{standard['id']}", token=admin).json
    tap.equal((gold.get("is_default"), standard.get("is_default")), (True, False),
              "making another policy the default takes it from the first")
    response = server.request("PATCH", f"sla_policies/{gold['id']}", {"is_default": False},
                              token=admin, headers={"If-Match": str(gold["version"])})
    tap.equal((response.status, response.error_field()), (422, "is_default"),
              "the default cannot be unset: there is always one")
    response = server.request("PATCH", f"sla_policies/{gold['id']}", {"active": False},
                              token=admin, headers={"If-Match": str(gold["version"])})
    tap.equal((response.status, response.error_field()), (422, "active"),
              "nor deactivated")

    # Offline first responses, under Gold's ten-hour target.
    response = server.request("POST", "cases", {"subject": "Router down"}, token=tokens["rep"])
    case = response.json
    start = case["sla_start"]
    tap.equal((case["sla_policy_id"], start, case["first_response_due"]),
              (gold["id"], case["created_at"], shifted(start, 36000)),
              "a new case gets the default policy, starts now and is due in ten working hours")
    tap.equal(case["sla_status"], "response_due", "its clock waits for the first response")

    def log(kind, direction, when, case_id):
        activity = new_id()
        result = server.push(tokens["rep"], op("activity", activity, "create", 0, {
            "kind": (None, kind), "direction": (None, direction), "occurred_at": (None, when),
            "case_id": (None, case_id)}))
        tap.equal(result.json["results"][0]["status"], "applied", f"logged: {direction} {kind}")
        return server.request("GET", f"cases/{case_id}", token=admin).json

    case = log("email", "outbound", shifted(start, -1), case["id"])
    tap.equal(case.get("first_responded_at"), None,
              "an answer dated before the case began is not its first response")
    case = log("call", "outbound", shifted(datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), 3600),
               case["id"])
    tap.equal(case.get("first_responded_at"), None,
              "nor one dated after the server received it")
    case = log("note", "outbound", start, case["id"])
    case = log("email", "inbound", start, case["id"])
    tap.equal(case.get("first_responded_at"), None, "notes and inbound mail do not count")
    case = log("email", "outbound", start, case["id"])
    tap.equal((case.get("first_responded_at"), case["sla_status"]), (start, "resolution_due"),
              "an outbound email made offline within the window is the first response, "
              "at the time it was made")
    case = log("call", "outbound", start, case["id"])
    tap.equal(case.get("first_responded_at"), start, "the first response stays the first")

    # A client cannot record a breach.
    response = server.request("PATCH", f"cases/{case['id']}", {"response_breached_at": start},
                              token=admin, headers={"If-Match": str(case["version"])})
    tap.equal((response.status, response.error_field()), (422, "response_breached_at"),
              "REST: a breach cannot be written")
    result = server.push(admin, op("case", case["id"], "update", case["version"],
                                   {"resolution_breached_at": (None, start)}))
    tap.equal(result.json["results"][0]["status"], "applied",
              "push: a pushed breach is ignored, as every derived value is")
    case = server.request("GET", f"cases/{case['id']}", token=admin).json
    tap.equal((case.get("response_breached_at"), case.get("resolution_breached_at")), (None, None),
              "the case has no breach")

    # Standard again: a two-second first response target that nobody meets.
    response = server.request("PATCH", f"sla_policies/{standard['id']}", {"is_default": True},
                              token=admin, headers={"If-Match": str(standard["version"])})
    tap.equal(response.status, 200, "Standard is made the default again")
    response = server.request("POST", "cases", {"subject": "No dial tone", "priority": "urgent"},
                              token=tokens["rep"])
    late = response.json
    tap.equal(late.get("response_breached_at"), None, "a new case has no breach")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        late = server.request("GET", f"cases/{late['id']}", token=admin).json
        if late.get("response_breached_at"):
            break
        time.sleep(0.5)
    tap.equal((late.get("response_breached_at"), late.get("sla_status")),
              (late["first_response_due"], "breached_response"),
              "the server's minute job records the missed first response, at its due time")
    tap.equal(late.get("updated_by"), None, "as a write of nobody")

    response = server.request("PATCH", f"cases/{late['id']}", {"priority": "low"}, token=admin,
                              headers={"If-Match": str(late["version"])})
    tap.equal((response.json.get("response_breached_at"), response.json.get("priority")),
              (late["response_breached_at"], "low"),
              "a priority change keeps the breach recorded")
finally:
    server.close()
tap.done()
