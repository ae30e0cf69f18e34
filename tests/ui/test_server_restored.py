#!/usr/bin/python3
"""The team's server is restored from a backup that lacks a contact the
user saved and synced: at the next sync the app says what happened, and the
contact reaches the team again (a second client, rapport-cli, receives it)."""

import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def sync_now(app):
    if not app.find_all(None, 'Sync Now'):
        app.click('Sync Status')
    app.click('Sync Now')


def find_contact(cli, name):
    cli.run('sync')
    found = json.loads(cli.run('--json', 'list', 'contact', '--search', name))
    records = found if isinstance(found, list) else found.get('records', found.get('items', []))
    return records[0] if records else None


def test(workdir):
    server = r.Server(workdir)
    server.start()
    backup = os.path.join(workdir, 'backup.db')
    app = r.App(workdir, server=server)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)

        # The nightly backup, taken while the server runs.
        with sqlite3.connect(server.database) as live, sqlite3.connect(backup) as copy:
            live.backup(copy)

        # A contact saved and acknowledged after the backup.
        app.click('New')
        app.type_into('First Name', 'Rita')
        app.type_into('Last Name', 'Restored')
        app.click('Save')
        app.wait_in_list('Rita Restored')
        sync_now(app)
        app.wait_label_containing('Up to date', timeout=40)

        # The operator restores the backup, as the README says.
        server.stop()
        subprocess.run([r.SERVER, 'restore', backup, '--database', server.database], check=True,
                       stdout=subprocess.DEVNULL)
        server.start()

        sync_now(app)
        notice = app.wait_label_containing('restored from a backup', timeout=60)
        r.log('the app says:', notice[0].name)
        app.screenshot('server-restored')

        cli = r.Client(workdir, server)
        contact = r.wait_for('Rita at the second client', lambda: find_contact(cli, 'Rita'), timeout=40)
        assert contact.get('last_name') == 'Restored', contact
    finally:
        app.quit()
        server.stop()


r.run(test)
