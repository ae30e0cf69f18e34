#!/usr/bin/env python3
# test-cli-score.py: `rapport-cli score DEAL` and lists by win chance on a synced demo book
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test-cli-score.py RAPPORT-CLI RAPPORT-SERVER
#
# The demo book on a real rapport-server (more than 50 closed deals in its
# pipeline, so the engine learns); a client signs in and syncs. An open
# deal's chance comes with reasons that lean the way they are listed and
# say their counts; closed deals are 100 and 0; `list deal --sort score`
# and `--where 'score > 60'` agree with what `score` prints per deal; an
# unknown deal is an error that names it.

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cli_harness  # noqa: E402
from cli_harness import CliTestCase, PASSWORD  # noqa: E402


class ScoreTest(CliTestCase):
    @classmethod
    def setUpClass(cls):
        cls._server_home = tempfile.TemporaryDirectory(prefix='rapport-score-test-')
        cls.database = os.path.join(cls._server_home.name, 'server.db')
        cls.server, cls.url = cli_harness.start_demo_server(cls.database)

    @classmethod
    def tearDownClass(cls):
        cli_harness.stop_server(cls.server)
        cls._server_home.cleanup()

    def setUp(self):
        super().setUp()
        self.assertEqual(self.cli.login(self.url, 'wang.fang', PASSWORD).returncode, 0)
        self.run_ok('sync')
        self.deals = self.run_json('list', 'deal')

    def test_open_deal_and_reasons(self):
        open_deals = [d for d in self.deals if d['status'] == 'open']
        self.assertGreater(len(open_deals), 5)
        for deal in open_deals[:5]:
            with self.subTest(deal=deal['title']):
                score = self.run_json('score', deal['id'])
                self.assertEqual(score['kind'], 'learned')
                self.assertGreaterEqual(score['won'] + score['lost'], 50)
                self.assertTrue(1 <= score['score'] <= 99, score)
                self.assertEqual(score['score'], int(score['percent'] + 0.5))
                self.assertIn(f"{score['won']} won / {score['lost']} lost", score['summary'])
                self.assertLessEqual(len(score['for']), 3)
                self.assertLessEqual(len(score['against']), 3)
                for reason in score['for']:
                    self.assertGreater(reason['lean'], 0.5)
                    self.assertIn(f"{reason['won']} of {reason['closed']} closed deal", reason['text'])
                for reason in score['against']:
                    self.assertLess(reason['lean'], 0.5)
                text = self.run_ok('score', deal['id']).stdout.splitlines()
                self.assertEqual(text[0], f"Win chance: {score['score']} %")
                self.assertEqual(text[1], score['summary'])
                for reason in score['for'] + score['against']:
                    self.assertIn('  ' + reason['text'], text)

    def test_closed_deals(self):
        won = next(d for d in self.deals if d['status'] == 'won')
        lost = next(d for d in self.deals if d['status'] == 'lost')
        self.assertEqual(self.run_json('score', won['id'])['score'], 100)
        self.assertEqual(self.run_json('score', lost['id'])['score'], 0)
        self.assertEqual(self.run_json('score', lost['id'])['kind'], 'lost')

    def test_list_by_score(self):
        scores = {d['id']: self.run_json('score', d['id'])['score'] for d in self.deals}
        ranked = [d['id'] for d in self.run_json('list', 'deal', '--sort', 'score', '--where',
                                                 'status = open')]
        self.assertEqual(len(ranked), sum(1 for d in self.deals if d['status'] == 'open'))
        self.assertEqual([scores[i] for i in ranked],
                         sorted((scores[i] for i in ranked), reverse=True))
        likely = {d['id'] for d in self.run_json('list', 'deal', '--where', 'score > 60')}
        self.assertEqual(likely, {i for i, s in scores.items() if s > 60})
        self.assertTrue(any(scores[i] < 100 for i in likely) or not likely)

    def test_bad_input(self):
        result = self.assert_exit(1, 'score', 'no-such-deal')
        self.assertIn('There is no deal “no-such-deal”', result.stderr)
        self.assertEqual(result.stdout, '')
        result = self.assert_exit(cli_harness.EXIT_USAGE, 'list', 'deal', '--sort', 'chance')
        self.assertIn('chance', result.stderr)
        result = self.assert_exit(cli_harness.EXIT_USAGE, 'list', 'contact', '--where', 'score > 60')
        self.assertIn('score', result.stderr)


if __name__ == '__main__':
    cli_harness.CLI_PATH = sys.argv.pop(1)
    cli_harness.SERVER_PATH = sys.argv.pop(1)
    unittest.main(verbosity=2)
