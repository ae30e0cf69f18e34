/* rapport-record-editor.c: the form that edits one record, built from its layout
 *
 * One row per field of the layout, each of the widget its kind needs (a
 * record picker for a link to a company or a contact), and the owner. Save sends only what the user changed, so a
 * sync that changed other fields meanwhile is not undone. Every value that
 * is wrong is shown under its own field at once, so that one Save shows
 * all there is to fix.
 *
 * The task and activity dialogs host it in the compact layout of their
 * descriptor: untitled groups, the owner where the layout lists it, and
 * one row naming the record the item is about, which a new one is linked
 * to through the values it is given to start with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-duplicate-banner.h"
#include "rapport-field-row.h"
#include "rapport-item-edit.h"
#include "rapport-labels.h"
#include "rapport-link-row.h"
#include "rapport-match-keys.h"
#include "rapport-name-order.h"
#include "rapport-record-editor.h"
#include "rapport-rule-actions-row.h"
#include "rapport-rule-conditions-row.h"
#include "rapport-rule-field-row.h"
#include "rapport-team-users.h"
#include "rapport-validate.h"

/* A row and the line under it that says what is wrong with its value. */
typedef struct
{
  GtkWidget *row;                  /* a RapportFieldRow */
  GtkWidget *error_row;
  GtkWidget *error_label;
  GtkWidget *note_row;             /* (nullable): a word about the value, made when first said */
  GtkWidget *note_label;
} Slot;

struct _RapportRecordEditor
{
  GtkBox               parent_instance;

  RapportStore        *store;      /* (owned) */
  const RapportEntity *entity;
  JsonObject          *record;     /* (owned) (nullable): NULL for a new record */
  JsonObject          *preset;     /* (owned) (nullable): a new record's values nobody types (its links) */
  const RapportLayoutGroup *layout;
  guint                n_groups;
  gboolean             compact;
  GPtrArray           *slots;      /* (owned) (element-type Slot) */
  GtkWidget           *owner_row;  /* (nullable) */
  char                *asked;      /* (owned) (nullable): the last question about unlikely values */
  gboolean             saving;     /* a save is queued to the store */
  JsonObject          *stamped;    /* (owned) (nullable): values set beside the rows */
  GtkWidget           *banner;     /* (nullable): records like this one, for contacts and companies */
};

G_DEFINE_FINAL_TYPE (RapportRecordEditor, rapport_record_editor, GTK_TYPE_BOX)

enum {
  SIGNAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_error (Slot *slot)
{
  gtk_widget_remove_css_class (slot->row, "error");
  gtk_widget_set_visible (slot->error_row, FALSE);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (slot->row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
show_error (Slot       *slot,
            const char *message)
{
  gtk_widget_add_css_class (slot->row, "error");
  gtk_label_set_text (GTK_LABEL (slot->error_label), message);
  gtk_widget_set_visible (slot->error_row, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (slot->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static Slot *
find_slot (RapportRecordEditor *self,
           const char          *field)
{
  for (guint i = 0; field != NULL && i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (rapport_field_row_edits (RAPPORT_FIELD_ROW (slot->row), field))
        return slot;
    }
  return NULL;
}

/* An error about a field with no row of its own ("a contact needs a name
 * or an email") goes to the first row. */
static Slot *
slot_for_error (RapportRecordEditor *self,
                const GError        *error)
{
  Slot *slot = NULL;

  if (error->domain == RAPPORT_VALIDATION_ERROR)
    slot = find_slot (self, rapport_validation_error_get_field (error));
  if (slot == NULL && self->slots->len > 0)
    slot = g_ptr_array_index (self->slots, 0);
  return slot;
}

static void
edited_cb (GtkWidget *row,
           Slot      *slot)
{
  clear_error (slot);
}

/* The values typed so far, quietly: a value still wrong is left out. */
static void
values_edited_cb (RapportRecordEditor *self)
{
  g_autoptr(JsonObject) draft = json_object_new ();

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);
      g_autoptr(JsonObject) values = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (!rapport_field_row_collect (RAPPORT_FIELD_ROW (slot->row), values, TRUE, NULL))
        continue;
      json_object_iter_init (&iter, values);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (draft, name, json_node_copy (node));
    }
  if (self->record != NULL)
    json_object_set_string_member (draft, "id",
                                   json_object_get_string_member (self->record, "id"));
  rapport_duplicate_banner_check (RAPPORT_DUPLICATE_BANNER (self->banner), draft);
}

/* Enter in a one-line field: a dialog saves. */
static void
entry_activated_cb (RapportRecordEditor *self)
{
  g_signal_emit (self, signals[SIGNAL_ACTIVATED], 0);
}

static void
add_row (RapportRecordEditor *self,
         GtkWidget           *group,
         GtkWidget           *row)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->row = row;
  slot->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (slot->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (slot->error_label), TRUE);
  gtk_widget_add_css_class (slot->error_label, "error");
  gtk_widget_add_css_class (slot->error_label, "field-error");
  /* An AdwPreferencesRow, or the group would put it below all the rows. */
  slot->error_row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (slot->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (slot->error_row), FALSE);
  gtk_widget_set_focusable (slot->error_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (slot->error_row), slot->error_label);
  gtk_widget_set_visible (slot->error_row, FALSE);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), slot->error_row);
  g_signal_connect (row, "edited", G_CALLBACK (edited_cb), slot);
  if (self->banner != NULL)
    g_signal_connect_swapped (row, "edited", G_CALLBACK (values_edited_cb), self);
  if (ADW_IS_ENTRY_ROW (row))
    g_signal_connect_swapped (row, "entry-activated", G_CALLBACK (entry_activated_cb), self);
  g_ptr_array_add (self->slots, slot);
}

/* Handing a record to a teammate is part of editing it. */
/* A value set by actions, not typed: its label and its value, read-only. */
static void
add_state_row (const RapportEntity *entity,
               const RapportField  *field,
               JsonObject          *record,
               GtkWidget           *group)
{
  const char *value = json_object_get_string_member_with_default (record, field->name, NULL);
  GtkWidget *row;

  if (value == NULL)
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->label));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               rapport_labels_field_choice (entity, field->name, value));
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_owner_row (RapportRecordEditor *self,
               GtkWidget           *group)
{
  self->owner_row = rapport_team_users_owner_row (self->store, self->entity, self->record);
  if (self->owner_row != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->owner_row);
}

