/* rapport-quota.h: sales targets per person or team and period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean rapport_quota_check      (JsonObject *quota,
                                   GError    **error);
gboolean rapport_quota_read_day   (const char *text,
                                   GDate      *date);
char    *rapport_quota_period_end (const char *period_type,
                                   const char *period_start);

G_END_DECLS
