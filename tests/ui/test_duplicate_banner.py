#!/usr/bin/python3
"""A new contact typed with the name and email of one the book has: while
typing, a banner says "Ana Ribeiro at Northwind Traders already exists",
its button lists her with the evidence, and a click opens her record.
Offline, on the sample book. RAPPORT_SHOTS_NARROW_ZH=1 starts it at 360 px
in Chinese instead, for the screenshots."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

NARROW_ZH = os.environ.get('RAPPORT_SHOTS_NARROW_ZH') == '1'


def test(workdir):
    if NARROW_ZH:
        app = r.App(workdir, width=360, height=700,
                    env={'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
                         'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')})
        app.explore_sample('浏览示例数据')
        app.wait_in_list('Ana Ribeiro')
        app.click('新建')
        app.type_into('名', 'Ana')
        app.type_into('姓', 'Ribeiro')
        app.type_into('电子邮件', 'Ana.Ribeiro@northwind.example')
        app.wait_label('Northwind Traders 的 Ana Ribeiro 已存在')
        app.screenshot('duplicate-banner-narrow-zh')
        app.quit()
        return
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        app.click('New')
        app.type_into('First Name', 'ana')
        app.type_into('Last Name', 'Ribeiro')
        assert not app.has_label('Ana Ribeiro at Northwind Traders already exists')
        # Email typed in other case: still hers.
        app.type_into('Email', 'Ana.Ribeiro@Northwind.example')
        app.wait_label('Ana Ribeiro at Northwind Traders already exists')
        app.screenshot('duplicate-banner-wide')

        app.click('Show')
        existing = app.button('Ana Ribeiro, Northwind Traders')
        assert 'same email' in existing.description, existing.description
        existing.doActionNamed('click')
        # Her record, not the new one: nothing was saved.
        app.wait_label('Purchasing Manager')
        assert len([label for label in app.list_labels() if label == 'Ana Ribeiro']) == 1
    finally:
        app.quit()


r.run(test)