/* A rule's field, conditions and actions are about the records it
 * watches: they follow its Records row. */
static void
rule_target_cb (RapportRecordEditor *self)
{
  GtkWidget *target_row = rapport_record_editor_get_row (self, "entity");
  GtkWidget *conditions = rapport_record_editor_get_row (self, "conditions");
  GtkWidget *actions = rapport_record_editor_get_row (self, "actions");
  GtkWidget *watched = rapport_record_editor_get_row (self, "trigger_field");
  g_autoptr(JsonObject) values = json_object_new ();
  const char *name;
  const RapportEntity *target;

  rapport_field_row_collect (RAPPORT_FIELD_ROW (target_row), values, TRUE, NULL);
  name = json_object_get_string_member_with_default (values, "entity", NULL);
  target = name != NULL ? rapport_entity_lookup (name) : NULL;
  if (RAPPORT_IS_RULE_CONDITIONS_ROW (conditions))
    rapport_rule_conditions_row_set_target (RAPPORT_RULE_CONDITIONS_ROW (conditions), target);
  if (RAPPORT_IS_RULE_ACTIONS_ROW (actions))
    rapport_rule_actions_row_set_target (RAPPORT_RULE_ACTIONS_ROW (actions), target);
  if (RAPPORT_IS_RULE_FIELD_ROW (watched))
    rapport_rule_field_row_set_target (RAPPORT_RULE_FIELD_ROW (watched), target);
}

static void
follow_rule_target (RapportRecordEditor *self)
{
  GtkWidget *target_row;

  if (!g_str_equal (self->entity->name, "automation_rule") ||
      (target_row = rapport_record_editor_get_row (self, "entity")) == NULL)
    return;
  g_signal_connect_object (target_row, "edited", G_CALLBACK (rule_target_cb), self, G_CONNECT_SWAPPED);
  rule_target_cb (self);
}

