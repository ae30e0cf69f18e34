/* rapport-detail-view.c: one record, to read and to edit
 *
 * Reading shows the record's filled-in fields, with email, phone and
 * website opening the user's mail client, dialer and browser, and the
 * records it is related to, then its open tasks and its timeline. Editing
 * turns the same fields into entry and combo rows; Save sends only what the
 * user changed, so a sync that changed other fields meanwhile is not
 * undone, and a refused value is shown under its field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-detail-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-choice-factory.h"
#include "rapport-date-button.h"
#include "rapport-detail-view.h"
#include "rapport-labels.h"
#include "rapport-money.h"
#include "rapport-name-order.h"
#include "rapport-preferences-window.h"
#include "rapport-main-thread.h"
#include "rapport-query.h"
#include "rapport-record.h"
#include "rapport-record-tasks-group.h"
#include "rapport-team-users.h"
#include "rapport-timeline-group.h"
#include "rapport-timeline.h"
#include "rapport-validate.h"

#define MAX_RELATED 20

typedef enum
{
  MODE_NONE,
  MODE_VIEW,
  MODE_EDIT,
} Mode;

/* Currencies offered first; any other valid code a record has is added. */
static const char * const common_currencies[] = {
  "EUR", "USD", "GBP", "CNY", "JPY", "CHF", "CAD", "AUD", "HKD", "SGD", "INR", "BRL", NULL
};

typedef struct
{
  const RapportField *field;
  GtkWidget          *row;          /* AdwEntryRow, AdwComboRow or AdwActionRow with a switch */
  GtkWidget          *toggle;       /* (nullable): the switch of a BOOL field */
  GtkWidget          *error_label;
  GtkWidget          *error_row;
  GPtrArray          *choices;      /* (owned) (nullable): values of a combo row */
  char               *original;     /* (owned): the text when editing began */
} Editor;

struct _RapportDetailView
{
  GtkWidget            parent_instance;

  RapportStore        *store;       /* (owned) (nullable) */
  gulong               changed_id;
  const RapportEntity *entity;
  char                *id;          /* (owned) (nullable) */
  JsonObject          *record;      /* (owned) (nullable) */
  Mode                 mode;
  GPtrArray           *editors;     /* (owned) (element-type Editor) */
  GtkWidget           *owner_row;   /* (unowned) (nullable): in edit_box, while editing */

  GtkWidget           *box;
  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *cancel_button;
  GtkWidget           *save_button;
  GtkWidget           *edit_button;
  GtkWidget           *delete_button;
  GtkStack            *stack;
  AdwStatusPage       *none_page;
  GtkBox              *view_box;
  GtkBox              *edit_box;
};

G_DEFINE_FINAL_TYPE (RapportDetailView, rapport_detail_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DELETED,
  SIGNAL_SAVED,
  SIGNAL_OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
editor_free (Editor *editor)
{
  g_clear_pointer (&editor->choices, g_ptr_array_unref);
  g_free (editor->original);
  g_free (editor);
}

/* A MONEY field shows its currency: the CURRENCY field has no row of its own. */
static gboolean
is_money_currency (const RapportEntity *entity,
                   const char          *name)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].kind == RAPPORT_FIELD_MONEY &&
        g_strcmp0 (entity->fields[i].currency_field, name) == 0)
      return TRUE;
  return FALSE;
}

static const char *
get_string (JsonObject *record,
            const char *member)
{
  JsonNode *node = record ? json_object_get_member (record, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The first {label, value} of an email or phone list. */
static const char *
first_list_value (JsonObject *record,
                  const char *member)
{
  JsonNode *node = record ? json_object_get_member (record, member) : NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, 0)))
    return NULL;
  return get_string (json_array_get_object_element (array, 0), "value");
}

/* A field as the user types it. */
static char *
field_text (JsonObject         *record,
            const RapportField *field)
{
  JsonNode *node = record ? json_object_get_member (record, field->name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");

  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
      return g_strdup (first_list_value (record, field->name) ?: "");
    case RAPPORT_FIELD_TAGS:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        JsonArray *array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append (text, ", ");
            g_string_append (text, json_array_get_string_element (array, i));
          }
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
    case RAPPORT_FIELD_MONEY:
        {
          /* Without the currency: it has its own row. */
          return rapport_money_format_number (json_node_get_int (node),
                                              get_string (record, field->currency_field));
        }
    case RAPPORT_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case RAPPORT_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (node) ? "true" : "");
    default:
      return g_strdup (json_node_get_value_type (node) == G_TYPE_STRING
                       ? json_node_get_string (node) : "");
    }
}

