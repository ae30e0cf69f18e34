#!/usr/bin/python3
"""An admin works the demo book's automation rules in the app (issue 19):
the Automation Rules section lists the ready-made rules; the Proposal rule's
page shows its trigger, its conditions and actions in words ("Stage is
Proposal", never an id or JSON) and its last runs (a deal moved to
Proposal at the server ran it); its Enabled switch turned off reaches the
server at the next sync. The admin then makes a rule in the editor: a
condition picked in the filter editor, a Create Task action in rows; the
server has it as JSON and runs it when a deal reaches that stage. A second
action, Add to Campaign with the campaign picked from the book, reads in
words and adds the deal's contact to the campaign at the server. A rule that notifies the admins of an urgent case
puts a desktop notification up in the admin's app, which marks it seen at
the server. Then the new rule's page in zh_CN at 360 px (自动化规则, 触发条件,
执行动作, 最近执行, 加入营销活动). Screenshots: wide in English, narrow in zh_CN."""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
import rapport_ui as r  # noqa: E402
from test_accessibility import unnamed  # noqa: E402

# The demo book is made in English: its rules' names are data.
RULE = 'Deal moves to Proposal: send the proposal'
NEW_RULE = 'Deal in Negotiation: prepare the contract'
TASK = 'Prepare the contract'
CAMPAIGN = 'Spring Fair 2026'


def from_end(dropdown, item):
    """Where @item is among the choices in @dropdown's popover, counted
    from the last, or None. The walk stops at @item and goes no deeper
    than each choice: every node costs a D-Bus call."""
    count = 0

    def walk(node):
        nonlocal count
        for child in reversed(node.children):
            if child.roleName == 'list item':
                if child.name == item:
                    return count
                count += 1
            elif (found := walk(child)) is not None:
                return found
        return None
    return walk(dropdown)


def pick_near_end(app, dropdown, item):
    """Picks @item, near the end of the long list of the drop-down
    @dropdown (a node), with the keyboard."""
    r.log('pick', repr(item))
    a.click_at(dropdown)
    index = r.wait_for(repr(item) + ' among the choices', lambda: (
        lambda i: None if i is None else [i])(from_end(dropdown, item)))[0]
    r.time.sleep(0.8)  # the popover takes the keyboard once shown
    for key in ('End',) + ('Up',) * index + ('Return',):
        app.key(key)
        r.time.sleep(0.1)


