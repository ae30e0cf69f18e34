#!/usr/bin/python3
"""Case numbers as a support agent sees them: every case of the team's book
has the number the server gave it (C-YYYY-NNNNN) on its row and its page; a
case opened while the server is away shows a draft number and says the
real one comes with the next sync; after the sync its row and page show
the server's number, which a second client has too, and typing the number
into the search finds the case."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

NUMBER = re.compile(r'^C-\d{4}-\d{5}$')
SUBJECT = 'Projector flickers in meeting room 4'
LATER = 'Gets its number at the next sync'


def row_numbers(app):
    """The numbers the case rows start with."""
    return [label.split(' · ')[0] for label in app.list_labels()
            if re.match(r'^C-(\d{4}-\d{5}|draft-)', label or '')]


def row_lines(app, subject):
    labels = app.list_labels()
    at = labels.index(subject)
    return labels[at + 1:at + 3]


def row_number(app, subject):
    lines = row_lines(app, subject)
    return lines[0].split(' · ')[0] if lines else None


def sync_now(app):
    if not app.find_all(None, 'Sync Now'):
        app.click('Sync Status')
    app.click('Sync Now')


def find_case(cli, subject):
    cli.run('sync')
    found = json.loads(cli.run('--json', 'list', 'case', '--search', subject))
    records = found if isinstance(found, list) else found.get('records', found.get('items', []))
    return records[0] if records else None


@r.with_server
def test(workdir, server):
    app = r.App(workdir, server=server, width=1100, height=720)
    try:
        cli = r.Client(workdir, server, user='admin')
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>4')
        numbered = r.wait_for('the numbered cases', lambda: row_numbers(app))
        assert all(NUMBER.match(n) for n in numbered), numbered
        app.screenshot('case-number-list')

        # The server is away: a draft number, and a word on when it changes.
        server.stop()
        app.key('<Control>n')
        app.type_into('Subject', SUBJECT)
        app.click('Save')
        app.wait_in_list(SUBJECT)
        draft = r.wait_for('the draft number', lambda: row_number(app, SUBJECT))
        assert re.match(r'^C-draft-[0-9a-f]{8}$', draft), row_lines(app, SUBJECT)
        app.wait_label(draft)
        app.wait_label(LATER)
        app.screenshot('case-number-draft')

        # Back online: the server's number on the row and the page.
        server.start()
        sync_now(app)
        number = r.wait_for('the server number on the row',
                            lambda: NUMBER.match(row_number(app, SUBJECT) or '') and
                            row_number(app, SUBJECT), timeout=40)
        assert number not in numbered, (number, numbered)
        app.wait_label(number)
        app.wait_no_label(LATER)
        app.wait_no_label(draft)
        app.screenshot('case-number-synced')

        # The same number at the other client.
        case = r.wait_for('the case at the second client', lambda: find_case(cli, SUBJECT),
                          timeout=40)
        assert case.get('number') == number, case

        # Typed into the search, the number finds the case and nothing else.
        app.key('Escape')  # the sync popover
        r.time.sleep(0.5)
        app.key('<Control>f')
        app.type_text(number)
        r.wait_for('only the case in the list', lambda: row_numbers(app) == [number])
        assert SUBJECT in app.list_labels(), app.list_labels()
        app.screenshot('case-number-search')
    finally:
        app.quit()


r.run(test)
