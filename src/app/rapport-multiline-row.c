/* rapport-multiline-row.c: a field of paragraphs: notes, a description
 *
 * A one-line entry would hide all but the first line of a case's
 * description; this row shows the field's title above a text box that
 * wraps and grows with what is typed (an empty one is one line high, as
 * tall as the entry rows around it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-multiline-row"

#include "config.h"

#include "rapport-labels.h"
#include "rapport-multiline-row.h"

struct _RapportMultilineRow
{
  AdwPreferencesRow   parent_instance;

  const RapportField *field;
  GtkWidget          *title;
  GtkWidget          *view;
  char               *original;    /* (owned): the text when editing began, trimmed */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportMultilineRow, rapport_multiline_row, ADW_TYPE_PREFERENCES_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static char *
get_text (RapportMultilineRow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportMultilineRow *self = RAPPORT_MULTILINE_ROW (row);
  g_autofree char *text = get_text (self);

  rapport_field_row_put_text (changes, self->field, creating, text, self->original);
  return TRUE;
}

static void
changed_cb (RapportMultilineRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

/* Focusing the row types into its text. */
static gboolean
rapport_multiline_row_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (RAPPORT_MULTILINE_ROW (widget)->view);
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_multiline_row_finalize (GObject *object)
{
  RapportMultilineRow *self = RAPPORT_MULTILINE_ROW (object);

  g_free (self->original);

  G_OBJECT_CLASS (rapport_multiline_row_parent_class)->finalize (object);
}

static void
rapport_multiline_row_class_init (RapportMultilineRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_multiline_row_finalize;
  GTK_WIDGET_CLASS (klass)->grab_focus = rapport_multiline_row_grab_focus;
}

static void
rapport_multiline_row_init (RapportMultilineRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "caption");
  gtk_widget_add_css_class (self->title, "dim-label");
  gtk_box_append (GTK_BOX (box), self->title);

  self->view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->view), FALSE);
  gtk_widget_add_css_class (self->view, "inline");
  gtk_box_append (GTK_BOX (box), self->view);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)), "changed",
                            G_CALLBACK (changed_cb), self);
}

GtkWidget *
rapport_multiline_row_new (const RapportEntity *entity,
                           const RapportField  *field,
                           JsonObject          *record)
{
  RapportMultilineRow *self = g_object_new (RAPPORT_TYPE_MULTILINE_ROW, NULL);
  const char *label = rapport_labels_field (entity, field->name);

  self->field = field;
  self->original = rapport_field_row_text (record, field);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  /* A label shows text as it is, never as markup. */
  gtk_label_set_text (GTK_LABEL (self->title), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)),
                            self->original, -1);
  g_strstrip (self->original);
  return GTK_WIDGET (self);
}
