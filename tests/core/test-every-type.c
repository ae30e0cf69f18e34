/* test-every-type.c: what the store does for every record type
 *
 * Runs over rapport_entity_all (): each type's example record (made from
 * its descriptor) is created, read back, edited, refused when invalid,
 * found by search when the type is searchable, and deleted. A new type is
 * covered without new test code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "rapport-numbering.h"
#include "rapport-query.h"
#include "rapport-test-example.h"
#include "rapport-test-util.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

typedef RapportTestStore Fixture;

/* The example of @entity, and first the records its required references
 * point at (a stage's pipeline). */
static JsonObject *
create_example (RapportStore        *store,
                const RapportEntity *entity,
                guint                n,
                JsonObject         **out_fields)
{
  g_autoptr(JsonObject) fields = rapport_test_example (entity, n);
  g_autoptr(GError) error = NULL;
  JsonObject *record;

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];

      if (field->kind == RAPPORT_FIELD_REF && (field->flags & RAPPORT_FIELD_REQUIRED))
        {
          g_autoptr(JsonObject) target = create_example (store, rapport_entity_lookup (field->ref_entity),
                                                         n + 1000, NULL);

          json_object_set_string_member (fields, field->name, json_object_get_string_member (target, "id"));
        }
    }
  record = rapport_store_create (store, entity->name, fields, &error);
  g_assert_no_error (error);
  if (out_fields != NULL)
    *out_fields = g_steal_pointer (&fields);
  return record;
}

static void
assert_has_values (const RapportEntity *entity,
                   JsonObject          *record,
                   JsonObject          *fields)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    {
      g_autofree char *want = json_to_string (value, FALSE);
      g_autofree char *have = json_to_string (json_object_get_member (record, name), FALSE);

      if (g_strcmp0 (want, have) != 0)
        g_error ("%s.%s: stored %s, not %s", entity->name, name, have, want);
    }
}

/* A type the server alone writes (a deal's history) arrives from the
 * server and is read; a user's create, edit or delete of it is refused
 * before anything is queued. */
static void
assert_server_written (RapportStore        *store,
                       const RapportEntity *entity,
                       guint                n)
{
  g_autoptr(JsonObject) fields = rapport_test_example (entity, n);
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = rapport_uuid_v7_new ();

  for (guint i = 0; i < entity->n_fields; i++)
    if (entity->fields[i].kind == RAPPORT_FIELD_REF && (entity->fields[i].flags & RAPPORT_FIELD_REQUIRED))
      json_object_set_string_member (fields, entity->fields[i].name, id);
  json_object_set_string_member (fields, "id", id);
  json_object_set_int_member (fields, "version", 1);
  json_object_set_string_member (fields, "created_at", "2026-03-02T09:15:00Z");
  json_object_set_string_member (fields, "updated_at", "2026-03-02T09:15:00Z");
  g_ptr_array_add (records, json_object_ref (fields));
  rapport_store_write_synced (store, entity->name, records, &error);
  g_assert_no_error (error);
  read = rapport_store_get (store, entity->name, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);

  g_assert_null (rapport_store_create (store, entity->name, fields, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_clear_error (&error);
  json_object_set_string_member (changes, rapport_test_example_edit_field (entity)->name, "x");
  g_assert_null (rapport_store_update (store, entity->name, id, changes, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (rapport_store_delete (store, entity->name, id, &error));
  g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_pointer (&read, json_object_unref);
  read = rapport_store_get (store, entity->name, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
}

static void
test_create_read_edit_delete (Fixture       *fixture,
                              gconstpointer  data)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];
      const RapportField *text = rapport_test_example_edit_field (entity);
      g_autoptr(JsonObject) fields = NULL;
      g_autoptr(JsonObject) created = NULL;
      const char *id;
      g_autoptr(JsonObject) read = NULL;
      g_autoptr(JsonObject) changes = json_object_new ();
      g_autoptr(JsonObject) edited = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", entity->name);
      if (entity->write_role == RAPPORT_WRITE_SERVER)
        {
          assert_server_written (fixture->store, entity, i);
          continue;
        }
      created = create_example (fixture->store, entity, i, &fields);
      id = json_object_get_string_member (created, "id");
      read = rapport_store_get (fixture->store, entity->name, id, &error);
      g_assert_no_error (error);
      assert_has_values (entity, read, fields);

      /* A type with neither text nor choices (a queue member) flips a switch. */
      if (text != NULL)
        json_object_set_string_member (changes, text->name,
                                       rapport_test_example_new_value (text, "Edited"));
      else
        for (guint f = 0; f < entity->n_fields && json_object_get_size (changes) == 0; f++)
          if (entity->fields[f].kind == RAPPORT_FIELD_BOOL)
            json_object_set_boolean_member (
              changes, entity->fields[f].name,
              !json_object_get_boolean_member_with_default (read, entity->fields[f].name, FALSE));
      g_assert_cmpuint (json_object_get_size (changes), ==, 1);
      edited = rapport_store_update (fixture->store, entity->name, id, changes, &error);
      g_assert_no_error (error);
      g_clear_pointer (&read, json_object_unref);
      read = rapport_store_get (fixture->store, entity->name, id, &error);
      g_assert_no_error (error);
      assert_has_values (entity, read, changes);

      /* A decision is never deleted (test-approval.c). */
      if (entity->decision_trail)
        continue;
      g_assert_true (rapport_store_delete (fixture->store, entity->name, id, &error));
      g_assert_no_error (error);
      g_assert_null (rapport_store_get (fixture->store, entity->name, id, &error));
      g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND);
    }
}

/* A value past a field's bound, or a required field left empty, is refused
 * at that field and stores nothing. */
static void
test_refuses_invalid (Fixture       *fixture,
                      gconstpointer  data)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];

      g_test_message ("%s", entity->name);
      /* Nobody writes it: assert_server_written(). */
      if (entity->write_role == RAPPORT_WRITE_SERVER)
        continue;
      for (guint f = 0; f < entity->n_fields; f++)
        {
          const RapportField *field = &entity->fields[f];
          g_autoptr(JsonObject) fields = rapport_test_example (entity, 500 + f);
          g_autoptr(JsonObject) record = NULL;
          g_autoptr(GError) error = NULL;

          /* Worked out or given by Rapport: refused whatever the value. */
          if (rapport_field_is_server_set (field))
            continue;
          if (field->kind == RAPPORT_FIELD_TEXT)
            {
              g_autofree char *long_text = g_strnfill (field->max + 1, 'x');

              json_object_set_string_member (fields, field->name, long_text);
            }
          else if (field->kind == RAPPORT_FIELD_INT || field->kind == RAPPORT_FIELD_MONEY)
            json_object_set_int_member (fields, field->name, field->max + 1);
          else if (field->kind == RAPPORT_FIELD_ENUM)
            json_object_set_string_member (fields, field->name, "no-such-choice");
          else
            continue;

          record = rapport_store_create (fixture->store, entity->name, fields, &error);
          g_assert_null (record);
          g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_INVALID);
          g_assert_cmpstr (rapport_validation_error_get_field (error), ==, field->name);
        }
      g_assert_cmpint (rapport_store_count (fixture->store, entity->name, NULL), ==, 0);
    }
}

