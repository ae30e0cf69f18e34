/* rapport-filter-rows.c: the conditions of the filter editor, matched all or any
 *
 * "Match all / any of these", the conditions one row each, and Add
 * Condition. A condition the editor cannot edit (a nested group, "has
 * deal where …") is shown as a read-only row in the CLI's text form and
 * written back as it came: loading and saving a filter never drops what
 * the editor does not understand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter-rows"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-filter.h"
#include "rapport-filter-condition-row.h"
#include "rapport-filter-rows.h"

struct _RapportFilterRows
{
  GtkBox               parent_instance;

  const RapportEntity *entity;
  GtkDropDown         *match;
  GtkListBox          *list;
};

G_DEFINE_FINAL_TYPE (RapportFilterRows, rapport_filter_rows, GTK_TYPE_BOX)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed_cb (RapportFilterRows *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_row_cb (GtkWidget         *row,
               RapportFilterRows *self)
{
  gtk_list_box_remove (self->list, row);
  changed_cb (self);
}

static void
remove_clicked_cb (GtkButton         *button,
                   RapportFilterRows *self)
{
  remove_row_cb (gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW), self);
}

static void
append_condition_row (RapportFilterRows *self,
                      GtkWidget         *row)
{
  g_signal_connect_swapped (row, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect (row, "remove", G_CALLBACK (remove_row_cb), self);
  gtk_list_box_append (self->list, row);
}

/* A condition kept as it came, shown in the filter's text form. */
static void
append_kept_row (RapportFilterRows *self,
                 JsonNode          *condition)
{
  g_autoptr(RapportFilter) filter = rapport_filter_from_json (self->entity, condition, NULL);
  g_autofree char *text = filter != NULL ? rapport_filter_to_text (filter) : NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (text != NULL ? text : "…");
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *accessible = NULL;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_set_tooltip_text (label, _("Written on the command line: the editor keeps it as it is"));
  gtk_widget_set_tooltip_text (remove, _("Remove Condition"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Condition"), -1);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), remove);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  /* Translators: the accessible name of a condition the filter editor shows as text */
  accessible = g_strdup_printf (_("Condition: %s"), text != NULL ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "rapport-kept", json_node_copy (condition),
                          (GDestroyNotify) json_node_unref);
  gtk_list_box_append (self->list, row);
}

static void
add_clicked_cb (RapportFilterRows *self)
{
  rapport_filter_rows_add_condition (self);
}

static void
rapport_filter_rows_class_init (RapportFilterRowsClass *klass)
{
  /* A condition or the match was changed, added or removed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_filter_rows_init (RapportFilterRows *self)
{
  const char * const matches[] = { _("Match All Conditions"), _("Match Any Condition"), NULL };
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Condition"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->match = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (matches));
  {
    g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

    gtk_drop_down_set_list_factory (self->match, factory);
  }
  gtk_widget_set_halign (GTK_WIDGET (self->match), GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->match), _("Match"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->match), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Match"), -1);
  g_signal_connect_swapped (self->match, "notify::selected", G_CALLBACK (changed_cb), self);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Conditions"), -1);

  gtk_widget_set_halign (add, GTK_ALIGN_START);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);

  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->match));
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self), add);
}

GtkWidget *
rapport_filter_rows_new (const RapportEntity *entity)
{
  RapportFilterRows *self = g_object_new (RAPPORT_TYPE_FILTER_ROWS, NULL);

  self->entity = entity;
  return GTK_WIDGET (self);
}

void
rapport_filter_rows_add_condition (RapportFilterRows *self)
{
  g_return_if_fail (RAPPORT_IS_FILTER_ROWS (self));

  append_condition_row (self, rapport_filter_condition_row_new (self->entity));
  changed_cb (self);
}

/**
 * rapport_filter_rows_load:
 * @filter: (nullable): a filter's JSON form; %NULL for one empty condition
 */
void
rapport_filter_rows_load (RapportFilterRows *self,
                          JsonNode          *filter)
{
  JsonObject *object = filter != NULL && JSON_NODE_HOLDS_OBJECT (filter) ? json_node_get_object (filter) : NULL;
  JsonArray *children = NULL;
  GtkWidget *child;

  g_return_if_fail (RAPPORT_IS_FILTER_ROWS (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (object != NULL && json_object_has_member (object, "any"))
    {
      children = json_object_get_array_member (object, "any");
      gtk_drop_down_set_selected (self->match, 1);
    }
  else if (object != NULL && json_object_has_member (object, "all"))
    children = json_object_get_array_member (object, "all");

  for (guint i = 0; object != NULL && i < (children != NULL ? json_array_get_length (children) : 1); i++)
    {
      JsonNode *condition = children != NULL ? json_array_get_element (children, i) : filter;
      GtkWidget *row = rapport_filter_condition_row_new (self->entity);

      if (JSON_NODE_HOLDS_OBJECT (condition) &&
          rapport_filter_condition_row_load (RAPPORT_FILTER_CONDITION_ROW (row),
                                             json_node_get_object (condition)))
        append_condition_row (self, row);
      else
        {
          g_object_ref_sink (row);
          g_object_unref (row);
          append_kept_row (self, condition);
        }
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    append_condition_row (self, rapport_filter_condition_row_new (self->entity));
}

/**
 * rapport_filter_rows_dup_json:
 * @valid: (out): whether every condition is one the store can run; the
 *   rows that are not say why under them
 *
 * Returns: (transfer full) (nullable): the filter's JSON form, of the
 *   valid conditions; %NULL when there are none
 */
JsonNode *
rapport_filter_rows_dup_json (RapportFilterRows *self,
                              gboolean          *valid)
{
  g_autoptr(JsonArray) conditions = json_array_new ();
  g_autoptr(JsonObject) group = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (RAPPORT_IS_FILTER_ROWS (self), NULL);

  *valid = TRUE;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      JsonNode *kept = g_object_get_data (G_OBJECT (row), "rapport-kept");
      JsonNode *condition = NULL;

      if (kept != NULL)
        condition = json_node_copy (kept);
      else if (RAPPORT_IS_FILTER_CONDITION_ROW (row))
        condition = rapport_filter_condition_row_dup_json (RAPPORT_FILTER_CONDITION_ROW (row), NULL);
      if (condition != NULL)
        json_array_add_element (conditions, condition);
      else if (RAPPORT_IS_FILTER_CONDITION_ROW (row))
        *valid = FALSE;
    }
  if (json_array_get_length (conditions) == 0)
    return NULL;
  json_object_set_array_member (group, gtk_drop_down_get_selected (self->match) == 1 ? "any" : "all",
                                json_array_ref (conditions));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, group);
  return node;
}
