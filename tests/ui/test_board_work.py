#!/usr/bin/python3
"""Working the board as a sales manager does: make a deal with a column's
"+" and see its card in that column, with its amount as the locale writes
money (US$12,919.00 in en_US), its owner and its age; move it a stage on
and take the move back with the toast's Undo; click the card and see the
deal. Screenshot: the board, wide."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

TITLE = 'Ocean Freight Renewal'


def cards(column):
    """The accessible names of the cards of a column's list."""
    return [n.name or '' for n in column.children]


def card_in(column, text):
    return [c for c in cards(column) if text in c]


def press_response(app, dialog, name):
    """AdwMessageDialog 1.2 keeps its buttons twice, in a row and in a column
    of which one is hidden, and AT-SPI shows both: press the one that works."""
    r.log('click', name)
    for node in app.find_all('push button', name, root=dialog):
        try:
            node.doActionNamed('click')
        except Exception:
            continue


def work(workdir, server):
    english = {'LANG': 'en_US.UTF-8', 'LC_ALL': 'en_US.UTF-8'}
    app = r.App(workdir, server=server, width=1280, height=760, env=english)
    try:
        r.open_board(app)
        # The columns stay while their stages do: look them up once.
        lead, qualified = app.find('list', 'Lead'), app.find('list', 'Qualified')

        # "+" on Lead: a title and an amount in the default currency (USD in en_US).
        app.click('New Deal in Lead')
        dialog = app.frame('New Deal in Lead')
        app.type_into('Title', TITLE, root=dialog)
        app.type_into('Amount', '12,919', root=dialog)
        press_response(app, dialog, 'Create')
        card = r.wait_for('the new card in Lead', lambda: card_in(lead, TITLE), timeout=20)[0]
        r.log('card:', card)
        assert 'US$12,919.00' in card, card
        # Whose it is, by display name, and how old.
        assert 'Wang Fang' in card and 'wang.fang' not in card, card
        assert 'New today' in card, card
        shot = app.screenshot_of('board', app.window)
        app.keep_screenshot(shot, 'board')

        # The new card has the focus: Alt+Right moves it on, Undo takes it back.
        app.key('<Alt>Right')
        r.wait_for('the card in Qualified', lambda: card_in(qualified, TITLE), timeout=20)
        assert not card_in(lead, TITLE)
        # Quick: the toast offers Undo for 10 s.
        app.click_toast('Undo', timeout=9)
        r.wait_for('the card back in Lead', lambda: card_in(lead, TITLE), timeout=20)
        assert not card_in(qualified, TITLE), cards(qualified)

        # A click on the card opens the deal.
        node = [n for n in lead.children if TITLE in (n.name or '')][0]
        x, y, w, h = node.extents
        r.rawinput.click(x + w // 2, y + h // 2)
        app.wait_label(TITLE)
        app.wait_label('US$12,919.00')
    finally:
        app.quit()


r.run(r.with_server(work))
