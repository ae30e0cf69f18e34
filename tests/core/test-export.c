/* test-export.c: lists exported as CSV and vCard and imported again, and
 * what the app's import needs of the engine: a mapping of its own, a stop
 * that leaves the book as it was, the history of imports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-export.h"
#include "rapport-import.h"
#include "rapport-json.h"
#include "rapport-query-private.h"
#include "rapport-test-util.h"

/* A book with what an export has to carry: CJK and 4-byte characters,
 * labels of its own, a multi-line address, quotes, tags, consent. */
static void
fill (RapportStore *store)
{
  g_autofree char *company = rapport_test_create (store, "company",
    "{\"name\": \"深圳明辉电子, Ltd.\", \"domain\": \"minghui.example\", \"employees\": 120}");
  g_autofree char *first = NULL, *second = NULL, *third = NULL;

  first = rapport_test_create (store, "contact",
    "{\"first_name\": \"𠮷太郎\", \"last_name\": \"𠮷野\", \"title\": \"店長\", \"company_id\": \"%s\","
    " \"emails\": [{\"label\": \"work\", \"value\": \"taro@yoshinoya.example\"},"
    "              {\"label\": \"Büro; 2\", \"value\": \"taro@home.example\"}],"
    " \"phones\": [{\"label\": \"mobile\", \"value\": \"090-1234-5678\"}],"
    " \"address\": \"東京都千代田区\\n丸の内1-1\", \"birthday\": \"1980-01-15\","
    " \"lifecycle\": \"customer\", \"source\": \"Trade fair\", \"tags\": [\"VIP\", \"拉面\"],"
    " \"notes\": \"常連客 🍜 \\\"特盛\\\", always; on time\"}",
    company);
  second = rapport_test_create (store, "contact",
    "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\", \"company_id\": \"%s\","
    " \"emails\": [{\"value\": \"ana@northwind.example\"}],"
    " \"external_ref\": \"salesforce:0031\"}", company);
  third = rapport_test_create (store, "contact",
    "{\"first_name\": \"Lucas\", \"phones\": [{\"label\": \"home\", \"value\": \"+33 1 23 45 67 89\"}]}");
  /* Consent is kept as records; the contact's email_consent follows. */
  g_free (rapport_test_create (store, "consent",
    "{\"contact_id\": \"%s\", \"purpose\": \"marketing\", \"status\": \"granted\","
    " \"source\": \"web_form\", \"proof\": \"Sign-up form\", \"captured_at\": \"2026-03-01T10:00:00Z\"}",
    first));
  g_free (rapport_test_create (store, "consent",
    "{\"contact_id\": \"%s\", \"purpose\": \"marketing\", \"status\": \"denied\","
    " \"captured_at\": \"2026-03-01T10:00:00Z\"}", second));
}

/* A record as a user compares two books: values, the company by name. */
static JsonObject *
comparable (RapportStore *store,
            JsonObject   *record,
            gboolean      vcard)
{
  /* clang-format off */
  static const char * const kept[] = {
    "first_name", "last_name", "title", "emails", "phones", "address", "birthday", "tags",
    "notes", "lifecycle", "source", "email_consent", "external_ref", "name", "domain", "employees",
    NULL
  };
  /* vCard has no place for these. */
  static const char * const csv_only[] = { "lifecycle", "source", "email_consent", "external_ref", NULL };
  /* clang-format on */
  JsonObject *out = json_object_new ();
  const char *company_id = rapport_json_get_string (record, "company_id");

  for (guint i = 0; kept[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (record, kept[i]);

      if (vcard && g_strv_contains (csv_only, kept[i]))
        continue;
      if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
        json_object_set_member (out, kept[i], json_node_copy (node));
    }
  if (company_id != NULL)
    {
      g_autoptr(JsonObject) company = rapport_store_get (store, "company", company_id, NULL);

      json_object_set_string_member (out, "company", rapport_json_get_string (company, "name"));
    }
  return out;
}

/* The records of @entity, comparable, by their first name or name. */
static GHashTable *
book (RapportStore *store,
      const char   *entity,
      gboolean      vcard)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, NULL);
  g_autoptr(GPtrArray) rows = rapport_store_fetch_all (store, snapshot, NULL);
  GHashTable *records = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) json_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *record = rows->pdata[i];
      const char *key = rapport_json_get_string (record, strcmp (entity, "contact") == 0 ? "first_name" : "name");

      g_hash_table_insert (records, g_strdup (key), comparable (store, record, vcard));
    }
  return records;
}

