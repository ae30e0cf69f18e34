#!/usr/bin/python3
"""The issue's whole road, in the app: the rep Lucas Martin makes a quote
for Huaxin above the discount limit (its lines typed in the line editor);
it offers Submit for Approval, not Send; he submits it. The manager Wang
Fang approves it in her Approvals inbox, in the app (her own instance,
after the rep's: GApplication lets one instance of the app id run per
session, so the two take turns, each with its own database). The rep
syncs: the quote is Approved and offers Send; sent, it shows Sent and the
server has it sent; printed, the PDF holds its number, the customer and
the total. Accept: after a sync the quote is Accepted and its sales order
is listed under Sales Orders with the lines. Then a sent quote's New
Revision opens the new draft; after a sync it is revision 2 of the same
number, in draft, and the old one is Superseded, offering to open
revision 2. Screenshots quote-actions-sent, order-actions,
quote-actions-superseded."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402
from quote_ui import add_line, print_to_pdf, wait_lines, wait_total  # noqa: E402

TITLE = 'Meeting room chairs'
# 10 chairs at ¥1,000 less 25 % (above the 15 % limit) and 2 desks at ¥2,500.
TOTAL = 'CN¥12,500.00'
SPARE = 'Spare parts'


def server_quote(rep, title):
    quotes = [q for q in rep.call('GET', 'quotes?limit=1000')['records'] if q['title'] == title]
    return max(quotes, key=lambda q: q.get('revision', 1)) if quotes else None


def sync(app):
    """Sync Now, and the sync status's popover closed again: else the next
    click only closes it."""
    a.sync(app)
    r.time.sleep(0.5)
    app.key('Escape')


def open_from_sidebar(app, section, title, number):
    """Shows @section by its sidebar row (its name is also a group's on a
    quote's page) and opens the record titled @title, whose page shows
    @number."""
    a.click_at(app.find('list item', section))
    # The section's list, left of the pane: a quote's page, hidden but
    # still on the accessibility tree, has a group of that name.
    records = min(r.wait_for('the list of ' + section, lambda: app.find_all('list', section)),
                  key=lambda n: n.extents[0])
    app.wait_in_list(title, in_list=records)

    def opened():
        a.click_at(app.find_all('label', title, root=records, into_records=True)[0])
        return r.wait_for('the record', lambda: app.has_label(number), timeout=5)
    # The list may still be laid out anew when the first click comes.
    r.wait_for(repr(title) + ' opened', lambda: _try(opened), timeout=30)


def _try(step):
    try:
        return step()
    except AssertionError:
        return False


def button_names(app):
    return {n.name for n in app.find_all('push button', None)}


def test(workdir):
    home = os.path.join(workdir, 'home')
    os.makedirs(home, exist_ok=True)
    env = {'LC_ALL': 'en_US.UTF-8', 'LANG': 'en_US.UTF-8', 'HOME': home}
    settings = {'default-currency': "'CNY'", 'seller-name': "'Rapport Trading Co.'"}
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        admin = a.Rest(server, 'admin')
        admin.call('POST', 'approval_rules', {'name': 'Discounts', 'max_line_discount_ppm': 150000,
                                              'active': True, 'approver_role': 'manager'})
        rep = a.Rest(server, 'lucas.martin')
        rep.call('POST', 'companies', {'name': a.CUSTOMER, 'owner_id': rep.user_id})

        def rep_app():
            return r.App(workdir, server=server, user='lucas.martin', name='rep', width=1280,
                         height=900, env=env, settings=settings)

        # The rep makes the quote, its lines in the line editor.
        app = rep_app()
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>7')
        app.find('list', 'Quotes')
        app.key('<Control>n')
        form = app.entry('Title').parent
        app.type_into('Title', TITLE, root=form)
        app.click('Choose Company')
        picker = app.frame('Choose Company')
        app.type_into('Search Records', 'Huaxin', root=picker)
        app.find('label', a.CUSTOMER, root=picker, timeout=30)

        def picked():
            app.click(a.CUSTOMER, root=picker)
            return r.wait_for('the picker closed', lambda: not app.is_open(picker), timeout=5)
        # The hits may still be renewed by the search when the click comes.
        r.wait_for('the customer picked', lambda: _try(picked), timeout=30)
        try:
            app.wait_label(a.CUSTOMER)
        except AssertionError:
            app.screenshot('debug-customer')
            raise
        app.key('<Control>s')
        app.wait_in_list(TITLE)
        add_line(app, 'Chair', '10', '1000', '25 %')
        add_line(app, 'Desk', '2', '2500', '')
        wait_lines(app, ['Chair', 'Desk'])
        wait_total(app, TOTAL)
        # Above the limit: the strip's Submit, not Send.
        app.wait_label('Needs Approval')
        app.button('Submit for Approval…')
        app.button('Cancel Quote…')
        assert 'Send' not in button_names(app), button_names(app)
        app.click('Submit for Approval…')
        dialog = app.frame('Submit for Approval')
        a.respond(app, dialog, 'Submit')
        app.wait_closed(dialog, 'Submit for Approval')
        sync(app)
        r.wait_for('the quote pending at the server',
                   lambda: (server_quote(rep, TITLE) or {}).get('state') == 'pending_approval',
                   timeout=40)
        quote = server_quote(rep, TITLE)
        app.quit()

        # The manager approves it in her inbox.
        app = r.App(workdir, server=server, user='wang.fang', name='manager')
        r.wait_for('the manager\'s first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        a.click_at(app.find('list item', 'Approvals'))
        r.wait_for('the Approvals page', lambda: app.window.name.startswith('Approvals'))
        a.click_at(app.find('list item', quote['number'] + ' · ' + TITLE, timeout=40))
        app.click('Approve')
        app.wait_label('Nothing to Approve')
        sync(app)
        r.wait_for('the quote approved at the server',
                   lambda: server_quote(rep, TITLE)['state'] == 'approved', timeout=40)
        app.quit()

        # The rep syncs, sends it, prints it.
        app = rep_app()
        a.open_record(app, 'Quotes', TITLE)
        sync(app)
        app.wait_label('Approved', timeout=40)
        app.click('Send')
        app.wait_label('Sent')
        sync(app)
        r.wait_for('the quote sent at the server',
                   lambda: server_quote(rep, TITLE)['state'] == 'sent', timeout=40)
        app.button('Accept')
        app.button('Decline')
        app.button('New Revision')
        app.screenshot('quote-actions-sent')
        # The page was renewed with the state: the header's button prints.
        text = print_to_pdf(app, home, shortcut=False)
        r.log(text)
        for expected in (quote['number'], a.CUSTOMER, TOTAL, 'Chair', 'Desk'):
            assert expected in text, (expected, text)

        # Accepted: its order, with the lines, under Sales Orders.
        app.click('Accept')
        app.wait_label('Accepted')
        sync(app)
        r.wait_for('the quote accepted at the server',
                   lambda: server_quote(rep, TITLE)['state'] == 'accepted', timeout=40)
        order = r.wait_for('its order at the server', lambda: [
            o for o in rep.call('GET', 'sales_orders?limit=1000')['records']
            if o.get('quote_id') == quote['id']], timeout=40)[0]
        sync(app)
        open_from_sidebar(app, 'Sales Orders', TITLE, order['number'])
        wait_lines(app, ['Chair', 'Desk'])
        wait_total(app, TOTAL)
        app.button('Cancel Order…')
        app.screenshot('order-actions')

        # A sent quote's New Revision opens the new draft; the old one is
        # superseded by it at the sync.
        spare = rep.call('POST', 'quotes', {'title': SPARE, 'currency': 'CNY',
                                            'owner_id': rep.user_id})
        rep.call('POST', 'quote_lines', {'quote_id': spare['id'], 'position': 'p0',
                                         'description': 'Castor', 'qty_milli': 4000,
                                         'unit_price_x100': 500000})
        rep.call('PATCH', 'quotes/' + spare['id'], {'state': 'sent'})
        sync(app)
        a.open_record(app, 'Quotes', SPARE)
        app.wait_label('Sent', timeout=40)
        app.click('New Revision')
        app.wait_label('Gets its number at the next sync')
        app.wait_label('Draft')
        sync(app)
        r.wait_for('revision 2 at the server',
                   lambda: server_quote(rep, SPARE)['revision'] == 2, timeout=40)
        revision = server_quote(rep, SPARE)
        assert (revision['state'], revision['number']) == ('draft', spare['number']), revision
        assert rep.call('GET', 'quotes/' + spare['id'])['state'] == 'superseded'
        app.wait_no_label('Gets its number at the next sync', timeout=40)
        # The old revision says so, and leads to the new one.
        app.key('<Alt>7')
        rows = r.wait_for('the superseded revision in the list', lambda: [
            n for n in app.find_all('label', None, into_records=True)
            if n.name and 'Superseded' in n.name])
        a.click_at(rows[0])
        app.wait_label('Superseded')
        app.button('Open Revision 2')
        app.screenshot('quote-actions-superseded')
        app.click('Open Revision 2')
        app.wait_label('Draft')
        app.wait_no_label('Superseded')
    except Exception:
        if app is not None:
            app.screenshot('quote-actions-failed')
        raise
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
