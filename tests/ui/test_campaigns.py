#!/usr/bin/python3
"""A marketing campaign in the app, on the demo book over a real server: a
manager (Wang Fang) creates "Spring Fair 2026" in the Campaigns section,
adds the members of the team's "Customer CEOs" segment (a toast says how many
were added and how many were left out for want of e-mail consent, the
numbers the demo book's consent records give), marks the first member by
name Responded and the second Unsubscribed from the drop-downs on the
campaign's page, and reads the response rate there (1 of the members).
The second member's page (her name opens it) then says her e-mail marketing consent
was denied, unsubscribed from that campaign. After a sync rapport-cli
lists the same statuses, and the campaign report the same response rate.
The first member, granted, unsubscribes on her own page (Unsubscribe from
Marketing, confirmed) and her page says so; rapport-cli's export then
leaves both out.
Screenshots: campaign (the page, wide) and campaign-consent (her page)."""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402

CAMPAIGN = 'Spring Fair 2026'
SEGMENT = 'Customer CEOs'
# An e-mail campaign's member statuses, in their drop-down's order.
# The row of a contact's consent, in English and Chinese.
CONSENT_ROW = ('Marketing E-mails', '营销邮件')
STATUSES = ['Planned', 'Sent', 'Bounced', 'Opened', 'Clicked', 'Responded', 'Unsubscribed']


