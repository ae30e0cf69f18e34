#!/usr/bin/env python3
"""Checks that the C lines changed since a base commit are formatted as the
project's .clang-format says.

The base is build-aux/format-base (the commit from which the rule holds) or
the first argument. clang-format cannot express the alignment GNOME code
uses, so runs of spaces inside a line and the line breaks inside a statement
are not compared: statements' indentation, braces, spaces before
parentheses, after casts, around operators and pointers are.
Exits 77 (skipped) outside a git checkout or without git-clang-format.
"""
import os
import re
import shutil
import subprocess
import sys

SKIP = 77


def run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True)


def continues(previous, line):
    """Whether @line goes on with the statement or declaration that
    @previous started: then where the line breaks is the author's choice."""
    previous = previous.rstrip()
    return (bool(previous) and not previous.lstrip().startswith('#') and
            not previous.endswith((';', '{', '}', '*/', ':')) and
            not line.lstrip().startswith(('{', '}', '#')))


def compared(lines, before):
    """@lines as statements, each with its indentation and its tokens spaced
    as written, without what is alignment: runs of spaces inside a line, and
    the breaks and indentation inside a statement."""
    statements = []
    for line in lines:
        text = re.sub(r'[ \t]+', ' ', line.strip(' \t'))
        if line != line.rstrip():
            text += ' <trailing space>'
        if statements and continues(before, line):
            statements[-1] += ' ' + text
        else:
            statements.append(line[:len(line) - len(line.lstrip(' \t'))] + text)
        before = line
    return statements


def hunks(diff):
    """Yields (path, first new line, removed lines, added lines) per hunk."""
    path = None
    hunk = None
    for line in diff.splitlines():
        if line.startswith('+++ '):
            path = line[4:].removeprefix('b/')
        elif line.startswith('@@'):
            if hunk:
                yield hunk
            start = int(re.match(r'@@ -(\d+)', line).group(1))
            hunk = (path, start, [], [])
        elif hunk and line.startswith('-') and not line.startswith('---'):
            hunk[2].append(line[1:])
        elif hunk and line.startswith('+'):
            hunk[3].append(line[1:])
        elif hunk and line.startswith(' '):
            hunk[2].append(line[1:])
            hunk[3].append(line[1:])
    if hunk:
        yield hunk


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if shutil.which('git') is None or shutil.which('git-clang-format') is None:
        print('git or git-clang-format is missing: not checked')
        return SKIP
    if run(['git', 'rev-parse', '--git-dir'], top).returncode != 0:
        print('not a git checkout: not checked')
        return SKIP
    if len(sys.argv) > 1:
        base = sys.argv[1]
    else:
        with open(os.path.join(top, 'build-aux', 'format-base')) as f:
            base = f.read().split()[0]
    if run(['git', 'merge-base', '--is-ancestor', base, 'HEAD'], top).returncode != 0:
        print(f'{base} is not in this checkout\'s history (a shallow clone?): not checked')
        return SKIP

    result = run(['git', 'clang-format', '--diff', '--extensions', 'c,h', base, '--',
                  'src', 'tests'], top)
    if result.returncode not in (0, 1):
        print(result.stderr, file=sys.stderr)
        return 1

    wrong = 0
    for path, start, removed, added in hunks(result.stdout):
        with open(os.path.join(top, path)) as f:
            before = ([''] + f.read().splitlines())[start - 1] if start > 1 else ''
        if compared(removed, before) == compared(added, before):
            continue
        wrong += 1
        print(f'{path}:{start}: is written')
        for line in removed:
            print(f'    {line}')
        print('  where .clang-format writes')
        for line in added:
            print(f'    {line}')
    if wrong:
        print(f'\n{wrong} changed places differ from .clang-format '
              f'(`git clang-format {base}` rewrites them; alignment is yours)')
        return 1
    print(f'the C lines changed since {base[:12]} follow .clang-format')
    return 0


if __name__ == '__main__':
    sys.exit(main())
