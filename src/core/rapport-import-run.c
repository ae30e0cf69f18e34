/* rapport-import-run.c: matching imported rows to records, the dry run,
 * the commit in batches and the undo of an import
 *
 * Every row is matched to at most one record by the chosen key (a Rapport
 * id first, then the external id, a normalized email, a phone or the name
 * with the company), through indexes of the book built once per import.
 * A row is then created, updated (only with what it changes: an empty
 * cell changes nothing, emails, phones and tags are added to those the
 * record has), left unchanged or skipped by the policy. Writes go through
 * the store's own create and update inside transactions of 500 rows, so
 * they reach the outbox and sync like any edit; each row is a savepoint,
 * so a row that fails leaves nothing behind. A dry run is the same work in
 * one transaction that is rolled back: its counts are what a commit does.
 *
 * Each commit is one batch: every record it created or changed is listed
 * in import_batch_records with its values before and after. Undoing the
 * batch deletes what it created and puts back what it changed, except for
 * records changed since, which are listed and left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-import.h"
#include "rapport-import-lookalikes.h"
#include "rapport-import-values.h"
#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-pipeline-private.h"
#include "rapport-record.h"
#include "rapport-store-consent.h"
#include "rapport-store-private.h"
#include "rapport-text.h"
#include "rapport-uuid.h"
#include "rapport-validate.h"

/* The company part of the name key of a row without a company. */
#define ANY_COMPANY "*"

/* Rows written per transaction (SPEC.md §6.3). */
#define CHUNK 500

/* What two ways of writing one email or phone share. */
typedef char *(*KeyFunc) (const char *text);

typedef struct
{
  GHashTable *by_ref;            /* external ref → id */
  GHashTable *by_email;          /* contacts */
  GHashTable *by_phone;          /* contacts */
  GHashTable *by_name;           /* name key → id */
  GHashTable *companies_by_name; /* folded name → id */
  GHashTable *companies_by_ref;
  GHashTable *stages_by_name;    /* folded name → id */
  char       *won_stage;         /* (nullable) */
} Index;

typedef struct
{
  RapportStore               *store;
  RapportImportSource        *source;
  const RapportImportOptions *options;
  const RapportEntity        *entity;
  const RapportEntity        *company_entity;
  Index                       index;
  RapportImportReport        *report;
  guint                       next_row;
  guint                       end_row;
  guint                       seq;
  RapportImportLookalikes    *lookalikes; /* (nullable): a dry run's, for contacts and companies */
} Run;

static const char * const action_names[] = { "create", "update", "unchanged", "skip", "error" };

const char *
rapport_import_action_name (RapportImportAction action)
{
  return action_names[action];
}

static GHashTable *
new_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
index_clear (Index *index)
{
  g_clear_pointer (&index->by_ref, g_hash_table_unref);
  g_clear_pointer (&index->by_email, g_hash_table_unref);
  g_clear_pointer (&index->by_phone, g_hash_table_unref);
  g_clear_pointer (&index->by_name, g_hash_table_unref);
  g_clear_pointer (&index->companies_by_name, g_hash_table_unref);
  g_clear_pointer (&index->companies_by_ref, g_hash_table_unref);
  g_clear_pointer (&index->stages_by_name, g_hash_table_unref);
  g_clear_pointer (&index->won_stage, g_free);
}

static char *
name_key (const char *name,
          const char *company_id)
{
  g_autofree char *folded = rapport_text_fold (name);

  g_strstrip (folded);
  if (*folded == '\0')
    return NULL;
  return g_strdup_printf ("%s\x1f%s", folded, company_id ? company_id : "");
}

static char *
person_name (const char *first,
             const char *last)
{
  return g_strjoin (" ", first ? first : "", last ? last : "", NULL);
}

/* Adds @id under @key unless the key names a record already: the first
 * record keeps a key that several share. */
static void
index_add (GHashTable *table,
           char       *key,
           const char *id)
{
  if (key == NULL)
    return;
  if (g_hash_table_contains (table, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_insert (table, key, g_strdup (id));
}

static void
index_list (GHashTable *table,
            JsonArray  *list,
            KeyFunc     key_of,
            const char *id)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      const char *value = entry ? json_object_get_string_member_with_default (entry, "value", NULL) : NULL;

      if (value != NULL)
        index_add (table, key_of (value), id);
    }
}

