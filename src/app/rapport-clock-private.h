/* rapport-clock-private.h: a clock on another time source, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-clock.h"

G_BEGIN_DECLS

/**
 * RapportClockNowFunc:
 * @user_data: what the caller passed along
 *
 * Returns: (transfer full): the local time now
 */
typedef GDateTime *(*RapportClockNowFunc) (gpointer user_data);

RapportClock *rapport_clock_new_with_source (RapportClockNowFunc  now,
                                             gpointer             user_data);
void          rapport_clock_check           (RapportClock        *self);

G_END_DECLS
