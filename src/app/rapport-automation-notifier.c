/* rapport-automation-notifier.c: desktop notifications that automation rules leave
 *
 * A rule's notify action (rapport-server-automation.c) leaves a
 * notification record for its recipient; every client receives every
 * notification, and this shows the signed-in user's that are not seen
 * yet as a GNotification (clicking it opens the record it is about), then
 * marks them seen, an edit that syncs, so that the user's other devices do
 * not show them again. Unseen ones found when a book is opened are shown
 * too: the user has not read them. Read in a worker whenever
 * notifications change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-automation-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-automation-notifier.h"
#include "rapport-cancellable.h"
#include "rapport-change-monitor.h"
#include "rapport-json.h"
#include "rapport-query.h"
#include "rapport-store-async.h"

/* More at once than this are summed up in one notification. */
#define MAX_SHOWN 3
#define SUMMARY_ID "automation-notifications"

struct _RapportAutomationNotifier
{
  GObject               parent_instance;

  GApplication         *application; /* (unowned): owns this */
  RapportStore         *store;       /* (owned) (nullable) */
  RapportChangeMonitor *changes;     /* (owned) (nullable) */
  gulong                changed_id;
  GCancellable         *checking;    /* (owned) (nullable) */
  GHashTable           *shown;       /* (owned): ids shown since the book was opened */
};

G_DEFINE_FINAL_TYPE (RapportAutomationNotifier, rapport_automation_notifier, G_TYPE_OBJECT)

static void
send (RapportAutomationNotifier *self,
      const char                *id,
      const char                *title,
      const char                *body,
      JsonObject                *note)
{
  g_autoptr(GNotification) notification = g_notification_new (title);
  const char *entity = rapport_json_get_string (note, "entity");
  const char *record_id = rapport_json_get_string (note, "record_id");

  g_notification_set_body (notification, body);
  if (entity != NULL && record_id != NULL && rapport_entity_lookup (entity) != NULL)
    g_notification_set_default_action_and_target (notification, "app.open-record", "(ss)", entity,
                                                  record_id);
  g_application_send_notification (self->application, id, notification);
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);

  if (record == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not mark a notification seen: %s", error->message);
}

static void
mark_seen (RapportAutomationNotifier *self,
           JsonObject                *note)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(JsonObject) changes = json_object_new ();

  json_object_set_string_member (changes, "seen_at", text);
  rapport_store_update_async (self->store, "notification", rapport_json_get_string (note, "id"),
                              changes, NULL, marked_cb, NULL);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportAutomationNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unseen = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();

  if (unseen == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Notifications to show: %s", error->message);
      return;
    }
  for (guint i = 0; i < unseen->len; i++)
    {
      JsonObject *note = g_ptr_array_index (unseen, i);

      if (g_hash_table_add (self->shown, g_strdup (rapport_json_get_string (note, "id"))))
        g_ptr_array_add (fresh, note);
    }
  if (fresh->len > MAX_SHOWN)
    {
      g_autofree char *title = g_strdup_printf (ngettext ("%u automation notification",
                                                          "%u automation notifications", fresh->len),
                                                fresh->len);
      g_autoptr(GString) body = g_string_new (NULL);

      for (guint i = 0; i < MAX_SHOWN; i++)
        g_string_append_printf (body, "%s%s", i > 0 ? "\n" : "",
                                rapport_json_get_string (g_ptr_array_index (fresh, i), "message"));
      send (self, SUMMARY_ID, title, body->str, g_ptr_array_index (fresh, 0));
    }
  else
    for (guint i = 0; i < fresh->len; i++)
      {
        JsonObject *note = g_ptr_array_index (fresh, i);
        const char *about = rapport_json_get_string (note, "record_title");

        send (self, rapport_json_get_string (note, "id"),
              about != NULL ? about : _("Automation"), rapport_json_get_string (note, "message"),
              note);
      }
  for (guint i = 0; i < fresh->len; i++)
    mark_seen (self, g_ptr_array_index (fresh, i));
}

/* The signed-in user's notifications without seen_at, newest first. */
static gpointer
read_unseen (RapportStore *store,
             gpointer      data,
             GError      **error)
{
  g_autofree char *user_id = rapport_store_get_state (store, "user_id");
  g_autoptr(RapportQuery) query = rapport_query_new ("notification");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  RapportFilter *filter;

  if (user_id == NULL)
    return g_ptr_array_new ();
  filter = rapport_filter_from_json_text (rapport_entity_lookup ("notification"),
                                          "{\"all\": [{\"field\": \"recipient_id\", \"op\": \"=\", "
                                          "\"value\": \"me\"}, {\"field\": \"seen_at\", \"op\": "
                                          "\"is_empty\"}]}",
                                          error);
  if (filter == NULL)
    return NULL;
  /* the query takes the filter */
  rapport_query_set_filter (query, filter, user_id);
  rapport_query_set_sort (query, RAPPORT_SORT_UPDATED);
  snapshot = rapport_store_snapshot (store, query, error);
  if (snapshot == NULL)
    return NULL;
  return rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), error);
}

static void
check (RapportAutomationNotifier *self)
{
  if (self->store == NULL)
    return;
  rapport_cancellable_renew (&self->checking);
  rapport_store_read_async (self->store, read_unseen, NULL, NULL,
                            (GDestroyNotify) g_ptr_array_unref, self->checking, checked_cb,
                            g_object_ref (self));
}

static void
store_changed_cb (RapportChangeMonitor      *changes,
                  const char                *entity,
                  const char * const        *ids,
                  RapportAutomationNotifier *self)
{
  check (self);
}

static void
unwatch (RapportAutomationNotifier *self)
{
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_hash_table_remove_all (self->shown);
}

static void
rapport_automation_notifier_dispose (GObject *object)
{
  RapportAutomationNotifier *self = RAPPORT_AUTOMATION_NOTIFIER (object);

  unwatch (self);
  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_automation_notifier_parent_class)->dispose (object);
}

static void
rapport_automation_notifier_class_init (RapportAutomationNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_automation_notifier_dispose;
}

static void
rapport_automation_notifier_init (RapportAutomationNotifier *self)
{
  self->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

RapportAutomationNotifier *
rapport_automation_notifier_new (GApplication *application)
{
  RapportAutomationNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (RAPPORT_TYPE_AUTOMATION_NOTIFIER, NULL);
  self->application = application;
  return self;
}

/**
 * rapport_automation_notifier_set_store:
 * @store: (nullable): the book open now, or none
 */
void
rapport_automation_notifier_set_store (RapportAutomationNotifier *self,
                                       RapportStore              *store)
{
  g_return_if_fail (RAPPORT_IS_AUTOMATION_NOTIFIER (self));
  g_return_if_fail (store == NULL || RAPPORT_IS_STORE (store));

  if (self->store == store)
    return;
  unwatch (self);
  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed::notification",
                                       G_CALLBACK (store_changed_cb), self);
  check (self);
}
