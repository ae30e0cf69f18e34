/* rapport-deal-board.c: the deals of a pipeline as columns of stages
 *
 * One column per stage, each a lazy GtkListView over its own snapshot (a
 * RapportRecordListModel filtered by stage), under a header with the count,
 * the total and the weighted total per currency. A card moves to another
 * column by drag and drop, or with Alt+Left and Alt+Right on the focused
 * card; a lost stage asks why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-board"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-deal-board.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-pipeline.h"
#include "rapport-record-list-model.h"
#include "rapport-record-row.h"
#include "rapport-stages-dialog.h"
#include "rapport-team.h"

typedef struct
{
  RapportDealBoard       *board;       /* (unowned) */
  char                   *stage_id;    /* (owned) */
  char                   *kind;        /* (owned) */
  GtkWidget              *widget;      /* (unowned): the column, a child of columns_box */
  GtkLabel               *summary;     /* (unowned) */
  GtkListView            *list_view;   /* (unowned) */
  RapportRecordListModel *model;       /* (owned) */
  GtkSingleSelection     *selection;   /* (owned) */
  char                   *focus_id;    /* (owned) (nullable): a deal to focus once it arrives */
  gboolean                focus_first; /* focus the first card once there is one */
} Column;

struct _RapportDealBoard
{
  GtkWidget      parent_instance;

  RapportStore  *store;            /* (owned) */
  GMainContext  *context;          /* (owned) */
  gulong         changed_id;
  guint          refresh_source;
  gboolean       stages_changed;

  GtkWidget     *box;              /* (unowned): the only child */
  GtkDropDown   *pipeline_dropdown;
  GtkStringList *pipeline_names;   /* (unowned) */
  GPtrArray     *pipeline_ids;     /* (owned) (element-type utf8) */
  GtkWidget     *manage_button;
  GtkWidget     *columns_box;
  GPtrArray     *columns;          /* (owned) (element-type Column) */
  char          *pipeline_id;      /* (owned) (nullable) */
  gboolean       mine;
  gboolean       loading_pipelines;
};

G_DEFINE_FINAL_TYPE (RapportDealBoard, rapport_deal_board, GTK_TYPE_WIDGET)

typedef struct
{
  GWeakRef  board;
  char     *entity;
} Change;

static void rebuild (RapportDealBoard *self);

static void
column_free (Column *column)
{
  g_free (column->stage_id);
  g_free (column->kind);
  g_free (column->focus_id);
  g_clear_object (&column->selection);
  g_clear_object (&column->model);
  g_free (column);
}

static void
change_free (Change *change)
{
  g_weak_ref_clear (&change->board);
  g_free (change->entity);
  g_free (change);
}

static const char *
owner_filter (RapportDealBoard *self)
{
  return self->mine ? rapport_store_get_user_id (self->store) : NULL;
}

static char *
describe_column (RapportBoardColumn *column)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, ngettext ("%u deal", "%u deals", column->count), column->count);
  for (guint i = 0; i < column->totals->len; i++)
    {
      RapportMoneyTotal *total = g_ptr_array_index (column->totals, i);
      g_autofree char *amount = rapport_money_format (total->amount, total->currency);
      g_autofree char *weighted = rapport_money_format (total->weighted, total->currency);

      g_string_append_c (text, '\n');
      /* Translators: a column's total, then the total weighted by probability */
      g_string_append_printf (text, _("%s, weighted %s"), amount, weighted);
    }
  return g_string_free (text, FALSE);
}

static void
show_error (RapportDealBoard *self,
            const char       *heading,
            const GError     *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static Column *
find_column (RapportDealBoard *self,
             const char       *stage_id)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (column->stage_id, stage_id) == 0)
        return column;
    }
  return NULL;
}

static void
do_move (RapportDealBoard *self,
         const char       *deal_id,
         Column           *target,
         const char       *lost_reason)
{
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(GError) error = NULL;

  deal = rapport_deal_move_to_stage (self->store, deal_id, target->stage_id, lost_reason, &error);
  if (deal == NULL)
    {
      show_error (self, _("The Deal Was Not Moved"), error);
      return;
    }
  g_free (target->focus_id);
  target->focus_id = g_strdup (deal_id);
}

