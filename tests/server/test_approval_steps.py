#!/usr/bin/env python3
"""Approval steps decided by the real server (SPEC.md §1.3, rules 3, 8, 10
and the edge cases): each kind of step (a role, a user, the owner's manager,
a team where any one member approves), rules tried by priority in either
mode, a step decided once, a delegate deciding on behalf of an approver who
is away, a deactivated approver's step going to the next role, a step left
waiting reminded of and then escalated, every step an event on the request,
the new conditions' reasons in words, and a document's requests found by an
index."""

import datetime
import json

from rapport_server_test import PASSWORD, ROLES, Server, Tap

tap = Tap()
USERS = dict(ROLES, manager2="manager", manager3="manager", boss="manager", away="manager",
             gone="manager")
server = Server(users=USERS)
try:
    for name in USERS:
        server.login(name)
    tokens, ids = server.tokens, server.user_ids
    admin, manager, manager2, manager3, boss, rep, rep2 = (
        tokens[n] for n in ("admin", "manager", "manager2", "manager3", "boss", "rep", "rep2"))

    def get(path, token=admin):
        return server.request("GET", path, token=token).json

    def patch(path, fields, token=admin):
        return server.request("PATCH", path, fields, token=token)

    def post(path, fields, token=admin):
        return server.request("POST", path, fields, token=token)

    rules = []

    def only_rule(**fields):
        """The one active rule: every earlier one is switched off."""
        for each in rules:
            patch(f"approval_rules/{each}", {"active": False})
        response = post("approval_rules", dict({"name": f"Rule {len(rules) + 1}",
                                                "active": True}, **fields))
        assert response.status == 201, response
        rules.append(response.json["id"])
        return response.json

    def new_quote(discounts=(0, 250000), **fields):
        quote = post("quotes", dict({"title": "办公家具", "currency": "CNY",
                                     "owner_id": ids["rep"]}, **fields), rep).json
        for n, discount in enumerate(discounts):
            post("quote_lines", {"quote_id": quote["id"], "position": f"p{n}",
                                 "description": f"Chair {n + 1}", "qty_milli": 2000,
                                 "unit_price_x100": 1000000, "discount_ppm": discount}, rep)
        return get(f"quotes/{quote['id']}", rep)

    def submit(quote):
        response = post("approval_requests", {"quote_id": quote["id"],
                                              "doc_hash": quote["doc_hash"]}, rep)
        assert response.status == 201, response
        return response.json

    def decide(request_id, status, token, comment=None, step=None):
        request = get(f"approval_requests/{request_id}", token)
        fields = {"status": status, "decided_hash": request["doc_hash"]}
        if comment is not None:
            fields["decision_comment"] = comment
        if step is not None:
            fields["decided_step"] = step
        return patch(f"approval_requests/{request_id}", fields, token)

    def steps(request):
        return [(s["approver"], s["status"]) for s in json.loads(request["steps"])]

    def events(request):
        return [e["kind"] for e in json.loads(request["events"])]

    def state(quote):
        return get(f"quotes/{quote['id']}")["state"]

    # Two steps: a manager, then an admin.
    only_rule(max_line_discount_ppm=150000, steps="role:manager\nrole:admin")
    quote = new_quote()
    request = submit(quote)
    tap.equal((request["status"], request["current_step"], steps(request)),
              ("pending", 1, [("role:manager", "pending"), ("role:admin", "pending")]),
              "a request carries its rule's steps, waiting on the first")
    tap.equal(events(request), ["submitted"], "submitting is its first event")
    response = decide(request["id"], "approved", manager)
    tap.equal((response.status, response.json["status"], response.json["current_step"]),
              (200, "pending", 2), "the manager's approval moves it to the next step")
    tap.equal(state(quote), "pending_approval", "the quote still waits")
    response = decide(request["id"], "approved", manager2, step=1)
    tap.equal((response.status, response.error_code(), response.error_field()),
              (409, "wrong_state", "decided_step"),
              "a second manager deciding the step already decided is told it was decided earlier")
    response = decide(request["id"], "approved", manager2)
    tap.equal(response.status, 403, "a manager cannot decide the admin's step")
    response = decide(request["id"], "approved", admin, step=2)
    tap.equal((response.status, response.json["status"]), (200, "approved"),
              "the admin approves the last step: the request is approved")
    tap.equal(state(quote), "approved", "and so is the quote")
    done = get(f"approval_requests/{request['id']}")
    trail = json.loads(done["events"])
    tap.equal([(e["kind"], e["actor"], e.get("step")) for e in trail],
              [("submitted", ids["rep"], None), ("step_approved", ids["manager"], 1),
               ("step_approved", ids["admin"], 2)],
              "every step is an event: who, which step")
    tap.ok(all(e["server_time"].endswith("Z") and e.get("doc_hash") == done["doc_hash"]
               for e in trail), "with the server's time and the hash decided on", trail)
    response = patch(f"approval_requests/{request['id']}", {"events": "[]"}, admin)
    tap.equal((response.status, response.error_field()), (422, "events"),
              "the trail is append-only: nobody writes it")

    # A rejection at the second step ends the request, with its reason.
    quote = new_quote()
    request = submit(quote)
    decide(request["id"], "approved", manager)
    response = decide(request["id"], "rejected", admin, comment="short")
    tap.equal((response.status, response.error_field()), (422, "decision_comment"),
              "a rejection needs 10 characters of reason")
    response = decide(request["id"], "rejected", admin, comment="Margin is far too thin")
    tap.equal((response.status, response.json["status"], state(quote)),
              (200, "rejected", "draft"), "rejected at step 2: the quote is a draft again")
    tap.equal([(e["kind"], e.get("comment")) for e in json.loads(response.json["events"])][-1],
              ("rejected", "Margin is far too thin"), "the rejection and its reason are kept")

    # user:<id>
    only_rule(max_line_discount_ppm=150000, steps=f"user:{ids['manager2']}")
    request = submit(new_quote())
    tap.equal(decide(request["id"], "approved", manager).status, 403,
              "a user step is not decided by another manager")
    tap.equal(decide(request["id"], "approved", manager2).json["status"], "approved",
              "but by the user it names")

    # owner_manager: the owner's manager_id, which only an admin sets.
    tap.equal(patch(f"users/{ids['rep']}", {"manager_id": ids["boss"]}, rep).status, 403,
              "a rep cannot choose their own manager")
    tap.equal(patch(f"users/{ids['rep']}", {"manager_id": ids["boss"]}).status, 200,
              "an admin sets the rep's manager")
    only_rule(max_line_discount_ppm=150000, steps="owner_manager")
    request = submit(new_quote())
    tap.equal(decide(request["id"], "approved", manager).status, 403,
              "the owner's manager step is not another manager's")
    tap.equal(decide(request["id"], "approved", boss).json["status"], "approved",
              "the owner's manager approves")

    # team:<id>: any one member, whatever their role.
    team = post("teams", {"name": "华东大客户"}).json
    tap.equal(post("teams", {"name": "Mine"}, manager).status, 403, "only an admin makes teams")
    for member in ("manager3", "rep2"):
        tap.equal(post("team_members", {"team_id": team["id"], "user_id": ids[member]}).status,
                  201, f"{member} joins the team")
    only_rule(max_line_discount_ppm=150000, steps=f"team:{team['id']}\nrole:admin")
    request = submit(new_quote())
    tap.equal(decide(request["id"], "approved", manager).status, 403,
              "a manager outside the team cannot decide its step")
    response = decide(request["id"], "approved", rep2)
    tap.equal((response.status, response.json["current_step"]), (200, 2),
              "one member of the team, a rep, approves for the team")
    tap.equal(decide(request["id"], "approved", manager3).status, 403,
              "and no other member decides that step again")

    # Modes, by priority.
    patch(f"approval_rules/{rules[-1]}", {"active": False})
    first = post("approval_rules", {"name": "Big discounts", "priority": 1, "active": True,
                                    "mode": "first_match_only", "max_line_discount_ppm": 200000,
                                    "steps": f"user:{ids['manager2']}"}).json
    second = post("approval_rules", {"name": "Any discount", "priority": 2, "active": True,
                                     "max_line_discount_ppm": 100000,
                                     "steps": "role:manager"}).json
    rules.extend([first["id"], second["id"]])
    request = submit(new_quote())
    tap.equal(steps(request), [(f"user:{ids['manager2']}", "pending")],
              "first_match_only: the first matching rule by priority alone asks")
    tap.equal(request["reasons"], "Line 2 discount 25 % is above the 20 % limit",
              "and only its reason is given")
    decide(request["id"], "approved", manager2)
    patch(f"approval_rules/{first['id']}", {"mode": "all_matching"})
    request = submit(new_quote())
    tap.equal(steps(request), [(f"user:{ids['manager2']}", "pending"),
                               ("role:manager", "pending")],
              "all_matching: every matching rule's steps, by priority")
    patch(f"approval_rules/{first['id']}", {"priority": 3})
    request = submit(new_quote())
    tap.equal(steps(request)[0], ("role:manager", "pending"), "the lower priority goes first")
    response = post("approval_rules", {"name": "Bad", "steps": "role:boss"})
    tap.equal((response.status, response.error_field()), (422, "steps"),
              "a step that names no approver is refused, naming steps")
    tap.ok("role:boss" in response.json["error"]["message"], "and the step",
           response.json["error"]["message"])

    # Delegation: an approver away hands on their approvals.
    only_rule(max_line_discount_ppm=150000, steps=f"user:{ids['manager2']}")
    today = datetime.date.today()
    response = post("approval_delegations", {"user_id": ids["manager2"],
                                             "delegate_id": ids["rep2"],
                                             "starts_on": str(today),
                                             "ends_on": str(today)}, manager)
    tap.equal(response.status, 403, "nobody hands on somebody else's approvals")
    response = post("approval_delegations", {"user_id": ids["manager2"],
                                             "delegate_id": ids["manager3"],
                                             "starts_on": str(today + datetime.timedelta(days=1)),
                                             "ends_on": str(today)}, manager2)
    tap.equal((response.status, response.error_field()), (422, "ends_on"),
              "a delegation that ends before it starts is refused")
    post("approval_delegations", {"user_id": ids["manager2"], "delegate_id": ids["manager"],
                                  "starts_on": str(today + datetime.timedelta(days=10)),
                                  "ends_on": str(today + datetime.timedelta(days=20))}, manager2)
    request = submit(new_quote())
    tap.equal(decide(request["id"], "approved", manager).status, 403,
              "a delegate decides nothing before the delegation starts")
    response = post("approval_delegations", {"user_id": ids["manager2"],
                                             "delegate_id": ids["manager3"],
                                             "starts_on": str(today - datetime.timedelta(days=1)),
                                             "ends_on": str(today + datetime.timedelta(days=5)),
                                             "note": "Trade fair"}, manager2)
    tap.equal(response.status, 201, "manager2 hands on their approvals for the week")
    response = decide(request["id"], "approved", manager3)
    tap.equal((response.status, response.json["status"]), (200, "approved"),
              "the delegate approves in their place")
    last = json.loads(response.json["events"])[-1]
    tap.equal((last["actor"], last.get("on_behalf_of")), (ids["manager3"], ids["manager2"]),
              "the event says on behalf of whom")
    tap.equal(json.loads(response.json["steps"])[0].get("on_behalf_of"), ids["manager2"],
              "and so does the step")

    # A deactivated approver's step goes to the next role.
    only_rule(max_line_discount_ppm=150000, steps=f"user:{ids['gone']}\nrole:admin")
    patch(f"users/{ids['gone']}", {"active": False})
    request = submit(new_quote())
    tap.equal((steps(request), request["current_step"]),
              ([(f"user:{ids['gone']}", "escalated"), ("role:manager", "pending"),
                ("role:admin", "pending")], 2),
              "submitted to a deactivated approver: the step goes to any manager")
    escalated = [e for e in json.loads(request["events"]) if e["kind"] == "escalated"]
    tap.equal([(e["from"], e["to"], e["reason"]) for e in escalated],
              [(f"user:{ids['gone']}", "role:manager", "approver_inactive")],
              "an escalated event says from whom, to whom and why")

    only_rule(max_line_discount_ppm=150000, steps=f"user:{ids['away']}")
    waiting = submit(new_quote())
    patch(f"users/{ids['manager3']}", {"active": False})
    only_rule(max_line_discount_ppm=150000, steps=f"team:{team['id']}")
    teamed = submit(new_quote())
    patch(f"users/{ids['rep2']}", {"active": False})
    server.restart()
    tap.equal(steps(get(f"approval_requests/{teamed['id']}")),
              [(f"team:{team['id']}", "escalated"), ("role:manager", "pending")],
              "a team whose members were all deactivated since: its step goes on")

    # Reminders, then escalation, N days (3 by default) apart.
    tap.equal(events(get(f"approval_requests/{waiting['id']}")), ["submitted"],
              "a request waiting less than 3 days has no reminder")
    server.extra_args = ["--test-clock-offset-days", "4"]
    server.restart()
    waited = get(f"approval_requests/{waiting['id']}")
    tap.equal((events(waited), waited["current_step"]), (["submitted", "reminded"], 1),
              "after 3 days waiting: a reminder, still with the same approver")
    server.restart()
    tap.equal(events(get(f"approval_requests/{waiting['id']}")), ["submitted", "reminded"],
              "reminded once")
    server.extra_args = ["--test-clock-offset-days", "8"]
    server.restart()
    waited = get(f"approval_requests/{waiting['id']}")
    tap.equal((events(waited)[-1], steps(waited), waited["current_step"]),
              ("escalated", [(f"user:{ids['away']}", "escalated"), ("role:manager", "pending")], 2),
              "3 days after the reminder: escalated to the next role")
    tap.equal(json.loads(waited["events"])[-1]["reason"], "overdue", "because it was overdue")
    tap.equal(decide(waiting["id"], "approved", manager).json["status"], "approved",
              "which a manager then approves")
    server.extra_args = ["--approval-reminder-days", "0"]
    try:
        server.restart()
        tap.ok(False, "--approval-reminder-days 0 is refused")
    except RuntimeError:
        tap.ok(True, "--approval-reminder-days 0 is refused")
    server.extra_args = []
    server.start()

    # New conditions, their reasons in words.
    priced = post("products", {"sku": "DESK-1", "name": "Standing Desk", "cost": 400000,
                               "cost_currency": "CNY", "list_price": 600000,
                               "list_price_currency": "CNY", "category": "Furniture"}).json
    plain = post("products", {"sku": "SVC-1", "name": "Assembly"}).json
    price_list = post("price_lists", {"name": "2026", "currency": "CNY"}).json

    def product_quote(**fields):
        quote = post("quotes", dict({"title": "Desks", "currency": "CNY",
                                     "owner_id": ids["rep"],
                                     "price_list_id": price_list["id"]}, **fields), rep).json
        post("quote_lines", {"quote_id": quote["id"], "position": "a", "product_id": priced["id"],
                             "qty_milli": 1000, "unit_price_x100": 50000000}, rep)
        post("quote_lines", {"quote_id": quote["id"], "position": "b", "product_id": plain["id"],
                             "qty_milli": 1000, "unit_price_x100": 10000000}, rep)
        return get(f"quotes/{quote['id']}", rep)

    only_rule(min_margin_ppm=300000)
    request = submit(product_quote())
    tap.equal(request["reasons"],
              "Margin 20 % is below the 30 % floor (line 2 has no cost and is left out)",
              "a margin below the floor, from the products' costs; a line without cost said so")
    only_rule(category="Furniture", steps="role:admin")
    request = submit(product_quote())
    tap.equal((request["reasons"], request["approver_role"]),
              ("Line 1 is of the category Furniture", "admin"),
              "a product of a category on a line")
    only_rule(standard_payment_terms="30 days net\n60 days net")
    tap.equal(submit(product_quote(payment_terms="90 days net"))["reasons"],
              "Payment terms “90 days net” are not standard", "payment terms not standard")
    quote = product_quote(payment_terms="30 Days Net")
    tap.equal(post("approval_requests", {"quote_id": quote["id"], "doc_hash": quote["doc_hash"]},
                   rep).status, 409, "standard terms need no approval, whatever their case")
    only_rule(below_list_price=True)
    tap.equal(submit(product_quote())["reasons"],
              "Line 1 price CN¥5000.00 is below the list price CN¥6000.00",
              "a price below the price list's")

    # A document's requests are found by an index, not by reading them all.
    rows = server.query("SELECT parent_id, json_extract(data, '$.quote_id') FROM records"
                        " WHERE entity = 'approval_request'")
    tap.ok(len(rows) > 10 and all(parent == quote_id for parent, quote_id in rows),
           "every request is indexed under its document", rows[:3])
finally:
    server.close()
tap.done()
