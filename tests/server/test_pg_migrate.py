#!/usr/bin/env python3
"""A team moves from SQLite to PostgreSQL with `rapport-server migrate`
while a real client (rapport-cli) keeps working: it synced the demo book
and pushes while the server is down, and after the move it goes on with
its old cursor and token: it receives only what is new (no full resync),
and every change made on either side of the move is on the server exactly
once. A retried op is answered from its stored result on the new
database. Re-running migrate is no work, a source that changed since is
refused, and so are bad arguments, a table migrate does not know, a copy
that does not read back as the source and a target that is not empty.

Usage: test_pg_migrate.py RAPPORT-SERVER SOURCE-ROOT RAPPORT-CLI"""

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

from cli_client import Client
from rapport_server_test import BACKEND, SERVER, Server, Tap, new_id, op
import pg_database

if BACKEND != "postgresql":
    print("1..0 # SKIP PostgreSQL only: migrate copies into PostgreSQL")
    raise SystemExit(0)
if len(sys.argv) < 4:
    print("1..0 # SKIP needs rapport-cli (built with -Dcli=true)")
    raise SystemExit(0)
CLI = sys.argv[3]


def add_user(database, name, role):
    subprocess.run([SERVER, "user", "add", name, "--role", role, "--password-stdin",
                    "--database", database], input="a long password\n", text=True, check=True,
                   capture_output=True)


def migrate(*args):
    return subprocess.run([SERVER, "migrate", *args], capture_output=True, text=True, timeout=300)


def feed_ids(server, token):
    """(seq, id) of every change of the server's feed, from the start."""
    seen, cursor, more = [], "0", True
    while more:
        page = server.request("GET", f"changes?since={cursor}&limit=1000", token=token).json
        seen.extend((change["seq"], change["id"]) for change in page["changes"])
        cursor, more = page["cursor"], page["more"]
    return seen


