#!/usr/bin/python3
"""Screenshots of a campaign's page, wide, at 360 px and in Chinese, and of
a contact's consent, from the demo book on a real server: "Spring Fair
2026" with the "Customer CEOs" segment added, one member Responded and one
Unsubscribed (through rapport-cli, as ui-campaigns does in the app). Not a
test: run it by hand, then look at them.

  RAPPORT_BUILD_DIR=$PWD/build GSETTINGS_SCHEMA_DIR=$PWD/build/data \\
  dbus-run-session -- xvfb-run -a -s '-screen 0 1280x800x24' \\
      /usr/bin/python3 tests/ui/shoot_campaign.py

They are written to build/screenshots/campaign-LOOK-*.png; naming some looks
(wide narrow zh_CN) after the script takes only those.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402
import test_campaigns as t  # noqa: E402

CHINESE = {'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8', 'LANGUAGE': 'zh_CN',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
# (name, window width, environment, the Campaigns list's name, Members' heading)
LOOKS = [('wide', 1280, {}, 'Campaigns', 'Campaign Members'),
         ('narrow', 360, {}, 'Campaigns', 'Campaign Members'),
         ('zh_CN', 1280, CHINESE, '营销活动', '活动成员')]


def campaign(server, workdir):
    """The campaign, its members and two moves, made through rapport-cli."""
    customers, reachable = t.seed(server)
    manager = a.Rest(server, 'wang.fang')
    manager.call('POST', 'campaigns', {'name': t.CAMPAIGN, 'type': 'email', 'currency': 'CNY',
                                       'budget': 500000, 'actual_cost': 200000,
                                       'owner_id': manager.user_id})
    cli = r.Client(workdir, server, user='wang.fang')
    cli.run('sync')
    cli.run('campaign', 'add-members', t.CAMPAIGN, '--segment', t.SEGMENT)
    first, second = sorted(reachable)[:2]
    cli.run('campaign', 'set-status', t.CAMPAIGN, customers[first], 'responded')
    cli.run('campaign', 'set-status', t.CAMPAIGN, customers[second], 'unsubscribed')
    cli.run('sync')
    return second


def shoot(workdir, server, name, width, env, section, members, contact):
    app = r.App(workdir, server=server, width=width, height=800 if width > 360 else 720,
                name='shots-' + name, env=env, settings={'default-currency': "'CNY'"})
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=60)
        app.key('<Alt>9')
        lists = r.wait_for('the campaigns', lambda: app.find_all('list', section), timeout=30)
        row = r.wait_for('the campaign', lambda: app.find_all('label', t.CAMPAIGN, root=lists[0],
                                                              into_records=True))
        a.click_at(row[0])
        r.time.sleep(3)
        app.screenshot('campaign-%s-top' % name)
        t.scroll_to(app, 'label', members)
        r.time.sleep(1)
        app.screenshot('campaign-%s-members' % name)
        a.click_at(t.scroll_to(app, 'label', contact))
        r.time.sleep(2)
        t.scroll_to(app, 'label', t.CONSENT_ROW[name == 'zh_CN'])
        r.time.sleep(1)
        app.screenshot('campaign-%s-consent' % name)
    finally:
        app.quit()


def main(workdir):
    server = r.Server(workdir)
    server.start()
    try:
        contact = campaign(server, workdir)
        for name, width, env, section, members in LOOKS:
            # Named on the command line: only those.
            if len(sys.argv) > 1 and name not in sys.argv[1:]:
                continue
            shoot(workdir, server, name, width, env, section, members, contact)
    finally:
        server.stop()


if __name__ == '__main__':
    r.run(main)