static void
build (RapportRecordEditor *self)
{
  GtkWidget *values = NULL;        /* the last group of values */

  if (!self->compact && rapport_match_has_keys (self->entity))
    {
      self->banner = rapport_duplicate_banner_new (self->store, self->entity);
      gtk_box_append (GTK_BOX (self), self->banner);
    }

  /* The layout's groups, in order: values, then the records this one
   * links to, each picked by searching. */
  for (guint g = 0; g < self->n_groups; g++)
    {
      const RapportLayoutGroup *layout = &self->layout[g];
      /* Family name first where the user's language writes it so. */
      g_auto(GStrv) fields = rapport_name_order_apply (layout->fields);
      GtkWidget *group = adw_preferences_group_new ();

      if (layout->kind == RAPPORT_GROUP_LINKS)
        {
          /* Shown, not edited: nothing to show for an item about nothing. */
          GtkWidget *row = rapport_link_row_new (self->store, self->entity, layout,
                                                 self->record != NULL ? self->record : self->preset);

          if (row == NULL)
            {
              g_object_ref_sink (group);
              g_object_unref (group);
              continue;
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      else if (layout->kind == RAPPORT_GROUP_REFERENCES && !self->compact)
        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->label));
      else if (layout->kind == RAPPORT_GROUP_FIELDS)
        values = group;
      for (guint i = 0; layout->kind != RAPPORT_GROUP_LINKS && fields[i] != NULL; i++)
        {
          const RapportField *field = rapport_entity_get_field (self->entity, fields[i]);

          if (g_strcmp0 (field->name, self->entity->owner_field) == 0)
            add_owner_row (self, group);
          /* A time a rule sets (resolved, closed) or a value worked out
           * from others is shown, never typed. */
          else if (rapport_field_row_has_row (self->entity, field) &&
                   !(field->flags & (RAPPORT_FIELD_STAMPED | RAPPORT_FIELD_DERIVED)))
            add_row (self, group, rapport_field_row_new (self->store, self->entity, field, self->record));
          /* A state the page's actions move (a quote's Send) is read here. */
          else if (field->kind == RAPPORT_FIELD_ENUM && (field->flags & RAPPORT_FIELD_STAMPED) &&
                   self->record != NULL && !self->compact)
            add_state_row (self->entity, field, self->record, group);
        }
      gtk_box_append (GTK_BOX (self), group);
    }
  follow_rule_target (self);
  /* A compact layout has the owner where it lists it, or not at all. */
  if (self->compact)
    return;
  if (values == NULL)
    {
      values = adw_preferences_group_new ();
      gtk_box_append (GTK_BOX (self), values);
    }
  add_owner_row (self, values);
}

/* A required field left empty in a new record: the store would name only
 * the first; the form names them all. */
static gboolean
is_missing (RapportRecordEditor *self,
            const RapportField  *field,
            JsonObject          *changes)
{
  return self->record == NULL && (field->flags & RAPPORT_FIELD_REQUIRED) &&
         field->default_value == NULL && !json_object_has_member (changes, field->name);
}

/* What the user changed, as the store takes it; NULL when a value is
 * wrong, with every wrong value shown at its field. */
static JsonObject *
collect_changes (RapportRecordEditor *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  gboolean creating = self->record == NULL;
  Slot *first_wrong = NULL;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);
      RapportFieldRow *row = RAPPORT_FIELD_ROW (slot->row);
      const RapportField *field = rapport_field_row_get_field (row);
      g_autoptr(JsonObject) values = json_object_new ();
      g_autoptr(GError) error = NULL;
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      clear_error (slot);
      /* Each row's values are checked on their own, so one wrong value
       * does not hide the next. */
      if (!rapport_field_row_collect (row, values, creating, &error) ||
          !rapport_validate_changes (self->entity, values, &error))
        {
          show_error (slot, error->message);
          first_wrong = first_wrong ?: slot;
          continue;
        }
      if (is_missing (self, field, values))
        {
          show_error (slot, rapport_field_missing (field));
          first_wrong = first_wrong ?: slot;
          continue;
        }
      json_object_iter_init (&iter, values);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (changes, name, json_node_copy (node));
    }
  if (first_wrong != NULL)
    {
      gtk_widget_grab_focus (first_wrong->row);
      return NULL;
    }
  if (self->owner_row != NULL)
    rapport_team_users_owner_changes (self->owner_row, changes);
  if (self->stamped != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, self->stamped);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (changes, name, json_node_copy (node));
    }
  return g_steal_pointer (&changes);
}

static void
rapport_record_editor_dispose (GObject *object)
{
  RapportRecordEditor *self = RAPPORT_RECORD_EDITOR (object);

  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->preset, json_object_unref);
  g_clear_pointer (&self->asked, g_free);
  g_clear_pointer (&self->stamped, json_object_unref);

  G_OBJECT_CLASS (rapport_record_editor_parent_class)->dispose (object);
}

