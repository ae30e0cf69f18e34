#!/usr/bin/python3
"""Create a task with a reminder a few seconds ahead and see the desktop
notification arrive with the task's title; clicking it opens the Tasks
section. The test's own notification server (fake_notifications.py) stands
in for the desktop's; GNOTIFICATION_BACKEND=freedesktop makes GLib talk to
it, as it does on a desktop without the GTK notification service or a
portal. Offline, on the sample book."""

import datetime
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

TITLE = 'Call back Ana about the renewal'


def notifications(log):
    if not os.path.exists(log):
        return []
    with open(log) as f:
        return [json.loads(line) for line in f if line.strip()]


def name_has_owner(name):
    bus = r.Gio.bus_get_sync(r.Gio.BusType.SESSION)
    reply = bus.call_sync('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus',
                          'NameHasOwner', r.GLib.Variant('(s)', (name,)), None,
                          r.Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def test(workdir):
    log = os.path.join(workdir, 'notifications.log')
    server = subprocess.Popen([sys.executable,
                               os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                            'fake_notifications.py'), log])
    app = None
    try:
        r.wait_for('the notification server', lambda: name_has_owner('org.freedesktop.Notifications'))
        app = r.App(workdir, env={'GNOTIFICATION_BACKEND': 'freedesktop'})
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        app.key('<Alt>5')
        app.click('New Task')
        dialog = app.frame('New Task')
        app.type_into('Title', TITLE, root=dialog)
        remind = datetime.datetime.now() + datetime.timedelta(seconds=8)
        app.type_into('Reminder (YYYY-MM-DD HH:MM)', remind.strftime('%Y-%m-%d %H:%M:%S'),
                      root=dialog)
        app.click('Save', root=dialog)
        app.wait_label(TITLE)
        assert not notifications(log), notifications(log)

        r.log('wait for the notification')
        sent = r.wait_for('the reminder', lambda: [n for n in notifications(log)
                                                    if n['summary'] == TITLE], timeout=30)
        r.log('notification:', sent)
        assert datetime.datetime.now() >= remind.replace(microsecond=0), 'reminded too early'
        assert 'default' in sent[0]['actions'], sent

        # Clicking it brings the Tasks section back, which names the window.
        # (A page the stack hides keeps its widgets' VISIBLE state.)
        app.click('Back to Records')
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        with open(log + '.invoke', 'w') as f:
            f.write(str(sent[0]['id']))
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        app.wait_label(TITLE)
        app.screenshot('reminder')
    finally:
        if app is not None:
            app.quit()
        server.terminate()
        server.wait(10)


r.run(test)
