#!/usr/bin/python3
"""A contact created and edited with the keyboard alone: Ctrl+N, typing,
Tab from field to field, Ctrl+S; Ctrl+E, Tab to a field, Ctrl+S. The
records are then read back from the database with rapport-cli. Screenshots
contacts (wide) and narrow."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def field_text(app, name):
    """What the entry @name holds (GTK 4.8 answers "" to getText(0, -1))."""
    text = app.entry(name).queryText()
    return text.getText(0, text.characterCount)


def type_into_focus(app, text, name):
    """Types @text where the focus is and checks that it went into @name,
    which tells that the focus was there."""
    r.log('type', repr(text), 'for', name)
    app.type_text(text)
    r.wait_for(repr(text) + ' in ' + name, lambda: field_text(app, name) == text, timeout=10)


def show_contact(app, name):
    """Selects @name's row in the list, with a click: for a screenshot."""
    lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
    row = [n for n in app.find_all('list item', None, root=lists[0], into_records=True)
           if (n.name or '').startswith(name)][0]
    x, y, w, h = row.extents
    r.rawinput.click(x + w // 2, y + h // 2)
    app.wait_label(name)
    r.time.sleep(0.5)


def contact_in_book(database, name):
    found = r.subprocess.run([r.CLI, '--database', database, '--json', 'list', 'contact',
                              '--search', name], capture_output=True, text=True, check=True)
    records = json.loads(found.stdout)
    if isinstance(records, dict):
        records = records.get('records', records.get('items', []))
    return records


def test(workdir):
    app = r.App(workdir, width=1280, height=800)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        # New contact: the first field has the focus; Tab goes to the next.
        app.key('<Control>n')
        app.entry('First Name')
        type_into_focus(app, 'Mei', 'First Name')
        app.key('Tab')
        type_into_focus(app, 'Okonkwo-Berg', 'Last Name')
        app.key('Tab')
        type_into_focus(app, 'Fleet Manager', 'Job Title')
        app.key('<Control>s')
        app.wait_in_list('Mei Okonkwo-Berg')
        app.wait_label('Fleet Manager')

        # Edit: Ctrl+E, Tab to the job title, replace it, Ctrl+S.
        app.key('<Control>e')
        r.wait_for('the editor', lambda: field_text(app, 'First Name') == 'Mei')
        app.key('Tab')
        app.key('Tab')
        app.key('<Control>a')
        type_into_focus(app, 'Head of Fleet', 'Job Title')
        app.key('<Control>s')
        app.wait_label('Head of Fleet')
        app.wait_no_label('Fleet Manager')

        database = os.path.join(workdir, 'app-data', 'rapport', 'sample.db')
        records = r.wait_for('Mei Okonkwo-Berg in the database',
                             lambda: contact_in_book(database, 'Okonkwo'))
        r.log('in the database:', records)
        assert len(records) == 1, records
        record = records[0]
        assert record.get('first_name') == 'Mei' and record.get('last_name') == 'Okonkwo-Berg', record
        assert record.get('title') == 'Head of Fleet', record

        # The screenshot: a sample contact with its activities.
        show_contact(app, 'Ana Ribeiro')
        app.wait_no_label('Saved', timeout=15)
        app.keep_screenshot(app.screenshot_of('contacts', app.window), 'contacts')
    finally:
        app.quit()

    # The same window at phone width, for the README.
    app = r.App(workdir, width=360, height=720, name='narrow')
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        app.keep_screenshot(app.screenshot_of('narrow', app.window), 'narrow')
    finally:
        app.quit()


r.run(test)
