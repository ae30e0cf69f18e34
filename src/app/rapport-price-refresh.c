/* rapport-price-refresh.c: Refresh Prices of a draft quote or order
 *
 * SPEC.md §1.3: a line keeps the price it was given; refreshing is an
 * explicit action that shows what would change. Each line of a product is
 * priced again (rapport_store_resolve_line_price(), in a worker thread,
 * for today) and the dialog lists those whose price would change: the
 * line, its unit price old → new and its new amount, and the document's
 * total old → new. A price typed by hand is listed but left unless its
 * box is ticked. A list that gives no price (it expired since the draft
 * was made) is said at the top. Nothing is written before Apply; Apply
 * writes the ticked lines in one job of the store's writer, and the toast
 * it leaves offers Undo, which writes the old prices and their sources
 * back in one job again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-price-refresh"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-derived.h"
#include "rapport-json.h"
#include "rapport-line-price.h"
#include "rapport-money.h"
#include "rapport-price-refresh.h"
#include "rapport-store-async.h"
#include "rapport-store-prices.h"
#include "rapport-window.h"

/* One line priced again. */
typedef struct
{
  JsonObject *line;       /* (owned): as shown */
  char       *title;      /* (owned) */
  gboolean    priced;     /* the list gave it a price */
  gint64      new_price;  /* unit_price_x100 */
  char       *new_source; /* (owned) (nullable) */
  GtkWidget  *check;      /* (unowned) (nullable): its box in the dialog */
} Change;

static void
change_free (Change *change)
{
  json_object_unref (change->line);
  g_free (change->title);
  g_free (change->new_source);
  g_free (change);
}

typedef struct
{
  RapportStore        *store;    /* (owned) */
  const RapportEntity *child;
  JsonObject          *document; /* (owned) */
  GPtrArray           *lines;    /* (owned) (element-type JsonObject): all, in order */
  GPtrArray           *changes;  /* (owned) (element-type Change): every line of a product */
  char                *problem;  /* (owned) (nullable): why some line got no price */
  guint                n_unpriced;
  GtkWidget           *parent;   /* (owned) (nullable) */
  GtkWidget           *total;    /* (unowned): the total old → new */
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_clear_object (&refresh->store);
  json_object_unref (refresh->document);
  g_ptr_array_unref (refresh->lines);
  g_ptr_array_unref (refresh->changes);
  g_free (refresh->problem);
  g_clear_object (&refresh->parent);
  g_free (refresh);
}

static gint64
price_of (JsonObject *line)
{
  return rapport_json_get_int (line, "unit_price_x100", 0);
}

/* In a worker thread: each line's price from the list, today. */
static gpointer
price_lines (RapportStore *store,
             gpointer      data,
             GError      **error)
{
  Refresh *refresh = data;

  for (guint i = 0; i < refresh->changes->len; i++)
    {
      Change *change = g_ptr_array_index (refresh->changes, i);
      g_autoptr(GError) why = NULL;
      g_autoptr(JsonObject) price = NULL;

      price = rapport_store_resolve_line_price (store, rapport_json_get_string (refresh->document,
                                                                               "price_list_id"),
                                                rapport_json_get_string (refresh->document, "currency"),
                                                rapport_json_get_string (change->line, "product_id"),
                                                rapport_json_get_int (change->line, "qty_milli", 0),
                                                NULL, &why);
      if (price == NULL)
        {
          refresh->n_unpriced++;
          if (refresh->problem == NULL)
            refresh->problem = g_strdup (why->message);
          continue;
        }
      change->priced = TRUE;
      change->new_price = json_object_get_int_member (price, "unit_price_x100");
      change->new_source = g_strdup (json_object_get_string_member (price, "price_source"));
    }
  return refresh;
}

/* Whether the dialog lists @change: it has a new price. */
static gboolean
listed (Change *change)
{
  return change->priced && change->new_price != price_of (change->line);
}

static gboolean
ticked (Change *change)
{
  return change->check != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (change->check));
}

