/* rapport-line-dialog.c: one line of a quote or an order, to edit
 *
 * The line's compact layout (rapport-entity-table.c) in the item dialog:
 * a quantity, a unit price and a discount typed as they are read ("1.5",
 * "12.3456", "10 %"), Save or Enter to store, Delete through the window's
 * Undo. A line just added (Ctrl+L) and then cancelled is taken away again,
 * as if never added. Picking a product fills the description from its
 * name where it is still empty, and the unit price from the document's
 * price list (or the default list of its currency valid today): the
 * product's list price at once, then the list's price once the store has
 * resolved it in a worker thread (rapport_store_resolve_line_price_async),
 * and again when the quantity changes, for the rules from a minimum
 * quantity. Under the price, where it came from ("Dealers 2026 · Volume ·
 * 10 % off"), saved with it as `price_source`. A price the user typed is
 * kept and saved as typed by hand (no source): neither a resolution nor a
 * later change of the list replaces it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-line-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-field-row.h"
#include "rapport-cancellable.h"
#include "rapport-item-dialog-private.h"
#include "rapport-json.h"
#include "rapport-line-dialog.h"
#include "rapport-line-price.h"
#include "rapport-price-resolve.h"
#include "rapport-record-editor.h"
#include "rapport-scaled.h"
#include "rapport-store-prices.h"

struct _RapportLineDialog
{
  RapportItemDialog    parent_instance;

  RapportStore        *store;      /* (owned) */
  const RapportEntity *entity;
  char                *currency;   /* (owned) (nullable): the document's */
  JsonObject          *line;       /* (owned): as opened */
  char                *price_list_id; /* (owned) (nullable): the document's */
  char                *product_id; /* (owned) (nullable): the line's, or the one picked */
  GCancellable        *resolving;  /* (owned) (nullable): the price asked for */
  char                *auto_text;  /* (owned) (nullable): the price row's text as priced, not typed */
  char                *auto_source; /* (owned) (nullable): where that price came from */
  char                *problem;    /* (owned) (nullable): why the list gave no price */
};

G_DEFINE_FINAL_TYPE (RapportLineDialog, rapport_line_dialog, RAPPORT_TYPE_ITEM_DIALOG)

static GtkWidget *
row_of (RapportLineDialog *self,
        const char        *field)
{
  GtkWidget *editor = rapport_item_dialog_get_editor (RAPPORT_ITEM_DIALOG (self));

  return editor != NULL ? rapport_record_editor_get_row (RAPPORT_RECORD_EDITOR (editor), field) : NULL;
}

/* Whether the row @field holds nothing the user typed: empty, or a price of 0. */
static gboolean
left_empty (RapportLineDialog *self,
            GtkWidget         *row)
{
  const RapportField *field = rapport_field_row_get_field (RAPPORT_FIELD_ROW (row));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  gint64 value;

  if (*text == '\0')
    return TRUE;
  return rapport_scaled_field (field) && rapport_scaled_parse (field, text, self->currency, &value) &&
         value == 0;
}

static GtkWidget *
editor_of (RapportLineDialog *self)
{
  return rapport_item_dialog_get_editor (RAPPORT_ITEM_DIALOG (self));
}

static char *
price_text (RapportLineDialog *self)
{
  GtkWidget *price = row_of (self, "unit_price_x100");

  return price != NULL && GTK_IS_EDITABLE (price)
         ? g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (price)))) : NULL;
}

/* What the price row holds says what is saved with it: the source of a
 * price put there by pricing, or none for one typed by hand; and says it
 * under the row. */
