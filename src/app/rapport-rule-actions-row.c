/* rapport-rule-actions-row.c: an automation rule's actions, a row of fields each
 *
 * A rule keeps its actions as a JSON list (rapport-automation.c); nobody
 * types it. Each action is a header with its type (Create Task, Set
 * Field, Assign, Notify, Add to Campaign) and a remove button, then that
 * type's fields: a task's title, working days and whom it is for; a field
 * and its value; a person or a queue, picked with the app's record picker;
 * a recipient and a message; a campaign and its members' status. Add Action appends one. The fields write into the
 * action's JSON object as they change, so members the rows do not show
 * (a task's calendar) are kept; an action the rows cannot show at all (a
 * type of a later version) is kept whole and reads "Unknown action".
 * What the rows make is checked by the rule's own check, the one the
 * server runs, and its error ("Action 2: …") shows under the row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-rule-actions-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-automation.h"
#include "rapport-automation-labels.h"
#include "rapport-campaign.h"
#include "rapport-choice-factory.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-ref-row.h"
#include "rapport-rule-actions-row.h"

/* The pickers' records: a person, a queue. */
static const RapportField user_field = { .name = "user_id", .kind = RAPPORT_FIELD_REF, .ref_entity = "user" };
static const RapportField queue_field = { .name = "queue_id", .kind = RAPPORT_FIELD_REF,
                                          .ref_entity = "queue" };
static const RapportField campaign_field = { .name = "campaign_id", .kind = RAPPORT_FIELD_REF,
                                             .ref_entity = "campaign" };

/* clang-format off */
static const char * const types[] = { "create_task", "set_field", "assign", "notify", "add_to_campaign",
                                      NULL };
/* A notification's recipients as the drop-down offers them: "to", "role". */
static const char * const recipients[][2] = {
  { "user", NULL }, { "owner", NULL }, { "owner_manager", NULL }, { "queue_lead", NULL },
  { "role", "manager" }, { "role", "admin" }, { "role", "rep" },
};
/* clang-format on */

struct _RapportRuleActionsRow
{
  AdwExpanderRow       parent_instance;

  RapportStore        *store;    /* (owned) */
  const RapportField  *field;
  const RapportEntity *target;   /* (nullable): the records the rule watches */
  char                *original; /* (owned): the text when editing began, as the rows write it */
  char                *raw;      /* (owned) (nullable): a text that is no list, kept until edited */
  GPtrArray           *actions;  /* (owned) (element-type JsonObject) */
  GHashTable          *by_queue; /* (owned): the assign actions set to a queue, by object */
  GPtrArray           *rows;     /* (owned) (element-type GtkWidget): the rows shown */
  GtkWidget           *add_row;
  guint                rebuild_id;
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRuleActionsRow, rapport_rule_actions_row, ADW_TYPE_EXPANDER_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static void rebuild (RapportRuleActionsRow *self);

static char *
actions_text (RapportRuleActionsRow *self)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  if (self->raw != NULL)
    return g_strdup (self->raw);
  if (self->actions->len == 0)
    return g_strdup ("");
  for (guint i = 0; i < self->actions->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (self->actions, i)));
  node = json_node_init_array (json_node_alloc (), array);
  return rapport_json_to_string (node);
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportRuleActionsRow *self = RAPPORT_RULE_ACTIONS_ROW (row);
  g_autofree char *text = actions_text (self);
  g_autoptr(JsonObject) rule = json_object_new ();

  if (rapport_field_row_unchanged (self->field, text, self->original, creating))
    return TRUE;
  /* The server's own check, on what the rows make; the store runs it
   * again on the whole rule (an action of a type this version does not
   * know is refused there too, and kept in the form). */
  if (*text != '\0' && self->target != NULL)
    {
      json_object_set_string_member (rule, "entity", self->target->name);
      json_object_set_string_member (rule, "actions", text);
      if (!rapport_automation_rule_check (rule, error))
        return FALSE;
    }
  rapport_field_row_put_text (changes, self->field, creating, text, self->original);
  return TRUE;
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

