/* rapport-application.c: the Rapport application
 *
 * Owns what outlives a window: the local store, the sync engine and its
 * schedule (on start, after local edits, periodically, when the network
 * comes back, with a growing pause while the server cannot be reached).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-application"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>

#include <glib/gstdio.h>

#include "rapport-application.h"
#include "rapport-cancellable.h"
#include "rapport-credentials.h"
#include "rapport-preferences-window.h"
#include "rapport-store-sync.h"
#include "rapport-approval-notifier.h"
#include "rapport-automation-notifier.h"
#include "rapport-reminders.h"
#include "rapport-score-keeper.h"
#include "rapport-tasks-page.h"
#include "rapport-team-users.h"
#include "rapport-window.h"

/* After local edits, wait for the user to stop typing. */
#define EDIT_SYNC_DELAY_MS 2000
#define MIN_RETRY_S 15
#define MAX_RETRY_S 600

struct _RapportApplication
{
  AdwApplication   parent_instance;

  RapportStore    *store;          /* (owned) (nullable): NULL until startup */
  RapportSync     *sync;           /* (owned) (nullable) */
  RapportContext  *context;        /* (owned) (nullable): the open book's, for its windows */
  RapportClock    *clock;          /* (owned): one wall clock for every book */
  RapportReminders *reminders;     /* (owned) */
  RapportApprovalNotifier *approvals; /* (owned) */
  RapportScoreKeeper *scores; /* (owned) */
  RapportAutomationNotifier *automation; /* (owned) */
  GSettings       *settings;       /* (owned) */
  GCancellable    *cancellable;    /* (owned): cancelled at shutdown */
  GNetworkMonitor *monitor;        /* (unowned) */
  gboolean         has_token;
  gboolean         sample;         /* the sample book is open, not the user's */
  gboolean         syncing;
  gboolean         sync_again;
  guint            sync_source;    /* the next scheduled run */
  gint64           sync_due;       /* its monotonic time */
  guint            periodic_source;
  guint            retry_s;
  gboolean         other_server_asked;  /* once per run of the app */
};

G_DEFINE_FINAL_TYPE (RapportApplication, rapport_application, ADW_TYPE_APPLICATION)

extern GResource *rapport_get_resource (void);

static char *
database_path (void)
{
  const char *path = g_getenv ("RAPPORT_DATABASE");

  if (path != NULL && *path != '\0')
    return g_strdup (path);
  return g_build_filename (g_get_user_data_dir (), "rapport", "rapport.db", NULL);
}

/* A file of its own: the sample book never mixes with the user's records
 * nor reaches their outbox. */
static char *
sample_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rapport", "sample.db", NULL);
}

static void store_changed_cb (RapportChangeMonitor *changes,
                              const char           *entity,
                              const char * const   *ids,
                              RapportApplication   *self);

/* A task or activity hidden or shown again while Undo is offered. */
static gboolean
open_store (RapportApplication  *self,
            const char          *path,
            GError             **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(RapportStore) store = NULL;

  g_mkdir_with_parents (folder, 0700);
  if (!(store = rapport_store_open (path, error)))
    return FALSE;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (rapport_context_get_changes (self->context), self);
  g_clear_object (&self->sync);
  g_set_object (&self->store, store);
  self->sync = rapport_sync_new (self->store);
  g_clear_object (&self->context);
  self->context = rapport_context_new (self->store, self->sync, self->settings, self->clock);
  g_signal_connect_object (rapport_context_get_changes (self->context), "changed",
                           G_CALLBACK (store_changed_cb), self, 0);
  rapport_reminders_set_store (self->reminders, self->store);
  rapport_approval_notifier_set_store (self->approvals, self->store);
  rapport_score_keeper_set_store (self->scores, self->store);
  rapport_automation_notifier_set_store (self->automation, self->store);
  return TRUE;
}

static void sync_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

static void
run_sync (RapportApplication *self)
{
  g_clear_handle_id (&self->sync_source, g_source_remove);
  if (!self->has_token || self->sample)
    return;
  if (self->syncing)
    {
      self->sync_again = TRUE;
      return;
    }
  self->syncing = TRUE;
  self->sync_again = FALSE;
  g_application_hold (G_APPLICATION (self));
  rapport_sync_run_async (self->sync, self->cancellable, sync_done_cb, g_object_ref (self));
}