static void
price_edited_cb (RapportLineDialog *self)
{
  g_autofree char *text = price_text (self);
  g_autoptr(JsonObject) stamped = json_object_new ();
  g_autofree char *shown = NULL;
  g_autofree char *note = NULL;
  const char *source = NULL;
  const char *was = rapport_json_get_string (self->line, "price_source");

  if (text == NULL || self->product_id == NULL)
    return;
  if (self->auto_text != NULL && g_str_equal (text, self->auto_text))
    source = self->auto_source;
  if (g_strcmp0 (source, was) != 0)
    {
      if (source != NULL)
        json_object_set_string_member (stamped, "price_source", source);
      else
        json_object_set_null_member (stamped, "price_source");
    }
  rapport_record_editor_set_stamped (RAPPORT_RECORD_EDITOR (editor_of (self)),
                                     json_object_get_size (stamped) > 0 ? stamped : NULL);
  /* Translators: under a line's unit price: where it came from */
  shown = source != NULL ? g_strdup_printf (_("Price from: %s"), source)
                         : g_strdup (_("Price typed by hand"));
  /* Translators: where a line's price came from, then why the price list
   * gives none: "Price typed by hand. The price list “2026” expired on …" */
  note = self->problem != NULL ? g_strdup_printf (_("%s. %s"), shown, self->problem)
                               : g_steal_pointer (&shown);
  rapport_record_editor_set_note (RAPPORT_RECORD_EDITOR (editor_of (self)), "unit_price_x100", note);
}

/* Whether the price row holds a price the user typed: not empty, not 0,
 * not what pricing put there. */
static gboolean
typed_by_hand (RapportLineDialog *self,
               GtkWidget         *price)
{
  g_autofree char *text = price_text (self);

  return !left_empty (self, price) && g_strcmp0 (text, self->auto_text) != 0;
}

/* Puts @unit_price_x100 into the price row as priced by @source, unless
 * the user typed a price there. */
static void
offer_price (RapportLineDialog *self,
             gint64             unit_price_x100,
             const char        *source)
{
  GtkWidget *price = row_of (self, "unit_price_x100");
  const RapportField *field;
  g_autofree char *text = NULL;

  if (price == NULL || !GTK_IS_EDITABLE (price) || typed_by_hand (self, price))
    {
      price_edited_cb (self);
      return;
    }
  field = rapport_field_row_get_field (RAPPORT_FIELD_ROW (price));
  text = rapport_scaled_format (field, unit_price_x100, self->currency);
  g_free (self->auto_text);
  self->auto_text = g_strdup (text);
  g_free (self->auto_source);
  self->auto_source = g_strdup (source);
  gtk_editable_set_text (GTK_EDITABLE (price), text);
  price_edited_cb (self);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RapportLineDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) price = rapport_store_resolve_price_finish (RAPPORT_STORE (object), result,
                                                                    &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->resolving);
  g_clear_pointer (&self->problem, g_free);
  if (price != NULL)
    offer_price (self, json_object_get_int_member (price, "unit_price_x100"),
                 json_object_get_string_member (price, "price_source"));
  else
    {
      /* No list at all: the product's list price stands. A list that
       * gives no price says why, under the price. */
      if (!g_error_matches (error, RAPPORT_PRICE_ERROR, RAPPORT_PRICE_ERROR_NO_LIST))
        self->problem = g_strdup (error->message);
      price_edited_cb (self);
    }
}

/* Asks the store for the price of the line's product at the quantity
 * typed. */
static void
resolve (RapportLineDialog *self)
{
  GtkWidget *quantity = row_of (self, "qty_milli");
  g_autofree char *text = NULL;
  gint64 qty_milli = 1000;

  if (self->product_id == NULL)
    return;
  if (quantity != NULL && GTK_IS_EDITABLE (quantity))
    {
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (quantity))));
      /* Half typed: the price waits for a quantity. */
      if (*text != '\0' &&
          !rapport_scaled_parse (rapport_field_row_get_field (RAPPORT_FIELD_ROW (quantity)), text,
                                 self->currency, &qty_milli))
        return;
    }
  rapport_cancellable_renew (&self->resolving);
  rapport_store_resolve_line_price_async (self->store, self->price_list_id, self->currency,
                                          self->product_id, qty_milli, NULL, self->resolving,
                                          resolved_cb, g_object_ref (self));
}

