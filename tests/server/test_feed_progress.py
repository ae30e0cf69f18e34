#!/usr/bin/env python3
"""The changes feed says how much is left after each page, so that a client
can show "Receiving 1,200 of 3,000" during a pull."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    token = tokens["manager"]
    # What the book holds before this test: the users made at start.
    before = server.request("GET", "changes?since=0&limit=1000", token=token).json
    existing = len(before["changes"])
    tap.ok(not before["more"], "the starting book fits one page")
    tap.equal(before.get("remaining"), 0, "the last page says nothing remains")

    for start in range(0, 300, 100):
        ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"P{n}")})
               for n in range(start, start + 100)]
        tap.equal(server.push(token, *ops).status, 200, f"push contacts {start}–{start + 99}")
    total = existing + 300

    # One record changed again moves to the end of the feed: still one change.
    first = server.request("GET", "contacts?limit=1", token=token).json["records"][0]
    server.request("PATCH", f"contacts/{first['id']}", {"title": "CTO"}, token=token)

    cursor, received, pages = "0", 0, 0
    remaining_seen = []
    headers_agree = True
    while pages < 20:
        response = server.request("GET", f"changes?since={cursor}&limit=70", token=token)
        page = response.json
        pages += 1
        # A client asks for the next page from the headers, before the body.
        headers_agree &= (response.headers.get("rapport-cursor") == page["cursor"] and
                          response.headers.get("rapport-more") == ("true" if page["more"] else "false"))
        received += len(page["changes"])
        remaining_seen.append(page.get("remaining"))
        if pages == 1:
            tap.equal(page.get("remaining"), total - 70, "the first page counts what follows it")
        if not page["more"]:
            break
        cursor = page["cursor"]
    tap.equal(received, total, "the pages bring every change once")
    tap.ok(headers_agree, "each page's Rapport-Cursor and Rapport-More headers are its cursor and more")
    tap.equal(remaining_seen[-1], 0, "the last page says nothing remains")
    tap.ok(all(isinstance(n, int) for n in remaining_seen) and
           all(a - b == 70 for a, b in zip(remaining_seen, remaining_seen[1:-1])),
           "each full page takes its size off what remains", remaining_seen)
    # The counts stay exact when the book changes during a walk: the truth
    # is what a walk from the same cursor receives now.
    def left_after(cursor):
        n, more = 0, True
        while more:
            page = server.request("GET", f"changes?since={cursor}&limit=1000", token=token).json
            n += len(page["changes"])
            cursor, more = page["cursor"], page["more"]
        return n

    def page_at(cursor, limit=50):
        return server.request("GET", f"changes?since={cursor}&limit={limit}", token=token).json

    walk = [page_at("0")]
    walk.append(page_at(walk[-1]["cursor"]))
    tap.equal(walk[-1]["remaining"], left_after(walk[-1]["cursor"]), "an unchanged book: exact")
    # New records while a client walks: they are still to come.
    ops = [op("contact", new_id(), "create", 0, {"first_name": (None, f"Q{n}")}) for n in range(7)]
    tap.equal(server.push(token, *ops).status, 200, "push 7 contacts during the walk")
    walk.append(page_at(walk[-1]["cursor"]))
    tap.equal(walk[-1]["remaining"], left_after(walk[-1]["cursor"]),
              "records pushed during a walk are counted")
    # A record the walk had sent, changed: it comes again at the end.
    sent = walk[0]["changes"][3]
    if sent["entity"] == "contact" and not sent.get("deleted"):
        server.request("PATCH", f"contacts/{sent['id']}", {"title": "Buyer"}, token=token)
    else:
        server.push(token, op("contact", new_id(), "create", 0, {"first_name": (None, "R")}))
    walk.append(page_at(walk[-1]["cursor"]))
    tap.equal(walk[-1]["remaining"], left_after(walk[-1]["cursor"]),
              "a sent record changed during a walk is counted again")
    # A second client walking meanwhile, and a page asked for again.
    other = [page_at("0", 90), page_at("0", 130)]
    again = page_at(walk[1]["cursor"])
    tap.equal(again["remaining"], left_after(again["cursor"]), "a page asked for again: exact")
    tap.ok(all(p["remaining"] == left_after(p["cursor"]) for p in other),
           "another client's pages, between ours: exact")
    walk.append(page_at(walk[-1]["cursor"]))
    tap.equal(walk[-1]["remaining"], left_after(walk[-1]["cursor"]), "the walk goes on: exact")
    # Another process writes into the same file while the server runs: a
    # user added from the command line is a record of the feed.
    server.cli("user", "add", "late", "--role", "rep", "--password-stdin", input="late password\n")
    walk.append(page_at(walk[-1]["cursor"]))
    tap.equal(walk[-1]["remaining"], left_after(walk[-1]["cursor"]),
              "records another process wrote into the database are counted")
finally:
    server.close()
tap.done()
