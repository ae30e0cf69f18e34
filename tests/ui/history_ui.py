"""What the History UI tests share: Lucas Martin's deal of ¥1,000.00, made
from the shell, opened in the app by Wang Fang, and the record page's rows
read by their accessible names."""

import json

import rapport_ui as r

TITLE = 'History kiosk rollout'


def named(app, prefix, root=None):
    """Visible nodes whose accessible name starts with @prefix."""
    return [n for n in app.find_all(None, None, root=root) if (n.name or '').startswith(prefix)]


def value_of(app, label):
    """The value of the record page's "Label: value" row (GTK 4.8 adds the
    row's title to its name: "Owner: Lucas Martin Owner")."""
    rows = r.wait_for(label + ' row', lambda: [n.name for n in named(app, label + ': ')
                                               if n.roleName != 'label'])
    value = rows[0][len(label) + 2:]
    return value[:-len(label) - 1] if value.endswith(' ' + label) else value


def set_amount(app, amount):
    app.click('Edit')
    app.type_into('Amount', amount)
    app.click('Save')


def sync_now(app):
    if not app.find_all(None, 'Sync Now'):
        app.click('Sync Status')
    app.click('Sync Now')


def start(workdir):
    """The server, lucas.martin's shell with his deal, and wang.fang's app
    showing it: (server, cli, app)."""
    server = r.Server(workdir)
    server.start()
    cli = r.Client(workdir, server, user='lucas.martin')
    cli.run('sync')
    users = {u['name']: u['id'] for u in json.loads(cli.run('--json', 'list', 'user'))}
    cli.run('add', 'deal', '--set', 'title=' + TITLE, '--set', 'amount=100000',
            '--set', 'currency=CNY', '--set', 'owner_id=' + users['lucas.martin'])
    cli.run('sync')

    app = r.App(workdir, server=server, width=1280, height=800)
    r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
    app.key('<Alt>3')
    app.click('Search')
    app.type_into('Search', 'kiosk')
    row = r.wait_for('the deal in the list', lambda: [
        n for n in app.find_all('list item', None, into_records=True)
        if any(TITLE == (c.name or '') for c in app.find_all('label', None, root=n))][0])
    x, y, w, h = row.extents
    r.rawinput.click(x + w // 2, y + h // 2)
    return server, cli, app