tap = Tap()
home = tempfile.mkdtemp(prefix="rapport-migrate-test-")
team_db = os.path.join(home, "team.db")
target = pg_database.create()
other = None
old = new = None
try:
    demo = subprocess.run([SERVER, "demo", "--database", team_db], capture_output=True, text=True,
                          timeout=120, check=True)
    passwords = dict(re.findall(r"^\s+(\S+)\s+(?:admin|manager|rep)\s+(\S+)$", demo.stdout, re.M))
    old = Server(users={}, directory=home, database=team_db)
    old.backend = "sqlite"
    port = old.port
    url = f"http://127.0.0.1:{port}"

    # Li Na's client syncs the demo book, then adds a contact.
    client = Client(CLI, home)
    login = client.run("login", "--server", url, "--user", "li.na", "--password-stdin",
                       stdin=passwords["li.na"] + "\n")
    tap.equal(login.returncode, 0, "the client signs in to the server on SQLite")
    status, first = client.sync()
    tap.ok(status == 0 and first["received"] > 100, "the first sync receives the demo book", first)
    before = [client.run("add", "contact", "--set", f"first_name=Before {n}").stdout.strip()
              for n in range(3)]
    status, synced = client.sync()
    tap.equal((status, synced["sent"]), (0, 3), "three contacts pushed to SQLite")
    # Wang Fang pushes straight to the API; the op is retried later.
    wang = old.login("wang.fang", passwords["wang.fang"]).json["token"]
    retried = op("company", new_id(), "create", 0, {"name": (None, "Migrated Ltd")})
    answer = old.push(wang, retried).json["results"][0]
    tap.equal(answer["status"], "applied", "an op pushed to SQLite is applied")
    status, synced = client.sync()
    cursor_before = client.cursor()
    sqlite_feed = feed_ids(old, wang)
    sqlite_records = old.query("SELECT count(*) FROM records")[0][0]
    old.stop()

    # The server is down: the client works on, its changes wait in the outbox.
    during = [client.run("add", "contact", "--set", f"first_name=During {n}").stdout.strip()
              for n in range(2)]
    status, _ = client.sync()
    tap.ok(status != 0, "a sync while the server is down fails, and keeps the changes")

    # Bad arguments: a message naming what is wrong, exit status 2.
    for args, named in ((("--from", team_db), "--to"),
                        (("--from", team_db, "--to", "/tmp/x.db"), "--to"),
                        (("--from", target, "--to", target), "--from"),
                        (("--from", os.path.join(home, "missing.db"), "--to", target), "--from")):
        result = migrate(*args)
        tap.ok(result.returncode == 2 and named in result.stderr,
               f"migrate {' '.join(a if a != target else 'postgresql://…' for a in args)}:"
               f" exit 2 naming {named}", result.stderr)

    # Another program's database is left alone.
    foreign_db = os.path.join(home, "notes.db")
    with sqlite3.connect(foreign_db) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    result = migrate("--from", foreign_db, "--to", target)
    tap.ok(result.returncode == 1 and "not a Rapport server database" in result.stderr,
           "another program's SQLite file: exit 1, not a Rapport server database", result.stderr)
    with sqlite3.connect(foreign_db) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_schema")]
    tap.equal(tables, ["notes"], "… and it is left as it was")

    # A table migrate does not know stops it before anything is copied.
    unknown_db = os.path.join(home, "unknown.db")
    shutil.copy(team_db, unknown_db)
    with sqlite3.connect(unknown_db) as db:
        db.execute("CREATE TABLE goals (id TEXT PRIMARY KEY, target INTEGER)")
    result = migrate("--from", unknown_db, "--to", target)
    tap.ok(result.returncode == 1 and "“goals”" in result.stderr,
           "a table migrate does not know: exit 1 naming it", result.stderr)
    tap.equal(pg_database.psql(target, "SELECT count(*) FROM records"), [("0",)],
              "… and the target is left empty")

    # A copy that does not read back as the source is never committed: here
    # a trigger of the target changes the versions of contacts as they come.
    pg_database.psql(
        target,
        "CREATE FUNCTION tamper () RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        " IF NEW.entity = 'contact' THEN NEW.version := NEW.version + 1; END IF;"
        " RETURN NEW; END $$",
        "CREATE TRIGGER tamper BEFORE INSERT ON records FOR EACH ROW EXECUTE FUNCTION tamper ()")
    result = migrate("--from", team_db, "--to", target)
    tap.ok(result.returncode == 1 and "“records” differs" in result.stderr,
           "a copy that differs from the source: exit 1 naming the table", result.stderr)
    tap.equal(pg_database.psql(target, "SELECT count(*) FROM records"), [("0",)],
              "… and nothing of it is kept")
    pg_database.psql(target, "DROP TRIGGER tamper ON records", "DROP FUNCTION tamper ()")

    # The move.
    result = migrate("--from", team_db, "--to", target)
    tap.equal(result.returncode, 0, "migrate: exit 0")
    printed = {table: rows for table, rows, _ in
               re.findall(r"^(\w+)\s+([\d,.\s]+?)\s+([0-9a-f]{64})$", result.stdout, re.M)}
    tap.equal(int(re.sub(r"\D", "", printed.get("records", "0"))), sqlite_records,
              "it prints the record count of the source")
    tap.equal(int(pg_database.psql(target, "SELECT count(*) FROM records")[0][0]), sqlite_records,
              "the target holds as many records")
    print("# " + result.stdout.strip().splitlines()[-1], flush=True)

    new = Server(users={}, directory=home, database=target, extra_args=["--port", str(port)])
    tap.equal(new.port, port, "the server on PostgreSQL listens where the old one did")
    replay = new.push(wang, retried).json["results"][0]
    tap.equal(replay, answer, "a retried op gets the result stored on SQLite")
    tap.equal(feed_ids(new, wang), sqlite_feed, "the feed is the same, change by change")

    status, synced = client.sync()
    tap.equal(status, 0, "the client syncs with its old token")
    tap.equal(synced["sent"], 2, "… sends what it made while the server was down")
    tap.ok(synced["received"] < first["received"] / 10,
           "… and receives only what is new, no full resync", (synced, first))
    tap.ok(client.cursor() > cursor_before, "its cursor went on from where it was")
    after = client.run("add", "contact", "--set", "first_name=After").stdout.strip()
    status, synced = client.sync()
    tap.equal((status, synced["sent"]), (0, 1), "a change made after the move is pushed")

    feed = feed_ids(new, wang)
    ids = [record_id for _, record_id in feed]
    tap.ok(all(ids.count(record_id) == 1 for record_id in before + during + [after]),
           "every contact of the client is on the server exactly once")
    tap.equal(len(ids), len(set(ids)), "no record twice in the feed")
    new_seqs = [seq for seq, record_id in feed if record_id in during + [after]]
    tap.ok(min(new_seqs) > max(seq for seq, _ in sqlite_feed),
           "new changes are numbered after every migrated one")
    listed = client.run("--json", "list", "contact", "--limit", "100000")
    server_contacts = int(pg_database.psql(
        target, "SELECT count(*) FROM records WHERE entity = 'contact' AND data IS NOT NULL")[0][0])
    tap.equal(len(json.loads(listed.stdout)), server_contacts,
              "the client and the server have the same contacts")

    # Running it again: the target is a copy of this unchanged source.
    again = migrate("--from", team_db, "--to", target)
    tap.ok(again.returncode == 0 and "nothing to do" in again.stdout,
           "a second migrate of the same source: nothing to do", again)
    # The source changed since (a server kept running on it): refused.
    add_user(team_db, "late", "rep")
    changed = migrate("--from", team_db, "--to", target)
    tap.ok(changed.returncode == 1 and "changed since" in changed.stderr,
           "a source that changed since the copy: refused", changed.stderr)
    # A database that holds anything else: refused.
    other = pg_database.create()
    add_user(other, "someone", "admin")
    refused = migrate("--from", team_db, "--to", other)
    tap.ok(refused.returncode == 1 and "not empty" in refused.stderr,
           "a target that is not empty: refused", refused.stderr)
    tap.equal(pg_database.psql(other, "SELECT count(*) FROM credentials"), [("1",)],
              "… and left as it was")
finally:
    for server in (new, old):
        if server is not None:
            server.stop()
    pg_database.drop(target)
    if other is not None:
        pg_database.drop(other)
    shutil.rmtree(home, ignore_errors=True)
tap.done()
