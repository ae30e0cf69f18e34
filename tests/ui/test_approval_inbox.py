#!/usr/bin/python3
"""A manager's Approvals: a rep's request, made through the server's REST
API as the rep, arrives with a sync: a desktop notification says so, and
Approvals in the sidebar counts it. Opened, it shows the quote's number,
customer, total and why. Rejecting with a reason under 10 characters is
refused at the reason's field and nothing is sent; approving takes the
request out of the inbox, and after a sync the quote is Approved, as the
server set it. Clicking the notification opens the quote."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402


def sidebar_count(app):
    """The number beside Approvals in the sidebar, '' for none."""
    row = app.find('list item', 'Approvals')
    labels = [n.name for n in app.find_all('label', None, root=row)]
    return [text for text in labels if text and text != 'Approvals']


def test(workdir):
    server = r.Server(workdir)
    server.start()
    notifications = r.Notifications(workdir)
    app = None
    try:
        notifications.wait_running()
        rep, quote = a.seed(server)
        # The demo book has a request of its own waiting for a manager.
        waiting = a.pending_elsewhere(server)
        assert len(waiting) == 1, waiting
        request = rep.call('POST', 'approval_requests', {
            'quote_id': quote['id'], 'doc_hash': quote['doc_hash'],
            'comment': 'Key account, renewal'})
        assert request['status'] == 'pending', request

        app = r.App(workdir, server=server, user='wang.fang',
                    env={'GNOTIFICATION_BACKEND': 'freedesktop'})
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        r.wait_for('the count in the sidebar', lambda: sidebar_count(app) == ['2'], timeout=30)
        sent = r.wait_for('the notification', lambda: [
            n for n in notifications.sent() if 'Approval' in n['summary']], timeout=30)
        r.log('notification:', sent)
        assert quote['number'] in sent[0]['body'] or quote['number'] in sent[0]['summary'], sent

        a.click_at(app.find('list item', 'Approvals'))
        r.wait_for('the Approvals page', lambda: app.window.name.startswith('Approvals'))
        a.click_at(app.find('list item', quote['number'] + ' · ' + a.QUOTE))
        app.wait_label(a.REASON)
        app.wait_label(a.CUSTOMER)
        app.wait_label('CN¥530.00')
        app.wait_label_containing('Lucas Martin')
        app.wait_label('Key account, renewal')
        app.screenshot('approval-inbox')

        # Too short a reason: said at the field, nothing written.
        app.type_into('Reason', 'too low')
        app.click('Reject')
        app.wait_label('Say why, in 10 characters at least')
        app.screenshot('approval-reject-short')
        a.sync(app)
        time.sleep(3)
        assert rep.call('GET', 'approval_requests/' + request['id'])['status'] == 'pending'
        assert sidebar_count(app) == ['2'], sidebar_count(app)

        # Approving takes what the field says as the approver's comment.
        app.type_into('Reason', 'Fine for a key account')
        app.click('Approve')
        r.wait_for('one request left', lambda: sidebar_count(app) == ['1'], timeout=20)
        r.wait_for('the approved request out of the inbox', lambda: not app.find_all(
            'list item', quote['number'] + ' · ' + a.QUOTE))
        # The next request is shown at once, as a mail reader shows the next
        # message: the demo book's, approved too, and the inbox is empty.
        app.wait_label_containing('20 % is above the 15 % limit')
        app.wait_label_containing(waiting[0][1])
        app.screenshot('approval-inbox-next')
        app.type_into('Reason', 'Three years is worth it')
        app.click('Approve')
        r.wait_for('the inbox emptied', lambda: sidebar_count(app) == [], timeout=20)
        app.wait_label('Nothing to Approve')
        a.sync(app)
        r.wait_for('the approval at the server', lambda: rep.call(
            'GET', 'approval_requests/' + request['id'])['status'] == 'approved', timeout=40)
        assert rep.call('GET', 'quotes/' + quote['id'])['state'] == 'approved'

        # The notification opens the quote, which shows Approved after sync.
        notifications.click(sent[0])
        r.wait_for('the records', lambda: not app.window.name.startswith('Approvals'))
        app.wait_label(a.QUOTE)
        app.wait_label('Approved', timeout=40)
        app.wait_label_containing('Approved by Wang Fang')
        app.wait_label('Fine for a key account')
        app.screenshot('approval-approved')
    finally:
        if app is not None:
            app.quit()
        notifications.stop()
        server.stop()


r.run(test)
