#!/usr/bin/python3
"""The forecast in the Reports section's Forecast view, on the demo book synced from a real
server: a manager (Wang Fang) sets Lucas Martin's
quarter's target in CNY through Set Target… (the reports open on this
quarter), and the forecast's data table
(read through AT-SPI) shows the target and the attainment that closed ÷
target gives, closed being what `rapport-cli report forecast` said before
there was a target; after a sync, rapport-cli reads the same attainment
from the target the app made. Money rows are per currency: the table has
no row adding two currencies."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402
from test_reports import find_many, minor_units, table_rows  # noqa: E402

TARGET = 500000  # CN¥500,000.00, typed into the dialog


def forecast(cli, lucas):
    cli.run('sync')
    report = json.loads(cli.run('report', 'forecast', '--period', 'this-quarter', '--owner', lucas,
                                '--json'))
    return {row['currency']: row for row in report['rows'] if row['measure'] == 'amount'}


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        cli = r.Client(workdir, server, user='lucas.martin')
        cli.run('sync')
        users = {u['name']: u['id'] for u in json.loads(cli.run('--json', 'list', 'user'))}
        before = forecast(cli, users['lucas.martin'])
        r.log('before:', before)
        closed = before['CNY']['closed']
        assert closed > 0 and before['CNY']['target'] is None, before
        # closed ÷ target, in percent to one decimal, as a person reads it.
        attainment = '%.1f %%' % (round(closed * 1000 / (TARGET * 100)) / 10)

        app = r.App(workdir, server=server, width=1280, height=800,
                    settings={'default-currency': "'CNY'"})
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        nodes = r.wait_for('the Reports section', lambda: find_many(app.window, [
            (('list item',), ('Reports',))]), timeout=30)
        x, y, w, h = nodes[(('list item',), ('Reports',))].extents
        r.rawinput.click(x + w // 2, y + h // 2)
        r.wait_for('the dashboard', lambda: find_many(app.window, [
            (('panel', 'grouping'), ('Dashboard',))]))
        app.click('Forecast')
        view = ('panel', 'grouping'), ('Forecast and Targets',)
        dashboard = r.wait_for('the forecast view', lambda: find_many(app.window, [view]))[view]
        # The reports open on this quarter: the target's period.
        app.click('Set Target…', root=dashboard)
        dialog = app.frame('Set Target for This Quarter')
        app.click('Choose Person', root=dialog)
        picker = app.frame('Choose Person')
        r.wait_for('the users offered', lambda: app.find_all('push button', 'Wang Fang', root=picker))
        app.type_into('Search Records', 'Lucas', root=picker)
        r.wait_for('Wang Fang no longer offered',
                   lambda: not app.find_all('push button', 'Wang Fang', root=picker))
        app.click('Lucas Martin', root=picker)
        app.wait_closed(picker, 'Choose Person')
        r.wait_for('Lucas Martin in the dialog',
                   lambda: app.find_all('label', 'Lucas Martin', root=dialog))
        app.type_into('Target Amount', str(TARGET), root=dialog)
        app.screenshot('forecast-target-dialog')
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Set Target for This Quarter')

        columns = 16

        def all_rows():
            try:
                return table_rows(app, dashboard, 'Forecast', columns)
            except IndexError:
                return None

        def row_of(currency):
            found = [row for row in all_rows() or [] if row[3] == currency and row[1] == 'Lucas Martin']
            return found[0] if found else None

        row = r.wait_for('the target in the forecast table',
                         lambda: (lambda row: row if row and row[10] != '—' else None)(row_of('CNY')),
                         timeout=30)
        r.log('the table:', row)
        assert row[10].startswith('CN¥') and minor_units(row[10]) == TARGET * 100, row
        assert row[11] == 'Own target', row
        assert row[12] == attainment, (row, attainment)
        # Never a row of two currencies: each row has one.
        # A sync may be rebuilding the table just now: read it once it is there.
        rows = r.wait_for('the forecast table', lambda: all_rows(), timeout=30)
        assert all(row[3] not in ('', '—') for row in rows if row[2] == 'Amount'), rows
        app.screenshot('forecast')

        # The target is a record: synced, rapport-cli reads it too.
        app.key('<Control>r')
        r.wait_for('the target at the server and in rapport-cli', lambda: forecast(
            cli, users['lucas.martin'])['CNY']['target'] == TARGET * 100, timeout=40)
        after = forecast(cli, users['lucas.martin'])['CNY']
        assert '%.1f %%' % after['attainment'] == attainment, (after, attainment)
        app.quit()
        app = None
    finally:
        if app is not None:
            app.quit()
        server.stop()


if __name__ == '__main__':
    r.run(test)