/* A field as the user reads it. */
static char *
field_display (const RapportEntity *entity,
               JsonObject          *record,
               const RapportField  *field)
{
  g_autofree char *text = field_text (record, field);

  if (*text == '\0')
    return NULL;
  switch (field->kind)
    {
    case RAPPORT_FIELD_ENUM:
      return g_strdup (rapport_labels_field_choice (entity, field->name, text));
    case RAPPORT_FIELD_BOOL:
      return g_strdup (_("Yes"));
    case RAPPORT_FIELD_DATE:
    case RAPPORT_FIELD_DATETIME:
      return rapport_labels_format_date (text);
    case RAPPORT_FIELD_MONEY:
      return rapport_money_format (json_object_get_int_member (record, field->name),
                                          get_string (record, field->currency_field));
    case RAPPORT_FIELD_INT:
      if (field->flags & RAPPORT_FIELD_PERCENT)
        return g_strdup_printf ("%s %%", text);
      return g_steal_pointer (&text);
    default:
      return g_steal_pointer (&text);
    }
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
open_uri_cb (GtkWidget *button,
             GtkWidget *self)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "rapport-uri");

  /* GtkUriLauncher is 4.10; gtk_show_uri is what 4.8 has. */
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (self)), uri, GDK_CURRENT_TIME);
}

static char *
uri_for (const RapportField *field,
         const char         *value)
{
  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_EMAIL_LIST:
      return g_strconcat ("mailto:", value, NULL);
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_PHONE_LIST:
      {
        g_autoptr(GString) digits = g_string_new ("tel:");

        for (const char *p = value; *p; p++)
          if (g_ascii_isdigit (*p) || *p == '+')
            g_string_append_c (digits, *p);
        return g_string_free (g_steal_pointer (&digits), FALSE);
      }
    case RAPPORT_FIELD_URL:
      if (g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://"))
        return g_strdup (value);
      return g_strconcat ("https://", value, NULL);
    default:
      return NULL;
    }
}

static const char *
uri_action_label (const RapportField *field)
{
  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_EMAIL_LIST:
      return _("Send Email");
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_PHONE_LIST:
      return C_("phone action", "Call");
    default:
      return _("Open Website");
    }
}

static const char *
uri_action_icon (const RapportField *field)
{
  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_EMAIL_LIST:
      return "mail-send-symbolic";
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_PHONE_LIST:
      return "call-start-symbolic";
    default:
      return "web-browser-symbolic";
    }
}

static GtkWidget *
value_row_new (const char *title,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  /* Screen readers read "Email: ana@example.com". */
  {
    g_autofree char *label = g_strdup_printf ("%s: %s", title, value);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  return row;
}

static void
related_row_activated_cb (AdwActionRow      *row,
                          RapportDetailView *self)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_RECORD], 0,
                 g_object_get_data (G_OBJECT (row), "rapport-entity"),
                 g_object_get_data (G_OBJECT (row), "rapport-id"));
}

static GtkWidget *
related_row_new (RapportDetailView   *self,
                 const RapportEntity *entity,
                 JsonObject          *record,
                 const char          *subtitle)
{
  g_autofree char *title = rapport_record_title (entity, record);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *avatar = adw_avatar_new (32, title, TRUE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "rapport-entity", g_strdup (entity->name), g_free);
  g_object_set_data_full (G_OBJECT (row), "rapport-id",
                          g_strdup (json_object_get_string_member (record, "id")), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (related_row_activated_cb), self);
  return row;
}

/* One record this one points at: a contact's company. Returns whether
 * there was one. */
static gboolean
add_reference (RapportDetailView *self,
               GtkWidget         *group,
               const char        *field)
{
  const RapportField *ref = rapport_entity_get_field (self->entity, field);
  const char *id = get_string (self->record, field);
  g_autoptr(JsonObject) record = NULL;

  if (ref == NULL || id == NULL)
    return FALSE;
  record = rapport_store_get (self->store, ref->ref_entity, id, NULL);
  if (record == NULL)
    return FALSE;
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             related_row_new (self, rapport_entity_lookup (ref->ref_entity), record,
                                              rapport_labels_field (self->entity, field)));
  return TRUE;
}

