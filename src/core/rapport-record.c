/* rapport-record.c: a record's title, sort key and search text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record"

#include "config.h"

#include <string.h>

#include "rapport-record.h"
#include "rapport-json.h"
#include "rapport-numbering.h"
#include "rapport-text.h"

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

static char *
contact_name (JsonObject *record)
{
  const char *first = rapport_json_get_string (record, "first_name");
  const char *last = rapport_json_get_string (record, "last_name");
  g_autofree char *first_trimmed = g_strstrip (g_strdup (first ? first : ""));
  g_autofree char *last_trimmed = g_strstrip (g_strdup (last ? last : ""));
  JsonNode *emails;

  /* Chinese names are written family name first, with no space: 张三. */
  if (*first_trimmed && *last_trimmed)
    {
      if (has_cjk (first_trimmed) || has_cjk (last_trimmed))
        return g_strconcat (last_trimmed, first_trimmed, NULL);
      return g_strconcat (first_trimmed, " ", last_trimmed, NULL);
    }
  if (*first_trimmed || *last_trimmed)
    return g_strdup (*first_trimmed ? first_trimmed : last_trimmed);

  emails = json_object_get_member (record, "emails");
  if (emails != NULL && JSON_NODE_HOLDS_ARRAY (emails) &&
      json_array_get_length (json_node_get_array (emails)) > 0)
    {
      JsonObject *first_email = json_array_get_object_element (json_node_get_array (emails), 0);

      if (first_email != NULL && json_object_has_member (first_email, "value"))
        return g_strdup (json_object_get_string_member (first_email, "value"));
    }
  return g_strdup ("");
}

/**
 * rapport_record_title:
 *
 * Returns: (transfer full): the words a list row or a search result shows
 *   for @record: a contact's name, a deal's title, a case's subject, a
 *   user's display name.
 */
char *
rapport_record_title (const RapportEntity *entity,
                      JsonObject          *record)
{
  if (entity->title_rule == RAPPORT_TITLE_PERSON)
    return contact_name (record);
  if (entity->title_rule == RAPPORT_TITLE_DISPLAY_NAME)
    {
      g_autofree char *display = g_strstrip (g_strdup (rapport_json_get_string (record, "display_name") ?: ""));

      /* A user without one is shown by the login. */
      if (*display != '\0')
        return g_steal_pointer (&display);
    }
  return g_strdup (rapport_json_get_string (record, entity->title_field) ?: "");
}

/**
 * rapport_record_sort_key:
 *
 * Returns: (transfer full): the title folded so that "Émile" sorts with
 *   "emile"; lists sorted by name use it through an index.
 */
char *
rapport_record_sort_key (const RapportEntity *entity,
                         JsonObject          *record)
{
  g_autofree char *title = rapport_record_title (entity, record);

  return rapport_text_fold (title);
}

static void
append_words (GString    *text,
              const char *words)
{
  if (words == NULL || *words == '\0')
    return;
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, words);
}

/* A phone number is also indexed as its bare digits, so "13800138" finds
 * "+86 138 0013 8000". */
static void
append_phone (GString    *text,
              const char *phone)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  append_words (text, phone);
  for (const char *p = phone; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  append_words (text, digits->str);
}

/**
 * rapport_record_search_text:
 *
 * Returns: (transfer full): the folded words of @record's searchable fields,
 *   as the full-text index stores them.
 */
char *
rapport_record_search_text (const RapportEntity *entity,
                            JsonObject          *record)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* A contact's name is indexed as it is written, family name first for
   * Chinese names, so that the phrase "张三" finds 张 + 三丰 and nothing
   * finds the reversed "丰张". Latin words match in any order anyway. */
  if (entity->title_rule == RAPPORT_TITLE_PERSON)
    {
      g_autofree char *name = contact_name (record);

      append_words (text, name);
    }

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];
      JsonNode *node;

      if (!(field->flags & RAPPORT_FIELD_SEARCHABLE))
        continue;
      if (entity->title_rule == RAPPORT_TITLE_PERSON && g_str_has_suffix (field->name, "_name"))
        continue;
      node = json_object_get_member (record, field->name);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint j = 0; j < json_array_get_length (array); j++)
            {
              JsonNode *element = json_array_get_element (array, j);
              const char *value = NULL;

              if (JSON_NODE_HOLDS_OBJECT (element))
                value = json_object_get_string_member_with_default (
                  json_node_get_object (element), "value", NULL);
              else if (json_node_get_value_type (element) == G_TYPE_STRING)
                value = json_node_get_string (element);
              if (value == NULL)
                continue;
              if (field->kind == RAPPORT_FIELD_PHONE_LIST)
                append_phone (text, value);
              else
                append_words (text, value);
            }
        }
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          if (field->kind == RAPPORT_FIELD_PHONE)
            append_phone (text, json_node_get_string (node));
          else
            append_words (text, json_node_get_string (node));
          /* A caller says "case 42": C-2026-00042 is found by 42 too. */
          if (field->flags & RAPPORT_FIELD_NUMBER)
            {
              g_autofree char *counter = rapport_numbering_counter_text (json_node_get_string (node));

              append_words (text, counter);
            }
        }
    }

  return rapport_text_fold (text->str);
}
