#!/usr/bin/env python3
"""Consent on the server (SPEC.md §7.3): a grant without source or proof is
refused naming the field, a consent record is never changed, the contact's
email_consent follows its records, and a denial from one device wins over a
grant with the same captured_at from another, whichever is pushed first."""

import json
import sqlite3

from pg_database import BACKEND
from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    token = tokens["manager"]

    def contact(contact_id):
        return server.request("GET", f"contacts/{contact_id}", token=token).json

    def new_contact(name):
        return server.request("POST", "contacts", {"first_name": name}, token=token).json["id"]

    li = new_contact("Li")
    grant = {"contact_id": li, "channel": "email", "purpose": "marketing", "status": "granted",
             "source": "web_form", "captured_at": "2026-03-01T10:00:00Z"}
    response = server.request("POST", "consents", grant, token=token)
    tap.equal((response.status, response.error_field()), (422, "proof"),
              "a grant without proof is refused, naming proof")
    response = server.request("POST", "consents", {**grant, "proof": "Form 7", "source": " "},
                              token=token)
    tap.equal((response.status, response.error_field()), (422, "source"),
              "a grant with a blank source is refused, naming source")
    tap.equal(contact(li).get("email_consent"), None, "nothing was kept: nobody knows yet")

    response = server.request("POST", "consents", {**grant, "proof": "Form 7"}, token=token)
    tap.equal(response.status, 201, "a grant with source and proof is kept")
    granted = response.json
    tap.equal(contact(li).get("email_consent"), True, "the contact's email_consent follows it")

    response = server.request("POST", "consents",
                              {"contact_id": li, "channel": "email", "purpose": "marketing",
                               "status": "denied", "source": "unsubscribe link",
                               "captured_at": "2026-04-01T10:00:00Z"}, token=token)
    tap.equal(response.status, 201, "a denial needs no proof")
    denial = response.json
    tap.equal(contact(li).get("email_consent"), False, "the later denial is in force")

    # Turning the denial itself into a grant is refused: only a new record grants.
    response = server.request("PATCH", f"consents/{denial['id']}",
                              {"status": "granted", "proof": "Form 8"}, token=token,
                              headers={"If-Match": f'"{denial["version"]}"'})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "a consent record is never changed: a denial cannot be edited into a grant")
    tap.equal(contact(li).get("email_consent"), False, "the refused edit changed nothing")

    # Nor deleted, by anyone, over REST or in a push: the older grant would be
    # in force again.
    response = server.request("DELETE", f"consents/{denial['id']}", token=tokens["admin"],
                              headers={"If-Match": f'"{denial["version"]}"'})
    tap.equal((response.status, response.error_code()), (409, "wrong_state"),
              "deleting a denial is refused, even to an admin")
    pushed = server.push(tokens["manager"], op("consent", denial["id"], "delete", denial["version"]))
    tap.equal(pushed.json["results"][0]["status"], "rejected",
              "a pushed delete of a denial is rejected")
    tap.equal(server.request("GET", f"consents/{denial['id']}", token=token).status, 200,
              "the denial is still there")
    tap.equal(contact(li).get("email_consent"), False, "and still in force")
    erased = server.request("POST", "contacts", {"first_name": "Erased"}, token=token).json
    kept = server.request("POST", "consents", {**grant, "contact_id": erased["id"], "proof": "Form 9"},
                          token=token).json
    tap.equal(server.request("DELETE", f"contacts/{erased['id']}", token=token,
                             headers={"If-Match": f'"{contact(erased["id"])["version"]}"'}).status, 204,
              "a contact with consents can be deleted")
    tap.equal(server.request("GET", f"consents/{kept['id']}", token=token).status, 404,
              "its consents go with it")

    response = server.request("PATCH", f"contacts/{li}", {"email_consent": True}, token=token,
                              headers={"If-Match": f'"{contact(li)["version"]}"'})
    tap.equal((response.status, response.error_field()), (422, "email_consent"),
              "the contact's email_consent cannot be written")

    # Two devices offline: one records a grant, the other a denial, both at
    # the same second; both are pushed, in either order.
    for order in ("grant first", "denial first"):
        person = new_contact(order)
        base = {"contact_id": (None, person), "channel": (None, "email"),
                "purpose": (None, "marketing"), "captured_at": (None, "2026-05-01T09:30:00Z")}
        pushed_grant = op("consent", new_id(), "create", 0,
                          {**base, "status": (None, "granted"), "source": (None, "phone call"),
                           "proof": (None, "Call on 1 May, recorded")})
        pushed_denial = op("consent", new_id(), "create", 0,
                           {**base, "status": (None, "denied"), "source": (None, "email reply")})
        pushes = [pushed_grant, pushed_denial] if order == "grant first" else [pushed_denial, pushed_grant]
        rep = tokens["rep"]
        statuses = [server.push(t, p).json["results"][0]["status"]
                    for t, p in zip([token, rep], pushes)]
        tap.equal(statuses, ["applied", "applied"], f"{order}: both records are kept")
        tap.equal(contact(person).get("email_consent"), False,
                  f"{order}: the denial wins over the grant of the same time")

    # A book of before consent records: its contacts' email_consent is kept
    # as records when the server starts (SQLite: the file is edited here).
    if BACKEND == "sqlite":
        old = [new_contact("Old yes"), new_contact("Old no")]
        server.stop()
        db = sqlite3.connect(server.database)
        for contact_id, agreed in zip(old, (True, False)):
            data = json.loads(db.execute("SELECT data FROM records WHERE entity = 'contact' AND id = ?",
                                         (contact_id,)).fetchone()[0])
            data["email_consent"] = agreed
            db.execute("UPDATE records SET data = ? WHERE entity = 'contact' AND id = ?",
                       (json.dumps(data), contact_id))
        db.execute("DELETE FROM server_meta WHERE key = 'consent_records_from_email_consent'")
        db.commit()
        db.close()
        server.restart()
        token = server.login_all()["manager"]
        migrated = [r for r in server.request("GET", "consents?limit=1000", token=token).json["records"]
                    if r["source"] == "migrated"]
        tap.equal(sorted((r["contact_id"] == old[0], r["status"]) for r in migrated),
                  [(False, "denied"), (True, "granted")],
                  "an old email_consent becomes a record with source migrated, true a grant")
        tap.equal([contact(c).get("email_consent") for c in old], [True, False],
                  "the contacts keep what they said")
        server.restart()
        token = server.login_all()["manager"]
        again = [r for r in server.request("GET", "consents?limit=1000", token=token).json["records"]
                 if r["source"] == "migrated"]
        tap.equal(len(again), 2, "a second start migrates nothing again")
finally:
    server.close()
tap.done()
