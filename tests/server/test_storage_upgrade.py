#!/usr/bin/env python3
"""A server database of storage version 1 (records in id order) opens with
every record, its feed position and history intact, and works on."""

import sqlite3

from rapport_server_test import Server, Tap

tap = Tap()
server = Server(users={"admin": "admin"})
try:
    server.login("admin")
    admin = server.tokens["admin"]
    created = [server.request("POST", "contacts", {"first_name": f"Old {i}"}, token=admin).json
               for i in range(5)]
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
    db = sqlite3.connect(server.database)
    tap.equal(db.execute("PRAGMA user_version").fetchone()[0], 2, "the file is now version 2")
    db.close()
finally:
    server.close()
tap.done()
