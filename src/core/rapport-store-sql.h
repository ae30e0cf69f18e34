/* rapport-store-sql.h: the SQL of each record type's row writes, built once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-entity.h"

G_BEGIN_DECLS

/* Texts live as long as the process: the store prepares each once and finds
 * it again by its address, not by hashing the text (see
 * rapport_store_prepare_static()). */
typedef struct
{
  const char *insert_row;   /* every column, sort_key and search_text */
  const char *update_row;   /* the same, WHERE rowid = ? */
  const char *find_row;     /* rowid, version WHERE id = ? */
  const char *search_text;  /* search_text WHERE rowid = ? */
  const char *fts_insert;   /* (rowid, text) into the full-text index */
  const char *fts_delete;   /* ('delete', rowid, old text) */
  const char *delete_row;   /* WHERE rowid = ? */
  const char *select_row;   /* rowid, meta fields, fields WHERE rowid = ? */
  const char *select_id;    /* the same WHERE id = ? */
  const char *select_children; /* (nullable): the same WHERE parent = ?, in their order;
                                * for a type that is another's line */
} RapportStoreSql;

const RapportStoreSql *rapport_store_sql (const RapportEntity *entity);

G_END_DECLS
