/* rapport-activity-dialog.c: logging a call, email, meeting, note or chat
 *
 * Opened from a record's timeline, so the activity is linked to that
 * record; a contact's activity is linked to their company too, so the
 * company's timeline has it without a join at every read. Its fields are
 * the activity's compact layout (rapport-entity-table.c): the kind is a
 * row of buttons, a call unless the user picks another, and the time
 * starts at now, so a call just made is two clicks away. A logged
 * activity opens from the timeline; Delete hides it while a toast offers
 * Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-activity-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-activity-dialog.h"
#include "rapport-item-dialog-private.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-timeline.h"

struct _RapportActivityDialog
{
  RapportItemDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportActivityDialog, rapport_activity_dialog, RAPPORT_TYPE_ITEM_DIALOG)

static const RapportEntity *
activity_entity (void)
{
  return rapport_entity_lookup ("activity");
}

static void
rapport_activity_dialog_class_init (RapportActivityDialogClass *klass)
{
}

static void
rapport_activity_dialog_init (RapportActivityDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Log Activity"));
}

/**
 * rapport_activity_dialog_new:
 * @entity: "contact", "company", "deal" or "case"
 * @id: the record the activity is logged on
 */
RapportActivityDialog *
rapport_activity_dialog_new (GtkWindow    *parent,
                             RapportStore *store,
                             const char   *entity,
                             const char   *id)
{
  g_autoptr(JsonObject) links = json_object_new ();
  RapportActivityDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (rapport_timeline_link_field (entity) != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_ACTIVITY_DIALOG, "transient-for", parent, NULL);
  rapport_timeline_link_to (store, links, entity, id);
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, activity_entity (), NULL, links);
  return self;
}

/**
 * rapport_activity_dialog_edit:
 * @activity_id: the activity to edit
 *
 * Returns: (transfer none) (nullable): a dialog showing the activity, or
 *   %NULL if the store has no such activity
 */
RapportActivityDialog *
rapport_activity_dialog_edit (GtkWindow    *parent,
                              RapportStore *store,
                              const char   *activity_id)
{
  g_autoptr(JsonObject) activity = NULL;
  g_autoptr(GError) error = NULL;
  RapportActivityDialog *self;
  const char *subject;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  if ((activity = rapport_store_get (store, "activity", activity_id, &error)) == NULL)
    {
      g_warning ("Could not open the activity: %s", error->message);
      return NULL;
    }

  self = g_object_new (RAPPORT_TYPE_ACTIVITY_DIALOG, "transient-for", parent, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Activity"));
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, activity_entity (), activity, NULL);
  subject = rapport_json_get_string (activity, "subject");
  rapport_item_dialog_allow_delete (RAPPORT_ITEM_DIALOG (self), _("_Delete Activity"),
                                    subject != NULL && *subject != '\0'
                                    ? subject
                                    : rapport_activity_kind_label (rapport_json_get_string (activity,
                                                                                            "kind")));
  return self;
}

/* An activity's kind as the user reads it: "Call". */
const char *
rapport_activity_kind_label (const char *kind)
{
  if (kind == NULL)
    return "";
  return rapport_labels_field_choice (activity_entity (), "kind", kind);
}

/* The icon of an activity's kind, from its descriptor. */
const char *
rapport_activity_kind_icon (const char *kind)
{
  const RapportField *field = rapport_entity_get_field (activity_entity (), "kind");

  for (guint i = 0; kind != NULL && field->choices[i] != NULL; i++)
    if (g_strcmp0 (field->choices[i], kind) == 0)
      return field->choice_icons[i];
  return "view-list-symbolic";
}
