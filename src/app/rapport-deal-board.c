/* rapport-deal-board.c: the deals of a pipeline as columns of stages
 *
 * One column per stage, each a lazy GtkListView over its own snapshot (a
 * RapportRecordListModel filtered by stage), under a header with the count,
 * the total and the weighted total per currency, and a "+" that makes a
 * deal in that stage. A card opens its deal on a click or Enter, and moves
 * to another column by drag and drop, or with Alt+Left and Alt+Right on the
 * focused card; a lost stage asks why, and every move can be undone from
 * its toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-deal-board"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-deal-board.h"
#include "rapport-cancellable.h"
#include "rapport-plain-text.h"
#include "rapport-deal-card.h"
#include "rapport-json.h"
#include "rapport-money.h"
#include "rapport-pipeline.h"
#include "rapport-preferences-window.h"
#include "rapport-record.h"
#include "rapport-record-list-model.h"
#include "rapport-stages-dialog.h"
#include "rapport-store-async.h"
#include "rapport-team.h"
#include "rapport-team-users.h"
#include "rapport-window.h"

typedef struct
{
  RapportDealBoard       *board;       /* (unowned) */
  char                   *stage_id;    /* (owned) */
  char                   *name;        /* (owned) */
  char                   *kind;        /* (owned) */
  GtkWidget              *widget;      /* (unowned): the column, a child of columns_box */
  GtkLabel               *summary;     /* (unowned) */
  GtkListView            *list_view;   /* (unowned) */
  RapportRecordListModel *model;       /* (owned) */
  GtkSingleSelection     *selection;   /* (owned) */
  char                   *focus_id;    /* (owned) (nullable): a deal to focus once it arrives */
  gboolean                focus_first; /* focus the first card once there is one */
  gint64                  rotten_days; /* the stage's */
  GHashTable             *stale_ids;   /* (owned) (nullable): from the last load */
  GHashTable             *cards;       /* (owned): the cards bound now, each once */
} Column;

struct _RapportDealBoard
{
  GtkWidget      parent_instance;

  RapportStore  *store;            /* (owned) */
  RapportChangeMonitor *changes;   /* (owned) */
  gulong         changed_id;

  GtkWidget     *box;              /* (unowned): the only child */
  GtkDropDown   *pipeline_dropdown;
  GtkStringList *pipeline_names;   /* (unowned) */
  GPtrArray     *pipeline_ids;     /* (owned) (element-type utf8) */
  GtkWidget     *manage_button;
  GtkWidget     *columns_box;
  GPtrArray     *columns;          /* (owned) (element-type Column) */
  char          *pipeline_id;      /* (owned) (nullable) */
  GHashTable    *owner_names;      /* (owned): user id → name, shared with the cards */
  gboolean       mine;
  gboolean       loading_pipelines;
  GCancellable  *loading;          /* (owned) (nullable): the board's load under way */
  GCancellable  *setting_up;       /* (owned) (nullable): the pipelines' read under way */
  gboolean       rebuild_pending;  /* a load under way is to rebuild the columns */
  gboolean       focus_first_pending; /* the load under way is to focus the first card */
};

G_DEFINE_FINAL_TYPE (RapportDealBoard, rapport_deal_board, GTK_TYPE_WIDGET)

static void rebuild (RapportDealBoard *self);

static void
column_free (Column *column)
{
  g_free (column->stage_id);
  g_free (column->name);
  g_free (column->kind);
  g_free (column->focus_id);
  g_clear_pointer (&column->stale_ids, g_hash_table_unref);
  g_clear_pointer (&column->cards, g_hash_table_unref);
  g_clear_object (&column->selection);
  g_clear_object (&column->model);
  g_free (column);
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

/* What a move changes, as it was: an Undo writes it back. */
static const char * const moved_fields[] = {
  "pipeline_id", "stage_id", "status", "lost_reason", "closed_at"
};

typedef struct
{
  RapportDealBoard *board;   /* (owned) */
  char             *deal_id;
  JsonObject       *before;  /* (owned): moved_fields as they were */
} Undo;

static void
undo_free (gpointer  data,
           GClosure *closure)
{
  Undo *undo = data;

  g_clear_object (&undo->board);
  g_free (undo->deal_id);
  g_clear_pointer (&undo->before, json_object_unref);
  g_free (undo);
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportDealBoard) self = user_data;
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(GError) error = NULL;
  Column *column;

  deal = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);
  if (self->box == NULL)
    return;
  if (deal == NULL)
    {
      show_error (self, _("The Move Was Not Undone"), error);
      return;
    }
  column = find_column (self, rapport_json_get_string (deal, "stage_id"));
  if (column != NULL)
    {
      g_free (column->focus_id);
      column->focus_id = g_strdup (rapport_json_get_string (deal, "id"));
    }
}

