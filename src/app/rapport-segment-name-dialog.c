/* rapport-segment-name-dialog.c: asks a segment's name, for Save as Segment and Rename
 *
 * A message dialog with an entry. Save stays off while the name is empty
 * or another segment of the user's has it, and a line under the entry
 * says which; so the dialog only ever answers with a name that can be
 * saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-segment-name-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-segment-name-dialog.h"

typedef struct
{
  GtkEditable           *entry;
  GtkLabel              *error;
  GStrv                  taken;     /* (owned): names in use, folded */
  char                  *current;   /* (owned) (nullable): the name being changed */
  gboolean               touched;   /* the user typed: an empty name is an error to show */
  RapportSegmentNameFunc func;
  gpointer               user_data;
  GDestroyNotify         user_data_free;
} Asking;

static void
asking_free (Asking *asking)
{
  if (asking->user_data_free != NULL)
    asking->user_data_free (asking->user_data);
  g_strfreev (asking->taken);
  g_free (asking->current);
  g_free (asking);
}

static char *
fold (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  return g_utf8_casefold (stripped, -1);
}

/* Why the typed name cannot be saved, or NULL. */
static const char *
problem (Asking *asking)
{
  g_autofree char *name = fold (gtk_editable_get_text (asking->entry));
  g_autofree char *current = asking->current != NULL ? fold (asking->current) : NULL;

  if (*name == '\0')
    return _("A segment needs a name");
  if (g_strcmp0 (name, current) != 0 && g_strv_contains ((const char * const *) asking->taken, name))
    return _("Another segment already has this name");
  return NULL;
}

static void
name_changed_cb (GtkEditable       *entry,
                 AdwMessageDialog  *dialog)
{
  Asking *asking = g_object_get_data (G_OBJECT (dialog), "rapport-asking");
  const char *message = problem (asking);
  /* Nothing typed yet is not an error to show. */
  gboolean shown = message != NULL && (asking->touched || *gtk_editable_get_text (entry) != '\0');

  asking->touched = TRUE;
  adw_message_dialog_set_response_enabled (dialog, "save", message == NULL);
  gtk_label_set_label (asking->error, shown ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (asking->error), shown);
  if (shown)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static void
activate_cb (GtkEntry         *entry,
             AdwMessageDialog *dialog)
{
  Asking *asking = g_object_get_data (G_OBJECT (dialog), "rapport-asking");

  if (problem (asking) == NULL)
    adw_message_dialog_response (dialog, "save");
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  Asking *asking = g_object_get_data (G_OBJECT (dialog), "rapport-asking");
  g_autofree char *name = NULL;

  if (g_strcmp0 (response, "save") != 0 || problem (asking) != NULL)
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (asking->entry)));
  asking->func (name, asking->user_data);
}

/**
 * rapport_segment_name_dialog_present:
 * @heading: "Save as Segment"
 * @action_label: the button that saves: "_Save"
 * @current: (nullable): the name now, when renaming
 * @taken: the names of the user's segments
 * @func: called with the name when it is saved
 */
void
rapport_segment_name_dialog_present (GtkWindow              *parent,
                                     const char             *heading,
                                     const char             *action_label,
                                     const char             *current,
                                     const char * const     *taken,
                                     RapportSegmentNameFunc  func,
                                     gpointer                user_data,
                                     GDestroyNotify          user_data_free)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error = gtk_label_new (NULL);
  Asking *asking = g_new0 (Asking, 1);
  g_autoptr(GStrvBuilder) folded = g_strv_builder_new ();

  for (guint i = 0; taken != NULL && taken[i] != NULL; i++)
    {
      g_autofree char *name = fold (taken[i]);

      g_strv_builder_add (folded, name);
    }
  asking->taken = g_strv_builder_end (folded);
  asking->current = g_strdup (current);
  asking->entry = GTK_EDITABLE (entry);
  asking->error = GTK_LABEL (error);
  asking->func = func;
  asking->user_data = user_data;
  asking->user_data_free = user_data_free;
  g_object_set_data_full (G_OBJECT (dialog), "rapport-asking", asking, (GDestroyNotify) asking_free);

  gtk_editable_set_text (GTK_EDITABLE (entry), current != NULL ? current : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Segment Name"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Segment Name"));
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "save", action_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (name_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (activate_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), NULL);
  name_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  asking->touched = FALSE;
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}
