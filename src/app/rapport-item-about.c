/* rapport-item-about.c: the record a task or an activity is about
 *
 * Wherever a task is listed or announced on its own (Tasks, Team, a
 * reminder), it says which deal, case, contact or company it is about, and
 * offers to open it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-item-about"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-item-about.h"
#include "rapport-labels.h"
#include "rapport-record.h"
#include "rapport-tasks.h"

void
rapport_item_about_clear (RapportItemAbout *about)
{
  g_clear_pointer (&about->id, g_free);
  g_clear_pointer (&about->description, g_free);
  g_clear_pointer (&about->open_label, g_free);
  about->entity = NULL;
}

/**
 * rapport_item_about_find:
 * @entity: the item's type: a task or an activity
 * @about: (out caller-allocates): filled in when the item is about a record
 *   here; clear it with rapport_item_about_clear()
 *
 * Returns: whether @item is about a record that is here
 */
gboolean
rapport_item_about_find (RapportStore        *store,
                         const RapportEntity *entity,
                         JsonObject          *item,
                         RapportItemAbout    *about)
{
  g_autoptr(JsonObject) record = rapport_store_item_about (store, entity, item, &about->entity);
  g_autofree char *title = NULL;

  if (record == NULL)
    return FALSE;
  title = rapport_record_title (about->entity, record);
  about->id = g_strdup (json_object_get_string_member (record, "id"));
  /* Translators: the record a task is about, e.g. "Deal: 200 licences" */
  about->description = g_strdup_printf (_("%s: %s"), rapport_labels_singular (about->entity), title);
  /* Translators: %s is a record, e.g. "Open Müller GmbH" */
  about->open_label = g_strdup_printf (_("Open %s"), title);
  return TRUE;
}

/**
 * rapport_item_about_add:
 * @entity: the item's type: a task or an activity
 * @subtitle: the item's row subtitle: " · Deal: 200 licences" is added
 *
 * Returns: (transfer floating) (nullable): a button that opens the record
 *   (win.open-record), for the end of the item's row; %NULL when the item
 *   is about no record here
 */
GtkWidget *
rapport_item_about_add (RapportStore        *store,
                        const RapportEntity *entity,
                        JsonObject          *item,
                        GString             *subtitle)
{
  g_auto(RapportItemAbout) about = { NULL, };
  GtkWidget *button;

  if (!rapport_item_about_find (store, entity, item, &about))
    return NULL;
  if (subtitle->len > 0)
    g_string_append (subtitle, " · ");
  g_string_append (subtitle, about.description);

  button = gtk_button_new_from_icon_name (about.entity->icon_name);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, about.open_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  about.open_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-record");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", about.entity->name, about.id);
  return button;
}
