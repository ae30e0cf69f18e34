/* rapport-conflicts-window.c: settling what the user and the team both changed
 *
 * Each conflict is a group: the record, and for each field what the user
 * typed ("mine") and what the server has ("theirs"), with a choice per
 * field and buttons to keep all of one side. Nothing is decided for the
 * user: the conflict stays until they choose. Changes the server refused
 * (or that cannot be read) follow, each to send again or, once the user
 * confirmed it, to discard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-conflicts-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-change-text.h"
#include "rapport-cancellable.h"
#include "rapport-conflicts-window.h"
#include "rapport-plain-text.h"
#include "rapport-dialog-size.h"
#include "rapport-failed-change-group.h"
#include "rapport-labels.h"
#include "rapport-change-monitor.h"
#include "rapport-store-async.h"
#include "rapport-store-failed.h"
#include "rapport-store-sync.h"
#include "rapport-team-users.h"

struct _RapportConflictsWindow
{
  AdwWindow        parent_instance;

  RapportContext  *context; /* (owned) */
  RapportStore    *store;  /* (owned): the context's */
  RapportChangeMonitor *changes; /* (owned) (nullable): the context's */
  gulong           changed_id;
  GHashTable      *choices;  /* (owned): conflict id → Choices of the shown groups */
  GHashTable      *failed_titles; /* (owned): op id → title of each failed change shown */
  GCancellable    *loading;  /* (owned) (nullable): the reload under way */

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkBox          *list_box;
};

G_DEFINE_FINAL_TYPE (RapportConflictsWindow, rapport_conflicts_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (RapportConflictsWindow *self);

/* The window's answers may come after it closed: then nothing is shown. */
static gboolean
gone (RapportConflictsWindow *self)
{
  return self->store == NULL;
}

static void
report (RapportConflictsWindow *self,
        gboolean                ok,
        GError                 *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay,
                               rapport_toast_new_plain (ok ? _("Conflict resolved") : error->message));
  reload (self);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RapportConflictsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_get_source_tag (G_TASK (result)) == rapport_store_resolve_conflict_keep_async)
    ok = rapport_store_resolve_conflict_keep_finish (RAPPORT_STORE (object), result, &error);
  else
    ok = rapport_store_resolve_conflict_finish (RAPPORT_STORE (object), result, &error);
  if (!gone (self))
    report (self, ok, error);
}

/* The per-field choice buttons of one conflict, and its Apply button. */
typedef struct
{
  GPtrArray *fields;   /* (element-type utf8) */
  GPtrArray *mine;     /* (element-type GtkToggleButton) (unowned) */
  GPtrArray *theirs;   /* (element-type GtkToggleButton) (unowned) */
  GtkWidget *apply;    /* (unowned) */
} Choices;

static void
choices_free (Choices *choices)
{
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
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportConflictsWindow *self = RAPPORT_CONFLICTS_WINDOW (widget);
  const char *id;
  gint32 keep;

  g_variant_get (parameter, "(&si)", &id, &keep);
  rapport_store_resolve_conflict_keep_async (self->store, id, keep, NULL, resolved_cb,
                                             g_object_ref (self));
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RapportConflictsWindow *self = RAPPORT_CONFLICTS_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  Choices *choices = g_hash_table_lookup (self->choices, id);
  g_autoptr(JsonObject) decided = json_object_new ();

  if (choices == NULL)
    return;
  for (guint i = 0; i < choices->fields->len; i++)
    json_object_set_string_member (decided, g_ptr_array_index (choices->fields, i),
                                   gtk_toggle_button_get_active (g_ptr_array_index (choices->mine, i))
                                   ? "mine" : "theirs");
  rapport_store_resolve_conflict_async (self->store, id, decided, NULL, resolved_cb,
                                        g_object_ref (self));
}

/* The title of the record of failed change @op_id, as last listed, or
 * NULL when it is gone. */
static char *
find_failed_title (RapportConflictsWindow *self,
                   const char             *op_id)
{
  return g_strdup (g_hash_table_lookup (self->failed_titles, op_id));
}

