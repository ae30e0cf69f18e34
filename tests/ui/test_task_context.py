#!/usr/bin/python3
"""A task listed on its own says which record it is about and opens it: on
the Tasks page a task about a deal reads "Deal: …", and its button opens
the deal in the detail pane. In zh_CN at 360 px a task about a deal with a
long Chinese name wraps its row (nothing cut, the window keeps its width),
and its button still names the whole deal."""

import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

LONG = '华东区域冷链物流全面升级改造项目第二期合同续签及配套服务采购'
CHINESE = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}


def narrow_chinese(workdir, server):
    app = r.App(workdir, server=server, width=360, height=720, name='zh', env=CHINESE)
    try:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.key('<Alt>5')
        label = app.wait_label_containing('商机：' + LONG, timeout=40)[0]
        r.time.sleep(0.5)
        window = app.window.extents
        x, y, w, h = label.extents
        r.log('row subtitle', label.extents, 'window', window)
        app.screenshot_of('task-context-narrow-zh_CN', app.window)
        assert window[2] <= 360, 'the window grew to %d px' % window[2]
        # Inside the window, and on more than one line: wrapped, not cut.
        assert x >= 0 and x + w <= window[2], 'the row runs out of the window: %r' % (label.extents,)
        assert h > 30, 'the row is cut to one line: %r' % (label.extents,)
        app.find(None, '打开' + LONG)
    finally:
        app.quit()


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = None
    try:
        # wang.fang's own task about one of the team's deals, due yesterday
        # so that it heads the Overdue group.
        cli = r.Client(workdir, server, user='wang.fang')
        cli.run('sync')
        deal = json.loads(cli.run('--json', 'list', 'deal'))[0]
        yesterday = (datetime.datetime.now(datetime.timezone.utc) -
                     datetime.timedelta(days=1)).strftime('%Y-%m-%dT%H:%M:%SZ')
        cli.run('add', 'task', '--set', 'title=Context check: call about the order',
                '--set', 'deal_id=' + deal['id'], '--set', 'due_at=' + yesterday)
        long_deal = [d for d in json.loads(cli.run('--json', 'list', 'deal'))][1]
        cli.run('update', 'deal', long_deal['id'], '--set', 'title=' + LONG)
        cli.run('add', 'task', '--set', 'title=给客户回电话确认交付时间',
                '--set', 'deal_id=' + long_deal['id'], '--set', 'due_at=' + yesterday)
        cli.run('sync')

        app = r.App(workdir, server=server)
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.focus_window()
        app.key('<Alt>5')
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        app.wait_label('Context check: call about the order', timeout=40)
        app.wait_label_containing('Deal: ' + deal['title'])
        app.screenshot('task-context')

        app.click('Open ' + deal['title'])
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))
        app.wait_label(deal['title'])
        app.quit()
        app = None
        narrow_chinese(workdir, server)
    finally:
        if app is not None:
            app.quit()
        server.stop()


r.run(test)
