/* rapport-not-duplicate-group.c: the records a contact or a company is not, and why
 *
 * On a record's page, the records it was said not to be a duplicate of
 * when one of them was saved anyway beside the duplicate banner (SPEC.md
 * §5.3), each with the reason given, so that the team sees why the two
 * are kept apart; a row opens the other record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-not-duplicate-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-not-duplicate-group.h"
#include "rapport-store-duplicates.h"

/* The other record's name, and the reason: both typed by people, never markup. */
static GtkWidget *
mark_row (const RapportEntity *entity,
          JsonObject          *mark)
{
  const char *reason = rapport_json_get_string (mark, "reason");
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 rapport_json_get_string (mark, "other_title"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               reason != NULL ? reason : _("No reason given"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(ss)", entity->name,
                                    rapport_json_get_string (mark, "other_id"));
  return row;
}

/**
 * rapport_not_duplicate_group_new:
 *
 * Returns: (transfer floating) (nullable): the group of @record's page;
 *   %NULL when it was never said not to be a duplicate
 */
GtkWidget *
rapport_not_duplicate_group_new (RapportStore        *store,
                                 const RapportEntity *entity,
                                 JsonObject          *record)
{
  g_autoptr(GPtrArray) marks = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *group;

  if (!rapport_match_has_keys (entity))
    return NULL;
  marks = rapport_store_not_duplicates_of (store, entity->name,
                                           rapport_json_get_string (record, "id"), &error);
  if (marks == NULL)
    {
      g_warning ("Could not read what this record is not a duplicate of: %s", error->message);
      return NULL;
    }
  if (marks->len == 0)
    return NULL;
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Not Duplicates Of"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Records that look like this one, kept apart on purpose"));
  for (guint i = 0; i < marks->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               mark_row (entity, g_ptr_array_index (marks, i)));
  return group;
}
