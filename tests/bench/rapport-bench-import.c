/* rapport-bench-import.c: import of 100,000 CSV rows and 10,000 vCards,
 * and a duplicate scan of the 100,000 contacts
 *
 * The rows are the benchmark's realistic contacts (bench-data.c), written
 * out as an Outlook CSV file and as vCards (3.0, every fourth one 2.1 with
 * QUOTED-PRINTABLE), then imported into an empty database as a user would:
 * read, matched, written through the store's own create with the outbox,
 * in batches. Next to each rate, the store's bulk rate in the same run:
 * the same contacts written as a first sync writes them
 * (rapport_store_write_synced()), the fastest way records get into a
 * store. A second import of the same file (every row matched, nothing
 * changed) shows what re-importing costs.
 *
 * The scan (SPEC.md §5.3) runs on the synced book: first its match keys,
 * owed after a first sync and built as the store builds them in the
 * background, then every contact compared with those sharing a key.
 * Its baseline is reading every contact's row once with plain SQLite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "bench-data.h"
#include "bench-report.h"
#include "rapport-import.h"
#include "rapport-store-duplicates.h"
#include "rapport-store.h"

#define SYNC_PAGE 5000

static int opt_rows = 100000;
static int opt_cards = 10000;
static gboolean opt_check;

static const GOptionEntry option_entries[] = {
  { "rows", 0, 0, G_OPTION_ARG_INT, &opt_rows, "CSV rows to import", "N" },
  { "cards", 0, 0, G_OPTION_ARG_INT, &opt_cards, "vCards to import", "N" },
  { "check", 0, 0, G_OPTION_ARG_NONE, &opt_check, "Fail unless every row was imported", NULL },
  { NULL }
};

static const char *
text_of (JsonObject *record,
         const char *name)
{
  return json_object_get_string_member_with_default (record, name, "");
}

static const char *
list_value (JsonObject *record,
            const char *name,
            guint       index)
{
  JsonNode *node = json_object_get_member (record, name);
  JsonArray *list;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return "";
  list = json_node_get_array (node);
  if (index >= json_array_get_length (list))
    return "";
  return json_object_get_string_member (json_array_get_object_element (list, index), "value");
}

static void
append_cell (GString    *out,
             const char *value,
             gboolean    last)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append (out, last ? "\"\r\n" : "\",");
}

static void
append_qp (GString    *out,
           const char *value)
{
  for (const guchar *p = (const guchar *) value; *p; p++)
    if (*p >= 0x80 || *p == '=' || *p == ';')
      g_string_append_printf (out, "=%02X", *p);
    else
      g_string_append_c (out, *p);
}

static char *
company_name (guint index)
{
  static const char * const words[] = { "Northwind", "华东贸易", "Müller", "Fjord", "さくら", "Orbit" };

  return g_strdup_printf ("%s %u", words[index % G_N_ELEMENTS (words)], index % 5000);
}

static void
write_files (GPtrArray  *contacts,
             const char *csv_path,
             const char *vcf_path,
             guint       n_cards)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,Company,Job Title,E-mail Address,"
                                         "E-mail 2 Address,Business Phone,Mobile Phone,Birthday,Notes\r\n");
  g_autoptr(GString) vcf = g_string_new (NULL);

  for (guint i = 0; i < contacts->len; i++)
    {
      JsonObject *c = contacts->pdata[i];
      g_autofree char *company = company_name (i);
      /* The generated people share some addresses and phones; here each
       * row is one person, found again by its own address. */
      const char *first_email = list_value (c, "emails", 0);
      g_autofree char *email = *first_email ? g_strdup_printf ("%u.%s", i, first_email)
                                            : g_strdup_printf ("row%u@bench.example", i);
      const char *other_email = list_value (c, "emails", 1);
      g_autofree char *second_email = *other_email ? g_strdup_printf ("%u.%s", i, other_email) : g_strdup ("");

      append_cell (csv, text_of (c, "first_name"), FALSE);
      append_cell (csv, text_of (c, "last_name"), FALSE);
      append_cell (csv, company, FALSE);
      append_cell (csv, text_of (c, "title"), FALSE);
      append_cell (csv, email, FALSE);
      append_cell (csv, second_email, FALSE);
      append_cell (csv, list_value (c, "phones", 0), FALSE);
      append_cell (csv, list_value (c, "phones", 1), FALSE);
      append_cell (csv, text_of (c, "birthday"), FALSE);
      append_cell (csv, text_of (c, "notes"), TRUE);

      if (i >= n_cards)
        continue;
      if (i % 4 == 3)
        {
          g_string_append (vcf, "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:");
          append_qp (vcf, text_of (c, "last_name"));
          g_string_append_c (vcf, ';');
          append_qp (vcf, text_of (c, "first_name"));
          g_string_append_printf (vcf, ";;;\r\nTEL;CELL:%s\r\nEMAIL;INTERNET:%s\r\nEND:VCARD\r\n",
                                  list_value (c, "phones", 0), email);
        }
      else
        g_string_append_printf (vcf,
                                "BEGIN:VCARD\r\nVERSION:3.0\r\nN:%s;%s;;;\r\nFN:%s %s\r\nORG:%s\r\n"
                                "TITLE:%s\r\nEMAIL;TYPE=INTERNET,WORK:%s\r\nTEL;TYPE=CELL:%s\r\n"
                                "UID:bench-%u\r\nEND:VCARD\r\n",
                                text_of (c, "last_name"), text_of (c, "first_name"),
                                text_of (c, "first_name"), text_of (c, "last_name"), company,
                                text_of (c, "title"), email, list_value (c, "phones", 0), i);
    }
  g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, NULL));
  g_assert_true (g_file_set_contents (vcf_path, vcf->str, vcf->len, NULL));
}

static RapportStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  RapportStore *store = rapport_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* Seconds to import @path into @store, and the report. */
static double
import (RapportStore         *store,
        const char           *path,
        RapportImportReport **report)
{
  RapportImportOptions options = { .policy = RAPPORT_IMPORT_CREATE_OR_UPDATE };
  g_autoptr(RapportImportSource) source = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  source = rapport_import_source_read (path, &options, &error);
  g_assert_no_error (error);
  *report = rapport_import_run (store, source, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return bench_elapsed_ms (start) / 1000;
}

static void
print_counts (const char          *what,
              RapportImportReport *report,
              double               seconds)
{
  g_printerr ("%s: %u created, %u updated, %u unchanged, %u errors, %u companies made, %.1f s\n",
              what, report->counts[RAPPORT_IMPORT_ACTION_CREATE],
              report->counts[RAPPORT_IMPORT_ACTION_UPDATE], report->counts[RAPPORT_IMPORT_ACTION_UNCHANGED],
              report->counts[RAPPORT_IMPORT_ACTION_ERROR], report->companies_created, seconds);
}

static void
emit_rate (const char *bench,
           guint       records,
           double      seconds,
           double      baseline,
           const char *note)
{
  BenchLine line = { bench, "records/s", records / seconds, baseline, BENCH_NONE, note };

  bench_emit (&line);
}

/* The baseline of the scan: every contact's row read once. */
static double
read_all_ms (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start = g_get_monotonic_time ();
  guint rows = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT * FROM contacts", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    rows++;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (rows, >, 0);
  return bench_elapsed_ms (start);
}

/* Keys owed after a first sync, built; then the whole book scanned. */
static guint
scan (RapportStore *store,
      const char   *path,
      guint         n_contacts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  double keys_ms, scan_ms, baseline_ms;
  guint skipped = 0;
  gint64 start = g_get_monotonic_time ();
  g_autofree char *note = NULL;

  g_assert_true (rapport_store_build_match_keys (store, &error));
  g_assert_no_error (error);
  keys_ms = bench_elapsed_ms (start);
  start = g_get_monotonic_time ();
  groups = rapport_store_scan_duplicates (store, "contact", RAPPORT_DUPLICATE_POSSIBLE, &skipped, &error);
  g_assert_no_error (error);
  scan_ms = bench_elapsed_ms (start);
  baseline_ms = read_all_ms (path);

  emit_rate ("match_keys_build_rate", n_contacts, keys_ms / 1000, BENCH_NONE,
             "the match keys a first sync leaves owed (email, phone in E.164, domain, name, sound, pinyin),"
             " built in the store's batches");
  note = g_strdup_printf ("rapport_store_scan_duplicates of %u contacts from possible up: %u groups,"
                          " %u blocks over 20 skipped; baseline: SELECT * of every contact",
                          n_contacts, groups->len, skipped);
  bench_emit (&(BenchLine){ "duplicate_scan_s", "s", scan_ms / 1000, baseline_ms / 1000, 10, note });
  return groups->len;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- import benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *csv_path = NULL, *vcf_path = NULL;
  g_autoptr(BenchData) data = bench_data_new (BENCH_SEED);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(RapportStore) synced = NULL, imported = NULL, cards = NULL;
  RapportImportReport *report = NULL;
  double bulk_rate, seconds;
  gint64 start;
  int status = 0;

  g_option_context_add_main_entries (context, option_entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  dir = g_dir_make_tmp ("rapport-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  csv_path = g_build_filename (dir, "contacts.csv", NULL);
  vcf_path = g_build_filename (dir, "contacts.vcf", NULL);

  /* Companies first, so that the contacts' references have something to
   * point at; then the contacts, kept for the files. */
  g_ptr_array_unref (bench_data_make_page (data, "user", 20));
  g_ptr_array_unref (bench_data_make_page (data, "company", 5000));
  contacts = bench_data_make_page (data, "contact", opt_rows);
  write_files (contacts, csv_path, vcf_path, MIN ((guint) opt_cards, contacts->len));

  /* The store's bulk rate: the same contacts as a first sync writes them. */
  synced = open_store (dir, "synced.db");
  start = g_get_monotonic_time ();
  for (guint i = 0; i < contacts->len; i += SYNC_PAGE)
    {
      g_autoptr(GPtrArray) page = g_ptr_array_new ();

      for (guint j = i; j < MIN (i + SYNC_PAGE, contacts->len); j++)
        g_ptr_array_add (page, contacts->pdata[j]);
      g_assert_true (rapport_store_write_synced (synced, "contact", page, &error));
      g_assert_no_error (error);
    }
  bulk_rate = contacts->len / (bench_elapsed_ms (start) / 1000);
  emit_rate ("store_bulk_rate", contacts->len, contacts->len / bulk_rate, BENCH_NONE,
             "rapport_store_write_synced, pages of 5000: the baseline of the import rates");
  {
    g_autofree char *synced_path = g_build_filename (dir, "synced.db", NULL);

    status |= scan (synced, synced_path, contacts->len) == 0;
  }

  imported = open_store (dir, "imported.db");
  seconds = import (imported, csv_path, &report);
  status |= report->counts[RAPPORT_IMPORT_ACTION_CREATE] != contacts->len;
  emit_rate ("import_csv_rate", contacts->len, seconds, bulk_rate,
             "CSV rows read, matched by email and created with the outbox, companies made on the way");
  print_counts ("csv", report, seconds);
  rapport_import_report_free (report);

  /* The keys the import left owed, built now rather than under the next
   * import's feet: the background would share the writer with it. */
  start = g_get_monotonic_time ();
  g_assert_true (rapport_store_build_match_keys (imported, &error));
  g_assert_no_error (error);
  emit_rate ("import_keys_after_rate", contacts->len, bench_elapsed_ms (start) / 1000, bulk_rate,
             "the imported contacts' duplicate keys, built after the import as the background does");

  seconds = import (imported, csv_path, &report);
  status |= report->counts[RAPPORT_IMPORT_ACTION_UNCHANGED] != contacts->len;
  print_counts ("csv again", report, seconds);
  emit_rate ("reimport_csv_rate", contacts->len, seconds, bulk_rate,
             "the same file again: every row matched by its email, nothing written");
  rapport_import_report_free (report);

  cards = open_store (dir, "cards.db");
  seconds = import (cards, vcf_path, &report);
  status |= report->counts[RAPPORT_IMPORT_ACTION_CREATE] != MIN ((guint) opt_cards, contacts->len);
  print_counts ("vcard", report, seconds);
  emit_rate ("import_vcard_rate", MIN ((guint) opt_cards, contacts->len), seconds, bulk_rate,
             "vCard 3.0, every fourth 2.1 quoted-printable, parsed by EVCard");
  rapport_import_report_free (report);

  g_clear_object (&synced);
  g_clear_object (&imported);
  g_clear_object (&cards);
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
  if (status != 0)
    g_printerr ("Not every row was imported as expected\n");
  return opt_check ? status : 0;
}
