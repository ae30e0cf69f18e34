/* rapport-test-example.c: a valid record of any type, from its descriptor
 *
 * The tests that run over rapport_entity_all () make their records here,
 * so that a new type is created, edited, searched and synced by them
 * without new test code. Every value is valid for its field's kind and
 * bounds and carries @n, so that two examples never share a unique value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-test"

#include "config.h"

#include "rapport-numbering.h"
#include "rapport-test-example.h"

static JsonNode *
labelled_list (const char *value)
{
  JsonArray *array = json_array_new ();
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "label", "work");
  json_object_set_string_member (item, "value", value);
  json_array_add_object_element (array, item);
  return json_node_init_array (json_node_alloc (), array);
}

/* Returns: (transfer full) (nullable): a valid value of @field; %NULL for
 * a reference, which needs a record to point at */
static JsonNode *
example_value (const RapportField *field,
               guint               n)
{
  g_autofree char *text = NULL;

  switch (field->kind)
    {
    case RAPPORT_FIELD_TEXT:
      /* A word no other example has, short enough for any bound. */
      text = g_strdup_printf ("Zq%u%.*s", n, 6, field->name);
      return json_node_init_string (json_node_alloc (), text);
    case RAPPORT_FIELD_ENUM:
      return json_node_init_string (json_node_alloc (),
                                    field->default_value ? field->default_value : field->choices[0]);
    case RAPPORT_FIELD_INT:
      /* From 0 where it may be below: a unit price that is not a credit. */
      if (field->min < 0)
        return json_node_init_int (json_node_alloc (), (gint64) n % (field->max + 1));
      return json_node_init_int (json_node_alloc (), field->min + (gint64) (n % (field->max - field->min + 1)));
    case RAPPORT_FIELD_MONEY:
      return json_node_init_int (json_node_alloc (), 1000 + n);
    case RAPPORT_FIELD_BOOL:
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case RAPPORT_FIELD_EMAIL:
      text = g_strdup_printf ("zq%u@example.com", n);
      return json_node_init_string (json_node_alloc (), text);
    case RAPPORT_FIELD_PHONE:
      text = g_strdup_printf ("+86 21 5555 %04u", n % 10000);
      return json_node_init_string (json_node_alloc (), text);
    case RAPPORT_FIELD_URL:
      return json_node_init_string (json_node_alloc (), "https://example.com/");
    case RAPPORT_FIELD_DATE:
      return json_node_init_string (json_node_alloc (), "2026-01-02");
    case RAPPORT_FIELD_DATETIME:
      return json_node_init_string (json_node_alloc (), "2026-01-02T03:04:05Z");
    case RAPPORT_FIELD_CURRENCY:
      return json_node_init_string (json_node_alloc (), "CNY");
    case RAPPORT_FIELD_EMAIL_LIST:
      text = g_strdup_printf ("zq%u@example.com", n);
      return labelled_list (text);
    case RAPPORT_FIELD_PHONE_LIST:
      text = g_strdup_printf ("+86 21 5555 %04u", n % 10000);
      return labelled_list (text);
    case RAPPORT_FIELD_TAGS:
      {
        JsonArray *tags = json_array_new ();

        text = g_strdup_printf ("tag%u", n);
        json_array_add_string_element (tags, text);
        return json_node_init_array (json_node_alloc (), tags);
      }
    case RAPPORT_FIELD_REF:
    default:
      return NULL;
    }
}

/* Text that a type reads (a calendar's zone and hours), or a list of
 * choices, is valid only in its shape: @value replaced by one. */
static JsonNode *
shaped_value (const RapportField *field,
              JsonNode           *value)
{
  static const char * const shaped[][2] = {
    { "time_zone", "Asia/Shanghai" },
    { "weekly_hours", "mon-fri 09:00-12:00 13:00-18:00" },
    { "holidays", "2026-10-01" },
    /* a consent's purpose */
    { "purpose", "marketing" },
    /* a segment's filter, of its object "contact" (the first choice) */
    { "filter", "{\"all\": [{\"field\": \"lifecycle\", \"op\": \"=\", \"value\": \"customer\"}]}" },
    /* an automation rule's, of its entity "deal" (the first choice) */
    { "conditions", "{\"all\": [{\"field\": \"status\", \"op\": \"=\", \"value\": \"open\"}]}" },
    { "actions", "[{\"type\": \"notify\", \"to\": \"owner\", \"message\": \"Hello\"}]" },
    { "trigger_field", "title" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shaped); i++)
    if (g_str_equal (field->name, shaped[i][0]))
      {
        json_node_unref (value);
        return json_node_init_string (json_node_alloc (), shaped[i][1]);
      }
  if (g_str_equal (field->name, "pause_statuses"))
    {
      JsonArray *statuses = json_array_new ();

      json_node_unref (value);
      json_array_add_string_element (statuses, "pending");
      return json_node_init_array (json_node_alloc (), statuses);
    }
  return value;
}

