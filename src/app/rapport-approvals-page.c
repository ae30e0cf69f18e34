/* rapport-approvals-page.c: the requests a manager or an admin may decide
 *
 * The Approvals section, for managers and admins only: on the left the
 * pending approval requests the signed-in user may decide (not their own,
 * not of documents they own, one for an admin only for admins), most
 * recently changed first; on the right the chosen one: the document's
 * number, customer and total in its currency, who asked and why, and
 * Approve, Reject and, for admins, Override. Rejecting and overriding need
 * a reason of 10 characters at least, said at the reason's field, and
 * nothing is written until there is one. A decision is an update of the
 * request with the document's hash as the approver saw it; the server
 * accepts it or keeps it as stale, and what it did comes back with the
 * next sync (rapport_approval_decision()).
 *
 * The list is read in a worker (rapport_store_approval_inbox()), again
 * whenever requests, documents or users change, shown or not: the count in
 * the sidebar follows it. Like the Team section it is a page of the
 * window's main stack with a header of its own; it, and the sidebar's
 * entry bound to it, shows only to managers and admins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approvals-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-approval.h"
#include "rapport-approvals-page.h"
#include "rapport-cancellable.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-numbering.h"
#include "rapport-plain-text.h"
#include "rapport-record.h"
#include "rapport-stack-page.h"
#include "rapport-store-approvals.h"
#include "rapport-store-async.h"
#include "rapport-team.h"
#include "rapport-when.h"
#include "rapport-window.h"

/* What the server asks of a rejection's or an override's reason. */
#define MIN_REASON_LENGTH 10

struct _RapportApprovalsPage
{
  GtkWidget             parent_instance;

  RapportContext       *context;    /* (owned) (nullable): until the window gives it */
  RapportStore         *store;      /* (owned) (nullable) */
  RapportChangeMonitor *changes;    /* (owned) (nullable) */
  gulong                changed_id;
  GCancellable         *loading;    /* (owned) (nullable) */
  JsonObject           *inbox;      /* (owned) (nullable): the last read */
  char                 *request_id; /* (owned) (nullable): the request shown */
  JsonObject           *shown;      /* (owned) (nullable): its item, as shown: a decision
                                     * is of the document the approver saw */
  char                 *saved_title; /* (owned) (nullable) */
  gboolean              filling;

  AdwLeaflet           *leaflet;
  AdwHeaderBar         *list_header;
  GtkStack             *list_stack;
  GtkListBox           *requests_list;
  GtkWidget            *request_pane;
  AdwHeaderBar         *request_header;
  AdwWindowTitle       *request_title;
  GtkWidget            *request_back_button;
  GtkStack             *request_stack;
  GtkBox               *request_box;
  GtkWidget            *reason_row;   /* (unowned) (nullable): in request_box */
  GtkWidget            *reason_error; /* (unowned) (nullable): in request_box */
};

