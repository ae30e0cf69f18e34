/* rapport-window.c: the main window
 *
 * A sidebar of sections (contacts, companies, deals, cases), the list of the
 * chosen section with its search bar and filters, and the detail of the
 * chosen record, side by side in an AdwLeaflet that folds into one column
 * on a narrow screen; the deal board, Tasks, Reports and Team are pages of their
 * own beside it. On first run a welcome page comes first. The template
 * declares every page and binds each one's "context" to the window's; the
 * window's actions are in rapport-window-actions.c; deletions go through
 * the context's undo queue, whose toasts the window shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-account-menu.h"
#include "rapport-approvals-page.h"
#include "rapport-choice-factory.h"
#include "rapport-deal-board-page.h"
#include "rapport-detail-view.h"
#include "rapport-labels.h"
#include "rapport-plain-text.h"
#include "rapport-record.h"
#include "rapport-record-list-model.h"
#include "rapport-record-row.h"
#include "rapport-reports-page.h"
#include "rapport-sample-book.h"
#include "rapport-section.h"
#include "rapport-sync-indicator.h"
#include "rapport-tasks-page.h"
#include "rapport-json.h"
#include "rapport-store-async.h"
#include "rapport-store-queues.h"
#include "rapport-team.h"
#include "rapport-team-page.h"
#include "rapport-welcome-page.h"
#include "rapport-window-private.h"

G_DEFINE_FINAL_TYPE (RapportWindow, rapport_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

Section *
_rapport_window_find_section (RapportWindow *self,
                              const char    *entity)
{
  for (guint i = 0; i < self->n_sections; i++)
    if (strcmp (self->sections[i].entity->name, entity) == 0)
      return &self->sections[i];
  return NULL;
}

static void
update_list_page (RapportWindow *self)
{
  RapportRecordListModel *model = self->section->model;
  const char *page;

  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    page = "list";
  else if (rapport_record_list_model_get_loading (model))
    page = "loading";
  else if (rapport_record_list_model_is_filtered (model))
    page = "no-results";
  else
    page = "empty";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

/* Back to the first rows, as a list picked anew opens: the list view
 * otherwise keeps in sight the row it was anchored to, wherever the new
 * order put it. GtkListView's own action (4.0), as 4.8 has no
 * gtk_list_view_scroll_to(). */
static void
scroll_list_to_top (RapportWindow *self)
{
  if (self->section == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->section->model)) == 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
}

static void
model_changed_cb (RapportWindow *self)
{
  update_list_page (self);
  if (self->list_to_top && self->section != NULL &&
      !rapport_record_list_model_get_loading (self->section->model))
    {
      self->list_to_top = FALSE;
      scroll_list_to_top (self);
    }
}

static void
selection_changed_cb (RapportWindow *self)
{
  RapportRecordItem *item;

  item = gtk_single_selection_get_selected_item (self->section->selection);
  if (item == NULL || rapport_record_item_get_id (item) == NULL)
    return;
  /* The same record again (its row was refreshed by a sync): keep the pane
   * as it is, with whatever the user is typing. */
  if (g_strcmp0 (rapport_detail_view_get_record_id (self->detail_view),
                 rapport_record_item_get_id (item)) == 0)
    return;
  rapport_detail_view_show (self->detail_view, self->section->entity->name,
                            rapport_record_item_get_id (item));
}

/* The highlighted row is the record the pane shows, or none: after a sync
 * reorders or removes rows, a delete, an Undo or a search. */
static void
select_shown (RapportWindow *self)
{
  const char *id = rapport_detail_view_get_record_id (self->detail_view);
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->section == NULL || self->section->selection == NULL)
    return;
  if (id != NULL)
    position = rapport_record_list_model_find (self->section->model, id);
  if (gtk_single_selection_get_selected (self->section->selection) != position)
    gtk_single_selection_set_selected (self->section->selection, position);
}

static void
selection_items_changed_cb (RapportWindow *self)
{
  select_shown (self);
}

/* A single click or tap opens a row, also when only the list is shown:
 * the click selects it, and once it has, the pane comes forward. */
