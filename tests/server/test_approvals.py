#!/usr/bin/env python3
"""Approval of quotes and orders, decided by the real server (SPEC.md §1.3):
every hole of OCA/sale-workflow#1087 refused (sending or confirming without
an approval, editing above the limit after the approval, duplicating an
approved document), no self-approval, a reason for every rejection and
override, a request decided once, decisions on what changed since kept as
stale, a rule edited while a request is pending, and the same answers
through the sync push as through REST."""

from rapport_server_test import PASSWORD, ROLES, Server, Tap, new_id, op

tap = Tap()
server = Server(users=dict(ROLES, manager2="manager"))
try:
    for name in ("admin", "manager", "manager2", "rep", "rep2"):
        server.login(name)
    tokens, ids = server.tokens, server.user_ids
    admin, manager, manager2, rep, rep2 = (tokens[n] for n in ("admin", "manager", "manager2",
                                                               "rep", "rep2"))

    def get(path, token=rep):
        return server.request("GET", path, token=token).json

    def patch(path, fields, token=rep):
        return server.request("PATCH", path, fields, token=token)

    def post(path, fields, token=rep):
        return server.request("POST", path, fields, token=token)

    def state(quote_id):
        return get(f"quotes/{quote_id}")["state"]

    def new_quote(discounts=(0, 100000, 250000), **fields):
        quote = post("quotes", dict({"title": "办公家具", "currency": "CNY",
                                     "owner_id": ids["rep"]}, **fields)).json
        for n, discount in enumerate(discounts):
            post("quote_lines", {"quote_id": quote["id"], "position": f"p{n}",
                                 "description": f"Chair {n + 1}", "qty_milli": 2000,
                                 "unit_price_x100": 1000000, "discount_ppm": discount})
        return get(f"quotes/{quote['id']}")

    def lines(quote_id):
        return sorted((line for line in get("quote_lines?limit=1000")["records"]
                       if line["quote_id"] == quote_id), key=lambda line: line["position"])

    def submit(quote, token=rep, comment="Key account, please"):
        return post("approval_requests", {"quote_id": quote["id"], "doc_hash": quote["doc_hash"],
                                          "comment": comment}, token=token)

    def decide(request_id, status, token, comment=None, decided_hash=None):
        request = get(f"approval_requests/{request_id}", token)
        fields = {"status": status, "decided_hash": decided_hash or request["doc_hash"]}
        if comment is not None:
            fields["decision_comment"] = comment
        return patch(f"approval_requests/{request_id}", fields, token)

    response = post("approval_rules", {"name": "Discounts", "max_line_discount_ppm": 150000})
    tap.equal(response.status, 403, "a rep cannot make an approval rule")
    rule = post("approval_rules", {"name": "Discounts", "max_line_discount_ppm": 150000,
                                   "active": True}, admin).json

    # Sending or approving without an approval is refused (sale-workflow#1087).
    quote = new_quote()
    for target in ("sent", "approved"):
        response = patch(f"quotes/{quote['id']}", {"state": target})
        tap.equal((response.status, response.error_code(), response.error_field()),
                  (409, "wrong_state", "state"), f"REST: {target} without an approval is refused")
    tap.ok("Line 3 discount 25 % is above the 15 % limit" in response.json["error"]["message"],
           "and the refusal says why", response.json)
    response = server.push(rep, op("quote", quote["id"], "update", quote["version"],
                                   {"state": ("draft", "sent")}))
    result = response.json["results"][0]
    tap.equal((result["status"], result["error"]["code"]), ("rejected", "wrong_state"),
              "push: sent without an approval is refused the same way")
    tap.equal(state(quote["id"]), "draft", "the quote is still a draft")
    response = patch(f"quotes/{quote['id']}", {"state": "pending_approval"})
    tap.equal(response.status, 409, "a quote is not set pending by hand: a request does that")

    # A quote that no rule matches needs no approval.
    plain = new_quote(discounts=(0, 50000))
    tap.equal(patch(f"quotes/{plain['id']}", {"state": "sent"}).status, 200,
              "a quote within the limits is sent without approval")
    tap.equal(submit(new_quote(discounts=(0,))).status, 409, "and is not submitted for approval")

    # Submitting.
    response = post("approval_requests", {"quote_id": quote["id"], "doc_hash": "0" * 64})
    tap.equal((response.status, response.error_field()), (422, "doc_hash"),
              "a request of another content than the quote's is refused, naming doc_hash")
    response = submit(quote)
    request = response.json
    tap.equal((response.status, request["status"], request["requested_by"],
               request["approver_role"]), (201, "pending", ids["rep"], "manager"),
              "submitted: pending, asked by the rep, for a manager")
    tap.equal(request["reasons"], "Line 3 discount 25 % is above the 15 % limit",
              "the reasons are the server's, in words")
    tap.equal(state(quote["id"]), "pending_approval", "the quote waits for approval")
    response = patch(f"quote_lines/{lines(quote['id'])[0]['id']}", {"qty_milli": 3000})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "a rep cannot edit a line while the quote waits for approval")

    # Who decides.
    response = decide(request["id"], "approved", rep)
    tap.equal(response.status, 403, "nobody approves their own request")
    response = decide(request["id"], "approved", rep2)
    tap.equal(response.status, 403, "a rep cannot approve")
    response = decide(request["id"], "rejected", manager, comment="too low")
    tap.equal((response.status, response.error_field()), (422, "decision_comment"),
              "a rejection needs a reason of 10 characters at least")
    response = patch(f"approval_requests/{request['id']}", {"reasons": "none"}, manager)
    tap.equal((response.status, response.error_field()), (422, "reasons"),
              "what the server filled in cannot be changed")

    # Two managers decide at once: the first the server receives wins.
    response = decide(request["id"], "approved", manager)
    tap.equal((response.status, response.json["status"], response.json["decided_by"]),
              (200, "approved", ids["manager"]), "a manager approves")
    tap.equal(state(quote["id"]), "approved", "the quote is approved")
    response = decide(request["id"], "rejected", manager2, comment="Margin is too thin here")
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "a second decision is refused: decided earlier")
    tap.equal(server.request("DELETE", f"approval_requests/{request['id']}", token=admin).status,
              409, "a decision is never deleted, even by an admin")

    # Edited above the limit after the approval: the approval is void.
    third = lines(quote["id"])[2]
    response = patch(f"quote_lines/{third['id']}", {"discount_ppm": 300000})
    tap.equal(response.status, 200, "the rep edits a line of the approved quote")
    tap.equal((state(quote["id"]), get(f"approval_requests/{request['id']}")["status"]),
              ("draft", "stale"), "the edit voids the approval: the quote is a draft again")
    response = patch(f"quotes/{quote['id']}", {"state": "sent"})
    tap.equal(response.status, 409, "and cannot be sent on the old approval")

    # Resubmitted, approved, sent: then it never changes.
    quote = get(f"quotes/{quote['id']}")
    second = submit(quote).json
    tap.equal(decide(second["id"], "approved", manager2).status, 200, "resubmitted and approved")
    response = patch(f"quotes/{quote['id']}", {"state": "sent"})
    tap.equal((response.status, response.json.get("state")), (200, "sent"),
              "with an approval of what it holds, the quote is sent")
    response = patch(f"quote_lines/{third['id']}", {"discount_ppm": 0})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "a sent quote's lines never change")
    response = patch(f"quotes/{quote['id']}", {"discount_ppm": 10000})
    tap.equal(response.status, 409, "nor its header")
    tap.equal(patch(f"quotes/{quote['id']}", {"notes": "Delivery in March"}).status, 200,
              "what the approval is not of (notes) still changes")

    # Duplicating an approved quote never copies its approval.
    copy_id = new_id()
    response = server.push(rep, *[dict(each, group=copy_id) for each in [
        op("quote", copy_id, "create", 0, {"title": (None, "Copy"), "currency": (None, "CNY"),
                                           "state": (None, "approved")}),
        *[op("quote_line", new_id(), "create", 0,
             {"quote_id": (None, copy_id), "position": (None, f"p{n}"),
              "qty_milli": (None, 2000), "unit_price_x100": (None, 1000000),
              "discount_ppm": (None, discount)})
          for n, discount in enumerate((0, 100000, 300000))]]])
    tap.equal(state(copy_id), "draft",
              "a copy pushed approved with its lines is a draft: an approval is never copied")
    copy = new_quote(discounts=(0, 100000, 300000), state="approved")
    tap.equal(state(copy["id"]), "draft", "nor when its lines come one by one")
    response = post("quotes", {"title": "Copy", "currency": "CNY", "state": "sent"})
    tap.equal(response.status, 201, "a copy without lines needs no approval")

    # A decision on a changed quote is kept, as stale; an admin's edit of a
    # pending quote voids the request.
    quote = new_quote()
    request = submit(quote).json
    response = decide(request["id"], "approved", manager, decided_hash="f" * 64)
    tap.equal((response.status, response.json["status"]), (200, "stale"),
              "an approval of what the manager saw, not what it is now, is kept as stale")
    tap.equal(state(quote["id"]), "pending_approval", "and approves nothing")
    quote = new_quote()
    request = submit(quote).json
    tap.equal(patch(f"quotes/{quote['id']}", {"discount_ppm": 20000}, admin).status, 200,
              "an admin edits a pending quote")
    tap.equal((state(quote["id"]), get(f"approval_requests/{request['id']}")["status"]),
              ("draft", "stale"), "which voids the request")

    quote = new_quote()
    request = submit(quote).json
    tap.equal(patch(f"quotes/{quote['id']}", {"state": "draft"}).status, 200,
              "a pending quote taken back to draft")
    tap.equal(get(f"approval_requests/{request['id']}")["status"], "stale",
              "leaves no request pending for it")

    # A rule edited while a request is pending: the request keeps its version.
    quote = new_quote()
    request = submit(quote).json
    patch(f"approval_rules/{rule['id']}", {"max_line_discount_ppm": 100000}, admin)
    kept = get(f"approval_requests/{request['id']}")
    tap.ok('"rule_version":1' in kept["rules"].replace(" ", ""),
           "the request keeps the rule's version it matched", kept["rules"])
    tap.equal(decide(request["id"], "approved", manager).status, 200, "and is approved on it")
    tap.equal(patch(f"quotes/{quote['id']}", {"state": "sent"}).status, 200, "and the quote is sent")

    # Recall, override.
    quote = new_quote()
    request = submit(quote).json
    tap.equal(decide(request["id"], "recalled", manager).status, 403,
              "only the requester recalls")
    tap.equal(decide(request["id"], "recalled", rep).status, 200, "the rep recalls")
    tap.equal(state(quote["id"]), "draft", "the quote is a draft again")
    quote = get(f"quotes/{quote['id']}")
    request = submit(quote).json
    tap.equal(decide(request["id"], "overridden", manager, comment="Board decided so").status, 403,
              "only an admin overrides")
    tap.equal(decide(request["id"], "overridden", admin).status, 422, "with a reason")
    tap.equal(decide(request["id"], "overridden", admin, comment="Board decided so").status, 200,
              "an admin overrides with a reason")
    tap.equal(state(quote["id"]), "approved", "and the quote is approved")

    # A rule on a customer segment: the quote's company in it needs approval.
    segment = post("segments", {"name": "Key accounts", "object": "company",
                                "filter": '{"all": [{"field": "industry", "op": "=",'
                                          ' "value": "Retail"}]}'}, admin).json
    post("approval_rules", {"name": "Key accounts", "segment_id": segment["id"],
                            "applies_to": "quote", "active": True}, admin)
    retail = post("companies", {"name": "Northwind", "industry": "Retail"}).json
    software = post("companies", {"name": "Kestrel", "industry": "Software"}).json
    key_quote = new_quote(discounts=(0,), company_id=retail["id"])
    response = patch(f"quotes/{key_quote['id']}", {"state": "sent"})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "a quote for a company in the segment is not sent without approval")
    request = submit(key_quote).json
    tap.equal(request.get("reasons"), "The customer is in the segment “Key accounts”",
              "the reason names the segment")
    other = new_quote(discounts=(0,), company_id=software["id"])
    tap.equal(patch(f"quotes/{other['id']}", {"state": "sent"}).status, 200,
              "a quote for a company outside the segment is sent without approval")
    patch(f"companies/{software['id']}", {"industry": "Retail"})
    other = new_quote(discounts=(0,), company_id=software["id"])
    tap.equal(patch(f"quotes/{other['id']}", {"state": "sent"}).status, 409,
              "once the company joins the segment, its next quote needs approval")

    # A sales order is confirmed only with an approval.
    order = post("sales_orders", {"title": "Order", "currency": "CNY"}).json
    post("sales_order_lines", {"sales_order_id": order["id"], "qty_milli": 1000,
                               "unit_price_x100": 100000, "discount_ppm": 200000})
    order = get(f"sales_orders/{order['id']}")
    response = patch(f"sales_orders/{order['id']}", {"state": "confirmed"})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "an order is not confirmed without its approval")
    request = post("approval_requests", {"sales_order_id": order["id"],
                                         "doc_hash": order["doc_hash"]}).json
    tap.equal(decide(request["id"], "approved", manager).status, 200, "its request is approved")
    tap.equal(get(f"sales_orders/{order['id']}")["state"], "confirmed", "which confirms it")
finally:
    server.close()
tap.done()
