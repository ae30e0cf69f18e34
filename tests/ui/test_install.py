#!/usr/bin/python3
"""`meson install`, then `rapport`: the install compiles the settings
schema (gnome.post_install), and the installed app starts and shows its
welcome page with no help from the build tree.

The install goes into a DESTDIR, where meson skips its post-install
scripts (packages leave them to their triggers): the test runs the scripts
meson names, inside the DESTDIR, as an install into the prefix would."""

import json
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def test(workdir):
    destdir = os.path.join(workdir, 'destdir')
    options = json.loads(subprocess.run(['meson', 'introspect', '--buildoptions', r.BUILD],
                                        check=True, capture_output=True, text=True).stdout)
    prefix = [o['value'] for o in options if o['name'] == 'prefix'][0]
    datadir = [o['value'] for o in options if o['name'] == 'datadir'][0]
    bindir = [o['value'] for o in options if o['name'] == 'bindir'][0]
    installed = subprocess.run(['meson', 'install', '-C', r.BUILD, '--no-rebuild', '--destdir', destdir],
                               capture_output=True, text=True, timeout=60)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    scripts = re.findall(r"Skipping custom install script because DESTDIR is set '(.*)'",
                         installed.stdout)
    r.log('post-install scripts:', scripts)
    for script in scripts:
        args = shlex.split(script)
        args = args[:1] + [destdir + a if a.startswith(prefix + '/') else a for a in args[1:]]
        subprocess.run(args, check=True, timeout=60)

    share = destdir + os.path.join(prefix, datadir)
    compiled = os.path.join(share, 'glib-2.0', 'schemas', 'gschemas.compiled')
    assert os.path.exists(compiled), 'no compiled settings schema after the install: ' + compiled

    # The installed app: its schema from the install, nothing from the build tree.
    env = {'GSETTINGS_SCHEMA_DIR': None, 'RAPPORT_LOCALEDIR': None,
           'XDG_DATA_DIRS': share + ':/usr/local/share:/usr/share'}
    app = r.App(workdir, env=env, command=[destdir + os.path.join(prefix, bindir, 'rapport')])
    try:
        app.wait_label('Welcome to Rapport')
    finally:
        app.quit()


r.run(test)
