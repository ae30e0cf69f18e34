#!/usr/bin/python3
"""The deal board: move a deal to the next stage with the keyboard, then
drag another to the column after, and see the columns' counts and totals
follow each move; a manager is offered Edit Stages, a
rep is not (the server refuses a rep's stage edits: see
tests/server/test_routes.py). The cards of stale deals say so in words:
exactly the deals of the first column that, worked out by hand from the
server's deals, activities and stage events, nobody touched for the
stage's rotten_days (SPEC.md §2.3)."""

import os
import sys
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import approvals_ui as a  # noqa: E402
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


def stale_by_hand(server, stage_name):
    """The titles of the open deals of @stage_name last touched (created, an
    activity or a stage event that took place by now) before the start of
    the day the stage's rotten_days ago, in the app's (local) zone."""
    rest = a.Rest(server, 'admin')
    stage = next(s for s in rest.call('GET', 'stages?limit=100')['records'] if s['name'] == stage_name)
    deals = rest.call('GET', 'deals?limit=1000')['records']
    now = datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    touched = {d['id']: d['created_at'] for d in deals}
    for plural in ('activities', 'deal_stage_events'):
        for record in rest.call('GET', plural + '?limit=1000')['records']:
            when = record.get('occurred_at') or ''
            if record.get('deal_id') in touched and touched[record['deal_id']] < when <= now:
                touched[record['deal_id']] = when
    day = datetime.now().astimezone() - timedelta(days=stage['rotten_days'])
    start = day.replace(hour=0, minute=0, second=0, microsecond=0)
    limit = start.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    return stage['rotten_days'], {d['title'] for d in deals if d['stage_id'] == stage['id'] and
                                  d.get('status') == 'open' and touched[d['id']] < limit}


def test(workdir):
    server = r.Server(workdir)
    server.start()
    app = r.App(workdir, server=server, width=1280, height=760)
    try:
        before = r.open_board(app)
        r.log('columns before:', before)
        app.screenshot('board')
        assert before[0][0] > 0, before

        # Stale cards, in words, in the first column (all of whose cards show at this height).
        days, stale = stale_by_hand(server, STAGES[0])
        cards = r.wait_for('the cards of the first column',
                           lambda: app.find_all('list', STAGES[0])[0].children)
        words = 'Stale: no activity for %d days' % days
        marked = {card.name.split(', ')[0] for card in cards if words in (card.name or '')}
        r.log('stale by hand:', stale, 'marked:', marked)
        assert stale and len(stale) < len(cards), (stale, len(cards))
        assert marked == stale, (marked, stale)

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
