#!/usr/bin/python3
"""Signing out, against a real rapport-server: the primary menu says who is
signed in; Sign Out… asks whether to keep this computer's records or
remove them. Kept: the records stay listed, the token is gone and the menu
offers Sign In…; removed (after the next start signed in again, at 360 px):
the list is empty. Screenshots sign-out, signed-in-menu and their -narrow."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def menu_items(app):
    return [r.without_mnemonic(n.name) for n in app.find_all('menu item', None) if n.name]


def open_menu(app):
    app.click('Main Menu')
    return r.wait_for('the primary menu', lambda: 'About Rapport' in menu_items(app) and menu_items(app))


def close_menu(app):
    app.key('Escape')
    r.wait_for('the menu to close', lambda: 'About Rapport' not in menu_items(app))


def sign_out(app, response, shot='sign-out'):
    old = app.window
    app.click('Sign Out…')

    def question():
        for window in app.node.children:
            if window != old and app.find_all('label', 'Sign Out?', root=window):
                return window
    dialog = r.wait_for('the question', question)
    app.screenshot(shot)
    # The button itself: its label is a node of that name too.
    button = [n for n in app.find_all(None, response, root=dialog) if n.roleName == 'push button'][0]
    r.log('click', response)
    button.doActionNamed('click')
    # Signing out closes the window and opens a new one.
    app.window = r.wait_for('the new window', lambda: [
        f for f in app.node.children if f.roleName == 'frame' and f != old][0])


def tokens(workdir):
    path = os.path.join(workdir, 'app-config', 'rapport', 'tokens.json')
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)['tokens']


def test(workdir):
    server = r.Server(workdir)
    server.start()
    try:
        signed_out_and_back(workdir, server)
    finally:
        server.stop()


def signed_out_and_back(workdir, server):
    app = r.App(workdir, server=server, width=1100, height=720)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        assert tokens(workdir), 'no token kept after signing in'
        # Who by display name, once the team has synced.
        items = open_menu(app)
        assert 'Signed in as Wang Fang' in items, items
        assert 'Sign In…' not in items, items
        app.screenshot('signed-in-menu')

        # Kept: the records stay, the token goes.
        sign_out(app, 'Keep Records')
        r.wait_for('the records still listed', lambda: len(app.list_labels()) > 0)
        r.wait_for('the token gone', lambda: not tokens(workdir))
        items = open_menu(app)
        assert 'Sign In…' in items and 'Sign Out…' not in items, items
        assert not [i for i in items if i.startswith('Signed in as')], items
        close_menu(app)
    finally:
        app.quit()

    # Started again (at phone width), the script's sign-in signs in again;
    # then removed.
    app = r.App(workdir, server=server, width=360, height=720)
    try:
        # Records come only with a sign-in.
        r.wait_for('the records', lambda: len(app.list_labels()) > 0, timeout=40)
        items = open_menu(app)
        assert 'Signed in as Wang Fang' in items, items
        app.screenshot('signed-in-menu-narrow')
        sign_out(app, 'Remove Records', shot='sign-out-narrow')
        r.wait_for('an empty list', lambda: len(app.list_labels()) == 0)
        app.wait_label('No Contacts')
        r.wait_for('the token gone', lambda: not tokens(workdir))
        items = open_menu(app)
        assert 'Sign In…' in items, items
    finally:
        app.quit()


r.run(test)
