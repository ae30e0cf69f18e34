/* test-price-refresh.c: Refresh Prices and its diff
 *
 * A draft quote's lines priced again from its list: the dialog lists the
 * line whose price changes (old → new, its new amount) and the one typed
 * by hand, unticked; Apply writes the first only, with the list's words.
 * A list that expired since the draft says so at the top and prices no
 * line. A sent quote cannot be refreshed, and its lines' Refresh Prices
 * is off with a tooltip saying why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "rapport-json.h"
#include "rapport-line-items.h"
#include "rapport-price-refresh.h"
#include "rapport-store-children.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

typedef struct
{
  RapportTestStore base;
  char            *list;
  char            *quote;
  char            *listed;  /* priced at the old 10 % off */
  char            *typed;   /* a price typed by hand */
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  RapportStore *store;
  g_autofree char *product = NULL;

  rapport_test_store_set_up (&fixture->base, data);
  store = fixture->base.store;
  product = rapport_test_create (store, "product",
                                 "{\"sku\": \"P-1\", \"name\": \"Bearing\", \"category\": \"Parts\","
                                 " \"list_price\": 12000, \"list_price_currency\": \"CNY\"}");
  fixture->list = rapport_test_create (store, "price_list",
                                       "{\"name\": \"Dealers 2026\", \"currency\": \"CNY\"}");
  /* 20 % off now. */
  g_free (rapport_test_create (store, "price_list_item",
                               "{\"price_list_id\": \"%s\", \"name\": \"Parts\","
                               " \"category\": \"Parts\", \"rule\": \"percent_off\","
                               " \"discount_ppm\": 200000}",
                               fixture->list));
  fixture->quote = rapport_test_create (store, "quote",
                                        "{\"title\": \"Bearings\", \"currency\": \"CNY\","
                                        " \"price_list_id\": \"%s\"}",
                                        fixture->list);
  fixture->listed = rapport_test_create (store, "quote_line",
                                         "{\"quote_id\": \"%s\", \"product_id\": \"%s\","
                                         " \"description\": \"Listed\", \"qty_milli\": 2000,"
                                         " \"unit_price_x100\": 1080000,"
                                         " \"price_source\": \"Dealers 2026 · Parts · 10 %% off\"}",
                                         fixture->quote, product);
  fixture->typed = rapport_test_create (store, "quote_line",
                                        "{\"quote_id\": \"%s\", \"product_id\": \"%s\","
                                        " \"description\": \"Typed\", \"qty_milli\": 1000,"
                                        " \"unit_price_x100\": 990000}",
                                        fixture->quote, product);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);
  g_free (fixture->list);
  g_free (fixture->quote);
  g_free (fixture->listed);
  g_free (fixture->typed);
  rapport_test_store_tear_down (&fixture->base, data);
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWidget **dialog = data;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      *dialog = l->data;
  g_list_free (toplevels);
  return *dialog != NULL;
}

/* Refresh Prices on the quote as stored, and its dialog once shown. */
static GtkWidget *
refresh (Fixture *fixture)
{
  RapportStore *store = fixture->base.store;
  g_autoptr(JsonObject) quote = rapport_store_get (store, "quote", fixture->quote, NULL);
  g_autoptr(GPtrArray) lines = rapport_store_list_children (store, "quote_line", fixture->quote, NULL);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *dialog = NULL;

  for (guint i = 0; i < lines->len; i++)
    g_ptr_array_add (titles, g_strdup (rapport_json_get_string (g_ptr_array_index (lines, i),
                                                               "description")));
  rapport_price_refresh_run (NULL, store, rapport_entity_lookup ("quote_line"), quote, lines, titles);
  rapport_test_wait_for ("the dialog", dialog_shown, &dialog);
  return dialog;
}

static void
collect (GtkWidget *widget,
         GString   *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      *gtk_label_get_text (GTK_LABEL (widget)) != '\0')
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, text);
}

static char *
text_of (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect (widget, text);
  return g_string_free (text, FALSE);
}

