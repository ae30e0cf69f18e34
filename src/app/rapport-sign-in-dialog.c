/* rapport-sign-in-dialog.c: signing in to a Rapport server
 *
 * The sign-in runs in a worker thread (password hashing on the server and
 * the keyring both take their time); a refusal is shown in the dialog,
 * which stays open for another try.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-dialog-size.h"
#include "rapport-sign-in-dialog.h"

struct _RapportSignInDialog
{
  AdwWindow           parent_instance;

  RapportApplication *application;  /* (unowned) */
  GCancellable       *cancellable;  /* (owned) (nullable): the sign-in under way */

  GtkEditable        *server_row;
  GtkEditable        *user_row;
  GtkEditable        *password_row;
  GtkLabel           *error_label;
  GtkWidget          *spinner;
};

G_DEFINE_FINAL_TYPE (RapportSignInDialog, rapport_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_busy (RapportSignInDialog *self,
          gboolean             busy)
{
  gtk_widget_set_visible (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit", !busy);
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_application_sign_in_finish (RAPPORT_APPLICATION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportSignInDialog *self = RAPPORT_SIGN_IN_DIALOG (widget);
  const char *server = gtk_editable_get_text (self->server_row);
  const char *user = gtk_editable_get_text (self->user_row);

  if (*server == '\0' || *user == '\0')
    {
      gtk_label_set_text (self->error_label, _("Enter the server’s address and your user name"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rapport_application_sign_in_async (self->application, server, user,
                                     gtk_editable_get_text (self->password_row),
                                     self->cancellable, signed_in_cb, g_object_ref (self));
}

static void
password_activated_cb (RapportSignInDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
rapport_sign_in_dialog_dispose (GObject *object)
{
  RapportSignInDialog *self = (RapportSignInDialog *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rapport_sign_in_dialog_parent_class)->dispose (object);
}

static void
rapport_sign_in_dialog_class_init (RapportSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_sign_in_dialog_dispose;

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSignInDialog, server_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_sign_in_dialog_init (RapportSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
}

RapportSignInDialog *
rapport_sign_in_dialog_new (RapportApplication *application)
{
  RapportSignInDialog *self = g_object_new (RAPPORT_TYPE_SIGN_IN_DIALOG, NULL);
  g_autofree char *server = rapport_store_get_state (rapport_application_get_store (application),
                                                     "server");

  self->application = application;
  gtk_editable_set_text (self->server_row, server ? server : "https://");
  return self;
}
