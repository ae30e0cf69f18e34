/* rapport-ref-row.c: a link to another record, picked by searching
 *
 * A contact's company, a deal's contact: the row shows the record linked
 * to; its button opens a small window that searches the records of that
 * type (the lists' own search, so names in any script are found), and
 * picking one links it; records already taken (a team's members) can be
 * left out. The clear button unlinks. A window rather than a
 * popover: it fits a phone-width screen and needs no room beside the row,
 * which may be scrolled out of sight. The search runs in a worker thread;
 * a newer one, or the window closing, cancels its answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-ref-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-labels.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-ref-row.h"
#include "rapport-store-async.h"

/* What the window offers at most: enough to pick from while typing. */
#define MAX_HITS 8
/* A type without a search index (stages) is short: its titles are matched here. */
#define MAX_UNINDEXED 200

struct _RapportRefRow
{
  AdwActionRow         parent_instance;

  RapportStore        *store;      /* (owned) */
  const RapportField  *field;
  const RapportEntity *target;
  char                *original;   /* (owned) (nullable): the id when editing began */
  char                *chosen;     /* (owned) (nullable) */
  GHashTable          *excluded;   /* (owned) (nullable): ids not offered */

  char                *choose_label; /* (owned) */
  GtkWidget           *clear_button;
  GtkWidget           *choose_button;
  GtkWidget           *dialog;     /* (nullable): the search window, while open */
  GtkWidget           *search_entry; /* (nullable): in it */
  GtkWidget           *hits_box;   /* (nullable): in it */
  GCancellable        *searching;  /* (owned) (nullable): the search under way */
  gboolean             pick_first; /* Enter came before the search's hits */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportRefRow, rapport_ref_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static void
show_chosen (RapportRefRow *self)
{
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *title = NULL;

  if (self->chosen != NULL)
    record = rapport_store_get (self->store, self->target->name, self->chosen, NULL);
  if (record != NULL)
    title = rapport_record_title (self->target, record);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               title != NULL ? title : C_("no linked record", "None"));
  gtk_widget_set_visible (self->clear_button, self->chosen != NULL);
}

static void
choose (RapportRefRow *self,
        const char    *id)
{
  if (g_strcmp0 (self->chosen, id) == 0)
    return;
  g_free (self->chosen);
  self->chosen = g_strdup (id);
  show_chosen (self);
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
hit_clicked_cb (GtkButton     *button,
                RapportRefRow *self)
{
  choose (self, g_object_get_data (G_OBJECT (button), "rapport-id"));
  gtk_window_destroy (GTK_WINDOW (self->dialog));
  gtk_widget_grab_focus (self->choose_button);
}

static GtkWidget *
hit_new (RapportRefRow *self,
         JsonObject    *record)
{
  g_autofree char *title = rapport_record_title (self->target, record);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *button = gtk_button_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_set_data_full (G_OBJECT (button), "rapport-id",
                          g_strdup (json_object_get_string_member (record, "id")), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (hit_clicked_cb), self);
  return button;
}

/* Whether @record's title holds @folded (an unindexed type's search). */
static gboolean
title_matches (RapportRefRow *self,
               JsonObject    *record,
               const char    *folded)
{
  g_autofree char *title = rapport_record_title (self->target, record);
  g_autofree char *title_folded = g_utf8_casefold (title, -1);

  return *folded == '\0' || strstr (title_folded, folded) != NULL;
}

static void
pick_first (RapportRefRow *self)
{
  GtkWidget *first = gtk_widget_get_first_child (self->hits_box);

  if (first != NULL && GTK_IS_BUTTON (first))
    g_signal_emit_by_name (first, "clicked");
}

/* What a search reads, in a worker thread. */
typedef struct
{
  RapportQuery *query;  /* (owned) */
  guint         limit;
} Search;

static void
search_free (Search *search)
{
  rapport_query_free (search->query);
  g_free (search);
}

static gpointer
read_hits (RapportStore  *store,
           gpointer       data,
           GError       **error)
{
  Search *search = data;
  g_autoptr(RapportSnapshot) snapshot = NULL;

  if (!(snapshot = rapport_store_snapshot (store, search->query, error)))
    return NULL;
  return rapport_store_fetch (store, snapshot, 0, search->limit, error);
}

static void
hits_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RapportRefRow *self = user_data;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folded = NULL;
  GtkWidget *child;
  guint n_hits = 0;

  records = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);
  /* A newer search is under way, or the window or the row is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->searching);
  if (records == NULL)
    {
      g_warning ("Could not search %s: %s", self->target->table, error->message);
      return;
    }

  while ((child = gtk_widget_get_first_child (self->hits_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->hits_box), child);
  folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), -1);
  g_strstrip (folded);
  for (guint i = 0; i < records->len && n_hits < MAX_HITS; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);

      if (record == NULL || (!self->target->searchable && !title_matches (self, record, folded)))
        continue;
      if (self->excluded != NULL &&
          g_hash_table_contains (self->excluded, json_object_get_string_member (record, "id")))
        continue;
      gtk_box_append (GTK_BOX (self->hits_box), hit_new (self, record));
      n_hits++;
    }
  if (n_hits == 0)
    {
      GtkWidget *none = gtk_label_new (_("No Results Found"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 6);
      gtk_widget_set_margin_bottom (none, 6);
      gtk_box_append (GTK_BOX (self->hits_box), none);
    }
  if (self->pick_first)
    {
      self->pick_first = FALSE;
      pick_first (self);
    }
}

static void
stop_search (RapportRefRow *self)
{
  self->pick_first = FALSE;
  g_cancellable_cancel (self->searching);
  g_clear_object (&self->searching);
}

/* Searches in a worker thread, in place of the search under way: the hits
 * show when it is over. */
