#!/usr/bin/env python3
# test-cli-import.py: rapport-cli import of CSV and vCard files
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-import.py RAPPORT-CLI RAPPORT-SERVER DATA-DIR LOCALEDIR
#
# The project's own fixtures (tests/data/import) through the real
# rapport-cli: what a user who imports a file notices in the book
# afterwards, the counts it prints, the rows it refuses, and the undo.

import json
import os
import sqlite3
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import PASSWORD, CliTestCase, Server, EXIT_ERROR, EXIT_OK, EXIT_USAGE  # noqa: E402

DATA = None
LOCALEDIR = None


def data(name):
    return os.path.join(DATA, name)


class ImportTests(CliTestCase):
    def imported(self, name, *args, expect=EXIT_OK, cli=None):
        return self.run_json('import', data(name), *args, expect=expect, cli=cli)

    def contacts(self, cli=None):
        rows = self.run_json('list', 'contact', cli=cli)
        return [self.run_json('get', 'contact', row['id'], cli=cli) for row in rows]

    def by_name(self, records, first):
        [record] = [r for r in records if r.get('first_name') == first]
        return record

    def company_names(self, cli=None):
        return sorted(r['name'] for r in self.run_json('list', 'company', cli=cli))

    def test_cp1252_with_semicolons_from_german_outlook(self):
        report = self.imported('outlook-de-cp1252.csv')
        self.assertEqual((report['encoding'], report['delimiter'], report['layout']),
                         ('CP1252', ';', 'outlook-de'))
        self.assertEqual(report['counts']['create'], 2)
        juergen = self.by_name(self.contacts(), 'Jürgen')
        self.assertEqual(juergen['last_name'], 'Müller')
        self.assertEqual(juergen['notes'], 'Größter Kunde; zahlt pünktlich')
        self.assertEqual(juergen['address'], 'Königstraße 12\n80331 München\nDeutschland')
        self.assertEqual(juergen['birthday'], '1974-06-23')
        # Phones are text: the leading zero stays.
        self.assertEqual([p['value'] for p in juergen['phones']], ['0311 1234567', '0170 5551234'])
        self.assertEqual(juergen['tags'], ['Kunden', 'Messe'])
        # Both work at one company, made once.
        self.assertEqual(self.company_names(), ['Müller & Söhne GmbH'])
        self.assertEqual(self.by_name(self.contacts(), 'Françoise')['company_id'],
                         juergen['company_id'])

    def test_utf8_byte_order_mark_is_not_part_of_the_first_column(self):
        report = self.imported('outlook-en-bom.csv')
        self.assertEqual(report['layout'], 'outlook-en')
        ana = self.by_name(self.contacts(), 'Ana')
        self.assertEqual(ana['last_name'], 'Ribeiro')
        self.assertEqual([e['value'] for e in ana['emails']],
                         ['ana@northwind.example', 'ana.ribeiro@home.example'])
        # US Outlook writes month first: 6/23 can only be June.
        self.assertEqual(ana['birthday'], '1974-06-23')
        self.assertEqual(self.by_name(self.contacts(), 'Lucas')['birthday'], '1981-12-01')

    def test_utf16_tab_separated(self):
        report = self.imported('unicode-text-utf16.csv')
        self.assertEqual((report['encoding'], report['delimiter']), ('UTF-16LE', '\t'))
        self.assertEqual(self.by_name(self.contacts(), 'Zoë')['last_name'], 'Åström')
        self.assertEqual(self.by_name(self.contacts(), '美咲')['last_name'], '佐藤')

    def test_gb18030_by_the_chinese_locale_and_by_choice(self):
        # A Chinese user's file needs no option; columns found by their titles.
        self.cli.env.update(LANGUAGE='zh_CN', LANG='zh_CN.UTF-8', LC_ALL='zh_CN.UTF-8',
                            RAPPORT_LOCALEDIR=LOCALEDIR)
        result = self.run_ok('import', data('chinese-gb18030.csv'))
        self.assertIn('从“chinese-gb18030.csv”读取了 2 行', result.stdout)
        self.assertIn('已新建 2 条', result.stdout)
        wang = self.by_name(self.contacts(), '芳')
        self.assertEqual(wang['last_name'], '王')
        self.assertEqual(wang['phones'][0]['value'], '138 0013 8000')
        self.assertEqual(wang['address'], '上海市浦东新区世纪大道100号')
        self.assertEqual(self.company_names(), ['上海华东贸易有限公司', '北京远见科技有限公司'])

        other = self.new_client('other')
        report = self.run_json('import', data('chinese-gb18030.csv'), '--encoding', 'GB18030',
                               '--dry-run', cli=other)
        self.assertEqual(report['counts']['create'], 2)
        self.assertIsNone(report['layout'])

    def test_cjk_and_four_byte_characters_google_2020(self):
        report = self.imported('google-2020-cjk.csv')
        self.assertEqual(report['layout'], 'google-2020')
        taro = self.by_name(self.contacts(), '𠮷太郎')
        self.assertEqual(taro['last_name'], '𠮷野')
        self.assertEqual(taro['notes'], '常連客 🍜 "特盛"')
        # "* Work" is the primary group: its two addresses come first.
        self.assertEqual([e['value'] for e in taro['emails']],
                         ['taro@yoshinoya.example', 'taro.y@yoshinoya.example', 'taro@home.example'])
        self.assertEqual(taro['address'], '東京都千代田区\n丸の内1-1\n100-0005')
        self.assertEqual(taro['tags'], ['VIP'])
        self.assertIn('𠮷野家', self.company_names())
        # Search finds the 4-byte character too.
        found = self.run_json('search', '𠮷')
        self.assertIn(('contact', taro['id']), [(r['entity'], r['id']) for r in found])

    def test_google_legacy(self):
        self.assertEqual(self.imported('google-legacy.csv')['layout'], 'google')
        olivia = self.by_name(self.contacts(), 'Olivia')
        self.assertEqual(olivia['emails'][0], {'label': 'home', 'value': 'olivia.chen@mail.example'})
        self.assertEqual(olivia['notes'], 'Met at "CRM Expo"')
        self.assertEqual(olivia['tags'], ['Trade fair'])
        self.assertEqual(olivia['title'], 'Head of Sales')

    def test_salesforce_accounts_contacts_and_opportunities(self):
        self.assertEqual(self.imported('salesforce-accounts.csv')['entity'], 'company')
        report = self.imported('salesforce-contacts.csv')
        self.assertEqual((report['layout'], report['entity'], report['companies_created']),
                         ('salesforce', 'contact', 0))
        self.assertEqual(self.imported('salesforce-opportunities.csv')['entity'], 'deal')

        companies = {c['name']: self.run_json('get', 'company', c['id'])
                     for c in self.run_json('list', 'company')}
        northwind = companies['Northwind Traders']
        self.assertEqual(northwind['external_ref'], 'salesforce:001x000000AbCdEAAV')
        self.assertEqual(northwind['employees'], 250)
        ana = self.by_name(self.contacts(), 'Ana')
        self.assertEqual(ana['company_id'], northwind['id'])
        self.assertEqual(ana['external_ref'], 'salesforce:003x00000012345AAA')
        # HasOptedOutOfEmail is the opposite of consent.
        self.assertTrue(ana['email_consent'])
        self.assertFalse(self.by_name(self.contacts(), 'Erik')['email_consent'])
        [deal] = self.run_json('list', 'deal')
        deal = self.run_json('get', 'deal', deal['id'])
        self.assertEqual((deal['amount'], deal['currency'], deal['expected_close']),
                         (1250050, 'EUR', '2027-03-31'))
        self.assertEqual(deal['company_id'], northwind['id'])

        # The accounts again: found by their Salesforce ids, nothing new.
        again = self.imported('salesforce-accounts.csv')
        self.assertEqual((again['counts']['create'], again['counts']['unchanged']), (0, 2))

    def test_hubspot(self):
        self.assertEqual(self.imported('hubspot-contacts.csv')['layout'], 'hubspot')
        priya = self.by_name(self.contacts(), 'Priya')
        self.assertEqual((priya['external_ref'], priya['lifecycle']), ('hubspot:5101', 'customer'))
        self.assertEqual(self.by_name(self.contacts(), 'Tom')['lifecycle'], 'lead')

    def test_phone_vcards(self):
        report = self.imported('phone-export.vcf')
        self.assertEqual((report['format'], report['counts']['create']), ('vcard', 4))
        rows = {r['line']: r for r in report['rows']}
        self.assertEqual((rows[1]['photo_type'], rows[1]['photo_size']), ('image/jpeg', 73))
        contacts = self.contacts()
        # N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE, and a soft line break.
        li = self.by_name(contacts, '小龙')
        self.assertEqual(li['last_name'], '李')
        self.assertEqual(li['notes'], 'Kunde seit 2019, bevorzugt Anrufe am Vormittag. München')
        self.assertEqual(li['phones'][0], {'label': 'mobile', 'value': '+86 138 0013 8000'})
        self.assertEqual(li['vcard_extra'], 'SOUND;X-IRMC-N:;;;;\r\n')
        # VERSION and PRODID twice, an item1. label, a fold inside "ü".
        juergen = self.by_name(contacts, 'Jürgen')
        self.assertEqual(juergen['notes'], 'Sehr geschätzter Kunde aus Grünwald')
        self.assertEqual(juergen['emails'], [{'label': 'Büro', 'value': 'juergen@mueller-soehne.example'}])
        # 4.0: a tel: URI with an extension, a quoted TYPE list.
        ana = self.by_name(contacts, 'Ana')
        self.assertEqual(ana['phones'], [{'label': 'mobile', 'value': '+351-21-555-0100 ext. 12'}])
        # 2.1 in raw Shift_JIS.
        self.assertEqual(self.by_name(contacts, '太郎')['last_name'], '山田')

    def test_import_twice_creates_no_duplicates(self):
        first = self.imported('google-2020-cjk.csv')
        self.assertEqual(first['counts']['create'], 2)
        for name in ('google-2020-cjk.csv', 'phone-export.vcf', 'phone-export.vcf'):
            self.imported(name)
        second = self.imported('google-2020-cjk.csv')
        self.assertEqual(second['counts'], {'create': 0, 'update': 0, 'unchanged': 2,
                                            'skip': 0, 'error': 0})
        self.assertEqual(second['companies_created'], 0)
        self.assertEqual(len(self.contacts()), 6)
        self.assertEqual(len(self.company_names()), 4)

    def test_update_by_phone_and_name(self):
        self.imported('outlook-de-cp1252.csv')
        path = os.path.join(self.home, 'by-phone.csv')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('First Name,Last Name,Business Phone,E-mail Address,Job Title\n'
                    'Jürgen,Müller,+49 311 1234567,jm@new.example,Geschäftsführer\n')
        # By email nothing matches; by phone the same number written another way does not
        # either (no country code in the first file), by name it does.
        self.assertEqual(self.run_json('import', path, '--match', 'email', '--dry-run')['counts']['create'], 1)
        report = self.run_json('import', path, '--match', 'name', '--policy', 'update-only')
        self.assertEqual(report['counts']['update'], 1)
        juergen = self.by_name(self.contacts(), 'Jürgen')
        self.assertEqual(juergen['title'], 'Geschäftsführer')
        self.assertEqual([e['value'] for e in juergen['emails']],
                         ['juergen.mueller@example.de', 'jm@new.example'])
        with open(path, 'w', encoding='utf-8') as f:
            f.write('First Name,Business Phone,Job Title\nJ.,0170 555 1234,Inhaber\n')
        report = self.run_json('import', path, '--match', 'phone')
        self.assertEqual(report['counts']['update'], 1)
        self.assertEqual(self.by_name(self.contacts(), 'J.')['last_name'], 'Müller')

    def test_companies_of_a_file_of_no_known_layout(self):
        path = os.path.join(self.home, 'accounts.csv')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('Name;Website;Phone;Industry\nAcme Ltd;https://acme.example;+1 555 0100;Tools\n')
        report = self.run_json('import', path, '--type', 'company')
        self.assertEqual((report['layout'], report['delimiter'], report['counts']['create']),
                         (None, ';', 1))
        [company] = self.run_json('list', 'company')
        company = self.run_json('get', 'company', company['id'])
        self.assertEqual((company['name'], company['website'], company['phone'], company['industry']),
                         ('Acme Ltd', 'https://acme.example', '+1 555 0100', 'Tools'))

    def test_policies(self):
        report = self.imported('outlook-en-bom.csv', '--policy', 'update-only')
        self.assertEqual(report['counts']['skip'], 2)
        self.assertEqual(self.contacts(), [])
        self.imported('outlook-en-bom.csv')
        for policy in ('create-only', 'skip-existing'):
            report = self.imported('outlook-en-bom.csv', '--policy', policy)
            self.assertEqual((report['counts']['skip'], report['counts']['create']), (2, 0))
        result = self.cli.run('import', data('outlook-en-bom.csv'), '--policy', 'maybe')
        self.assertEqual(result.returncode, EXIT_USAGE, result)

    def test_dry_run_saves_nothing(self):
        report = self.imported('outlook-de-cp1252.csv', '--dry-run')
        self.assertIsNone(report['batch_id'])
        self.assertEqual((report['counts']['create'], report['companies_created']), (2, 1))
        self.assertEqual(self.contacts(), [])
        self.assertEqual(self.company_names(), [])
        self.assertEqual(self.run_json('status')['pending'], 0)

    def test_bad_rows_are_reported_and_never_half_written(self):
        result = self.cli.run('import', data('bad-rows.csv'))
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('2 created, 0 updated, 0 unchanged, 0 skipped, 2 with errors', result.stdout)
        # The quoted address on lines 2 and 3 moves the later rows down.
        self.assertIn('Line 4, column “E-mail Address”: “not-an-address” is not a valid email address',
                      result.stderr)
        self.assertIn('Line 5, column “Birthday”: “2/31/1980” is not a date', result.stderr)
        self.assertEqual(sorted(c['first_name'] for c in self.contacts()), ['Kenji', 'Mei'])
        # The refused rows' company was not made either.
        self.assertEqual(self.company_names(), ['Sakura KK'])
        self.assertEqual(self.by_name(self.contacts(), 'Mei')['address'], '1-1 Marunouchi\nChiyoda')

    def test_phones_a_spreadsheet_shortened_are_refused(self):
        path = os.path.join(self.home, 'excel.csv')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('First Name,Last Name,Mobile Phone\nAna,Ribeiro,3.51216E+11\nLucas,Martin,0170 5551234\n')
        result = self.cli.run('import', path)
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('Line 2, column “Mobile Phone”: “3.51216E+11” is a number a spreadsheet '
                      'shortened: the phone’s digits are lost', result.stderr)
        self.assertEqual([c['first_name'] for c in self.contacts()], ['Lucas'])

    def test_a_bad_file_changes_nothing(self):
        result = self.cli.run('import', data('outlook-de-cp1252.csv'), '--encoding', 'UTF-8')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('not valid UTF-8', result.stderr)
        result = self.cli.run('import', data('outlook-de-cp1252.csv'), '--encoding', 'KLINGON')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('Unknown encoding “KLINGON”', result.stderr)
        path = os.path.join(self.home, 'nothing.csv')
        with open(path, 'w') as f:
            f.write('Foo,Bar\n1,2\n')
        result = self.cli.run('import', path)
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('None of the file’s columns', result.stderr)
        result = self.cli.run('import', os.path.join(self.home, 'missing.csv'))
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertEqual(self.contacts(), [])

    def test_undo_puts_back_what_was_not_edited_since(self):
        first = self.imported('outlook-en-bom.csv')
        path = os.path.join(self.home, 'titles.csv')
        with open(path, 'w', encoding='utf-8') as f:
            f.write('First Name,Last Name,E-mail Address,Job Title\n'
                    'Ana,Ribeiro,ana@northwind.example,Head of Buying\n'
                    'Lucas,Martin,lucas@northwind.example,CFO\n'
                    'Nia,Okafor,nia@northwind.example,Buyer\n')
        second = self.imported(path)
        self.assertEqual((second['counts']['update'], second['counts']['unchanged'],
                          second['counts']['create']), (1, 1, 1))

        undone = self.run_json('import', '--undo', second['batch_id'])
        self.assertEqual((undone['reverted'], undone['edited']), (2, []))
        self.assertEqual(self.by_name(self.contacts(), 'Ana')['title'], 'Buyer')
        self.assertEqual(sorted(c['first_name'] for c in self.contacts()), ['Ana', 'Lucas'])

        # Lucas is edited after the first import: its undo leaves him be.
        lucas = self.by_name(self.contacts(), 'Lucas')
        self.run_ok('update', 'contact', lucas['id'], '--set', 'title=Finance Director')
        result = self.run_ok('import', '--undo', first['batch_id'])
        self.assertIn('Changed since the import, so left as they are:', result.stdout)
        self.assertIn(lucas['id'], result.stdout)
        self.assertEqual([c['first_name'] for c in self.contacts()], ['Lucas'])
        # Northwind is still Lucas's company, so it stays too.
        self.assertEqual(self.company_names(), ['Northwind'])

        again = self.cli.run('import', '--undo', first['batch_id'])
        self.assertEqual(again.returncode, EXIT_ERROR, again)
        self.assertIn('was undone already', again.stderr)
        self.assertEqual(self.cli.run('import', '--undo', 'nope').returncode, EXIT_ERROR)


