/* rapport-server-merge.c: deciding what of a pushed op applies
 *
 * An op carries, for each field it changes, the value it started from (base)
 * and the value the user wants (new). Against the server's current record a
 * field is fine when the server still has the base (nobody else touched it)
 * or already has the new value (both sides agree); otherwise both sides
 * changed it differently and the user has to choose. Pure functions: no
 * storage, so the rules are unit-tested on their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-merge"

#include "config.h"

#include <string.h>

#include "rapport-server-merge.h"
#include "rapport-json.h"

static void
add_conflict (JsonArray  *conflicts,
              const char *field,
              JsonNode   *base,
              JsonNode   *mine,
              JsonNode   *theirs)
{
  JsonObject *conflict = json_object_new ();

  json_object_set_string_member (conflict, "field", field);
  json_object_set_member (conflict, "base", base);
  json_object_set_member (conflict, "mine", mine);
  json_object_set_member (conflict, "theirs", theirs);
  json_array_add_object_element (conflicts, conflict);
}

static void
add_deleted_conflict (JsonArray *conflicts,
                      gboolean   mine,
                      gboolean   theirs)
{
  add_conflict (conflicts, RAPPORT_MERGE_DELETED_FIELD,
                json_node_init_boolean (json_node_alloc (), FALSE),
                json_node_init_boolean (json_node_alloc (), mine),
                json_node_init_boolean (json_node_alloc (), theirs));
}

/**
 * rapport_server_merge:
 * @kind: what the op does
 * @base_version: the version of the record the op was made against
 * @changes: field → {"base": value, "new": value}; the new values validated
 * @current: (nullable): the server's record; %NULL when it never existed
 * @current_deleted: the server's record is a tombstone
 * @current_version: its version
 * @apply: filled with field → value to write
 * @conflicts: filled with {field, base, mine, theirs} when the op conflicts
 *
 * Edit-versus-delete, either way round, is one conflict on the pseudo-field
 * "_deleted" (base false, mine and theirs the two sides' deletion state).
 */
RapportMergeStatus
rapport_server_merge (RapportOpKind kind,
                      gint64        base_version,
                      JsonObject   *changes,
                      JsonObject   *current,
                      gboolean      current_deleted,
                      gint64        current_version,
                      JsonObject   *apply,
                      JsonArray    *conflicts)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *change;
  gboolean same_base = base_version == current_version;

  if (current_deleted)
    {
      if (kind == RAPPORT_OP_DELETE)
        return RAPPORT_MERGE_APPLIED;
      /* Creating a deleted record again is how a user who settled an
       * edit-versus-delete conflict restores it with their changes: an
       * accidental re-creation cannot happen, since a replayed create is
       * answered from its stored result before it gets here. */
      if (kind == RAPPORT_OP_CREATE)
        {
          json_object_iter_init (&iter, changes);
          while (json_object_iter_next (&iter, &name, &change))
            json_object_set_member (apply, name,
                                    rapport_json_dup_member (json_node_get_object (change), "new"));
          return RAPPORT_MERGE_APPLIED;
        }
      add_deleted_conflict (conflicts, FALSE, TRUE);
      return RAPPORT_MERGE_CONFLICT;
    }

  if (kind == RAPPORT_OP_DELETE)
    {
      if (current == NULL || same_base)
        return RAPPORT_MERGE_APPLIED;
      add_deleted_conflict (conflicts, TRUE, FALSE);
      return RAPPORT_MERGE_CONFLICT;
    }

  if (changes == NULL)
    return same_base || current == NULL ? RAPPORT_MERGE_APPLIED : RAPPORT_MERGE_MERGED;

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &change))
    {
      JsonObject *pair = json_node_get_object (change);
      g_autoptr(JsonNode) base = rapport_json_dup_member (pair, "base");
      g_autoptr(JsonNode) mine = rapport_json_dup_member (pair, "new");
      g_autoptr(JsonNode) theirs = rapport_json_dup_member (current, name);

      if (current == NULL || same_base || rapport_json_node_equal (theirs, base))
        json_object_set_member (apply, name, g_steal_pointer (&mine));
      else if (!rapport_json_node_equal (theirs, mine))
        add_conflict (conflicts, name, g_steal_pointer (&base), g_steal_pointer (&mine),
                      g_steal_pointer (&theirs));
    }

  if (json_array_get_length (conflicts) > 0)
    {
      /* Nothing of a conflicting op applies: the user decides all of it. */
      g_autoptr(GList) names = json_object_get_members (apply);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_remove_member (apply, l->data);
      return RAPPORT_MERGE_CONFLICT;
    }
  return current == NULL || same_base ? RAPPORT_MERGE_APPLIED : RAPPORT_MERGE_MERGED;
}

const char *
rapport_server_merge_status_name (RapportMergeStatus status)
{
  switch (status)
    {
    case RAPPORT_MERGE_APPLIED:
      return "applied";
    case RAPPORT_MERGE_MERGED:
      return "merged";
    case RAPPORT_MERGE_CONFLICT:
    default:
      return "conflict";
    }
}

RapportOpKind
rapport_op_kind_from_string (const char *text,
                             gboolean   *ok)
{
  *ok = TRUE;
  if (g_strcmp0 (text, "create") == 0)
    return RAPPORT_OP_CREATE;
  if (g_strcmp0 (text, "update") == 0)
    return RAPPORT_OP_UPDATE;
  if (g_strcmp0 (text, "delete") == 0)
    return RAPPORT_OP_DELETE;
  *ok = FALSE;
  return RAPPORT_OP_UPDATE;
}

const char *
rapport_op_kind_to_string (RapportOpKind kind)
{
  switch (kind)
    {
    case RAPPORT_OP_CREATE:
      return "create";
    case RAPPORT_OP_DELETE:
      return "delete";
    case RAPPORT_OP_UPDATE:
    default:
      return "update";
    }
}
