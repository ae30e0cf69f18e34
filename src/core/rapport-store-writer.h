/* rapport-store-writer.h: the thread that owns the store's write connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _RapportStoreWriter RapportStoreWriter;

/* Runs on the writer thread; returns %NULL with @error set when it fails. */
typedef gpointer (*RapportStoreWriteFunc) (gpointer   source,
                                           gpointer   data,
                                           GError   **error);

RapportStoreWriter *rapport_store_writer_new        (gpointer            source);
void                rapport_store_writer_free       (RapportStoreWriter *writer);
gboolean            rapport_store_writer_is_current (RapportStoreWriter *writer);
gpointer            rapport_store_writer_run        (RapportStoreWriter *writer,
                                                     RapportStoreWriteFunc func,
                                                     gpointer            data,
                                                     GError            **error);
void                rapport_store_writer_flush      (RapportStoreWriter *writer);
void                rapport_store_writer_queue      (RapportStoreWriter *writer,
                                                     GTask              *task,
                                                     RapportStoreWriteFunc func,
                                                     gpointer            data,
                                                     GDestroyNotify      data_free,
                                                     GDestroyNotify      result_free);
void                rapport_store_writer_post       (RapportStoreWriter *writer,
                                                     RapportStoreWriteFunc func,
                                                     gpointer            data,
                                                     GDestroyNotify      data_free);
void                rapport_store_writer_forbid_main_context (gboolean     forbidden);
void                rapport_store_writer_check_read (const char        *what);

G_END_DECLS
