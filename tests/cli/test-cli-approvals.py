#!/usr/bin/env python3
# test-cli-approvals.py: a quote made from JSON, submitted, decided, sent,
# by four rapport-cli databases through a real server
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-approvals.py PATH-TO-RAPPORT-CLI PATH-TO-RAPPORT-SERVER
#
# The CLI: list, show, create from JSON, submit, approve, reject.
# Decisions are made offline and the server decides what they do: two
# managers who decide the same request offline, the first to sync wins and
# the second's decision comes back as a change the server refused.

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import (PASSWORD, CliTestCase, EXIT_ERROR, EXIT_OK,  # noqa: E402
                         EXIT_USAGE, Server)


QUOTE = {
    'title': '会议室家具', 'currency': 'CNY',
    'lines': [
        {'description': 'Desk', 'qty_milli': 2000, 'unit_price_x100': 1250000, 'position': 'a'},
        {'description': 'Chair', 'qty_milli': 8000, 'unit_price_x100': 300000,
         'discount_ppm': 250000, 'position': 'b'},
    ],
}


class CliApprovalTests(CliTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server(self.home, {'ada': 'admin', 'mei': 'manager', 'tom': 'manager', 'rick': 'rep'})
        self.addCleanup(self.server.stop)
        self.admin, self.mei, self.tom, self.rick = (
            self.new_client(name) for name in ('ada', 'mei', 'tom', 'rick'))
        for client, user in ((self.admin, 'ada'), (self.mei, 'mei'), (self.tom, 'tom'),
                             (self.rick, 'rick')):
            self.assertEqual(client.login(self.server.url, user, PASSWORD).returncode, EXIT_OK)
        self.ok(self.admin, 'add', 'approval_rule', '--set', 'name=Discounts',
                '--set', 'max_line_discount_ppm=150000', '--set', 'active=true')
        self.ok(self.admin, 'sync')
        path = os.path.join(self.home, 'quote.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(QUOTE, f, ensure_ascii=False)
        self.ok(self.rick, 'sync')
        self.quote = self.ok(self.rick, 'create', 'quote', path).stdout.strip()

    def ok(self, client, *args):
        result = client.run(*args)
        self.assertEqual(result.returncode, EXIT_OK, result)
        return result

    def request_id(self, client):
        requests = self.ok(client, '--json', 'list', 'approval_request').json()
        return [r for r in requests if r.get('quote_id') == self.quote]

    def test_quote_from_json_is_submitted_approved_and_sent(self):
        quote = self.ok(self.rick, '--json', 'get', 'quote', self.quote).json()
        # 2 × ¥125.00 + 8 × ¥30.00 less 25 %.
        self.assertEqual(quote['total'], 25000 + 18000)
        submitted = self.ok(self.rick, 'submit', 'quote', self.quote, '--comment', 'Key account')
        self.assertIn('Line 2 discount 25 % is above the 15 % limit', submitted.stdout)
        self.ok(self.rick, 'sync')
        self.assertEqual(self.ok(self.rick, '--json', 'get', 'quote', self.quote).json()['state'],
                         'pending_approval')

        self.ok(self.mei, 'sync')
        [request] = self.request_id(self.mei)
        self.assertEqual(request['requested_by'] is not None, True)
        refused = self.mei.run('reject', request['id'], '--reason', 'no')
        self.assertEqual(refused.returncode, EXIT_USAGE, refused)
        self.assertIn('10 characters', refused.stderr)
        self.assertEqual(self.ok(self.mei, '--json', 'status').json()['pending'], 0)
        self.ok(self.mei, 'approve', request['id'])
        self.ok(self.mei, 'sync')

        self.ok(self.rick, 'sync')
        self.assertEqual(self.ok(self.rick, '--json', 'get', 'quote', self.quote).json()['state'],
                         'approved')
        self.ok(self.rick, 'update', 'quote', self.quote, '--set', 'state=sent')
        self.ok(self.rick, 'sync')
        self.assertEqual(self.ok(self.mei, 'sync') and
                         self.ok(self.mei, '--json', 'get', 'quote', self.quote).json()['state'],
                         'sent')

    def test_revision_supersedes_and_order_follows_acceptance(self):
        self.ok(self.rick, 'submit', 'quote', self.quote)
        self.ok(self.rick, 'sync')
        self.ok(self.mei, 'sync')
        [request] = self.request_id(self.mei)
        self.ok(self.mei, 'approve', request['id'])
        self.ok(self.mei, 'sync')
        self.ok(self.rick, 'sync')
        self.ok(self.rick, 'update', 'quote', self.quote, '--set', 'state=sent')
        revision = self.ok(self.rick, 'revise', self.quote).stdout.strip()
        self.ok(self.rick, 'sync')
        old = self.ok(self.rick, '--json', 'get', 'quote', self.quote).json()
        new = self.ok(self.rick, '--json', 'get', 'quote', revision).json()
        self.assertEqual((old['state'], new['state'], new['revision'], new['number']),
                         ('superseded', 'draft', 2, old['number']))
        lines = self.ok(self.rick, '--json', 'list', 'quote_line').json()
        self.assertEqual(sorted(line['description'] for line in lines
                                if line['quote_id'] == revision), ['Chair', 'Desk'])
        # The copy asks for approval again: its discount is still 25 %.
        self.ok(self.rick, 'update', 'quote', revision, '--set', 'state=sent')
        self.assertEqual(self.rick.run('sync').returncode, EXIT_ERROR)
        self.assertIn('needs approval first', self.rick.run('--json', 'failed').stdout)

    def test_amend_keeps_deliveries_and_supersedes_the_order(self):
        path = os.path.join(self.home, 'order.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump({'title': '仓库货架', 'currency': 'CNY', 'lines': [
                {'description': 'Desk', 'qty_milli': 2000, 'unit_price_x100': 1250000,
                 'position': 'a'}]}, f, ensure_ascii=False)
        order = self.ok(self.rick, 'create', 'sales_order', path).stdout.strip()
        self.ok(self.rick, 'sync')
        self.ok(self.rick, 'update', 'sales_order', order, '--set', 'state=confirmed')
        [desk] = [line for line in self.ok(self.rick, '--json', 'list', 'sales_order_line').json()
                  if line['sales_order_id'] == order]
        self.ok(self.rick, 'update', 'sales_order_line', desk['id'],
                '--set', 'delivered_qty_milli=1000')
        self.ok(self.rick, 'sync')
        amendment = self.ok(self.rick, 'amend', order).stdout.strip()
        self.ok(self.rick, 'sync')
        old = self.ok(self.rick, '--json', 'get', 'sales_order', order).json()
        new = self.ok(self.rick, '--json', 'get', 'sales_order', amendment).json()
        self.assertEqual((old['state'], new['state'], new['revision'], new['number']),
                         ('superseded', 'draft', 2, old['number']))
        [line] = [line for line in self.ok(self.rick, '--json', 'list', 'sales_order_line').json()
                  if line['sales_order_id'] == amendment]
        self.assertEqual((line['description'], line['delivered_qty_milli'],
                          line['amends_line_id']), ('Desk', 1000, desk['id']))
        # Never below what was delivered.
        self.ok(self.rick, 'update', 'sales_order_line', line['id'], '--set', 'qty_milli=500')
        self.assertEqual(self.rick.run('sync').returncode, EXIT_ERROR)
        self.assertIn('delivered already', self.rick.run('--json', 'failed').stdout)
        # Only the latest revision of a confirmed order is amended.
        self.ok(self.rick, 'amend', order)
        self.assertIn('Only the latest revision of a confirmed order is amended',
                      self.rick.run('sync').stdout + self.rick.run('--json', 'failed').stdout)

    def test_sent_without_approval_comes_back_refused(self):
        self.ok(self.rick, 'update', 'quote', self.quote, '--set', 'state=sent')
        sync = self.rick.run('sync')
        self.assertEqual(sync.returncode, EXIT_ERROR, sync)
        failed = self.rick.run('--json', 'failed')
        self.assertIn('needs approval first', failed.stdout, failed)

    def test_two_managers_decide_offline_first_wins(self):
        self.ok(self.rick, 'submit', 'quote', self.quote)
        self.ok(self.rick, 'sync')
        self.ok(self.mei, 'sync')
        self.ok(self.tom, 'sync')
        [request] = self.request_id(self.mei)
        self.ok(self.mei, 'approve', request['id'])
        self.ok(self.tom, 'reject', request['id'], '--reason', 'Margin is too thin here')
        self.ok(self.mei, 'sync')
        late = self.tom.run('sync')
        self.assertEqual(late.returncode, EXIT_ERROR, late)
        self.assertIn('decided earlier', self.tom.run('--json', 'failed').stdout)
        self.ok(self.rick, 'sync')
        self.assertEqual(self.ok(self.rick, '--json', 'get', 'quote', self.quote).json()['state'],
                         'approved')

    def test_submit_what_needs_no_approval_is_answered_by_the_server(self):
        plain = os.path.join(self.home, 'plain.json')
        with open(plain, 'w', encoding='utf-8') as f:
            json.dump({'title': 'Plain', 'currency': 'CNY',
                       'lines': [{'qty_milli': 1000, 'unit_price_x100': 100}]}, f)
        quote = self.ok(self.rick, 'create', 'quote', plain).stdout.strip()
        result = self.ok(self.rick, 'submit', 'quote', quote)
        self.assertIn('no approval rule', result.stderr)
        sync = self.rick.run('sync')
        self.assertEqual(sync.returncode, EXIT_ERROR, sync)
        self.assertIn('needs no approval', self.rick.run('--json', 'failed').stdout)

    def test_bad_json_changes_nothing(self):
        for text in ('[1, 2]', '{"title": "x", "currency": "CNY", "lines": 5}',
                     '{"title": "x", "currency": "CNY", "lines": [{"qty_milli": "many"}]}'):
            path = os.path.join(self.home, 'bad.json')
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            result = self.rick.run('create', 'quote', path)
            self.assertNotEqual(result.returncode, EXIT_OK, result)
            self.assertIn('rapport-cli:', result.stderr)
        missing = self.rick.run('create', 'quote', os.path.join(self.home, 'missing.json'))
        self.assertNotEqual(missing.returncode, EXIT_OK, missing)
        self.assertEqual(len(self.ok(self.rick, '--json', 'list', 'quote').json()), 1)


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: test-cli-approvals.py RAPPORT-CLI RAPPORT-SERVER')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    cli_harness.SERVER_PATH = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
