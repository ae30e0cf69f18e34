/* rapport-approval-strip.c: a quote's or an order's approval, on its page
 *
 * Under the document's title, a strip says where its approval stands, in
 * words (and an icon), never by colour alone:
 * - a draft that the local rules ask approval for: why, one reason per
 *   line ("Line 3 discount 25 % is above the 15 % limit"), who approves,
 *   and "Submit for Approval…", which asks for an optional comment;
 * - a pending request: who asked and when, and "Recall" for the requester;
 * - an approved, overridden, rejected (with the reason) or voided request
 *   ("Approval voided by a change").
 * The rules are evaluated here only to explain: the server decides
 * (rapport-server-approvals.c). Submitting creates the request and
 * recalling updates it; the document's state is never set here: it is
 * what the server answered at the last sync, and a refusal comes back as
 * a failed change with the server's words. Everything is read in a worker
 * (rapport_store_approval_status()), again whenever requests, rules, lines
 * or users change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approval-strip"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-approval.h"
#include "rapport-approval-strip.h"
#include "rapport-cancellable.h"
#include "rapport-change-monitor.h"
#include "rapport-json.h"
#include "rapport-plain-text.h"
#include "rapport-store-approvals.h"
#include "rapport-store-async.h"
#include "rapport-when.h"
#include "rapport-window.h"

struct _RapportApprovalStrip
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

G_DEFINE_FINAL_TYPE (RapportApprovalStrip, rapport_approval_strip, GTK_TYPE_BOX)

static void reload (RapportApprovalStrip *self);

static void
show_error (RapportApprovalStrip *self,
            GError               *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), rapport_toast_new_plain (error->message));
  else
    g_warning ("%s", error->message);
}

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

/* "Approved by Wang Fang · Today 14:00" and the like: @who is NULL when the
 * name is not known here. */
static void
add_by (GtkBox     *box,
        char       *who,
        const char *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *near = rapport_when_near (when, now);
  g_autofree char *text = who;

  if (text == NULL)
    return;
  if (near != NULL)
    {
      g_autofree char *with_time = g_strdup_printf ("%s · %s", text, near);

      add_label (box, with_time, NULL);
    }
  else
    add_label (box, text, NULL);
}

static void
add_reasons (GtkBox     *box,
             const char *reasons)
{
  g_auto(GStrv) lines = NULL;

  if (reasons == NULL || *reasons == '\0')
    return;
  lines = g_strsplit (reasons, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      add_label (box, lines[i], NULL);
}

static GtkWidget *
add_button (GtkBox     *box,
            const char *label,
            const char *action)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_box_append (box, button);
  return button;
}

static void
clear (RapportApprovalStrip *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
}

/* The heading: an icon and the word that says where the approval stands. */
static GtkBox *
begin (RapportApprovalStrip *self,
       const char           *icon_name,
       const char           *heading,
       const char           *css_class)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;

  gtk_widget_set_margin_top (row, 12);
  gtk_widget_set_margin_bottom (row, 12);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, css_class);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_widget_set_hexpand (body, TRUE);
  label = add_label (GTK_BOX (body), heading, "heading");
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (row), body);
  gtk_box_append (GTK_BOX (self), row);
  return GTK_BOX (body);
}

static gboolean
is_mine (RapportApprovalStrip *self,
         JsonObject           *request)
{
  const char *requester = rapport_json_get_string (request, "requested_by");

  /* A request made here and not yet synced has no requester yet. */
  return requester == NULL ||
         g_strcmp0 (requester, rapport_json_get_string (self->status, "user_id")) == 0;
}

/* Every step of the request, as it happened: the trail the server keeps. */
static void
add_trail (RapportApprovalStrip *self,
           GtkBox               *body)
{
  JsonArray *trail = rapport_json_get_array (self->status, "trail");

  for (guint i = 0; trail != NULL && i < json_array_get_length (trail); i++)
    {
      JsonObject *line = json_array_get_object_element (trail, i);

      add_by (body, g_strdup (rapport_json_get_string (line, "text")),
              rapport_json_get_string (line, "time"));
    }
}