def scroll_to(app, role, name):
    """Scrolls the record's page with the mouse wheel, as a user would,
    until the node @name is inside the window; returns it."""
    x, top, w, height = app.window.extents
    for _ in range(12):
        node = app.find(role, name)
        y = node.extents[1]
        if y >= top and y + node.extents[3] <= top + height:
            return node
        for _ in range(4):
            r.rawinput.click(x + w - 200, top + height // 2, button=4 if y < top else 5)
            time.sleep(0.1)
    raise AssertionError(repr(name) + ' stays out of view')


def choose_status(app, name, status):
    """Picks @status in the drop-down of @name's status, scrolled to."""
    label = 'Status of ' + name
    scroll_to(app, None, label)
    # Rows of the page have these names too: say where it is among the choices.
    app.choose(label, status, position=STATUSES.index(status))


def name_of(contact):
    """A contact's name as the app writes it: a Chinese name family name
    first, with no space (周杰)."""
    first, last = contact['first_name'], contact['last_name']
    if any('\u4e00' <= char <= '\u9fff' for char in first + last):
        return last + first
    return first + ' ' + last


def seed(server):
    """The team's segment of customers; returns the names and ids of its
    contacts, and of those with e-mail marketing granted."""
    admin = a.Rest(server, 'admin')
    admin.call('POST', 'segments', {
        'name': SEGMENT, 'object': 'contact',
        'filter': '{"all": [{"field": "lifecycle", "op": "=", "value": "customer"},'
                  ' {"field": "title", "op": "=", "value": "CEO"}]}'})
    contacts = admin.call('GET', 'contacts?limit=1000')['records']
    consents = admin.call('GET', 'consents?limit=1000')['records']
    granted = {c['contact_id'] for c in consents
               if c['channel'] == 'email' and c['purpose'] == 'marketing' and c['status'] == 'granted'}
    customers = {name_of(c): c['id'] for c in contacts
                 if c.get('lifecycle') == 'customer' and c.get('title') == 'CEO'}
    return customers, {name: id for name, id in customers.items() if id in granted}


def open_campaign(app, name):
    app.key('<Alt>9')
    app.wait_in_list(name, timeout=30)
    lists = app.find_all('list', 'Campaigns')
    row = r.wait_for(repr(name) + ' in the list',
                     lambda: app.find_all('label', name, root=lists[0], into_records=True))
    a.click_at(row[0])


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        customers, reachable = seed(server)
        # The demo book has both: customers who agreed and who said nothing.
        assert 2 <= len(reachable) < len(customers), (customers, reachable)
        first, second = sorted(reachable)[:2]
        r.log('members', len(reachable), 'of', len(customers), ':', first, second)

        app = r.App(workdir, server=server, width=1280, height=800,
                    settings={'default-currency': "'CNY'"})
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>9')
        app.wait_label('No Campaigns', timeout=30)
        app.click('New')
        app.type_into('Name', CAMPAIGN)
        app.type_into('Actual Cost', '2000')
        app.click('Save')
        app.wait_label('Results', timeout=30)

        app.click('Add from Segment…')
        picker = app.frame('Add Members from Segment')
        app.click(SEGMENT, root=picker)
        app.wait_label('%d added, %d left out: no e-mail consent'
                       % (len(reachable), len(customers) - len(reachable)))

        choose_status(app, first, 'Responded')
        rate = '%.1f %%' % (round(1000 / len(reachable)) / 10)
        app.wait_label(rate)
        choose_status(app, second, 'Unsubscribed')
        r.wait_for('Unsubscribed counted', lambda: app.find_all('label', 'Unsubscribed'))
        app.screenshot('campaign')

        # Her name opens her page: her consent is denied, by that campaign.
        a.click_at(scroll_to(app, 'label', second))
        app.wait_label_containing('Denied on')
        app.wait_label_containing('unsubscribed from ' + CAMPAIGN)
        scroll_to(app, 'label', CONSENT_ROW[0])
        app.screenshot('campaign-consent')
        # Denied already: nothing to unsubscribe from.
        assert not app.find_all('push button', 'Unsubscribe from Marketing')

        # The first, who responded, unsubscribes on her own page, after a question.
        # Its row is still selected: a double click opens it again.
        app.key('<Alt>9')
        lists = r.wait_for('the campaigns', lambda: app.find_all('list', 'Campaigns'))
        row = r.wait_for('the campaign', lambda: app.find_all('label', CAMPAIGN, root=lists[0],
                                                              into_records=True))[0]
        x, y, w, h = row.extents
        r.rawinput.doubleClick(x + w // 2, y + h // 2)
        a.click_at(scroll_to(app, 'label', first))
        app.wait_label_containing('Granted on')
        app.click('Unsubscribe from Marketing')
        a.respond(app, app.frame('Unsubscribe from Marketing?'), 'Unsubscribe')
        app.wait_label_containing('Denied on')
        app.wait_label_containing('unsubscribed in Rapport')

        # The server and another client see the same.
        app.key('<Control>r')
        cli = r.Client(workdir, server, user='wang.fang')

        def members():
            cli.run('sync')
            rows = [line.split('\t') for line in
                    cli.run('campaign', 'members', CAMPAIGN).splitlines()]
            return {row[0]: row[1] for row in rows}

        statuses = r.wait_for('the statuses in rapport-cli', lambda: (
            lambda m: m if m.get(customers[first]) == 'responded' and
            m.get(customers[second]) == 'unsubscribed' else None)(members()), timeout=40)
        assert sorted(statuses) == sorted(reachable.values()), statuses
        assert list(statuses.values()).count('planned') == len(reachable) - 2, statuses
        audience = os.path.join(workdir, 'audience.csv')
        r.wait_for('both left out of the export', lambda: cli.run('sync') is not None and (
            '6 members' in cli.run('campaign', 'export', CAMPAIGN, audience)), timeout=40)
        with open(audience, encoding='utf-8') as f:
            exported = f.read()
        assert len(exported.splitlines()) == 1 + len(reachable) - 2, exported
        report = json.loads(cli.run('report', 'campaign', '--json'))
        rows = [row for row in report['rows'] if row['group'] == 'campaign']
        assert '%.1f %%' % rows[0]['response_rate'] == rate, (rows, rate)
        app.quit()
        app = None
    finally:
        if app is not None:
            app.quit()
        server.stop()


if __name__ == '__main__':
    r.run(test)
