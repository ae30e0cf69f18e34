/* rapport-timeline.c: a record's activities, newest first
 *
 * A company's timeline is its own activities and those of its contacts, deals
 * and cases; a contact's is its own and those of its deals and cases; a
 * deal's and a case's are their own. Each part is an index range of
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
#include "rapport-timeline.h"

#define NEWEST_FIRST " ORDER BY coalesce(occurred_at, created_at) DESC, rowid DESC"

static const char company_sql[] =
  "SELECT rowid FROM ("
  "  SELECT rowid, occurred_at, created_at FROM activities WHERE company_id = ?1"
  "  UNION SELECT rowid, occurred_at, created_at FROM activities"
  "    WHERE contact_id IN (SELECT id FROM contacts WHERE company_id = ?1)"
  "  UNION SELECT rowid, occurred_at, created_at FROM activities"
  "    WHERE deal_id IN (SELECT id FROM deals WHERE company_id = ?1)"
  "  UNION SELECT rowid, occurred_at, created_at FROM activities"
  "    WHERE case_id IN (SELECT id FROM cases WHERE company_id = ?1))"
  NEWEST_FIRST;

static const char contact_sql[] =
  "SELECT rowid FROM ("
  "  SELECT rowid, occurred_at, created_at FROM activities WHERE contact_id = ?1"
  "  UNION SELECT rowid, occurred_at, created_at FROM activities"
  "    WHERE deal_id IN (SELECT id FROM deals WHERE contact_id = ?1)"
  "  UNION SELECT rowid, occurred_at, created_at FROM activities"
  "    WHERE case_id IN (SELECT id FROM cases WHERE contact_id = ?1))"
  NEWEST_FIRST;

static const char deal_sql[] =
  "SELECT rowid FROM activities WHERE deal_id = ?1" NEWEST_FIRST;

static const char case_sql[] =
  "SELECT rowid FROM activities WHERE case_id = ?1" NEWEST_FIRST;

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
  static const char * const links[][2] = {
    { "contact", "contact_id" },
    { "company", "company_id" },
    { "deal", "deal_id" },
    { "case", "case_id" },
  };

  g_return_val_if_fail (entity != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    if (strcmp (links[i][0], entity) == 0)
      return links[i][1];
  return NULL;
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
  g_autoptr(JsonObject) contact = NULL;
  const char *company_id;

  if (link == NULL)
    return;
  json_object_set_string_member (fields, link, id);
  if (strcmp (entity, "contact") != 0 ||
      (contact = rapport_store_get (store, "contact", id, NULL)) == NULL)
    return;
  company_id = json_object_get_string_member_with_default (contact, "company_id", NULL);
  if (company_id != NULL)
    json_object_set_string_member (fields, "company_id", company_id);
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
  const char *sql;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  if (strcmp (entity, "company") == 0)
    sql = company_sql;
  else if (strcmp (entity, "contact") == 0)
    sql = contact_sql;
  else if (strcmp (entity, "deal") == 0)
    sql = deal_sql;
  else if (strcmp (entity, "case") == 0)
    sql = case_sql;
  else
    {
      g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_INVALID_QUERY,
                   _("A %s has no timeline"), entity);
      return NULL;
    }

  return rapport_store_snapshot_sql (store, rapport_entity_lookup ("activity"), sql,
                                     params, G_N_ELEMENTS (params), error);
}
