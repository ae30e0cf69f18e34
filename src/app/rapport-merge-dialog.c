/* rapport-merge-dialog.c: merging records that are one, field by field
 *
 * SPEC.md §5.3: the user picks the record that is kept and, for each field
 * the records fill, whose value it keeps; every default is shown before
 * anything happens (the kept record's value if it has one, else the most
 * recently modified). Emails, phones, tags and notes of all are kept. The
 * merge is queued like any change and done by the server at the next sync
 * (rapport-server-record-merges.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-merge-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-merge-dialog.h"
#include "rapport-numbering.h"
#include "rapport-record.h"
#include "rapport-store-merges.h"

/* One field whose value is chosen: the records that have one, in the
 * order of its drop-down's items. */
typedef struct
{
  const RapportField *field;
  GtkWidget          *dropdown; /* (unowned): the dialog's */
  GArray             *owners;   /* (owned) (element-type guint): index in records per item */
} Choice;

typedef struct
{
  RapportStore        *store;   /* (owned) */
  const RapportEntity *entity;
  GPtrArray           *records; /* (owned) (element-type JsonObject): oldest first */
  GtkWidget           *keep;    /* (unowned): the drop-down of the kept record */
  GPtrArray           *choices; /* (owned) (element-type Choice) */
} Merging;

static void
choice_free (Choice *choice)
{
  g_array_unref (choice->owners);
  g_free (choice);
}

static void
merging_free (Merging *merging)
{
  g_clear_object (&merging->store);
  g_ptr_array_unref (merging->records);
  g_ptr_array_unref (merging->choices);
  g_free (merging);
}

static gboolean
has_value (JsonObject *record,
           const char *name)
{
  JsonNode *value = json_object_get_member (record, name);

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return FALSE;
  return !(JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING &&
           *json_node_get_string (value) == '\0');
}

/* What is chosen: lists and notes are joined, the rest is one value. */
static gboolean
is_chosen (const RapportEntity *entity,
           const RapportField  *field)
{
  return !rapport_field_is_list (field) && !(field->flags & RAPPORT_FIELD_MULTILINE) &&
         !rapport_field_is_server_set (field) &&
         (entity->hidden == NULL || !g_strv_contains (entity->hidden, field->name));
}

/* A value as the user reads it: a company by its name. */
static char *
value_text (Merging            *merging,
            const RapportField *field,
            JsonObject         *record)
{
  if (field->kind == RAPPORT_FIELD_REF)
    {
      const RapportEntity *target = rapport_entity_lookup (field->ref_entity);
      const char *id = rapport_json_get_string (record, field->name);
      g_autoptr(JsonObject) pointed = target != NULL
                                        ? rapport_store_get (merging->store, target->name, id, NULL)
                                        : NULL;

      if (pointed != NULL)
        return rapport_record_title (target, pointed);
    }
  return rapport_labels_format_value (merging->entity, field->name,
                                      json_object_get_member (record, field->name));
}

/* The kept record's value if it has one, else the most recently modified. */
static guint
default_item (Merging *merging,
              Choice  *choice,
              guint    kept)
{
  guint best = 0;
  const char *best_at = NULL;

  for (guint i = 0; i < choice->owners->len; i++)
    {
      guint owner = g_array_index (choice->owners, guint, i);
      const char *at = rapport_json_get_string (g_ptr_array_index (merging->records, owner),
                                                "updated_at");

      if (owner == kept)
        return i;
      if (best_at == NULL || g_strcmp0 (at, best_at) > 0)
        {
          best = i;
          best_at = at;
        }
    }
  return best;
}

static void
keep_changed_cb (GtkDropDown *keep,
                 GParamSpec  *pspec,
                 Merging     *merging)
{
  guint kept = gtk_drop_down_get_selected (keep);

  for (guint i = 0; i < merging->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (merging->choices, i);

      gtk_drop_down_set_selected (GTK_DROP_DOWN (choice->dropdown),
                                  default_item (merging, choice, kept));
    }
}

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) event = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);

  if (event == NULL)
    {
      GtkWidget *failed = adw_message_dialog_new (parent, _("Could Not Merge"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (failed), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (failed));
    }
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Merging          *merging)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  guint kept = gtk_drop_down_get_selected (GTK_DROP_DOWN (merging->keep));
  g_autoptr(GPtrArray) losers = g_ptr_array_new ();
  g_autoptr(JsonObject) choices = json_object_new ();
  g_autoptr(JsonObject) fields = NULL;
  JsonObject *master;

  if (g_strcmp0 (response, "merge") != 0)
    return;
  master = g_ptr_array_index (merging->records, kept);
  for (guint i = 0; i < merging->records->len; i++)
    if (i != kept)
      g_ptr_array_add (losers, (gpointer) rapport_json_get_string (g_ptr_array_index (merging->records, i),
                                                                   "id"));
  g_ptr_array_add (losers, NULL);
  for (guint i = 0; i < merging->choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (merging->choices, i);
      guint item = gtk_drop_down_get_selected (GTK_DROP_DOWN (choice->dropdown));
      JsonObject *owner = g_ptr_array_index (merging->records,
                                             g_array_index (choice->owners, guint, item));

      json_object_set_string_member (choices, choice->field->name,
                                     rapport_json_get_string (owner, "id"));
    }
  fields = rapport_merge_request (merging->entity->name, rapport_json_get_string (master, "id"),
                                  (const char * const *) losers->pdata, choices);
  rapport_store_create_async (merging->store, "merge_event", fields, NULL, queued_cb,
                              parent != NULL ? g_object_ref (parent) : NULL);
}

