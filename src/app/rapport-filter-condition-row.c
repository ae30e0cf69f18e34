/* rapport-filter-condition-row.c: one condition of the filter editor
 *
 * A field (the record's own, or one of a record it refers to: Company ›
 * Industry), an operator that fits the field's kind, and a value widget
 * that fits both: an entry, the field's choices, a date with its year, an
 * amount and its currency, or a count of days, weeks or months. The row
 * writes its condition in the filter's JSON form and checks it with the
 * core's own reader, so what the editor accepts is what the store runs;
 * a value the core refuses is flagged under the row, with its message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter-condition-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-choice-row.h"
#include "rapport-date-button.h"
#include "rapport-dates.h"
#include "rapport-filter.h"
#include "rapport-filter-condition-row.h"
#include "rapport-filter-labels.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-wrap-box.h"

struct _RapportFilterConditionRow
{
  GtkListBoxRow          parent_instance;

  const RapportEntity   *entity;
  GPtrArray             *paths;      /* (owned) (element-type utf8): the field drop-down's */
  const RapportField    *field;      /* the chosen path's field */
  RapportFilterValueKind kind;
  const char * const    *ops;        /* offered for @kind */
  GPtrArray             *currencies; /* (owned) (element-type utf8): after "Any Currency" */
  gboolean               loading;    /* widgets are being set, not changed by the user */
  gboolean               touched;    /* the user changed the value: an empty one is flagged */

  GtkDropDown           *field_dropdown;
  GtkDropDown           *op_dropdown;
  GtkBox                *value_box;
  GtkLabel              *error_label;
  /* In value_box, as the field and operator ask */
  GtkEditable           *entry;      /* (nullable) */
  GtkDropDown           *choices;    /* (nullable): a choice, yes/no, a unit, a currency */
  GtkSpinButton         *count;      /* (nullable): in the last N */
};

G_DEFINE_FINAL_TYPE (RapportFilterConditionRow, rapport_filter_condition_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const units[] = { "days", "weeks", "months" };

static const char *
chosen_op (RapportFilterConditionRow *self)
{
  guint selected = gtk_drop_down_get_selected (self->op_dropdown);

  return selected < g_strv_length ((char **) self->ops) ? self->ops[selected] : self->ops[0];
}

static void
name_widget (GtkWidget  *widget,
             const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Choices a screen reader can name. */
static void
set_factory (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  gtk_drop_down_set_list_factory (dropdown, factory);
}

static GtkDropDown *
dropdown_new (GPtrArray  *labels,
              const char *accessible_label)
{
  GtkDropDown *dropdown;

  g_ptr_array_add (labels, NULL);
  dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) labels->pdata));
  g_ptr_array_remove_index (labels, labels->len - 1);
  set_factory (dropdown);
  name_widget (GTK_WIDGET (dropdown), accessible_label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), accessible_label);
  return dropdown;
}

static void
changed (RapportFilterConditionRow *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
value_changed_cb (RapportFilterConditionRow *self)
{
  if (!self->loading)
    self->touched = TRUE;
  changed (self);
}

static void
add_entry (RapportFilterConditionRow *self,
           const char                *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  name_widget (entry, _("Value"));
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (value_changed_cb), self);
  gtk_box_append (self->value_box, entry);
  self->entry = GTK_EDITABLE (entry);
}

static void
add_choices (RapportFilterConditionRow *self,
             GPtrArray                 *labels,
             const char                *accessible_label)
{
  self->choices = dropdown_new (labels, accessible_label);
  gtk_widget_set_hexpand (GTK_WIDGET (self->choices), TRUE);
  g_signal_connect_swapped (self->choices, "notify::selected", G_CALLBACK (value_changed_cb), self);
  gtk_box_append (self->value_box, GTK_WIDGET (self->choices));
}

