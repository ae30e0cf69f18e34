#!/usr/bin/env python3
# test-cli-filter.py: the filter language finds the same records on a
# synced client and on the server
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-filter.py RAPPORT-CLI RAPPORT-SERVER
#
# The demo book on a real rapport-server; a client signs in and syncs. Each
# filter is run by `rapport-cli list --where` on the client's store and by
# `rapport-server filter` on the server's records: one compiler, two
# layouts (columns, JSON documents), the same ids. Bad filters are usage
# errors that say what is wrong, on both. With RAPPORT_TEST_BACKEND=postgresql
# the server keeps the book in PostgreSQL: its SQL runs there.

import csv
import io
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'server'))

import cli_harness  # noqa: E402
import pg_database  # noqa: E402
from cli_harness import CliTestCase, EXIT_USAGE, PASSWORD  # noqa: E402

FILTERS = {
    'contacts': [
        'lifecycle = customer',
        'lifecycle != customer',
        'lifecycle in (lead, prospect) or source = 展会',
        'company.industry contains soft',
        'company.industry != retail',
        'emails contains "fischer-bau"',
        'address contains wien',
        'title contains 经理',
        'birthday between 1980-01-01 and 1985-12-31',
        'created_at in last 30 days',
        'owner = me',
        'has deal',
        'has no deal',
        'has deal where (status = won and amount > 10000)',
        'has no activity where occurred_at in last 90 days',
        'email_consent = yes and first_name starts with a',
    ],
    'companies': [
        'industry is empty',
        'has deal where status = won',
        'has contact where lifecycle = customer and has no case',
        'employees >= 100',
    ],
    'deals': [
        'amount > 50000',
        'amount >= 200000 EUR',
        'expected_close in next 3 months',
        'status = open and company.industry is not empty',
        'tags is not empty',
    ],
    'cases': [
        'priority in (high, urgent)',
        'status != resolved and company.name contains a',
    ],
}


