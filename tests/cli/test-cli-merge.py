#!/usr/bin/env python3
# test-cli-merge.py: rapport-cli merge and unmerge, by two clients through a real server
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-merge.py PATH-TO-RAPPORT-CLI PATH-TO-RAPPORT-SERVER
#
# Mei merges two records of Ana while Tom, offline, edits the one that goes
# away, adds a task to it and merges the same two himself. After both sync
# they see one Ana with Tom's edit, the task and the deal on her, and Tom's
# merge refused, saying where the records went. Mei's unmerge brings the
# other Ana back with her deal; Tom's task stays.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import (PASSWORD, CliTestCase, EXIT_ERROR, EXIT_OK,  # noqa: E402
                         EXIT_USAGE, Server)


class CliMergeTests(CliTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server(self.home, {'mei': 'manager', 'tom': 'manager'})
        self.addCleanup(self.server.stop)
        self.mei, self.tom = self.new_client('mei'), self.new_client('tom')
        for client, user in ((self.mei, 'mei'), (self.tom, 'tom')):
            self.assertEqual(client.login(self.server.url, user, PASSWORD).returncode, EXIT_OK)

    def ok(self, client, *args):
        result = client.run(*args)
        self.assertEqual(result.returncode, EXIT_OK, result)
        return result

    def add(self, client, entity, *assignments):
        args = ['add', entity]
        for assignment in assignments:
            args += ['--set', assignment]
        return self.ok(client, *args).stdout.strip()

    def get(self, client, entity, record_id):
        return self.ok(client, '--json', 'get', entity, record_id).json()

    def names(self, client):
        return sorted(c['id'] for c in self.ok(client, '--json', 'list', 'contact').json())

    def test_two_clients_merge_edit_offline_and_unmerge(self):
        ana = self.add(self.mei, 'contact', 'first_name=Ana', 'last_name=Ribeiro',
                       'emails=work:ana@northwind.example')
        twin = self.add(self.mei, 'contact', 'first_name=Ana', 'last_name=Ribeiro-Silva',
                        'title=Buyer', 'emails=home:ana@northwind.example')
        deal = self.add(self.mei, 'deal', 'title=Fleet renewal', f'contact_id={twin}')
        company = self.add(self.mei, 'company', 'name=Northwind')
        self.ok(self.mei, 'sync')
        self.ok(self.tom, 'sync')

        # Tom, offline: an edit and a task on the twin, and the same merge.
        self.ok(self.tom, 'update', 'contact', twin, '--set', 'title=Head Buyer')
        task = self.add(self.tom, 'task', 'title=Call back', f'contact_id={twin}')
        self.ok(self.tom, 'merge', '--into', ana, twin)

        # What the database can tell is refused before anything is queued.
        pending = self.ok(self.mei, '--json', 'status').json()['pending']
        for args, status, words in (
                (('merge', twin), EXIT_USAGE, '--into'),
                (('merge', '--into', ana, ana), EXIT_USAGE, 'named twice'),
                (('merge', '--into', ana, company), EXIT_USAGE, 'one type'),
                (('merge', '--into', ana, twin, '--keep', 'emails=' + twin), EXIT_USAGE, 'emails'),
                (('merge', '--into', ana, twin, '--keep', 'title=' + company), EXIT_USAGE,
                 'not one of the merged'),
                (('merge', '--into', ana, '0193a000-0000-7000-8000-000000000000'), EXIT_ERROR,
                 'No contact or company')):
            result = self.mei.run(*args)
            self.assertEqual(result.returncode, status, result)
            self.assertIn(words, result.stderr)
        self.assertEqual(self.ok(self.mei, '--json', 'status').json()['pending'], pending)

        merged = self.ok(self.mei, '--json', 'merge', '--into', ana, twin,
                         '--keep', f'last_name={twin}').json()
        self.ok(self.mei, 'sync')
        self.assertEqual(self.names(self.mei), [ana])
        shown = self.mei.run('--json', 'get', 'contact', twin)
        self.assertEqual(shown.returncode, EXIT_OK, shown)
        self.assertIn(f'merged into {ana}', shown.stderr)
        self.assertEqual(shown.json()['id'], ana)

        # Tom syncs: his edit and his task land on Ana, his merge is refused.
        sync = self.tom.run('sync')
        self.assertEqual(sync.returncode, EXIT_ERROR, sync)
        self.assertIn('Already merged into “Ana Ribeiro-Silva”', sync.stdout + sync.stderr)
        [refused] = self.tom.run('--json', 'failed').json()
        self.ok(self.tom, 'discard', refused['op_id'])
        self.assertEqual(self.names(self.tom), [ana])
        self.ok(self.mei, 'sync')
        for client in (self.mei, self.tom):
            self.assertEqual(self.names(client), [ana])
            record = self.get(client, 'contact', ana)
            self.assertEqual((record['last_name'], record['title']), ('Ribeiro-Silva', 'Head Buyer'))
            self.assertEqual([e['value'] for e in record['emails']], ['ana@northwind.example'])
            self.assertEqual(self.get(client, 'deal', deal)['contact_id'], ana)
            self.assertEqual(self.get(client, 'task', task)['contact_id'], ana)

        # Mei's unmerge: the twin and her deal come back; Tom's task stays.
        self.ok(self.mei, 'unmerge', merged['id'])
        self.ok(self.mei, 'sync')
        self.ok(self.tom, 'sync')
        for client in (self.mei, self.tom):
            self.assertEqual(self.names(client), sorted([ana, twin]))
            self.assertEqual(self.get(client, 'contact', twin)['title'], 'Buyer')
            self.assertEqual(self.get(client, 'deal', deal)['contact_id'], twin)
            self.assertEqual(self.get(client, 'task', task)['contact_id'], ana)
        again = self.mei.run('unmerge', merged['id'])
        self.assertEqual(again.returncode, EXIT_ERROR, again)
        self.assertIn('undone already', again.stderr)


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: test-cli-merge.py RAPPORT-CLI RAPPORT-SERVER')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    cli_harness.SERVER_PATH = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
