#!/usr/bin/env python3
# test-cli.py: rapport-cli on a local database: records, output, exit status
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli.py PATH-TO-RAPPORT-CLI [unittest arguments]
#
# Login, sync and conflicts (exit status 3) need a running server: they
# belong to the sync integration tests, which can reuse cli_harness.

import os
import stat
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import (CliTestCase, EXIT_ERROR, EXIT_OK,  # noqa: E402
                         EXIT_USAGE)


class RecordTests(CliTestCase):
    def add(self, entity, *assignments):
        args = ['add', entity]
        for assignment in assignments:
            args += ['--set', assignment]
        result = self.run_ok(*args)
        record_id = result.stdout.strip()
        self.assertRegex(record_id, r'^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-')
        return record_id

    def test_add_get_round_trip(self):
        record_id = self.add('contact', 'first_name=Zoë', 'last_name=Ångström',
                             'emails=work:zoe@example.com,home:zoe@example.de',
                             'phones=mobile:+49 30 1234567',
                             'tags=vip,北京')
        # Consent is a record of its own; the contact's email_consent follows it.
        self.add('consent', f'contact_id={record_id}', 'purpose=marketing', 'status=granted',
                 'source=web_form', 'proof=Sign-up form 7', 'captured_at=2026-03-01T10:00:00Z')

        record = self.run_json('get', 'contact', record_id)
        self.assertEqual(record['id'], record_id)
        self.assertEqual(record['first_name'], 'Zoë')
        self.assertEqual(record['last_name'], 'Ångström')
        self.assertEqual(record['emails'], [
            {'label': 'work', 'value': 'zoe@example.com'},
            {'label': 'home', 'value': 'zoe@example.de'}])
        self.assertEqual(record['phones'][0]['label'], 'mobile')
        self.assertEqual(record['tags'], ['vip', '北京'])
        self.assertIs(record['email_consent'], True)
        self.assertEqual(record['lifecycle'], 'lead')

        # Text shows each value in the syntax --set reads.
        text = self.run_ok('get', 'contact', record_id).stdout
        self.assertIn('first_name:', text)
        self.assertIn('Zoë', text)
        self.assertIn('work:zoe@example.com, home:zoe@example.de', text)
        self.assertIn('vip, 北京', text)

    def test_dates_in_the_locale_form(self):
        # zh_CN types 2026/12/24 or 2026年12月6日; en_US 12/24/2026; ISO anywhere.
        for locale, typed, stored in (('zh_CN.UTF-8', '2026/12/24', '2026-12-24'),
                                      ('zh_CN.UTF-8', '2026年12月6日', '2026-12-06'),
                                      ('en_US.UTF-8', '12/24/2026', '2026-12-24'),
                                      ('C.UTF-8', '2026-12-24', '2026-12-24')):
            self.cli.env['LC_ALL'] = locale
            record_id = self.add('deal', 'title=Dated', 'expected_close=' + typed)
            self.cli.env['LC_ALL'] = 'C.UTF-8'
            self.assertEqual(self.run_json('get', 'deal', record_id)['expected_close'], stored,
                             (locale, typed))
        # A two-digit year or an impossible day is refused, naming the field.
        for typed in ('12/24/26', '2026-02-30', '24.13.2026'):
            result = self.assert_exit(EXIT_ERROR, 'add', 'deal', '--set', 'title=Bad',
                                      '--set', 'expected_close=' + typed)
            self.assertIn('expected_close', result.stderr)
            self.assertIn(typed, result.stderr)

    def test_unlikely_dates_are_questioned(self):
        # Kept, with the same question the app asks.
        record_id = self.add('contact', 'first_name=Old', 'birthday=1850-01-02')
        result = self.run_ok('add', 'contact', '--set', 'first_name=Older',
                             '--set', 'birthday=1850-01-02')
        self.assertIn('birthday', result.stderr)
        self.assertIn('before 1900', result.stderr)
        self.assertEqual(self.run_json('get', 'contact', record_id)['birthday'], '1850-01-02')
        result = self.run_ok('add', 'deal', '--set', 'title=Old deal',
                             '--set', 'expected_close=1901-03-01')
        self.assertIn('expected_close', result.stderr)
        result = self.run_ok('add', 'task', '--set', 'title=Call back',
                             '--set', 'due_at=2026-12-06T09:00:00Z',
                             '--set', 'remind_at=2026-12-06T10:00:00Z')
        self.assertIn('The reminder is after the due time', result.stderr)
        result = self.run_ok('add', 'task', '--set', 'title=Call back',
                             '--set', 'due_at=2026-12-06T09:00:00Z',
                             '--set', 'remind_at=2026-12-06T08:45:00Z')
        self.assertNotIn('Warning', result.stderr)

    def test_chinese_name_and_table_name(self):
        record_id = self.add('contacts', 'first_name=芳', 'last_name=王')
        listed = self.run_ok('list', 'contacts').stdout
        self.assertEqual(listed, '%s\t王芳\n' % record_id)

    def test_add_prints_record_as_json(self):
        record = self.run_json('add', 'company', '--set', 'name=Müller GmbH',
                               '--set', 'employees=420')
        self.assertEqual(record['name'], 'Müller GmbH')
        self.assertEqual(record['employees'], 420)
        self.assertEqual(self.run_json('get', 'company', record['id']), record)

    def test_update(self):
        record_id = self.add('contact', 'first_name=Émile', 'tags=a,b',
                             'lifecycle=prospect')
        result = self.run_ok('update', 'contact', record_id,
                             '--set', 'title=Directeur', '--set', 'tags=',
                             '--set', 'lifecycle=customer')
        self.assertIn(record_id, result.stdout)

        record = self.run_json('get', 'contact', record_id)
        self.assertEqual(record['title'], 'Directeur')
        self.assertIsNone(record['tags'])
        self.assertEqual(record['lifecycle'], 'customer')
        self.assertEqual(record['first_name'], 'Émile')

        updated = self.run_json('update', 'contact', record_id,
                                '--set', 'first_name=Emil')
        self.assertEqual(updated['first_name'], 'Emil')

    def test_delete(self):
        record_id = self.add('task', 'title=Send the quote')
        result = self.run_ok('delete', 'task', record_id)
        self.assertIn(record_id, result.stdout)

        result = self.cli.run('get', 'task', record_id)
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('rapport-cli: ', result.stderr)

        error = self.run_json('delete', 'task', record_id, expect=EXIT_ERROR)
        self.assertEqual(error['error']['code'], 'not_found')

    def test_list_sort_filter_search_limit(self):
        zoe = self.add('contact', 'first_name=Zoë', 'lifecycle=customer')
        emile = self.add('contact', 'first_name=Émile', 'last_name=Zola')
        anna = self.add('contact', 'first_name=anna', 'lifecycle=customer')
        wang = self.add('contact', 'first_name=芳', 'last_name=王')

        ids = [line.split('\t')[0]
               for line in self.run_ok('list', 'contact').stdout.splitlines()]
        self.assertEqual(len(ids), 4)
        # By name, accents and case folded: anna, Émile, Zoë.
        latin = [i for i in ids if i != wang]
        self.assertEqual(latin, [anna, emile, zoe])

        newest = self.run_json('list', 'contact', '--sort', 'updated')
        self.assertEqual(newest[0]['id'], wang)

        customers = self.run_json('list', 'contact', '--filter',
                                  'lifecycle=customer')
        self.assertEqual(sorted(r['id'] for r in customers), sorted([zoe, anna]))

        found = self.run_json('list', 'contacts', '--search', 'emile')
        self.assertEqual([r['id'] for r in found], [emile])

        limited = self.run_json('list', 'contact', '--limit', '2')
        self.assertEqual([r['id'] for r in limited], [anna, emile])

        self.assertEqual(self.run_json('list', 'deal'), [])

    def test_list_deals_by_amount(self):
        small = self.add('deal', 'title=Small', 'amount=500', 'currency=EUR')
        big = self.add('deal', 'title=Big', 'amount=1250000', 'currency=CNY')
        large = self.add('deal', 'title=Large', 'amount=2000000', 'currency=EUR')
        deals = self.run_json('list', 'deals', '--sort', 'amount')
        # 20,000 euros and 12,500 yuan are not compared as numbers: by currency first.
        self.assertEqual([d['id'] for d in deals], [big, large, small])
        self.assertEqual(deals[0]['amount'], 1250000)

    def test_list_shows_money_as_the_locale_writes_it(self):
        for lang, shown in (('en_US.UTF-8', 'US$12,919.00'), ('zh_CN.UTF-8', '¥218,813.00')):
            with self.subTest(lang=lang):
                self.cli.env['LC_ALL'] = lang
                currency = 'USD' if lang.startswith('en') else 'CNY'
                amount = '1291900' if currency == 'USD' else '21881300'
                deal = self.add('deal', 'title=Renewal ' + lang, 'amount=' + amount,
                                'currency=' + currency)
                rows = self.run_ok('list', 'deals', '--search', 'renewal').stdout
                self.assertIn(deal + '\tRenewal ' + lang + '\t' + shown + '\n', rows)

    def test_search(self):
        wang = self.add('contact', 'first_name=芳', 'last_name=王', 'tags=北京')
        zola = self.add('contact', 'first_name=Émile', 'last_name=Zola')
        company = self.add('company', 'name=Zola Éditions')

        hits = self.run_json('search', 'zola')
        self.assertEqual(sorted((h['entity'], h['id']) for h in hits),
                         sorted([('contact', zola), ('company', company)]))
        titles = {h['id']: h['title'] for h in hits}
        self.assertEqual(titles[zola], 'Émile Zola')

        hits = self.run_json('search', '王')
        self.assertEqual([h['id'] for h in hits], [wang])

        text = self.run_ok('search', 'emile').stdout
        self.assertEqual(text, 'contact\t%s\tÉmile Zola\n' % zola)

        self.assertEqual(self.run_json('search', 'nobody'), [])

    def test_database_from_environment(self):
        self.cli.env['RAPPORT_DATABASE'] = os.path.join(self.home, 'env.db')
        record_id = self.run_ok('add', 'contact', '--set', 'first_name=Ana',
                                database=False).stdout.strip()
        self.assertTrue(os.path.exists(self.cli.env['RAPPORT_DATABASE']))
        self.run_ok('get', 'contact', record_id, database=False)
        # --database wins over the environment.
        self.assert_exit(EXIT_ERROR, 'get', 'contact', record_id)

    def test_json_options_after_the_command(self):
        record_id = self.add('contact', 'first_name=Ana')
        result = self.run_ok('get', 'contact', record_id, '--json')
        self.assertEqual(result.json()['id'], record_id)


