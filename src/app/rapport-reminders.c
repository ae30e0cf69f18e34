/* rapport-reminders.c: task reminders as desktop notifications
 *
 * One timeout, for the earliest reminder still to come of the signed-in
 * user's open tasks (everyone's when nobody is signed in). When it fires,
 * every reminder due since the last one shown becomes a GNotification whose
 * id is the task's, so a changed reminder replaces the old notification;
 * clicking it runs app.open-task with the task's id. Any write to a task
 * (an edit, a sync, marking it done) re-arms the timeout.
 *
 * Reminders that fell due while Rapport was not running are shown at
 * start, once: the time up to which reminders have been handled is kept
 * in the book itself (its state "reminders_shown_until"), so the sample
 * book and the user's own each remember theirs, and a second start finds
 * nothing new. A reminder moved to a later time is due again at that time,
 * whether Rapport runs then or starts after it. One missed reminder is
 * shown as any other; several are summed up in one notification ("3
 * reminders while you were away") that opens the Tasks section, rather
 * than a pile of them. A book Rapport never watched before starts from
 * now: what fell due before it was ever opened is listed as overdue in the
 * Tasks section, not notified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-reminders"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-change-monitor.h"
#include "rapport-cancellable.h"
#include "rapport-item-about.h"
#include "rapport-reminders.h"
#include "rapport-store-async.h"
#include "rapport-tasks.h"
#include "rapport-when.h"

/* Sleeping longer than this would miss a change of the clock or zone. */
#define MAX_WAIT_MS (10 * 60 * 1000)
/* The store state that says up to when reminders were handled. */
#define SHOWN_UNTIL_KEY "reminders_shown_until"
/* The titles a summary of missed reminders names. */
#define MAX_TITLES 3
#define MISSED_ID "missed-reminders"

struct _RapportReminders
{
  GObject       parent_instance;

  GApplication *application;  /* (unowned): owns this */
  RapportStore *store;        /* (owned) (nullable) */
  RapportChangeMonitor *changes;  /* (owned) (nullable): the store's */
  gulong        changed_id;
  char         *shown_until;  /* (owned): reminders at or before this were shown */
  guint         timeout_source;
  GCancellable *checking;     /* (owned) (nullable): the check of due reminders under way */
};

G_DEFINE_FINAL_TYPE (RapportReminders, rapport_reminders, G_TYPE_OBJECT)

static void arm (RapportReminders *self);

static void
notify_task (RapportReminders *self,
             JsonObject       *task)
{
  const char *id = json_object_get_string_member_with_default (task, "id", NULL);
  const char *title = json_object_get_string_member_with_default (task, "title", "");
  const char *due_at = json_object_get_string_member_with_default (task, "due_at", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *due = rapport_when_near (due_at, now);
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_auto(RapportItemAbout) about = { NULL, };

  if (id == NULL)
    return;
  notification = g_notification_new (title);
  if (due != NULL)
    /* Translators: %s is a date and time, e.g. "Today 14:30" or 12/24/2026 14:30 */
    g_string_append_printf (body, _("Task due %s"), due);
  else
    g_string_append (body, _("Task reminder"));
  /* "Deal: 200 licences", and a button that opens it. */
  if (self->store != NULL &&
      rapport_item_about_find (self->store, rapport_entity_lookup ("task"), task, &about))
    g_string_append_printf (body, "\n%s", about.description);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action_and_target (notification, "app.open-task", "s", id);
  g_notification_add_button_with_target (notification, _("Open Task"), "app.open-task", "s", id);
  if (about.entity != NULL)
    g_notification_add_button_with_target (notification, about.open_label, "app.open-record",
                                           "(ss)", about.entity->name, about.id);
  g_application_send_notification (self->application, id, notification);
}

/* Several reminders fell due while Rapport was not running: one
 * notification names the first few and opens the Tasks section. */
static void
notify_missed (RapportReminders *self,
               GPtrArray        *due)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *title = NULL;

  if (due->len == 0)
    return;
  if (due->len == 1)
    {
      notify_task (self, g_ptr_array_index (due, 0));
      return;
    }

  title = g_strdup_printf (ngettext ("%u reminder while you were away",
                                     "%u reminders while you were away", due->len),
                           due->len);
  for (guint i = 0; i < due->len && i < MAX_TITLES; i++)
    {
      JsonObject *task = g_ptr_array_index (due, i);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, json_object_get_string_member_with_default (task, "title", ""));
    }
  if (due->len > MAX_TITLES)
    {
      g_string_append_c (body, '\n');
      /* Translators: after the titles of the first reminders missed */
      g_string_append_printf (body, ngettext ("and %u more", "and %u more", due->len - MAX_TITLES),
                              due->len - MAX_TITLES);
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action_and_target (notification, "app.open-task", "s", "");
  g_notification_add_button_with_target (notification, _("Show Tasks"), "app.open-task", "s", "");
  g_application_send_notification (self->application, MISSED_ID, notification);
}

