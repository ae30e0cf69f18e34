/* rapport-entity.c: the record types of DESIGN.md, described once
 *
 * The store, the validation, the codec and the server all walk these tables,
 * so a field is added in one place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-entity"

#include "config.h"

#include <string.h>

#include "rapport-entity.h"

#define N_ELEMENTS(a) G_N_ELEMENTS (a)

const char * const rapport_meta_fields[] = {
  "id", "version", "created_at", "updated_at", "created_by", "updated_by", NULL
};

static const char * const role_choices[] = { "admin", "manager", "rep", NULL };
static const char * const lifecycle_choices[] = { "lead", "prospect", "customer", "former", NULL };
static const char * const stage_kind_choices[] = { "open", "won", "lost", NULL };
static const char * const case_status_choices[] = { "new", "open", "pending", "resolved", "closed", NULL };
static const char * const priority_choices[] = { "low", "normal", "high", "urgent", NULL };
static const char * const channel_choices[] = { "phone", "email", "chat", "web", "in_person", NULL };
static const char * const activity_kind_choices[] = { "call", "email", "meeting", "note", "chat", NULL };
static const char * const direction_choices[] = { "inbound", "outbound", NULL };

#define TEXT(n, len)         { n, RAPPORT_FIELD_TEXT, 0, NULL, NULL, 0, len, NULL }
#define TEXT_F(n, len, fl)   { n, RAPPORT_FIELD_TEXT, fl, NULL, NULL, 0, len, NULL }
#define ENUM(n, ch, def)     { n, RAPPORT_FIELD_ENUM, RAPPORT_FIELD_FILTER, ch, def, 0, 0, NULL }
#define INT(n, lo, hi)       { n, RAPPORT_FIELD_INT, 0, NULL, NULL, lo, hi, NULL }
#define OF_KIND(n, k)        { n, k, 0, NULL, NULL, 0, 0, NULL }
#define OF_KIND_F(n, k, fl)  { n, k, fl, NULL, NULL, 0, 0, NULL }
#define REF(n, e)            { n, RAPPORT_FIELD_REF, RAPPORT_FIELD_FILTER, NULL, NULL, 0, 0, e }
#define REQ RAPPORT_FIELD_REQUIRED
#define SRCH RAPPORT_FIELD_SEARCHABLE

/* Money amounts are minor units; 10^15 leaves room for any real deal and stays
 * exact in a double for the JSON of other tools. */
#define MAX_AMOUNT G_GINT64_CONSTANT (1000000000000000)

static const RapportField user_fields[] = {
  TEXT_F ("name", 200, REQ),
  OF_KIND ("email", RAPPORT_FIELD_EMAIL),
  { "role", RAPPORT_FIELD_ENUM, REQ, role_choices, "rep", 0, 0, NULL },
  OF_KIND ("active", RAPPORT_FIELD_BOOL),
};

static const RapportField company_fields[] = {
  TEXT_F ("name", 200, REQ | SRCH),
  TEXT_F ("domain", 253, SRCH),
  TEXT_F ("industry", 100, SRCH),
  INT ("employees", 0, 10000000),
  OF_KIND_F ("phone", RAPPORT_FIELD_PHONE, SRCH),
  OF_KIND ("website", RAPPORT_FIELD_URL),
  TEXT ("address", 1000),
  REF ("owner_id", "user"),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH),
  TEXT ("notes", 100000),
};

static const RapportField contact_fields[] = {
  TEXT_F ("first_name", 200, SRCH),
  TEXT_F ("last_name", 200, SRCH),
  TEXT ("title", 200),
  REF ("company_id", "company"),
  OF_KIND_F ("emails", RAPPORT_FIELD_EMAIL_LIST, SRCH),
  OF_KIND_F ("phones", RAPPORT_FIELD_PHONE_LIST, SRCH),
  TEXT ("address", 1000),
  OF_KIND ("birthday", RAPPORT_FIELD_DATE),
  ENUM ("lifecycle", lifecycle_choices, "lead"),
  TEXT ("source", 200),
  REF ("owner_id", "user"),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH),
  TEXT ("notes", 100000),
  OF_KIND ("email_consent", RAPPORT_FIELD_BOOL),
};

static const RapportField pipeline_fields[] = {
  TEXT_F ("name", 200, REQ),
  INT ("position", 0, 1000000),
};

static const RapportField stage_fields[] = {
  { "pipeline_id", RAPPORT_FIELD_REF, REQ | RAPPORT_FIELD_FILTER, NULL, NULL, 0, 0, "pipeline" },
  TEXT_F ("name", 200, REQ),
  INT ("position", 0, 1000000),
  INT ("probability", 0, 100),
  ENUM ("kind", stage_kind_choices, "open"),
};