/* What a record of the imported type is found by, into the indexes. */
static void
index_record (Run        *run,
              JsonObject *record,
              const char *id)
{
  Index *index = &run->index;
  const char *ref = rapport_json_get_string (record, "external_ref");
  const char *company_id = rapport_json_get_string (record, "company_id");

  if (ref != NULL)
    index_add (index->by_ref, g_strdup (ref), id);
  if (strcmp (run->entity->name, "contact") == 0)
    {
      g_autofree char *name = person_name (rapport_json_get_string (record, "first_name"),
                                           rapport_json_get_string (record, "last_name"));
      JsonNode *emails = json_object_get_member (record, "emails");
      JsonNode *phones = json_object_get_member (record, "phones");

      index_list (index->by_email, emails && JSON_NODE_HOLDS_ARRAY (emails) ? json_node_get_array (emails) : NULL,
                  rapport_import_email_key, id);
      index_list (index->by_phone, phones && JSON_NODE_HOLDS_ARRAY (phones) ? json_node_get_array (phones) : NULL,
                  rapport_import_phone_key, id);
      index_add (index->by_name, name_key (name, company_id), id);
      /* A row that names no company matches the name at any company. */
      index_add (index->by_name, name_key (name, ANY_COMPANY), id);
    }
  else if (strcmp (run->entity->name, "company") == 0)
    index_add (index->by_name, name_key (rapport_json_get_string (record, "name"), NULL), id);
  else
    index_add (index->by_name, name_key (rapport_json_get_string (record, "title"), company_id), id);
}

static JsonArray *
parse_list (const char *text)
{
  g_autoptr(JsonNode) node = text ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_array_ref (json_node_get_array (node));
}

/* The indexes, from the book as it is when the import starts. */
static gboolean
build_index (RapportStore *store,
             gpointer      data,
             GError      **error)
{
  Run *run = data;
  Index *index = &run->index;
  sqlite3_stmt *stmt;
  const char *sql;

  index->by_ref = new_table ();
  index->by_email = new_table ();
  index->by_phone = new_table ();
  index->by_name = new_table ();
  index->companies_by_name = new_table ();
  index->companies_by_ref = new_table ();
  index->stages_by_name = new_table ();

  if (!(stmt = rapport_store_prepare (store, "SELECT id, name, external_ref FROM companies", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *folded = rapport_text_fold ((const char *) sqlite3_column_text (stmt, 1));

      index_add (index->companies_by_name, g_strdup (g_strstrip (folded)), id);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        index_add (index->companies_by_ref, g_strdup ((const char *) sqlite3_column_text (stmt, 2)), id);
    }
  sqlite3_reset (stmt);

  if (!(stmt = rapport_store_prepare (store, "SELECT id, name, kind FROM stages ORDER BY position", error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *folded = rapport_text_fold ((const char *) sqlite3_column_text (stmt, 1));

      index_add (index->stages_by_name, g_strdup (folded), id);
      if (index->won_stage == NULL && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "won") == 0)
        index->won_stage = g_strdup (id);
    }
  sqlite3_reset (stmt);

  if (strcmp (run->entity->name, "contact") == 0)
    sql = "SELECT id, external_ref, company_id, first_name, last_name, emails, phones FROM contacts";
  else if (strcmp (run->entity->name, "company") == 0)
    sql = "SELECT id, external_ref, NULL, name FROM companies";
  else
    sql = "SELECT id, external_ref, company_id, title FROM deals";
  if (!(stmt = rapport_store_prepare (store, sql, error)))
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) record = json_object_new ();
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      const char * const contact_columns[] = { "first_name", "last_name" };

      for (int c = 1; c < 3; c++)
        if (sqlite3_column_type (stmt, c) != SQLITE_NULL)
          json_object_set_string_member (record, c == 1 ? "external_ref" : "company_id",
                                         (const char *) sqlite3_column_text (stmt, c));
      if (strcmp (run->entity->name, "contact") == 0)
        {
          for (int c = 0; c < 2; c++)
            if (sqlite3_column_type (stmt, 3 + c) != SQLITE_NULL)
              json_object_set_string_member (record, contact_columns[c],
                                             (const char *) sqlite3_column_text (stmt, 3 + c));
          for (int c = 5; c < 7; c++)
            {
              JsonArray *list = parse_list ((const char *) sqlite3_column_text (stmt, c));

              if (list != NULL)
                json_object_set_array_member (record, c == 5 ? "emails" : "phones", list);
            }
        }
      else if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        json_object_set_string_member (record, strcmp (run->entity->name, "company") == 0 ? "name" : "title",
                                       (const char *) sqlite3_column_text (stmt, 3));
      index_record (run, record, id);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void
add_problem (Run        *run,
             guint       line,
             const char *column,
             const char *reason)
{
  RapportImportProblem *problem = g_new0 (RapportImportProblem, 1);

  problem->line = line;
  problem->column = g_strdup (column);
  problem->reason = g_strdup (reason);
  g_ptr_array_add (run->report->problems, problem);
}

/* The column a validation error's field came from. */
static const char *
column_of (Run          *run,
           const GError *error)
{
  const char *field = rapport_validation_error_get_field (error);

  if (field == NULL)
    return NULL;
  if (run->source->field_columns != NULL && g_hash_table_contains (run->source->field_columns, field))
    return g_hash_table_lookup (run->source->field_columns, field);
  return field;
}

static const char *
lookup (GHashTable *table,
        char       *key)
{
  g_autofree char *owned = key;

  return owned ? g_hash_table_lookup (table, owned) : NULL;
}

static const char *
lookup_list (GHashTable *table,
             JsonObject *values,
             const char *field,
             KeyFunc     key_of)
{
  JsonNode *node = json_object_get_member (values, field);
  JsonArray *list = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      const char *id = lookup (table, key_of (json_object_get_string_member (
                                 json_array_get_object_element (list, i), "value")));

      if (id != NULL)
        return id;
    }
  return NULL;
}

/* The existing record the row is, or NULL. */
static const char *
match (Run              *run,
       RapportImportRow *row,
       JsonObject       *values)
{
  Index *index = &run->index;
  RapportImportMatch by = run->options->match;
  const char *ref = rapport_json_get_string (values, "external_ref");
  gboolean contact = strcmp (run->entity->name, "contact") == 0;
  gboolean auto_fallback = ref == NULL && !(contact && json_object_has_member (values, "emails"));
  const char *id = NULL;

  /* Rapport's own export names its records. */
  if (row->id != NULL)
    {
      g_autoptr(JsonObject) record = rapport_store_read_by_id (run->store, run->entity, row->id, NULL, NULL);

      if (record != NULL)
        return row->id;
    }
  if (ref != NULL && (by == RAPPORT_IMPORT_MATCH_AUTO || by == RAPPORT_IMPORT_MATCH_EXTERNAL))
    id = g_hash_table_lookup (index->by_ref, ref);
  if (id == NULL && contact && (by == RAPPORT_IMPORT_MATCH_AUTO || by == RAPPORT_IMPORT_MATCH_EMAIL))
    id = lookup_list (index->by_email, values, "emails", rapport_import_email_key);
  /* A contact with no email and no id of its own (a phone's card) is
   * found by its phone, then by its name and company. */
  if (id == NULL && contact && (by == RAPPORT_IMPORT_MATCH_PHONE ||
                                (by == RAPPORT_IMPORT_MATCH_AUTO && auto_fallback)))
    id = lookup_list (index->by_phone, values, "phones", rapport_import_phone_key);
  /* Two accounts of one name are two records when their ids say so. */
  if (id == NULL && (by == RAPPORT_IMPORT_MATCH_NAME ||
                     (by == RAPPORT_IMPORT_MATCH_AUTO && auto_fallback)))
    {
      const char *company_id = rapport_json_get_string (values, "company_id");
      g_autofree char *name = NULL;

      if (contact)
        name = person_name (rapport_json_get_string (values, "first_name"),
                            rapport_json_get_string (values, "last_name"));
      else
        name = g_strdup (rapport_json_get_string (values, strcmp (run->entity->name, "company") == 0
                                                            ? "name" : "title"));
      if (company_id == NULL && contact)
        company_id = ANY_COMPANY;
      if (name != NULL)
        id = lookup (index->by_name, name_key (name, company_id));
    }
  return id;
}

/* The entries of @incoming whose value @existing does not have yet, after
 * those it has; NULL when there are none. */
static JsonArray *
merge_list (JsonArray  *existing,
            JsonArray  *incoming,
            KeyFunc     key_of)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *merged = json_array_new ();
  gboolean added = FALSE;

  for (guint pass = 0; pass < 2; pass++)
    {
      JsonArray *list = pass == 0 ? existing : incoming;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);
          const char *value = JSON_NODE_HOLDS_OBJECT (element)
                                ? rapport_json_get_string (json_node_get_object (element), "value") : NULL;
          char *key = value ? key_of (value) : NULL;

          if (key == NULL)
            key = g_strdup (value ? value : "");
          if (!g_hash_table_add (seen, key))
            continue;
          json_array_add_element (merged, json_node_copy (element));
          added = added || pass == 1;
        }
    }
  if (!added)
    g_clear_pointer (&merged, json_array_unref);
  return merged;
}

