/* rapport-approval-steps-row.c: an approval rule's approvers, picked in order
 *
 * A rule's steps are kept as text, one approver a line ("role:manager",
 * "team:<id>": rapport-approval-steps.c), but nobody types them: each step
 * is a row that says who approves ("Any manager", "Team East China",
 * "Wang Fang") with a button that takes it away, and the last row adds one:
 * a kind of approver, and for a person or a team, which one, picked from
 * the users and teams the store has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-approval-steps-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-approval-steps.h"
#include "rapport-approval-steps-row.h"
#include "rapport-cancellable.h"
#include "rapport-json.h"
#include "rapport-record.h"
#include "rapport-store-approvals.h"
#include "rapport-store-async.h"

/* What "Add Step" offers, in its order. */
enum { KIND_MANAGER, KIND_ADMIN, KIND_OWNER_MANAGER, KIND_USER, KIND_TEAM };

struct _RapportApprovalStepsRow
{
  AdwExpanderRow      parent_instance;

  RapportStore       *store;     /* (owned) */
  const RapportField *field;
  char               *original;  /* (owned): the steps when editing began */
  GPtrArray          *steps;     /* (owned) (element-type utf8): the specs, in order */
  GPtrArray          *rows;      /* (owned) (element-type GtkWidget): their rows */
  GtkWidget          *add_row;
  GtkWidget          *kind;      /* GtkDropDown */
  GtkWidget          *who;       /* GtkDropDown of people or teams */
  GPtrArray          *who_ids;   /* (owned) (element-type utf8): what who offers */
  GCancellable       *loading;   /* (owned) (nullable): the read of who's choices */
  const char         *loading_entity;
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportApprovalStepsRow, rapport_approval_steps_row,
                               ADW_TYPE_EXPANDER_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static void rebuild (RapportApprovalStepsRow *self);

static char *
steps_text (RapportApprovalStepsRow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->steps->len; i++)
    g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (self->steps, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportApprovalStepsRow *self = RAPPORT_APPROVAL_STEPS_ROW (row);
  g_autofree char *text = steps_text (self);

  rapport_field_row_put_text (changes, self->field, creating, text, self->original);
  return TRUE;
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
remove_clicked_cb (GtkButton               *button,
                   RapportApprovalStepsRow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step-index"));

  if (index < self->steps->len)
    g_ptr_array_remove_index (self->steps, index);
  rebuild (self);
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

/* Rows for the steps, numbered, and the summary in the subtitle. */
static void
rebuild (RapportApprovalStepsRow *self)
{
  g_autofree char *text = steps_text (self);
  g_autofree char *summary = rapport_approval_steps_describe (self->store, text);

  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < self->steps->len; i++)
    {
      g_autofree char *label = rapport_approval_step_label (self->store,
                                                            g_ptr_array_index (self->steps, i));
      g_autofree char *title = g_strdup_printf ("%u. %s", i + 1, label);
      g_autofree char *remove_label = g_strdup_printf (_("Remove Step %u"), i + 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      g_object_set_data (G_OBJECT (remove), "step-index", GUINT_TO_POINTER (i));
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->rows, row);
    }
  /* The add row stays last. */
  if (self->add_row != NULL)
    {
      g_object_ref (self->add_row);
      adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->add_row);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->add_row);
      g_object_unref (self->add_row);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 *summary != '\0' ? summary
                                                   : _("None: the rule’s “Approved By”"));
}

static gpointer
read_choices (RapportStore *store,
              gpointer      data,
              GError      **error)
{
  return rapport_store_approval_choices (store, data, NULL, NULL, error);
}

/* Offers the people or the teams read, by name. */
static void
choices_ready_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RapportApprovalStepsRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (records == NULL || self->loading == NULL)
    return;
  g_ptr_array_set_size (self->who_ids, 0);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      g_autofree char *title = rapport_record_title (rapport_entity_lookup (self->loading_entity),
                                                     record);

      gtk_string_list_append (names, title);
      g_ptr_array_add (self->who_ids, g_strdup (rapport_json_get_string (record, "id")));
    }
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->who), G_LIST_MODEL (names));
}