static gboolean
scheduled_sync_cb (gpointer data)
{
  RapportApplication *self = data;

  self->sync_source = 0;
  run_sync (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_in (RapportApplication *self,
             guint               delay_ms)
{
  gint64 due = g_get_monotonic_time () + (gint64) delay_ms * 1000;

  /* A sooner run replaces a later one, never the other way round. */
  if (self->sync_source != 0 && self->sync_due <= due)
    return;
  g_clear_handle_id (&self->sync_source, g_source_remove);
  self->sync_due = due;
  self->sync_source = g_timeout_add (delay_ms, scheduled_sync_cb, self);
}

static void
other_server_response_cb (AdwMessageDialog   *dialog,
                          const char         *response,
                          RapportApplication *self)
{
  if (!g_str_equal (response, "adopt"))
    return;
  rapport_sync_set_adopt_server (self->sync, TRUE);
  run_sync (self);
}

/* Nothing is sent to another server until the user says it is theirs now;
 * asked once, as the sync indicator keeps saying it until then. */
static void
ask_about_other_server (RapportApplication *self,
                        const GError       *error)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->other_server_asked || window == NULL)
    return;
  self->other_server_asked = TRUE;
  body = g_strdup_printf ("%s\n\n%s", error->message,
                          _("If your team moved to this server, use it: Rapport receives "
                            "everything from it and sends it the records it lacks. Otherwise "
                            "keep working offline; nothing is sent until you decide."));
  dialog = adw_message_dialog_new (window, _("Another Server Answers"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "offline", _("_Keep Offline"),
                                    "adopt", _("_Use This Server"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "adopt",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "offline");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "offline");
  g_signal_connect_object (dialog, "response", G_CALLBACK (other_server_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  self->syncing = FALSE;
  g_application_release (G_APPLICATION (self));

  if (rapport_sync_run_finish (RAPPORT_SYNC (object), result, &error))
    self->retry_s = 0;
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OFFLINE) ||
           g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_CONNECTION_LOST) ||
           g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_SERVER) ||
           g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_RATE_LIMITED))
    {
      /* The indicator says why; try again later, less and less often. An
       * edit saved during this sync goes with that retry: trying again at
       * once would skip the backoff and knock on a server that is not
       * there. */
      self->retry_s = self->retry_s == 0 ? MIN_RETRY_S : MIN (self->retry_s * 2, MAX_RETRY_S);
      schedule_in (self, self->retry_s * 1000);
      self->sync_again = FALSE;
    }
  else if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OTHER_SERVER))
    ask_about_other_server (self, error);
  else
    g_message ("Sync failed: %s", error->message);

  if (self->sync_again)
    schedule_in (self, 0);
}

static gboolean
periodic_sync_cb (gpointer data)
{
  run_sync (data);
  return G_SOURCE_CONTINUE;
}

static void
arm_periodic_sync (RapportApplication *self)
{
  guint interval = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->periodic_source, g_source_remove);
  if (interval > 0)
    self->periodic_source = g_timeout_add_seconds (interval, periodic_sync_cb, self);
}

static void
sync_interval_changed_cb (GSettings          *settings,
                          const char         *key,
                          RapportApplication *self)
{
  arm_periodic_sync (self);
}

static void
network_changed_cb (GNetworkMonitor    *monitor,
                    gboolean            available,
                    RapportApplication *self)
{
  if (available)
    {
      self->retry_s = 0;
      schedule_in (self, 1000);
    }
}

