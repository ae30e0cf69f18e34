/* rapport-snapshot-model.h: the rows of a snapshot taken off the main thread, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-change-monitor.h"
#include "rapport-query.h"
#include "rapport-record-item.h"

G_BEGIN_DECLS

/**
 * RapportSnapshotFunc:
 * @store: the store to read
 * @data: what the owner gave with the function; read, never changed
 *
 * Runs in a worker thread.
 *
 * Returns: (transfer full): the rows to list, or %NULL with @error set
 */
typedef RapportSnapshot *(*RapportSnapshotFunc) (RapportStore  *store,
                                                 gpointer       data,
                                                 GError       **error);

#define RAPPORT_TYPE_SNAPSHOT_MODEL (rapport_snapshot_model_get_type ())
G_DECLARE_FINAL_TYPE (RapportSnapshotModel, rapport_snapshot_model,
                      RAPPORT, SNAPSHOT_MODEL, GObject)

RapportSnapshotModel *rapport_snapshot_model_new         (RapportChangeMonitor *changes,
                                                          const char           *entity);
void                  rapport_snapshot_model_set_query   (RapportSnapshotModel *self,
                                                          RapportSnapshotFunc   func,
                                                          gpointer              data,
                                                          GDestroyNotify        data_free,
                                                          gboolean              remake_rows);
gboolean              rapport_snapshot_model_get_loading (RapportSnapshotModel *self);
gboolean              rapport_snapshot_model_get_ready   (RapportSnapshotModel *self);
RapportStore         *rapport_snapshot_model_get_store   (RapportSnapshotModel *self);

G_END_DECLS
