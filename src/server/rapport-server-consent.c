/* rapport-server-consent.c: consent records on the server
 *
 * Consent is history (rapport-consent.c): a record is created and never
 * changed, so a denial stays a denial and only a new record, with its
 * source and proof, grants again. The server refuses an update, and
 * fills in who captured a consent the client did not name.
 *
 * Before consent records, a contact had only its boolean email_consent.
 * The first start of a server that has consent records turns each one set
 * into a record of its own (rapport_consent_migrated(): the same record a
 * client's store makes of the same contact), once, noted in server_meta.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-consent"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-consent.h"
#include "rapport-json.h"
#include "rapport-server-children.h"
#include "rapport-server-consent.h"
#include "rapport-server-documents.h"
#include "rapport-server-error.h"

#define MIGRATED_KEY "consent_records_from_email_consent"
#define PAGE 500

/**
 * rapport_server_consent_check:
 * @current: (nullable): the record as stored
 * @record: (nullable): the record as it will be stored; %NULL for a delete
 *
 * Sets @rejection when a consent record would change or go. Deleting its
 * contact still deletes it (rapport_server_delete_children()).
 */
void
rapport_server_consent_check (const RapportServerActor *actor,
                              const RapportEntity      *entity,
                              JsonObject               *current,
                              JsonObject               *record,
                              GError                  **rejection)
{
  if (!g_str_equal (entity->name, "consent"))
    return;
  if (current != NULL && record == NULL)
    {
      /* Deleting a denial would give an older grant back. */
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status", "%s",
                                _("Consent is kept as history: record a new consent instead of deleting this one"));
      return;
    }
  if (current != NULL)
    {
      rapport_server_set_error (rejection, RAPPORT_SERVER_ERROR_WRONG_STATE, "status", "%s",
                                _("Consent is kept as history: record a new consent instead of changing this one"));
      return;
    }
  if (rapport_json_get_string (record, "captured_by") == NULL && actor != NULL &&
      actor->id != NULL)
    json_object_set_string_member (record, "captured_by", actor->id);
}

/**
 * rapport_server_consent_add:
 * @consent: (transfer none): a consent record the server makes, with its id
 * @out_added: (out) (optional): whether it was written
 *
 * Writes @consent as a new record unless one with its id is there already
 * (a client made the same one), and has its contact's email_consent
 * follow when the transaction is flushed.
 */
gboolean
rapport_server_consent_add (RapportServerBackend     *backend,
                            const RapportServerActor *actor,
                            JsonObject               *consent,
                            const char               *now,
                            gboolean                 *out_added,
                            GError                  **error)
{
  const RapportEntity *entity = rapport_entity_lookup ("consent");
  const char *id = rapport_json_get_string (consent, "id");
  const char *by = actor != NULL ? actor->id : NULL;
  g_autoptr(RapportStoredRecord) stored = NULL;

  if (out_added != NULL)
    *out_added = FALSE;
  if (!rapport_server_load_record (backend, entity, id, &stored, NULL, error))
    return FALSE;
  if (stored != NULL)
    return TRUE;
  json_object_set_string_member (consent, "created_at", now);
  json_object_set_string_member (consent, "updated_at", now);
  if (by != NULL)
    {
      json_object_set_string_member (consent, "created_by", by);
      json_object_set_string_member (consent, "updated_by", by);
      json_object_set_string_member (consent, "captured_by", by);
    }
  else
    {
      json_object_set_null_member (consent, "created_by");
      json_object_set_null_member (consent, "updated_by");
    }
  json_object_set_int_member (consent, "version", 1);
  rapport_server_documents_mark_stale (backend, rapport_entity_lookup ("contact"),
                                       rapport_json_get_string (consent, "contact_id"));
  if (out_added != NULL)
    *out_added = TRUE;
  return rapport_server_store_write (backend, actor, entity, id, RAPPORT_OP_CREATE, NULL, consent,
                                     1, now, error);
}

/* Writes the migrated record of @contact unless it is there already. */
static gboolean
migrate_contact (RapportServerBackend *backend,
                 JsonObject           *contact,
                 const char           *now,
                 guint                *out_migrated,
                 GError              **error)
{
  JsonNode *agreed = json_object_get_member (contact, "email_consent");
  g_autoptr(JsonObject) consent = NULL;
  RapportServerActor nobody = { 0 };
  gboolean added = FALSE;

  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (agreed == NULL || json_node_get_value_type (agreed) != G_TYPE_BOOLEAN)
    return TRUE;
  /* A contact with consent records has its value from them already. */
  if (!rapport_server_list_children (backend, rapport_entity_lookup ("consent"), "contact_id",
                                     rapport_json_get_string (contact, "id"), records, error))
    return FALSE;
  if (records->len > 0)
    return TRUE;
  consent = rapport_consent_migrated (rapport_json_get_string (contact, "id"),
                                      json_node_get_boolean (agreed),
                                      rapport_json_get_string (contact, "created_at"));
  if (!rapport_server_consent_add (backend, &nobody, consent, now, &added, error))
    return FALSE;
  if (added)
    (*out_migrated)++;
  return TRUE;
}

/**
 * rapport_server_consent_migrate:
 * @out_migrated: (out): how many consent records were made
 *
 * Turns every contact's email_consent into a consent record, the first
 * time only, in one transaction.
 */
gboolean
rapport_server_consent_migrate (RapportServerBackend *backend,
                                guint                *out_migrated,
                                GError              **error)
{
  g_autofree char *done = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = rapport_server_now ();

  *out_migrated = 0;
  if (!backend->vtable->get_meta (backend, MIGRATED_KEY, &done, error))
    return FALSE;
  if (done != NULL)
    return TRUE;
  if (!backend->vtable->begin (backend, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_stored_record_free);

      if (!backend->vtable->list_records (backend, "contact", after, PAGE, rows, error))
        goto failed;
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(JsonObject) contact = rapport_server_parse_record (g_ptr_array_index (rows, i));

          if (contact != NULL &&
              !migrate_contact (backend, contact, now, out_migrated, error))
            goto failed;
        }
      if (rows->len < PAGE)
        break;
      g_free (after);
      after = g_strdup (((RapportStoredRecord *) g_ptr_array_index (rows, rows->len - 1))->id);
    }
  if (!backend->vtable->set_meta (backend, MIGRATED_KEY, now, error) ||
      !backend->vtable->commit (backend, error))
    goto failed;
  return TRUE;

failed:
  backend->vtable->rollback (backend);
  return FALSE;
}