static void
fill_who (RapportApprovalStepsRow *self,
          const char              *entity)
{
  rapport_cancellable_renew (&self->loading);
  self->loading_entity = entity;
  rapport_store_read_async (self->store, read_choices, (gpointer) entity, NULL,
                            (GDestroyNotify) g_ptr_array_unref, self->loading, choices_ready_cb,
                            g_object_ref (self));
}

static void
kind_changed_cb (RapportApprovalStepsRow *self)
{
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind));

  gtk_widget_set_visible (self->who, kind == KIND_USER || kind == KIND_TEAM);
  if (kind == KIND_USER || kind == KIND_TEAM)
    fill_who (self, kind == KIND_USER ? "user" : "team");
}

static void
add_clicked_cb (RapportApprovalStepsRow *self)
{
  static const char * const fixed[] = { "role:manager", "role:admin", "owner_manager" };
  guint kind = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->kind));
  guint who = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->who));
  char *spec;

  if (kind < G_N_ELEMENTS (fixed))
    spec = g_strdup (fixed[kind]);
  else if (who < self->who_ids->len)
    spec = g_strconcat (kind == KIND_USER ? "user:" : "team:",
                        (const char *) g_ptr_array_index (self->who_ids, who), NULL);
  else
    return;
  g_ptr_array_add (self->steps, spec);
  rebuild (self);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
rapport_approval_steps_row_dispose (GObject *object)
{
  RapportApprovalStepsRow *self = RAPPORT_APPROVAL_STEPS_ROW (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_object (&self->store);
  g_clear_pointer (&self->original, g_free);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->who_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (rapport_approval_steps_row_parent_class)->dispose (object);
}

static void
rapport_approval_steps_row_class_init (RapportApprovalStepsRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_approval_steps_row_dispose;
}

static void
rapport_approval_steps_row_init (RapportApprovalStepsRow *self)
{
  const char * const kinds[] = {
    _("Any manager"), _("Any admin"), _("The owner’s manager"), _("A person"), _("A team"), NULL };
  GtkWidget *add = gtk_button_new_with_mnemonic (_("_Add Step"));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *pick = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->steps = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new ();
  self->who_ids = g_ptr_array_new_with_free_func (g_free);
  self->kind = gtk_drop_down_new_from_strings (kinds);
  self->who = gtk_drop_down_new (NULL, NULL);
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (self->who), TRUE);
  gtk_widget_set_visible (self->who, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Approver"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->who), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Who"), -1);
  g_signal_connect_swapped (self->kind, "notify::selected", G_CALLBACK (kind_changed_cb), self);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  /* The kind over whom, so that the row fits a phone. */
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (pick, 6);
  gtk_widget_set_margin_bottom (pick, 6);
  gtk_box_append (GTK_BOX (pick), self->kind);
  gtk_box_append (GTK_BOX (pick), self->who);
  gtk_box_append (GTK_BOX (box), pick);
  gtk_box_append (GTK_BOX (box), add);
  self->add_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->add_row), _("Next Approver"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->add_row), box);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->add_row);
}

/**
 * rapport_approval_steps_row_new:
 * @field: a TEXT field marked %RAPPORT_FIELD_APPROVERS
 *
 * Returns: (transfer floating): the row that edits @field of @record
 */
GtkWidget *
rapport_approval_steps_row_new (RapportStore        *store,
                                const RapportEntity *entity,
                                const RapportField  *field,
                                JsonObject          *record)
{
  RapportApprovalStepsRow *self = g_object_new (RAPPORT_TYPE_APPROVAL_STEPS_ROW, NULL);
  g_auto(GStrv) specs = NULL;

  self->store = g_object_ref (store);
  self->field = field;
  self->original = rapport_field_row_text (record, field);
  specs = rapport_approval_step_split (self->original);
  for (guint i = 0; specs[i] != NULL; i++)
    g_ptr_array_add (self->steps, g_strdup (specs[i]));
  /* The text as this row writes it: one a line. */
  g_free (self->original);
  self->original = steps_text (self);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  rebuild (self);
  /* Who approves is what a rule is for: shown open. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
  return GTK_WIDGET (self);
}
