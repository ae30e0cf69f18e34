/* rapport-history-group.c: a record's history on its page
 *
 * The group says at once who made the record and who changed it last (the
 * record has it). "Show History" reads the rest off the main thread: the
 * server's history of the record and the changes here not sent yet
 * (rapport-record-history.c), newest first, one row per changed field:
 * "Amount: ¥1,000.00 → ¥2,000.00", "Wang Fang · 06/12/2026 14:05". Without
 * a connection it says so, and still shows what is waiting to be sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-history-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-application.h"
#include "rapport-automation.h"
#include "rapport-cancellable.h"
#include "rapport-change-text.h"
#include "rapport-history-group.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-plain-text.h"
#include "rapport-record-history.h"
#include "rapport-team-users.h"

/* A history is read a screen at a time; older changes beyond these rows
 * are counted, not shown. */
#define MAX_ROWS 200

struct _RapportHistoryGroup
{
  GtkBox               parent_instance;

  RapportStore        *store;        /* (owned) */
  const RapportEntity *entity;
  JsonObject          *record;       /* (owned) */
  GCancellable        *cancellable;  /* (owned) (nullable): the load under way */
  gboolean             shown;

  GtkWidget           *toggle;       /* (unowned) */
  GtkStack            *stack;        /* (unowned) */
  GtkListBox          *list;         /* (unowned) */
};

G_DEFINE_FINAL_TYPE (RapportHistoryGroup, rapport_history_group, GTK_TYPE_BOX)

/* The record whose history was left open: its page, rebuilt after a save
 * or a sync, shows it open again, with what changed. */
static char *open_record_key;

static char *
record_key (RapportHistoryGroup *self)
{
  return g_strconcat (self->entity->name, "/",
                      json_object_get_string_member_with_default (self->record, "id", ""), NULL);
}

/* Who did it, as people read them. */
static char *
author_name (RapportHistoryGroup *self,
             const char          *user_id)
{
  char *name;

  /* The server's command line (rapport-server user, demo) writes as nobody. */
  if (user_id == NULL)
    return g_strdup (_("Rapport server"));
  if (g_strcmp0 (user_id, RAPPORT_AUTOMATION_AUTHOR) == 0)
    return g_strdup (_("Automation"));
  name = rapport_team_users_lookup_name (self->store, user_id);
  return name != NULL ? name : g_strdup (_("Unknown user"));
}

static char *
who_and_when (RapportHistoryGroup *self,
              const char          *user_id,
              const char          *at)
{
  g_autofree char *who = author_name (self, user_id);
  g_autofree char *when = rapport_labels_format_date (at);

  return g_strdup_printf ("%s · %s", who, when ? when : "");
}

/* "Created by Li Na, 01/12/2026 09:30", and who changed it last. */
static char *
summary_text (RapportHistoryGroup *self)
{
  const char *created_at = json_object_get_string_member_with_default (self->record, "created_at", NULL);
  const char *updated_at = json_object_get_string_member_with_default (self->record, "updated_at", NULL);
  const char *created_by = json_object_get_string_member_with_default (self->record, "created_by", NULL);
  const char *updated_by = json_object_get_string_member_with_default (self->record, "updated_by", NULL);
  g_autofree char *creator = author_name (self, created_by);
  g_autofree char *created = rapport_labels_format_date (created_at);
  g_autofree char *first = NULL;

  if (created_at == NULL)
    return NULL;
  /* Translators: who made a record and when, "Created by Li Na, 01/12/2026 09:30" */
  first = g_strdup_printf (_("Created by %s, %s"), creator, created ? created : "");
  if (updated_at != NULL &&
      (g_strcmp0 (updated_at, created_at) != 0 ||
       json_object_get_int_member_with_default (self->record, "version", 0) > 1))
    {
      g_autofree char *changer = author_name (self, updated_by);
      g_autofree char *updated = rapport_labels_format_date (updated_at);
      g_autofree char *second = NULL;

      /* Translators: who changed a record last and when, "Last changed by Wang Fang, 06/12/2026 14:05" */
      second = g_strdup_printf (_("Last changed by %s, %s"), changer, updated ? updated : "");
      return g_strconcat (first, "\n", second, NULL);
    }
  return g_steal_pointer (&first);
}