/* The document's total with the ticked lines at their new price. */
static gint64
total_with (Refresh  *refresh,
            gboolean  new_prices)
{
  g_autoptr(JsonObject) document = rapport_json_object_copy (refresh->document);
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < refresh->changes->len; i++)
    {
      Change *change = g_ptr_array_index (refresh->changes, i);

      if (new_prices && listed (change) && ticked (change))
        g_hash_table_insert (by_id, (gpointer) rapport_json_get_string (change->line, "id"), change);
    }
  for (guint i = 0; i < refresh->lines->len; i++)
    {
      JsonObject *line = rapport_json_object_copy (g_ptr_array_index (refresh->lines, i));
      Change *change = g_hash_table_lookup (by_id, rapport_json_get_string (line, "id") ?: "");

      if (change != NULL)
        json_object_set_int_member (line, "unit_price_x100", change->new_price);
      json_array_add_object_element (lines, line);
    }
  if (!rapport_document_compute (document, lines, NULL))
    return 0;
  return rapport_json_get_int (document, "total", 0);
}

static void
show_total (Refresh *refresh)
{
  const char *currency = rapport_json_get_string (refresh->document, "currency");
  g_autofree char *old_total = rapport_money_format (total_with (refresh, FALSE), currency);
  g_autofree char *new_total = rapport_money_format (total_with (refresh, TRUE), currency);
  /* Translators: the document's total before and after the new prices */
  g_autofree char *text = g_strdup_printf (_("Total: %s → %s"), old_total, new_total);

  gtk_label_set_text (GTK_LABEL (refresh->total), text);
}

typedef struct
{
  RapportStore        *store;   /* (owned) */
  const RapportEntity *child;
  GPtrArray           *ids;     /* (owned) (element-type utf8) */
  GPtrArray           *values;  /* (owned) (element-type JsonObject): what each line gets */
  GPtrArray           *undo;    /* (owned) (element-type JsonObject): what it had */
  GtkWidget           *window;  /* (owned) (nullable): for the toast */
} Writes;

static void
writes_free (Writes *writes)
{
  g_clear_object (&writes->store);
  g_ptr_array_unref (writes->ids);
  g_ptr_array_unref (writes->values);
  g_ptr_array_unref (writes->undo);
  g_clear_object (&writes->window);
  g_free (writes);
}

static Writes *
writes_new (RapportStore        *store,
            const RapportEntity *child,
            GtkWidget           *window)
{
  Writes *writes = g_new0 (Writes, 1);

  writes->store = g_object_ref (store);
  writes->child = child;
  writes->ids = g_ptr_array_new_with_free_func (g_free);
  writes->values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  writes->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  writes->window = window != NULL ? g_object_ref (window) : NULL;
  return writes;
}

static JsonObject *
price_values (gint64      unit_price_x100,
              const char *source)
{
  JsonObject *values = json_object_new ();

  json_object_set_int_member (values, "unit_price_x100", unit_price_x100);
  if (source != NULL && *source != '\0')
    json_object_set_string_member (values, "price_source", source);
  else
    json_object_set_null_member (values, "price_source");
  return values;
}

/* On the writer thread: every line's new values, one after the other. */
static gpointer
write_prices (RapportStore *store,
              gpointer      data,
              GError      **error)
{
  Writes *writes = data;

  for (guint i = 0; i < writes->ids->len; i++)
    {
      g_autoptr(JsonObject) saved = rapport_store_update (store, writes->child->name,
                                                         g_ptr_array_index (writes->ids, i),
                                                         g_ptr_array_index (writes->values, i),
                                                         error);

      if (saved == NULL)
        return NULL;
    }
  return writes;
}

static void start_writes (Writes *writes);

