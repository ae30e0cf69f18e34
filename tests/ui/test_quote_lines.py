#!/usr/bin/python3
"""A quote's lines by keyboard: a new quote in yuan shows its currency;
Ctrl+L adds three lines, typed as they are read (1.5, 12.3456, 10 %), the
first by picking a product, which gives it its name and list price; the
third moves up with Alt+Up; the lines read in that order with their
amounts, and the total follows, as en_US writes yuan ("CN¥2,797.71").
Enter on a line edits its quantity and the total follows without
reopening; Delete takes a line out of the total until Undo brings it back;
a line added and cancelled (Ctrl+L, Escape) is not kept.
Ctrl+P prints it: the print dialog saves it as PDF, which reads as the
customer receives it (who sends it, the lines, the total). The same quote
in zh_CN at 360 px reads 行项目, 添加行, 小计, 合计, with each line's
figures under its description. Screenshots quote-lines (wide)
and quote-lines-zh_CN-narrow (360 px, zh_CN)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402
from quote_ui import (add_line, lines_shown, press, print_to_pdf, text_of,  # noqa: E402
                      wait_lines, wait_total)

TITLE = 'Office network'
# (description, quantity, unit price, discount) as typed, and the line's
# amount as shown: 1.5 × 120.5 = 180.75, less 10 % (18.075, rounded half
# away from zero to 18.08) is 162.67; 3 × 12.3456 = 37.0368 is 37.04.
LINES = [('Router', '2', '', '', 'CN¥2,598.00'),
         ('Installation', '1.5', '120.5', '10 %', 'CN¥162.67'),
         ('Cable', '3', '12.3456', '', 'CN¥37.04')]
TOTAL = 'CN¥2,797.71'
# Router at 3 instead of 2: 3,897.00 + 162.67 + 37.04.
TOTAL_EDITED = 'CN¥4,096.71'
# Without the cable.
TOTAL_WITHOUT_CABLE = 'CN¥4,059.67'


def test(workdir):
    home = os.path.join(workdir, 'home')
    os.makedirs(home, exist_ok=True)
    env = {'LC_ALL': 'en_US.UTF-8', 'LANG': 'en_US.UTF-8', 'HOME': home}
    settings = {'default-currency': "'CNY'", 'seller-name': "'Rapport Trading Co.'"}
    app = r.App(workdir, width=1280, height=900, env=env, settings=settings)
    try:
        app.explore_sample()
        app.wait_in_list('Ana Ribeiro')

        # A product, sold by the piece.
        app.key('<Alt>6')
        app.find('list', 'Products')
        app.key('<Control>n')
        # The form's fields, looked for in the form only.
        form = app.entry('Name').parent
        app.type_into('Name', 'Router', root=form)
        app.type_into('SKU', 'RT-1', root=form)
        app.type_into('Unit', 'pcs', root=form)
        app.type_into('List Price', '1299', root=form)
        app.key('<Control>s')
        app.wait_in_list('Router')

        app.key('<Alt>7')
        app.find('list', 'Quotes')
        app.key('<Control>n')
        app.type_into('Title', TITLE, root=app.entry('Title').parent)
        app.key('<Control>s')
        app.wait_in_list(TITLE)
        # The currency is on the page; no lines yet, and a total of nothing.
        r.wait_for('the quote\'s page', lambda: {'CNY', 'No lines yet', 'Add Line'} <=
                   set(n.name for n in app.find_all('label', None)))
        wait_total(app, 'CN¥0.00')

        for description, quantity, price, discount, _amount in LINES:
            add_line(app, description, quantity, price, discount)
        wait_lines(app, [line[0] for line in LINES])
        wait_total(app, TOTAL)
        shown = lines_shown(app)
        for (description, _q, _p, discount, amount), name in zip(LINES, shown):
            assert name.endswith(amount), (name, amount)
            assert ('discount 10 %' in name) == bool(discount), name
        assert 'CN¥12.3456' in shown[2], shown
        assert '1.5 × CN¥120.50' in shown[1], shown
        assert shown[0].startswith('Router, 2 pcs × CN¥1,299.00'), shown

        # The cable, focused as the last line added, moves up with Alt+Up.
        app.focus_window()
        press('<Alt>Up')
        wait_lines(app, ['Router', 'Cable', 'Installation'])
        wait_total(app, TOTAL)
        scroll_to_lines(app)
        app.keep_screenshot(app.screenshot_of('quote-lines', app.window), 'quote-lines')

        # Enter on the router's line opens it; a new quantity, and the total follows.
        press('Up')
        press('Return')
        dialog = app.frame('Edit Line')
        assert text_of(app, 'Quantity', dialog) == '2', text_of(app, 'Quantity', dialog)
        assert text_of(app, 'Description', dialog) == 'Router', text_of(app, 'Description', dialog)
        assert text_of(app, 'Unit Price', dialog) == 'CN¥1,299.00', text_of(app, 'Unit Price', dialog)
        app.type_into('Quantity', '3', root=dialog)
        app.click('Save', root=dialog)
        app.wait_closed(dialog, 'Edit Line')
        wait_total(app, TOTAL_EDITED)
        wait_lines(app, ['Router, 3 pcs × CN¥1,299.00', 'Cable', 'Installation'])

        # Delete on the cable: out of the lines and the total, until Undo.
        app.focus_window()
        press('Down')
        press('Delete')
        wait_lines(app, ['Router', 'Installation'])
        wait_total(app, TOTAL_WITHOUT_CABLE)
        app.click_toast('Undo')
        wait_lines(app, ['Router', 'Cable', 'Installation'])
        wait_total(app, TOTAL_EDITED)

        # Ctrl+L, then Escape: the line added for the editor goes again.
        app.focus_window()
        app.key('<Control>l')
        dialog = app.frame('Edit Line')
        r.keys_to('Edit Line')
        press('Escape')
        app.wait_closed(dialog, 'Edit Line')
        wait_lines(app, ['Router', 'Cable', 'Installation'])
        r.time.sleep(1.5)
        assert len(lines_shown(app)) == 3, lines_shown(app)
        wait_total(app, TOTAL_EDITED)

        text = print_to_pdf(app, home)
        r.log(text)
        for expected in ('Rapport Trading Co.', 'Quote', TITLE, 'Router', 'Cable', 'Installation',
                         'CN¥12.3456', '10 %', 'Total', TOTAL_EDITED, 'Page 1 of 1'):
            assert expected in text, (expected, text)
        assert text.index('Router') < text.index('Cable') < text.index('Installation'), text
    finally:
        app.quit()

    # In Chinese, on a phone: the labels are translated, the yuan is ¥ as
    # zh_CN writes it, and each line's figures go under its description
    # rather than cut the amount.
    env = {'LANGUAGE': 'zh_CN', 'LANG': 'zh_CN.UTF-8', 'LC_ALL': 'zh_CN.UTF-8',
           'RAPPORT_LOCALEDIR': os.path.join(r.BUILD, 'po')}
    app = r.App(workdir, width=360, height=800, env=env, settings=settings)
    try:
        app.explore_sample('浏览示例数据')
        app.key('<Alt>7')
        open_quote(app)
        wait_lines(app, ['Router，3 pcs × ¥1,299.00', 'Cable', 'Installation'])
        wait_total(app, '¥4,096.71', label='合计')
        labels = set(n.name for n in app.find_all('label', None))
        missing = [label for label in ('行项目', '描述', '数量', '单价', '折扣', '金额', '小计',
                                       '税额', '合计', '¥3,897.00', '¥12.3456', '10%')
                   if label not in labels]
        assert not missing, missing
        app.button('添加行')
        scroll_to_lines(app)
        app.keep_screenshot(app.screenshot_of('quote-lines-zh_CN-narrow', app.window),
                            'quote-lines-zh_CN-narrow')
    finally:
        app.quit()


def open_quote(app):
    """Opens the quote from the list, with a click."""
    app.wait_in_list(TITLE)
    lists = [n for n in app.find_all('list', None) if n.name in r.RECORD_LISTS]
    row = [n for n in app.find_all('list item', None, root=lists[0], into_records=True)
           if (n.name or '').startswith(TITLE)][0]
    x, y, w, h = row.extents
    r.rawinput.click(x + w // 2, y + h // 2)


def scroll_to_lines(app):
    """Scrolls the page down to its lines, with the wheel, for a screenshot."""
    x, y, w, h = app.window.extents
    for _ in range(6):
        r.rawinput.click(x + w - 40, y + h // 2, button=5)
    r.time.sleep(0.5)


r.run(test)
