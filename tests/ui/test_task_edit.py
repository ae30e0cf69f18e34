#!/usr/bin/python3
"""Work a task and an activity after they were made, against a real
rapport-server: a task added from a contact's Tasks group opens again from
the Tasks page for editing (an empty title is refused at its field), shows
its new title, is deleted and comes back with Undo, is still in the
contact's Tasks group under its new title, and moves to Done when ticked
off; Mine and Everyone's choose whose tasks the page lists; a logged call
opens from the timeline and its new subject is shown on top."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_tree  # noqa: E402
import rapport_ui as r  # noqa: E402

TITLE = 'Send Zelda the quote'
NEW_TITLE = 'Send Zelda the signed quote'
BUCKETS = ('Overdue', 'Today', 'Upcoming', 'Done')


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def text_of(app, name, root):
    """What the entry named @name shows (GTK 4.8 reads no text to offset -1)."""
    text = app.entry(name, root=root).queryText()
    return text.getText(0, text.characterCount)


def reveal(app, find):
    """Scrolls the page the node @find returns is on until the node is in
    the window: a long Overdue group pushes the others down, a contact's
    groups its timeline. The wheel turns over the node's own column, not
    over the list beside it."""
    wx, wy, ww, wh = app.window.extents
    for _ in range(60):
        node = find()
        x, y, w, h = node.extents
        if y >= 60 and y + h <= wh - 10:
            return node
        column = min(max(x + w // 2, wx + 10), wx + ww - 10)
        r.rawinput.absoluteMotion(column, wy + wh // 2)
        r.rawinput.click(column, wy + wh // 2, button=5 if y + h > wh - 10 else 4)
        r.time.sleep(0.1)
    raise AssertionError('could not scroll to ' + repr(node.name))


def rows(app, list_name, nodes=None):
    """The rows of the list named @list_name, top first, each as its node
    and the names of its labels; from one walk of the window (or @nodes,
    a walk made before)."""
    for node in nodes if nodes is not None else app.walk():
        if node.roleName == 'list' and node.name == list_name:
            return [(row, [n.name for n in atspi_tree.subtree(row)
                           if n.roleName == 'label' and n.name])
                    for row in node.children]
    return []


def row_titles(app, list_name, nodes=None):
    """The first label of each row of the list named @list_name, top first."""
    return [labels[0] for row, labels in rows(app, list_name, nodes) if labels]


def row_labels(app, list_name, nodes=None):
    return [label for row, labels in rows(app, list_name, nodes) for label in labels]


def bucket_of(app, title):
    """The Tasks page group that lists @title, or None."""
    nodes = app.walk()
    for bucket in BUCKETS:
        if title in row_titles(app, bucket, nodes):
            return bucket
    return None


def open_row(app, list_name, title, dialog_title):
    """Activates the row of @list_name whose title is @title, and returns the
    dialog it opens. A sync that writes meanwhile rebuilds the list: the
    row is looked up again for a second try."""
    def find():
        # A sync that writes rebuilds the list: its rows are gone a moment.
        found = r.wait_for('a row %r in %s' % (title, list_name), lambda: [
            row for row, labels in rows(app, list_name) if title in labels])
        return atspi_tree.Found(app.window, found[0])

    for attempt in range(3):
        # The middle of the row: its title, not the check button in front.
        # A row rebuilt between the walk and the click is found again.
        try:
            click_at(reveal(app, find))
        except LookupError as error:
            r.log(error)
            continue
        try:
            return app.frame(dialog_title, timeout=5)
        except AssertionError:
            r.log('no', dialog_title, 'yet')
    return app.frame(dialog_title)


def everyones_tasks(app):
    """The labels of the Tasks page that name a teammate's task."""
    nodes = app.walk()
    return [t for b in BUCKETS for t in row_labels(app, b, nodes) if 'Lucas Martin' in t]


def show_records(app):
    """Back from the Tasks page, which names the window while it shows."""
    for attempt in range(3):
        app.back_from_tasks()
        try:
            return r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'),
                              timeout=5)
        except AssertionError:
            r.log('still on the Tasks page')
    raise AssertionError('the Tasks page stayed')


