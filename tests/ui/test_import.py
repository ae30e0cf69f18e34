#!/usr/bin/python3
"""A CSV file imported through the file chooser (GTK's own when no portal
runs, the path typed after Ctrl+L): the import dialog says what it found
and what a dry run would do, with the refused row by line and column;
Import adds the rows to the list, and the toast's Undo takes them away.
Import History lists it as undone; a file of no known layout gets the
column mapper; the main menu exports the shown list of contacts. Offline, on the sample
book (test_import_narrow_zh.py: at 360 px and in Chinese)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'import')
ZH = {'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8', 'LANGUAGE': 'zh_CN',
      'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
EN = {
    'sample': 'Explore Sample Data', 'open': 'Open', 'chooser': 'Import Contacts, Companies or Deals', 'import': 'Import', 'undo': 'Undo',
    'counts': '2 to create, 0 to update, 0 unchanged, 0 skipped, 1 with errors',
    'problem': 'Line 4, column “Birthday”: “31.02.1980” is not a date',
    'toast': 'Imported: 2 created, 0 updated, 1 refused',
    'menu': 'Main Menu', 'export': 'Export List as CSV…', 'save': 'Export',
}
CHINESE = {
    'sample': '浏览示例数据', 'open': '打开', 'chooser': '导入联系人、公司或商机', 'import': '导入', 'undo': '撤销',
    'counts': '将新建 2 条，更新 0 条，0 条无变化，跳过 0 条，1 条有错误',
    'problem': '第 4 行，“Birthday”列：“31.02.1980”不是日期',
    'toast': '已导入：新建 2 条，更新 0 条，拒绝 1 条',
}


def wait_text(app, root, text, containing=False):
    """A label (or a row's name) in @root, e.g. the import dialog."""
    r.log('wait for', repr(text))

    def found():
        for node in app.find_all(None, None, root=root):
            name = node.name or ''
            if name == text or (containing and text in name):
                return node
        return None
    return r.wait_for(repr(text), found)


def choose_file(app, path, words):
    """Ctrl+I, then the path typed into GTK's chooser after Ctrl+L. On a
    loaded machine the chooser can miss the Ctrl+L, and the path then goes
    into its search: the path is typed again until the Import window opens."""
    app.key('<Control>i')
    chooser = r.wait_for('the file chooser',
                         lambda: [f for f in app.node.children if f.name == words['chooser']][-1])
    for attempt in range(3):
        x, y, w, h = chooser.extents
        r.rawinput.absoluteMotion(x + w // 2, y + h // 2)
        r.rawinput.keyCombo('<Control>l')
        location = r.wait_for('the location entry',
                              lambda: app.find_all(('text', 'entry'), None, root=chooser)[0])
        location.text = path
        app.click(words['open'], root=chooser)
        try:
            return app.frame(words['import'], timeout=12)
        except AssertionError:
            if not app.is_open(chooser):
                raise
            r.log('the chooser is still open: the path again')
    return app.frame(words['import'])


def import_and_undo(app, words, shot):
    dialog = choose_file(app, os.path.abspath(os.path.join(DATA, 'ui-import.csv')), words)
    # The dry run: the counts and the refused row, by line and column.
    wait_text(app, dialog, words['counts'])
    wait_text(app, dialog, words['problem'], containing=True)
    wait_text(app, dialog, 'Zelda Quist')
    app.screenshot_of(shot, dialog)
    app.click(words['import'], root=dialog)
    app.wait_closed(dialog, words['import'])
    app.wait_label(words['toast'])
    app.wait_in_list('Zelda Quist')
    app.wait_in_list('黄晓明')
    app.click_toast(words['undo'])
    app.wait_in_list('Zelda Quist', present=False)
    app.wait_in_list('黄晓明', present=False)


def export(app, workdir):
    path = os.path.join(workdir, 'exported.csv')
    app.click(EN['menu'])
    app.click(EN['export'])
    chooser = r.wait_for('the save chooser',
                         lambda: [f for f in app.node.children if f.name == 'Export'][-1])
    name = r.wait_for('the name entry',
                      lambda: app.find_all(('text', 'entry'), None, root=chooser)[0])
    name.text = path
    app.click(EN['save'], root=chooser)
    r.wait_for('the exported file', lambda: os.path.exists(path) and os.path.getsize(path) > 0)
    app.wait_label_containing('exported to “exported.csv”')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    assert text.startswith('id,first_name,last_name,'), text[:80]
    assert 'Ana' in text, text[:400]


def history(app):
    """The undone import is in Import History, marked as undone."""
    app.click('Main Menu')
    app.click('Import History')
    window = app.frame('Import History')
    wait_text(app, window, 'Contacts: 2 records')
    wait_text(app, window, 'Undone')
    app.screenshot_of('import-history', window)
    app.key('Escape')
    window.child(roleName='push button', name='Close').doActionNamed('click') \
        if app.is_open(window) and window.findChildren(
            lambda n: n.roleName == 'push button' and n.name == 'Close') else None


def mapper(app):
    """A file of no known layout: one row per column, with the suggestion."""
    dialog = choose_file(app, os.path.abspath(os.path.join(DATA, 'unknown-columns.csv')), EN)
    wait_text(app, dialog, 'Columns')
    wait_text(app, dialog, 'Wer')
    wait_text(app, dialog, '0 to create, 0 to update, 0 unchanged, 0 skipped, 2 with errors')
    app.screenshot_of('import-mapper', dialog)
    app.click('Cancel', root=dialog)
    app.wait_closed(dialog, 'Import')


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        import_and_undo(app, EN, 'import-dialog')
        history(app)
        mapper(app)
        export(app, workdir)
    finally:
        app.quit()


if __name__ == '__main__':
    r.run(test)
