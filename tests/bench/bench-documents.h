/* bench-documents.h: recomputing a quote's money
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean bench_document_totals (GRand   *rand,
                                gboolean quick,
                                GError **error);

G_END_DECLS