/* Something changed: an error shown under the row is out of date. */
static void
edited (RapportRuleActionsRow *self)
{
  g_clear_pointer (&self->raw, g_free);
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static gboolean
rebuild_cb (gpointer data)
{
  RapportRuleActionsRow *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Rows are rebuilt after the signal that asked for it: the drop-down
 * that emitted it is among them. */
static void
schedule_rebuild (RapportRuleActionsRow *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_DEFAULT, rebuild_cb, g_object_ref (self),
                                        g_object_unref);
}

static JsonObject *
action_of (RapportRuleActionsRow *self,
           gpointer               widget)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "action-index"));

  return index < self->actions->len ? g_ptr_array_index (self->actions, index) : NULL;
}

static void
tag (gpointer widget,
     guint    index)
{
  g_object_set_data (G_OBJECT (widget), "action-index", GUINT_TO_POINTER (index));
}

static void
name_widget (GtkWidget  *widget,
             const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
add (RapportRuleActionsRow *self,
     GtkWidget             *row)
{
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
  g_ptr_array_add (self->rows, row);
}

/* The fields whose values an action can set: a choice, a yes or no, a
 * number or a line of text the user types anyway. */
static gboolean
settable (const RapportEntity *entity,
          const RapportField  *field)
{
  if (field->flags & (RAPPORT_FIELD_DERIVED | RAPPORT_FIELD_STAMPED | RAPPORT_FIELD_NUMBER |
                      RAPPORT_FIELD_APPROVERS | RAPPORT_FIELD_PRICE | RAPPORT_FIELD_MINOR |
                      RAPPORT_FIELD_MILLI | RAPPORT_FIELD_PPM | RAPPORT_FIELD_MULTILINE))
    return FALSE;
  if (entity->hidden != NULL && g_strv_contains (entity->hidden, field->name))
    return FALSE;
  return field->kind == RAPPORT_FIELD_ENUM || field->kind == RAPPORT_FIELD_BOOL ||
         field->kind == RAPPORT_FIELD_INT || field->kind == RAPPORT_FIELD_TEXT;
}

/* Whether the rows can show @action; the others are kept as they are. */
static gboolean
shown (RapportRuleActionsRow *self,
       JsonObject            *action)
{
  const char *type = rapport_json_get_string (action, "type");
  const char *name = rapport_json_get_string (action, "field");
  const RapportField *field;

  if (type == NULL || !g_strv_contains (types, type))
    return FALSE;
  if (strcmp (type, "set_field") != 0 || self->target == NULL)
    return TRUE;
  if (name == NULL)
    return TRUE;
  field = rapport_entity_get_field (self->target, name);
  return field != NULL && settable (self->target, field);
}

static GtkWidget *
dropdown_new (const char * const *labels,
              guint               selected,
              const char         *accessible_label)
{
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (labels);
  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), factory);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), selected);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  name_widget (dropdown, accessible_label);
  return dropdown;
}

/* A row titled @title with @suffix, named by @title for screen readers. */
static GtkWidget *
suffix_row_new (const char *title,
                GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

static void
text_changed_cb (GtkEditable           *entry,
                 RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, entry);
  const char *member = g_object_get_data (G_OBJECT (entry), "member");

  if (action == NULL)
    return;
  json_object_set_string_member (action, member, gtk_editable_get_text (entry));
  edited (self);
}

static void
add_text (RapportRuleActionsRow *self,
          guint                  index,
          const char            *member,
          const char            *title)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  name_widget (row, title);
  gtk_editable_set_text (GTK_EDITABLE (row), rapport_json_get_string (action, member) ?: "");
  tag (row, index);
  g_object_set_data (G_OBJECT (row), "member", (gpointer) member);
  g_signal_connect (row, "changed", G_CALLBACK (text_changed_cb), self);
  add (self, row);
}

