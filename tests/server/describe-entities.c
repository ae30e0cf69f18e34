/* describe-entities.c: the record descriptors as JSON, for the OpenAPI check
 *
 * Prints every RapportEntity with what the API says about it (fields and
 * their kinds, flags, choices and bounds, the write role, the API note), so
 * that openapi_types.py can generate the per-type parts of docs/openapi.yaml
 * from the same table the server runs on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "describe-entities"

#include "config.h"

#include <json-glib/json-glib.h>

#include "rapport-entity.h"
#include "rapport-in-use.h"

static const char * const kind_names[] = {
  [RAPPORT_FIELD_TEXT] = "text",
  [RAPPORT_FIELD_ENUM] = "enum",
  [RAPPORT_FIELD_INT] = "int",
  [RAPPORT_FIELD_BOOL] = "bool",
  [RAPPORT_FIELD_EMAIL] = "email",
  [RAPPORT_FIELD_PHONE] = "phone",
  [RAPPORT_FIELD_URL] = "url",
  [RAPPORT_FIELD_DATE] = "date",
  [RAPPORT_FIELD_DATETIME] = "datetime",
  [RAPPORT_FIELD_CURRENCY] = "currency",
  [RAPPORT_FIELD_REF] = "ref",
  [RAPPORT_FIELD_EMAIL_LIST] = "email_list",
  [RAPPORT_FIELD_PHONE_LIST] = "phone_list",
  [RAPPORT_FIELD_TAGS] = "tags",
  [RAPPORT_FIELD_MONEY] = "money",
};

static const char * const write_roles[] = {
  [RAPPORT_WRITE_ANY] = "any",
  [RAPPORT_WRITE_OWNER] = "owner",
  [RAPPORT_WRITE_MANAGER] = "manager",
  [RAPPORT_WRITE_ADMIN] = "admin",
  [RAPPORT_WRITE_SERVER] = "server",
};

static void
add_field (JsonBuilder        *builder,
           const RapportField *field)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, field->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind_names[field->kind]);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, (field->flags & RAPPORT_FIELD_REQUIRED) != 0);
  json_builder_set_member_name (builder, "unique");
  json_builder_add_boolean_value (builder, (field->flags & RAPPORT_FIELD_UNIQUE) != 0);
  json_builder_set_member_name (builder, "stamped");
  json_builder_add_boolean_value (builder, (field->flags & RAPPORT_FIELD_STAMPED) != 0);
  json_builder_set_member_name (builder, "derived");
  json_builder_add_boolean_value (builder, (field->flags & RAPPORT_FIELD_DERIVED) != 0);
  json_builder_set_member_name (builder, "number");
  json_builder_add_boolean_value (builder, (field->flags & RAPPORT_FIELD_NUMBER) != 0);
  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, field->min);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, field->max);
  json_builder_set_member_name (builder, "ref");
  if (field->ref_entity != NULL)
    json_builder_add_string_value (builder, field->ref_entity);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "currency_field");
  if (field->currency_field != NULL)
    json_builder_add_string_value (builder, field->currency_field);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  for (guint i = 0; field->choices != NULL && field->choices[i] != NULL; i++)
    json_builder_add_string_value (builder, field->choices[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
main (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  guint n_entities;
  const RapportEntity * const *all = rapport_entity_all (&n_entities);

  json_builder_begin_array (builder);
  for (guint i = 0; i < n_entities; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, all[i]->name);
      json_builder_set_member_name (builder, "table");
      json_builder_add_string_value (builder, all[i]->table);
      json_builder_set_member_name (builder, "write_role");
      json_builder_add_string_value (builder, write_roles[all[i]->write_role]);
      json_builder_set_member_name (builder, "owner_field");
      if (all[i]->owner_field != NULL)
        json_builder_add_string_value (builder, all[i]->owner_field);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "api_note");
      if (all[i]->api_note != NULL)
        json_builder_add_string_value (builder, all[i]->api_note);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "parent_field");
      if (all[i]->parent_field != NULL)
        json_builder_add_string_value (builder, all[i]->parent_field);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "link_pair");
      if (all[i]->link_pair != NULL)
        {
          json_builder_begin_array (builder);
          for (guint j = 0; all[i]->link_pair[j] != NULL; j++)
            json_builder_add_string_value (builder, all[i]->link_pair[j]);
          json_builder_end_array (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "kept");
      {
        g_autoptr(GPtrArray) users = rapport_in_use_relations (all[i]);

        json_builder_add_boolean_value (builder, users->len > 0);
      }
      json_builder_set_member_name (builder, "number_prefix");
      if (all[i]->numbering != NULL)
        json_builder_add_string_value (builder, all[i]->numbering->prefix);
      else
        json_builder_add_null_value (builder);
      /* Writes the rules of approval may refuse (409 wrong_state). */
      json_builder_set_member_name (builder, "approval");
      json_builder_add_boolean_value (builder,
                                      all[i]->decision_trail || all[i]->compute_family != NULL ||
                                        (rapport_entity_parent (all[i]) != NULL &&
                                         rapport_entity_parent (all[i])->compute_family != NULL));
      json_builder_set_member_name (builder, "decision_trail");
      json_builder_add_boolean_value (builder, all[i]->decision_trail);
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_array (builder);
      for (guint j = 0; j < all[i]->n_fields; j++)
        add_field (builder, &all[i]->fields[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
  return 0;
}