/* Values and names can be long: at 360 px the row keeps its title and
 * the value is cut with an ellipsis (the drop-down's list shows it whole). */
static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 18);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
setup_whole_item_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkStringObject *text = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (text));
}

static GtkWidget *
new_dropdown (GListModel *items)
{
  GtkWidget *dropdown = gtk_drop_down_new (items, NULL);
  GtkListItemFactory *cut = gtk_signal_list_item_factory_new ();
  GtkListItemFactory *whole = gtk_signal_list_item_factory_new ();

  g_signal_connect (cut, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (cut, "bind", G_CALLBACK (bind_item_cb), NULL);
  g_signal_connect (whole, "setup", G_CALLBACK (setup_whole_item_cb), NULL);
  g_signal_connect (whole, "bind", G_CALLBACK (bind_item_cb), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), cut);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), whole);
  g_object_unref (cut);
  g_object_unref (whole);
  return dropdown;
}

static GtkWidget *
new_row (GtkWidget  *list,
         const char *title,
         GtkWidget  *dropdown)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  return row;
}

/* A row per field that the records fill, with each distinct value once. */
static void
add_choices (Merging   *merging,
             GtkWidget *list)
{
  for (guint f = 0; f < merging->entity->n_fields; f++)
    {
      const RapportField *field = &merging->entity->fields[f];
      g_autoptr(GtkStringList) items = NULL;
      g_autoptr(GPtrArray) seen = NULL;
      Choice *choice;

      if (!is_chosen (merging->entity, field))
        continue;
      items = gtk_string_list_new (NULL);
      seen = g_ptr_array_new_with_free_func (g_free);
      choice = g_new0 (Choice, 1);
      choice->field = field;
      choice->owners = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint r = 0; r < merging->records->len; r++)
        {
          JsonObject *record = g_ptr_array_index (merging->records, r);
          char *text;

          if (!has_value (record, field->name))
            continue;
          text = value_text (merging, field, record);
          if (g_ptr_array_find_with_equal_func (seen, text, g_str_equal, NULL))
            {
              g_free (text);
              continue;
            }
          gtk_string_list_append (items, text);
          g_ptr_array_add (seen, text);
          g_array_append_val (choice->owners, r);
        }
      if (choice->owners->len == 0)
        {
          choice_free (choice);
          continue;
        }
      choice->dropdown = new_dropdown (G_LIST_MODEL (g_steal_pointer (&items)));
      gtk_widget_set_sensitive (choice->dropdown, choice->owners->len > 1);
      new_row (list, rapport_labels_field (merging->entity, field->name), choice->dropdown);
      g_ptr_array_add (merging->choices, choice);
    }
}

static int
by_created (gconstpointer a,
            gconstpointer b)
{
  return g_strcmp0 (rapport_json_get_string (*(JsonObject **) a, "created_at"),
                    rapport_json_get_string (*(JsonObject **) b, "created_at"));
}

/**
 * rapport_merge_dialog_present:
 * @parent: (nullable): a widget of the window it is for
 * @records: (element-type JsonObject): 2 to 5 records of @entity
 *
 * Asks which record is kept and which values, then queues the merge.
 *
 * Returns: (transfer none): the dialog, whose "response" is "merge" when
 *   the merge is queued
 */
GtkWidget *
rapport_merge_dialog_present (GtkWidget           *parent,
                              RapportStore        *store,
                              const RapportEntity *entity,
                              GPtrArray           *records)
{
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  Merging *merging = g_new0 (Merging, 1);
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box, *scrolled, *list, *note;
  g_autofree char *heading = NULL;

  merging->store = g_object_ref (store);
  merging->entity = entity;
  merging->records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  merging->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (merging->records, json_object_ref (g_ptr_array_index (records, i)));
  /* The oldest is kept unless the user says otherwise (as Odoo). */
  g_ptr_array_sort (merging->records, by_created);

  /* Translators: the title of the merge dialog, "Merge 2 Records" */
  heading = g_strdup_printf (ngettext ("Merge %u Record", "Merge %u Records", records->len),
                             records->len);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The values chosen below are kept; the emails, phones, tags and "
                                     "notes of all are kept too. The server merges at the next sync, "
                                     "and the merge can be undone for 30 days."));
  gtk_window_set_title (GTK_WINDOW (dialog), heading);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < merging->records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (merging->records, i);
      g_autofree char *title = rapport_record_title (entity, record);
      g_autofree char *created = rapport_labels_format_date (rapport_json_get_string (record,
                                                                                      "created_at"));
      /* Translators: a record to keep, "Ana Ribeiro, created 2026/12/07" */
      g_autofree char *item = g_strdup_printf (_("%s, created %s"), title, created);

      gtk_string_list_append (titles, item);
    }
  merging->keep = new_dropdown (G_LIST_MODEL (g_steal_pointer (&titles)));
  new_row (list, _("Keep"), merging->keep);
  add_choices (merging, list);
  g_signal_connect (merging->keep, "notify::selected", G_CALLBACK (keep_changed_cb), merging);
  keep_changed_cb (GTK_DROP_DOWN (merging->keep), NULL, merging);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_box_append (GTK_BOX (box), scrolled);
  note = gtk_label_new (_("Deals, cases, activities and tasks of all move to the record kept."));
  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_label_set_xalign (GTK_LABEL (note), 0);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), merging,
                         (GClosureNotify) (void (*) (void)) merging_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
