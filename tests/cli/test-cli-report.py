#!/usr/bin/env python3
# test-cli-report.py: `rapport-cli report NAME` prints the numbers core computes
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-report.py RAPPORT-CLI MAKE-REPORT-BOOK LOCALEDIR
#
# The hand-built book of tests/lib/rapport-test-report-book.c, read on
# 2026-06-15: the same numbers as tests/core/test-report.c, as JSON, CSV
# and text; bad names and periods are usage errors that say what is wrong;
# the forecast against the book's targets, and the team filter.

import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import CliTestCase, EXIT_USAGE  # noqa: E402

MAKE_BOOK = None
LOCALEDIR = None
TODAY = ('--today', '2026-06-15')
WANG = '0190a000-0000-7000-8000-000000000001'
WEST = '0190a000-0000-7000-8000-000000000031'


class ReportTest(CliTestCase):
    def setUp(self):
        super().setUp()
        subprocess.run([MAKE_BOOK, self.cli.database], check=True, timeout=60)

    def rows(self, name, *args):
        report = self.run_json('report', name, *TODAY, *args)
        self.assertEqual(report['report'], name)
        names = [c['name'] for c in report['columns']]
        for row in report['rows']:
            self.assertEqual(list(row), names)
        return report['rows']

    def test_win_rate(self):
        rows = self.rows('win_rate', '--period', 'this-quarter')
        self.assertEqual([(r['currency'], r['won'], r['lost'], r['win_rate'], r['won_amount'],
                           r['lost_amount'], r['win_rate_amount'], r['no_amount']) for r in rows],
                         [('CNY', 2, 3, 40.0, 400000, 240000, 62.5, 1),
                          ('USD', 1, 0, 100.0, 50000, None, 100.0, 0),
                          (None, 3, 3, 50.0, None, None, None, 1)])
        mine = self.rows('win_rate', '--period', 'this-quarter', '--owner', WANG)
        self.assertEqual(mine[-1]['win_rate'], 66.7)

    def test_every_report(self):
        self.assertEqual([(r['stage'], r['currency'], r['count'], r['amount'], r['weighted'])
                          for r in self.rows('pipeline_by_stage')],
                         [('Lead', 'CNY', 2, 70000, 7000), ('Qualified', 'USD', 1, 80000, 40000),
                          ('Proposal', 'CNY', 2, 600000, 360000)])
        self.assertEqual(len(self.rows('pipeline_by_owner')), 5)
        self.assertEqual([(r['currency'], r['average'], r['median'])
                          for r in self.rows('deal_size', '--period', '2026-04-01..2026-06-30')],
                         [('CNY', 200000, 200000), ('USD', 50000, 50000)])
        self.assertEqual([(r['outcome'], r['median_days'], r['mean_days'], r['p80_days'])
                          for r in self.rows('sales_cycle', '--period', 'this-quarter')],
                         [('won', 10.0, 11.7, 20.0), ('lost', 30.0, 28.3, 45.0)])
        self.assertEqual([(r['stage'], r['visits'], r['mean_days'], r['median_days'])
                          for r in self.rows('stage_velocity', '--period', 'this-quarter')],
                         [('Lead', 8, 7.4, 6.0), ('Demo', 1, 45.0, 45.0),
                          ('Qualified', 5, 8.4, 5.0), ('Proposal', 2, 7.5, 7.5),
                          ('Won', 1, 5.0, 5.0)])
        self.assertEqual([(r['stage'], r['reached'], r['conversion'], r['overall'])
                          for r in self.rows('funnel', '--period', 'this-quarter')],
                         [('Lead', 8, None, 100.0), ('Qualified', 7, 87.5, 87.5),
                          ('Proposal', 5, 71.4, 62.5), ('Won', 3, 60.0, 37.5)])
        self.assertEqual([(r['deal'], r['reason']) for r in self.rows('slipped')],
                         [('D7', 'overdue'), ('D9', 'pushed_out')])

    def test_forecast(self):
        # Q2, read on Monday 15 June: 54 of the quarter's 65 working days
        # gone. Wang: 3000.00 CNY for the quarter; Li: 1000.00 CNY a month
        # (summed) and 4 deals; East (both) has no target of its own, West
        # (Wang) has 5000.00 CNY. D9 and D8 close in July: not in Q2.
        columns = ('scope', 'name', 'measure', 'currency', 'closed', 'commit', 'best_case',
                   'pipeline', 'closed_commit', 'closed_best_case', 'target', 'target_source',
                   'attainment', 'gap', 'coverage', 'pace')
        rows = self.rows('forecast', '--period', 'this-quarter')
        self.assertEqual([tuple(r[c] for c in columns) for r in rows], [
            ('everyone', None, 'amount', 'CNY', 400000, 100000, 0, 0, 500000, 500000,
             None, None, None, None, None, None),
            ('everyone', None, 'amount', 'USD', 50000, 0, 80000, 0, 50000, 130000,
             None, None, None, None, None, None),
            ('team', 'East', 'amount', 'CNY', 400000, 100000, 0, 0, 500000, 500000,
             600000, 'members', 66.7, 200000, 0.5, 498462),
            ('team', 'East', 'amount', 'USD', 50000, 0, 80000, 0, 50000, 130000,
             None, None, None, None, None, None),
            ('team', 'East', 'count', None, 3, 1, 1, 0, 4, 5, 4, 'members', 75.0, 1, 2.0, 3),
            ('team', 'West', 'amount', 'CNY', 100000, 100000, 0, 0, 200000, 200000,
             500000, 'own', 20.0, 400000, 0.3, 415385),
            ('team', 'West', 'amount', 'USD', 50000, 0, 0, 0, 50000, 50000,
             None, None, None, None, None, None),
            ('person', '李雷', 'amount', 'CNY', 300000, 0, 0, 0, 300000, 300000,
             300000, 'own', 100.0, 0, None, 249231),
            ('person', '李雷', 'amount', 'USD', 0, 0, 80000, 0, 0, 80000,
             None, None, None, None, None, None),
            ('person', '李雷', 'count', None, 1, 0, 1, 0, 1, 2, 4, 'own', 25.0, 3, 0.3, 3),
            ('person', '王芳', 'amount', 'CNY', 100000, 100000, 0, 0, 200000, 200000,
             300000, 'own', 33.3, 200000, 0.5, 249231),
            ('person', '王芳', 'amount', 'USD', 50000, 0, 0, 0, 50000, 50000,
             None, None, None, None, None, None),
        ])
        # One rep's: no team, nobody else.
        mine = self.rows('forecast', '--period', 'this-quarter', '--owner', WANG)
        self.assertEqual([(r['scope'], r['currency'], r['closed']) for r in mine],
                         [('person', 'CNY', 100000), ('person', 'USD', 50000)])
        # Last quarter: Wang's target was Q2's, so none; nothing was won.
        self.assertEqual(self.rows('forecast', '--period', 'last-quarter'), [])
        text = self.run_ok('report', 'forecast', '--period', 'this-quarter', *TODAY).stdout
        self.assertIn('Sum of members’ targets', text)
        self.assertIn('2.0×', text)

    def test_team_filter(self):
        west = self.rows('win_rate', '--period', 'this-quarter', '--team', WEST)
        self.assertEqual(west, self.rows('win_rate', '--period', 'this-quarter', '--owner', WANG))
        self.assertEqual([(r['scope'], r['name']) for r in
                          self.rows('forecast', '--period', 'this-quarter', '--team', WEST)],
                         [('team', 'West'), ('team', 'West'), ('person', '王芳'), ('person', '王芳')])
        unknown = self.assert_exit(EXIT_USAGE, 'report', 'win_rate', '--team', 'Nowhere')
        self.assertIn('Nowhere', unknown.stderr)

    def test_csv_and_text(self):
        csv = self.run_ok('report', 'deal_size', '--period', 'this-quarter', '--csv', *TODAY)
        self.assertEqual(csv.stdout.replace('\r\n', '\n'),
                         'currency,won,total,average,median,no_amount\n'
                         'CNY,2,400000,200000,200000,0\n'
                         'USD,1,50000,50000,50000,0\n')
        text = self.run_ok('report', 'deal_size', '--period', 'this-quarter', *TODAY).stdout
        self.assertEqual(text.splitlines()[0], 'Deal Size')
        self.assertIn('CN¥2000.00', text)
        # In Chinese, from the build's translations.
        cn = dict(self.cli.env, LANGUAGE='zh_CN', LC_ALL='zh_CN.UTF-8',
                  RAPPORT_LOCALEDIR=LOCALEDIR)
        done = subprocess.run([cli_harness.CLI_PATH, '--database', self.cli.database, 'report',
                               'win_rate', '--period', 'this-quarter', *TODAY],
                              capture_output=True, text=True, env=cn, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.splitlines()[0], '赢单率')

    def test_bad_input(self):
        unknown = self.assert_exit(EXIT_USAGE, 'report', 'forecast_magic')
        self.assertIn('forecast_magic', unknown.stderr)
        self.assertIn('win_rate', unknown.stderr)
        period = self.assert_exit(EXIT_USAGE, 'report', 'win_rate', '--period', 'next-week')
        self.assertIn('next-week', period.stderr)
        backwards = self.assert_exit(EXIT_USAGE, 'report', 'win_rate', '--period',
                                     '2026-03-01..2026-02-01')
        self.assertIn('2026-03-01..2026-02-01', backwards.stderr)


if __name__ == '__main__':
    if len(sys.argv) < 4:
        sys.exit('usage: test-cli-report.py RAPPORT-CLI MAKE-REPORT-BOOK LOCALEDIR')
    cli_harness.CLI_PATH = os.path.abspath(sys.argv.pop(1))
    MAKE_BOOK = os.path.abspath(sys.argv.pop(1))
    LOCALEDIR = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
