/* rapport-conflicts-window.c: settling what the user and the team both changed
 *
 * Each conflict is a group: the record, and for each field what the user
 * typed ("mine") and what the server has ("theirs"), with a choice per
 * field and buttons to keep all of one side. Nothing is decided for the
 * user: the conflict stays until they choose.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-conflicts-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-conflicts-window.h"
#include "rapport-labels.h"
#include "rapport-record.h"
#include "rapport-store-sync.h"

struct _RapportConflictsWindow
{
  AdwWindow        parent_instance;

  RapportStore    *store;  /* (owned) */
  gulong           changed_id;
  guint            reload_source;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkBox          *list_box;
};

G_DEFINE_FINAL_TYPE (RapportConflictsWindow, rapport_conflicts_window, ADW_TYPE_WINDOW)

static void reload (RapportConflictsWindow *self);

/* A value of either side as the user reads it. */
static char *
describe_value (const RapportEntity *entity,
                const char          *field_name,
                JsonNode            *node)
{
  const RapportField *field = rapport_entity_get_field (entity, field_name);
  g_autoptr(JsonGenerator) generator = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (field != NULL && field->kind == RAPPORT_FIELD_ENUM &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (rapport_labels_choice (field_name, json_node_get_string (node)));
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static void
report (RapportConflictsWindow *self,
        gboolean                ok,
        GError                 *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (ok ? _("Conflict resolved") : error->message));
  reload (self);
}

static void
keep_all_cb (GtkButton              *button,
             RapportConflictsWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "rapport-conflict");
  RapportKeep keep = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "rapport-keep"));
  g_autoptr(GError) error = NULL;
  gboolean ok = rapport_store_resolve_conflict_keep (self->store, id, keep, &error);

  report (self, ok, error);
}

/* The per-field choice buttons of one conflict, and its Apply button. */
typedef struct
{
  char      *conflict_id;
  GPtrArray *fields;   /* (element-type utf8) */
  GPtrArray *mine;     /* (element-type GtkToggleButton) (unowned) */
  GPtrArray *theirs;   /* (element-type GtkToggleButton) (unowned) */
  GtkWidget *apply;
} Choices;

static void
choices_free (Choices *choices)
{
  g_free (choices->conflict_id);
  g_ptr_array_unref (choices->fields);
  g_ptr_array_unref (choices->mine);
  g_ptr_array_unref (choices->theirs);
  g_free (choices);
}

static void
choice_toggled_cb (GtkToggleButton *toggle,
                   Choices         *choices)
{
  gboolean complete = TRUE;

  for (guint i = 0; i < choices->fields->len; i++)
    complete &= gtk_toggle_button_get_active (g_ptr_array_index (choices->mine, i)) ||
                gtk_toggle_button_get_active (g_ptr_array_index (choices->theirs, i));
  gtk_widget_set_sensitive (choices->apply, complete);
}

static void
apply_cb (GtkButton              *button,
          RapportConflictsWindow *self)
{
  Choices *choices = g_object_get_data (G_OBJECT (button), "rapport-choices");
  g_autoptr(JsonObject) decided = json_object_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < choices->fields->len; i++)
    json_object_set_string_member (decided, g_ptr_array_index (choices->fields, i),
                                   gtk_toggle_button_get_active (g_ptr_array_index (choices->mine, i))
                                   ? "mine" : "theirs");
  ok = rapport_store_resolve_conflict (self->store, choices->conflict_id, decided, &error);
  report (self, ok, error);
}

static GtkWidget *
keep_button_new (RapportConflictsWindow *self,
                 const char             *label,
                 const char             *conflict_id,
                 RapportKeep             keep)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "rapport-conflict", g_strdup (conflict_id), g_free);
  g_object_set_data (G_OBJECT (button), "rapport-keep", GINT_TO_POINTER (keep));
  g_signal_connect (button, "clicked", G_CALLBACK (keep_all_cb), self);
  return button;
}

