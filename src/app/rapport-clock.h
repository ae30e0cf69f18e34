/* rapport-clock.h: the wall clock's minutes and days, as signals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_CLOCK (rapport_clock_get_type ())
G_DECLARE_FINAL_TYPE (RapportClock, rapport_clock, RAPPORT, CLOCK, GObject)

RapportClock *rapport_clock_new     (void);
GDateTime    *rapport_clock_dup_now (RapportClock *self);

G_END_DECLS