typedef struct
{
  RapportDealBoard *board;   /* (owned) */
  char             *deal_id;
  char             *stage_id;
  GtkEditable      *entry;   /* (unowned) */
} LostRequest;

static void
lost_request_free (LostRequest *request)
{
  g_clear_object (&request->board);
  g_free (request->deal_id);
  g_free (request->stage_id);
  g_free (request);
}

static void
lost_request_closure_free (gpointer  data,
                           GClosure *closure)
{
  lost_request_free (data);
}

static void
lost_reason_changed_cb (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "lose", *text != '\0');
}

static void
lost_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  LostRequest      *request)
{
  Column *target;

  if (g_strcmp0 (response, "lose") != 0)
    return;
  target = find_column (request->board, request->stage_id);
  if (target != NULL)
    do_move (request->board, request->deal_id, target, gtk_editable_get_text (request->entry));
}

static void
move_deal (RapportDealBoard *self,
           const char       *deal_id,
           Column           *target)
{
  GtkRoot *root;
  GtkWidget *dialog, *entry;
  LostRequest *request;

  if (g_strcmp0 (target->kind, "lost") != 0)
    {
      do_move (self, deal_id, target, NULL);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Why Was the Deal Lost?"),
                                   _("The reason is kept with the deal and shown in reports."));
  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lost reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "lose", _("_Mark as Lost"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lose",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "lose", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "lose");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  request = g_new0 (LostRequest, 1);
  request->board = g_object_ref (self);
  request->deal_id = g_strdup (deal_id);
  request->stage_id = g_strdup (target->stage_id);
  request->entry = GTK_EDITABLE (entry);
  g_signal_connect (entry, "changed", G_CALLBACK (lost_reason_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (lost_response_cb), request,
                         lost_request_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* The column whose list holds the keyboard focus, and its selected card. */
static Column *
focused_column (RapportDealBoard *self,
                guint            *index)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL)
    return NULL;
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (focus == GTK_WIDGET (column->list_view) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (column->list_view)))
        {
          *index = i;
          return column;
        }
    }
  return NULL;
}

static void
move_focused (RapportDealBoard *self,
              int               direction)
{
  RapportRecordItem *item;
  Column *column;
  guint index = 0;

  column = focused_column (self, &index);
  if (column == NULL)
    return;
  item = gtk_single_selection_get_selected_item (column->selection);
  if (item == NULL || rapport_record_item_get_id (item) == NULL)
    return;
  if ((direction < 0 && index == 0) || (direction > 0 && index + 1 >= self->columns->len))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  move_deal (self, rapport_record_item_get_id (item),
             g_ptr_array_index (self->columns, index + direction));
}

static void
move_left_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_focused (RAPPORT_DEAL_BOARD (widget), -1);
}

static void
move_right_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  move_focused (RAPPORT_DEAL_BOARD (widget), 1);
}

static void
manage_stages_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RapportDealBoard *self = RAPPORT_DEAL_BOARD (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWindow *dialog;

  dialog = rapport_stages_dialog_new (self->store, self->pipeline_id);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
  gtk_window_present (dialog);
}

/* After a move, the card is focused in its new column once the column's
 * snapshot has it. */
static void
column_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Column     *column)
{
  guint found;

  if (column->focus_first && g_list_model_get_n_items (model) > 0)
    {
      column->focus_first = FALSE;
      gtk_single_selection_set_selected (column->selection, 0);
      gtk_widget_grab_focus (GTK_WIDGET (column->list_view));
      return;
    }
  if (column->focus_id == NULL)
    return;
  found = rapport_record_list_model_find (column->model, column->focus_id);
  if (found == GTK_INVALID_LIST_POSITION)
    return;
  g_clear_pointer (&column->focus_id, g_free);
  gtk_single_selection_set_selected (column->selection, found);
  gtk_widget_activate_action (GTK_WIDGET (column->list_view), "list.scroll-to-item", "u", found);
  gtk_widget_grab_focus (GTK_WIDGET (column->list_view));
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *list_item)
{
  RapportRecordItem *item = gtk_list_item_get_item (list_item);

  if (item == NULL || rapport_record_item_get_id (item) == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, rapport_record_item_get_id (item));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         Column        *column)
{
  const char *deal_id = g_value_get_string (value);

  if (deal_id == NULL)
    return FALSE;
  move_deal (column->board, deal_id, column);
  return TRUE;
}

