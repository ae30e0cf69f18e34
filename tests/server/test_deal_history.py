#!/usr/bin/env python3
"""A deal's history and forecast category (SPEC.md §2.3): every accepted write
that changes the stage, amount, currency, expected close, owner, status or
forecast category adds a deal_stage_event, written by the server alone; a
manual forecast category survives a stage change; a close date moved into a
later month is counted; two conflicting offline moves both stay, the loser
superseded; a deleted stage keeps its name in the history."""

import datetime
import uuid

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    tokens = server.login_all()
    token = tokens["admin"]

    def create(table, body, who=token):
        response = server.request("POST", table, body, token=who)
        assert response.status == 201, response
        return response.json["id"]

    def patch(deal_id, body, who=token):
        response = server.request("PATCH", f"deals/{deal_id}", body, token=who)
        assert response.status == 200, response
        return response.json

    def events(deal_id):
        rows, after = [], None
        while True:
            path = "deal_stage_events?limit=500" + (f"&after={after}" if after else "")
            page = server.request("GET", path, token=token).json
            rows += page["records"] if isinstance(page, dict) else page
            items = page["records"] if isinstance(page, dict) else page
            if len(items) < 500:
                break
            after = items[-1]["id"]
        return sorted((e for e in rows if e["deal_id"] == deal_id),
                      key=lambda e: (e["server_time"], e["id"]))

    pipeline = create("pipelines", {"name": "Sales", "position": 0})
    lead = create("stages", {"pipeline_id": pipeline, "name": "Lead", "position": 0,
                             "probability": 10})
    proposal = create("stages", {"pipeline_id": pipeline, "name": "Proposal", "position": 1,
                                 "probability": 50, "forecast_category": "best_case",
                                 "rotten_days": 14})
    won = create("stages", {"pipeline_id": pipeline, "name": "Won", "position": 2, "kind": "won",
                            "probability": 100})

    deal_id = create("deals", {"title": "Forty desks", "stage_id": lead, "amount": 400000,
                               "currency": "CNY", "expected_close": "2026-03-10"})
    deal = server.request("GET", f"deals/{deal_id}", token=token).json
    tap.equal((deal["forecast_category"], deal["forecast_category_manual"],
               deal["close_date_push_count"]), ("pipeline", False, 0),
              "a new deal takes its stage's category (none set: pipeline), not by hand, never pushed")
    history = events(deal_id)
    tap.equal(len(history), 1, "creating a deal writes one event")
    first = history[0]
    tap.equal((first["from_stage_id"], first["to_stage_id"], first["to_stage_name"],
               first["to_stage_position"], first["status"], first["amount"], first["currency"],
               first["probability"], first["forecast_category"]),
              (None, lead, "Lead", 0, "open", 400000, "CNY", 10, "pipeline"),
              "the creation event holds the stage, its name and position, amount and probability")
    tap.ok(first["client_time"] is None and first["server_time"] == first["occurred_at"],
           "a REST write has no client time; it occurred when the server took it", first)
    users = server.request("GET", "users?limit=100", token=token).json
    users = users["records"] if isinstance(users, dict) else users
    tap.equal(first["user_id"], next(u["id"] for u in users if u["name"] == "admin"),
              "the event says who wrote")

    deal = patch(deal_id, {"stage_id": proposal})
    tap.equal(deal["forecast_category"], "best_case", "a stage change takes the stage's category")
    move = events(deal_id)[-1]
    tap.equal((move["from_stage_id"], move["from_stage_name"], move["to_stage_id"],
               move["to_stage_name"], move["probability"]),
              (lead, "Lead", proposal, "Proposal", 50), "a move records where from and where to")

    deal = patch(deal_id, {"forecast_category": "commit"})
    tap.equal((deal["forecast_category"], deal["forecast_category_manual"]), ("commit", True),
              "a category the rep picks is a manual pick")
    deal = patch(deal_id, {"stage_id": lead})
    tap.equal((deal["forecast_category"], deal["forecast_category_manual"]), ("commit", True),
              "a manual pick survives a stage change (HubSpot's auto-map overwrote it)")
    deal = patch(deal_id, {"forecast_category_manual": False})
    tap.equal((deal["forecast_category"], deal["forecast_category_manual"]), ("pipeline", False),
              "clearing the pick hands the deal back to its stage's category")

    count = len(events(deal_id))
    patch(deal_id, {"title": "Forty-two desks"})
    tap.equal(len(events(deal_id)), count, "a write that changes no tracked field writes no event")

    deal = patch(deal_id, {"expected_close": "2026-03-25"})
    tap.equal(deal["close_date_push_count"], 0, "a close date moved within its month is no slip")
    deal = patch(deal_id, {"expected_close": "2026-04-02"})
    tap.equal(deal["close_date_push_count"], 1, "a close date moved into a later month counts")
    deal = patch(deal_id, {"expected_close": "2026-02-20", "close_date_push_count": 0})
    tap.equal(deal["close_date_push_count"], 1,
              "moving it earlier counts nothing, and the count is not the client's to set")
    slip = events(deal_id)[-1]
    tap.ok('"expected_close"' in slip["changes"] and "2026-04-02" in slip["changes"],
           "the event keeps the old and new close dates", slip["changes"])

    # Events are the server's: refused for everyone, REST and push.
    event_id = slip["id"]
    refused = [server.request("POST", "deal_stage_events", {"deal_id": deal_id}, token=token).status,
               server.request("PATCH", f"deal_stage_events/{event_id}", {"superseded": True},
                              token=token).status,
               server.request("DELETE", f"deal_stage_events/{event_id}", token=token).status]
    tap.equal(refused, [403, 403, 403], "nobody, not even an admin, writes or deletes history")
    pushed = server.push(token, op("deal_stage_event", new_id(), "create", 0,
                                   {"deal_id": (None, deal_id)}))
    tap.equal((pushed.json["results"][0]["status"], pushed.json["results"][0]["error"]["code"]),
              ("rejected", "forbidden"), "a pushed event is rejected")

    # A pushed op's client time is the time in its UUIDv7 op_id.
    deal = server.request("GET", f"deals/{deal_id}", token=token).json
    stamp = datetime.datetime(2026, 1, 5, 8, 30, 0, tzinfo=datetime.timezone.utc)
    raw = bytearray(uuid.UUID(new_id()).bytes)
    raw[0:6] = int(stamp.timestamp() * 1000).to_bytes(6, "big")
    op_id = str(uuid.UUID(bytes=bytes(raw)))
    result = server.push(token, op("deal", deal_id, "update", deal["version"],
                                   {"amount": (400000, 450000)}, op_id=op_id))
    tap.equal(result.json["results"][0]["status"], "applied", "an offline amount change is taken")
    offline = events(deal_id)[-1]
    tap.equal((offline["client_time"], offline["occurred_at"], offline["amount"]),
              ("2026-01-05T08:30:00Z", "2026-01-05T08:30:00Z", 450000),
              "its event holds the device's time, and occurred then")

    # Two reps move the same deal offline from the same version.
    deal = server.request("GET", f"deals/{deal_id}", token=token).json
    base = deal["version"]
    first = server.push(tokens["manager"], op("deal", deal_id, "update", base,
                                              {"stage_id": (lead, proposal)}))
    second = server.push(token, op("deal", deal_id, "update", base,
                                   {"stage_id": (lead, won)}))
    tap.equal((first.json["results"][0]["status"], second.json["results"][0]["status"]),
              ("applied", "conflict"), "the second offline move conflicts")
    last_two = events(deal_id)[-2:]
    tap.equal([(e["to_stage_id"], e["superseded"]) for e in last_two],
              [(proposal, False), (won, True)],
              "both moves stay in the history; the one that lost the merge is superseded")
    deal = server.request("GET", f"deals/{deal_id}", token=token).json
    tap.equal(deal["stage_id"], proposal, "the deal is where the move that won put it")

    # A deleted stage keeps its name in the history.
    patch(deal_id, {"stage_id": lead})
    response = server.request("DELETE", f"stages/{proposal}", token=token)
    tap.equal(response.status, 204, "a stage without deals can be deleted")
    moved = events(deal_id)
    tap.ok(any(e["to_stage_name"] == "Proposal" for e in moved),
           "after the stage is deleted, its events still name it")

    deal = patch(deal_id, {"stage_id": won})
    tap.equal((deal["status"], deal["forecast_category"], deal["forecast_category_manual"]),
              ("won", "closed", False), "a won deal is closed, whatever was picked")
finally:
    server.close()
tap.done()