/* The records that point at this one: a company's people. */
static void
add_related_group (RapportDetailView   *self,
                   const char          *title,
                   const RapportEntity *entity,
                   const char          *field)
{
  g_autoptr(RapportQuery) query = rapport_query_new (entity->name);
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GtkWidget *group;
  guint n;

  rapport_query_add_filter (query, field, self->id);
  rapport_query_set_sort (query, RAPPORT_SORT_UPDATED);
  /* Indexed by the filtered field: a few rows, quick enough to stay here. */
  snapshot = rapport_store_snapshot (self->store, query, NULL);
  if (snapshot == NULL || (n = rapport_snapshot_get_n_rows (snapshot)) == 0)
    return;
  records = rapport_store_fetch (self->store, snapshot, 0, MAX_RELATED, NULL);
  if (records == NULL)
    return;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (n > MAX_RELATED)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("The latest %u of %u", "The latest %u of %u", n),
                                               MAX_RELATED, n);

      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), more);
    }
  for (guint i = 0; i < records->len; i++)
    if (g_ptr_array_index (records, i) != NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 related_row_new (self, entity, g_ptr_array_index (records, i), NULL));
  gtk_box_append (self->view_box, group);
}

/* A group of values to read, with a button to mail, call or browse where
 * one helps. */
static GtkWidget *
fields_group_new (RapportDetailView        *self,
                  const RapportLayoutGroup *layout)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->label));
  for (guint i = 0; layout->fields[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (self->entity, layout->fields[i]);
      g_autofree char *value = field_display (self->entity, self->record, field);
      g_autofree char *uri = NULL;
      g_autofree char *text = NULL;
      GtkWidget *row;

      if (value == NULL || is_money_currency (self->entity, field->name))
        continue;
      row = value_row_new (rapport_labels_field (self->entity, field->name), value);
      text = field_text (self->record, field);
      if ((uri = uri_for (field, text)) != NULL)
        {
          GtkWidget *button = gtk_button_new_from_icon_name (uri_action_icon (field));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, uri_action_label (field));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          uri_action_label (field), -1);
          g_object_set_data_full (G_OBJECT (button), "rapport-uri", g_steal_pointer (&uri), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (open_uri_cb), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  return group;
}

/* The records this one points at; NULL if it points at none. */
static GtkWidget *
references_group_new (RapportDetailView        *self,
                      const RapportLayoutGroup *layout)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint n_links = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->label));
  /* A preferences group always has children of its own: count the rows. */
  for (guint i = 0; layout->fields[i] != NULL; i++)
    n_links += add_reference (self, group, layout->fields[i]);
  if (n_links > 0)
    return group;
  g_object_unref (g_object_ref_sink (group));
  return NULL;
}

static void
render_view (RapportDetailView *self)
{
  g_autofree char *title = rapport_record_title (self->entity, self->record);
  g_autoptr(GPtrArray) relations = NULL;
  GtkWidget *header, *avatar, *label;
  gboolean owner_shown = FALSE;

  clear_box (self->view_box);

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  avatar = adw_avatar_new (96, title, TRUE);
  gtk_box_append (GTK_BOX (header), avatar);
  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (self->view_box, header);

  for (guint i = 0; i < self->entity->n_groups; i++)
    {
      const RapportLayoutGroup *layout = &self->entity->layout[i];
      GtkWidget *group;

      if (layout->kind == RAPPORT_GROUP_REFERENCES)
        {
          if ((group = references_group_new (self, layout)) != NULL)
            gtk_box_append (self->view_box, group);
          continue;
        }
      group = fields_group_new (self, layout);
      /* Whose the record is ends the first group of values. */
      if (!owner_shown)
        {
          GtkWidget *owner = rapport_team_users_owner_value (self->store, self->entity, self->record);

          if (owner != NULL)
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), owner);
          owner_shown = TRUE;
        }
      gtk_box_append (self->view_box, group);
    }

  /* The records that point at this one: a company's people, deals and cases. */
  relations = rapport_entity_relations (self->entity, RAPPORT_FIELD_RELATED);
  for (guint i = 0; i < relations->len; i++)
    {
      RapportRelation *relation = g_ptr_array_index (relations, i);

      add_related_group (self, _(relation->entity->labels.related), relation->entity,
                         relation->field->name);
    }

  if (rapport_timeline_link_field (self->entity->name) != NULL)
    {
      gtk_box_append (self->view_box,
                      rapport_record_group_new (RAPPORT_TYPE_RECORD_TASKS_GROUP, self->store,
                                                self->entity->name, self->id));
      gtk_box_append (self->view_box,
                      rapport_record_group_new (RAPPORT_TYPE_TIMELINE_GROUP, self->store,
                                                self->entity->name, self->id));
    }
}

