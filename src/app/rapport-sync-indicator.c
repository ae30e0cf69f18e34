/* rapport-sync-indicator.c: the sync state in the header bar
 *
 * An icon that says up to date, syncing, offline, changes waiting or
 * error, and a popover with the details, the conflicts and the changes not
 * sent waiting for the user (both open the Conflicts window), the last sync
 * and Sync Now. What a run has to tell beyond that (a
 * server restored from a backup) comes as a toast on the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-labels.h"
#include "rapport-store-sync.h"
#include "rapport-sync-indicator.h"
#include "rapport-plain-text.h"
#include "rapport-window.h"

struct _RapportSyncIndicator
{
  GtkWidget           parent_instance;

  RapportApplication *application;  /* (unowned) */
  RapportSync        *sync;         /* (owned) (nullable) */
  /* Counted from the store when it changes, not on every progress step. */
  guint               pending;
  guint               conflicts;
  guint               failed;

  GtkWidget          *button;
  GtkLabel           *status_label;
  GtkProgressBar     *progress_bar;
  GtkLabel           *detail_label;
  GtkLabel           *pending_label;
  GtkLabel           *last_sync_label;
  GtkWidget          *conflicts_button;
  GtkWidget          *failed_button;
  GtkWidget          *sign_in_button;
  GtkWidget          *sync_button;
};

G_DEFINE_FINAL_TYPE (RapportSyncIndicator, rapport_sync_indicator, GTK_TYPE_WIDGET)

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

/* "12,000" as the locale groups digits. */
static char *
grouped (guint n)
{
  return g_strdup_printf ("%'u", n);
}

/* "Receiving 12,000 of 50,000", or NULL before the first count. */
static char *
progress_text (RapportSync *sync)
{
  guint done = rapport_sync_get_done (sync), total = rapport_sync_get_total (sync);
  g_autofree char *done_text = grouped (done);
  g_autofree char *total_text = grouped (total);

  if (total == 0)
    return NULL;
  if (rapport_sync_is_receiving (sync))
    /* Translators: changes received from the server so far, and how many in all */
    return g_strdup_printf (ngettext ("Receiving %s of %s", "Receiving %s of %s", total),
                            done_text, total_text);
  /* Translators: changes sent to the server so far, and how many in all */
  return g_strdup_printf (ngettext ("Sending %s of %s", "Sending %s of %s", total),
                          done_text, total_text);
}