static void
card_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *row = g_object_new (RAPPORT_TYPE_RECORD_ROW, NULL);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), list_item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  gtk_list_item_set_child (list_item, row);
}

static void
card_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  rapport_record_row_set_item (RAPPORT_RECORD_ROW (gtk_list_item_get_child (list_item)),
                               gtk_list_item_get_item (list_item));
}

static void
card_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  rapport_record_row_set_item (RAPPORT_RECORD_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static Column *
add_column (RapportDealBoard   *self,
            RapportBoardColumn *board_column)
{
  Column *column = g_new0 (Column, 1);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *summary = describe_column (board_column);
  GtkDropTarget *drop;
  GtkWidget *title, *scrolled;

  column->board = self;
  column->stage_id = g_strdup (board_column->stage_id);
  column->kind = g_strdup (board_column->kind);

  column->widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (column->widget, 240, -1);
  gtk_widget_add_css_class (column->widget, "card");
  gtk_widget_set_margin_top (column->widget, 6);
  gtk_widget_set_margin_bottom (column->widget, 6);

  title = gtk_label_new (board_column->name);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_top (title, 12);
  gtk_box_append (GTK_BOX (column->widget), title);

  column->summary = GTK_LABEL (gtk_label_new (summary));
  gtk_label_set_xalign (column->summary, 0);
  gtk_label_set_wrap (column->summary, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (column->summary), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (column->summary), "caption");
  gtk_widget_set_margin_start (GTK_WIDGET (column->summary), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (column->summary), 12);
  gtk_box_append (GTK_BOX (column->widget), GTK_WIDGET (column->summary));

  column->model = rapport_record_list_model_new (self->store, "deal");
  rapport_record_list_model_set_filter (column->model, "stage_id", column->stage_id);
  rapport_record_list_model_set_filter (column->model, "owner_id", owner_filter (self));
  column->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (column->model)));
  gtk_single_selection_set_autoselect (column->selection, FALSE);
  gtk_single_selection_set_can_unselect (column->selection, TRUE);
  g_signal_connect (column->model, "items-changed", G_CALLBACK (column_items_changed_cb), column);

  g_signal_connect (factory, "setup", G_CALLBACK (card_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (card_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (card_unbind_cb), NULL);
  column->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (column->selection)),
                                                        g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (column->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, board_column->name, -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (column->list_view));
  gtk_box_append (GTK_BOX (column->widget), scrolled);

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), column);
  gtk_widget_add_controller (column->widget, GTK_EVENT_CONTROLLER (drop));

  gtk_box_append (GTK_BOX (self->columns_box), column->widget);
  g_ptr_array_add (self->columns, column);
  return column;
}

static void
clear_columns (RapportDealBoard *self)
{
  GtkWidget *child;

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      g_signal_handlers_disconnect_by_data (column->model, column);
    }
  while ((child = gtk_widget_get_first_child (self->columns_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->columns_box), child);
  g_ptr_array_set_size (self->columns, 0);
}

