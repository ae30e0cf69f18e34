/* rapport-clock.h: the wall clock the pages show times against
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RAPPORT_TYPE_CLOCK (rapport_clock_get_type ())
G_DECLARE_FINAL_TYPE (RapportClock, rapport_clock, RAPPORT, CLOCK, GObject)

RapportClock *rapport_clock_new     (void);
GDateTime    *rapport_clock_get_now (RapportClock *self);

G_END_DECLS
