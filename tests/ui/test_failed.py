#!/usr/bin/python3
"""A change the server refuses, dealt with in the app: a rep (li.na) edits
a manager's contact; the server refuses it, and the sync indicator says so.
Its menu item opens the Conflicts window, which shows the record, what was
changed and the server's reason; Discard asks first, then the record is
back as the server has it (the manager changed it meanwhile, which only the
server can tell). Screenshots of the window wide, at 360 px and in
Chinese."""

import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

REASON = 'owner_id: This contact belongs to someone else'


def sync_now(app):
    if not app.find_all(None, 'Sync Now'):
        app.click('Sync Status')
    app.click('Sync Now')


def refuse_an_edit(app, title):
    app.click('Edit')
    app.type_into('Job Title', title)
    app.click('Save')
    sync_now(app)
    # The indicator's menu item opens the window.
    review = 'Review 1 Change Not Sent…'
    r.wait_for('the refusal in the sync indicator',
               lambda: app.find_all(None, review) or (app.click('Sync Status') and False),
               timeout=40)
    app.click(review)
    return app.frame('Conflicts')


def press(window, response):
    """Clicks a response of an AdwMessageDialog with the pointer: libadwaita
    1.2 gives its buttons no AT-SPI click and no extents. Two responses sit
    side by side along the dialog's bottom, the first on the left."""
    info = subprocess.run(['xwininfo', '-name', window.name], capture_output=True, text=True)
    geometry = dict(re.findall(r'^\s*(Absolute upper-left [XY]|Width|Height):\s*(-?\d+)',
                               info.stdout, re.M))
    x, y = int(geometry['Absolute upper-left X']), int(geometry['Absolute upper-left Y'])
    w, h = int(geometry['Width']), int(geometry['Height'])
    r.log('press', response)
    r.rawinput.click(x + w * (1 if response == 0 else 3) // 4, y + h - 22)


def window_labels(app, window):
    return ' '.join(n.name or '' for n in app.find_all('label', None, root=window))


def resize(window_name, width, height):
    """Resizes a window of the app as a user would; there is no window
    manager under Xvfb, so the X window is resized directly."""
    gi_repository = __import__('gi.repository', fromlist=['GdkX11'])
    info = subprocess.run(['xwininfo', '-name', window_name], capture_output=True, text=True)
    wid = [line.split()[3] for line in info.stdout.splitlines() if 'Window id:' in line][0]
    display = r.rawinput.Gdk.Display.get_default()
    window = gi_repository.GdkX11.X11Window.foreign_new_for_display(display, int(wid, 16))
    window.resize(width, height)
    display.flush()


def discard_in_window(app, manager, contact):
    r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
    app.search_and_open('Refused Edit')
    conflicts = refuse_an_edit(app, "Rep's Title")

    # The record, what was changed and why it was refused.
    r.wait_for('the refused change in the Conflicts window',
               lambda: all(t in window_labels(app, conflicts)
                           for t in ('Refused Edit', "Rep's Title", REASON, 'Edit not sent')))
    app.find(None, 'Send the change to Refused Edit again', root=conflicts)
    time.sleep(0.5)
    app.screenshot_of('failed-change', conflicts)
    resize('Conflicts', 360, 640)
    time.sleep(1)
    app.screenshot_of('failed-change-360', conflicts)

    # Meanwhile the manager changes the title on the server.
    manager.run('update', 'contact', contact, '--set', 'title=Head Buyer')
    manager.run('sync')

    # Discard asks first, naming the record; Cancel keeps the change.
    app.click('Discard the change to Refused Edit', root=conflicts)
    question = 'Discard the Change to “Refused Edit”?'
    press(app.frame(question), 0)
    time.sleep(0.5)
    app.find(None, 'Discard the change to Refused Edit', root=conflicts)
    app.click('Discard the change to Refused Edit', root=conflicts)
    # The one just asked: AT-SPI may still list the cancelled one before it.
    time.sleep(0.5)
    dialog = r.wait_for('the question again', lambda: [
        f for f in app.node.children if f.name == question][-1])
    app.screenshot_of('failed-change-discard', dialog)
    press(dialog, 1)
    r.wait_for('the change gone from the window',
               lambda: not app.find_all(None, 'Discard the change to Refused Edit', root=conflicts))

    # The record is as the server has it, and the sync is clean again.
    app.key('Escape')
    app.wait_label('Head Buyer', timeout=40)
    assert not app.has_label("Rep's Title")
    assert json.loads(manager.run('--json', 'get', 'contact', contact))['title'] == 'Head Buyer'


def chinese_window(workdir, server, contact):
    """li.na's refused edit, made from the shell in the database the app
    then opens in Chinese."""
    database = os.path.join(workdir, 'zh.db')
    rep = dict(os.environ, RAPPORT_DATABASE=database, RAPPORT_NO_KEYRING='1',
               XDG_DATA_HOME=os.path.join(workdir, 'zh-data'),
               XDG_CONFIG_HOME=os.path.join(workdir, 'zh-config'))
    subprocess.run([r.CLI, 'login', '--server', server.url, '--user', 'li.na',
                    '--password-stdin'], input=r.PASSWORD + '\n', text=True, env=rep, check=True)
    subprocess.run([r.CLI, 'sync'], env=rep, check=True, capture_output=True)
    subprocess.run([r.CLI, 'update', 'contact', contact, '--set', 'title=采购代表'], env=rep,
                   check=True)
    refused = subprocess.run([r.CLI, 'sync'], env=rep, capture_output=True, text=True)
    assert refused.returncode == 1, refused
    env = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, server=server, user='li.na', name='zh', env=env)
    try:
        r.wait_for('the list', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Control><Shift>c')
        conflicts = app.frame('冲突')
        r.wait_for('the refusal in Chinese', lambda: '采购代表' in window_labels(app, conflicts),
                   timeout=40)
        time.sleep(0.5)
        app.screenshot_of('failed-change-zh_CN', conflicts)
    finally:
        app.quit()


def test(workdir):
    server = r.Server(workdir)
    subprocess.run([r.SERVER, 'user', 'passwd', 'li.na', '--password-stdin',
                    '--database', server.database], input=r.PASSWORD + '\n', text=True,
                   check=True, stdout=subprocess.DEVNULL)
    server.start()
    try:
        manager = r.Client(workdir, server, user='wang.fang')
        contact = manager.run('add', 'contact', '--set', 'first_name=Refused',
                              '--set', 'last_name=Edit', '--set', 'title=Buyer').strip()
        owner = json.loads(manager.run('--json', 'get', 'contact', contact))['created_by']
        manager.run('update', 'contact', contact, '--set', 'owner_id=' + owner)
        manager.run('sync')

        app = r.App(workdir, server=server, user='li.na')
        try:
            discard_in_window(app, manager, contact)
        finally:
            app.quit()
        chinese_window(workdir, server, contact)
    finally:
        server.stop()


r.run(test)
