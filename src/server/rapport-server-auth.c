/* rapport-server-auth.c: passwords, tokens and login throttling
 *
 * Argon2id costs tens of milliseconds and 64 MiB per check, so checks run on
 * a small pool of threads (never more than max_hashes at once, a bounded
 * queue behind them) and never on the main loop. Failed logins are limited
 * per name and per address. They are counted in the database, so that
 * every process serving it shares the limits; the checks still running are
 * counted by each process for itself: a check counts against both from
 * before it starts, and logins that could pass the limit only if checks in
 * flight here succeed wait for them. Logins sent to several processes at
 * the same moment can therefore each be checked once in each process
 * before their failures are counted: a burst may pass the limit, at most
 * by the limit per process, and the next logins are refused. All counting
 * happens on the main loop. Tokens are 32 random bytes; the database only
 * sees their BLAKE2b hash.
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
  RapportServerAuthRetry retry;
  gpointer               data;
} Waiter;

struct _RapportServerAuth
{
  GThreadPool          *pool;        /* (owned) */
  RapportServerBackend *backend;     /* (unowned): where failures are counted */
  GHashTable           *pending;     /* (owned): "name:…", "address:…" → checks
                                      * of this process in flight (guint) */
  guint                 per_name;
  guint                 per_address;
  gint64                window_usec;
  GQueue                waiters;     /* (owned): Waiter, oldest first */
  guint                 wake_id;     /* idle source that retries the waiters */
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

/**
 * rapport_server_auth_new:
 * @backend: (transfer none): counts the failed logins; outlives the result
 */
RapportServerAuth *
rapport_server_auth_new (RapportServerBackend *backend,
                         guint                 max_hashes)
{
  RapportServerAuth *self = g_new0 (RapportServerAuth, 1);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");

  self->pool = g_thread_pool_new (check_in_thread, self, MAX (max_hashes, 1), FALSE, NULL);
  self->backend = backend;
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  g_hash_table_unref (self->pending);
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

/* Checks in flight of @key in this process. */
static guint
pending (RapportServerAuth *self,
         const char        *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->pending, key));
}

static void
add_pending (RapportServerAuth *self,
             const char        *key,
             int                delta)
{
  guint count = pending (self, key) + delta;

  /* Keys without checks are forgotten, so sprayed names cannot grow the
   * table. */
  if (count == 0)
    g_hash_table_remove (self->pending, key);
  else
    g_hash_table_insert (self->pending, g_strdup (key), GUINT_TO_POINTER (count));
}

/* Where one key stands: refused when its failures (of every process)
 * reached the limit, busy when the checks running here could reach it. */
static gboolean
key_slot (RapportServerAuth *self,
          const char        *key,
          guint              limit,
          gint64             now,
          RapportLoginSlot  *out_slot,
          guint             *retry_after,
          GError           **error)
{
  RapportServerBackend *backend = self->backend;
  guint failures;
  gint64 window_start;

  if (!backend->vtable->get_login_failures (backend, key, now, self->window_usec, &failures,
                                            &window_start, error))
    return FALSE;
  if (failures >= limit)
    {
      gint64 left = window_start + self->window_usec - now;

      *retry_after = MAX (*retry_after,
                          (guint) MAX (1, (left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      *out_slot = RAPPORT_LOGIN_SLOT_REFUSED;
    }
  else if (failures + pending (self, key) >= limit)
    *out_slot = RAPPORT_LOGIN_SLOT_BUSY;
  else
    *out_slot = RAPPORT_LOGIN_SLOT_TAKEN;
  return TRUE;
}

/**
 * rapport_server_auth_reserve:
 * @out_slot: (out): whether the login may check its password
 * @retry_after: (out): with %RAPPORT_LOGIN_SLOT_REFUSED, seconds until a
 *   login may be tried again
 *
 * Counts a login before its password is checked, so that logins arriving
 * together cannot all pass a limit that only finished checks would reach.
 * A taken slot is given back with rapport_server_auth_release().
 *
 * Returns: %FALSE when the failures counted in the database cannot be read
 */
gboolean
rapport_server_auth_reserve (RapportServerAuth *self,
                             const char        *name,
                             const char        *address,
                             RapportLoginSlot  *out_slot,
                             guint             *retry_after,
                             GError           **error)
{
  g_autofree char *name_key = g_strconcat ("name:", name, NULL);
  g_autofree char *address_key = g_strconcat ("address:", address, NULL);
  gint64 now = g_get_real_time ();
  RapportLoginSlot name_slot, address_slot;

  *retry_after = 0;
  if (!key_slot (self, name_key, self->per_name, now, &name_slot, retry_after, error) ||
      !key_slot (self, address_key, self->per_address, now, &address_slot, retry_after, error))
    return FALSE;
  *out_slot = MAX (name_slot, address_slot);
  if (*out_slot == RAPPORT_LOGIN_SLOT_TAKEN)
    {
      add_pending (self, name_key, 1);
      add_pending (self, address_key, 1);
    }
  return TRUE;
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
  RapportServerBackend *backend = self->backend;
  g_autofree char *name_key = g_strconcat ("name:", name, NULL);
  g_autofree char *address_key = g_strconcat ("address:", address, NULL);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  g_return_if_fail (pending (self, name_key) > 0 && pending (self, address_key) > 0);

  add_pending (self, name_key, -1);
  add_pending (self, address_key, -1);
  if (outcome == RAPPORT_LOGIN_FAILED &&
      (!backend->vtable->add_login_failure (backend, name_key, now, self->window_usec, &error) ||
       !backend->vtable->add_login_failure (backend, address_key, now, self->window_usec, &error)))
    g_message ("Cannot count a failed login: %s", error->message);
  else if (outcome == RAPPORT_LOGIN_SUCCEEDED &&
           !backend->vtable->clear_login_failures (backend, name_key, &error))
    g_message ("Cannot clear the failed logins of a user: %s", error->message);

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
