/* rapport-detail-view.c: the pane that shows one record, to read and to edit
 *
 * The header bar and its actions (edit, save, cancel, delete), and which
 * of nothing, the record's page (rapport-record-page.c) or its editor
 * (rapport-record-editor.c) is shown. A sync that changes the record
 * renews the page; while the user edits, the form keeps what they typed.
 * Save queues the edit to the store and shows the page once it is stored;
 * Save and Cancel are off meanwhile, and a refused value keeps the form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-detail-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-detail-view.h"
#include "rapport-document-print.h"
#include "rapport-labels.h"
#include "rapport-change-monitor.h"
#include "rapport-record.h"
#include "rapport-record-editor.h"
#include "rapport-record-page.h"
#include "rapport-store-merges.h"

typedef enum
{
  MODE_NONE,
  MODE_VIEW,
  MODE_EDIT,
} Mode;

struct _RapportDetailView
{
  GtkWidget            parent_instance;

  RapportContext      *context;     /* (owned) (nullable): until the window gives it */
  RapportStore        *store;       /* (owned) (nullable): the context's */
  RapportChangeMonitor *changes;    /* (owned) (nullable): the context's */
  gulong               changed_id;
  const RapportEntity *entity;
  char                *id;          /* (owned) (nullable) */
  JsonObject          *record;      /* (owned) (nullable) */
  Mode                 mode;
  GtkWidget           *editor;      /* (unowned) (nullable): in edit_box, while editing */

  GtkWidget           *box;
  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *cancel_button;
  GtkWidget           *save_button;
  GtkWidget           *edit_button;
  GtkWidget           *delete_button;
  GtkWidget           *print_button;
  GtkStack            *stack;
  AdwStatusPage       *none_page;
  GtkScrolledWindow   *view_scroller;
  GtkBox              *view_box;
  GtkBox              *edit_box;
};