static gboolean
open_clicked_cb (gpointer data)
{
  RapportWindow *self = data;

  if (adw_leaflet_get_folded (self->leaflet) && self->section != NULL &&
      !_rapport_window_is_selecting (self) &&
      gtk_single_selection_get_selected_item (self->section->selection) != NULL)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_view));
  return G_SOURCE_REMOVE;
}

static void
list_released_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  RapportWindow   *self)
{
  GtkWidget *list = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (list, x, y, GTK_PICK_DEFAULT);

  /* Only a click on a row, not on the empty space below the rows. */
  if (n_press == 1 && picked != NULL && picked != list && _rapport_window_is_selecting (self))
    _rapport_window_pick_clicked (self, picked);
  else if (n_press == 1 && picked != NULL && picked != list)
    g_idle_add_full (G_PRIORITY_DEFAULT, open_clicked_cb, g_object_ref (self), g_object_unref);
}

static void
list_activate_cb (RapportWindow *self,
                  guint          position)
{
  if (_rapport_window_is_selecting (self))
    {
      _rapport_window_toggle_pick (self, position);
      return;
    }
  gtk_single_selection_set_selected (self->section->selection, position);
  selection_changed_cb (self);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail_view));
}

/* A queue's status filter offers "Unresolved" after "Any Status". */
static gboolean
has_unresolved (Section            *section,
                const RapportField *field)
{
  return section->entity->queue != NULL &&
         g_strcmp0 (section->entity->queue->status_field, field->name) == 0;
}

/* Applies the drop-downs of the section to its model. */
static void
apply_filters (RapportWindow *self,
               Section       *section)
{
  RapportStore *store = rapport_context_get_store (self->context);

  if (section->scope_field != NULL)
    rapport_record_list_model_set_filter (section->model, section->scope_field,
                                          section->scope == 1 ? rapport_store_get_user_id (store)
                                                              : NULL);
  if (section->queue_ids != NULL)
    rapport_record_list_model_set_filter (section->model, "queue_id",
                                          section->scope >= 2 ? section->queue_ids[section->scope - 2]
                                                              : NULL);
  for (guint i = 0; i < MAX_FILTERS && section->filters[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (section->entity, section->filters[i]);
      guint choice = section->filter_choice[i];

      if (has_unresolved (section, field) && choice-- == 1)
        rapport_record_list_model_set_filter_any (section->model, field->name,
                                                  section->entity->queue->unresolved);
      else
        rapport_record_list_model_set_filter (section->model, field->name,
                                              choice == 0 ? NULL : field->choices[choice - 1]);
    }
  rapport_record_list_model_set_sort (section->model, section->sorts[section->sort]);
}

/* Narrow, the filters are in a menu: the line above the list names those
 * in effect ("Mine · Unresolved · By Due Time"). */
static void
update_filter_summary (RapportWindow *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *dropdown = GTK_DROP_DOWN (child);
      GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

      if (gtk_drop_down_get_selected (dropdown) == 0 || item == NULL)
        continue;
      if (summary->len > 0)
        g_string_append (summary, " · ");
      g_string_append (summary, gtk_string_object_get_string (item));
    }
  gtk_label_set_label (self->filter_summary, summary->str);
}

/* Both sets of drop-downs show the choice just made. */
static void
sync_dropdowns (RapportWindow *self,
                guint         *choice)
{
  GtkWidget *boxes[] = { GTK_WIDGET (self->filter_box), GTK_WIDGET (self->filter_menu_box) };

  self->building_filters = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    for (GtkWidget *child = gtk_widget_get_first_child (boxes[i]); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (g_object_get_data (G_OBJECT (child), "rapport-choice") == choice)
        gtk_drop_down_set_selected (GTK_DROP_DOWN (child), *choice);
  self->building_filters = FALSE;
}

static void
dropdown_changed_cb (GtkDropDown   *dropdown,
                     GParamSpec    *pspec,
                     RapportWindow *self)
{
  guint *choice = g_object_get_data (G_OBJECT (dropdown), "rapport-choice");

  if (self->building_filters)
    return;
  *choice = gtk_drop_down_get_selected (dropdown);
  sync_dropdowns (self, choice);
  update_filter_summary (self);
  /* Once the rows in the new order are in. */
  self->list_to_top = TRUE;
  apply_filters (self, self->section);
}

static void
add_dropdown_to (RapportWindow      *self,
                 GtkBox             *box,
                 const char         *accessible_label,
                 const char * const *labels,
                 guint              *choice)
{
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (labels);

  g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), factory);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), *choice);
  gtk_widget_set_tooltip_text (dropdown, accessible_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  g_object_set_data (G_OBJECT (dropdown), "rapport-choice", choice);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (dropdown_changed_cb), self);
  gtk_box_append (box, dropdown);
}

