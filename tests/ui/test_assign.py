#!/usr/bin/python3
"""Hand a contact to a teammate: the editor's Owner row lists the team (the
users synced from the server), and after Save the contact's details name
the new owner."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def owner_shown(app, name):
    """The details' Owner row, "Owner: Li Na" (GTK 4.8 adds the row's title):
    people by display name, not by login."""
    return [n for n in app.find_all(None, None) if (n.name or '').startswith('Owner: ' + name)]


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = r.App(workdir, server=server, width=1280, height=800)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
        row = r.wait_for('a contact row', lambda: app.find_all('list item', None, root=lists[0],
                                                               into_records=True)[0])
        click_at(row)
        app.wait_label('Details')
        # Hand it to someone it is not yet with.
        target, downs = ('Lucas Martin', 3) if owner_shown(app, 'Li Na') else ('Li Na', 2)
        app.click('Edit')
        owner = r.wait_for('the Owner row', lambda: [n for n in app.find_all(None, 'Owner')
                                                     if n.roleName != 'label'][0])
        click_at(owner)
        # The team by display name after "Nobody": IT Administrator, Li Na,
        # Lucas Martin, Wang Fang.
        r.wait_for('the list of the team', lambda: app.find_anywhere('list item', target))
        r.time.sleep(0.5)
        for key in ('Home',) + ('Down',) * downs + ('Return',):
            app.key(key)
            r.time.sleep(0.2)
        app.click('Save')
        r.wait_for(target + ' as the owner', lambda: owner_shown(app, target))
        app.screenshot('assigned')
    finally:
        app.quit()
        server.stop()


r.run(test)
