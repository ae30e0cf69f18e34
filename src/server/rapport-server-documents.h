/* rapport-server-documents.h: a quote's or an order's totals on the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-server-records.h"

G_BEGIN_DECLS

gboolean rapport_server_documents_compute (RapportServerBackend     *backend,
                                           const RapportEntity      *entity,
                                           const char               *id,
                                           JsonObject               *record,
                                           GPtrArray                *writes,
                                           GError                  **rejection,
                                           GError                  **error);
gboolean rapport_server_documents_write   (RapportServerBackend     *backend,
                                           const RapportServerActor *actor,
                                           GPtrArray                *writes,
                                           const char               *now,
                                           GError                  **error);
gboolean rapport_server_documents_flush   (RapportServerBackend     *backend,
                                           const RapportServerActor *actor,
                                           const char               *now,
                                           GError                  **error);
void     rapport_server_documents_forget  (RapportServerBackend     *backend);
void     rapport_server_documents_mark_stale (RapportServerBackend *backend,
                                              const RapportEntity  *document,
                                              const char           *id);
void     rapport_server_documents_add_write (GPtrArray              *writes,
                                             const RapportEntity    *entity,
                                             JsonObject             *old,
                                             JsonObject             *record);
gboolean rapport_server_documents_family  (RapportServerBackend     *backend,
                                           const RapportEntity      *entity,
                                           JsonObject               *document,
                                           JsonArray               **lines,
                                           GError                  **error);

G_END_DECLS
