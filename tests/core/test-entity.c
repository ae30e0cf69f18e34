/* test-entity.c: every record type's descriptor is complete
 *
 * Runs over rapport_entity_all (), so a new type is checked without new
 * test code: its labels, icon, title rule, owner, write role, list filters,
 * layout and relations all name things that exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-entity.h"
#include "rapport-record.h"

static void
assert_sentence (const RapportEntity *entity,
                 const char          *what,
                 const char          *label)
{
  if (label == NULL || *label == '\0')
    g_error ("%s: no %s label", entity->name, what);
  /* Whole sentences: a "%s" would be glued together in the wrong order in
   * some language. */
  if (strchr (label, '%') != NULL)
    g_error ("%s: the %s label “%s” is not a whole sentence", entity->name, what, label);
}

static const RapportField *
own_field (const RapportEntity *entity,
           const char          *what,
           const char          *name)
{
  const RapportField *field = name != NULL ? rapport_entity_get_field (entity, name) : NULL;

  if (field == NULL)
    g_error ("%s: %s names “%s”, which is no field of it", entity->name, what, name);
  return field;
}

static gboolean
in_layout (const RapportEntity *entity,
           const char          *name)
{
  for (guint g = 0; g < entity->n_groups; g++)
    if (g_strv_contains (entity->layout[g].fields, name))
      return TRUE;
  return FALSE;
}

static void
test_entity_labels (void)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];

      assert_sentence (entity, "singular", entity->labels.singular);
      assert_sentence (entity, "plural", entity->labels.plural);
      assert_sentence (entity, "new record", entity->labels.new_record);
      assert_sentence (entity, "empty list", entity->labels.none);
      if (entity->write_role == RAPPORT_WRITE_ADMIN || entity->write_role == RAPPORT_WRITE_MANAGER)
        assert_sentence (entity, "write refused", entity->labels.write_denied);
      g_assert_nonnull (entity->icon_name);
      g_assert_true (g_str_has_suffix (entity->icon_name, "-symbolic"));

      for (guint f = 0; f < entity->n_fields; f++)
        {
          const RapportField *field = &entity->fields[f];

          if (field->label == NULL || *field->label == '\0')
            g_error ("%s.%s: no label", entity->name, field->name);
          if (field->kind != RAPPORT_FIELD_ENUM)
            continue;
          g_assert_nonnull (field->choices);
          g_assert_nonnull (field->choice_labels);
          g_assert_cmpuint (g_strv_length ((char **) field->choices), ==,
                            g_strv_length ((char **) field->choice_labels));
          for (guint c = 0; field->choice_labels[c] != NULL; c++)
            if (*field->choice_labels[c] == '\0')
              g_error ("%s.%s: choice “%s” has no label", entity->name, field->name,
                       field->choices[c]);
        }
    }
}

