/* rapport-server-numbers.c: the server gives records their numbers
 *
 * A record of a numbered type (RapportEntity.numbering) gets its number
 * in the transaction that writes it first, from the backend's counter for
 * its type and the year it was created in: two creates never share one,
 * a rolled-back create gives its number back, and a delete never does, so
 * no number is ever reused. A deleted record that is restored keeps the
 * number it had. Records stored before their type had numbers get theirs
 * once, oldest first, when the server opens the database; each is written
 * as a new version, so the changes feed brings the numbers to every client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-numbers"

#include "config.h"

#include <string.h>

#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-server-numbers.h"
#include "rapport-server-records.h"

/* Sets the next number of @year on @record. */
static gboolean
give_number (RapportServerBackend *backend,
             const RapportEntity  *entity,
             JsonObject           *record,
             int                   year,
             GError              **error)
{
  g_autofree char *number = NULL;
  gint64 counter;

  if (!backend->vtable->next_number (backend, entity->name, year, &counter, error))
    return FALSE;
  number = rapport_numbering_format (entity->numbering, year, counter);
  json_object_set_string_member (record, entity->numbering->field, number);
  return TRUE;
}

static int
year_of (JsonObject *record)
{
  int year = rapport_numbering_year (rapport_json_get_string (record, "created_at"));

  if (year == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      year = g_date_time_get_year (now);
    }
  return year;
}

/**
 * rapport_server_numbers_assign:
 * @stored: (nullable): the row as it was before this write: a tombstone
 *   when the write restores a deleted record
 * @record: the record about to be written, its created_at set
 *
 * Gives @record a number if its type has numbers and it has none yet.
 * Call it once the write is known to be accepted, so that a refused
 * create uses up no number.
 */
gboolean
rapport_server_numbers_assign (RapportServerBackend      *backend,
                               const RapportEntity       *entity,
                               const RapportStoredRecord *stored,
                               JsonObject                *record,
                               GError                   **error)
{
  if (entity->numbering == NULL || rapport_json_get_string (record, entity->numbering->field) != NULL)
    return TRUE;

  if (stored != NULL && stored->deleted)
    {
      g_autoptr(JsonObject) last = NULL;
      const char *number;

      if (!rapport_server_load_last_live (backend, entity, stored, &last, error))
        return FALSE;
      if (last != NULL && (number = rapport_json_get_string (last, entity->numbering->field)) != NULL)
        {
          json_object_set_string_member (record, entity->numbering->field, number);
          return TRUE;
        }
    }
  return give_number (backend, entity, record, year_of (record), error);
}

static int
by_creation (gconstpointer a,
             gconstpointer b)
{
  JsonObject *first = *(JsonObject **) a;
  JsonObject *second = *(JsonObject **) b;
  int order = g_strcmp0 (rapport_json_get_string (first, "created_at"),
                         rapport_json_get_string (second, "created_at"));

  return order != 0 ? order : g_strcmp0 (rapport_json_get_string (first, "id"),
                                         rapport_json_get_string (second, "id"));
}

/* Numbers the live records of @entity that have none, oldest first. */
static gboolean
number_existing (RapportServerBackend *backend,
                 const RapportEntity  *entity,
                 guint                *out_count,
                 GError              **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *now = rapport_server_now ();

  *out_count = 0;
  if (!rapport_server_load_all (backend, entity->name, records, error))
    return FALSE;
  g_ptr_array_sort (records, by_creation);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *old = g_ptr_array_index (records, i);
      g_autoptr(JsonObject) record = NULL;
      gint64 version;

      if (rapport_json_get_string (old, entity->numbering->field) != NULL)
        continue;
      record = rapport_json_object_copy (old);
      version = json_object_get_int_member_with_default (old, "version", 0) + 1;
      if (!give_number (backend, entity, record, year_of (record), error))
        return FALSE;
      /* A new version, so that every client pulls it; updated_at and
       * updated_by stay the last person's, and the history says the
       * server did it. */
      json_object_set_int_member (record, "version", version);
      if (!rapport_server_store_write (backend, NULL, entity, rapport_json_get_string (record, "id"),
                                       RAPPORT_OP_UPDATE, old, record, version, now, error))
        return FALSE;
      (*out_count)++;
    }
  return TRUE;
}

/**
 * rapport_server_numbers_catch_up:
 *
 * Gives the records of every numbered type that have no number theirs,
 * once per type and database (a server_meta key remembers it), in one
 * transaction. Call it when the database is opened.
 */
gboolean
rapport_server_numbers_catch_up (RapportServerBackend *backend,
                                 GError              **error)
{
  const RapportEntity * const *entities;
  guint n_entities;

  entities = rapport_entity_all (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      const RapportEntity *entity = entities[i];
      g_autofree char *key = NULL;
      g_autofree char *done = NULL;
      guint count = 0;

      if (entity->numbering == NULL)
        continue;
      key = g_strconcat ("numbered.", entity->name, NULL);
      if (!backend->vtable->get_meta (backend, key, &done, error))
        return FALSE;
      if (done != NULL)
        continue;
      if (!backend->vtable->begin (backend, error))
        return FALSE;
      if (!number_existing (backend, entity, &count, error) ||
          !backend->vtable->set_meta (backend, key, "1", error) ||
          !backend->vtable->commit (backend, error))
        {
          backend->vtable->rollback (backend);
          return FALSE;
        }
      if (count > 0)
        g_message ("Gave %u stored %s records their numbers", count, entity->name);
    }
  return TRUE;
}
