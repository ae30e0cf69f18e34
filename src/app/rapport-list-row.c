/* rapport-list-row.c: a list field typed on one line: tags, the first email or phone
 *
 * Tags are typed separated by commas. Of a list of emails or phones only
 * the first is edited here; the others stay as they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-list-row"

#include "config.h"

#include "rapport-list-row.h"

struct _RapportListRow
{
  AdwEntryRow         parent_instance;

  const RapportField *field;
  JsonNode           *old;         /* (owned) (nullable): the list when editing began */
  char               *original;    /* (owned): its text */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportListRow, rapport_list_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static JsonArray *
parse_tags (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, ",", -1);
  JsonArray *array = json_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_strstrip (words[i]);
      if (*words[i] != '\0')
        json_array_add_string_element (array, words[i]);
    }
  return array;
}

/* The old list with its first entry replaced by @text, or dropped. */
static JsonArray *
replace_first (JsonNode   *old,
               const char *text)
{
  JsonArray *array = json_array_new ();
  JsonArray *before = old != NULL && JSON_NODE_HOLDS_ARRAY (old) ? json_node_get_array (old) : NULL;

  if (*text != '\0')
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "label", "work");
      json_object_set_string_member (item, "value", text);
      json_array_add_object_element (array, item);
    }
  for (guint i = 1; before != NULL && i < json_array_get_length (before); i++)
    json_array_add_element (array, json_node_copy (json_array_get_element (before, i)));
  return array;
}

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportListRow *self = RAPPORT_LIST_ROW (row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  JsonNode *value = json_node_new (JSON_NODE_ARRAY);

  if (rapport_field_row_unchanged (self->field, text, self->original, creating))
    {
      json_node_unref (value);
      return TRUE;
    }
  json_node_take_array (value, self->field->kind == RAPPORT_FIELD_TAGS
                               ? parse_tags (text) : replace_first (self->old, text));
  rapport_field_row_put (changes, self->field, creating, value);
  return TRUE;
}

static void
changed_cb (RapportListRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_list_row_finalize (GObject *object)
{
  RapportListRow *self = RAPPORT_LIST_ROW (object);

  g_clear_pointer (&self->old, json_node_unref);
  g_free (self->original);

  G_OBJECT_CLASS (rapport_list_row_parent_class)->finalize (object);
}

static void
rapport_list_row_class_init (RapportListRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_list_row_finalize;
}

static void
rapport_list_row_init (RapportListRow *self)
{
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
}

GtkWidget *
rapport_list_row_new (const RapportEntity *entity,
                      const RapportField  *field,
                      JsonObject          *record)
{
  RapportListRow *self = g_object_new (RAPPORT_TYPE_LIST_ROW, NULL);
  JsonNode *old = record != NULL ? json_object_get_member (record, field->name) : NULL;

  self->field = field;
  self->old = old != NULL ? json_node_copy (old) : NULL;
  self->original = rapport_field_row_text (record, field);
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  gtk_editable_set_text (GTK_EDITABLE (self), self->original);
  g_strstrip (self->original);
  if (field->kind == RAPPORT_FIELD_EMAIL_LIST)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_EMAIL);
  else if (field->kind == RAPPORT_FIELD_PHONE_LIST)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_PHONE);
  return GTK_WIDGET (self);
}
