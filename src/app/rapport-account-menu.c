/* rapport-account-menu.c: who is signed in, Sign In and Sign Out
 *
 * The first section of the primary menu: "Signed in as NAME" and Sign
 * Out… while signed in, Sign In… otherwise. Signing out asks whether this
 * computer keeps its copy of the records (to go on working offline) or
 * removes it, and says how many changes would be lost with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-account-menu"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-account-menu.h"
#include "rapport-store-sync.h"

#define SECTION_KEY "rapport-account-section"

/* A label is read for mnemonics: "wang_fang" keeps its underscore. */
static char *
escape_mnemonic (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/* Built when the menu opens: the sign-in of a first run finishes after
 * the window is shown. */
static void
update_section (GtkWidget          *popover,
                RapportApplication *application)
{
  GMenu *section = g_object_get_data (G_OBJECT (popover), SECTION_KEY);
  g_autofree char *user = rapport_application_dup_user_name (application);

  g_menu_remove_all (section);
  if (user != NULL)
    {
      g_autofree char *escaped = escape_mnemonic (user);
      g_autofree char *label = g_strdup_printf (_("Signed in as %s"), escaped);

      /* No action: shown, not clicked. */
      g_menu_append (section, label, NULL);
      g_menu_append (section, _("Sign _Out…"), "account.sign-out");
    }
  else
    g_menu_append (section, _("Sign _In…"), "win.sign-in");
}

typedef struct
{
  RapportApplication *application;  /* (owned) */
  gboolean            remove_records;
} SignOut;

/* After the dialog is gone: signing out closes every window. */
static gboolean
sign_out_idle_cb (gpointer data)
{
  SignOut *sign_out = data;
  g_autoptr(GError) error = NULL;

  if (!rapport_application_sign_out (sign_out->application, sign_out->remove_records, &error))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (sign_out->application));
      GtkWidget *failed = adw_message_dialog_new (window, _("Could Not Sign Out"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
    }
  g_object_unref (sign_out->application);
  g_free (sign_out);
  return G_SOURCE_REMOVE;
}

static void
sign_out_response_cb (AdwMessageDialog   *dialog,
                      const char         *response,
                      RapportApplication *application)
{
  SignOut *sign_out;

  if (!g_str_equal (response, "remove") && !g_str_equal (response, "keep"))
    return;
  sign_out = g_new0 (SignOut, 1);
  sign_out->application = g_object_ref (application);
  sign_out->remove_records = g_str_equal (response, "remove");
  g_idle_add (sign_out_idle_cb, sign_out);
}

static void
sign_out_cb (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  GtkWindow *window = data;
  RapportApplication *application = RAPPORT_APPLICATION (gtk_window_get_application (window));
  guint pending = rapport_store_count_pending (rapport_application_get_store (application));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (pending > 0)
    body = g_strdup_printf (ngettext ("Keep the records on this computer to go on working offline, "
                                      "or remove them. %u change is not sent yet: it is sent when "
                                      "you sign in again, and lost if you remove the records.",
                                      "Keep the records on this computer to go on working offline, "
                                      "or remove them. %u changes are not sent yet: they are sent "
                                      "when you sign in again, and lost if you remove the records.",
                                      pending), pending);
  else
    body = g_strdup (_("Keep the records on this computer to go on working offline, or remove them. "
                       "Everything is on the server."));
  dialog = adw_message_dialog_new (window, _("Sign Out?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove Records"),
                                    "keep", _("_Keep Records"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), application, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rapport_account_menu_install:
 * @button: the primary menu's button; its menu gets the section first
 */
void
rapport_account_menu_install (GtkWindow          *window,
                              GtkMenuButton      *button,
                              RapportApplication *application)
{
  static const GActionEntry actions[] = { { "sign-out", sign_out_cb } };
  GMenu *menu = G_MENU (gtk_menu_button_get_menu_model (button));
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *popover;

  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), window);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "account", G_ACTION_GROUP (group));

  g_menu_prepend_section (menu, NULL, G_MENU_MODEL (section));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_object_set_data_full (G_OBJECT (popover), SECTION_KEY, g_object_ref (section), g_object_unref);
  g_signal_connect_object (popover, "show", G_CALLBACK (update_section), application, 0);
  update_section (popover, application);
}
