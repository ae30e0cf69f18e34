#!/usr/bin/env python3
"""A server database of storage version 1 (records in id order) opens with
every record, its feed position and history intact, and works on (a
quote's lines are found under their quote, an op pushed before the
upgrade is answered from its stored result after it); one of
version 2 (no id) gets an id that an older backup of it, upgraded apart,
shares, and an epoch of its own."""

import os
import sqlite3
import time

from rapport_server_test import Server, Tap, new_id, op, sqlite_only

sqlite_only("it upgrades SQLite files of older storage versions")

tap = Tap()
server = Server(users={"admin": "admin"})
try:
    server.login("admin")
    admin = server.tokens["admin"]
    created = [server.request("POST", "contacts", {"first_name": f"Old {i}"}, token=admin).json
               for i in range(5)]
    quote = server.request("POST", "quotes", {"title": "Old quote", "currency": "CNY"},
                           token=admin).json
    for price in (10000, 20000):
        server.request("POST", "quote_lines", {"quote_id": quote["id"], "qty_milli": 1000,
                                               "unit_price_x100": price}, token=admin)
    pushed = op("contact", new_id(), "create", 0, {"first_name": (None, "Pushed")})
    answer = server.push(admin, pushed).json["results"][0]
    feed = server.request("GET", "changes?since=0&limit=1000", token=admin).json
    server.stop()

    # Turn the file back into version 1's layout, as an older server left it.
    db = sqlite3.connect(server.database)
    db.executescript("""
        CREATE TABLE records_v1 (entity TEXT NOT NULL, id TEXT NOT NULL,
                                 version INTEGER NOT NULL, seq INTEGER NOT NULL UNIQUE,
                                 data TEXT, PRIMARY KEY (entity, id)) WITHOUT ROWID;
        INSERT INTO records_v1 SELECT entity, id, version, seq, data FROM records;
        DROP TABLE records;
        ALTER TABLE records_v1 RENAME TO records;
        CREATE TABLE op_results_v1 (user_id TEXT NOT NULL, op_id TEXT NOT NULL,
                                    result TEXT NOT NULL, PRIMARY KEY (user_id, op_id))
                                    WITHOUT ROWID;
        INSERT INTO op_results_v1 SELECT user_id, op_id, result FROM op_results;
        DROP TABLE op_results;
        ALTER TABLE op_results_v1 RENAME TO op_results;
        PRAGMA user_version = 1;
    """)
    db.close()

    server.start()
    tap.equal(server.request("GET", "changes?since=0&limit=1000", token=admin).json, feed,
              "the upgraded database serves the same changes feed")
    tap.equal(server.request("GET", f"contacts/{created[2]['id']}", token=admin).json["first_name"],
              "Old 2", "a record reads back by id")
    later = server.request("POST", "contacts", {"first_name": "New"}, token=admin)
    tap.equal(later.status, 201, "new records are written after the upgrade")
    tail = server.request("GET", f"changes?since={feed['cursor']}", token=admin).json
    tap.equal([c["id"] for c in tail["changes"]], [later.json["id"]],
              "and come next in the feed")
    server.request("POST", "quote_lines", {"quote_id": quote["id"], "qty_milli": 1000,
                                           "unit_price_x100": 40000}, token=admin)
    tap.equal(server.request("GET", f"quotes/{quote['id']}", token=admin).json["total"], 700,
              "a line added after the upgrade totals with the lines from before it")
    db = sqlite3.connect(server.database)
    tap.equal(db.execute("PRAGMA user_version").fetchone()[0], 8, "the file is now version 8")
    stored_at = db.execute("SELECT created_at FROM op_results WHERE op_id = ?",
                           (pushed["op_id"],)).fetchone()[0]
    db.close()
    tap.ok(abs(stored_at - time.time()) < 600,
           "an op result from before the upgrade counts its age from the upgrade", stored_at)
    tap.equal(server.push(admin, pushed).json["results"][0], answer,
              "a retried op gets the result stored before the upgrade")

    # Version 2 had no id: the live file and an older backup, both of that
    # version, are upgraded apart.
    server.stop()
    backup = os.path.join(server.directory, "backup.db")
    live = sqlite3.connect(server.database)
    live.execute(f"VACUUM INTO '{backup}'")
    live.close()
    for path in (server.database, backup):
        db = sqlite3.connect(path)
        db.executescript("DROP TABLE server_meta; PRAGMA user_version = 2;")
        db.close()
    os.remove(server.database + ".epoch")
    server.start()
    server.request("POST", "contacts", {"first_name": "After"}, token=admin)
    upgraded = server.request("GET", "changes?since=0&limit=1", token=admin).json["server"]
    server.stop()
    db = sqlite3.connect(backup)
    tap.equal(db.execute("PRAGMA user_version").fetchone()[0], 2,
              "the backup is still version 2")
    db.close()
    server.database, live_path = backup, server.database
    server.start()
    from_backup = server.request("GET", "changes?since=0&limit=1", token=admin).json["server"]
    server.stop()
    server.database = live_path
    tap.equal(from_backup["id"], upgraded["id"],
              "the live file and its older backup, upgraded apart, name the same server")
    tap.ok(from_backup["epoch"] != upgraded["epoch"], "but each has an epoch of its own",
           (from_backup, upgraded))
    server.start()
finally:
    server.close()
tap.done()
