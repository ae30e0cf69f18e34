/* test-document-print.c: a quote printed to PDF as the customer reads it
 *
 * The print operation exports a real PDF; pdftotext reads it back: who
 * sends it and to whom (Chinese text as typed, never markup), the number
 * and revision, the date with its full year, every line with its quantity,
 * unit price (four decimals where it has them), discount and amount, the
 * tax of each rate, the total, the terms, and "Page N of M" on each page
 * of a long quote; in zh_CN, the document's own words are Chinese.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include <adwaita.h>

#include "rapport-derived.h"
#include "rapport-document-print.h"
#include "rapport-json.h"
#include "rapport-money.h"
#include "rapport-test-util.h"

static GPtrArray *
make_lines (JsonObject *quote,
            guint       n_lines)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) family = json_array_new ();

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"description\": \"%s %u\", \"qty_milli\": %u, \"unit_price_x100\": %s,"
        " \"tax_rate_ppm\": %u%s}",
        i == 0 ? "<b>Desk</b> 办公桌" : "Chair", i + 1, i == 0 ? 2000 : 1500,
        i == 0 ? "125000000" : "123456", i % 2 == 0 ? 130000 : 60000,
        i == 1 ? ", \"discount_ppm\": 100000" : "");
      JsonObject *line = rapport_test_parse_object (json);

      g_ptr_array_add (lines, line);
      json_array_add_object_element (family, json_object_ref (line));
    }
  rapport_document_compute (quote, family, NULL);
  return lines;
}

/* The text of the PDF that printing @quote exports. */
static char *
print_to_text (JsonObject *quote,
               GPtrArray  *lines,
               int        *n_pages)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autofree char *pdf = g_build_filename (dir, "quote.pdf", NULL);
  g_autoptr(GtkPrintOperation) operation = NULL;
  RapportDocumentParties parties = { "Rapport Trading Co.", "北京新华办公 <i>Ltd</i>", "陈丽" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *info = NULL;
  const char      *pages;
  int              status;

  operation = rapport_document_print_new (rapport_entity_lookup ("quote"), quote, lines, &parties);
  gtk_print_operation_set_export_filename (operation, pdf);
  g_assert_cmpint (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                            &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char *[]){ "pdftotext", "-layout", pdf, "-", NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char *[]){ "pdfinfo", pdf, NULL }, NULL,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, &info, NULL, &status, &error));
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  *n_pages = atoi (pages + strlen ("Pages:"));
  rapport_test_remove_dir (dir);
  return g_steal_pointer (&text);
}

/* Fails naming the first of @expected that @text lacks. */
static void
assert_shows (const char         *text,
              const char * const *expected)
{
  for (guint i = 0; expected[i] != NULL; i++)
    if (strstr (text, expected[i]) == NULL)
      g_error ("“%s” is not on the printed quote", expected[i]);
}

static JsonObject *
make_quote (void)
{
  return rapport_test_parse_object (
    "{\"id\": \"q\", \"title\": \"会议室家具 & chairs\", \"number\": \"Q-2026-00042\","
    " \"revision\": 2, \"currency\": \"CNY\", \"created_at\": \"2026-12-06T09:00:00Z\","
    " \"valid_until\": \"2027-01-05\", \"payment_terms\": \"30 days net\","
    " \"discount_ppm\": 50000, \"notes\": \"Delivery to the 12th floor\"}");
}

/* What a customer reads on the two-line quote. */
static const char * const on_the_quote[] = {
  "Rapport Trading Co.",
  "Quote",
  "Q-2026-00042, revision 2",
  "北京新华办公 <i>Ltd</i>",
  "陈丽",
  "会议室家具 & chairs",
  "<b>Desk</b> 办公桌 1",
  "CN¥12,500.00",
  "CN¥25,000.00",
  "CN¥12.3456",
  "10 %",
  "CN¥16.67",
  "Tax 13 %",
  "Tax 6 %",
  "30 days net",
  "12/06/2026",
  "Page 1 of 1",
  NULL
};
static const char * const on_the_quote_zh[] = {
  "报价单",
  "合计",
  "第 1 页，共 1 页",
  "2026年12月06日",
  "¥",
  NULL
};

static void
test_quote_reads_as_sent (void)
{
  g_autoptr(JsonObject) quote = make_quote ();
  g_autoptr(GPtrArray) lines = make_lines (quote, 2);
  g_autofree char *text = NULL;
  int              n_pages;

  /* A locale that groups digits. */
  if (setlocale (LC_ALL, "en_US.UTF-8") == NULL)
    {
      g_test_skip ("the en_US.UTF-8 locale is not installed");
      return;
    }
  text = print_to_text (quote, lines, &n_pages);
  g_test_message ("%s", text);
  g_assert_cmpint (n_pages, ==, 1);
  assert_shows (text, on_the_quote);
  {
    g_autofree char *amount = rapport_money_format (json_object_get_int_member (quote, "total"),
                                                    "CNY");

    g_assert_nonnull (strstr (text, amount));
  }
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_long_quote_runs_over_pages (void)
{
  g_autoptr(JsonObject) quote = make_quote ();
  g_autoptr(GPtrArray) lines = make_lines (quote, 120);
  g_autofree char *text = NULL;
  int              n_pages;

  text = print_to_text (quote, lines, &n_pages);
  g_assert_cmpint (n_pages, >=, 3);
  g_assert_nonnull (strstr (text, "Chair 120"));
  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", page, n_pages);

      g_assert_nonnull (strstr (text, footer));
    }
}

static void
test_chinese (void)
{
  g_autoptr(JsonObject) quote = make_quote ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *text = NULL;
  int              n_pages;

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  lines = make_lines (quote, 2);
  text = print_to_text (quote, lines, &n_pages);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_message ("%s", text);
  assert_shows (text, on_the_quote_zh);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* The translations compiled in the build tree. */
  if (g_getenv ("RAPPORT_LOCALEDIR") != NULL)
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RAPPORT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  g_test_add_func ("/document-print/quote-reads-as-sent", test_quote_reads_as_sent);
  g_test_add_func ("/document-print/long-quote-runs-over-pages", test_long_quote_runs_over_pages);
  g_test_add_func ("/document-print/chinese", test_chinese);
  return g_test_run ();
}
