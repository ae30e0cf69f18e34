#!/usr/bin/python3
"""The Reports section on the demo book, synced from a real server: the
pipeline-by-stage table that AT-SPI reads says what `rapport-cli report
pipeline_by_stage --json` computes from the same synced records (stage,
currency, count and open amount, row for row); a click on a stage's bar
opens the Deals list showing that stage's open deals and no other's; a
sync that brings a deal in another currency adds that currency's chart
while the page shows."""

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

TABLE_ROLES = ('table', 'tree table', 'tree grid', 'grid')


def click_at(node, dx=None, dy=None):
    x, y, w, h = node.extents
    r.rawinput.click(x + (w // 2 if dx is None else int(dx)), y + (h // 2 if dy is None else int(dy)))


def choose(app, dropdown, position):
    """Picks the @position-th choice of the drop-down @dropdown (a node)."""
    click_at(dropdown)
    # Walking the whole app for the popover's rows costs more than waiting.
    r.time.sleep(1.5)
    for key in ('Home',) + ('Down',) * position + ('Return',):
        app.key(key)
        r.time.sleep(0.2)


def table_rows(app, dashboard, name, n_columns):
    """The cells of the table @name, a list per row; the walk is kept to
    the dashboard: each node costs a D-Bus call."""
    table = [n for n in app.find_all(None, name, root=dashboard) if n.roleName in TABLE_ROLES][0]
    cells = [n.name or '' for n in app.find_all('label', None, root=table)]
    # The column titles come first; then each row's cells.
    body = cells[n_columns:] if len(cells) % n_columns == 0 else cells
    return [body[i:i + n_columns] for i in range(0, len(body), n_columns)]


def find_many(root, wanted):
    """The first visible node of each (roles, name) in @wanted, found in one
    walk that ends once all are: each node costs a D-Bus call, and the
    window has thousands."""
    found = {}

    def walk(node):
        try:
            if not node.getState().contains(r.pyatspi.STATE_VISIBLE):
                return
            for key in wanted:
                roles, name = key
                if key not in found and node.roleName in roles and \
                        (name is None or node.name in name):
                    found[key] = node
            if len(found) == len(wanted) or (node.roleName == 'list' and
                                              node.name in r.RECORD_LISTS):
                return
            for child in node.children:
                walk(child)
                if len(found) == len(wanted):
                    return
        except Exception:
            pass

    walk(root)
    return found if len(found) == len(wanted) else None


def minor_units(text):
    """An amount as the app writes it ("CN¥12,000.00") in minor units."""
    return int(re.sub(r'\D', '', text))


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        cli = r.Client(workdir, server, user='wang.fang')
        cli.run('sync')
        report = json.loads(cli.run('report', 'pipeline_by_stage', '--period', 'all', '--json'))
        names = [c['name'] for c in report['columns']]
        expected = report['rows']
        assert len(expected) >= 3, expected
        r.log('pipeline by stage:', expected)

        deals = json.loads(cli.run('--json', 'list', 'deal'))
        stages = {s['id']: s['name'] for s in json.loads(cli.run('--json', 'list', 'stage'))}

        # The page is opened while the first sync may still run: what it
        # brings is drawn without leaving the page.
        app = r.App(workdir, server=server, width=1280, height=800)
        # The record list is one widget for every section: found now, it
        # is the Deals list after the click on a bar.
        nodes = r.wait_for('the Reports section', lambda: find_many(app.window, [
            (('list item',), ('Reports',)), (('list',), r.RECORD_LISTS)]), timeout=30)
        records_list = nodes[(('list',), r.RECORD_LISTS)]
        click_at(nodes[(('list item',), ('Reports',))])
        nodes = r.wait_for('the dashboard', lambda: find_many(app.window, [
            (('panel', 'grouping'), ('Dashboard',)), (('combo box',), ('Period',))]))
        dashboard = nodes[(('panel', 'grouping'), ('Dashboard',))]
        r.log('choose All Time')
        choose(app, nodes[(('combo box',), ('Period',))], 6)

        def agrees():
            try:
                rows = table_rows(app, dashboard, 'Pipeline by Stage', len(names))
            except IndexError:
                return None
            if len(rows) != len(expected):
                return None
            for row, want in zip(rows, expected):
                got = dict(zip(names, row))
                if (got['pipeline'], got['stage'], got['currency']) != \
                        (want['pipeline'], want['stage'], want['currency']) or \
                        int(got['count']) != want['count'] or \
                        minor_units(got['amount']) != want['amount']:
                    r.log('differs:', got, want)
                    return None
            return rows

        r.wait_for('the table to agree with rapport-cli', agrees, timeout=40)
        r.log('the table agrees')

        # A sync that brings a deal in a currency the book had none in:
        # the page, still shown, draws that currency's chart.
        assert not app.find_all(None, 'Pipeline by Stage · JPY', root=dashboard)
        cli.run('add', 'deal', '--set', 'title=Reports test: a yen deal', '--set', 'amount=1234567',
                '--set', 'currency=JPY')
        cli.run('sync')
        app.key('<Control>r')
        r.wait_for('the yen chart after the sync',
                   lambda: app.find_all(None, 'Pipeline by Stage · JPY', root=dashboard), timeout=30)

        # The largest bar of the first currency's chart: its stage's deals.
        currency = expected[0]['currency']
        rows = [row for row in expected if row['currency'] == currency]
        biggest = max(range(len(rows)), key=lambda i: rows[i]['amount'])
        stage = rows[biggest]['stage']
        chart = [n for n in app.find_all(None, 'Pipeline by Stage · ' + currency, root=dashboard)
                 if n.roleName not in ('label', 'panel')][0]
        width = chart.extents[2]
        label_width = min(width * 0.32, 180)
        bar_x = label_width + 8
        bar_width = width - bar_x - min(width * 0.3, 150) - 8
        click_at(chart, bar_x + bar_width / 2, biggest * 32 + 16)

        in_stage = {d['title'] for d in deals
                    if d.get('status') == 'open' and stages.get(d.get('stage_id')) == stage}
        others = {d['title'] for d in deals if d['title'] not in in_stage}
        assert in_stage, stage
        r.log('clicked the bar of', stage)

        def listed():
            titles = set(app.list_labels(in_list=records_list)) & (in_stage | others)
            # All of them when they fit in the window's list, else those shown.
            complete = titles == in_stage or (len(in_stage) > 10 and len(titles) >= 10)
            return titles if complete and titles <= in_stage else None

        titles = r.wait_for('only %s\'s open deals in the list' % stage, listed, timeout=20)
        r.log('listed:', titles)
        app.quit()
        app = None
    finally:
        if app is not None:
            app.quit()
        server.stop()


if __name__ == '__main__':
    r.run(test)
