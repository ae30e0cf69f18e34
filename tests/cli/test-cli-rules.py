#!/usr/bin/env python3
# test-cli-rules.py: automation rules from the shell, through a real server
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-rules.py PATH-TO-RAPPORT-CLI PATH-TO-RAPPORT-SERVER
#
# Issue 19's `rapport-cli rules list|show|enable|disable|log`: an admin
# makes a rule disabled and enables it from the shell, a rep may not; a
# deal the rep adds fires it on the server, and the task it makes reaches
# a second client, the manager's, at its next sync, with the run in the
# log. Errors go to stderr with a non-zero exit.

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import (PASSWORD, CliTestCase, EXIT_ERROR, EXIT_OK,  # noqa: E402
                         EXIT_USAGE, Server)

ACTIONS = '[{"type": "create_task", "title": "Send proposal", "due_in_business_days": 2}]'


class CliRulesTests(CliTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server(self.home, {'ada': 'admin', 'mei': 'manager', 'rick': 'rep'})
        self.addCleanup(self.server.stop)
        self.admin, self.mei, self.rick = (self.new_client(n) for n in ('ada', 'mei', 'rick'))
        for client, user in ((self.admin, 'ada'), (self.mei, 'mei'), (self.rick, 'rick')):
            self.assertEqual(client.login(self.server.url, user, PASSWORD).returncode, EXIT_OK)

    def ok(self, client, *args):
        result = client.run(*args)
        self.assertEqual(result.returncode, EXIT_OK, result)
        return result

    def tasks(self, client):
        return [t['title'] for t in self.ok(client, '--json', 'list', 'task').json()]

    def test_rule_enabled_from_the_shell_fires_once_for_every_client(self):
        self.ok(self.admin, 'add', 'automation_rule', '--set', 'name=New deal follow-up',
                '--set', 'entity=deal', '--set', 'trigger=created', '--set', 'actions=' + ACTIONS)
        self.ok(self.admin, 'sync')
        self.ok(self.rick, 'sync')
        listed = self.ok(self.rick, 'rules', 'list').stdout
        self.assertIn('New deal follow-up', listed)
        self.assertIn('disabled', listed)
        self.assertIn('never ran', listed)

        refused = self.rick.run('rules', 'enable', 'New deal follow-up')
        self.assertEqual(refused.returncode, EXIT_ERROR, refused)
        self.assertIn('Only an admin', refused.stderr)
        self.assertEqual(refused.stdout, '')

        self.ok(self.admin, 'sync')
        enabled = self.ok(self.admin, 'rules', 'enable', 'New deal follow-up').stdout
        self.assertIn('sync', enabled)
        self.ok(self.admin, 'sync')

        self.ok(self.rick, 'sync')
        self.ok(self.rick, 'add', 'deal', '--set', 'title=Hangzhou Metro tablets')
        self.assertEqual(self.tasks(self.rick), [], 'nothing runs on the client')
        self.ok(self.rick, 'sync')
        self.assertEqual(self.tasks(self.rick), ['Send proposal'],
                         'the server made the task, and the sync brought it back')
        self.ok(self.mei, 'sync')
        self.assertEqual(self.tasks(self.mei), ['Send proposal'], 'a second client receives it')

        log = self.ok(self.mei, 'rules', 'log', 'New deal follow-up').stdout.splitlines()
        self.assertEqual(len(log), 1, log)
        self.assertIn('\tdone\tdeal ', log[0])
        runs = self.ok(self.mei, '--json', 'rules', 'log').json()
        self.assertEqual([r['result'] for r in runs], ['done'])
        shown = self.ok(self.mei, 'rules', 'show', 'New deal follow-up').stdout
        self.assertIn('create_task', shown)
        self.assertIn('Last runs:', shown)
        self.assertIn('enabled', self.ok(self.mei, 'rules', 'list').stdout)

    def test_mistakes_are_said_on_stderr(self):
        self.ok(self.admin, 'sync')
        missing = self.admin.run('rules', 'show', 'Nope')
        self.assertEqual(missing.returncode, EXIT_USAGE, missing)
        self.assertIn('no automation rule “Nope”', missing.stderr)
        wrong = self.admin.run('rules', 'explode')
        self.assertEqual(wrong.returncode, EXIT_USAGE, wrong)
        self.assertIn('rules list', wrong.stderr)
        bad = self.admin.run('add', 'automation_rule', '--set', 'name=Bad', '--set', 'entity=deal',
                             '--set', 'actions=[{"type": "send_fax"}]')
        self.assertNotEqual(bad.returncode, EXIT_OK, bad)
        self.assertIn('actions', bad.stderr)
        self.assertIn('send_fax', bad.stderr)
        self.assertEqual(self.admin.run('rules', 'log', '--limit', '0').returncode, EXIT_USAGE)


if __name__ == '__main__':
    cli_harness.CLI_PATH = sys.argv[1]
    cli_harness.SERVER_PATH = sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
