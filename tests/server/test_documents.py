#!/usr/bin/env python3
"""A quote's totals on the server: computed from the quote and all its
lines with the clients' arithmetic after every accepted write (a line
pushed, edited or deleted, the quote edited), equal to the fen to what
the client's store computes (tests/core/test-documents.c has the same
figures), brought to clients as new versions in the changes feed; a pushed
total is ignored, a REST one refused, and a line the arithmetic refuses is
refused naming its field."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    token = server.login_all()["rep"]

    def get(path):
        return server.request("GET", path, token=token).json

    def totals(quote_id):
        quote = get(f"quotes/{quote_id}")
        return (quote.get("subtotal"), quote.get("tax_total"), quote.get("total"))

    def grouped(*ops):
        group = new_id()
        for each in ops:
            each["group"] = group
        return list(ops)

    def line(quote_id, position, **fields):
        changes = {"quote_id": (None, quote_id), "position": (None, position)}
        changes.update({name: (None, value) for name, value in fields.items()})
        return op("quote_line", new_id(), "create", 0, changes)

    quote_id = new_id()
    lines = [line(quote_id, "a", description="Chairs", qty_milli=1500, unit_price_x100=1234567,
                  tax_rate_ppm=130000),
             line(quote_id, "b", description="Cushions", qty_milli=2000, unit_price_x100=50000,
                  discount_ppm=100000, tax_rate_ppm=130000),
             line(quote_id, "c", description="Assembly", qty_milli=1000, unit_price_x100=1000000,
                  tax_rate_ppm=60000, total=1)]
    response = server.push(token, *grouped(
        op("quote", quote_id, "create", 0, {"title": (None, "办公椅"), "currency": (None, "CNY"),
                                            "total": (None, 99), "subtotal": (None, 99)}),
        *lines))
    results = response.json["results"]
    tap.equal([r["status"] for r in results], ["applied"] * 4, "push: the quote and its lines apply")
    tap.equal(totals(quote_id), (29419, 3124, 32543),
              "push: the totals are the client's, to the fen; pushed totals are ignored")
    cushions = get(f"quote_lines/{lines[1]['id']}")
    tap.equal((cushions["gross"], cushions["net"], cushions["tax"], cushions["total"],
               cushions["currency"]), (1000, 900, 117, 1017, "CNY"),
              "push: a line's own amounts, in the quote's currency")
    tap.equal(get(f"quote_lines/{lines[2]['id']}")["total"], 10600,
              "push: a line's pushed total is ignored")
    tap.ok(results[0]["record"]["number"].startswith("Q-"), "push: the quote gets a Q- number")

    # Three cushions: 1.755 tax rounds half away to 1.76.
    version = get(f"quote_lines/{lines[1]['id']}")["version"]
    quote_version = get(f"quotes/{quote_id}")["version"]
    response = server.push(token, op("quote_line", lines[1]["id"], "update", version,
                                     {"qty_milli": (2000, 3000)}))
    tap.equal(response.json["results"][0]["status"], "applied", "push: a line edit applies")
    tap.equal(totals(quote_id), (29869, 3183, 33052), "push: the totals follow a line edit")
    tap.ok(get(f"quotes/{quote_id}")["version"] > quote_version,
           "the quote is a new version, so the feed brings its totals to every client")

    response = server.push(token, op("quote_line", lines[2]["id"], "delete",
                                     get(f"quote_lines/{lines[2]['id']}")["version"]))
    tap.equal(response.json["results"][0]["status"], "applied", "push: a line delete applies")
    tap.equal(totals(quote_id), (19869, 2583, 22452), "push: the totals follow a line delete")

    # A 100 % coupon under per-document rounding leaves exactly 0.
    quote = get(f"quotes/{quote_id}")
    response = server.request("PATCH", f"quotes/{quote_id}",
                              {"tax_mode": "per_document", "discount_ppm": 1000000}, token=token,
                              headers={"If-Match": f'"{quote["version"]}"'})
    tap.equal((response.status, response.json.get("total")), (200, 0),
              "REST: a 100 % header discount gives exactly 0")
    tap.equal(get(f"quote_lines/{lines[0]['id']}")["net"], 18519,
              "REST: a line keeps its own amount under the quote's discount")
    line_version = get(f"quote_lines/{lines[1]['id']}")["version"]
    quote = get(f"quotes/{quote_id}")
    response = server.request("PATCH", f"quotes/{quote_id}",
                              {"tax_mode": "tax_included", "discount_ppm": None}, token=token,
                              headers={"If-Match": f'"{quote["version"]}"'})
    cushions = get(f"quote_lines/{lines[1]['id']}")
    tap.equal((response.status, cushions["net"], cushions["tax"], cushions["total"]),
              (200, 1195, 155, 1350), "REST: the lines follow the quote's tax mode")
    tap.equal(cushions["version"], line_version + 1,
              "as new versions, so the feed brings them to every client")
    response = server.request("PATCH", f"quotes/{quote_id}",
                              {"tax_mode": "per_document", "discount_ppm": 1000000}, token=token,
                              headers={"If-Match": f'"{get(f"quotes/{quote_id}")["version"]}"'})
    tap.equal(response.json.get("total"), 0, "REST: and back to the 100 % coupon")

    quote = get(f"quotes/{quote_id}")
    response = server.request("PATCH", f"quotes/{quote_id}", {"total": 5}, token=token,
                              headers={"If-Match": f'"{quote["version"]}"'})
    tap.equal((response.status, response.error_code(), response.error_field()),
              (422, "read_only", "total"), "REST: writing a total is refused, naming it")

    # Bad lines are refused, naming the field, and change nothing.
    response = server.request("POST", "quote_lines",
                              {"quote_id": quote_id, "qty_milli": 1000, "unit_price_x100": 100,
                               "discount_ppm": 10, "discount_minor": 1}, token=token)
    tap.equal((response.status, response.error_field()), (422, "discount_minor"),
              "REST: a line with two discounts is refused, naming discount_minor")
    response = server.push(token, line(quote_id, "d", qty_milli=1000, unit_price_x100=100,
                                       tax_rate_ppm=80000, tax2_rate_ppm=80000))
    result = response.json["results"][0]
    tap.equal((result["status"], result["error"]["field"]), ("rejected", "tax2_rate_ppm"),
              "push: a line taxed twice at one rate is refused, naming the second rate")
    response = server.push(token, line(quote_id, "d", qty_milli=1000, unit_price_x100=-100))
    result = response.json["results"][0]
    tap.equal((result["status"], result["error"]["field"]), ("rejected", "unit_price_x100"),
              "push: an item that takes money off (not a credit line) is refused")
    tap.equal(totals(quote_id), (0, 0, 0), "the refused lines changed nothing")

    # A quote of 400 lines pushed as one group is totalled once: the quote
    # is written twice (created, totalled), each line once.
    big_id = new_id()
    big_lines = [line(big_id, f"{i:04d}", description=f"Item {i}", qty_milli=1000,
                      unit_price_x100=100 * (i + 1), tax_rate_ppm=130000) for i in range(400)]
    response = server.push(token, *grouped(
        op("quote", big_id, "create", 0, {"title": (None, "Fit-out"), "currency": (None, "CNY"),
                                          "discount_ppm": (None, 100000)}),
        *big_lines))
    tap.equal({r["status"] for r in response.json["results"]}, {"applied"},
              "push: a quote of 400 lines applies")
    big = get(f"quotes/{big_id}")
    tap.equal((big["version"], big["subtotal"]), (2, 72180),
              "push: the 400-line quote is totalled once, with its 10 % discount")
    tap.equal(get(f"quote_lines/{big_lines[399]['id']}")["version"], 1,
              "push: no line is rewritten for its siblings")

    order_id = new_id()
    response = server.push(token, *grouped(
        op("sales_order", order_id, "create", 0, {"title": (None, "Tokyo"),
                                                  "currency": (None, "JPY")}),
        op("sales_order_line", new_id(), "create", 0,
           {"sales_order_id": (None, order_id), "qty_milli": (None, 1500),
            "unit_price_x100": (None, 123457), "tax_rate_ppm": (None, 100000)})))
    order = get(f"sales_orders/{order_id}")
    tap.equal((order["number"][:3], order["subtotal"], order["tax_total"], order["total"]),
              ("SO-", 1852, 185, 2037), "an order in yen: SO- number, totals in whole yen")
finally:
    server.close()
tap.done()
