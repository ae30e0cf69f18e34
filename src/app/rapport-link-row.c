/* rapport-link-row.c: the record a task or an activity is about
 *
 * An item has one link field per record type it can be about (a LINKS
 * group of its compact layout); the row names the one record it was made
 * on. A task on a contact is linked to the contact's company too, so that
 * the company sees it: the row names the contact, not the company it
 * rolled up to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-link-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-link-row.h"
#include "rapport-record.h"

/* Whether the link @field of @record only follows from another of its
 * links: the company of the contact the item is about. */
static gboolean
rolled_up (const RapportEntity      *entity,
           const RapportLayoutGroup *group,
           JsonObject               *record,
           const RapportField       *field)
{
  for (guint i = 0; group->fields[i] != NULL; i++)
    {
      const RapportField *other = rapport_entity_get_field (entity, group->fields[i]);
      const RapportEntity *target;

      if (other == field || rapport_json_get_string (record, other->name) == NULL)
        continue;
      target = rapport_entity_lookup (other->ref_entity);
      for (guint f = 0; target != NULL && f < target->n_fields; f++)
        if ((target->fields[f].flags & RAPPORT_FIELD_ROLL_UP) &&
            g_strcmp0 (target->fields[f].ref_entity, field->ref_entity) == 0)
          return TRUE;
    }
  return FALSE;
}

/**
 * rapport_link_row_new:
 * @group: a RAPPORT_GROUP_LINKS group of @entity's layout
 * @record: (nullable): the item, or the values a new one starts with
 *
 * Returns: (transfer floating) (nullable): a row titled by @group naming
 *   the record @record is about; %NULL if it is about none
 */
GtkWidget *
rapport_link_row_new (RapportStore             *store,
                      const RapportEntity      *entity,
                      const RapportLayoutGroup *group,
                      JsonObject               *record)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (group->kind == RAPPORT_GROUP_LINKS, NULL);

  for (guint i = 0; record != NULL && group->fields[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (entity, group->fields[i]);
      const char *id = rapport_json_get_string (record, field->name);
      const RapportEntity *linked = rapport_entity_lookup (field->ref_entity);
      g_autoptr(JsonObject) target = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      if (id == NULL || rolled_up (entity, group, record, field))
        continue;
      target = rapport_store_get (store, linked->name, id, NULL);
      title = target != NULL ? rapport_record_title (linked, target) : NULL;

      row = adw_action_row_new ();
      /* The subtitle is a record's title, typed by a user. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(group->label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), title != NULL ? title : "");
      return row;
    }
  return NULL;
}