static char *
tag_key (const char *tag)
{
  return g_utf8_casefold (tag, -1);
}

static JsonArray *
merge_tags (JsonArray *existing,
            JsonArray *incoming)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *merged = json_array_new ();
  gboolean added = FALSE;

  for (guint pass = 0; pass < 2; pass++)
    {
      JsonArray *list = pass == 0 ? existing : incoming;

      for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
        {
          const char *tag = json_array_get_string_element (list, i);

          if (tag == NULL || !g_hash_table_add (seen, tag_key (tag)))
            continue;
          json_array_add_string_element (merged, tag);
          added = added || pass == 1;
        }
    }
  if (!added)
    g_clear_pointer (&merged, json_array_unref);
  return merged;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* What @values changes of @record: lists are added to, the rest replaced. */
static JsonObject *
changes_for (Run        *run,
             JsonObject *record,
             JsonObject *values)
{
  JsonObject *changes = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, values);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const RapportField *field = rapport_entity_get_field (run->entity, name);
      JsonArray *merged = NULL;

      if (field == NULL)
        continue;
      if (field->kind == RAPPORT_FIELD_EMAIL_LIST || field->kind == RAPPORT_FIELD_PHONE_LIST)
        {
          merged = merge_list (array_member (record, name), json_node_get_array (node),
                               field->kind == RAPPORT_FIELD_EMAIL_LIST ? rapport_import_email_key
                                                                       : rapport_import_phone_key);
          if (merged != NULL)
            json_object_set_array_member (changes, name, merged);
        }
      else if (field->kind == RAPPORT_FIELD_TAGS)
        {
          if ((merged = merge_tags (array_member (record, name), json_node_get_array (node))) != NULL)
            json_object_set_array_member (changes, name, merged);
        }
      else if (!rapport_json_node_equal (json_object_get_member (record, name), node))
        json_object_set_member (changes, name, json_node_copy (node));
    }
  return changes;
}