static void
undo_clicked_cb (AdwToast *toast,
                 Writes   *writes)
{
  Writes *back = writes_new (writes->store, writes->child, NULL);

  for (guint i = 0; i < writes->ids->len; i++)
    {
      g_ptr_array_add (back->ids, g_strdup (g_ptr_array_index (writes->ids, i)));
      g_ptr_array_add (back->values, json_object_ref (g_ptr_array_index (writes->undo, i)));
      g_ptr_array_add (back->undo, json_object_ref (g_ptr_array_index (writes->values, i)));
    }
  start_writes (back);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Writes *writes = rapport_store_write_finish (RAPPORT_STORE (object), result, &error);
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (writes == NULL)
    {
      g_warning ("Could not write the new prices: %s", error->message);
      return;
    }
  /* Undone, or with no window to offer Undo in: done with. */
  if (writes->window == NULL || !RAPPORT_IS_WINDOW (writes->window))
    {
      writes_free (writes);
      return;
    }
  title = g_strdup_printf (ngettext ("New price on %u line", "New prices on %u lines",
                                     writes->ids->len),
                           writes->ids->len);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* As long as a deletion's Undo is offered. */
  adw_toast_set_timeout (toast, 10);
  /* The toast keeps what Undo writes back. */
  g_object_set_data_full (G_OBJECT (toast), "rapport-writes", writes, (GDestroyNotify) writes_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), writes);
  rapport_window_add_toast (RAPPORT_WINDOW (writes->window), toast);
}

static void
start_writes (Writes *writes)
{
  /* The writes live on with the toast, not with the job. */
  rapport_store_write_async (writes->store, write_prices, writes, NULL, NULL, NULL, written_cb,
                             NULL);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Refresh          *refresh)
{
  Writes *writes;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  writes = writes_new (refresh->store, refresh->child, refresh->parent);
  for (guint i = 0; i < refresh->changes->len; i++)
    {
      Change *change = g_ptr_array_index (refresh->changes, i);

      if (!listed (change) || !ticked (change))
        continue;
      g_ptr_array_add (writes->ids, g_strdup (rapport_json_get_string (change->line, "id")));
      g_ptr_array_add (writes->values, price_values (change->new_price, change->new_source));
      g_ptr_array_add (writes->undo, price_values (price_of (change->line),
                                                   rapport_json_get_string (change->line,
                                                                            "price_source")));
    }
  if (writes->ids->len == 0)
    {
      writes_free (writes);
      return;
    }
  start_writes (writes);
}

