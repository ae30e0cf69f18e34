/* rapport-switch-row.c: a yes-or-no field, as a switch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-switch-row"

#include "config.h"

#include "rapport-labels.h"
#include "rapport-switch-row.h"

struct _RapportSwitchRow
{
  AdwActionRow        parent_instance;

  const RapportField *field;
  GtkWidget          *toggle;
  gboolean            original;
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportSwitchRow, rapport_switch_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportSwitchRow *self = RAPPORT_SWITCH_ROW (row);
  gboolean active = gtk_switch_get_active (GTK_SWITCH (self->toggle));

  if (rapport_field_row_unchanged (self->field, active ? "true" : "",
                                   self->original ? "true" : "", creating))
    return TRUE;
  rapport_field_row_put (changes, self->field, creating,
                         json_node_init_boolean (json_node_alloc (), active));
  return TRUE;
}

static void
active_cb (RapportSwitchRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_switch_row_class_init (RapportSwitchRowClass *klass)
{
}

static void
rapport_switch_row_init (RapportSwitchRow *self)
{
  self->toggle = gtk_switch_new ();
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->toggle);
}

GtkWidget *
rapport_switch_row_new (const RapportEntity *entity,
                        const RapportField  *field,
                        JsonObject          *record)
{
  RapportSwitchRow *self = g_object_new (RAPPORT_TYPE_SWITCH_ROW, NULL);
  g_autofree char *text = rapport_field_row_text (record, field);

  self->field = field;
  self->original = *text != '\0';
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_labels_field (entity, field->name), -1);
  gtk_switch_set_active (GTK_SWITCH (self->toggle), self->original);
  g_signal_connect_swapped (self->toggle, "notify::active", G_CALLBACK (active_cb), self);
  return GTK_WIDGET (self);
}
