/* rapport-line-dialog.c: one line of a quote or an order, to edit
 *
 * The line's compact layout (rapport-entity-table.c) in the item dialog:
 * a quantity, a unit price and a discount typed as they are read ("1.5",
 * "12.3456", "10 %"), Save or Enter to store, Delete through the window's
 * Undo. A line just added (Ctrl+L) and then cancelled is taken away again,
 * as if never added. Picking a product fills the description and the unit price from
 * the product's name and list price where they are still empty, so that a
 * line can be made by picking and saving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-line-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-field-row.h"
#include "rapport-item-dialog-private.h"
#include "rapport-json.h"
#include "rapport-line-dialog.h"
#include "rapport-record-editor.h"
#include "rapport-scaled.h"

struct _RapportLineDialog
{
  RapportItemDialog    parent_instance;

  RapportStore        *store;      /* (owned) */
  const RapportEntity *entity;
  char                *currency;   /* (owned) (nullable): the document's */
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

static void
product_edited_cb (RapportLineDialog *self,
                   GtkWidget         *product_row)
{
  g_autoptr(JsonObject) picked = json_object_new ();
  g_autoptr(JsonObject) product = NULL;
  GtkWidget *description = row_of (self, "description");
  GtkWidget *price = row_of (self, "unit_price_x100");
  const char *id, *currency;
  gint64 list_price;

  /* Only a product picked now: the row says nothing when it is as it was. */
  if (!rapport_field_row_collect (RAPPORT_FIELD_ROW (product_row), picked, FALSE, NULL) ||
      (id = rapport_json_get_string (picked, "product_id")) == NULL ||
      (product = rapport_store_get (self->store, "product", id, NULL)) == NULL)
    return;

  if (description != NULL && GTK_IS_EDITABLE (description) && left_empty (self, description))
    gtk_editable_set_text (GTK_EDITABLE (description), rapport_json_get_string (product, "name") ?: "");
  currency = rapport_json_get_string (product, "list_price_currency");
  /* A price in another currency is not this line's to take. */
  if (price != NULL && GTK_IS_EDITABLE (price) && left_empty (self, price) &&
      rapport_json_lookup_int (product, "list_price", &list_price) &&
      (currency == NULL || self->currency == NULL || g_str_equal (currency, self->currency)))
    {
      const RapportField *field = rapport_field_row_get_field (RAPPORT_FIELD_ROW (price));
      g_autofree char *text = rapport_scaled_format (field, list_price * 100, self->currency);

      gtk_editable_set_text (GTK_EDITABLE (price), text);
    }
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

  g_clear_object (&self->store);
  g_clear_pointer (&self->currency, g_free);

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
 *
 * Returns: (transfer none): the dialog, shown by the caller
 */
RapportLineDialog *
rapport_line_dialog_new (GtkWindow           *parent,
                         RapportStore        *store,
                         const RapportEntity *entity,
                         JsonObject          *line,
                         const char          *label)
{
  RapportLineDialog *self;
  GtkWidget *product_row;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && entity->compact != NULL && line != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_LINE_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->currency = g_strdup (rapport_json_get_string (line, "currency"));
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, entity, line, NULL);
  rapport_item_dialog_allow_delete (RAPPORT_ITEM_DIALOG (self), _("_Delete Line"), label);
  if ((product_row = row_of (self, "product_id")) != NULL)
    g_signal_connect_swapped (product_row, "edited", G_CALLBACK (product_edited_cb), self);
  return self;
}
