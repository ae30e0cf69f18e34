#!/usr/bin/python3
"""Sync in the UI with a real rapport-server: an edit made while the server
is down arrives at a second client (rapport-cli) once it is back.

TODO: the conflict half (both change a contact's job title, settle it in the
Conflicts window) does not pass yet: after the pull the edit's Save does not
show the new value; see the report of the session that wrote this."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def find_contact(cli, name):
    cli.run('sync')
    found = json.loads(cli.run('--json', 'list', 'contact', '--search', name))
    records = found if isinstance(found, list) else found.get('records', found.get('items', []))
    return records[0] if records else None


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = r.App(workdir, server=server)
    try:
        cli = r.Client(workdir, server)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.screenshot('wide-synced')

        # Offline: the edit stays here, waiting.
        server.stop()
        app.click('New')
        app.type_into('First Name', 'Olga')
        app.type_into('Last Name', 'Nakamura')
        app.click('Save')
        app.wait_in_list('Olga Nakamura')
        time.sleep(3)  # the debounced sync runs and finds no server

        # Back online: Sync Now sends it; the other client receives it.
        server.start()
        app.click('Sync Status')
        app.click('Sync Now')
        contact = r.wait_for('Olga at the second client',
                             lambda: find_contact(cli, 'Olga'), timeout=40)
        r.log('the second client has', contact.get('id'))

    finally:
        app.quit()
        server.stop()


r.run(test)
