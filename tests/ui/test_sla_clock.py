#!/usr/bin/python3
"""SLA clocks as a support agent sees them: the demo book's cases are on
the Shanghai office's calendar and default policy, so their rows in the
Cases list say in words how long is left ("First response: 2 h 15 min
left") or how late they are ("First response overdue by 1 day"), not in
colour alone; sorted by due time the most pressing clock comes first; a
case's page shows its clock (first response and resolution) in the
user's time zone. An urgent case filed and answered at the server shows
its resolution clock running; the agent sets it Pending (waiting on the
customer) in the editor, and the clock says Paused, with when the pause
began, and no time left counting down; set Open again, it runs once more.
Screenshots sla-cases, sla-case and sla-case-paused."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402

LEFT = re.compile(r'^(First response|Resolution): (\d+ days?|1 day( \d+ h)?|\d+ h( \d+ min)?|\d+ min) left')
EDITOR_STATUS = 'Status Status'
STATUSES = ['New', 'Open', 'Pending', 'Resolved', 'Closed']  # the editor's order
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

        # An urgent case, answered: its resolution clock runs, and a pause stops it.
        rest = a.Rest(server, 'wang.fang')
        case = rest.call('POST', 'cases', {'subject': 'Conveyor belt torn', 'priority': 'urgent'})
        rest.call('POST', 'activities', {'kind': 'email', 'direction': 'outbound',
                                         'subject': 'We are on our way', 'case_id': case['id'],
                                         'occurred_at': case['created_at']})
        app.key('<Control>r')
        app.wait_in_list('Conveyor belt torn', timeout=40)
        app.search_and_open('Conveyor belt torn')
        resolution = r.wait_for('the resolution clock running', lambda: [
            n.name for n in app.find_all('label', None) if re.match(r'^.* left$', n.name or '')])
        r.log('resolution clock:', resolution)
        app.click('Edit')
        # The editor's row (its title and its value), not the list's Status filter.
        app.choose(EDITOR_STATUS, 'Pending', position=STATUSES.index('Pending'))
        app.click('Save')
        app.wait_label('Paused', timeout=20)
        r.wait_for('the pause row', lambda: [n for n in app.find_all('label', None)
                                             if (n.name or '').startswith('Waiting on the customer since ')])
        assert not [n for n in app.find_all('label', None) if re.match(r'^.* left$', n.name or '')], \
            'a paused clock still counts down'
        app.keep_screenshot(app.screenshot('sla-case-paused'), 'sla-case-paused')
        app.click('Edit')
        app.choose(EDITOR_STATUS, 'Open', position=STATUSES.index('Open'))
        app.click('Save')
        r.wait_for('the clock running again', lambda: [
            n for n in app.find_all('label', None) if re.match(r'^.* left$', n.name or '')])
    finally:
        app.quit()


r.run(test)