static void
toast (RapportConflictsWindow *self,
       const char             *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, rapport_toast_new_plain (text));
}

/* Sent (or, after a discard, the server's copy fetched) at once. */
static void
after_failed_change (RapportConflictsWindow *self,
                     const char             *done)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  toast (self, done);
  reload (self);
  /* This window is not the application's: its main window reaches app.sync. */
  gtk_widget_activate_action (parent ? GTK_WIDGET (parent) : GTK_WIDGET (self), "app.sync", NULL);
}

static void
failed_handled_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportConflictsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean retried = g_task_get_source_tag (G_TASK (result)) == rapport_store_retry_failed_async;
  gboolean ok;

  if (retried)
    ok = rapport_store_retry_failed_finish (RAPPORT_STORE (object), result, &error);
  else
    ok = rapport_store_discard_failed_finish (RAPPORT_STORE (object), result, &error);
  if (gone (self))
    return;
  if (!ok)
    {
      toast (self, error->message);
      reload (self);
      return;
    }
  after_failed_change (self, retried ? _("The change is sent again") : _("Change discarded"));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RapportConflictsWindow *self = RAPPORT_CONFLICTS_WINDOW (widget);

  rapport_store_retry_failed_async (self->store, g_variant_get_string (parameter, NULL), NULL,
                                    failed_handled_cb, g_object_ref (self));
}