static const RapportField deal_fields[] = {
  TEXT_F ("title", 300, REQ | SRCH),
  REF ("company_id", "company"),
  REF ("contact_id", "contact"),
  REF ("pipeline_id", "pipeline"),
  REF ("stage_id", "stage"),
  INT ("amount", 0, MAX_AMOUNT),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY),
  INT ("probability", 0, 100),
  OF_KIND ("expected_close", RAPPORT_FIELD_DATE),
  REF ("owner_id", "user"),
  ENUM ("status", stage_kind_choices, "open"),
  TEXT ("lost_reason", 1000),
  OF_KIND ("closed_at", RAPPORT_FIELD_DATETIME),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH),
};

static const RapportField case_fields[] = {
  TEXT_F ("subject", 300, REQ | SRCH),
  TEXT ("description", 100000),
  REF ("contact_id", "contact"),
  REF ("company_id", "company"),
  ENUM ("status", case_status_choices, "new"),
  ENUM ("priority", priority_choices, "normal"),
  { "channel", RAPPORT_FIELD_ENUM, 0, channel_choices, NULL, 0, 0, NULL },
  REF ("assignee_id", "user"),
  OF_KIND ("due_at", RAPPORT_FIELD_DATETIME),
  OF_KIND ("resolved_at", RAPPORT_FIELD_DATETIME),
  INT ("satisfaction", 1, 5),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH),
};

static const RapportField activity_fields[] = {
  { "kind", RAPPORT_FIELD_ENUM, REQ | RAPPORT_FIELD_FILTER, activity_kind_choices, NULL, 0, 0, NULL },
  TEXT ("subject", 300),
  TEXT ("body", 100000),
  OF_KIND ("occurred_at", RAPPORT_FIELD_DATETIME),
  INT ("duration_min", 0, 100000),
  { "direction", RAPPORT_FIELD_ENUM, 0, direction_choices, NULL, 0, 0, NULL },
  REF ("contact_id", "contact"),
  REF ("company_id", "company"),
  REF ("deal_id", "deal"),
  REF ("case_id", "case"),
  REF ("owner_id", "user"),
};

static const RapportField task_fields[] = {
  TEXT_F ("title", 300, REQ),
  TEXT ("notes", 100000),
  OF_KIND ("due_at", RAPPORT_FIELD_DATETIME),
  OF_KIND ("remind_at", RAPPORT_FIELD_DATETIME),
  OF_KIND ("done_at", RAPPORT_FIELD_DATETIME),
  REF ("assignee_id", "user"),
  ENUM ("priority", priority_choices, "normal"),
  REF ("contact_id", "contact"),
  REF ("company_id", "company"),
  REF ("deal_id", "deal"),
  REF ("case_id", "case"),
};

#define ENTITY(n, t, f, s) { n, t, f, N_ELEMENTS (f), s }

static const RapportEntity user_entity = ENTITY ("user", "users", user_fields, FALSE);
static const RapportEntity company_entity = ENTITY ("company", "companies", company_fields, TRUE);
static const RapportEntity contact_entity = ENTITY ("contact", "contacts", contact_fields, TRUE);
static const RapportEntity pipeline_entity = ENTITY ("pipeline", "pipelines", pipeline_fields, FALSE);
static const RapportEntity stage_entity = ENTITY ("stage", "stages", stage_fields, FALSE);
static const RapportEntity deal_entity = ENTITY ("deal", "deals", deal_fields, TRUE);
static const RapportEntity case_entity = ENTITY ("case", "cases", case_fields, TRUE);
static const RapportEntity activity_entity = ENTITY ("activity", "activities", activity_fields, FALSE);
static const RapportEntity task_entity = ENTITY ("task", "tasks", task_fields, FALSE);

/* Referenced records come before the records that point at them, so a
 * first sync or an import can apply them in this order. */
static const RapportEntity * const all_entities[] = {
  &user_entity, &company_entity, &contact_entity, &pipeline_entity, &stage_entity,
  &deal_entity, &case_entity, &activity_entity, &task_entity,
};

const RapportEntity * const *
rapport_entity_all (guint *n_entities)
{
  if (n_entities != NULL)
    *n_entities = N_ELEMENTS (all_entities);
  return all_entities;
}

const RapportEntity *
rapport_entity_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < N_ELEMENTS (all_entities); i++)
    if (strcmp (all_entities[i]->name, name) == 0)
      return all_entities[i];
  return NULL;
}

const RapportEntity *
rapport_entity_lookup_table (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < N_ELEMENTS (all_entities); i++)
    if (strcmp (all_entities[i]->table, table) == 0)
      return all_entities[i];
  return NULL;
}

const RapportField *
rapport_entity_get_field (const RapportEntity *entity,
                          const char          *name)
{
  for (guint i = 0; i < entity->n_fields; i++)
    if (strcmp (entity->fields[i].name, name) == 0)
      return &entity->fields[i];
  return NULL;
}

gboolean
rapport_entity_is_meta_field (const char *name)
{
  return g_strv_contains (rapport_meta_fields, name);
}

gboolean
rapport_field_is_list (const RapportField *field)
{
  return field->kind == RAPPORT_FIELD_EMAIL_LIST ||
         field->kind == RAPPORT_FIELD_PHONE_LIST ||
         field->kind == RAPPORT_FIELD_TAGS;
}
