"""Raw-socket checks of how rapport-server treats connections: strict request
heads (400/411/414/431), keep-alive, the head deadline, the caps with idle
connections evicted, refusals closed at once, the write deadline and one
push in flight per user. Used by test_bad_input.py and test_soak.py."""

import json
import os
import socket
import threading
import time

from rapport_server_test import Server, new_id, op

HOST = "127.0.0.1"


def connect(port, source="127.0.0.1", timeout=5):
    return socket.create_connection((HOST, port), timeout=timeout, source_address=(source, 0))


def read_response(sock):
    """One HTTP response from @sock: (status, headers, body, None), or None
    at EOF; bytes after it are kept for the next call."""
    data = _leftover.pop(sock.fileno(), b"")
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, value = line.split(":", 1)
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    if rest[length:]:
        _leftover[sock.fileno()] = rest[length:]
    return status, headers, rest[:length], None


_leftover = {}


def closed_within(sock, seconds):
    """Does the server close @sock (EOF or reset) within @seconds, reading
    and discarding whatever comes first?"""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            if not sock.recv(65536):
                return True
    except socket.timeout:
        return False
    except OSError:
        return True
    return False


def exchange(port, raw, timeout=5):
    """Sends @raw, returns (response, seconds until the server closed or None)."""
    started = time.monotonic()
    with connect(port, timeout=timeout) as sock:
        try:
            sock.sendall(raw)
        except OSError:
            pass
        try:
            response = read_response(sock)
        except OSError:
            response = None
        closed = closed_within(sock, timeout)
    return response, (time.monotonic() - started) if closed else None


