#!/usr/bin/python3
"""Create a contact, see it in the list, edit it, find it by search, delete
it and undo (the same record comes back); a bad email is refused at its
field. Offline, on the sample book, which stays out of the user's own
database. Screenshots of the wide layout."""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        app.screenshot('wide-contacts')

        # Create, with a bad email first: refused at the field.
        app.click('New')
        app.type_into('First Name', 'Zelda')
        app.type_into('Last Name', 'Quist')
        app.type_into('Email', 'zelda-at-example')
        app.click('Save')
        app.wait_label_containing('is not a valid email address')
        app.screenshot('wide-bad-email')
        app.type_into('Email', 'zelda@example.com')
        app.click('Save')
        app.wait_in_list('Zelda Quist')

        # Edit in place.
        app.click('Edit')
        app.type_into('Job Title', 'Head of Buying')
        app.click('Save')
        app.wait_label('Head of Buying')
        app.screenshot('wide-detail')

        # Search narrows the list as one types.
        app.click('Search')
        app.type_into('Search', 'zel')
        app.wait_in_list('Ana Ribeiro', present=False)
        app.wait_in_list('Zelda Quist')
        app.type_into('Search', 'nomatchatall')
        app.wait_label('No Results Found')
        app.type_into('Search', '')
        app.wait_in_list('Ana Ribeiro')

        # Delete, then undo from the toast, which is up for 10 s: the list
        # is looked at through the node found before, not found again.
        contacts = app.find('list', 'Contacts')
        app.click('Delete')
        app.wait_in_list('Zelda Quist', present=False, in_list=contacts)
        app.click_toast('Undo', timeout=9)
        app.wait_in_list('Zelda Quist')
        app.wait_label('Head of Buying')  # the same record, not a copy

        # Deleted for real once the toast is gone; still hidden meanwhile.
        app.click('Delete')
        app.wait_in_list('Zelda Quist', present=False)
        app.wait_no_label('Undo', timeout=30)
        app.wait_in_list('Zelda Quist', present=False)

        # Back to the welcome page; the user's own book never saw any of it.
        app.click('Leave Sample Data')
        app.window = r.wait_for('the welcome page', lambda: [
            f for f in app.node.children
            if f.roleName == 'frame' and app.find_all(None, 'Explore Sample Data', root=f)][0])
        own = subprocess.run([r.CLI, '--database', os.path.join(workdir, 'app.db'), '--json',
                              'list', 'contact'], capture_output=True, text=True, check=True)
        r.log('own book:', own.stdout[:200])
        assert 'Zelda' not in own.stdout and 'Ana' not in own.stdout, own.stdout
    finally:
        app.quit()


r.run(test)
