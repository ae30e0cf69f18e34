# cli_harness.py: running the real rapport-cli in tests
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each CliTestCase gets a temporary folder with its own XDG_CONFIG_HOME (the
# token file), XDG_DATA_HOME and database, and no keyring. Tests that need a
# server (login, sync, conflicts, exit status 3) start rapport-server
# themselves and sign a Cli in with Cli.login(); several Cli objects on one
# test case are several clients, each with its own database.

import json
import os
import subprocess
import tempfile
import unittest

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_CONFLICTS = 3

# Set by the test script from its command line.
CLI_PATH = None
SERVER_PATH = None
PASSWORD = 'a long enough password'


class Result:
    def __init__(self, completed):
        self.returncode = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr

    def json(self):
        """The one JSON document the command printed on stdout."""
        return json.loads(self.stdout)

    def __repr__(self):
        return 'exit status %d\nstdout: %s\nstderr: %s' % (
            self.returncode, self.stdout, self.stderr)


class Cli:
    """One client: a database and the environment to run rapport-cli in."""

    def __init__(self, home, name='client'):
        self.database = os.path.join(home, name + '.db')
        self.env = dict(os.environ)
        self.env.update({
            'RAPPORT_NO_KEYRING': '1',
            'XDG_CONFIG_HOME': os.path.join(home, 'config'),
            'XDG_DATA_HOME': os.path.join(home, 'data'),
            'LC_ALL': 'C.UTF-8',
        })
        self.env.pop('RAPPORT_DATABASE', None)

    def run(self, *args, stdin=None, database=True):
        command = [CLI_PATH]
        if database:
            command += ['--database', self.database]
        command += list(args)
        completed = subprocess.run(command, input=stdin, capture_output=True,
                                   text=True, env=self.env, timeout=60)
        return Result(completed)

    def login(self, server, user, password):
        return self.run('login', '--server', server, '--user', user,
                        '--password-stdin', stdin=password + '\n')


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self._home = tempfile.TemporaryDirectory(prefix='rapport-cli-test-')
        self.home = self._home.name
        self.cli = Cli(self.home)

    def tearDown(self):
        self._home.cleanup()

    def new_client(self, name):
        return Cli(self.home, name)

    def run_ok(self, *args, cli=None, **kwargs):
        result = (cli or self.cli).run(*args, **kwargs)
        self.assertEqual(result.returncode, EXIT_OK, result)
        return result

    def run_json(self, *args, cli=None, expect=EXIT_OK, **kwargs):
        result = (cli or self.cli).run('--json', *args, **kwargs)
        self.assertEqual(result.returncode, expect, result)
        return result.json()

    def assert_exit(self, expect, *args, cli=None, **kwargs):
        result = (cli or self.cli).run(*args, **kwargs)
        self.assertEqual(result.returncode, expect, result)
        return result


class Server:
    """rapport-server on a free loopback port, with @users (name → role)."""

    def __init__(self, home, users):
        self.database = os.path.join(home, 'server.db')
        for user, role in users.items():
            subprocess.run([SERVER_PATH, 'user', 'add', user, '--role', role,
                            '--password-stdin', '--database', self.database],
                           input=PASSWORD + '\n', text=True, check=True, capture_output=True)
        self.process = subprocess.Popen(
            [SERVER_PATH, 'serve', '--database', self.database, '--port', '0'],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        assert line.startswith('Listening on '), line
        self.url = line[len('Listening on '):].strip()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process.stdout.close()


def start_demo_server(database):
    """The demo book in @database, wang.fang's password PASSWORD, served on a
    free loopback port: returns the process and its URL."""
    subprocess.run([SERVER_PATH, 'demo', '--database', database],
                   check=True, capture_output=True, timeout=60)
    subprocess.run([SERVER_PATH, 'user', 'passwd', 'wang.fang', '--password-stdin',
                    '--database', database], input=PASSWORD + '\n', text=True, check=True,
                   capture_output=True, timeout=60)
    process = subprocess.Popen([SERVER_PATH, 'serve', '--database', database, '--port', '0'],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    assert line.startswith('Listening on '), line
    return process, line[len('Listening on '):].strip()


def stop_server(process):
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()
