#!/usr/bin/python3
"""One Save shows every wrong value of a form at once, each under its own
field, and says what is wrong: a new deal with no title, 150 for its
probability and 31 February for its close date gets three errors, with
"from 0 to 100" rather than "not a number"; once fixed, it is saved.
Offline, on the sample book."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        app.key('<Alt>3')
        app.wait_in_list('Fleet tracking pilot')

        app.click('New')
        app.type_into('Probability', '150')
        app.type_into('Expected Close', '2026-02-31')
        app.click('Save')
        app.wait_label('Expected a number from 0 to 100')
        app.wait_label('This field is required')
        app.wait_label_containing('2026-02-31')
        assert not app.has_label('“150” is not a number')
        app.screenshot('form-errors')

        app.type_into('Title', 'Depot pilot')
        app.type_into('Probability', '40')
        app.type_into('Expected Close', '2026-03-31')
        app.click('Save')
        app.wait_in_list('Depot pilot')
        app.wait_no_label('Expected a number from 0 to 100')
        app.wait_label('40 %')
    finally:
        app.quit()


r.run(test)