static gint64
price_of (Fixture    *fixture,
          const char *line_id)
{
  g_autoptr(JsonObject) line = rapport_store_get (fixture->base.store, "quote_line", line_id, NULL);

  return rapport_json_get_int (line, "unit_price_x100", 0);
}

static gboolean
listed_written (gpointer data)
{
  return price_of (data, ((Fixture *) data)->listed) == 960000;
}

static void
test_diff_and_apply (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *dialog = refresh (fixture);
  g_autofree char *text = text_of (dialog);
  g_autoptr(JsonObject) line = NULL;

  /* 2 × ¥96.00 and 1 × ¥96.00 instead of ¥216.00 + ¥99.00. */
  g_assert_nonnull (strstr (text, "Listed\nCN¥108.00 → CN¥96.00, amount CN¥192.00\n"));
  g_assert_nonnull (strstr (text, "Typed\nTyped by hand: CN¥99.00 → CN¥96.00, amount CN¥96.00\n"));
  /* The one typed by hand is unticked. */
  g_assert_nonnull (strstr (text, "Total: CN¥315.00 → CN¥291.00\n"));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  rapport_test_wait_for ("the new price written", listed_written, fixture);
  line = rapport_store_get (fixture->base.store, "quote_line", fixture->listed, NULL);
  g_assert_cmpstr (rapport_json_get_string (line, "price_source"), ==, "Dealers 2026 · Parts · 20 % off");
  /* One job wrote the lines: the other is done with by now. */
  g_assert_cmpint (price_of (fixture, fixture->typed), ==, 990000);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *dialog = refresh (fixture);

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpint (price_of (fixture, fixture->listed), ==, 1080000);
  g_assert_cmpint (price_of (fixture, fixture->typed), ==, 990000);
}

/* SPEC.md §1.3: the list expired between the draft and the send. */
static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"valid_to\": \"2020-12-31\"}");
  g_autoptr(JsonObject) list = rapport_store_update (fixture->base.store, "price_list", fixture->list,
                                                     changes, NULL);
  GtkWidget *dialog;
  g_autofree char *text = NULL;

  g_assert_nonnull (list);
  dialog = refresh (fixture);
  text = text_of (dialog);
  g_assert_nonnull (strstr (text, "2 lines keep their price: The price list “Dealers 2026” expired"
                                  " on 12/31/2020\n"));
  g_assert_nonnull (strstr (text, "No line gets a new price."));
}

static gboolean
refresh_known (gpointer data)
{
  GtkWidget *items = data;

  return gtk_widget_get_tooltip_text (rapport_test_find_descendant (items, GTK_TYPE_BUTTON)) != NULL;
}

/* A sent quote keeps its prices: nothing to refresh, and it says why. */
static void
test_sent (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"state\": \"sent\"}");
  g_autoptr(JsonObject) quote = rapport_store_update (fixture->base.store, "quote", fixture->quote,
                                                      changes, NULL);
  g_autoptr(GtkWidget) items = NULL;
  GtkWidget *button;

  g_assert_nonnull (quote);
  g_assert_false (rapport_price_refresh_can (quote));
  items = g_object_ref_sink (rapport_line_items_new (fixture->base.store,
                                                     rapport_entity_lookup ("quote"), quote));
  rapport_test_wait_for ("the button", refresh_known, items);
  button = rapport_test_find_descendant (items, GTK_TYPE_BUTTON);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   "Only a draft can get new prices: a sent quote or a confirmed order keeps the"
                   " prices it was given");
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

  g_test_add ("/rapport/price-refresh/diff-and-apply", Fixture, NULL, set_up, test_diff_and_apply,
              tear_down);
  g_test_add ("/rapport/price-refresh/cancel", Fixture, NULL, set_up, test_cancel, tear_down);
  g_test_add ("/rapport/price-refresh/expired", Fixture, NULL, set_up, test_expired, tear_down);
  g_test_add ("/rapport/price-refresh/sent", Fixture, NULL, set_up, test_sent, tear_down);
  return g_test_run ();
}
