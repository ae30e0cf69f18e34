/* rapport-document-actions.c: what can be done next with a quote or an order
 *
 * Under the approval strip of a quote's or an order's page, the buttons
 * for the steps its state allows and the user may take (a rep on what
 * they own, a manager or an admin on any):
 * - a quote: Send once drafted or approved (a draft that the rules send
 *   to approval shows the strip's Submit instead), then Accept, Decline
 *   or New Revision; New Revision too once declined or expired; Cancel
 *   while it is not final;
 * - an order: Confirm a draft that needs no approval, Amend a confirmed
 *   one, Close it once fulfilled, Cancel it until then;
 * - a superseded one: the way to its latest revision.
 * The next step is the suggested action; Cancel is destructive and asks
 * first, saying what it does. Each step is a write of the document's
 * state (a new revision, an amendment, a copy) that the server checks at
 * the next sync: a refusal comes back as a failed change in the server's
 * words. New Revision and Amend open the new draft.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-document-actions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-change-monitor.h"
#include "rapport-cancellable.h"
#include "rapport-document-actions.h"
#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-plain-text.h"
#include "rapport-store-approvals.h"
#include "rapport-store-async.h"
#include "rapport-store-revise.h"
#include "rapport-team.h"
#include "rapport-window.h"

struct _RapportDocumentActions
{
  GtkBox                parent_instance;

  RapportStore         *store;     /* (owned) */
  RapportChangeMonitor *changes;   /* (owned) */
  gulong                changed_id;
  const RapportEntity  *entity;
  char                 *id;        /* (owned) */
  GCancellable         *loading;   /* (owned) (nullable) */
  JsonObject           *status;    /* (owned) (nullable): the last read */
};

G_DEFINE_FINAL_TYPE (RapportDocumentActions, rapport_document_actions, GTK_TYPE_BOX)

static void
show_error (GtkWidget *widget,
            GError    *error)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), rapport_toast_new_plain (error->message));
  else
    g_warning ("%s", error->message);
}

static gboolean
is_quote (RapportDocumentActions *self)
{
  return g_str_equal (self->entity->name, "quote");
}

static JsonObject *
document (RapportDocumentActions *self)
{
  return rapport_json_get_object (self->status, "document");
}

/* Whether the server lets the signed-in user change the document: a rep
 * what they own or nobody owns. Without an account everything is here. */
static gboolean
may_write (RapportDocumentActions *self)
{
  const char *role = rapport_json_get_string (self->status, "role");
  const char *user_id = rapport_json_get_string (self->status, "user_id");
  const char *owner = rapport_json_get_string (document (self), "owner_id");

  return role == NULL || user_id == NULL || owner == NULL || g_str_equal (owner, user_id) ||
         g_str_equal (role, "manager") || g_str_equal (role, "admin");
}

/* A draft the local rules send to approval: the strip offers Submit. */
static gboolean
needs_approval (RapportDocumentActions *self)
{
  JsonArray *matches = rapport_json_get_array (self->status, "matches");

  return matches != NULL && json_array_get_length (matches) > 0;
}

static void
clear (RapportDocumentActions *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
}

static GtkWidget *
add_row (RapportDocumentActions *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_halign (row, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (self), row);
  return row;
}

static GtkWidget *
add_button (GtkWidget  *row,
            const char *label,
            const char *action,
            const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  /* The next steps stand out; Cancel is there, not pressed upon one. */
  if (g_strcmp0 (css_class, "destructive-action") != 0)
    gtk_widget_add_css_class (button, "pill");
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  gtk_box_append (GTK_BOX (row), button);
  return button;
}

/* A superseded document: which revision replaced it, and the way there. */
static void
add_latest (RapportDocumentActions *self)
{
  JsonObject *latest = rapport_json_get_object (self->status, "latest");
  gint64 revision = latest != NULL ? json_object_get_int_member_with_default (latest, "revision", 0)
                                   : 0;
  g_autofree char *text = NULL;
  GtkWidget *label;

  /* A revision made elsewhere and not yet pulled: nothing to open here. */
  if (latest == NULL)
    {
      label = gtk_label_new (_("A newer revision replaces this one: it comes with the next sync"));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (self), label);
      return;
    }
  text = g_strdup_printf (_("_Open Revision %d"), (int) revision);
  add_button (add_row (self), text, "document.open-latest", "suggested-action");
}

static gboolean
is_one_of (const char         *state,
           const char * const *states)
{
  return state != NULL && g_strv_contains (states, state);
}

