#!/usr/bin/python3
"""An admin manages a team's members in the app: on the team's page Add
Member… opens a dialog where the user is picked by name (those already in
the team are not offered) with a role; the member is listed by name and
reaches the server. Removing one offers Undo, which brings it back, also
at the server. Then the page at 360 px in Chinese (添加成员…)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402

TEAM = 'Key Accounts East'
ZH = {'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8', 'LANGUAGE': 'zh_CN',
      'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}


def open_team(app, section, back=None):
    """Shows the Teams section from the sidebar (at 360 px reached with
    @back) and opens the team."""
    if back is not None:
        app.click(back)
    sections = r.wait_for('the sidebar', lambda: [n for n in app.find_all('list', None)
                                                  if n.name in r.SIDEBAR][0], timeout=40)
    row = r.wait_for('the ' + section + ' section',
                     lambda: app.find_all('list item', section, root=sections)[0], timeout=40)
    a.click_at(row)
    lists = r.wait_for('the list of teams', lambda: app.find_all('list', section))
    team = r.wait_for('the team in the list',
                      lambda: app.find_all('label', TEAM, root=lists[0], into_records=True)[0])
    a.click_at(team)


def members(rest, team_id):
    """The team's members at the server: {(user_id, role)}."""
    return {(m['user_id'], m.get('role')) for m in rest.call('GET', 'team_members')['records']
            if m['team_id'] == team_id and not m.get('deleted_at')}


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        admin = a.Rest(server, 'admin')
        users = {u['name']: u['id'] for u in admin.call('GET', 'users')['records']}
        team = admin.call('POST', 'teams', {'name': TEAM})
        admin.call('POST', 'team_members', {'team_id': team['id'], 'user_id': users['lucas.martin'],
                                            'role': 'member'})

        app = r.App(workdir, server=server, user='admin', name='admin', width=1280, height=800)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        open_team(app, 'Teams')
        # The member is shown by name, the role under it.
        app.wait_label('Lucas Martin')
        app.click('Add Member…')
        dialog = app.frame('Add Member')
        app.click('Choose Member', root=dialog)
        picker = app.frame('Choose Member')
        # Lucas Martin is in the team already: not offered.
        r.wait_for('the users offered', lambda: app.find_all('push button', 'Li Na', root=picker))
        assert not app.find_all('push button', 'Lucas Martin', root=picker), \
            'a user already in the team is offered again'
        app.type_into('Search Records', 'Wang', root=picker)
        r.wait_for('Li Na no longer offered',
                   lambda: not app.find_all('push button', 'Li Na', root=picker))
        app.click('Wang Fang', root=picker)
        app.wait_closed(picker, 'Choose Member')
        r.wait_for('the picked user in the dialog',
                   lambda: app.find_all('label', 'Wang Fang', root=dialog))
        app.screenshot('team-members-add')
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Add Member')
        app.wait_label('Wang Fang')
        app.find('push button', 'Remove Wang Fang from the Team')
        app.find('push button', 'Remove Lucas Martin from the Team')
        app.screenshot('team-members')

        a.sync(app)
        want = {(users['lucas.martin'], 'member'), (users['wang.fang'], 'member')}
        r.wait_for('the new member at the server', lambda: members(admin, team['id']) == want,
                   timeout=40)

        # Removed, then Undo: back on the page, and still at the server.
        app.click('Remove Wang Fang from the Team')
        r.wait_for('Wang Fang off the page',
                   lambda: not app.find_all('push button', 'Remove Wang Fang from the Team'))
        app.click_toast('Undo', timeout=9)
        app.find('push button', 'Remove Wang Fang from the Team')
        a.sync(app)
        r.time.sleep(2)
        assert members(admin, team['id']) == want, members(admin, team['id'])
        app.quit()
        app = None

        # At 360 px, in Chinese.
        app = r.App(workdir, server=server, user='admin', name='zh', width=360, height=720, env=ZH)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        open_team(app, '团队管理', back='返回')
        app.find('push button', '添加成员…')
        app.wait_label('Wang Fang')
        app.screenshot('team-members-zh-narrow')
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
