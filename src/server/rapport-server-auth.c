/* rapport-server-auth.c: passwords, tokens and login throttling
 *
 * Argon2id costs tens of milliseconds and 64 MiB per check, so checks run on
 * a small pool of threads (never more than max_hashes at once, a bounded
 * queue behind them) and never on the main loop. Failed logins are limited
 * per name and per address; a check counts against both from before it
 * starts, and logins that could pass the limit only if checks in flight
 * succeed wait for them. All counting happens on the main loop. Tokens are
 * 32 random bytes; the database only sees their BLAKE2b hash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "rapport-server-auth.h"
#include "rapport-server-error.h"

#define TOKEN_BYTES 32
#define MAX_QUEUED_CHECKS 64

/* Logins waiting for checks in flight to end; more get a 503. */
#define MAX_WAITING_LOGINS 512

typedef struct
{
  guint  failures;     /* in this window */
  guint  pending;      /* checks reserved and not yet released */
  gint64 window_start; /* monotonic µs */
} Throttle;

typedef struct
{
  RapportServerAuthRetry retry;
  gpointer               data;
} Waiter;

struct _RapportServerAuth
{
  GThreadPool *pool;         /* (owned) */
  GHashTable  *by_name;      /* (owned): name → Throttle */
  GHashTable  *by_address;   /* (owned): address → Throttle */
  guint        per_name;
  guint        per_address;
  gint64       window_usec;
  GQueue       waiters;      /* (owned): Waiter, oldest first */
  guint        wake_id;      /* idle source that retries the waiters */
};

typedef struct
{
  GTask *task;
  char  *hash;     /* (nullable): NULL for an unknown user */
  char  *password;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->task);
  g_free (check->hash);
  sodium_memzero (check->password, strlen (check->password));
  g_free (check->password);
  g_free (check);
}

/* An unknown user costs as much as a known one, so response times do not
 * tell which names exist. */
