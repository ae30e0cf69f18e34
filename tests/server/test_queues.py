#!/usr/bin/env python3
"""Case queues on the real server (SPEC.md §8.3): a case that arrives
unassigned in a round-robin queue is assigned by the server, fairly over a
thousand cases while two agents are away (out of office, deactivated) part
of the time and never to them; a batch pushed at once is assigned one by
one in push order; the round-robin cursor survives a restart; least-open
ties fall on different agents; agents at the queue's cap are skipped and a
case nobody can take says why; the same create pushed twice, by one client
or two, is assigned once; only admins write queues; satisfaction is
logged once per resolution of a case, a late answer keeping the
resolution it was asked for."""

import time
from collections import Counter
from datetime import datetime, timezone

from rapport_server_test import PASSWORD, Server, Tap, new_id, op

AGENTS = ["ann", "bob", "cai", "dan", "eve"]
USERS = {"admin": "admin", "rep": "rep", "rep2": "rep", **{name: "rep" for name in AGENTS}}

tap = Tap()
server = Server(users=USERS)
try:
    for name in ("admin", "rep", "rep2"):
        server.login(name, PASSWORD)
    admin = server.tokens["admin"]
    rep = server.tokens["rep"]
    users = {u["name"]: u for u in server.request("GET", "users?limit=100", token=admin).json["records"]}
    agent_id = {name: users[name]["id"] for name in AGENTS}
    agent_name = {uid: name for name, uid in agent_id.items()}
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")

    def make_queue(name, members, mode="round_robin", **fields):
        response = server.request("POST", "queues", {"name": name, "assignment_mode": mode, **fields},
                                  token=admin)
        assert response.status == 201, response
        queue = response.json
        for member in members:
            response = server.request("POST", "queue_members",
                                      {"queue_id": queue["id"], "user_id": agent_id[member]},
                                      token=admin)
            assert response.status == 201, response
        return queue

    def push_cases(queue, count, token=rep, subject="Printer jam"):
        """Pushes @count new cases into @queue in one push; their assignees' names in order."""
        ops = [op("case", new_id(), "create", 0,
                  {"subject": (None, f"{subject} {i}"), "queue_id": (None, queue["id"])})
               for i in range(count)]
        results = server.push(token, *ops).json["results"]
        assert all(r["status"] == "applied" for r in results), results
        return [agent_name.get(r["record"].get("assignee_id")) for r in results], results

    def set_active(name, active):
        user = server.request("GET", f"users/{agent_id[name]}", token=admin).json
        response = server.request("PATCH", f"users/{agent_id[name]}", {"active": active}, token=admin,
                                  headers={"If-Match": str(user["version"])})
        assert response.status == 200, response

    # Only admins write queues, and a bad mode is refused naming the field.
    response = server.request("POST", "queues", {"name": "Mine"}, token=rep)
    tap.equal(response.status, 403, "a rep cannot make a queue")
    response = server.request("POST", "queues", {"name": "Odd", "assignment_mode": "lottery"},
                              token=admin)
    tap.equal((response.status, response.error_field()), (422, "assignment_mode"),
              "an unknown assignment mode is refused, naming the field")

    # Round robin over 1,000 cases: all five, then Dan out of office and Eve
    # deactivated, then both back. Within each period the agents present
    # get within one case of each other; the absent ones get none.
    support = make_queue("Support", AGENTS)
    first, _ = push_cases(support, 100)
    first += push_cases(support, 100)[0]
    counts = Counter(first)
    tap.equal(sorted(counts.items()), [(name, 40) for name in AGENTS],
              "round robin: 200 cases among five agents, 40 each")
    response = server.request("POST", "approval_delegations",
                              {"user_id": agent_id["dan"], "delegate_id": agent_id["ann"],
                               "starts_on": today, "ends_on": today}, token=admin)
    tap.equal(response.status, 201, "Dan is out of office today")
    delegation = response.json
    set_active("eve", False)
    away = []
    for _ in range(6):
        away += push_cases(support, 100)[0]
    counts = Counter(away)
    tap.ok(counts["dan"] == 0 and counts["eve"] == 0,
           "nobody out of office or inactive gets a case", counts)
    tap.ok(None not in counts and max(counts.values()) - min(counts.values()) <= 1 and
           sum(counts.values()) == 600 and len(counts) == 3,
           "600 cases among the three present, within one of each other", counts)
    response = server.request("DELETE", f"approval_delegations/{delegation['id']}", token=admin,
                              headers={"If-Match": str(delegation["version"])})
    tap.ok(response.status in (200, 204), "Dan is back", response)
    set_active("eve", True)
    back = push_cases(support, 100)[0] + push_cases(support, 100)[0]
    counts = Counter(back)
    tap.equal(sorted(counts.items()), [(name, 40) for name in AGENTS],
              "all five back: 200 cases, 40 each")

    # A batch of 100 in one push into a four-person queue: 25 each, in order.
    batch = make_queue("Batch", AGENTS[:4])
    before = "0"
    for _ in range(20):
        page = server.request("GET", f"changes?since={before}&limit=1000", token=admin).json
        before = page["cursor"]
        if not page["more"]:
            break
    names, results = push_cases(batch, 100)
    tap.equal(Counter(names), Counter({name: 25 for name in AGENTS[:4]}),
              "100 cases pushed at once into a 4-person queue: 25 each")
    tap.equal(names, [AGENTS[i % 4] for i in range(100)],
              "assigned one by one in push order, each agent in turn")
    pulled, since = {}, before
    for _ in range(20):
        feed = server.request("GET", f"changes?since={since}&limit=500", token=server.tokens["rep2"]).json
        pulled.update({c["id"]: c["record"] for c in feed["changes"] if c["entity"] == "case"})
        since = feed["cursor"]
        if not feed["more"]:
            break
    first_id = results[0]["record"]["id"]
    tap.equal(pulled.get(first_id, {}).get("assignee_id"), agent_id["ann"],
              "another client pulls the assignment from the changes feed")

    # The cursor survives a restart: after Dan, Ann and Bob; then Cai.
    tap.equal(push_cases(batch, 2)[0], ["ann", "bob"], "the batch queue goes on after Dan")
    server.restart()
    tap.equal(push_cases(batch, 1)[0], ["cai"],
              "after a restart round robin goes on with Cai, not from the start")

    # The same create pushed twice, and by another client: assigned once.
    case_id = new_id()
    same = op("case", case_id, "create", 0,
              {"subject": (None, "Pushed twice"), "queue_id": (None, batch["id"])})
    once = server.push(rep, same).json["results"][0]
    again = server.push(rep, same).json["results"][0]
    other = server.push(server.tokens["rep2"], same).json["results"][0]
    by_admin = server.push(admin, same).json["results"][0]
    stored = server.request("GET", f"cases/{case_id}", token=admin).json
    tap.equal((agent_name.get(once["record"]["assignee_id"]), agent_name.get(again["record"]["assignee_id"]),
               agent_name.get(stored["assignee_id"]), stored["version"]),
              ("dan", "dan", "dan", 1),
              "a retried push returns the same assignment, and the case is written once")
    tap.ok(all(agent_name.get(r["record"]["assignee_id"]) == "dan" for r in (other, by_admin)) and
           by_admin["status"] in ("applied", "merged"),
           "the same case pushed by two more clients keeps its one assignment", (other, by_admin))
    tap.equal(push_cases(batch, 1)[0], ["ann"], "and the cursor moved once: Ann is next")

    # Moving an unassigned case into the queue assigns it; one with an
    # assignee keeps it.
    response = server.request("POST", "cases", {"subject": "Walk-in"}, token=rep)
    loose = response.json
    response = server.request("PATCH", f"cases/{loose['id']}", {"queue_id": batch["id"]}, token=rep,
                              headers={"If-Match": str(loose["version"])})
    tap.equal(agent_name.get(response.json.get("assignee_id")), "bob",
              "a case moved into the queue unassigned is assigned (REST)")
    response = server.request("POST", "cases",
                              {"subject": "Mine", "queue_id": batch["id"],
                               "assignee_id": agent_id["eve"]}, token=admin)
    tap.equal(agent_name.get(response.json.get("assignee_id")), "eve",
              "a case that comes with an assignee keeps it")

    # Over capacity: at most two open cases each.
    capped = make_queue("Capped", ["ann", "bob"], max_open_per_agent=2)
    names, results = push_cases(capped, 5)
    tap.equal(names, ["ann", "bob", "ann", "bob", None],
              "agents at the queue's cap are skipped; the fifth case stays unassigned")
    tap.equal(results[4]["record"].get("unassigned_reason"), "at_capacity",
              "and says everyone is at capacity")
    resolved = results[0]["record"]
    response = server.request("PATCH", f"cases/{resolved['id']}", {"status": "resolved"},
                              token=admin, headers={"If-Match": str(resolved["version"])})
    tap.equal(response.status, 200, "Ann resolves a case")
    tap.equal(push_cases(capped, 1)[0], ["ann"], "and has room for the next one")

    # A member paused in the queue takes none of its new cases.
    paused = make_queue("Paused", ["ann"])
    response = server.request("POST", "queue_members",
                              {"queue_id": paused["id"], "user_id": agent_id["bob"], "paused": True},
                              token=admin)
    tap.equal(response.status, 201, "Bob joins the queue paused")
    tap.equal(push_cases(paused, 4)[0], ["ann"] * 4, "a paused member is skipped")

    # Nobody to take it: the case says why.
    _, results = push_cases(make_queue("Empty", []), 1)
    tap.equal((results[0]["record"].get("assignee_id"), results[0]["record"].get("unassigned_reason")),
              (None, "no_members"), "a queue without members leaves the case unassigned, saying so")
    set_active("eve", False)
    _, results = push_cases(make_queue("Eve only", ["eve"]), 1)
    tap.equal(results[0]["record"].get("unassigned_reason"), "unavailable",
              "a queue whose members are all away leaves it unassigned, saying so")
    set_active("eve", True)
    _, results = push_cases(make_queue("Manual", AGENTS, mode="manual"), 1)
    tap.equal((results[0]["record"].get("assignee_id"), results[0]["record"].get("unassigned_reason")),
              (None, None), "a manual queue leaves cases to be taken by hand")
    response = server.push(rep, op("case", new_id(), "create", 0,
                                   {"subject": (None, "Forged"),
                                    "unassigned_reason": (None, "no_members")})).json["results"][0]
    tap.ok(response["status"] == "rejected" or response["record"].get("unassigned_reason") is None,
           "a client cannot write why a case is unassigned", response)

    # Least open: ties fall on different agents, not on the first added.
    # Each case is resolved before the next arrives, so all three are
    # always tied at none open.
    tied = make_queue("Tied", ["ann", "bob", "cai"], mode="least_open")
    firsts = []
    for trial in range(30):
        _, results = push_cases(tied, 1, subject="Tie")
        record = results[0]["record"]
        firsts.append(agent_name.get(record.get("assignee_id")))
        response = server.request("PATCH", f"cases/{record['id']}", {"status": "resolved"},
                                  token=admin, headers={"If-Match": str(record["version"])})
        assert response.status == 200, response
    tap.ok(None not in firsts and len(set(firsts)) > 1,
           "least open: 30 three-way ties did not all go to one agent", Counter(firsts))
    least = make_queue("Least", ["ann", "bob", "cai"], mode="least_open")
    names = push_cases(least, 30)[0]
    tap.equal(Counter(names), Counter({"ann": 10, "bob": 10, "cai": 10}),
              "least open spreads 30 cases 10 each")

    # Satisfaction: one response per resolution.
    response = server.request("POST", "cases", {"subject": "Broken screen", "queue_id": batch["id"]},
                              token=rep)
    case = response.json
    response = server.request("POST", "csat_responses", {"case_id": case["id"], "score": 5}, token=rep)
    tap.equal((response.status, response.error_field()), (422, "resolved_at"),
              "satisfaction for a case never resolved is refused, naming the resolution")
    response = server.request("PATCH", f"cases/{case['id']}", {"status": "resolved"}, token=admin,
                              headers={"If-Match": str(case["version"])})
    case = response.json
    first_resolution = case["resolved_at"]
    response = server.request("POST", "csat_responses", {"case_id": case["id"], "score": 6}, token=rep)
    tap.equal((response.status, response.error_field()), (422, "score"), "a score of 6 is refused")
    response = server.request("POST", "csat_responses",
                              {"case_id": case["id"], "score": 5, "comment": "Fast"}, token=rep)
    tap.equal(response.status, 201, "an agent logs the customer's 5")
    tap.equal((response.json.get("resolved_at"), response.json.get("agent_id"),
               response.json.get("queue_id")),
              (first_resolution, case["assignee_id"], batch["id"]),
              "it answers the case's resolution, its agent and its queue")
    response = server.request("POST", "csat_responses", {"case_id": case["id"], "score": 1}, token=rep)
    tap.equal((response.status, response.error_field()), (409, "resolved_at"),
              "a second answer to the same resolution is refused")
    response = server.request("PATCH", f"cases/{case['id']}", {"status": "open"}, token=admin,
                              headers={"If-Match": str(case["version"])})
    case = response.json
    time.sleep(1.1)  # resolutions are told apart by their time, to the second
    response = server.request("PATCH", f"cases/{case['id']}", {"status": "resolved"}, token=admin,
                              headers={"If-Match": str(case["version"])})
    case = response.json
    response = server.request("POST", "csat_responses", {"case_id": case["id"], "score": 2}, token=rep)
    tap.equal((response.status, response.json.get("resolved_at") != first_resolution), (201, True),
              "reopened and resolved again, the case is asked again")

    response = server.request("POST", "cases", {"subject": "Late answer"}, token=rep)
    late = response.json
    late = server.request("PATCH", f"cases/{late['id']}", {"status": "resolved"}, token=admin,
                          headers={"If-Match": str(late["version"])}).json
    asked = late["resolved_at"]
    late = server.request("PATCH", f"cases/{late['id']}", {"status": "open"}, token=admin,
                          headers={"If-Match": str(late["version"])}).json
    response = server.request("POST", "csat_responses",
                              {"case_id": late["id"], "score": 4, "resolved_at": asked}, token=rep)
    tap.equal((response.status, response.json.get("resolved_at")), (201, asked),
              "an answer that comes after a reopen attaches to the resolution it was asked for")
finally:
    server.close()
tap.done()
