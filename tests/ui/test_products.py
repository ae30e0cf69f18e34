#!/usr/bin/python3
"""Products, a type that is only a descriptor entry, a migration and
translations: the sidebar has it after Cases (Alt+6; Tasks keeps Alt+5), a
manager makes a product with a list price in yuan, finds it by searching its
SKU, and a second client (rapport-cli) has it after a sync. A second product
with the same SKU in other case is refused at the SKU field."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def find_product(cli, sku):
    cli.run('sync')
    found = json.loads(cli.run('--json', 'list', 'product', '--search', sku))
    records = found if isinstance(found, list) else found.get('records', found.get('items', []))
    return records[0] if records else None


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = r.App(workdir, server=server, settings={'default-currency': "'CNY'"})
    try:
        cli = r.Client(workdir, server, user='admin')
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)

        # The demo book's catalogue.
        app.key('<Alt>6')
        app.wait_in_list('Industrial Controller IC-200')
        app.screenshot('products-demo')

        app.click('New')
        app.type_into('Name', 'Fiber Router 2000')
        app.type_into('SKU', 'FR-2000')
        app.type_into('Unit', 'piece')
        app.type_into('List Price', '1299')
        app.click('Save')
        app.wait_in_list('Fiber Router 2000')
        # In yuan, as the C locale writes it (zh_CN writes ¥1,299.00).
        app.wait_label_containing('CN¥1299.00')
        app.screenshot('products-saved')

        # The same SKU in other case: refused at the field, nothing saved.
        app.click('New')
        app.type_into('Name', 'Router copy')
        app.type_into('SKU', 'fr-2000')
        app.click('Save')
        app.wait_label('Another product already has this SKU')
        app.screenshot('products-duplicate')
        app.click('Cancel')
        app.wait_in_list('Router copy', present=False)
        assert app.list_labels().count('Fiber Router 2000') == 1, app.list_labels()

        # Search by SKU.
        app.key('<Control>f')
        app.type_text('FR-2000')
        app.wait_in_list('Fiber Router 2000')

        # Synced: the second client has it, in yuan.
        if not app.find_all(None, 'Sync Now'):
            app.click('Sync Status')
        app.click('Sync Now')
        product = r.wait_for('the product at the second client',
                             lambda: find_product(cli, 'FR-2000'), timeout=40)
        assert product['sku'] == 'FR-2000', product
        assert product['list_price'] == 129900, product
        assert product['list_price_currency'] == 'CNY', product
        assert product['kind'] == 'goods', product
    finally:
        app.quit()
        server.stop()


r.run(test)
