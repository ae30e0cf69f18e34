/* rapport-sync.c: the sync engine
 *
 * One run pushes the outbox in batches, then pulls the changes feed page by
 * page from the stored cursor. Pushes name the server they are meant for,
 * and every answer names the server that gave it: a server restored from a
 * backup, or another server, is caught (see rapport-sync-identity.c).
 * Transient failures (5xx, 429, a connection refused, reset or dropped
 * mid-answer, as while the server restarts) are retried with exponential
 * backoff and jitter, honouring Retry-After; an outbox entry is never
 * dropped by a failure, only by the server's answer. The blocking
 * rapport_sync_run() is what the CLI calls; rapport_sync_run_async() runs it
 * in a worker thread for the app, and the properties are updated in the
 * thread the engine was made in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-client-enums.h"
#include "rapport-json.h"
#include "rapport-store-bulk.h"
#include "rapport-store-failed.h"
#include "rapport-store-sync.h"
#include "rapport-sync-feed.h"
#include "rapport-sync-http.h"
#include "rapport-sync-identity.h"
#include "rapport-uuid.h"

#define PUSH_BATCH 200
#define PULL_PAGE 500
#define MAX_ATTEMPTS 5
#define MAX_BACKOFF_MS 30000
#define MAX_RETRY_AFTER_S 120

struct _RapportSync
{
  GObject          parent_instance;

  RapportStore    *store;         /* (owned) */
  GMainContext    *context;       /* (owned): where properties change */
  GMutex           run_lock;      /* one run at a time */
  GMutex           lock;          /* guards the settings below */
  char            *server;        /* (owned) (nullable) */
  char            *token;         /* (owned) (nullable) */
  GTlsCertificate *trusted;       /* (owned) (nullable) */
  guint            timeout;
  guint            retry_base_ms;
  gboolean         adopt_server;  /* the next run may move to another server */

  RapportSyncState state;
  char            *message;       /* (owned) (nullable) */
  guint            done;
  guint            total;
  gboolean         receiving;     /* done and total count pulled changes, not sent ones */
  char            *last_sync;     /* (owned) (nullable) */
  char            *notice;        /* (owned) (nullable): what the last run has to tell */
};

G_DEFINE_TYPE (RapportSync, rapport_sync, G_TYPE_OBJECT)
G_DEFINE_QUARK (rapport-sync-error-quark, rapport_sync_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_RECEIVING,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_LAST_SYNC,
  PROP_RETRY_BASE_MS,
  PROP_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RapportSync      *self;
  RapportSyncState  state;
  char             *message;
  guint             done;
  guint             total;
  gboolean          receiving;
  char             *last_sync;
} Progress;

static gboolean
publish_progress_cb (gpointer data)
{
  Progress *progress = data;
  RapportSync *self = progress->self;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != progress->state)
    {
      self->state = progress->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->message, progress->message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (progress->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  if (self->total != progress->total)
    {
      self->total = progress->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (self->done != progress->done)
    {
      self->done = progress->done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->receiving != progress->receiving)
    {
      self->receiving = progress->receiving;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECEIVING]);
    }
  if (progress->last_sync != NULL && g_strcmp0 (self->last_sync, progress->last_sync) != 0)
    {
      g_free (self->last_sync);
      self->last_sync = g_strdup (progress->last_sync);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }
  /* Counted from the store, which changes with every run. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

typedef struct
{
  RapportSync *self;
  char        *notice;
} Notice;

static gboolean
publish_notice_cb (gpointer data)
{
  Notice *notice = data;
  RapportSync *self = notice->self;

  if (g_strcmp0 (self->notice, notice->notice) == 0)
    return G_SOURCE_REMOVE;
  g_free (self->notice);
  self->notice = g_strdup (notice->notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
  return G_SOURCE_REMOVE;
}

static void
notice_free (gpointer data)
{
  Notice *notice = data;

  g_object_unref (notice->self);
  g_free (notice->notice);
  g_free (notice);
}

/* Like publish(), for the notice of a run. */
static void
publish_notice (RapportSync *self,
                const char  *text)
{
  Notice *notice = g_new0 (Notice, 1);

  notice->self = g_object_ref (self);
  notice->notice = g_strdup (text);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, publish_notice_cb, notice,
                              notice_free);
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress->message);
  g_free (progress->last_sync);
  g_free (progress);
}

