/* rapport-approval-notifier.c: desktop notifications of approvals
 *
 * A GNotification through the application when a sync brings a request
 * that waits for the signed-in user's decision (one they may decide: see
 * rapport_store_approval_inbox()), and when one of their own requests was
 * decided: approved, overridden, rejected (with the reason) or voided,
 * and when the server reminds of one left waiting or passes it on.
 * Clicking it opens the document (app.open-record). Each notification's id
 * is the request's, so a later word on it replaces the earlier one.
 *
 * What is there when a book is opened is the starting point, not news:
 * the requests and their states are read then, and only what changes
 * afterwards is notified. Everything is read in a worker, again whenever
 * approval requests or users change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approval-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-approval-notifier.h"
#include "rapport-cancellable.h"
#include "rapport-change-monitor.h"
#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-record.h"
#include "rapport-store-approvals.h"
#include "rapport-store-async.h"

/* The requests of one's own looked at for decisions: the latest changed. */
#define MAX_MINE 100
/* More new requests at once than this are summed up in one notification. */
#define MAX_SHOWN 3
#define SUMMARY_ID "approvals-waiting"

struct _RapportApprovalNotifier
{
  GObject               parent_instance;

  GApplication         *application; /* (unowned): owns this */
  RapportStore         *store;       /* (owned) (nullable) */
  RapportChangeMonitor *changes;     /* (owned) (nullable) */
  gulong                request_id;
  gulong                user_id;
  GCancellable         *checking;    /* (owned) (nullable) */
  GHashTable           *seen;        /* (owned) (nullable): request id → status; NULL
                                      * until the starting point is read */
};

G_DEFINE_FINAL_TYPE (RapportApprovalNotifier, rapport_approval_notifier, G_TYPE_OBJECT)

/* "Q-2026-00042 · Office chairs" */
static char *
document_name (JsonObject *item)
{
  const RapportEntity *entity = rapport_entity_lookup (rapport_json_get_string (item, "entity"));
  JsonObject *document = rapport_json_get_object (item, "document");
  g_autofree char *number = rapport_record_number (entity, document);
  g_autofree char *title = rapport_record_title (entity, document);

  if (number == NULL)
    return g_steal_pointer (&title);
  return g_strdup_printf ("%s · %s", number, title);
}

static const char *
request_id (JsonObject *item)
{
  return rapport_json_get_string (rapport_json_get_object (item, "request"), "id");
}

static void
send (RapportApprovalNotifier *self,
      const char              *id,
      const char              *title,
      const char              *body,
      JsonObject              *item)
{
  g_autoptr(GNotification) notification = g_notification_new (title);

  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-record", "(ss)",
                                                rapport_json_get_string (item, "entity"),
                                                rapport_json_get_string (
                                                  rapport_json_get_object (item, "document"),
                                                  "id"));
  g_application_send_notification (self->application, id, notification);
}

/* A request that waits for the user: the document, who asked, and why. */
static void
notify_waiting (RapportApprovalNotifier *self,
                JsonObject              *item)
{
  JsonObject *request = rapport_json_get_object (item, "request");
  g_autofree char *name = document_name (item);
  g_autoptr(GString) body = g_string_new (name);
  const char *requester = rapport_json_get_string (item, "requester");
  /* In the user's language when the local rules give them. */
  const char *reasons = rapport_json_get_string (item, "local_reasons") != NULL
                        ? rapport_json_get_string (item, "local_reasons")
                        : rapport_json_get_string (request, "reasons");

  if (requester != NULL)
    {
      g_string_append_c (body, '\n');
      /* Translators: who submitted a document for approval */
      g_string_append_printf (body, _("Asked by %s"), requester);
    }
  if (reasons != NULL && *reasons != '\0')
    g_string_append_printf (body, "\n%s", reasons);
  send (self, request_id (item), _("Approval Requested"), body->str, item);
}

/* A request left waiting: the server's reminder, or its passing on. */
static void
notify_reminder (RapportApprovalNotifier *self,
                 JsonObject              *item)
{
  g_autofree char *name = document_name (item);
  g_autofree char *body = g_strdup_printf ("%s\n%s", name,
                                           rapport_json_get_string (item, "reminder"));

  send (self, request_id (item), _("Approval Still Waiting"), body, item);
}

static void
notify_summary (RapportApprovalNotifier *self,
                GPtrArray               *waiting)
{
  g_autofree char *title = g_strdup_printf (ngettext ("%u approval request waits for you",
                                                      "%u approval requests wait for you",
                                                      waiting->len),
                                            waiting->len);
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < waiting->len && i < MAX_SHOWN; i++)
    {
      g_autofree char *name = document_name (g_ptr_array_index (waiting, i));

      if (body->len > 0)
        g_string_append_c (body, '\n');
      g_string_append (body, name);
    }
  send (self, SUMMARY_ID, title, body->str, g_ptr_array_index (waiting, 0));
}

/* One of the user's requests was decided. */
static void
notify_decided (RapportApprovalNotifier *self,
                JsonObject              *item,
                const char              *status)
{
  JsonObject *request = rapport_json_get_object (item, "request");
  g_autofree char *name = document_name (item);
  const char *decider = rapport_json_get_string (item, "decider");
  const char *reason = rapport_json_get_string (request, "decision_comment");
  g_autofree char *title = NULL;
  g_autoptr(GString) body = g_string_new (name);

  if (g_str_equal (status, "approved"))
    title = g_strdup (C_("approval heading", "Approved"));
  else if (g_str_equal (status, "overridden"))
    title = g_strdup (_("Approved by Override"));
  else if (g_str_equal (status, "rejected"))
    title = g_strdup (_("Approval Rejected"));
  else
    title = g_strdup (_("Approval voided by a change"));
  if (decider != NULL)
    {
      g_string_append_c (body, '\n');
      /* Translators: who approved or rejected a request */
      g_string_append_printf (body, _("Decided by %s"), decider);
    }
  if (reason != NULL && *reason != '\0')
    g_string_append_printf (body, "\n%s", reason);
  send (self, request_id (item), title, body->str, item);
}