/* Local edits are sent once the user pauses. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportApplication   *self)
{
  if (rapport_store_count_pending (self->store) > 0)
    {
      if (self->syncing)
        self->sync_again = TRUE;
      else
        schedule_in (self, EDIT_SYNC_DELAY_MS);
    }
}

typedef struct
{
  char *server;
  char *user;
  char *password;
} SignInRequest;

static void
sign_in_request_free (SignInRequest *request)
{
  g_free (request->server);
  g_free (request->user);
  if (request->password != NULL)
    memset (request->password, 0, strlen (request->password));
  g_free (request->password);
  g_free (request);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RapportApplication *self = source_object;
  SignInRequest *request = task_data;
  g_autoptr(JsonObject) signed_in = NULL;
  GError *error = NULL;
  const char *name;

  signed_in = rapport_sync_login (self->sync, request->server, request->user,
                                  request->password, cancellable, &error);
  if (signed_in == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Kept under the name the server gives, as rapport-cli does, so both
   * find the same token. */
  name = json_object_get_string_member_with_default (signed_in, "name", request->user);
  if (!rapport_store_set_state (self->store, "user_name", name, &error) ||
      !rapport_credentials_save (request->server, name,
                                 json_object_get_string_member (signed_in, "token"),
                                 NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
lookup_token_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  RapportApplication *self = source_object;
  g_autofree char *server = rapport_store_get_state (self->store, "server");
  g_autofree char *user = rapport_store_get_state (self->store, "user_name");
  GError *error = NULL;
  char *token;

  if (server == NULL || user == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  token = rapport_credentials_lookup (server, user, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, g_free);
}

static void
auto_sign_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rapport_application_sign_in_finish (RAPPORT_APPLICATION (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not sign in to %s: %s", g_getenv ("RAPPORT_SERVER_URL"), error->message);
}

static void
token_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportApplication *self = RAPPORT_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = g_task_propagate_pointer (G_TASK (result), &error);
  const char *url = g_getenv ("RAPPORT_SERVER_URL");

  if (error != NULL)
    g_warning ("Could not read the sign-in token: %s", error->message);

  if (token != NULL)
    {
      rapport_sync_set_token (self->sync, token);
      self->has_token = TRUE;
      run_sync (self);
    }
  else if (url != NULL && g_getenv ("RAPPORT_USER") != NULL && g_getenv ("RAPPORT_PASSWORD") != NULL)
    /* A first run set up by a script (build-aux/run-demo.sh, the UI tests). */
    rapport_application_sign_in_async (self, url, g_getenv ("RAPPORT_USER"),
                                       g_getenv ("RAPPORT_PASSWORD"), self->cancellable,
                                       auto_sign_in_cb, NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing each window lets it save its size and unsaved input first. */
  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
  g_application_quit (app);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Rapport developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Rapport"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Rapport developers"),
                        "version", VERSION,
                        "comments", _("Keep your contacts, companies, deals and cases at hand, "
                                      "online or not."),
                        "website", "https://github.com/rapportcrm/rapport",
                        "issue-url", "https://github.com/rapportcrm/rapport/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your name and address, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RapportApplication *self = user_data;
  RapportPreferencesWindow *preferences = rapport_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
sync_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  RapportApplication *self = user_data;

  self->retry_s = 0;
  run_sync (self);
}

/* The window a notification's action shows something in: the open one, or
 * a new one. NULL without a book. */
static GtkWindow *
window_for_notification (RapportApplication *self)
{
  GtkWindow *window;

  if (self->store == NULL)
    return NULL;
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  return window != NULL ? window : GTK_WINDOW (rapport_window_new (self, self->context));
}

/* A reminder's notification was clicked: its task, in the Tasks section. An
 * empty id opens the section. */
static void
open_task_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkWindow *window = window_for_notification (user_data);

  if (window == NULL)
    return;
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.show-task", parameter);
  gtk_window_present (window);
}

/* A reminder's "Open Müller GmbH": the window shows the record. */
static void
open_record_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *window = window_for_notification (user_data);

  if (window == NULL)
    return;
  gtk_widget_activate_action_variant (GTK_WIDGET (window), "win.open-record", parameter);
  gtk_window_present (window);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "sync", sync_action },
  { "open-task", open_task_action, "s" },
  { "open-record", open_record_action, "(ss)" },
};

/* Alt+1 to Alt+4 show the first four sections of the sidebar and Alt+5
 * the tasks, as they always did; sections after the fourth take Alt+6 on,
 * the ninth Alt+0, the last digit key. */
static void
set_section_accels (RapportApplication *self)
{
  const RapportEntity *entity;

  for (guint section = 1; section <= 9 && (entity = rapport_entity_lookup_section (section)); section++)
    {
      g_autofree char *action = g_strdup_printf ("win.show-section('%s')", entity->name);
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", section <= 4 ? section : (section + 1) % 10);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), action, accels);
    }
}

static void
rapport_application_startup (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  g_autofree char *path = database_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.sync", { "<Control>r", "F5", NULL } },
    { "win.new-record", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "app.open-task('')", { "<Alt>5", NULL } },
    { "win.show-conflicts", { "<Control><Shift>c", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.merge-picked", { "<Control>m", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (rapport_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);
  set_section_accels (self);

  self->settings = g_settings_new ("io.github.rapportcrm.Rapport");
  self->clock = rapport_clock_new ();
  self->cancellable = g_cancellable_new ();
  /* A write or an unbounded read that blocks the main thread is a critical
   * (fatal under G_DEBUG=fatal-criticals, as in the UI tests) in development
   * builds, or with RAPPORT_FORBID_BLOCKING=1; see rapport-store-writer.c. */
  if (g_strcmp0 (g_getenv ("RAPPORT_FORBID_BLOCKING"), "1") == 0 ||
      (g_strcmp0 (PROFILE, "development") == 0 &&
       g_strcmp0 (g_getenv ("RAPPORT_FORBID_BLOCKING"), "0") != 0))
    rapport_store_forbid_blocking_on_main_thread ();

  if (!open_store (self, path, &error))
    {
      /* Nothing works without the store; the terminal says why. */
      g_printerr (_("Could not open the database %s: %s\n"), path, error->message);
      return;
    }

  self->monitor = g_network_monitor_get_default ();
  g_signal_connect_object (self->monitor, "network-changed",
                           G_CALLBACK (network_changed_cb), self, 0);
  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (sync_interval_changed_cb), self, 0);
  arm_periodic_sync (self);

  /* The keyring may be slow or missing: look the token up off the main thread. */
  task = g_task_new (self, self->cancellable, token_found_cb, NULL);
  g_task_set_source_tag (task, rapport_application_startup);
  g_task_run_in_thread (task, lookup_token_thread);
}

static void
rapport_application_activate (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);
  GtkWindow *window;

  if (self->store == NULL)
    {
      g_application_quit (app);
      return;
    }
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (rapport_window_new (self, self->context));
  gtk_window_present (window);
}

