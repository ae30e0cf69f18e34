/* rapport-rule-field-row.c: the field an automation rule watches, picked by its label
 *
 * A rule keeps the field it watches by its name ("stage_id"); the admin
 * picks it by its label ("Stage") among the fields of the records the
 * rule watches, or Any Field. When the rule is turned to another record
 * type, the list follows, and a field that type lacks goes back to Any
 * Field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rule-field-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-labels.h"
#include "rapport-rule-field-row.h"

struct _RapportRuleFieldRow
{
  AdwComboRow          parent_instance;

  const RapportField  *field;
  const RapportEntity *target;   /* (nullable): the records the rule watches */
  char                *original; /* (owned): the name when editing began, "" for none */
  GPtrArray           *names;    /* (owned) (element-type utf8): what the list offers, "" first */
  gboolean             filling;
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRuleFieldRow, rapport_rule_field_row, ADW_TYPE_COMBO_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static const char *
chosen (RapportRuleFieldRow *self)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));

  return selected < self->names->len ? g_ptr_array_index (self->names, selected) : "";
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportRuleFieldRow *self = RAPPORT_RULE_FIELD_ROW (row);
  const char *name = chosen (self);

  rapport_field_row_put_text (changes, self->field, creating, name, self->original);
  return TRUE;
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

/* Any Field, then the fields of @self->target; @keep chosen if offered.
 * A name no field of the type has (a rule written elsewhere) is offered
 * as it is, so that opening the rule changes nothing. */
static void
fill (RapportRuleFieldRow *self,
      const char          *keep,
      gboolean             keep_unknown)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint selected = 0;

  g_ptr_array_set_size (self->names, 0);
  g_ptr_array_add (self->names, g_strdup (""));
  gtk_string_list_append (labels, _("Any Field"));
  for (guint i = 0; self->target != NULL && i < self->target->n_fields; i++)
    {
      const RapportField *field = &self->target->fields[i];

      if (self->target->hidden != NULL && g_strv_contains (self->target->hidden, field->name))
        continue;
      g_ptr_array_add (self->names, g_strdup (field->name));
      gtk_string_list_append (labels, rapport_labels_field (self->target, field->name));
    }
  for (guint i = 0; i < self->names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->names, i), keep) == 0)
      selected = i;
  if (selected == 0 && keep_unknown && keep != NULL && *keep != '\0')
    {
      g_ptr_array_add (self->names, g_strdup (keep));
      gtk_string_list_append (labels, keep);
      selected = self->names->len - 1;
    }
  self->filling = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), selected);
  self->filling = FALSE;
}

static void
selected_cb (RapportRuleFieldRow *self)
{
  if (!self->filling)
    rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
rapport_rule_field_row_finalize (GObject *object)
{
  RapportRuleFieldRow *self = RAPPORT_RULE_FIELD_ROW (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_free (self->original);
  G_OBJECT_CLASS (rapport_rule_field_row_parent_class)->finalize (object);
}

static void
rapport_rule_field_row_class_init (RapportRuleFieldRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_rule_field_row_finalize;
}

static void
rapport_rule_field_row_init (RapportRuleFieldRow *self)
{
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  adw_combo_row_set_factory (ADW_COMBO_ROW (self), factory);
  self->names = g_ptr_array_new_with_free_func (g_free);
}

/**
 * rapport_rule_field_row_new:
 * @field: a rule's "trigger_field"
 *
 * Returns: (transfer floating): the row that edits @field of @record
 */
GtkWidget *
rapport_rule_field_row_new (const RapportEntity *entity,
                            const RapportField  *field,
                            JsonObject          *record)
{
  RapportRuleFieldRow *self = g_object_new (RAPPORT_TYPE_RULE_FIELD_ROW, NULL);
  const char *target = NULL;

  if (record != NULL)
    target = json_object_get_string_member_with_default (record, "entity", NULL);
  self->field = field;
  self->target = target != NULL ? rapport_entity_lookup (target) : NULL;
  self->original = rapport_field_row_text (record, field);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  fill (self, self->original, TRUE);
  g_signal_connect (self, "notify::selected", G_CALLBACK (selected_cb), NULL);
  return GTK_WIDGET (self);
}

/**
 * rapport_rule_field_row_set_target:
 * @target: (nullable): the record type the rule now watches
 */
void
rapport_rule_field_row_set_target (RapportRuleFieldRow *self,
                                   const RapportEntity *target)
{
  g_autofree char *keep = NULL;

  g_return_if_fail (RAPPORT_IS_RULE_FIELD_ROW (self));

  if (target == self->target)
    return;
  keep = g_strdup (chosen (self));
  self->target = target;
  fill (self, keep, FALSE);
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}
