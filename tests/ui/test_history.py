#!/usr/bin/python3
"""A deal's history and the people in it, by display name: Lucas Martin
(lucas.martin) makes a deal of ¥1,000.00 from the shell; Wang Fang
(wang.fang) opens it in the app, reads "Owner: Lucas Martin", raises the
amount and opens History: "Amount: ¥1,000.00 → ¥2,000.00 · Wang Fang · …"
and "Created · Lucas Martin · …"; once sent, the line is the server's."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history_ui as h  # noqa: E402
import rapport_ui as r  # noqa: E402


def test(workdir):
    server = app = None
    try:
        server, cli, app = h.start(workdir)

        # People by display name: the owner row, not the login.
        assert h.value_of(app, 'Owner') == 'Lucas Martin', h.value_of(app, 'Owner')
        old = h.value_of(app, 'Amount')
        r.log('amount before:', old)
        app.wait_label_containing('Created by Lucas Martin')

        h.set_amount(app, '2000')
        new = r.wait_for('the new amount', lambda: h.value_of(app, 'Amount') != old
                         and h.value_of(app, 'Amount'))
        app.click('Show History')
        change = 'Amount: %s → %s · Wang Fang · ' % (old, new)
        line = r.wait_for('the change in History', lambda: h.named(app, change), timeout=40)
        r.log('history:', line[0].name)
        r.wait_for('the creation in History', lambda: h.named(app, 'Created · Lucas Martin · '),
                   timeout=40)
        # Once sent, it is the server's entry: no longer "not sent yet".
        h.sync_now(app)
        r.wait_for('the sent change', lambda: [n for n in h.named(app, change)
                                               if 'Not sent yet' not in n.name], timeout=40)
        app.wait_label_containing('Last changed by Wang Fang')
        app.screenshot('history')
    finally:
        if app is not None:
            app.quit()
        if server is not None:
            server.stop()


r.run(test)
