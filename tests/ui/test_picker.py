#!/usr/bin/python3
"""A contact is put in a company from its editor: Choose Company searches
the companies (a Chinese name found by two of its characters), picking one
and saving shows the company on the contact; another can be picked, and
Clear Company takes it off. Offline, on the sample book."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def pick(app, typed, name):
    app.click('Choose Company')
    dialog = app.frame('Choose Company')
    app.type_into('Search Records', typed, root=dialog)
    # The hits follow the search (Kestrel Software matches neither).
    r.wait_for('the hits for ' + repr(typed),
               lambda: not app.find_all('label', 'Kestrel Software', root=dialog))
    app.click(name, root=dialog)
    # The row now names it, before anything is saved.
    app.wait_label(name)


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        app.click('New')
        app.type_into('First Name', 'Zelda')
        app.type_into('Last Name', 'Quist')
        pick(app, '明远', '上海明远科技')
        app.screenshot('picker-chosen')
        app.click('Save')
        app.wait_in_list('Zelda Quist')
        # The saved contact's page links to its company.
        app.wait_label('上海明远科技')
        app.button('Edit')

        # Another company: "&" is shown as typed, and the first one is gone.
        app.click('Edit')
        pick(app, 'lindq', 'Lindqvist & Berg')
        app.click('Save')
        app.button('Edit')
        app.wait_label('Lindqvist & Berg')
        app.wait_no_label('上海明远科技')

        # Cleared: the contact is in no company.
        app.click('Edit')
        app.click('Clear Company')
        app.click('Save')
        app.button('Edit')
        app.wait_no_label('Lindqvist & Berg')
    finally:
        app.quit()


r.run(test)
