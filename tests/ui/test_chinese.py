#!/usr/bin/python3
"""The app in Simplified Chinese: with LANGUAGE=zh_CN and the build tree's
catalog the welcome page, the sidebar, the header bar and a contact's
details read in Chinese, and no English label is left in the window.
Screenshot zh_CN."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

# As po/zh_CN.po translates them.
SECTIONS = ['联系人', '公司', '商机', '工单', '产品', '报价单', '销售订单', '营销活动']
# English that must not be left in the window once it is translated.
ENGLISH = ('Contacts', 'Companies', 'Deals', 'Cases', 'Sections', 'New', 'Search', 'Main Menu',
           'Sample Data', 'Details', 'Related', 'First Name', 'Last Name', 'Edit', 'Delete',
           'Lifecycle', 'Customer', 'Sort', 'By Name', 'Any Lifecycle')


def english_left(app):
    names = set()
    for node in app.find_all(None, None):
        names.add(r.without_mnemonic(node.name or ''))
    return sorted(n for n in names if n in ENGLISH or n.split(' ')[0] in ENGLISH)


def test(workdir):
    env = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           # meson compiles the catalogs to po/<lang>/LC_MESSAGES/rapport.mo
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, width=1280, height=800, env=env)
    try:
        app.wait_label('欢迎使用 Rapport')
        app.explore_sample('浏览示例数据')
        app.wait_in_list('王芳')

        sidebar = app.find('list', '分区')
        rows = [n.name for n in sidebar.children]
        assert rows == SECTIONS, rows
        app.find('label', '联系人')  # the list's title
        app.button('新建')

        # 王芳's details, in Chinese.
        lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
        row = [n for n in app.find_all('list item', None, root=lists[0], into_records=True)
               if (n.name or '').startswith('王芳')][0]
        x, y, w, h = row.extents
        r.rawinput.click(x + w // 2, y + h // 2)
        app.wait_label('详情')
        app.wait_label('名')

        left = english_left(app)
        assert not left, 'English left in the window: %s' % left
        r.time.sleep(0.5)
        app.keep_screenshot(app.screenshot_of('zh_CN', app.window), 'zh_CN')
    finally:
        app.quit()


r.run(test)
