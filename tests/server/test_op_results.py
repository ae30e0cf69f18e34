#!/usr/bin/env python3
"""Op results: the server keeps the answer to each pushed op so that a
client retrying it gets the same answer and nothing is written twice
(DESIGN.md, sync contract). Results older than --op-result-max-age are
pruned while the server runs. A retry that comes after its result was
pruned is answered by the merge: it writes nothing twice, does not undo
a later change (a conflict the user settles), and does not bring back a
record deleted since (an edit-versus-delete conflict)."""

import time

from rapport_server_test import Server, Tap, new_id, op

DAY = 86400


tap = Tap()
server = Server(extra_args=["--op-result-max-age", "30", "--op-result-prune-interval", "1"])
try:
    tokens = server.login_all()
    manager, admin = tokens["manager"], tokens["admin"]

    def push_one(token, sent):
        return server.push(token, sent).json["results"][0]

    def contact(record_id):
        return server.request("GET", f"contacts/{record_id}", token=admin)

    def stored_results(*ops):
        ids = ", ".join(f"'{sent['op_id']}'" for sent in ops)
        return int(server.query(f"SELECT count(*) FROM op_results WHERE op_id IN ({ids})")[0][0])

    # Made 40 days ago on a laptop that was offline since: still applied.
    mei = new_id()
    create = op("contact", mei, "create", 0, {"first_name": (None, "Mei"), "title": (None, "Buyer")},
                op_id=new_id(days_ago=40))
    created = push_one(manager, create)
    tap.equal(created["status"], "applied", "a create made offline 40 days ago is applied")
    update = op("contact", mei, "update", 1, {"title": ("Buyer", "Head of purchasing")})
    updated = push_one(manager, update)
    tap.equal(updated["status"], "applied", "an update is applied")
    tap.equal(push_one(manager, update), updated, "a retry within the age gets the stored answer")
    tap.equal(contact(mei).json["version"], 2, "… and writes nothing again")

    # A second contact, updated once, nobody else touching it.
    li = new_id()
    push_one(manager, op("contact", li, "create", 0, {"first_name": (None, "Li")}))
    settled = op("contact", li, "update", 1, {"title": (None, "Engineer")})
    push_one(manager, settled)
    # The admin changes Mei's title after the manager.
    later = op("contact", mei, "update", 2, {"title": ("Head of purchasing", "Purchasing director")})
    tap.equal(push_one(admin, later)["status"], "applied", "a later change by someone else")

    # The manager's results become 31 days old; the pruning that runs every
    # second (every hour by default) deletes them, and only them.
    server.query(f"UPDATE op_results SET created_at = created_at - {31 * DAY}"
                 f" WHERE op_id IN ('{create['op_id']}', '{update['op_id']}', '{settled['op_id']}')")
    deadline = time.monotonic() + 15
    while stored_results(create, update, settled) > 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    tap.equal(stored_results(create, update, settled), 0,
              "results older than --op-result-max-age are pruned while the server runs")
    tap.equal(stored_results(later), 1, "a younger result is kept")

    # Retries after the pruning: nothing twice, nothing undone.
    again = push_one(manager, settled)
    tap.ok(again["status"] in ("applied", "merged"), "a retried update whose result was pruned"
           " is answered", again)
    tap.equal(contact(li).json["version"], 2, "… and writes nothing a second time")
    again = push_one(manager, update)
    tap.equal(again["status"], "conflict", "a retried update that a later change overtook: a"
              " conflict, not a silent undo")
    record = contact(mei).json
    tap.equal((record["title"], record["version"]), ("Purchasing director", 3),
              "… and the later change stays")

    # Deleted since: a retried create does not bring it back.
    tap.equal(push_one(admin, op("contact", mei, "delete", 3))["status"], "applied",
              "the contact is deleted")
    again = push_one(manager, create)
    tap.equal(again["status"], "conflict", "a retried create whose result was pruned, of a"
              " record deleted since: an edit-versus-delete conflict")
    tap.ok(any(c.get("field") == "_deleted" for c in again.get("conflicts", [])),
           "… on _deleted, which the user settles", again)
    tap.equal(contact(mei).status, 404, "… and the record stays deleted")
    # A user restoring it, by a fresh create, still can.
    restore = op("contact", mei, "create", 0, {"first_name": (None, "Mei")})
    tap.equal(push_one(manager, restore)["status"], "applied",
              "restoring it with a create made now is applied")

    bad = server.cli("serve", "--op-result-max-age", "0", check=False)
    tap.ok(bad.returncode == 2 and "--op-result-max-age" in bad.stderr,
           "--op-result-max-age 0: exit 2 naming it", bad.stderr)
finally:
    server.close()
tap.done()