static void
update_header (RapportDetailView *self)
{
  g_autofree char *title = NULL;

  gtk_widget_set_visible (self->cancel_button, self->mode == MODE_EDIT);
  gtk_widget_set_visible (self->save_button, self->mode == MODE_EDIT);
  gtk_widget_set_visible (self->edit_button, self->mode == MODE_VIEW);
  gtk_widget_set_visible (self->delete_button, self->mode == MODE_VIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.edit", self->mode == MODE_VIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.delete", self->mode == MODE_VIEW);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.save", self->mode == MODE_EDIT);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.cancel", self->mode == MODE_EDIT);

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
add_error_row (Editor    *editor,
               GtkWidget *group)
{
  editor->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (editor->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (editor->error_label), TRUE);
  gtk_widget_add_css_class (editor->error_label, "error");
  gtk_widget_add_css_class (editor->error_label, "field-error");
  /* An AdwPreferencesRow, or the group would put it below all the rows. */
  editor->error_row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (editor->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (editor->error_row), FALSE);
  gtk_widget_set_focusable (editor->error_row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (editor->error_row), editor->error_label);
  gtk_widget_set_visible (editor->error_row, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->error_row);
}

static void
clear_error (Editor *editor)
{
  gtk_widget_remove_css_class (editor->row, "error");
  gtk_widget_set_visible (editor->error_row, FALSE);
}

static void
entry_changed_cb (GtkEditable *editable,
                  Editor      *editor)
{
  clear_error (editor);
}

static Editor *
editor_new_combo (RapportDetailView  *self,
                  const RapportField *field,
                  const char         *current)
{
  Editor *editor = g_new0 (Editor, 1);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *preset = NULL;
  guint selected = 0;

  /* A new record is in the user's default currency. */
  if (field->kind == RAPPORT_FIELD_CURRENCY && *current == '\0' && self->id == NULL &&
      (preset = rapport_preferences_default_currency ()) != NULL)
    current = preset;

  editor->field = field;
  editor->choices = g_ptr_array_new_with_free_func (g_free);
  /* A field with no default can be left unset. */
  if (field->default_value == NULL && !(field->flags & RAPPORT_FIELD_REQUIRED))
    {
      g_ptr_array_add (editor->choices, g_strdup (""));
      gtk_string_list_append (labels, _("None"));
    }
  if (field->kind == RAPPORT_FIELD_CURRENCY)
    {
      if (*current != '\0' && !g_strv_contains (common_currencies, current))
        {
          g_ptr_array_add (editor->choices, g_strdup (current));
          gtk_string_list_append (labels, current);
        }
      for (guint i = 0; common_currencies[i] != NULL; i++)
        {
          g_ptr_array_add (editor->choices, g_strdup (common_currencies[i]));
          gtk_string_list_append (labels, common_currencies[i]);
        }
    }
  else
    for (guint i = 0; field->choices[i] != NULL; i++)
      {
        g_ptr_array_add (editor->choices, g_strdup (field->choices[i]));
        gtk_string_list_append (labels, rapport_labels_field_choice (self->entity, field->name,
                                                                     field->choices[i]));
      }

  for (guint i = 0; i < editor->choices->len; i++)
    if (strcmp (g_ptr_array_index (editor->choices, i), current) == 0 ||
        (*current == '\0' && g_strcmp0 (g_ptr_array_index (editor->choices, i),
                                        field->default_value) == 0))
      selected = i;

  editor->row = adw_combo_row_new ();
  adw_combo_row_set_model (ADW_COMBO_ROW (editor->row), G_LIST_MODEL (labels));
  {
    g_autoptr(GtkListItemFactory) factory = rapport_choice_factory_new ();

    adw_combo_row_set_factory (ADW_COMBO_ROW (editor->row), factory);
  }
  adw_combo_row_set_selected (ADW_COMBO_ROW (editor->row), selected);
  return editor;
}

static const char *
editor_get_text (Editor  *editor,
                 char   **owned)
{
  if (editor->choices != NULL)
    return g_ptr_array_index (editor->choices,
                              adw_combo_row_get_selected (ADW_COMBO_ROW (editor->row)));
  if (editor->toggle != NULL)
    return gtk_switch_get_active (GTK_SWITCH (editor->toggle)) ? "true" : "";
  *owned = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editor->row))));
  return *owned;
}

