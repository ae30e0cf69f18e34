/* test-store-crash.c: the store survives a writer killed at any moment
 *
 * The test starts itself again as a writer (`--writer DB SEED`) that edits
 * contacts as fast as it can. It prints each write it is about to make
 * ("try update …") and again once the store has returned from it ("update
 * …"), so every line but the "try" ones is a committed write. The test
 * kills the writer with SIGKILL after a random delay, many times over the
 * same file, and after each kill checks that the file is sound and that the
 * rows and the outbox hold exactly what the writer reported, plus at most the
 * one write that was in flight, and then only the whole of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test-store-crash"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "rapport-store.h"
#include "rapport-test-util.h"

#define N_ROUNDS           80
#define MAX_DELAY_MS       60
/* Every few rounds the writer dies while it starts: before, during or just
 * after opening (and, the first time, creating) the database. */
#define STARTUP_KILL_EVERY 10
/* One round in this many checkpoints the log when the test closes the file,
 * so that the next writer starts clean; the others leave it to recover. */
#define CHECKPOINT_EVERY   3
/* Reading everything back through the store parses every outbox entry,
 * which grows each round: do it now and then, and at the end. */
#define READ_ALL_EVERY     10
#define READY_TIMEOUT_US   (20 * G_USEC_PER_SEC)

/* What the test compares; the writer sets all but first_name by updates. */
static const char * const tracked_fields[] = {
  "first_name", "emails", "last_name", "title", "notes", "source", NULL
};

/* A contact's field, or a field's new value in an outbox entry, as the
 * writer prints it: text as is, an email list by its first address. */
static const char *
node_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonNode *first;

      if (json_array_get_length (array) == 0)
        return NULL;
      first = json_array_get_element (array, 0);
      if (!JSON_NODE_HOLDS_OBJECT (first))
        return NULL;
      return json_object_get_string_member_with_default (json_node_get_object (first),
                                                         "value", NULL);
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* The new value of @field in an outbox entry's changes. */
static const char *
change_text (JsonObject *changes,
             const char *field)
{
  JsonNode *change = json_object_get_member (changes, field);

  if (change == NULL || !JSON_NODE_HOLDS_OBJECT (change))
    return NULL;
  return node_text (json_object_get_member (json_node_get_object (change), "new"));
}

/* ---- the writer ------------------------------------------------------- */

static void report (const char *format,
                    ...) G_GNUC_PRINTF (1, 2);

/* One write(2) per line: the pipe takes lines this short whole, so a kill
 * never leaves half a line for the test to misread. */
static void
report (const char *format,
        ...)
{
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  va_list args;
  const char *p;
  gsize left;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  line = g_strconcat (text, "\n", NULL);
  g_assert (strlen (line) <= PIPE_BUF);

  for (p = line, left = strlen (line); left > 0;)
    {
      ssize_t written = write (STDOUT_FILENO, p, left);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        exit (EXIT_FAILURE);
      p += written;
      left -= written;
    }
}

static JsonNode *
email_list (const char *address)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, "work");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, address);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}

/* The contacts earlier writers left, so that this one edits old rows as well
 * as its own. Read with plain SQLite: the store has no call for all ids, and
 * parsing the whole outbox would make each start slower than the last. */
static GPtrArray *
list_live_contacts (const char *path)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT id FROM contacts", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("writer: %s\n", sqlite3_errmsg (db));
      exit (EXIT_FAILURE);
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