static GtkWidget *
conflict_group_new (RapportConflictsWindow *self,
                    JsonObject             *conflict)
{
  const RapportEntity *entity = rapport_entity_lookup (json_object_get_string_member (conflict, "entity"));
  const char *id = json_object_get_string_member (conflict, "id");
  gboolean deleted = g_strcmp0 (json_object_get_string_member (conflict, "kind"), "delete") == 0;
  JsonObject *fields = json_object_get_object_member (conflict, "fields");
  JsonNode *theirs = json_object_get_member (conflict, "theirs");
  g_autoptr(JsonObject) local = NULL;
  g_autofree char *title = NULL;
  GtkWidget *group, *buttons;
  JsonObjectIter iter;
  const char *name;
  JsonNode *values;
  Choices *choices;

  if (entity == NULL)
    return NULL;
  local = rapport_store_get (self->store, entity->name,
                             json_object_get_string_member (conflict, "record_id"), NULL);
  if (local != NULL)
    title = rapport_record_title (entity, local);
  else if (theirs != NULL && JSON_NODE_HOLDS_OBJECT (theirs))
    title = rapport_record_title (entity, json_node_get_object (theirs));
  else
    title = g_strdup (_("Deleted record"));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    deleted ? _("Deleted on the server while you changed it here")
            : _("You and someone else changed the same fields"));

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons),
                  keep_button_new (self, deleted ? _("_Restore Mine") : _("Keep All _Mine"), id,
                                   RAPPORT_KEEP_MINE));
  gtk_box_append (GTK_BOX (buttons),
                  keep_button_new (self, deleted ? _("_Accept Deletion") : _("Keep All _Theirs"), id,
                                   RAPPORT_KEEP_THEIRS));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);

  choices = g_new0 (Choices, 1);
  choices->conflict_id = g_strdup (id);
  choices->fields = g_ptr_array_new_with_free_func (g_free);
  choices->mine = g_ptr_array_new ();
  choices->theirs = g_ptr_array_new ();

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &values))
    {
      JsonObject *sides = json_node_get_object (values);
      g_autofree char *mine_text = describe_value (entity, name, json_object_get_member (sides, "mine"));
      g_autofree char *theirs_text = describe_value (entity, name, json_object_get_member (sides, "theirs"));
      g_autofree char *subtitle = NULL;
      g_autofree char *mine_label = NULL;
      g_autofree char *theirs_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *mine = gtk_toggle_button_new_with_label (_("Mine"));
      GtkWidget *their = gtk_toggle_button_new_with_label (_("Theirs"));
      const char *field_label = rapport_labels_field (entity, name);

      /* Translators: what I typed and what the server has for one field */
      subtitle = g_strdup_printf (_("Mine: %s\nTheirs: %s"), mine_text, theirs_text);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (their), GTK_TOGGLE_BUTTON (mine));
      /* Translators: %s is a field, e.g. "Keep my Email" */
      mine_label = g_strdup_printf (_("Keep my %s"), field_label);
      theirs_label = g_strdup_printf (_("Keep their %s"), field_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (mine), GTK_ACCESSIBLE_PROPERTY_LABEL, mine_label, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (their), GTK_ACCESSIBLE_PROPERTY_LABEL, theirs_label, -1);
      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), mine);
      gtk_box_append (GTK_BOX (box), their);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      g_signal_connect (mine, "toggled", G_CALLBACK (choice_toggled_cb), choices);
      g_signal_connect (their, "toggled", G_CALLBACK (choice_toggled_cb), choices);
      if (deleted)
        gtk_widget_set_sensitive (box, FALSE);

      g_ptr_array_add (choices->fields, g_strdup (name));
      g_ptr_array_add (choices->mine, mine);
      g_ptr_array_add (choices->theirs, their);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  choices->apply = gtk_button_new_with_mnemonic (_("_Apply Choices"));
  gtk_widget_set_halign (choices->apply, GTK_ALIGN_END);
  gtk_widget_set_margin_top (choices->apply, 12);
  gtk_widget_set_sensitive (choices->apply, FALSE);
  gtk_widget_set_visible (choices->apply, !deleted);
  gtk_widget_add_css_class (choices->apply, "suggested-action");
  g_object_set_data_full (G_OBJECT (choices->apply), "rapport-choices", choices,
                          (GDestroyNotify) choices_free);
  g_signal_connect (choices->apply, "clicked", G_CALLBACK (apply_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), choices->apply);
  return group;
}

static void
reload (RapportConflictsWindow *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_box_remove (self->list_box, child);

  conflicts = rapport_store_list_conflicts (self->store, &error);
  if (conflicts == NULL)
    {
      g_warning ("Could not list conflicts: %s", error->message);
      return;
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      GtkWidget *group = conflict_group_new (self, g_ptr_array_index (conflicts, i));

      if (group != NULL)
        gtk_box_append (self->list_box, group);
    }
  gtk_stack_set_visible_child_name (self->stack, conflicts->len > 0 ? "list" : "empty");
}

static gboolean
reload_cb (gpointer data)
{
  RapportConflictsWindow *self = data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static gboolean
store_changed_main_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(RapportConflictsWindow) self = g_weak_ref_get (ref);

  /* A sync may bring new conflicts while the window is open. */
  if (self != NULL && self->reload_source == 0)
    self->reload_source = g_timeout_add (300, reload_cb, self);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
store_changed_cb (RapportStore           *store,
                  const char             *entity,
                  const char * const     *ids,
                  RapportConflictsWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT_IDLE, store_changed_main_cb, ref,
                              (GDestroyNotify) weak_ref_free);
}

static void
rapport_conflicts_window_dispose (GObject *object)
{
  RapportConflictsWindow *self = (RapportConflictsWindow *) object;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_conflicts_window_parent_class)->dispose (object);
}

static void
rapport_conflicts_window_class_init (RapportConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_conflicts_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-conflicts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportConflictsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportConflictsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportConflictsWindow, list_box);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_conflicts_window_init (RapportConflictsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RapportConflictsWindow *
rapport_conflicts_window_new (RapportStore *store)
{
  RapportConflictsWindow *self = g_object_new (RAPPORT_TYPE_CONFLICTS_WINDOW, NULL);

  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  reload (self);
  return self;
}
