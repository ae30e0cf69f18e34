"""Shared by the quote UI tests: a key pressed where the pointer is, a line
added through the line editor, the lines and totals of a quote's page as a
screen reader reads them, and the quote printed to a PDF's text."""

import os
import subprocess

import atspi_tree
import rapport_ui as r


def press(combo):
    r.rawinput.keyCombo(combo)


def text_of(app, name, root):
    text = app.entry(name, root=root).queryText()
    return text.getText(0, text.characterCount)


def type_here(app, text, name, root):
    """Types @text where the focus is and checks that it went into @name,
    which tells that the focus was there."""
    r.log('type', repr(text), 'for', name)
    keymap = r.rawinput.Gdk.Keymap.get_for_display(r.rawinput.Gdk.Display.get_default())
    shift = r.rawinput.keyNameToKeyCode('Shift_L')
    for char in text:
        found, keys = keymap.get_entries_for_keyval(r.rawinput.Gdk.unicode_to_keyval(ord(char)))
        key = min(keys, key=lambda k: (k.group, k.level))
        if key.level == 1:
            r.rawinput.registry.generateKeyboardEvent(shift, None, r.rawinput.KEY_PRESS)
        r.rawinput.registry.generateKeyboardEvent(key.keycode, None, r.rawinput.KEY_PRESSRELEASE)
        if key.level == 1:
            r.rawinput.registry.generateKeyboardEvent(shift, None, r.rawinput.KEY_RELEASE)
        r.time.sleep(0.02)
    r.wait_for(repr(text) + ' in ' + name, lambda: text_of(app, name, root) == text, timeout=10)


# The lists of the quote's page, found once: walking the whole window for
# each look costs more than walking the list.
FOUND = {}


def rows_of(app, names):
    """The accessible names of the rows of the list named one of @names."""
    found = FOUND.get(names)
    nodes = atspi_tree.walk(found) if found is not None else []
    if nodes and nodes[0].name in names:
        top = nodes[0]
    else:
        lists = [n for n in app.walk() if n.roleName == 'list' and n.name in names]
        if not lists:
            return []
        top = lists[0]
        FOUND[names] = atspi_tree.Found(app.window, top)
    return [n.name for n in top.children if n.roleName == 'list item']


def lines_shown(app):
    """The lines' accessible names, in order, as a screen reader reads them."""
    return [name for name in rows_of(app, ('Line Items', '行项目'))
            if name not in ('Column Headings', '列标题')]


def wait_lines(app, starts):
    r.log('wait for the lines', starts)
    try:
        return r.wait_for('lines ' + repr(starts),
                          lambda: (lambda shown: len(shown) == len(starts) and
                                   all(s.startswith(p) for s, p in zip(shown, starts)) and shown)(
                                       lines_shown(app)))
    except AssertionError:
        r.log('the lines shown:', lines_shown(app),
              [(n.roleName, n.name, [(c.roleName, c.name) for c in n.children][:4])
               for n in app.find_all(None, None) if n.roleName in ('list', 'list box')])
        raise


def wait_total(app, total, label='Total'):
    r.log('wait for', label, total)
    r.wait_for(label + ' ' + total,
               lambda: '%s: %s' % (label, total) in rows_of(app, ('Totals', '金额汇总')))


def add_line(app, description, quantity, price, discount):
    """Ctrl+L on the quote's page, then the line typed into the editor;
    without a price, the product @description is picked instead, and gives
    the line its description and its unit price."""
    r.log('add the line', description)
    app.key('<Control>l')
    dialog = app.frame('Edit Line')
    r.keys_to('Edit Line')
    if price:
        # The first field has the keyboard: the description.
        type_here(app, description, 'Description', dialog)
        app.type_into('Unit Price', price, root=dialog)
    else:
        app.click('Choose Product', root=dialog)
        picker = app.frame('Choose Product')
        app.type_into('Search Records', description, root=picker)
        # Enter picks the first hit, once the search has found it.
        r.keys_to('Choose Product')
        press('Return')
        app.wait_closed(picker, 'Choose Product')
        try:
            r.wait_for('the product\'s name and price',
                       lambda: (text_of(app, 'Description', dialog),
                                text_of(app, 'Unit Price', dialog)) == (description, 'CN¥1,299.00'))
        except AssertionError:
            r.log('the line has', text_of(app, 'Description', dialog), text_of(app, 'Unit Price', dialog))
            app.screenshot('debug-product')
            raise
    app.type_into('Quantity', quantity, root=dialog)
    if discount:
        app.type_into('Discount', discount, root=dialog)
    app.click('Save', root=dialog)
    app.wait_closed(dialog, 'Edit Line')


def print_to_pdf(app, home, shortcut=True):
    """Ctrl+P (or without @shortcut the header's print button), then
    "Print to File" in the print dialog: the PDF's text."""
    r.log('print the quote')
    if shortcut:
        app.focus_window()
        app.key('<Control>p')
    else:
        app.click('Print or Save as PDF')
    dialog = app.frame('Print')
    r.keys_to('Print')
    # The first printer, Print to File, chosen by keyboard.
    press('Down')
    press('space')
    app.click('Print', root=dialog)
    pdfs = r.wait_for('the PDF', lambda: [os.path.join(home, f) for f in os.listdir(home)
                                          if f.endswith('.pdf')])
    r.wait_for('the whole PDF', lambda: subprocess.run(['pdfinfo', pdfs[0]],
                                                       capture_output=True).returncode == 0)
    return subprocess.run(['pdftotext', '-layout', pdfs[0], '-'], capture_output=True,
                          text=True, check=True).stdout
