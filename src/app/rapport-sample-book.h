/* rapport-sample-book.h: a small book to look around in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

void     rapport_sample_book_create_async  (RapportStore        *store,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean rapport_sample_book_create_finish (RapportStore        *store,
                                            GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
