/* rapport-store-resend.h: the client's copy, kept while a changed server is caught up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-store.h"

G_BEGIN_DECLS

/**
 * RapportResend:
 * @RAPPORT_RESEND_NONE: nothing to catch up
 * @RAPPORT_RESEND_EPOCH: the server was restored from a backup: re-send what
 *   it lacks or holds at an older version than this copy
 * @RAPPORT_RESEND_ADOPT: the user moved this database to another server:
 *   send it what it lacks
 */
typedef enum
{
  RAPPORT_RESEND_NONE,
  RAPPORT_RESEND_EPOCH,
  RAPPORT_RESEND_ADOPT,
} RapportResend;

gboolean      rapport_store_set_server_identity (RapportStore  *self,
                                                 const char    *server_id,
                                                 const char    *server_epoch,
                                                 GError       **error);
gboolean      rapport_store_begin_resend        (RapportStore  *self,
                                                 RapportResend  mode,
                                                 const char    *server_id,
                                                 const char    *server_epoch,
                                                 GError       **error);
RapportResend rapport_store_get_resend          (RapportStore  *self);
gboolean      rapport_store_finish_resend       (RapportStore  *self,
                                                 guint         *out_queued,
                                                 GError       **error);

/* For rapport-store-pull.c: on the writer thread, inside a transaction. */
gboolean      rapport_store_resend_active       (RapportStore        *self);
gboolean      rapport_store_resend_note         (RapportStore        *self,
                                                 const RapportEntity *entity,
                                                 const char          *id,
                                                 JsonObject          *record,
                                                 GError             **error);

G_END_DECLS
