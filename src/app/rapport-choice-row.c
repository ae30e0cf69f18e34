/* rapport-choice-row.c: a field picked from a few values
 *
 * A choice (a case's status), a currency, or a whole number with only a
 * handful of values (a 1–5 satisfaction rating). A field that has no
 * default and is not required can be set back to None.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-choice-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-choice-row.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-preferences-window.h"

struct _RapportChoiceRow
{
  AdwComboRow         parent_instance;

  const RapportField *field;
  GPtrArray          *choices;     /* (owned) (element-type utf8): the values, as the labels */
  char               *original;    /* (owned): the value when editing began */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportChoiceRow, rapport_choice_row, ADW_TYPE_COMBO_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

/**
 * rapport_choice_row_currencies:
 * @current: the record's currency, or ""
 *
 * Returns: (transfer full) (element-type utf8): the currency codes to offer
 */
GPtrArray *
rapport_choice_row_currencies (const char *current)
{
  const char * const *common = rapport_money_common_currencies ();
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  /* The common ones first; any other valid code a record has is added. */
  if (current != NULL && *current != '\0' && !g_strv_contains (common, current))
    g_ptr_array_add (codes, g_strdup (current));
  for (guint i = 0; common[i] != NULL; i++)
    g_ptr_array_add (codes, g_strdup (common[i]));
  return codes;
}

static const char *
get_chosen (RapportChoiceRow *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));

  return selected < self->choices->len ? g_ptr_array_index (self->choices, selected) : "";
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportChoiceRow *self = RAPPORT_CHOICE_ROW (row);
  const char *chosen = get_chosen (self);
  JsonNode *value;

  if (rapport_field_row_unchanged (self->field, chosen, self->original, creating))
    return TRUE;
  if (*chosen == '\0')
    value = json_node_new (JSON_NODE_NULL);
  else if (self->field->kind == RAPPORT_FIELD_INT)
    value = json_node_init_int (json_node_alloc (), g_ascii_strtoll (chosen, NULL, 10));
  else
    value = json_node_init_string (json_node_alloc (), chosen);
  rapport_field_row_put (changes, self->field, creating, value);
  return TRUE;
}

static void
selected_cb (RapportChoiceRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_choice_row_finalize (GObject *object)
{
  RapportChoiceRow *self = RAPPORT_CHOICE_ROW (object);

  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_free (self->original);

  G_OBJECT_CLASS (rapport_choice_row_parent_class)->finalize (object);
}

static void
rapport_choice_row_class_init (RapportChoiceRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_choice_row_finalize;
}

static void
rapport_choice_row_init (RapportChoiceRow *self)
{
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  adw_combo_row_set_factory (ADW_COMBO_ROW (self), factory);
}

GtkWidget *
rapport_choice_row_new (const RapportEntity *entity,
                        const RapportField  *field,
                        JsonObject          *record)
{
  RapportChoiceRow *self = g_object_new (RAPPORT_TYPE_CHOICE_ROW, NULL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *current = rapport_field_row_text (record, field);
  guint selected = 0;

  /* A new record is in the user's default currency. */
  if (field->kind == RAPPORT_FIELD_CURRENCY && record == NULL && *current == '\0')
    {
      char *preset = rapport_preferences_default_currency ();

      if (preset != NULL)
        {
          g_free (current);
          current = preset;
        }
    }

  self->field = field;
  self->choices = g_ptr_array_new_with_free_func (g_free);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);

  if (field->default_value == NULL && !(field->flags & RAPPORT_FIELD_REQUIRED))
    {
      g_ptr_array_add (self->choices, g_strdup (""));
      gtk_string_list_append (labels, _("None"));
    }
  if (field->kind == RAPPORT_FIELD_CURRENCY)
    {
      g_autoptr(GPtrArray) codes = rapport_choice_row_currencies (current);

      for (guint i = 0; i < codes->len; i++)
        {
          g_ptr_array_add (self->choices, g_strdup (g_ptr_array_index (codes, i)));
          gtk_string_list_append (labels, g_ptr_array_index (codes, i));
        }
    }
  else if (field->kind == RAPPORT_FIELD_INT)
    for (gint64 n = field->min; n <= field->max; n++)
      {
        g_ptr_array_add (self->choices, g_strdup_printf ("%" G_GINT64_FORMAT, n));
        gtk_string_list_append (labels, g_ptr_array_index (self->choices, self->choices->len - 1));
      }
  else
    for (guint i = 0; field->choices[i] != NULL; i++)
      {
        g_ptr_array_add (self->choices, g_strdup (field->choices[i]));
        gtk_string_list_append (labels, rapport_labels_field_choice (entity, field->name,
                                                                     field->choices[i]));
      }

  for (guint i = 0; i < self->choices->len; i++)
    if (strcmp (g_ptr_array_index (self->choices, i), current) == 0 ||
        (*current == '\0' && g_strcmp0 (g_ptr_array_index (self->choices, i),
                                        field->default_value) == 0))
      selected = i;

  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), selected);
  self->original = g_strdup (get_chosen (self));
  g_signal_connect (self, "notify::selected", G_CALLBACK (selected_cb), NULL);
  return GTK_WIDGET (self);
}