/* The value widgets the field and operator ask for; none for "is empty". */
static void
build_value (RapportFilterConditionRow *self)
{
  const char *op = chosen_op (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->value_box))) != NULL)
    gtk_box_remove (self->value_box, child);
  self->entry = NULL;
  self->choices = NULL;
  self->count = NULL;

  if (strcmp (op, "in_last") == 0 || strcmp (op, "in_next") == 0)
    {
      self->count = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 3650, 1));
      gtk_spin_button_set_value (self->count, 30);
      name_widget (GTK_WIDGET (self->count), _("How Many"));
      g_signal_connect_swapped (self->count, "value-changed", G_CALLBACK (value_changed_cb), self);
      gtk_box_append (self->value_box, GTK_WIDGET (self->count));
      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        g_ptr_array_add (labels, g_strdup (rapport_filter_labels_unit (units[i])));
      add_choices (self, labels, _("Unit"));
      return;
    }
  if (g_str_has_prefix (op, "is_") || g_str_has_suffix (op, "_today") ||
      self->kind == RAPPORT_FILTER_VALUE_REFERENCE)
    return;

  switch (self->kind)
    {
    case RAPPORT_FILTER_VALUE_CHOICE:
      {
        const RapportEntity *owner = NULL;
        const char *dot = NULL;
        g_autofree char *path = g_strdup (g_ptr_array_index (self->paths,
                                                             gtk_drop_down_get_selected (self->field_dropdown)));

        /* The choices are labelled by the record type they belong to. */
        owner = self->entity;
        if ((dot = strchr (path, '.')) != NULL)
          {
            g_autofree char *ref = g_strdup_printf ("%.*s_id", (int) (dot - path), path);
            const RapportField *via = rapport_entity_get_field (self->entity, ref);

            owner = via != NULL ? rapport_entity_lookup (via->ref_entity) : self->entity;
          }
        for (guint i = 0; self->field->choices[i] != NULL; i++)
          g_ptr_array_add (labels, g_strdup (rapport_labels_field_choice (owner, self->field->name,
                                                                          self->field->choices[i])));
        add_choices (self, labels, _("Value"));
      }
      break;
    case RAPPORT_FILTER_VALUE_BOOL:
      g_ptr_array_add (labels, g_strdup (C_("filter", "yes")));
      g_ptr_array_add (labels, g_strdup (C_("filter", "no")));
      add_choices (self, labels, _("Value"));
      break;
    case RAPPORT_FILTER_VALUE_DATE:
      {
        g_autofree char *example = rapport_dates_example (FALSE);

        add_entry (self, example);
        gtk_box_append (self->value_box, rapport_date_button_new (self->entry));
      }
      break;
    case RAPPORT_FILTER_VALUE_MONEY:
      add_entry (self, "10,000");
      gtk_editable_set_width_chars (self->entry, 8);
      g_ptr_array_add (labels, g_strdup (_("Any Currency")));
      for (guint i = 0; i < self->currencies->len; i++)
        g_ptr_array_add (labels, g_strdup (g_ptr_array_index (self->currencies, i)));
      add_choices (self, labels, _("Currency"));
      gtk_widget_set_hexpand (GTK_WIDGET (self->choices), FALSE);
      break;
    default:
      add_entry (self, NULL);
      break;
    }
}

static void
op_changed_cb (RapportFilterConditionRow *self)
{
  build_value (self);
  changed (self);
}

