#!/usr/bin/python3
"""Create a task with a reminder a few seconds ahead and see the desktop
notification arrive with the task's title; clicking it opens the Tasks
section. A reminder of a task added on a contact names the contact, and its
"Open …" button shows the contact. The test's own notification server (fake_notifications.py) stands
in for the desktop's; GNOTIFICATION_BACKEND=freedesktop makes GLib talk to
it, as it does on a desktop without the GTK notification service or a
portal. Offline, on the sample book."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

TITLE = 'Call back Ana about the renewal'


def test(workdir):
    notifications = r.Notifications(workdir)
    app = None
    try:
        notifications.wait_running()
        app = r.App(workdir, env={'GNOTIFICATION_BACKEND': 'freedesktop'})
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        app.key('<Alt>5')
        app.click('New Task')
        dialog = app.frame('New Task')
        app.type_into('Title', TITLE, root=dialog)
        remind = datetime.datetime.now() + datetime.timedelta(seconds=8)
        app.type_into('Reminder', remind.strftime('%Y-%m-%d %H:%M:%S'),
                      root=dialog)
        app.click('Save', root=dialog)
        app.wait_label(TITLE)
        assert not notifications.sent(), notifications.sent()

        r.log('wait for the notification')
        sent = r.wait_for('the reminder', lambda: [n for n in notifications.sent()
                                                    if n['summary'] == TITLE], timeout=30)
        r.log('notification:', sent)
        assert datetime.datetime.now() >= remind.replace(microsecond=0), 'reminded too early'
        assert 'default' in sent[0]['actions'], sent

        # Clicking it brings the Tasks section back, which names the window.
        # (A page the stack hides keeps its widgets' VISIBLE state.)
        app.back_from_tasks()
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        notifications.click(sent[0])
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        app.wait_label(TITLE)
        app.screenshot('reminder')

        # A task about a contact: its reminder names the contact and opens it.
        app.back_from_tasks()
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
        ana = r.wait_for('Ana in the list', lambda: app.find_all('label', 'Ana Ribeiro', root=lists[0],
                                                                into_records=True))
        x, y, w, h = ana[0].extents
        r.rawinput.click(x + w // 2, y + h // 2)
        app.wait_label('Details')
        app.click('Add Task')
        dialog = app.frame('New Task')
        app.type_into('Title', 'Send Ana the contract', root=dialog)
        remind = datetime.datetime.now() + datetime.timedelta(seconds=8)
        app.type_into('Reminder', remind.strftime('%Y-%m-%d %H:%M:%S'),
                      root=dialog)
        app.click('Save', root=dialog)
        sent = r.wait_for('the second reminder', lambda: [n for n in notifications.sent()
                                                           if n['summary'] == 'Send Ana the contract'],
                          timeout=30)
        r.log('notification:', sent)
        assert 'Contact: Ana Ribeiro' in sent[0]['body'], sent
        assert 'Open Ana Ribeiro' in sent[0]['actions'], sent
        app.key('<Alt>5')
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        notifications.click(sent[0], 'Open Ana Ribeiro')
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        app.wait_label('Ana Ribeiro')
    finally:
        if app is not None:
            app.quit()
        notifications.stop()


r.run(test)