/* Runs in the sync's thread; the properties change in the engine's own. */
static void
publish_counts (RapportSync      *self,
                RapportSyncState  state,
                const char       *message,
                guint             done,
                guint             total,
                gboolean          receiving,
                const char       *last_sync)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (self);
  progress->state = state;
  progress->message = g_strdup (message);
  progress->done = done;
  progress->total = total;
  progress->receiving = receiving;
  progress->last_sync = g_strdup (last_sync);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, publish_progress_cb, progress,
                              progress_free);
}

static void
publish (RapportSync      *self,
         RapportSyncState  state,
         const char       *message,
         guint             done,
         guint             total,
         const char       *last_sync)
{
  publish_counts (self, state, message, done, total, FALSE, last_sync);
}

/* Retrying is safe for every request: a push that reached the server is
 * recognised by its op_ids and answered with the results it had. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_SERVER) ||
         g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_RATE_LIMITED) ||
         g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL) ||
         g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_CONNECTION_LOST);
}

static gboolean
is_offline (const GError *error)
{
  return g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OFFLINE) ||
         g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_CONNECTION_LOST);
}

/* Sleeps @ms, waking early if @cancellable fires; FALSE if it did. */
static gboolean
wait_ms (guint         ms,
         GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (50000, end - g_get_monotonic_time () + 1));
    }
  return !g_cancellable_is_cancelled (cancellable);
}

/* One request, retried while the failure is transient: its answer's JSON,
 * or with @headers its text and headers, unparsed. */
static gpointer
request (RapportSync         *self,
         SoupSession         *session,
         const char          *method,
         const char          *path,
         JsonNode            *body,
         SoupMessageHeaders **headers,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GTlsCertificate) trusted = NULL;
  guint retry_base;

  g_mutex_lock (&self->lock);
  url = g_strconcat (self->server, path, NULL);
  token = g_strdup (self->token);
  trusted = self->trusted ? g_object_ref (self->trusted) : NULL;
  retry_base = self->retry_base_ms;
  g_mutex_unlock (&self->lock);

  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      guint retry_after = 0;
      guint64 backoff;
      gpointer answer;

      if (headers != NULL)
        answer = rapport_sync_http_fetch (session, method, url, token, body, trusted, cancellable,
                                          &retry_after, headers, &local_error);
      else
        answer = rapport_sync_http_request (session, method, url, token, body, trusted,
                                            cancellable, &retry_after, &local_error);
      if (answer != NULL)
        return answer;
      if (!is_transient (local_error) || attempt == MAX_ATTEMPTS ||
          retry_after > MAX_RETRY_AFTER_S)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      /* Exponential with full jitter over the upper half, so that a team's
       * clients coming back together do not hit the server in step. */
      backoff = MIN ((guint64) retry_base << (attempt - 1), MAX_BACKOFF_MS);
      backoff = backoff / 2 + g_random_int_range (0, backoff / 2 + 1);
      backoff = MAX (backoff, (guint64) retry_after * 1000);
      g_debug ("%s %s failed (%s); retrying in %" G_GUINT64_FORMAT " ms", method, path,
               local_error->message, backoff);
      if (!wait_ms (backoff, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was cancelled"));
          return NULL;
        }
    }
}

/* One request, retried while the failure is transient. */
JsonNode *
rapport_sync_request (RapportSync  *self,
                      SoupSession  *session,
                      const char   *method,
                      const char   *path,
                      JsonNode     *body,
                      GCancellable *cancellable,
                      GError      **error)
{
  return request (self, session, method, path, body, NULL, cancellable, error);
}

/* The same, for an answer to act on before it is parsed (see
 * rapport_sync_http_fetch()). */
GBytes *
rapport_sync_request_text (RapportSync         *self,
                           SoupSession         *session,
                           const char          *path,
                           SoupMessageHeaders **headers,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_return_val_if_fail (headers != NULL, NULL);

  return request (self, session, "GET", path, NULL, headers, cancellable, error);
}