static gboolean
same_stages (RapportDealBoard *self,
             GPtrArray        *board)
{
  if (board->len != self->columns->len)
    return FALSE;
  for (guint i = 0; i < board->len; i++)
    {
      RapportBoardColumn *board_column = g_ptr_array_index (board, i);
      Column *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (board_column->stage_id, column->stage_id) != 0 ||
          g_strcmp0 (board_column->kind, column->kind) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Reads the totals again; rebuilds the columns only if the stages changed. */
static void
refresh (RapportDealBoard *self,
         gboolean          force_rebuild)
{
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GError) error = NULL;

  if (self->pipeline_id == NULL)
    {
      clear_columns (self);
      return;
    }
  board = rapport_store_load_board (self->store, self->pipeline_id, owner_filter (self), &error);
  if (board == NULL)
    {
      g_warning ("Could not load the board: %s", error->message);
      return;
    }

  if (force_rebuild || !same_stages (self, board))
    {
      clear_columns (self);
      for (guint i = 0; i < board->len; i++)
        add_column (self, g_ptr_array_index (board, i));
      return;
    }
  for (guint i = 0; i < board->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      g_autofree char *summary = describe_column (g_ptr_array_index (board, i));

      gtk_label_set_label (column->summary, summary);
    }
}

static void
load_pipelines (RapportDealBoard *self)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  pipelines = rapport_store_list_pipelines (self->store, &error);
  if (pipelines == NULL)
    {
      g_warning ("Could not list the pipelines: %s", error->message);
      return;
    }

  self->loading_pipelines = TRUE;
  g_ptr_array_set_size (self->pipeline_ids, 0);
  gtk_string_list_splice (self->pipeline_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pipeline_names)), NULL);
  for (guint i = 0; i < pipelines->len; i++)
    {
      JsonObject *pipeline = g_ptr_array_index (pipelines, i);
      const char *id = json_object_get_string_member (pipeline, "id");

      g_ptr_array_add (self->pipeline_ids, g_strdup (id));
      gtk_string_list_append (self->pipeline_names,
                              json_object_get_string_member_with_default (pipeline, "name", ""));
      if (g_strcmp0 (id, self->pipeline_id) == 0)
        selected = i;
    }
  gtk_drop_down_set_selected (self->pipeline_dropdown, selected);
  self->loading_pipelines = FALSE;

  g_free (self->pipeline_id);
  self->pipeline_id = pipelines->len > 0 ? g_strdup (g_ptr_array_index (self->pipeline_ids, selected))
                                         : NULL;
}

static void
update_manage_button (RapportDealBoard *self)
{
  g_autofree char *role = rapport_store_get_signed_in_role (self->store);

  /* The server refuses pipeline and stage edits from reps: don't offer them. */
  gtk_widget_set_visible (self->manage_button,
                          rapport_role_can_manage_pipelines (role) && self->pipeline_id != NULL);
}

static void
rebuild (RapportDealBoard *self)
{
  load_pipelines (self);
  update_manage_button (self);
  refresh (self, TRUE);
}

static gboolean
refresh_timeout_cb (gpointer data)
{
  RapportDealBoard *self = data;

  self->refresh_source = 0;
  if (self->stages_changed)
    {
      self->stages_changed = FALSE;
      load_pipelines (self);
      update_manage_button (self);
    }
  refresh (self, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
change_main_cb (gpointer data)
{
  Change *change = data;
  g_autoptr(RapportDealBoard) self = g_weak_ref_get (&change->board);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (g_strcmp0 (change->entity, "deal") != 0 && g_strcmp0 (change->entity, "stage") != 0 &&
      g_strcmp0 (change->entity, "pipeline") != 0 && g_strcmp0 (change->entity, "user") != 0)
    return G_SOURCE_REMOVE;
  if (g_strcmp0 (change->entity, "deal") != 0)
    self->stages_changed = TRUE;
  /* A sync writes in pages: sum once the burst is over. */
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (100, refresh_timeout_cb, self);
  return G_SOURCE_REMOVE;
}

/* Emitted in whichever thread wrote. */
static void
store_changed_cb (RapportStore       *store,
                  const char         *entity,
                  const char * const *ids,
                  RapportDealBoard   *self)
{
  Change *change = g_new0 (Change, 1);

  g_weak_ref_init (&change->board, self);
  change->entity = g_strdup (entity);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, change_main_cb, change,
                              (GDestroyNotify) change_free);
}

static void
pipeline_selected_cb (RapportDealBoard *self)
{
  guint selected = gtk_drop_down_get_selected (self->pipeline_dropdown);

  if (self->loading_pipelines || selected >= self->pipeline_ids->len)
    return;
  if (g_strcmp0 (self->pipeline_id, g_ptr_array_index (self->pipeline_ids, selected)) == 0)
    return;
  g_free (self->pipeline_id);
  self->pipeline_id = g_strdup (g_ptr_array_index (self->pipeline_ids, selected));
  update_manage_button (self);
  refresh (self, TRUE);
}

static void
mine_toggled_cb (GtkToggleButton  *button,
                 RapportDealBoard *self)
{
  rapport_deal_board_set_mine (self, gtk_toggle_button_get_active (button));
}

static void
rapport_deal_board_dispose (GObject *object)
{
  RapportDealBoard *self = (RapportDealBoard *) object;

  if (self->columns != NULL)
    clear_columns (self);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_deal_board_parent_class)->dispose (object);
}