static void
render (RapportDocumentActions *self)
{
  const char *state = rapport_json_get_string (document (self), "state");
  static const char * const cancellable[] = {
    "draft", "pending_approval", "approved", "sent", "confirmed", "partially_fulfilled", NULL
  };
  static const char * const revisable[] = { "sent", "declined", "expired", NULL };
  static const char * const amendable[] = { "confirmed", "partially_fulfilled", NULL };
  GtkWidget *row;
  guint n_next = 0;

  clear (self);
  if (g_strcmp0 (state, "superseded") == 0)
    {
      add_latest (self);
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      return;
    }
  if (!may_write (self))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  row = add_row (self);
  if (is_quote (self))
    {
      if ((g_strcmp0 (state, "draft") == 0 && !needs_approval (self)) ||
          g_strcmp0 (state, "approved") == 0)
        {
          add_button (row, C_("quote action", "_Send"), "document.send", "suggested-action");
          n_next++;
        }
      if (g_strcmp0 (state, "sent") == 0)
        {
          add_button (row, C_("quote action", "_Accept"), "document.accept", "suggested-action");
          add_button (row, C_("quote action", "_Decline"), "document.decline", NULL);
          n_next += 2;
        }
      if (is_one_of (state, revisable))
        {
          add_button (row, _("_New Revision"), "document.revise",
                      n_next == 0 ? "suggested-action" : NULL);
          n_next++;
        }
    }
  else if (g_strcmp0 (state, "draft") == 0 && !needs_approval (self))
    {
      add_button (row, _("C_onfirm Order"), "document.confirm", "suggested-action");
      n_next++;
    }
  else if (is_one_of (state, amendable))
    {
      add_button (row, _("_Amend Order"), "document.amend", NULL);
      n_next++;
    }
  else if (g_strcmp0 (state, "fulfilled") == 0)
    {
      add_button (row, _("C_lose Order"), "document.close", "suggested-action");
      n_next++;
    }
  /* Cancel apart, under the next step: it cannot be undone. */
  if (is_one_of (state, cancellable))
    add_button (n_next > 0 ? add_row (self) : row,
                is_quote (self) ? _("_Cancel Quote…") : _("_Cancel Order…"), "document.cancel",
                "destructive-action");
  gtk_widget_set_visible (GTK_WIDGET (self), n_next > 0 || is_one_of (state, cancellable));
}

static void
status_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RapportDocumentActions) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *status = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (status == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
        g_warning ("Actions of %s: %s", self->id, error->message);
      return;
    }
  g_clear_pointer (&self->status, json_object_unref);
  self->status = status;
  render (self);
}

typedef struct
{
  char *entity;
  char *id;
} Target;

static void
target_free (Target *target)
{
  g_free (target->entity);
  g_free (target->id);
  g_free (target);
}

static Target *
target_new (RapportDocumentActions *self)
{
  Target *target = g_new0 (Target, 1);

  target->entity = g_strdup (self->entity->name);
  target->id = g_strdup (self->id);
  return target;
}

/* The approval status (whether a draft needs approval), the user's role,
 * and a superseded document's latest revision. */
static gpointer
read_status (RapportStore  *store,
             gpointer       data,
             GError       **error)
{
  Target *target = data;
  g_autoptr(JsonObject) status = NULL;
  g_autofree char *role = NULL;
  JsonObject *document;

  if (!(status = rapport_store_approval_status (store, target->entity, target->id, error)))
    return NULL;
  if ((role = rapport_store_get_signed_in_role (store)) != NULL)
    json_object_set_string_member (status, "role", role);
  document = rapport_json_get_object (status, "document");
  if (g_strcmp0 (rapport_json_get_string (document, "state"), "superseded") == 0)
    {
      g_autoptr(GError) local_error = NULL;
      JsonObject *latest = rapport_store_latest_revision (store, target->entity, target->id,
                                                          &local_error);

      if (latest != NULL)
        json_object_set_object_member (status, "latest", latest);
      else if (local_error != NULL)
        g_warning ("Latest revision of %s: %s", target->id, local_error->message);
    }
  return g_steal_pointer (&status);
}

static void
reload (RapportDocumentActions *self)
{
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_status, target_new (self),
                            (GDestroyNotify) target_free, (GDestroyNotify) json_object_unref,
                            self->loading, status_ready_cb, g_object_ref (self));
}

static void
store_changed_cb (RapportChangeMonitor   *changes,
                  const char             *entity,
                  const char * const     *ids,
                  RapportDocumentActions *self)
{
  /* Whether a draft needs approval follows its lines and the rules; a
   * superseded one's latest revision arrives with a sync. */
  if (g_str_equal (entity, "approval_request") || g_str_equal (entity, "approval_rule") ||
      g_str_has_suffix (entity, "_line") || g_str_equal (entity, self->entity->name))
    reload (self);
}

static void
updated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_update_finish (RAPPORT_STORE (object), result,
                                                              &error);

  if (record == NULL)
    show_error (widget, error);
}

/* Asks the store for @state; the server checks it at the next sync. */
static void
set_state (RapportDocumentActions *self,
           const char             *state)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  if (document (self) == NULL)
    return;
  json_object_set_string_member (changes, "state", state);
  rapport_store_update_async (self->store, self->entity->name, self->id, changes, NULL,
                              updated_cb, g_object_ref (self));
}