static void
undo_move_cb (AdwToast *toast,
              Undo     *undo)
{
  rapport_store_update_async (undo->board->store, "deal", undo->deal_id, undo->before, NULL,
                              undo_done_cb, g_object_ref (undo->board));
}

static void
offer_undo (RapportDealBoard *self,
            JsonObject       *before,
            JsonObject       *after,
            const char       *stage_name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = rapport_record_title (rapport_entity_lookup ("deal"), after);
  g_autofree char *message = NULL;
  AdwToast *toast;
  Undo *undo;

  if (!RAPPORT_IS_WINDOW (root))
    return;
  /* Translators: a toast after a deal moved on the board: deal, then stage */
  message = g_strdup_printf (_("“%s” moved to %s"), title, stage_name);
  toast = rapport_toast_new_plain (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* As long as a deletion's: a card dropped on the wrong column is found
   * only after a look at the board. */
  adw_toast_set_timeout (toast, 10);

  undo = g_new0 (Undo, 1);
  undo->board = g_object_ref (self);
  undo->deal_id = g_strdup (json_object_get_string_member (after, "id"));
  undo->before = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (moved_fields); i++)
    {
      JsonNode *value = json_object_get_member (before, moved_fields[i]);

      json_object_set_member (undo->before, moved_fields[i],
                              value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
    }
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_move_cb), undo, undo_free, 0);
  rapport_window_add_toast (RAPPORT_WINDOW (root), toast);
}

typedef struct
{
  RapportDealBoard *board;    /* (owned) */
  JsonObject       *before;   /* (owned): the deal before the move */
  char             *stage_id;
} Move;

static void
move_free (Move *move)
{
  g_clear_object (&move->board);
  g_clear_pointer (&move->before, json_object_unref);
  g_free (move->stage_id);
  g_free (move);
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Move *move = user_data;
  RapportDealBoard *self = move->board;
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(GError) error = NULL;
  Column *target;

  deal = rapport_deal_move_to_stage_finish (RAPPORT_STORE (object), result, &error);
  if (self->box == NULL)
    ;
  else if (deal == NULL)
    show_error (self, _("The Deal Was Not Moved"), error);
  else if ((target = find_column (self, move->stage_id)) != NULL)
    {
      g_free (target->focus_id);
      target->focus_id = g_strdup (rapport_json_get_string (deal, "id"));
      if (g_strcmp0 (rapport_json_get_string (move->before, "stage_id"), target->stage_id) != 0)
        offer_undo (self, move->before, deal, target->name);
    }
  move_free (move);
}

static void
do_move (RapportDealBoard *self,
         const char       *deal_id,
         Column           *target,
         const char       *lost_reason)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(GError) error = NULL;
  Move *move;

  /* One deal by id: what Undo puts back. */
  if ((before = rapport_store_get (self->store, "deal", deal_id, &error)) == NULL)
    {
      show_error (self, _("The Deal Was Not Moved"), error);
      return;
    }
  move = g_new0 (Move, 1);
  move->board = g_object_ref (self);
  move->before = g_steal_pointer (&before);
  move->stage_id = g_strdup (target->stage_id);
  rapport_deal_move_to_stage_async (self->store, deal_id, target->stage_id, lost_reason, NULL,
                                    moved_cb, move);
}

/* A question with a Cancel and a @response that the caller enables once
 * what it asks for is typed into @extra. */
static GtkWidget *
input_dialog_new (RapportDealBoard      *self,
                  const char            *heading,
                  const char            *body,
                  GtkWidget             *extra,
                  const char            *response,
                  const char            *label,
                  AdwResponseAppearance  appearance)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  /* The name screen readers (and window lists) give the dialog. */
  gtk_window_set_title (GTK_WINDOW (dialog), heading);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), extra);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response, label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response, appearance);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), response, FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), response);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
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
  GtkWidget *dialog, *entry;
  LostRequest *request;

  if (g_strcmp0 (target->kind, "lost") != 0)
    {
      do_move (self, deal_id, target, NULL);
      return;
    }

  entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Lost reason"), -1);
  dialog = input_dialog_new (self, _("Why Was the Deal Lost?"),
                             _("The reason is kept with the deal and shown in reports."),
                             entry, "lose", _("_Mark as Lost"), ADW_RESPONSE_DESTRUCTIVE);

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
               RapportDealBoard         *self)
{
  GtkWidget *card = rapport_deal_card_new (self->owner_names);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), list_item);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (source));
  gtk_list_item_set_child (list_item, card);
}