static void
add_dropdown (RapportWindow      *self,
              const char         *accessible_label,
              const char * const *labels,
              guint              *choice)
{
  add_dropdown_to (self, self->filter_box, accessible_label, labels, choice);
  add_dropdown_to (self, self->filter_menu_box, accessible_label, labels, choice);
}

static void build_filters (RapportWindow *self);

static gpointer
read_queues (RapportStore *store,
             gpointer      user_id,
             GError      **error)
{
  return rapport_store_queues_of_user (store, user_id, error);
}

static void
queues_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *queues = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  Section *section = self->section;

  if (queues == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the queues: %s", error->message);
      return;
    }
  if (section == NULL || rapport_entity_get_field (section->entity, "queue_id") == NULL)
    {
      g_ptr_array_unref (queues);
      return;
    }
  g_clear_pointer (&section->queues, g_ptr_array_unref);
  section->queues = queues;
  section->queues_fresh = TRUE;
  build_filters (self);
}

/* Cases (the one queued type) are switched between all of them, the
 * user's and each queue the user works, with its unresolved count. The
 * queues are read in a worker each time the list is shown; meanwhile the
 * switcher offers those read before. */
static void
add_queue_switcher (RapportWindow *self,
                    Section       *section)
{
  RapportStore *store = rapport_context_get_store (self->context);
  const char *user_id = rapport_store_get_user_id (store);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  if (!section->queues_fresh && user_id != NULL)
    rapport_store_read_async (store, read_queues, g_strdup (user_id), g_free,
                              (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                              queues_read_cb, g_object_ref (self));
  section->queues_fresh = FALSE;
  g_ptr_array_add (labels, g_strdup (_("All Cases")));
  if (user_id != NULL)
    g_ptr_array_add (labels, g_strdup (_("My Cases")));
  for (guint i = 0; user_id != NULL && section->queues != NULL && i < section->queues->len; i++)
    {
      JsonObject *queue = g_ptr_array_index (section->queues, i);

      /* Translators: a queue in the Cases list's switcher and how many
       * unresolved cases it holds: "Support (12)" */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%d)"),
                                                rapport_json_get_string (queue, "name"),
                                                (int) json_object_get_int_member (queue, "open")));
      g_strv_builder_add (ids, rapport_json_get_string (queue, "id"));
    }
  g_ptr_array_add (labels, NULL);
  g_strfreev (section->queue_ids);
  section->queue_ids = g_strv_builder_end (ids);
  /* A queue the user has left since is no longer offered. */
  if (section->scope >= labels->len - 1)
    {
      section->scope = 0;
      if (section->model != NULL)
        apply_filters (self, section);
    }
  add_dropdown (self, _("Queue"), (const char * const *) labels->pdata, &section->scope);
}

