/* rapport-stages-dialog.c: managers edit a pipeline's stages
 *
 * Rename a stage (apply on its row), set its probability, move it up or
 * down, remove it (only when no deal is in it), add a stage, add a pipeline.
 * Every change is an ordinary edit of the store, queued to its writer and
 * shown once stored, and synced like any other; the
 * server accepts it from managers and admins only, and the board shows this
 * dialog only to them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-stages-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-labels.h"
#include "rapport-cancellable.h"
#include "rapport-pipeline.h"
#include "rapport-dialog-size.h"
#include "rapport-stages-dialog.h"
#include "rapport-store-async.h"

struct _RapportStagesDialog
{
  AdwWindow            parent_instance;

  RapportStore        *store;        /* (owned) */
  char                *pipeline_id;  /* (owned) */
  GPtrArray           *stages;       /* (owned) (element-type JsonObject) */
  GCancellable        *loading;      /* (owned) (nullable): the stages' read under way */
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *stages_group; /* (nullable): rebuilt on every change */
  AdwEntryRow         *new_stage_row;
  GtkDropDown         *new_stage_kind;
  AdwEntryRow         *new_pipeline_row;
};

G_DEFINE_FINAL_TYPE (RapportStagesDialog, rapport_stages_dialog, ADW_TYPE_WINDOW)

static const char * const kinds[] = { "open", "won", "lost" };

static void load_stages (RapportStagesDialog *self);

static const RapportEntity *
stage_entity (void)
{
  return rapport_entity_lookup ("stage");
}

static void
report (RapportStagesDialog *self,
        const GError        *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("The Change Was Not Saved"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
stage_id_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "stage-id");
}

/* The dialog's answers come after it may have closed: then nothing is shown. */
static gboolean
gone (RapportStagesDialog *self)
{
  return !gtk_widget_get_visible (GTK_WIDGET (self));
}

static void
renamed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(JsonObject) stage = NULL;
  g_autoptr(GError) error = NULL;

  stage = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);
  if (gone (self))
    return;
  if (stage == NULL)
    report (self, error);
  load_stages (self);
}

static void
rename_applied_cb (AdwEntryRow         *row,
                   RapportStagesDialog *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  json_object_set_string_member (changes, "name", gtk_editable_get_text (GTK_EDITABLE (row)));
  rapport_store_update_async (self->store, "stage", stage_id_of (GTK_WIDGET (row)), changes, NULL,
                              renamed_cb, g_object_ref (self));
}

static void
probability_set_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(JsonObject) stage = NULL;
  g_autoptr(GError) error = NULL;

  stage = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);
  /* Not rebuilt: the spin button keeps its focus while the user types. */
  if (stage == NULL && !gone (self))
    report (self, error);
}

static void
probability_changed_cb (GtkSpinButton       *spin,
                        RapportStagesDialog *self)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  json_object_set_int_member (changes, "probability", gtk_spin_button_get_value_as_int (spin));
  rapport_store_update_async (self->store, "stage", stage_id_of (GTK_WIDGET (spin)), changes, NULL,
                              probability_set_cb, g_object_ref (self));
}

static void
reordered_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_reorder_stages_finish (RAPPORT_STORE (object), result, &error) && !gone (self))
    report (self, error);
  if (!gone (self))
    load_stages (self);
}

static void
move_stage (RapportStagesDialog *self,
            const char          *stage_id,
            int                  direction)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint index = 0;

  for (guint i = 0; i < self->stages->len; i++)
    {
      const char *id = json_object_get_string_member (g_ptr_array_index (self->stages, i), "id");

      if (g_strcmp0 (id, stage_id) == 0)
        index = i;
      g_ptr_array_add (order, (gpointer) id);
    }
  if ((direction < 0 && index == 0) || (direction > 0 && index + 1 >= order->len))
    return;
  order->pdata[index] = order->pdata[index + direction];
  order->pdata[index + direction] = (gpointer) stage_id;
  g_ptr_array_add (order, NULL);

  rapport_store_reorder_stages_async (self->store, (const char * const *) order->pdata, NULL,
                                      reordered_cb, g_object_ref (self));
}