static void
discard_response_cb (AdwMessageDialog       *dialog,
                     const char             *response,
                     RapportConflictsWindow *self)
{
  const char *op_id = g_object_get_data (G_OBJECT (dialog), "op-id");

  if (!g_str_equal (response, "discard") || gone (self))
    return;
  rapport_store_discard_failed_async (self->store, op_id, NULL, failed_handled_cb,
                                      g_object_ref (self));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RapportConflictsWindow *self = RAPPORT_CONFLICTS_WINDOW (widget);
  const char *op_id = g_variant_get_string (parameter, NULL);
  g_autofree char *title = find_failed_title (self, op_id);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (title == NULL)
    {
      reload (self);
      return;
    }
  /* Translators: %s is a record, e.g. “Anna Lee” */
  heading = g_strdup_printf (_("Discard the Change to “%s”?"), title);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("What you changed is dropped for good, and the record goes "
                                     "back to what the server has."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "op-id", g_strdup (op_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
keep_button_new (const char  *label,
                 const char  *conflict_id,
                 RapportKeep  keep)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  /* The target copies the id: it outlives the conflict's JSON. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflicts.keep");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(si)", conflict_id, (gint32) keep);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

/* The currency a MONEY value of @record is in. */
static const char *
currency_of (const RapportEntity *entity,
             JsonObject          *record)
{
  const RapportField *money = rapport_entity_get_money_field (entity);

  if (money == NULL || record == NULL)
    return NULL;
  return json_object_get_string_member_with_default (record, money->currency_field, NULL);
}

static GtkWidget *
conflict_group_new (RapportConflictsWindow *self,
                    JsonObject             *conflict)
{
  const RapportEntity *entity = rapport_entity_lookup (json_object_get_string_member (conflict, "entity"));
  const char *id = json_object_get_string_member (conflict, "id");
  gboolean deleted = rapport_conflict_kind_of (conflict) == RAPPORT_CONFLICT_KIND_DELETE;
  JsonObject *fields = json_object_get_object_member (conflict, "fields");
  JsonNode *theirs = json_object_get_member (conflict, "theirs");
  gboolean theirs_kept = theirs != NULL && JSON_NODE_HOLDS_OBJECT (theirs);
  const char *record_title = json_object_get_string_member_with_default (conflict, "title", NULL);
  const char *parent_title = json_object_get_string_member_with_default (conflict, "parent_title",
                                                                         NULL);
  g_autoptr(JsonObject) local = NULL;
  g_autofree char *title = NULL;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  g_autofree char *described = NULL;
  const char *description, *mine_label, *theirs_label;
  GtkWidget *group, *buttons;
  JsonObjectIter iter;
  const char *name;
  JsonNode *values;
  Choices *choices;

  if (entity == NULL || id == NULL)
    return NULL;
  if (record_title == NULL)
    title = g_strdup (_("Deleted record"));
  else if (parent_title != NULL)
    /* Translators: a line of a record, then the record: "“10+” in Dealers 2027" */
    title = g_strdup_printf (_("“%s” in %s"), record_title, parent_title);
  else
    title = g_strdup (record_title);

  /* The record here, for the currency of "mine". */
  if (rapport_entity_get_money_field (entity) != NULL)
    local = rapport_store_get (self->store, entity->name,
                               json_object_get_string_member_with_default (conflict, "record_id", ""),
                               NULL);

  /* Who made the other change, and when: the server's version says. */
  if (theirs_kept)
    {
      JsonObject *their_record = json_node_get_object (theirs);
      const char *updated_at = json_object_get_string_member_with_default (their_record, "updated_at", NULL);

      who = rapport_team_users_lookup_name (self->store,
                                            json_object_get_string_member_with_default (their_record,
                                                                                        "updated_by", NULL));
      when = rapport_labels_format_date (updated_at);
    }

  if (!deleted && who != NULL && when != NULL)
    {
      /* Translators: "You and Lucas Martin changed the same fields (theirs: 06/12/2026 14:05)" */
      described = g_strdup_printf (_("You and %s changed the same fields (theirs: %s)"), who, when);
      description = described;
      mine_label = _("Keep All _Mine");
      theirs_label = _("Keep All _Theirs");
    }
  else if (!deleted)
    {
      description = _("You and someone else changed the same fields");
      mine_label = _("Keep All _Mine");
      theirs_label = _("Keep All _Theirs");
    }
  else if (!theirs_kept)
    {
      description = _("Deleted on the server while you changed it here");
      mine_label = _("_Restore with My Changes");
      theirs_label = _("_Accept Deletion");
    }
  else if (who != NULL && when != NULL)
    {
      /* Translators: "You deleted it while Lucas Martin changed it on the server (06/12/2026 14:05)" */
      described = g_strdup_printf (_("You deleted it while %s changed it on the server (%s)"), who, when);
      description = described;
      mine_label = _("_Delete Anyway");
      theirs_label = _("_Keep Their Version");
    }
  else
    {
      description = _("You deleted it while someone else changed it on the server");
      mine_label = _("_Delete Anyway");
      theirs_label = _("_Keep Their Version");
    }

  group = adw_preferences_group_new ();
  rapport_group_set_plain_title (ADW_PREFERENCES_GROUP (group), title);
  /* It may name a person, and a name is no markup. */
  rapport_group_set_plain_description (ADW_PREFERENCES_GROUP (group), description);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (buttons), keep_button_new (mine_label, id, RAPPORT_KEEP_MINE));
  gtk_box_append (GTK_BOX (buttons), keep_button_new (theirs_label, id, RAPPORT_KEEP_THEIRS));
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), buttons);

  choices = g_new0 (Choices, 1);
  choices->fields = g_ptr_array_new_with_free_func (g_free);
  choices->mine = g_ptr_array_new ();
  choices->theirs = g_ptr_array_new ();
  choices->apply = gtk_button_new_with_mnemonic (_("_Apply Choices"));
  g_hash_table_replace (self->choices, g_strdup (id), choices);

  json_object_iter_init (&iter, fields);
  while (fields != NULL && json_object_iter_next (&iter, &name, &values))
    {
      JsonObject *sides = JSON_NODE_HOLDS_OBJECT (values) ? json_node_get_object (values) : NULL;
      g_autofree char *mine_text = NULL;
      g_autofree char *theirs_text = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *keep_mine = NULL;
      g_autofree char *keep_theirs = NULL;
      GtkWidget *row, *box, *mine, *their;
      const char *field_label = rapport_labels_field (entity, name);

      if (sides == NULL)
        continue;
      /* As the record page and History write them: money with its currency. */
      mine_text = rapport_change_text_value (self->store, entity, name,
                                             json_object_get_member (sides, "mine"),
                                             currency_of (entity, local));
      theirs_text = rapport_change_text_value (self->store, entity, name,
                                               json_object_get_member (sides, "theirs"),
                                               currency_of (entity, theirs_kept
                                                                    ? json_node_get_object (theirs)
                                                                    : NULL));
      row = adw_action_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      mine = gtk_toggle_button_new_with_label (_("Mine"));
      their = gtk_toggle_button_new_with_label (_("Theirs"));

      /* Translators: what I typed and what the server has for one field */
      subtitle = g_strdup_printf (_("Mine: %s\nTheirs: %s"), mine_text, theirs_text);
      /* The values are what people typed, never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

      gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (their), GTK_TOGGLE_BUTTON (mine));
      /* Translators: %s is a field, e.g. "Keep my Email" */
      keep_mine = g_strdup_printf (_("Keep my %s"), field_label);
      /* Translators: %s is a field, e.g. "Keep their Email" */
      keep_theirs = g_strdup_printf (_("Keep their %s"), field_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (mine), GTK_ACCESSIBLE_PROPERTY_LABEL, keep_mine, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (their), GTK_ACCESSIBLE_PROPERTY_LABEL, keep_theirs, -1);
      gtk_widget_set_tooltip_text (mine, keep_mine);
      gtk_widget_set_tooltip_text (their, keep_theirs);
      gtk_widget_add_css_class (box, "linked");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), mine);
      gtk_box_append (GTK_BOX (box), their);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      g_signal_connect (mine, "toggled", G_CALLBACK (choice_toggled_cb), choices);
      g_signal_connect (their, "toggled", G_CALLBACK (choice_toggled_cb), choices);
      /* A deletion is settled as a whole, by the buttons above. */
      if (deleted)
        gtk_widget_set_visible (box, FALSE);

      g_ptr_array_add (choices->fields, g_strdup (name));
      g_ptr_array_add (choices->mine, mine);
      g_ptr_array_add (choices->theirs, their);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  gtk_widget_set_halign (choices->apply, GTK_ALIGN_END);
  gtk_widget_set_margin_top (choices->apply, 12);
  gtk_widget_set_sensitive (choices->apply, FALSE);
  gtk_widget_set_visible (choices->apply, !deleted && choices->fields->len > 0);
  gtk_widget_add_css_class (choices->apply, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choices->apply), "conflicts.apply");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (choices->apply), "s", id);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), choices->apply);
  return group;
}

