#!/usr/bin/env python3
"""A deal made without a stage (REST or push) lands in the default pipeline's
first stage of its status, and its status follows the stage it is put in."""

from rapport_server_test import Server, Tap, new_id, op

tap = Tap()
server = Server()
try:
    token = server.login_all()["admin"]

    def create(table, body):
        response = server.request("POST", table, body, token=token)
        assert response.status == 201, response
        return response.json["id"]

    # Made out of order: the positions decide, not the ids.
    later = create("pipelines", {"name": "After-sales", "position": 1})
    main = create("pipelines", {"name": "Sales", "position": 0})
    won = create("stages", {"pipeline_id": main, "name": "Won", "position": 2, "kind": "won"})
    proposal = create("stages", {"pipeline_id": main, "name": "Proposal", "position": 1})
    lead = create("stages", {"pipeline_id": main, "name": "Lead", "position": 0})
    create("stages", {"pipeline_id": later, "name": "Renewal", "position": 0})

    def stored(deal_id):
        return server.request("GET", f"deals/{deal_id}", token=token).json

    deal = stored(create("deals", {"title": "Plain"}))
    tap.equal((deal["pipeline_id"], deal["stage_id"], deal["status"]), (main, lead, "open"),
              "REST: a new deal without a stage is in the first open stage of the default pipeline")

    deal = stored(create("deals", {"title": "Signed", "status": "won"}))
    tap.equal((deal["stage_id"], deal["status"]), (won, "won"),
              "REST: a new won deal is in the default pipeline's won stage")

    deal = stored(create("deals", {"title": "Given", "stage_id": proposal, "status": "lost"}))
    tap.equal((deal["pipeline_id"], deal["stage_id"], deal["status"]), (main, proposal, "open"),
              "REST: a deal made in a stage has that stage's pipeline and status")

    deal_id = new_id()
    response = server.push(token, op("deal", deal_id, "create", 0, {"title": (None, "Pushed")}))
    tap.equal(response.json["results"][0]["status"], "applied", "push: the deal is made")
    deal = stored(deal_id)
    tap.equal((deal["stage_id"], deal["status"]), (lead, "open"),
              "push: a new deal without a stage is placed too")
finally:
    server.close()
tap.done()
