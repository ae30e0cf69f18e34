#!/usr/bin/python3
"""Case queues as an agent sees them: Lucas Martin works the demo book's Support
and Billing queues; the Cases list's queue switcher offers all cases, his
and each of her queues with its unresolved count, and a queue picked shows
only its cases. On a resolved case he logs the customer's satisfaction,
a 5, and the case page shows it. Screenshots case-queues and case-csat."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402

SUPPORT_ONLY = ('Printer shows error E-14', 'Invoice sent to the wrong address')


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


@r.with_server
def test(workdir, server):
    app = r.App(workdir, server=server, user='lucas.martin', width=1100, height=720)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>4')
        app.wait_in_list(SUPPORT_ONLY[0])

        picked = app.choose('Queue', re.compile(r'^Support \(\d+\)$'))
        r.log('picked', picked)
        app.wait_in_list(SUPPORT_ONLY[0])
        app.keep_screenshot(app.screenshot('case-queues'), 'case-queues')
        picked = app.choose('Queue', re.compile(r'^Billing \(\d+\)$'))
        for subject in SUPPORT_ONLY:
            app.wait_in_list(subject, present=False)

        # A resolved Billing case: its customer is asked.
        app.choose('Status', re.compile(r'^Resolved$'))
        r.wait_for('a resolved case', lambda: app.list_labels())
        first = [label for label in app.list_labels() if label][0]
        click_at(app.find_all('label', first, into_records=True)[0])
        app.click('Log Satisfaction…')
        dialog = app.frame('Log Satisfaction')
        app.click('5', root=dialog)
        app.type_into('Comment', 'Quick and friendly', root=dialog)
        a.respond(app, dialog, 'Log')
        app.wait_closed(dialog, 'Log Satisfaction')
        # Among the case's related records once stored (the group shows
        # only when there is one): the score.
        app.wait_label('Satisfaction Responses')
        app.wait_label('5')
        app.keep_screenshot(app.screenshot('case-csat'), 'case-csat')
    finally:
        app.quit()


r.run(test)
