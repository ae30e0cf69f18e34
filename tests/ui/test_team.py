#!/usr/bin/python3
"""A manager's Team section: signed in as wang.fang (a manager), the sidebar
has Team, which lists every teammate with as many open deals as the
server's book gives them; choosing lucas.martin shows his open deals and
no one else's, a deal he gets meanwhile shows up after a sync without
leaving the page; a deal opens in the records' detail pane, a task in its
editor. Signed in as lucas.martin (a rep), there is no Team section. The expected figures
come from a second client, rapport-cli, not from the app."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402
import pyatspi  # noqa: E402

INTERACTIVE = {'push button', 'toggle button', 'text', 'entry', 'list item', 'check box',
               'link', 'radio button', 'switch'}


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def deals_text(n):
    """The rep row's count, as the app words it in English."""
    return '%d open deal%s · ' % (n, '' if n == 1 else 's')


def bring_into_view(app, node):
    """A row below the window's edge is scrolled to with the mouse wheel,
    as a user would: a click lands where the row is shown."""
    top, height = app.window.extents[1], app.window.extents[3]

    def shown():
        y, h = node.extents[1], node.extents[3]
        return y >= top and y + h <= top + height

    for _ in range(20):
        if shown():
            return
        x, _, w, _ = node.extents
        r.rawinput.click(x + w // 2, top + height // 2, button=5)
        r.time.sleep(0.3)
    assert shown(), "the row stays out of view"


def row_labels(app, row):
    return [n.name or '' for n in app.find_all('label', None, root=row)]


def teammate_row(app, name):
    teammates = app.find('list', 'Teammates')
    return r.wait_for('the row of ' + name,
                      lambda: app.find_all('list item', name, root=teammates)[0])


def wait_open_deals(app, name, count):
    r.log('wait for', name, 'with', count, 'open deals')
    return r.wait_for('%s with %d open deals' % (name, count),
                      lambda: [t for t in row_labels(app, teammate_row(app, name))
                               if t.startswith(deals_text(count))], timeout=30)


def shown_deals(app):
    """The titles in the chosen teammate's Open Deals list."""
    deals = app.find('list', 'Open Deals')
    return {n.name for n in app.find_all('label', None, root=deals)}


def entry_text(app, name, root):
    """What the entry @name holds (GTK 4.8 answers "" to getText(0, -1))."""
    text = app.entry(name, root=root).queryText()
    return text.getText(0, text.characterCount)


def inside(node, list_name):
    """Whether @node is in the list named @list_name."""
    while node is not None:
        if node.roleName == 'list' and node.name == list_name:
            return True
        node = node.parent
    return False


def unnamed(root):
    found = []

    def walk(node, path):
        try:
            if not node.getState().contains(pyatspi.STATE_VISIBLE):
                return
            here = path + [node.roleName + (':' + node.name if node.name else '')]
            if node.roleName in INTERACTIVE and not (node.name or '').strip():
                found.append(' / '.join(here[-6:]))
            for child in node.children:
                walk(child, here)
        except Exception:
            pass

    walk(root, [])
    return found


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        cli = r.Client(workdir, server, user='lucas.martin')
        cli.run('sync')
        users = {u['name']: u['id'] for u in json.loads(cli.run('--json', 'list', 'user'))}
        # One more deal for lucas.martin, so that no two teammates have as
        # many: a count shown on the wrong row fails the test.
        cli.run('add', 'deal', '--set', 'title=Team test: first extra deal', '--set', 'amount=1234500',
                '--set', 'currency=EUR', '--set', 'owner_id=' + users['lucas.martin'])
        cli.run('sync')
        deals = json.loads(cli.run('--json', 'list', 'deal'))
        tasks = json.loads(cli.run('--json', 'list', 'task'))
        his_tasks = {t['title'] for t in tasks
                     if t.get('assignee_id') == users['lucas.martin'] and not t.get('done_at')}
        assert his_tasks

        def open_deals(name):
            return {d['title'] for d in deals
                    if d.get('owner_id') == users[name] and d.get('status') == 'open'}

        expected = {name: len(open_deals(name)) for name in users}
        r.log('expected open deals:', expected)
        assert expected['lucas.martin'] not in [n for k, n in expected.items() if k != 'lucas.martin']
        assert 0 < len(open_deals('lucas.martin')) <= 50

        app = r.App(workdir, server=server, width=1280, height=800)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        team = r.wait_for('the Team section', lambda: app.find_all('list item', 'Team')[0],
                          timeout=30)
        click_at(team)
        r.wait_for('the Team page', lambda: app.window.name.startswith('Team'))

        # The admin account sells nothing here: it is not a teammate.
        # Teammates by display name (the demo's: "Lucas Martin"), never by login.
        listed = json.loads(cli.run('--json', 'list', 'user'))
        roles = {u['name']: u['role'] for u in listed}
        shown = {u['name']: u.get('display_name') or u['name'] for u in listed}
        assert shown['lucas.martin'] == 'Lucas Martin', shown
        for name, count in expected.items():
            if roles[name] != 'admin':
                wait_open_deals(app, shown[name], count)
        teammates = app.find('list', 'Teammates')
        assert not [n for n in app.find_all('list item', None, root=teammates)
                    if (n.name or '').startswith((shown['admin'], 'admin'))], \
            'the admin account is listed as a teammate'
        assert not [n for n in app.find_all('list item', None, root=teammates)
                    if '.' in (n.name or '').split(' ')[0]], 'a teammate is shown by login'

        # His deals, and only his.
        click_at(teammate_row(app, shown['lucas.martin']))
        r.wait_for('his open deals', lambda: open_deals('lucas.martin') <= shown_deals(app))
        others = open_deals('li.na') | open_deals('wang.fang')
        assert not (others & shown_deals(app)), others & shown_deals(app)
        app.wait_label_containing('%d deals' % expected['lucas.martin'])
        problems = unnamed(app.window)
        assert not problems, 'unnamed on the Team page: %s' % problems
        app.screenshot('team')

        # His open tasks; one opens in the task editor.
        tasks_list = app.find('list', 'Open Tasks')
        task_row = r.wait_for('a task of his', lambda: [
            n for n in app.find_all('list item', None, root=tasks_list)
            if set(row_labels(app, n)) & his_tasks][0])
        bring_into_view(app, task_row)
        click_at(task_row)
        editor = app.frame('Edit Task')
        title = r.wait_for('the task\'s title', lambda: entry_text(app, 'Title', editor))
        assert title in his_tasks and title in row_labels(app, task_row), title
        app.click('Cancel', root=editor)
        app.wait_closed(editor, 'Edit Task')

        # Another deal for him, from elsewhere: after a sync the page
        # counts it and lists it, without leaving it.
        cli.run('add', 'deal', '--set', 'title=Team test: second extra deal', '--set',
                'amount=99900', '--set', 'currency=USD', '--set', 'owner_id=' + users['lucas.martin'])
        cli.run('sync')
        app.key('<Control>r')
        wait_open_deals(app, shown['lucas.martin'], expected['lucas.martin'] + 1)
        r.wait_for('the new deal in his list',
                   lambda: 'Team test: second extra deal' in shown_deals(app), timeout=30)
        assert app.window.name.startswith('Team'), app.window.name

        # A deal opens in the records' detail pane.
        deals_list = app.find('list', 'Open Deals')
        row = r.wait_for('the new deal\'s row', lambda: [
            n for n in app.find_all('list item', None, root=deals_list)
            if 'Team test: second extra deal' in row_labels(app, n)][0])
        click_at(row)
        r.wait_for('the records', lambda: not app.window.name.startswith('Team'))
        app.wait_label('Details')
        # (The Team page, hidden, keeps its labels: the title must be
        # there outside of it too.)
        r.wait_for('the deal in the detail pane', lambda: [
            n for n in app.find_all('label', 'Team test: second extra deal')
            if not inside(n, 'Open Deals')])
        app.quit()
        app = None

        # A rep has no Team section.
        app = r.App(workdir, server=server, user='lucas.martin', name='rep')
        r.wait_for('the rep\'s first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.find('list item', 'Tasks')
        r.time.sleep(3)
        assert not app.find_all('list item', 'Team'), 'a rep is offered the Team section'
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
