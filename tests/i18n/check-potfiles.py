#!/usr/bin/env python3
# check-potfiles.py: po/POTFILES.in lists exactly the files with translatable
# strings.
#
#   check-potfiles.py SOURCE_ROOT
#   check-potfiles.py --self-test
#
# Fails, naming the file, when a C file under src/ calls _(), N_(), C_(),
# NC_(), Q_(), ngettext() or g_d*gettext(), a .ui file under ui/ or data/ has
# translatable="yes", or a desktop, AppStream, GSettings or polkit file under
# data/ has translatable text, and POTFILES.in does not list it (nor
# POTFILES.skip). Also fails when a listed file does not exist, or when the
# list is not sorted or has duplicates. A listed file without strings is only
# reported.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

C_KEYWORDS = re.compile(
    r'(?<![\w])(?:_|N_|C_|NC_|Q_|ngettext|dngettext|g_dngettext|g_dgettext|'
    r'g_dcgettext|g_dpgettext|g_dpgettext2)\s*\(')

# A C comment, or a string or character literal (kept, so that "/*" inside a
# string does not start a comment).
C_TOKENS = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                      re.DOTALL)

UI_TRANSLATABLE = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.IGNORECASE)

DESKTOP_KEYS = re.compile(r'^(?:Name|GenericName|Comment|Keywords|X-GNOME-FullName)=\S',
                          re.MULTILINE)

# Per XML root element: the elements whose text goes into the pot.
XML_TRANSLATABLE = {
    'component': {'name', 'summary', 'developer_name', 'p', 'li', 'caption', 'keyword'},
    'schemalist': {'summary', 'description'},
    'policyconfig': {'message', 'description'},
    'interface': set(),  # .ui files are found by their attribute
}


def strip_c_comments(text):
    return C_TOKENS.sub(lambda m: ' ' if m.group(0).startswith('/') else m.group(0), text)


def c_has_strings(text):
    return C_KEYWORDS.search(strip_c_comments(text)) is not None


def xml_has_strings(text):
    if UI_TRANSLATABLE.search(text):
        return True
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return False
    tag = root.tag.split('}')[-1]
    wanted = XML_TRANSLATABLE.get(tag, set())
    if not wanted:
        return False
    if tag == 'schemalist' and root.get('gettext-domain') is None and \
            not any(s.get('gettext-domain') for s in root.iter('schema')):
        return False

    def walk(element, skipped):
        skipped = skipped or element.get('translate') == 'no' or \
            element.get('translatable') == 'no'
        name = element.tag.split('}')[-1]
        if not skipped and name in wanted and (element.text or '').strip():
            return True
        return any(walk(child, skipped) for child in element)

    return walk(root, False)


def has_strings(path, text):
    name = os.path.basename(path)
    if name.endswith(('.c', '.h')):
        return c_has_strings(text)
    if name.endswith(('.ui', '.ui.in')):
        return UI_TRANSLATABLE.search(text) is not None
    if name.endswith(('.desktop.in', '.desktop')):
        return '[Desktop Entry]' in text and DESKTOP_KEYS.search(text) is not None
    if name.endswith(('.xml', '.xml.in')):
        return xml_has_strings(text)
    return False


def candidates(root):
    """Source files that may carry strings, relative to root."""
    rules = [
        ('src', ('.c', '.h')),
        ('ui', ('.ui', '.ui.in')),
        ('data', ('.in', '.xml', '.ui')),
    ]
    for top, endings in rules:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for filename in sorted(filenames):
                if filename.endswith(endings):
                    path = os.path.join(dirpath, filename)
                    yield os.path.relpath(path, root).replace(os.sep, '/')


def read_list(path):
    if not os.path.exists(path):
        return []
    entries = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if line:
                entries.append(line)
    return entries


def check(root):
    listed = read_list(os.path.join(root, 'po', 'POTFILES.in'))
    skipped = set(read_list(os.path.join(root, 'po', 'POTFILES.skip')))
    problems = []

    for entry in listed:
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append(f'{entry}: listed in po/POTFILES.in but does not exist')
    seen = set()
    for entry in listed:
        if entry in seen:
            problems.append(f'{entry}: listed twice in po/POTFILES.in')
        seen.add(entry)
    if listed != sorted(listed):
        first = next(a for a, b in zip(listed, sorted(listed)) if a != b)
        problems.append(f'po/POTFILES.in is not sorted (first out of place: {first})')

    for path in candidates(root):
        with open(os.path.join(root, path), encoding='utf-8', errors='replace') as f:
            text = f.read()
        found = has_strings(path, text)
        if found and path not in seen and path not in skipped:
            problems.append(f'{path}: has translatable strings but is missing from po/POTFILES.in')
        elif not found and path in seen:
            print(f'note: {path} is listed but has no translatable strings', file=sys.stderr)

    for problem in problems:
        print(problem)
    if not problems:
        print(f'po/POTFILES.in lists all {len(listed)} files with translatable strings')
    return 1 if problems else 0


def self_test():
    """The check must fail for a missing file and for a stale entry."""
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        for d in ('po', 'src/core', 'ui', 'data'):
            os.makedirs(os.path.join(root, d))
        files = {
            'src/core/listed.c': 'x = _("Listed");\n',
            'src/core/missing.c': 'g_print (ngettext ("%d day", "%d days", n), n);\n',
            'src/core/comment-only.c': '/* _("not code") */\nint n;\n',
            'ui/missing.ui': '<interface><object><property name="label" '
                             'translatable="yes">Hi</property></object></interface>\n',
            'data/app.desktop.in': '[Desktop Entry]\nName=App\nComment=Does things\n',
            'data/app.service.in': '[D-BUS Service]\nName=org.example.App\n',
        }
        for path, text in files.items():
            with open(os.path.join(root, path), 'w', encoding='utf-8') as f:
                f.write(text)
        with open(os.path.join(root, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
            f.write('src/core/gone.c\nsrc/core/listed.c\n')
        result = subprocess.run([sys.executable, __file__, root],
                                capture_output=True, text=True)
        out = result.stdout
        expect_named = ['src/core/missing.c', 'ui/missing.ui', 'data/app.desktop.in',
                        'src/core/gone.c']
        expect_not = ['src/core/listed.c', 'src/core/comment-only.c', 'data/app.service.in']
        if result.returncode == 0:
            print('self-test: the check passed a tree with missing files')
            failures += 1
        for name in expect_named:
            if name not in out:
                print(f'self-test: {name} was not named:\n{out}')
                failures += 1
        for name in expect_not:
            if name in out:
                print(f'self-test: {name} was wrongly named:\n{out}')
                failures += 1
    print('self-test passed' if not failures else 'self-test FAILED')
    return 1 if failures else 0


if __name__ == '__main__':
    if len(sys.argv) == 2 and sys.argv[1] == '--self-test':
        sys.exit(self_test())
    if len(sys.argv) != 2:
        print(f'usage: {sys.argv[0]} SOURCE_ROOT | --self-test', file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[1]))
