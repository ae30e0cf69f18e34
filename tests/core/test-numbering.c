/* test-numbering.c: the numbers the server gives records, as a client
 * shows and finds them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-numbering.h"
#include "rapport-query.h"
#include "rapport-store-sync.h"
#include "rapport-test-util.h"
#include "rapport-validate.h"

static void
test_format (void)
{
  const RapportEntity *cases = rapport_entity_lookup ("case");
  g_autofree char *first = rapport_numbering_format (cases->numbering, 2026, 42);
  g_autofree char *past = rapport_numbering_format (cases->numbering, 2026, 123456);
  g_autofree char *counter = rapport_numbering_counter_text ("C-2026-00042");
  g_autofree char *zero = rapport_numbering_counter_text ("C-2026-00000");

  g_assert_cmpstr (first, ==, "C-2026-00042");
  g_assert_cmpstr (past, ==, "C-2026-123456");
  g_assert_cmpstr (counter, ==, "42");
  g_assert_cmpstr (zero, ==, "0");
  g_assert_null (rapport_numbering_counter_text ("C-draft-0190f5a4"));
  g_assert_cmpint (rapport_numbering_year ("2025-12-31T23:59:59Z"), ==, 2025);
  g_assert_cmpint (rapport_numbering_year (NULL), ==, 0);
}

static void
test_draft (void)
{
  const RapportEntity *cases = rapport_entity_lookup ("case");
  g_autoptr(JsonObject) offline = rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"subject\": \"Made on a train\"}");
  g_autoptr(JsonObject) synced = rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"number\": \"C-2026-00042\"}");
  /* Made in the same millisecond, on another laptop. */
  g_autoptr(JsonObject) twin = rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-0000000fe210\", \"subject\": \"Made on a bus\"}");
  g_autofree char *draft = rapport_record_number (cases, offline);
  g_autofree char *twin_draft = rapport_record_number (cases, twin);
  g_autofree char *number = rapport_record_number (cases, synced);

  /* The random end of the UUIDv7, not its time. */
  g_assert_cmpstr (draft, ==, "C-draft-0000abcd");
  g_assert_cmpstr (twin_draft, ==, "C-draft-000fe210");
  g_assert_true (rapport_numbering_is_draft (cases, offline));
  g_assert_cmpstr (number, ==, "C-2026-00042");
  g_assert_false (rapport_numbering_is_draft (cases, synced));
  g_assert_null (rapport_record_number (rapport_entity_lookup ("contact"), offline));
}

/* An amended order is read out with its revision; a quote's revision is
 * said in words where it is shown. */
static void
test_revision (void)
{
  g_autoptr(JsonObject) amended = rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"number\": \"SO-2026-00042\","
    " \"revision\": 2}");
  g_autoptr(JsonObject) first = rapport_test_parse_object (
    "{\"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"number\": \"SO-2026-00042\","
    " \"revision\": 1}");
  g_autofree char *order = rapport_record_number (rapport_entity_lookup ("sales_order"), amended);
  g_autofree char *original = rapport_record_number (rapport_entity_lookup ("sales_order"), first);
  g_autofree char *quote = rapport_record_number (rapport_entity_lookup ("quote"), amended);

  g_assert_cmpstr (order, ==, "SO-2026-00042/2");
  g_assert_cmpstr (original, ==, "SO-2026-00042");
  g_assert_cmpstr (quote, ==, "SO-2026-00042");
}

/* Only the server gives numbers: the client's store refuses one. */
static void
test_not_typed (RapportTestStore *fixture,
                gconstpointer     data)
{
  g_autoptr(JsonObject) values = rapport_test_parse_object (
    "{\"subject\": \"Mine\", \"number\": \"C-2026-00001\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_create (fixture->store, "case", values, &error);

  g_assert_null (record);
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
}

static guint
count_hits (RapportStore *store,
            const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = rapport_store_search (store, text, 10, &error);

  g_assert_no_error (error);
  return hits->len;
}

/* A support agent types what the caller reads out. */
static void
test_search (RapportTestStore *fixture,
             gconstpointer     data)
{
  g_autoptr(JsonNode) page = json_from_string (
    "[{\"entity\": \"case\", \"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"record\": {"
    "  \"id\": \"0190f5a4-7b2c-7def-8123-00000000abcd\", \"version\": 1,"
    "  \"created_at\": \"2026-12-01T00:00:00Z\", \"updated_at\": \"2026-12-01T00:00:00Z\","
    "  \"subject\": \"Printer jam\", \"number\": \"C-2026-00042\"}}]", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_apply_pull_page (fixture->store, json_node_get_array (page), "1", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_hits (fixture->store, "C-2026-00042"), ==, 1);
  g_assert_cmpuint (count_hits (fixture->store, "c-2026-00042"), ==, 1);
  g_assert_cmpuint (count_hits (fixture->store, "00042"), ==, 1);
  g_assert_cmpuint (count_hits (fixture->store, "42"), ==, 1);
  g_assert_cmpuint (count_hits (fixture->store, "C-2026-00043"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/numbering/format", test_format);
  g_test_add_func ("/rapport/numbering/draft", test_draft);
  g_test_add_func ("/rapport/numbering/revision", test_revision);
  g_test_add ("/rapport/numbering/not-typed", RapportTestStore, NULL, rapport_test_store_set_up,
              test_not_typed, rapport_test_store_tear_down);
  g_test_add ("/rapport/numbering/search", RapportTestStore, NULL, rapport_test_store_set_up,
              test_search, rapport_test_store_tear_down);
  return g_test_run ();
}
