/* rapport-filter-count.h: how many records a filter matches, counted as it is edited
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FILTER_COUNT (rapport_filter_count_get_type ())
G_DECLARE_FINAL_TYPE (RapportFilterCount, rapport_filter_count, RAPPORT, FILTER_COUNT, GtkBox)

GtkWidget *rapport_filter_count_new        (RapportStore        *store,
                                            const RapportEntity *entity);
void       rapport_filter_count_set_filter (RapportFilterCount  *self,
                                            const char          *json);
char      *rapport_filter_count_describe   (const RapportEntity *entity,
                                            guint                n);
void       rapport_filter_count_async      (RapportStore        *store,
                                            const RapportEntity *entity,
                                            const char          *json,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean   rapport_filter_count_finish     (RapportStore        *store,
                                            GAsyncResult        *result,
                                            guint               *n,
                                            GError             **error);

G_END_DECLS
