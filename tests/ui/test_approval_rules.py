#!/usr/bin/python3
"""An admin makes an approval rule in the app: the Approval Rules section
(an admin's: a rep's sidebar has none), its limit typed as a percentage,
its approvers picked, not typed, and shown by name, its customer segment
chosen from the team's segments. After a sync the server has the rule as
the admin made it, and a rep's draft above the limit shows the strip asking
for the approval the rule names."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        admin = a.Rest(server, 'admin')
        segment = admin.call('POST', 'segments', {
            'name': 'Key accounts', 'object': 'company',
            'filter': '{"all": [{"field": "industry", "op": "=", "value": "Retail"}]}'})
        app = r.App(workdir, server=server, user='admin', name='admin')
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        # The ninth section, after Campaigns; Tasks keeps Alt+5.
        app.wait_label('Approval Rules', timeout=40)
        app.key('<Alt>0')
        app.click('New')
        app.type_into('Name', 'Deep')
        app.type_into('Largest Line Discount', '15')
        # Steps are picked: the first kind offered is any manager.
        app.click('Add Step')
        app.wait_label('1. Any manager')
        # The team's one segment is offered as the picker opens.
        app.click('Choose Customer Segment')
        dialog = app.frame('Choose Customer Segment')
        app.click('Key accounts', root=dialog)
        r.wait_for('the picker closed', lambda: not [
            f for f in app.node.children if f.name == 'Choose Customer Segment'])
        app.screenshot('approval-rule-new')
        app.click('Save')
        app.wait_in_list('Deep')
        app.wait_label_containing('Any manager')
        a.sync(app)
        # The demo book has a rule of its own.
        rules = r.wait_for('the rule at the server',
                           lambda: [x for x in admin.call('GET', 'approval_rules')['records']
                                    if x['name'] == 'Deep'], timeout=40)
        assert [(x['max_line_discount_ppm'], x['steps'], x.get('active'), x.get('segment_id'))
                for x in rules] == [(150000, 'role:manager', None, segment['id'])], rules
        app.quit()
        app = None

        rep = a.Rest(server, 'lucas.martin')
        quote = rep.call('POST', 'quotes', {'title': a.QUOTE, 'currency': 'CNY',
                                            'owner_id': rep.user_id})
        for n, discount in enumerate((0, 100000, 250000)):
            rep.call('POST', 'quote_lines', {'quote_id': quote['id'], 'position': 'p%d' % n,
                                             'description': 'Chair %d' % (n + 1),
                                             'qty_milli': 2000, 'unit_price_x100': 1000000,
                                             'discount_ppm': discount})
        app = r.App(workdir, server=server, user='lucas.martin', name='rep')
        r.wait_for('the rep\'s first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        a.open_record(app, 'Quotes', a.QUOTE)
        app.wait_label('Needs Approval')
        app.wait_label(a.REASON)
        app.wait_label('To be approved by a manager')
        app.screenshot('approval-rule-strip')
        shown = [n for n in app.find_all(None, 'Approval Rules') if n.visible]
        assert not shown, 'a rep has no Approval Rules section'
        assert [n for n in app.find_all(None, 'Sales Orders') if n.visible]
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
