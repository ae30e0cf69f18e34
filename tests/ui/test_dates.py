#!/usr/bin/python3
"""Dates as a Chinese user types and reads them: "2026/12/24" typed into a
new deal's close date reads back as 2026年12月24日 on the page and in the
editor; a close date in 1901 is questioned at the field and kept when
saved again; a task due tomorrow at 09:30 reads "明天 09:30", and a
reminder after its due time is questioned before it is saved. Offline, on
the sample book, in zh_CN."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def text_of(app, name, root=None):
    text = app.entry(name, root=root).queryText()
    return text.getText(0, text.characterCount)


def frame_open(app, title):
    return [f for f in app.node.children if f.name == title]


def open_editor(app):
    """新建 (New), again if a loaded machine lost the click: the editor's title entry shows."""
    for attempt in range(3):
        app.click('新建')
        try:
            app.find(('text', 'entry'), '标题', timeout=10)
            return
        except AssertionError:
            r.log('no editor yet: 新建 again')
    app.find(('text', 'entry'), '标题')


def test(workdir):
    env = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, width=1280, height=800, env=env)
    try:
        app.explore_sample('浏览示例数据')
        app.wait_in_list('王芳')
        app.key('<Alt>3')
        r.wait_for('the deal list', lambda: len(app.list_labels()) > 0)

        # Typed the Chinese way with slashes, read back the Chinese way.
        open_editor(app)
        app.type_into('标题', '圣诞交付')
        app.type_into('预计成交日期', '2026/12/24')
        app.click('保存')
        app.wait_label('2026年12月24日')
        app.click('编辑')
        r.wait_for('the date in the editor', lambda: text_of(app, '预计成交日期') == '2026年12月24日')

        # Not a date: said at the field, nothing saved.
        app.type_into('预计成交日期', '2026/13/45')
        app.click('保存')
        app.wait_label_containing('不是有效日期')

        # 1901 is asked about, and kept when the user saves again.
        app.type_into('预计成交日期', '1901年1月1日')
        app.click('保存')
        app.wait_label_containing('早于 2000 年')
        app.screenshot('dates-question')
        app.click('保存')
        app.wait_label('1901年01月01日')

        # A task due tomorrow, with its reminder by mistake after that.
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        app.click('添加任务')
        dialog = r.wait_for('the task dialog', lambda: frame_open(app, '新建任务')[0])
        app.type_into('标题', '确认交付', root=dialog)
        app.type_into('截止日期', tomorrow.strftime('%Y/%m/%d 09:30'), root=dialog)
        app.type_into('提醒时间', tomorrow.strftime('%Y年%m月%d日 10:00'), root=dialog)
        app.click('保存', root=dialog)
        r.wait_for('the question under the reminder',
                   lambda: [n for n in app.find_all('label', None, root=dialog)
                            if '提醒时间晚于截止时间' in (n.name or '')])
        app.click('选择日期和时间', root=dialog)
        r.time.sleep(0.5)
        app.screenshot('dates-task-picker')
        app.key('Escape')
        app.click('保存', root=dialog)
        app.wait_closed(dialog, '新建任务')
        app.wait_label_containing('明天 09:30')
        app.screenshot('dates-tomorrow')
    finally:
        app.quit()


r.run(test)