class ExportTests(CliTestCase):
    """rapport-cli export, and the round trip through import."""

    imported = ImportTests.imported
    contacts = ImportTests.contacts

    KEPT = ('first_name', 'last_name', 'title', 'emails', 'phones', 'address', 'birthday',
            'tags', 'notes', 'lifecycle', 'email_consent', 'external_ref')

    def comparable(self, cli=None, fields=KEPT):
        companies = {c['id']: c['name'] for c in self.run_json('list', 'company', cli=cli)}
        out = {}
        for record in self.contacts(cli=cli):
            kept = {k: record.get(k) for k in fields}
            kept['company'] = companies.get(record.get('company_id'))
            out[record['first_name']] = kept
        return out

    def fill(self):
        for name in ('outlook-de-cp1252.csv', 'google-2020-cjk.csv', 'salesforce-contacts.csv'):
            self.imported(name)

    def test_export_then_import_into_an_empty_book(self):
        self.fill()
        for fmt, fields in (('csv', self.KEPT), ('vcard3', self.KEPT[:-3]), ('vcard4', self.KEPT[:-3])):
            with self.subTest(format=fmt):
                path = os.path.join(self.home, 'export-' + fmt)
                result = self.run_json('export', 'contact', '--format', fmt, '-o', path)
                self.assertEqual(result['written'], len(self.contacts()))
                empty = self.new_client('empty-' + fmt)
                report = self.run_json('import', path, cli=empty)
                self.assertEqual(report['counts']['error'], 0)
                self.assertEqual(self.comparable(cli=empty, fields=fields),
                                 self.comparable(fields=fields))
                # Into the book it came from: updates by id, creates nothing.
                again = self.run_json('import', path)
                self.assertEqual(again['counts']['create'], 0)
                self.assertEqual(again['counts']['unchanged'], len(self.contacts()))

    def test_export_as_searched_to_standard_output(self):
        self.fill()
        result = self.cli.run('export', 'contact', '--search', 'Müller')
        self.assertEqual(result.returncode, EXIT_OK, result)
        lines = result.stdout.splitlines()
        self.assertTrue(lines[0].startswith('id,first_name,last_name,'), lines[0])
        self.assertEqual(len(lines), 1 + 3)  # the header, a row of three lines
        self.assertIn('Jürgen', result.stdout)
        self.assertNotIn('Françoise', result.stdout)
        self.assertNotIn('晓明', result.stdout)

    def test_excel_csv_has_a_byte_order_mark(self):
        self.fill()
        path = os.path.join(self.home, 'excel.csv')
        self.run_json('export', 'contact', '--excel', '-o', path)
        with open(path, 'rb') as f:
            self.assertTrue(f.read().startswith(b'\xef\xbb\xbfid,'))

    def test_bad_export_requests(self):
        self.assert_exit(EXIT_USAGE, 'export', 'contact', '--format', 'vcard21')
        result = self.cli.run('export', 'company', '--format', 'vcard4')
        self.assertEqual(result.returncode, EXIT_ERROR, result)
        self.assertIn('Only contacts can be exported as vCards', result.stderr)