static GtkWidget *
row_new (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *label = g_strdup_printf ("%s · %s", title, subtitle);

  /* Values are the users' text: "Bergmann & Söhne" is no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  /* Screen readers (and the UI tests) read the whole line at once. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

static void
clear_list (RapportHistoryGroup *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static const char *
currency_change (const RapportField *money,
                 JsonObject         *changes,
                 const char         *side)
{
  if (money == NULL)
    return NULL;
  return rapport_json_get_string (rapport_json_get_object (changes, money->currency_field), side);
}

static gboolean
changes_currency (const RapportField *money,
                  JsonObject         *changes)
{
  return money != NULL && json_object_has_member (changes, money->currency_field);
}

/* Rows of one entry, newest field last as the descriptor orders them.
 * Returns how many rows it added. */
static guint
add_entry_rows (RapportHistoryGroup *self,
                RapportHistoryEntry *entry,
                const char          *currency_before,
                const char          *currency_after,
                guint                room)
{
  g_autofree char *subtitle = who_and_when (self, entry->by, entry->at);
  guint n = 0;

  if (entry->pending)
    {
      g_autofree char *plain = g_steal_pointer (&subtitle);

      subtitle = g_strdup_printf ("%s · %s", plain,
                                  entry->refused ? _("Not accepted by the server")
                                                 : _("Not sent yet"));
    }
  if (entry->kind != RAPPORT_CHANGE_KIND_UPDATE)
    {
      gtk_list_box_append (self->list,
                           row_new (entry->kind == RAPPORT_CHANGE_KIND_CREATE ? _("Created") : _("Deleted"),
                                    subtitle));
      return 1;
    }
  /* In the descriptor's order, as the page shows the fields. */
  for (guint i = 0; i < self->entity->n_fields && n < room; i++)
    {
      const char *field = self->entity->fields[i].name;
      JsonObject *change = rapport_json_get_object (entry->changes, field);
      g_autofree char *line = NULL;

      /* Fields no page shows (a deal's pipeline follows its stage) are
       * no news either. */
      if (change == NULL || g_strv_contains (self->entity->hidden, field))
        continue;
      line = rapport_change_text_line (self->store, self->entity, field, change,
                                       currency_before, currency_after);
      gtk_list_box_append (self->list, row_new (line, subtitle));
      n++;
    }
  return n;
}

static void
add_status_row (RapportHistoryGroup *self,
                const char          *text,
                gboolean             can_retry)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (can_retry ? "network-offline-symbolic"
                                                                     : "dialog-information-symbolic"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  if (can_retry)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Try Again"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "history.reload");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  gtk_list_box_append (self->list, row);
}

/* Why the server's history is missing, in the user's words. */
static void
add_error_row (RapportHistoryGroup *self,
               const GError        *error,
               guint                n_pending)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_SIGNED_IN))
    {
      add_status_row (self, _("History is kept by the server: sign in to see it"), FALSE);
      return;
    }
  if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_NOT_FOUND))
    {
      add_status_row (self, _("The server has no history of this record yet"), FALSE);
      return;
    }
  if (g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_OFFLINE) ||
      g_error_matches (error, RAPPORT_SYNC_ERROR, RAPPORT_SYNC_ERROR_CONNECTION_LOST))
    text = n_pending == 0
           ? g_strdup (_("History needs a connection"))
           : g_strdup_printf (ngettext ("History needs a connection; %u change here is not sent yet",
                                        "History needs a connection; %u changes here are not sent yet",
                                        n_pending),
                              n_pending);
  else
    /* Translators: %s is the reason, e.g. "The server failed (500)" */
    text = g_strdup_printf (_("Could not read the history: %s"), error->message);
  add_status_row (self, text, TRUE);
}