static void
state_kept_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rapport_store_set_state_finish (RAPPORT_STORE (object), result, &error))
    g_warning ("Could not keep the time reminders were shown until: %s", error->message);
}

/* Remembers in the book that reminders up to now were handled, so that the
 * next start does not show them again. */
static void
set_shown_until (RapportReminders *self,
                 GDateTime        *now)
{
  g_free (self->shown_until);
  self->shown_until = rapport_format_timestamp (now);
  if (self->store != NULL)
    rapport_store_set_state_async (self->store, SHOWN_UNTIL_KEY, self->shown_until, NULL,
                                   state_kept_cb, NULL);
}

/* What a check of the reminders due does with them. */
typedef enum {
  CHECK_MISSED,   /* at start: one summary of those missed, then "now" is kept */
  CHECK_DUE,      /* the timeout: each due one, then "now" is kept */
  CHECK_CHANGED,  /* a task changed: each due one, if any */
} CheckKind;

typedef struct
{
  RapportReminders *self;     /* (owned) */
  RapportStore     *store;    /* (owned): the book checked */
  CheckKind         kind;
  char             *user_id;  /* (owned) (nullable) */
  char             *since;    /* (owned) */
  GDateTime        *now;      /* (owned): the end of the time checked */
} Check;

static void
check_free (Check *check)
{
  g_clear_object (&check->self);
  g_clear_object (&check->store);
  g_free (check->user_id);
  g_free (check->since);
  g_clear_pointer (&check->now, g_date_time_unref);
  g_free (check);
}

static gpointer
read_due (RapportStore  *store,
          gpointer       data,
          GError       **error)
{
  Check *check = data;

  return rapport_store_due_reminders (store, check->user_id, check->since, check->now, error);
}

static void
due_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Check *check = user_data;
  RapportReminders *self = check->self;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  due = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer check, another book, or the app quitting: this one is stale. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store != check->store)
    {
      check_free (check);
      return;
    }
  g_clear_object (&self->checking);
  if (due == NULL)
    g_warning ("Could not read the reminders: %s", error->message);
  else if (check->kind == CHECK_MISSED)
    notify_missed (self, due);
  else
    for (guint i = 0; i < due->len; i++)
      notify_task (self, g_ptr_array_index (due, i));
  if (check->kind != CHECK_CHANGED || (due != NULL && due->len > 0))
    set_shown_until (self, check->now);
  arm (self);
  check_free (check);
}

/* Reads the reminders due in (@since, @now] in a worker thread, in place
 * of any check under way: that one covers no more. */
static void
check_due (RapportReminders *self,
           CheckKind         kind,
           const char       *since,
           GDateTime        *now)
{
  Check *check = g_new0 (Check, 1);

  rapport_cancellable_renew (&self->checking);
  check->self = g_object_ref (self);
  check->store = g_object_ref (self->store);
  check->kind = kind;
  check->user_id = g_strdup (rapport_store_get_user_id (self->store));
  check->since = g_strdup (since);
  check->now = g_date_time_ref (now);
  /* The read is over before its answer comes: the answer frees @check. */
  rapport_store_read_async (self->store, read_due, check, NULL, (GDestroyNotify) g_ptr_array_unref,
                            self->checking, due_read_cb, check);
}