static void
test_search_finds (Fixture       *fixture,
                   gconstpointer  data)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_searched (&n);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];
      const RapportField *text = rapport_test_example_text_field (entity, TRUE);
      g_autoptr(JsonObject) fields = NULL;
      g_autoptr(JsonObject) created = NULL;
      g_autoptr(GPtrArray) hits = NULL;
      g_autoptr(GError) error = NULL;
      gboolean found = FALSE;

      g_test_message ("%s", entity->name);
      g_assert_nonnull (text);
      created = create_example (fixture->store, entity, 900 + i, &fields);
      hits = rapport_store_search (fixture->store,
                                   json_object_get_string_member (fields, text->name), 20, &error);
      g_assert_no_error (error);
      for (guint h = 0; h < hits->len; h++)
        {
          RapportSearchHit *hit = g_ptr_array_index (hits, h);

          found = found || (hit->entity == entity &&
                            g_strcmp0 (hit->id, json_object_get_string_member (created, "id")) == 0);
        }
      g_assert_true (found);
    }
}

static guint
count_outbox (RapportStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = rapport_store_list_outbox (store, &error);

  g_assert_no_error (error);
  return entries->len;
}

/* A UNIQUE field's value that another record has, in any case, is refused
 * at that field before anything is queued. */
static void
test_unique_fields (Fixture       *fixture,
                    gconstpointer  data)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    for (guint f = 0; f < entities[i]->n_fields; f++)
      {
        const RapportEntity *entity = entities[i];
        const RapportField *field = &entity->fields[f];
        g_autoptr(JsonObject) first = NULL;
        g_autoptr(JsonObject) fields = NULL;
        g_autoptr(JsonObject) second = NULL;
        g_autofree char *upper = NULL;
        g_autoptr(GError) error = NULL;
        guint queued;

        if (!(field->flags & RAPPORT_FIELD_UNIQUE))
          continue;
        g_test_message ("%s.%s", entity->name, field->name);
        first = create_example (fixture->store, entity, 1, NULL);
        queued = count_outbox (fixture->store);
        fields = rapport_test_example (entity, 2);
        upper = g_utf8_strup (json_object_get_string_member (first, field->name), -1);
        json_object_set_string_member (fields, field->name, upper);
        second = rapport_store_create (fixture->store, entity->name, fields, &error);
        g_assert_null (second);
        g_assert_error (error, RAPPORT_VALIDATION_ERROR, RAPPORT_VALIDATION_ERROR_DUPLICATE);
        g_assert_cmpstr (rapport_validation_error_get_field (error), ==, field->name);
        g_assert_cmpuint (count_outbox (fixture->store), ==, queued);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, rapport_test_store_set_up, func, rapport_test_store_tear_down)
  ADD ("/rapport/every-type/create-read-edit-delete", test_create_read_edit_delete);
  ADD ("/rapport/every-type/refuses-invalid", test_refuses_invalid);
  ADD ("/rapport/every-type/search-finds", test_search_finds);
  ADD ("/rapport/every-type/unique-fields", test_unique_fields);
#undef ADD

  return g_test_run ();
}
