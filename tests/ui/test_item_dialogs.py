#!/usr/bin/python3
"""New Task and Log Activity are the record editor in a compact layout:
on a deal's page, Add Task names the deal it is linked to; one Save says
every value that is wrong at its own field (a title longer than the
descriptor's 300 characters and a due time that is none, together);
fixed, Enter saves it, and the Tasks page lists it as the deal's. Log
Activity picks its kind from buttons and refuses a negative duration at
its field. Offline, on the sample book."""

import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

DEAL = 'Fleet tracking pilot'
TITLE = 'Item dialogs: call about the pilot'


def labels_in(app, root):
    return [n.name for n in app.find_all('label', None, root=root) if n.name]


def test(workdir):
    app = r.App(workdir)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        app.key('<Alt>3')
        app.wait_in_list(DEAL)
        lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
        row = r.wait_for('the deal in the list', lambda: app.find_all('label', DEAL, root=lists[0],
                                                                   into_records=True)[0])
        x, y, w, h = row.extents
        r.rawinput.click(x + w // 2, y + h // 2)
        app.wait_label('Details')

        # Add Task on the deal: linked to it, said in the dialog.
        app.click('Add Task')
        dialog = app.frame('New Task')
        r.wait_for('the deal named in the dialog', lambda: DEAL in labels_in(app, dialog))
        app.type_into('Title', 'x' * 301, root=dialog)
        app.type_into('Due', 'soon-ish', root=dialog)
        app.click('Save', root=dialog)
        # Both at once, each at its field; the dialog stays.
        r.wait_for('the two errors', lambda: [
            t for t in labels_in(app, dialog) if '300' in t] and [
            t for t in labels_in(app, dialog) if t.startswith('Type a date and time such as')])
        assert app.is_open(dialog), 'the dialog closed'
        app.screenshot('item-dialog-errors')

        app.type_into('Title', TITLE, root=dialog)
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        app.type_into('Due', tomorrow.strftime('%Y-%m-%d 09:30'), root=dialog)
        # Enter in a field saves, as the Save button does.
        x, y, w, h = app.entry('Due', root=dialog).extents
        r.rawinput.click(x + w // 2, y + h // 2)
        r.time.sleep(0.3)
        app.key('Return')
        app.wait_closed(dialog, 'New Task')

        app.key('<Alt>5')
        r.wait_for('the Tasks section', lambda: app.window.name.startswith('Tasks'))
        app.wait_label(TITLE)
        app.wait_label_containing('Deal: ' + DEAL)
        app.back_from_tasks()
        r.wait_for('the records', lambda: not app.window.name.startswith('Tasks'))

        # Log Activity: a meeting of -5 minutes is refused at its field.
        app.click('Log Activity')
        dialog = app.frame('Log Activity')
        app.click('Meeting', root=dialog)
        app.type_into('Subject', 'Pilot review', root=dialog)
        app.type_into('Duration in Minutes', '-5', root=dialog)
        app.click('Save', root=dialog)
        r.wait_for('the error at the duration',
                   lambda: 'Expected a number from 0 to 100000' in labels_in(app, dialog))
        app.type_into('Duration in Minutes', '30', root=dialog)
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Log Activity')
        app.wait_label('Pilot review')
        app.wait_label_containing('Meeting')
    finally:
        app.quit()


r.run(test)