static gboolean
is_decision (const char *status)
{
  return g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "overridden") == 0 ||
         g_strcmp0 (status, "rejected") == 0 || g_strcmp0 (status, "stale") == 0;
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportApprovalNotifier) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) found = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  JsonArray *waiting = rapport_json_get_array (rapport_json_get_object (found, "inbox"), "items");
  JsonArray *mine = rapport_json_get_array (found, "mine");
  g_autoptr(GPtrArray) new_waiting = g_ptr_array_new ();
  gboolean starting = self->seen == NULL;

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Approvals to notify: %s", error->message);
      return;
    }
  if (starting)
    self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; mine != NULL && i < json_array_get_length (mine); i++)
    {
      JsonObject *item = json_array_get_object_element (mine, i);
      const char *status = rapport_json_get_string (rapport_json_get_object (item, "request"),
                                                    "status");
      const char *before = g_hash_table_lookup (self->seen, request_id (item));

      if (!starting && g_strcmp0 (before, "pending") == 0 && is_decision (status))
        notify_decided (self, item, status);
      g_hash_table_replace (self->seen, g_strdup (request_id (item)), g_strdup (status));
    }
  for (guint i = 0; waiting != NULL && i < json_array_get_length (waiting); i++)
    {
      JsonObject *item = json_array_get_object_element (waiting, i);
      const char *before = g_hash_table_lookup (self->seen, request_id (item));
      /* Waiting, and how often the server reminded of it. */
      char *marker = g_strdup_printf ("waiting:%" G_GINT64_FORMAT,
                                      rapport_json_get_int (item, "reminders", 0));

      if (!starting && before == NULL)
        g_ptr_array_add (new_waiting, item);
      else if (!starting && g_str_has_prefix (before, "waiting:") &&
               !g_str_equal (before, marker) && rapport_json_get_string (item, "reminder"))
        notify_reminder (self, item);
      g_hash_table_replace (self->seen, g_strdup (request_id (item)), marker);
    }
  if (new_waiting->len > MAX_SHOWN)
    notify_summary (self, new_waiting);
  else
    for (guint i = 0; i < new_waiting->len; i++)
      notify_waiting (self, g_ptr_array_index (new_waiting, i));
}

static gpointer
read_approvals (RapportStore  *store,
                gpointer       data,
                GError       **error)
{
  g_autoptr(JsonObject) inbox = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  JsonObject *found;
  JsonArray *array;

  if (!(inbox = rapport_store_approval_inbox (store, error)) ||
      !(mine = rapport_store_approval_mine (store, MAX_MINE, error)))
    return NULL;
  found = json_object_new ();
  json_object_set_object_member (found, "inbox", g_steal_pointer (&inbox));
  array = json_array_new ();
  for (guint i = 0; i < mine->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (mine, i)));
  json_object_set_array_member (found, "mine", array);
  return found;
}

static void
check (RapportApprovalNotifier *self)
{
  if (self->store == NULL)
    return;
  rapport_cancellable_renew (&self->checking);
  rapport_store_read_async (self->store, read_approvals, NULL, NULL,
                            (GDestroyNotify) json_object_unref, self->checking, checked_cb,
                            g_object_ref (self));
}

static void
store_changed_cb (RapportChangeMonitor    *changes,
                  const char              *entity,
                  const char * const      *ids,
                  RapportApprovalNotifier *self)
{
  check (self);
}

static void
unwatch (RapportApprovalNotifier *self)
{
  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  if (self->changes != NULL)
    {
      g_clear_signal_handler (&self->request_id, self->changes);
      g_clear_signal_handler (&self->user_id, self->changes);
    }
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_clear_pointer (&self->seen, g_hash_table_unref);
}

static void
rapport_approval_notifier_dispose (GObject *object)
{
  unwatch (RAPPORT_APPROVAL_NOTIFIER (object));

  G_OBJECT_CLASS (rapport_approval_notifier_parent_class)->dispose (object);
}

static void
rapport_approval_notifier_class_init (RapportApprovalNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_approval_notifier_dispose;
}

static void
rapport_approval_notifier_init (RapportApprovalNotifier *self)
{
}

RapportApprovalNotifier *
rapport_approval_notifier_new (GApplication *application)
{
  RapportApprovalNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);

  self = g_object_new (RAPPORT_TYPE_APPROVAL_NOTIFIER, NULL);
  self->application = application;
  return self;
}

/**
 * rapport_approval_notifier_set_store:
 * @store: (nullable): the book open now, or none
 *
 * Watches @store's approval requests; what it holds now is the starting
 * point, and only what changes afterwards is notified.
 */
void
rapport_approval_notifier_set_store (RapportApprovalNotifier *self,
                                     RapportStore            *store)
{
  g_return_if_fail (RAPPORT_IS_APPROVAL_NOTIFIER (self));
  g_return_if_fail (store == NULL || RAPPORT_IS_STORE (store));

  if (self->store == store)
    return;
  unwatch (self);
  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->request_id = g_signal_connect (self->changes, "changed::approval_request",
                                       G_CALLBACK (store_changed_cb), self);
  self->user_id = g_signal_connect (self->changes, "changed::user",
                                    G_CALLBACK (store_changed_cb), self);
  check (self);
}
