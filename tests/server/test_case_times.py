#!/usr/bin/env python3
"""A case's resolved and closed times are recorded by the same core rule
whoever changes its status: a REST write that does not say when gets the
server's time, a push keeps the time the client stamped (an offline edit),
and reopening clears both."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    token = server.login_all()["admin"]

    def patch(case_id, body):
        current = server.request("GET", f"cases/{case_id}", token=token)
        response = server.request("PATCH", f"cases/{case_id}", body, token=token,
                                  headers={"If-Match": current.headers.get("etag", "")})
        tap.equal(response.status, 200, f"PATCH {body} is accepted")
        return server.request("GET", f"cases/{case_id}", token=token).json

    response = server.request("POST", "cases", {"subject": "Printer jams"}, token=token)
    assert response.status == 201, response
    case_id = response.json["id"]
    tap.equal((response.json.get("resolved_at"), response.json.get("closed_at")), (None, None),
              "a new case is neither resolved nor closed")

    case = patch(case_id, {"status": "resolved"})
    tap.ok(case.get("resolved_at") is not None and case.get("closed_at") is None,
           "REST: resolving records when", case)
    resolved_at = case.get("resolved_at")

    case = patch(case_id, {"status": "closed"})
    tap.equal(case.get("resolved_at"), resolved_at, "closing keeps the resolved time")
    tap.ok(case.get("closed_at") is not None, "REST: closing records when", case)

    case = patch(case_id, {"status": "open"})
    tap.equal((case.get("resolved_at"), case.get("closed_at")), (None, None),
              "reopening clears both times")

    response = server.request("POST", "cases", {"subject": "Fax", "status": "closed"}, token=token)
    tap.ok(response.json.get("resolved_at") is not None and response.json.get("closed_at") is not None,
           "a case made closed is resolved and closed", response.json)

    pushed = new_id()
    server.push(token, op("case", pushed, "create", 0, {"subject": (None, "Offline")}))
    response = server.push(token, op("case", pushed, "update", 1, {
        "status": ("new", "resolved"), "resolved_at": (None, "2026-12-01T09:30:00Z")}))
    tap.equal(response.json["results"][0]["status"], "applied", "push: resolving is applied")
    case = server.request("GET", f"cases/{pushed}", token=token).json
    tap.equal(case.get("resolved_at"), "2026-12-01T09:30:00Z",
              "push: the time the client stamped offline is kept")
finally:
    server.close()
tap.done()
