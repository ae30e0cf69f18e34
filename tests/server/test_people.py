#!/usr/bin/env python3
"""People by display name, and a record's history as the app shows it: a
user has a display name beside the login, set by an admin and refused with
the field's name when it is wrong; the history of a record says who changed
which field from what to what, and when."""

import re

from rapport_server_test import Server, Tap

tap = Tap()
server = Server()
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
try:
    tokens = server.login_all()
    admin, rep = tokens["admin"], tokens["rep"]
    rep_id = server.user_ids["rep"]

    response = server.request("PATCH", f"users/{rep_id}", {"display_name": "王芳"}, token=admin)
    tap.equal(response.status, 200, "an admin sets a user's display name")
    tap.equal(server.request("GET", f"users/{rep_id}", token=rep).json.get("display_name"), "王芳",
              "the user reads back with it")
    login = server.login("rep")
    tap.ok(login.status == 200 and login.json["user"].get("display_name") == "王芳"
           and login.json["user"]["name"] == "rep",
           "the login answer has the display name and the login", login)

    for bad, why in (("x" * 201, "too long"), ("Wang\x07Fang", "a control character")):
        response = server.request("PATCH", f"users/{rep_id}", {"display_name": bad}, token=admin)
        tap.ok(response.status == 422 and response.error_field() == "display_name",
               f"a display name with {why}: 422 naming display_name", response)
    response = server.request("PATCH", f"users/{rep_id}", {"display_name": "Me"}, token=rep)
    tap.equal(response.status, 403, "a rep may not rename itself")
    tap.equal(server.request("GET", f"users/{rep_id}", token=rep).json.get("display_name"), "王芳",
              "and refused changes change nothing")

    # A deal the rep made and the admin changed: who, when, from what to what.
    deal = server.request("POST", "deals", {"title": "Kiosk", "amount": 100000, "currency": "CNY"},
                          token=rep).json
    server.request("PATCH", f"deals/{deal['id']}", {"amount": 200000}, token=admin,
                   headers={"If-Match": f'"{deal["version"]}"'})
    history = server.request("GET", f"deals/{deal['id']}/history", token=rep).json["history"]
    tap.equal([(e["op"], e["by"]) for e in history],
              [("create", rep_id), ("update", server.user_ids["admin"])],
              "history: made by the rep, changed by the admin, oldest first")
    tap.ok(all(RFC3339.fullmatch(e["at"]) for e in history), "every entry says when", history)
    tap.equal(history[1]["changes"], {"amount": {"from": 100000, "to": 200000}},
              "the change names the field, its old and its new value")
    tap.equal(history[0]["changes"]["title"], {"from": None, "to": "Kiosk"},
              "creation gives every field set, from nothing")

    user_history = server.request("GET", f"users/{rep_id}/history", token=admin).json["history"]
    tap.equal(user_history[-1]["changes"], {"display_name": {"from": None, "to": "王芳"}},
              "a user's history shows the display name it was given")
finally:
    server.close()
tap.done()
