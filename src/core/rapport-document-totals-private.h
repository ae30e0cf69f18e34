/* rapport-document-totals-private.h: shared by the computation and its JSON face
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-document-totals.h"
#include "rapport-validate.h"

G_BEGIN_DECLS

/* Products and quotients of money are taken this wide. */
typedef __int128 RapportWide;

RapportWide rapport_divide_rounded_wide (RapportWide n,
                                         RapportWide d);

void rapport_document_set_error (GError               **error,
                                 RapportValidationError code,
                                 int                    line,
                                 const char            *field,
                                 const char            *message);

G_END_DECLS
