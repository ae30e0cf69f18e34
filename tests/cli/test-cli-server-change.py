#!/usr/bin/env python3
# test-cli-server-change.py: rapport-cli meets a restored server, or another one
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-server-change.py PATH-TO-RAPPORT-CLI PATH-TO-RAPPORT-SERVER
#
# What a user of the command line sees: after the server is restored from a
# backup (by `rapport-server restore`, or by hand as the README once said),
# sync tells what happened and every record is back on both sides; a fresh
# server at the same address is refused with exit status 1 and a message
# naming --adopt-server, and nothing is sent to it until then.

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import CliTestCase, EXIT_ERROR, EXIT_OK  # noqa: E402

SERVER_PATH = None
PASSWORD = 'a long enough password'


class Server:
    """rapport-server on a port that stays the same across restarts."""

    def __init__(self, home, name, port=0):
        self.database = os.path.join(home, name + '.db')
        self.port = port
        self.process = None
        subprocess.run([SERVER_PATH, 'user', 'add', 'mei', '--role', 'manager',
                        '--password-stdin', '--database', self.database],
                       input=PASSWORD + '\n', text=True, check=True, capture_output=True)
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            [SERVER_PATH, 'serve', '--database', self.database, '--port', str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        match = re.search(r'Listening on (http://127\.0\.0\.1:(\d+))', line)
        assert match, line
        self.url = match.group(1)
        self.port = int(match.group(2))

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process is not None:
            self.process.stdout.close()
        self.process = None

    def back_up(self):
        path = self.database + '.backup'
        live = sqlite3.connect(self.database)
        copy = sqlite3.connect(path)
        live.backup(copy)
        copy.close()
        live.close()
        return path


class ServerChangeTests(CliTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server(self.home, 'team')
        self.addCleanup(self.server.stop)
        self.a = self.new_client('a')
        self.b = self.new_client('b')
        for client in (self.a, self.b):
            self.assertEqual(client.login(self.server.url, 'mei', PASSWORD).returncode, EXIT_OK)

    def ok(self, client, *args):
        result = client.run(*args)
        self.assertEqual(result.returncode, EXIT_OK, result)
        return result

    def add(self, client, name, n):
        return [self.ok(client, 'add', 'contact', '--set', f'first_name={name} {i}').stdout.strip()
                for i in range(n)]

    def names(self, client):
        listed = self.ok(client, '--json', 'list', 'contact').json()
        return sorted(r['first_name'] for r in listed)

    def restored(self, put_back):
        self.add(self.a, 'Before', 3)
        self.ok(self.a, 'sync')
        backup = self.server.back_up()
        self.add(self.a, 'After', 2)
        self.ok(self.a, 'sync')
        self.server.stop()
        put_back(backup)
        self.server.start()
        self.add(self.b, 'New', 2)
        self.ok(self.b, 'sync')

        result = self.ok(self.a, 'sync')
        self.assertIn('The server was restored from a backup', result.stdout)
        self.assertIn('2 records it had lost were sent back', result.stdout)
        self.ok(self.b, 'sync')
        expected = sorted([f'Before {i}' for i in range(3)] + [f'After {i}' for i in range(2)] +
                          [f'New {i}' for i in range(2)])
        self.assertEqual(self.names(self.a), expected)
        self.assertEqual(self.names(self.b), expected)
        again = self.ok(self.a, '--json', 'sync').json()
        self.assertIsNone(again['notice'])

    def test_restore_command(self):
        def put_back(backup):
            subprocess.run([SERVER_PATH, 'restore', backup, '--database', self.server.database],
                           check=True, capture_output=True, timeout=60)
        self.restored(put_back)

    def test_backup_copied_back_by_hand(self):
        def put_back(backup):
            shutil.copyfile(backup, self.server.database)
            for suffix in ('-wal', '-shm'):
                if os.path.exists(self.server.database + suffix):
                    os.remove(self.server.database + suffix)
        self.restored(put_back)

    def test_fresh_server_at_the_same_address(self):
        self.add(self.a, 'Mine', 2)
        self.ok(self.a, 'sync')
        self.server.stop()
        fresh = Server(self.home, 'fresh', port=self.server.port)
        self.addCleanup(fresh.stop)
        self.c = self.new_client('c')
        self.assertEqual(self.c.login(fresh.url, 'mei', PASSWORD).returncode, EXIT_OK)
        self.add(self.c, 'Theirs', 3)
        self.ok(self.c, 'sync')
        self.add(self.a, 'Offline', 1)
        self.assertEqual(self.a.login(fresh.url, 'mei', PASSWORD).returncode, EXIT_OK)

        refused = self.a.run('sync')
        self.assertEqual(refused.returncode, EXIT_ERROR, refused)
        self.assertIn('is not the one this database has synced with', refused.stderr)
        self.assertIn('Nothing was sent to it', refused.stderr)
        self.assertIn('rapport-cli sync --adopt-server', refused.stderr)
        as_json = self.a.run('--json', 'sync')
        self.assertEqual(as_json.returncode, EXIT_ERROR, as_json)
        self.assertEqual(as_json.json()['error']['code'], 'other_server')
        self.ok(self.c, 'sync')
        self.assertEqual(self.names(self.c), [f'Theirs {i}' for i in range(3)])

        adopted = self.ok(self.a, 'sync', '--adopt-server')
        self.assertIn('This database now syncs with a new server', adopted.stdout)
        self.assertIn('2 records it lacked were sent to it', adopted.stdout)
        self.ok(self.c, 'sync')
        expected = sorted([f'Mine {i}' for i in range(2)] + ['Offline 0'] +
                          [f'Theirs {i}' for i in range(3)])
        self.assertEqual(self.names(self.a), expected)
        self.assertEqual(self.names(self.c), expected)


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: test-cli-server-change.py RAPPORT-CLI RAPPORT-SERVER')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    SERVER_PATH = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
