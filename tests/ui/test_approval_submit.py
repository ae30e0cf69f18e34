#!/usr/bin/python3
"""A rep's quote above an approval rule's limit: its page says why approval
is needed, line by line, and by whom; the rep submits it with a comment,
and after a sync the quote is Pending Approval, as the server set it, with
who asked and a Recall button. Rejected by a manager, the strip says so
with the reason, and offers to submit again. The rule and the quote are made through
the server's REST API (the admin's rule, the rep's quote)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        rep, quote = a.seed(server)
        app = r.App(workdir, server=server, user='lucas.martin')
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        a.open_record(app, 'Quotes', a.QUOTE)

        # Why, in words, and by whom; the state is the server's: Draft.
        app.wait_label('Needs Approval')
        app.wait_label(a.REASON)
        app.wait_label('To be approved by a manager')
        assert not app.has_label('Line 2 discount 10 % is above the 15 % limit')
        app.wait_label('Draft')
        app.screenshot('approval-strip')

        app.click('Submit for Approval…')
        dialog = app.frame('Submit for Approval')
        app.type_into('Comment', 'Key account, renewal', root=dialog)
        a.respond(app, dialog, 'Submit')
        app.wait_closed(dialog, 'Submit for Approval')
        # Submitted: the request goes out with the next sync, which sets
        # the quote's state.
        app.wait_label('Waiting for Approval')

        a.sync(app)
        r.wait_for('the quote pending at the server',
                   lambda: rep.call('GET', 'quotes/' + quote['id'])['state'] == 'pending_approval',
                   timeout=40)
        app.wait_label('Pending Approval', timeout=40)
        app.wait_label_containing('Asked by Lucas Martin')
        app.wait_label('Comment: Key account, renewal')
        app.find(None, 'Recall')
        app.screenshot('approval-pending')
        request = [q for q in rep.call('GET', 'approval_requests')['records']
                   if q['quote_id'] == quote['id']]
        assert [q['status'] for q in request] == ['pending'], request
        assert request[0]['comment'] == 'Key account, renewal', request

        # A manager rejects it: after a sync the reason is there to read, the
        # quote is a draft again, and it can be submitted anew.
        manager = a.Rest(server, 'wang.fang')
        manager.call('PATCH', 'approval_requests/' + request[0]['id'], {
            'status': 'rejected', 'decided_hash': request[0]['doc_hash'],
            'decision_comment': 'Discount too deep for this volume'})
        a.sync(app)
        app.wait_label('Rejected', timeout=40)
        app.wait_label('Reason: Discount too deep for this volume')
        app.wait_label_containing('Rejected by Wang Fang')
        app.wait_label('Draft')
        app.wait_label(a.REASON)
        app.find(None, 'Submit for Approval…')
        app.screenshot('approval-rejected')
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
