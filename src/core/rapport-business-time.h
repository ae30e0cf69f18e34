/* rapport-business-time.h: working time of a business calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _RapportCalendar RapportCalendar;

RapportCalendar *rapport_calendar_new      (const char            *time_zone,
                                            const char            *weekly_hours,
                                            const char            *holidays,
                                            GError               **error);
RapportCalendar *rapport_calendar_new_from_record (JsonObject     *calendar,
                                                   GError        **error);
void             rapport_calendar_free     (RapportCalendar       *self);
gboolean         rapport_calendar_check    (JsonObject            *calendar,
                                            GError               **error);

gint64           rapport_calendar_add      (const RapportCalendar *self,
                                            gint64                 instant,
                                            gint64                 working_secs);
gint64           rapport_calendar_add_days (const RapportCalendar *self,
                                            gint64                 instant,
                                            guint                  days);
gint64           rapport_calendar_between  (const RapportCalendar *self,
                                            gint64                 from,
                                            gint64                 to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportCalendar, rapport_calendar_free)

G_END_DECLS