class ExitStatusTests(CliTestCase):
    def count(self, entity):
        return len(self.run_json('list', entity))

    def test_bad_email_names_the_field_and_changes_nothing(self):
        record_id = self.run_ok('add', 'contact', '--set',
                                'first_name=Bob').stdout.strip()
        pending = self.run_json('status')['pending']

        result = self.cli.run('add', 'contact', '--set', 'first_name=Bob',
                              '--set', 'emails=work:bob@')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertEqual(result.stdout, '')
        self.assertIn('rapport-cli: emails: ', result.stderr)
        self.assertIn('“bob@”', result.stderr)

        result = self.cli.run('update', 'contact', record_id,
                              '--set', 'title=CEO', '--set', 'emails=bob@')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('rapport-cli: emails: ', result.stderr)

        error = self.run_json('add', 'contact', '--set', 'emails=bob@',
                              expect=EXIT_ERROR)
        self.assertEqual(error['error']['code'], 'validation')
        self.assertEqual(error['error']['field'], 'emails')

        self.assertEqual(self.count('contact'), 1)
        record = self.run_json('get', 'contact', record_id)
        self.assertIsNone(record['title'])
        self.assertIsNone(record['emails'])
        self.assertEqual(self.run_json('status')['pending'], pending)

    def test_bad_values_name_the_field(self):
        cases = [
            (['add', 'company', '--set', 'name=X', '--set', 'employees=many'],
             'employees'),
            (['add', 'company', '--set', 'name=X', '--set', 'employees=-3'],
             'employees'),
            (['add', 'contact', '--set', 'email_consent=maybe'], 'email_consent'),
            (['add', 'contact', '--set', 'email_consent=true'], 'email_consent'),
            (['add', 'consent', '--set', 'contact_id=0190a000-0000-7000-8000-000000000001',
              '--set', 'purpose=marketing', '--set', 'status=granted', '--set', 'source=web',
              '--set', 'captured_at=2026-03-01T10:00:00Z'], 'proof'),
            (['add', 'company', '--set', 'domain=example.com'], 'name'),
            (['add', 'contact', '--set', 'lifecycle=friend'], 'lifecycle'),
            (['add', 'contact', '--set', 'id=x'], 'id'),
        ]
        for args, field in cases:
            with self.subTest(args=args):
                result = self.assert_exit(EXIT_ERROR, *args)
                self.assertTrue(
                    result.stderr.startswith('rapport-cli: %s: ' % field),
                    result)
        self.assertEqual(self.count('company'), 0)
        self.assertEqual(self.count('contact'), 0)

    def test_usage_errors(self):
        cases = [
            [],
            ['frobnicate'],
            ['--bogus', 'list', 'contact'],
            ['list', 'contact', '--bogus'],
            ['list', 'widget'],
            ['list'],
            ['list', 'contact', 'extra'],
            ['list', 'contact', '--sort', 'shoe_size'],
            ['list', 'contact', '--sort', 'amount'],
            ['list', 'contact', '--filter', 'lifecycle'],
            ['list', 'contact', '--filter', 'title=x'],
            ['list', 'task', '--search', 'x'],
            ['list', 'contact', '--limit', 'ten'],
            ['add', 'widget', '--set', 'name=x'],
            ['add', 'contact', '--set', 'shoe_size=44'],
            ['add', 'contact', '--set', 'first_name'],
            ['add', 'contact', '--set', '=x'],
            ['update', 'contact', '01890a5d-ac96-774b-bcce-b302099a8057'],
            ['get', 'contact'],
            ['search'],
            ['resolve', 'some-id'],
            ['resolve', 'some-id', '--keep', 'title=maybe'],
            ['login', '--server', 'http://127.0.0.1:9'],
            ['login', '--server', 'http://127.0.0.1:9', '--user', 'anna'],
        ]
        for args in cases:
            with self.subTest(args=args):
                result = self.assert_exit(EXIT_USAGE, *args)
                self.assertTrue(result.stderr.startswith('rapport-cli: '),
                                result)
                error = self.run_json(*args, expect=EXIT_USAGE)
                self.assertEqual(error['error']['code'], 'usage')
        self.assertEqual(self.count('contact'), 0)

    def test_help(self):
        result = self.run_ok('--help')
        self.assertIn('resolve', result.stdout)
        for command in ['add', 'list', 'login', 'resolve', 'status']:
            with self.subTest(command=command):
                self.assertIn(command, self.run_ok(command, '--help').stdout)
        self.assertIn('--set', self.run_ok('help', 'add').stdout)

    def test_not_found(self):
        missing = '01890a5d-ac96-774b-bcce-b302099a8057'
        for args in (['get', 'contact', missing],
                     ['update', 'contact', missing, '--set', 'title=x'],
                     ['delete', 'contact', missing],
                     ['resolve', missing, '--keep', 'mine']):
            with self.subTest(args=args):
                self.assert_exit(EXIT_ERROR, *args)

    def test_sync_without_login(self):
        result = self.assert_exit(EXIT_ERROR, 'sync')
        self.assertIn('rapport-cli: ', result.stderr)
        self.assertIn('login', result.stderr)
        error = self.run_json('sync', expect=EXIT_ERROR)
        self.assertEqual(error['error']['code'], 'not_signed_in')

    def test_login_needs_a_password(self):
        result = self.cli.run('login', '--server', 'http://127.0.0.1:9',
                              '--user', 'anna', '--password-stdin', stdin='')
        self.assertEqual(result.returncode, EXIT_USAGE, result)

    def test_login_to_nowhere(self):
        # Port 9 (discard) on loopback: nothing listens, the login fails fast.
        result = self.cli.login('http://127.0.0.1:9', 'anna', 'secret')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        status = self.run_json('status')
        self.assertIsNone(status['server'])
        self.assertFalse(status['signed_in'])
        token_file = os.path.join(self.cli.env['XDG_CONFIG_HOME'], 'rapport',
                                  'tokens.json')
        self.assertFalse(os.path.exists(token_file))