/* The operators of the chosen field's kind, the first chosen. */
static void
build_ops (RapportFilterConditionRow *self)
{
  g_autoptr(GtkStringList) list = NULL;

  guint selected = gtk_drop_down_get_selected (self->field_dropdown);

  /* A type with nothing to filter by offers no field: nothing to build. */
  if (selected >= self->paths->len)
    return;
  self->field = rapport_filter_labels_resolve (self->entity, g_ptr_array_index (self->paths, selected));
  rapport_filter_labels_kind (self->field, &self->kind);
  self->ops = rapport_filter_labels_ops (self->kind);
  /* "is me" only of users: other records are asked empty or not. */
  if (self->kind == RAPPORT_FILTER_VALUE_REFERENCE && g_strcmp0 (self->field->ref_entity, "user") != 0)
    self->ops += 1;
  list = gtk_string_list_new (NULL);
  for (guint i = 0; self->ops[i] != NULL; i++)
    gtk_string_list_append (list, rapport_filter_labels_op (self->kind, self->ops[i]));
  g_signal_handlers_block_by_func (self->op_dropdown, op_changed_cb, self);
  gtk_drop_down_set_model (self->op_dropdown, G_LIST_MODEL (list));
  gtk_drop_down_set_selected (self->op_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->op_dropdown, op_changed_cb, self);
  build_value (self);
}

static void
field_changed_cb (RapportFilterConditionRow *self)
{
  build_ops (self);
  changed (self);
}

static void
remove_clicked_cb (RapportFilterConditionRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

/* "12,500.50" as the filter reads amounts: "12500.50". */
static char *
amount_value (const char *text,
              const char *currency)
{
  int exponent = rapport_money_exponent (currency != NULL ? currency : "CNY");
  gint64 minor, scale = 1;

  if (!rapport_money_parse (text, currency != NULL ? currency : "CNY", &minor))
    return NULL;
  for (int i = 0; i < exponent; i++)
    scale *= 10;
  if (exponent == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, minor < 0 ? "-" : "",
                          ABS (minor) / scale, exponent, ABS (minor) % scale);
}

static void
flag (RapportFilterConditionRow *self,
      const char                *message)
{
  /* A condition just added is not wrong yet, only unfinished. */
  if (message != NULL && !self->touched && self->entry != NULL &&
      *gtk_editable_get_text (self->entry) == '\0')
    message = NULL;
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (self->entry != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
    }
}

static void
rapport_filter_condition_row_dispose (GObject *object)
{
  RapportFilterConditionRow *self = RAPPORT_FILTER_CONDITION_ROW (object);

  g_clear_pointer (&self->paths, g_ptr_array_unref);
  g_clear_pointer (&self->currencies, g_ptr_array_unref);
  G_OBJECT_CLASS (rapport_filter_condition_row_parent_class)->dispose (object);
}

static void
rapport_filter_condition_row_class_init (RapportFilterConditionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rapport_filter_condition_row_dispose;

  /* A field, an operator or a value was changed by the user. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Its Remove button was clicked. */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_filter_condition_row_init (RapportFilterConditionRow *self)
{
  self->currencies = rapport_choice_row_currencies (NULL);
}

/**
 * rapport_filter_condition_row_new:
 * @entity: the type of the records filtered
 *
 * Returns: a row asking for one condition, on the first field offered
 */
GtkWidget *
rapport_filter_condition_row_new (const RapportEntity *entity)
{
  RapportFilterConditionRow *self = g_object_new (RAPPORT_TYPE_FILTER_CONDITION_ROW,
                                                  "activatable", FALSE,
                                                  "selectable", FALSE,
                                                  NULL);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  self->entity = entity;
  self->paths = rapport_filter_labels_paths (entity);
  for (guint i = 0; i < self->paths->len; i++)
    g_ptr_array_add (labels, rapport_filter_labels_path (entity, g_ptr_array_index (self->paths, i)));
  self->field_dropdown = dropdown_new (labels, _("Field"));
  gtk_widget_set_hexpand (GTK_WIDGET (self->field_dropdown), TRUE);
  self->op_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  set_factory (self->op_dropdown);
  name_widget (GTK_WIDGET (self->op_dropdown), _("Operator"));
  self->value_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_widget_set_hexpand (GTK_WIDGET (self->value_box), TRUE);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  gtk_widget_set_tooltip_text (remove, _("Remove Condition"));
  name_widget (remove, _("Remove Condition"));
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_START);
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);

  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->field_dropdown));
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), rapport_wrap_box_new (GTK_WIDGET (self->op_dropdown),
                                                       GTK_WIDGET (self->value_box)));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  name_widget (GTK_WIDGET (self), _("Condition"));

  g_signal_connect_swapped (self->field_dropdown, "notify::selected", G_CALLBACK (field_changed_cb), self);
  g_signal_connect_swapped (self->op_dropdown, "notify::selected", G_CALLBACK (op_changed_cb), self);
  build_ops (self);
  return GTK_WIDGET (self);
}

