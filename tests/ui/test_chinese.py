#!/usr/bin/python3
"""The app in Simplified Chinese: with LANGUAGE=zh_CN and the build tree's
catalog the sidebar, the header bar and the records read in Chinese.
Screenshot zh_CN."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

# As po/zh_CN.po translates them.
SECTIONS = ['联系人', '公司', '商机', '工单']


def test(workdir):
    env = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, env=env)
    try:
        app.wait_label('欢迎使用 Rapport')
        app.explore_sample('浏览示例数据')
        for section in SECTIONS:
            app.wait_label(section)
        app.wait_in_list('Ana Ribeiro')
        app.keep_screenshot(app.screenshot_of('zh_CN', app.window), 'zh_CN')
    finally:
        app.quit()


r.run(test)
