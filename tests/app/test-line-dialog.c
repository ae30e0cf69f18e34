/* test-line-dialog.c: a line's unit price from the price lists, in its editor
 *
 * A line of a product on a quote that names no price list is priced from
 * the default list of the quote's currency: the quantity typed gives the
 * rule for it (10 % off the parts, a fixed price from 10 pieces), the
 * price row takes the list's price and says under it where it came from,
 * and Save keeps both on the line. A price typed by hand stays when the
 * quantity changes, is said to be typed by hand and saved without a
 * source. A list changed afterwards changes no saved line. A list that
 * has expired says so under the price and gives none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>

#include "rapport-json.h"
#include "rapport-line-dialog.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"

typedef struct
{
  RapportTestStore base;
  char            *product;
  char            *list;
  char            *parts_item;
  char            *quote;
  char            *line;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  RapportStore *store;

  rapport_test_store_set_up (&fixture->base, data);
  store = fixture->base.store;
  /* ¥120.00 by its list price; the default yuan list gives parts 10 % off
   * and this product ¥95.00 from 10 pieces. */
  fixture->product = rapport_test_create (store, "product",
                                          "{\"sku\": \"P-1\", \"name\": \"Bearing\","
                                          " \"category\": \"Parts\", \"list_price\": 12000,"
                                          " \"list_price_currency\": \"CNY\"}");
  fixture->list = rapport_test_create (store, "price_list",
                                       "{\"name\": \"Dealers 2026\", \"currency\": \"CNY\","
                                       " \"is_default\": true}");
  fixture->parts_item = rapport_test_create (store, "price_list_item",
                                             "{\"price_list_id\": \"%s\", \"name\": \"Parts\","
                                             " \"category\": \"Parts\", \"rule\": \"percent_off\","
                                             " \"discount_ppm\": 100000}",
                                             fixture->list);
  g_free (rapport_test_create (store, "price_list_item",
                               "{\"price_list_id\": \"%s\", \"name\": \"Volume\","
                               " \"product_id\": \"%s\", \"rule\": \"fixed\","
                               " \"unit_price\": 9500, \"currency\": \"CNY\", \"min_qty_milli\": 10000}",
                               fixture->list, fixture->product));
  fixture->quote = rapport_test_create (store, "quote",
                                        "{\"title\": \"Bearings\", \"currency\": \"CNY\"}");
  /* As Ctrl+L makes it, with the product picked. */
  fixture->line = rapport_test_create (store, "quote_line",
                                       "{\"quote_id\": \"%s\", \"product_id\": \"%s\","
                                       " \"qty_milli\": 1000, \"unit_price_x100\": 0}",
                                       fixture->quote, fixture->product);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_free (fixture->product);
  g_free (fixture->list);
  g_free (fixture->parts_item);
  g_free (fixture->quote);
  g_free (fixture->line);
  rapport_test_store_tear_down (&fixture->base, data);
}

static JsonObject *
get (Fixture    *fixture,
     const char *entity,
     const char *id)
{
  JsonObject *record = rapport_store_get (fixture->base.store, entity, id, NULL);

  g_assert_nonnull (record);
  return record;
}

static GtkWidget *
open_line (Fixture *fixture)
{
  g_autoptr(JsonObject) line = get (fixture, "quote_line", fixture->line);

  json_object_set_string_member (line, "currency", "CNY");
  return GTK_WIDGET (rapport_line_dialog_new (NULL, fixture->base.store,
                                              rapport_entity_lookup ("quote_line"), line, "Line 1",
                                              NULL));
}

static const char *
text_of (GtkWidget  *dialog,
         const char *title)
{
  GtkWidget *row = rapport_test_find_row (dialog, title, FALSE);

  g_assert_nonnull (row);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
type (GtkWidget  *dialog,
      const char *title,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (rapport_test_find_row (dialog, title, FALSE)), text);
}

typedef struct
{
  GtkWidget  *dialog;
  const char *title;
  const char *text;
} Wait;

static gboolean
shows (gpointer data)
{
  Wait *wait = data;

  return g_strcmp0 (text_of (wait->dialog, wait->title), wait->text) == 0;
}

/* Whether a label under @widget reads @text. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
says (gpointer data)
{
  Wait *wait = data;

  return has_label (wait->dialog, wait->text);
}

static gboolean
is_closed (gpointer dialog)
{
  return !gtk_widget_get_visible (dialog);
}

static void
save (GtkWidget *dialog)
{
  g_autoptr(GtkWidget) held = g_object_ref (dialog);

  gtk_widget_activate_action (dialog, "item.save", NULL);
  rapport_test_wait_for ("the line saved", is_closed, dialog);
}

/* The quantity picks the rule; Save keeps the price and its source; a
 * later change to the list changes no saved line. */
