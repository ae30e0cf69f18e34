/* rapport-timeline.c: a record's activities, newest first
 *
 * A company's timeline is its own activities and those of its contacts, deals
 * and cases; a contact's is its own and those of its deals and cases; a
 * deal's and a case's are their own: the record descriptors say which types
 * point at which (RAPPORT_FIELD_RELATED) and which field links an activity
 * to each (RAPPORT_FIELD_LINK), and the query is built from them. Each part is an index range of
 * activities_by_{company,contact,deal,case} found through the
 * {contacts,deals,cases}_by_{company,contact} indexes; UNION drops an
 * activity linked to two of them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-timeline"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-query-private.h"
#include "rapport-store-private.h"
#include "rapport-store-writer.h"
#include "rapport-timeline.h"

#define NEWEST_FIRST " ORDER BY coalesce(occurred_at, created_at) DESC, rowid DESC"

/* The activities linked to a record of @entity, and for a type that others
 * point at (RAPPORT_FIELD_RELATED) those of the records that point at it. */
static char *
timeline_sql (const RapportEntity *entity)
{
  const RapportEntity *activity = rapport_entity_lookup ("activity");
  const RapportField *link = rapport_entity_link_field (activity, entity->name);
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GString) parts = NULL;

  if (link == NULL)
    return NULL;
  relations = rapport_entity_relations (entity, RAPPORT_FIELD_RELATED);
  parts = g_string_new (NULL);
  for (guint i = 0; i < relations->len; i++)
    {
      RapportRelation *relation = g_ptr_array_index (relations, i);
      const RapportField *via = rapport_entity_link_field (activity, relation->entity->name);

      if (via != NULL)
        g_string_append_printf (parts, " UNION SELECT rowid, occurred_at, created_at FROM %s"
                                       " WHERE %s IN (SELECT id FROM %s WHERE %s = ?1)",
                                activity->table, via->name, relation->entity->table,
                                relation->field->name);
    }
  if (parts->len == 0)
    return g_strdup_printf ("SELECT rowid FROM %s WHERE %s = ?1" NEWEST_FIRST,
                            activity->table, link->name);
  return g_strdup_printf ("SELECT rowid FROM (SELECT rowid, occurred_at, created_at FROM %s"
                          " WHERE %s = ?1%s)" NEWEST_FIRST,
                          activity->table, link->name, parts->str);
}

/**
 * rapport_timeline_link_field:
 * @entity: "contact", "company", "deal" or "case"
 *
 * Returns: (nullable): the activity field that links an activity to a record
 *   of @entity, e.g. "company_id"; %NULL if activities cannot be linked to it
 */
const char *
rapport_timeline_link_field (const char *entity)
{
  const RapportField *link;

  g_return_val_if_fail (entity != NULL, NULL);

  link = rapport_entity_link_field (rapport_entity_lookup ("activity"), entity);
  return link != NULL ? link->name : NULL;
}

/**
 * rapport_timeline_link_to:
 * @fields: a new activity's or task's fields
 * @entity: the record type in view
 * @id: the record in view
 *
 * Links @fields to the record in view, and for a contact to its company too,
 * so that the company's timeline shows what was done with its people.
 */
void
rapport_timeline_link_to (RapportStore *store,
                          JsonObject   *fields,
                          const char   *entity,
                          const char   *id)
{
  const char *link = rapport_timeline_link_field (entity);
  const RapportEntity *viewed = rapport_entity_lookup (entity);
  g_autoptr(JsonObject) record = NULL;

  if (link == NULL)
    return;
  json_object_set_string_member (fields, link, id);
  for (guint i = 0; i < viewed->n_fields; i++)
    {
      const RapportField *up = &viewed->fields[i];
      const char *up_link, *up_id;

      if (!(up->flags & RAPPORT_FIELD_ROLL_UP) ||
          (up_link = rapport_timeline_link_field (up->ref_entity)) == NULL)
        continue;
      if (record == NULL && (record = rapport_store_get (store, entity, id, NULL)) == NULL)
        return;
      up_id = json_object_get_string_member_with_default (record, up->name, NULL);
      if (up_id != NULL)
        json_object_set_string_member (fields, up_link, up_id);
    }
}

/**
 * rapport_store_timeline:
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record's id
 *
 * Returns: (transfer full): a snapshot of activities, newest first (by when
 *   they happened, else when they were logged), or %NULL with @error set
 */
RapportSnapshot *
rapport_store_timeline (RapportStore *store,
                        const char   *entity,
                        const char   *id,
                        GError      **error)
{
  const char *params[] = { id };
  const RapportEntity *viewed;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  rapport_store_writer_check_read ("rapport_store_timeline()");

  if ((viewed = rapport_entity_lookup (entity)) == NULL || (sql = timeline_sql (viewed)) == NULL)
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY,
                   _("A %s has no timeline"), entity);
      return NULL;
    }

  return rapport_store_snapshot_sql (store, rapport_entity_lookup ("activity"), sql,
                                     params, G_N_ELEMENTS (params), error);
}
