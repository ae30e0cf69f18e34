#!/usr/bin/env python3
# test-cli-import-corpus.py: every file of the real-world corpus, imported
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-import-corpus.py RAPPORT-CLI CORPUS-DIR
#
# ../shared/corpus holds vCard and CSV exports other projects collected
# (phones, mail clients, Google, Outlook, Salesforce). It is not ours and is
# never copied into the repository: when the folder is absent the test is
# skipped (exit status 77). Each card's name, emails and phones are read
# from the file here, by a reader of this test's own (unfolding, quoted-
# printable and charsets by Python's codecs), and compared with what the
# import read, counting values it left out with a warning.

import codecs
import csv
import io
import os
import quopri
import re
import subprocess
import sys
import tempfile
import unittest

CLI = None
CORPUS = None


def run_import(path, *args):
    with tempfile.TemporaryDirectory(prefix='rapport-corpus-') as home:
        env = dict(os.environ, LC_ALL='C.UTF-8', RAPPORT_NO_KEYRING='1',
                   XDG_CONFIG_HOME=home, XDG_DATA_HOME=home)
        env.pop('LANGUAGE', None)
        result = subprocess.run([CLI, '--database', os.path.join(home, 'db'), '--json', 'import',
                                 '--dry-run', path] + list(args),
                                capture_output=True, text=True, env=env, timeout=60)
    import json
    return json.loads(result.stdout)


def logical_lines(data):
    """The file's lines, folds and quoted-printable soft breaks undone."""
    lines = []
    for raw in re.split(rb'\r\n|\n|\r', data):
        if lines and re.search(rb'QUOTED-PRINTABLE', lines[-1].split(b':', 1)[0], re.I) \
                and lines[-1].endswith(b'='):
            lines[-1] = lines[-1][:-1] + raw
        elif lines and raw[:1] in (b' ', b'\t'):
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def value_of(line):
    """(name, params, text) of a property line, the value decoded."""
    quoted = False
    for i, c in enumerate(line):
        if c == 0x22:
            quoted = not quoted
        elif c == 0x3a and not quoted:
            break
    head, value = line[:i], line[i + 1:]
    parts = head.split(b';')
    name = parts[0].split(b'.')[-1].upper().decode('ascii', 'replace')
    params = [p.upper() for p in parts[1:]]
    charset = next((p.split(b'=', 1)[1].decode() for p in params if p.startswith(b'CHARSET=')), None)
    if any(b'QUOTED-PRINTABLE' in p for p in params):
        value = quopri.decodestring(value)
    try:
        text = value.decode(charset or 'utf-8')
    except (UnicodeDecodeError, LookupError):
        text = value.decode('shift_jis' if charset is None else 'latin-1', 'replace')
    return name, text


def unescape(text):
    return re.sub(r'\\(.)', lambda m: '\n' if m.group(1) in 'nN' else m.group(1), text)


def split_structured(text):
    return [unescape(p) for p in re.split(r'(?<!\\);', text)]


def cards(path):
    with open(path, 'rb') as f:
        data = f.read()
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        data = data.decode('utf-16').encode('utf-8')
    depth, card = 0, None
    for line in logical_lines(data):
        upper = line.upper()
        if upper.startswith(b'BEGIN:VCARD'):
            depth += 1
            if depth == 1:
                card = {'N': None, 'FN': None, 'EMAIL': [], 'TEL': []}
            continue
        if upper.startswith(b'END:VCARD'):
            depth -= 1
            if depth == 0:
                yield card
            continue
        if card is None or depth > 1:
            continue
        name, text = value_of(line)
        if name in ('EMAIL', 'TEL'):
            value = unescape(text).strip()
            if name == 'TEL':
                value = re.sub(r'^tel:', '', value, flags=re.I).replace(';ext=', ' ext. ')
            if value.lower().startswith('mailto:'):
                value = value[7:]
            if value and value not in card[name]:
                card[name].append(value)
        elif name in ('N', 'FN') and card[name] is None:
            card[name] = text


class CorpusTests(unittest.TestCase):
    def test_every_vcard(self):
        folder = os.path.join(CORPUS, 'vcard')
        checked = 0
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            with self.subTest(file=name):
                report = run_import(path)
                self.assertEqual(report['counts']['error'], 0, report['problems'])
                expected = list(cards(path))
                self.assertEqual(len(report['rows']), len(expected))
                for row, card in zip(report['rows'], expected):
                    values = row['values']
                    left_out = [re.search(r'“(.*)”', p['reason']).group(1)
                                for p in report['problems']
                                if p['line'] == row['line'] and p.get('warning')]
                    emails = [e['value'] for e in values.get('emails', [])]
                    phones = [p['value'] for p in values.get('phones', [])]
                    self.assertEqual(sorted(emails + [v for v in left_out if v in card['EMAIL']]),
                                     sorted(card['EMAIL']), (name, row['line']))
                    self.assertEqual(sorted(phones + [v for v in left_out if v in card['TEL']]),
                                     sorted(card['TEL']), (name, row['line']))
                    if card['N'] is not None and any(split_structured(card['N'])[:2]):
                        family, given = (split_structured(card['N']) + ['', ''])[:2]
                        self.assertEqual(values.get('last_name', ''), family.strip(), name)
                        self.assertEqual(values.get('first_name', ''), given.strip(), name)
                    elif card['FN']:
                        full = ' '.join(filter(None, (values.get('first_name'),
                                                      values.get('last_name'))))
                        self.assertEqual(full, unescape(card['FN']).strip(), name)
                    checked += 1
        self.assertGreater(checked, 30)

    def test_csv_exports(self):
        folder = os.path.join(CORPUS, 'csv')
        accounts = run_import(os.path.join(folder, 'sf-dataloader__accountData.csv'))
        with open(os.path.join(folder, 'sf-dataloader__accountData.csv'), encoding='cp1252') as f:
            rows = list(csv.DictReader(f))
        self.assertEqual((accounts['layout'], accounts['entity']), ('salesforce', 'company'))
        self.assertEqual(accounts['counts']['create'], len(rows))
        self.assertEqual(sorted(r['values']['external_ref'] for r in accounts['rows']),
                         sorted('salesforce:' + r['ID'] for r in rows))

        deals = run_import(os.path.join(folder, 'sf-dataloader__opportunityData.csv'),
                           '--currency', 'USD')
        self.assertEqual((deals['entity'], deals['counts']['error']), ('deal', 0))

        gmail = run_import(os.path.join(folder, 'roundcube__gmail.csv'))
        self.assertEqual(gmail['layout'], 'google')
        [row] = gmail['rows']
        # Its phones are words ("pager"): the row is refused and says which.
        self.assertEqual(row['action'], 'error')
        self.assertIn('“pager” is not a valid phone number', gmail['problems'][0]['reason'])
        self.assertEqual([e['value'] for e in row['values']['emails']],
                         ['home@aaa.pl', 'work@email.pl', 'unknown@email.com', 'other@email.com'])

        outlook = run_import(os.path.join(folder, 'roundcube__outlook.csv'))
        self.assertEqual([e['value'] for e in outlook['rows'][0]['values']['emails']],
                         ['test1@domain.tld', 'test2@domain.tld', 'test3@domain.tld'])


if __name__ == '__main__':
    CLI, CORPUS = sys.argv[1:3]
    del sys.argv[1:3]
    if not os.path.isdir(os.path.join(CORPUS, 'vcard')):
        print('1..0 # SKIP no corpus at %s (the folder ../shared/corpus is optional)' % CORPUS)
        sys.exit(77)
    unittest.main(verbosity=2)