static void
test_priced_from_list (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *dialog = open_line (fixture);
  Wait wait = { dialog, "Unit Price", "CN¥108.00" };
  g_autoptr(JsonObject) line = NULL;
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"discount_ppm\": 500000}");
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonObject) after = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  type (dialog, "Quantity", "2");
  rapport_test_wait_for ("10 % off the list price", shows, &wait);
  wait.text = "Price from: Dealers 2026 · Parts · 10 % off";
  rapport_test_wait_for ("the rule under the price", says, &wait);

  type (dialog, "Quantity", "12");
  wait.text = "CN¥95.00";
  rapport_test_wait_for ("the price from 10 pieces", shows, &wait);
  wait.text = "Price from: Dealers 2026 · Volume · fixed price";
  rapport_test_wait_for ("the volume rule under the price", says, &wait);
  save (dialog);

  line = get (fixture, "quote_line", fixture->line);
  g_assert_cmpint (json_object_get_int_member (line, "unit_price_x100"), ==, 950000);
  g_assert_cmpstr (rapport_json_get_string (line, "price_source"), ==,
                   "Dealers 2026 · Volume · fixed price");

  /* Half off parts now: the saved line is as it was. */
  item = rapport_store_update (fixture->base.store, "price_list_item", fixture->parts_item, changes,
                               NULL);
  g_assert_nonnull (item);
  after = get (fixture, "quote_line", fixture->line);
  g_assert_cmpint (json_object_get_int_member (after, "unit_price_x100"), ==, 950000);
  g_assert_cmpstr (rapport_json_get_string (after, "price_source"), ==,
                   "Dealers 2026 · Volume · fixed price");
}

/* A price typed by hand is kept through a new quantity and saved as such. */
static void
test_typed_price_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *dialog = open_line (fixture);
  Wait wait = { dialog, "Unit Price", "CN¥108.00" };
  g_autoptr(JsonObject) line = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  type (dialog, "Quantity", "1");
  rapport_test_wait_for ("the list's price", shows, &wait);
  type (dialog, "Unit Price", "99");
  wait.text = "Price typed by hand";
  rapport_test_wait_for ("the price said typed by hand", says, &wait);
  type (dialog, "Quantity", "20");
  /* The store's answer comes and leaves the typed price. */
  for (guint i = 0; i < 200; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpstr (text_of (dialog, "Unit Price"), ==, "99");
  save (dialog);

  line = get (fixture, "quote_line", fixture->line);
  g_assert_cmpint (json_object_get_int_member (line, "unit_price_x100"), ==, 990000);
  g_assert_null (rapport_json_get_string (line, "price_source"));
}

/* An expired list says so under the price, and prices nothing. */
static void
test_expired_list (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) changes = rapport_test_parse_object ("{\"is_default\": false,"
                                                             " \"valid_to\": \"2020-12-31\"}");
  g_autoptr(JsonObject) list = rapport_store_update (fixture->base.store, "price_list",
                                                     fixture->list, changes, NULL);
  g_autoptr(JsonObject) quote_changes = json_object_new ();
  g_autoptr(JsonObject) quote = NULL;
  GtkWidget *dialog;
  Wait wait = { NULL, NULL, NULL };

  g_assert_nonnull (list);
  json_object_set_string_member (quote_changes, "price_list_id", fixture->list);
  quote = rapport_store_update (fixture->base.store, "quote", fixture->quote, quote_changes, NULL);
  g_assert_nonnull (quote);
  {
    g_autoptr(JsonObject) line = get (fixture, "quote_line", fixture->line);

    json_object_set_string_member (line, "currency", "CNY");
    dialog = GTK_WIDGET (rapport_line_dialog_new (NULL, fixture->base.store,
                                                  rapport_entity_lookup ("quote_line"), line,
                                                  "Line 1", fixture->list));
  }
  gtk_window_present (GTK_WINDOW (dialog));
  wait.dialog = dialog;
  type (dialog, "Quantity", "2");
  wait.text = "Price typed by hand. The price list “Dealers 2026” expired on 12/31/2020";
  rapport_test_wait_for ("the list said expired", says, &wait);
  gtk_window_destroy (GTK_WINDOW (dialog));
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

  g_test_add ("/rapport/line-dialog/priced-from-list", Fixture, NULL, set_up,
              test_priced_from_list, tear_down);
  g_test_add ("/rapport/line-dialog/typed-price-kept", Fixture, NULL, set_up,
              test_typed_price_kept, tear_down);
  g_test_add ("/rapport/line-dialog/expired-list", Fixture, NULL, set_up, test_expired_list,
              tear_down);
  return g_test_run ();
}
