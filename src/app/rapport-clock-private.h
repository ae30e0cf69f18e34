/* rapport-clock-private.h: a clock that reads another time, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-clock.h"

G_BEGIN_DECLS

/* Returns the local time now, (transfer full). */
typedef GDateTime *(*RapportClockNowFunc) (gpointer user_data);

void rapport_clock_set_now_func (RapportClock        *self,
                                 RapportClockNowFunc  now_func,
                                 gpointer             user_data);
void rapport_clock_check        (RapportClock        *self);

G_END_DECLS
