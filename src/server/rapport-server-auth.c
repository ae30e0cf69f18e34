/* rapport-server-auth.c: passwords, tokens and login throttling
 *
 * Argon2id costs tens of milliseconds and 64 MiB per check, so checks run on
 * a small pool of threads (never more than max_hashes at once, a bounded
 * queue behind them) and never on the main loop. Tokens are 32 random bytes;
 * the database only sees their BLAKE2b hash.
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

typedef struct
{
  guint  failures;
  gint64 window_start; /* monotonic µs */
} Throttle;

struct _RapportServerAuth
{
  GThreadPool *pool;         /* (owned) */
  GHashTable  *by_name;      /* (owned): name → Throttle */
  GHashTable  *by_address;   /* (owned): address → Throttle */
  guint        per_name;
  guint        per_address;
  gint64       window_usec;
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

static Throttle *
lookup_throttle (GHashTable *table,
                 const char *key,
                 gint64      now,
                 gint64      window,
                 gboolean    create)
{
  Throttle *throttle = g_hash_table_lookup (table, key);

  if (throttle != NULL && now - throttle->window_start >= window)
    {
      g_hash_table_remove (table, key);
      throttle = NULL;
    }
  if (throttle == NULL && create)
    {
      /* Forget stale entries now and then so that sprayed names cannot grow
       * the table without bound. */
      if (g_hash_table_size (table) > 10000)
        g_hash_table_remove_all (table);
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

/**
 * rapport_server_auth_check_rate:
 * @retry_after: (out): seconds until a login may be tried again
 *
 * Returns: %FALSE when logins for @name or from @address are refused for now
 */
gboolean
rapport_server_auth_check_rate (RapportServerAuth *self,
                                const char        *name,
                                const char        *address,
                                guint             *retry_after)
{
  gint64 now = g_get_monotonic_time ();
  Throttle *throttle;

  throttle = lookup_throttle (self->by_name, name, now, self->window_usec, FALSE);
  if (throttle != NULL && throttle->failures >= self->per_name)
    {
      *retry_after = seconds_left (throttle, now, self->window_usec);
      return FALSE;
    }
  throttle = lookup_throttle (self->by_address, address, now, self->window_usec, FALSE);
  if (throttle != NULL && throttle->failures >= self->per_address)
    {
      *retry_after = seconds_left (throttle, now, self->window_usec);
      return FALSE;
    }
  return TRUE;
}

void
rapport_server_auth_login_failed (RapportServerAuth *self,
                                  const char        *name,
                                  const char        *address)
{
  gint64 now = g_get_monotonic_time ();

  lookup_throttle (self->by_name, name, now, self->window_usec, TRUE)->failures++;
  lookup_throttle (self->by_address, address, now, self->window_usec, TRUE)->failures++;
}

void
rapport_server_auth_login_succeeded (RapportServerAuth *self,
                                     const char        *name)
{
  g_hash_table_remove (self->by_name, name);
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