static guint
index_of (const char * const *strv,
          const char         *value)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_strcmp0 (strv[i], value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/**
 * rapport_filter_condition_row_load:
 * @condition: a condition of the filter's JSON form
 *
 * Returns: whether the row can show @condition; if not, the row is as
 *   it was and the caller keeps the condition another way
 */
gboolean
rapport_filter_condition_row_load (RapportFilterConditionRow *self,
                                   JsonObject                *condition)
{
  const char *path = json_object_get_string_member_with_default (condition, "field", "");
  const char *op = json_object_get_string_member_with_default (condition, "op", "");
  JsonNode *value = json_object_get_member (condition, "value");
  const char *text = value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
                     json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value)
                                                                       : NULL;
  guint field_index = GTK_INVALID_LIST_POSITION, op_index;

  g_return_val_if_fail (RAPPORT_IS_FILTER_CONDITION_ROW (self), FALSE);

  for (guint i = 0; i < self->paths->len; i++)
    if (strcmp (g_ptr_array_index (self->paths, i), path) == 0)
      field_index = i;
  if (field_index == GTK_INVALID_LIST_POSITION)
    return FALSE;

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->field_dropdown, field_index);
  build_ops (self);
  op_index = index_of (self->ops, op);
  if (op_index == GTK_INVALID_LIST_POSITION ||
      (value != NULL && JSON_NODE_HOLDS_ARRAY (value)) ||
      (self->kind == RAPPORT_FILTER_VALUE_REFERENCE && strcmp (op, "=") == 0 &&
       g_strcmp0 (text, "me") != 0))
    {
      /* An operator the editor does not offer ("in", "between"). */
      self->loading = FALSE;
      return FALSE;
    }
  gtk_drop_down_set_selected (self->op_dropdown, op_index);
  build_value (self);
  self->touched = TRUE;

  if (self->count != NULL)
    {
      gtk_spin_button_set_value (self->count,
                                 (double) json_object_get_int_member_with_default (condition, "value", 30));
      gtk_drop_down_set_selected (self->choices,
                                  MIN (index_of (units, json_object_get_string_member_with_default (
                                                   condition, "unit", "days")),
                                       G_N_ELEMENTS (units) - 1));
    }
  else if (text != NULL && self->kind == RAPPORT_FILTER_VALUE_CHOICE)
    gtk_drop_down_set_selected (self->choices, index_of (self->field->choices, text));
  else if (text != NULL && self->kind == RAPPORT_FILTER_VALUE_BOOL)
    gtk_drop_down_set_selected (self->choices, strcmp (text, "true") == 0 ? 0 : 1);
  else if (text != NULL && self->kind == RAPPORT_FILTER_VALUE_DATE && self->entry != NULL)
    {
      int year, month, day;
      g_autofree char *shown = sscanf (text, "%d-%d-%d", &year, &month, &day) == 3 ?
                               rapport_dates_format_day (year, month, day) : NULL;

      gtk_editable_set_text (self->entry, shown != NULL ? shown : text);
    }
  else if (text != NULL && self->kind == RAPPORT_FILTER_VALUE_MONEY && self->entry != NULL)
    {
      g_auto(GStrv) words = g_strsplit (text, " ", 2);
      guint currency = 0;

      if (words[0] == NULL || words[1] == NULL ||
          !g_ptr_array_find_with_equal_func (self->currencies, words[1], g_str_equal, &currency))
        currency = GTK_INVALID_LIST_POSITION;
      gtk_editable_set_text (self->entry, words[0] != NULL ? words[0] : "");
      gtk_drop_down_set_selected (self->choices, currency == GTK_INVALID_LIST_POSITION ? 0 : currency + 1);
    }
  else if (text != NULL && self->entry != NULL)
    gtk_editable_set_text (self->entry, text);
  self->loading = FALSE;
  return TRUE;
}