static void
test_entity_rules (void)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];

      if (entity->title_rule == RAPPORT_TITLE_FIELD)
        own_field (entity, "the title rule", entity->title_field);
      else if (entity->title_rule == RAPPORT_TITLE_DISPLAY_NAME)
        {
          own_field (entity, "the title rule", entity->title_field);
          own_field (entity, "the title rule", "display_name");
        }
      else
        {
          own_field (entity, "the title rule", "first_name");
          own_field (entity, "the title rule", "last_name");
          own_field (entity, "the title rule", "emails");
        }
      for (guint s = 0; entity->subtitle_fields[s] != NULL; s++)
        own_field (entity, "the subtitle", entity->subtitle_fields[s]);

      if (entity->owner_field != NULL)
        {
          const RapportField *owner = own_field (entity, "the owner", entity->owner_field);

          g_assert_cmpint (owner->kind, ==, RAPPORT_FIELD_REF);
          g_assert_cmpstr (owner->ref_entity, ==, "user");
        }
      /* "What it owns or nobody owns" needs an owner to look at. */
      if (entity->write_role == RAPPORT_WRITE_OWNER)
        g_assert_nonnull (entity->owner_field);

      for (guint s = 0; entity->filters[s] != NULL; s++)
        g_assert_cmpint (own_field (entity, "a filter", entity->filters[s])->kind, ==,
                         RAPPORT_FIELD_ENUM);
      g_assert_true (entity->sorts & RAPPORT_LIST_SORT_NAME);
      g_assert_true (!(entity->sorts & RAPPORT_LIST_SORT_AMOUNT) ||
                     rapport_entity_get_money_field (entity) != NULL);

      for (guint f = 0; f < entity->n_fields; f++)
        {
          const RapportField *field = &entity->fields[f];

          if (field->kind == RAPPORT_FIELD_REF && rapport_entity_lookup (field->ref_entity) == NULL)
            g_error ("%s.%s points at “%s”, which is no record type", entity->name, field->name,
                     field->ref_entity);
          if (field->kind == RAPPORT_FIELD_MONEY)
            g_assert_cmpint (own_field (entity, "a money field", field->currency_field)->kind, ==,
                             RAPPORT_FIELD_CURRENCY);
          if (field->kind != RAPPORT_FIELD_REF)
            g_assert_false (field->flags & (RAPPORT_FIELD_RELATED | RAPPORT_FIELD_LINK |
                                            RAPPORT_FIELD_ROLL_UP));
          /* The numbering's field, and only it, is marked as its number. */
          if (field->flags & RAPPORT_FIELD_NUMBER)
            {
              g_assert_nonnull (entity->numbering);
              g_assert_cmpstr (entity->numbering->field, ==, field->name);
              g_assert_cmpint (field->kind, ==, RAPPORT_FIELD_TEXT);
            }
        }
      if (entity->numbering != NULL)
        {
          g_assert_true (own_field (entity, "the numbering", entity->numbering->field)->flags &
                         RAPPORT_FIELD_NUMBER);
          g_assert_cmpuint (strlen (entity->numbering->prefix), >, 0);
        }
    }
}

static void
test_entity_layout (void)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_cmpuint (entity->n_groups, >, 0);
      g_assert_cmpint (entity->layout[0].kind, ==, RAPPORT_GROUP_FIELDS);
      for (guint g = 0; g < entity->n_groups; g++)
        {
          const RapportLayoutGroup *group = &entity->layout[g];

          g_assert_nonnull (group->name);
          assert_sentence (entity, group->name, group->label);
          g_assert_nonnull (group->fields[0]);
          for (guint f = 0; group->fields[f] != NULL; f++)
            {
              const RapportField *field = own_field (entity, group->name, group->fields[f]);

              /* References are shown as the records they point at, values as values. */
              g_assert_cmpint (field->kind == RAPPORT_FIELD_REF, ==,
                               group->kind == RAPPORT_GROUP_REFERENCES);
              if (!g_hash_table_add (seen, (gpointer) field->name))
                g_error ("%s: “%s” is in the layout twice", entity->name, field->name);
              if (g_strcmp0 (field->name, entity->owner_field) == 0)
                g_error ("%s: the owner has its own row, not one in “%s”", entity->name, group->name);
            }
        }

      /* Every field is on the page, is the owner, or is hidden on purpose. */
      for (guint h = 0; entity->hidden[h] != NULL; h++)
        {
          own_field (entity, "the hidden list", entity->hidden[h]);
          g_assert_false (in_layout (entity, entity->hidden[h]));
        }
      for (guint f = 0; f < entity->n_fields; f++)
        {
          const char *name = entity->fields[f].name;

          if (!in_layout (entity, name) && g_strcmp0 (name, entity->owner_field) != 0 &&
              !g_strv_contains (entity->hidden, name))
            g_error ("%s: “%s” is neither shown nor hidden on purpose", entity->name, name);
        }
    }
}

/* A dialog's compact layout (a task's, an activity's) names the type's
 * own fields once each: values, the owner where it has a row, and the
 * links of what the item is about, all of them, in one row. Choice icons
 * go one per choice. */