static void
add_editors (RapportDetailView  *self,
             GtkWidget          *group,
             const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (self->entity, fields[i]);
      const char *label = rapport_labels_field (self->entity, fields[i]);
      g_autofree char *text = field_text (self->record, field);
      Editor *editor;

      if (field->kind == RAPPORT_FIELD_ENUM || field->kind == RAPPORT_FIELD_CURRENCY)
        editor = editor_new_combo (self, field, text);
      else if (field->kind == RAPPORT_FIELD_BOOL)
        {
          editor = g_new0 (Editor, 1);
          editor->field = field;
          editor->row = adw_action_row_new ();
          editor->toggle = gtk_switch_new ();
          gtk_switch_set_active (GTK_SWITCH (editor->toggle), *text != '\0');
          gtk_widget_set_valign (editor->toggle, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (editor->toggle),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (editor->row), editor->toggle);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (editor->row), editor->toggle);
        }
      else
        {
          editor = g_new0 (Editor, 1);
          editor->field = field;
          editor->row = adw_entry_row_new ();
          gtk_editable_set_text (GTK_EDITABLE (editor->row), text);
          g_signal_connect (editor->row, "changed", G_CALLBACK (entry_changed_cb), editor);
          if (field->kind == RAPPORT_FIELD_EMAIL || field->kind == RAPPORT_FIELD_EMAIL_LIST)
            adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_EMAIL);
          else if (field->kind == RAPPORT_FIELD_PHONE || field->kind == RAPPORT_FIELD_PHONE_LIST)
            adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_PHONE);
          else if (field->kind == RAPPORT_FIELD_URL)
            adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_URL);
          else if (field->kind == RAPPORT_FIELD_INT || field->kind == RAPPORT_FIELD_MONEY)
            adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (editor->row), GTK_INPUT_PURPOSE_NUMBER);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (editor->row), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (editor->row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      if (field->kind == RAPPORT_FIELD_DATE)
        {
          /* Translators: the format a date is typed in */
          gtk_widget_set_tooltip_text (editor->row, _("Year-month-day, e.g. 2026-03-31"));
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (editor->row),
                                    rapport_date_button_new (GTK_EDITABLE (editor->row)));
        }
      {
        g_autofree char *owned = NULL;

        editor->original = g_strdup (editor_get_text (editor, &owned));
      }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), editor->row);
      add_error_row (editor, group);
      g_ptr_array_add (self->editors, editor);
    }
}

static void
render_edit (RapportDetailView *self)
{
  GtkWidget *group = NULL;

  clear_box (self->edit_box);
  g_ptr_array_set_size (self->editors, 0);

  /* The value groups of the layout; what the record points at is not
   * typed here. */
  for (guint g = 0; g < self->entity->n_groups; g++)
    {
      const RapportLayoutGroup *layout = &self->entity->layout[g];
      g_auto(GStrv) ordered = rapport_name_order_apply (layout->fields);

      if (layout->kind != RAPPORT_GROUP_FIELDS)
        continue;
      if (group != NULL)
        gtk_box_append (self->edit_box, group);
      group = adw_preferences_group_new ();
      add_editors (self, group, (const char * const *) ordered);
    }
  if (group == NULL)
    group = adw_preferences_group_new ();
  /* Handing a record to a teammate is part of editing it. */
  self->owner_row = rapport_team_users_owner_row (self->store, self->entity, self->record);
  if (self->owner_row != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->owner_row);
  gtk_box_append (self->edit_box, group);
}

static Editor *
find_editor (RapportDetailView *self,
             const char        *field)
{
  for (guint i = 0; field != NULL && i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);

      if (strcmp (editor->field->name, field) == 0)
        return editor;
    }
  return NULL;
}