/* Whether @card's deal is among @column's stale ones. */
static void
show_stale (Column          *column,
            RapportDealCard *card)
{
  RapportRecordItem *item = rapport_deal_card_get_item (card);
  const char *id = item != NULL ? rapport_record_item_get_id (item) : NULL;

  rapport_deal_card_set_stale (card, id != NULL && column->stale_ids != NULL &&
                                             g_hash_table_contains (column->stale_ids, id)
                                       ? column->rotten_days
                                       : 0);
}

static void
card_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              Column                   *column)
{
  RapportDealCard *card = RAPPORT_DEAL_CARD (gtk_list_item_get_child (list_item));

  rapport_deal_card_set_item (card, gtk_list_item_get_item (list_item));
  g_hash_table_add (column->cards, card);
  show_stale (column, card);
}

static void
card_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                Column                   *column)
{
  RapportDealCard *card = RAPPORT_DEAL_CARD (gtk_list_item_get_child (list_item));

  rapport_deal_card_set_item (card, NULL);
  g_hash_table_remove (column->cards, card);
}

/* Takes the stale deals of a load, and marks the cards shown. */
static void
set_stale (Column             *column,
           RapportBoardColumn *board_column)
{
  GHashTableIter iter;
  gpointer card;

  column->rotten_days = board_column->rotten_days;
  g_clear_pointer (&column->stale_ids, g_hash_table_unref);
  column->stale_ids = g_steal_pointer (&board_column->stale_ids);
  g_hash_table_iter_init (&iter, column->cards);
  while (g_hash_table_iter_next (&iter, &card, NULL))
    show_stale (column, card);
}

/* A click or Enter on a card opens the deal. */
static void
card_activated_cb (GtkListView *list_view,
                   guint        position,
                   Column      *column)
{
  g_autoptr(RapportRecordItem) item = g_list_model_get_item (G_LIST_MODEL (column->model), position);

  if (item == NULL || rapport_record_item_get_id (item) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (column->board), "win.open-record", "(ss)", "deal",
                              rapport_record_item_get_id (item));
}

typedef struct
{
  RapportDealBoard *board;     /* (owned) */
  char             *stage_id;
  AdwMessageDialog *dialog;    /* (unowned) */
  GtkEditable      *title;     /* (unowned) */
  GtkEditable      *amount;    /* (unowned) */
  GtkDropDown      *currency;  /* (unowned) */
  GStrv             codes;     /* the currency drop-down's codes */
} NewDeal;

static void
new_deal_free (gpointer  data,
               GClosure *closure)
{
  NewDeal *request = data;

  g_clear_object (&request->board);
  g_free (request->stage_id);
  g_strfreev (request->codes);
  g_free (request);
}

static const char *
new_deal_currency (NewDeal *request)
{
  guint selected = gtk_drop_down_get_selected (request->currency);

  return selected < g_strv_length (request->codes) ? request->codes[selected] : NULL;
}

/* Whether the amount typed, if any, is one: "12,500.50" as the locale writes. */
static gboolean
new_deal_amount (NewDeal *request,
                 gint64  *amount,
                 gboolean *given)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (request->amount)));

  *given = *text != '\0';
  return !*given || rapport_money_parse (text, new_deal_currency (request), amount);
}

/* Create is offered once there is a title, and an amount if one is typed. */
static void
new_deal_changed_cb (NewDeal *request)
{
  AdwMessageDialog *dialog = request->dialog;
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (request->title)));
  gint64 amount;
  gboolean given;
  gboolean amount_ok = new_deal_amount (request, &amount, &given);

  if (amount_ok)
    gtk_widget_remove_css_class (GTK_WIDGET (request->amount), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (request->amount), "error");
  adw_message_dialog_set_response_enabled (dialog, "create", *title != '\0' && amount_ok);
}

static void
deal_created_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RapportDealBoard) self = user_data;
  g_autoptr(JsonObject) deal = NULL;
  g_autoptr(GError) error = NULL;
  Column *column;

  deal = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);
  if (self->box == NULL)
    return;
  if (deal == NULL)
    {
      show_error (self, _("The Deal Was Not Created"), error);
      return;
    }
  if ((column = find_column (self, rapport_json_get_string (deal, "stage_id"))) != NULL)
    {
      g_free (column->focus_id);
      column->focus_id = g_strdup (rapport_json_get_string (deal, "id"));
    }
}