class FilterTest(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server_home = cls.enterClassContext(cli_harness.tempfile.TemporaryDirectory())
        if pg_database.BACKEND == 'postgresql':
            cls.database = pg_database.create()
            cls.addClassCleanup(pg_database.drop, cls.database)
        else:
            cls.database = os.path.join(cls.server_home, 'server.db')
        cls.server, cls.url = cli_harness.start_demo_server(cls.database)

    @classmethod
    def tearDownClass(cls):
        cli_harness.stop_server(cls.server)

    def setUp(self):
        super().setUp()
        self.assertEqual(self.cli.login(self.url, 'wang.fang', PASSWORD).returncode, 0)
        self.run_ok('sync')
        self.me = [r for r in self.run_json('list', 'users') if r.get('name') == 'wang.fang']

    def client_ids(self, entity, text):
        return sorted(r['id'] for r in self.run_json('list', entity, '--where', text))

    def server_ids(self, entity, text):
        result = subprocess.run([cli_harness.SERVER_PATH, 'filter', entity, text,
                                 '--database', self.database, '--user', self.me[0]['id']],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return sorted(result.stdout.split())

    def test_client_and_server_agree(self):
        self.assertEqual(len(self.me), 1)
        narrowing = 0
        for entity, filters in FILTERS.items():
            everything = len(self.run_json('list', entity))
            for text in filters:
                with self.subTest(entity=entity, filter=text):
                    client = self.client_ids(entity, text)
                    self.assertEqual(client, self.server_ids(entity, text))
                    if 0 < len(client) < everything:
                        narrowing += 1
        # most filters pick some records and leave others: the check is not
        # passed by filters that match everything or nothing
        self.assertGreaterEqual(narrowing, 20)

    def test_relation_and_negation(self):
        customers = set(self.client_ids('contacts', 'lifecycle = customer'))
        others = set(self.client_ids('contacts', 'lifecycle != customer'))
        everyone = {r['id'] for r in self.run_json('list', 'contacts')}
        self.assertFalse(customers & others)
        self.assertEqual(customers | others, everyone)
        with_deal = set(self.client_ids('contacts', 'has deal'))
        without = set(self.client_ids('contacts', 'has no deal'))
        self.assertEqual(with_deal | without, everyone)
        self.assertFalse(with_deal & without)
        deal_contacts = {d['contact_id'] for d in self.run_json('list', 'deals') if d['contact_id']}
        self.assertEqual(with_deal, deal_contacts & everyone)

    def test_export_follows_the_filter(self):
        text = self.run_ok('export', 'contacts', '--where', 'lifecycle = customer').stdout
        rows = list(csv.DictReader(io.StringIO(text)))
        self.assertEqual(len(rows), len(self.client_ids('contacts', 'lifecycle = customer')))
        self.assertGreater(len(rows), 0)

    def test_segments(self):
        lapsed = 'lifecycle = customer and has no activity where occurred_at in last 90 days'
        big = 'status = open and amount > 100000'
        self.run_ok('segment', 'save', 'Lapsed customers', 'contacts', lapsed)
        self.run_ok('segment', 'save', 'Big open deals', 'deals', big, '--pin')
        listed = {s['name']: s for s in self.run_json('segment', 'list')}
        self.assertEqual(listed['Lapsed customers']['members'],
                         len(self.client_ids('contacts', lapsed)))
        self.assertEqual(listed['Big open deals']['filter'], big)
        self.assertGreater(listed['Big open deals']['members'], 0)
        self.run_ok('sync')

        # a second client gets the segments and finds the same members
        other = self.new_client('other')
        self.assertEqual(other.login(self.url, 'wang.fang', PASSWORD).returncode, 0)
        self.run_ok('sync', cli=other)
        members = sorted(r['id'] for r in self.run_json('segment', 'members', 'Lapsed customers',
                                                        cli=other))
        self.assertEqual(members, self.client_ids('contacts', lapsed))
        self.assertEqual(members, self.server_ids('contacts', lapsed))
        self.assertGreater(len(members), 0)

        result = self.assert_exit(EXIT_USAGE, 'segment', 'members', 'No such segment')
        self.assertIn('No such segment', result.stderr)

    def test_bad_segments(self):
        """A segment whose filter cannot be used is refused, and nothing is kept."""
        result = self.assert_exit(EXIT_USAGE, 'segment', 'save', 'Bad', 'contacts', 'colour = red')
        self.assertIn('colour', result.stderr)
        result = self.cli.run('add', 'segment', '--set', 'name=Bad', '--set', 'object=contact',
                              '--set', 'filter={"all": [{"field": "colour", "op": "=", "value": 1}]}')
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('colour', result.stderr)
        result = self.cli.run('add', 'segment', '--set', 'name=Bad', '--set', 'object=contact',
                              '--set', 'filter=lifecycle = customer')
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('it is not a filter’s JSON', result.stderr)
        self.assertEqual(self.run_json('segment', 'list'), [])

    def test_bad_filters(self):
        for text, says in (('lifecycle = custmer', 'custmer'),
                           ('colour = red', 'colour'),
                           ('lifecycle =', 'value'),
                           ('birthday contains 12', 'birthday')):
            with self.subTest(filter=text):
                result = self.assert_exit(EXIT_USAGE, 'list', 'contacts', '--where', text)
                self.assertIn(says, result.stderr)
                self.assertEqual(result.stdout, '')
                served = subprocess.run([cli_harness.SERVER_PATH, 'filter', 'contacts', text,
                                         '--database', self.database],
                                        capture_output=True, text=True, timeout=60)
                self.assertEqual(served.returncode, 2)
                self.assertIn(says, served.stderr)


if __name__ == '__main__':
    if pg_database.wanted_but_missing():
        print(f'SKIP: {pg_database.MISSING}')
        sys.exit(77)
    cli_harness.CLI_PATH = sys.argv.pop(1)
    cli_harness.SERVER_PATH = sys.argv.pop(1)
    unittest.main(verbosity=2)