static void
search (RapportRefRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);
  Search *search = g_new0 (Search, 1);

  g_strstrip (folded);
  search->query = rapport_query_new (self->target->name);
  rapport_query_set_sort (search->query, RAPPORT_SORT_NAME);
  if (self->target->searchable && *folded != '\0')
    rapport_query_set_search (search->query, text);
  search->limit = self->target->searchable ? MAX_HITS : MAX_UNINDEXED;
  /* Enough to offer as many once those left out are passed over. */
  if (self->excluded != NULL)
    search->limit += g_hash_table_size (self->excluded);
  stop_search (self);
  self->searching = g_cancellable_new ();
  rapport_store_read_async (self->store, read_hits, search, (GDestroyNotify) search_free,
                            (GDestroyNotify) g_ptr_array_unref, self->searching, hits_read_cb,
                            self);
}

static void
search_changed_cb (RapportRefRow *self)
{
  search (self);
}

/* The first hit is picked with Enter: of the text typed, once its hits
 * are in. */
static void
search_activate_cb (RapportRefRow *self)
{
  if (self->searching != NULL)
    self->pick_first = TRUE;
  else
    pick_first (self);
}

static void
dialog_destroy_cb (RapportRefRow *self)
{
  stop_search (self);
  self->dialog = NULL;
  self->search_entry = NULL;
  self->hits_box = NULL;
}

static void
choose_clicked_cb (RapportRefRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  self->dialog = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (self->dialog), self->choose_label);
  gtk_window_set_titlebar (GTK_WINDOW (self->dialog), adw_header_bar_new ());
  gtk_window_set_modal (GTK_WINDOW (self->dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self->dialog), TRUE);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self->dialog), GTK_WINDOW (root));
  /* Narrow enough for a phone-width screen. */
  gtk_window_set_default_size (GTK_WINDOW (self->dialog), 340, 420);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (self->dialog, shortcuts);
  g_signal_connect_swapped (self->dialog, "destroy", G_CALLBACK (dialog_destroy_cb), self);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  self->search_entry = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search Records"), -1);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (search_activate_cb), self);
  gtk_box_append (GTK_BOX (box), self->search_entry);

  self->hits_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->hits_box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_window_set_child (GTK_WINDOW (self->dialog), box);

  search (self);
  gtk_window_present (GTK_WINDOW (self->dialog));
  gtk_widget_grab_focus (self->search_entry);
}

