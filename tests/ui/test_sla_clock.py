#!/usr/bin/python3
"""SLA clocks as a support agent sees them: the demo book's cases are on
the Shanghai office's calendar and default policy, so their rows in the
Cases list say in words how long is left ("First response: 2 h 15 min
left") or how late they are ("First response overdue by 1 day"), not in
colour alone; sorted by due time the most pressing clock comes first; a
case's page shows its clock (first response and resolution) in the
user's time zone. Screenshots sla-cases and sla-case."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

LEFT = re.compile(r'^(First response|Resolution): (\d+ days?|1 day( \d+ h)?|\d+ h( \d+ min)?|\d+ min) left')
OVERDUE = re.compile(r'^(First response|Resolution) overdue by (\d+ days?|1 day( \d+ h)?|\d+ h( \d+ min)?|\d+ min)')


def clock_lines(app):
    return [label for label in app.list_labels() if LEFT.match(label or '') or OVERDUE.match(label or '')]


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


@r.with_server
def test(workdir, server):
    app = r.App(workdir, server=server, width=1100, height=720)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>4')
        lines = r.wait_for('clocks on the case rows', lambda: clock_lines(app))
        r.log('clocks', lines)
        r.wait_for('a case with time left', lambda: [s for s in clock_lines(app) if LEFT.match(s)])
        r.wait_for('a case past its target', lambda: [s for s in clock_lines(app) if OVERDUE.match(s)])
        app.keep_screenshot(app.screenshot('sla-cases'), 'sla-cases')

        # Soonest due first, which the list opens on: the late clocks head it.
        kinds = ['late' if OVERDUE.match(s) else 'left' for s in clock_lines(app)]
        assert kinds == sorted(kinds), kinds

        # A case's page shows its clock.
        late = [s for s in clock_lines(app) if OVERDUE.match(s)][0]
        click_at(app.find_all('label', late, into_records=True)[0])
        app.wait_label('Service Level')
        app.wait_label('First Response')
        app.wait_label('Resolution')
        r.wait_for('the due time and what it says', lambda: app.find_all('label', None) and [
            n for n in app.find_all('label', None) if (n.name or '').startswith('Due ')])
        r.wait_for('overdue in words', lambda: [
            n for n in app.find_all('label', None) if (n.name or '').startswith('Overdue by ')
            or (n.name or '') == 'Missed'])
        app.keep_screenshot(app.screenshot('sla-case'), 'sla-case')
    finally:
        app.quit()


r.run(test)
