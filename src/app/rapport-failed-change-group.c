/* rapport-failed-change-group.c: one change that could not be sent, as the Conflicts window shows it
 *
 * A group per change: the record's title, what the change did, the
 * server's reason (or why it cannot be read), a row per changed field, and
 * Send Again and Discard, which act through the window's "conflicts.retry"
 * and "conflicts.discard" actions with the change's op_id. A change that
 * cannot be read can only be discarded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-failed-change-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-change.h"
#include "rapport-entity.h"
#include "rapport-failed-change-group.h"
#include "rapport-plain-text.h"
#include "rapport-labels.h"

/**
 * rapport_failed_change_title:
 *
 * Returns: (transfer full): the record's title, or what kind of record it
 *   is when there is no record here (a refused deletion, a damaged entry)
 */
char *
rapport_failed_change_title (JsonObject *change)
{
  const char *title = json_object_get_string_member_with_default (change, "title", NULL);
  const RapportEntity *entity = rapport_entity_lookup (json_object_get_string_member_with_default (change, "entity", ""));

  if (title != NULL && *title != '\0')
    return g_strdup (title);
  if (entity != NULL)
    return g_strdup (rapport_labels_section (entity));
  return g_strdup (_("Unknown record"));
}

static const char *
describe_op (JsonObject *change)
{
  RapportChangeKind kind = rapport_change_kind_of (change);

  if (kind == RAPPORT_CHANGE_KIND_CREATE)
    return _("New record not sent");
  if (kind == RAPPORT_CHANGE_KIND_DELETE)
    return _("Deletion not sent");
  return _("Edit not sent");
}

static GtkWidget *
action_button_new (const char *label,
                   const char *accessible,
                   const char *action,
                   const char *op_id)
{
  /* No mnemonic: every group has these two, and GTK 4.8 would add the
   * label to the accessible name. */
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", op_id);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return button;
}

GtkWidget *
rapport_failed_change_group_new (JsonObject *change)
{
  const char *op_id = json_object_get_string_member_with_default (change, "op_id", NULL);
  const RapportEntity *entity = rapport_entity_lookup (json_object_get_string_member_with_default (change, "entity", ""));
  gboolean damaged = json_object_get_boolean_member_with_default (change, "damaged", FALSE);
  gboolean deletion = rapport_change_kind_of (change) == RAPPORT_CHANGE_KIND_DELETE;
  JsonObject *changes = json_object_has_member (change, "changes")
                        ? json_object_get_object_member (change, "changes") : NULL;
  g_autofree char *title = rapport_failed_change_title (change);
  g_autofree char *retry_label = NULL;
  g_autofree char *discard_label = NULL;
  GtkWidget *group, *buttons, *retry, *reason_row;
  JsonObjectIter iter;
  const char *name;
  JsonNode *values;

  if (op_id == NULL)
    return NULL;

  group = adw_preferences_group_new ();
  rapport_group_set_plain_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), describe_op (change));

  /* Translators: %s is a record, e.g. "Send the change to Anna Lee again" */
  retry_label = g_strdup_printf (_("Send the change to %s again"), title);
  /* Translators: %s is a record */
  discard_label = g_strdup_printf (_("Discard the change to %s"), title);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  retry = action_button_new (_("Send Again"), retry_label, "conflicts.retry", op_id);
  gtk_widget_set_sensitive (retry, !damaged && entity != NULL);
  gtk_box_append (GTK_BOX (buttons), retry);
  gtk_box_append (GTK_BOX (buttons),
                  action_button_new (_("Discard"), discard_label, "conflicts.discard", op_id));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);

  reason_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (reason_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason_row),
                                 damaged ? _("Cannot be read, only discarded") : _("Server’s reason"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (reason_row),
                               json_object_get_string_member_with_default (change, "error", ""));
  gtk_widget_add_css_class (reason_row, "error");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), reason_row);

  if (changes == NULL || entity == NULL || deletion)
    return group;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &values))
    {
      GtkWidget *row;
      g_autofree char *value = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (values) || rapport_entity_get_field (entity, name) == NULL)
        continue;
      value = rapport_labels_format_value (entity, name,
                                           json_object_get_member (json_node_get_object (values), "new"));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rapport_labels_field (entity, name));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}
