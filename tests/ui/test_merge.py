#!/usr/bin/python3
"""Two records of one person, made by a teammate: editing one, the
duplicate banner's Merge… opens the merge dialog, which shows the record
kept and every value it will keep before anything happens; Merge queues
it, and after a sync the list has one Mira Okafor, with the other's title;
her page offers Unmerge, which brings the other back after the next sync.
RAPPORT_SHOTS_NARROW_ZH=1 runs it at 360 px in Chinese, for the screenshots."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402

NARROW_ZH = os.environ.get('RAPPORT_SHOTS_NARROW_ZH') == '1'
ZH = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
      'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
T = {
    'Search': '搜索', 'Edit': '编辑', 'First Name': '名', 'Show': '查看',
    'Merge…': '合并…', 'Merge': '合并', 'Job Title': '职位', 'Cancel': '取消',
    'Keep': '保留', 'Merge 2 Records': '合并 2 条记录',
} if NARROW_ZH else {}


def t(text):
    return T.get(text, text)


def mira_rows(app):
    return [label for label in app.list_labels() if label == 'Mira Okafor']


def open_first(app):
    """Searches for Mira and opens the first of her rows."""
    app.click(t('Search'))
    app.type_into(t('Search'), 'Mira')
    r.wait_for('both Miras', lambda: len(mira_rows(app)) == 2, timeout=40)
    lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
    row = r.wait_for('her row', lambda: app.find_all('list item', None, root=lists[0],
                                                     into_records=True)[0])
    x, y, w, h = row.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def test(workdir, server):
    team = r.Client(workdir, server, user='admin')
    team.run('add', 'contact', '--set', 'first_name=Mira', '--set', 'last_name=Okafor',
             '--set', 'emails=work:mira@harbor.example', '--set', 'title=Buyer')
    team.run('add', 'contact', '--set', 'first_name=Mira', '--set', 'last_name=Okafor',
             '--set', 'emails=work:mira@harbor.example', '--set', 'phones=work:+44 20 7946 0101')
    team.run('sync')
    if NARROW_ZH:
        app = r.App(workdir, server=server, width=360, height=720, env=ZH)
    else:
        app = r.App(workdir, server=server)
    try:
        open_first(app)
        app.click(t('Edit'))
        app.type_into(t('First Name'), 'Mira ')
        app.type_into(t('First Name'), 'Mira')
        app.click(t('Show'), timeout=30)
        app.click(t('Merge…'))
        dialog = app.frame(t('Merge 2 Records'), timeout=30)
        # Every default is shown before anything happens: the title, the
        # only one there is, and the one record kept.
        app.find(None, t('Job Title'), root=dialog)
        assert app.find_all(None, 'Buyer', root=dialog), 'the title kept is shown'
        assert app.find_all(None, t('Keep'), root=dialog), 'the record kept is shown'
        app.screenshot('merge-dialog-narrow-zh' if NARROW_ZH else 'merge-dialog-wide')
        if NARROW_ZH:
            a.respond(app, dialog, t('Cancel'))
            return
        a.respond(app, dialog, 'Merge')
        app.wait_closed(dialog, 'Merge 2 Records')
        app.key('Escape')
        if not app.find_all(None, 'Sync Now'):
            app.click('Sync Status')
        app.click('Sync Now')
        def merged_on_server():
            team.run('sync')
            return [c for c in json.loads(team.run('--json', 'list', 'contact'))
                    if c.get('first_name') == 'Mira']
        miras = r.wait_for('the merge on the server',
                           lambda: (lambda found: len(found) == 1 and found)(merged_on_server()),
                           timeout=40)
        assert miras[0]['title'] == 'Buyer' and len(miras[0]['phones']) == 1, miras
        r.wait_for('one Mira', lambda: len(mira_rows(app)) == 1, timeout=40)
        # The page shown is the record kept, whichever was open, with the
        # merge that can be undone.
        app.wait_label('1 record merged into this one', timeout=40)
        app.wait_label('Buyer')
        app.screenshot('merge-unmerge-wide')

        app.click('Unmerge')
        # Queued: the page no longer offers it.
        app.wait_no_label('1 record merged into this one')
        if not app.find_all(None, 'Sync Now'):
            app.click('Sync Status')
        app.click('Sync Now')
        r.wait_for('both Miras back', lambda: len(mira_rows(app)) == 2, timeout=40)
        r.wait_for('both on the server', lambda: len(merged_on_server()) == 2, timeout=40)
    finally:
        app.quit()


r.run(r.with_server(test))
