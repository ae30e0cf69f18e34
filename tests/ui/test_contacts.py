#!/usr/bin/python3
"""Create a contact, see it in the list, edit it, find it by search, delete
it and undo; a bad email is refused at its field. Offline, on the sample
book. Screenshots of the wide layout."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def test(workdir):
    app = r.App(workdir)
    try:
        app.click('Explore Sample Data')
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

        # Delete, then undo from the toast.
        app.click('Delete')
        app.wait_in_list('Zelda Quist', present=False)
        app.click('Undo')
        app.wait_in_list('Zelda Quist')
    finally:
        app.quit()


r.run(test)
