/* rapport-timeline-group.c: a record's activities in its detail view
 *
 * The newest activities of the record and of the records related to it
 * (rapport_store_timeline()), with a button to log another one; a row
 * opens its activity to edit or delete. A detail view is read a screen at
 * a time, so the group shows the newest MAX_SHOWN and says how many more
 * there are. It reloads when an activity changes, whoever wrote it, and
 * leaves out one deleted while Undo is offered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-timeline-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-activity-dialog.h"
#include "rapport-main-thread.h"
#include "rapport-pending-deletes.h"
#include "rapport-timeline-group.h"
#include "rapport-timeline.h"
#include "rapport-when.h"

#define MAX_SHOWN 25

struct _RapportTimelineGroup
{
  GtkWidget     parent_instance;

  RapportStore *store;   /* (owned) */
  gulong        changed_id;
  gulong        pending_id;
  char         *entity;  /* (owned) */
  char         *id;      /* (owned) */

  GtkWidget    *group;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (RapportTimelineGroup, rapport_timeline_group, GTK_TYPE_WIDGET)

static const char *
get_string (JsonObject *record,
            const char *member)
{
  JsonNode *node = json_object_get_member (record, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
activity_activated_cb (AdwActionRow         *row,
                       RapportTimelineGroup *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RapportActivityDialog *dialog;

  dialog = rapport_activity_dialog_edit (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->store,
                                         g_object_get_data (G_OBJECT (row), "rapport-id"));
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
activity_row_new (RapportTimelineGroup *self,
                  JsonObject           *activity,
                  GDateTime            *now)
{
  const char *kind = get_string (activity, "kind");
  const char *subject = get_string (activity, "subject");
  const char *direction = get_string (activity, "direction");
  const char *when = get_string (activity, "occurred_at");
  g_autofree char *relative = rapport_when_relative (when ? when : get_string (activity, "created_at"), now);
  g_autoptr(GString) subtitle = g_string_new (rapport_activity_kind_label (kind));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (rapport_activity_kind_icon (kind));
  gint64 duration = json_object_has_member (activity, "duration_min") &&
                    !json_object_get_null_member (activity, "duration_min")
                    ? json_object_get_int_member (activity, "duration_min") : 0;

  if (g_strcmp0 (direction, "inbound") == 0)
    g_string_append_printf (subtitle, " · %s", _("Inbound"));
  else if (g_strcmp0 (direction, "outbound") == 0)
    g_string_append_printf (subtitle, " · %s", _("Outbound"));
  if (duration > 0)
    {
      g_string_append (subtitle, " · ");
      /* Plain %d: xgettext cannot see through G_GINT64_FORMAT. */
      g_string_append_printf (subtitle, ngettext ("%d minute", "%d minutes", (int) duration),
                              (int) duration);
    }
  if (relative != NULL)
    g_string_append_printf (subtitle, " · %s", relative);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 subject != NULL && *subject != '\0'
                                 ? subject : rapport_activity_kind_label (kind));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_activity_kind_label (kind), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "rapport-id", g_strdup (get_string (activity, "id")),
                          g_free);
  g_signal_connect (row, "activated", G_CALLBACK (activity_activated_cb), self);
  return row;
}

static void
reload (RapportTimelineGroup *self)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  RapportPendingDeletes *pending = rapport_pending_deletes_get (self->store);
  GtkWidget *child;
  guint n, hidden = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  snapshot = rapport_store_timeline (self->store, self->entity, self->id, &error);
  if (snapshot != NULL)
    rows = rapport_store_fetch (self->store, snapshot, 0, MAX_SHOWN, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read the timeline: %s", error->message);
      return;
    }

  n = rapport_snapshot_get_n_rows (snapshot);
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *activity = g_ptr_array_index (rows, i);

      if (activity == NULL)
        continue;
      /* Deleted, while Undo is offered. */
      if (rapport_pending_deletes_has (pending, get_string (activity, "id")))
        {
          hidden++;
          continue;
        }
      gtk_list_box_append (self->list, activity_row_new (self, activity, now));
    }

  if (n == hidden)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No activities yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->list, row);
    }
  else if (n > MAX_SHOWN)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (ngettext ("%u older activity",
                                                         "%u older activities", n - MAX_SHOWN),
                                               n - MAX_SHOWN);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->list, row);
    }
}

static void
store_changed_main_cb (gpointer target,
                       gpointer data)
{
  RapportStoreChange *change = data;

  if (g_strcmp0 (change->entity, "activity") == 0)
    reload (RAPPORT_TIMELINE_GROUP (target));
}

/* Emitted by whichever thread wrote: a sync writes from its worker. */
static void
store_changed_cb (RapportStore         *store,
                  const char           *entity,
                  const char * const   *ids,
                  RapportTimelineGroup *self)
{
  if (g_strcmp0 (entity, "activity") != 0)
    return;
  rapport_run_on_main_thread (G_OBJECT (self), NULL, store_changed_main_cb,
                              rapport_store_change_new (entity, ids),
                              (GDestroyNotify) rapport_store_change_free);
}

static void
pending_changed_cb (RapportPendingDeletes *pending,
                    const char            *entity,
                    RapportTimelineGroup  *self)
{
  if (g_strcmp0 (entity, "activity") == 0)
    reload (self);
}

static void
log_activity_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportTimelineGroup *self = RAPPORT_TIMELINE_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  RapportActivityDialog *dialog;

  dialog = rapport_activity_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        self->store, self->entity, self->id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_timeline_group_dispose (GObject *object)
{
  RapportTimelineGroup *self = (RapportTimelineGroup *) object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      g_clear_signal_handler (&self->pending_id, rapport_pending_deletes_get (self->store));
    }
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), RAPPORT_TYPE_TIMELINE_GROUP);
#endif

  G_OBJECT_CLASS (rapport_timeline_group_parent_class)->dispose (object);
}

static void
rapport_timeline_group_finalize (GObject *object)
{
  RapportTimelineGroup *self = (RapportTimelineGroup *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->entity, g_free);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (rapport_timeline_group_parent_class)->finalize (object);
}

static void
rapport_timeline_group_class_init (RapportTimelineGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_timeline_group_dispose;
  object_class->finalize = rapport_timeline_group_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-timeline-group.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTimelineGroup, group);
  gtk_widget_class_bind_template_child (widget_class, RapportTimelineGroup, list);

  gtk_widget_class_install_action (widget_class, "timeline.log-activity", NULL, log_activity_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_timeline_group_init (RapportTimelineGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rapport_timeline_group_new:
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record whose timeline is shown
 */
GtkWidget *
rapport_timeline_group_new (RapportStore *store,
                            const char   *entity,
                            const char   *id)
{
  RapportTimelineGroup *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_TIMELINE_GROUP, NULL);
  self->store = g_object_ref (store);
  self->entity = g_strdup (entity);
  self->id = g_strdup (id);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  self->pending_id = g_signal_connect (rapport_pending_deletes_get (store), "changed",
                                       G_CALLBACK (pending_changed_cb), self);
  reload (self);
  return GTK_WIDGET (self);
}
