/* rapport-segment-list.c: the sidebar's Segments, each with its member count
 *
 * The user's saved segments (theirs and those nobody owns), pinned first,
 * then by name, each with how many records it holds now. Segments and
 * counts are read in a worker whenever the store changes (the change
 * monitor gives one signal per burst of commits, and a change during a
 * read is answered by one more read), so the counts follow a sync or an
 * edit without the main thread waiting for SQLite.
 *
 * A click opens the segment ("open"); each row's menu renames it, edits
 * its filter, pins or unpins it, or deletes it with Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-segment-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-filter-count.h"
#include "rapport-filter-editor.h"
#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-query.h"
#include "rapport-segment.h"
#include "rapport-segment-list.h"
#include "rapport-segment-name-dialog.h"
#include "rapport-store-async.h"

struct _RapportSegmentList
{
  GtkBox parent_instance;

  RapportContext *context;     /* (owned) */
  GPtrArray      *segments;    /* (owned) (element-type JsonObject): as shown */
  GCancellable   *cancellable; /* (owned) (nullable): the read under way */
  gboolean        stale;       /* the store changed during it */
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (RapportSegmentList, rapport_segment_list, GTK_TYPE_BOX)

enum {
  OPEN,
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The member count a read adds to each segment it returns. */
#define COUNT_MEMBER "rapport-count"

static int
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  JsonObject      *first = *(JsonObject **) a, *second = *(JsonObject **) b;
  gboolean         first_pinned = json_object_get_boolean_member_with_default (first, "pinned", FALSE);
  gboolean         second_pinned = json_object_get_boolean_member_with_default (second, "pinned", FALSE);
  g_autofree char *first_name = NULL, *second_name = NULL;

  if (first_pinned != second_pinned)
    return first_pinned ? -1 : 1;
  first_name = g_utf8_collate_key (json_object_get_string_member_with_default (first, "name", ""), -1);
  second_name = g_utf8_collate_key (json_object_get_string_member_with_default (second, "name", ""), -1);
  return strcmp (first_name, second_name);
}

/* In a worker: the user's segments, each with its count. */
static gpointer
read_segments (RapportStore *store,
               gpointer      data,
               GError      **error)
{
  const char *user_id = data;
  g_autoptr(RapportQuery) query = rapport_query_new ("segment");
  g_autoptr(RapportSnapshot) snapshot = rapport_store_snapshot (store, query, error);
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (snapshot == NULL ||
      !(all = rapport_store_fetch (store, snapshot, 0, rapport_snapshot_get_n_rows (snapshot), error)))
    return g_ptr_array_unref (mine), NULL;
  for (guint i = 0; i < all->len; i++)
    {
      JsonObject *segment = all->pdata[i];
      const char *owner = rapport_json_get_string (segment, "owner_id");
      g_autoptr(RapportFilter) filter = NULL;
      g_autoptr(RapportQuery) members = NULL;
      g_autoptr(RapportSnapshot) counted = NULL;

      if (owner != NULL && g_strcmp0 (owner, user_id) != 0)
        continue;
      if ((filter = rapport_segment_filter (segment, NULL)) != NULL)
        {
          members = rapport_query_new (rapport_filter_get_entity (filter)->name);
          rapport_query_set_filter (members, g_steal_pointer (&filter), user_id);
          counted = rapport_store_snapshot (store, members, NULL);
        }
      json_object_set_int_member (segment, COUNT_MEMBER,
                                  counted != NULL ? (gint64) rapport_snapshot_get_n_rows (counted) : -1);
      g_ptr_array_add (mine, json_object_ref (segment));
    }
  g_ptr_array_sort (mine, compare_segments);
  return mine;
}

static void reload (RapportSegmentList *self);

static JsonObject *
find (RapportSegmentList *self,
      const char         *id)
{
  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    if (g_strcmp0 (rapport_json_get_string (self->segments->pdata[i], "id"), id) == 0)
      return self->segments->pdata[i];
  return NULL;
}

static GtkWindow *
window_of (RapportSegmentList *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;

  record = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);
  if (record == NULL)
    g_warning ("Could not change the segment: %s", error->message);
}

static void
update (RapportSegmentList *self,
        const char         *id,
        JsonObject         *changes)
{
  rapport_store_update_async (rapport_context_get_store (self->context), "segment", id, changes,
                              NULL, written_cb, NULL);
}

typedef struct
{
  RapportSegmentList *self; /* (owned) */
  char               *id;   /* (owned) */
} SegmentRef;

static void
segment_ref_free (SegmentRef *ref)
{
  g_object_unref (ref->self);
  g_free (ref->id);
  g_free (ref);
}

static void
segment_ref_closure_free (gpointer  data,
                          GClosure *closure)
{
  segment_ref_free (data);
}

static SegmentRef *
segment_ref_new (RapportSegmentList *self,
                 const char         *id)
{
  SegmentRef *ref = g_new0 (SegmentRef, 1);

  ref->self = g_object_ref (self);
  ref->id = g_strdup (id);
  return ref;
}

