/* rapport-choice-factory.c: rows of a drop-down's list that a screen reader can name
 *
 * The list of a GtkDropDown or an AdwComboRow is a GtkListView; in GTK 4.8
 * its rows are list items with no name of their own, so a screen reader
 * says "list item" for each choice. An AdwComboRow shows its value in such a
 * list too. This factory draws what the default one draws, the choice and,
 * in the drop-down's list, a check mark on the selected one, and gives the
 * choice's text to the row as its accessible label. The model holds
 * GtkStringObjects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-choice-factory"

#include "config.h"

#include "rapport-choice-factory.h"

static void
update_check (GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *check = gtk_widget_get_last_child (box);

  /* Only in the drop-down's list: the row itself shows the value alone. */
  gtk_widget_set_visible (check, gtk_widget_get_ancestor (box, GTK_TYPE_POPOVER) != NULL);
  gtk_widget_set_opacity (check, gtk_list_item_get_selected (list_item) ? 1.0 : 0.0);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_accessible_update_state (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (list_item, box);
  g_signal_connect (list_item, "notify::selected", G_CALLBACK (update_check), NULL);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkStringObject *item = gtk_list_item_get_item (list_item);
  const char *text = item != NULL ? gtk_string_object_get_string (item) : "";
  GtkWidget *row = gtk_widget_get_parent (box);

  gtk_label_set_label (GTK_LABEL (gtk_widget_get_first_child (box)), text);
  /* The row around the child is what the screen reader lands on. */
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  update_check (list_item);
}

/**
 * rapport_choice_factory_new:
 *
 * Returns: (transfer full): a factory for the list of a drop-down whose
 *   model holds #GtkStringObjects, e.g. with gtk_drop_down_set_list_factory()
 *   or adw_combo_row_set_factory()
 */
GtkListItemFactory *
rapport_choice_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  return factory;
}
