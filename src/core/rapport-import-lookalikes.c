/* rapport-import-lookalikes.c: rows of an import that look like other records
 *
 * An import's dry run warns of likely duplicates before anything is
 * written (SPEC.md §5.2: per-row checks miss rows of one file that match
 * each other): a row like an earlier row of the same file ("looks like row
 * 3: same email"), and a row that would make a new record like one the book
 * has. Rows are compared through the same match keys and scoring as the
 * editor's banner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-import-lookalikes.h"
#include "rapport-match-keys.h"
#include "rapport-record.h"
#include "rapport-store-duplicates.h"

typedef struct
{
  guint       line;
  JsonObject *values; /* (owned) */
} Seen;

struct _RapportImportLookalikes
{
  RapportStore        *store;  /* (owned) */
  const RapportEntity *entity;
  GHashTable          *by_key; /* "kind key" → Seen, the first row with it */
  GPtrArray           *seen;   /* (element-type Seen) */
};

static void
seen_free (Seen *seen)
{
  json_object_unref (seen->values);
  g_free (seen);
}

RapportImportLookalikes *
rapport_import_lookalikes_new (RapportStore        *store,
                               const RapportEntity *entity)
{
  RapportImportLookalikes *self = g_new0 (RapportImportLookalikes, 1);

  self->store = g_object_ref (store);
  self->entity = entity;
  self->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  return self;
}

void
rapport_import_lookalikes_free (RapportImportLookalikes *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->seen);
  g_free (self);
}

/* The first earlier row that @values likely duplicates, said in words. */
static char *
check_file (RapportImportLookalikes *self,
            GPtrArray               *keys,
            guint                    line,
            JsonObject              *values)
{
  g_autoptr(GHashTable) compared = g_hash_table_new (NULL, NULL);
  char *said = NULL;
  Seen *row = g_new0 (Seen, 1);

  for (guint i = 0; i < keys->len && said == NULL; i++)
    {
      RapportMatchKey *key = g_ptr_array_index (keys, i);
      g_autofree char *both = g_strconcat (key->kind, " ", key->key, NULL);
      Seen *earlier = g_hash_table_lookup (self->by_key, both);
      g_autoptr(RapportDuplicateMatch) match = NULL;
      g_autofree char *evidence = NULL;

      if (earlier == NULL || !g_hash_table_add (compared, earlier))
        continue;
      match = rapport_duplicates_compare (self->entity, values, earlier->values);
      if (match->level < RAPPORT_DUPLICATE_LIKELY)
        continue;
      evidence = rapport_duplicate_match_describe (match);
      /* TRANSLATORS: an import's warning: "Looks like row 3: same email" */
      said = g_strdup_printf (_("Looks like row %u: %s"), earlier->line, evidence);
    }

  row->line = line;
  row->values = json_object_ref (values);
  g_ptr_array_add (self->seen, row);
  for (guint i = 0; i < keys->len; i++)
    {
      RapportMatchKey *key = g_ptr_array_index (keys, i);
      char *both = g_strconcat (key->kind, " ", key->key, NULL);

      if (g_hash_table_contains (self->by_key, both))
        g_free (both);
      else
        g_hash_table_insert (self->by_key, both, row);
    }
  return said;
}

/**
 * rapport_import_lookalikes_check:
 * @line: the row's line in the file
 * @values: the row's values, as they will be written
 * @creates: whether the row makes a new record (rather than update one)
 *
 * Returns: (transfer full) (nullable): a warning for the row: the earlier
 *   row or the stored record it likely duplicates, and why
 */
char *
rapport_import_lookalikes_check (RapportImportLookalikes *self,
                                 guint                    line,
                                 JsonObject              *values,
                                 gboolean                 creates)
{
  g_autoptr(GPtrArray) keys = rapport_match_keys_for_record (self->entity, values);
  g_autoptr(GPtrArray) found = NULL;
  RapportDuplicate *first;
  g_autofree char *title = NULL;
  g_autofree char *evidence = NULL;
  char *said;

  if (keys->len == 0)
    return NULL;
  if ((said = check_file (self, keys, line, values)) != NULL || !creates)
    return said;
  found = rapport_store_find_duplicates (self->store, self->entity->name, values,
                                         RAPPORT_DUPLICATE_LIKELY, NULL);
  if (found == NULL || found->len == 0)
    return NULL;
  first = g_ptr_array_index (found, 0);
  title = rapport_record_title (self->entity, first->record);
  evidence = rapport_duplicate_match_describe (first->match);
  /* TRANSLATORS: an import's warning: "Looks like Ana Ribeiro, already in the book: same email" */
  return g_strdup_printf (_("Looks like %s, already in the book: %s"), title, evidence);
}