G_DEFINE_FINAL_TYPE (RapportDetailView, rapport_detail_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DELETED,
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
render_view (RapportDetailView *self)
{
  GtkWidget *page = rapport_record_page_new (self->store, self->entity, self->record,
                                             self->context != NULL
                                               ? rapport_context_get_clock (self->context)
                                               : NULL);

  clear_box (self->view_box);
  gtk_box_append (self->view_box, page);
}

static void
render_edit (RapportDetailView *self)
{
  clear_box (self->edit_box);
  self->editor = rapport_record_editor_new (self->store, self->entity, self->record);
  gtk_box_append (self->edit_box, self->editor);
}

static void
update_header (RapportDetailView *self)
{
  g_autofree char *title = NULL;
  gboolean saving = self->editor != NULL &&
                    rapport_record_editor_get_saving (RAPPORT_RECORD_EDITOR (self->editor));

  gtk_widget_set_visible (self->cancel_button, self->mode == MODE_EDIT);
  gtk_widget_set_visible (self->save_button, self->mode == MODE_EDIT);
  gtk_widget_set_visible (self->edit_button, self->mode == MODE_VIEW);
  gtk_widget_set_visible (self->delete_button, self->mode == MODE_VIEW);
  /* Quotes and orders are printed for the customer. */
  gtk_widget_set_visible (self->print_button,
                          self->mode == MODE_VIEW && self->entity != NULL &&
                            self->entity->numbering != NULL &&
                            self->entity->compute_family != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.print",
                                 self->mode == MODE_VIEW && self->entity != NULL &&
                                   self->entity->numbering != NULL &&
                                   self->entity->compute_family != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.edit", self->mode == MODE_VIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.delete", self->mode == MODE_VIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.save", self->mode == MODE_EDIT && !saving);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.cancel", self->mode == MODE_EDIT && !saving);

  if (self->mode == MODE_EDIT && self->id == NULL)
    title = g_strdup (rapport_labels_new_record (self->entity));
  else if (self->record != NULL)
    title = rapport_record_title (self->entity, self->record);
  adw_window_title_set_title (self->window_title, title ? title : "");
}

static void
set_mode (RapportDetailView *self,
          Mode               mode)
{
  self->mode = mode;
  switch (mode)
    {
    case MODE_NONE:
      gtk_stack_set_visible_child_name (self->stack, "none");
      break;
    case MODE_VIEW:
      render_view (self);
      gtk_stack_set_visible_child_name (self->stack, "view");
      break;
    case MODE_EDIT:
      gtk_stack_set_visible_child_name (self->stack, "edit");
      break;
    default:
      g_assert_not_reached ();
    }
  update_header (self);
}

static void
load (RapportDetailView *self,
      const char        *entity,
      const char        *id)
{
  g_autoptr(JsonObject) record = NULL;
  /* @id may be self->id itself (a reload after a sync): copy it before
   * freeing the old one. */
  g_autofree char *new_id = g_strdup (id);

  /* A type without a descriptor has no page: it never borrows another's. */
  if ((self->entity = rapport_entity_lookup (entity)) == NULL)
    {
      g_warning ("No record type “%s” to show", entity);
      g_clear_pointer (&self->record, json_object_unref);
      g_clear_pointer (&self->id, g_free);
      return;
    }
  if (new_id != NULL)
    record = rapport_store_get (self->store, entity, new_id, NULL);
  /* A contact or a company merged away shows as the one it went into. */
  if (record == NULL && new_id != NULL &&
      (strcmp (entity, "contact") == 0 || strcmp (entity, "company") == 0))
    {
      g_autofree char *master_id = rapport_store_merged_into (self->store, new_id, NULL);

      if (master_id != NULL &&
          (record = rapport_store_get (self->store, entity, master_id, NULL)) != NULL)
        {
          g_free (new_id);
          new_id = g_steal_pointer (&master_id);
        }
    }
  g_clear_pointer (&self->record, json_object_unref);
  self->record = g_steal_pointer (&record);
  g_free (self->id);
  self->id = self->record != NULL ? g_steal_pointer (&new_id) : NULL;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RapportDetailView) self = user_data;
  g_autoptr(JsonObject) saved = NULL;

  saved = rapport_record_editor_save_finish (RAPPORT_RECORD_EDITOR (object), result, NULL);
  /* Whatever is wrong is shown in the form, which stays. Nothing to do
   * when the view is gone or shows another form meanwhile. */
  if (self->box == NULL || self->editor != GTK_WIDGET (object) || self->mode != MODE_EDIT ||
      self->entity == NULL)
    return;
  if (saved == NULL)
    {
      update_header (self);
      return;
    }
  load (self, self->entity->name, json_object_get_string_member (saved, "id"));
  set_mode (self, MODE_VIEW);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->entity->name, self->id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);

  if (self->editor == NULL)
    return;
  rapport_record_editor_save_async (RAPPORT_RECORD_EDITOR (self->editor), NULL, saved_cb,
                                    g_object_ref (self));
  /* Neither saved twice nor left until the store has answered. */
  update_header (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);

  render_edit (self);
  set_mode (self, MODE_EDIT);
  rapport_record_editor_focus (RAPPORT_RECORD_EDITOR (self->editor));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);

  set_mode (self, self->record != NULL ? MODE_VIEW : MODE_NONE);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);
  g_autoptr(JsonObject) record = NULL;

  if (self->record == NULL)
    return;
  /* The window deletes it from the store once Undo is no longer offered. */
  record = json_object_ref (self->record);
  load (self, self->entity->name, NULL);
  set_mode (self, MODE_NONE);
  g_signal_emit (self, signals[SIGNAL_DELETED], 0, self->entity->name, record);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);
  g_autofree char *seller = NULL;

  if (self->record == NULL || self->context == NULL)
    return;
  seller = g_settings_get_string (rapport_context_get_settings (self->context), "seller-name");
  rapport_document_print_run (GTK_WINDOW (gtk_widget_get_root (widget)), self->store,
                              self->entity, self->record, seller);
}

/* Whether @a and @b differ in derived values at most: a quote whose totals
 * follow a line just edited. Its page shows them live already, and
 * keeps the keyboard where it was. */
static gboolean
same_but_derived (const RapportEntity *entity,
                  JsonObject          *a,
                  JsonObject          *b)
{
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];
      JsonNode *x = json_object_get_member (a, field->name);
      JsonNode *y = json_object_get_member (b, field->name);

      if (field->flags & RAPPORT_FIELD_DERIVED)
        continue;
      if ((x == NULL) != (y == NULL) || (x != NULL && !json_node_equal (x, y)))
        return FALSE;
    }
  return TRUE;
}

