#!/usr/bin/env python3
"""Soak: slowloris, idle connections and a heavy pusher at once, while an
ordinary client keeps asking GET /me; its p99 must stay under 100 ms, or
under ten times its own p99 measured just before on a quiet server when the
machine is that busy, and every one of its requests must be answered. The server runs with the
service unit's limit of 1,024 open files and default options. Bounded: the
attack lasts SOAK_SECONDS, everything stops by itself, loopback only (the
attackers use their own 127.0.0.x source addresses)."""

import http.client
import multiprocessing
import os
import resource
import selectors
import socket
import statistics
import time

from rapport_server_test import Server, Tap, new_id, op

SOAK_SECONDS = float(os.environ.get("RAPPORT_SOAK_SECONDS", "30"))
HOST = "127.0.0.1"


def slowloris(port, stop_at, count=300):
    """@count connections, each sending one more header byte every 2 s and
    reconnecting when dropped."""
    socks = {}
    next_byte = 0.0

    def open_one(i):
        try:
            sock = socket.create_connection((HOST, port), timeout=2, source_address=("127.0.0.2", 0))
            sock.setblocking(False)
            sock.send(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            socks[i] = sock
        except OSError:
            socks.pop(i, None)

    for i in range(count):
        open_one(i)
    while time.monotonic() < stop_at:
        if time.monotonic() >= next_byte:
            next_byte = time.monotonic() + 2
            for i in range(count):
                sock = socks.get(i)
                try:
                    if sock is None:
                        raise OSError
                    sock.send(b"a")
                except OSError:
                    if sock is not None:
                        sock.close()
                    open_one(i)
        time.sleep(0.1)
    for sock in socks.values():
        sock.close()


def idlers(port, stop_at, count=1000):
    """@count connections that never send a byte, reopened when closed."""
    selector = selectors.DefaultSelector()
    opened = 0

    def open_one():
        try:
            sock = socket.create_connection((HOST, port), timeout=2, source_address=("127.0.0.3", 0))
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
            return 1
        except OSError:
            return 0

    while time.monotonic() < stop_at:
        while opened < count and time.monotonic() < stop_at:
            opened += open_one()
            if opened % 50 == 0:
                break
        for key, _ in selector.select(timeout=0.05):
            try:
                data = key.fileobj.recv(4096)
            except OSError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                key.fileobj.close()
                opened -= 1
    for key in list(selector.get_map().values()):
        key.fileobj.close()


def pusher(port, token, stop_at):
    """Pushes of 500 ops with 15 kB of notes each (7.5 MB), back to back."""
    import json
    pushes = 0
    while time.monotonic() < stop_at:
        ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"Soak {i}"), "notes": (None, "s" * 15000)})
               for i in range(500)]
        body = json.dumps({"ops": ops}).encode()
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=60, source_address=("127.0.0.4", 0))
            connection.request("POST", "/api/v1/push", body=body,
                               headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            connection.getresponse().read()
            connection.close()
            pushes += 1
        except OSError:
            time.sleep(0.1)
    print(f"# heavy pusher: {pushes} pushes of 7.5 MB", flush=True)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def ask_me_until(port, token, until):
    """GET /me every 20 ms until @until, as an ordinary client does; returns
    each request's latency in seconds and what went wrong."""
    latencies = []
    failures = []
    connection = None
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
            connection.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failures.append(response.status)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            failures.append(repr(error))
            connection = None
        latencies.append(time.monotonic() - started)
        time.sleep(0.02)
    if connection is not None:
        connection.close()
    return latencies, failures


tap = Tap()
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
try:
    server = Server(users={"rep": "rep", "rep2": "rep"})
finally:
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
try:
    tokens = {name: server.login(name).json["token"] for name in ("rep", "rep2")}
    quiet, quiet_failures = ask_me_until(server.port, tokens["rep"], time.monotonic() + 2.0)
    quiet_p99 = percentile(quiet, 0.99) * 1000
    print(f"# quiet server: {len(quiet)} requests, p99 {quiet_p99:.1f} ms", flush=True)
    tap.equal(quiet_failures, [], "the quiet server answers every request with 200")
    stop_at = time.monotonic() + SOAK_SECONDS
    attackers = [multiprocessing.Process(target=slowloris, args=(server.port, stop_at)),
                 multiprocessing.Process(target=idlers, args=(server.port, stop_at)),
                 multiprocessing.Process(target=pusher, args=(server.port, tokens["rep2"], stop_at))]
    for process in attackers:
        process.start()
    time.sleep(min(3.0, SOAK_SECONDS / 4))

    latencies, failures = ask_me_until(server.port, tokens["rep"], stop_at - 0.5)
    for process in attackers:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()

    p50 = percentile(latencies, 0.5) * 1000
    p99 = percentile(latencies, 0.99) * 1000
    print(f"# ordinary client: {len(latencies)} requests, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms, {len(failures)} failed", flush=True)
    tap.ok(len(latencies) > SOAK_SECONDS * 5, "the ordinary client made its requests", len(latencies))
    tap.equal(failures[:5], [], "every request of the ordinary client was answered with 200")
    # A busy machine slows every request alike; the attack must not slow the
    # ordinary client beyond that.
    bound = max(100.0, 10 * quiet_p99)
    tap.ok(p99 < bound, f"its p99 stays under {bound:.0f} ms",
           f"p99 {p99:.1f} ms, p50 {p50:.1f} ms, quiet p99 {quiet_p99:.1f} ms")
    tap.ok(server.alive(), "the server is still running")
    fds = len(os.listdir(f"/proc/{server.process.pid}/fd"))
    tap.ok(fds < 300, "the server holds no more connections than its cap", f"{fds} fds")
    tap.equal(server.request("GET", "me", token=tokens["rep"]).status, 200, "and still answers afterwards")
finally:
    server.close()
tap.done()
