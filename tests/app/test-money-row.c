/* test-money-row.c: an amount typed as the locale writes it, in its currency
 *
 * The deal's amount row reads what a Chinese or an American sales rep
 * types ("¥1,234.5", "2,500.50") into the currency's minor units, refuses
 * what is not an amount with an error naming the field and changes
 * nothing, sends the amount with a newly chosen currency (whose exponent
 * changes what the digits mean), and finalizes with its drop-down.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <adwaita.h>

#include "rapport-json.h"
#include "rapport-money-row.h"
#include "rapport-test-util.h"
#include "rapport-test-widgets.h"
#include "rapport-validate.h"

static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) != NULL)
    return TRUE;
  g_test_skip_printf ("locale %s is not installed", name);
  return FALSE;
}

static GtkWidget *
amount_row (const char *record_json)
{
  const RapportEntity *deal = rapport_entity_lookup ("deal");
  g_autoptr(JsonObject) record = record_json != NULL ? rapport_test_parse_object (record_json) : NULL;

  return g_object_ref_sink (rapport_money_row_new (deal, rapport_entity_get_field (deal, "amount"),
                                                   record));
}

static void
choose_currency (GtkWidget  *row,
                 const char *code)
{
  GtkDropDown *currency = GTK_DROP_DOWN (rapport_test_find_descendant (row, GTK_TYPE_DROP_DOWN));
  GListModel  *codes = gtk_drop_down_get_model (currency);

  for (guint i = 0; i < g_list_model_get_n_items (codes); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (codes), i), code) == 0)
      {
        gtk_drop_down_set_selected (currency, i);
        return;
      }
  g_error ("%s is not offered", code);
}

/* What Save would send for @row, or NULL with @error set. */
static JsonObject *
collect (GtkWidget *row,
         GError   **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  if (!rapport_field_row_collect (RAPPORT_FIELD_ROW (row), changes, FALSE, error))
    return NULL;
  return g_steal_pointer (&changes);
}

static void
test_typed_as_the_locale_writes (void)
{
  static const struct
  {
    const char *locale, *currency, *text;
    gint64      minor;
  } cases[] = {
    { "zh_CN.UTF-8", "CNY", "¥1,234.5", 123450 },
    { "zh_CN.UTF-8", "JPY", "218,813", 218813 },
    { "en_US.UTF-8", "USD", "2,500.50", 250050 },
    { "en_US.UTF-8", "KWD", "1.5", 1500 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GtkWidget) row = NULL;
      g_autoptr(JsonObject) changes = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *record = g_strdup_printf ("{\"title\": \"Fleet\", \"amount\": 100,"
                                                 " \"currency\": \"%s\"}",
                                                 cases[i].currency);

      if (!use_locale (cases[i].locale))
        return;
      row = amount_row (record);
      gtk_editable_set_text (GTK_EDITABLE (row), cases[i].text);
      changes = collect (row, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (changes, "amount"), ==, cases[i].minor);
      /* The currency was not touched: only the amount is sent. */
      g_assert_false (json_object_has_member (changes, "currency"));
    }
  setlocale (LC_ALL, "C");
}

static void
test_not_an_amount_names_the_field (void)
{
  static const char *bad[] = { "abc", "12.345", "1.2.3", "£12" };

  if (!use_locale ("en_US.UTF-8"))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GtkWidget) row = amount_row ("{\"title\": \"Fleet\", \"amount\": 100, \"currency\": \"EUR\"}");
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) changes = NULL;

      gtk_editable_set_text (GTK_EDITABLE (row), bad[i]);
      changes = collect (row, &error);
      g_assert_null (changes);
      g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
      g_assert_cmpstr (rapport_validation_error_get_field (error), ==, "amount");
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
  setlocale (LC_ALL, "C");
}

/* 1,234 yen typed, then the currency changed to euros: the digits now
 * mean euros with cents, so both are sent. */
static void
test_new_currency_sends_the_amount (void)
{
  g_autoptr(GtkWidget) row = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;
  row = amount_row ("{\"title\": \"Fleet\", \"amount\": 1234, \"currency\": \"JPY\"}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "1,234");
  choose_currency (row, "EUR");
  changes = collect (row, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (changes, "currency"), ==, "EUR");
  g_assert_cmpint (json_object_get_int_member (changes, "amount"), ==, 123400);
  setlocale (LC_ALL, "C");
}

static void
test_unchanged_sends_nothing_and_finalizes (void)
{
  GtkWidget *row = amount_row ("{\"title\": \"Fleet\", \"amount\": 250050, \"currency\": \"USD\"}");
  GtkWidget *currency = rapport_test_find_descendant (row, GTK_TYPE_DROP_DOWN);
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;

  changes = collect (row, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (changes), ==, 0);

  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *) &row);
  g_object_add_weak_pointer (G_OBJECT (currency), (gpointer *) &currency);
  g_object_unref (row);
  g_assert_null (row);
  g_assert_null (currency);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  rapport_test_forbid_blocking_if_asked ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/money-row/locale", test_typed_as_the_locale_writes);
  g_test_add_func ("/rapport/money-row/not-an-amount", test_not_an_amount_names_the_field);
  g_test_add_func ("/rapport/money-row/new-currency", test_new_currency_sends_the_amount);
  g_test_add_func ("/rapport/money-row/finalized", test_unchanged_sends_nothing_and_finalizes);

  return g_test_run ();
}