static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportDetailView    *self)
{
  g_autoptr(JsonObject) before = NULL;

  if (self->mode != MODE_VIEW || self->entity == NULL ||
      !g_str_equal (entity, self->entity->name) || !rapport_change_monitor_has_id (ids, self->id))
    return;

  /* While the user edits, the form keeps what they typed; Save sends only
   * the fields they changed. */
  before = json_object_ref (self->record);
  load (self, self->entity->name, self->id);
  if (self->record != NULL && same_but_derived (self->entity, before, self->record))
    return;
  set_mode (self, self->record != NULL ? MODE_VIEW : MODE_NONE);
}

static void
rapport_detail_view_dispose (GObject *object)
{
  RapportDetailView *self = (RapportDetailView *) object;

  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_detail_view_parent_class)->dispose (object);
}

static void
rapport_detail_view_finalize (GObject *object)
{
  RapportDetailView *self = (RapportDetailView *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->context);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (rapport_detail_view_parent_class)->finalize (object);
}

static void
rapport_detail_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (object);

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
rapport_detail_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      if (!rapport_context_set_once (object, &self->context, g_value_get_object (value)))
        break;
      self->store = g_object_ref (rapport_context_get_store (self->context));
      self->changes = g_object_ref (rapport_context_get_changes (self->context));
      self->changed_id = g_signal_connect (self->changes, "changed",
                                           G_CALLBACK (store_changed_cb), self);
      g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_detail_view_class_init (RapportDetailViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_detail_view_dispose;
  object_class->finalize = rapport_detail_view_finalize;
  object_class->get_property = rapport_detail_view_get_property;
  object_class->set_property = rapport_detail_view_set_property;

  /**
   * RapportDetailView:context:
   *
   * The book's store and its changes; set once, by the window.
   */
  properties[PROP_CONTEXT] = rapport_context_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportDetailView::deleted:
   * @entity: the record type
   * @record: the record as it was
   *
   * The user asked to delete @record; it is still in the store, so that an
   * Undo keeps it as it is, id and all.
   */
  signals[SIGNAL_DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_OBJECT);
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-detail-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, box);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, view_scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, print_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, none_page);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, view_box);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, edit_box);

  gtk_widget_class_install_action (widget_class, "detail.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "detail.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "detail.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "detail.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "detail.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "detail.print",
                                       NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "detail.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "detail.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "detail.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_detail_view_init (RapportDetailView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_mode (self, MODE_NONE);
}

/**
 * rapport_detail_view_set_folded:
 *
 * Folded, the pane is the whole window and needs a way back to the list.
 */
void
rapport_detail_view_set_folded (RapportDetailView *self,
                                gboolean           folded)
{
  g_return_if_fail (RAPPORT_IS_DETAIL_VIEW (self));

  gtk_widget_set_visible (self->back_button, folded);
}

/**
 * rapport_detail_view_show:
 * @id: (nullable): the record; %NULL to show that none is chosen
 */
void
rapport_detail_view_show (RapportDetailView *self,
                          const char        *entity,
                          const char        *id)
{
  gboolean another;

  g_return_if_fail (RAPPORT_IS_DETAIL_VIEW (self));

  another = g_strcmp0 (id, self->id) != 0;
  load (self, entity, id);
  set_mode (self, self->record != NULL ? MODE_VIEW : MODE_NONE);
  /* Another record starts at its top, not where the last one was left. */
  if (another)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->view_scroller), 0);
}

/**
 * rapport_detail_view_create:
 *
 * Shows an empty form for a new record of @entity.
 */
void
rapport_detail_view_create (RapportDetailView *self,
                            const char        *entity)
{
  g_return_if_fail (RAPPORT_IS_DETAIL_VIEW (self));

  load (self, entity, NULL);
  if (self->entity == NULL)
    {
      set_mode (self, MODE_NONE);
      return;
    }
  render_edit (self);
  set_mode (self, MODE_EDIT);
  rapport_record_editor_focus (RAPPORT_RECORD_EDITOR (self->editor));
}

/**
 * rapport_detail_view_get_record_id:
 *
 * Returns: (nullable): the id of the record shown
 */
const char *
rapport_detail_view_get_record_id (RapportDetailView *self)
{
  g_return_val_if_fail (RAPPORT_IS_DETAIL_VIEW (self), NULL);

  return self->id;
}

gboolean
rapport_detail_view_get_editing (RapportDetailView *self)
{
  g_return_val_if_fail (RAPPORT_IS_DETAIL_VIEW (self), FALSE);

  return self->mode == MODE_EDIT;
}
