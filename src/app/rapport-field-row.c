/* rapport-field-row.c: a row of the record editor that edits one field
 *
 * Each kind of field has its own row widget (text, multi-line text,
 * choice, choice buttons, switch, money with its currency, lists, a link to a record); they all answer the same
 * question, "what did the user change?", so the editor can ask every row
 * and show every error of the form at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-field-row"

#include "config.h"

#include <string.h>

#include "rapport-approval-steps-row.h"
#include "rapport-button-choice-row.h"
#include "rapport-choice-row.h"
#include "rapport-datetime-row.h"
#include "rapport-field-row.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-list-row.h"
#include "rapport-money.h"
#include "rapport-money-row.h"
#include "rapport-multiline-row.h"
#include "rapport-ref-row.h"
#include "rapport-rule-actions-row.h"
#include "rapport-rule-conditions-row.h"
#include "rapport-rule-field-row.h"
#include "rapport-scaled.h"
#include "rapport-switch-row.h"
#include "rapport-text-row.h"

G_DEFINE_INTERFACE (RapportFieldRow, rapport_field_row, GTK_TYPE_WIDGET)

static GQuark field_quark;

static void
rapport_field_row_default_init (RapportFieldRowInterface *iface)
{
  field_quark = g_quark_from_static_string ("rapport-field-row-field");

  /**
   * RapportFieldRow::edited:
   *
   * The user changed the value: an error shown under it is out of date.
   */
  g_signal_new ("edited", RAPPORT_TYPE_FIELD_ROW, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);
}

/* For the row widgets: the value the user sees changed. */
void
rapport_field_row_edited (RapportFieldRow *self)
{
  g_signal_emit_by_name (self, "edited");
}

/**
 * rapport_field_row_text:
 *
 * Returns: (transfer full): the field as the user types it; "" when unset
 */
char *
rapport_field_row_text (JsonObject         *record,
                        const RapportField *field)
{
  JsonNode *node = record ? json_object_get_member (record, field->name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
      {
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        /* The first {label, value}: the one the editor edits. */
        if (array == NULL || json_array_get_length (array) == 0 ||
            !JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
          return g_strdup ("");
        return g_strdup (rapport_json_get_string (json_array_get_object_element (array, 0), "value") ?: "");
      }
    case RAPPORT_FIELD_TAGS:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (text, ", ");
            g_string_append (text, json_array_get_string_element (array, i));
          }
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
    case RAPPORT_FIELD_MONEY:
      /* Without the currency: it is chosen beside the amount. */
      return rapport_money_format_number (json_node_get_int (node),
                                          rapport_json_get_string (record, field->currency_field));
    case RAPPORT_FIELD_INT:
      if (rapport_scaled_field (field))
        return rapport_scaled_format_field (field, record);
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case RAPPORT_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (node) ? "true" : "");
    default:
      return g_strdup (json_node_get_value_type (node) == G_TYPE_STRING
                       ? json_node_get_string (node) : "");
    }
}

/**
 * rapport_field_row_has_row:
 *
 * Whether the editor has a row of its own for @field: the currency of one
 * MONEY field is chosen in the amount's row.
 */
gboolean
rapport_field_row_has_row (const RapportEntity *entity,
                           const RapportField  *field)
{
  guint n_amounts = 0;

  /* One amount has its currency beside it (a deal's); several amounts in
   * one currency (a quote's discount and shipping, derived totals) have
   * it on a row of its own. */
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].kind == RAPPORT_FIELD_MONEY &&
        !(entity->fields[i].flags & RAPPORT_FIELD_DERIVED) &&
        g_strcmp0 (entity->fields[i].currency_field, field->name) == 0)
      n_amounts++;
  return n_amounts != 1;
}

/* A whole number with a handful of values (a 1–5 rating) is picked, not typed. */
static gboolean
is_small_scale (const RapportField *field)
{
  return field->kind == RAPPORT_FIELD_INT && !(field->flags & RAPPORT_FIELD_PERCENT) &&
         field->max - field->min < 10;
}

/**
 * rapport_field_row_new:
 *
 * Returns: (transfer floating): the row that edits @field of @record
 * (%NULL: a new one), of the widget @field's kind needs
 */