static GtkWidget *
change_row_new (Refresh *refresh,
                Change  *change)
{
  const char *currency = rapport_json_get_string (refresh->document, "currency");
  g_autofree char *old_price = rapport_money_format_price (price_of (change->line), currency);
  g_autofree char *new_price = rapport_money_format_price (change->new_price, currency);
  g_autoptr(JsonObject) line = rapport_json_object_copy (change->line);
  g_autofree char *amount = NULL;
  g_autofree char *subtitle = NULL;
  gboolean manual = rapport_line_price_is_manual (change->line);
  GtkWidget *row = adw_action_row_new ();

  json_object_set_int_member (line, "unit_price_x100", change->new_price);
  rapport_document_compute_line (refresh->document, line, NULL);
  amount = rapport_money_format (rapport_json_get_int (line, "net", 0), currency);
  if (manual)
    /* Translators: a line's price typed by hand, the list's, the line's new amount */
    subtitle = g_strdup_printf (_("Typed by hand: %s → %s, amount %s"), old_price, new_price, amount);
  else
    /* Translators: a line's unit price, the new one, the line's new amount */
    subtitle = g_strdup_printf (_("%s → %s, amount %s"), old_price, new_price, amount);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  change->check = gtk_check_button_new ();
  /* A price typed by hand is left unless asked. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (change->check), !manual);
  gtk_widget_set_valign (change->check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (change->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  change->title, -1);
  g_signal_connect_swapped (change->check, "toggled", G_CALLBACK (show_total), refresh);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), change->check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), change->check);
  return row;
}

static void
show_dialog (Refresh *refresh)
{
  GtkWidget *dialog, *box, *list, *scrolled;
  guint n_listed = 0;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (refresh->parent) ? GTK_WINDOW (refresh->parent)
                                                                   : NULL,
                                   _("Refresh Prices"), NULL);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  if (refresh->problem != NULL)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u line keeps its price: %s",
                                                         "%u lines keep their price: %s",
                                                         refresh->n_unpriced),
                                               refresh->n_unpriced, refresh->problem);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
    }
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("New Prices"), -1);
  for (guint i = 0; i < refresh->changes->len; i++)
    {
      Change *change = g_ptr_array_index (refresh->changes, i);

      if (!listed (change))
        continue;
      gtk_list_box_append (GTK_LIST_BOX (list), change_row_new (refresh, change));
      n_listed++;
    }
  refresh->total = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (refresh->total), 0);
  gtk_label_set_wrap (GTK_LABEL (refresh->total), TRUE);
  gtk_widget_add_css_class (refresh->total, "heading");
  if (n_listed > 0)
    {
      scrolled = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
      gtk_box_append (GTK_BOX (box), scrolled);
      gtk_box_append (GTK_BOX (box), refresh->total);
      show_total (refresh);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("These lines would get the price list's price today. Prices"
                                     " typed by hand change only when ticked."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "apply", _("_Apply New Prices"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
    }
  else
    {
      g_object_ref_sink (list);
      g_object_unref (list);
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   refresh->problem != NULL
                                   ? _("No line gets a new price.")
                                   : _("Every line already has the price list's price."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Close"), NULL);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data_full (G_OBJECT (dialog), "rapport-refresh", refresh,
                          (GDestroyNotify) refresh_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), refresh);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
priced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Refresh *refresh = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (refresh == NULL)
    {
      g_warning ("Could not price the lines again: %s", error->message);
      return;
    }
  show_dialog (refresh);
}

/**
 * rapport_price_refresh_can:
 * @document: a quote or an order
 *
 * Returns: whether its prices may be refreshed: it is a draft
 */
gboolean
rapport_price_refresh_can (JsonObject *document)
{
  return g_strcmp0 (rapport_json_get_string (document, "state") ?: "draft", "draft") == 0;
}

/**
 * rapport_price_refresh_run:
 * @parent: (nullable): the window of the document
 * @child: the lines' type
 * @document: a draft quote or order
 * @lines: (element-type JsonObject): its lines, in order
 * @titles: (element-type utf8): what each line is called
 *
 * Prices the lines of a product again and shows what would change; writes
 * what the user applies.
 */
void
rapport_price_refresh_run (GtkWidget           *parent,
                           RapportStore        *store,
                           const RapportEntity *child,
                           JsonObject          *document,
                           GPtrArray           *lines,
                           GPtrArray           *titles)
{
  Refresh *refresh;

  g_return_if_fail (RAPPORT_IS_STORE (store));
  g_return_if_fail (lines != NULL && titles != NULL && lines->len == titles->len);

  if (!rapport_price_refresh_can (document))
    return;
  refresh = g_new0 (Refresh, 1);
  refresh->store = g_object_ref (store);
  refresh->child = child;
  refresh->document = rapport_json_object_copy (document);
  refresh->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  refresh->parent = parent != NULL ? g_object_ref (parent) : NULL;
  refresh->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      const char *kind = rapport_json_get_string (line, "line_kind") ?: "normal";
      Change *change;

      g_ptr_array_add (refresh->lines, rapport_json_object_copy (line));
      if (rapport_json_get_string (line, "product_id") == NULL || g_str_equal (kind, "section"))
        continue;
      change = g_new0 (Change, 1);
      change->line = rapport_json_object_copy (line);
      change->title = g_strdup (g_ptr_array_index (titles, i));
      g_ptr_array_add (refresh->changes, change);
    }
  rapport_store_read_async (store, price_lines, refresh, NULL, (GDestroyNotify) refresh_free, NULL,
                            priced_cb, NULL);
}
