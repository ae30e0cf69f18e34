/* rapport-text-row.c: a field typed on one line: text, a number, an address, a date
 *
 * The entry's input purpose follows the field's kind, a date has a
 * calendar beside it and is typed and shown as the locale writes it, and a
 * number is read whatever its size, so that the store can say "from 0 to
 * 100" instead of "not a number".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-text-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-date-button.h"
#include "rapport-dates.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-scaled.h"
#include "rapport-text-row.h"
#include "rapport-validate.h"

struct _RapportTextRow
{
  AdwEntryRow         parent_instance;

  const RapportField *field;
  char               *original;    /* (owned): the text when editing began */
  char               *currency;    /* (owned) (nullable): the record's, for a unit price */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportTextRow, rapport_text_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportTextRow *self = RAPPORT_TEXT_ROW (row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  JsonNode *value;

  if (rapport_field_row_unchanged (self->field, text, self->original, creating))
    return TRUE;
  if (*text == '\0')
    value = json_node_new (JSON_NODE_NULL);
  else if (self->field->kind == RAPPORT_FIELD_INT)
    {
      gint64 number;

      /* Any whole number: whether it is in range is the store's to say.
       * A quantity or a rate is typed as read: "1.5", "10 %". */
      if (rapport_scaled_field (self->field)
            ? !rapport_scaled_parse (self->field, text, self->currency, &number)
            : !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, self->field->name,
                                        _("“%s” is not a number"), text);
          return FALSE;
        }
      value = json_node_init_int (json_node_alloc (), number);
    }
  else if (self->field->kind == RAPPORT_FIELD_DATE)
    {
      g_autofree char *date = rapport_dates_parse_date (text);

      if (date == NULL)
        {
          g_autofree char *example = rapport_dates_example (FALSE);

          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, self->field->name,
                                        /* Translators: the first %s is what was typed, the second a date */
                                        _("“%s” is not a date. Type it as %s or 2026-12-24."),
                                        text, example);
          return FALSE;
        }
      value = json_node_init_string (json_node_alloc (), date);
    }
  else
    value = json_node_init_string (json_node_alloc (), text);
  rapport_field_row_put (changes, self->field, creating, value);
  return TRUE;
}

static void
changed_cb (RapportTextRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_text_row_finalize (GObject *object)
{
  RapportTextRow *self = RAPPORT_TEXT_ROW (object);

  g_free (self->original);
  g_free (self->currency);

  G_OBJECT_CLASS (rapport_text_row_parent_class)->finalize (object);
}

static void
rapport_text_row_class_init (RapportTextRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_text_row_finalize;
}

static void
rapport_text_row_init (RapportTextRow *self)
{
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
}

GtkWidget *
rapport_text_row_new (const RapportEntity *entity,
                      const RapportField  *field,
                      JsonObject          *record)
{
  RapportTextRow *self = g_object_new (RAPPORT_TYPE_TEXT_ROW, NULL);
  AdwEntryRow *entry = ADW_ENTRY_ROW (self);

  self->field = field;
  self->original = rapport_field_row_text (record, field);
  if (record != NULL && field->currency_field != NULL)
    self->currency = g_strdup (rapport_json_get_string (record, field->currency_field));
  /* Shown, and compared with what is typed, as the locale writes it. */
  if (field->kind == RAPPORT_FIELD_DATE && *self->original != '\0')
    {
      g_autofree char *stored = g_steal_pointer (&self->original);

      self->original = rapport_labels_format_date (stored);
    }
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  gtk_editable_set_text (GTK_EDITABLE (self), self->original);
  /* Compared with what is typed, which is read trimmed. */
  g_strstrip (self->original);

  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
      adw_entry_row_set_input_purpose (entry, GTK_INPUT_PURPOSE_EMAIL);
      break;
    case RAPPORT_FIELD_PHONE:
      adw_entry_row_set_input_purpose (entry, GTK_INPUT_PURPOSE_PHONE);
      break;
    case RAPPORT_FIELD_URL:
      adw_entry_row_set_input_purpose (entry, GTK_INPUT_PURPOSE_URL);
      break;
    case RAPPORT_FIELD_INT:
      adw_entry_row_set_input_purpose (entry, GTK_INPUT_PURPOSE_NUMBER);
      break;
    case RAPPORT_FIELD_DATE:
      {
        g_autofree char *example = rapport_dates_example (FALSE);
        /* Translators: %s is a date as typed in the user's language */
        g_autofree char *hint = g_strdup_printf (_("A date such as %s"), example);

        gtk_widget_set_tooltip_text (GTK_WIDGET (self), hint);
      }
      adw_entry_row_add_suffix (entry, rapport_date_button_new (GTK_EDITABLE (self)));
      break;
    default:
      break;
    }
  return GTK_WIDGET (self);
}
