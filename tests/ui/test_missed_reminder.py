#!/usr/bin/python3
"""Reminders that fell due while Rapport was not running are notified when
it starts, once. The tasks are written into the app's own book by
rapport-cli while the app is closed; the test's notification server
(fake_notifications.py) records what the app sends.

  1st start: a reminder from before Rapport ever ran is not notified.
  2nd start: one reminder fell due while it was closed: a notification
             with the task's title.
  3rd start: nothing new fell due: no notification.
  4th start: two new reminders, one moved to a new time, and one of a task
             already done: one notification sums up the three open ones,
             and clicking it opens the Tasks section."""

import datetime
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

ENV = {'GNOTIFICATION_BACKEND': 'freedesktop'}


def utc(delta=0):
    """Now plus @delta seconds, as the store keeps times."""
    when = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delta)
    return when.strftime('%Y-%m-%dT%H:%M:%SZ')


class Book:
    """rapport-cli on the app's own database, while the app is closed."""

    def __init__(self, workdir):
        # As r.App sets them for its default name "app".
        self.env = dict(os.environ, RAPPORT_DATABASE=os.path.join(workdir, 'app.db'),
                        XDG_DATA_HOME=os.path.join(workdir, 'app-data'), RAPPORT_NO_KEYRING='1')

    def run(self, *args):
        result = subprocess.run([r.CLI, '--json'] + list(args), env=self.env, text=True,
                                capture_output=True)
        if result.returncode != 0:
            raise AssertionError('rapport-cli %s: %s%s' % (' '.join(args), result.stdout,
                                                           result.stderr))
        return json.loads(result.stdout)

    def add_task(self, title, remind_at, done_at=None):
        args = ['add', 'task', '--set', 'title=' + title, '--set', 'remind_at=' + remind_at]
        if done_at is not None:
            args += ['--set', 'done_at=' + done_at]
        return self.run(*args)['id']


def start(workdir, notifications, seen):
    """Starts the app, gives it time to send what it sends at start, and
    returns the notifications it sent."""
    app = r.App(workdir, env=ENV)
    time.sleep(4)
    sent = notifications.sent()[seen:]
    r.log('sent at start:', sent)
    return app, sent


def test(workdir):
    notifications = r.Notifications(workdir)
    book = Book(workdir)
    app = None
    try:
        notifications.wait_running()

        # Due yesterday, before Rapport ever opened this book.
        book.add_task('Reminder from before', utc(-86400))
        app, sent = start(workdir, notifications, 0)
        assert not sent, sent
        app.quit()
        app = None

        # Falls due while Rapport is closed.
        time.sleep(1.5)
        moved = book.add_task('Call Ana about the renewal', utc())
        time.sleep(1.5)
        app, sent = start(workdir, notifications, 0)
        titles = [n['summary'] for n in sent]
        assert titles == ['Call Ana about the renewal'], titles
        assert 'default' in sent[0]['actions'], sent
        app.quit()
        app = None

        # Nothing new: nothing again.
        seen = len(notifications.sent())
        app, sent = start(workdir, notifications, seen)
        assert not sent, sent
        app.quit()
        app = None

        # Two new ones, one moved to a later time, and a done task's.
        time.sleep(1.5)
        book.add_task('Send the quote to Nordlicht', utc())
        book.add_task('Book the flight to Lyon', utc())
        book.add_task('Already done', utc(), done_at=utc())
        book.run('update', 'task', moved, '--set', 'remind_at=' + utc())
        time.sleep(1.5)
        seen = len(notifications.sent())
        app, sent = start(workdir, notifications, seen)
        assert len(sent) == 1, sent
        summary = sent[0]
        assert summary['summary'] == '3 reminders while you were away', summary
        body = summary['body'].split('\n')
        assert sorted(body) == ['Book the flight to Lyon', 'Call Ana about the renewal',
                                'Send the quote to Nordlicht'], body
        assert 'default' in summary['actions'], summary

        # Clicking it opens the Tasks section, which names the window.
        assert not app.window.name.startswith('Tasks'), app.window.name
        notifications.click(summary)
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        app.wait_label('Send the quote to Nordlicht')
        app.screenshot('missed-reminders')
    finally:
        if app is not None:
            app.quit()
        notifications.stop()


r.run(test)