static void
fill (RapportHistoryGroup  *self,
      RapportRecordHistory *history)
{
  const RapportField *money = rapport_entity_get_money_field (self->entity);
  GPtrArray *entries = history->entries;
  guint n_entries = entries != NULL ? entries->len : 0;
  g_autofree const char **before = g_new0 (const char *, n_entries + history->pending->len + 1);
  g_autofree const char **after = g_new0 (const char *, n_entries + history->pending->len + 1);
  const char *currency = NULL;
  guint shown = 0, left = 0;

  clear_list (self);
  if (history->error != NULL)
    add_error_row (self, history->error, history->pending->len);

  /* A money value is read in the currency of its time: the server's
   * history forwards from the start, what is not sent yet backwards from
   * the record as it is here. */
  for (guint i = 0; i < n_entries; i++)
    {
      JsonObject *changes = ((RapportHistoryEntry *) g_ptr_array_index (entries, i))->changes;

      before[i] = changes_currency (money, changes) ? currency_change (money, changes, "from") : currency;
      currency = after[i] = changes_currency (money, changes) ? currency_change (money, changes, "to")
                                                               : before[i];
    }
  currency = money != NULL
             ? json_object_get_string_member_with_default (self->record, money->currency_field, NULL)
             : NULL;
  for (guint i = history->pending->len; i > 0; i--)
    {
      JsonObject *changes = ((RapportHistoryEntry *) g_ptr_array_index (history->pending, i - 1))->changes;

      after[n_entries + i - 1] = currency;
      currency = before[n_entries + i - 1] = changes_currency (money, changes)
                                             ? currency_change (money, changes, "from") : currency;
    }

  /* Newest first: what is not sent yet, then the server's. */
  for (guint i = history->pending->len + n_entries; i > 0; i--)
    {
      RapportHistoryEntry *entry = i > n_entries ? g_ptr_array_index (history->pending, i - 1 - n_entries)
                                                 : g_ptr_array_index (entries, i - 1);

      if (shown >= MAX_ROWS)
        {
          left += MAX (json_object_get_size (entry->changes), 1);
          continue;
        }
      shown += add_entry_rows (self, entry, before[i - 1], after[i - 1], MAX_ROWS - shown);
    }
  if (left > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u older change is not shown",
                                                         "%u older changes are not shown", left),
                                               left);

      add_status_row (self, text, FALSE);
    }
  if (shown == 0 && history->error == NULL)
    add_status_row (self, _("No changes yet"), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RapportHistoryGroup) self = user_data;
  g_autoptr(RapportRecordHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  history = rapport_record_history_load_finish (result, &error);
  if (history == NULL)
    return;  /* cancelled: the page is gone or reloading */
  fill (self, history);
}

static void
load (RapportHistoryGroup *self)
{
  GApplication *application = g_application_get_default ();
  RapportSync *sync = NULL;

  rapport_cancellable_renew (&self->cancellable);

  if (RAPPORT_IS_APPLICATION (application) &&
      rapport_application_is_signed_in (RAPPORT_APPLICATION (application)))
    sync = rapport_application_get_sync (RAPPORT_APPLICATION (application));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  rapport_record_history_load_async (sync, self->store, self->entity->name,
                                     json_object_get_string_member (self->record, "id"),
                                     self->cancellable, loaded_cb, g_object_ref (self));
}

static void
set_shown (RapportHistoryGroup *self,
           gboolean             shown)
{
  self->shown = shown;
  gtk_button_set_label (GTK_BUTTON (self->toggle), shown ? _("Hide History") : _("Show History"));
  gtk_widget_set_visible (GTK_WIDGET (self->stack), shown);
  g_clear_pointer (&open_record_key, g_free);
  if (shown)
    {
      open_record_key = record_key (self);
      load (self);
    }
  else if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
toggle_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportHistoryGroup *self = RAPPORT_HISTORY_GROUP (widget);

  set_shown (self, !self->shown);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load (RAPPORT_HISTORY_GROUP (widget));
}

static void
build (RapportHistoryGroup *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  g_autofree char *summary = summary_text (self);
  g_autofree char *key = record_key (self);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("History"));
  /* People's names are no markup. */
  if (summary != NULL)
    rapport_group_set_plain_description (ADW_PREFERENCES_GROUP (group), summary);
  self->toggle = gtk_button_new_with_label (_("Show History"));
  gtk_widget_add_css_class (self->toggle, "flat");
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->toggle), "history.toggle");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), self->toggle);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->stack), FALSE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_box_append (GTK_BOX (loading), gtk_label_new (_("Reading the history…")));
  gtk_widget_set_halign (loading, GTK_ALIGN_CENTER);
  gtk_stack_add_named (self->stack, loading, "loading");
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("History"), -1);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->list), "list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (self), group);

  if (g_strcmp0 (open_record_key, key) == 0)
    set_shown (self, TRUE);
}

static void
rapport_history_group_dispose (GObject *object)
{
  RapportHistoryGroup *self = RAPPORT_HISTORY_GROUP (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->record, json_object_unref);

  G_OBJECT_CLASS (rapport_history_group_parent_class)->dispose (object);
}

static void
rapport_history_group_class_init (RapportHistoryGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_history_group_dispose;

  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "history.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "history.reload", NULL, reload_action);
}

static void
rapport_history_group_init (RapportHistoryGroup *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
}

/**
 * rapport_history_group_new:
 *
 * Returns: (transfer floating): the History group of @record's page
 */
GtkWidget *
rapport_history_group_new (RapportStore        *store,
                           const RapportEntity *entity,
                           JsonObject          *record)
{
  RapportHistoryGroup *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && record != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_HISTORY_GROUP, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->record = json_object_ref (record);
  build (self);
  return GTK_WIDGET (self);
}
