/* rapport-item-dialog.c: a task or an activity in its compact editor
 *
 * New Task, Edit Task, Log Activity and Edit Activity are one window: the
 * record editor in its type's compact layout (rapport-entity-table.c), so
 * a field added to a task shows up here with no code of the dialog's, and
 * every value is checked and every error shown at its field as in any
 * other editor. Save (the button, Ctrl+S, or Enter in a one-line field)
 * queues what changed to the store and closes once it is stored; Save is
 * off meanwhile. A refused value keeps the dialog open with nothing
 * written. Delete goes through the context's undo queue, like a record's
 * (rapport-undo-queue.c). The subclasses give the titles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-item-dialog"

#include "config.h"

#include "rapport-dialog-size.h"
#include "rapport-item-dialog-private.h"
#include "rapport-item-edit.h"
#include "rapport-record-editor.h"

typedef struct
{
  RapportStore        *store;      /* (owned) */
  const RapportEntity *entity;
  JsonObject          *item;       /* (owned) (nullable): the item edited, as it was opened */
  char                *item_label; /* (owned) (nullable): what the Undo toast calls it */
  GtkWidget           *editor;
  gboolean             finished;   /* saved, or deleted through Undo */

  GtkBox              *content_box;
  GtkWidget           *delete_button;
} RapportItemDialogPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (RapportItemDialog, rapport_item_dialog, ADW_TYPE_WINDOW)

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RapportItemDialog) self = user_data;
  g_autoptr(JsonObject) saved = NULL;

  saved = rapport_record_editor_save_finish (RAPPORT_RECORD_EDITOR (object), result, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.save", TRUE);
  /* Refused: the dialog stays open, with what is wrong shown at its field.
   * Closed meanwhile: the item is stored all the same. */
  if (saved != NULL)
    ((RapportItemDialogPrivate *) rapport_item_dialog_get_instance_private (self))->finished = TRUE;
  if (saved != NULL && gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportItemDialog *self = RAPPORT_ITEM_DIALOG (widget);
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  if (priv->editor == NULL)
    return;
  rapport_record_editor_save_async (RAPPORT_RECORD_EDITOR (priv->editor), NULL, saved_cb,
                                    g_object_ref (self));
  /* One save at a time: a second Enter does not store the item twice. A
   * value refused at once is shown at its field, and Save stays on. */
  gtk_widget_action_set_enabled (widget, "item.save",
                                 !rapport_record_editor_get_saving (RAPPORT_RECORD_EDITOR (priv->editor)));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportItemDialog *self = RAPPORT_ITEM_DIALOG (widget);
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  if (priv->item == NULL)
    return;
  priv->finished = TRUE;
  rapport_item_edit_delete (GTK_WINDOW (self), priv->store, priv->entity->name, priv->item,
                            priv->item_label);
}

static void
editor_activated_cb (RapportItemDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "item.save", NULL);
}

static void
rapport_item_dialog_finalize (GObject *object)
{
  RapportItemDialog *self = RAPPORT_ITEM_DIALOG (object);
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  g_clear_object (&priv->store);
  g_clear_pointer (&priv->item, json_object_unref);
  g_clear_pointer (&priv->item_label, g_free);

  G_OBJECT_CLASS (rapport_item_dialog_parent_class)->finalize (object);
}

static void
rapport_item_dialog_class_init (RapportItemDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* No gtk_widget_dispose_template(): GTK 4.8 looks the template up on
   * the instance's class, and the task and activity dialogs have none of
   * their own (a critical). The template holds only widgets of the window's
   * content, which goes with the window. */
  object_class->finalize = rapport_item_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-item-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, RapportItemDialog, content_box);
  gtk_widget_class_bind_template_child_private (widget_class, RapportItemDialog, delete_button);

  gtk_widget_class_install_action (widget_class, "item.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "item.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "item.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rapport_item_dialog_init (RapportItemDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.delete", FALSE);
}

/**
 * rapport_item_dialog_set_up:
 * @item: (nullable): the item to edit; %NULL for a new one
 * @preset: (nullable): what a new item starts with besides what the user
 *   types: the record it is about
 *
 * Puts @entity's compact editor in the dialog; once only.
 */
void
rapport_item_dialog_set_up (RapportItemDialog   *self,
                            RapportStore        *store,
                            const RapportEntity *entity,
                            JsonObject          *item,
                            JsonObject          *preset)
{
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  g_return_if_fail (RAPPORT_IS_ITEM_DIALOG (self));
  g_return_if_fail (RAPPORT_IS_STORE (store));
  g_return_if_fail (priv->editor == NULL);

  priv->store = g_object_ref (store);
  priv->entity = entity;
  priv->item = item != NULL ? json_object_ref (item) : NULL;
  priv->editor = rapport_record_editor_new_compact (store, entity, item, preset);
  g_signal_connect_swapped (priv->editor, "activated", G_CALLBACK (editor_activated_cb), self);
  gtk_box_prepend (priv->content_box, priv->editor);
  rapport_record_editor_focus (RAPPORT_RECORD_EDITOR (priv->editor));
}

/**
 * rapport_item_dialog_get_finished:
 *
 * Returns: whether the item was saved, or deleted, from the dialog: a
 *   dialog closed otherwise was cancelled
 */
gboolean
rapport_item_dialog_get_finished (RapportItemDialog *self)
{
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  g_return_val_if_fail (RAPPORT_IS_ITEM_DIALOG (self), FALSE);

  return priv->finished;
}

/**
 * rapport_item_dialog_get_editor:
 *
 * Returns: (transfer none) (nullable): the record editor, once set up
 */
GtkWidget *
rapport_item_dialog_get_editor (RapportItemDialog *self)
{
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  g_return_val_if_fail (RAPPORT_IS_ITEM_DIALOG (self), NULL);

  return priv->editor;
}

/**
 * rapport_item_dialog_allow_delete:
 * @button_label: the delete button's, with a mnemonic: "_Delete Task"
 * @item_label: what the Undo toast calls the item
 *
 * Offers to delete the item edited.
 */
void
rapport_item_dialog_allow_delete (RapportItemDialog *self,
                                  const char        *button_label,
                                  const char        *item_label)
{
  RapportItemDialogPrivate *priv = rapport_item_dialog_get_instance_private (self);

  g_return_if_fail (RAPPORT_IS_ITEM_DIALOG (self));
  g_return_if_fail (priv->item != NULL);

  g_free (priv->item_label);
  priv->item_label = g_strdup (item_label);
  gtk_button_set_label (GTK_BUTTON (priv->delete_button), button_label);
  gtk_widget_set_visible (priv->delete_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "item.delete", TRUE);
}
