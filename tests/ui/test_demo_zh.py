#!/usr/bin/python3
"""The README's demo in Chinese: build-aux/run-demo.sh under
LANG=zh_CN.UTF-8 (and nothing else set) starts a server and the app signed
in to it, and the app reads in Chinese from the build tree's catalogs; the
demo book's pipeline and stages are named in Chinese on the board; a new
contact's form asks 姓 (family name) before 名 (given name); the menu
says who is signed in. Screenshots demo-zh_CN, menu-zh_CN, board-zh_CN and
contact-new-zh_CN."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'build-aux',
                    'run-demo.sh')
STAGES = ('线索', '需求确认', '方案报价', '商务谈判', '赢单', '输单')


def entry_names(app):
    """The entries of the window, top to bottom. (GTK 4.8 names an entry
    row "姓 姓": its title twice.)"""
    entries = [n for n in app.find_all(('text', 'entry'), None) if n.name]
    return [n.name.split(' ')[0] for n in sorted(entries, key=lambda n: n.extents[1])]


def test(workdir):
    # As a user types it: only LANG, no LANGUAGE, no RAPPORT_LOCALEDIR.
    env = {'LANG': 'zh_CN.UTF-8', 'LC_ALL': '', 'LANGUAGE': '', 'RAPPORT_LOCALEDIR': ''}
    app = r.App(workdir, width=1280, height=800, env=env, command=['bash', DEMO])
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=60)
        sidebar = app.find('list', '分区')
        assert [n.name for n in sidebar.children][:4] == ['联系人', '公司', '商机', '工单'], \
            [n.name for n in sidebar.children]
        app.keep_screenshot(app.screenshot_of('demo-zh_CN', app.window), 'demo-zh_CN')
        # Who is signed in, in the menu.
        app.click('主菜单')
        r.wait_for('the account in the menu', lambda: app.find_all('menu item', '已登录：王芳'))
        app.screenshot('menu-zh_CN')
        app.key('Escape')

        # A new contact: 姓 is asked first.
        app.click('新建')
        names = r.wait_for('the contact form', lambda: [n for n in entry_names(app) if n in ('姓', '名')])
        assert names == ['姓', '名'], 'the form asks %s' % names
        app.keep_screenshot(app.screenshot_of('contact-new-zh_CN', app.window), 'contact-new-zh_CN')
        app.click('取消')

        # The board's columns, named when the book was made.
        app.key('<Alt>3')
        r.wait_for('the deal list', lambda: app.find_all('list', '商机'))
        app.click('看板')
        # A column is a list named after its stage.
        r.wait_for('the columns', lambda: [n.name for n in app.find_all('list', None)
                                            if n.name in STAGES] == list(STAGES))
        assert not app.find_all('list', 'Negotiation'), 'an English stage on the board'
        app.keep_screenshot(app.screenshot_of('board-zh_CN', app.window), 'board-zh_CN')
    finally:
        app.quit()


r.run(test)
