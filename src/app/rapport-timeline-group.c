/* rapport-timeline-group.c: a record's activities in its detail view
 *
 * The newest activities of the record and of the records related to it
 * (rapport_store_timeline()), with a button to log another one; a row
 * opens its activity to edit or delete. A detail view is read a screen at
 * a time, so the group shows the newest MAX_SHOWN and says how many more
 * there are. It reloads when an activity changes, whoever wrote it, and
 * leaves out one deleted while Undo is offered (rapport-record-group.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-timeline-group"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-activity-dialog.h"
#include "rapport-timeline-group.h"
#include "rapport-json.h"
#include "rapport-timeline.h"
#include "rapport-when.h"

#define MAX_SHOWN 25

struct _RapportTimelineGroup
{
  RapportRecordGroup  parent_instance;

  GtkListBox         *list;
};

G_DEFINE_FINAL_TYPE (RapportTimelineGroup, rapport_timeline_group, RAPPORT_TYPE_RECORD_GROUP)

static void
activity_activated_cb (AdwActionRow       *row,
                       RapportRecordGroup *group)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (group));
  RapportActivityDialog *dialog;

  dialog = rapport_activity_dialog_edit (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         rapport_record_group_get_store (group),
                                         g_object_get_data (G_OBJECT (row), "rapport-id"));
  if (dialog != NULL)
    gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_row (RapportRecordGroup *group,
            JsonObject         *activity,
            GDateTime          *now)
{
  const char *kind = rapport_json_get_string (activity, "kind");
  const char *subject = rapport_json_get_string (activity, "subject");
  const char *direction = rapport_json_get_string (activity, "direction");
  const char *when = rapport_json_get_string (activity, "occurred_at");
  g_autofree char *relative = rapport_when_relative (when ? when : rapport_json_get_string (activity, "created_at"), now);
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

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 subject != NULL && *subject != '\0'
                                 ? subject : rapport_activity_kind_label (kind));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_activity_kind_label (kind), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "rapport-id", g_strdup (rapport_json_get_string (activity, "id")),
                          g_free);
  g_signal_connect (row, "activated", G_CALLBACK (activity_activated_cb), group);
  return row;
}

static char *
describe_more (guint n_more)
{
  return g_strdup_printf (ngettext ("%u older activity", "%u older activities", n_more), n_more);
}

static void
log_activity_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportRecordGroup *group = RAPPORT_RECORD_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  RapportActivityDialog *dialog;

  dialog = rapport_activity_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        rapport_record_group_get_store (group),
                                        rapport_record_group_get_entity (group),
                                        rapport_record_group_get_id (group));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_timeline_group_class_init (RapportTimelineGroupClass *klass)
{
  RapportRecordGroupClass *group_class = RAPPORT_RECORD_GROUP_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  group_class->row_entity = "activity";
  group_class->max_shown = MAX_SHOWN;
  group_class->empty = N_("No activities yet");
  group_class->query = rapport_store_timeline;
  group_class->create_row = create_row;
  group_class->describe_more = describe_more;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-timeline-group.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportTimelineGroup, list);

  gtk_widget_class_install_action (widget_class, "timeline.log-activity", NULL, log_activity_action);
}

static void
rapport_timeline_group_init (RapportTimelineGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_record_group_set_list (RAPPORT_RECORD_GROUP (self), self->list);
}