static void
renamed_cb (const char *name,
            gpointer    user_data)
{
  SegmentRef *ref = user_data;
  g_autoptr(JsonObject) changes = json_object_new ();

  json_object_set_string_member (changes, "name", name);
  update (ref->self, ref->id, changes);
}

static void
rename_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SegmentRef *ref = user_data;
  JsonObject *segment = find (ref->self, ref->id);
  g_auto(GStrv) names = rapport_segment_list_dup_names (ref->self);

  if (segment == NULL)
    return;
  rapport_segment_name_dialog_present (window_of (ref->self), _("Rename Segment"), _("_Rename"),
                                                                                       rapport_json_get_string (segment, "name"),
                                                                                       (const char * const *) names, renamed_cb,
                                                                                       segment_ref_new (ref->self, ref->id),
                                                                                       (GDestroyNotify) segment_ref_free);
}

static void
filter_applied_cb (RapportFilterEditor *editor,
                   const char          *json,
                   SegmentRef          *ref)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  JsonObject *segment = find (ref->self, ref->id);

  json_object_set_string_member (changes, "filter", json);
  update (ref->self, ref->id, changes);
  /* The list shows what the segment holds now. */
  if (segment != NULL)
    g_signal_emit (ref->self, signals[OPEN], 0, ref->id, rapport_json_get_string (segment, "object"),
                   json, rapport_json_get_string (segment, "name"));
}

static void
edit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SegmentRef          *ref = user_data;
  JsonObject          *segment = find (ref->self, ref->id);
  const RapportEntity *entity;
  RapportFilterEditor *editor;

  if (segment == NULL ||
      !(entity = rapport_entity_lookup (rapport_json_get_string (segment, "object"))))
    return;
  editor = rapport_filter_editor_new (window_of (ref->self), rapport_context_get_store (ref->self->context),
                                      entity, rapport_json_get_string (segment, "filter"));
  g_signal_connect_data (editor, "apply", G_CALLBACK (filter_applied_cb),
                         segment_ref_new (ref->self, ref->id), segment_ref_closure_free, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
pin_action_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  SegmentRef *ref = user_data;
  JsonObject *segment = find (ref->self, ref->id);
  g_autoptr(JsonObject) changes = json_object_new ();

  if (segment == NULL)
    return;
  json_object_set_boolean_member (changes, "pinned",
                                  !json_object_get_boolean_member_with_default (segment, "pinned", FALSE));
  update (ref->self, ref->id, changes);
}

static void
delete_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  SegmentRef *ref = user_data;
  JsonObject *segment = find (ref->self, ref->id);

  if (segment != NULL)
    rapport_undo_queue_delete (rapport_context_get_undo_queue (ref->self->context), "segment", ref->id,
                               rapport_json_get_string (segment, "name"));
}

static GtkWidget *
menu_button_new (RapportSegmentList *self,
                 JsonObject         *segment)
{
  const char *id = rapport_json_get_string (segment, "id");
  gboolean    pinned = json_object_get_boolean_member_with_default (segment, "pinned", FALSE);
  static const struct
  {
    const char *name;
    GCallback   activate;
  } actions[] = {
    { "rename", G_CALLBACK (rename_action_cb) },
    { "edit", G_CALLBACK (edit_action_cb) },
    { "pin", G_CALLBACK (pin_action_cb) },
    { "delete", G_CALLBACK (delete_action_cb) },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  GtkWidget       *button = gtk_menu_button_new ();
  g_autofree char *label = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (actions[i].name, NULL);

      g_signal_connect_data (action, "activate", actions[i].activate, segment_ref_new (self, id),
                             segment_ref_closure_free, 0);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  g_menu_append (menu, _("_Rename…"), "segment.rename");
  g_menu_append (menu, _("_Edit Filter…"), "segment.edit");
  g_menu_append (menu, pinned ? _("_Unpin") : _("_Pin"), "segment.pin");
  g_menu_append (last, _("_Delete"), "segment.delete");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_widget_insert_action_group (button, "segment", G_ACTION_GROUP (group));
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: the menu button of a segment in the sidebar: "Key accounts: Menu" */
  label = g_strdup_printf (_("%s: Menu"), rapport_json_get_string (segment, "name"));
  gtk_widget_set_tooltip_text (button, _("Segment Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return button;
}

static GtkWidget *
row_new (RapportSegmentList *self,
         JsonObject         *segment)
{
  const char          *name = rapport_json_get_string (segment, "name");
  const RapportEntity *entity = rapport_entity_lookup (rapport_json_get_string (segment, "object"));
  gint64               count = json_object_get_int_member_with_default (segment, COUNT_MEMBER, -1);
  GtkWidget           *row = gtk_list_box_row_new ();
  GtkWidget           *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget           *image = gtk_image_new_from_icon_name (entity != NULL ? entity->icon_name
                                                                            : "view-list-bullet-symbolic");
  GtkWidget           *label = gtk_label_new (name);
  g_autofree char     *number = count >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, count) : g_strdup ("–");
  GtkWidget           *count_label = gtk_label_new (number);
  g_autofree char     *description = entity != NULL && count >= 0 ? rapport_filter_count_describe (entity, (guint) count) : NULL;

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, name);
  gtk_widget_add_css_class (count_label, "numeric");
  gtk_widget_add_css_class (count_label, "dim-label");
  gtk_widget_set_tooltip_text (count_label, description);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count_label);
  gtk_box_append (GTK_BOX (box), menu_button_new (self, segment));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  g_object_set_data_full (G_OBJECT (row), "rapport-segment-id",
                          g_strdup (rapport_json_get_string (segment, "id")), g_free);
  return row;
}

