#!/usr/bin/env python3
"""Every server database has an id and an epoch, carried by the feed, push
and /me; a push meant for another server or epoch applies nothing;
`rapport-server restore` puts a backup in place under a new epoch, and a
backup copied back by hand gets one at the next start; on PostgreSQL,
`rapport-server new-epoch` starts one after a restore by PostgreSQL's tools."""

import os
import shutil
import signal
import sqlite3
import subprocess

from rapport_server_test import SERVER, Server, Tap, new_id, op

tap = Tap()
server = Server(users={"admin": "admin"})
other = None


def identity(token):
    return server.request("GET", "changes?since=0&limit=1", token=token).json["server"]


def contact_ids(token):
    feed = server.request("GET", "changes?since=0&limit=1000", token=token).json
    return {c["id"] for c in feed["changes"] if c["entity"] == "contact" and not c["deleted"]}


try:
    server.login("admin")
    admin = server.tokens["admin"]
    first = identity(admin)
    tap.ok(isinstance(first, dict) and len(first.get("id", "")) == 36 and len(first.get("epoch", "")) == 36,
           "the feed names the server's id and epoch", first)
    me = server.request("GET", "me", token=admin).json
    tap.equal(me.get("server"), first, "/me names the same")
    pushed = server.push(admin, op("contact", new_id(), "create", 0, {"first_name": (None, "A")}))
    tap.equal(pushed.json.get("server"), first, "a push's answer names the same")

    # A push meant for another server, or an older epoch, applies nothing.
    for name, wrong in (("another server", {"id": new_id(), "epoch": first["epoch"]}),
                        ("another epoch", {"id": first["id"], "epoch": new_id()})):
        target = new_id()
        answer = server.request("POST", "push", {"ops": [op("contact", target, "create", 0,
                                                            {"first_name": (None, "B")})],
                                                 "server": wrong}, token=admin)
        tap.equal((answer.status, answer.error_code(), answer.error_field()),
                  (409, "server_changed", "server"), f"a push meant for {name} is refused")
        tap.ok(target not in contact_ids(admin), f"and nothing of it was applied ({name})")
    answer = server.request("POST", "push", {"ops": [], "server": "mine"}, token=admin)
    tap.equal((answer.status, answer.error_field()), (400, "server"), "a malformed “server” is a 400")
    target = new_id()
    answer = server.request("POST", "push", {"ops": [op("contact", target, "create", 0,
                                                        {"first_name": (None, "C")})],
                                             "server": first}, token=admin)
    tap.equal((answer.status, answer.json["results"][0]["status"]), (200, "applied"),
              "a push meant for this server and epoch applies")

    # Restarts, even after a crash, keep both.
    server.restart()
    server.push(admin, op("contact", new_id(), "create", 0, {"first_name": (None, "D")}))
    server.stop(signal.SIGKILL)
    server.start()
    tap.equal(identity(admin), first, "the id and epoch survive restarts and a crash")

    other = Server(users={"admin": "admin"})
    other.login("admin")
    tap.ok(other.request("GET", "me", token=other.tokens["admin"]).json["server"]["id"] != first["id"],
           "another database is another server")

    # SQLite files only: PostgreSQL is backed up with pg_dump.
    if server.backend == "sqlite":
        # A backup, then writes the backup lacks.
        backup = os.path.join(server.directory, "backup.db")
        live = sqlite3.connect(server.database)
        target = sqlite3.connect(backup)
        live.backup(target)
        target.close()
        live.close()
        in_backup = contact_ids(admin)
        lost = new_id()
        server.push(admin, op("contact", lost, "create", 0, {"first_name": (None, "Lost")}))
        server.stop()

        # Bad backups change nothing.
        junk = os.path.join(server.directory, "junk.db")
        with open(junk, "wb") as f:
            f.write(b"not a database" * 100)
        foreign = os.path.join(server.directory, "foreign.db")
        sqlite3.connect(foreign).executescript("CREATE TABLE notes (text TEXT);")
        for name, path in (("a damaged file", junk), ("another program's database", foreign),
                           ("a missing file", os.path.join(server.directory, "none.db"))):
            result = subprocess.run([SERVER, "restore", path, "--database", server.database],
                                    capture_output=True, text=True, timeout=60)
            tap.ok(result.returncode == 1 and path in result.stderr and "nothing was restored" in result.stderr
                   or name == "a missing file" and result.returncode == 1 and "backup" in result.stderr,
                   f"restoring {name} fails with a clear error", result.stderr)
        server.start()
        tap.equal(identity(admin), first, "and leaves the database as it was")
        tap.ok(lost in contact_ids(admin), "with all its records")
        server.stop()

        result = subprocess.run([SERVER, "restore", backup, "--database", server.database],
                                capture_output=True, text=True, timeout=60)
        tap.equal(result.returncode, 0, "rapport-server restore puts the backup in place")
        server.start()
        restored = identity(admin)
        tap.equal(restored["id"], first["id"], "the restored database is the same server")
        tap.ok(restored["epoch"] != first["epoch"] and restored["epoch"] in result.stdout,
               "in a new epoch, which the command prints", (restored, result.stdout))
        tap.equal(contact_ids(admin), in_backup, "with the backup's records")
        written = server.push(admin, op("contact", new_id(), "create", 0, {"first_name": (None, "E")}))
        tap.equal(written.json["results"][0]["status"], "applied", "and it takes writes again")
        server.restart()
        tap.equal(identity(admin), restored, "a restart keeps the new epoch")

        # The README's old way: the file copied back while stopped.
        server.stop()
        shutil.copyfile(backup, server.database)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(server.database + suffix):
                os.remove(server.database + suffix)
        server.start()
        copied = identity(admin)
        tap.ok(copied["id"] == first["id"] and copied["epoch"] not in (first["epoch"], restored["epoch"]),
               "a backup copied back by hand starts a new epoch too", copied)
        with open(os.path.join(server.directory, "server.log"), errors="replace") as log:
            tap.ok("restored from a backup" in log.read(), "and the server's log says why")
    else:
        # PostgreSQL is backed up and restored with its own tools.
        result = subprocess.run([SERVER, "restore", "backup.db", "--database", server.database],
                                capture_output=True, text=True, timeout=60)
        tap.ok(result.returncode == 2 and "pg_restore" in result.stderr,
               "restore into PostgreSQL points to pg_restore", result.stderr)
        tap.equal(identity(admin), first, "and changes nothing")
        # Put back by PostgreSQL's tools, it starts a new epoch by hand.
        server.stop()
        result = subprocess.run([SERVER, "new-epoch", "--database", server.database],
                                capture_output=True, text=True, timeout=60)
        server.start()
        renewed = identity(admin)
        tap.ok(result.returncode == 0 and renewed["id"] == first["id"]
               and renewed["epoch"] != first["epoch"] and renewed["epoch"] in result.stdout,
               "new-epoch: the same server in a new epoch, which it prints", (renewed, result))
        missing = subprocess.run([SERVER, "new-epoch"], capture_output=True, text=True, timeout=60)
        tap.ok(missing.returncode == 2 and "--database" in missing.stderr,
               "new-epoch without --database: exit 2 naming it", missing.stderr)
finally:
    server.close()
    if other is not None:
        other.close()
tap.done()