static void
render (RapportApprovalStrip *self)
{
  JsonObject *document = rapport_json_get_object (self->status, "document");
  JsonArray *matches = rapport_json_get_array (self->status, "matches");
  JsonObject *request = rapport_json_get_object (self->status, "request");
  const char *state = rapport_json_get_string (document, "state");
  const char *status = rapport_json_get_string (request, "status");
  const char *decider = rapport_json_get_string (self->status, "decider");
  const char *reason = rapport_json_get_string (request, "decision_comment");
  gboolean current = request != NULL &&
                     g_strcmp0 (rapport_json_get_string (request, "doc_hash"),
                                rapport_json_get_string (document, "doc_hash")) == 0;
  GtkBox *body = NULL;

  clear (self);
  if (g_strcmp0 (status, "pending") == 0)
    {
      const char *comment = rapport_json_get_string (request, "comment");
      const char *requester = rapport_json_get_string (self->status, "requester");

      body = begin (self, "document-open-recent-symbolic", _("Waiting for Approval"), "warning");
      if (rapport_json_get_string (request, "requested_by") == NULL)
        add_label (body, _("Submitted here: the server gets it at the next sync"), NULL);
      else
        add_by (body, requester ? g_strdup_printf (_("Asked by %s"), requester) : NULL,
                rapport_json_get_string (request, "submitted_at"));
      if (rapport_json_get_string (self->status, "waiting_on") != NULL)
        add_label (body, rapport_json_get_string (self->status, "waiting_on"), "heading");
      /* The local rules' words are in the user's language, the server's in
       * its own. */
      if (current && matches != NULL && json_array_get_length (matches) > 0)
        {
          g_autofree char *reasons = rapport_approval_reasons (matches);

          add_reasons (body, reasons);
        }
      else
        add_reasons (body, rapport_json_get_string (request, "reasons"));
      if (comment != NULL && *comment != '\0')
        {
          /* Translators: what the requester wrote when submitting */
          g_autofree char *text = g_strdup_printf (_("Comment: %s"), comment);

          add_label (body, text, "dim-label");
        }
      add_trail (self, body);
      if (is_mine (self, request))
        add_button (body, _("_Recall"), "approval.recall");
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      return;
    }
  if (current && (g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "overridden") == 0))
    {
      gboolean overridden = g_str_equal (status, "overridden");

      body = begin (self, "emblem-ok-symbolic",
                    overridden ? _("Approved by Override") : C_("approval heading", "Approved"),
                    "success");
      add_by (body, decider == NULL ? NULL
                    : overridden ? g_strdup_printf (_("Overridden by %s"), decider)
                    : g_strdup_printf (_("Approved by %s"), decider),
              rapport_json_get_string (request, "decided_at"));
      if (reason != NULL && *reason != '\0')
        add_label (body, reason, overridden ? "error" : NULL);
      add_trail (self, body);
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      return;
    }

  /* What happened to the last request, before what a new one needs. */
  if (g_strcmp0 (status, "rejected") == 0)
    {
      body = begin (self, "dialog-error-symbolic", C_("approval heading", "Rejected"), "error");
      add_by (body, decider ? g_strdup_printf (_("Rejected by %s"), decider) : NULL,
              rapport_json_get_string (request, "decided_at"));
      if (reason != NULL)
        {
          /* Translators: why an approver rejected a request, in their words */
          g_autofree char *text = g_strdup_printf (_("Reason: %s"), reason);

          add_label (body, text, NULL);
        }
      add_trail (self, body);
    }
  else if (g_strcmp0 (status, "stale") == 0 ||
           (!current && (g_strcmp0 (status, "approved") == 0 ||
                         g_strcmp0 (status, "overridden") == 0)))
    body = begin (self, "dialog-warning-symbolic", _("Approval voided by a change"), "warning");

  if (matches != NULL && json_array_get_length (matches) > 0)
    {
      g_autofree char *reasons = rapport_approval_reasons (matches);
      const char *approver = rapport_approval_approver (matches);

      if (body == NULL)
        body = begin (self, "dialog-information-symbolic", _("Needs Approval"), "accent");
      else
        /* After what became of the last request, what a new one needs. */
        gtk_widget_set_margin_top (add_label (body, _("Needs Approval"), "heading"), 6);
      if (rapport_json_get_string (self->status, "approvers") != NULL)
        {
          /* TRANSLATORS: "To be approved in turn by Any manager → Team East China" */
          g_autofree char *text = g_strdup_printf (_("To be approved in turn by %s"),
                                                   rapport_json_get_string (self->status,
                                                                            "approvers"));

          add_label (body, text, NULL);
        }
      else
        add_label (body, g_strcmp0 (approver, "admin") == 0 ? _("To be approved by an admin")
                                                            : _("To be approved by a manager"),
                   NULL);
      add_reasons (body, reasons);
      if (g_strcmp0 (state, "draft") == 0)
        add_button (body, _("_Submit for Approval…"), "approval.submit");
    }
  gtk_widget_set_visible (GTK_WIDGET (self), body != NULL);
}

static void
status_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RapportApprovalStrip) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonObject *status = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (status == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND))
        g_warning ("Approval of %s: %s", self->id, error->message);
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

static gpointer
read_status (RapportStore  *store,
             gpointer       data,
             GError       **error)
{
  Target *target = data;

  return rapport_store_approval_status (store, target->entity, target->id, error);
}