static void
build_filters (RapportWindow *self)
{
  Section *section = self->section;
  const char *scope_labels[] = { _("Everyone’s"), _("Mine"), NULL };
  const char *sort_labels[G_N_ELEMENTS (section->sorts) + 1] = { NULL };
  GtkWidget *child;

  self->building_filters = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_box))) != NULL)
    gtk_box_remove (self->filter_box, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->filter_menu_box))) != NULL)
    gtk_box_remove (self->filter_menu_box, child);

  if (rapport_entity_get_field (section->entity, "queue_id") != NULL)
    add_queue_switcher (self, section);
  else if (section->scope_field != NULL &&
           rapport_store_get_user_id (rapport_context_get_store (self->context)) != NULL)
    add_dropdown (self, _("Whose Records"), scope_labels, &section->scope);

  for (guint i = 0; i < MAX_FILTERS && section->filters[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (section->entity, section->filters[i]);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      /* Translators: the first choice of a filter, e.g. "Any Status" */
      g_ptr_array_add (labels, (gpointer) g_strdup_printf (_("Any %s"),
                       rapport_labels_field (section->entity, field->name)));
      if (has_unresolved (section, field))
        g_ptr_array_add (labels, (gpointer) _(section->entity->queue->unresolved_label));
      for (guint j = 0; field->choices[j] != NULL; j++)
        g_ptr_array_add (labels, (gpointer) rapport_labels_field_choice (section->entity, field->name,
                                                                        field->choices[j]));
      g_ptr_array_add (labels, NULL);
      add_dropdown (self, rapport_labels_field (section->entity, field->name),
                    (const char * const *) labels->pdata, &section->filter_choice[i]);
      g_free (labels->pdata[0]);
    }

  for (guint i = 0; section->sort_labels[i] != NULL; i++)
    sort_labels[i] = _(section->sort_labels[i]);
  add_dropdown (self, _("Sort"), sort_labels, &section->sort);
  self->building_filters = FALSE;
  update_filter_summary (self);
}

/* Rows are RapportRecordRows bound to their item. */
static const char row_factory_ui[] =
  "<?xml version='1.0' encoding='UTF-8'?>"
  "<interface><template class='GtkListItem'><property name='child'>"
  "<object class='RapportRecordRow'><binding name='item'>"
  "<lookup name='item'>GtkListItem</lookup></binding></object>"
  "</property></template></interface>";

static GtkListItemFactory *
row_factory (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (row_factory_ui, sizeof row_factory_ui - 1);

  return gtk_builder_list_item_factory_new_from_bytes (NULL, bytes);
}

