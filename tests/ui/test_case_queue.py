#!/usr/bin/python3
"""Cases as a queue: the list opens on the unresolved cases, soonest due
first; a row names the case's number (a draft one in the never-synced sample
book), customer and age and says "Overdue" and "Urgent" in words (and
colour); Sort offers the most urgent first; the editor picks a due day and
time, and the row and the case show it. (Resolved and closed times:
tests/core/test-queue.c, server-case-times.)"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

SUBJECTS = ('Scanner battery drains overnight', 'Invoice shows the wrong VAT number',
            'Cannot sign in after password reset', 'Espresso machine service visit')


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def subjects(app):
    return [label for label in app.list_labels() if label in SUBJECTS]


def row_lines(app, subject):
    labels = app.list_labels()
    at = labels.index(subject)
    return labels[at + 1:at + 3]


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def test(workdir):
    app = r.App(workdir, width=1100, height=720)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        app.key('<Alt>4')
        app.wait_in_list(SUBJECTS[0])

        # Unresolved, visibly, and soonest due first.
        app.wait_label('Unresolved')
        r.wait_for('the unresolved cases by due time', lambda: subjects(app) == [SUBJECTS[0], SUBJECTS[2], SUBJECTS[1]])
        overdue = row_lines(app, SUBJECTS[0])
        assert re.match(r'^C-draft-[0-9a-f]{8} · Ana Ribeiro · ', overdue[0]), overdue
        assert overdue[1].startswith('Overdue · Due '), overdue
        urgent = row_lines(app, SUBJECTS[2])
        assert urgent[1].startswith('Urgent · Due '), urgent
        app.keep_screenshot(app.screenshot('case-queue'), 'case')

        app.choose('Sort', 'Most Urgent', 3)
        r.wait_for('the most urgent first', lambda: subjects(app)[:1] == [SUBJECTS[2]])

        # A due day from the calendar, then the hour and minute below it.
        app.wait_in_list(SUBJECTS[1])
        click_at([n for n in app.find_all('label', SUBJECTS[1], into_records=True)][0])
        app.click('Edit')
        due = app.entry('Due')
        before = text_of(due)
        app.click('Choose a Date and Time')
        app.find(None, 'Hour')
        r.time.sleep(0.5)
        # The calendar's keyboard: a day from its grid, whichever it is.
        for key in ('Right', 'space'):
            app.key(key)
            r.time.sleep(0.2)
        r.wait_for('another day', lambda: text_of(due)[:10] != before[:10])
        day = text_of(due)[:10]
        # The hour and the minute, set on their spin buttons.
        for name, value in (('Hour', 14), ('Minute', 30)):
            app.find(None, name).queryValue().currentValue = value
            r.time.sleep(0.2)
        expected = day + ' 14:30'
        try:
            r.wait_for('the picked time', lambda: text_of(due) == expected)
        except AssertionError:
            app.screenshot('case-time-failed')
            r.log('due reads', repr(text_of(due)), 'not', repr(expected))
            raise
        app.key('Escape')
        app.click('Save')
        r.wait_for('the row says the new due time',
                   lambda: '14:30' in ' '.join(row_lines(app, SUBJECTS[1])))
        app.wait_label_containing('14:30')

    finally:
        app.quit()


r.run(test)