G_DEFINE_FINAL_TYPE (RapportApprovalsPage, rapport_approvals_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_COUNT,
  PROP_COUNT_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (RapportApprovalsPage *self);

static JsonArray *
items (RapportApprovalsPage *self)
{
  return rapport_json_get_array (self->inbox, "items");
}

static const char *
request_id (JsonObject *item)
{
  return rapport_json_get_string (rapport_json_get_object (item, "request"), "id");
}

static const char *
document_hash (JsonObject *item)
{
  return rapport_json_get_string (rapport_json_get_object (item, "document"), "doc_hash");
}

static JsonObject *
find_item (RapportApprovalsPage *self,
           const char           *id)
{
  JsonArray *all = items (self);

  for (guint i = 0; all != NULL && i < json_array_get_length (all); i++)
    {
      JsonObject *item = json_array_get_object_element (all, i);

      if (g_strcmp0 (request_id (item), id) == 0)
        return item;
    }
  return NULL;
}

/* "Q-2026-00042 · Office chairs": how a document is named in a row. */
static char *
document_name (JsonObject *item)
{
  const RapportEntity *entity = rapport_entity_lookup (rapport_json_get_string (item, "entity"));
  JsonObject *document = rapport_json_get_object (item, "document");
  g_autofree char *number = rapport_record_number (entity, document);
  g_autofree char *title = rapport_record_title (entity, document);

  if (number == NULL)
    return g_steal_pointer (&title);
  return g_strdup_printf ("%s · %s", number, title);
}

static char *
document_total (JsonObject *item)
{
  JsonObject *document = rapport_json_get_object (item, "document");

  return rapport_money_format (rapport_json_get_int (document, "total", 0),
                               rapport_json_get_string (document, "currency"));
}

static GtkWidget *
value_row_new (const char *title,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *label = g_strdup_printf ("%s: %s", title, value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

static void
add_value (GtkWidget  *group,
           const char *title,
           const char *value)
{
  if (value != NULL && *value != '\0')
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), value_row_new (title, value));
}

static GtkWidget *
group_new (GtkBox     *box,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (box, group);
  return group;
}

static GtkWidget *
button_new (const char *label,
            const char *action,
            const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  return button;
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
set_reason_error (RapportApprovalsPage *self,
                  const char           *error)
{
  if (self->reason_row == NULL)
    return;
  gtk_label_set_label (GTK_LABEL (self->reason_error), error != NULL ? error : "");
  gtk_widget_set_visible (self->reason_error, error != NULL);
  if (error != NULL)
    {
      gtk_widget_add_css_class (self->reason_row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->reason_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->reason_row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->reason_row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->reason_row),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
reason_changed_cb (RapportApprovalsPage *self)
{
  set_reason_error (self, NULL);
}

/* The chosen request, or "none". */
static void
show_request (RapportApprovalsPage *self)
{
  JsonObject *item = self->request_id != NULL ? find_item (self, self->request_id) : NULL;
  JsonObject *request, *document;
  const RapportEntity *entity;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *total = NULL;
  g_autofree char *asked = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_auto(GStrv) reasons = NULL;
  GtkWidget *group, *buttons, *label;
  g_autofree char *typed = NULL;
  gboolean admin;

  /* Shown again with a changed document: what was typed stays. */
  if (self->reason_row != NULL && self->shown != NULL &&
      g_strcmp0 (request_id (self->shown), self->request_id) == 0)
    typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row)));
  self->reason_row = self->reason_error = NULL;
  clear_box (self->request_box);
  g_clear_pointer (&self->shown, json_object_unref);
  if (item == NULL)
    {
      adw_window_title_set_title (self->request_title, "");
      gtk_stack_set_visible_child_name (self->request_stack, "none");
      return;
    }
  self->shown = json_object_ref (item);
  request = rapport_json_get_object (item, "request");
  document = rapport_json_get_object (item, "document");
  entity = rapport_entity_lookup (rapport_json_get_string (item, "entity"));
  number = rapport_record_number (entity, document);
  title = rapport_record_title (entity, document);
  total = document_total (item);
  adw_window_title_set_title (self->request_title, number != NULL ? number : title);

  group = group_new (self->request_box, rapport_labels_singular (entity));
  add_value (group, _("Number"), number);
  add_value (group, rapport_labels_field (entity, "title"), title);
  add_value (group, _("Customer"), rapport_json_get_string (item, "customer"));
  add_value (group, rapport_labels_field (entity, "total"), total);
  if (rapport_json_get_string (item, "requester") != NULL)
    {
      g_autofree char *when = rapport_when_near (rapport_json_get_string (request, "submitted_at"),
                                                 now);

      asked = when != NULL ? g_strdup_printf ("%s · %s", rapport_json_get_string (item, "requester"),
                                              when)
                           : g_strdup (rapport_json_get_string (item, "requester"));
    }
  add_value (group, _("Asked By"), asked);
  add_value (group, _("Comment"), rapport_json_get_string (request, "comment"));
  {
    GtkWidget *open = button_new (_("_Open"), "approvals.open-document", "flat");

    gtk_widget_set_tooltip_text (open, rapport_labels_singular (entity));
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), open);
  }

  group = group_new (self->request_box, _("Approval Reasons"));
  /* The local rules' words are in the user's language, the server's in its
   * own: the server's when the local rules see nothing (not synced yet). */
  reasons = g_strsplit (rapport_json_get_string (item, "local_reasons") != NULL
                        ? rapport_json_get_string (item, "local_reasons")
                        : rapport_json_get_string (request, "reasons") != NULL
                        ? rapport_json_get_string (request, "reasons") : "", "\n", -1);
  for (guint i = 0; reasons[i] != NULL; i++)
    {
      GtkWidget *row;

      if (*reasons[i] == '\0')
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reasons[i]);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  group = group_new (self->request_box, _("Decision"));
  self->reason_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reason_row), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  if (typed != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->reason_row), typed);
  g_signal_connect_swapped (self->reason_row, "changed", G_CALLBACK (reason_changed_cb), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->reason_row);
  label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_visible (label, FALSE);
  self->reason_error = label;
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);

  buttons = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (buttons), FALSE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 12);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                       button_new (_("_Approve"), "approvals.approve", "suggested-action"));
  gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                       button_new (_("_Reject"), "approvals.reject", "destructive-action"));
  admin = g_strcmp0 (rapport_json_get_string (self->inbox, "role"), "admin") == 0;
  if (admin)
    gtk_flow_box_append (GTK_FLOW_BOX (buttons),
                         button_new (_("O_verride"), "approvals.override", NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  gtk_stack_set_visible_child_name (self->request_stack, "request");
}

static GtkWidget *
request_row_new (JsonObject *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  g_autofree char *name = document_name (item);
  g_autofree char *total = document_total (item);
  const char *requester = rapport_json_get_string (item, "requester");
  const char *customer = rapport_json_get_string (item, "customer");
  g_autofree char *subtitle = NULL;
  GtkWidget *label;

  /* "CN¥530.00 · Huaxin Office Supplies · Lucas Martin" */
  subtitle = g_strjoin (" · ", total, customer != NULL ? customer : requester,
                        customer != NULL ? requester : NULL, NULL);
  label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (subtitle);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
  g_object_set_data_full (G_OBJECT (row), "rapport-request-id", g_strdup (request_id (item)),
                          g_free);
  return row;
}

static void
fill (RapportApprovalsPage *self)
{
  JsonArray *all = items (self);
  guint n = all != NULL ? json_array_get_length (all) : 0;
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->requests_list);
  int was_at = selected != NULL ? gtk_list_box_row_get_index (selected) : -1;
  GtkWidget *child;

  self->filling = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list))) != NULL)
    gtk_list_box_remove (self->requests_list, child);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (all, i);
      GtkWidget *row = request_row_new (item);

      gtk_list_box_append (self->requests_list, row);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "rapport-request-id"),
                     self->request_id) == 0)
        gtk_list_box_select_row (self->requests_list, GTK_LIST_BOX_ROW (row));
    }
  self->filling = FALSE;
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  /* The request shown stays while it waits; decided, it goes, and the one
   * after it is shown, as a mail reader goes on to the next message. */
  if (self->request_id != NULL && find_item (self, self->request_id) == NULL)
    {
      GtkListBoxRow *next = n > 0 ? gtk_list_box_get_row_at_index (self->requests_list,
                                                                   MIN ((guint) MAX (was_at, 0), n - 1))
                                  : NULL;

      g_clear_pointer (&self->request_id, g_free);
      if (next != NULL)
        {
          self->request_id = g_strdup (g_object_get_data (G_OBJECT (next), "rapport-request-id"));
          self->filling = TRUE;
          gtk_list_box_select_row (self->requests_list, next);
          self->filling = FALSE;
        }
    }
  /* Shown again when its document changed: the approver decides on what
   * they see. */
  if (self->request_id == NULL || self->shown == NULL ||
      g_strcmp0 (document_hash (self->shown),
                 document_hash (find_item (self, self->request_id))) != 0)
    show_request (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_TEXT]);
}

