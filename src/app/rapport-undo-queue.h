/* rapport-undo-queue.h: deletions that can still be undone
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rapport-store.h"

G_BEGIN_DECLS

/**
 * RapportUndoChange:
 * @RAPPORT_UNDO_CHANGE_HIDDEN: deleted while Undo is offered: lists leave it out
 * @RAPPORT_UNDO_CHANGE_UNDONE: Undo was clicked: it is back as it was
 * @RAPPORT_UNDO_CHANGE_KEPT: the store refused to delete it: it is back
 * @RAPPORT_UNDO_CHANGE_DELETED: deleted from the store
 *
 * What became of a record in the queue (RapportUndoQueue::changed).
 */
typedef enum
{
  RAPPORT_UNDO_CHANGE_HIDDEN,
  RAPPORT_UNDO_CHANGE_UNDONE,
  RAPPORT_UNDO_CHANGE_KEPT,
  RAPPORT_UNDO_CHANGE_DELETED,
} RapportUndoChange;

#define RAPPORT_TYPE_UNDO_QUEUE (rapport_undo_queue_get_type ())
G_DECLARE_FINAL_TYPE (RapportUndoQueue, rapport_undo_queue, RAPPORT, UNDO_QUEUE, GObject)

RapportUndoQueue *rapport_undo_queue_new        (RapportStore     *store);
void              rapport_undo_queue_delete     (RapportUndoQueue *self,
                                                 const char       *entity,
                                                 const char       *id,
                                                 const char       *title);
gboolean          rapport_undo_queue_has        (RapportUndoQueue *self,
                                                 const char       *id);
void              rapport_undo_queue_commit_all (RapportUndoQueue *self);

G_END_DECLS