static void
new_deal_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      NewDeal          *request)
{
  RapportDealBoard *self = request->board;
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *user_id = rapport_store_get_user_id (self->store);
  gint64 amount = 0;
  gboolean given = FALSE;

  if (g_strcmp0 (response, "create") != 0 || !new_deal_amount (request, &amount, &given))
    return;
  json_object_set_string_member (fields, "title", gtk_editable_get_text (request->title));
  json_object_set_string_member (fields, "stage_id", request->stage_id);
  if (new_deal_currency (request) != NULL)
    json_object_set_string_member (fields, "currency", new_deal_currency (request));
  if (given)
    json_object_set_int_member (fields, "amount", amount);
  if (user_id != NULL)
    json_object_set_string_member (fields, "owner_id", user_id);

  rapport_store_create_async (self->store, "deal", fields, NULL, deal_created_cb,
                              g_object_ref (self));
}

static GtkWidget *
new_deal_entry (const char *label,
                GtkWidget  *box)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

/* The "+" of a column: a title, an amount in the user's currency, and the
 * deal is on the board in that stage. */
static void
new_deal_clicked_cb (GtkButton *button,
                     Column    *column)
{
  RapportDealBoard *self = column->board;
  g_autofree char *heading = NULL;
  g_autofree char *preset = rapport_preferences_default_currency ();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  const char * const *common = rapport_money_common_currencies ();
  GtkWidget *dialog, *box, *amount_box;
  NewDeal *request;
  guint selected = 0;

  /* Translators: the title of the dialog of a board column's "+"; %s is a stage */
  heading = g_strdup_printf (_("New Deal in %s"), column->name);
  request = g_new0 (NewDeal, 1);
  request->board = g_object_ref (self);
  request->stage_id = g_strdup (column->stage_id);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  request->title = GTK_EDITABLE (new_deal_entry (_("Title"), box));
  amount_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), amount_box);
  request->amount = GTK_EDITABLE (new_deal_entry (_("Amount"), amount_box));
  gtk_widget_set_hexpand (GTK_WIDGET (request->amount), TRUE);

  if (preset != NULL && !g_strv_contains (common, preset))
    g_strv_builder_add (codes, preset);
  g_strv_builder_addv (codes, (const char **) common);
  request->codes = g_strv_builder_end (codes);
  for (guint i = 0; request->codes[i] != NULL; i++)
    if (g_strcmp0 (request->codes[i], preset) == 0)
      selected = i;
  request->currency = GTK_DROP_DOWN (gtk_drop_down_new_from_strings ((const char * const *) request->codes));
  gtk_drop_down_set_selected (request->currency, selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (request->currency), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Currency"), -1);
  gtk_box_append (GTK_BOX (amount_box), GTK_WIDGET (request->currency));
  dialog = input_dialog_new (self, heading, NULL, box, "create", _("C_reate"),
                             ADW_RESPONSE_SUGGESTED);

  request->dialog = ADW_MESSAGE_DIALOG (dialog);
  g_signal_connect_swapped (request->title, "changed", G_CALLBACK (new_deal_changed_cb), request);
  g_signal_connect_swapped (request->amount, "changed", G_CALLBACK (new_deal_changed_cb), request);
  g_signal_connect_swapped (request->currency, "notify::selected",
                            G_CALLBACK (new_deal_changed_cb), request);
  g_signal_connect_data (dialog, "response", G_CALLBACK (new_deal_response_cb), request,
                         new_deal_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (request->title));
}

