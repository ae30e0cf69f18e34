/* rapport-member-dialog.c: adding a user to a team
 *
 * Add Member… on a team's page: the member's compact layout
 * (rapport-entity-table.c), the user picked by searching their name as in
 * any record picker (rapport-ref-row.c), less those already in the team,
 * and the role. Saved like a task from its dialog, through the store's
 * writer thread (rapport-item-dialog.c); the team's page shows the member
 * once stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-member-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-item-dialog-private.h"
#include "rapport-labels.h"
#include "rapport-member-dialog.h"
#include "rapport-record-editor.h"
#include "rapport-ref-row.h"

struct _RapportMemberDialog
{
  RapportItemDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportMemberDialog, rapport_member_dialog, RAPPORT_TYPE_ITEM_DIALOG)

static void
rapport_member_dialog_class_init (RapportMemberDialogClass *klass)
{
}

static void
rapport_member_dialog_init (RapportMemberDialog *self)
{
}

/**
 * rapport_member_dialog_new:
 * @child: the type of the member record, "team_member"
 * @parent_id: the team
 * @link_field: the member's field that names the user, "user_id"
 * @taken: (nullable): the users already in the team, not offered
 */
RapportMemberDialog *
rapport_member_dialog_new (GtkWindow           *parent,
                           RapportStore        *store,
                           const RapportEntity *child,
                           const char          *parent_id,
                           const char          *link_field,
                           const char * const  *taken)
{
  g_autoptr(JsonObject) preset = json_object_new ();
  g_autofree char *title = NULL;
  RapportMemberDialog *self;
  GtkWidget *editor;
  GtkWidget *row;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (child != NULL && child->parent_field != NULL && parent_id != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_MEMBER_DIALOG, "transient-for", parent, NULL);
  /* Translators: a dialog's title, %s is what is added: "Add Member" */
  title = g_strdup_printf (_("Add %s"), rapport_labels_field (child, link_field));
  gtk_window_set_title (GTK_WINDOW (self), title);
  json_object_set_string_member (preset, child->parent_field, parent_id);
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, child, NULL, preset);
  editor = rapport_item_dialog_get_editor (RAPPORT_ITEM_DIALOG (self));
  row = rapport_record_editor_get_row (RAPPORT_RECORD_EDITOR (editor), link_field);
  if (RAPPORT_IS_REF_ROW (row))
    rapport_ref_row_set_excluded (RAPPORT_REF_ROW (row), taken);
  return self;
}