/**
 * rapport_test_example:
 * @n: makes the values differ from those of other examples
 *
 * Returns: (transfer full): every field of @entity but its references,
 *   its owner and what is worked out from the others, with valid values
 */
JsonObject *
rapport_test_example (const RapportEntity *entity,
                      guint                n)
{
  JsonObject *fields = json_object_new ();

  for (guint i = 0; i < entity->n_fields; i++)
    {
      JsonNode *value;

      if (rapport_field_is_server_set (&entity->fields[i]))
        continue;
      /* A quote's line is discounted by a percentage or an amount, not
       * both, and has two different tax rates or one: the example gives
       * the percentage and one rate. */
      if ((g_str_equal (entity->fields[i].name, "discount_minor") ||
           g_str_equal (entity->fields[i].name, "tax2_rate_ppm")) &&
          entity->fields[i].kind == RAPPORT_FIELD_INT && rapport_entity_parent (entity) != NULL &&
          rapport_entity_parent (entity)->compute_family != NULL)
        continue;
      /* Deliveries are recorded once an order is confirmed: not on the
       * example, a draft. */
      if (g_str_equal (entity->fields[i].name, "delivered_qty_milli"))
        continue;
      /* A rule's steps name approvers (rapport-approval-steps.c). */
      if (g_str_equal (entity->name, "approval_rule") &&
          g_str_equal (entity->fields[i].name, "steps"))
        {
          json_object_set_string_member (fields, "steps", "role:manager");
          continue;
        }
      /* A quota is a person's, from the first of a quarter, of an
       * amount (rapport-quota.c). */
      if (g_str_equal (entity->name, "quota"))
        {
          if (g_str_equal (entity->fields[i].name, "target_count"))
            continue;
          if (g_str_equal (entity->fields[i].name, "period_start"))
            {
              json_object_set_string_member (fields, "period_start", "2026-04-01");
              continue;
            }
          if (g_str_equal (entity->fields[i].name, "user_id"))
            json_object_set_string_member (fields, "user_id",
                                           "0190a000-0000-7000-8000-00000000000e");
        }
      value = example_value (&entity->fields[i], n);
      value = shaped_value (&entity->fields[i], value);
      if (value != NULL)
        json_object_set_member (fields, entity->fields[i].name, value);
    }
  return fields;
}

/**
 * rapport_test_example_text_field:
 *
 * Returns: (nullable): @entity's first plain TEXT field that its
 *   example fills, searchable ones first when @searchable
 */
const RapportField *
rapport_test_example_text_field (const RapportEntity *entity,
                                 gboolean             searchable)
{
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];

      if (field->kind == RAPPORT_FIELD_TEXT && !rapport_field_is_server_set (field) &&
          (!searchable || (field->flags & RAPPORT_FIELD_SEARCHABLE)))
        return field;
    }
  return NULL;
}

/**
 * rapport_test_example_edit_field:
 *
 * Returns: (nullable): the field an edit of @entity's example changes: its
 *   first plain TEXT field, else its first choice (a link has only its role)
 */
const RapportField *
rapport_test_example_edit_field (const RapportEntity *entity)
{
  const RapportField *text = rapport_test_example_text_field (entity, FALSE);

  if (text != NULL)
    return text;
  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].kind == RAPPORT_FIELD_ENUM && entity->fields[i].choices[1] != NULL)
      return &entity->fields[i];
  return NULL;
}

/**
 * rapport_test_example_new_value:
 * @text: what a TEXT field becomes
 *
 * Returns: a valid value of @field other than the example's: @text, or
 *   another choice
 */
const char *
rapport_test_example_new_value (const RapportField *field,
                                const char         *text)
{
  const char *example;

  if (field->kind != RAPPORT_FIELD_ENUM)
    return text;
  example = field->default_value ? field->default_value : field->choices[0];
  for (guint i = 0; field->choices[i] != NULL; i++)
    if (g_strcmp0 (field->choices[i], example) != 0)
      return field->choices[i];
  g_return_val_if_reached (text);
}