def error_code(response):
    try:
        return json.loads(response[2])["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None


def server_fds(server):
    return len(os.listdir(f"/proc/{server.process.pid}/fd"))


def check_heads(tap, server, token):
    """Malformed heads get their 4xx at once, as JSON, and change nothing."""
    body = b'{"first_name": "Head"}'
    before = server.request("GET", "contacts?limit=1000", token=token).json["records"]

    def post(*headers, length=None):
        lines = [b"POST /api/v1/contacts HTTP/1.1", b"Host: x", b"Content-Type: application/json",
                 b"Authorization: Bearer " + token.encode()]
        if length is not None:
            lines.append(b"Content-Length: " + length)
        return b"\r\n".join(lines + list(headers)) + b"\r\n\r\n" + body

    get = b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n"
    cases = [
        ("Content-Length +22", post(length=b"+22"), 400),
        ("Content-Length -1", post(length=b"-1"), 400),
        ("Content-Length 0x16", post(length=b"0x16"), 400),
        ("Content-Length 22.0", post(length=b"22.0"), 400),
        ("Content-Length '22 22'", post(length=b"22 22"), 400),
        ("Content-Length empty", post(length=b""), 400),
        ("Content-Length of 20 digits", post(length=b"9" * 20), 400),
        ("two different Content-Lengths", post(b"Content-Length: 5", length=b"22"), 400),
        ("a header line without a colon", post(b"X-Note value", length=b"22"), 400),
        ("a space in a header name", post(b"X Note: value", length=b"22"), 400),
        ("a space before the colon", post(b"X-Note : value", length=b"22"), 400),
        ("a folded header line", post(b"X-Note: a", b" folded", length=b"22"), 400),
        ("a bare CR in a value", post(b"X-Note: a\rb", length=b"22"), 400),
        ("a NUL in a value", post(b"X-Note: a\x00b", length=b"22"), 400),
        ("Transfer-Encoding gzip", post(b"Transfer-Encoding: gzip", length=b"22"), 411),
        ("a request line of two parts", b"GET /api/v1/me\r\nHost: x\r\n\r\n", 400),
        ("a request line of four parts", b"GET /api/v1/me HTTP/1.1 x\r\nHost: x\r\n\r\n", 400),
        ("HTTP/2.0 in the request line", b"GET /api/v1/me HTTP/2.0\r\nHost: x\r\n\r\n", 400),
        ("two spaces in the request line", b"GET  /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("raw UTF-8 in the target", "GET /api/v1/contacts/é HTTP/1.1\r\nHost: x\r\n\r\n".encode(), 400),
        ("a 100 KB header", get + b"X-Big: " + b"a" * 100000 + b"\r\n\r\n", 431),
        ("200 header lines", get + b"".join(b"X-H%d: v\r\n" % i for i in range(200)) + b"\r\n", 431),
        ("a 100 KB query", b"GET /api/v1/me?q=" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("a 100 KB request line without an end", b"GET /" + b"a" * 100000, 414),
    ]
    for name, raw, status in cases:
        response, closed = exchange(server.port, raw)
        good = (response is not None and response[0] == status and error_code(response) is not None
                and response[1].get("connection") == "close" and closed is not None and closed < 3)
        tap.ok(good, f"{name}: {status} at once, then closed",
               f"got {response and response[:3]!r}, closed after {closed}")
    after = server.request("GET", "contacts?limit=1000", token=token).json["records"]
    tap.equal(len(after), len(before), "no malformed head created a contact")
    response, _ = exchange(server.port, post(b"Content-Length: 22", length=b"22"))
    tap.ok(response is not None and response[0] == 201, "the same Content-Length twice is fine", response)


def check_keep_alive(tap, server, token):
    auth = b"Authorization: Bearer " + token.encode() + b"\r\n"
    me = b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + auth + b"\r\n"
    with connect(server.port) as sock:
        statuses = []
        for _ in range(3):
            sock.sendall(me)
            response = read_response(sock)
            statuses.append(response and (response[0], response[1].get("connection")))
        tap.equal(statuses, [(200, None)] * 3, "three requests on one connection, kept alive")
        body = b'{"first_name": "Kept alive"}'
        sock.sendall(b"POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\n" + auth +
                     b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body + me)
        created = read_response(sock)
        after = read_response(sock)
        tap.ok(created is not None and created[0] == 201 and after is not None and after[0] == 200,
               "a POST with a body and a pipelined GET after it: both answered in order",
               (created, after))
    for name, raw in (("Connection: close", b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth + b"\r\n"),
                      ("HTTP/1.0", b"GET /api/v1/me HTTP/1.0\r\nHost: x\r\n" + auth + b"\r\n")):
        response, closed = exchange(server.port, raw)
        tap.ok(response is not None and response[0] == 200 and response[1].get("connection") == "close"
               and closed is not None and closed < 2, f"{name}: answered, then closed", (response, closed))


def check_head_deadline(tap, server, head_timeout):
    """One byte now and then keeps no connection open past the head deadline."""
    started = time.monotonic()
    sock = connect(server.port)
    sock.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    closed = None
    while time.monotonic() - started < head_timeout + 6:
        try:
            sock.sendall(b"a")
            sock.settimeout(0.25)
            if sock.recv(100) == b"":
                closed = time.monotonic() - started
                break
        except socket.timeout:
            continue
        except OSError:
            closed = time.monotonic() - started
            break
    sock.close()
    tap.ok(closed is not None and closed < head_timeout + 2.5,
           f"a head sent a byte at a time is cut off after the {head_timeout} s head deadline",
           f"closed after {closed}")


def busy(port, source, token=""):
    """A connection that sent a head and part of its body: libsoup has it."""
    sock = connect(port, source)
    sock.sendall(b"POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n{\"first")
    return sock


def check_caps(tap):
    capped = Server(extra_args=["--max-connections", "6", "--max-connections-per-address", "3",
                                "--idle-timeout", "3"], users={})
    try:
        baseline = server_fds(capped)
        idle = [connect(capped.port) for _ in range(40)]
        time.sleep(0.3)
        started = time.monotonic()
        response = capped.request("GET", "me", timeout=5)
        tap.ok(response.status == 401 and time.monotonic() - started < 1,
               "40 idle connections from one address do not lock that address out", response)
        held = server_fds(capped) - baseline
        tap.ok(held <= 4, "the server holds at most the per-address cap of them", f"{held} fds held")
        evicted = sum(closed_within(sock, 0.05) for sock in idle)
        tap.ok(evicted >= 37, "the others were closed at once", f"{evicted} of 40 closed")
        for sock in idle:
            sock.close()

        first = [busy(capped.port, "127.0.0.1") for _ in range(3)]
        time.sleep(0.3)
        response, closed = exchange(capped.port, b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n")
        tap.ok(response is not None and response[0] == 503 and error_code(response) == "unavailable"
               and response[1].get("retry-after") == "5" and closed is not None and closed < 1,
               "a fourth connection from a busy address: 503 with Retry-After, closed at once",
               (response, closed))
        sock = connect(capped.port, "127.0.0.2")
        sock.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n")
        response = read_response(sock)
        sock.close()
        tap.ok(response is not None and response[0] == 401, "another address is served meanwhile", response)
        second = [busy(capped.port, "127.0.0.2") for _ in range(3)]
        time.sleep(0.3)
        response, closed = exchange(capped.port, b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n")
        tap.ok(response is not None and response[0] == 503 and closed is not None and closed < 1,
               "with every connection busy, a new one: 503, closed at once", (response, closed))
        for sock in first + second:
            sock.close()
        time.sleep(0.3)
        tap.equal(capped.request("GET", "me").status, 401, "once they close, requests are served again")
    finally:
        capped.close()


def notes_push(token, count, size, server):
    ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"Big {i}"), "notes": (None, "n" * size)})
           for i in range(count)]
    return server.push(token, *ops)


def check_write_deadline(tap):
    """A client that reads an answer slower than --min-send-rate is dropped,
    even when it reads just fast enough to keep each write under the idle
    timeout."""
    slow = Server(extra_args=["--idle-timeout", "5", "--min-send-rate", "2000000"], users={"admin": "admin"})
    try:
        token = slow.login("admin").json["token"]
        for _ in range(2):
            notes_push(token, 40, 95000, slow)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sock.connect((HOST, slow.port))
        sock.sendall(b"GET /api/v1/changes?limit=1000 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                     + token.encode() + b"\r\n\r\n")
        started = time.monotonic()
        received = 0
        dropped = None
        # About 640 kB/s: each write goes out within the idle timeout, the
        # whole 7.6 MB would take 12 s; the deadline is 5 s + 7.6 MB / 2 MB/s.
        while time.monotonic() - started < 25:
            try:
                sock.settimeout(5)
                chunk = sock.recv(65536)
            except OSError:
                chunk = b""
            if not chunk:
                dropped = time.monotonic() - started
                break
            received += len(chunk)
            time.sleep(0.1)
        sock.close()
        tap.ok(dropped is not None and dropped < 12 and received < 7000000,
               "a reader slower than --min-send-rate is dropped at the write deadline",
               f"dropped after {dropped}, {received} bytes read")
        tap.equal(slow.request("GET", "me", token=token).status, 200, "the server still answers")
    finally:
        slow.close()


def check_one_push_per_user(tap, server, token, other):
    """A second push of the same user while one is applied: 429; others are
    answered meanwhile."""
    ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"Heavy {i}"), "notes": (None, "h" * 15000)})
           for i in range(500)]
    first = {}

    def push_first():
        first["response"] = server.push(token, *ops)

    thread = threading.Thread(target=push_first)
    thread.start()
    time.sleep(0.3)
    second = server.push(token, op("contact", new_id(), "create", 0, {"first_name": (None, "Second")}))
    slowest = 0.0
    while thread.is_alive():
        started = time.monotonic()
        server.request("GET", "me", token=other)
        slowest = max(slowest, time.monotonic() - started)
        time.sleep(0.02)
    thread.join()
    tap.ok(second.status == 429 and second.error_code() == "rate_limited"
           and second.headers.get("retry-after") == "1",
           "a second push of the same user while the first is applied: 429 with Retry-After", second)
    response = first.get("response")
    tap.ok(response is not None and response.status == 200
           and [r["status"] for r in response.json["results"]] == ["applied"] * 500,
           "the first push is applied in full", response)
    tap.ok(slowest < 0.5, "others are answered while it is applied", f"slowest GET /me: {slowest:.3f} s")


def connection_battery(tap, server, token, other_token=None):
    check_heads(tap, server, token)
    check_keep_alive(tap, server, token)
    check_head_deadline(tap, server, 2)
    check_caps(tap)
    check_write_deadline(tap)
    check_one_push_per_user(tap, server, token, other_token or token)