static void
rapport_deal_board_finalize (GObject *object)
{
  RapportDealBoard *self = (RapportDealBoard *) object;

  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->pipeline_ids, g_ptr_array_unref);
  g_clear_pointer (&self->pipeline_id, g_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_deal_board_parent_class)->finalize (object);
}

static void
rapport_deal_board_class_init (RapportDealBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_deal_board_dispose;
  object_class->finalize = rapport_deal_board_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "board.move-left", NULL, move_left_action);
  gtk_widget_class_install_action (widget_class, "board.move-right", NULL, move_right_action);
  gtk_widget_class_install_action (widget_class, "board.manage-stages", NULL, manage_stages_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "board.move-left", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "board.move-right", NULL);
}

static void
rapport_deal_board_init (RapportDealBoard *self)
{
  GtkWidget *toolbar, *mine, *scrolled, *label;

  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  self->pipeline_ids = g_ptr_array_new_with_free_func (g_free);
  self->context = g_main_context_ref_thread_default ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (toolbar, 12);
  gtk_widget_set_margin_end (toolbar, 12);
  gtk_widget_set_margin_top (toolbar, 6);
  gtk_box_append (GTK_BOX (self->box), toolbar);

  label = gtk_label_new (_("Pipeline"));
  gtk_box_append (GTK_BOX (toolbar), label);
  self->pipeline_names = gtk_string_list_new (NULL);
  self->pipeline_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->pipeline_names),
                                                              NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pipeline_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipeline"), -1);
  g_signal_connect_swapped (self->pipeline_dropdown, "notify::selected",
                            G_CALLBACK (pipeline_selected_cb), self);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->pipeline_dropdown));

  mine = gtk_toggle_button_new_with_label (_("Mine"));
  gtk_widget_set_tooltip_text (mine, _("Show only my deals"));
  g_signal_connect (mine, "toggled", G_CALLBACK (mine_toggled_cb), self);
  gtk_box_append (GTK_BOX (toolbar), mine);

  self->manage_button = gtk_button_new_with_mnemonic (_("_Edit Stages…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->manage_button), "board.manage-stages");
  gtk_widget_set_visible (self->manage_button, FALSE);
  gtk_widget_set_hexpand (self->manage_button, TRUE);
  gtk_widget_set_halign (self->manage_button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (toolbar), self->manage_button);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (self->box), scrolled);

  self->columns_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->columns_box, 12);
  gtk_widget_set_margin_end (self->columns_box, 12);
  gtk_widget_set_margin_bottom (self->columns_box, 6);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->columns_box);
}

/**
 * rapport_deal_board_new:
 *
 * Returns: (transfer full): a board of the first pipeline's deals
 */
RapportDealBoard *
rapport_deal_board_new (RapportStore *store)
{
  RapportDealBoard *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_DEAL_BOARD, NULL);
  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  rebuild (self);
  return self;
}

/**
 * rapport_deal_board_set_mine:
 * @mine: show only the signed-in user's deals, and sum only them
 */
void
rapport_deal_board_set_mine (RapportDealBoard *self,
                             gboolean          mine)
{
  g_return_if_fail (RAPPORT_IS_DEAL_BOARD (self));

  mine = !!mine;
  if (self->mine == mine)
    return;
  self->mine = mine;
  refresh (self, TRUE);
}

/**
 * rapport_deal_board_reload:
 *
 * Reads the pipelines, the signed-in user's role and the totals again, and
 * puts the keyboard focus on the first card, ready for Alt+Right.
 */
void
rapport_deal_board_reload (RapportDealBoard *self)
{
  g_return_if_fail (RAPPORT_IS_DEAL_BOARD (self));

  rebuild (self);
  if (self->columns->len > 0)
    {
      Column *first = g_ptr_array_index (self->columns, 0);

      first->focus_first = TRUE;
      column_items_changed_cb (G_LIST_MODEL (first->model), 0, 0, 0, first);
    }
}