/**
 * rapport_sync_get:
 * @path: under the server, "/api/v1/deals/ID/history"
 *
 * One GET to the signed-in server, tried once: for what the user is looking
 * at, such as a record's history, a clear "offline" now beats a minute of
 * retries. Blocks; call it from a worker thread.
 *
 * Returns: (transfer full) (nullable): the answer, or %NULL with @error
 *   set (%RAPPORT_SYNC_ERROR_NOT_SIGNED_IN without a server or token)
 */
JsonNode *
rapport_sync_get (RapportSync  *self,
                  const char   *path,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GTlsCertificate) trusted = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  guint retry_after = 0;

  g_return_val_if_fail (RAPPORT_IS_SYNC (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  g_mutex_lock (&self->lock);
  if (self->server != NULL && self->token != NULL)
    {
      url = g_strconcat (self->server, path, NULL);
      token = g_strdup (self->token);
      trusted = self->trusted ? g_object_ref (self->trusted) : NULL;
      session = rapport_sync_http_session_new (self->timeout);
    }
  g_mutex_unlock (&self->lock);

  if (url == NULL)
    {
      g_set_error_literal (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_SIGNED_IN,
                           _("Not signed in to a server"));
      return NULL;
    }
  return rapport_sync_http_request (session, "GET", url, token, NULL, trusted, cancellable,
                                    &retry_after, error);
}

static gboolean
protocol_error (GError    **error,
                const char *what)
{
  g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
               _("The server’s answer is missing %s"), what);
  return FALSE;
}

static gboolean
push (RapportSync  *self,
      SoupSession  *session,
      guint        *done,
      guint        *total,
      GCancellable *cancellable,
      GError      **error)
{
  *total = rapport_store_count_pending (self->store);

  for (;;)
    {
      g_autoptr(GPtrArray) ops = rapport_store_take_push_batch (self->store, PUSH_BATCH, error);
      g_autoptr(JsonNode) body = NULL;
      g_autoptr(JsonNode) answer = NULL;
      JsonArray *array = json_array_new ();
      JsonObject *object = json_object_new ();
      JsonObject *expected;
      JsonArray *results;

      if (ops == NULL)
        {
          json_array_unref (array);
          json_object_unref (object);
          return FALSE;
        }
      if (ops->len == 0)
        {
          json_array_unref (array);
          json_object_unref (object);
          return TRUE;
        }

      for (guint i = 0; i < ops->len; i++)
        json_array_add_object_element (array, json_object_ref (g_ptr_array_index (ops, i)));
      json_object_set_array_member (object, "ops", array);
      if ((expected = rapport_sync_identity_expected (self->store)) != NULL)
        json_object_set_object_member (object, "server", expected);
      body = json_node_init_object (json_node_alloc (), object);
      json_object_unref (object);

      answer = rapport_sync_request (self, session, "POST", "/api/v1/push", body, cancellable, error);
      if (answer == NULL)
        return FALSE;
      results = JSON_NODE_HOLDS_OBJECT (answer)
                ? rapport_json_get_array (json_node_get_object (answer), "results") : NULL;
      if (results == NULL)
        return protocol_error (error, "results");
      if (!rapport_store_apply_push_results (self->store, ops, results, error))
        return FALSE;

      *done += ops->len;
      *total = MAX (*total, *done);
      publish (self, RAPPORT_SYNC_STATE_SYNCING, NULL, *done, *total, NULL);
    }
}

/* Pulls from the stored cursor. A page from another server or epoch than
 * the cursor's stops it with *changed set, once the catch-up has begun. */