static void
picked_cb (RapportRefRow         *picker,
           RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, picker);
  const char *member = g_object_get_data (G_OBJECT (picker), "member");
  const char *id = rapport_ref_row_get_chosen (picker);

  if (action == NULL)
    return;
  if (id != NULL)
    json_object_set_string_member (action, member, id);
  else
    json_object_remove_member (action, member);
  edited (self);
  /* Another campaign may be of another type, with other statuses. */
  if (g_str_equal (member, "campaign_id"))
    schedule_rebuild (self);
}

/* The app's record picker for a person or a queue. */
static void
add_picker (RapportRuleActionsRow *self,
            guint                  index,
            const RapportField    *field,
            const char            *title)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  GtkWidget *picker = rapport_ref_row_new (self->store, rapport_entity_lookup ("automation_rule"),
                                           field, action);

  rapport_ref_row_set_label (RAPPORT_REF_ROW (picker), title);
  tag (picker, index);
  g_object_set_data (G_OBJECT (picker), "member", (gpointer) field->name);
  g_signal_connect (picker, "edited", G_CALLBACK (picked_cb), self);
  add (self, picker);
}

static void
days_changed_cb (GtkSpinButton         *spin,
                 RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, spin);

  if (action == NULL)
    return;
  /* 0: a task with no due date, as a rule without the member makes. */
  if (gtk_spin_button_get_value_as_int (spin) > 0)
    json_object_set_int_member (action, "due_in_business_days", gtk_spin_button_get_value_as_int (spin));
  else if (json_object_has_member (action, "due_in_business_days"))
    json_object_remove_member (action, "due_in_business_days");
  edited (self);
}

static void
task_for_cb (GtkDropDown           *dropdown,
             GParamSpec            *pspec,
             RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, dropdown);
  gboolean person = gtk_drop_down_get_selected (dropdown) == 1;

  if (action == NULL)
    return;
  json_object_set_string_member (action, "assign_to", person ? "user" : "owner");
  if (!person && json_object_has_member (action, "user_id"))
    json_object_remove_member (action, "user_id");
  edited (self);
  schedule_rebuild (self);
}

static void
add_task_rows (RapportRuleActionsRow *self,
               guint                  index)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  gboolean person = g_strcmp0 (rapport_json_get_string (action, "assign_to"), "user") == 0;
  const char * const whom[] = { _("The record’s owner"), _("A person"), NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 365, 1);
  GtkWidget *dropdown;

  add_text (self, index, "title", _("Task Title"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             (double) rapport_json_get_int (action, "due_in_business_days", 0));
  gtk_widget_set_tooltip_text (spin, _("0: no due date"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  name_widget (spin, _("Working Days"));
  tag (spin, index);
  g_signal_connect (spin, "value-changed", G_CALLBACK (days_changed_cb), self);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("working days")));
  add (self, suffix_row_new (_("Due In"), box));

  dropdown = dropdown_new (whom, person ? 1 : 0, _("Task For"));
  tag (dropdown, index);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (task_for_cb), self);
  add (self, suffix_row_new (_("Task For"), dropdown));
  if (person)
    add_picker (self, index, &user_field, _("Person"));
}

/* The fields an action can set on the rule's records, in their order. */
static GPtrArray *
settable_fields (RapportRuleActionsRow *self)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint i = 0; self->target != NULL && i < self->target->n_fields; i++)
    if (settable (self->target, &self->target->fields[i]))
      g_ptr_array_add (fields, (gpointer) &self->target->fields[i]);
  return fields;
}

/* A field's first value: its first choice, no, nothing typed yet. */
static void
set_first_value (JsonObject         *action,
                 const RapportField *field)
{
  if (field->kind == RAPPORT_FIELD_ENUM)
    json_object_set_string_member (action, "value", field->choices[0]);
  else if (field->kind == RAPPORT_FIELD_BOOL)
    json_object_set_boolean_member (action, "value", TRUE);
  else
    json_object_set_string_member (action, "value", "");
}

static void
set_field_cb (GtkDropDown           *dropdown,
              GParamSpec            *pspec,
              RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, dropdown);
  g_autoptr(GPtrArray) fields = settable_fields (self);
  guint selected = gtk_drop_down_get_selected (dropdown);
  const RapportField *field;

  if (action == NULL || selected >= fields->len)
    return;
  field = g_ptr_array_index (fields, selected);
  json_object_set_string_member (action, "field", field->name);
  set_first_value (action, field);
  edited (self);
  schedule_rebuild (self);
}

