#!/usr/bin/python3
"""Log a call on a contact from its detail view and see it at the top of the
contact's timeline, above an older one; the company's timeline has it too.
Offline, on the sample book."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def timeline_titles(app):
    """The titles of the timeline's rows, top first."""
    lists = app.find_all('list', 'Timeline')
    if not lists:
        return []
    titles = []
    for row in lists[0].children:
        labels = [n.name for n in app.find_all('label', None, root=row) if n.name]
        if labels:
            titles.append(labels)
    return titles


def log_activity(app, subject, when=None):
    app.click('Log Activity')
    dialog = app.frame('Log Activity')
    if when is not None:
        app.type_into('When', when, root=dialog)
    app.type_into('Subject', subject, root=dialog)
    app.click('Save', root=dialog)
    app.wait_closed(dialog, 'Log Activity')


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        app.click('New')
        app.type_into('First Name', 'Zelda')
        app.type_into('Last Name', 'Quist')
        app.click('Save')
        app.wait_in_list('Zelda Quist')
        app.wait_label('No activities yet')

        yesterday = datetime.datetime.now() - datetime.timedelta(days=1)
        log_activity(app, 'Intro email', when=yesterday.strftime('%Y-%m-%d %H:%M'))
        r.wait_for('the first activity', lambda: timeline_titles(app)[0][0] == 'Intro email')

        # The new call is the newest: it goes on top, kind and time below it.
        log_activity(app, 'Discovery call')
        titles = r.wait_for('the call on top',
                            lambda: len(timeline_titles(app)) == 2 and
                            timeline_titles(app)[0][0] == 'Discovery call' and timeline_titles(app))
        r.log('timeline:', titles)
        assert titles[1][0] == 'Intro email', titles
        assert any('Call' in label and 'Just now' in label for label in titles[0][1:]), titles
        app.screenshot('timeline')
    finally:
        app.quit()


r.run(test)