static gboolean
pull_feed (RapportSync  *self,
           SoupSession  *session,
           gboolean      adopt,
           gboolean     *changed,
           guint        *done,
           guint        *total,
           GCancellable *cancellable,
           GError      **error)
{
  g_autofree char *cursor = rapport_store_get_state (self->store, "cursor");
  g_autoptr(JsonObject) expected = rapport_sync_identity_expected (self->store);
  RapportSyncFeed *feed = NULL;
  gboolean ok = TRUE;

  *changed = FALSE;
  /* A first sync fills an empty database: its indexes are built at the end. */
  if (cursor == NULL || g_str_equal (cursor, "0"))
    {
      g_autoptr(GError) bulk_error = NULL;

      if (!rapport_store_begin_bulk_load (self->store, &bulk_error) && bulk_error != NULL)
        g_warning ("Could not prepare the first sync: %s", bulk_error->message);
    }
  feed = rapport_sync_feed_start (self, session, cursor ? cursor : "0", PULL_PAGE, cancellable);
  for (;;)
    {
      JsonNode *answer = rapport_sync_feed_next (self, feed, error);
      JsonObject *page, *server;
      JsonArray *changes;
      guint n_changes;
      gint64 remaining;
      gboolean more;

      if (answer == NULL)
        {
          ok = error == NULL || *error == NULL;
          break;
        }
      page = json_node_get_object (answer);
      server = rapport_json_get_object (page, "server");
      if (server != NULL && !rapport_sync_identity_matches (expected, server))
        {
          ok = rapport_sync_identity_check (self, session, server, adopt, changed, cancellable,
                                            error);
          g_clear_pointer (&expected, json_object_unref);
          expected = rapport_sync_identity_expected (self->store);
          if (!ok || *changed)
            {
              rapport_sync_feed_done (feed, answer);
              break;
            }
        }
      changes = rapport_json_get_array (page, "changes");
      more = json_object_get_boolean_member_with_default (page, "more", FALSE);
      remaining = json_object_get_int_member_with_default (page, "remaining", -1);
      n_changes = json_array_get_length (changes);
      ok = rapport_store_apply_pull_page (self->store, changes,
                                          json_object_get_string_member (page, "cursor"), error);
      rapport_sync_feed_done (feed, answer);
      if (!ok)
        break;

      *done += n_changes;
      /* A server from before "remaining" does not say how much is left:
       * then the bar grows as it goes. */
      if (remaining >= 0 && more)
        *total = *done + (guint) MIN (remaining, (gint64) (G_MAXUINT - *done));
      else
        *total = *done + (more ? PULL_PAGE : 0);
      publish_counts (self, RAPPORT_SYNC_STATE_SYNCING, NULL, *done, *total, TRUE, NULL);
    }
  rapport_sync_feed_stop (feed);
  if (!rapport_store_finish_bulk_load (self->store, ok ? error : NULL))
    ok = FALSE;
  return ok;
}

/* The server's copy of each record whose failed change the user discarded:
 * the feed would send it only once it changes again. */
