#!/usr/bin/env python3
"""Child records on the server: a price list's items may only be written
while their list lives, are deleted with it (REST and push, each with its
tombstone in the feed), and a group of ops (a list and its items) is applied
together or not at all."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    token = tokens["manager"]

    def create(table, body):
        response = server.request("POST", table, body, token=token)
        assert response.status == 201, response
        return response.json["id"]

    def status(path):
        return server.request("GET", path, token=token).status

    def grouped(group, *ops):
        for each in ops:
            each["group"] = group
        return list(ops)

    # REST: an item needs a live list.
    response = server.request("POST", "price_list_items",
                              {"price_list_id": new_id(), "name": "Orphan"}, token=token)
    tap.equal((response.status, response.error_field()), (422, "price_list_id"),
              "REST: an item of a list that does not exist is refused, naming price_list_id")

    price_list = create("price_lists", {"name": "Dealers", "currency": "CNY"})
    items = [create("price_list_items", {"price_list_id": price_list, "name": name,
                                         "position": position})
             for name, position in (("Base", "V"), ("10+", "k"))]
    other_list = create("price_lists", {"name": "Retail", "currency": "CNY"})
    other_item = create("price_list_items", {"price_list_id": other_list, "name": "Kept"})
    feed = server.request("GET", "changes?since=0&limit=1000", token=token).json
    cursor = feed["cursor"]

    # REST: deleting the list deletes its items, and only its items.
    response = server.request("DELETE", f"price_lists/{price_list}", token=token)
    tap.equal(response.status, 204, "REST: the list is deleted")
    tap.equal([status(f"price_list_items/{item}") for item in items], [404, 404],
              "REST: its items are gone with it")
    tap.equal(status(f"price_list_items/{other_item}"), 200, "REST: another list's item is kept")
    changes = server.request("GET", f"changes?since={cursor}&limit=1000", token=token).json["changes"]
    tombstones = {(c["entity"], c["id"]) for c in changes if c["deleted"]}
    tap.equal(tombstones, {("price_list", price_list)} | {("price_list_item", i) for i in items},
              "feed: a tombstone for the list and one for each of its items")

    # Push: an item pushed for the deleted list is refused, naming the list field.
    response = server.push(token, op("price_list_item", new_id(), "create", 0,
                                     {"price_list_id": (None, price_list), "name": (None, "Late")}))
    result = response.json["results"][0]
    tap.equal((result["status"], result["error"]["field"]), ("rejected", "price_list_id"),
              "push: an item of a deleted list is rejected, naming price_list_id")

    # Push: a group with one bad item writes nothing of the group.
    list_id, good, bad = new_id(), new_id(), new_id()
    group = new_id()
    response = server.push(token, *grouped(
        group,
        op("price_list", list_id, "create", 0, {"name": (None, "Partners"), "currency": (None, "EUR")}),
        op("price_list_item", good, "create", 0, {"price_list_id": (None, list_id), "name": (None, "Good")}),
        op("price_list_item", bad, "create", 0,
           {"price_list_id": (None, list_id), "name": (None, "Bad"), "discount_ppm": (None, 2000000)})))
    results = response.json["results"]
    tap.equal([r["status"] for r in results], ["rejected"] * 3,
              "push: one refused op of a group rejects the whole group")
    tap.equal(results[2]["error"]["field"], "discount_ppm", "push: the refused op names its field")
    tap.ok("discount_ppm" in results[0]["error"]["message"] or "refused" in results[0]["error"]["message"],
           "push: the others say why", results[0]["error"]["message"])
    tap.equal([status(f"price_lists/{list_id}"), status(f"price_list_items/{good}")], [404, 404],
              "push: nothing of the refused group is stored")

    # The same group made right is applied whole; a retry answers the same.
    fixed = grouped(
        new_id(),
        op("price_list", list_id, "create", 0, {"name": (None, "Partners"), "currency": (None, "EUR")}),
        op("price_list_item", good, "create", 0, {"price_list_id": (None, list_id), "name": (None, "Good")}),
        op("price_list_item", bad, "create", 0,
           {"price_list_id": (None, list_id), "name": (None, "Fixed"), "discount_ppm": (None, 200000)}))
    first = server.push(token, *fixed).json["results"]
    again = server.push(token, *fixed).json["results"]
    tap.equal([r["status"] for r in first], ["applied"] * 3, "push: a good group is applied")
    tap.equal([r["status"] for r in again], ["applied"] * 3, "push: its retry is answered the same")
    tap.equal([status(f"price_lists/{list_id}"), status(f"price_list_items/{bad}")], [200, 200],
              "push: the group's records are stored")

    # Push: deleting the list deletes its items on the server.
    version = server.request("GET", f"price_lists/{list_id}", token=token).json["version"]
    response = server.push(token, op("price_list", list_id, "delete", version))
    tap.equal(response.json["results"][0]["status"], "applied", "push: the list is deleted")
    tap.equal([status(f"price_list_items/{good}"), status(f"price_list_items/{bad}")], [404, 404],
              "push: its items are deleted with it")

    # Only managers and admins keep price lists.
    response = server.request("POST", "price_lists", {"name": "Mine", "currency": "CNY"},
                              token=tokens["rep"])
    tap.equal(response.status, 403, "REST: a rep may not make a price list")
finally:
    server.close()
tap.done()
