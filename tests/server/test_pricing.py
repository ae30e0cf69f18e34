#!/usr/bin/env python3
"""Products and price lists on the server (SPEC.md §1.3): a product used on
a quote's or an order's line cannot be deleted, over REST (409 in_use,
saying on how many lines) or in a push (rejected the same way), and
nothing changes; archiving it is allowed and leaves its lines alone; once
its lines are gone it can be deleted. A price list's item says a price
its rule needs, and targets a product or a category, not both; a quote
names its price list and a line keeps where its price came from."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    manager, rep = tokens["manager"], tokens["rep"]

    def create(path, body, token=manager):
        response = server.request("POST", path, body, token=token)
        if response.status != 201:
            raise RuntimeError(f"POST {path}: {response!r}")
        return response.json

    def status(path):
        return server.request("GET", path, token=rep).status

    product = create("products", {"sku": "BR-1", "name": "Bearing", "category": "Parts",
                                  "list_price": 12000, "list_price_currency": "CNY"})
    price_list = create("price_lists", {"name": "Distributors 2026", "currency": "CNY",
                                        "valid_from": "2026-01-01", "valid_to": "2026-12-31"})
    quote = create("quotes", {"title": "Bearings", "currency": "CNY",
                              "price_list_id": price_list["id"]}, token=rep)
    tap.equal(quote.get("price_list_id"), price_list["id"], "a quote names its price list")

    lines = [create("quote_lines", {"quote_id": quote["id"], "product_id": product["id"],
                                    "qty_milli": 1000 * (i + 1), "unit_price_x100": 1080000,
                                    "price_source": "Distributors 2026 · Parts · 10 % off"},
                    token=rep)
             for i in range(3)]
    tap.equal(lines[0].get("price_source"), "Distributors 2026 · Parts · 10 % off",
              "a line keeps where its price came from")

    # REST: refused, saying how many lines, and nothing changes.
    refused = server.request("DELETE", f"products/{product['id']}", token=manager)
    tap.ok(refused.status == 409 and refused.is_error_shape() and refused.error_code() == "in_use",
           "deleting a product used on lines is 409 in_use", repr(refused))
    message = (refused.json or {}).get("error", {}).get("message", "")
    tap.ok("Used on 3 quote lines" in message, "the error says on how many lines", message)
    tap.equal(status(f"products/{product['id']}"), 200, "the product is still there")
    feed = server.request("GET", "changes?since=0&limit=1000", token=rep).json
    tap.ok(not any(c.get("id") == product["id"] and c.get("deleted") for c in feed["changes"]),
           "no tombstone of the product went out", repr(feed)[:300])

    # A push: rejected the same way.
    pushed = server.push(manager, op("product", product["id"], "delete", product["version"]))
    result = pushed.json["results"][0]
    tap.ok(result["status"] == "rejected" and result["error"]["code"] == "in_use" and
           "3 quote lines" in result["error"]["message"],
           "a pushed delete of a product on lines is rejected in_use", repr(pushed))
    tap.equal(status(f"products/{product['id']}"), 200, "the push changed nothing")

    # Order lines count too, in the same sentence.
    order = create("sales_orders", {"title": "Bearings", "currency": "CNY"}, token=rep)
    create("sales_order_lines", {"sales_order_id": order["id"], "product_id": product["id"],
                                 "qty_milli": 1000, "unit_price_x100": 1200000}, token=rep)
    both = server.request("DELETE", f"products/{product['id']}", token=manager)
    tap.ok(both.status == 409 and "3 quote lines and 1 order line" in both.json["error"]["message"],
           "quote and order lines are both counted", repr(both))

    # Archiving is the way, and changes no line.
    archived = server.request("PATCH", f"products/{product['id']}", {"active": False}, token=manager)
    tap.equal(archived.status, 200, "a product used on lines can be archived")
    line = server.request("GET", f"quote_lines/{lines[0]['id']}", token=rep).json
    tap.ok(line["product_id"] == product["id"] and line["unit_price_x100"] == 1080000,
           "archiving the product changed no line", repr(line))

    # A deleted line no longer counts: one left is said in the singular.
    for each in lines[1:]:
        server.request("DELETE", f"quote_lines/{each['id']}", token=rep)
    server.request("DELETE", f"sales_orders/{order['id']}", token=rep)
    one = server.request("DELETE", f"products/{product['id']}", token=manager)
    tap.ok(one.status == 409 and "Used on 1 quote line:" in one.json["error"]["message"],
           "one line left is one quote line", repr(one))
    server.request("DELETE", f"quotes/{quote['id']}", token=rep)
    gone = server.request("DELETE", f"products/{product['id']}", token=manager)
    tap.equal(gone.status, 204, "with its lines gone, the product can be deleted")

    # A price list's items: the rule's price, one target.
    base = {"price_list_id": price_list["id"], "name": "Rule"}
    for fields, field, what in (
            ({"rule": "fixed", "discount_ppm": 100000}, "unit_price", "a fixed price without a price"),
            ({"rule": "percent_off", "unit_price": 100, "currency": "CNY"}, "discount_ppm",
             "a percentage off without a discount"),
            ({"rule": "fixed", "unit_price": 100, "currency": "CNY", "category": "Parts",
              "product_id": new_id()}, "category", "a product and a category at once"),
            ({"rule": "cheapest", "unit_price": 100, "currency": "CNY"}, "rule", "an unknown rule")):
        bad = server.request("POST", "price_list_items", {**base, **fields}, token=manager)
        tap.ok(bad.status == 422 and bad.is_error_shape() and bad.error_field() == field,
               f"{what} is 422 naming {field}", repr(bad))
    good = server.request("POST", "price_list_items",
                          {**base, "category": "Parts", "rule": "percent_off",
                           "discount_ppm": 100000}, token=manager)
    tap.equal(good.status, 201, "10 % off a category is a price rule")
    unset = server.request("PATCH", f"price_list_items/{good.json['id']}", {"discount_ppm": None},
                           token=manager)
    tap.ok(unset.status == 422 and unset.error_field() == "discount_ppm",
           "clearing a percentage's discount is 422 naming discount_ppm", repr(unset))
    items = server.request("GET", "price_list_items?limit=1000", token=rep).json["records"]
    tap.equal(len(items), 1, "only the valid item was stored")
finally:
    server.close()
tap.done()