static char *
to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static void
assert_same_books (RapportStore *a,
                   RapportStore *b,
                   const char   *entity,
                   gboolean      vcard)
{
  g_autoptr(GHashTable) first = book (a, entity, vcard);
  g_autoptr(GHashTable) second = book (b, entity, vcard);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (first), ==, g_hash_table_size (second));
  g_hash_table_iter_init (&iter, first);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *want = to_text (value);
      JsonObject *other = g_hash_table_lookup (second, key);
      g_autofree char *got = other ? to_text (other) : NULL;

      g_assert_cmpstr (got, ==, want);
    }
}

static char *
export_to_text (RapportStore               *store,
                RapportQuery               *query,
                const RapportExportOptions *options,
                guint                      *written)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_export_write (store, query, options, out, NULL, NULL, NULL, written, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static char *
export_all (RapportStore        *store,
            const char          *entity,
            RapportExportFormat  format,
            gboolean             excel)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  RapportExportOptions options = { format, excel };

  return export_to_text (store, query, &options, NULL);
}

static RapportImportReport *
import_text (RapportStore *store,
             const char   *text,
             const RapportImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportImportSource) source = rapport_import_source_parse (text, strlen (text), "export",
                                                                       options, &error);
  RapportImportReport *report;

  g_assert_no_error (error);
  report = rapport_import_run (store, source, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return report;
}

static void
round_trip (RapportTestStore    *fixture,
            RapportExportFormat  format,
            gboolean             excel)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *empty = rapport_test_open_store (dir);
  gboolean vcard = format != RAPPORT_EXPORT_CSV;
  RapportImportOptions options = { 0 };
  g_autofree char *contacts = NULL;
  g_autoptr(RapportImportReport) first = NULL;
  g_autoptr(RapportImportReport) again = NULL;

  fill (fixture->store);
  contacts = export_all (fixture->store, "contact", format, excel);
  if (excel)
    g_assert_true (g_str_has_prefix (contacts, "\xef\xbb\xbf" "id"));

  /* Into an empty book: the same records. */
  first = import_text (empty, contacts, &options);
  g_assert_cmpuint (first->counts[RAPPORT_IMPORT_ACTION_CREATE], ==, 3);
  g_assert_cmpuint (first->counts[RAPPORT_IMPORT_ACTION_ERROR], ==, 0);
  assert_same_books (fixture->store, empty, "contact", vcard);

  /* Into the book it came from: every row finds its record by id. */
  again = import_text (fixture->store, contacts, &options);
  g_assert_cmpuint (again->counts[RAPPORT_IMPORT_ACTION_CREATE], ==, 0);
  g_assert_cmpuint (again->counts[RAPPORT_IMPORT_ACTION_UNCHANGED], ==, 3);

  if (!vcard)
    {
      g_autofree char *companies = export_all (fixture->store, "company", format, excel);
      g_autoptr(RapportImportReport) updated = import_text (empty, companies, &options);

      g_assert_cmpuint (updated->counts[RAPPORT_IMPORT_ACTION_ERROR], ==, 0);
      assert_same_books (fixture->store, empty, "company", FALSE);
    }
  rapport_test_close_store (&empty, &dir);
}

static void
test_csv_round_trip (RapportTestStore *fixture,
                     gconstpointer     data)
{
  round_trip (fixture, RAPPORT_EXPORT_CSV, FALSE);
}

