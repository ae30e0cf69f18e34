#!/usr/bin/python3
"""The window at 360 px: one column at a time, list then detail and back."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def test(workdir):
    app = r.App(workdir, width=360, height=720)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        app.screenshot('narrow-contacts')
        app.click('New')
        app.entry('First Name')
        app.screenshot('narrow-new-contact')
        app.click('Cancel')
        app.click('Back')
        app.wait_in_list('Ana Ribeiro')
        app.click('Back')
        app.wait_label('Companies')
        app.screenshot('narrow-sidebar')
    finally:
        app.quit()


r.run(test)