/* At start, or when another book is opened: what fell due since the book's
 * reminders were last handled. */
static void
catch_up (RapportReminders *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = rapport_format_timestamp (now);
  g_autofree char *since = rapport_store_get_state (self->store, SHOWN_UNTIL_KEY);

  /* Never watched before, or a clock that went back: start from now. */
  if (since != NULL && g_strcmp0 (since, now_text) <= 0)
    check_due (self, CHECK_MISSED, since, now);
  else
    set_shown_until (self, now);
}

static gboolean
timeout_cb (gpointer data)
{
  RapportReminders *self = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->timeout_source = 0;
  if (self->store != NULL)
    check_due (self, CHECK_DUE, self->shown_until, now);
  return G_SOURCE_REMOVE;
}

static void
arm (RapportReminders *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *next_text = NULL;
  g_autoptr(GError) error = NULL;
  gint64 wait_ms = MAX_WAIT_MS;

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  if (self->store == NULL)
    return;

  /* Anything due between the last check and now is shown first. */
  next_text = rapport_store_next_reminder (self->store, rapport_store_get_user_id (self->store),
                                           now, &error);
  if (error != NULL)
    g_warning ("Could not find the next reminder: %s", error->message);
  if (next_text != NULL && (next = g_date_time_new_from_iso8601 (next_text, NULL)) != NULL)
    /* Stored times have whole seconds: wake just after, so it is due. */
    wait_ms = MIN (wait_ms, g_date_time_difference (next, now) / 1000 + 50);
  self->timeout_source = g_timeout_add (MAX (wait_ms, 0), timeout_cb, self);
}

/* A task written or deleted, once per burst of commits. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportReminders     *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* The store may have been closed since the write. */
  if (self->store == NULL)
    return;

  /* A reminder set to a time already passed since the last check (a slow
   * sync, or a user typing "now") still shows; the check re-arms. */
  check_due (self, CHECK_CHANGED, self->shown_until, now);
}

static void
rapport_reminders_dispose (GObject *object)
{
  RapportReminders *self = (RapportReminders *) object;

  g_clear_handle_id (&self->timeout_source, g_source_remove);
  g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_reminders_parent_class)->dispose (object);
}

static void
rapport_reminders_finalize (GObject *object)
{
  RapportReminders *self = (RapportReminders *) object;

  g_free (self->shown_until);

  G_OBJECT_CLASS (rapport_reminders_parent_class)->finalize (object);
}

static void
rapport_reminders_class_init (RapportRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_reminders_dispose;
  object_class->finalize = rapport_reminders_finalize;
}

static void
rapport_reminders_init (RapportReminders *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->shown_until = rapport_format_timestamp (now);
}

RapportReminders *
rapport_reminders_new (GApplication *application)
{
  RapportReminders *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (RAPPORT_TYPE_REMINDERS, NULL);
  self->application = application;
  return self;
}

/**
 * rapport_reminders_set_store:
 *
 * Watches @store's tasks: the user's own book or the sample book, whichever
 * is open. Reminders of @store that fell due since they were last handled
 * (while Rapport was not running, or had another book open) are shown now.
 */
void
rapport_reminders_set_store (RapportReminders *self,
                             RapportStore     *store)
{
  g_return_if_fail (RAPPORT_IS_REMINDERS (self));
  g_return_if_fail (store == NULL || RAPPORT_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_set_object (&self->store, store);
  if (store != NULL)
    {
      self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
      self->changed_id = g_signal_connect (self->changes, "changed::task",
                                           G_CALLBACK (store_changed_cb), self);
      catch_up (self);
    }
  arm (self);
}