/* What the window lists, read together in a worker thread. */
typedef struct
{
  GPtrArray *conflicts;  /* (owned) */
  GPtrArray *failed;     /* (owned) */
} Lists;

static void
lists_free (Lists *lists)
{
  g_clear_pointer (&lists->conflicts, g_ptr_array_unref);
  g_clear_pointer (&lists->failed, g_ptr_array_unref);
  g_free (lists);
}

static gpointer
read_lists (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  Lists *lists = g_new0 (Lists, 1);
  g_autoptr(GError) failed_error = NULL;

  if (!(lists->conflicts = rapport_store_list_conflicts (store, error)))
    {
      lists_free (lists);
      return NULL;
    }
  if (!(lists->failed = rapport_store_list_failed (store, &failed_error)))
    {
      g_warning ("Could not list failed changes: %s", failed_error->message);
      lists->failed = g_ptr_array_new ();
    }
  return lists;
}

static void
lists_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RapportConflictsWindow) self = user_data;
  Lists *lists;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  lists = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer reload is under way, or the window is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || gone (self))
    {
      g_clear_pointer (&lists, lists_free);
      return;
    }
  g_clear_object (&self->loading);
  if (lists == NULL)
    {
      g_warning ("Could not list conflicts: %s", error->message);
      return;
    }

  g_hash_table_remove_all (self->choices);
  g_hash_table_remove_all (self->failed_titles);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_box_remove (self->list_box, child);
  for (guint i = 0; i < lists->conflicts->len; i++)
    {
      GtkWidget *group = conflict_group_new (self, g_ptr_array_index (lists->conflicts, i));

      if (group != NULL)
        gtk_box_append (self->list_box, group);
    }
  for (guint i = 0; i < lists->failed->len; i++)
    {
      JsonObject *change = g_ptr_array_index (lists->failed, i);
      GtkWidget *group = rapport_failed_change_group_new (change);
      const char *op_id = json_object_get_string_member_with_default (change, "op_id", NULL);

      if (op_id != NULL)
        g_hash_table_insert (self->failed_titles, g_strdup (op_id),
                             rapport_failed_change_title (change));
      if (group != NULL)
        gtk_box_append (self->list_box, group);
    }
  gtk_stack_set_visible_child_name (self->stack,
                                    lists->conflicts->len + lists->failed->len > 0 ? "list" : "empty");
  lists_free (lists);
}