/* The window's stack of pages, which the page goes back from. */
static GtkStack *
get_stack (RapportApprovalsPage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return GTK_IS_STACK (parent) ? GTK_STACK (parent) : NULL;
}

/* Managers and admins only: the page and its sidebar entry show or hide. */
static void
update_access (RapportApprovalsPage *self)
{
  GtkStack *stack = get_stack (self);
  gboolean allowed = rapport_role_can_see_team (rapport_json_get_string (self->inbox, "role"));

  if (!allowed && stack != NULL && gtk_stack_get_visible_child (stack) == GTK_WIDGET (self))
    gtk_stack_set_visible_child_name (stack, "main");
  gtk_widget_set_visible (GTK_WIDGET (self), allowed);
}

static void
inbox_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportApprovalsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *inbox = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (inbox == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Approvals: %s", error->message);
      return;
    }
  g_clear_pointer (&self->inbox, json_object_unref);
  self->inbox = inbox;
  update_access (self);
  fill (self);
}

static gpointer
read_inbox (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  return rapport_store_approval_inbox (store, error);
}

static void
reload (RapportApprovalsPage *self)
{
  if (self->store == NULL)
    return;
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_inbox, NULL, NULL,
                            (GDestroyNotify) json_object_unref, self->loading, inbox_ready_cb,
                            g_object_ref (self));
}

