#!/usr/bin/python3
"""Every interactive element has a name a screen reader can say: walks the
whole AT-SPI tree of each section (Contacts, Companies, Deals, Cases), the
detail pane and the editor, the sign-in dialog, Preferences, the Conflicts
window and About, and fails listing every unnamed one."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import atspi_tree  # noqa: E402
import rapport_ui as r  # noqa: E402

INTERACTIVE = {'push button', 'toggle button', 'text', 'entry', 'password text', 'combo box',
               'list item', 'check box', 'menu item', 'link', 'radio button', 'switch',
               'spin button', 'slider'}


def unnamed(root, where):
    """Paths of the visible interactive nodes under @root without a name."""
    found = []
    for node in atspi_tree.walk(root):
        if node.roleName in INTERACTIVE and not (node.name or '').strip():
            here = []
            while node is not None:
                here.insert(0, node.roleName + (':' + node.name if node.name else ''))
                node = node.parent
            found.append(where + ': ' + ' / '.join(here[-9:]))
    return found


def deals(app, problems):
    """A deal's detail (screenshot deal), then the board when there is one."""
    lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
    row = lists[0].children[0]
    x, y, w, h = row.extents
    r.rawinput.click(x + w // 2, y + h // 2)
    r.wait_for('the deal', lambda: app.find_all(None, 'Edit'))
    time.sleep(0.5)
    problems += unnamed(app.window, 'deal')
    app.keep_screenshot(app.screenshot_of('deal', app.window), 'deal')
    if app.find_all('toggle button', 'Board'):
        app.click('Board')
        r.wait_for('the board', lambda: app.find_all(None, 'Edit Stages…'))
        time.sleep(0.5)
        problems += unnamed(app.window, 'board')
        app.click('Board')
        r.wait_for('the deal list', lambda: app.find_all('list', 'Deals'))


def test(workdir):
    app = r.App(workdir, width=1280, height=800)
    problems = []
    try:
        problems += unnamed(app.window, 'welcome page')
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        for key, section in (('1', 'Contacts'), ('2', 'Companies'), ('3', 'Deals'), ('4', 'Cases')):
            app.key('<Alt>' + key)
            r.wait_for(section + ' list', lambda: app.find_all('list', section) and app.list_labels())
            time.sleep(0.3)
            problems += unnamed(app.window, section)
            if section == 'Deals':
                deals(app, problems)

        # The detail of the first contact, then its editor.
        app.key('<Alt>1')
        app.wait_in_list('Ana Ribeiro')
        app.click('New')
        app.entry('First Name')
        problems += unnamed(app.window, 'editor')
        app.type_into('First Name', 'Ada')
        app.click('Save')
        app.wait_label('Ada')
        problems += unnamed(app.window, 'detail')

        # The dialogs and windows the app opens.
        for action, title in (('Sign In…', None), ('Preferences', None),
                              ('Conflicts', 'Conflicts'), ('About Rapport', None)):
            before = set(f for f in app.node.children)
            app.click('Main Menu')
            app.click(action)
            window = r.wait_for(action + ' window', lambda: [
                f for f in app.node.children if f not in before and f.roleName in
                ('frame', 'dialog', 'window')][0])
            time.sleep(0.5)
            problems += unnamed(window, action)
            app.key('Escape')
            app.wait_closed(window, action)
    finally:
        app.quit()
    assert not problems, 'unnamed interactive elements:\n  ' + '\n  '.join(problems)


if __name__ == '__main__':
    r.run(test)