class ImportSyncTests(CliTestCase):
    def setUp(self):
        super().setUp()
        self.server = Server(self.home, {'mei': 'manager', 'tom': 'manager'})
        self.addCleanup(self.server.stop)
        self.a = self.new_client('a')
        self.b = self.new_client('b')
        for client, user in ((self.a, 'mei'), (self.b, 'tom')):
            self.assertEqual(client.login(self.server.url, user, PASSWORD).returncode, EXIT_OK)

    def test_an_import_and_its_undo_reach_another_client(self):
        report = self.run_json('import', data('phone-export.vcf'), cli=self.a)
        self.run_ok('sync', cli=self.a)
        self.run_ok('sync', cli=self.b)
        contacts = self.run_json('list', 'contact', cli=self.b)
        self.assertEqual(len(contacts), 4)
        records = [self.run_json('get', 'contact', c['id'], cli=self.b) for c in contacts]
        li = [r for r in records if r.get('last_name') == '李'][0]
        self.assertEqual(li['vcard_extra'], 'SOUND;X-IRMC-N:;;;;\r\n')
        self.assertEqual(sorted(c['name'] for c in self.run_json('list', 'company', cli=self.b)),
                         ['Müller & Söhne GmbH', 'Northwind'])

        self.run_json('import', '--undo', report['batch_id'], cli=self.a)
        self.run_ok('sync', cli=self.a)
        self.run_ok('sync', cli=self.b)
        self.assertEqual(self.run_json('list', 'contact', cli=self.b), [])
        self.assertEqual(self.run_json('list', 'company', cli=self.b), [])


if __name__ == '__main__':
    cli_harness.CLI_PATH, cli_harness.SERVER_PATH, DATA, LOCALEDIR = sys.argv[1:5]
    del sys.argv[1:5]
    unittest.main(verbosity=2)