static void
show_error (RapportDetailView *self,
            const GError      *error)
{
  const char *field = error->domain == RAPPORT_VALIDATION_ERROR
                      ? rapport_validation_error_get_field (error) : NULL;
  Editor *editor = find_editor (self, field);

  /* An error about a field with no row of its own ("a contact needs a
   * name or an email") goes to the first row. */
  if (editor == NULL && self->editors->len > 0)
    editor = g_ptr_array_index (self->editors, 0);
  if (editor == NULL)
    return;

  gtk_widget_add_css_class (editor->row, "error");
  gtk_label_set_text (GTK_LABEL (editor->error_label), error->message);
  gtk_widget_set_visible (editor->error_row, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (editor->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, error->message, -1);
  gtk_widget_grab_focus (editor->row);
}

/* The JSON value of what the user typed; NULL with @error if it is no value
 * of the field's kind at all (the store checks the rest). */
static JsonNode *
parse_value (RapportDetailView *self,
             Editor            *editor,
             const char        *text,
             GError           **error)
{
  const RapportField *field = editor->field;
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (*text == '\0' && field->kind != RAPPORT_FIELD_BOOL &&
      field->kind != RAPPORT_FIELD_EMAIL_LIST && field->kind != RAPPORT_FIELD_PHONE_LIST &&
      field->kind != RAPPORT_FIELD_TAGS)
    {
      json_node_free (node);
      return json_node_new (JSON_NODE_NULL);
    }

  switch (field->kind)
    {
    case RAPPORT_FIELD_BOOL:
      json_node_set_boolean (node, *text != '\0');
      return node;
    case RAPPORT_FIELD_INT:
    case RAPPORT_FIELD_MONEY:
      {
        gint64 value;

        if (field->kind == RAPPORT_FIELD_MONEY)
          {
            Editor *currency = find_editor (self, field->currency_field);
            g_autofree char *owned = NULL;

            if (rapport_money_parse (text, currency ? editor_get_text (currency, &owned) : NULL,
                                            &value))
              {
                json_node_set_int (node, value);
                return node;
              }
          }
        else if (g_ascii_string_to_signed (text, 10, field->min, field->max, &value, NULL))
          {
            json_node_set_int (node, value);
            return node;
          }
        json_node_free (node);
        rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                      _("“%s” is not a number"), text);
        return NULL;
      }
    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
      {
        JsonNode *old = self->record ? json_object_get_member (self->record, field->name) : NULL;
        JsonArray *array = json_array_new ();

        /* Only the first address is edited here; the others stay. */
        if (old != NULL && JSON_NODE_HOLDS_ARRAY (old))
          for (guint i = 0; i < json_array_get_length (json_node_get_array (old)); i++)
            json_array_add_element (array, json_node_copy (json_array_get_element (json_node_get_array (old), i)));
        if (json_array_get_length (array) > 0)
          json_array_remove_element (array, 0);
        if (*text != '\0')
          {
            g_autoptr(JsonArray) edited = json_array_new ();
            JsonObject *item = json_object_new ();

            json_object_set_string_member (item, "label", "work");
            json_object_set_string_member (item, "value", text);
            json_array_add_object_element (edited, item);
            for (guint i = 0; i < json_array_get_length (array); i++)
              json_array_add_element (edited, json_node_copy (json_array_get_element (array, i)));
            json_array_unref (array);
            array = json_array_ref (edited);
          }
        json_node_free (node);
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    case RAPPORT_FIELD_TAGS:
      {
        g_auto(GStrv) words = g_strsplit (text, ",", -1);
        JsonArray *array = json_array_new ();

        for (guint i = 0; words[i] != NULL; i++)
          {
            g_strstrip (words[i]);
            if (*words[i] != '\0')
              json_array_add_string_element (array, words[i]);
          }
        json_node_free (node);
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    default:
      json_node_set_string (node, text);
      return node;
    }
}

/* What the user changed, as the store takes it; NULL with @error set when
 * a value cannot even be read. */
static JsonObject *
collect_changes (RapportDetailView *self,
                 GError           **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();

  for (guint i = 0; i < self->editors->len; i++)
    {
      Editor *editor = g_ptr_array_index (self->editors, i);
      g_autofree char *owned = NULL;
      const char *text = editor_get_text (editor, &owned);
      gboolean amount_follows = FALSE;
      JsonNode *value;

      /* A new currency changes what the typed amount means. */
      if (editor->field->kind == RAPPORT_FIELD_MONEY)
        {
          Editor *currency = find_editor (self, editor->field->currency_field);
          g_autofree char *currency_owned = NULL;

          amount_follows = currency != NULL &&
                           strcmp (editor_get_text (currency, &currency_owned), currency->original) != 0;
        }
      if (strcmp (text, editor->original) == 0 && !amount_follows &&
          (self->id != NULL || *text == '\0' || editor->field->default_value != NULL))
        continue;
      if (!(value = parse_value (self, editor, text, error)))
        return NULL;
      if (self->id == NULL && JSON_NODE_HOLDS_NULL (value))
        {
          json_node_free (value);
          continue;
        }
      json_object_set_member (changes, editor->field->name, value);
    }
  if (self->owner_row != NULL)
    rapport_team_users_owner_changes (self->owner_row, changes);
  return g_steal_pointer (&changes);
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
  g_clear_pointer (&self->record, json_object_unref);
  self->record = g_steal_pointer (&record);
  g_free (self->id);
  self->id = self->record != NULL ? g_steal_pointer (&new_id) : NULL;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) saved = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->editors->len; i++)
    clear_error (g_ptr_array_index (self->editors, i));

  if (!(changes = collect_changes (self, &error)))
    {
      show_error (self, error);
      return;
    }
  if (self->id == NULL)
    saved = rapport_store_create (self->store, self->entity->name, changes, &error);
  else if (json_object_get_size (changes) == 0)
    saved = json_object_ref (self->record);
  else
    saved = rapport_store_update (self->store, self->entity->name, self->id, changes, &error);
  if (saved == NULL)
    {
      show_error (self, error);
      return;
    }

  load (self, self->entity->name, json_object_get_string_member (saved, "id"));
  set_mode (self, MODE_VIEW);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->entity->name, self->id);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportDetailView *self = RAPPORT_DETAIL_VIEW (widget);

  render_edit (self);
  set_mode (self, MODE_EDIT);
  if (self->editors->len > 0)
    gtk_widget_grab_focus (((Editor *) g_ptr_array_index (self->editors, 0))->row);
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
store_changed_main_cb (gpointer target,
                       gpointer data)
{
  RapportDetailView *self = target;
  RapportStoreChange *change = data;

  if (self->mode != MODE_VIEW || !rapport_store_change_has (change, self->id))
    return;

  /* While the user edits, the form keeps what they typed; Save sends only
   * the fields they changed. */
  load (self, self->entity->name, self->id);
  set_mode (self, self->record != NULL ? MODE_VIEW : MODE_NONE);
}

