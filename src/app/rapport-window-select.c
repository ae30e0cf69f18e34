/* rapport-window-select.c: the list's selection mode, to merge records
 *
 * In a section whose records can be duplicates (contacts, companies) the
 * list header has a Select toggle, as GNOME Contacts has: each row gets a
 * check box, a click ticks a row instead of opening it, and an action bar
 * under the list counts what is selected and offers Merge… for 2 to 5
 * records (an admin may merge up to 20, as the server allows). Escape,
 * the toggle or another section leave it, and clear the selection.
 *
 * The selection is a GtkMultiSelection over the section's own list model,
 * shown in place of the single selection that follows the detail pane, so
 * the record shown on the right stays as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-match-keys.h"
#include "rapport-merge-dialog.h"
#include "rapport-record-row.h"
#include "rapport-window-private.h"

/* What the merge dialog and the server take at once (SPEC.md §5.3). */
#define MAX_MERGED       5
#define MAX_MERGED_ADMIN 20

/* Rows with a check box, ticked while their item is selected. Not
 * selectable by the list's own click, which would select one row alone:
 * a click ticks it (rapport_window_pick_clicked()). */
static const char pick_factory_ui[] =
  "<?xml version='1.0' encoding='UTF-8'?>"
  "<interface><template class='GtkListItem'><property name='selectable'>False</property>"
  "<property name='child'><object class='RapportRecordRow'><property name='picking'>True</property>"
  "<binding name='item'><lookup name='item'>GtkListItem</lookup></binding>"
  "<binding name='picked'><lookup name='selected'>GtkListItem</lookup></binding></object>"
  "</property></template></interface>";

static guint
n_picked (Section *section)
{
  g_autoptr(GtkBitset) picked = NULL;

  if (section == NULL || section->picks == NULL)
    return 0;
  picked = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (section->picks));
  return (guint) gtk_bitset_get_size (picked);
}

static void
update_bar (RapportWindow *self)
{
  guint n = n_picked (self->section);
  guint most = self->admin ? MAX_MERGED_ADMIN : MAX_MERGED;
  g_autofree char *count = NULL;
  g_autofree char *why = NULL;

  if (n == 0)
    count = g_strdup (_("No records selected"));
  else
    /* Translators: the selection mode's action bar: "2 selected" */
    count = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);
  gtk_label_set_label (self->select_count, count);
  if (n >= 2 && n <= most)
    why = g_strdup (_("Merge the selected records into one"));
  else
    /* Translators: why Merge… cannot be clicked: "Select 2 to 5 records to merge" */
    why = g_strdup_printf (_("Select 2 to %u records to merge"), most);
  gtk_widget_set_tooltip_text (self->merge_button, why);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->merge_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.merge-picked", n >= 2 && n <= most);
}

static void
leave (RapportWindow *self)
{
  /* Hidden, not only folded away: its Merge… is not the banner's. */
  gtk_widget_set_visible (GTK_WIDGET (self->select_bar), FALSE);
  if (gtk_list_view_get_factory (self->list_view) != self->row_factory)
    gtk_list_view_set_factory (self->list_view, self->row_factory);
  if (self->section == NULL || self->section->picks == NULL)
    return;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->section->picks));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->section->selection));
}

static void
enter (RapportWindow *self)
{
  Section *section = self->section;

  if (section == NULL || section->model == NULL)
    return;
  if (section->picks == NULL)
    {
      section->picks = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (section->model)));
      g_signal_connect_object (section->picks, "selection-changed", G_CALLBACK (update_bar), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (section->picks, "items-changed", G_CALLBACK (update_bar), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (section->picks));
  gtk_list_view_set_factory (self->list_view, self->pick_factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (section->picks));
  gtk_widget_set_visible (GTK_WIDGET (self->select_bar), TRUE);
  update_bar (self);
}

static void
select_toggled_cb (RapportWindow *self)
{
  if (gtk_toggle_button_get_active (self->select_button))
    enter (self);
  else
    leave (self);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);

  if (!_rapport_window_is_selecting (self))
    return FALSE;
  gtk_toggle_button_set_active (self->select_button, FALSE);
  return TRUE;
}

/* A row's check box, by the record's id: (id, ticked). */
static void
pick_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  GtkSelectionModel *picks;
  const char *id;
  gboolean ticked;
  guint position;

  if (!_rapport_window_is_selecting (self))
    return;
  g_variant_get (parameter, "(&sb)", &id, &ticked);
  picks = GTK_SELECTION_MODEL (self->section->picks);
  position = rapport_record_list_model_find (self->section->model, id);
  if (position == GTK_INVALID_LIST_POSITION)
    return;
  if (ticked)
    gtk_selection_model_select_item (picks, position, FALSE);
  else
    gtk_selection_model_unselect_item (picks, position);
}