static void
test_entity_compact (void)
{
  guint n, n_compact = 0;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    {
      const RapportEntity *entity = entities[i];
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint f = 0; f < entity->n_fields; f++)
        if (entity->fields[f].choice_icons != NULL)
          g_assert_cmpuint (g_strv_length ((char **) entity->fields[f].choice_icons), ==,
                            g_strv_length ((char **) entity->fields[f].choices));
      for (guint g = 0; g < entity->n_groups; g++)
        g_assert_cmpint (entity->layout[g].kind, !=, RAPPORT_GROUP_LINKS);
      if (entity->compact == NULL)
        {
          g_assert_cmpuint (entity->n_compact, ==, 0);
          continue;
        }
      n_compact++;
      g_assert_cmpuint (entity->n_compact, >, 0);
      g_assert_cmpint (entity->compact[0].kind, ==, RAPPORT_GROUP_FIELDS);
      for (guint g = 0; g < entity->n_compact; g++)
        {
          const RapportLayoutGroup *group = &entity->compact[g];

          assert_sentence (entity, group->name, group->label);
          g_assert_nonnull (group->fields[0]);
          for (guint f = 0; group->fields[f] != NULL; f++)
            {
              const RapportField *field = own_field (entity, group->name, group->fields[f]);

              if (!g_hash_table_add (seen, (gpointer) field->name))
                g_error ("%s: “%s” is in the compact layout twice", entity->name, field->name);
              /* A value group may pick a record (a line's product), never
               * the parent or what the item is about: those are given. */
              if (group->kind == RAPPORT_GROUP_LINKS)
                g_assert_true (field->flags & RAPPORT_FIELD_LINK);
              else if (field->kind == RAPPORT_FIELD_REF)
                g_assert_true (g_strcmp0 (field->name, entity->owner_field) == 0 ||
                               (!(field->flags & RAPPORT_FIELD_LINK) &&
                                g_strcmp0 (field->name, entity->parent_field) != 0));
            }
        }
      /* Every link is in it: a new item keeps the record it was made on. */
      for (guint f = 0; f < entity->n_fields; f++)
        if ((entity->fields[f].flags & RAPPORT_FIELD_LINK) &&
            !g_hash_table_contains (seen, entity->fields[f].name))
          g_error ("%s: the link “%s” is not in the compact layout", entity->name,
                   entity->fields[f].name);
    }
  /* The task and activity dialogs, the line editors of quotes and orders,
   * the Add Member dialogs of teams and queues, and Set Target. */
  g_assert_cmpuint (n_compact, ==, 7);
}

/* No type borrows another's description: each has its own layout, labels
 * and fields, and the sidebar's types each have their own icon. */
static void
test_entity_own (void)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        const RapportEntity *a = entities[i], *b = entities[j];

        g_test_message ("%s and %s", a->name, b->name);
        g_assert_cmpstr (a->name, !=, b->name);
        g_assert_cmpstr (a->table, !=, b->table);
        g_assert_true (a->layout != b->layout);
        g_assert_true (a->fields != b->fields);
        g_assert_cmpstr (a->labels.singular, !=, b->labels.singular);
        g_assert_cmpstr (a->labels.plural, !=, b->labels.plural);
        g_assert_cmpstr (a->labels.new_record, !=, b->labels.new_record);
        g_assert_cmpstr (a->labels.none, !=, b->labels.none);
        if (a->section > 0 && b->section > 0)
          g_assert_cmpstr (a->icon_name, !=, b->icon_name);
      }
}

static void
test_entity_sections (void)
{
  guint n, n_sections = 0;
  const RapportEntity * const *entities = rapport_entity_all (&n);

  for (guint i = 0; i < n; i++)
    if (entities[i]->section > 0)
      {
        n_sections++;
        g_assert_true (rapport_entity_lookup_section (entities[i]->section) == entities[i]);
      }
  /* Places 1 to n, each taken once. */
  g_assert_cmpuint (n_sections, >, 0);
  for (guint s = 1; s <= n_sections; s++)
    g_assert_nonnull (rapport_entity_lookup_section (s));
  g_assert_null (rapport_entity_lookup_section (n_sections + 1));
  g_assert_null (rapport_entity_lookup_section (0));
}

