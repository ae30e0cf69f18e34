/* rapport-main-thread.h: running work on the main loop for an object that may go away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RapportTargetFunc:
 * @target: the object, alive and referenced for the call
 * @data: (nullable): what the caller passed along
 */
typedef void (*RapportTargetFunc) (gpointer target,
                                   gpointer data);

void rapport_run_on_main_thread (GObject           *target,
                                 GMainContext      *context,
                                 RapportTargetFunc  func,
                                 gpointer           data,
                                 GDestroyNotify     data_free);

/**
 * RapportStoreChange:
 * @entity: the record type the store wrote
 * @ids: (nullable): the records it wrote
 *
 * What a store's "changed" signal said, kept for the main loop.
 */
typedef struct
{
  char  *entity;
  GStrv  ids;
} RapportStoreChange;

RapportStoreChange *rapport_store_change_new  (const char         *entity,
                                               const char * const *ids);
void                rapport_store_change_free (RapportStoreChange *change);
gboolean            rapport_store_change_has  (const RapportStoreChange *change,
                                               const char               *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportStoreChange, rapport_store_change_free)

G_END_DECLS
