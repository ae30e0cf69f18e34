#!/usr/bin/env python3
# test-cli-campaigns.py: a campaign's members from a segment, with consent
# applied when they are added and again at each export
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-campaigns.py PATH-TO-RAPPORT-CLI [unittest arguments]

import csv
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import CliTestCase, EXIT_OK  # noqa: E402


class CampaignTests(CliTestCase):
    def add(self, entity, *assignments):
        args = ['add', entity]
        for assignment in assignments:
            args += ['--set', assignment]
        return self.run_ok(*args).stdout.strip()

    def person(self, name, consent=None, lifecycle='customer'):
        contact = self.add('contact', f'first_name={name}', f'lifecycle={lifecycle}',
                           f'emails=work:{name.lower()}@example.com')
        if consent == 'granted':
            self.consent(contact, 'granted', 'source=web_form', 'proof=Sign-up form 7')
        elif consent == 'denied':
            self.consent(contact, 'denied')
        return contact

    def consent(self, contact, status, *more, at='2026-03-01T10:00:00Z'):
        self.add('consent', f'contact_id={contact}', 'purpose=marketing', f'status={status}',
                 f'captured_at={at}', *more)

    def members(self, campaign='Spring tea'):
        lines = self.run_ok('campaign', 'members', campaign).stdout.splitlines()
        return {line.split('\t')[0]: line.split('\t')[1:] for line in lines}

    def agreed(self, contact):
        return self.run_json('get', 'contact', contact).get('email_consent')

    def export(self):
        path = os.path.join(self.home, 'audience.csv')
        result = self.run_ok('campaign', 'export', 'Spring tea', path)
        with open(path, newline='', encoding='utf-8') as f:
            return result.stdout.strip(), [row['first_name'] for row in csv.DictReader(f)]

    def test_members_consent_and_unsubscribe(self):
        ana = self.person('Ana', 'granted')
        ben = self.person('Ben', 'granted')
        chen = self.person('Chen', 'denied')
        self.person('Dora')
        eve = self.person('Eve', 'granted', lifecycle='lead')
        self.run_ok('segment', 'save', 'Customers', 'contacts', 'lifecycle = customer')
        self.add('campaign', 'name=Spring tea', 'type=email')

        # Consent at add time: Chen refused, nobody asked Dora.
        out = self.run_ok('campaign', 'add-members', 'Spring tea', '--segment', 'Customers')
        self.assertEqual(out.stdout.strip(),
                         'Added 2 members; 2 left out: no consent to marketing emails')
        self.assertEqual(sorted(self.members()), sorted([ana, ben]))
        self.assertEqual({m[0] for m in self.members().values()}, {'planned'})
        self.assertNotIn(chen, self.members())
        # A snapshot: adding again adds nobody twice.
        out = self.run_ok('campaign', 'add-members', 'Spring tea', '--segment', 'Customers')
        self.assertEqual(out.stdout.strip(), 'Added 0 members; 2 left out: no consent to '
                                             'marketing emails; 2 members already')

        # Consent again at export time: Ben withdrew it after being added.
        self.consent(ben, 'denied', 'source=phone call', at='2026-04-01T10:00:00Z')
        self.assertEqual(self.export(), ('Exported 1 member; 1 left out: no consent to marketing '
                                         'emails now, or unsubscribed', ['Ana']))

        # A response is stamped once.
        self.run_ok('campaign', 'set-status', 'Spring tea', ana, 'responded')
        first = self.members()[ana][1]
        self.assertRegex(first, r'^20\d\d-\d\d-\d\dT')
        self.run_ok('campaign', 'set-status', 'Spring tea', ana, 'clicked')
        self.assertEqual(self.members()[ana], ['clicked', first])

        # A status the campaign's type does not have is refused, naming it.
        result = self.cli.run('campaign', 'set-status', 'Spring tea', ana, 'attended')
        self.assertNotEqual(result.returncode, EXIT_OK)
        self.assertIn('status', result.stderr)
        self.assertEqual(self.members()[ana][0], 'clicked')

        # One member's unsubscribe is that contact's alone.
        self.run_ok('campaign', 'add-members', 'Spring tea', '--contact', eve)
        self.assertEqual(self.export()[1], ['Ana', 'Eve'])
        self.run_ok('campaign', 'set-status', 'Spring tea', eve, 'unsubscribed')
        self.assertIs(self.agreed(eve), False)
        self.assertIs(self.agreed(ana), True)
        self.assertEqual(self.export()[1], ['Ana'])

    def test_report_worked_example(self):
        """The campaign report on a book worked out by hand."""
        pipeline = self.add('pipeline', 'name=Sales')
        stages = {kind: self.add('stage', f'pipeline_id={pipeline}', f'name={kind}', f'kind={kind}')
                  for kind in ('open', 'won', 'lost')}
        spring = self.add('campaign', 'name=Spring tea', 'type=email', 'currency=CNY',
                          'actual_cost=100000')
        self.add('campaign', 'name=Word of mouth', 'type=referral', 'currency=CNY',
                 'actual_cost=0')
        people = [self.person(name, 'granted') for name in ('Ana', 'Ben', 'Chen', 'Dora')]
        self.run_ok('campaign', 'add-members', 'Spring tea',
                    *[arg for p in people for arg in ('--contact', p)])
        self.run_ok('campaign', 'set-status', 'Spring tea', people[0], 'responded')
        self.run_ok('campaign', 'set-status', 'Spring tea', people[1], 'sent')
        # ¥2,500 and ¥1,000 won, ¥800 lost, ¥500 open; US$500 won.
        for title, kind, amount, currency in (('A', 'won', 250000, 'CNY'), ('B', 'won', 100000, 'CNY'),
                                              ('C', 'lost', 80000, 'CNY'), ('D', 'open', 50000, 'CNY'),
                                              ('E', 'won', 50000, 'USD')):
            self.add('deal', f'title={title}', f'stage_id={stages[kind]}', f'amount={amount}',
                     f'currency={currency}', f'campaign_id={spring}')
        self.add('deal', 'title=Elsewhere', f'stage_id={stages["won"]}', 'amount=999999',
                 'currency=CNY')

        rows = self.run_json('report', 'campaign')['rows']
        money = {(r['campaign'], r['currency']): r for r in rows if r['group'] == 'campaign'}
        cny = money[('Spring tea', 'CNY')]
        self.assertEqual((cny['members'], cny['responded'], cny['response_rate']), (4, 1, 25.0))
        self.assertEqual((cny['deals_open'], cny['deals_won'], cny['deals_lost']), (1, 2, 1))
        self.assertEqual((cny['won_amount'], cny['actual_cost']), (350000, 100000))
        # (3,500 − 1,000) / 1,000
        self.assertEqual(cny['roi'], 250.0)
        usd = money[('Spring tea', 'USD')]
        self.assertEqual((usd['deals_won'], usd['won_amount'], usd['actual_cost'], usd['roi']),
                         (1, 50000, None, None))
        free = money[('Word of mouth', 'CNY')]
        self.assertEqual((free['members'], free['response_rate'], free['won_amount'], free['roi']),
                         (0, None, 0, None))
        statuses = {r['status']: r['members'] for r in rows
                    if r['group'] == 'status' and r['campaign'] == 'Spring tea'}
        self.assertEqual(statuses, {'planned': 2, 'responded': 1, 'sent': 1})

        text = self.run_ok('report', 'campaign').stdout
        self.assertIn('250.0', text)
        self.assertIn('—', text)

    def test_bad_input(self):
        self.add('campaign', 'name=Spring tea', 'type=email')
        result = self.cli.run('campaign', 'add-members', 'Autumn', '--segment', 'Nope')
        self.assertNotEqual(result.returncode, EXIT_OK)
        self.assertIn('Autumn', result.stderr)
        result = self.cli.run('campaign', 'add-members', 'Spring tea', '--segment', 'Nope')
        self.assertNotEqual(result.returncode, EXIT_OK)
        self.assertIn('Nope', result.stderr)
        result = self.cli.run('campaign', 'add-members', 'Spring tea')
        self.assertNotEqual(result.returncode, EXIT_OK)
        self.assertIn('--segment', result.stderr)
        result = self.cli.run('add', 'campaign', '--set', 'name=Late', '--set',
                              'start_date=2026-05-01', '--set', 'end_date=2026-04-01')
        self.assertNotEqual(result.returncode, EXIT_OK)
        self.assertIn('end_date', result.stderr)


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit('Usage: test-cli-campaigns.py PATH-TO-RAPPORT-CLI [unittest arguments]')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
