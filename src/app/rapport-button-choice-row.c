/* rapport-button-choice-row.c: a choice picked from buttons side by side
 *
 * A choice whose values have icons (an activity's kind: call, email,
 * meeting…) is one click away: each value is a toggle button with its icon
 * above its word, so that five side by side fit a 360 px window. A new
 * record starts at the field's default, else at its first value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-button-choice-row"

#include "config.h"

#include "rapport-button-choice-row.h"
#include "rapport-labels.h"

struct _RapportButtonChoiceRow
{
  AdwPreferencesRow   parent_instance;

  const RapportField *field;
  GPtrArray          *buttons;     /* (owned) (element-type GtkToggleButton): one per choice */
  char               *original;    /* (owned): the value when editing began */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportButtonChoiceRow, rapport_button_choice_row,
                               ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static const char *
get_chosen (RapportButtonChoiceRow *self)
{
  for (guint i = 0; i < self->buttons->len; i++)
    if (gtk_toggle_button_get_active (g_ptr_array_index (self->buttons, i)))
      return self->field->choices[i];
  return "";
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportButtonChoiceRow *self = RAPPORT_BUTTON_CHOICE_ROW (row);
  const char *chosen = get_chosen (self);

  rapport_field_row_put_text (changes, self->field, creating, chosen, self->original);
  return TRUE;
}

static void
toggled_cb (RapportButtonChoiceRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static gboolean
rapport_button_choice_row_grab_focus (GtkWidget *widget)
{
  RapportButtonChoiceRow *self = RAPPORT_BUTTON_CHOICE_ROW (widget);
  const char *chosen = get_chosen (self);

  for (guint i = 0; i < self->buttons->len; i++)
    if (g_strcmp0 (self->field->choices[i], chosen) == 0)
      return gtk_widget_grab_focus (g_ptr_array_index (self->buttons, i));
  return GTK_WIDGET_CLASS (rapport_button_choice_row_parent_class)->grab_focus (widget);
}

static void
rapport_button_choice_row_finalize (GObject *object)
{
  RapportButtonChoiceRow *self = RAPPORT_BUTTON_CHOICE_ROW (object);

  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  g_free (self->original);

  G_OBJECT_CLASS (rapport_button_choice_row_parent_class)->finalize (object);
}

static void
rapport_button_choice_row_class_init (RapportButtonChoiceRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_button_choice_row_finalize;
  GTK_WIDGET_CLASS (klass)->grab_focus = rapport_button_choice_row_grab_focus;
}

static void
rapport_button_choice_row_init (RapportButtonChoiceRow *self)
{
  /* The buttons are the row's widgets; the row itself does nothing. */
  self->buttons = g_ptr_array_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
}

GtkWidget *
rapport_button_choice_row_new (const RapportEntity *entity,
                               const RapportField  *field,
                               JsonObject          *record)
{
  RapportButtonChoiceRow *self = g_object_new (RAPPORT_TYPE_BUTTON_CHOICE_ROW, NULL);
  g_autofree char *current = rapport_field_row_text (record, field);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  guint selected = 0;

  g_return_val_if_fail (field->kind == RAPPORT_FIELD_ENUM && field->choice_icons != NULL, NULL);

  self->field = field;
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_labels_field (entity, field->name), -1);

  for (guint i = 0; field->choices[i] != NULL; i++)
    {
      const char *label = rapport_labels_field_choice (entity, field->name, field->choices[i]);
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (button, TRUE);
      gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name (field->choice_icons[i]));
      /* A label shows text as it is, never as markup. */
      gtk_box_append (GTK_BOX (content), gtk_label_new (label));
      gtk_button_set_child (GTK_BUTTON (button), content);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                     g_ptr_array_index (self->buttons, 0));
      if (g_strcmp0 (field->choices[i], *current != '\0' ? current : field->default_value) == 0)
        selected = i;
      gtk_box_append (GTK_BOX (box), button);
      g_ptr_array_add (self->buttons, button);
    }
  if (self->buttons->len > 0)
    gtk_toggle_button_set_active (g_ptr_array_index (self->buttons, selected), TRUE);
  for (guint i = 0; i < self->buttons->len; i++)
    g_signal_connect_swapped (g_ptr_array_index (self->buttons, i), "toggled",
                              G_CALLBACK (toggled_cb), self);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  self->original = g_strdup (get_chosen (self));
  return GTK_WIDGET (self);
}