static gboolean
record_batch_entry (Run                 *run,
                    const RapportEntity *entity,
                    const char          *id,
                    const char          *action,
                    JsonObject          *before,
                    JsonObject          *after,
                    GError             **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *before_text = before ? rapport_json_object_to_string (before) : NULL;
  g_autofree char *after_text = rapport_json_object_to_string (after);

  if (run->report->batch_id == NULL)
    return TRUE;
  stmt = rapport_store_prepare_static (run->store,
    "INSERT INTO import_batch_records (batch_id, seq, entity, record_id, action, before, after)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, run->report->batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, run->seq++);
  sqlite3_bind_text (stmt, 3, entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  if (before_text != NULL)
    sqlite3_bind_text (stmt, 6, before_text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 6);
  sqlite3_bind_text (stmt, 7, after_text, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

/* The contact's or deal's company, found by its external id or its name;
 * %NULL when the row names one that does not exist yet. */
static const char *
find_company (Run              *run,
              RapportImportRow *row)
{
  Index *index = &run->index;
  const char *found = NULL;

  if (row->company_ref != NULL)
    found = g_hash_table_lookup (index->companies_by_ref, row->company_ref);
  if (found == NULL && row->company != NULL)
    {
      g_autofree char *folded = rapport_text_fold (row->company);

      found = g_hash_table_lookup (index->companies_by_name, g_strstrip (folded));
    }
  return found;
}

/* Makes the company the row names, validated before anything was written. */
static char *
make_company (Run              *run,
              JsonObject       *company,
              GPtrArray        *changed,
              GError          **error)
{
  g_autoptr(JsonObject) created = NULL;
  g_autofree char *id = rapport_uuid_v7_new ();
  g_autofree char *folded = rapport_text_fold (rapport_json_get_string (company, "name"));

  if (!(created = rapport_store_create_in_transaction (run->store, run->company_entity, id, company, error)) ||
      !record_batch_entry (run, run->company_entity, id, "create", NULL, company, error))
    return NULL;
  rapport_store_changed_add (changed, run->company_entity, id);
  index_add (run->index.companies_by_name, g_strdup (g_strstrip (folded)), id);
  run->report->companies_created++;
  return g_steal_pointer (&id);
}

static void
resolve_stage (Run              *run,
               RapportImportRow *row,
               JsonObject       *values)
{
  const char *stage = NULL;

  if (row->stage != NULL)
    {
      g_autofree char *folded = rapport_text_fold (row->stage);

      stage = g_hash_table_lookup (run->index.stages_by_name, folded);
    }
  if (stage == NULL && row->won)
    stage = run->index.won_stage;
  if (stage != NULL)
    json_object_set_string_member (values, "stage_id", stage);
}

static void
keep_row (Run                *run,
          RapportImportRow   *row,
          RapportImportAction action,
          const char         *id)
{
  JsonObject *entry;

  run->report->counts[action]++;
  if (!run->options->report_rows)
    return;
  entry = json_object_new ();
  json_object_set_int_member (entry, "line", row->line);
  json_object_set_string_member (entry, "action", action_names[action]);
  if (id != NULL)
    json_object_set_string_member (entry, "id", id);
  json_object_set_object_member (entry, "values", rapport_json_object_copy (row->values));
  if (row->company != NULL)
    json_object_set_string_member (entry, "company", row->company);
  if (row->photo_type != NULL)
    {
      json_object_set_string_member (entry, "photo_type", row->photo_type);
      json_object_set_int_member (entry, "photo_size", row->photo_size);
    }
  g_ptr_array_add (run->report->rows, entry);
}

/* A row that fails once part of it is written cannot be refused alone:
 * its error fails the transaction, which takes the part back. */
static gboolean
written_failure (GError **error)
{
  if (error != NULL && *error != NULL && (*error)->domain == RAPPORT_VALIDATION_ERROR)
    {
      GError *store_error = g_error_new_literal (RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_DATABASE,
                                                 (*error)->message);

      g_clear_error (error);
      g_propagate_error (error, store_error);
    }
  return FALSE;
}

/* A row's email_consent (or opt-out) as a consent record: -1 when the
 * file says nothing, else whether the contact agreed. */
static int
take_consent (JsonObject *values)
{
  JsonNode *node = json_object_get_member (values, "email_consent");
  int agreed = -1;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    agreed = json_node_get_boolean (node) ? 1 : 0;
  if (node != NULL)
    json_object_remove_member (values, "email_consent");
  return agreed;
}

/* Whether @agreed says other than the e-mail marketing consent in force
 * for the contact @id (%NULL: a new one). */
static gboolean
consent_differs (Run        *run,
                 const char *id,
                 int         agreed,
                 GError    **error)
{
  g_autoptr(JsonArray) consents = NULL;
  RapportConsentStatus status;

  if (agreed < 0)
    return FALSE;
  if (id == NULL)
    return TRUE;
  if (!(consents = rapport_store_consents_in_transaction (run->store, id, error)))
    return FALSE;
  status = rapport_consent_effective (consents, "email", "marketing");
  return status != (agreed ? RAPPORT_CONSENT_GRANTED : RAPPORT_CONSENT_DENIED);
}

/* Records what the file says of the contact @id's consent, with the
 * file's line as its proof. */
static gboolean
record_consent (Run        *run,
                const char *id,
                guint       line,
                int         agreed,
                GError    **error)
{
  g_autofree char *proof = g_strdup_printf (_("Line %u of an imported file"), line);
  g_autoptr(JsonObject) consent =
    rapport_store_record_consent_in_transaction (run->store, id, "marketing",
                                                 agreed ? RAPPORT_CONSENT_GRANTED : RAPPORT_CONSENT_DENIED,
                                                 "import", proof, error);

  return consent != NULL;
}

/* Plans one row and, unless it is an error or left alone, writes it.
 * Everything that can refuse a row is checked before the first write, so
 * that a refused row leaves nothing behind (savepoints would cost more:
 * each one makes SQLite's full-text index flush what it holds). Returns
 * FALSE with a validation error for a refused row; a store error fails the
 * whole transaction. */
static gboolean
import_row (Run                 *run,
            RapportImportRow    *row,
            GPtrArray           *changed,
            RapportImportAction *action,
            char               **record_id,
            GError             **error)
{
  g_autoptr(JsonObject) values = rapport_json_object_copy (row->values);
  g_autoptr(JsonObject) company = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) checked = NULL;
  g_autofree char *made_company = NULL;
  g_autoptr(GError) local_error = NULL;
  RapportImportPolicy policy = run->options->policy;
  gboolean is_company = strcmp (run->entity->name, "company") == 0;
  const char *existing;
  /* Consent is a record of its own, written after the contact. */
  int agreed = take_consent (values);
  gboolean new_consent;

  if (!rapport_validate_changes (run->entity, values, error))
    return FALSE;
  if (!is_company)
    {
      const char *found = find_company (run, row);

      if (found != NULL)
        json_object_set_string_member (values, "company_id", found);
      else if (row->company != NULL)
        {
          company = json_object_new ();
          json_object_set_string_member (company, "name", row->company);
          if (!rapport_validate_changes (run->company_entity, company, error) ||
              !rapport_validate_record (run->company_entity, company, error))
            return FALSE;
        }
    }
  if (strcmp (run->entity->name, "deal") == 0)
    resolve_stage (run, row, values);

  if (run->options->skip_lines != NULL &&
      g_hash_table_contains (run->options->skip_lines, GUINT_TO_POINTER (row->line)))
    {
      *action = RAPPORT_IMPORT_ACTION_SKIP;
      add_problem (run, row->line, NULL, _("Skipped: left out when reviewing likely duplicates"));
      return TRUE;
    }
  existing = match (run, row, values);
  if (existing != NULL && (policy == RAPPORT_IMPORT_CREATE_ONLY || policy == RAPPORT_IMPORT_SKIP_EXISTING))
    {
      *action = RAPPORT_IMPORT_ACTION_SKIP;
      *record_id = g_strdup (existing);
      add_problem (run, row->line, NULL, _("Skipped: the record exists already"));
      return TRUE;
    }
  if (existing == NULL && policy == RAPPORT_IMPORT_UPDATE_ONLY)
    {
      *action = RAPPORT_IMPORT_ACTION_SKIP;
      add_problem (run, row->line, NULL, _("Skipped: no record matches it"));
      return TRUE;
    }

  /* The record as it will be, checked as the store will check it. */
  if (existing != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      if (!(record = rapport_store_read_by_id (run->store, run->entity, existing, NULL, error)))
        return FALSE;
      changes = changes_for (run, record, values);
      checked = rapport_json_object_copy (record);
      json_object_iter_init (&iter, changes);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (checked, name, json_node_copy (node));
    }
  else
    checked = rapport_json_object_copy (values);
  if (!rapport_validate_record (run->entity, checked, error))
    return FALSE;
  if (run->lookalikes != NULL)
    {
      g_autofree char *lookalike = rapport_import_lookalikes_check (run->lookalikes, row->line,
                                                                    checked, existing == NULL);

      RapportImportProblem *problem;

      if (lookalike != NULL)
        {
          add_problem (run, row->line, NULL, lookalike);
          problem = g_ptr_array_index (run->report->problems, run->report->problems->len - 1);
          problem->warning = TRUE;
          problem->lookalike = TRUE;
        }
    }

  new_consent = consent_differs (run, existing, agreed, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return written_failure (error);
    }
  if (existing != NULL && json_object_get_size (changes) == 0 && company == NULL && !new_consent)
    {
      *action = RAPPORT_IMPORT_ACTION_UNCHANGED;
      *record_id = g_strdup (existing);
      return TRUE;
    }

  if (existing == NULL && strcmp (run->entity->name, "deal") == 0 &&
      !rapport_store_place_new_deal (run->store, values, error))
    return FALSE;

  /* Writes: from here on a failure is the store's, not the row's. */
  if (company != NULL)
    {
      if (!(made_company = make_company (run, company, changed, error)))
        return written_failure (error);
      json_object_set_string_member (values, "company_id", made_company);
      if (changes != NULL)
        json_object_set_string_member (changes, "company_id", made_company);
    }

  if (existing == NULL)
    {
      g_autofree char *id = rapport_uuid_v7_new ();
      g_autoptr(JsonObject) written = rapport_json_object_copy (values);
      g_autoptr(JsonObject) created = NULL;

      if (!(created = rapport_store_create_in_transaction (run->store, run->entity, id, values, error)) ||
          !record_batch_entry (run, run->entity, id, "create", NULL, written, error) ||
          (new_consent && !record_consent (run, id, row->line, agreed, error)))
        return written_failure (error);
      rapport_store_changed_add (changed, run->entity, id);
      index_record (run, created, id);
      *action = RAPPORT_IMPORT_ACTION_CREATE;
      *record_id = g_steal_pointer (&id);
      return TRUE;
    }
  else
    {
      g_autoptr(JsonObject) before = json_object_new ();
      g_autoptr(JsonObject) updated = NULL;
      g_autofree char *id = g_strdup (existing);
      gboolean really = FALSE;
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, changes);
      while (json_object_iter_next (&iter, &name, &node))
        json_object_set_member (before, name, json_node_copy (json_object_get_member (record, name)));
      if ((json_object_get_size (changes) > 0 &&
           (!(updated = rapport_store_update_in_transaction (run->store, run->entity, id, changes,
                                                             &really, error)) ||
            !record_batch_entry (run, run->entity, id, "update", before, changes, error))) ||
          (new_consent && !record_consent (run, id, row->line, agreed, error)))
        return written_failure (error);
      if (new_consent)
        {
          really = TRUE;
          g_clear_pointer (&updated, json_object_unref);
          if (!(updated = rapport_store_read_by_id (run->store, run->entity, id, NULL, error)))
            return written_failure (error);
        }
      rapport_store_changed_add (changed, run->entity, id);
      index_record (run, updated, id);
      *action = really ? RAPPORT_IMPORT_ACTION_UPDATE : RAPPORT_IMPORT_ACTION_UNCHANGED;
      *record_id = g_steal_pointer (&id);
      return TRUE;
    }
}

/* Rows next_row … end_row, in the transaction of the caller. */
static gboolean
import_rows (RapportStore *store,
             gpointer      data,
             GPtrArray    *changed,
             GError      **error)
{
  Run *run = data;

  for (; run->next_row < run->end_row; run->next_row++)
    {
      RapportImportRow *row = run->source->rows->pdata[run->next_row];
      g_autoptr(GError) row_error = NULL;
      g_autofree char *id = NULL;
      RapportImportAction action = RAPPORT_IMPORT_ACTION_ERROR;

      if (row->problems->len > 0)
        {
          for (guint p = 0; p < row->problems->len; p++)
            {
              RapportImportProblem *problem = row->problems->pdata[p];

              add_problem (run, problem->line, problem->column, problem->reason);
            }
          keep_row (run, row, RAPPORT_IMPORT_ACTION_ERROR, NULL);
          continue;
        }

      for (guint w = 0; w < row->warnings->len; w++)
        {
          RapportImportProblem *warning = row->warnings->pdata[w];

          add_problem (run, warning->line, warning->column, warning->reason);
          ((RapportImportProblem *) run->report->problems->pdata[run->report->problems->len - 1])->warning = TRUE;
        }
      if (!import_row (run, row, changed, &action, &id, &row_error))
        {
          /* A refused row wrote nothing; anything else stops the import. */
          if (row_error == NULL || row_error->domain != RAPPORT_VALIDATION_ERROR)
            {
              g_propagate_error (error, g_steal_pointer (&row_error));
              return FALSE;
            }
          action = RAPPORT_IMPORT_ACTION_ERROR;
          add_problem (run, row->line, column_of (run, row_error), row_error->message);
          g_clear_pointer (&id, g_free);
        }
      keep_row (run, row, action, id);
    }
  return TRUE;
}

static gboolean
begin_batch (RapportStore *store,
             gpointer      data,
             GPtrArray    *changed,
             GError      **error)
{
  Run *run = data;
  sqlite3_stmt *stmt = rapport_store_prepare_static (store,
    "INSERT INTO import_batches (id, created_at, entity, source) VALUES (?, ?, ?, ?)", error);
  g_autofree char *now = rapport_store_now ();

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, run->report->batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, run->entity->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, run->source->format, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

/* A dry run: every row written in one transaction, then rolled back. */
static gboolean
dry_run (RapportStore *store,
         gpointer      data,
         GError      **error)
{
  Run *run = data;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  if (!rapport_store_begin (store, error))
    return FALSE;
  ok = import_rows (store, run, changed, error);
  rapport_store_rollback (store);
  return ok;
}

static gboolean
run_build_index (RapportStore *store,
                 gpointer      data,
                 GError      **error)
{
  return build_index (store, data, error);
}

void
rapport_import_report_free (RapportImportReport *report)
{
  g_free (report->batch_id);
  g_ptr_array_unref (report->problems);
  g_ptr_array_unref (report->rows);
  g_free (report);
}

/**
 * rapport_import_run:
 * @progress: (nullable) (scope call): told how many rows are done after
 *   each transaction
 *
 * Imports @source's rows into @store, or with @options->dry_run says what
 * that would do. Blocks: call it from a worker thread in the app.
 *
 * Returns: (transfer full): the counts, the problems by line and column,
 *   and the batch id to undo the import with
 */
RapportImportReport *
rapport_import_run (RapportStore               *store,
                    RapportImportSource        *source,
                    const RapportImportOptions *options,
                    GCancellable               *cancellable,
                    RapportImportProgress       progress,
                    gpointer                    user_data,
                    GError                    **error)
{
  g_autoptr(RapportImportReport) report = g_new0 (RapportImportReport, 1);
  Run run = { store, source, options };
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  run.entity = rapport_entity_lookup (source->entity);
  run.company_entity = rapport_entity_lookup ("company");
  g_return_val_if_fail (run.entity != NULL, NULL);
  run.report = report;
  report->entity = run.entity->name;
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_import_problem_free);
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!rapport_store_run_write (store, run_build_index, &run, error))
    ok = FALSE;
  else if (options->dry_run)
    {
      run.end_row = source->rows->len;
      if (rapport_match_has_keys (run.entity))
        run.lookalikes = rapport_import_lookalikes_new (store, run.entity);
      ok = rapport_store_run_write (store, dry_run, &run, error);
      g_clear_pointer (&run.lookalikes, rapport_import_lookalikes_free);
    }
  else
    {
      report->batch_id = rapport_uuid_v7_new ();
      ok = rapport_store_transact (store, begin_batch, &run, error);
      while (ok && run.next_row < source->rows->len)
        {
          /* A stopped import leaves the book as it found it: the chunks
           * committed so far are taken back as a batch. */
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              g_autoptr(RapportImportUndo) undone = rapport_import_undo (store, report->batch_id, NULL);

              ok = FALSE;
              break;
            }
          run.end_row = MIN (run.next_row + CHUNK, source->rows->len);
          ok = rapport_store_transact (store, import_rows, &run, error);
          if (ok && progress != NULL)
            progress (run.next_row, source->rows->len, user_data);
        }
    }

  index_clear (&run.index);
  if (!ok)
    return NULL;
  return g_steal_pointer (&report);
}

