#!/usr/bin/env python3
"""The login rate limits hold under concurrency: logins arriving together
are counted before their passwords are checked, so no more passwords are
checked than the limits allow (5 per name, 30 per address in 300 s), the
rest get 429 with Retry-After, and right passwords arriving together still
all get in. The counts live in the database: a restart keeps them, and on
PostgreSQL two processes on one database share the limits."""

import http.client
import json
import threading
import time

from rapport_server_test import BACKEND, PASSWORD, Server, Tap

CONCURRENT = 80

tap = Tap()


def login_together(server, bodies):
    """Sends every login at once, one connection each; returns (status,
    Retry-After) per login. The connections are opened first, one by one,
    so that the listen backlog is not what the test measures."""
    barrier = threading.Barrier(len(bodies))
    results = [None] * len(bodies)
    connections = []
    for _ in bodies:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=50)
        connection.connect()
        connections.append(connection)
        time.sleep(0.005)

    def send(index):
        connection = connections[index]
        try:
            barrier.wait(timeout=30)
            connection.request("POST", "/api/v1/auth/login", body=json.dumps(bodies[index]).encode(),
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            results[index] = (response.status, response.getheader("Retry-After"))
        except (OSError, threading.BrokenBarrierError) as error:
            results[index] = (repr(error), None)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=55)
    print(f"# {len(bodies)} logins at once took {(time.monotonic() - started) * 1000:.0f} ms", flush=True)
    return results


def check_limited(results, limit, label):
    statuses = [status for status, _ in results]
    checked = statuses.count(401)
    print(f"# {label}: {checked} passwords checked, {statuses.count(429)} refused", flush=True)
    tap.ok(set(statuses) <= {401, 429}, f"{label}: every answer is 401 or 429",
           sorted(set(map(str, statuses))))
    tap.ok(1 <= checked <= limit, f"{label}: at most {limit} passwords checked", checked)
    retries = [retry for status, retry in results if status == 429]
    tap.ok(len(retries) == len(results) - checked and
           all(retry is not None and retry.isdigit() and 0 < int(retry) <= 300 for retry in retries),
           f"{label}: every 429 has Retry-After in seconds", retries[:5])


# The connection cap per address is not under test here: lift it so that
# all the logins are in flight together.
UNCAPPED = ["--max-connections-per-address", "256"]

server = Server(extra_args=UNCAPPED, users={"manager": "manager", "rep": "rep"})
try:
    # Right passwords arriving together, more than the per-name limit, all
    # get in: a login waits for the checks in flight, it is not refused.
    results = login_together(server, [{"user": "rep", "password": PASSWORD}] * 12)
    tap.equal([status for status, _ in results], [200] * 12, "12 right logins at once: all 200")

    # Wrong passwords for one name.
    results = login_together(server, [{"user": "manager", "password": f"guess-{i}"}
                                      for i in range(CONCURRENT)])
    check_limited(results, 5, f"{CONCURRENT} wrong logins at once for one name")
    tap.equal(server.login("manager").status, 429, "then even the right password waits")
    server.restart()
    tap.equal(server.login("manager").status, 429, "also after a restart: the database keeps the count")
    tap.equal(server.login("rep").status, 200, "other names still log in")
    tap.ok(server.alive(), "the server is fine")
finally:
    server.close()

server = Server(extra_args=UNCAPPED, users={"manager": "manager"})
try:
    # Wrong logins from one address, each for another name.
    results = login_together(server, [{"user": f"spray-{i}", "password": "x"} for i in range(CONCURRENT)])
    check_limited(results, 30, f"{CONCURRENT} wrong logins at once from one address")
    tap.equal(server.login("manager").status, 429, "then that address waits, whatever the name")
    tap.ok(server.alive(), "the server is fine")
finally:
    server.close()

# Several processes on one PostgreSQL database count failures together:
# N processes do not allow N times the attempts.
if BACKEND == "postgresql":
    first = Server(users={"manager": "manager", "rep": "rep"})
    second = Server(users={}, database=first.database)
    both = (first, second)
    try:
        def wrong(server, name, guess):
            return server.request("POST", "auth/login", {"user": name, "password": guess})

        statuses = [wrong(both[i % 2], "manager", f"guess-{i}").status for i in range(5)]
        tap.equal(statuses, [401] * 5, "5 wrong passwords, alternating between 2 processes: 401 each")
        for n, server in enumerate(both):
            response = wrong(server, "manager", "guess-6")
            retry = response.headers.get("retry-after", "")
            tap.ok(response.status == 429 and response.error_code() == "rate_limited"
                   and retry.isdigit() and 0 < int(retry) <= 300,
                   f"the 6th on process {n + 1}: 429 with Retry-After", (response, retry))
        tap.equal(second.login("manager").status, 429, "the right password waits too, on either process")

        # A right password clears the name's failures on every process.
        statuses = [wrong(both[i % 2], "rep", f"guess-{i}").status for i in range(4)]
        tap.equal(statuses, [401] * 4, "4 wrong passwords for another name, spread across both")
        tap.equal(first.login("rep").status, 200, "then the right one on process 1: 200")
        statuses = [wrong(both[i % 2], "rep", f"again-{i}").status for i in range(4)]
        tap.equal(statuses, [401] * 4, "which cleared them: 4 more wrong ones are checked, not refused")
        tap.equal(second.login("rep").status, 200, "and the right one still gets in on process 2")
    finally:
        second.close()
        first.close()
tap.done()
