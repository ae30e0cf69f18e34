/* rapport-merge-group.c: the merges into a contact or a company, each undone with a click
 *
 * On the kept record's page, for 30 days after a merge (SPEC.md §5.3):
 * what was merged and when, and Unmerge, which queues the undo for the
 * next sync; the server brings the merged records back with exactly what
 * was moved from them (rapport-server-record-merges.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-merge-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-merge-group.h"
#include "rapport-store-merges.h"

/* As long as the server undoes a merge (RAPPORT_MERGE_UNDO_DAYS). */
#define UNDO_DAYS 30

static void
undone_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) event = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               event != NULL ? _("Undone at the next sync") : error->message);
}

static void
unmerge_clicked_cb (GtkButton *button,
                    GtkWidget *row)
{
  RapportStore *store = g_object_get_data (G_OBJECT (button), "store");
  const char *id = g_object_get_data (G_OBJECT (button), "event-id");
  g_autoptr(JsonObject) changes = json_object_new ();

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  json_object_set_string_member (changes, "status", "undone");
  rapport_store_update_async (store, "merge_event", id, changes, NULL, undone_cb,
                              g_object_ref (row));
}

/* "Merged 2026/12/07, can be undone until 2027/01/06" */
static GtkWidget *
event_row (RapportStore *store,
           JsonObject   *event,
           GDateTime    *merged_at)
{
  g_autoptr(JsonNode) losers = NULL;
  const char *text = rapport_json_get_string (event, "loser_ids");
  guint n_losers = 0;
  g_autoptr(GDateTime) until = g_date_time_add_days (merged_at, UNDO_DAYS);
  g_autofree char *until_text = g_date_time_format_iso8601 (until);
  g_autofree char *merged_date = rapport_labels_format_date (rapport_json_get_string (event, "merged_at"));
  g_autofree char *until_date = rapport_labels_format_date (until_text);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Unmerge"));

  if (text != NULL)
    losers = json_from_string (text, NULL);
  if (losers != NULL && JSON_NODE_HOLDS_ARRAY (losers))
    n_losers = json_array_get_length (json_node_get_array (losers));
  title = g_strdup_printf (ngettext ("%u record merged into this one",
                                     "%u records merged into this one", n_losers),
                           n_losers);
  /* Translators: "Merged 2026/12/07, can be undone until 2027/01/06" */
  subtitle = g_strdup_printf (_("Merged %s, can be undone until %s"), merged_date, until_date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Bring the merged records back, with what was moved from them"));
  g_object_set_data_full (G_OBJECT (button), "store", g_object_ref (store), g_object_unref);
  g_object_set_data_full (G_OBJECT (button), "event-id",
                          g_strdup (rapport_json_get_string (event, "id")), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (unmerge_clicked_cb), row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/**
 * rapport_merge_group_new:
 *
 * Returns: (transfer floating) (nullable): the Merges group of @record's
 *   page; %NULL when nothing merged into it can be undone
 */
GtkWidget *
rapport_merge_group_new (RapportStore        *store,
                         const RapportEntity *entity,
                         JsonObject          *record)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *group = NULL;

  if (g_strcmp0 (entity->name, "contact") != 0 && g_strcmp0 (entity->name, "company") != 0)
    return NULL;
  events = rapport_store_merges_into (store, rapport_json_get_string (record, "id"), &error);
  if (events == NULL)
    {
      g_warning ("Could not read the merges: %s", error->message);
      return NULL;
    }
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);
      g_autoptr(GDateTime) merged_at = NULL;
      const char *at = rapport_json_get_string (event, "merged_at");

      if (at == NULL || (merged_at = g_date_time_new_from_iso8601 (at, NULL)) == NULL ||
          g_date_time_difference (now, merged_at) > UNDO_DAYS * G_TIME_SPAN_DAY)
        continue;
      if (group == NULL)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Merges"));
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), event_row (store, event, merged_at));
    }
  return group;
}