static void
value_choice_cb (GtkDropDown           *dropdown,
                 GParamSpec            *pspec,
                 RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, dropdown);
  const RapportField *field = g_object_get_data (G_OBJECT (dropdown), "field");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (action == NULL)
    return;
  if (field->kind == RAPPORT_FIELD_BOOL)
    json_object_set_boolean_member (action, "value", selected == 0);
  else if (selected < g_strv_length ((char **) field->choices))
    json_object_set_string_member (action, "value", field->choices[selected]);
  edited (self);
}

static void
number_changed_cb (GtkEditable           *entry,
                   RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, entry);
  const char *text = gtk_editable_get_text (entry);
  gint64 number;

  if (action == NULL)
    return;
  /* A number is stored as one; anything else as typed, for the check to name. */
  if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &number, NULL))
    json_object_set_int_member (action, "value", number);
  else
    json_object_set_string_member (action, "value", text);
  edited (self);
}

static void
add_set_field_rows (RapportRuleActionsRow *self,
                    guint                  index)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  g_autoptr(GPtrArray) fields = settable_fields (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const char *name = rapport_json_get_string (action, "field");
  const RapportField *field = NULL;
  guint selected = 0;
  GtkWidget *dropdown;

  if (fields->len == 0)
    return;
  for (guint i = 0; i < fields->len; i++)
    {
      const RapportField *candidate = g_ptr_array_index (fields, i);

      g_ptr_array_add (labels, (gpointer) rapport_labels_field (self->target, candidate->name));
      if (g_strcmp0 (candidate->name, name) == 0)
        selected = i;
    }
  g_ptr_array_add (labels, NULL);
  field = g_ptr_array_index (fields, selected);
  /* A new action sets the first field offered. */
  if (name == NULL)
    {
      json_object_set_string_member (action, "field", field->name);
      set_first_value (action, field);
    }
  dropdown = dropdown_new ((const char * const *) labels->pdata, selected, _("Field"));
  tag (dropdown, index);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (set_field_cb), self);
  add (self, suffix_row_new (_("Field"), dropdown));

  if (field->kind == RAPPORT_FIELD_ENUM || field->kind == RAPPORT_FIELD_BOOL)
    {
      g_autoptr(GPtrArray) choices = g_ptr_array_new ();
      const char *value = rapport_json_get_string (action, "value");
      guint chosen = 0;

      if (field->kind == RAPPORT_FIELD_BOOL)
        {
          g_ptr_array_add (choices, (gpointer) _("Yes"));
          g_ptr_array_add (choices, (gpointer) _("No"));
          chosen = json_object_get_boolean_member_with_default (action, "value", TRUE) ? 0 : 1;
        }
      for (guint i = 0; field->kind == RAPPORT_FIELD_ENUM && field->choices[i] != NULL; i++)
        {
          g_ptr_array_add (choices, (gpointer) rapport_labels_field_choice (self->target, field->name,
                                                                            field->choices[i]));
          if (g_strcmp0 (value, field->choices[i]) == 0)
            chosen = i;
        }
      g_ptr_array_add (choices, NULL);
      dropdown = dropdown_new ((const char * const *) choices->pdata, chosen, _("Value"));
      tag (dropdown, index);
      g_object_set_data (G_OBJECT (dropdown), "field", (gpointer) field);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (value_choice_cb), self);
      add (self, suffix_row_new (_("Value"), dropdown));
    }
  else if (field->kind == RAPPORT_FIELD_INT)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *text = NULL;
      JsonNode *value = json_object_get_member (action, "value");

      if (value != NULL && json_node_get_value_type (value) == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Value"));
      name_widget (row, _("Value"));
      gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
      tag (row, index);
      g_signal_connect (row, "changed", G_CALLBACK (number_changed_cb), self);
      add (self, row);
    }
  else
    add_text (self, index, "value", _("Value"));
}

