#!/usr/bin/python3
"""At 360 px every dialog fits and the window stays 360 px: the record
editor of a contact, a deal and a case (with Choose Company), New Task and
Edit Task, Log Activity, Tasks, Team (as the manager wang.fang, against a
real server), Products, the deal board and its Edit Stages, Preferences,
the Conflicts window and, signed out, the sign-in dialog. Each is
measured as X has it (xwininfo), and kept as a screenshot to look at."""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

NARROW = 360
TOO_WIDE = []


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def x_width(title):
    """The width X gives the top-level window named @title, or None."""
    info = subprocess.run(['xwininfo', '-name', title], capture_output=True, text=True)
    found = re.search(r'^\s*Width:\s*(\d+)', info.stdout, re.M)
    return int(found.group(1)) if found else None


def check_width(app, what, node=None):
    """Notes @what when the main window or the window @node is wider than
    360 px, and keeps a screenshot of it."""
    r.time.sleep(0.4)  # let a dialog take its size
    main = app.window.extents[2]
    if main > NARROW:
        TOO_WIDE.append('%s: the main window grew to %d px' % (what, main))
    shot = 'narrow-' + re.sub(r'[^a-z0-9]+', '-', what.lower()).strip('-')
    if node is None:
        app.screenshot_of(shot, app.window)
        r.log(what, 'main window', main)
        return
    width = max(x_width(node.name) or 0, node.extents[2])
    r.log(what, 'window', width, 'main window', main)
    if width > NARROW:
        TOO_WIDE.append('%s: %d px wide' % (what, width))
    app.screenshot_of(shot, node)


def close_dialog(app, title, node):
    """Cancel where the dialog has one, else its header's Close."""
    app.click('Cancel' if app.find_all(None, 'Cancel', root=node) else 'Close', root=node)
    app.wait_closed(node, title)


def open_first(app):
    """Opens the first record of the shown list."""
    lists = r.wait_for('a record list', lambda: [n for n in app.find_all('list', None)
                                                  if n.name in r.RECORD_LISTS])
    click_at(r.wait_for('a row', lambda: lists[0].children[0]))


def edit_record(app, what, section):
    """Shows @section, opens its first record and edits it."""
    app.key('<Alt>' + section)
    open_first(app)
    app.click('Edit')
    check_width(app, 'edit ' + what)


def contact_dialogs(app):
    edit_record(app, 'contact', '1')
    app.click('Choose Company')
    picker = app.frame('Choose Company')
    check_width(app, 'choose company', picker)
    close_dialog(app, 'Choose Company', picker)
    app.click('Cancel')
    # New Task and Log Activity, from the contact's page.
    for title, button in (('New Task', 'Add Task'), ('Log Activity', 'Log Activity')):
        app.click(button)
        dialog = app.frame(title)
        check_width(app, title.lower(), dialog)
        close_dialog(app, title, dialog)
    app.click('Back')


def deal_dialogs(app):
    edit_record(app, 'deal', '3')
    app.click('Cancel')
    app.click('Back')
    app.click('Board')
    r.wait_for('the board columns', lambda: r.board_summaries(app))
    check_width(app, 'deal board')
    app.click('Edit Stages…')
    dialog = app.frame('Edit Stages')
    check_width(app, 'edit stages', dialog)
    close_dialog(app, 'Edit Stages', dialog)
    app.click('List')


def window_dialogs(app):
    for title, keys in (('Preferences', '<Control>comma'), ('Conflicts', '<Control><Shift>c')):
        app.key(keys)
        dialog = app.frame(title)
        check_width(app, title.lower(), dialog)
        close_dialog(app, title, dialog)


def tasks_dialogs(app):
    app.key('<Alt>5')
    r.wait_for('the Tasks page', lambda: app.window.name.startswith('Tasks'))
    check_width(app, 'tasks')
    box = r.wait_for('a task', lambda: [n for n in app.find_all('check box', None)
                                        if n.extents[1] > 60][0])
    # The row beside its check box opens the task.
    x, y, w, h = box.extents
    r.rawinput.click(x + w + 60, y + h // 2)
    dialog = app.frame('Edit Task')
    check_width(app, 'edit task', dialog)
    close_dialog(app, 'Edit Task', dialog)


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        app = r.App(workdir, server=server, width=NARROW, height=720)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        contact_dialogs(app)
        deal_dialogs(app)
        edit_record(app, 'case', '4')
        app.click('Cancel')
        app.click('Back')
        app.key('<Alt>6')
        r.wait_for('the products', lambda: app.find_all('list', 'Products'))
        check_width(app, 'products')
        window_dialogs(app)
        tasks_dialogs(app)
        # Team, a manager's section, is in the sidebar, left of the records.
        app.back_from_tasks()
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        app.click('Back')
        click_at(r.wait_for('the Team section', lambda: app.find_all('list item', 'Team')[0]))
        r.wait_for('the Team page', lambda: app.window.name.startswith('Team'))
        app.find('list', 'Teammates')
        check_width(app, 'team')
        app.quit()

        # Signed out: the sign-in dialog.
        app = r.App(workdir, width=NARROW, height=720, name='signed-out')
        app.click('Connect to a Server…')
        dialog = app.frame('Sign In')
        check_width(app, 'sign in', dialog)
        app.quit()
        app = None
        assert not TOO_WIDE, 'too wide at 360 px:\n  ' + '\n  '.join(TOO_WIDE)
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