GtkWidget *
rapport_field_row_new (RapportStore        *store,
                       const RapportEntity *entity,
                       const RapportField  *field,
                       JsonObject          *record)
{
  g_return_val_if_fail (entity != NULL && field != NULL, NULL);

  switch (field->kind)
    {
    case RAPPORT_FIELD_BOOL:
      return rapport_switch_row_new (entity, field, record);
    case RAPPORT_FIELD_ENUM:
      if (field->choice_icons != NULL)
        return rapport_button_choice_row_new (entity, field, record);
      return rapport_choice_row_new (entity, field, record);
    case RAPPORT_FIELD_CURRENCY:
      return rapport_choice_row_new (entity, field, record);
    case RAPPORT_FIELD_MONEY:
      return rapport_money_row_new (entity, field, record);
    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
    case RAPPORT_FIELD_TAGS:
      return rapport_list_row_new (entity, field, record);
    case RAPPORT_FIELD_REF:
      return rapport_ref_row_new (store, entity, field, record);
    case RAPPORT_FIELD_INT:
      if (is_small_scale (field))
        return rapport_choice_row_new (entity, field, record);
      return rapport_text_row_new (entity, field, record);
    case RAPPORT_FIELD_TEXT:
      /* A rule's conditions and actions are JSON that nobody types. */
      if (g_str_equal (entity->name, "automation_rule") && g_str_equal (field->name, "conditions"))
        return rapport_rule_conditions_row_new (store, entity, field, record);
      if (g_str_equal (entity->name, "automation_rule") && g_str_equal (field->name, "actions"))
        return rapport_rule_actions_row_new (store, entity, field, record);
      if (g_str_equal (entity->name, "automation_rule") && g_str_equal (field->name, "trigger_field"))
        return rapport_rule_field_row_new (entity, field, record);
      if (field->flags & RAPPORT_FIELD_APPROVERS)
        return rapport_approval_steps_row_new (store, entity, field, record);
      if (field->flags & RAPPORT_FIELD_MULTILINE)
        return rapport_multiline_row_new (entity, field, record);
      return rapport_text_row_new (entity, field, record);
    case RAPPORT_FIELD_DATETIME:
      return rapport_datetime_row_new (entity, field, record);
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_URL:
    case RAPPORT_FIELD_DATE:
    default:
      return rapport_text_row_new (entity, field, record);
    }
}

/**
 * rapport_field_row_setup:
 *
 * What every row does: titled by the field's label, which is never markup,
 * and named by it for screen readers.
 */
void
rapport_field_row_setup (GtkWidget           *row,
                         const RapportEntity *entity,
                         const RapportField  *field)
{
  const char *label = rapport_labels_field (entity, field->name);

  g_object_set_qdata (G_OBJECT (row), field_quark, (gpointer) field);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

const RapportField *
rapport_field_row_get_field (RapportFieldRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_FIELD_ROW (self), NULL);

  return g_object_get_qdata (G_OBJECT (self), field_quark);
}

/**
 * rapport_field_row_edits:
 *
 * Whether an error about the field @name belongs under this row.
 */
gboolean
rapport_field_row_edits (RapportFieldRow *self,
                         const char      *name)
{
  const RapportField *field = rapport_field_row_get_field (self);

  return name != NULL &&
         (g_strcmp0 (field->name, name) == 0 || g_strcmp0 (field->currency_field, name) == 0);
}

gboolean
rapport_field_row_collect (RapportFieldRow *self,
                           JsonObject      *changes,
                           gboolean         creating,
                           GError         **error)
{
  g_return_val_if_fail (RAPPORT_IS_FIELD_ROW (self), FALSE);

  return RAPPORT_FIELD_ROW_GET_IFACE (self)->collect (self, changes, creating, error);
}

/**
 * rapport_field_row_unchanged:
 *
 * Whether @text leaves nothing to send: the same as when editing began,
 * or, for a new record, empty or the default the store fills in anyway.
 */
gboolean
rapport_field_row_unchanged (const RapportField *field,
                             const char         *text,
                             const char         *original,
                             gboolean            creating)
{
  return strcmp (text, original) == 0 &&
         (!creating || *text == '\0' || field->default_value != NULL);
}

/**
 * rapport_field_row_put_text:
 * @original: the text when editing began
 *
 * What most rows collect: @text, unless rapport_field_row_unchanged()
 * says there is nothing to send; empty text clears the field.
 */
void
rapport_field_row_put_text (JsonObject         *changes,
                            const RapportField *field,
                            gboolean            creating,
                            const char         *text,
                            const char         *original)
{
  if (rapport_field_row_unchanged (field, text, original, creating))
    return;
  rapport_field_row_put (changes, field, creating,
                         *text != '\0' ? json_node_init_string (json_node_alloc (), text)
                                       : json_node_new (JSON_NODE_NULL));
}

/**
 * rapport_field_row_put:
 * @value: (transfer full)
 *
 * Adds @value to @changes; a new record leaves out what is not set.
 */
void
rapport_field_row_put (JsonObject         *changes,
                       const RapportField *field,
                       gboolean            creating,
                       JsonNode           *value)
{
  if (creating && JSON_NODE_HOLDS_NULL (value))
    {
      json_node_free (value);
      return;
    }
  json_object_set_member (changes, field->name, value);
}