static void
assign_to_cb (GtkDropDown           *dropdown,
              GParamSpec            *pspec,
              RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, dropdown);
  gboolean queue = gtk_drop_down_get_selected (dropdown) == 1;

  if (action == NULL)
    return;
  json_object_remove_member (action, queue ? "user_id" : "queue_id");
  if (queue)
    g_hash_table_add (self->by_queue, action);
  else
    g_hash_table_remove (self->by_queue, action);
  edited (self);
  schedule_rebuild (self);
}

static void
add_assign_rows (RapportRuleActionsRow *self,
                 guint                  index)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  gboolean queue = g_hash_table_contains (self->by_queue, action) ||
                   json_object_has_member (action, "queue_id");
  const char * const to[] = { _("A person"), _("A queue (round robin)"), NULL };
  GtkWidget *dropdown = dropdown_new (to, queue ? 1 : 0, _("Assign To"));

  tag (dropdown, index);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (assign_to_cb), self);
  add (self, suffix_row_new (_("Assign To"), dropdown));
  if (queue)
    add_picker (self, index, &queue_field, _("Queue"));
  else
    add_picker (self, index, &user_field, _("Person"));
}

static void
recipient_cb (GtkDropDown           *dropdown,
              GParamSpec            *pspec,
              RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, dropdown);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (action == NULL || selected >= G_N_ELEMENTS (recipients))
    return;
  json_object_set_string_member (action, "to", recipients[selected][0]);
  if (recipients[selected][1] != NULL)
    json_object_set_string_member (action, "role", recipients[selected][1]);
  else if (json_object_has_member (action, "role"))
    json_object_remove_member (action, "role");
  if (selected != 0 && json_object_has_member (action, "user_id"))
    json_object_remove_member (action, "user_id");
  edited (self);
  schedule_rebuild (self);
}

static void
add_notify_rows (RapportRuleActionsRow *self,
                 guint                  index)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  const char *to = rapport_json_get_string (action, "to");
  const char *role = rapport_json_get_string (action, "role");
  const char * const labels[] = { _("A person"), _("The owner"), _("The owner’s manager"),
                                  _("The queue lead"), _("The managers"), _("The admins"),
                                  _("The reps"), NULL };
  guint selected = 0;
  GtkWidget *dropdown;

  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    if (g_strcmp0 (to, recipients[i][0]) == 0 &&
        (recipients[i][1] == NULL || g_strcmp0 (role, recipients[i][1]) == 0))
      selected = i;
  if (to == NULL)
    json_object_set_string_member (action, "to", "user");
  dropdown = dropdown_new (labels, selected, _("Recipient"));
  tag (dropdown, index);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (recipient_cb), self);
  add (self, suffix_row_new (_("Recipient"), dropdown));
  if (selected == 0)
    add_picker (self, index, &user_field, _("Person"));
  add_text (self, index, "message", _("Message"));
}

static void
member_status_cb (GtkDropDown           *dropdown,
                  GParamSpec            *pspec,
                  RapportRuleActionsRow *self)
{
  JsonObject *action = action_of (self, dropdown);
  const char * const *codes = g_object_get_data (G_OBJECT (dropdown), "codes");
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (action == NULL || codes == NULL || selected >= g_strv_length ((char **) codes) + 1)
    return;
  if (selected == 0)
    json_object_remove_member (action, "status");
  else
    json_object_set_string_member (action, "status", codes[selected - 1]);
  edited (self);
}

/* The campaign, picked, and the status its members join in: the first of
 * its type unless another of its type is chosen. */