class StatusTests(CliTestCase):
    def test_new_database(self):
        result = self.run_ok('status')
        lines = dict(line.split(':', 1) for line in result.stdout.splitlines())
        self.assertEqual(lines['Server'].strip(), 'none')
        self.assertEqual(lines['Signed in'].strip(), 'no')
        self.assertEqual(lines['Pending changes'].strip(), '0')
        self.assertEqual(lines['Failed changes'].strip(), '0')
        self.assertEqual(lines['Conflicts'].strip(), '0')
        self.assertEqual(lines['Last sync'].strip(), 'never')
        self.assertEqual(lines['State'].strip(), 'idle')

        status = self.run_json('status')
        self.assertEqual(status['database'], self.cli.database)
        self.assertIsNone(status['server'])
        self.assertIsNone(status['user_id'])
        self.assertFalse(status['signed_in'])
        self.assertIsNone(status['token_storage'])
        self.assertEqual((status['pending'], status['failed'],
                          status['conflicts']), (0, 0, 0))
        self.assertIsNone(status['last_sync'])
        self.assertEqual(status['state'], 'idle')

    def test_pending_changes(self):
        self.run_ok('add', 'contact', '--set', 'first_name=Ana')
        self.run_ok('add', 'company', '--set', 'name=Ana GmbH')
        status = self.run_json('status')
        self.assertEqual(status['pending'], 2)
        self.assertIn('Pending changes: 2', self.run_ok('status').stdout)

    def test_no_conflicts(self):
        self.assertEqual(self.run_ok('conflicts').stdout, 'No conflicts.\n')
        self.assertEqual(self.run_json('conflicts'), [])

    def test_logout_when_signed_out(self):
        self.run_ok('logout')
        self.assertFalse(self.run_json('logout')['signed_out'])

    def test_token_file_is_private(self):
        # Without a server, check the folder rapport-cli would use is not
        # created by commands that keep no token.
        self.run_ok('status')
        config = os.path.join(self.cli.env['XDG_CONFIG_HOME'], 'rapport')
        if os.path.exists(config):
            mode = stat.S_IMODE(os.stat(config).st_mode)
            self.assertEqual(mode, 0o700)


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit('Usage: test-cli.py PATH-TO-RAPPORT-CLI [unittest arguments]')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