void
_rapport_window_show_section (RapportWindow *self,
                              const char    *entity)
{
  Section *section = _rapport_window_find_section (self, entity);
  GSettings *settings = rapport_context_get_settings (self->context);
  GtkListBoxRow *row;

  /* A remembered section this version does not have: the first one. */
  if (section == NULL && self->section == NULL && self->n_sections > 0)
    section = &self->sections[0];
  if (section == NULL)
    return;
  entity = section->entity->name;
  if (section->model == NULL)
    {
      section->model = rapport_record_list_model_new (rapport_context_get_changes (self->context),
                                                      entity);
      section->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (section->model)));
      gtk_single_selection_set_autoselect (section->selection, FALSE);
      gtk_single_selection_set_can_unselect (section->selection, TRUE);
      g_signal_connect_object (section->model, "notify::n-items",
                               G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (section->model, "notify::loading",
                               G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (section->selection, "notify::selected",
                               G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
      /* After the selection has followed the change on its own. */
      g_signal_connect_object (section->selection, "items-changed",
                               G_CALLBACK (selection_items_changed_cb), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
      apply_filters (self, section);
    }

  /* A report's drill-down lasts until the section is chosen again. */
  for (guint i = 0; i < self->n_sections; i++)
    if (self->sections[i].drill_field != NULL)
      {
        rapport_record_list_model_set_filter (self->sections[i].model, self->sections[i].drill_field,
                                              NULL);
        self->sections[i].drill_field = NULL;
      }
  adw_window_title_set_subtitle (self->list_title, NULL);

  /* The search is cleared, and the entry shows it: the section left
   * behind must not keep filtering with words no longer on screen. */
  if (self->section != NULL && self->section != section && self->section->model != NULL)
    rapport_record_list_model_set_search (self->section->model, NULL);
  self->section = section;
  /* A filter or a segment lasts until its section is chosen again, as a
   * drill-down does: the section's own list is all of it. */
  _rapport_window_set_list_filter (self, section, NULL, NULL, NULL);
  /* vCards are of people. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-vcard",
                                 strcmp (entity, "contact") == 0);
  /* The board shows the records that are placed in a pipeline's stages. */
  gtk_widget_set_visible (self->board_button,
                          rapport_entity_find_ref (section->entity, "stage", 0) != NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (section->selection));
  _rapport_window_update_selecting (self);
  adw_window_title_set_title (self->list_title, rapport_labels_section (section->entity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_labels_section (section->entity), -1);
  adw_status_page_set_title (self->empty_page, rapport_labels_empty (section->entity));
  adw_status_page_set_description (self->empty_page,
                                   _("Create one with Ctrl+N, or sync with your team’s server"));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  build_filters (self);
  update_list_page (self);

  row = gtk_list_box_get_row_at_index (self->sidebar_list, section - self->sections);
  gtk_list_box_select_row (self->sidebar_list, row);
  rapport_detail_view_show (self->detail_view, entity, NULL);
  g_settings_set_string (settings, "last-section", entity);
}

/**
 * _rapport_window_show_deals:
 * @field: "stage_id" or "owner_id"
 * @value: the stage's or the owner's id
 * @label: what the list's subtitle names: the stage, the owner
 *
 * The deals behind a report's bar: the Deals list with only those of
 * @value, and open ones only when the filter offers it (a pipeline is of
 * open deals), until the section is chosen again.
 */
void
_rapport_window_show_deals (RapportWindow *self,
                            const char    *field,
                            const char    *value,
                            const char    *label)
{
  Section *section = _rapport_window_find_section (self, "deal");
  g_autofree char *subtitle = NULL;

  if (section == NULL || rapport_entity_get_field (section->entity, field) == NULL)
    {
      g_debug ("No deals by “%s”", field);
      return;
    }
  for (guint i = 0; i < MAX_FILTERS && section->filters[i] != NULL; i++)
    {
      const RapportField *filter = rapport_entity_get_field (section->entity, section->filters[i]);

      if (strcmp (filter->name, "status") != 0 || has_unresolved (section, filter))
        continue;
      for (guint j = 0; filter->choices[j] != NULL; j++)
        if (strcmp (filter->choices[j], "open") == 0)
          section->filter_choice[i] = j + 1;
    }
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  _rapport_window_show_section (self, "deal");
  apply_filters (self, section);
  rapport_record_list_model_set_filter (section->model, field, value);
  section->drill_field = g_intern_string (field);
  /* Translators: the Deals list's subtitle after a click on a report's bar: "Stage: Proposal" */
  subtitle = g_strdup_printf (_("%s: %s"), rapport_labels_field (section->entity, field), label);
  adw_window_title_set_subtitle (self->list_title, subtitle);
  update_list_page (self);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
sidebar_row_activated_cb (RapportWindow *self,
                          GtkListBoxRow *row)
{
  _rapport_window_show_section (self, self->sections[gtk_list_box_row_get_index (row)].entity->name);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

/* A row selected with the arrow keys or through a screen reader's selection
 * shows its section too, in place. */
static void
sidebar_row_selected_cb (RapportWindow *self,
                         GtkListBoxRow *row)
{
  const char *entity;

  if (row == NULL)
    return;
  entity = self->sections[gtk_list_box_row_get_index (row)].entity->name;
  if (self->section != NULL && strcmp (self->section->entity->name, entity) == 0)
    return;
  _rapport_window_show_section (self, entity);
}

static void
search_changed_cb (RapportWindow *self)
{
  rapport_record_list_model_set_search (self->section->model,
                                        gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
stop_search_cb (RapportWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
folded_changed_cb (RapportWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  /* Unfolded, the window's buttons sit at the ends of the whole row of
   * panes; folded, each pane is the whole window. */
  adw_header_bar_set_show_end_title_buttons (self->sidebar_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->list_header, folded);
  adw_header_bar_set_show_end_title_buttons (self->list_header, folded);
  gtk_widget_set_visible (self->list_back_button, folded);
  gtk_widget_set_visible (self->filter_button, !folded);
  gtk_widget_set_visible (self->filter_row_button, folded);
  rapport_detail_view_set_folded (self->detail_view, folded);
}

/* The book's undo queue asks for its toasts here. */
static void
add_toast_cb (RapportWindow *self,
              AdwToast      *toast)
{
  adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

/* The store leaves a record deleted while Undo is offered out of its list,
 * and lists it again when it is undone; then the pane shows it again too. */
static void
undo_changed_cb (RapportWindow     *self,
                 const char        *entity,
                 const char        *id,
                 RapportUndoChange  change)
{
  if (change != RAPPORT_UNDO_CHANGE_UNDONE || _rapport_window_find_section (self, entity) == NULL)
    return;
  rapport_detail_view_show (self->detail_view, entity, id);
  select_shown (self);
}

static void
record_deleted_cb (RapportWindow *self,
                   const char    *entity,
                   JsonObject    *record)
{
  g_autofree char *title = rapport_record_title (rapport_entity_lookup (entity), record);

  rapport_undo_queue_delete (rapport_context_get_undo_queue (self->context), entity,
                             json_object_get_string_member (record, "id"), title);
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
}

static void
record_saved_cb (RapportWindow *self,
                 const char    *entity,
                 const char    *id)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Saved")));
  /* A new record's row may be in the list before the pane knew its id. */
  select_shown (self);
}

void
_rapport_window_show_main (RapportWindow *self)
{
  GSettings *settings = rapport_context_get_settings (self->context);

  /* The sample book is no choice made: the welcome page comes back. */
  if (!rapport_application_get_sample (self->application))
    g_settings_set_boolean (settings, "welcome-done", TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  build_filters (self);
}

static void
sample_book_created_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(RapportWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_sample_book_create_finish (RAPPORT_STORE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, rapport_toast_new_plain (error->message));
      return;
    }
  _rapport_window_show_main (self);
}

static gboolean
rapport_window_close_request (GtkWindow *window)
{
  RapportWindow *self = RAPPORT_WINDOW (window);
  GSettings *settings = rapport_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  g_cancellable_cancel (self->cancellable);
  /* No Undo once the window is gone: the deletions happen now. */
  rapport_undo_queue_commit_all (rapport_context_get_undo_queue (self->context));

  return GTK_WINDOW_CLASS (rapport_window_parent_class)->close_request (window);
}

static void
rapport_window_dispose (GObject *object)
{
  RapportWindow *self = (RapportWindow *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->section_list);
  g_clear_object (&self->row_factory);
  g_clear_object (&self->pick_factory);
  for (guint i = 0; i < self->n_sections; i++)
    {
      g_clear_object (&self->sections[i].selection);
      g_clear_object (&self->sections[i].picks);
      g_clear_pointer (&self->sections[i].queue_ids, g_strfreev);
      g_clear_pointer (&self->sections[i].filter_json, g_free);
      g_clear_pointer (&self->sections[i].segment_id, g_free);
      g_clear_pointer (&self->sections[i].segment_name, g_free);
      g_clear_pointer (&self->sections[i].queues, g_ptr_array_unref);
      g_clear_object (&self->sections[i].model);
    }

  G_OBJECT_CLASS (rapport_window_parent_class)->dispose (object);
}

static void
rapport_window_finalize (GObject *object)
{
  RapportWindow *self = (RapportWindow *) object;

  g_clear_object (&self->context);

  G_OBJECT_CLASS (rapport_window_parent_class)->finalize (object);
}

static void
rapport_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

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
rapport_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RapportWindow *self = RAPPORT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      /* Construct-only: the template's pages are bound to it, and are
       * given it when the notification is thawed. */
      self->context = g_value_dup_object (value);
      if (self->context != NULL)
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_window_class_init (RapportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rapport_window_dispose;
  object_class->finalize = rapport_window_finalize;
  object_class->get_property = rapport_window_get_property;
  object_class->set_property = rapport_window_set_property;
  window_class->close_request = rapport_window_close_request;

  /**
   * RapportWindow:context:
   *
   * The book's store, sync, settings and clock, handed on to every page.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, RAPPORT_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RAPPORT_TYPE_APPROVALS_PAGE);
  g_type_ensure (RAPPORT_TYPE_DEAL_BOARD_PAGE);
  g_type_ensure (RAPPORT_TYPE_DETAIL_VIEW);
  g_type_ensure (RAPPORT_TYPE_RECORD_ROW);
  g_type_ensure (RAPPORT_TYPE_SYNC_INDICATOR);
  g_type_ensure (RAPPORT_TYPE_TASKS_PAGE);
  g_type_ensure (RAPPORT_TYPE_TEAM_PAGE);
  g_type_ensure (RAPPORT_TYPE_REPORTS_PAGE);
  g_type_ensure (RAPPORT_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sample_banner);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_header);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_row_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, board_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_box);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_summary);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, filter_menu_box);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, detail_view);
  gtk_widget_class_bind_template_child (widget_class, RapportWindow, tasks_page);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_deleted_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_saved_cb);

  _rapport_window_class_actions_init (widget_class);
  _rapport_window_class_filter_init (widget_class);
  _rapport_window_class_select_init (widget_class);
}

/* The orders the descriptor offers, in the drop-down's order. */
static void
add_sorts (Section *section)
{
  /* clang-format off */
  static const struct { RapportListSorts flag; RapportSort sort; const char *label; } orders[] = {
    { RAPPORT_LIST_SORT_NAME, RAPPORT_SORT_NAME, N_("By Name") },
    { RAPPORT_LIST_SORT_UPDATED, RAPPORT_SORT_UPDATED, N_("Recently Changed") },
    { RAPPORT_LIST_SORT_AMOUNT, RAPPORT_SORT_AMOUNT, N_("Largest Amount") },
    { RAPPORT_LIST_SORT_DUE, RAPPORT_SORT_DUE, N_("Due Soonest") },
    { RAPPORT_LIST_SORT_RANK, RAPPORT_SORT_RANK, N_("Most Urgent") },
    { RAPPORT_LIST_SORT_SCORE, RAPPORT_SORT_SCORE, N_("Highest Win Chance") },
  };
  /* clang-format on */
  guint n = 0;

  G_STATIC_ASSERT (G_N_ELEMENTS (orders) == G_N_ELEMENTS (section->sorts));
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    if (section->entity->sorts & orders[i].flag)
      {
        /* A queue is worked soonest due first. */
        if (orders[i].sort == RAPPORT_SORT_DUE)
          section->sort = n;
        section->sorts[n] = orders[i].sort;
        section->sort_labels[n++] = orders[i].label;
      }
}

/* Sections of the types only an admin writes (approval rules, teams) are
 * an admin's work: others do not see them in the sidebar. Hidden, not
 * filtered, so that screen readers do not find them either. */
static void
show_admin_sections (RapportWindow *self)
{
  for (guint i = 0; i < self->n_sections; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, (int) i);

      if (row != NULL)
        gtk_widget_set_visible (GTK_WIDGET (row),
                                self->admin ||
                                self->sections[i].entity->write_role != RAPPORT_WRITE_ADMIN);
    }
}

static void
update_role_cb (RapportWindow *self)
{
  RapportStore *store = rapport_context_get_store (rapport_window_get_context (self));
  g_autofree char *role = rapport_store_get_signed_in_role (store);

  self->admin = g_strcmp0 (role, "admin") == 0;
  show_admin_sections (self);
}

/* A row of the sidebar, bound to its section. */
static GtkWidget *
sidebar_row_new (gpointer item,
                 gpointer user_data)
{
  RapportSection *section = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  g_object_bind_property (section, "icon-name", image, "icon-name", G_BINDING_SYNC_CREATE);
  g_object_bind_property (section, "title", label, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  rapport_section_get_title (section), -1);
  return row;
}

static void
rapport_window_init (RapportWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->row_factory = row_factory ();
  gtk_list_view_set_factory (self->list_view, self->row_factory);
  _rapport_window_select_init (self);
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  {
    GtkGesture *click = gtk_gesture_click_new ();

    /* Seen before the row takes the click; the row still selects itself. */
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
    g_signal_connect (click, "released", G_CALLBACK (list_released_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));
  }

  self->section_list = rapport_section_list_new ();
  self->n_sections = MIN (g_list_model_get_n_items (self->section_list), MAX_SECTIONS);
  for (guint n = 0; n < self->n_sections; n++)
    {
      g_autoptr(RapportSection) item = g_list_model_get_item (self->section_list, n);
      const RapportEntity *entity = rapport_section_get_entity (item);
      Section *section = &self->sections[n];

      section->entity = entity;
      section->scope_field = entity->owner_field;
      for (guint i = 0; i < MAX_FILTERS && entity->filters[i] != NULL; i++)
        {
          section->filters[i] = entity->filters[i];
          /* A queue opens on what is still to do. */
          if (entity->queue != NULL && strcmp (entity->filters[i], entity->queue->status_field) == 0)
            section->filter_choice[i] = 1;
        }
      add_sorts (section);
    }
  gtk_list_box_bind_model (self->sidebar_list, self->section_list, sidebar_row_new, NULL, NULL);
  show_admin_sections (self);
}

/**
 * rapport_window_new:
 * @context: the book's store, sync, settings and clock, for every page
 *
 * Returns: (transfer none): a window of @application on @context's book
 */
RapportWindow *
rapport_window_new (RapportApplication *application,
                    RapportContext     *context)
{
  GSettings *settings = rapport_context_get_settings (context);
  RapportStore *store = rapport_context_get_store (context);
  g_autofree char *last_section = g_settings_get_string (settings, "last-section");
  RapportWindow *self;
  g_autofree char *server = NULL;

  self = g_object_new (RAPPORT_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       "default-width", g_settings_get_int (settings, "window-width"),
                       "default-height", g_settings_get_int (settings, "window-height"),
                       NULL);
  self->application = application;
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (rapport_context_get_undo_queue (context), "add-toast",
                           G_CALLBACK (add_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rapport_context_get_undo_queue (context), "changed",
                           G_CALLBACK (undo_changed_cb), self, G_CONNECT_SWAPPED);
  rapport_sync_indicator_set_application (self->sync_indicator, application);
  /* The role comes with the users a sync brings. */
  if (rapport_context_get_sync (context) != NULL)
    g_signal_connect_object (rapport_context_get_sync (context), "notify::last-sync",
                             G_CALLBACK (update_role_cb), self, G_CONNECT_SWAPPED);
  update_role_cb (self);
  rapport_account_menu_install (GTK_WINDOW (self), self->primary_menu_button, application);
  _rapport_window_add_segments (self);
  _rapport_window_show_section (self, last_section);
  folded_changed_cb (self);
  /* Folded, start where the work is: the list, not the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);

  if (rapport_application_get_sample (application))
    {
      gtk_revealer_set_reveal_child (self->sample_banner, TRUE);
      adw_window_title_set_subtitle (self->sidebar_title, _("Sample Data"));
      gtk_window_set_title (GTK_WINDOW (self), _("Rapport — Sample Data"));
      if (rapport_store_count (store, "contact", NULL) == 0)
        rapport_sample_book_create_async (store, self->cancellable, sample_book_created_cb,
                                          g_object_ref (self));
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      return self;
    }

  /* First run: nothing here yet, no server, and no choice made. */
  server = rapport_store_get_state (store, "server");
  if (!g_settings_get_boolean (settings, "welcome-done") && server == NULL &&
      g_getenv ("RAPPORT_SERVER_URL") == NULL &&
      rapport_store_count (store, "contact", NULL) == 0)
    gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  else
    gtk_stack_set_visible_child_name (self->main_stack, "main");
  return self;
}

/**
 * rapport_window_get_context:
 *
 * Returns: (transfer none): what the window's pages work with
 */
RapportContext *
rapport_window_get_context (RapportWindow *self)
{
  g_return_val_if_fail (RAPPORT_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * rapport_window_add_toast:
 * @toast: (transfer full): e.g. a deletion's Undo
 *
 * Shows @toast over the window's pages.
 */
void
rapport_window_add_toast (RapportWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (RAPPORT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