static void
rapport_application_shutdown (GApplication *app)
{
  RapportApplication *self = RAPPORT_APPLICATION (app);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_clear_handle_id (&self->periodic_source, g_source_remove);
  rapport_reminders_set_store (self->reminders, NULL);
  rapport_approval_notifier_set_store (self->approvals, NULL);
  rapport_score_keeper_set_store (self->scores, NULL);
  rapport_automation_notifier_set_store (self->automation, NULL);

  G_APPLICATION_CLASS (rapport_application_parent_class)->shutdown (app);
  /* Deletions made as the windows closed are still queued: commit them
   * before the process ends. */
  if (self->store != NULL)
    rapport_store_wait_for_writes (self->store);
}

static void
rapport_application_finalize (GObject *object)
{
  RapportApplication *self = (RapportApplication *) object;

  g_clear_object (&self->reminders);
  g_clear_object (&self->approvals);
  g_clear_object (&self->scores);
  g_clear_object (&self->automation);
  g_clear_object (&self->context);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rapport_application_parent_class)->finalize (object);
}

static void
rapport_application_class_init (RapportApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rapport_application_finalize;
  app_class->startup = rapport_application_startup;
  app_class->activate = rapport_application_activate;
  app_class->shutdown = rapport_application_shutdown;
}

static void
rapport_application_init (RapportApplication *self)
{
  self->reminders = rapport_reminders_new (G_APPLICATION (self));
  self->approvals = rapport_approval_notifier_new (G_APPLICATION (self));
  self->scores = rapport_score_keeper_new ();
  self->automation = rapport_automation_notifier_new (G_APPLICATION (self));
}

RapportApplication *
rapport_application_new (void)
{
  /* Linked from a static library: make sure the resources come along. */
  g_resources_register (rapport_get_resource ());

  return g_object_new (RAPPORT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The .Devel build shares the resources of the stable one. */
                       "resource-base-path", "/io/github/rapportcrm/Rapport",
                       NULL);
}

/**
 * rapport_application_get_context:
 *
 * Returns: (transfer none) (nullable): the open book's store, sync,
 *   settings and clock, which its windows hand to their pages
 */
RapportContext *
rapport_application_get_context (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->context;
}

RapportStore *
rapport_application_get_store (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * rapport_application_get_change_monitor:
 *
 * Returns: (transfer none): the changes of the open store, on the main
 *   context; views follow it, never the store's own signal
 */
RapportChangeMonitor *
rapport_application_get_change_monitor (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->context != NULL ? rapport_context_get_changes (self->context) : NULL;
}

RapportSync *
rapport_application_get_sync (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->sync;
}

GSettings *
rapport_application_get_settings (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
rapport_application_is_signed_in (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), FALSE);

  return self->has_token;
}

/**
 * rapport_application_schedule_sync:
 * @delay_ms: how long to wait; 0 for as soon as possible
 */
void
rapport_application_schedule_sync (RapportApplication *self,
                                   guint               delay_ms)
{
  g_return_if_fail (RAPPORT_IS_APPLICATION (self));

  self->retry_s = 0;
  schedule_in (self, delay_ms);
}

/**
 * rapport_application_sign_in_async:
 *
 * Signs in in a worker thread, keeps the token in the keyring (or the file
 * that stands in for it) and starts a sync.
 */