static void
refresh (RapportSyncIndicator *self)
{
  RapportSyncState state = rapport_sync_get_state (self->sync);
  gboolean signed_in = rapport_application_is_signed_in (self->application);
  guint pending = self->pending, conflicts = self->conflicts, failed = self->failed;
  guint done = rapport_sync_get_done (self->sync), total = rapport_sync_get_total (self->sync);
  g_autofree char *pending_text = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *conflicts_text = NULL;
  g_autofree char *failed_text = NULL;
  g_autofree char *last_sync_text = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *tooltip = NULL;
  const char *status, *icon;

  if (!signed_in)
    {
      status = _("Not signed in: changes stay on this computer");
      icon = "network-offline-symbolic";
    }
  else if (state == RAPPORT_SYNC_STATE_SYNCING)
    {
      progress = progress_text (self->sync);
      status = progress != NULL ? progress : _("Syncing…");
      icon = "emblem-synchronizing-symbolic";
    }
  else if (state == RAPPORT_SYNC_STATE_OFFLINE)
    {
      status = _("Offline: changes are sent when the server is back");
      icon = "network-offline-symbolic";
    }
  else if (state == RAPPORT_SYNC_STATE_ERROR)
    {
      status = _("Sync failed");
      icon = "dialog-warning-symbolic";
    }
  else if (conflicts > 0)
    {
      status = _("Some changes need your decision");
      icon = "dialog-warning-symbolic";
    }
  else if (pending > 0)
    {
      status = _("Changes waiting to be sent");
      icon = "emblem-synchronizing-symbolic";
    }
  else
    {
      status = _("Up to date");
      icon = "emblem-ok-symbolic";
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), icon);
  set_label (self->status_label, status);
  set_label (self->detail_label, state == RAPPORT_SYNC_STATE_SYNCING ? NULL
                                                                      : rapport_sync_get_message (self->sync));

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state == RAPPORT_SYNC_STATE_SYNCING);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
  else
    gtk_progress_bar_pulse (self->progress_bar);

  if (pending > 0)
    {
      g_autofree char *number = grouped (pending);

      pending_text = g_strdup_printf (ngettext ("%s change waiting", "%s changes waiting", pending),
                                      number);
    }
  set_label (self->pending_label, pending_text);

  if ((last_sync = g_strdup (rapport_sync_get_last_sync (self->sync))) != NULL)
    {
      g_autofree char *when = rapport_labels_format_date (last_sync);

      /* Translators: %s is a date and time */
      last_sync_text = g_strdup_printf (_("Last synced %s"), when);
    }
  set_label (self->last_sync_label, signed_in ? last_sync_text : NULL);

  gtk_widget_set_visible (self->conflicts_button, conflicts > 0);
  if (conflicts > 0)
    {
      conflicts_text = g_strdup_printf (ngettext ("Resolve %u _Conflict…", "Resolve %u _Conflicts…",
                                                  conflicts), conflicts);
      gtk_button_set_label (GTK_BUTTON (self->conflicts_button), conflicts_text);
    }
  /* The error names the first change not sent; this is where to act on it. */
  gtk_widget_set_visible (self->failed_button, failed > 0);
  if (failed > 0)
    {
      failed_text = g_strdup_printf (ngettext ("Review %u _Change Not Sent…",
                                               "Review %u _Changes Not Sent…", failed), failed);
      gtk_button_set_label (GTK_BUTTON (self->failed_button), failed_text);
    }
  gtk_widget_set_visible (self->sign_in_button, !signed_in);
  gtk_widget_set_visible (self->sync_button, signed_in);
  gtk_widget_set_sensitive (self->sync_button, state != RAPPORT_SYNC_STATE_SYNCING);

  tooltip = pending_text != NULL ? g_strdup_printf ("%s — %s", status, pending_text) : g_strdup (status);
  gtk_widget_set_tooltip_text (self->button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip, -1);
}

static void
recount (RapportSyncIndicator *self)
{
  RapportStore *store = rapport_application_get_store (self->application);

  self->pending = rapport_store_count_pending (store);
  self->conflicts = rapport_store_count_conflicts (store);
  self->failed = rapport_store_count_failed (store);
  refresh (self);
}

/* Stays until dismissed: it says that records were sent again. */
static void
notice_cb (RapportSyncIndicator *self)
{
  const char *notice = rapport_sync_get_notice (self->sync);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwToast *toast;

  if (notice == NULL || !RAPPORT_IS_WINDOW (root))
    return;
  toast = rapport_toast_new_plain (notice);
  adw_toast_set_timeout (toast, 0);
  rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
}

/* Once per burst of commits: counts change with every edit. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportSyncIndicator *self)
{
  recount (self);
}

static void
rapport_sync_indicator_dispose (GObject *object)
{
  RapportSyncIndicator *self = (RapportSyncIndicator *) object;

  g_clear_object (&self->sync);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_sync_indicator_parent_class)->dispose (object);
}

static void
rapport_sync_indicator_class_init (RapportSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, status_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, failed_button);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, RapportSyncIndicator, sync_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_sync_indicator_init (RapportSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
rapport_sync_indicator_set_application (RapportSyncIndicator *self,
                                        RapportApplication   *application)
{
  g_return_if_fail (RAPPORT_IS_SYNC_INDICATOR (self));
  g_return_if_fail (self->application == NULL);

  self->application = application;
  self->sync = g_object_ref (rapport_application_get_sync (application));
  /* Every property of the engine feeds the same few labels; the counts
   * are the store's, told again at the end of each step of a run. */
  g_signal_connect_object (self->sync, "notify", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::pending", G_CALLBACK (recount), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::notice", G_CALLBACK (notice_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (rapport_application_get_change_monitor (application), "changed",
                           G_CALLBACK (store_changed_cb), self, 0);
  recount (self);
}