static Column *
add_column (RapportDealBoard   *self,
            RapportBoardColumn *board_column)
{
  Column *column = g_new0 (Column, 1);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *summary = describe_column (board_column);
  g_autofree char *add_label = NULL;
  GtkDropTarget *drop;
  GtkWidget *header, *title, *add, *scrolled;

  column->board = self;
  column->stage_id = g_strdup (board_column->stage_id);
  column->name = g_strdup (board_column->name);
  column->kind = g_strdup (board_column->kind);

  column->widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_size_request (column->widget, 240, -1);
  gtk_widget_add_css_class (column->widget, "card");
  gtk_widget_set_margin_top (column->widget, 6);
  gtk_widget_set_margin_bottom (column->widget, 6);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_widget_set_margin_top (header, 6);
  title = gtk_label_new (board_column->name);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (header), title);
  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (add, "flat");
  /* Translators: the tooltip of a board column's "+"; %s is a stage */
  add_label = g_strdup_printf (_("New Deal in %s"), board_column->name);
  gtk_widget_set_tooltip_text (add, add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
  g_signal_connect (add, "clicked", G_CALLBACK (new_deal_clicked_cb), column);
  gtk_box_append (GTK_BOX (header), add);
  gtk_box_append (GTK_BOX (column->widget), header);

  column->summary = GTK_LABEL (gtk_label_new (summary));
  gtk_label_set_xalign (column->summary, 0);
  gtk_label_set_wrap (column->summary, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (column->summary), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (column->summary), "caption");
  gtk_widget_set_margin_start (GTK_WIDGET (column->summary), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (column->summary), 12);
  gtk_box_append (GTK_BOX (column->widget), GTK_WIDGET (column->summary));

  column->model = rapport_record_list_model_new (self->changes, "deal");
  rapport_record_list_model_set_filter (column->model, "stage_id", column->stage_id);
  rapport_record_list_model_set_filter (column->model, "owner_id", owner_filter (self));
  column->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (column->model)));
  gtk_single_selection_set_autoselect (column->selection, FALSE);
  gtk_single_selection_set_can_unselect (column->selection, TRUE);
  g_signal_connect (column->model, "items-changed", G_CALLBACK (column_items_changed_cb), column);

  g_signal_connect (factory, "setup", G_CALLBACK (card_setup_cb), self);
  column->cards = g_hash_table_new (NULL, NULL);
  set_stale (column, board_column);
  g_signal_connect (factory, "bind", G_CALLBACK (card_bind_cb), column);
  g_signal_connect (factory, "unbind", G_CALLBACK (card_unbind_cb), column);
  column->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (column->selection)),
                                                        g_object_ref (factory)));
  gtk_widget_add_css_class (GTK_WIDGET (column->list_view), "navigation-sidebar");
  gtk_list_view_set_single_click_activate (column->list_view, TRUE);
  g_signal_connect (column->list_view, "activate", G_CALLBACK (card_activated_cb), column);
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

static void
board_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RapportDealBoard) self = user_data;
  g_autoptr(GPtrArray) board = NULL;
  g_autoptr(GError) error = NULL;

  board = rapport_store_load_board_finish (RAPPORT_STORE (object), result, &error);
  /* A newer load, or the board gone: this answer is stale. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (board == NULL)
    {
      g_warning ("Could not load the board: %s", error->message);
      return;
    }

  if (self->rebuild_pending || !same_stages (self, board))
    {
      self->rebuild_pending = FALSE;
      clear_columns (self);
      for (guint i = 0; i < board->len; i++)
        add_column (self, g_ptr_array_index (board, i));
    }
  else
    for (guint i = 0; i < board->len; i++)
      {
        Column *column = g_ptr_array_index (self->columns, i);
        g_autofree char *summary = describe_column (g_ptr_array_index (board, i));

        gtk_label_set_label (column->summary, summary);
        set_stale (column, g_ptr_array_index (board, i));
      }
  if (self->focus_first_pending && self->columns->len > 0)
    {
      Column *first = g_ptr_array_index (self->columns, 0);

      first->focus_first = TRUE;
      column_items_changed_cb (G_LIST_MODEL (first->model), 0, 0, 0, first);
    }
  self->focus_first_pending = FALSE;
}

/* Reads the totals again, in a worker thread: they sum every deal of the
 * pipeline. Rebuilds the columns only if the stages changed, or if this
 * or a load it replaces was asked to. */
static void
refresh (RapportDealBoard *self,
         gboolean          force_rebuild)
{
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  self->rebuild_pending |= force_rebuild;
  if (self->pipeline_id == NULL)
    {
      clear_columns (self);
      return;
    }
  self->loading = g_cancellable_new ();
  rapport_store_load_board_async (self->store, self->pipeline_id, owner_filter (self), self->loading,
                                  board_loaded_cb, g_object_ref (self));
}

static void
show_pipelines (RapportDealBoard *self,
                GPtrArray        *pipelines)
{
  guint selected = 0;

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

/* The cards name owners by their names; a team is small. */
static void
show_owner_names (RapportDealBoard *self,
                  GPtrArray        *users)
{
  g_hash_table_remove_all (self->owner_names);
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);

      g_hash_table_insert (self->owner_names,
                           g_strdup (json_object_get_string_member (user, "id")),
                           rapport_team_users_name (user));
    }
}

