#!/usr/bin/python3
"""At 360 px the window stays 360 px: the Cases list's filters, which need
~430 px side by side, fold into a Filters menu, with the filters in effect
named above the list; every section opens without widening the window, and
Filter…, beside the quick filters at this width, opens the filter editor."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402


def width(app):
    return app.window.extents[2]


def test(workdir):
    app = r.App(workdir, width=360, height=720)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')
        for key, first in (('1', 'Ana Ribeiro'), ('2', None), ('3', None),
                           ('4', 'Scanner battery drains overnight')):
            app.key('<Alt>' + key)
            if first:
                app.wait_in_list(first)
            r.time.sleep(0.5)
            assert width(app) <= 360, 'section %s: the window grew to %d px' % (key, width(app))
        app.button('Filters')
        app.wait_label_containing('Unresolved')
        app.keep_screenshot(app.screenshot('case-narrow-list'), 'case-narrow')
        app.click('Filters')
        app.find(None, 'Sort')
        r.time.sleep(0.3)
        assert width(app) <= 360, 'the filter menu grew the window to %d px' % width(app)
        app.key('Escape')

        # Filter…, beside the quick filters at this width, opens the editor.
        app.key('<Alt>1')
        app.wait_in_list('Ana Ribeiro')
        app.click('Filter…')
        editor = app.frame('Filter Contacts')
        app.click('Cancel', root=editor)
        app.wait_closed(editor, 'Filter Contacts')
        assert width(app) <= 360, 'the window grew to %d px' % width(app)
    finally:
        app.quit()


r.run(test)