static void
up_clicked_cb (GtkButton           *button,
               RapportStagesDialog *self)
{
  g_autofree char *id = g_strdup (stage_id_of (GTK_WIDGET (button)));

  move_stage (self, id, -1);
}

static void
down_clicked_cb (GtkButton           *button,
                 RapportStagesDialog *self)
{
  g_autofree char *id = g_strdup (stage_id_of (GTK_WIDGET (button)));

  move_stage (self, id, 1);
}

static void
removed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_remove_stage_finish (RAPPORT_STORE (object), result, &error) && !gone (self))
    report (self, error);
  if (!gone (self))
    load_stages (self);
}

static void
remove_clicked_cb (GtkButton           *button,
                   RapportStagesDialog *self)
{
  rapport_store_remove_stage_async (self->store, stage_id_of (GTK_WIDGET (button)), NULL,
                                    removed_cb, g_object_ref (self));
}

static GtkWidget *
icon_button (const char *icon,
             const char *label,
             const char *stage_id,
             const char *stage_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", label, stage_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "stage-id", g_strdup (stage_id), g_free);
  return button;
}

static gpointer
read_stages (RapportStore  *store,
             gpointer       data,
             GError       **error)
{
  return rapport_store_list_stages (store, data, error);
}

static void show_stages (RapportStagesDialog *self);

static void
stages_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;

  stages = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer read is under way. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (stages == NULL)
    {
      g_warning ("Could not list the stages: %s", error->message);
      return;
    }
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  self->stages = g_steal_pointer (&stages);
  show_stages (self);
}

/* Reads the stages in a worker thread, in place of any read under way. */
static void
load_stages (RapportStagesDialog *self)
{
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_stages, g_strdup (self->pipeline_id), g_free,
                            (GDestroyNotify) g_ptr_array_unref, self->loading, stages_read_cb,
                            g_object_ref (self));
}

static void
show_stages (RapportStagesDialog *self)
{
  if (self->stages_group != NULL)
    adw_preferences_page_remove (self->page, self->stages_group);
  self->stages_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->stages_group, _("Stages"));
  adw_preferences_group_set_description (self->stages_group,
                                         _("Deals move through the stages from top to bottom"));

  for (guint i = 0; i < self->stages->len; i++)
    {
      JsonObject *stage = g_ptr_array_index (self->stages, i);
      const char *id = json_object_get_string_member (stage, "id");
      const char *name = json_object_get_string_member_with_default (stage, "name", "");
      const char *kind = json_object_get_string_member_with_default (stage, "kind", "open");
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 100, 5);
      GtkWidget *button, *probability_row;
      g_autofree char *title = g_strdup_printf ("%s (%s)", _("Name"),
                                                rapport_labels_field_choice (stage_entity (), "kind",
                                                                             kind));
      g_autofree char *spin_label = g_strdup_printf (_("Probability of %s"), name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), name);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "stage-id", g_strdup (id), g_free);
      g_signal_connect (row, "apply", G_CALLBACK (rename_applied_cb), self);

      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                                 json_object_get_int_member_with_default (stage, "probability", 0));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (spin, _("Probability, in percent"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      spin_label, -1);
      g_object_set_data_full (G_OBJECT (spin), "stage-id", g_strdup (id), g_free);
      g_signal_connect (spin, "value-changed", G_CALLBACK (probability_changed_cb), self);
      /* The probability on a row of its own: with the name and four
       * buttons on one row, a 360 px window leaves no room for the name. */
      probability_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (probability_row), spin_label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (probability_row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (probability_row), spin);

      button = icon_button ("go-up-symbolic", _("Move Up"), id, name);
      gtk_widget_set_sensitive (button, i > 0);
      g_signal_connect (button, "clicked", G_CALLBACK (up_clicked_cb), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
      button = icon_button ("go-down-symbolic", _("Move Down"), id, name);
      gtk_widget_set_sensitive (button, i + 1 < self->stages->len);
      g_signal_connect (button, "clicked", G_CALLBACK (down_clicked_cb), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
      button = icon_button ("user-trash-symbolic", _("Remove Stage"), id, name);
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);

      adw_preferences_group_add (self->stages_group, row);
      adw_preferences_group_add (self->stages_group, probability_row);
    }
  adw_preferences_page_add (self->page, self->stages_group);
}