static void
add_campaign_rows (RapportRuleActionsRow *self,
                   guint                  index)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  const char *id = rapport_json_get_string (action, "campaign_id");
  const char *status = rapport_json_get_string (action, "status");
  g_autoptr(JsonObject) campaign = id != NULL ? rapport_store_get (self->store, "campaign", id, NULL)
                                              : NULL;
  const RapportMemberStatus *statuses;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  guint n, selected = 0;
  GtkWidget *dropdown;

  add_picker (self, index, &campaign_field, _("Campaign"));
  statuses = rapport_campaign_statuses (campaign != NULL ? rapport_json_get_string (campaign, "type")
                                                         : NULL,
                                        &n);
  g_ptr_array_add (labels, (gpointer) _("Its first status"));
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (labels, (gpointer) g_dpgettext2 (NULL, "member status", statuses[i].label));
      g_strv_builder_add (codes, statuses[i].value);
      if (g_strcmp0 (status, statuses[i].value) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);
  /* A status the campaign's type lacks is kept until another is chosen. */
  dropdown = dropdown_new ((const char * const *) labels->pdata, selected, _("Member Status"));
  g_object_set_data_full (G_OBJECT (dropdown), "codes", g_strv_builder_end (codes),
                          (GDestroyNotify) g_strfreev);
  tag (dropdown, index);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (member_status_cb), self);
  add (self, suffix_row_new (_("Member Status"), dropdown));
}

static JsonObject *
new_action (const char *type)
{
  JsonObject *action = json_object_new ();

  json_object_set_string_member (action, "type", type);
  if (strcmp (type, "create_task") == 0)
    {
      json_object_set_string_member (action, "title", "");
      json_object_set_int_member (action, "due_in_business_days", 2);
      json_object_set_string_member (action, "assign_to", "owner");
    }
  else if (strcmp (type, "notify") == 0)
    {
      json_object_set_string_member (action, "to", "owner");
      json_object_set_string_member (action, "message", "");
    }
  return action;
}

static void
type_cb (GtkDropDown           *dropdown,
         GParamSpec            *pspec,
         RapportRuleActionsRow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dropdown), "action-index"));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (index >= self->actions->len || selected >= g_strv_length ((char **) types))
    return;
  g_hash_table_remove (self->by_queue, g_ptr_array_index (self->actions, index));
  /* Another type starts afresh: the old type's members mean nothing to it. */
  json_object_unref (g_ptr_array_index (self->actions, index));
  g_ptr_array_index (self->actions, index) = new_action (types[selected]);
  edited (self);
  schedule_rebuild (self);
}

static void
remove_cb (GtkButton             *button,
           RapportRuleActionsRow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "action-index"));

  if (index >= self->actions->len)
    return;
  g_hash_table_remove (self->by_queue, g_ptr_array_index (self->actions, index));
  g_ptr_array_remove_index (self->actions, index);
  edited (self);
  schedule_rebuild (self);
}

/* "Action 2" with its type and a remove button; an action the rows
 * cannot show reads in words, kept as it is. */
static void
add_header (RapportRuleActionsRow *self,
            guint                  index,
            gboolean               is_shown)
{
  JsonObject *action = g_ptr_array_index (self->actions, index);
  const char * const labels[] = { _("Create Task"), _("Set Field"), C_("rule action", "Assign"),
                                  _("Notify"), _("Add to Campaign"), NULL };
  /* Translators: the heading of one of a rule's actions */
  g_autofree char *title = g_strdup_printf (_("Action %u"), index + 1);
  g_autofree char *remove_label = g_strdup_printf (_("Remove Action %u"), index + 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "heading");
  if (is_shown)
    {
      const char *type = rapport_json_get_string (action, "type");
      g_autofree char *type_label = g_strdup_printf (_("Action %u Type"), index + 1);
      guint selected = 0;
      GtkWidget *dropdown;

      for (guint i = 0; types[i] != NULL; i++)
        if (g_strcmp0 (type, types[i]) == 0)
          selected = i;
      dropdown = dropdown_new (labels, selected, type_label);
      tag (dropdown, index);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (type_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
    }
  else
    {
      g_autofree char *words = rapport_automation_labels_action (self->store, self->target, action);
      g_autofree char *subtitle = g_strdup_printf ("%s\n%s", words, _("Kept as it is"));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  name_widget (row, title);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  name_widget (remove, remove_label);
  tag (remove, index);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  add (self, row);
}

static void
rebuild (RapportRuleActionsRow *self)
{
  g_autofree char *summary = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < self->actions->len; i++)
    {
      JsonObject *action = g_ptr_array_index (self->actions, i);
      const char *type = rapport_json_get_string (action, "type");
      gboolean is_shown = shown (self, action);

      add_header (self, i, is_shown);
      if (!is_shown)
        continue;
      if (strcmp (type, "create_task") == 0)
        add_task_rows (self, i);
      else if (strcmp (type, "set_field") == 0)
        add_set_field_rows (self, i);
      else if (strcmp (type, "assign") == 0)
        add_assign_rows (self, i);
      else if (strcmp (type, "add_to_campaign") == 0)
        add_campaign_rows (self, i);
      else
        add_notify_rows (self, i);
    }
  if (self->raw != NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Unknown action"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Kept as it is"));
      add (self, row);
    }
  /* The add row stays last. */
  g_object_ref (self->add_row);
  adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->add_row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->add_row);
  g_object_unref (self->add_row);
  summary = g_strdup_printf (ngettext ("%u action", "%u actions", self->actions->len),
                             self->actions->len);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
}

