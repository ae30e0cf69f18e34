#!/usr/bin/python3
"""The board in zh_CN and at 360 px. A deal made elsewhere without a stage
(here by rapport-cli, another client) is on the board in the first open
stage, its amount as zh_CN writes money (¥218,813.00, not CN¥) and as
en_US writes it (CN¥218,813.00); a new deal is in the default currency the
user chose. At 360 px the board keeps the window's width and has a Back
button of its own that leads straight to the sections, not through the
list. Screenshots: zh_CN, and 360 px."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

TITLE = '上海物流续约'


def lead_cards_with(app, text):
    columns = app.find_all('list', 'Lead')
    return [n.name for n in columns[0].children if text in (n.name or '')] if columns else []


def width(app):
    return app.window.extents[2]


def work(workdir, server):
    # A deal made without a stage, by another client, is in Lead too.
    client = r.Client(workdir, server)
    client.run('add', 'deal', '--set', 'title=' + TITLE, '--set', 'amount=21881300',
               '--set', 'currency=CNY')
    client.run('sync')

    chinese = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
               'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, server=server, width=1280, height=760, name='zh', env=chinese)
    try:
        r.open_board(app, deals='商机', board='看板', columns=0)
        card = r.wait_for('the CLI deal in Lead', lambda: lead_cards_with(app, TITLE), timeout=30)[0]
        r.log('card:', card)
        assert '¥218,813.00' in card, card
        assert 'CN¥' not in card, card
        shot = app.screenshot_of('board-zh_CN', app.window)
        app.keep_screenshot(shot, 'board-zh_CN')
    finally:
        app.quit()

    english = {'LANG': 'en_US.UTF-8', 'LC_ALL': 'en_US.UTF-8'}
    # A user in the US who sells in euros.
    narrow = r.App(workdir, server=server, width=360, height=720, name='narrow', env=english,
                   settings={'default-currency': "'EUR'"})
    try:
        r.open_board(narrow, columns=0)
        card = r.wait_for('a card in Lead', lambda: lead_cards_with(narrow, TITLE), timeout=30)[0]
        # en_US names the yuan apart from the yen.
        assert 'CN¥218,813.00' in card, card
        shot = narrow.screenshot_of('board-narrow', narrow.window)
        narrow.keep_screenshot(shot, 'board-narrow')

        assert width(narrow) <= 360, 'the board grew the window to %d px' % width(narrow)
        # Back, straight to the sections.
        narrow.click('Back to Sections')

        def sidebar_shown():
            # Every page's nodes stay VISIBLE to AT-SPI: what is shown is
            # what sits at the window's left edge.
            sidebar = narrow.find_all('list', 'Sections')[0]
            deals = narrow.find_all('list', 'Deals')[0]
            return sidebar.extents[0] < 10 and sidebar.extents[2] > 0 and deals.extents[0] > 300
        r.wait_for('the sections shown', sidebar_shown)
        narrow.find(None, 'Companies', root=narrow.find('list', 'Sections'))
        assert width(narrow) <= 360, 'the window grew to %d px' % width(narrow)
        narrow.screenshot('board-narrow-back')
        narrow.key('<Alt>3')
        narrow.click('Board')

        # A new deal is in the user's currency, not the locale's.
        narrow.click('New Deal in Lead')
        dialog = narrow.frame('New Deal in Lead')
        narrow.find('label', 'EUR', root=dialog)
        assert not narrow.find_all('label', 'USD', root=dialog)
    finally:
        narrow.quit()


r.run(r.with_server(work))
