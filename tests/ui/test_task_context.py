#!/usr/bin/python3
"""A task listed on its own says which record it is about and opens it: on
the Tasks page a task about a deal reads "Deal: …", and its button opens
the deal in the detail pane."""

import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        # wang.fang's own task about one of the team's deals, due yesterday
        # so that it heads the Overdue group.
        cli = r.Client(workdir, server, user='wang.fang')
        cli.run('sync')
        deal = json.loads(cli.run('--json', 'list', 'deal'))[0]
        yesterday = (datetime.datetime.now(datetime.timezone.utc) -
                     datetime.timedelta(days=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
        cli.run('add', 'task', '--set', 'title=Context check: call about the order',
                '--set', 'deal_id=' + deal['id'], '--set', 'due_at=' + yesterday)
        cli.run('sync')

        app = r.App(workdir, server=server)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.focus_window()
        app.key('<Alt>5')
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        app.wait_label('Context check: call about the order', timeout=40)
        app.wait_label_containing('Deal: ' + deal['title'])
        app.screenshot('task-context')

        app.click('Open ' + deal['title'])
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        app.wait_label(deal['title'])
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