/* People are shown by their display name; a user without one by the login. */
static void
test_user_title (void)
{
  const RapportEntity *user = rapport_entity_lookup ("user");
  struct { const char *json; const char *title; } cases[] = {
    { "{\"name\": \"wang.fang\", \"display_name\": \"王芳\"}", "王芳" },
    { "{\"name\": \"lucas.martin\", \"display_name\": \" Lucas Martin \"}", "Lucas Martin" },
    { "{\"name\": \"li.na\", \"display_name\": \"  \"}", "li.na" },
    { "{\"name\": \"admin\", \"display_name\": null}", "admin" },
    { "{\"name\": \"ops\"}", "ops" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autofree char *title = rapport_record_title (user, json_node_get_object (node));

      g_assert_cmpstr (title, ==, cases[i].title);
    }
}

static void
test_entity_relations (void)
{
  guint n;
  const RapportEntity * const *entities = rapport_entity_all (&n);
  const RapportEntity *company = rapport_entity_lookup ("company");
  const RapportEntity *activity = rapport_entity_lookup ("activity");
  g_autoptr(GPtrArray) people = rapport_entity_relations (company, RAPPORT_FIELD_RELATED);
  RapportRelation *first;

  /* A company has many contacts through company_id, then deals, cases,
   * quotes and sales orders. */
  g_assert_cmpuint (people->len, ==, 5);
  first = g_ptr_array_index (people, 0);
  g_assert_cmpstr (first->entity->name, ==, "contact");
  g_assert_cmpstr (first->field->name, ==, "company_id");
  g_assert_cmpstr (((RapportRelation *) g_ptr_array_index (people, 1))->entity->name, ==, "deal");
  g_assert_cmpstr (((RapportRelation *) g_ptr_array_index (people, 2))->entity->name, ==, "case");
  g_assert_cmpstr (((RapportRelation *) g_ptr_array_index (people, 3))->entity->name, ==, "quote");
  g_assert_cmpstr (((RapportRelation *) g_ptr_array_index (people, 4))->entity->name, ==,
                   "sales_order");

  /* An activity links to records through its *_id fields, never to its owner. */
  g_assert_cmpstr (rapport_entity_link_field (activity, "deal")->name, ==, "deal_id");
  g_assert_null (rapport_entity_link_field (activity, "user"));
  g_assert_null (rapport_entity_lookup ("no-such-type"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) relations = rapport_entity_relations (entities[i], RAPPORT_FIELD_RELATED);

      for (guint r = 0; r < relations->len; r++)
        {
          RapportRelation *relation = g_ptr_array_index (relations, r);

          /* Listed on the record pointed at, under a title of their own. */
          assert_sentence (relation->entity, "related group", relation->entity->labels.related);
          g_assert_true (rapport_entity_lookup (relation->field->ref_entity) == entities[i]);
        }
      /* A section's record has a timeline and tasks only if both can link to it. */
      g_assert_cmpint (rapport_entity_link_field (activity, entities[i]->name) != NULL, ==,
                       rapport_entity_link_field (rapport_entity_lookup ("task"),
                                                  entities[i]->name) != NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/entity/labels", test_entity_labels);
  g_test_add_func ("/rapport/entity/rules", test_entity_rules);
  g_test_add_func ("/rapport/entity/layout", test_entity_layout);
  g_test_add_func ("/rapport/entity/compact", test_entity_compact);
  g_test_add_func ("/rapport/entity/sections", test_entity_sections);
  g_test_add_func ("/rapport/entity/own", test_entity_own);
  g_test_add_func ("/rapport/entity/relations", test_entity_relations);
  g_test_add_func ("/rapport/entity/user-title", test_user_title);

  return g_test_run ();
}
