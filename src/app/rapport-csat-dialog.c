/* rapport-csat-dialog.c: Log Satisfaction… on a resolved case's page
 *
 * The agent enters what the customer said when asked how satisfied they
 * are with the resolution (SPEC.md §8.3): one of five scores, picked from
 * five buttons, and an optional comment. The response is stored for the
 * resolution the case shows (its resolved_at), so that an answer logged
 * after a reopen still counts for the resolution it was asked about; the
 * server refuses a second answer to the same resolution. The responses
 * logged show among the case's related records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-csat-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-csat-dialog.h"
#include "rapport-json.h"

#define N_SCORES 5

typedef struct
{
  RapportStore *store;       /* (owned) */
  char         *case_id;     /* (owned) */
  char         *resolved_at; /* (owned) */
  GtkWidget    *scores[N_SCORES]; /* (unowned): the dialog's */
  GtkWidget    *comment;     /* (unowned) */
} Logging;

static void
logging_free (Logging *logging)
{
  g_clear_object (&logging->store);
  g_free (logging->case_id);
  g_free (logging->resolved_at);
  g_free (logging);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_create_finish (RAPPORT_STORE (object), result,
                                                              &error);

  if (record == NULL)
    {
      GtkWidget *failed = adw_message_dialog_new (parent, _("Could Not Log Satisfaction"),
                                                  error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
    }
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Logging          *logging)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *comment = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  int score = 0;

  if (g_strcmp0 (response, "log") != 0)
    return;
  for (guint i = 0; i < N_SCORES; i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (logging->scores[i])))
      score = i + 1;
  if (score == 0)
    return;
  fields = json_object_new ();
  json_object_set_string_member (fields, "case_id", logging->case_id);
  json_object_set_int_member (fields, "score", score);
  json_object_set_string_member (fields, "resolved_at", logging->resolved_at);
  comment = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (logging->comment))));
  if (*comment != '\0')
    json_object_set_string_member (fields, "comment", comment);
  rapport_store_create_async (logging->store, "csat_response", fields, NULL, created_cb,
                              parent != NULL ? g_object_ref (parent) : NULL);
}

/* Log is offered once a score is picked. */
static void
score_toggled_cb (GtkToggleButton  *button,
                  AdwMessageDialog *dialog)
{
  if (gtk_toggle_button_get_active (button))
    adw_message_dialog_set_response_enabled (dialog, "log", TRUE);
}

static void
log_clicked_cb (GtkButton *button,
                Logging   *source)
{
  /* clang-format off */
  /* Translators: what the customer was asked, as the five scores are read */
  static const char * const meanings[N_SCORES] = {
    N_("Very dissatisfied"), N_("Dissatisfied"), N_("Neither"), N_("Satisfied"),
    N_("Very satisfied"),
  };
  /* clang-format on */
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  Logging *logging = g_new0 (Logging, 1);
  GtkWidget *dialog, *box, *scores;

  logging->store = g_object_ref (source->store);
  logging->case_id = g_strdup (source->case_id);
  logging->resolved_at = g_strdup (source->resolved_at);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Log Satisfaction"),
                                   _("How satisfied is the customer with how the case was resolved? "
                                     "1 is very dissatisfied, 5 very satisfied."));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Log Satisfaction"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  scores = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (scores, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (scores, "linked");
  for (guint i = 0; i < N_SCORES; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      logging->scores[i] = gtk_toggle_button_new_with_label (number);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (logging->scores[i]),
                                     GTK_TOGGLE_BUTTON (logging->scores[0]));
      gtk_widget_set_tooltip_text (logging->scores[i], _(meanings[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (logging->scores[i]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(meanings[i]), -1);
      gtk_widget_set_size_request (logging->scores[i], 48, -1);
      g_signal_connect (logging->scores[i], "toggled", G_CALLBACK (score_toggled_cb), dialog);
      gtk_box_append (GTK_BOX (scores), logging->scores[i]);
    }
  gtk_box_append (GTK_BOX (box), scores);
  logging->comment = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (logging->comment), _("Comment (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (logging->comment), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Comment"), -1);
  gtk_box_append (GTK_BOX (box), logging->comment);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "log", _("_Log"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "log",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "log", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), logging,
                         (GClosureNotify) (void (*) (void)) logging_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rapport_csat_group_new:
 * @a_case: the case shown
 *
 * Returns: (transfer floating) (nullable): the Satisfaction group of a
 *   resolved case's page, with Log Satisfaction…; %NULL for a case that
 *   is not resolved, which has no resolution to ask about
 */
GtkWidget *
rapport_csat_group_new (RapportStore *store,
                        JsonObject   *a_case)
{
  const char *resolved_at = rapport_json_get_string (a_case, "resolved_at");
  Logging *source;
  GtkWidget *group, *button;

  if (resolved_at == NULL)
    return NULL;
  source = g_new0 (Logging, 1);
  source->store = g_object_ref (store);
  source->case_id = g_strdup (rapport_json_get_string (a_case, "id"));
  source->resolved_at = g_strdup (resolved_at);
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Customer Satisfaction"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Ask the customer how satisfied they are with the "
                                           "resolution, and log their answer."));
  button = gtk_button_new_with_label (_("Log Satisfaction…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_data (button, "clicked", G_CALLBACK (log_clicked_cb), source,
                         (GClosureNotify) (void (*) (void)) logging_free, 0);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  return group;
}