void
rapport_import_undo_free (RapportImportUndo *undo)
{
  g_ptr_array_unref (undo->edited);
  g_free (undo);
}

typedef struct
{
  const char        *batch_id;
  RapportImportUndo *undo;
} Undo;

/* Whether the record still has every value the import wrote. */
static gboolean
unchanged_since (JsonObject *record,
                 JsonObject *after)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, after);
  while (json_object_iter_next (&iter, &name, &node))
    if (!rapport_json_node_equal (json_object_get_member (record, name), node))
      return FALSE;
  return TRUE;
}

static gboolean
in_use (RapportStore *store,
        const char   *company_id)
{
  sqlite3_stmt *stmt = rapport_store_prepare_static (store,
    "SELECT EXISTS (SELECT 1 FROM contacts WHERE company_id = ?1)"
    " OR EXISTS (SELECT 1 FROM deals WHERE company_id = ?1)", NULL);
  gboolean used;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_text (stmt, 1, company_id, -1, SQLITE_TRANSIENT);
  used = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return used;
}

static void
list_edited (Undo                *undo,
             const RapportEntity *entity,
             const char          *id,
             JsonObject          *record)
{
  g_autofree char *title = record ? rapport_record_title (entity, record) : NULL;

  g_ptr_array_add (undo->undo->edited, g_strdup_printf ("%s/%s%s%s", entity->name, id,
                                                        title ? " " : "", title ? title : ""));
}