static void
clear_clicked_cb (RapportRefRow *self)
{
  choose (self, NULL);
  gtk_widget_grab_focus (self->choose_button);
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportRefRow *self = RAPPORT_REF_ROW (row);

  if (g_strcmp0 (self->chosen, self->original) == 0)
    return TRUE;
  rapport_field_row_put (changes, self->field, creating,
                         self->chosen != NULL ? json_node_init_string (json_node_alloc (), self->chosen)
                                              : json_node_new (JSON_NODE_NULL));
  return TRUE;
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

/* The choose and clear buttons say what they pick. */
static void
label_buttons (RapportRefRow *self,
               const char    *label)
{
  g_autofree char *clear_label = NULL;

  g_free (self->choose_label);
  /* Translators: a button that searches for the record to link, "Choose Company" */
  self->choose_label = g_strdup_printf (_("Choose %s"), label);
  gtk_widget_set_tooltip_text (self->choose_button, self->choose_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->choose_label, -1);
  /* Translators: a button that unlinks a record, "Clear Company" */
  clear_label = g_strdup_printf (_("Clear %s"), label);
  gtk_widget_set_tooltip_text (self->clear_button, clear_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, clear_label, -1);
}

static void
rapport_ref_row_dispose (GObject *object)
{
  RapportRefRow *self = RAPPORT_REF_ROW (object);

  if (self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
  stop_search (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_ref_row_parent_class)->dispose (object);
}

static void
rapport_ref_row_finalize (GObject *object)
{
  RapportRefRow *self = RAPPORT_REF_ROW (object);

  g_free (self->original);
  g_free (self->chosen);
  g_free (self->choose_label);
  g_clear_pointer (&self->excluded, g_hash_table_unref);

  G_OBJECT_CLASS (rapport_ref_row_parent_class)->finalize (object);
}

static void
rapport_ref_row_class_init (RapportRefRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_ref_row_dispose;
  G_OBJECT_CLASS (klass)->finalize = rapport_ref_row_finalize;
}

static void
rapport_ref_row_init (RapportRefRow *self)
{
  /* The subtitle is the chosen record's title. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  self->clear_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (self->clear_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->clear_button, "flat");
  g_signal_connect_swapped (self->clear_button, "clicked", G_CALLBACK (clear_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);

  self->choose_button = gtk_button_new_from_icon_name ("edit-find-symbolic");
  gtk_widget_set_valign (self->choose_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->choose_button, "flat");
  g_signal_connect_swapped (self->choose_button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->choose_button);
  /* Activating the row searches too; not through set_activatable_widget,
   * which would name the button after the row as well. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  g_signal_connect (self, "activated", G_CALLBACK (choose_clicked_cb), NULL);
}

GtkWidget *
rapport_ref_row_new (RapportStore        *store,
                     const RapportEntity *entity,
                     const RapportField  *field,
                     JsonObject          *record)
{
  RapportRefRow *self = g_object_new (RAPPORT_TYPE_REF_ROW, NULL);
  JsonNode *id = record != NULL ? json_object_get_member (record, field->name) : NULL;
  const char *label = rapport_labels_field (entity, field->name);

  self->store = g_object_ref (store);
  self->field = field;
  self->target = rapport_entity_lookup (field->ref_entity);
  if (id != NULL && json_node_get_value_type (id) == G_TYPE_STRING)
    self->original = g_strdup (json_node_get_string (id));
  self->chosen = g_strdup (self->original);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  label_buttons (self, label);
  show_chosen (self);
  return GTK_WIDGET (self);
}

/**
 * rapport_ref_row_set_label:
 * @label: what the row picks, for a row that edits no field of a record
 *   type: "Person" in a rule's action
 */
void
rapport_ref_row_set_label (RapportRefRow *self,
                           const char    *label)
{
  g_return_if_fail (RAPPORT_IS_REF_ROW (self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  label_buttons (self, label);
}

/**
 * rapport_ref_row_get_chosen:
 *
 * Returns: (nullable): the id of the record picked
 */
const char *
rapport_ref_row_get_chosen (RapportRefRow *self)
{
  g_return_val_if_fail (RAPPORT_IS_REF_ROW (self), NULL);

  return self->chosen;
}

/**
 * rapport_ref_row_set_excluded:
 * @ids: (nullable): records the search never offers: the users already
 *   in a team, when adding a member
 */
void
rapport_ref_row_set_excluded (RapportRefRow      *self,
                              const char * const *ids)
{
  g_return_if_fail (RAPPORT_IS_REF_ROW (self));

  g_clear_pointer (&self->excluded, g_hash_table_unref);
  if (ids == NULL || ids[0] == NULL)
    return;
  self->excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (self->excluded, g_strdup (ids[i]));
}
