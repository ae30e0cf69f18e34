#!/usr/bin/python3
"""A sales rep's segment, built in the filter editor on the sample book:
Contacts, Filter…, Lifecycle is Customer and Company › Industry is not
Hospitality; the editor counts 3 contacts; Apply narrows the list to those
three, with the filter in words above it; Save as Segment "Key accounts"
puts it in the sidebar with its count, 3; opened from the Companies section
it shows the same three; a customer made a former customer leaves it, and
the sidebar's count follows; deleted from its row's menu, it comes back
with Undo; renamed there, the sidebar says so. Every control of the editor has a name a
screen reader says. Screenshots segments-editor and segments-sidebar."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402
from test_accessibility import unnamed  # noqa: E402

KEY_ACCOUNTS = ('Ana Ribeiro', 'Tom Becker', '王芳')
OTHERS = ('Claire Dubois', 'Priya Nair')


def click_at(node):
    x, y, w, h = node.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def choice_names(dropdown):
    """The names of the choices in @dropdown's popover, walking no deeper
    than each choice: every node costs a D-Bus call."""
    names = []

    def walk(node):
        for child in node.children:
            if child.roleName == 'list item':
                names.append(child.name)
            else:
                walk(child)
    walk(dropdown)
    return names


CHOICES = {}


def choose(app, dropdown, pattern, same_as=None):
    """Picks the choice matching @pattern from @dropdown (a node); the
    choices of a drop-down like one read before (@same_as) are not read again."""
    click_at(dropdown)
    names = CHOICES.get(same_as) or r.wait_for('the choices of ' + (dropdown.name or ''),
                                               lambda: [n for n in choice_names(dropdown) if n])
    if same_as:
        CHOICES[same_as] = names
    position = next(i for i, name in enumerate(names) if re.match(pattern, name))
    r.time.sleep(0.3)
    for key in ('Home',) + ('Down',) * position + ('Return',):
        app.key(key)
        r.time.sleep(0.1)
    return names[position]


def wait_list(app, records, present, absent=()):
    """Waits for the list @records to show all of @present and none of
    @absent, reading its rows once a try."""
    r.log('wait for the list to show', present, 'and not', absent)
    r.wait_for('the list', lambda: (lambda labels: all(n in labels for n in present) and
                                    not any(n in labels for n in absent))(app.list_labels(records)))


def segment_count(app, segments, name):
    """The count the sidebar's list @segments shows beside the segment @name."""
    rows = app.find_all('list item', name, root=segments)
    labels = [n.name for n in app.find_all('label', None, root=rows[0])] if rows else []
    return labels[-1] if labels else None


def build_filter(app):
    """Lifecycle is Customer and Company › Industry is not Hospitality."""
    app.click('Filter…')
    editor = app.frame('Filter Contacts')
    fields = app.find_all('combo box', 'Field', root=editor)
    choose(app, fields[0], r'^Lifecycle$', same_as='field')
    choose(app, app.find('combo box', 'Value', root=editor), r'^Customer$')
    app.click('Add Condition', root=editor)
    r.wait_for('a second condition', lambda: len(app.find_all('combo box', 'Field', root=editor)) == 2)
    choose(app, app.find_all('combo box', 'Field', root=editor)[1], r'^Company › Industry$',
           same_as='field')
    choose(app, app.find_all('combo box', 'Operator', root=editor)[1], r'^is not$')
    app.type_into('Value', 'Hospitality', root=editor)
    r.wait_for('the count', lambda: app.find_all('label', '3 contacts match', root=editor))
    return editor


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        # The record list, the same node whatever it shows: walked alone.
        records = app.find('list', 'Contacts')
        app.wait_in_list('Ana Ribeiro', in_list=records)
        editor = build_filter(app)
        app.screenshot_of('segments-editor', editor)
        problems = unnamed(editor, 'filter editor')
        assert not problems, 'unnamed in the editor:\n  ' + '\n  '.join(problems)
        app.click('Apply', root=editor)
        app.wait_closed(editor, 'Filter Contacts')
        wait_list(app, records, KEY_ACCOUNTS, OTHERS)
        # The filter in words, above the list (looked for in the list's pane).
        pane = records.parent.parent.parent.parent
        app.find('label', 'Filtered: Lifecycle is Customer and Company › Industry is not Hospitality',
                 root=pane)

        # Saved under a name: the sidebar lists it with its count.
        app.click('Save as Segment…')
        dialog = app.frame('Save as Segment')
        app.type_into('Segment Name', 'Key accounts', root=dialog)
        # The button itself: its label is a node of that name too.
        [n for n in app.find_all(None, 'Save', root=dialog)
         if n.roleName == 'push button'][0].doActionNamed('click')
        app.wait_closed(dialog, 'Save as Segment')
        segments = app.find('list', 'Segments')
        r.wait_for('Key accounts in the sidebar with 3',
                   lambda: segment_count(app, segments, 'Key accounts') == '3')
        app.screenshot('segments-sidebar')

        # From another section, the segment opens its contacts.
        app.key('<Alt>2')
        app.wait_in_list('Northwind Traders', in_list=records)
        click_at(app.find('list item', 'Key accounts', root=segments))
        wait_list(app, records, KEY_ACCOUNTS, OTHERS)

        # Tom becomes a former customer: he leaves the segment and its count.
        click_at(app.find_all('label', 'Tom Becker', root=records, into_records=True)[0])
        app.click('Edit')
        choose(app, app.find('combo box', 'Lifecycle'), r'^Former')
        app.click('Save')
        wait_list(app, records, ('Ana Ribeiro', '王芳'), ('Tom Becker',))
        r.wait_for('Key accounts counting 2', lambda: segment_count(app, segments, 'Key accounts') == '2')

        # Deleted from its row's menu, and back with Undo.
        app.click('Key accounts: Menu', root=segments)
        app.click('Delete', root=segments)
        r.wait_for('Key accounts to leave the sidebar',
                   lambda: not app.find_all('list item', 'Key accounts', root=segments))
        app.click_toast('Undo', timeout=9)
        r.wait_for('Key accounts back with 2', lambda: segment_count(app, segments, 'Key accounts') == '2')

        # Renamed from its menu: the sidebar and the shown list's title follow.
        app.click('Key accounts: Menu', root=segments)
        app.click('Rename…', root=segments)
        dialog = app.frame('Rename Segment')
        app.type_into('Segment Name', 'Top customers', root=dialog)
        [n for n in app.find_all(None, 'Rename', root=dialog)
         if n.roleName == 'push button'][0].doActionNamed('click')
        app.wait_closed(dialog, 'Rename Segment')
        r.wait_for('Top customers with 2', lambda: segment_count(app, segments, 'Top customers') == '2')
        # The shown list's subtitle says the new name too, beside the sidebar's row.
        app.screenshot('segments-renamed')
        r.wait_for('the subtitle', lambda: len(app.find_all('label', 'Top customers')) >= 2)
    finally:
        app.quit()


if __name__ == '__main__':
    r.run(test)