static void
state_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RapportDocumentActions *self = RAPPORT_DOCUMENT_ACTIONS (widget);
  static const struct
  {
    const char *action;
    const char *state;
  } states[] = {
    { "document.send", "sent" },
    { "document.accept", "accepted" },
    { "document.decline", "declined" },
    { "document.confirm", "confirmed" },
    { "document.close", "closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    if (g_str_equal (action_name, states[i].action))
      set_state (self, states[i].state);
}

static void
open_record (GtkWidget  *widget,
             const char *entity,
             const char *id)
{
  gtk_widget_activate_action (widget, "win.open-record", "(ss)", entity, id);
}

static void
revised_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportDocumentActions) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) revision = rapport_store_write_finish (RAPPORT_STORE (object), result,
                                                               &error);

  if (revision == NULL)
    {
      show_error (GTK_WIDGET (self), error);
      return;
    }
  /* The page this is on may be gone already: the window opens it. */
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    open_record (GTK_WIDGET (self), self->entity->name,
                 rapport_json_get_string (revision, "id"));
}

static gpointer
revise (RapportStore  *store,
        gpointer       data,
        GError       **error)
{
  Target *target = data;

  return rapport_store_revise (store, target->entity, target->id, error);
}

static void
revise_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportDocumentActions *self = RAPPORT_DOCUMENT_ACTIONS (widget);

  rapport_store_write_async (self->store, revise, target_new (self), (GDestroyNotify) target_free,
                             (GDestroyNotify) json_object_unref, NULL, revised_cb,
                             g_object_ref (self));
}

static void
open_latest_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RapportDocumentActions *self = RAPPORT_DOCUMENT_ACTIONS (widget);
  JsonObject *latest = rapport_json_get_object (self->status, "latest");

  if (latest != NULL)
    open_record (widget, self->entity->name, rapport_json_get_string (latest, "id"));
}

static void
cancel_response_cb (AdwMessageDialog       *dialog,
                    const char             *response,
                    RapportDocumentActions *self)
{
  if (g_strcmp0 (response, "cancel-document") == 0)
    set_state (self, "cancelled");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportDocumentActions *self = RAPPORT_DOCUMENT_ACTIONS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *number = rapport_record_number (self->entity, document (self));
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (document (self) == NULL)
    return;
  body = is_quote (self)
    /* Translators: %s is the quote's number, Q-2026-00042 */
    ? g_strdup_printf (_("%s can no longer be sent or accepted, and no order is made from it. "
                         "A cancelled quote stays cancelled."), number)
    /* Translators: %s is the order's number, SO-2026-00042 */
    : g_strdup_printf (_("%s will not be delivered any further or amended. A cancelled order "
                         "stays cancelled."), number);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   is_quote (self) ? _("Cancel Quote?") : _("Cancel Order?"),
                                   body);
  gtk_window_set_title (GTK_WINDOW (dialog),
                        is_quote (self) ? _("Cancel Quote?") : _("Cancel Order?"));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", is_quote (self) ? _("_Keep Quote") : _("_Keep Order"),
                                    "cancel-document",
                                    is_quote (self) ? _("_Cancel Quote") : _("_Cancel Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-document",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape keep it: cancelling is chosen, never fallen into. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rapport_document_actions_dispose (GObject *object)
{
  RapportDocumentActions *self = (RapportDocumentActions *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_document_actions_parent_class)->dispose (object);
}

static void
rapport_document_actions_finalize (GObject *object)
{
  RapportDocumentActions *self = (RapportDocumentActions *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->status, json_object_unref);

  G_OBJECT_CLASS (rapport_document_actions_parent_class)->finalize (object);
}

static void
rapport_document_actions_class_init (RapportDocumentActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_document_actions_dispose;
  object_class->finalize = rapport_document_actions_finalize;

  gtk_widget_class_install_action (widget_class, "document.send", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "document.accept", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "document.decline", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "document.confirm", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "document.close", NULL, state_action);
  gtk_widget_class_install_action (widget_class, "document.revise", NULL, revise_action);
  gtk_widget_class_install_action (widget_class, "document.amend", NULL, revise_action);
  gtk_widget_class_install_action (widget_class, "document.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "document.open-latest", NULL, open_latest_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_document_actions_init (RapportDocumentActions *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Document Actions"), -1);
  /* Nothing to offer until the state and the rules are read. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_document_actions_new:
 * @entity: a quote or a sales order type
 *
 * Returns: (transfer floating): the actions of the document @id, hidden
 *   while it offers none
 */
GtkWidget *
rapport_document_actions_new (RapportStore        *store,
                              const RapportEntity *entity,
                              const char          *id)
{
  RapportDocumentActions *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (g_str_equal (entity->name, "quote") ||
                          g_str_equal (entity->name, "sales_order"), NULL);

  self = g_object_new (RAPPORT_TYPE_DOCUMENT_ACTIONS, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->id = g_strdup (id);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (store_changed_cb),
                                       self);
  reload (self);
  return GTK_WIDGET (self);
}