/* What the board is set up with, read in a worker thread. */
typedef struct
{
  GPtrArray *pipelines; /* (owned) (element-type JsonObject) */
  GPtrArray *users;     /* (owned) (element-type JsonObject) */
} Setup;

static void
setup_free (Setup *setup)
{
  g_clear_pointer (&setup->pipelines, g_ptr_array_unref);
  g_clear_pointer (&setup->users, g_ptr_array_unref);
  g_free (setup);
}

static gpointer
read_setup (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  GPtrArray *pipelines = rapport_store_list_pipelines (store, error);
  Setup *setup;

  if (pipelines == NULL)
    return NULL;
  setup = g_new0 (Setup, 1);
  setup->pipelines = pipelines;
  setup->users = rapport_team_users_load (store);
  return setup;
}

static void
setup_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportDealBoard *self = user_data;
  Setup *setup;
  g_autoptr(GError) error = NULL;

  setup = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer read, or the board gone (its dispose cancels). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->setting_up);
  if (setup == NULL)
    {
      g_warning ("Could not list the pipelines: %s", error->message);
      return;
    }
  show_owner_names (self, setup->users);
  show_pipelines (self, setup->pipelines);
  setup_free (setup);
  update_manage_button (self);
  refresh (self, TRUE);
}

/* Reads the pipelines and the team in a worker thread, then the board. */
static void
rebuild (RapportDealBoard *self)
{
  rapport_cancellable_renew (&self->setting_up);
  rapport_store_read_async (self->store, read_setup, NULL, NULL, (GDestroyNotify) setup_free,
                            self->setting_up, setup_read_cb, self);
}

/* Once per burst of commits and record type, not once per page of a sync. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportDealBoard     *self)
{
  if (g_str_equal (entity, "deal"))
    {
      refresh (self, FALSE);
      return;
    }
  if (!g_str_equal (entity, "stage") && !g_str_equal (entity, "pipeline") &&
      !g_str_equal (entity, "user"))
    return;
  /* Redraw the cards with the new names and stages. */
  rebuild (self);
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

  g_cancellable_cancel (self->setting_up);
  g_clear_object (&self->setting_up);
  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->columns != NULL)
    clear_columns (self);
  g_clear_signal_handler (&self->changed_id, self->changes);
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
  g_clear_pointer (&self->owner_names, g_hash_table_unref);
  g_clear_object (&self->changes);
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
  GtkWidget *toolbar, *mine, *scrolled;

  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  self->pipeline_ids = g_ptr_array_new_with_free_func (g_free);
  self->owner_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (toolbar, 12);
  gtk_widget_set_margin_end (toolbar, 12);
  gtk_widget_set_margin_top (toolbar, 6);
  gtk_box_append (GTK_BOX (self->box), toolbar);

  self->pipeline_names = gtk_string_list_new (NULL);
  self->pipeline_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->pipeline_names),
                                                              NULL));
  /* No label beside it: the toolbar fits a phone's width. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pipeline_dropdown), _("Pipeline"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pipeline_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipeline"), -1);
  g_signal_connect_swapped (self->pipeline_dropdown, "notify::selected",
                            G_CALLBACK (pipeline_selected_cb), self);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->pipeline_dropdown));

  mine = gtk_toggle_button_new_with_label (_("Mine"));
  gtk_widget_set_tooltip_text (mine, _("Show only my deals"));
  g_signal_connect (mine, "toggled", G_CALLBACK (mine_toggled_cb), self);
  gtk_box_append (GTK_BOX (toolbar), mine);

  /* An icon: with the pipeline and Mine it fits a phone's width. */
  self->manage_button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_tooltip_text (self->manage_button, _("Edit Stages…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->manage_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Edit Stages…"), -1);
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
rapport_deal_board_new (RapportChangeMonitor *changes)
{
  RapportDealBoard *self;

  g_return_val_if_fail (RAPPORT_IS_CHANGE_MONITOR (changes), NULL);

  self = g_object_new (RAPPORT_TYPE_DEAL_BOARD, NULL);
  self->changes = g_object_ref (changes);
  self->store = g_object_ref (rapport_change_monitor_get_store (changes));
  self->changed_id = g_signal_connect (changes, "changed", G_CALLBACK (store_changed_cb), self);
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
  self->focus_first_pending = TRUE;
}
