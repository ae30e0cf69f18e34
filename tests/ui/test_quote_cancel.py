#!/usr/bin/python3
"""Cancel asks first. On the sample book, a new quote offers Send and
Cancel Quote…; Alt+C opens the question, which says what cancelling does;
Escape closes it and nothing changed: the quote is still a Draft with its
actions. Cancel Quote in the question cancels it: Cancelled, and nothing
more is offered. In Chinese at 360 px a new quote offers 发送 and
取消报价单…, and a new order 确认订单; confirmed, it offers 变更订单 and
取消订单… (screenshots quote-actions-zh_CN-narrow and
order-actions-zh_CN-narrow)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402
from quote_ui import press  # noqa: E402

TITLE = 'Trade fair stand'


def new_document(app, section_key, list_name, title, title_field):
    app.key(section_key)
    app.find('list', list_name)
    app.key('<Control>n')
    app.type_into(title_field, title, root=app.entry(title_field).parent)
    app.key('<Control>s')
    app.wait_in_list(title)


def test(workdir):
    env = {'LC_ALL': 'en_US.UTF-8', 'LANG': 'en_US.UTF-8'}
    app = r.App(workdir, width=1100, height=800, env=env)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        new_document(app, '<Alt>7', 'Quotes', TITLE, 'Title')
        app.button('Send')
        app.button('Cancel Quote…')
        app.wait_label('Draft')

        # By keyboard: the question, and Escape keeps the quote as it was.
        app.key('<Alt>c')
        dialog = app.frame('Cancel Quote?')
        r.wait_for('what cancelling does', lambda: [
            n for n in app.find_all('label', None, root=dialog)
            if 'can no longer be sent or accepted' in (n.name or '')])
        app.screenshot('quote-cancel-question')
        r.keys_to('Cancel Quote?')
        press('Escape')
        app.wait_closed(dialog, 'Cancel Quote?')
        r.time.sleep(1.5)
        app.wait_label('Draft')
        assert not app.has_label('Cancelled')
        app.button('Cancel Quote…')
        app.button('Send')

        # Asked for, it is cancelled, and nothing more is offered.
        app.click('Cancel Quote…')
        dialog = app.frame('Cancel Quote?')
        a.respond(app, dialog, 'Cancel Quote')
        app.wait_closed(dialog, 'Cancel Quote?')
        app.wait_label('Cancelled')
        app.wait_no_label('Cancel Quote…')
        assert not app.find_all('push button', 'Send')
    finally:
        app.quit()

    env = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, width=360, height=800, env=env, name='zh')
    try:
        app.explore_sample('浏览示例数据')
        new_document(app, '<Alt>7', '报价单', '展会展台', '标题')
        app.button('发送')
        app.button('取消报价单…')
        app.screenshot('quote-actions-zh_CN-narrow')
        app.click('返回')
        new_document(app, '<Alt>8', '销售订单', '展台搭建', '标题')
        app.click('确认订单')
        app.button('变更订单')
        app.button('取消订单…')
        app.screenshot('order-actions-zh_CN-narrow')
    finally:
        app.quit()


r.run(test)