static void
reload (RapportApprovalStrip *self)
{
  Target *target = g_new0 (Target, 1);

  rapport_cancellable_renew (&self->loading);
  target->entity = g_strdup (self->entity->name);
  target->id = g_strdup (self->id);
  rapport_store_read_async (self->store, read_status, target, (GDestroyNotify) target_free,
                            (GDestroyNotify) json_object_unref, self->loading, status_ready_cb,
                            g_object_ref (self));
}

static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportApprovalStrip *self)
{
  /* A line of any document: which one is not told, and reading is cheap. */
  if (g_str_equal (entity, "approval_request") || g_str_equal (entity, "approval_rule") ||
      g_str_equal (entity, "user") || g_str_has_suffix (entity, "_line") ||
      (g_str_equal (entity, self->entity->name) && rapport_change_monitor_has_id (ids, self->id)))
    reload (self);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportApprovalStrip) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_create_finish (RAPPORT_STORE (object), result,
                                                              &error);

  if (record == NULL)
    show_error (self, error);
}

static void
updated_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportApprovalStrip) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = rapport_store_update_finish (RAPPORT_STORE (object), result,
                                                              &error);

  if (record == NULL)
    show_error (self, error);
}

static void
submit_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    RapportApprovalStrip *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "rapport-comment");
  JsonObject *document = rapport_json_get_object (self->status, "document");
  g_autofree char *comment = NULL;
  g_autoptr(JsonObject) fields = NULL;

  if (g_strcmp0 (response, "submit") != 0 || document == NULL)
    return;
  comment = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  fields = rapport_approval_submission (self->entity->name, document, comment);
  rapport_store_create_async (self->store, "approval_request", fields, NULL,
                              created_cb, g_object_ref (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportApprovalStrip *self = RAPPORT_APPROVAL_STRIP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  const char *approver = rapport_approval_approver (rapport_json_get_array (self->status,
                                                                            "matches"));
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Submit for Approval"),
                                   g_strcmp0 (approver, "admin") == 0
                                   ? _("An admin decides. You are told when they have.")
                                   : _("A manager decides. You are told when they have."));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Submit for Approval"));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Comment (optional)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Comment"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "rapport-comment", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "submit", _("_Submit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (submit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
recall_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportApprovalStrip *self = RAPPORT_APPROVAL_STRIP (widget);
  JsonObject *request = rapport_json_get_object (self->status, "request");
  g_autoptr(JsonObject) changes = NULL;

  if (request == NULL)
    return;
  changes = rapport_approval_decision ("recalled", rapport_json_get_object (self->status,
                                                                           "document"),
                                       request, NULL);
  rapport_store_update_async (self->store, "approval_request",
                              rapport_json_get_string (request, "id"), changes, NULL, updated_cb,
                              g_object_ref (self));
}

static void
rapport_approval_strip_dispose (GObject *object)
{
  RapportApprovalStrip *self = (RapportApprovalStrip *) object;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_approval_strip_parent_class)->dispose (object);
}

static void
rapport_approval_strip_finalize (GObject *object)
{
  RapportApprovalStrip *self = (RapportApprovalStrip *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->status, json_object_unref);

  G_OBJECT_CLASS (rapport_approval_strip_parent_class)->finalize (object);
}

static void
rapport_approval_strip_class_init (RapportApprovalStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_approval_strip_dispose;
  object_class->finalize = rapport_approval_strip_finalize;

  gtk_widget_class_install_action (widget_class, "approval.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "approval.recall", NULL, recall_action);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rapport_approval_strip_init (RapportApprovalStrip *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
  gtk_widget_add_css_class (GTK_WIDGET (self), "approval-strip");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Approval"), -1);
  /* Nothing to say until the rules and requests are read. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_approval_strip_applies:
 *
 * Returns: whether records of @entity are approved: quotes and orders
 */
gboolean
rapport_approval_strip_applies (const RapportEntity *entity)
{
  return g_str_equal (entity->name, "quote") || g_str_equal (entity->name, "sales_order");
}

/**
 * rapport_approval_strip_new:
 * @entity: a type rapport_approval_strip_applies() to
 *
 * Returns: (transfer floating): the strip of the document @id, hidden
 *   while it has nothing to say
 */
GtkWidget *
rapport_approval_strip_new (RapportStore        *store,
                            const RapportEntity *entity,
                            const char          *id)
{
  RapportApprovalStrip *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (rapport_approval_strip_applies (entity), NULL);

  self = g_object_new (RAPPORT_TYPE_APPROVAL_STRIP, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->id = g_strdup (id);
  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (store_changed_cb),
                                       self);
  reload (self);
  return GTK_WIDGET (self);
}
