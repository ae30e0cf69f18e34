/* rapport-plausible.h: values that are valid but unlikely, questioned before saving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

typedef struct
{
  const char *field;    /* the field the doubt is about (static: the descriptor's) */
  char       *message;  /* (owned): a question the user can answer by saving anyway */
} RapportDoubt;

void       rapport_doubt_free      (RapportDoubt        *doubt);
GPtrArray *rapport_plausible_check (const RapportEntity *entity,
                                    JsonObject          *record,
                                    GDateTime           *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDoubt, rapport_doubt_free)

G_END_DECLS
