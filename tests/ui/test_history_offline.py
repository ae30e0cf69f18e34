#!/usr/bin/python3
"""History without a connection, and a conflict that names who made the
other change: Wang Fang raises the amount of Lucas Martin's deal while the
server is down; History says "History needs a connection; 1 change here is
not sent yet" and lists the change as not sent yet. Back online, Lucas's
own change of the amount is a conflict that names him and when."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history_ui as h  # noqa: E402
import rapport_ui as r  # noqa: E402


def test(workdir):
    server = app = None
    try:
        server, cli, app = h.start(workdir)
        old = h.value_of(app, 'Amount')

        server.stop()
        h.set_amount(app, '3000')
        new = r.wait_for('the new amount', lambda: h.value_of(app, 'Amount') != old
                         and h.value_of(app, 'Amount'))
        app.click('Show History')
        # The app tries a lost server a few times before it calls itself
        # offline; History asked once and says so at once.
        r.wait_for('the offline state', lambda: h.named(
            app, 'History needs a connection; 1 change here is not sent yet'), timeout=30)
        r.wait_for('the waiting change', lambda: [
            n for n in h.named(app, 'Amount: %s → %s · Wang Fang · ' % (old, new))
            if 'Not sent yet' in n.name])
        app.screenshot('history-offline')

        # Lucas changes the amount too, once the app has given up on the
        # server (else its retry could go first): the conflict names him.
        if not app.find_all(None, 'Sync Now'):
            app.click('Sync Status')
        app.wait_label_containing('Offline', timeout=40)
        server.start()
        deal = [d for d in json.loads(cli.run('--json', 'list', 'deal', '--search', 'kiosk'))
                if d['title'] == h.TITLE][0]
        cli.run('update', 'deal', deal['id'], '--set', 'amount=500000')
        cli.run('sync')
        h.sync_now(app)
        app.click('Resolve 1 Conflict…', timeout=30)
        conflicts = app.frame('Conflicts')
        r.wait_for('who made the other change', lambda: [
            n for n in app.find_all('label', None, root=conflicts)
            if (n.name or '').startswith('You and Lucas Martin changed the same fields (theirs: ')])
        app.screenshot_of('history-conflict', conflicts)
    finally:
        if app is not None:
            app.quit()
        if server is not None:
            server.stop()


r.run(test)