void
rapport_application_sign_in_async (RapportApplication  *self,
                                   const char          *url,
                                   const char          *user,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignInRequest *request;

  g_return_if_fail (RAPPORT_IS_APPLICATION (self));

  request = g_new0 (SignInRequest, 1);
  request->server = g_strdup (url);
  /* One spelling of the address, so that the token is found again. */
  while (g_str_has_suffix (request->server, "/"))
    request->server[strlen (request->server) - 1] = '\0';
  request->user = g_strdup (user);
  request->password = g_strdup (password);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_application_sign_in_async);
  g_task_set_task_data (task, request, (GDestroyNotify) sign_in_request_free);
  g_task_run_in_thread (task, sign_in_thread);
}

gboolean
rapport_application_sign_in_finish (RapportApplication  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  self->has_token = TRUE;
  self->retry_s = 0;
  run_sync (self);
  return TRUE;
}

/* Closes the windows (their pending deletions go to the store they were
 * made in) and stops every run for the book they showed. The caller holds
 * the application while no window is open. */
static void
close_book (RapportApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = windows)
    {
      windows = l->next;
      gtk_window_close (l->data);
    }
  rapport_cancellable_renew (&self->cancellable);
  g_clear_handle_id (&self->sync_source, g_source_remove);
}

/**
 * rapport_application_dup_user_name:
 *
 * Returns: (transfer full) (nullable): who is signed in, by display name
 *   once their record has synced, else by login; %NULL if nobody is
 */
char *
rapport_application_dup_user_name (RapportApplication *self)
{
  char *name;

  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), NULL);

  if (!self->has_token || self->sample || self->store == NULL)
    return NULL;
  name = rapport_team_users_lookup_name (self->store, rapport_store_get_user_id (self->store));
  return name != NULL ? name : rapport_store_get_state (self->store, "user_name");
}

/* The database file and what SQLite keeps beside it. */
static gboolean
remove_database (const char  *path,
                 GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       /* Translators: %s is a file name, then the system's reason */
                       _("Could not remove %s: %s"), file, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * rapport_application_sign_out:
 * @remove_records: %TRUE to remove this computer's copy of the records
 *   (and the changes not sent yet), %FALSE to keep working on them offline
 *
 * Forgets the sign-in token, stops syncing, and shows a new window: on the
 * same records, or on an empty book that starts at the welcome page.
 * Nothing is changed when the token cannot be forgotten.
 */
gboolean
rapport_application_sign_out (RapportApplication  *self,
                              gboolean             remove_records,
                              GError             **error)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *path = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (!self->sample, FALSE);

  server = rapport_store_get_state (self->store, "server");
  user = rapport_store_get_state (self->store, "user_name");
  if (server != NULL && user != NULL && !rapport_credentials_forget (server, user, error))
    return FALSE;

  g_application_hold (G_APPLICATION (self));
  /* No run of the old session may still write or send. */
  close_book (self);
  self->has_token = FALSE;
  rapport_sync_set_token (self->sync, NULL);

  if (remove_records)
    {
      path = database_path ();
      g_settings_set_boolean (self->settings, "welcome-done", FALSE);
      ok = remove_database (path, error) && open_store (self, path, error);
    }
  gtk_window_present (GTK_WINDOW (rapport_window_new (self, self->context)));
  g_application_release (G_APPLICATION (self));
  return ok;
}

gboolean
rapport_application_get_sample (RapportApplication *self)
{
  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), FALSE);

  return self->sample;
}

/**
 * rapport_application_set_sample:
 * @sample: %TRUE to open the sample book, %FALSE for the user's own
 *
 * Closes the windows (their pending deletions go to the store they were
 * made in), opens the other database and shows a new window on it.
 */
gboolean
rapport_application_set_sample (RapportApplication  *self,
                                gboolean             sample,
                                GError             **error)
{
  g_autofree char *path = NULL;
  RapportWindow *window;

  g_return_val_if_fail (RAPPORT_IS_APPLICATION (self), FALSE);

  if (self->sample == sample)
    return TRUE;
  path = sample ? sample_path () : database_path ();

  /* Keep running while no window is open. */
  g_application_hold (G_APPLICATION (self));
  /* A sync of the other book must not land in this one. */
  close_book (self);

  if (!open_store (self, path, error))
    {
      g_application_release (G_APPLICATION (self));
      return FALSE;
    }
  self->sample = sample;
  if (!sample && self->has_token)
    {
      /* The token is the same; the engine is new. */
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, token_found_cb, NULL);

      self->has_token = FALSE;
      g_task_set_source_tag (task, rapport_application_set_sample);
      g_task_run_in_thread (task, lookup_token_thread);
    }
  window = rapport_window_new (self, self->context);
  gtk_window_present (GTK_WINDOW (window));
  g_application_release (G_APPLICATION (self));
  return TRUE;
}
