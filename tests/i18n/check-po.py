#!/usr/bin/env python3
# check-po.py: every translation in po/LINGUAS is valid and complete against
# the strings the sources have now.
#
#   check-po.py SOURCE_ROOT
#   check-po.py --self-test
#
# Extracts a fresh template into a temporary folder with xgettext (the same
# keywords and flags as Meson's i18n 'glib' preset that po/meson.build uses),
# merges each .po into a copy with msgmerge, and fails when msgfmt --check
# reports an error or when an entry is untranslated or fuzzy, printing the
# msgids. So a string added to the code without a translation fails the
# suite. The source tree is never written to.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess
import sys
import tempfile

PACKAGE = 'rapport'

# Meson's i18n.gettext(preset: 'glib'), plus the -k_ Meson always adds.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments', '-k_',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]

# English that is right in every language: names and placeholders.
SAME_EVERYWHERE = {'Rapport', 'URL', 'N'}


def tool(name):
    path = shutil.which(name)
    if path is None:
        print(f'{name} is missing: install gettext')
        sys.exit(1)
    return path


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def msgids(po_text):
    """The msgids of a .po text, header excluded, unescaped enough to read."""
    ids = []
    for block in po_text.split('\n\n'):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if match:
            text = ''.join(re.findall(r'"(.*)"', match.group(1)))
            if text:
                ids.append(text)
    return ids


def entries(po_text):
    """(msgid, [msgstr…]) of each translated entry, escaped as in the file."""
    result = []
    for block in po_text.split('\n\n'):
        if block.lstrip().startswith('#~'):
            continue
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if not msgid:
            continue
        strs = re.findall(r'^msgstr(?:\[\d+\])? ((?:".*"\n?)+)', block, re.MULTILINE)
        result.append((''.join(re.findall(r'"(.*)"', msgid.group(1))),
                       [''.join(re.findall(r'"(.*)"', s)) for s in strs]))
    return result


def make_pot(root, workdir):
    pot = os.path.join(workdir, PACKAGE + '.pot')
    result = run([tool('xgettext'), '--package-name=' + PACKAGE,
                  '-f', os.path.join(root, 'po', 'POTFILES.in'), '-D', root,
                  '-o', pot] + XGETTEXT_ARGS)
    if result.returncode != 0:
        print('xgettext failed:\n' + result.stderr)
        sys.exit(1)
    return pot


def check_language(root, lang, pot, workdir):
    problems = []
    po = os.path.join(root, 'po', lang + '.po')
    if not os.path.isfile(po):
        return [f'po/{lang}.po: listed in po/LINGUAS but missing']

    result = run([tool('msgfmt'), '--check', '--statistics', '-o', os.devnull, po])
    if result.returncode != 0:
        problems.append(f'po/{lang}.po: msgfmt --check failed:\n{result.stderr.strip()}')

    merged = os.path.join(workdir, lang + '.po')
    result = run([tool('msgmerge'), '--quiet', '--no-wrap', '--previous', '-o', merged, po, pot])
    if result.returncode != 0:
        return problems + [f'po/{lang}.po: msgmerge failed:\n{result.stderr.strip()}']

    result = run([tool('msgfmt'), '--check', '--statistics', '-o', os.devnull, merged])
    print(f'{lang}: {result.stderr.strip()}')
    if result.returncode != 0:
        problems.append(f'po/{lang}.po against the current sources: msgfmt --check failed')

    for what, option in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
        result = run([tool('msgattrib'), option, '--no-obsolete', '--no-wrap', merged])
        for msgid in msgids(result.stdout):
            problems.append(f'po/{lang}.po: {what}: "{msgid}"')

    with open(merged, encoding='utf-8') as f:
        merged_text = f.read()
    header = re.search(r'"Plural-Forms: *nplurals=(\d+);', merged_text)
    if header is None:
        problems.append(f'po/{lang}.po: no Plural-Forms header')

    # English copied into a translation of a language with its own script.
    if lang.startswith(('zh', 'ja', 'ko')):
        for msgid, msgstrs in entries(merged_text):
            for msgstr in msgstrs:
                if msgstr and msgstr == msgid and msgid not in SAME_EVERYWHERE and \
                        re.search(r'[A-Za-z]{3,}\W+[A-Za-z]{3,}', msgid) and \
                        not re.search(r'[\u3000-\u9fff]', msgstr):
                    problems.append(f'po/{lang}.po: left in English: "{msgid}"')
    return problems


def check(root):
    with open(os.path.join(root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f for w in line.split('#', 1)[0].split()]
    if not languages:
        print('po/LINGUAS lists no language')
        return 1
    problems = []
    with tempfile.TemporaryDirectory() as workdir:
        pot = make_pot(root, workdir)
        print(f'{len(msgids(open(pot, encoding="utf-8").read()))} strings in the sources')
        for lang in languages:
            problems += check_language(root, lang, pot, workdir)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def self_test():
    """A string without a translation, and a fuzzy one, must fail the check."""
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, 'po'))
        os.makedirs(os.path.join(root, 'src'))
        with open(os.path.join(root, 'src', 'a.c'), 'w', encoding='utf-8') as f:
            f.write('a = _("Open the door");\nb = _("A brand new string");\n'
                    'c = _("Sync was cancelled today");\n')
        with open(os.path.join(root, 'po', 'POTFILES.in'), 'w', encoding='utf-8') as f:
            f.write('src/a.c\n')
        with open(os.path.join(root, 'po', 'LINGUAS'), 'w', encoding='utf-8') as f:
            f.write('zh_CN\n')
        with open(os.path.join(root, 'po', 'zh_CN.po'), 'w', encoding='utf-8') as f:
            f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
                    'msgid "Open the door"\nmsgstr "开门"\n\n'
                    'msgid "Sync was cancelled"\nmsgstr "同步已取消"\n')
        result = run([sys.executable, __file__, root])
        out = result.stdout
        if result.returncode == 0:
            print('self-test: a missing translation passed')
            failures += 1
        if 'untranslated: "A brand new string"' not in out:
            print('self-test: the untranslated string was not named:\n' + out)
            failures += 1
        if 'fuzzy: "Sync was cancelled today"' not in out:
            print('self-test: the fuzzy string was not named:\n' + out)
            failures += 1
        if '"Open the door"' in out:
            print('self-test: a translated string was named:\n' + out)
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
