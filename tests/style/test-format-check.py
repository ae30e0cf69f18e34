#!/usr/bin/env python3
"""build-aux/check-format.py fails on a change written against .clang-format
and passes one that differs only in alignment, in a throwaway repository."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BASE = '''static int
count (int a,
       int b)
{
  return a + b;
}
'''


class FormatCheck(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, 'build-aux'))
        os.makedirs(os.path.join(self.dir, 'src'))
        shutil.copy(os.path.join(TOP, '.clang-format'), self.dir)
        shutil.copy(os.path.join(TOP, 'build-aux', 'check-format.py'),
                    os.path.join(self.dir, 'build-aux'))
        self.git('init', '-q')
        self.commit(BASE)
        self.base = self.git('rev-parse', 'HEAD').strip()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def git(self, *args):
        return subprocess.run(['git', '-c', 'user.name=Test', '-c', 'user.email=t@example.com',
                               *args], cwd=self.dir, check=True, capture_output=True,
                              text=True).stdout

    def commit(self, text):
        with open(os.path.join(self.dir, 'src', 'count.c'), 'w') as f:
            f.write(text)
        self.git('add', '-A')
        self.git('commit', '-q', '-m', 'change')

    def check(self):
        return subprocess.run([sys.executable, os.path.join(self.dir, 'build-aux', 'check-format.py'),
                               self.base], cwd=self.dir, capture_output=True, text=True)

    def test_wrong_spacing_and_braces_fail_naming_the_place(self):
        self.commit(BASE + '''
static int
twice (int a)
{
  if(a > 0) {
    return a*2;
  }
  return 0;
}
''')
        result = self.check()
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn('src/count.c:', result.stdout)
        self.assertIn('if(a > 0) {', result.stdout)

    def test_alignment_and_breaks_are_the_authors(self):
        self.commit(BASE + '''
static int
scaled (int    value,
        double factor)
{
  int    whole = value;
  double part  = factor;

  return count (whole,
                (int) part);
}
''')
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_unchanged_lines_are_not_checked(self):
        self.commit(BASE.replace('return a + b;', 'return a+b;'))
        self.base = self.git('rev-parse', 'HEAD').strip()
        self.commit(BASE.replace('return a + b;', 'return a+b;') + '\n/* more */\n')
        self.assertEqual(self.check().returncode, 0)


if __name__ == '__main__':
    if shutil.which('git-clang-format') is None:
        print('git-clang-format is missing')
        sys.exit(77)
    unittest.main()
