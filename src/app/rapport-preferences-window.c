/* rapport-preferences-window.c: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-preferences-window.h"

/* The choices of the interval row, in seconds; 0 is never. */
static const guint intervals[] = { 300, 900, 3600, 0 };

struct _RapportPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;  /* (owned) */

  AdwActionRow         *account_row;
  AdwComboRow          *interval_row;
};

G_DEFINE_FINAL_TYPE (RapportPreferencesWindow, rapport_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
interval_selected_cb (RapportPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);

  if (selected < G_N_ELEMENTS (intervals))
    g_settings_set_uint (self->settings, "sync-interval", intervals[selected]);
}

static void
rapport_preferences_window_dispose (GObject *object)
{
  RapportPreferencesWindow *self = (RapportPreferencesWindow *) object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rapport_preferences_window_parent_class)->dispose (object);
}

static void
rapport_preferences_window_class_init (RapportPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, interval_row);
}

static void
rapport_preferences_window_init (RapportPreferencesWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_factory (self->interval_row, factory);
}

RapportPreferencesWindow *
rapport_preferences_window_new (RapportApplication *application)
{
  RapportPreferencesWindow *self = g_object_new (RAPPORT_TYPE_PREFERENCES_WINDOW, NULL);
  RapportStore *store = rapport_application_get_store (application);
  g_autofree char *server = rapport_store_get_state (store, "server");
  g_autofree char *user = rapport_store_get_state (store, "user_name");
  guint interval;

  self->settings = g_object_ref (rapport_application_get_settings (application));
  interval = g_settings_get_uint (self->settings, "sync-interval");
  for (guint i = 0; i < G_N_ELEMENTS (intervals); i++)
    if (intervals[i] == interval)
      adw_combo_row_set_selected (self->interval_row, i);
  g_signal_connect_object (self->interval_row, "notify::selected",
                           G_CALLBACK (interval_selected_cb), self, G_CONNECT_SWAPPED);

  if (server != NULL && user != NULL)
    {
      /* Translators: "user on https://server" */
      g_autofree char *account = g_strdup_printf (_("%s on %s"), user, server);

      adw_action_row_set_subtitle (self->account_row, account);
    }
  else
    adw_action_row_set_subtitle (self->account_row, _("Not signed in: records stay on this computer"));
  return self;
}