static void
show_segments (RapportSegmentList *self)
{
  RapportUndoQueue *undo = rapport_context_get_undo_queue (self->context);
  GtkWidget        *child;
  guint             shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    {
      JsonObject *segment = self->segments->pdata[i];

      /* Deleted, Undo still offered. */
      if (rapport_undo_queue_has (undo, rapport_json_get_string (segment, "id")))
        continue;
      gtk_list_box_append (self->list, row_new (self, segment));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), shown > 0);
  g_signal_emit (self, signals[REFRESHED], 0);
}

static void
segments_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RapportSegmentList) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *segments = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (segments == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (segments == NULL)
    g_warning ("Could not read the segments: %s", error->message);
  else
    {
      g_clear_pointer (&self->segments, g_ptr_array_unref);
      self->segments = segments;
      show_segments (self);
    }
  if (self->stale)
    reload (self);
}

static void
reload (RapportSegmentList *self)
{
  RapportStore *store = rapport_context_get_store (self->context);

  self->stale = FALSE;
  self->cancellable = g_cancellable_new ();
  rapport_store_read_async (store, read_segments, g_strdup (rapport_store_get_user_id (store)), g_free,
                            (GDestroyNotify) g_ptr_array_unref, self->cancellable, segments_read_cb,
                            g_object_ref (self));
}

/* Any record may enter or leave a segment: counted again, once at a time. */
static void
store_changed_cb (RapportSegmentList *self)
{
  if (self->cancellable != NULL)
    self->stale = TRUE;
  else
    reload (self);
}

static void
row_activated_cb (RapportSegmentList *self,
                  GtkListBoxRow      *row)
{
  JsonObject *segment = find (self, g_object_get_data (G_OBJECT (row), "rapport-segment-id"));

  if (segment != NULL)
    g_signal_emit (self, signals[OPEN], 0, rapport_json_get_string (segment, "id"),
                   rapport_json_get_string (segment, "object"),
                   rapport_json_get_string (segment, "filter"),
                   rapport_json_get_string (segment, "name"));
}

static void
rapport_segment_list_dispose (GObject *object)
{
  RapportSegmentList *self = RAPPORT_SEGMENT_LIST (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->segments, g_ptr_array_unref);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (rapport_segment_list_parent_class)->dispose (object);
}

static void
rapport_segment_list_class_init (RapportSegmentListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_segment_list_dispose;

  /**
   * RapportSegmentList::open:
   * @id: the segment's id
   * @object: the type of its records
   * @filter: its filter's JSON form
   * @name: its name
   *
   * The user asked to see a segment's records.
   */
  signals[OPEN] = g_signal_new ("open", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                G_TYPE_STRING);
  /* The segments were read again: a name may have changed, or one gone. */
  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_segment_list_init (RapportSegmentList *self)
{
  GtkWidget *heading = gtk_label_new (_("Segments"));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (heading, "dim-label");
  gtk_widget_set_margin_start (heading, 18);
  gtk_widget_set_margin_top (heading, 12);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Segments"), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_box_append (GTK_BOX (self), heading);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/**
 * rapport_segment_list_new:
 * @context: the book whose segments are listed
 *
 * Returns: the Segments group; shown once the user has one
 */
GtkWidget *
rapport_segment_list_new (RapportContext *context)
{
  RapportSegmentList *self = g_object_new (RAPPORT_TYPE_SEGMENT_LIST, NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (rapport_context_get_changes (context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rapport_context_get_undo_queue (context), "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
  return GTK_WIDGET (self);
}

/**
 * rapport_segment_list_dup_names:
 *
 * Returns: (transfer full): the names of the segments listed, which a
 *   new or renamed one may not take
 */
GStrv
rapport_segment_list_dup_names (RapportSegmentList *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (RAPPORT_IS_SEGMENT_LIST (self), NULL);

  for (guint i = 0; self->segments != NULL && i < self->segments->len; i++)
    g_strv_builder_add (names, rapport_json_get_string (self->segments->pdata[i], "name"));
  return g_strv_builder_end (names);
}

/**
 * rapport_segment_list_get_name:
 *
 * Returns: (nullable): the name of the segment @id as read last, or
 *   %NULL once it is deleted for good
 */
const char *
rapport_segment_list_get_name (RapportSegmentList *self,
                               const char         *id)
{
  JsonObject *segment;

  g_return_val_if_fail (RAPPORT_IS_SEGMENT_LIST (self), NULL);

  /* One deleted with Undo still offered is still there. */
  segment = find (self, id);
  return segment != NULL ? rapport_json_get_string (segment, "name") : NULL;
}
