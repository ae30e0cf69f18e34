#!/usr/bin/env python3
# check-server-layers.py: rapport-server is built from the model library
# only, never from the client's store, sync or keyring code.
#
#   check-server-layers.py BUILD_ROOT SERVER
#   check-server-layers.py --self-test BUILD_ROOT CLIENT_PROGRAM
#
# Fails, naming what it found, when the server binary has a client symbol
# (rapport_store_*, rapport_sync_*, rapport_credentials_*, secret_*, ...),
# needs libsecret at run time, or is linked (build.ninja) against libsecret
# or a static library that defines client symbols. The self-test runs the
# same checks on a program that is a client (rapport-cli) and fails unless
# they find it out.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shlex
import subprocess
import sys

CLIENT_SYMBOL = re.compile(r'^(rapport_(store|sync|credentials|query|tasks|team|timeline|'
                           r'pipeline|record_history)_\w+|secret_\w+)$')


def symbols(path, defined_only):
    args = ['nm', '--defined-only' if defined_only else '--no-sort', path]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[-1] and not parts[-1].endswith(':'):
            names.add(parts[-1])
    return names


def needed(path):
    out = subprocess.run(['readelf', '-d', path], check=True, capture_output=True,
                         text=True).stdout
    return re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', out)


def link_args(build_root, program):
    """The linker inputs of @program, as build.ninja has them."""
    target = os.path.relpath(program, build_root)
    lines = open(os.path.join(build_root, 'build.ninja'), encoding='utf-8').read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith('build %s:' % target) and '_LINKER' in line:
            inputs = shlex.split(line.split(':', 1)[1].replace('$ ', ' '))
            for follow in lines[i + 1:]:
                if not follow.startswith(' '):
                    break
                if follow.strip().startswith('LINK_ARGS ='):
                    inputs += shlex.split(follow.split('=', 1)[1])
            return inputs
    raise SystemExit('%s is not linked in %s/build.ninja' % (target, build_root))


def problems(build_root, program):
    found = []
    client = sorted(n for n in symbols(program, False) if CLIENT_SYMBOL.match(n))
    if client:
        found.append('%s has client symbols: %s' % (os.path.basename(program),
                                                     ', '.join(client[:8])))
    secret = [lib for lib in needed(program) if 'secret' in lib]
    if secret:
        found.append('%s needs %s at run time' % (os.path.basename(program), ', '.join(secret)))
    for arg in dict.fromkeys(link_args(build_root, program)):
        if 'secret' in arg:
            found.append('%s is linked with %s' % (os.path.basename(program), arg))
        elif arg.endswith('.a') and not os.path.isabs(arg):
            # The project's own static libraries, which build.ninja names
            # relative to the build root; a system one (libm.a) is no layer.
            library = os.path.join(build_root, arg)
            defined = sorted(n for n in symbols(library, True) if CLIENT_SYMBOL.match(n))
            if defined:
                found.append('%s is linked with %s, which defines client code: %s'
                             % (os.path.basename(program), arg, ', '.join(defined[:5])))
    return found


def main(argv):
    if len(argv) == 4 and argv[1] == '--self-test':
        found = problems(argv[2], argv[3])
        if not found:
            print('self-test: the checks found nothing wrong with %s, a client' % argv[3])
            return 1
        print('self-test: found out %s:\n  %s' % (os.path.basename(argv[3]), '\n  '.join(found)))
        return 0
    if len(argv) != 3:
        print(__doc__ or 'usage: check-server-layers.py BUILD_ROOT SERVER', file=sys.stderr)
        return 2
    found = problems(argv[1], argv[2])
    for problem in found:
        print(problem)
    if not found:
        print('%s has no client code and does not need libsecret' % os.path.basename(argv[2]))
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
