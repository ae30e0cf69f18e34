#!/usr/bin/env python3
"""Products: a SKU is unique among live products, case aside, over REST and
push; a duplicate is 409 naming the field and changes nothing. Reps read
products; managers write them."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    manager, rep = tokens["manager"], tokens["rep"]

    def products():
        return server.request("GET", "products?limit=1000", token=rep).json["records"]

    first = server.request("POST", "products", {"sku": "AB-100", "name": "Router",
                                                "list_price": 129900, "list_price_currency": "CNY"},
                           token=manager)
    tap.equal(first.status, 201, "a product is created")
    other = server.request("POST", "products", {"sku": "CD-200", "name": "Switch"}, token=manager)
    tap.equal(other.status, 201, "another product with its own SKU is created")

    for sku in ("AB-100", "ab-100", "Ab-100 ".strip(), "ＡＢ-100"):
        duplicate = server.request("POST", "products", {"sku": sku, "name": "Copy"}, token=manager)
        tap.ok(duplicate.status == 409 and duplicate.is_error_shape() and
               duplicate.error_code() == "duplicate_value" and duplicate.error_field() == "sku",
               f"creating a product with SKU {sku!r} is 409 duplicate_value on sku", repr(duplicate))
    tap.equal(len(products()), 2, "no duplicate was stored")

    renamed = server.request("PATCH", f"products/{other.json['id']}", {"sku": "aB-100"}, token=manager)
    tap.ok(renamed.status == 409 and renamed.error_field() == "sku",
           "giving a product another one's SKU is 409 on sku", repr(renamed))
    tap.equal(server.request("GET", f"products/{other.json['id']}", token=rep).json["sku"], "CD-200",
              "the refused edit changed nothing")
    kept = server.request("PATCH", f"products/{first.json['id']}", {"sku": "ab-100"}, token=manager)
    tap.equal(kept.status, 200, "a product may change the case of its own SKU")

    pushed = server.push(manager, op("product", new_id(), "create", 0,
                                     {"sku": (None, "AB-100"), "name": (None, "Offline copy")}))
    result = pushed.json["results"][0]
    tap.ok(result["status"] == "rejected" and result["error"]["field"] == "sku" and
           result["error"]["code"] == "duplicate_value",
           "a pushed duplicate is rejected naming sku", repr(pushed))

    denied = server.request("POST", "products", {"sku": "EF-300", "name": "Cable"}, token=rep)
    tap.equal(denied.status, 403, "a rep may not create products")

    server.request("DELETE", f"products/{first.json['id']}", token=manager)
    again = server.request("POST", "products", {"sku": "AB-100", "name": "Router 2"}, token=manager)
    tap.equal(again.status, 201, "a deleted product's SKU is free again")
finally:
    server.close()
tap.done()