static void
test_csv_for_excel_round_trip (RapportTestStore *fixture,
                               gconstpointer     data)
{
  round_trip (fixture, RAPPORT_EXPORT_CSV, TRUE);
}

static void
test_vcard3_round_trip (RapportTestStore *fixture,
                        gconstpointer     data)
{
  round_trip (fixture, RAPPORT_EXPORT_VCARD3, FALSE);
}

static void
test_vcard4_round_trip (RapportTestStore *fixture,
                        gconstpointer     data)
{
  round_trip (fixture, RAPPORT_EXPORT_VCARD4, FALSE);
}

static void
test_vcard_lines (RapportTestStore *fixture,
                  gconstpointer     data)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *long_note = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GString) json = g_string_new ("{\"first_name\": \"王芳\", \"notes\": \"");

  /* 100 three-byte characters: folded, never inside one. */
  for (guint i = 0; i < 100; i++)
    g_string_append (json, "汉");
  g_string_append (json, "\"}");
  id = rapport_test_create (fixture->store, "contact", "%s", json->str);
  text = export_all (fixture->store, "contact", RAPPORT_EXPORT_VCARD3, FALSE);
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  g_assert_true (g_strv_contains ((const char * const *) lines, "VERSION:3.0"));
  g_assert_nonnull (strstr (text, id));
}

static void
test_export_as_filtered (RapportTestStore *fixture,
                         gconstpointer     data)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("contact");
  RapportExportOptions options = { RAPPORT_EXPORT_CSV, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autofree char *text = NULL;
  guint written = 0;

  fill (fixture->store);
  rapport_query_set_search (query, "Ribeiro");
  text = export_to_text (fixture->store, query, &options, &written);
  g_assert_cmpuint (written, ==, 1);
  g_assert_nonnull (strstr (text, "Ana"));
  g_assert_null (strstr (text, "Lucas"));

  /* Companies have no vCard. */
  g_clear_pointer (&query, rapport_query_free);
  query = rapport_query_new ("company");
  options.format = RAPPORT_EXPORT_VCARD4;
  g_assert_false (rapport_export_write (fixture->store, query, &options, out, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, RAPPORT_EXPORT_ERROR, RAPPORT_EXPORT_ERROR_NOT_CONTACTS);
}

/* A file of no known layout, mapped column by column by the user. */
static void
test_user_mapping (RapportTestStore *fixture,
                   gconstpointer     data)
{
  const char csv[] = "Kundennr,Wer,Kontakt\n7,Ana Ribeiro,ana@northwind.example\n";
  RapportImportOptions options = { .map_later = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportImportSource) detected = rapport_import_source_parse (csv, strlen (csv), "x.csv",
                                                                         &options, &error);
  g_autoptr(RapportImportMapping) chosen = NULL;
  g_autoptr(RapportImportSource) source = NULL;
  RapportImportRow *row;

  g_assert_no_error (error);
  g_assert_null (detected->mapping->layout);
  g_assert_cmpstr (detected->header[1], ==, "Wer");
  /* What the mapper shows under each column's title. */
  g_assert_cmpstr (detected->sample[1], ==, "Ana Ribeiro");
  /* "Wer" and "Kontakt" say nothing the engine knows as a name and an email. */
  g_assert_false (json_object_has_member (((RapportImportRow *) detected->rows->pdata[0])->values, "emails"));

  chosen = rapport_import_mapping_copy (detected->mapping);
  chosen->targets[0] = (RapportImportTarget){ RAPPORT_IMPORT_EXTERNAL_ID, 0, NULL, 1 };
  chosen->targets[1] = (RapportImportTarget){ RAPPORT_IMPORT_FULL_NAME, 0, NULL, 1 };
  chosen->targets[2] = (RapportImportTarget){ RAPPORT_IMPORT_EMAIL, 0, NULL, 1 };
  options.mapping = chosen;
  source = rapport_import_source_parse (csv, strlen (csv), "x.csv", &options, &error);
  g_assert_no_error (error);
  row = source->rows->pdata[0];
  g_assert_cmpstr (rapport_json_get_string (row->values, "first_name"), ==, "Ana");
  g_assert_cmpstr (rapport_json_get_string (row->values, "last_name"), ==, "Ribeiro");
  g_assert_cmpstr (rapport_json_get_string (row->values, "external_ref"), ==, "7");
  g_assert_true (json_object_has_member (row->values, "emails"));
}

static void
stop_after_first (guint    done,
                  guint    total,
                  gpointer data)
{
  GCancellable *cancellable = data;

  /* Some rows are committed by now. */
  g_assert_cmpuint (done, >, 0);
  g_assert_cmpuint (done, <, total);
  g_cancellable_cancel (cancellable);
}

static guint
count (RapportStore *store,
       const char   *entity)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity);
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, NULL);

  return rapport_snapshot_get_n_rows (snapshot);
}

