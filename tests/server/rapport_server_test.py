"""Shared helpers of the rapport-server tests: a real server process on a
free loopback port with a temporary database, an HTTP client, TAP output.

With RAPPORT_TEST_BACKEND=postgresql each Server gets a fresh database of
the cluster at RAPPORT_TEST_POSTGRESQL (tests/server/pg-cluster.sh), dropped
when it closes; without a cluster such a test is skipped."""

import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import pg_database
from pg_database import BACKEND

# Meson passes the server binary and the source root; by hand, set
# RAPPORT_SERVER (and run from the source tree).
SERVER = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("RAPPORT_SERVER", "rapport-server")
SOURCE_ROOT = (sys.argv[2] if len(sys.argv) > 2 else
               os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PASSWORD = "correct-horse-battery"
ROLES = {"admin": "admin", "manager": "manager", "rep": "rep", "rep2": "rep"}

if pg_database.wanted_but_missing():
    print(f"1..0 # SKIP {pg_database.MISSING}")
    sys.exit(0)


def sqlite_only(reason):
    """Ends a test that only means something on SQLite, as skipped."""
    if BACKEND != "sqlite":
        print(f"1..0 # SKIP SQLite only: {reason}")
        sys.exit(0)


class Tap:
    """Minimal TAP producer: one line per check, a plan at the end."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, condition, name, detail=None):
        self.count += 1
        if condition:
            print(f"ok {self.count} - {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.count} - {name}", flush=True)
            if detail is not None:
                for line in str(detail).splitlines()[:20]:
                    print(f"# {line}", flush=True)
        return condition

    def equal(self, got, expected, name):
        return self.ok(got == expected, name, f"expected {expected!r}, got {got!r}")

    def done(self):
        print(f"1..{self.count}", flush=True)
        sys.exit(1 if self.failed else 0)


def new_id(days_ago=0):
    """A UUIDv7-shaped id (the server checks the shape, not the clock), made
    @days_ago days ago by its time."""
    raw = bytearray(uuid.uuid4().bytes)
    millis = int((time.time() - days_ago * 86400) * 1000)
    raw[0:6] = millis.to_bytes(6, "big")
    raw[6] = 0x70 | (raw[6] & 0x0F)
    raw[8] = 0x80 | (raw[8] & 0x3F)
    return str(uuid.UUID(bytes=bytes(raw)))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None

    def error_code(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"].get("code")
        return None

    def error_field(self):
        if isinstance(self.json, dict) and isinstance(self.json.get("error"), dict):
            return self.json["error"].get("field")
        return None

    def is_error_shape(self):
        error = self.json.get("error") if isinstance(self.json, dict) else None
        return (isinstance(error, dict) and isinstance(error.get("code"), str)
                and isinstance(error.get("message"), str)
                and (error.get("field") is None or isinstance(error.get("field"), str)))

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class HttpClient:
    """Requests to the API at 127.0.0.1:port, one connection each; what a
    login returns is kept in tokens and user_ids."""

    def __init__(self, port=None):
        self.port = port
        self.tokens = {}
        self.user_ids = {}

    def request(self, method, path, body=None, token=None, headers=None, raw=None,
                content_type="application/json", timeout=30):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        all_headers = {}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
        if data is not None and content_type is not None:
            all_headers["Content-Type"] = content_type
        all_headers.update(headers or {})
        url = path if path.startswith("/") else "/api/v1/" + path
        try:
            connection.request(method, url, body=data, headers=all_headers)
            response = connection.getresponse()
            raw_body = response.read()
            result = Response(response.status, {k.lower(): v for k, v in response.getheaders()},
                              raw_body.decode("utf-8", "replace"))
            result.raw = raw_body
        finally:
            connection.close()
        return result

    def login(self, name, password=PASSWORD):
        response = self.request("POST", "auth/login", {"user": name, "password": password})
        if response.status == 200:
            self.tokens[name] = response.json["token"]
            self.user_ids[name] = response.json["user"]["id"]
        return response

    def login_all(self):
        for name in ROLES:
            response = self.login(name)
            if response.status != 200:
                raise RuntimeError(f"login {name}: {response}")
        return self.tokens

    def push(self, token, *ops):
        return self.request("POST", "push", {"ops": list(ops)}, token=token)


class Server(HttpClient):
    """rapport-server serve on port 0, with one user per role."""

    def __init__(self, extra_args=(), users=ROLES, directory=None, database=None):
        """@database: another Server's, to serve it from a second process."""
        self.own_directory = directory is None
        self.directory = directory or tempfile.mkdtemp(prefix="rapport-server-test-")
        self.backend = BACKEND
        self.own_database = database is None
        if database is not None:
            self.database = database
        elif BACKEND == "postgresql":
            self.database = pg_database.create()
        else:
            self.database = os.path.join(self.directory, "rapport.db")
        self.extra_args = list(extra_args)
        self.process = None
        super().__init__()
        for name, role in users.items():
            self.cli("user", "add", name, "--role", role, "--password-stdin",
                     input=PASSWORD + "\n")
        self.start()

    def cli(self, *args, input=None, check=True):
        result = subprocess.run([SERVER, *args, "--database", self.database],
                                input=input, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise RuntimeError(f"rapport-server {' '.join(args)}: {result.stderr}")
        return result

    def start(self):
        self.log = open(os.path.join(self.directory, "server.log"), "a")
        self.process = subprocess.Popen(
            [SERVER, "serve", "--database", self.database, "--port", "0", *self.extra_args],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"Listening on http://127\.0\.0\.1:(\d+)", line)
        if not match:
            raise RuntimeError(f"server did not start: {line!r}")
        self.port = int(match.group(1))

    def stop(self, sig=None):
        if self.process is None:
            return
        if sig is None:
            self.process.terminate()
        else:
            self.process.send_signal(sig)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.log.close()
        self.process = None

    def restart(self):
        self.stop()
        self.start()

    def close(self):
        crashed = self.process is not None and self.process.poll() not in (None, 0)
        self.stop()
        if crashed:
            with open(os.path.join(self.directory, "server.log"), errors="replace") as log:
                sys.stderr.write("server log:\n" + log.read()[-3000:])
        if self.own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)
        if self.backend == "postgresql" and self.own_database:
            pg_database.drop(self.database)

    def query(self, sql):
        """Rows of @sql on the server's database, as tuples (text on PostgreSQL)."""
        if self.backend == "postgresql":
            return pg_database.psql(self.database, sql)
        import sqlite3
        db = sqlite3.connect(self.database, timeout=10)
        try:
            with db:
                return db.execute(sql).fetchall()
        finally:
            db.close()

    def alive(self):
        return self.process is not None and self.process.poll() is None

# Who automation rules write as (RAPPORT_AUTOMATION_AUTHOR): a user id no user has.
AUTOMATION_AUTHOR = "00000000-0000-0000-0000-00000000a070"


def automation_rule(name, entity, actions, trigger="created_or_changed", **fields):
    """An enabled automation_rule's body; @actions and conditions= as JSON text."""
    body = {"name": name, "entity": entity, "trigger": trigger, "enabled": True,
            "actions": json.dumps(actions)}
    for key, value in fields.items():
        body[key] = json.dumps(value) if key == "conditions" else value
    return body


def op(entity, record_id, kind, base_version, changes=None, op_id=None):
    """A push op; changes maps field → (base, new)."""
    result = {"op_id": op_id or new_id(), "entity": entity, "id": record_id, "op": kind,
              "base_version": base_version}
    if changes is not None:
        result["changes"] = {name: {"base": base, "new": new}
                             for name, (base, new) in changes.items()}
    return result
