#!/usr/bin/env python3
# test-cli-sync.py: two rapport-cli databases synced through a real server
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-sync.py PATH-TO-RAPPORT-CLI PATH-TO-RAPPORT-SERVER
#
# What the README's walk-through promises: sign in, sync, see the other
# side's record, clash on a field, see exit status 3, settle it, converge.

import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import (PASSWORD, CliTestCase, Server, EXIT_CONFLICTS, EXIT_ERROR,  # noqa: E402
                         EXIT_OK, EXIT_USAGE)


class CliSyncTests(CliTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server(self.home, {'mei': 'manager', 'tom': 'manager', 'rick': 'rep'})
        self.addCleanup(self.server.stop)
        self.a = self.new_client('a')
        self.b = self.new_client('b')
        self.assertEqual(self.a.login(self.server.url, 'mei', PASSWORD).returncode, EXIT_OK)
        self.assertEqual(self.b.login(self.server.url, 'tom', PASSWORD).returncode, EXIT_OK)

    def ok(self, client, *args):
        result = client.run(*args)
        self.assertEqual(result.returncode, EXIT_OK, result)
        return result

    def test_record_travels_and_conflict_is_settled(self):
        contact = self.ok(self.a, 'add', 'contact', '--set', 'first_name=丽',
                          '--set', 'last_name=陈', '--set', 'title=Buyer').stdout.strip()
        self.ok(self.a, 'sync')
        self.ok(self.b, 'sync')
        self.assertEqual(self.ok(self.b, '--json', 'get', 'contact', contact).json()['title'],
                         'Buyer')

        # Both change the title while offline.
        self.ok(self.a, 'update', 'contact', contact, '--set', 'title=Head of purchasing')
        self.ok(self.b, 'update', 'contact', contact, '--set', 'title=采购经理')
        self.ok(self.a, 'sync')
        clash = self.b.run('sync')
        self.assertEqual(clash.returncode, EXIT_CONFLICTS, clash)
        self.assertIn('1 conflict', clash.stdout)

        conflicts = self.b.run('--json', 'conflicts')
        self.assertEqual(conflicts.returncode, EXIT_CONFLICTS)
        [conflict] = conflicts.json()
        self.assertEqual(conflict['fields']['title'],
                         {'base': 'Buyer', 'mine': '采购经理', 'theirs': 'Head of purchasing'})
        status = self.b.run('--json', 'status')
        self.assertEqual(status.returncode, EXIT_CONFLICTS)

        self.ok(self.b, 'resolve', conflict['id'], '--keep', 'title=mine')
        self.ok(self.b, 'sync')
        self.ok(self.a, 'sync')
        for client in (self.a, self.b):
            record = self.ok(client, '--json', 'get', 'contact', contact).json()
            self.assertEqual(record['title'], '采购经理')
            self.assertEqual(record['version'], 3)
        self.assertEqual(self.ok(self.b, '--json', 'status').json()['conflicts'], 0)

    def test_wrong_password_is_refused(self):
        c = self.new_client('c')
        result = c.login(self.server.url, 'mei', 'not the password')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('rapport-cli:', result.stderr)
        self.assertEqual(c.run('sync').returncode, EXIT_ERROR)

    def test_offline_sync_keeps_changes(self):
        contact = self.ok(self.a, 'add', 'contact', '--set', 'first_name=Zoë').stdout.strip()
        self.server.stop()
        offline = self.a.run('sync')
        self.assertEqual(offline.returncode, EXIT_ERROR, offline)
        self.assertIn('rapport-cli:', offline.stderr)
        self.assertEqual(self.ok(self.a, '--json', 'status').json()['pending'], 1)
        self.assertEqual(self.ok(self.a, '--json', 'get', 'contact', contact).json()['first_name'],
                         'Zoë')

    def test_damaged_outbox_entry_is_kept_and_reported(self):
        ids = [self.ok(self.a, 'add', 'contact', '--set', 'first_name=' + name).stdout.strip()
               for name in ('Anna', 'Bo', 'Chen')]
        self.ok(self.a, 'sync')
        for contact in ids:
            self.ok(self.a, 'update', 'contact', contact, '--set', 'title=Buyer')
        # Bo's edit is cut short on disk.
        with sqlite3.connect(self.a.database) as db:
            db.execute("UPDATE outbox SET changes = substr(changes, 1, length(changes) - 5)"
                       " WHERE record_id = ?", (ids[1],))
            [damaged] = db.execute("SELECT op_id, changes FROM outbox WHERE record_id = ?",
                                   (ids[1],)).fetchall()
        db.close()

        for attempt in range(2):
            result = self.a.run('sync')
            self.assertEqual(result.returncode, EXIT_ERROR, result)
            self.assertIn('%d sent' % (2 if attempt == 0 else 0), result.stdout)
            self.assertIn('1 change could not be sent', result.stderr)
            self.assertIn(ids[1], result.stderr)
            self.assertIn('“Bo”', result.stderr)
            self.assertIn('could not be read', result.stderr)

            status = self.a.run('--json', 'status')
            self.assertEqual(status.returncode, EXIT_OK, status)
            self.assertEqual(status.json()['pending'], 0)
            self.assertEqual(status.json()['failed'], 1)
            [failed] = status.json()['failed_changes']
            self.assertEqual((failed['record_id'], failed['title'], failed['op_id']),
                             (ids[1], 'Bo', damaged[0]))
            self.assertIn(ids[1], self.ok(self.a, 'status').stdout)

            # Kept exactly as it was.
            with sqlite3.connect(self.a.database) as db:
                self.assertEqual(db.execute("SELECT op_id, changes FROM outbox").fetchall(),
                                 [damaged])
            db.close()

        # The other edits arrived.
        self.ok(self.b, 'sync')
        titles = [self.ok(self.b, '--json', 'get', 'contact', contact).json().get('title')
                  for contact in ids]
        self.assertEqual(titles, ['Buyer', None, 'Buyer'])
        result = self.a.run('--json', 'sync')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertEqual(result.json()['failed_changes'][0]['record_id'], ids[1])

        # It can only be discarded: retry refuses it, alone or with the rest.
        retry = self.a.run('retry', damaged[0])
        self.assertEqual(retry.returncode, EXIT_ERROR, retry)
        self.assertIn('only discarded', retry.stderr)
        retry = self.a.run('--json', 'retry', '--all')
        self.assertEqual(retry.returncode, EXIT_ERROR, retry)
        self.assertEqual(retry.json()['retried'], [])
        self.assertEqual([kept['op_id'] for kept in retry.json()['kept']], [damaged[0]])
        self.assertIn('only discarded', retry.stderr)
        discard = self.ok(self.a, 'discard', damaged[0])
        self.assertIn('Discarded the edit of contact %s “Bo”' % ids[1], discard.stdout)
        self.ok(self.a, 'sync')
        self.assertEqual(self.ok(self.a, 'failed').stdout.strip(), 'No failed changes.')

    def test_refused_change_is_listed_sent_again_and_discarded(self):
        rep = self.new_client('rep')
        self.assertEqual(rep.login(self.server.url, 'rick', PASSWORD).returncode, EXIT_OK)
        contact = self.ok(self.a, 'add', 'contact', '--set', 'first_name=丽',
                          '--set', 'title=Buyer').stdout.strip()
        manager_id = self.ok(self.a, '--json', 'get', 'contact', contact).json()['created_by']
        self.ok(self.a, 'update', 'contact', contact, '--set', 'owner_id=' + manager_id)
        self.ok(self.a, 'sync')
        self.ok(rep, 'sync')

        # The rep edits the manager's contact: the server refuses it.
        self.ok(rep, 'update', 'contact', contact, '--set', "title=Rep's title")
        self.assertEqual(rep.run('sync').returncode, EXIT_ERROR)
        listed = rep.run('failed')
        self.assertEqual(listed.returncode, EXIT_ERROR, listed)
        self.assertIn('contact %s “丽”: owner_id: This contact belongs to someone else' % contact,
                      listed.stdout)
        [change] = rep.run('--json', 'failed').json()
        self.assertEqual((change['record_id'], change['op'], change['damaged']),
                         (contact, 'update', False))
        self.assertEqual(change['changes']['title']['new'], "Rep's title")
        self.assertIn(change['op_id'], listed.stdout)

        # Mistakes change nothing.
        for args, status in ((('retry',), EXIT_USAGE), (('retry', change['op_id'], '--all'), EXIT_USAGE),
                             (('discard',), EXIT_USAGE), (('discard', 'no-such-op'), EXIT_ERROR),
                             (('retry', 'no-such-op'), EXIT_ERROR)):
            result = rep.run(*args)
            self.assertEqual(result.returncode, status, result)
        self.assertIn('There is no failed change with id no-such-op', result.stderr)
        self.assertEqual(len(rep.run('--json', 'failed').json()), 1)

        # Sent again, it is pending, and refused once more.
        retry = self.ok(rep, '--json', 'retry', '--all')
        self.assertEqual((retry.json()['retried'], retry.json()['pending'], retry.json()['failed']),
                         ([change['op_id']], 1, 0))
        refused = rep.run('sync')
        self.assertEqual(refused.returncode, EXIT_ERROR, refused)
        self.assertIn('belongs to someone else', refused.stderr)

        # Meanwhile the manager changes the title; the rep gives up the edit
        # and sees the manager's, although the record did not change since.
        self.ok(self.a, 'update', 'contact', contact, '--set', 'title=Head of purchasing')
        self.ok(self.a, 'sync')
        self.assertEqual(rep.run('sync').returncode, EXIT_ERROR)
        [change] = rep.run('--json', 'failed').json()
        discard = self.ok(rep, 'discard', change['op_id'])
        self.assertIn('Discarded the edit of contact %s “丽”' % contact, discard.stdout)
        self.ok(rep, 'sync')
        self.assertEqual(self.ok(rep, '--json', 'get', 'contact', contact).json()['title'],
                         'Head of purchasing')
        self.assertEqual(self.ok(rep, 'failed').stdout.strip(), 'No failed changes.')
        self.assertEqual(self.ok(rep, '--json', 'failed').json(), [])

    def test_control_character_is_refused_and_nothing_is_queued(self):
        result = self.a.run('add', 'contact', '--set', 'first_name=a\x1fb')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('first_name', result.stderr)
        self.assertEqual(self.ok(self.a, '--json', 'status').json()['pending'], 0)
        self.ok(self.a, 'sync')

    def test_every_kind_of_text_reaches_the_other_client(self):
        samples = ['tab\there, new\nline, return\r\nend', '" \\ / \\u0041',
                   'Bergmann & Söhne <b>KG</b>', '张三丰 采购经理', 'deal \U0001F91D done',
                   'DEL\x7f and C1\x85\x9f', 'separators\u2028\u2029', '\ufeffBOM \ufffe\uffff',
                   '\U0010FFFD']
        ids = [self.ok(self.a, 'add', 'contact', '--set', 'first_name=Sample',
                       '--set', 'notes=' + text).stdout.strip() for text in samples]
        self.ok(self.a, 'sync')
        self.ok(self.b, 'sync')
        for contact, text in zip(ids, samples):
            self.assertEqual(self.ok(self.b, '--json', 'get', 'contact', contact).json()['notes'], text)

    def test_big_notes_are_pushed_in_batches_the_server_accepts(self):
        # 20 notes of 100,000 characters that JSON writes as six bytes each:
        # 12 MB of changes, more than the server takes in one request.
        notes = 'notes=' + '\x7f' * 100000
        ids = [self.ok(self.a, 'add', 'contact', '--set', 'first_name=Big %d' % i,
                       '--set', notes).stdout.strip() for i in range(20)]
        self.ok(self.a, 'sync')
        self.assertEqual(self.ok(self.a, '--json', 'status').json()['pending'], 0)
        self.ok(self.b, 'sync')
        for contact in ids:
            self.assertEqual(len(self.ok(self.b, '--json', 'get', 'contact', contact).json()['notes']),
                             100000)


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: test-cli-sync.py RAPPORT-CLI RAPPORT-SERVER')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    cli_harness.SERVER_PATH = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
