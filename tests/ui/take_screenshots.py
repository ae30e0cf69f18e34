#!/usr/bin/python3
"""Renews the README's and the metainfo's screenshots of a contact, a deal
and a case, wide, at 360 px and in Chinese, from the demo book on a real
server. Not a test: run it by hand, then look at what it made.

  RAPPORT_BUILD_DIR=$PWD/build GSETTINGS_SCHEMA_DIR=$PWD/build/data \\
  RAPPORT_UPDATE_SCREENSHOTS=$PWD/data/screenshots \\
  dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \\
      /usr/bin/python3 tests/ui/take_screenshots.py
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

CHINESE = {'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8', 'LANGUAGE': 'zh_CN',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
# (suffix, window width, environment)
LOOKS = [('', 1280, {}), ('-narrow', 360, {}), ('-zh_CN', 1280, CHINESE)]
# (name, section key, list name in English and Chinese)
RECORDS = [('contact', '<Alt>1', ('Contacts', '联系人')),
           ('deal', '<Alt>3', ('Deals', '商机')),
           ('case', '<Alt>4', ('Cases', '工单'))]


def open_first(app, names):
    """Opens the first record of the shown list."""
    def click():
        lists = [n for n in app.find_all('list', None) if n.name in names]
        rows = [n for n in app.find_all('list item', None, root=lists[0], into_records=True)
                if n.extents[1] >= 0]
        row = min(rows, key=lambda n: n.extents[1])
        x, y, w, h = row.extents
        r.rawinput.click(x + min(w // 2, 60), y + h // 2)
        return True
    r.wait_for('a row to open', click)
    r.time.sleep(2)


def shoot(workdir, server, suffix, width, env):
    app = r.App(workdir, server=server, width=width, height=800 if width > 360 else 720,
                name='shots' + suffix, env=env)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=60)
        r.time.sleep(3)
        for name, key, lists in RECORDS:
            app.key(key)
            r.time.sleep(1.5)
            open_first(app, lists)
            app.keep_screenshot(app.screenshot_of(name + suffix, app.window), name + suffix)
    finally:
        app.quit()


def main(workdir):
    server = r.Server(workdir)
    server.start()
    try:
        for suffix, width, env in LOOKS:
            shoot(workdir, server, suffix, width, env)
    finally:
        server.stop()


r.run(main)