def make_rule(app):
    """A new rule: a deal written while in a stage whose name contains
    Negotiation (picked in the filter editor) gets a task for its owner."""
    app.click('New')
    app.type_into('Name', NEW_RULE)
    # Records: Deals, the first offered, is what a new rule starts with.
    switch = r.wait_for('the Enabled switch', lambda: [
        n for n in app.find_all(None, 'Enabled') if n.roleName not in ('label', 'text')])
    a.click_at(switch[-1])
    app.click('Edit Conditions…')
    editor = app.frame('Conditions on Deals')
    pick_near_end(app, app.find('combo box', 'Field', root=editor), 'Stage › Name')
    app.type_into('Value', 'Negotiation', root=editor)
    app.click('Apply', root=editor)
    app.wait_closed(editor, 'Conditions on Deals')
    app.wait_label('Stage › Name contains Negotiation')
    app.click('Add Action')
    app.type_into('Task Title', TASK)
    # A second action: the deal's contact joins a campaign, picked by name.
    app.click('Add Action')
    # Add to Campaign is the last type offered; the new action is below
    # the fold: the wheel brings it up.
    x, y, w, h = app.window.extents
    for _ in range(8):
        r.rawinput.click(x + w - 120, y + h // 2, button=5)
    r.time.sleep(0.5)
    a.click_at(app.find('combo box', 'Action 2 Type'))
    r.time.sleep(1.2)  # the popover takes the keyboard once shown
    for key in ('End', 'Return'):
        app.key(key)
        r.time.sleep(0.2)
    app.click('Choose Campaign')
    picker = app.frame('Choose Campaign')
    app.click(CAMPAIGN, root=picker)
    app.wait_closed(picker, 'Choose Campaign')
    r.wait_for('the campaign in the row', lambda: app.find_all('label', CAMPAIGN))
    r.time.sleep(0.5)  # the title's label moves up: shot once it has
    app.screenshot_of('automation-rule-editor', app.window)
    app.click('Save')
    app.wait_label("Create task “Prepare the contract”, due in 2 working days, for the deal’s owner")
    app.wait_label(f"Add the deal’s contact to campaign “{CAMPAIGN}”")


def open_rule(app, section, title, back=None):
    """Shows the Automation Rules section and opens @title; at 360 px
    first @back from the list the app opens with to the sections."""
    if back is not None:
        r.wait_for('the first sync', lambda: len(app.list_labels()) > 0, timeout=40)
        app.click(back)
    label = r.wait_for('the section ' + section,
                       lambda: [n for n in app.find_all('label', section)], timeout=40)[0]
    a.click_at(label)
    lists = r.wait_for('the list of rules', lambda: app.find_all('list', section))
    row = r.wait_for(repr(title) + ' in the list',
                     lambda: app.find_all('label', title, root=lists[0], into_records=True))
    a.click_at(row[0])


def scroll_to_runs(app, heading):
    """Scrolls the rule's page down with the mouse wheel until its last
    runs are in view: that is what the screenshots are of."""
    label = app.find('label', heading, timeout=40)
    x, y, w, h = app.window.extents
    for _ in range(6):
        r.rawinput.click(x + w - 120, y + h // 2, button=5)
    r.log('runs heading at', label.extents)


def test(workdir):
    server = r.Server(workdir)
    server.start()
    notifications = r.Notifications(workdir)
    app = None
    try:
        notifications.wait_running()
        # A deal moved to Proposal at the server: the rule runs there.
        admin = a.Rest(server, 'admin')
        stages = {s['name']: s['id'] for s in admin.call('GET', 'stages?limit=100')['records']}
        deal = next(d for d in admin.call('GET', 'deals?limit=100')['records']
                    if d.get('stage_id') == stages['Lead'])
        admin.call('PATCH', 'deals/' + deal['id'], {'stage_id': stages['Proposal']})
        # The admins are told of urgent cases too; a rep files one.
        admin.call('POST', 'automation_rules', {
            'name': 'Urgent case: tell the admins', 'entity': 'case', 'enabled': True,
            'conditions': '{"all": [{"field": "priority", "op": "=", "value": "urgent"}]}',
            'actions': '[{"type": "notify", "to": "role", "role": "admin", '
                       '"message": "Call the customer back within the hour"}]'})
        a.Rest(server, 'lucas.martin').call('POST', 'cases', {'subject': 'Line 3 stopped',
                                                             'priority': 'urgent'})
        campaign = admin.call('POST', 'campaigns', {'name': CAMPAIGN, 'type': 'email',
                                                    'status': 'active'})

        app = r.App(workdir, server=server, user='admin', name='admin')
        open_rule(app, 'Automation Rules', RULE)
        sent = r.wait_for('the notification of the urgent case', lambda: [
            n for n in notifications.sent() if n['summary'] == 'Line 3 stopped'], timeout=40)
        assert sent[0]['body'] == 'Call the customer back within the hour', sent
        app.wait_label('A Field Changes')
        # The conditions and actions in words, the stage by its name.
        app.wait_label('Stage is Proposal')
        app.wait_label("Create task “Send proposal”, due in 2 working days, for the deal’s owner")
        braces = [n.name for n in app.walk() if '{' in (n.name or '')]
        assert not braces, braces
        scroll_to_runs(app, 'Last Runs')
        app.screenshot_of('automation-rule', app.window)

        app.click('Edit')
        switch = r.wait_for('the Enabled switch', lambda: [
            n for n in app.find_all(None, 'Enabled') if n.roleName not in ('label', 'text')])
        r.log('switch:', switch[0].roleName)
        a.click_at(switch[-1])
        app.click('Save')
        make_rule(app)
        # One sync sends both.
        a.sync(app)
        rule = r.wait_for('the rule disabled at the server', lambda: [
            x for x in admin.call('GET', 'automation_rules?limit=100')['records']
            if x['name'] == RULE and not x.get('enabled')], timeout=40)
        assert rule, rule
        seen = r.wait_for('the notification seen at the server', lambda: [
            n for n in admin.call('GET', 'notifications?limit=100')['records']
            if n['record_title'] == 'Line 3 stopped' and n.get('seen_at')], timeout=40)
        assert seen[0]['recipient_id'] == admin.user_id, seen
        made = r.wait_for('the new rule at the server', lambda: [
            x for x in admin.call('GET', 'automation_rules?limit=100')['records']
            if x['name'] == NEW_RULE], timeout=40)[0]
        assert (made['entity'], made['trigger'], made['enabled']) == \
            ('deal', 'created_or_changed', True), made
        assert json.loads(made['conditions']) == {'all': [
            {'field': 'stage.name', 'op': 'contains', 'value': 'Negotiation'}]}, made
        assert json.loads(made['actions']) == [
            {'type': 'create_task', 'title': TASK, 'due_in_business_days': 2, 'assign_to': 'owner'},
            {'type': 'add_to_campaign', 'campaign_id': campaign['id']}], made
        # It runs at the server when a deal with a contact who agreed to
        # marketing e-mail reaches Negotiation.
        deal = next(d for d in admin.call('GET', 'deals?limit=100')['records']
                    if d.get('stage_id') == stages['Lead'] and d.get('contact_id'))
        admin.call('POST', 'consents', {
            'contact_id': deal['contact_id'], 'channel': 'email', 'purpose': 'marketing',
            'status': 'granted', 'source': 'web_form', 'proof': 'Form 12',
            'captured_at': '2026-03-02T09:00:00Z'})
        admin.call('PATCH', 'deals/' + deal['id'], {'stage_id': stages['Negotiation']})
        task = r.wait_for('the task of the new rule', lambda: [
            t for t in admin.call('GET', 'tasks?limit=500')['records']
            if t['title'] == TASK and t.get('deal_id') == deal['id']], timeout=20)
        assert task[0].get('assignee_id') == deal.get('owner_id'), (task, deal)
        members = [m for m in admin.call('GET', 'campaign_members?limit=500')['records']
                   if m['campaign_id'] == campaign['id']]
        assert [m['contact_id'] for m in members] == [deal['contact_id']], members
        app.quit()
        app = None

        chinese = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
                   'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
        app = r.App(workdir, server=server, user='admin', name='zh', width=360, height=720,
                    env=chinese)
        open_rule(app, '自动化规则', NEW_RULE, back='返回')
        app.wait_label(f'将该商机的联系人加入营销活动“{CAMPAIGN}”')
        scroll_to_runs(app, '最近执行')
        app.screenshot_of('automation-rule-zh_CN-narrow', app.window)
        # The actions' rows fit a phone, the campaign's too.
        app.click('编辑')
        app.wait_label('任务标题')
        x, y, w, h = app.window.extents
        for _ in range(12):
            r.rawinput.click(x + w // 2, y + h // 2, button=5)
        app.wait_label('成员状态')
        r.time.sleep(0.5)
        app.screenshot_of('automation-rule-editor-zh_CN-narrow', app.window)
        problems = unnamed(app.window, 'rule editor')
        assert not problems, 'unnamed in the rule editor:\n  ' + '\n  '.join(problems)
    finally:
        if app is not None:
            app.quit()
        notifications.stop()
        server.stop()


r.run(test)