static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportApprovalsPage *self)
{
  if (g_str_equal (entity, "approval_request") || g_str_equal (entity, "quote") ||
      g_str_equal (entity, "sales_order") || g_str_equal (entity, "user") ||
      g_str_equal (entity, "company") || g_str_equal (entity, "contact"))
    reload (self);
}

static void
choose (RapportApprovalsPage *self,
        GtkListBoxRow        *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "rapport-request-id");

  if (g_strcmp0 (id, self->request_id) == 0 &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->request_stack), "request") == 0)
    return;
  g_free (self->request_id);
  self->request_id = g_strdup (id);
  show_request (self);
}

static void
request_activated_cb (RapportApprovalsPage *self,
                      GtkListBoxRow        *row)
{
  choose (self, row);
  adw_leaflet_set_visible_child (self->leaflet, self->request_pane);
}

static void
request_selected_cb (RapportApprovalsPage *self,
                     GtkListBoxRow        *row)
{
  if (row == NULL || self->filling)
    return;
  choose (self, row);
}

static void
folded_changed_cb (RapportApprovalsPage *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);

  adw_header_bar_set_show_end_title_buttons (self->list_header, folded);
  adw_header_bar_set_show_start_title_buttons (self->request_header, folded);
  gtk_widget_set_visible (self->request_back_button, folded);
}

static void
decided_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportApprovalsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_update_finish (RAPPORT_STORE (object), result,
                                                              &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *text;

  if (record == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  text = record != NULL ? _("Decision saved: the server gets it at the next sync")
                        : error->message;
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), rapport_toast_new_plain (text));
}

static void
decide (RapportApprovalsPage *self,
        const char           *status,
        gboolean              reason_required)
{
  JsonObject *item = self->shown;
  g_autofree char *reason = NULL;
  g_autoptr(JsonObject) changes = NULL;

  if (item == NULL || self->reason_row == NULL)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  if (reason_required && g_utf8_strlen (reason, -1) < MIN_REASON_LENGTH)
    {
      /* At the field, before anything is written: the server would refuse it. */
      set_reason_error (self, _("Say why, in 10 characters at least"));
      gtk_widget_grab_focus (self->reason_row);
      return;
    }
  changes = rapport_approval_decision (status, rapport_json_get_object (item, "document"),
                                       rapport_json_get_object (item, "request"), reason);
  rapport_store_update_async (self->store, "approval_request", request_id (item), changes, NULL,
                              decided_cb, g_object_ref (self));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  decide (RAPPORT_APPROVALS_PAGE (widget), "approved", FALSE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  decide (RAPPORT_APPROVALS_PAGE (widget), "rejected", TRUE);
}

static void
override_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  decide (RAPPORT_APPROVALS_PAGE (widget), "overridden", TRUE);
}