static void
add_clicked_cb (RapportRuleActionsRow *self)
{
  g_ptr_array_add (self->actions, new_action ("create_task"));
  edited (self);
  rebuild (self);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

static void
rapport_rule_actions_row_dispose (GObject *object)
{
  RapportRuleActionsRow *self = RAPPORT_RULE_ACTIONS_ROW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->original, g_free);
  g_clear_pointer (&self->raw, g_free);
  g_clear_pointer (&self->by_queue, g_hash_table_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (rapport_rule_actions_row_parent_class)->dispose (object);
}

static void
rapport_rule_actions_row_class_init (RapportRuleActionsRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_rule_actions_row_dispose;
}

static void
rapport_rule_actions_row_init (RapportRuleActionsRow *self)
{
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Action"));

  self->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->by_queue = g_hash_table_new (NULL, NULL);
  self->rows = g_ptr_array_new ();
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  self->add_row = adw_action_row_new ();
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->add_row), add);
  name_widget (self->add_row, _("Add Action"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->add_row);
}

/**
 * rapport_rule_actions_row_new:
 * @field: a rule's "actions"
 *
 * Returns: (transfer floating): the row that edits @field of @record
 */
GtkWidget *
rapport_rule_actions_row_new (RapportStore        *store,
                              const RapportEntity *entity,
                              const RapportField  *field,
                              JsonObject          *record)
{
  RapportRuleActionsRow *self = g_object_new (RAPPORT_TYPE_RULE_ACTIONS_ROW, NULL);
  g_autofree char *text = rapport_field_row_text (record, field);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *list;
  const char *target = NULL;

  if (record != NULL)
    target = json_object_get_string_member_with_default (record, "entity", NULL);
  if (*text != '\0')
    root = rapport_json_parse (text, strlen (text), 100000, 8, NULL);
  self->store = g_object_ref (store);
  self->field = field;
  self->target = target != NULL ? rapport_entity_lookup (target) : NULL;
  list = root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        break;
      g_ptr_array_add (self->actions, json_object_ref (json_node_get_object (node)));
    }
  /* No list of objects: the text is kept whole until the rows replace it. */
  if (*text != '\0' && (list == NULL || self->actions->len < json_array_get_length (list)))
    {
      g_ptr_array_set_size (self->actions, 0);
      self->raw = g_strdup (text);
    }
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  rebuild (self);
  /* As the rows write it, so that opening and saving changes nothing. */
  self->original = actions_text (self);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  return GTK_WIDGET (self);
}

/**
 * rapport_rule_actions_row_set_target:
 * @target: (nullable): the record type the rule now watches
 */
void
rapport_rule_actions_row_set_target (RapportRuleActionsRow *self,
                                     const RapportEntity   *target)
{
  g_return_if_fail (RAPPORT_IS_RULE_ACTIONS_ROW (self));

  if (target == self->target)
    return;
  self->target = target;
  rebuild (self);
}