/* Reads the conflicts and the failed changes again, off the main thread;
 * what is shown stays until they are read. */
static void
reload (RapportConflictsWindow *self)
{
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_lists, NULL, NULL, (GDestroyNotify) lists_free,
                            self->loading, lists_read_cb, g_object_ref (self));
}

/* A sync may bring new conflicts while the window is open: read once per
 * burst of commits. */
static void
store_changed_cb (RapportChangeMonitor   *changes,
                  const char             *entity,
                  const char * const     *ids,
                  RapportConflictsWindow *self)
{
  reload (self);
}

static void
rapport_conflicts_window_dispose (GObject *object)
{
  RapportConflictsWindow *self = (RapportConflictsWindow *) object;

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_pointer (&self->failed_titles, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_conflicts_window_parent_class)->dispose (object);
}

static void
rapport_conflicts_window_constructed (GObject *object)
{
  RapportConflictsWindow *self = (RapportConflictsWindow *) object;

  G_OBJECT_CLASS (rapport_conflicts_window_parent_class)->constructed (object);

  g_assert (RAPPORT_IS_CONTEXT (self->context));
  self->store = g_object_ref (rapport_context_get_store (self->context));
  self->changes = g_object_ref (rapport_context_get_changes (self->context));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (store_changed_cb),
                                       self);
  reload (self);
}

static void
rapport_conflicts_window_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RapportConflictsWindow *self = RAPPORT_CONFLICTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_conflicts_window_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  RapportConflictsWindow *self = RAPPORT_CONFLICTS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_conflicts_window_class_init (RapportConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rapport_conflicts_window_constructed;
  object_class->dispose = rapport_conflicts_window_dispose;
  object_class->get_property = rapport_conflicts_window_get_property;
  object_class->set_property = rapport_conflicts_window_set_property;

  /**
   * RapportConflictsWindow:context:
   *
   * The book whose conflicts and failed changes are shown.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RAPPORT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-conflicts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportConflictsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportConflictsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportConflictsWindow, list_box);
  gtk_widget_class_install_action (widget_class, "conflicts.keep", "(si)", keep_action);
  gtk_widget_class_install_action (widget_class, "conflicts.apply", "s", apply_action);
  gtk_widget_class_install_action (widget_class, "conflicts.retry", "s", retry_action);
  gtk_widget_class_install_action (widget_class, "conflicts.discard", "s", discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_conflicts_window_init (RapportConflictsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) choices_free);
  self->failed_titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * rapport_conflicts_window_new:
 * @context: the window's, whose book it settles
 *
 * Returns: (transfer full): the Conflicts window
 */
RapportConflictsWindow *
rapport_conflicts_window_new (RapportContext *context)
{
  g_return_val_if_fail (RAPPORT_IS_CONTEXT (context), NULL);

  return g_object_new (RAPPORT_TYPE_CONFLICTS_WINDOW, "context", context, NULL);
}