static gboolean
refetch (RapportSync  *self,
         SoupSession  *session,
         GCancellable *cancellable,
         GError      **error)
{
  g_auto(GStrv) keys = rapport_store_list_refetch (self->store);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autofree char *path = NULL;
      g_auto(GStrv) parts = g_strsplit (keys[i], "/", 2);
      const RapportEntity *entity = rapport_entity_lookup (parts[0]);
      JsonObject *record = NULL;
      gboolean gone = FALSE;

      if (entity != NULL && parts[1] != NULL && rapport_uuid_is_valid (parts[1]))
        {
          path = g_strdup_printf ("/api/v1/%s/%s", entity->table, parts[1]);
          answer = rapport_sync_request (self, session, "GET", path, NULL, cancellable, &local_error);
          if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
            record = json_node_get_object (answer);
          else if (g_error_matches (local_error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_FOUND))
            gone = TRUE;
          /* The server would not say (a record it cannot read): keep ours. */
          else if (local_error != NULL &&
                   !g_error_matches (local_error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_INVALID))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
      if (!rapport_store_apply_refetched (self->store, parts[0], parts[1] ? parts[1] : "", record,
                                          gone, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
pull (RapportSync  *self,
      SoupSession  *session,
      gboolean      adopt,
      guint        *done,
      guint        *total,
      GCancellable *cancellable,
      GError      **error)
{
  gboolean changed = FALSE;

  if (!pull_feed (self, session, adopt, &changed, done, total, cancellable, error))
    return FALSE;
  if (!changed)
    return TRUE;
  /* From the start, under the new identity; a second change in one run is
   * a server that cannot make up its mind. */
  if (!pull_feed (self, session, adopt, &changed, done, total, cancellable, error))
    return FALSE;
  if (changed)
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_PROTOCOL,
                   _("The server’s answer is missing %s"), "server");
      return FALSE;
    }
  return TRUE;
}

/* Push, pull, and after a change of server the catch-up and its push.
 * @notice is set when there is something to tell the user. */
static gboolean
exchange (RapportSync  *self,
          SoupSession  *session,
          gboolean      adopt,
          guint        *sent,
          guint        *received,
          char        **notice,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(GError) push_error = NULL;
  guint total = 0, pull_total = 0, queued = 0;
  gboolean changed = FALSE;
  RapportResend mode;

  /* Before the first page, the identity is not known: a database that
   * never synced has nothing of any server's, and one from before servers
   * had identities trusts the server it had. The first page tells it. */
  if (!push (self, session, sent, &total, cancellable, &push_error))
    {
      /* It changed since its last answer: find out how before going on. */
      if (!g_error_matches (push_error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_SERVER_CHANGED) ||
          !rapport_sync_identity_check (self, session, NULL, adopt, &changed, cancellable, error))
        {
          if (push_error != NULL && (error == NULL || *error == NULL))
            g_propagate_error (error, g_steal_pointer (&push_error));
          return FALSE;
        }
    }
  if (!pull (self, session, adopt, received, &pull_total, cancellable, error) ||
      !refetch (self, session, cancellable, error))
    return FALSE;

  mode = rapport_store_get_resend (self->store);
  if (mode == RAPPORT_RESEND_NONE)
    return TRUE;
  if (!rapport_store_finish_resend (self->store, &queued, error))
    return FALSE;
  *notice = rapport_sync_identity_notice (mode, queued);
  return push (self, session, sent, &total, cancellable, error);
}

static const char *
describe_failure (const GError *error)
{
  if (error->domain != RAPPORT_SYNC_ERROR)
    return error->message;

  switch ((RapportSyncError) error->code)
    {
    case RAPPORT_SYNC_ERROR_OFFLINE:
    case RAPPORT_SYNC_ERROR_CONNECTION_LOST:
      return _("Offline. Your changes are kept and will be sent when the server can be reached.");
    case RAPPORT_SYNC_ERROR_UNAUTHORIZED:
      return _("Your sign-in has expired or was revoked. Sign in again to sync.");
    case RAPPORT_SYNC_ERROR_TLS:
      return _("The server’s certificate is not trusted, so nothing was sent.");
    case RAPPORT_SYNC_ERROR_NOT_SIGNED_IN:
      return _("Not signed in to a server.");
    case RAPPORT_SYNC_ERROR_FORBIDDEN:
    case RAPPORT_SYNC_ERROR_SERVER:
    case RAPPORT_SYNC_ERROR_RATE_LIMITED:
    case RAPPORT_SYNC_ERROR_PROTOCOL:
    case RAPPORT_SYNC_ERROR_INVALID:
    case RAPPORT_SYNC_ERROR_SERVER_CHANGED:
    case RAPPORT_SYNC_ERROR_OTHER_SERVER:
    default:
      return error->message;
    }
}

/* What the user is told when changes could not be sent: how many, and the
 * first of them with its reason. */
static char *
describe_failed_changes (RapportStore *store)
{
  g_autoptr(GPtrArray) failed = rapport_store_list_failed (store, NULL);
  JsonObject *first;
  const char *title;
  g_autofree char *record = NULL;

  if (failed == NULL || failed->len == 0)
    return NULL;
  first = g_ptr_array_index (failed, 0);
  title = json_object_get_string_member (first, "title");
  if (title != NULL && *title != '\0')
    record = g_strdup_printf ("“%s”", title);
  else
    record = g_strdup_printf ("%s %s", json_object_get_string_member (first, "entity"),
                              json_object_get_string_member (first, "record_id"));
  /* Translators: %u is a count; then a record, e.g. “Anna Lee”, and the
   * reason its change was not sent */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u change could not be sent and is kept on this "
                                       "computer: %s: %s",
                                       "%u changes could not be sent and are kept on this "
                                       "computer, the first: %s: %s",
                                       failed->len),
                          failed->len, record,
                          json_object_get_string_member_with_default (first, "error", ""));
}

