#!/usr/bin/python3
"""A deal's history and the people in it, by display name: Lucas Martin
(lucas.martin) makes a deal of ¥1,000.00 from the shell; Wang Fang
(wang.fang) opens it in the app, reads "Owner: Lucas Martin", raises the
amount and opens History: "Amount: ¥1,000.00 → ¥2,000.00 · Wang Fang · …"
and "Created · Lucas Martin · …". Offline, another edit is listed as not
sent yet, and History says it needs a connection. Back online, Lucas's
own change of the amount is a conflict that names him."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

TITLE = 'History kiosk rollout'


def named(app, prefix, root=None):
    """Visible nodes whose accessible name starts with @prefix."""
    return [n for n in app.find_all(None, None, root=root) if (n.name or '').startswith(prefix)]


def value_of(app, label):
    """The value of the record page's "Label: value" row (GTK 4.8 adds the
    row's title to its name: "Owner: Lucas Martin Owner")."""
    rows = r.wait_for(label + ' row', lambda: [n.name for n in named(app, label + ': ')
                                               if n.roleName != 'label'])
    value = rows[0][len(label) + 2:]
    return value[:-len(label) - 1] if value.endswith(' ' + label) else value


def set_amount(app, amount):
    app.click('Edit')
    app.type_into('Amount', amount)
    app.click('Save')


def sync_now(app):
    if not app.find_all(None, 'Sync Now'):
        app.click('Sync Status')
    app.click('Sync Now')


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        cli = r.Client(workdir, server, user='lucas.martin')
        cli.run('sync')
        users = {u['name']: u['id'] for u in json.loads(cli.run('--json', 'list', 'user'))}
        cli.run('add', 'deal', '--set', 'title=' + TITLE, '--set', 'amount=100000',
                '--set', 'currency=CNY', '--set', 'owner_id=' + users['lucas.martin'])
        cli.run('sync')

        app = r.App(workdir, server=server, width=1280, height=800)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>3')
        app.click('Search')
        app.type_into('Search', 'kiosk')
        row = r.wait_for('the deal in the list', lambda: [
            n for n in app.find_all('list item', None, into_records=True)
            if any(TITLE == (c.name or '') for c in app.find_all('label', None, root=n))][0])
        x, y, w, h = row.extents
        r.rawinput.click(x + w // 2, y + h // 2)

        # People by display name: the owner row, not the login.
        assert value_of(app, 'Owner') == 'Lucas Martin', value_of(app, 'Owner')
        old = value_of(app, 'Amount')
        r.log('amount before:', old)
        app.wait_label_containing('Created by Lucas Martin')

        set_amount(app, '2000')
        new = r.wait_for('the new amount', lambda: value_of(app, 'Amount') != old and value_of(app, 'Amount'))
        app.click('Show History')
        line = r.wait_for('the change in History', lambda: named(app, 'Amount: %s → %s · Wang Fang · ' % (old, new)),
                          timeout=40)
        r.log('history:', line[0].name)
        r.wait_for('the creation in History', lambda: named(app, 'Created · Lucas Martin · '), timeout=40)
        # Once sent, it is the server's entry: no longer "not sent yet".
        sync_now(app)
        r.wait_for('the sent change', lambda: [n for n in named(app, 'Amount: %s → %s · Wang Fang · ' % (old, new))
                                               if 'Not sent yet' not in n.name], timeout=40)
        app.wait_label_containing('Last changed by Wang Fang')
        # Focus brings the section into view for the screenshot.
        for node in app.find_all('push button', 'Hide History'):
            try:
                node.grabFocus()
            except Exception:
                pass
        r.time.sleep(0.5)
        app.screenshot('history')

        # Offline: the edit waits here, and History says why it shows no more.
        server.stop()
        set_amount(app, '3000')
        newer = r.wait_for('the newer amount', lambda: value_of(app, 'Amount') not in (old, new)
                           and value_of(app, 'Amount'))
        if not app.find_all(None, 'Sync Now'):
            app.click('Sync Status')
        app.wait_label_containing('Offline', timeout=40)
        app.key('Escape')
        if app.find_all(None, 'Try Again'):
            app.click('Try Again')
        r.wait_for('the offline state', lambda: named(
            app, 'History needs a connection; 1 change here is not sent yet'), timeout=30)
        r.wait_for('the waiting change', lambda: [
            n for n in named(app, 'Amount: %s → %s · Wang Fang · ' % (new, newer))
            if 'Not sent yet' in n.name])
        app.screenshot('history-offline')

        # Lucas changes the amount too: the conflict names him.
        server.start()
        cli.run('sync')
        deal = [d for d in json.loads(cli.run('--json', 'list', 'deal', '--search', 'kiosk'))
                if d['title'] == TITLE][0]
        cli.run('update', 'deal', deal['id'], '--set', 'amount=500000')
        cli.run('sync')
        sync_now(app)
        app.click('Resolve 1 Conflict…', timeout=30)
        conflicts = app.frame('Conflicts')
        r.wait_for('who made the other change', lambda: [
            n for n in app.find_all('label', None, root=conflicts)
            if (n.name or '').startswith('You and Lucas Martin changed the same fields (theirs: ')])
        app.screenshot_of('history-conflict', conflicts)
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
