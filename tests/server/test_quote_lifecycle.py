#!/usr/bin/env python3
"""The states of a quote and an order on the real server (SPEC.md §1.3):
only the paths a document may take; a new revision takes the quote's
number and supersedes it, and only the latest revision is accepted; an
accepted quote makes its sales order, lines copied, and gives its deal its
untaxed total — once, whichever client accepted it; a confirmed order
changes only through an amendment, which keeps what was delivered and is
approved again."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    rep, admin = tokens["rep"], tokens["admin"]

    def get(path):
        return server.request("GET", path, token=rep).json

    def patch(path, fields):
        return server.request("PATCH", path, fields, token=rep)

    def post(path, fields):
        return server.request("POST", path, fields, token=rep)

    pipeline = server.request("POST", "pipelines", {"name": "Sales"}, token=admin).json["id"]
    stage = server.request("POST", "stages", {"pipeline_id": pipeline, "name": "Proposal"},
                           token=admin).json["id"]
    deal = post("deals", {"title": "Fit-out", "stage_id": stage, "amount": 100, "currency": "CNY"}).json

    def new_quote(title="会议室", **fields):
        quote = post("quotes", dict({"title": title, "currency": "CNY", "deal_id": deal["id"],
                                     "payment_terms": "30 days"}, **fields)).json
        for n, (description, qty, price) in enumerate((("Desk", 2000, 1250000),
                                                      ("Chair", 8000, 300000))):
            post("quote_lines", {"quote_id": quote["id"], "position": f"p{n}",
                                 "description": description, "qty_milli": qty,
                                 "unit_price_x100": price, "tax_rate_ppm": 130000})
        return get(f"quotes/{quote['id']}")

    quote = new_quote()
    response = patch(f"quotes/{quote['id']}", {"state": "accepted"})
    tap.equal((response.status, response.error_code(), response.error_field()),
              (409, "wrong_state", "state"), "a draft is not accepted")
    tap.equal(response.json["error"]["message"], "A quote that is Draft cannot become Accepted",
              "and the refusal says where the quote is")
    tap.equal(patch(f"quotes/{quote['id']}", {"state": "sent"}).status, 200, "a draft is sent")
    tap.equal(patch(f"quotes/{quote['id']}", {"state": "draft"}).status, 409,
              "a sent quote is not a draft again")

    # A new revision.
    response = post("quotes", {"title": "会议室 v2", "currency": "CNY", "revision_of": quote["id"],
                               "state": "sent", "deal_id": deal["id"], "payment_terms": "30 days"})
    revision = response.json
    tap.equal((response.status, revision["number"], revision["revision"], revision["state"]),
              (201, quote["number"], 2, "draft"),
              "a revision keeps the number, is revision 2 and a draft")
    tap.equal(get(f"quotes/{quote['id']}")["state"], "superseded", "the old revision is superseded")
    response = patch(f"quotes/{quote['id']}", {"state": "accepted"})
    tap.equal(response.status, 409, "only the latest revision is accepted")
    response = post("quotes", {"title": "v3", "currency": "CNY", "revision_of": quote["id"]})
    tap.equal((response.status, response.error_field()), (409, "revision_of"),
              "a superseded revision is not revised again")
    response = patch(f"quotes/{revision['id']}", {"revision_of": None})
    tap.equal(response.status, 409, "what a revision revises never changes")

    # The revision gets lines, is sent and accepted through a push.
    for n, (qty, price) in enumerate(((2000, 1250000), (10000, 300000))):
        post("quote_lines", {"quote_id": revision["id"], "position": f"p{n}",
                             "description": f"Item {n + 1}", "qty_milli": qty,
                             "unit_price_x100": price, "tax_rate_ppm": 130000})
    tap.equal(patch(f"quotes/{revision['id']}", {"state": "sent"}).status, 200,
              "the revision is sent")
    revision = get(f"quotes/{revision['id']}")
    cursor = get("changes?since=0&limit=1000")["cursor"]
    response = server.push(rep, op("quote", revision["id"], "update", revision["version"],
                                   {"state": ("sent", "accepted")}))
    tap.equal(response.json["results"][0]["status"], "applied", "push: the revision is accepted")
    orders = [o for o in get("sales_orders?limit=1000")["records"]
              if o.get("quote_id") == revision["id"]]
    tap.equal(len(orders), 1, "accepting makes one sales order")
    order = orders[0]
    order_lines = sorted((line for line in get("sales_order_lines?limit=1000")["records"]
                          if line["sales_order_id"] == order["id"]),
                         key=lambda line: line["position"])
    tap.equal([(line["description"], line["qty_milli"], line["unit_price_x100"])
               for line in order_lines],
              [("Item 1", 2000, 1250000), ("Item 2", 10000, 300000)], "with the lines copied")
    tap.equal((order["number"][:3], order["state"], order["total"], order["payment_terms"]),
              ("SO-", "draft", revision["total"], "30 days"),
              "an SO- number, a draft, the quote's total and terms")
    tap.equal((get(f"deals/{deal['id']}")["amount"], get(f"deals/{deal['id']}")["currency"]),
              (revision["subtotal"], "CNY"), "the deal's amount is the quote's untaxed total")
    feed = [c["entity"] for c in get(f"changes?since={cursor}&limit=1000")["changes"]]
    tap.ok("sales_order" in feed and "deal" in feed,
           "the order and the deal come to every client through the feed", feed)
    response = patch(f"quotes/{revision['id']}", {"state": "declined"})
    tap.equal(response.status, 409, "an accepted quote stays accepted")

    # An order's path.
    response = patch(f"sales_orders/{order['id']}", {"state": "fulfilled"})
    tap.equal((response.status, response.json["error"]["message"]),
              (409, "An order that is Draft cannot become Fulfilled"), "a draft order is not fulfilled")
    response = patch(f"sales_order_lines/{order_lines[0]['id']}", {"delivered_qty_milli": 1000})
    tap.equal((response.status, response.error_field()), (409, "delivered_qty_milli"),
              "nothing is delivered on a draft order")
    tap.equal(patch(f"sales_orders/{order['id']}", {"state": "confirmed"}).status, 200,
              "it is confirmed")
    tap.equal(patch(f"sales_order_lines/{order_lines[0]['id']}",
                    {"delivered_qty_milli": 2000}).status, 200, "the desks are delivered")
    tap.equal(get(f"sales_orders/{order['id']}")["state"], "partially_fulfilled",
              "which makes the order partially fulfilled")
    response = patch(f"sales_order_lines/{order_lines[1]['id']}", {"delivered_qty_milli": 10001})
    tap.equal((response.status, response.error_field()), (409, "delivered_qty_milli"),
              "more than ordered is not delivered")
    response = patch(f"sales_order_lines/{order_lines[1]['id']}", {"qty_milli": 1000})
    tap.equal(response.status, 409, "a confirmed order's quantities never change")
    tap.equal(patch(f"sales_order_lines/{order_lines[1]['id']}",
                    {"delivered_qty_milli": 10000}).status, 200, "the chairs are delivered")
    tap.equal(get(f"sales_orders/{order['id']}")["state"], "fulfilled",
              "which makes the order fulfilled")
    tap.equal(patch(f"sales_orders/{order['id']}", {"state": "confirmed"}).status, 409,
              "and not confirmed again")
    tap.equal(patch(f"sales_orders/{order['id']}", {"state": "closed"}).status, 200,
              "a fulfilled order is closed")

    # Amend (SPEC.md §1.3): a confirmed order's lines change only through an
    # amendment, its next revision under the same number, approved again.
    manager = server.login("manager").json["token"]
    order = post("sales_orders", {"title": "Warehouse racks", "currency": "CNY"}).json
    racks = post("sales_order_lines", {"sales_order_id": order["id"], "position": "p0",
                                       "description": "Racks", "qty_milli": 10000,
                                       "unit_price_x100": 10000000}).json
    fitting = post("sales_order_lines", {"sales_order_id": order["id"], "position": "p1",
                                         "description": "Fitting", "qty_milli": 1000,
                                         "unit_price_x100": 5000000}).json
    response = post("sales_orders", {"title": "Racks", "currency": "CNY",
                                     "revision_of": order["id"]})
    tap.equal((response.status, response.error_code(), response.error_field()),
              (409, "wrong_state", "revision_of"), "a draft order is edited, not amended")
    tap.equal(patch(f"sales_orders/{order['id']}", {"state": "confirmed"}).status, 200,
              "the order to amend is confirmed")
    tap.equal(patch(f"sales_order_lines/{racks['id']}", {"delivered_qty_milli": 4000}).status, 200,
              "and 4 racks delivered")
    order = get(f"sales_orders/{order['id']}")
    server.request("POST", "approval_rules",
                   {"name": "Large orders", "applies_to": "sales_order", "min_total": 2000000,
                    "currency": "CNY", "active": True}, token=admin)

    response = post("sales_orders", {"title": "Warehouse racks", "currency": "CNY",
                                     "revision_of": order["id"], "state": "confirmed"})
    amendment = response.json
    tap.equal((response.status, amendment.get("number"), amendment.get("revision"),
               amendment.get("state"), amendment.get("quote_id")),
              (201, order["number"], 2, "draft", order.get("quote_id")),
              "an amendment keeps the number, is revision 2 and a draft")
    tap.equal(get(f"sales_orders/{order['id']}")["state"], "superseded",
              "the amended order is superseded")

    def amended_line(source, **fields):
        return post("sales_order_lines", dict({
            "sales_order_id": amendment["id"], "amends_line_id": source["id"],
            "position": source["position"], "description": source["description"],
            "qty_milli": source["qty_milli"], "unit_price_x100": source["unit_price_x100"],
            "delivered_qty_milli": source.get("delivered_qty_milli", 0)}, **fields))

    racks = get(f"sales_order_lines/{racks['id']}")
    response = amended_line(racks, delivered_qty_milli=0)
    tap.equal((response.status, response.error_field(), response.json["error"]["message"]),
              (409, "delivered_qty_milli", "What was delivered stays as it was: 4"),
              "an amendment's line keeps what was delivered")
    response = amended_line(racks, qty_milli=3000)
    tap.equal((response.status, response.error_field(), response.json["error"]["message"]),
              (409, "qty_milli", "4 were delivered already: no less is ordered"),
              "and is not ordered below it")
    response = amended_line(fitting, amends_line_id=new_id())
    tap.equal((response.status, response.error_field()), (409, "amends_line_id"),
              "a line carries on a line of the amended order only")
    response = amended_line(racks, qty_milli=20000)
    new_racks = response.json
    tap.equal((response.status, new_racks.get("delivered_qty_milli")), (201, 4000),
              "20 racks ordered now, 4 delivered kept")
    tap.equal(amended_line(fitting).status, 201, "the fitting carried on")
    response = patch(f"sales_order_lines/{new_racks['id']}", {"qty_milli": 3500})
    tap.equal((response.status, response.error_field()), (409, "qty_milli"),
              "a draft amendment's line is never lowered below what was delivered")
    response = server.request("DELETE", f"sales_order_lines/{new_racks['id']}", token=rep)
    tap.equal(response.status, 409, "nor deleted")
    response = post("sales_orders", {"title": "Racks", "currency": "CNY",
                                     "revision_of": order["id"]})
    tap.equal((response.status, response.error_code(), response.error_field()),
              (409, "wrong_state", "revision_of"), "a superseded order is not amended")
    tap.equal(patch(f"sales_orders/{order['id']}", {"state": "confirmed"}).status, 409,
              "nor confirmed again")

    amendment = get(f"sales_orders/{amendment['id']}")
    response = patch(f"sales_orders/{amendment['id']}", {"state": "confirmed"})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "an amendment above the limit is not confirmed without approval")
    tap.ok("This needs approval first" in response.json["error"]["message"],
           "and the refusal says so", response.json)
    request = post("approval_requests", {"sales_order_id": amendment["id"],
                                         "doc_hash": amendment["doc_hash"]}).json
    tap.equal(server.request("PATCH", f"approval_requests/{request['id']}",
                             {"status": "approved", "decided_hash": amendment["doc_hash"]},
                             token=manager).status, 200, "a manager approves the amendment")
    tap.equal(get(f"sales_orders/{amendment['id']}")["state"], "partially_fulfilled",
              "which confirms it: partially fulfilled, as the 4 racks stay delivered")
    tap.equal(get(f"sales_order_lines/{new_racks['id']}")["delivered_qty_milli"], 4000,
              "the delivery kept")

    # An amendment given up gives the order back; one that drops a
    # delivered line is not confirmed.
    third = post("sales_orders", {"title": "Racks", "currency": "CNY",
                                  "revision_of": amendment["id"]}).json
    tap.equal((third["revision"], get(f"sales_orders/{amendment['id']}")["state"]),
              (3, "superseded"), "amended again: revision 3")
    response = patch(f"sales_orders/{third['id']}", {"state": "confirmed"})
    tap.equal((response.status, response.json["error"]["message"]),
              (409, "“Racks” was delivered in part or whole: it stays on the amended order"),
              "an amendment without a delivered line is refused")
    post("sales_order_lines", {"sales_order_id": third["id"], "position": "p0",
                               "description": "Shelves", "qty_milli": 30000,
                               "unit_price_x100": 10000000})
    response = post("approval_requests", {"sales_order_id": third["id"],
                                           "doc_hash": get(f"sales_orders/{third['id']}")["doc_hash"]})
    tap.equal((response.status, response.error_field()), (409, "state"),
              "nor submitted for approval")
    tap.equal(patch(f"sales_orders/{third['id']}", {"state": "cancelled"}).status, 200,
              "it is cancelled")
    tap.equal(get(f"sales_orders/{amendment['id']}")["state"], "partially_fulfilled",
              "and the order it amended is the order again")
    fourth = post("sales_orders", {"title": "Racks", "currency": "CNY",
                                   "revision_of": amendment["id"]}).json
    tap.equal(server.request("DELETE", f"sales_orders/{fourth['id']}", token=rep).status, 204,
              "an amendment deleted")
    tap.equal(get(f"sales_orders/{amendment['id']}")["state"], "partially_fulfilled",
              "gives the order back too")

    # A sent quote past its validity expires when the server next looks.
    old = new_quote("Last year's offer", valid_until="2025-06-30")
    current = new_quote("This year's offer", valid_until="2099-12-31")
    for each in (old, current):
        patch(f"quotes/{each['id']}", {"state": "sent"})
    server.restart()
    tap.equal((get(f"quotes/{old['id']}")["state"], get(f"quotes/{current['id']}")["state"]),
              ("expired", "sent"), "a sent quote past its validity expires, a valid one stays")
    tap.equal(patch(f"quotes/{old['id']}", {"state": "accepted"}).status, 409,
              "an expired quote is not accepted: it is revised")
finally:
    server.close()
tap.done()
