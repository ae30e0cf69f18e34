/* rapport-preferences-window.c: the preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-delegation-group.h"
#include "rapport-money.h"
#include "rapport-dialog-size.h"
#include "rapport-preferences-window.h"
#include "rapport-validate.h"

/* The choices of the interval row, in seconds; 0 is never. */
static const guint intervals[] = { 300, 900, 3600, 0 };

struct _RapportPreferencesWindow
{
  AdwWindow             parent_instance;

  GSettings            *settings;  /* (owned) */

  AdwPreferencesPage   *page;
  AdwActionRow         *account_row;
  AdwComboRow          *interval_row;
  AdwComboRow          *currency_row;
  AdwEntryRow          *seller_row;
  GPtrArray            *currencies;  /* (owned) (element-type utf8): the codes of currency_row */
};

G_DEFINE_FINAL_TYPE (RapportPreferencesWindow, rapport_preferences_window, ADW_TYPE_WINDOW)

static void
interval_selected_cb (RapportPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->interval_row);

  if (selected < G_N_ELEMENTS (intervals))
    g_settings_set_uint (self->settings, "sync-interval", intervals[selected]);
}

static void
currency_selected_cb (RapportPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->currency_row);

  if (selected < self->currencies->len)
    g_settings_set_string (self->settings, "default-currency",
                           g_ptr_array_index (self->currencies, selected));
}

/* The chosen default first if it is not a common one, then the common ones. */
static void
fill_currencies (RapportPreferencesWindow *self)
{
  g_autoptr(GtkStringList) codes = gtk_string_list_new (NULL);
  g_autofree char *current = rapport_preferences_default_currency ();
  const char * const *common = rapport_money_common_currencies ();
  guint selected = 0;

  if (current != NULL && !g_strv_contains (common, current))
    g_ptr_array_add (self->currencies, g_strdup (current));
  for (guint i = 0; common[i] != NULL; i++)
    g_ptr_array_add (self->currencies, g_strdup (common[i]));
  for (guint i = 0; i < self->currencies->len; i++)
    {
      gtk_string_list_append (codes, g_ptr_array_index (self->currencies, i));
      if (g_strcmp0 (g_ptr_array_index (self->currencies, i), current) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (codes));
  adw_combo_row_set_selected (self->currency_row, selected);
}

static void
rapport_preferences_window_dispose (GObject *object)
{
  RapportPreferencesWindow *self = (RapportPreferencesWindow *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->currencies, g_ptr_array_unref);

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
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, page);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RapportPreferencesWindow, seller_row);
}

static void
rapport_preferences_window_init (RapportPreferencesWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_factory (self->interval_row, factory);
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
  adw_combo_row_set_factory (self->currency_row, factory);
  self->currencies = g_ptr_array_new_with_free_func (g_free);
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
  fill_currencies (self);
  g_signal_connect_object (self->currency_row, "notify::selected",
                           G_CALLBACK (currency_selected_cb), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "seller-name", self->seller_row, "text",
                   G_SETTINGS_BIND_DEFAULT);

  if (server != NULL && user != NULL)
    {
      /* Translators: "user on https://server" */
      g_autofree char *account = g_strdup_printf (_("%s on %s"), user, server);
      g_autofree char *user_id = rapport_store_get_state (store, "user_id");

      adw_action_row_set_subtitle (self->account_row, account);
      /* Approvals go to a delegate through the team's server. */
      if (user_id != NULL)
        adw_preferences_page_add (self->page,
                                  ADW_PREFERENCES_GROUP (rapport_delegation_group_new (store)));
    }
  else
    adw_action_row_set_subtitle (self->account_row, _("Not signed in: records stay on this computer"));
  return self;
}

/**
 * rapport_preferences_default_currency:
 *
 * Returns: (transfer full) (nullable): the currency new deals are in: the
 *   user's choice, else the locale's currency
 */
char *
rapport_preferences_default_currency (void)
{
  GApplication *application = g_application_get_default ();
  g_autofree char *chosen = NULL;

  if (RAPPORT_IS_APPLICATION (application))
    chosen = g_settings_get_string (rapport_application_get_settings (RAPPORT_APPLICATION (application)),
                                    "default-currency");
  if (chosen != NULL && rapport_is_valid_currency (chosen))
    return g_steal_pointer (&chosen);
  return rapport_money_locale_currency ();
}