static gboolean
write_one (RapportStore *store,
           GRand        *rand,
           guint32       seed,
           guint         n,
           GPtrArray    *live,
           GError      **error)
{
  double dice = g_rand_double (rand);

  if (live->len == 0 || dice < 0.4)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonObject) record = NULL;
      g_autofree char *name = g_strdup_printf ("Ada-%u-%u", seed, n);
      g_autofree char *email = g_strdup_printf ("ada.%u.%u@example.com", seed, n);
      const char *id;

      json_object_set_string_member (fields, "first_name", name);
      json_object_set_member (fields, "emails", email_list (email));
      report ("try create %s %s", name, email);
      record = rapport_store_create (store, "contact", fields, error);
      if (record == NULL)
        return FALSE;
      id = json_object_get_string_member (record, "id");
      report ("create %s %s %s", id, name, email);
      g_ptr_array_add (live, g_strdup (id));
    }
  else if (dice < 0.93)
    {
      const char *id = g_ptr_array_index (live, g_rand_int_range (rand, 0, live->len));
      /* Not first_name: set once, it names the contact in the log. */
      guint which = g_rand_int_range (rand, 1, G_N_ELEMENTS (tracked_fields) - 1);
      const char *field = tracked_fields[which];
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonObject) record = NULL;
      g_autofree char *value = NULL;

      /* Values never repeat, so no update is a no-op that writes nothing. */
      if (g_str_equal (field, "emails"))
        {
          value = g_strdup_printf ("%s.%u.%u@example.com", field, seed, n);
          json_object_set_member (changes, field, email_list (value));
        }
      else
        {
          value = g_strdup_printf ("%s-%u-%u", field, seed, n);
          json_object_set_string_member (changes, field, value);
        }
      report ("try update %s %s %s", id, field, value);
      record = rapport_store_update (store, "contact", id, changes, error);
      if (record == NULL)
        return FALSE;
      report ("update %s %s %s", id, field, value);
    }
  else
    {
      guint index = g_rand_int_range (rand, 0, live->len);
      const char *id = g_ptr_array_index (live, index);

      report ("try delete %s", id);
      if (!rapport_store_delete (store, "contact", id, error))
        return FALSE;
      report ("delete %s", id);
      g_ptr_array_remove_index_fast (live, index);
    }
  return TRUE;
}

/* Writes until it is killed; returns only on an error. */
static int
run_writer (const char *path,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  store = rapport_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return EXIT_FAILURE;
    }
  live = list_live_contacts (path);
  report ("ready");

  for (guint n = 0;; n++)
    {
      if (!write_one (store, rand, seed, n, live, &error))
        {
          g_printerr ("writer: write %u failed: %s\n", n, error->message);
          return EXIT_FAILURE;
        }
    }
}

/* ---- the test --------------------------------------------------------- */

typedef struct
{
  char       *dir;        /* (owned) */
  char       *path;       /* (owned) */
  GRand      *rand;       /* (owned) */
  GPtrArray  *log;        /* (owned): every write reported, as printed */
  GHashTable *contacts;   /* (owned): id -> (field -> value) of live contacts */
  GHashTable *deleted;    /* (owned): ids of deleted contacts */

  guint       n_kills;
  guint       n_startup_kills;
  guint       n_in_flight_kept;
  guint       n_in_flight_dropped;
  guint       n_wal_kept;
  guint       n_full_reads;
  gint64      start_us;   /* how long the last writer took to start */
} CrashTest;

/* Adds a write the writer reported, or the one in flight that the check
 * found committed, to what the database must hold. */
static void
apply_write (CrashTest  *self,
             const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 4);
  guint n_words = g_strv_length (words);

  if (n_words == 4 && g_str_equal (words[0], "create"))
    {
      GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      g_hash_table_insert (fields, g_strdup ("first_name"), g_strdup (words[2]));
      g_hash_table_insert (fields, g_strdup ("emails"), g_strdup (words[3]));
      g_assert_false (g_hash_table_contains (self->contacts, words[1]));
      g_hash_table_insert (self->contacts, g_strdup (words[1]), fields);
    }
  else if (n_words == 4 && g_str_equal (words[0], "update"))
    {
      GHashTable *fields = g_hash_table_lookup (self->contacts, words[1]);

      g_assert_nonnull (fields);
      g_hash_table_insert (fields, g_strdup (words[2]), g_strdup (words[3]));
    }
  else if (n_words == 2 && g_str_equal (words[0], "delete"))
    {
      g_assert_true (g_hash_table_remove (self->contacts, words[1]));
      g_hash_table_add (self->deleted, g_strdup (words[1]));
    }
  else
    {
      g_test_message ("The writer printed “%s”", line);
      g_assert_not_reached ();
    }
  g_ptr_array_add (self->log, g_strdup (line));
}

