/* rapport-money-row.c: an amount of money with its currency, in one row
 *
 * The amount is typed as the user's locale writes it and read in the
 * currency's minor units; the currency is chosen beside it. A new currency
 * changes what the typed amount means, so the amount is sent with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-money-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-choice-row.h"
#include "rapport-labels.h"
#include "rapport-money-row.h"
#include "rapport-money.h"
#include "rapport-preferences-window.h"
#include "rapport-validate.h"

struct _RapportMoneyRow
{
  AdwEntryRow         parent_instance;

  const RapportField *field;
  const RapportField *currency_field; /* (nullable) */
  GtkWidget          *currency;    /* (nullable): GtkDropDown; none when the currency has a row of its own */
  GPtrArray          *codes;       /* (owned) (element-type utf8): as the drop-down, "" is none */
  char               *original;    /* (owned): the amount's text when editing began */
  char               *original_currency; /* (owned) */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportMoneyRow, rapport_money_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static const char *
get_currency (RapportMoneyRow *self)
{
  guint selected = self->currency != NULL ? gtk_drop_down_get_selected (GTK_DROP_DOWN (self->currency))
                                          : 0;

  return selected < self->codes->len ? g_ptr_array_index (self->codes, selected) : "";
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportMoneyRow *self = RAPPORT_MONEY_ROW (row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  const char *currency = get_currency (self);
  gboolean currency_changed = strcmp (currency, self->original_currency) != 0;
  JsonNode *value;
  gint64 amount;

  /* A quote's discount and shipping are in the currency chosen on its own row. */
  if (self->currency_field != NULL && self->currency != NULL &&
      !rapport_field_row_unchanged (self->currency_field, currency, self->original_currency, creating))
    rapport_field_row_put (changes, self->currency_field, creating,
                           *currency == '\0' ? json_node_new (JSON_NODE_NULL)
                                             : json_node_init_string (json_node_alloc (), currency));

  if (!currency_changed && rapport_field_row_unchanged (self->field, text, self->original, creating))
    return TRUE;
  if (*text == '\0')
    value = json_node_new (JSON_NODE_NULL);
  else if (rapport_money_parse (text, *currency != '\0' ? currency : NULL, &amount))
    value = json_node_init_int (json_node_alloc (), amount);
  else
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, self->field->name,
                                    _("“%s” is not a number"), text);
      return FALSE;
    }
  rapport_field_row_put (changes, self->field, creating, value);
  return TRUE;
}

static void
edited_cb (RapportMoneyRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_money_row_finalize (GObject *object)
{
  RapportMoneyRow *self = RAPPORT_MONEY_ROW (object);

  g_clear_pointer (&self->codes, g_ptr_array_unref);
  g_free (self->original);
  g_free (self->original_currency);

  G_OBJECT_CLASS (rapport_money_row_parent_class)->finalize (object);
}

static void
rapport_money_row_class_init (RapportMoneyRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_money_row_finalize;
}

static void
rapport_money_row_init (RapportMoneyRow *self)
{
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_NUMBER);
  g_signal_connect (self, "changed", G_CALLBACK (edited_cb), NULL);
}

GtkWidget *
rapport_money_row_new (const RapportEntity *entity,
                       const RapportField  *field,
                       JsonObject          *record)
{
  RapportMoneyRow *self = g_object_new (RAPPORT_TYPE_MONEY_ROW, NULL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();
  g_autoptr(GPtrArray) offered = NULL;
  g_autofree char *preset = NULL;
  const char *current;
  guint selected = 0;

  self->field = field;
  self->currency_field = rapport_entity_get_field (entity, field->currency_field);
  self->original = rapport_field_row_text (record, field);
  self->original_currency = self->currency_field != NULL
                            ? rapport_field_row_text (record, self->currency_field)
                            : g_strdup ("");
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  gtk_editable_set_text (GTK_EDITABLE (self), self->original);
  g_strstrip (self->original);

  /* Can be unset, unless the descriptor asks for a currency. */
  self->codes = g_ptr_array_new_with_free_func (g_free);
  if (self->currency_field == NULL ||
      (self->currency_field->default_value == NULL &&
       !(self->currency_field->flags & RAPPORT_FIELD_REQUIRED)))
    {
      g_ptr_array_add (self->codes, g_strdup (""));
      gtk_string_list_append (labels, _("None"));
    }
  /* A new record is in the user's default currency. */
  current = self->original_currency;
  if (record == NULL && *current == '\0' &&
      (preset = rapport_preferences_default_currency ()) != NULL)
    current = preset;
  /* Several amounts in one currency (a quote's): it is chosen on its own row. */
  if (self->currency_field != NULL && rapport_field_row_has_row (entity, self->currency_field))
    {
      g_ptr_array_set_size (self->codes, 0);
      g_ptr_array_add (self->codes, g_strdup (current));
      return GTK_WIDGET (self);
    }
  offered = rapport_choice_row_currencies (current);
  for (guint i = 0; i < offered->len; i++)
    {
      g_ptr_array_add (self->codes, g_strdup (g_ptr_array_index (offered, i)));
      gtk_string_list_append (labels, g_ptr_array_index (offered, i));
    }
  for (guint i = 0; i < self->codes->len; i++)
    if (strcmp (g_ptr_array_index (self->codes, i), current) == 0)
      selected = i;

  self->currency = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (self->currency), factory);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->currency), selected);
  gtk_widget_set_valign (self->currency, GTK_ALIGN_CENTER);
  if (self->currency_field != NULL)
    {
      const char *label = rapport_labels_field (entity, self->currency_field->name);

      gtk_widget_set_tooltip_text (self->currency, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->currency),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  g_signal_connect_swapped (self->currency, "notify::selected", G_CALLBACK (edited_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->currency);
  return GTK_WIDGET (self);
}