static void
rapport_record_editor_class_init (RapportRecordEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_record_editor_dispose;

  /**
   * RapportRecordEditor::activated:
   *
   * The user pressed Enter in a one-line field: a dialog saves.
   */
  signals[SIGNAL_ACTIVATED] = g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_record_editor_init (RapportRecordEditor *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  self->slots = g_ptr_array_new_with_free_func (g_free);
}

static GtkWidget *
editor_new (RapportStore             *store,
            const RapportEntity      *entity,
            JsonObject               *record,
            const RapportLayoutGroup *layout,
            guint                     n_groups,
            JsonObject               *preset)
{
  RapportRecordEditor *self = g_object_new (RAPPORT_TYPE_RECORD_EDITOR, NULL);

  self->store = g_object_ref (store);
  self->entity = entity;
  self->record = record != NULL ? json_object_ref (record) : NULL;
  self->preset = preset != NULL ? json_object_ref (preset) : NULL;
  self->layout = layout;
  self->n_groups = n_groups;
  self->compact = layout == entity->compact;
  build (self);
  return GTK_WIDGET (self);
}

/**
 * rapport_record_editor_new:
 * @record: (nullable): the record as it is; %NULL for a new one
 */
GtkWidget *
rapport_record_editor_new (RapportStore        *store,
                           const RapportEntity *entity,
                           JsonObject          *record)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  return editor_new (store, entity, record, entity->layout, entity->n_groups, NULL);
}

/**
 * rapport_record_editor_new_compact:
 * @record: (nullable): the record as it is; %NULL for a new one
 * @preset: (nullable): what a new record starts with besides what the
 *   user types: the record it is about
 *
 * Returns: (transfer floating): the editor in @entity's compact layout
 */
GtkWidget *
rapport_record_editor_new_compact (RapportStore        *store,
                                   const RapportEntity *entity,
                                   JsonObject          *record,
                                   JsonObject          *preset)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && entity->compact != NULL, NULL);

  return editor_new (store, entity, record, entity->compact, entity->n_compact, preset);
}

void
rapport_record_editor_focus (RapportRecordEditor *self)
{
  g_return_if_fail (RAPPORT_IS_RECORD_EDITOR (self));

  /* The first field typed in (an activity's kind is a row of buttons). */
  for (guint i = 0; i < self->slots->len; i++)
    {
      GtkWidget *row = ((Slot *) g_ptr_array_index (self->slots, i))->row;

      if (ADW_IS_ENTRY_ROW (row))
        {
          gtk_widget_grab_focus (row);
          return;
        }
    }
  if (self->slots->len > 0)
    gtk_widget_grab_focus (((Slot *) g_ptr_array_index (self->slots, 0))->row);
}

static void
show_save_error (RapportRecordEditor *self,
                 const GError        *error)
{
  Slot *slot;

  if ((slot = slot_for_error (self, error)) != NULL)
    {
      show_error (slot, error->message);
      gtk_widget_grab_focus (slot->row);
    }
  else
    g_warning ("Could not save: %s", error->message);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RapportRecordEditor *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) saved = NULL;
  GError *error = NULL;

  if (g_task_get_task_data (task) == rapport_store_create_async)
    saved = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);
  else
    saved = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);
  self->saving = FALSE;
  /* The form still holds what the user typed: the error goes under its
   * field, unless the form is gone meanwhile. */
  if (saved == NULL && self->slots != NULL)
    show_save_error (self, error);
  if (saved != NULL && self->banner != NULL)
    rapport_duplicate_banner_saved (RAPPORT_DUPLICATE_BANNER (self->banner),
                                    json_object_get_string_member (saved, "id"));
  if (saved == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&saved), (GDestroyNotify) json_object_unref);
}

/**
 * rapport_record_editor_save_async:
 *
 * Stores what the user changed, on the store's writer thread. Whatever is
 * wrong, found here or by the store, is shown at its field and the form
 * keeps what was typed. The write is not cancelled with @cancellable, only
 * its answer: what the user saved is saved.
 */