static gboolean run_locked (RapportSync  *self,
                            GCancellable *cancellable,
                            GError      **error);

/**
 * rapport_sync_run:
 *
 * Pushes every pending change, then pulls everything new, blocking until done.
 * Safe to call from a worker thread. Changes that could not be sent (refused
 * by the server, or unreadable) stay in the outbox as failed; the state is
 * then %RAPPORT_SYNC_STATE_ERROR with a message that names them.
 *
 * Returns: %TRUE when both directions completed
 */
gboolean
rapport_sync_run (RapportSync  *self,
                  GCancellable *cancellable,
                  GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_SYNC (self), FALSE);

  /* Two runs at once would send the same ops twice: harmless, as the server
   * recognises their op_ids, but wasted. The second waits for the first. */
  g_mutex_lock (&self->run_lock);
  ok = run_locked (self, cancellable, error);
  g_mutex_unlock (&self->run_lock);
  return ok;
}

static gboolean
run_locked (RapportSync  *self,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *finished = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *notice = NULL;
  guint done = 0, pulled = 0;
  char sent[16], received[16];
  gboolean ready, adopt, ok;

  g_mutex_lock (&self->lock);
  ready = self->server != NULL && self->token != NULL;
  adopt = self->adopt_server;
  session = rapport_sync_http_session_new (self->timeout);
  g_mutex_unlock (&self->lock);

  if (!ready)
    {
      g_set_error_literal (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_SIGNED_IN,
                           _("Not signed in to a server"));
      publish (self, RAPPORT_SYNC_STATE_ERROR, describe_failure (*error), 0, 0, NULL);
      return FALSE;
    }

  publish (self, RAPPORT_SYNC_STATE_SYNCING, NULL, 0, 0, NULL);
  ok = exchange (self, session, adopt, &done, &pulled, &notice, cancellable, &local_error);
  /* A catch-up is told even when its push has to wait. */
  publish_notice (self, notice);
  if (ok && adopt)
    rapport_sync_set_adopt_server (self, FALSE);
  if (!ok)
    {
      RapportSyncState state = is_offline (local_error) ? RAPPORT_SYNC_STATE_OFFLINE
                                                        : RAPPORT_SYNC_STATE_ERROR;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        state = RAPPORT_SYNC_STATE_IDLE;
      publish (self, state, describe_failure (local_error), 0, 0, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  now = g_date_time_new_now_utc ();
  finished = g_date_time_format_iso8601 (now);
  g_snprintf (sent, sizeof sent, "%u", done);
  g_snprintf (received, sizeof received, "%u", pulled);
  {
    const char *keys[] = { "last_sync", "last_sync_sent", "last_sync_received" };
    const char *values[] = { finished, sent, received };

    /* One commit for the three: one wait for the disk. */
    rapport_store_set_states (self->store, G_N_ELEMENTS (keys), keys, values, NULL);
  }
  /* The run went through, but not everything the user typed did. */
  failed = describe_failed_changes (self->store);
  publish (self, failed ? RAPPORT_SYNC_STATE_ERROR : RAPPORT_SYNC_STATE_IDLE, failed,
           done + pulled, done + pulled, finished);
  return TRUE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (rapport_sync_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * rapport_sync_run_async:
 *
 * Runs rapport_sync_run() in a worker thread. A run asked for while one is
 * under way starts when that one has finished.
 */
void
rapport_sync_run_async (RapportSync         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RAPPORT_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_sync_run_async);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
rapport_sync_run_finish (RapportSync  *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rapport_sync_login:
 * @url: the server, e.g. "https://crm.example.com"
 *
 * Signs in and keeps the token for the following runs. The caller stores
 * the token (see rapport-credentials.h); the store remembers the server and
 * the user.
 *
 * Returns: (transfer full): the signed-in user's record, with the token as
 *   its member "token"
 */
JsonObject *
rapport_sync_login (RapportSync  *self,
                    const char   *url,
                    const char   *user,
                    const char   *password,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GUri) uri = NULL;
  JsonObject *credentials, *reply, *signed_in;
  const char *token;
  guint retry_after;

  g_return_val_if_fail (RAPPORT_IS_SYNC (self), NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_INVALID,
                   _("“%s” is not a server address like https://crm.example.com"), url);
      return NULL;
    }

  rapport_sync_set_server (self, url);
  credentials = json_object_new ();
  json_object_set_string_member (credentials, "user", user);
  json_object_set_string_member (credentials, "password", password);
  body = json_node_init_object (json_node_alloc (), credentials);
  json_object_unref (credentials);

  session = rapport_sync_http_session_new (self->timeout);
  g_mutex_lock (&self->lock);
  {
    g_autofree char *login_url = g_strconcat (self->server, "/api/v1/auth/login", NULL);
    g_autoptr(GTlsCertificate) trusted = self->trusted ? g_object_ref (self->trusted) : NULL;

    g_mutex_unlock (&self->lock);
    answer = rapport_sync_http_request (session, "POST", login_url, NULL, body, trusted,
                                        cancellable, &retry_after, error);
  }
  if (answer == NULL)
    return NULL;

  reply = JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;
  token = reply ? json_object_get_string_member_with_default (reply, "token", NULL) : NULL;
  signed_in = rapport_json_get_object (reply, "user");
  if (token == NULL || signed_in == NULL)
    {
      protocol_error (error, "token");
      return NULL;
    }

  rapport_sync_set_token (self, token);
  {
    const char *keys[] = { "server", "user_id", "user_name" };
    const char *values[] = { self->server,
                             json_object_get_string_member_with_default (signed_in, "id", NULL),
                             json_object_get_string_member_with_default (signed_in, "name", NULL) };

    rapport_store_set_states (self->store, G_N_ELEMENTS (keys), keys, values, NULL);
  }
  rapport_store_set_user_id (self->store,
                             json_object_get_string_member_with_default (signed_in, "id", NULL));

  json_object_set_string_member (signed_in, "token", token);
  return json_object_ref (signed_in);
}

static void
rapport_sync_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RapportSync *self = RAPPORT_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DONE:
      g_value_set_uint (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint (value, self->total);
      break;
    case PROP_RECEIVING:
      g_value_set_boolean (value, self->receiving);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, rapport_sync_get_pending (self));
      break;
    case PROP_CONFLICTS:
      g_value_set_uint (value, rapport_sync_get_conflicts (self));
      break;
    case PROP_LAST_SYNC:
      g_value_set_string (value, self->last_sync);
      break;
    case PROP_RETRY_BASE_MS:
      g_value_set_uint (value, self->retry_base_ms);
      break;
    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_sync_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RapportSync *self = RAPPORT_SYNC (object);

  switch (prop_id)
    {
    case PROP_RETRY_BASE_MS:
      g_mutex_lock (&self->lock);
      self->retry_base_ms = g_value_get_uint (value);
      g_mutex_unlock (&self->lock);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_sync_finalize (GObject *object)
{
  RapportSync *self = RAPPORT_SYNC (object);

  g_clear_object (&self->store);
  g_clear_object (&self->trusted);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->token, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->last_sync, g_free);
  g_clear_pointer (&self->notice, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->run_lock);

  G_OBJECT_CLASS (rapport_sync_parent_class)->finalize (object);
}

static void
rapport_sync_class_init (RapportSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rapport_sync_get_property;
  object_class->set_property = rapport_sync_set_property;
  object_class->finalize = rapport_sync_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RAPPORT_TYPE_SYNC_STATE, RAPPORT_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_uint ("done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint ("total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether done and total count changes received, not sent. */
  properties[PROP_RECEIVING] =
    g_param_spec_boolean ("receiving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONFLICTS] =
    g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_string ("last-sync", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Tests shorten the backoff; people never need to. */
  properties[PROP_RETRY_BASE_MS] =
    g_param_spec_uint ("retry-base-ms", NULL, NULL, 1, 60000, 500,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* A server restored from a backup, or a new server adopted: shown once. */
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rapport_sync_init (RapportSync *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->run_lock);
  self->context = g_main_context_ref_thread_default ();
  self->timeout = 30;
  self->retry_base_ms = 500;
}

/**
 * rapport_sync_new:
 *
 * Makes a sync engine for @store, picking up the server and the last sync
 * time the store remembers. The token comes from the caller.
 *
 * Returns: (transfer full): the engine
 */
RapportSync *
rapport_sync_new (RapportStore *store)
{
  RapportSync *self;
  g_autofree char *user_id = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  self->server = rapport_store_get_state (store, "server");
  self->last_sync = rapport_store_get_state (store, "last_sync");
  user_id = rapport_store_get_state (store, "user_id");
  if (user_id != NULL)
    rapport_store_set_user_id (store, user_id);
  return self;
}

RapportStore *
rapport_sync_get_store (RapportSync *self)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC (self), NULL);

  return self->store;
}

const char *
rapport_sync_get_server (RapportSync *self)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC (self), NULL);

  return self->server;
}

/**
 * rapport_sync_set_server:
 * @url: (nullable): the server's base address, without /api/v1
 */
void
rapport_sync_set_server (RapportSync *self,
                         const char  *url)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (RAPPORT_IS_SYNC (self));

  trimmed = g_strdup (url);
  while (trimmed != NULL && g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  g_mutex_lock (&self->lock);
  g_free (self->server);
  self->server = g_steal_pointer (&trimmed);
  g_mutex_unlock (&self->lock);
}

void
rapport_sync_set_token (RapportSync *self,
                        const char  *token)
{
  g_return_if_fail (RAPPORT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  g_free (self->token);
  self->token = g_strdup (token);
  g_mutex_unlock (&self->lock);
}

/**
 * rapport_sync_set_trusted_certificate:
 * @certificate: (nullable): a certificate the user explicitly chose to trust
 *
 * A server with a self-signed certificate is refused unless its certificate
 * is exactly this one.
 */
void
rapport_sync_set_trusted_certificate (RapportSync     *self,
                                      GTlsCertificate *certificate)
{
  g_return_if_fail (RAPPORT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  g_set_object (&self->trusted, certificate);
  g_mutex_unlock (&self->lock);
}

void
rapport_sync_set_timeout (RapportSync *self,
                          guint        seconds)
{
  g_return_if_fail (RAPPORT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->timeout = seconds;
  g_mutex_unlock (&self->lock);
}

/**
 * rapport_sync_set_adopt_server:
 * @adopt: whether the next run may move this database to another server
 *
 * A run that finds another server than the one this database synced with
 * fails with %RAPPORT_SYNC_ERROR_OTHER_SERVER and sends nothing. Once the
 * user confirms, set this: the next run pulls everything from the new
 * server and sends it every record of this database it lacks (users
 * excepted); then the flag clears itself.
 */
void
rapport_sync_set_adopt_server (RapportSync *self,
                               gboolean     adopt)
{
  g_return_if_fail (RAPPORT_IS_SYNC (self));

  g_mutex_lock (&self->lock);
  self->adopt_server = adopt;
  g_mutex_unlock (&self->lock);
}

/**
 * rapport_sync_get_notice:
 *
 * Returns: (nullable): what the last run has to tell the user besides its
 *   counts, such as a server restored from a backup and what was sent back
 *   to it; %NULL when nothing
 */
const char *
rapport_sync_get_notice (RapportSync *self)
{
  g_return_val_if_fail (RAPPORT_IS_SYNC (self), NULL);

  return self->notice;
}

RapportSyncState
rapport_sync_get_state (RapportSync *self)
{
  return self->state;
}

const char *
rapport_sync_get_message (RapportSync *self)
{
  return self->message;
}

guint
rapport_sync_get_done (RapportSync *self)
{
  return self->done;
}

guint
rapport_sync_get_total (RapportSync *self)
{
  return self->total;
}

/**
 * rapport_sync_is_receiving:
 *
 * Returns: whether done and total count the changes of a pull (otherwise
 *   those of a push)
 */
gboolean
rapport_sync_is_receiving (RapportSync *self)
{
  return self->receiving;
}

guint
rapport_sync_get_pending (RapportSync *self)
{
  return rapport_store_count_pending (self->store);
}

guint
rapport_sync_get_conflicts (RapportSync *self)
{
  return rapport_store_count_conflicts (self->store);
}

const char *
rapport_sync_get_last_sync (RapportSync *self)
{
  return self->last_sync;
}
