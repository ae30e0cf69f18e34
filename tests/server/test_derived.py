#!/usr/bin/env python3
"""Derived values on the server: a deal's weighted amount is computed after
every accepted write (amount × probability / 100, half away from zero),
refused in a REST write, ignored in a push, and never a conflict."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    token = server.login_all()["manager"]

    def get(deal_id):
        return server.request("GET", f"deals/{deal_id}", token=token).json

    response = server.request("POST", "deals", {"title": "Fleet", "amount": 12345, "currency": "EUR",
                                                "probability": 50}, token=token)
    deal = response.json
    tap.equal(deal.get("weighted_amount"), 6173, "REST: a new deal's weighted amount, 6172.5 rounded up")

    response = server.request("PATCH", f"deals/{deal['id']}", {"weighted_amount": 1}, token=token,
                              headers={"If-Match": f'"{deal["version"]}"'})
    tap.equal((response.status, response.error_code(), response.error_field()),
              (422, "read_only", "weighted_amount"), "REST: setting it is refused, naming it")
    tap.equal(get(deal["id"])["version"], deal["version"], "REST: the refused write changed nothing")

    response = server.request("POST", "deals", {"title": "No odds", "amount": 500, "currency": "EUR"},
                              token=token)
    tap.equal(response.json.get("weighted_amount", "missing"), None,
              "REST: without a probability there is no weighted amount")

    # Two pushes from the same base: one changes the amount, the other the
    # probability, and each claims a weighted amount of its own.
    base = get(deal["id"])
    version = base["version"]
    first = server.push(token, op("deal", deal["id"], "update", version,
                                  {"amount": (12345, 20000), "weighted_amount": (6173, 10000)}))
    second = server.push(token, op("deal", deal["id"], "update", version,
                                   {"probability": (50, 25), "weighted_amount": (6173, 3086)}))
    statuses = [first.json["results"][0]["status"], second.json["results"][0]["status"]]
    tap.equal(statuses, ["applied", "merged"], "push: both apply, the second merged, no conflict")
    tap.equal(second.json["results"][0]["conflicts"], [], "push: no conflict on the derived value")
    tap.equal(get(deal["id"])["weighted_amount"], 5000,
              "push: the weighted amount follows the merged inputs (20000 × 25 %)")

    response = server.push(token, op("deal", new_id(), "create", 0,
                                     {"title": (None, "Pushed"), "amount": (None, 999),
                                      "currency": (None, "JPY"), "probability": (None, 25),
                                      "weighted_amount": (None, 1)}))
    result = response.json["results"][0]
    tap.equal((result["status"], result["record"]["weighted_amount"]), ("applied", 250),
              "push: a pushed weighted amount is ignored and computed (249.75 → 250)")
finally:
    server.close()
tap.done()