void
rapport_record_editor_save_async (RapportRecordEditor *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autofree char *doubt = NULL;
  const char *doubted;
  Slot *slot;

  g_return_if_fail (RAPPORT_IS_RECORD_EDITOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_record_editor_save_async);
  /* Each wrong value is shown at its field by now. */
  if (self->saving || !(changes = collect_changes (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "The form holds a value the store would refuse");
      return;
    }
  /* A birthday in 1850 is asked about once, then kept. */
  doubt = rapport_item_edit_doubt (self->entity, self->record, changes, &self->asked, &doubted);
  if (doubt != NULL && (slot = find_slot (self, doubted)) != NULL)
    {
      show_error (slot, doubt);
      gtk_widget_grab_focus (slot->row);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s", doubt);
      return;
    }
  /* Like records are named above the form: the first Save asks why
   * they are not the same. */
  if (self->banner != NULL &&
      !rapport_duplicate_banner_ask_reason (RAPPORT_DUPLICATE_BANNER (self->banner)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "Asked why the records alike are not duplicates");
      return;
    }
  if (self->record == NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      if (self->preset != NULL)
        json_object_iter_init (&iter, self->preset);
      while (self->preset != NULL && json_object_iter_next (&iter, &name, &value))
        if (!json_object_has_member (changes, name))
          json_object_set_member (changes, name, json_node_copy (value));
      self->saving = TRUE;
      g_task_set_task_data (task, rapport_store_create_async, NULL);
      rapport_store_create_async (self->store, self->entity->name, changes, NULL, stored_cb,
                                  g_steal_pointer (&task));
    }
  else if (json_object_get_size (changes) == 0)
    g_task_return_pointer (task, json_object_ref (self->record), (GDestroyNotify) json_object_unref);
  else
    {
      self->saving = TRUE;
      g_task_set_task_data (task, rapport_store_update_async, NULL);
      rapport_store_update_async (self->store, self->entity->name,
                                  json_object_get_string_member (self->record, "id"), changes, NULL,
                                  stored_cb, g_steal_pointer (&task));
    }
}

/**
 * rapport_record_editor_save_finish:
 *
 * Returns: (transfer full) (nullable): the record as stored; %NULL with
 *   @error set when something is wrong, which the form shows
 */
JsonObject *
rapport_record_editor_save_finish (RapportRecordEditor  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rapport_record_editor_save_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rapport_record_editor_set_stamped:
 * @values: (nullable): values no row edits, saved with the rows' (a
 *   line's `price_source`, said by the price its row holds)
 *
 * Replaces the values set before.
 */
void
rapport_record_editor_set_stamped (RapportRecordEditor *self,
                                   JsonObject          *values)
{
  g_return_if_fail (RAPPORT_IS_RECORD_EDITOR (self));

  g_clear_pointer (&self->stamped, json_object_unref);
  self->stamped = values != NULL ? json_object_ref (values) : NULL;
}

/**
 * rapport_record_editor_set_note:
 * @field: a field with a row
 * @note: (nullable): a word about its value, shown under it ("Unit price
 *   from Dealers 2026 · 10 % off"); %NULL to hide it
 */
void
rapport_record_editor_set_note (RapportRecordEditor *self,
                                const char          *field,
                                const char          *note)
{
  Slot *slot;

  g_return_if_fail (RAPPORT_IS_RECORD_EDITOR (self));

  if ((slot = find_slot (self, field)) == NULL)
    return;
  if (slot->note_row == NULL && note != NULL)
    {
      GtkWidget *list = gtk_widget_get_parent (slot->error_row);

      slot->note_label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (slot->note_label), 0);
      gtk_label_set_wrap (GTK_LABEL (slot->note_label), TRUE);
      gtk_widget_add_css_class (slot->note_label, "caption");
      gtk_widget_add_css_class (slot->note_label, "dim-label");
      gtk_widget_set_margin_start (slot->note_label, 12);
      gtk_widget_set_margin_end (slot->note_label, 12);
      gtk_widget_set_margin_top (slot->note_label, 6);
      gtk_widget_set_margin_bottom (slot->note_label, 6);
      slot->note_row = adw_preferences_row_new ();
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (slot->note_row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (slot->note_row), FALSE);
      gtk_widget_set_focusable (slot->note_row, FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (slot->note_row), slot->note_label);
      /* Under the row and its error, not under the group. */
      gtk_list_box_insert (GTK_LIST_BOX (list), slot->note_row,
                           gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (slot->error_row)) + 1);
    }
  if (slot->note_row == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (slot->note_label), note != NULL ? note : "");
  gtk_widget_set_visible (slot->note_row, note != NULL);
}

/**
 * rapport_record_editor_get_row:
 * @field: a field's name
 *
 * Returns: (transfer none) (nullable): the row that edits @field (a
 *   RapportFieldRow), for a dialog that fills one from another
 */
GtkWidget *
rapport_record_editor_get_row (RapportRecordEditor *self,
                               const char          *field)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_EDITOR (self), NULL);

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = g_ptr_array_index (self->slots, i);

      if (g_strcmp0 (rapport_field_row_get_field (RAPPORT_FIELD_ROW (slot->row))->name, field) == 0)
        return slot->row;
    }
  return NULL;
}

/**
 * rapport_record_editor_get_saving:
 *
 * Returns: whether a save is on its way to the store
 */
gboolean
rapport_record_editor_get_saving (RapportRecordEditor *self)
{
  g_return_val_if_fail (RAPPORT_IS_RECORD_EDITOR (self), FALSE);

  return self->saving;
}
