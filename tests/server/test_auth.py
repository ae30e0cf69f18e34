#!/usr/bin/env python3
"""Login, tokens and their storage, logout, expiry, disabled users, new
passwords, bounded hashing and login rate limiting."""

import hashlib
import threading
import time

from rapport_server_test import PASSWORD, Server, Tap, op

tap = Tap()
server = Server()
try:
    started = time.monotonic()
    response = server.login("admin")
    elapsed = time.monotonic() - started
    print(f"# one login took {elapsed * 1000:.0f} ms", flush=True)
    tap.equal(response.status, 200, "login answers 200")
    body = response.json
    token = body["token"]
    tap.ok(len(token) == 43 and all(c.isalnum() or c in "-_" for c in token),
           "the token is 32 random bytes in base64url", token)
    tap.ok(body["expires_at"].endswith("Z") and body["expires_at"] > time.strftime("%Y-%m-%dT", time.gmtime(time.time() + 29 * 86400)),
           "the token expires in about 30 days", body["expires_at"])
    tap.equal(body["user"]["name"], "admin", "the answer carries the user record")
    tap.ok("password" not in str(body["user"]) and "hash" not in body["user"], "and no password data")
    tap.equal(server.request("GET", "me", token=token).json["id"], body["user"]["id"], "the token signs in")

    stored = [row[0] for row in server.query("SELECT hash FROM tokens")]
    tap.ok(token not in str(stored), "the database does not hold the token")
    tap.ok(hashlib.blake2b(token.encode(), digest_size=32).hexdigest() in stored,
           "it holds the token's BLAKE2b hash")
    hashes = [row[0] for row in server.query("SELECT hash FROM credentials")]
    tap.ok(all(h.startswith("$argon2id$") for h in hashes), "passwords are Argon2id hashes")
    tap.ok(all(PASSWORD not in h for h in hashes), "no password is stored as text")

    for name, password, label in (("admin", "wrong-password", "a wrong password"),
                                  ("nobody", PASSWORD, "an unknown user")):
        response = server.request("POST", "auth/login", {"user": name, "password": password})
        tap.ok(response.status == 401 and response.error_code() == "invalid_credentials",
               f"{label}: 401 invalid_credentials", response)
    unknown = server.request("POST", "auth/login", {"user": "nobody2", "password": "x"}).json
    wrong = server.request("POST", "auth/login", {"user": "manager", "password": "x"}).json
    tap.equal(unknown, wrong, "unknown users and wrong passwords get the same answer")

    # Expiry and revocation.
    second = server.login("manager").json["token"]
    digest = hashlib.blake2b(second.encode(), digest_size=32).hexdigest()
    server.query(f"UPDATE tokens SET expires_at = 1 WHERE hash = '{digest}'")
    tap.equal(server.request("GET", "me", token=second).status, 401, "an expired token: 401")
    third = server.login("manager").json["token"]
    tap.equal(server.request("POST", "auth/logout", token=third).status, 204, "logout: 204")
    tap.equal(server.request("GET", "me", token=third).status, 401, "a logged-out token: 401")
    tap.equal(server.request("GET", "me", token=token).status, 200, "other sessions live on")

    # Disabling a user ends its sessions and its logins.
    rep2 = server.login("rep2").json["token"]
    result = server.cli("user", "disable", "rep2")
    tap.equal(result.returncode, 0, "user disable runs next to a live server")
    tap.equal(server.request("GET", "me", token=rep2).status, 401, "a disabled user's token: 401")
    tap.equal(server.login("rep2").status, 401, "a disabled user cannot log in")
    users = {u["name"]: u for u in server.request("GET", "users", token=token).json["records"]}
    tap.equal(users["rep2"]["active"], False, "the user record says inactive")
    listing = server.cli("user", "list").stdout
    tap.ok("rep2\trep" in listing and "disabled" in listing, "user list shows it", listing)

    # Disabling revokes for good: enabling again needs a new login, whether
    # the user was disabled by REST, by a push or by the command line.
    def live_tokens(user_id):
        return int(server.query(f"SELECT count(*) FROM tokens WHERE user_id = '{user_id}'")[0][0])

    users = {u["name"]: u for u in server.request("GET", "users", token=token).json["records"]}
    server.request("PATCH", f"users/{users['rep2']['id']}", {"active": True}, token=token)
    rep2_id = users["rep2"]["id"]
    tap.equal(server.request("GET", "me", token=rep2).status, 401,
              "user disable, then enabled again: the old token stays revoked")

    def set_active(how, user_id, active):
        if how == "REST":
            return server.request("PATCH", f"users/{user_id}", {"active": active}, token=token).status == 200
        version = server.request("GET", f"users/{user_id}", token=token).json["version"]
        result = server.push(token, op("user", user_id, "update", version, {"active": (not active, active)}))
        return result.json["results"][0]["status"] == "applied"

    for how in ("REST", "push"):
        old = server.login("rep2").json["token"]
        tap.ok(set_active(how, rep2_id, False), f"disabled by {how}")
        tap.equal(server.request("GET", "me", token=old).status, 401, f"disabled by {how}: its token is refused")
        tap.equal(live_tokens(rep2_id), 0, f"disabled by {how}: its tokens are gone from the database")
        tap.ok(set_active(how, rep2_id, True), f"enabled again by {how}")
        tap.equal(server.request("GET", "me", token=old).status, 401,
                  f"disabled and enabled again by {how}: the old token stays revoked")
        fresh = server.login("rep2")
        tap.ok(fresh.status == 200 and server.request("GET", "me", token=fresh.json["token"]).status == 200,
               f"enabled again by {how}: a new login works", fresh)

    # Deleting a user revokes for good too, also when it is restored.
    old = server.login("rep2").json["token"]
    tap.equal(server.request("DELETE", f"users/{rep2_id}", token=token).status, 204, "a user deleted")
    tap.equal(live_tokens(rep2_id), 0, "a deleted user's tokens are gone from the database")
    result = server.push(token, op("user", rep2_id, "create", 0, {"name": (None, "rep2"), "role": (None, "rep"),
                                                                   "active": (None, True)}))
    tap.equal(result.json["results"][0]["status"], "applied", "and restored by a pushed create")
    tap.equal(server.request("GET", "me", token=old).status, 401,
              "deleted and restored: the old token stays revoked")
    tap.equal(server.login("rep2").status, 200, "deleted and restored: a new login works")

    # A new password replaces the old one.
    rep_token = server.login("rep").json["token"]
    server.cli("user", "passwd", "rep", "--password-stdin", input="another-long-secret\n")
    tap.equal(server.request("GET", "me", token=rep_token).status, 401, "a new password ends old sessions")
    tap.equal(server.login("rep").status, 401, "the old password no longer works")
    tap.equal(server.login("rep", "another-long-secret").status, 200, "the new one does")

    # Concurrent logins all succeed, two hashes at a time.
    results = []

    def login_once():
        results.append(server.login("manager").status)

    threads = [threading.Thread(target=login_once) for _ in range(6)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"# six concurrent logins took {(time.monotonic() - started) * 1000:.0f} ms", flush=True)
    tap.equal(results, [200] * 6, "six concurrent logins all succeed")
    tap.equal(server.request("GET", "me", token=token).status, 200,
              "the server answers while it hashes")

    # Failed logins are limited per user name...
    statuses = [server.request("POST", "auth/login", {"user": "manager", "password": f"guess{i}"}).status
                for i in range(5)]
    tap.equal(statuses, [401] * 5, "five wrong passwords: 401 each")
    response = server.request("POST", "auth/login", {"user": "manager", "password": "guess6"})
    tap.ok(response.status == 429 and response.error_code() == "rate_limited", "the sixth: 429", response)
    retry = response.headers.get("retry-after", "")
    tap.ok(retry.isdigit() and 0 < int(retry) <= 300, "with Retry-After in seconds", retry)
    tap.equal(server.login("manager").status, 429, "even the right password waits")
    tap.equal(server.login("admin").status, 200, "other names still log in")

    # ...and per client address.
    statuses = [server.request("POST", "auth/login", {"user": f"spray{i}", "password": "x"}).status
                for i in range(30)]
    tap.ok(statuses.count(429) >= 1 and set(statuses) <= {401, 429},
           "sprayed names from one address end in 429", statuses)
    response = server.login("admin")
    tap.equal(response.status, 429, "then that address waits, whatever the name")
    tap.ok(server.alive(), "the server is fine")
finally:
    server.close()
tap.done()
