#!/usr/bin/env python3
# test-cli-duplicates.py: rapport-cli duplicates, a scan of a real local database
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-duplicates.py RAPPORT-CLI LOCALEDIR
#
# A book with the duplicates people really make (one email typed twice, a
# name typed in the other order, a company with and without its legal form)
# and the look-alikes that are not duplicates (one person at two companies,
# an office's shared line): what the scan lists, at each level, what an
# import's dry run flags, and the errors for a wrong command line.

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import CliTestCase, EXIT_USAGE  # noqa: E402


class DuplicatesTests(CliTestCase):
    def add(self, entity, *assignments):
        args = ['add', entity]
        for assignment in assignments:
            args += ['--set', assignment]
        return self.run_ok(*args).stdout.strip()

    def setUp(self):
        super().setUp()
        northwind = self.add('company', 'name=Northwind Traders Ltd',
                             'website=https://www.northwind.example/')
        self.add('company', 'name=NORTHWIND TRADERS', 'domain=northwind.example')
        self.add('company', 'name=Contoso')
        self.ana = self.add('contact', 'first_name=Ana', 'last_name=Ribeiro',
                            f'company_id={northwind}', 'emails=work:ana@northwind.example')
        self.ana_again = self.add('contact', 'first_name=ana', 'last_name=RIBEIRO',
                                  'emails=work: Ana@Northwind.example ')
        # The same name at another company, another address: a possible
        # duplicate for the scan's queue, never a warning.
        self.add('contact', 'first_name=Ana', 'last_name=Ribeiro',
                 'emails=work:ana.ribeiro@contoso.example')
        # Two people behind one switchboard: likely, never certain.
        self.add('contact', 'first_name=Fang', 'last_name=Wang', 'phones=work:+86 10 6552 9988')
        self.add('contact', 'first_name=Lei', 'last_name=Li', 'phones=work:+86-10-65529988')
        self.add('contact', 'first_name=Lucas', 'last_name=Martin')

    def test_likely_and_certain_groups_with_their_evidence(self):
        report = self.run_json('duplicates', 'contact')
        levels = [group['level'] for group in report['groups']]
        self.assertEqual(levels, ['certain', 'likely'])

        ana = report['groups'][0]
        self.assertEqual([r['id'] for r in ana['records']], [self.ana, self.ana_again])
        self.assertEqual(ana['records'][0]['name'], 'Ana Ribeiro (Northwind Traders Ltd)')
        [pair] = ana['pairs']
        self.assertEqual(pair['evidence'], ['same email', 'same name'])

        office = report['groups'][1]
        self.assertEqual(sorted(r['name'] for r in office['records']), ['Fang Wang', 'Lei Li'])
        self.assertEqual(office['pairs'][0]['evidence'], ['same phone +861065529988'])

    def test_possible_matches_join_the_group(self):
        report = self.run_json('duplicates', 'contact', '--min', 'possible')
        self.assertEqual(len(report['groups'][0]['records']), 3)
        self.assertEqual(self.run_json('duplicates', 'contact', '--min', 'certain')['groups'][0]
                         ['level'], 'certain')
        self.assertEqual(len(self.run_json('duplicates', 'contact', '--min', 'certain')['groups']),
                         1)

    def test_a_pair_said_not_to_be_duplicates_is_passed_over(self):
        # "Create anyway" in the app keeps such a record, with the reason.
        self.add('not_duplicate', 'object=contact', f'record_id={self.ana_again}',
                 f'other_id={self.ana}', 'reason=Different person, same name')
        report = self.run_json('duplicates', 'contact')
        self.assertEqual([group['level'] for group in report['groups']], ['likely'])
        [mark] = self.run_json('list', 'not_duplicate')
        self.assertEqual(mark['reason'], 'Different person, same name')
        # Without its pair it is refused, naming the field, and nothing is kept.
        result = self.assert_exit(cli_harness.EXIT_ERROR, 'add', 'not_duplicate',
                                  '--set', 'object=contact', '--set', f'record_id={self.ana}')
        self.assertIn('other_id', result.stderr)
        result = self.assert_exit(cli_harness.EXIT_ERROR, 'add', 'not_duplicate',
                                  '--set', 'object=contact', '--set', f'record_id={self.ana}',
                                  '--set', f'other_id={self.ana}')
        self.assertIn('other_id: A record cannot be marked as not a duplicate of itself',
                      result.stderr)
        self.assertEqual(len(self.run_json('list', 'not_duplicate')), 1)

    def test_companies_and_the_printed_report(self):
        result = self.run_ok('duplicates', 'company')
        self.assertIn('Group 1: Certain\n', result.stdout)
        self.assertIn('Northwind Traders Ltd ↔ NORTHWIND TRADERS: Certain '
                      '(same name, same domain northwind.example)', result.stdout)
        self.assertNotIn('Contoso', result.stdout)
        self.assertTrue(result.stdout.endswith('1 group of possible duplicates.\n'), result.stdout)

    def test_in_chinese(self):
        # From the build's translations.
        cn = dict(self.cli.env, LANGUAGE='zh_CN', LC_ALL='zh_CN.UTF-8',
                  RAPPORT_LOCALEDIR=LOCALEDIR)
        done = subprocess.run([cli_harness.CLI_PATH, '--database', self.cli.database,
                               'duplicates', 'contact'],
                              capture_output=True, text=True, env=cn, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn('确定重复', done.stdout)
        self.assertIn('邮箱相同、姓名相同', done.stdout)

    def test_import_dry_run_flags_look_alike_rows(self):
        path = os.path.join(self.home, 'contacts.csv')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('First Name,Last Name,E-mail Address,Business Phone\n'
                    'Mei,Chen,mei.chen@blueharbor.example,\n'
                    # Fang Wang's line and name, another address.
                    'Fang,Wang,fang.wang@gmail.com,+86 10 6552 9988\n'
                    'MEI,Chen, Mei.Chen@BlueHarbor.example ,\n')
        result = self.run_ok('import', '--dry-run', path)
        self.assertIn('Line 4: Looks like row 2: same email, same name\n', result.stderr)
        self.assertIn('Line 3: Looks like Fang Wang, already in the book: '
                      'same phone +861065529988, same name\n', result.stderr)
        self.assertNotIn('Line 2:', result.stderr)
        # A dry run saves nothing, the flagged rows included.
        self.assertEqual(len(self.run_json('list', 'contact')), 6)
        # The flagged lines left out, as the app's review leaves them.
        bad = self.assert_exit(EXIT_USAGE, 'import', '--skip-lines', '3,x', path)
        self.assertIn('not “x”', bad.stderr)
        self.assertEqual(len(self.run_json('list', 'contact')), 6)
        done = self.run_ok('import', '--skip-lines', '3, 4', path)
        self.assertIn('1 created, 0 updated, 0 unchanged, 2 skipped, 0 with errors', done.stdout)
        self.assertIn('Line 3: Skipped: left out when reviewing likely duplicates', done.stderr)
        names = sorted(c.get('first_name') for c in self.run_json('list', 'contact'))
        self.assertEqual(names.count('Mei'), 1)
        self.assertEqual(len(names), 7)

    def test_bad_command_lines(self):
        for args, says in [
                (['duplicates', 'deal'], 'contacts and companies, not “deal”'),
                (['duplicates', 'contact', '--min', 'sure'],
                 '--min must be possible, likely or certain, not “sure”'),
                (['duplicates', 'planet'], 'planet'),
                (['duplicates'], '')]:
            with self.subTest(args=args):
                result = self.assert_exit(EXIT_USAGE, *args)
                self.assertIn(says, result.stderr)
                self.assertEqual(result.stdout, '')


LOCALEDIR = None

if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit('usage: test-cli-duplicates.py RAPPORT-CLI LOCALEDIR')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    LOCALEDIR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