static void
stage_added_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(JsonObject) stage = NULL;
  g_autoptr(GError) error = NULL;

  stage = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);
  if (gone (self))
    return;
  if (stage == NULL)
    {
      report (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->new_stage_row), "");
  load_stages (self);
}

static void
add_stage_cb (RapportStagesDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  guint kind = gtk_drop_down_get_selected (self->new_stage_kind);

  json_object_set_string_member (fields, "pipeline_id", self->pipeline_id);
  json_object_set_string_member (fields, "name",
                                 gtk_editable_get_text (GTK_EDITABLE (self->new_stage_row)));
  json_object_set_int_member (fields, "position", self->stages ? self->stages->len : 0);
  json_object_set_string_member (fields, "kind", kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)]);
  json_object_set_int_member (fields, "probability",
                              kind == 1 ? 100 : kind == 2 ? 0 : 50);
  rapport_store_create_async (self->store, "stage", fields, NULL, stage_added_cb,
                              g_object_ref (self));
}

static void
pipeline_added_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportStagesDialog) self = user_data;
  g_autoptr(JsonObject) pipeline = NULL;
  g_autoptr(GError) error = NULL;

  pipeline = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);
  if (gone (self))
    return;
  if (pipeline == NULL)
    {
      report (self, error);
      return;
    }
  /* Go on with the new pipeline's stages. */
  g_free (self->pipeline_id);
  self->pipeline_id = g_strdup (json_object_get_string_member (pipeline, "id"));
  gtk_editable_set_text (GTK_EDITABLE (self->new_pipeline_row), "");
  load_stages (self);
}

static void
add_pipeline_cb (RapportStagesDialog *self)
{
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "name",
                                 gtk_editable_get_text (GTK_EDITABLE (self->new_pipeline_row)));
  rapport_store_create_async (self->store, "pipeline", fields, NULL, pipeline_added_cb,
                              g_object_ref (self));
}

static void
rapport_stages_dialog_finalize (GObject *object)
{
  RapportStagesDialog *self = (RapportStagesDialog *) object;

  g_clear_object (&self->loading);
  g_clear_pointer (&self->stages, g_ptr_array_unref);
  g_clear_pointer (&self->pipeline_id, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_stages_dialog_parent_class)->finalize (object);
}

static void
rapport_stages_dialog_class_init (RapportStagesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_stages_dialog_finalize;
}

static void
rapport_stages_dialog_init (RapportStagesDialog *self)
{
  const char *kind_labels[G_N_ELEMENTS (kinds) + 1] = { NULL };
  GtkWidget *box, *header, *group, *button, *kind_row;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    kind_labels[i] = rapport_labels_field_choice (stage_entity (), "kind", kinds[i]);

  gtk_window_set_title (GTK_WINDOW (self), _("Edit Stages"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 600);
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);
  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Add a Stage"));
  self->new_stage_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_stage_row), _("New stage name"));
  self->new_stage_kind = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (kind_labels));
  gtk_widget_set_valign (GTK_WIDGET (self->new_stage_kind), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->new_stage_kind), _("Kind of stage"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_stage_kind),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Kind of stage"), -1);
  /* The kind and the button on a row under the name's: side by side
   * they would leave the name no room in a 360 px window. */
  kind_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (kind_row), _("Kind of stage"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (kind_row), GTK_WIDGET (self->new_stage_kind));
  button = gtk_button_new_with_mnemonic (_("_Add Stage"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_stage_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (kind_row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->new_stage_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kind_row);

  self->new_pipeline_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_pipeline_row),
                                 _("New pipeline name"));
  button = gtk_button_new_with_mnemonic (_("Add _Pipeline"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_pipeline_cb), self);
  adw_entry_row_add_suffix (self->new_pipeline_row, button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->new_pipeline_row));
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
}

/**
 * rapport_stages_dialog_new:
 * @pipeline_id: (nullable): the pipeline whose stages are edited first
 *
 * Returns: (transfer full): the dialog
 */
GtkWindow *
rapport_stages_dialog_new (RapportStore *store,
                           const char   *pipeline_id)
{
  RapportStagesDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_STAGES_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->pipeline_id = g_strdup (pipeline_id);
  if (self->pipeline_id != NULL)
    load_stages (self);
  return GTK_WINDOW (self);
}