static void
product_edited_cb (RapportLineDialog *self,
                   GtkWidget         *product_row)
{
  g_autoptr(JsonObject) picked = json_object_new ();
  g_autoptr(JsonObject) product = NULL;
  GtkWidget *description = row_of (self, "description");
  const char *id, *currency;
  gint64 list_price;

  /* Only a product picked now: the row says nothing when it is as it was. */
  if (!rapport_field_row_collect (RAPPORT_FIELD_ROW (product_row), picked, FALSE, NULL) ||
      (id = rapport_json_get_string (picked, "product_id")) == NULL ||
      (product = rapport_store_get (self->store, "product", id, NULL)) == NULL)
    return;

  g_free (self->product_id);
  self->product_id = g_strdup (id);
  if (description != NULL && GTK_IS_EDITABLE (description) && left_empty (self, description))
    gtk_editable_set_text (GTK_EDITABLE (description), rapport_json_get_string (product, "name") ?: "");
  currency = rapport_json_get_string (product, "list_price_currency");
  /* At once the product's list price, then the price list's. A price in
   * another currency is not this line's to take. */
  if (rapport_json_lookup_int (product, "list_price", &list_price) &&
      (currency == NULL || self->currency == NULL || g_str_equal (currency, self->currency)))
    offer_price (self, list_price * 100, _("List price of the product"));
  resolve (self);
}

/* A line added for this dialog, which the user cancelled: not kept. */
static gboolean
close_request_cb (RapportLineDialog *self)
{
  const char *id = g_object_get_data (G_OBJECT (self), "rapport-fresh-line");

  if (id != NULL && !rapport_item_dialog_get_finished (RAPPORT_ITEM_DIALOG (self)))
    rapport_store_delete_async (self->store, self->entity->name, id, NULL, NULL, NULL);
  return FALSE;
}

/**
 * rapport_line_dialog_set_fresh:
 * @id: the line, added for this dialog
 *
 * Closing the dialog without saving takes the line away again.
 */
void
rapport_line_dialog_set_fresh (RapportLineDialog *self,
                               const char        *id)
{
  g_object_set_data_full (G_OBJECT (self), "rapport-fresh-line", g_strdup (id), g_free);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

static void
rapport_line_dialog_finalize (GObject *object)
{
  RapportLineDialog *self = RAPPORT_LINE_DIALOG (object);

  g_cancellable_cancel (self->resolving);
  g_clear_object (&self->resolving);
  g_clear_object (&self->store);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->line, json_object_unref);
  g_clear_pointer (&self->price_list_id, g_free);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->auto_text, g_free);
  g_clear_pointer (&self->auto_source, g_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (rapport_line_dialog_parent_class)->finalize (object);
}

static void
rapport_line_dialog_class_init (RapportLineDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_line_dialog_finalize;
}

static void
rapport_line_dialog_init (RapportLineDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Line"));
}

/**
 * rapport_line_dialog_new:
 * @entity: the lines' type: quote_line, sales_order_line
 * @line: the line as stored
 * @label: what the Undo toast of its deletion calls it, "Line 3"
 * @price_list_id: (nullable): the document's price list; without one,
 *   the default list of the line's currency prices it
 *
 * Returns: (transfer none): the dialog, shown by the caller
 */
RapportLineDialog *
rapport_line_dialog_new (GtkWindow           *parent,
                         RapportStore        *store,
                         const RapportEntity *entity,
                         JsonObject          *line,
                         const char          *label,
                         const char          *price_list_id)
{
  RapportLineDialog *self;
  GtkWidget *product_row, *price_row, *quantity_row;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && entity->compact != NULL && line != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_LINE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->currency = g_strdup (rapport_json_get_string (line, "currency"));
  self->line = json_object_ref (line);
  self->price_list_id = g_strdup (price_list_id);
  self->product_id = g_strdup (rapport_json_get_string (line, "product_id"));
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, entity, line, NULL);
  rapport_item_dialog_allow_delete (RAPPORT_ITEM_DIALOG (self), _("_Delete Line"), label);
  /* A saved price from a list is kept as it is unless the user types
   * another: the row holds it as priced. */
  if (!rapport_line_price_is_manual (line) && rapport_json_get_string (line, "price_source") != NULL)
    {
      self->auto_text = price_text (self);
      self->auto_source = g_strdup (rapport_json_get_string (line, "price_source"));
    }
  if ((product_row = row_of (self, "product_id")) != NULL)
    g_signal_connect_swapped (product_row, "edited", G_CALLBACK (product_edited_cb), self);
  if ((price_row = row_of (self, "unit_price_x100")) != NULL)
    g_signal_connect_swapped (price_row, "edited", G_CALLBACK (price_edited_cb), self);
  if ((quantity_row = row_of (self, "qty_milli")) != NULL)
    g_signal_connect_swapped (quantity_row, "edited", G_CALLBACK (resolve), self);
  price_edited_cb (self);
  return self;
}