/* An outbox entry from the store as the line the writer printed for it. */
static char *
describe_entry (JsonObject *entry)
{
  const char *op = json_object_get_string_member (entry, "op");
  const char *id = json_object_get_string_member (entry, "record_id");
  JsonNode *node = json_object_get_member (entry, "changes");
  JsonObject *changes;
  g_autoptr(GList) fields = NULL;

  if (g_str_equal (op, "delete"))
    return g_strdup_printf ("delete %s", id);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup_printf ("%s %s (no changes)", op, id);

  changes = json_node_get_object (node);
  if (g_str_equal (op, "create"))
    return g_strdup_printf ("create %s %s %s", id, change_text (changes, "first_name"),
                            change_text (changes, "emails"));

  /* The writer changes one field per update. */
  fields = json_object_get_members (changes);
  if (g_list_length (fields) != 1)
    return g_strdup_printf ("update %s (%u fields)", id, g_list_length (fields));
  return g_strdup_printf ("update %s %s %s", id, (const char *) fields->data,
                          change_text (changes, fields->data));
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A damaged file may fail here already. */
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_test_message ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (rc, ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    g_test_message ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The outbox as the lines the writer printed, read straight from the file.
 * SQLite's JSON functions do in microseconds what parsing each entry with
 * json-glib does in tens of them, and the outbox grows every round. */
static GPtrArray *
describe_outbox_file (sqlite3 *db)
{
  static const char sql[] =
    "SELECT CASE op"
    "  WHEN 'create' THEN printf ('create %s %s %s', record_id,"
    "    json_extract (changes, '$.first_name.new'),"
    "    json_extract (changes, '$.emails.new[0].value'))"
    "  WHEN 'update' THEN (SELECT CASE count (*)"
    "      WHEN 1 THEN printf ('update %s %s %s', record_id, key,"
    "        coalesce (json_extract (value, '$.new[0].value'), json_extract (value, '$.new')))"
    "      ELSE printf ('update %s (%d fields)', record_id, count (*)) END"
    "    FROM json_each (changes))"
    "  ELSE printf ('%s %s', op, record_id) END"
    " FROM outbox ORDER BY seq";
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (lines, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  return lines;
}

static void
assert_outbox_matches_log (CrashTest *self,
                           GPtrArray *entries)
{
  g_assert_cmpuint (entries->len, ==, self->log->len);
  for (guint i = 0; i < self->log->len; i++)
    {
      const char *entry = g_ptr_array_index (entries, i);
      const char *reported = g_ptr_array_index (self->log, i);

      if (g_strcmp0 (entry, reported) != 0)
        g_test_message ("Outbox entry %u is not reported write %u", i, i);
      g_assert_cmpstr (entry, ==, reported);
    }
}

/* Every reported write has its outbox entry, in order, and at most the
 * write in flight has one more: then it counts as committed. */
static void
check_outbox (CrashTest  *self,
              GPtrArray  *entries,
              const char *in_flight)
{
  if (entries->len < self->log->len)
    g_test_message ("%u reported writes but %u outbox entries", self->log->len, entries->len);
  g_assert_cmpuint (entries->len, >=, self->log->len);
  g_assert_cmpuint (entries->len, <=, self->log->len + 1);

  if (entries->len > self->log->len)
    {
      const char *entry = g_ptr_array_index (entries, entries->len - 1);
      g_auto(GStrv) words = g_strsplit (entry, " ", 3);
      g_autofree char *expected = NULL;

      if (in_flight == NULL)
        g_test_message ("Outbox entry “%s” is no write the writer tried", entry);
      g_assert_nonnull (in_flight);

      /* The writer learns a new contact's id only when create returns. */
      if (g_str_has_prefix (in_flight, "create ") && g_strv_length (words) == 3)
        expected = g_strdup_printf ("create %s %s", words[1], in_flight + strlen ("create "));
      else
        expected = g_strdup (in_flight);
      g_assert_cmpstr (entry, ==, expected);

      apply_write (self, entry);
      self->n_in_flight_kept++;
    }
  else if (in_flight != NULL)
    {
      self->n_in_flight_dropped++;
    }

  assert_outbox_matches_log (self, entries);
}

static void
assert_field (const char *id,
              const char *field,
              const char *stored,
              const char *expected)
{
  if (g_strcmp0 (stored, expected) != 0)
    g_test_message ("Contact %s has %s “%s”, the writes say “%s”",
                    id, field, stored ? stored : "(null)", expected ? expected : "(null)");
  g_assert_cmpstr (stored, ==, expected);
}

/* The contact rows are exactly those the writes leave, with their values.
 * As the outbox matched the writes, this also shows that a write in flight
 * whose entry is missing changed no row either. */
static void
check_rows_file (CrashTest *self,
                 sqlite3   *db)
{
  g_autofree char *orphans = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_rows = 0;
  int rc;

  /* Columns in the order of tracked_fields. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT id, first_name, json_extract (emails, '$[0].value'),"
                                       " last_name, title, notes, source FROM contacts",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      GHashTable *fields = g_hash_table_lookup (self->contacts, id);

      if (fields == NULL)
        g_test_message ("Contact %s has a row but %s", id,
                        g_hash_table_contains (self->deleted, id)
                          ? "was deleted" : "no committed write created it");
      g_assert_nonnull (fields);
      for (guint i = 0; tracked_fields[i] != NULL; i++)
        assert_field (id, tracked_fields[i], (const char *) sqlite3_column_text (stmt, i + 1),
                      g_hash_table_lookup (fields, tracked_fields[i]));
      n_rows++;
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n_rows, ==, g_hash_table_size (self->contacts));

  /* Said on its own as well: no row without the entry that created it. */
  orphans = query_text (db, "SELECT count (*) FROM contacts WHERE id NOT IN"
                            " (SELECT record_id FROM outbox WHERE op = 'create')");
  g_assert_cmpstr (orphans, ==, "0");
}

/* Reads a contact back through the store as the application would. */
static void
check_record (CrashTest    *self,
              RapportStore *store,
              const char   *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_get (store, "contact", id, &error);
  GHashTable *fields = g_hash_table_lookup (self->contacts, id);

  if (fields == NULL)
    {
      g_assert_true (g_hash_table_contains (self->deleted, id));
      g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
      g_assert_null (record);
      return;
    }

  g_assert_no_error (error);
  for (guint i = 0; tracked_fields[i] != NULL; i++)
    {
      const char *field = tracked_fields[i];

      assert_field (id, field, node_text (json_object_get_member (record, field)),
                    g_hash_table_lookup (fields, field));
    }
}

/* Everything through the store: the whole outbox and every record, live or
 * deleted. Slow enough on a big outbox to do only now and then. */
static void
check_store_fully (CrashTest    *self,
                   RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = rapport_store_list_outbox (store, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer id;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (lines, describe_entry (g_ptr_array_index (entries, i)));
  assert_outbox_matches_log (self, lines);

  g_hash_table_iter_init (&iter, self->contacts);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    check_record (self, store, id);
  g_hash_table_iter_init (&iter, self->deleted);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    check_record (self, store, id);
  self->n_full_reads++;
}

/* @first_new: the first write of this round in the log */
static void
check_database (CrashTest  *self,
                guint       first_new,
                const char *in_flight,
                gboolean    keep_wal,
                gboolean    read_all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *integrity = NULL;
  char *message = NULL;
  sqlite3 *db = NULL;

  /* Plain SQLite first, before the store touches the file. */
  g_assert_cmpint (sqlite3_open_v2 (self->path, &db,
                                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  /* Leave the log to the next writer: it starts by recovering it. This
   * connection closes last, so the store's closing does not checkpoint. */
  if (keep_wal)
    sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  /* Once open, the store may be writing on its own (duplicate keys a cut
   * first sync still owes): wait for it as any other writer would. */
  sqlite3_busy_timeout (db, 10000);
  integrity = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  /* Opening must work whatever the kill interrupted, the creation of the
   * file included: it finishes the schema if the writer could not. */
  store = rapport_store_open (self->path, &error);
  g_assert_no_error (error);

  if (sqlite3_exec (db, "INSERT INTO contacts_fts (contacts_fts) VALUES ('integrity-check')",
                    NULL, NULL, &message) != SQLITE_OK)
    g_test_message ("The search index does not match the contacts: %s", message);
  g_assert_null (message);

  entries = describe_outbox_file (db);
  check_outbox (self, entries, in_flight);
  check_rows_file (self, db);

  /* What this round wrote, through the store; now and then all of it. */
  if (read_all)
    {
      check_store_fully (self, store);
    }
  else
    {
      for (guint i = first_new; i < self->log->len; i++)
        {
          g_auto(GStrv) words = g_strsplit (g_ptr_array_index (self->log, i), " ", 3);

          check_record (self, store, words[1]);
        }
    }

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  if (keep_wal)
    self->n_wal_kept++;
}

/* Reads what the writer printed for up to @timeout_ms (-1: until there is
 * something); FALSE at the end of its output. */
static gboolean
read_output (int      fd,
             GString *output,
             int      timeout_ms)
{
  GPollFD poll_fd = { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 };
  char buffer[4096];
  ssize_t n_read;

  if (g_poll (&poll_fd, 1, timeout_ms) == 0)
    return TRUE;
  do
    n_read = read (fd, buffer, sizeof buffer);
  while (n_read < 0 && errno == EINTR);
  g_assert_cmpint (n_read, >=, 0);
  g_string_append_len (output, buffer, n_read);
  return n_read > 0;
}

typedef struct
{
  GPid   pid;
  gulong delay_us;
} DelayedKill;

/* Kills from its own thread, so that the moment does not depend on when the
 * writer's output wakes the reading thread: a kill checked there would land
 * right after a line far more often than inside a transaction. */
static gpointer
kill_later_cb (gpointer data)
{
  DelayedKill *delayed = data;

  g_usleep (delayed->delay_us);
  return GINT_TO_POINTER (kill (delayed->pid, SIGKILL) == 0);
}

/* Starts a writer, kills it and returns what it printed. */
static char *
run_writer_and_kill (CrashTest *self,
                     gboolean   while_starting)
{
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (self->rand));
  const char *argv[] = { "/proc/self/exe", "--writer", self->path, seed, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);
  DelayedKill delayed = { 0 };
  GThread *killer;
  gint64 spawned, deadline;
  int fd, status;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CLOEXEC_PIPES,
                            NULL, NULL, &delayed.pid, NULL, &fd, NULL, &error);
  g_assert_no_error (error);
  spawned = g_get_monotonic_time ();

  if (while_starting)
    {
      /* Anywhere from exec to the first writes, as long as the last round
       * took to start: opening, recovering the log, creating the schema. */
      delayed.delay_us = g_rand_int_range (self->rand, 0, self->start_us);
    }
  else
    {
      /* Time the kill from the first write, so that each round writes for
       * a while whatever starting costs on this machine. */
      deadline = spawned + READY_TIMEOUT_US;
      while (!g_str_has_prefix (output->str, "ready\n") && g_get_monotonic_time () < deadline)
        if (!read_output (fd, output, 100))
          break;
      if (!g_str_has_prefix (output->str, "ready\n"))
        kill (delayed.pid, SIGKILL);
      g_assert_true (g_str_has_prefix (output->str, "ready\n"));
      self->start_us = MAX (g_get_monotonic_time () - spawned, 1000);
      delayed.delay_us = g_rand_int_range (self->rand, 0, MAX_DELAY_MS * 1000 + 1);
    }

  /* Keep reading meanwhile: a full pipe would stop the writer. */
  killer = g_thread_new ("killer", kill_later_cb, &delayed);
  while (read_output (fd, output, -1))
    ;
  close (fd);
  g_assert_true (g_thread_join (killer));

  g_assert_cmpint (waitpid (delayed.pid, &status, 0), ==, delayed.pid);
  g_spawn_close_pid (delayed.pid);
  /* The writer stops only when it is killed; anything else is an error it
   * printed on stderr. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  self->n_kills++;
  if (!g_str_has_prefix (output->str, "ready\n"))
    self->n_startup_kills++;
  return g_string_free (g_steal_pointer (&output), FALSE);
}

static void
test_sigkill_writer (void)
{
  CrashTest self = { 0 };
  guint n_reported = 0;
  gint64 started, check_us = 0;

  self.dir = rapport_test_make_dir ();
  self.path = g_build_filename (self.dir, "rapport.db", NULL);
  self.rand = g_rand_new_with_seed (g_test_rand_int ());
  self.start_us = 10000;
  self.log = g_ptr_array_new_with_free_func (g_free);
  self.contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
  self.deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *output = run_writer_and_kill (&self, round % STARTUP_KILL_EVERY == 0);
      g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
      guint first_new = self.log->len;
      const char *in_flight = NULL;

      /* The writer prints whole lines, so the last one ends the output. */
      g_assert_true (output[0] == '\0' || g_str_has_suffix (output, "\n"));
      for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
        {
          if (g_str_equal (lines[i], "ready"))
            continue;
          if (g_str_has_prefix (lines[i], "try "))
            {
              in_flight = lines[i] + strlen ("try ");
              continue;
            }
          apply_write (&self, lines[i]);
          n_reported++;
          in_flight = NULL;
        }

      started = g_get_monotonic_time ();
      check_database (&self, first_new, in_flight,
                      round % CHECKPOINT_EVERY != CHECKPOINT_EVERY - 1,
                      round % READ_ALL_EVERY == READ_ALL_EVERY - 1 || round == N_ROUNDS - 1);
      check_us += g_get_monotonic_time () - started;
    }

  g_test_message ("%u kills (%u while starting), %u reported writes all checked after each "
                  "kill, %u writes in flight found committed whole and %u absent whole, "
                  "%u contacts left and %u deleted, %u rounds left the log to recover, "
                  "%u read all back through the store; checks took %.1f s",
                  self.n_kills, self.n_startup_kills, n_reported, self.n_in_flight_kept,
                  self.n_in_flight_dropped, g_hash_table_size (self.contacts),
                  g_hash_table_size (self.deleted), self.n_wal_kept, self.n_full_reads,
                  check_us / (double) G_USEC_PER_SEC);
  /* A run that hardly wrote would prove nothing. */
  g_assert_cmpuint (n_reported, >=, N_ROUNDS);
  g_assert_cmpuint (g_hash_table_size (self.deleted), >, 0);

  rapport_test_remove_dir (self.dir);
  g_free (self.dir);
  g_free (self.path);
  g_rand_free (self.rand);
  g_ptr_array_unref (self.log);
  g_hash_table_unref (self.contacts);
  g_hash_table_unref (self.deleted);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2], (guint32) g_ascii_strtoull (argv[3], NULL, 10));

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/store/crash/sigkill-writer", test_sigkill_writer);

  return g_test_run ();
}
