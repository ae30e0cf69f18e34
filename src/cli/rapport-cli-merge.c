/* rapport-cli-merge.c: `rapport-cli merge` and `unmerge`
 *
 * A merge is the server's: these queue it (a merge_event, SPEC.md §5.3)
 * and the next sync sends it; a refusal comes back as a failed change that
 * `sync` reports on stderr with exit status 1. What this database can tell
 * is checked before anything is queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-cli-private.h"
#include "rapport-json.h"
#include "rapport-store-merges.h"

/* Reps and managers merge up to 5 records, an admin up to 20 (the server
 * says which). */
#define MAX_RECORDS 20

/* "contact" or "company", as this database knows @id. */
static const char *
object_of (RapportStore *store,
           const char   *id,
           GError      **error)
{
  static const char * const objects[] = { "contact", "company" };

  for (guint i = 0; i < G_N_ELEMENTS (objects); i++)
    {
      g_autoptr(JsonObject) record = rapport_store_get (store, objects[i], id, NULL);

      if (record != NULL)
        return objects[i];
    }
  g_set_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_NOT_FOUND,
               _("No contact or company has the id %s in this database"), id);
  return NULL;
}

/* --keep FIELD=ID, once per field. */
static JsonObject *
parse_keeps (const RapportEntity *entity,
             char               **keeps,
             char               **ids,
             GError             **error)
{
  g_autoptr(JsonObject) choices = json_object_new ();

  for (guint i = 0; keeps != NULL && keeps[i] != NULL; i++)
    {
      const char *equals = strchr (keeps[i], '=');
      g_autofree char *name = equals != NULL ? g_strndup (keeps[i], equals - keeps[i]) : NULL;
      const RapportField *field = name != NULL ? rapport_entity_get_field (entity, name) : NULL;

      if (field == NULL)
        {
          rapport_cli_set_usage_error (error, _("--keep FIELD=ID: “%s” names no field of a %s"),
                                       keeps[i], entity->name);
          return NULL;
        }
      if (rapport_field_is_list (field) || (field->flags & RAPPORT_FIELD_MULTILINE))
        {
          rapport_cli_set_usage_error (error, _("--keep: “%s” is not chosen: a merge keeps the values"
                                                " of all the records"),
                                       name);
          return NULL;
        }
      if (!g_strv_contains ((const char * const *) ids, equals + 1))
        {
          rapport_cli_set_usage_error (error, _("--keep %s: %s is not one of the merged records"),
                                       name, equals + 1);
          return NULL;
        }
      json_object_set_string_member (choices, name, equals + 1);
    }
  return g_steal_pointer (&choices);
}

/**
 * `merge --into MASTER ID… [--keep FIELD=ID]…`
 */
gboolean
rapport_cli_merge (RapportCli *cli,
                   char      **args,
                   GError    **error)
{
  g_autofree char *into = NULL;
  g_auto(GStrv) keeps = NULL;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "into", 'i', 0, G_OPTION_ARG_STRING, &into, N_("The record that is kept"), N_("ID") },
    { "keep", 'k', 0, G_OPTION_ARG_STRING_ARRAY, &keeps,
      N_("Keep this record’s value of the field (else the kept record’s, if set)"), N_("FIELD=ID") },
    { NULL }
  };
  /* clang-format on */
  RapportStore *store;
  const char *object;
  const RapportEntity *entity;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(JsonObject) choices = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) event = NULL;

  if (!rapport_cli_parse (cli, &args, _("ID…"),
                          _("Merge contacts or companies into the one given with --into. The "
                            "server merges at the next sync: emails, phones, tags and notes of "
                            "all are kept, and what pointed at the others points at it."),
                          entries, 1, MAX_RECORDS - 1, error))
    return FALSE;
  if (into == NULL)
    {
      rapport_cli_set_usage_error (error, _("Say which record is kept, with --into ID"));
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)) || !(object = object_of (store, into, error)))
    return FALSE;
  entity = rapport_entity_lookup (object);
  g_ptr_array_add (ids, into);
  for (guint i = 1; args[i] != NULL; i++)
    {
      const char *other;

      if (g_strcmp0 (args[i], into) == 0 ||
          g_ptr_array_find_with_equal_func (ids, args[i], g_str_equal, NULL))
        {
          rapport_cli_set_usage_error (error, _("%s is named twice"), args[i]);
          return FALSE;
        }
      if (!(other = object_of (store, args[i], error)))
        return FALSE;
      if (strcmp (other, object) != 0)
        {
          rapport_cli_set_usage_error (error, _("%s is a %s and %s a %s: a merge joins records of"
                                                " one type"),
                                       into, object, args[i], other);
          return FALSE;
        }
      g_ptr_array_add (ids, args[i]);
    }
  g_ptr_array_add (ids, NULL);
  if (!(choices = parse_keeps (entity, keeps, (char **) ids->pdata, error)))
    return FALSE;
  fields = rapport_merge_request (object, into, (const char * const *) &args[1], choices);
  if (!(event = rapport_store_create (store, "merge_event", fields, error)))
    return FALSE;
  if (cli->json)
    rapport_cli_print_object (event);
  else
    g_print (_("Merge %s: %u records into %s, sent at the next sync\n"),
             json_object_get_string_member (event, "id"), ids->len - 2, into);
  return TRUE;
}

/**
 * `unmerge MERGE-ID`
 */
gboolean
rapport_cli_unmerge (RapportCli *cli,
                     char      **args,
                     GError    **error)
{
  RapportStore *store;
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) event = NULL;

  if (!rapport_cli_parse (cli, &args, _("MERGE-ID"),
                          _("Undo a merge of the last 30 days: the merged records come back, and "
                            "what pointed at them points at them again. Sent at the next sync."),
                          NULL, 1, 1, error) ||
      !(store = rapport_cli_get_store (cli, error)) ||
      !(event = rapport_store_get (store, "merge_event", args[1], error)))
    return FALSE;
  if (g_strcmp0 (rapport_json_get_string (event, "status"), "merged") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Merge %s was undone already"),
                   args[1]);
      return FALSE;
    }
  json_object_set_string_member (changes, "status", "undone");
  g_clear_pointer (&event, json_object_unref);
  if (!(event = rapport_store_update (store, "merge_event", args[1], changes, error)))
    return FALSE;
  if (cli->json)
    rapport_cli_print_object (event);
  else
    g_print (_("Merge %s: undone, sent at the next sync\n"), args[1]);
  return TRUE;
}
