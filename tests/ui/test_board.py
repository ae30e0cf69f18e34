#!/usr/bin/python3
"""The deal board: move a deal to the next stage with the keyboard, then
drag another to the column after, and see the columns' counts and totals
follow each move; a manager is offered Edit Stages, a
rep is not (the server refuses a rep's stage edits: see
tests/server/test_routes.py)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rapport_ui as r  # noqa: E402

STAGES = r.BOARD_STAGES


def drag(source, target):
    """Presses on @source, moves in steps (GTK starts a drag past a few
    pixels) and lets go over the middle of @target."""
    x, y, w, h = source.extents
    tx, ty, tw, th = target.extents
    start = (x + w // 2, y + h // 2)
    end = (tx + tw // 2, ty + th // 2)
    r.rawinput.press(*start)
    for step in range(1, 21):
        r.rawinput.absoluteMotion(start[0] + (end[0] - start[0]) * step // 20,
                                  start[1] + (end[1] - start[1]) * step // 20)
        r.time.sleep(0.05)
    r.time.sleep(0.3)
    r.rawinput.release(*end)


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = r.App(workdir, server=server, width=1280, height=760)
    try:
        before = r.open_board(app)
        r.log('columns before:', before)
        app.screenshot('board')
        assert before[0][0] > 0, before

        # A manager may edit the stages.
        app.button('Edit Stages…')

        # The board opens with the first card of Lead focused: move it one
        # column right.
        app.key('<Alt>Right')

        after = r.wait_for('the totals to follow the move',
                           lambda: (lambda s: s if s[0][0] == before[0][0] - 1 and
                                    s[1][0] == before[1][0] + 1 else None)(r.board_summaries(app)),
                           timeout=20)
        r.log('columns after:', after)
        assert after[0][1] != before[0][1] and after[1][1] != before[1][1]
        assert after[2:] == before[2:], (before, after)
        app.screenshot('board-moved')

        # Drag the first card of the second column onto the third.
        source = r.wait_for('the cards of the second column',
                            lambda: app.find_all('list', STAGES[1])[0].children)[0]
        target = app.find_all('list', STAGES[2])[0]
        drag(source, target)
        dragged = r.wait_for('the totals to follow the drag',
                             lambda: (lambda s: s if s[1][0] == after[1][0] - 1 and
                                      s[2][0] == after[2][0] + 1 else None)(r.board_summaries(app)),
                             timeout=20)
        r.log('columns after the drag:', dragged)
        assert dragged[0] == after[0] and dragged[3:] == after[3:], (after, dragged)
    finally:
        app.quit()

    # A rep sees the board, but no way to edit stages.
    rep = r.App(workdir, server=server, user='lucas.martin', name='rep')
    try:
        r.open_board(rep)
        assert not rep.find_all(None, 'Edit Stages…'), 'a rep is offered Edit Stages'
    finally:
        rep.quit()
        server.stop()


r.run(test)