/* Done with them once the merge is queued; a cancelled dialog leaves the
 * selection as it was. */
static void
merge_response_cb (GtkWidget     *dialog,
                   const char    *response,
                   RapportWindow *self)
{
  if (g_strcmp0 (response, "merge") == 0)
    gtk_toggle_button_set_active (self->select_button, FALSE);
}

static void
merge_picked_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RapportWindow *self = RAPPORT_WINDOW (widget);
  RapportStore *store = rapport_context_get_store (self->context);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GtkBitset) picked = NULL;
  GtkBitsetIter iter;
  GtkWidget *dialog;
  guint position;

  if (!_rapport_window_is_selecting (self))
    return;
  picked = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->section->picks));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, picked, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(RapportRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->section->model),
                                                                 position);
      const char *id = item != NULL ? rapport_record_item_get_id (item) : NULL;
      JsonObject *record = id != NULL ? rapport_store_get (store, self->section->entity->name, id,
                                                           NULL)
                                      : NULL;

      if (record != NULL)
        g_ptr_array_add (records, record);
    }
  if (records->len < 2)
    return;
  dialog = rapport_merge_dialog_present (GTK_WIDGET (self), store, self->section->entity, records);
  g_signal_connect_object (dialog, "response", G_CALLBACK (merge_response_cb), self, 0);
}

/**
 * _rapport_window_is_selecting:
 *
 * Returns: whether the list is in selection mode
 */
gboolean
_rapport_window_is_selecting (RapportWindow *self)
{
  return gtk_toggle_button_get_active (self->select_button) && self->section != NULL &&
         self->section->picks != NULL;
}

/**
 * _rapport_window_pick_clicked:
 * @row: (nullable): the row under a click
 *
 * In selection mode a click on a row (beside its check box) ticks it or
 * clears it.
 */
void
_rapport_window_pick_clicked (RapportWindow *self,
                              GtkWidget     *picked)
{
  GtkWidget *row;
  RapportRecordItem *item;
  guint position;

  if (!_rapport_window_is_selecting (self) || picked == NULL ||
      gtk_widget_get_ancestor (picked, GTK_TYPE_CHECK_BUTTON) != NULL)
    return;
  row = RAPPORT_IS_RECORD_ROW (picked) ? picked
                                       : gtk_widget_get_ancestor (picked, RAPPORT_TYPE_RECORD_ROW);
  if (row == NULL)
    {
      /* The list item around the row. */
      GtkWidget *child = gtk_widget_get_first_child (picked);

      row = child != NULL && RAPPORT_IS_RECORD_ROW (child) ? child : NULL;
    }
  if (row == NULL || (item = rapport_record_row_get_item (RAPPORT_RECORD_ROW (row))) == NULL ||
      rapport_record_item_get_id (item) == NULL)
    return;
  position = rapport_record_list_model_find (self->section->model, rapport_record_item_get_id (item));
  if (position != GTK_INVALID_LIST_POSITION)
    _rapport_window_toggle_pick (self, position);
}

/**
 * _rapport_window_toggle_pick:
 *
 * Selects the row at @position, or clears it (Enter on a row).
 */
void
_rapport_window_toggle_pick (RapportWindow *self,
                             guint          position)
{
  GtkSelectionModel *picks = GTK_SELECTION_MODEL (self->section->picks);

  if (gtk_selection_model_is_selected (picks, position))
    gtk_selection_model_unselect_item (picks, position);
  else
    gtk_selection_model_select_item (picks, position, FALSE);
}

/**
 * _rapport_window_update_selecting:
 *
 * Leaves selection mode for a section just shown, and offers it only
 * where records can be merged.
 */
void
_rapport_window_update_selecting (RapportWindow *self)
{
  gtk_toggle_button_set_active (self->select_button, FALSE);
  leave (self);
  gtk_widget_set_visible (GTK_WIDGET (self->select_button),
                          self->section != NULL && rapport_match_has_keys (self->section->entity));
}

void
_rapport_window_select_init (RapportWindow *self)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (pick_factory_ui, sizeof pick_factory_ui - 1);
  GtkEventController *keys = gtk_shortcut_controller_new ();

  self->pick_factory = gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (escape_cb, NULL,
                                                                                   NULL)));
  /* Before the search bar, which would take Escape to close itself. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  update_bar (self);
}

void
_rapport_window_class_select_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.pick-record", "(sb)", pick_record_action);
  gtk_widget_class_install_action (widget_class, "win.merge-picked", NULL, merge_picked_action);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, select_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, select_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, select_count);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, merge_button);
  gtk_widget_class_bind_template_callback (widget_class, select_toggled_cb);
}