static void
open_document_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  JsonObject *item = RAPPORT_APPROVALS_PAGE (widget)->shown;

  if (item == NULL)
    return;
  gtk_widget_activate_action (widget, "win.open-record", "(ss)",
                              rapport_json_get_string (item, "entity"),
                              rapport_json_get_string (rapport_json_get_object (item, "document"),
                                                       "id"));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkStack *stack = get_stack (RAPPORT_APPROVALS_PAGE (widget));

  if (stack != NULL)
    gtk_stack_set_visible_child_name (stack, "main");
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  adw_leaflet_navigate (RAPPORT_APPROVALS_PAGE (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* The window's title says the section while the page shows. */
static void
shown_changed_cb (GtkWidget *widget,
                  gboolean   shown)
{
  RapportApprovalsPage *self = RAPPORT_APPROVALS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (!GTK_IS_WINDOW (root) || shown == (self->saved_title != NULL))
    return;
  if (shown)
    {
      g_autofree char *title = NULL;

      self->saved_title = g_strdup (gtk_window_get_title (GTK_WINDOW (root)));
      /* Translators: the window's title on the Approvals page; %s is its usual title */
      title = g_strdup_printf (_("Approvals — %s"), self->saved_title ? self->saved_title
                                                                       : "Rapport");
      gtk_window_set_title (GTK_WINDOW (root), title);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (root), self->saved_title);
      g_clear_pointer (&self->saved_title, g_free);
    }
}

static void
rapport_approvals_page_dispose (GObject *object)
{
  RapportApprovalsPage *self = (RapportApprovalsPage *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
  self->reason_row = self->reason_error = NULL;
#if GTK_CHECK_VERSION(4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_APPROVALS_PAGE);
#else
  g_clear_pointer ((GtkWidget **) &self->leaflet, gtk_widget_unparent);
#endif

  G_OBJECT_CLASS (rapport_approvals_page_parent_class)->dispose (object);
}

static void
rapport_approvals_page_finalize (GObject *object)
{
  RapportApprovalsPage *self = (RapportApprovalsPage *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->inbox, json_object_unref);
  g_clear_pointer (&self->request_id, g_free);
  g_clear_pointer (&self->shown, json_object_unref);
  g_clear_pointer (&self->saved_title, g_free);

  G_OBJECT_CLASS (rapport_approvals_page_parent_class)->finalize (object);
}

static void
set_context (RapportApprovalsPage *self,
             RapportContext       *context)
{
  if (!rapport_context_set_once (G_OBJECT (self), &self->context, context))
    return;
  self->store = g_object_ref (rapport_context_get_store (self->context));
  self->changes = g_object_ref (rapport_context_get_changes (self->context));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (store_changed_cb),
                                       self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
rapport_approvals_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportApprovalsPage *self = RAPPORT_APPROVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, rapport_approvals_page_get_count (self));
      break;

    case PROP_COUNT_TEXT:
      {
        guint count = rapport_approvals_page_get_count (self);

        g_value_take_string (value, count > 0 ? g_strdup_printf ("%u", count) : g_strdup (""));
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_approvals_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportApprovalsPage *self = RAPPORT_APPROVALS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_approvals_page_class_init (RapportApprovalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_approvals_page_dispose;
  object_class->finalize = rapport_approvals_page_finalize;
  object_class->get_property = rapport_approvals_page_get_property;
  object_class->set_property = rapport_approvals_page_set_property;

  /**
   * RapportApprovalsPage:context:
   *
   * The book's store and changes; set once, by the window.
   */
  properties[PROP_CONTEXT] = rapport_context_param_spec ();
  /**
   * RapportApprovalsPage:count:
   *
   * How many requests wait for the signed-in user's decision.
   */
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RapportApprovalsPage:count-text:
   *
   * The count as the sidebar shows it: empty for none.
   */
  properties[PROP_COUNT_TEXT] =
    g_param_spec_string ("count-text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-approvals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, list_header);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, requests_list);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, request_pane);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, request_header);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, request_title);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, request_back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, request_stack);
  gtk_widget_class_bind_template_child (widget_class, RapportApprovalsPage, request_box);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, request_activated_cb);

  gtk_widget_class_install_action (widget_class, "approvals.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "approvals.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "approvals.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "approvals.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "approvals.override", NULL, override_action);
  gtk_widget_class_install_action (widget_class, "approvals.open-document", NULL,
                                   open_document_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_approvals_page_init (RapportApprovalsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->requests_list, "row-selected",
                            G_CALLBACK (request_selected_cb), self);
  folded_changed_cb (self);
  rapport_stack_page_follow (GTK_WIDGET (self), shown_changed_cb);
  /* Hidden until the role is known. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_approvals_page_get_count:
 *
 * Returns: how many requests wait for the signed-in user's decision
 */
guint
rapport_approvals_page_get_count (RapportApprovalsPage *self)
{
  JsonArray *all;

  g_return_val_if_fail (RAPPORT_IS_APPROVALS_PAGE (self), 0);

  all = items (self);
  return all != NULL ? json_array_get_length (all) : 0;
}
