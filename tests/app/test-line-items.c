/* test-line-items.c: a quote's lines and totals on its page
 *
 * The table under a quote reads its lines in a worker thread and shows
 * them in their order: a section as a heading with the sum of its lines,
 * an optional line said to be optional in words and left out of the
 * totals, a discount as "10 %". Under them the totals, as a customer
 * reads them: the subtotal before the quote's discount, the discount, the
 * tax of each rate when there are several, shipping, and the total. A
 * line written meanwhile (a sync, another window) is shown at once with
 * the totals it makes. Taxes go by rate, the lowest first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "rapport-line-items.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

typedef struct
{
  RapportTestStore base;
  char            *quote_id;
  char            *router_id;
  GtkWidget       *items;        /* (owned): sunk */
} Fixture;

/* Every label under @widget, in order, joined by " | ". */
static void
collect_labels (GtkWidget *widget,
                GString   *text)
{
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? " | " : "",
                            gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, text);
}

static char *
row_text (GtkWidget *row)
{
  GString *text = g_string_new (NULL);

  collect_labels (row, text);
  return g_string_free (text, FALSE);
}

static void
find_lists (GtkWidget *widget,
            GPtrArray *lists)
{
  /* Not the group's own, empty and hidden. */
  if (GTK_IS_LIST_BOX (widget) && gtk_widget_get_visible (widget))
    g_ptr_array_add (lists, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_lists (child, lists);
}

/* The rows of the lines' table (@which 0) or of the totals (1), as text. */
static GStrv
rows_of (Fixture *fixture,
         guint    which)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();

  find_lists (fixture->items, lists);
  g_assert_cmpuint (lists->len, ==, 2);
  for (GtkWidget *row = gtk_widget_get_first_child (g_ptr_array_index (lists, which)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_autofree char *text = row_text (row);

      g_strv_builder_add (rows, text);
    }
  return g_strv_builder_end (rows);
}

static gboolean
lines_shown (gpointer data)
{
  Fixture *fixture = data;
  g_auto(GStrv) rows = rows_of (fixture, 0);

  /* The headings and four lines. */
  return g_strv_length (rows) == 5;
}

static gboolean
total_changed (gpointer data)
{
  Fixture *fixture = data;
  g_auto(GStrv) totals = rows_of (fixture, 1);

  return g_strv_contains ((const char * const *) totals, "Total | CN¥3589.54");
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  RapportStore *store;
  g_autoptr(JsonObject) quote = NULL;

  rapport_test_store_set_up (&fixture->base, data);
  store = fixture->base.store;
  /* ¥10.00 off the whole quote, ¥20.00 for shipping. */
  fixture->quote_id = rapport_test_create (store, "quote",
                                           "{\"title\": \"Office network\", \"currency\": \"CNY\","
                                           " \"discount_minor\": 1000, \"shipping_minor\": 2000}");
  g_free (rapport_test_create (store, "quote_line",
                               "{\"quote_id\": \"%s\", \"line_kind\": \"section\","
                               " \"description\": \"Hardware\", \"qty_milli\": 0,"
                               " \"unit_price_x100\": 0}",
                               fixture->quote_id));
  /* 2 × ¥1,000.00 at 13 % tax. */
  fixture->router_id = rapport_test_create (store, "quote_line",
                                            "{\"quote_id\": \"%s\", \"description\": \"Router\","
                                            " \"qty_milli\": 2000, \"unit_price_x100\": 10000000,"
                                            " \"tax_rate_ppm\": 130000}",
                                            fixture->quote_id);
  /* ¥200.00 less 10 %, at 6 % tax. */
  g_free (rapport_test_create (store, "quote_line",
                               "{\"quote_id\": \"%s\", \"description\": \"Support\","
                               " \"qty_milli\": 1000, \"unit_price_x100\": 2000000,"
                               " \"discount_ppm\": 100000, \"tax_rate_ppm\": 60000}",
                               fixture->quote_id));
  g_free (rapport_test_create (store, "quote_line",
                               "{\"quote_id\": \"%s\", \"line_kind\": \"optional\","
                               " \"description\": \"Extended warranty\", \"qty_milli\": 1000,"
                               " \"unit_price_x100\": 5000000}",
                               fixture->quote_id));

  quote = rapport_store_get (store, "quote", fixture->quote_id, NULL);
  g_assert_nonnull (quote);
  fixture->items = g_object_ref_sink (rapport_line_items_new (store, rapport_entity_lookup ("quote"),
                                                              quote));
  rapport_test_wait_for ("the lines", lines_shown, fixture);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->items);
  g_clear_pointer (&fixture->quote_id, g_free);
  g_clear_pointer (&fixture->router_id, g_free);
  rapport_test_store_tear_down (&fixture->base, data);
}

static void
test_lines (Fixture       *fixture,
            gconstpointer  data)
{
  g_auto(GStrv) rows = rows_of (fixture, 0);

  g_assert_cmpstr (rows[0], ==, "Description | Quantity | Unit Price | Discount | Amount");
  /* The section's subtotal: its lines, not the optional one. */
  g_assert_cmpstr (rows[1], ==, "Hardware | CN¥2180.00");
  g_assert_cmpstr (rows[2], ==, "Router | 2 | CN¥1000.00 | CN¥2000.00");
  g_assert_cmpstr (rows[3], ==, "Support | 1 | CN¥200.00 | 10 % | CN¥180.00");
  /* Optional in words, not by colour alone. */
  g_assert_cmpstr (rows[4], ==, "Extended warranty | Optional | 1 | CN¥500.00 | CN¥500.00");
}