static gboolean
undo_batch (RapportStore *store,
            gpointer      data,
            GPtrArray    *changed,
            GError      **error)
{
  Undo *undo = data;
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *now = rapport_store_now ();
  int found;

  stmt = rapport_store_prepare_static (store, "SELECT undone_at FROM import_batches WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, undo->batch_id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt);
  if (found != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      sqlite3_reset (stmt);
      if (found == SQLITE_ROW)
        g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_UNDONE,
                     _("The import %s was undone already"), undo->batch_id);
      else
        g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_NO_BATCH,
                     _("No import has the batch id %s"), undo->batch_id);
      return FALSE;
    }
  sqlite3_reset (stmt);

  /* Newest first: a contact goes before the company made for it. */
  stmt = rapport_store_prepare_static (store,
    "SELECT entity, record_id, action, before, after FROM import_batch_records"
    " WHERE batch_id = ? ORDER BY seq DESC", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, undo->batch_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char **entry = g_new0 (char *, 6);

      for (int c = 0; c < 5; c++)
        entry[c] = g_strdup ((const char *) sqlite3_column_text (stmt, c));
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < entries->len; i++)
    {
      char **entry = entries->pdata[i];
      const RapportEntity *entity = rapport_entity_lookup (entry[0]);
      const char *id = entry[1];
      g_autoptr(JsonObject) record = rapport_store_read_by_id (store, entity, id, NULL, NULL);
      g_autoptr(JsonNode) after = json_from_string (entry[4], NULL);
      g_autoptr(JsonNode) before = entry[3] ? json_from_string (entry[3], NULL) : NULL;

      if (strcmp (entry[2], "create") == 0 && record == NULL)
        continue;
      if (record == NULL || after == NULL ||
          !unchanged_since (record, json_node_get_object (after)) ||
          (strcmp (entity->name, "company") == 0 && strcmp (entry[2], "create") == 0 &&
           in_use (store, id)))
        {
          list_edited (undo, entity, id, record);
          continue;
        }
      if (strcmp (entry[2], "create") == 0)
        {
          if (!rapport_store_delete_in_transaction (store, entity, id, changed, error))
            return FALSE;
        }
      else
        {
          g_autoptr(JsonObject) values = rapport_json_object_copy (json_node_get_object (before));
          gboolean really;
          g_autoptr(JsonObject) updated = NULL;

          if (!rapport_validate_changes (entity, values, error) ||
              !(updated = rapport_store_update_in_transaction (store, entity, id, values, &really, error)))
            return FALSE;
          rapport_store_changed_add (changed, entity, id);
        }
      undo->undo->reverted++;
    }

  stmt = rapport_store_prepare_static (store, "UPDATE import_batches SET undone_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, undo->batch_id, -1, SQLITE_TRANSIENT);
  return rapport_store_step_done (stmt, error);
}

