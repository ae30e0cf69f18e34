#!/usr/bin/python3
"""Search and selection agree with what the user sees: closing the search
bar (with its button) shows every row again; switching sections clears the
search, and the list it left shows every row again; the highlighted row is
the record in the detail pane before, during and after a search, after a
delete and its Undo, and for a new record; another record's page starts at
its top; at 360 px a single click on a row opens it. Offline, on the
sample book."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def rows(app):
    """The rows of the contact list (not of a group named like it on the page)."""
    lists = app.find_all('list', 'Contacts')
    return [n for n in app.find_all('list item', None, root=lists[0], into_records=True)] \
        if lists else []


def row_named(app, title):
    found = [n for n in rows(app) if (n.name or '').startswith(title)]
    return found[0] if found else None


def selected_rows(app):
    return [n.name for n in rows(app) if n.getState().contains(r.pyatspi.STATE_SELECTED)]


def click_row(app, title):
    row = r.wait_for('the row of ' + title, lambda: row_named(app, title))
    x, y, w, h = row.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def on_screen(app, label):
    for node in app.find_all('label', label):
        x, y, w, h = node.extents
        if w > 0 and h > 0 and 0 <= x < 360:
            return True
    return False


def heading_on_screen(app, name):
    """The record page's big title is in the window, below the header bar."""
    for node in app.find_all('label', name):
        x, y, w, h = node.extents
        if h >= 24 and y >= 100:
            return True
    return False


def still(node):
    """Whether @node stays where it is for half a second."""
    before = node.extents
    r.time.sleep(0.5)
    return node.extents == before


def search_text(app):
    entry = app.entry('Search')
    text = entry.queryText()
    return text.getText(0, text.characterCount)


def wide(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        everyone = r.wait_for('every contact', lambda: len(rows(app)) > 3 and len(rows(app)))
        r.log('contacts shown:', everyone)

        # The pane and the highlighted row are the same record.
        click_row(app, 'Ana Ribeiro')
        app.wait_label('Details')
        r.wait_for('Ana highlighted', lambda: selected_rows(app) == [row_named(app, 'Ana Ribeiro').name])

        # Her page scrolled down; the next record's page starts at its top.
        details = app.find('label', 'Details')
        x, y, w, h = details.extents
        for _ in range(15):
            r.rawinput.click(x + w // 2, y + 200, button=5)
        r.wait_for('her page scrolled', lambda: not heading_on_screen(app, 'Ana Ribeiro'), timeout=10)
        # The wheel's last clicks may still be on their way: they would
        # scroll the next page. Go on once the page stands still.
        r.wait_for('her page to stand still', lambda: still(details), timeout=10)
        click_row(app, 'Tom Becker')
        r.wait_for('Tom\'s page from its top', lambda: heading_on_screen(app, 'Tom Becker'),
                   timeout=10)
        click_row(app, 'Ana Ribeiro')
        r.wait_for('Ana\'s page from its top', lambda: heading_on_screen(app, 'Ana Ribeiro'),
                   timeout=10)

        # Deleted: no row stays highlighted; Undo brings back both.
        app.click('Delete')
        r.wait_for('no row highlighted', lambda: not selected_rows(app))
        app.click_toast('Undo', timeout=9)
        r.wait_for('Ana highlighted after Undo',
                   lambda: selected_rows(app) == [row_named(app, 'Ana Ribeiro').name])

        # A search that leaves her out highlights nothing else.
        app.key('<Control>f')
        app.type_into('Search', 'Becker')
        r.wait_for('the search to filter', lambda: 0 < len(rows(app)) < everyone)
        assert not [n for n in selected_rows(app) if not n.startswith('Ana Ribeiro')], selected_rows(app)

        # Closed with the search button: nothing filters any more.
        app.click('Search')
        r.wait_for('every row back', lambda: len(rows(app)) == everyone, timeout=10)
        assert search_text(app) == '' or not app.find_all(('text', 'entry'), 'Search'), search_text(app)
        # ... and the pane's record is highlighted again.
        r.wait_for('Ana highlighted again',
                   lambda: selected_rows(app) == [row_named(app, 'Ana Ribeiro').name])

        # A new record is saved: its row is the highlighted one.
        app.click('New')
        app.type_into('First Name', 'Zed')
        app.click('Save')
        r.wait_for('Zed highlighted', lambda: row_named(app, 'Zed') is not None and
                   selected_rows(app) == [row_named(app, 'Zed').name])
        everyone += 1

        # Another section clears the search, visibly.
        app.key('<Control>f')
        app.type_into('Search', 'Becker')
        r.wait_for('the search to filter', lambda: 0 < len(rows(app)) < everyone)
        app.key('<Alt>2')
        app.key('<Alt>1')
        r.wait_for('every contact again', lambda: len(rows(app)) == everyone, timeout=10)
        app.key('<Control>f')
        assert search_text(app) == '', search_text(app)
        app.key('Escape')
    finally:
        app.quit()


def narrow(workdir):
    app = r.App(workdir, width=360, height=720, name='narrow')
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        # One click (a tap) opens the row: the detail replaces the list.
        click_row(app, 'Ana Ribeiro')
        # GTK 4.8 sets no SHOWING state: what is on screen has a place in
        # the window, the page behind the list none.
        r.wait_for('Ana\'s page on screen', lambda: on_screen(app, 'Details'), timeout=10)
        app.screenshot('narrow-opened-by-click')
    finally:
        app.quit()


def test(workdir):
    wide(workdir)
    narrow(workdir)


if __name__ == "__main__":
    r.run(test)