static void
test_totals (Fixture       *fixture,
             gconstpointer  data)
{
  g_auto(GStrv) totals = rows_of (fixture, 1);
  /* The discount shared 917:83 by the lines' nets (largest remainder);
   * 13 % of ¥1,990.83 is ¥258.81, 6 % of ¥179.17 is ¥10.75. Subtotal −
   * discount + tax + shipping is the total: 2180 − 10 + 269.56 + 20. */
  const char *expected[] = {
    "Subtotal | CN¥2180.00", "Discount | -CN¥10.00", "Tax 6 % | CN¥10.75", "Tax 13 % | CN¥258.81",
    "Shipping | CN¥20.00", "Total | CN¥2459.56", NULL
  };

  g_assert_cmpstrv (totals, expected);
}

static gpointer
edit_router (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"qty_milli\": 3000}");
  g_autoptr(JsonObject) saved = rapport_store_update (fixture->base.store, "quote_line",
                                                      fixture->router_id, changes, NULL);

  g_assert_nonnull (saved);
  return NULL;
}

/* A line written elsewhere: the table and the totals follow. */
static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(GStrv) rows = NULL;

  g_thread_join (g_thread_new ("sync", edit_router, fixture));
  /* 3,180 − 10 + 13 % of 2,990.57 (388.77) + 6 % of 179.43 (10.77) + 20. */
  rapport_test_wait_for ("the new total", total_changed, fixture);
  rows = rows_of (fixture, 0);
  g_assert_cmpstr (rows[1], ==, "Hardware | CN¥3180.00");
  g_assert_cmpstr (rows[2], ==, "Router | 3 | CN¥1000.00 | CN¥3000.00");
}

static gboolean
all_shown (gpointer data)
{
  Fixture *fixture = data;
  g_auto(GStrv) rows = rows_of (fixture, 0);

  /* The headings, the four lines and 60 more. */
  return g_strv_length (rows) == 65 && g_str_has_prefix (rows[64], "Part 60 | ");
}

/* Many lines: the first rows come first, then every line has its row,
 * made in full where nothing scrolls them out of sight. */
static void
test_many (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonObject) quote = NULL;
  g_auto(GStrv) rows = NULL;
  g_autofree char *opening = NULL;

  for (guint i = 1; i <= 60; i++)
    g_free (rapport_test_create (fixture->base.store, "quote_line",
                                 "{\"quote_id\": \"%s\", \"description\": \"Part %u\","
                                 " \"qty_milli\": 1000, \"unit_price_x100\": 10000}",
                                 fixture->quote_id, i));
  quote = rapport_store_get (fixture->base.store, "quote", fixture->quote_id, NULL);
  g_clear_object (&fixture->items);
  fixture->items = g_object_ref_sink (rapport_line_items_new (fixture->base.store,
                                                              rapport_entity_lookup ("quote"), quote));
  /* Until its lines are read, a quote of 64 lines does not say it has none. */
  opening = row_text (fixture->items);
  g_assert_null (strstr (opening, "No lines yet"));
  rapport_test_wait_for ("every line", all_shown, fixture);
  rows = rows_of (fixture, 0);
  g_assert_cmpstr (rows[64], ==, "Part 60 | 1 | CN¥1.00 | CN¥1.00");
}

static gboolean
says_no_lines (gpointer data)
{
  g_autofree char *text = row_text (data);

  return strstr (text, "No lines yet") != NULL;
}

/* An order has the same table; a type without lines has none. */
static void
test_types (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  g_autoptr(RapportStore) store = rapport_test_open_store (dir);
  g_autoptr(JsonObject) order = rapport_test_parse_object ("{\"id\": \"o1\", \"title\": \"Order\","
                                                           " \"currency\": \"JPY\"}");
  GtkWidget *items = rapport_line_items_new (store, rapport_entity_lookup ("sales_order"), order);

  g_assert_nonnull (items);
  g_object_ref_sink (items);
  /* Once read, a document without lines says so. */
  rapport_test_wait_for ("No lines yet", says_no_lines, items);
  g_object_unref (items);
  g_assert_null (rapport_line_items_new (store, rapport_entity_lookup ("deal"), order));
  g_clear_object (&store);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  gtk_init ();
  adw_init ();

  g_test_add ("/rapport/line-items/lines", Fixture, NULL, set_up, test_lines, tear_down);
  g_test_add ("/rapport/line-items/totals", Fixture, NULL, set_up, test_totals, tear_down);
  g_test_add ("/rapport/line-items/live", Fixture, NULL, set_up, test_live, tear_down);
  g_test_add ("/rapport/line-items/many", Fixture, NULL, set_up, test_many, tear_down);
  g_test_add_func ("/rapport/line-items/types", test_types);

  return g_test_run ();
}
