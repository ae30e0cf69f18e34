/* rapport-rule-conditions-row.c: an automation rule's conditions, edited in the filter editor
 *
 * The row reads the conditions in words ("Stage is Proposal", "Every
 * record"); Edit Conditions… opens the lists' own filter editor on the
 * rule's record type, and what it applies is kept as the field's JSON,
 * the form the server runs. When the rule is turned to another record
 * type, conditions on fields that type lacks are dropped, and the row says
 * so, rather than keeping a filter that can never hold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rule-conditions-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-automation-labels.h"
#include "rapport-filter.h"
#include "rapport-filter-editor.h"
#include "rapport-labels.h"
#include "rapport-rule-conditions-row.h"

struct _RapportRuleConditionsRow
{
  AdwActionRow         parent_instance;

  RapportStore        *store;    /* (owned) */
  const RapportField  *field;
  const RapportEntity *target;   /* (nullable): the records the rule watches */
  char                *original; /* (owned): the JSON when editing began, "" for none */
  char                *json;     /* (owned): as it stands */
  char                *dropped;  /* (owned) (nullable): why conditions were dropped */
  GtkWidget           *edit_button;
  GtkWidget           *clear_button;
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRuleConditionsRow, rapport_rule_conditions_row,
                               ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportRuleConditionsRow *self = RAPPORT_RULE_CONDITIONS_ROW (row);

  rapport_field_row_put_text (changes, self->field, creating, self->json, self->original);
  return TRUE;
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
show (RapportRuleConditionsRow *self)
{
  g_autofree char *words = rapport_automation_labels_conditions (self->store, self->target, self->json);
  g_autofree char *subtitle = NULL;

  subtitle = self->dropped != NULL ? g_strdup_printf ("%s\n%s", words, self->dropped)
                                   : g_steal_pointer (&words);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_sensitive (self->edit_button, self->target != NULL);
  gtk_widget_set_visible (self->clear_button, *self->json != '\0');
}

static void
set_json (RapportRuleConditionsRow *self,
          const char               *json)
{
  g_free (self->json);
  self->json = g_strdup (json);
  g_clear_pointer (&self->dropped, g_free);
  show (self);
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
applied_cb (RapportRuleConditionsRow *self,
            const char               *json)
{
  set_json (self, json);
}

static void
edit_clicked_cb (RapportRuleConditionsRow *self)
{
  RapportFilterEditor *editor;
  g_autofree char *title = NULL;

  if (self->target == NULL)
    return;
  editor = rapport_filter_editor_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                      self->store, self->target,
                                      *self->json != '\0' ? self->json : NULL);
  /* Translators: the filter editor opened from a rule: "Conditions on Deals" */
  title = g_strdup_printf (_("Conditions on %s"), rapport_labels_section (self->target));
  gtk_window_set_title (GTK_WINDOW (editor), title);
  g_signal_connect_object (editor, "apply", G_CALLBACK (applied_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
clear_clicked_cb (RapportRuleConditionsRow *self)
{
  set_json (self, "");
}

static void
rapport_rule_conditions_row_dispose (GObject *object)
{
  RapportRuleConditionsRow *self = RAPPORT_RULE_CONDITIONS_ROW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->original, g_free);
  g_clear_pointer (&self->json, g_free);
  g_clear_pointer (&self->dropped, g_free);
  G_OBJECT_CLASS (rapport_rule_conditions_row_parent_class)->dispose (object);
}

static void
rapport_rule_conditions_row_class_init (RapportRuleConditionsRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_rule_conditions_row_dispose;
}

static void
rapport_rule_conditions_row_init (RapportRuleConditionsRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->edit_button = gtk_button_new_with_mnemonic (_("Edit _Conditions…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Edit Conditions…"), -1);
  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_add_css_class (self->clear_button, "flat");
  gtk_widget_set_tooltip_text (self->clear_button, _("Remove the Conditions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove the Conditions"), -1);
  g_signal_connect_swapped (self->edit_button, "clicked", G_CALLBACK (edit_clicked_cb), self);
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), self->clear_button);
  gtk_box_append (GTK_BOX (box), self->edit_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), box);
  /* The words may be long: they wrap rather than push the button off a phone. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 0);
}

/**
 * rapport_rule_conditions_row_new:
 * @field: a rule's "conditions"
 *
 * Returns: (transfer floating): the row that edits @field of @record
 */
GtkWidget *
rapport_rule_conditions_row_new (RapportStore        *store,
                                 const RapportEntity *entity,
                                 const RapportField  *field,
                                 JsonObject          *record)
{
  RapportRuleConditionsRow *self = g_object_new (RAPPORT_TYPE_RULE_CONDITIONS_ROW, NULL);
  const char *target = record != NULL ? json_object_get_string_member_with_default (record, "entity", NULL)
                                      : NULL;

  self->store = g_object_ref (store);
  self->field = field;
  self->target = target != NULL ? rapport_entity_lookup (target) : NULL;
  self->original = rapport_field_row_text (record, field);
  self->json = g_strdup (self->original);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  show (self);
  return GTK_WIDGET (self);
}

/**
 * rapport_rule_conditions_row_set_target:
 * @target: (nullable): the record type the rule now watches
 *
 * Conditions that are no filter of @target are dropped, saying so.
 */
void
rapport_rule_conditions_row_set_target (RapportRuleConditionsRow *self,
                                        const RapportEntity      *target)
{
  g_autoptr(RapportFilter) filter = NULL;

  g_return_if_fail (RAPPORT_IS_RULE_CONDITIONS_ROW (self));

  if (target == self->target)
    return;
  self->target = target;
  if (target != NULL && *self->json != '\0' &&
      (filter = rapport_filter_from_json_text (target, self->json, NULL)) == NULL)
    {
      set_json (self, "");
      /* Translators: under a rule's conditions after its record type changed: "… on Cases" */
      self->dropped = g_strdup_printf (_("The conditions were removed: they do not apply to %s."),
                                       rapport_labels_section (target));
    }
  show (self);
}
