/* rapport-record-row.c: a row of a record list
 *
 * An avatar with the record's initials, its title and a second line. The
 * labels are bound to the item, so a record changed by a sync is redrawn
 * without the list noticing. In a list's selection mode the row has a
 * check box, ticked while its list item is selected; ticking it asks the
 * window (win.pick-record) to select the record, since the row does not
 * know its position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-row"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-record-row.h"

struct _RapportRecordRow
{
  GtkWidget          parent_instance;

  RapportRecordItem *item;        /* (owned) (nullable) */
  GBinding          *bindings[4]; /* (unowned) */

  GtkWidget         *box;
  GtkCheckButton    *check;
  gboolean           picking;     /* in selection mode: the check box is shown */
  gboolean           picked;      /* its list item is selected */
  AdwAvatar         *avatar;
  GtkLabel          *title_label;
  GtkLabel          *subtitle_label;
  GtkLabel          *flags_label;   /* a queue's "Overdue · Urgent · Due …" */
};

G_DEFINE_FINAL_TYPE (RapportRecordRow, rapport_record_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_PICKING,
  PROP_PICKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
unbind (RapportRecordRow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    if (self->bindings[i] != NULL)
      {
        g_binding_unbind (self->bindings[i]);
        self->bindings[i] = NULL;
      }
}

static void
rapport_record_row_dispose (GObject *object)
{
  RapportRecordRow *self = (RapportRecordRow *) object;

  unbind (self);
  g_clear_object (&self->item);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_record_row_parent_class)->dispose (object);
}

static void
rapport_record_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RapportRecordRow *self = RAPPORT_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_PICKING:
      g_value_set_boolean (value, self->picking);
      break;
    case PROP_PICKED:
      g_value_set_boolean (value, self->picked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_record_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RapportRecordRow *self = RAPPORT_RECORD_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      rapport_record_row_set_item (self, g_value_get_object (value));
      break;
    case PROP_PICKING:
      self->picking = g_value_get_boolean (value);
      gtk_widget_set_visible (GTK_WIDGET (self->check), self->picking);
      break;
    case PROP_PICKED:
      rapport_record_row_set_picked (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_record_row_class_init (RapportRecordRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_record_row_dispose;
  object_class->get_property = rapport_record_row_get_property;
  object_class->set_property = rapport_record_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, RAPPORT_TYPE_RECORD_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /** RapportRecordRow:picking: a row of a list in selection mode, with a check box */
  properties[PROP_PICKING] =
    g_param_spec_boolean ("picking", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /** RapportRecordRow:picked: its list item is selected: the box is ticked */
  properties[PROP_PICKED] =
    g_param_spec_boolean ("picked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-record-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportRecordRow, box);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordRow, check);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RapportRecordRow, flags_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void update_accessible_label (RapportRecordRow *self);
static void update_flags_style (RapportRecordRow *self);

/* Ticked by the user, not by the binding to the list item. */
static void
check_toggled_cb (RapportRecordRow *self)
{
  gboolean active = gtk_check_button_get_active (self->check);

  if (active == self->picked || self->item == NULL || rapport_record_item_get_id (self->item) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.pick-record", "(sb)",
                              rapport_record_item_get_id (self->item), active);
}

static void
rapport_record_row_init (RapportRecordRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A sync renames a record; the list puts the row in its item widget late. */
  g_signal_connect_swapped (self->title_label, "notify::label", G_CALLBACK (update_accessible_label), self);
  g_signal_connect_swapped (self->subtitle_label, "notify::label", G_CALLBACK (update_accessible_label), self);
  g_signal_connect_swapped (self->flags_label, "notify::label", G_CALLBACK (update_accessible_label), self);
  g_signal_connect_swapped (self->flags_label, "notify::label", G_CALLBACK (update_flags_style), self);
  g_signal_connect (self, "notify::parent", G_CALLBACK (update_accessible_label), NULL);
  g_signal_connect_swapped (self->check, "toggled", G_CALLBACK (check_toggled_cb), self);
}

/**
 * rapport_record_row_get_item:
 *
 * Returns: (transfer none) (nullable): the item shown
 */
RapportRecordItem *
rapport_record_row_get_item (RapportRecordRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_ROW (self), NULL);

  return self->item;
}

/* Screen readers read a row as "Ana Ribeiro, Northwind Traders". The list
 * item widget around the row is what they land on, so it gets it too. */
static void
update_accessible_label (RapportRecordRow *self)
{
  const char *title = gtk_label_get_label (self->title_label);
  const char *lines[] = { gtk_label_get_label (self->subtitle_label),
                          gtk_label_get_label (self->flags_label) };
  g_autofree char *label = g_strdup (title);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    if (lines[i] != NULL && *lines[i] != '\0')
      {
        g_autofree char *before = g_steal_pointer (&label);

        /* Translators: a list row read aloud: the record's name, then its second line */
        label = g_strdup_printf (_("%s, %s"), before, lines[i]);
      }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (self->picking)
    {
      /* Translators: a list row's check box in selection mode, "Select Ana Ribeiro" */
      g_autofree char *select = g_strdup_printf (_("Select %s"), title != NULL ? title : "");

      gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      select, -1);
    }
  if (parent != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* The third line's colour goes with its words: red when overdue, amber
 * when urgent; dim when it only says when the record is due. */
static void
update_flags_style (RapportRecordRow *self)
{
  static const char * const styles[] = { "error", "warning", "dim-label" };
  g_autofree char *style = NULL;
  const char *label = gtk_label_get_label (self->flags_label);

  if (self->item != NULL)
    g_object_get (self->item, "flags-style", &style, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->flags_label), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self->flags_label),
                            style != NULL && *style != '\0' ? style : "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->flags_label), label != NULL && *label != '\0');
}

void
rapport_record_row_set_item (RapportRecordRow  *self,
                             RapportRecordItem *item)
{
  g_return_if_fail (RAPPORT_IS_RECORD_ROW (self));
  g_return_if_fail (item == NULL || RAPPORT_IS_RECORD_ITEM (item));

  if (self->item == item)
    return;

  unbind (self);
  g_set_object (&self->item, item);
  if (item != NULL)
    {
      self->bindings[0] = g_object_bind_property (item, "title", self->title_label, "label",
                                                  G_BINDING_SYNC_CREATE);
      self->bindings[1] = g_object_bind_property (item, "title", self->avatar, "text",
                                                  G_BINDING_SYNC_CREATE);
      self->bindings[2] = g_object_bind_property (item, "subtitle", self->subtitle_label, "label",
                                                  G_BINDING_SYNC_CREATE);
      self->bindings[3] = g_object_bind_property (item, "flags", self->flags_label, "label",
                                                  G_BINDING_SYNC_CREATE);
    }
  update_flags_style (self);
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

/**
 * rapport_record_row_set_picked:
 * @picked: whether its list item is selected
 *
 * Ticks the check box of selection mode, or clears it.
 */
void
rapport_record_row_set_picked (RapportRecordRow *self,
                               gboolean          picked)
{
  g_return_if_fail (RAPPORT_IS_RECORD_ROW (self));

  picked = !!picked;
  if (self->picked == picked)
    return;
  self->picked = picked;
  gtk_check_button_set_active (self->check, picked);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKED]);
}