/* Emitted by whichever thread wrote: a sync writes from its worker. */
static void
store_changed_cb (RapportStore       *store,
                  const char         *entity,
                  const char * const *ids,
                  RapportDetailView  *self)
{
  rapport_run_on_main_thread (G_OBJECT (self), NULL, store_changed_main_cb,
                              rapport_store_change_new (entity, ids),
                              (GDestroyNotify) rapport_store_change_free);
}

static void
rapport_detail_view_dispose (GObject *object)
{
  RapportDetailView *self = (RapportDetailView *) object;

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_detail_view_parent_class)->dispose (object);
}

static void
rapport_detail_view_finalize (GObject *object)
{
  RapportDetailView *self = (RapportDetailView *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->record, json_object_unref);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->editors, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_detail_view_parent_class)->finalize (object);
}

static void
rapport_detail_view_class_init (RapportDetailViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_detail_view_dispose;
  object_class->finalize = rapport_detail_view_finalize;

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
  /**
   * RapportDetailView::open-record:
   *
   * The user chose a related record: the window shows it.
   */
  signals[SIGNAL_OPEN_RECORD] =
    g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-detail-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, box);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, window_title);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, back_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, save_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, edit_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, delete_button);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, none_page);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, view_box);
  gtk_widget_class_bind_template_child (widget_class, RapportDetailView, edit_box);

  gtk_widget_class_install_action (widget_class, "detail.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "detail.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "detail.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "detail.delete", NULL, delete_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "detail.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "detail.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "detail.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_detail_view_init (RapportDetailView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editors = g_ptr_array_new_with_free_func ((GDestroyNotify) editor_free);
  set_mode (self, MODE_NONE);
}

void
rapport_detail_view_set_store (RapportDetailView *self,
                               RapportStore      *store)
{
  g_return_if_fail (RAPPORT_IS_DETAIL_VIEW (self));
  g_return_if_fail (RAPPORT_IS_STORE (store));

  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_id, self->store);
  g_set_object (&self->store, store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
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
  g_return_if_fail (RAPPORT_IS_DETAIL_VIEW (self));

  load (self, entity, id);
  set_mode (self, self->record != NULL ? MODE_VIEW : MODE_NONE);
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
  if (self->editors->len > 0)
    gtk_widget_grab_focus (((Editor *) g_ptr_array_index (self->editors, 0))->row);
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
