#!/usr/bin/python3
"""Screenshots of the Reports page's forecast, wide, at 360 px, dark and in
Chinese, from the demo book on a real server with a target set for Lucas
Martin and a team of two. Not a test: run it by hand, then look at them.

  RAPPORT_BUILD_DIR=$PWD/build GSETTINGS_SCHEMA_DIR=$PWD/build/data \\
  dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \\
      /usr/bin/python3 tests/ui/shoot_forecast.py

They are written to build/screenshots/forecast-*.png; naming some looks
(wide narrow dark zh_CN) after the script takes only those.
"""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402
from test_reports import find_many  # noqa: E402

CHINESE = {'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8', 'LANGUAGE': 'zh_CN',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
DARK = {'ADW_DEBUG_COLOR_SCHEME': 'prefer-dark'}
# (name, window width, environment, the Reports section's and view's names)
LOOKS = [('wide', 1280, {}, 'Reports', 'Forecast'), ('narrow', 360, {}, 'Reports', 'Forecast'),
         ('dark', 1280, DARK, 'Reports', 'Forecast'), ('zh_CN', 1280, CHINESE, '报表', '预测')]


def targets(server):
    """A quarter's target for two reps and their team, through the API."""
    admin = a.Rest(server, 'admin')
    users = {u['name']: u['id'] for u in admin.call('GET', 'users')['records']}
    team = admin.call('POST', 'teams', {'name': 'East'})
    for name in ('lucas.martin', 'wang.fang'):
        admin.call('POST', 'team_members', {'team_id': team['id'], 'user_id': users[name],
                                            'role': 'member'})
    today = datetime.date.today()
    first = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1).isoformat()
    for name, amount in (('lucas.martin', 50000000), ('wang.fang', 300000000)):
        admin.call('POST', 'quotas', {'user_id': users[name], 'metric': 'won_amount',
                                      'period_type': 'quarter', 'period_start': first,
                                      'target_amount': amount, 'currency': 'CNY'})


def shoot(workdir, server, name, width, env, section, view):
    app = r.App(workdir, server=server, width=width, height=800 if width > 360 else 720,
                name='shots-' + name, env=env, settings={'default-currency': "'CNY'"})
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=60)
        if width <= 360:
            # One column at a time: back to the sections first.
            app.click('Back to Sections')
            # Every page stays VISIBLE to AT-SPI: shown is what sits at the
            # window's left edge.
            r.wait_for('the sections shown', lambda: app.find_all('list', 'Sections')[0].extents[0] < 10)
            r.time.sleep(1)
        nodes = r.wait_for('the Reports section', lambda: find_many(app.window, [
            (('list item',), (section,))]), timeout=30)
        x, y, w, h = nodes[(('list item',), (section,))].extents
        r.rawinput.click(x + w // 2, y + h // 2)
        r.time.sleep(3)
        app.click(view)
        r.time.sleep(3)
        app.screenshot('forecast-' + name)
    finally:
        app.quit()


def main(workdir):
    server = r.Server(workdir)
    server.start()
    try:
        targets(server)
        for name, width, env, section, view in LOOKS:
            # Named on the command line: only those.
            if len(sys.argv) > 1 and name not in sys.argv[1:]:
                continue
            shoot(workdir, server, name, width, env, section, view)
    finally:
        server.stop()


if __name__ == '__main__':
    r.run(main)