/* Stopped after its first transaction, an import leaves the book as it was. */
static void
test_cancel_writes_nothing (RapportTestStore *fixture,
                            gconstpointer     data)
{
  g_autoptr(GString) csv = g_string_new ("First Name,Last Name,E-mail Address,Company\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  RapportImportOptions options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportImportSource) source = NULL;
  g_autoptr(RapportImportReport) report = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autofree char *kept = rapport_test_create (fixture->store, "contact", "{\"first_name\": \"Kept\"}");

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Person,%u,p%u@example.com,Firm %u\n", i, i, i % 7);
  source = rapport_import_source_parse (csv->str, csv->len, "big.csv", &options, &error);
  g_assert_no_error (error);
  report = rapport_import_run (fixture->store, source, &options, cancellable, stop_after_first,
                               cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_clear_error (&error);

  g_assert_cmpuint (count (fixture->store, "contact"), ==, 1);
  g_assert_cmpuint (count (fixture->store, "company"), ==, 0);
  /* The history says it was undone. */
  batches = rapport_import_list_batches (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_nonnull (((RapportImportBatch *) batches->pdata[0])->undone_at);
}

static void
test_history (RapportTestStore *fixture,
              gconstpointer     data)
{
  const char csv[] = "First Name,Last Name,E-mail Address,Company\nAna,Ribeiro,ana@northwind.example,Northwind\n"
                     "Lucas,Martin,lucas@example.com,Kestrel\n";
  RapportImportOptions options = { 0 };
  g_autoptr(RapportImportReport) report = import_text (fixture->store, csv, &options);
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  RapportImportBatch *batch;

  batches = rapport_import_list_batches (fixture->store, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 1);
  batch = batches->pdata[0];
  g_assert_cmpstr (batch->id, ==, report->batch_id);
  g_assert_cmpstr (batch->entity, ==, "contact");
  g_assert_cmpstr (batch->format, ==, "csv");
  /* The contacts, not the companies made for them. */
  g_assert_cmpuint (batch->n_records, ==, 2);
  g_assert_null (batch->undone_at);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, RapportTestStore, NULL, rapport_test_store_set_up, func, rapport_test_store_tear_down)
  ADD ("/rapport/export/csv/round-trip", test_csv_round_trip);
  ADD ("/rapport/export/csv/for-excel", test_csv_for_excel_round_trip);
  ADD ("/rapport/export/vcard3/round-trip", test_vcard3_round_trip);
  ADD ("/rapport/export/vcard4/round-trip", test_vcard4_round_trip);
  ADD ("/rapport/export/vcard/lines", test_vcard_lines);
  ADD ("/rapport/export/as-filtered", test_export_as_filtered);
  ADD ("/rapport/import/app/user-mapping", test_user_mapping);
  ADD ("/rapport/import/app/cancel-writes-nothing", test_cancel_writes_nothing);
  ADD ("/rapport/import/app/history", test_history);
#undef ADD

  return g_test_run ();
}
