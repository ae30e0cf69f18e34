#!/usr/bin/python3
"""A quote's lines priced from the price list, and Refresh Prices. The
manager's default yuan list (before the demo's, by its priority) gives
parts 10 % off; the rep adds a line
(Ctrl+L) and picks the bearing: the product's list price (CN¥120.00) is
replaced by the list's (CN¥108.00), and the editor says where it came
from. The manager then makes it 20 % off: the saved line keeps its price.
Refresh Prices lists the line, CN¥108.00 → CN¥96.00 with its new amount
and the quote's new total; Cancel changes nothing; Apply gives the line
the new price and its toast's Undo gives the old one back; applied
again, the line says the new rule. The product,
the list and the quote are made through the server's REST API.
Screenshots price-line (the line editor) and price-refresh (the diff)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402

QUOTE = 'Bearings for Huaxin'
SOURCE = 'Dealers 2026 · Parts · 10 % off'


def seed(server):
    """The manager's product and default list; the rep's quote. Returns the
    manager's Rest, the list's item and the quote."""
    manager = a.Rest(server, 'wang.fang')
    manager.call('POST', 'products', {'sku': 'BR-1', 'name': 'Bearing', 'category': 'Parts',
                                      'list_price': 12000, 'list_price_currency': 'CNY'})
    # Before the demo book's standard list, a default too.
    price_list = manager.call('POST', 'price_lists', {'name': 'Dealers 2026', 'currency': 'CNY',
                                                      'is_default': True, 'priority': 50})
    item = manager.call('POST', 'price_list_items', {
        'price_list_id': price_list['id'], 'name': 'Parts', 'category': 'Parts',
        'rule': 'percent_off', 'discount_ppm': 100000})
    rep = a.Rest(server, 'lucas.martin')
    quote = rep.call('POST', 'quotes', {'title': QUOTE, 'currency': 'CNY',
                                        'owner_id': rep.user_id})
    return manager, item, quote


def text_of(app, name, root):
    text = app.entry(name, root=root).queryText()
    return text.getText(0, text.characterCount)


def lines_shown(app):
    lists = [n for n in app.find_all('list', 'Line Items')]
    if not lists:
        return []
    return [n.name for n in lists[0].children if n.roleName == 'list item'
            and n.name != 'Column Headings']


def wait_line(app, start):
    r.log('wait for the line', start)
    r.wait_for('the line ' + start,
               lambda: [n for n in lines_shown(app) if n.startswith(start)], timeout=30)


def open_refresh(app):
    app.focus_window()
    app.click('Refresh Prices')
    return app.frame('Refresh Prices')


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        manager, item, quote = seed(server)
        app = r.App(workdir, server=server, user='lucas.martin', width=1280, height=900)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        a.open_record(app, 'Quotes', QUOTE)

        # Ctrl+L, the bearing picked: the list's price replaces the product's.
        app.focus_window()
        app.key('<Control>l')
        dialog = app.frame('Edit Line')
        app.click('Choose Product', root=dialog)
        picker = app.frame('Choose Product')
        app.type_into('Search Records', 'Bearing', root=picker)
        # Enter picks the first hit, once the search has found it.
        r.keys_to('Choose Product')
        r.rawinput.keyCombo('Return')
        app.wait_closed(picker, 'Choose Product')
        try:
            r.wait_for('the price list\'s price',
                       lambda: text_of(app, 'Unit Price', dialog) == 'CN¥108.00')
        except AssertionError:
            r.log('the price:', text_of(app, 'Unit Price', dialog))
            raise
        r.wait_for('where the price came from', lambda: app.find_all(
            'label', 'Price from: ' + SOURCE, root=dialog))
        app.type_into('Quantity', '2', root=dialog)
        app.keep_screenshot(app.screenshot_of('price-line', dialog), 'price-line')
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Edit Line')
        wait_line(app, 'Bearing, 2 × CN¥108.00, CN¥216.00')
        app.wait_label(SOURCE)

        # 20 % off now: the saved line keeps its price.
        manager.call('PATCH', 'price_list_items/' + item['id'], {'discount_ppm': 200000})
        a.sync(app)
        r.time.sleep(2)
        wait_line(app, 'Bearing, 2 × CN¥108.00, CN¥216.00')

        # Refresh Prices: the diff, then Cancel changes nothing.
        dialog = open_refresh(app)
        r.wait_for('the line\'s new price', lambda: app.find_all(
            None, 'CN¥108.00 → CN¥96.00, amount CN¥192.00', root=dialog))
        r.wait_for('the new total', lambda: app.find_all(
            'label', 'Total: CN¥216.00 → CN¥192.00', root=dialog))
        app.keep_screenshot(app.screenshot_of('price-refresh', dialog), 'price-refresh')
        a.respond(app, dialog, 'Cancel')
        app.wait_closed(dialog, 'Refresh Prices')
        r.time.sleep(1)
        wait_line(app, 'Bearing, 2 × CN¥108.00, CN¥216.00')

        # Apply: the new price; Undo: the old one, and its source, back.
        dialog = open_refresh(app)
        r.wait_for('the line\'s new price', lambda: app.find_all(
            None, 'CN¥108.00 → CN¥96.00, amount CN¥192.00', root=dialog))
        a.respond(app, dialog, 'Apply New Prices')
        app.wait_closed(dialog, 'Refresh Prices')
        wait_line(app, 'Bearing, 2 × CN¥96.00, CN¥192.00')
        app.click_toast('Undo')
        wait_line(app, 'Bearing, 2 × CN¥108.00, CN¥216.00')
        app.wait_label(SOURCE)

        # Applied again, the line says where its new price came from.
        dialog = open_refresh(app)
        a.respond(app, dialog, 'Apply New Prices')
        app.wait_closed(dialog, 'Refresh Prices')
        wait_line(app, 'Bearing, 2 × CN¥96.00, CN¥192.00')
        app.wait_label('Dealers 2026 · Parts · 20 % off')
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