static const char *
dummy_hash (void)
{
  static char hash[crypto_pwhash_STRBYTES];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      char password[16];

      randombytes_buf (password, sizeof password);
      if (crypto_pwhash_str (hash, password, sizeof password,
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        hash[0] = '\0';
      g_once_init_leave (&initialized, 1);
    }
  return hash;
}

static void
check_in_thread (gpointer data,
                 gpointer user_data)
{
  Check *check = data;
  const char *hash = check->hash != NULL ? check->hash : dummy_hash ();
  gboolean ok;

  ok = crypto_pwhash_str_verify (hash, check->password, strlen (check->password)) == 0;
  g_task_return_boolean (check->task, ok && check->hash != NULL);
  check_free (check);
}

RapportServerAuth *
rapport_server_auth_new (guint max_hashes)
{
  RapportServerAuth *self = g_new0 (RapportServerAuth, 1);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  self->pool = g_thread_pool_new (check_in_thread, self, MAX (max_hashes, 1), FALSE, NULL);
  self->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->by_address = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  rapport_server_auth_set_limits (self, 5, 30, 300);
  return self;
}

void
rapport_server_auth_free (RapportServerAuth *self)
{
  if (self == NULL)
    return;
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_warn_if_fail (g_queue_is_empty (&self->waiters));
  g_queue_clear_full (&self->waiters, g_free);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_hash_table_unref (self->by_name);
  g_hash_table_unref (self->by_address);
  g_free (self);
}

/**
 * rapport_server_auth_set_limits:
 * @per_name: failed logins allowed for one user name per window
 * @per_address: failed logins allowed from one address per window
 * @window_seconds: how long failures are remembered
 */
void
rapport_server_auth_set_limits (RapportServerAuth *self,
                                guint              per_name,
                                guint              per_address,
                                guint              window_seconds)
{
  self->per_name = per_name;
  self->per_address = per_address;
  self->window_usec = (gint64) window_seconds * G_USEC_PER_SEC;
}

/**
 * rapport_server_auth_verify_async:
 * @hash: (nullable): the stored Argon2id hash; %NULL when there is no such user
 *
 * Returns: %FALSE, without calling @callback, when too many checks wait
 */
gboolean
rapport_server_auth_verify_async (RapportServerAuth  *self,
                                  const char         *hash,
                                  const char         *password,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  Check *check;

  if (g_thread_pool_unprocessed (self->pool) >= MAX_QUEUED_CHECKS)
    return FALSE;

  check = g_new0 (Check, 1);
  check->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (check->task, rapport_server_auth_verify_async);
  check->hash = g_strdup (hash);
  check->password = g_strdup (password);
  g_thread_pool_push (self->pool, check, NULL);
  return TRUE;
}

gboolean
rapport_server_auth_verify_finish (GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

static gboolean
throttle_is_idle (gpointer key,
                  gpointer value,
                  gpointer user_data)
{
  return ((Throttle *) value)->pending == 0;
}

static Throttle *
lookup_throttle (GHashTable *table,
                 const char *key,
                 gint64      now,
                 gint64      window)
{
  Throttle *throttle = g_hash_table_lookup (table, key);

  /* A window begins with the first login counted in it. An old window is
   * forgotten, but not the checks still running in it. */
  if (throttle != NULL &&
      ((throttle->failures == 0 && throttle->pending == 0) || now - throttle->window_start >= window))
    {
      throttle->failures = 0;
      throttle->window_start = now;
    }
  if (throttle == NULL)
    {
      /* Forget idle entries now and then so that sprayed names cannot grow
       * the table without bound. */
      if (g_hash_table_size (table) > 10000)
        g_hash_table_foreach_remove (table, throttle_is_idle, NULL);
      throttle = g_new0 (Throttle, 1);
      throttle->window_start = now;
      g_hash_table_insert (table, g_strdup (key), throttle);
    }
  return throttle;
}

static guint
seconds_left (Throttle *throttle,
              gint64    now,
              gint64    window)
{
  return (guint) MAX (1, (throttle->window_start + window - now + G_USEC_PER_SEC - 1) /
                         G_USEC_PER_SEC);
}

/* Where one key stands: refused when its failures reached the limit, busy
 * when the checks running now could reach it. */
static RapportLoginSlot
throttle_slot (Throttle *throttle,
               guint     limit,
               gint64    now,
               gint64    window,
               guint    *retry_after)
{
  if (throttle->failures >= limit)
    {
      *retry_after = MAX (*retry_after, seconds_left (throttle, now, window));
      return RAPPORT_LOGIN_SLOT_REFUSED;
    }
  if (throttle->failures + throttle->pending >= limit)
    return RAPPORT_LOGIN_SLOT_BUSY;
  return RAPPORT_LOGIN_SLOT_TAKEN;
}

/**
 * rapport_server_auth_reserve:
 * @retry_after: (out): with %RAPPORT_LOGIN_SLOT_REFUSED, seconds until a
 *   login may be tried again
 *
 * Counts a login before its password is checked, so that logins arriving
 * together cannot all pass a limit that only finished checks would reach.
 * A taken slot is given back with rapport_server_auth_release().
 */
RapportLoginSlot
rapport_server_auth_reserve (RapportServerAuth *self,
                             const char        *name,
                             const char        *address,
                             guint             *retry_after)
{
  gint64 now = g_get_monotonic_time ();
  Throttle *by_name = lookup_throttle (self->by_name, name, now, self->window_usec);
  Throttle *by_address = lookup_throttle (self->by_address, address, now, self->window_usec);
  RapportLoginSlot name_slot, address_slot;

  *retry_after = 0;
  name_slot = throttle_slot (by_name, self->per_name, now, self->window_usec, retry_after);
  address_slot = throttle_slot (by_address, self->per_address, now, self->window_usec,
                                retry_after);
  if (name_slot == RAPPORT_LOGIN_SLOT_TAKEN && address_slot == RAPPORT_LOGIN_SLOT_TAKEN)
    {
      by_name->pending++;
      by_address->pending++;
    }
  return MAX (name_slot, address_slot);
}

static gboolean
wake_waiters_cb (gpointer user_data)
{
  RapportServerAuth *self = user_data;
  GQueue waiters = self->waiters;

  self->wake_id = 0;
  g_queue_init (&self->waiters);
  while (!g_queue_is_empty (&waiters))
    {
      Waiter *waiter = g_queue_pop_head (&waiters);

      waiter->retry (waiter->data);
      g_free (waiter);
    }
  return G_SOURCE_REMOVE;
}

/**
 * rapport_server_auth_release:
 * @outcome: how the check of a slot taken by rapport_server_auth_reserve()
 *   ended
 *
 * Logins that were busy are tried again from the main loop.
 */
void
rapport_server_auth_release (RapportServerAuth  *self,
                             const char         *name,
                             const char         *address,
                             RapportLoginOutcome outcome)
{
  Throttle *by_name = g_hash_table_lookup (self->by_name, name);
  Throttle *by_address = g_hash_table_lookup (self->by_address, address);

  g_return_if_fail (by_name != NULL && by_name->pending > 0);
  g_return_if_fail (by_address != NULL && by_address->pending > 0);

  by_name->pending--;
  by_address->pending--;
  if (outcome == RAPPORT_LOGIN_FAILED)
    {
      by_name->failures++;
      by_address->failures++;
    }
  else if (outcome == RAPPORT_LOGIN_SUCCEEDED)
    by_name->failures = 0;

  if (!g_queue_is_empty (&self->waiters) && self->wake_id == 0)
    self->wake_id = g_idle_add (wake_waiters_cb, self);
}

/**
 * rapport_server_auth_wait:
 * @retry: called once from the main loop after the next check ends, to try
 *   rapport_server_auth_reserve() again; it owns @data from then on
 *
 * For a login that was busy. The caller keeps the server alive while it
 * waits, so the queue is empty when the throttle is freed.
 *
 * Returns: %FALSE, without keeping @data, when too many logins wait already
 */
gboolean
rapport_server_auth_wait (RapportServerAuth     *self,
                          RapportServerAuthRetry retry,
                          gpointer               data)
{
  Waiter *waiter;

  if (self->waiters.length >= MAX_WAITING_LOGINS)
    return FALSE;
  waiter = g_new0 (Waiter, 1);
  waiter->retry = retry;
  waiter->data = data;
  g_queue_push_tail (&self->waiters, waiter);
  return TRUE;
}

char *
rapport_server_password_hash (const char *password,
                              GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      rapport_server_set_error (error, RAPPORT_SERVER_ERROR_INTERNAL, NULL,
                                _("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (hash);
}

/* Hex of BLAKE2b-256 of the token text. */
char *
rapport_server_token_hash (const char *token)
{
  guchar digest[crypto_generichash_BYTES];
  char hex[crypto_generichash_BYTES * 2 + 1];

  crypto_generichash (digest, sizeof digest, (const guchar *) token, strlen (token), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strdup (hex);
}

char *
rapport_server_token_new (char **out_hash)
{
  guchar bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  *out_hash = rapport_server_token_hash (text);
  return g_strdup (text);
}

gboolean
rapport_server_token_hash_equal (const char *a,
                                 const char *b)
{
  gsize length = strlen (a);

  return length == strlen (b) && sodium_memcmp (a, b, length) == 0;
}