/* The value as the filter's JSON has it, or NULL with a message. */
static char *
read_value (RapportFilterConditionRow *self,
            GError                   **error)
{
  const char *text = self->entry != NULL ? gtk_editable_get_text (self->entry) : NULL;
  guint selected = self->choices != NULL ? gtk_drop_down_get_selected (self->choices) : 0;
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  switch (self->kind)
    {
    case RAPPORT_FILTER_VALUE_CHOICE:
      return g_strdup (self->field->choices[MIN (selected, g_strv_length ((char **) self->field->choices) - 1)]);
    case RAPPORT_FILTER_VALUE_BOOL:
      return g_strdup (selected == 0 ? "true" : "false");
    case RAPPORT_FILTER_VALUE_REFERENCE:
      return g_strdup ("me");
    case RAPPORT_FILTER_VALUE_DATE:
      {
        char *date = rapport_dates_parse_date (stripped);
        g_autofree char *example = NULL;

        if (date != NULL)
          return date;
        example = rapport_dates_example (FALSE);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("Enter a date such as %s"), example);
        return NULL;
      }
    case RAPPORT_FILTER_VALUE_MONEY:
      {
        const char *currency = selected > 0 && selected <= self->currencies->len ?
                               g_ptr_array_index (self->currencies, selected - 1) : NULL;
        g_autofree char *amount = amount_value (stripped, currency);

        if (amount == NULL)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("Enter an amount such as 10,000"));
            return NULL;
          }
        return currency != NULL ? g_strdup_printf ("%s %s", amount, currency) : g_steal_pointer (&amount);
      }
    default:
      if (*stripped == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Enter a value"));
          return NULL;
        }
      return g_steal_pointer (&stripped);
    }
}

/**
 * rapport_filter_condition_row_dup_json:
 *
 * Returns: (transfer full) (nullable): the condition in the filter's JSON
 *   form, or %NULL with @error saying what is wrong with the value, which
 *   the row then shows under it
 */
JsonNode *
rapport_filter_condition_row_dup_json (RapportFilterConditionRow *self,
                                       GError                   **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RapportFilter) checked = NULL;
  const char *op;
  GError *local_error = NULL;

  g_return_val_if_fail (RAPPORT_IS_FILTER_CONDITION_ROW (self), NULL);

  if (self->ops == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Choose a field"));
      return NULL;
    }
  op = chosen_op (self);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_add_string_value (builder,
                                 g_ptr_array_index (self->paths, gtk_drop_down_get_selected (self->field_dropdown)));
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, op);
  if (self->count != NULL)
    {
      json_builder_set_member_name (builder, "value");
      json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->count));
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder,
                                     units[MIN (gtk_drop_down_get_selected (self->choices), G_N_ELEMENTS (units) - 1)]);
    }
  else if (!g_str_has_prefix (op, "is_") && !g_str_has_suffix (op, "_today"))
    {
      g_autofree char *value = read_value (self, &local_error);

      if (value == NULL)
        {
          flag (self, local_error->message);
          g_propagate_error (error, local_error);
          return NULL;
        }
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);

  /* The core's reader has the last word. */
  if (!(checked = rapport_filter_from_json (self->entity, node, &local_error)))
    {
      flag (self, local_error->message);
      g_propagate_error (error, local_error);
      return NULL;
    }
  flag (self, NULL);
  return g_steal_pointer (&node);
}