/**
 * rapport_import_undo:
 *
 * Deletes what the import @batch_id created and puts back what it changed,
 * through the store's own writes, so that the undo syncs too. A record
 * changed since the import is left as it is and listed.
 *
 * Returns: (transfer full): how many records were reverted and which were
 *   left alone, or %NULL with %RAPPORT_IMPORT_ERROR_NO_BATCH or _UNDONE
 */
RapportImportUndo *
rapport_import_undo (RapportStore *store,
                     const char   *batch_id,
                     GError      **error)
{
  g_autoptr(RapportImportUndo) result = g_new0 (RapportImportUndo, 1);
  Undo undo = { batch_id, result };

  result->edited = g_ptr_array_new_with_free_func (g_free);
  if (!rapport_store_transact (store, undo_batch, &undo, error))
    return NULL;
  return g_steal_pointer (&result);
}

void
rapport_import_batch_free (RapportImportBatch *batch)
{
  g_free (batch->id);
  g_free (batch->created_at);
  g_free (batch->entity);
  g_free (batch->format);
  g_free (batch->undone_at);
  g_free (batch);
}

typedef struct
{
  guint      limit;
  GPtrArray *batches;
} ListBatches;

static gboolean
list_batches (RapportStore *store,
              gpointer      data,
              GError      **error)
{
  ListBatches *list = data;
  sqlite3_stmt *stmt = rapport_store_prepare_static (store,
    "SELECT b.id, b.created_at, b.entity, b.source, b.undone_at,"
    " (SELECT count(*) FROM import_batch_records r WHERE r.batch_id = b.id AND r.entity = b.entity)"
    " FROM import_batches b ORDER BY b.created_at DESC, b.id DESC LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, list->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportImportBatch *batch = g_new0 (RapportImportBatch, 1);

      batch->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      batch->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      batch->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      batch->format = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      batch->undone_at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      batch->n_records = sqlite3_column_int (stmt, 5);
      g_ptr_array_add (list->batches, batch);
    }
  if (rc != SQLITE_DONE)
    rapport_store_set_sqlite_error (error, sqlite3_db_handle (stmt));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/**
 * rapport_import_list_batches:
 * @limit: at most this many, the newest first
 *
 * Returns: (transfer full) (element-type RapportImportBatch): the imports
 *   made on this computer, undone ones included
 */
GPtrArray *
rapport_import_list_batches (RapportStore *store,
                             guint         limit,
                             GError      **error)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_import_batch_free);
  ListBatches list = { limit, batches };

  /* On the writer: the batches are the import's own bookkeeping, and the
   * writer sees the import that just committed. */
  if (!rapport_store_run_write (store, list_batches, &list, error))
    return NULL;
  return g_steal_pointer (&batches);
}