def show_tasks(app):
    app.key('<Alt>5')
    r.wait_for('the Tasks page', lambda: app.window.name.startswith('Tasks'))


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = r.App(workdir, server=server, width=1280, height=800)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)

        app.click('New')
        app.type_into('First Name', 'Zelda')
        app.type_into('Last Name', 'Quist')
        app.click('Save')
        app.wait_in_list('Zelda Quist')
        r.wait_for('an empty Tasks group', lambda: row_titles(app, 'Linked Tasks') == ['No open tasks'])

        # A task from the contact's Tasks group is linked to the contact.
        app.click('Add Task')
        dialog = app.frame('New Task')
        app.type_into('Title', TITLE, root=dialog)
        due = datetime.datetime.now() + datetime.timedelta(days=3)
        app.type_into('Due', due.strftime('%Y-%m-%d 10:00'), root=dialog)
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'New Task')
        r.wait_for('the task in the contact\'s Tasks group',
                   lambda: row_titles(app, 'Linked Tasks') == [TITLE])

        # Reopened from the Tasks page, with what it had.
        show_tasks(app)
        r.wait_for('the task among the upcoming ones', lambda: bucket_of(app, TITLE) == 'Upcoming')
        dialog = open_row(app, 'Upcoming', TITLE, 'Edit Task')
        assert text_of(app, 'Title', dialog) == TITLE, text_of(app, 'Title', dialog)
        # Typed as ISO, shown as the locale writes dates (C: month/day/year).
        assert text_of(app, 'Due', dialog) == due.strftime('%m/%d/%Y 10:00'), \
            text_of(app, 'Due', dialog)
        app.find(None, 'Delete Task', root=dialog)

        # No title: refused at the field, nothing written.
        app.type_into('Title', '', root=dialog)
        app.click('Save', root=dialog)
        r.wait_for('the error under the title',
                   lambda: app.find_all('label', 'A task needs a title.', root=dialog))
        app.screenshot('task-edit-error')
        assert app.is_open(dialog), 'the dialog closed'
        # The list may be rebuilding under a sync: ask until it answers.
        r.wait_for('the task unchanged', lambda: bucket_of(app, TITLE) == 'Upcoming')

        app.type_into('Title', NEW_TITLE, root=dialog)
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Edit Task')
        r.wait_for('the new title', lambda: bucket_of(app, NEW_TITLE) == 'Upcoming')
        assert bucket_of(app, TITLE) is None, 'the old title is still listed'

        # Deleted, then back with Undo.
        dialog = open_row(app, 'Upcoming', NEW_TITLE, 'Edit Task')
        app.click('Delete Task', root=dialog)
        app.wait_closed(dialog, 'Edit Task')
        # Quick: the toast offers Undo for 10 s.
        r.wait_for('the task to go', lambda: NEW_TITLE not in row_titles(app, 'Upcoming'))
        app.click_toast('Undo', timeout=5)
        r.wait_for('the task back', lambda: bucket_of(app, NEW_TITLE) == 'Upcoming')

        # Mine: only the user's own; Everyone's: the team's, each saying whose.
        assert not [t for t in row_labels(app, 'Upcoming') if 'Lucas Martin' in t]
        app.choose('Whose Tasks', 'Everyone’s', 0)
        r.wait_for('a teammate\'s task', lambda: everyones_tasks(app))
        app.screenshot('tasks-everyone')
        app.choose('Whose Tasks', 'Mine', 1)
        r.wait_for('only mine again', lambda: not everyones_tasks(app))

        # The contact's Tasks group has it under its new title: the link stayed.
        show_records(app)
        app.wait_in_list('Zelda Quist')
        r.wait_for('the renamed task in the contact\'s Tasks group',
                   lambda: row_titles(app, 'Linked Tasks') == [NEW_TITLE])
        app.screenshot('contact-tasks')

        # Ticked off on the Tasks page: it moves to Done and leaves the
        # contact's open tasks.
        # (The contact's Tasks group, hidden, has a check button of that name too.)
        show_tasks(app)

        def check():
            return app.find_all('check box', NEW_TITLE, root=app.find_all('list', 'Upcoming')[0])[0]
        click_at(reveal(app, check))
        r.wait_for('the task among the done ones', lambda: bucket_of(app, NEW_TITLE) == 'Done')
        show_records(app)
        r.wait_for('no open task for Zelda',
                   lambda: row_titles(app, 'Linked Tasks') == ['No open tasks'])

        # A logged call, edited from the timeline: its new subject on top.
        app.click('Log Activity')
        dialog = app.frame('Log Activity')
        app.type_into('Subject', 'Intro call', root=dialog)
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Log Activity')
        r.wait_for('the call on top', lambda: row_titles(app, 'Timeline')[:1] == ['Intro call'])
        dialog = open_row(app, 'Timeline', 'Intro call', 'Edit Activity')
        assert text_of(app, 'Subject', dialog) == 'Intro call', text_of(app, 'Subject', dialog)
        app.type_into('Subject', 'Intro call: pricing agreed', root=dialog)
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Edit Activity')
        r.wait_for('the new subject on top',
                   lambda: row_titles(app, 'Timeline')[:1] == ['Intro call: pricing agreed'])
        assert 'Intro call' not in row_titles(app, 'Timeline'), row_titles(app, 'Timeline')
        app.screenshot('activity-edited')
    finally:
        app.quit()
        server.stop()


r.run(test)
