/* rapport-change.c: change and conflict kinds to and from their stored words
 *
 * The local database, the server and the CLI's JSON keep the kinds as words
 * ("create", "edit", ...); the code uses the enums. The words are the enums'
 * nicks (see rapport-change.h): this file is the only place that turns one
 * into the other.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-change"

#include "config.h"

#include "rapport-change.h"
#include "rapport-model-enums.h"
#include "rapport-json.h"

/* Classes of static enum types live as long as the program: the reference
 * taken here is never given back. */
static GEnumClass *
enum_class (GType type)
{
  gpointer klass = g_type_class_peek_static (type);

  return klass != NULL ? klass : g_type_class_ref (type);
}

static const char *
to_string (GType type,
           int   value)
{
  GEnumValue *found = g_enum_get_value (enum_class (type), value);

  g_return_val_if_fail (found != NULL, NULL);
  return found->value_nick;
}

static gboolean
from_string (GType       type,
             const char *text,
             int        *value)
{
  GEnumValue *found = text != NULL ? g_enum_get_value_by_nick (enum_class (type), text) : NULL;

  if (found == NULL)
    return FALSE;
  *value = found->value;
  return TRUE;
}

/**
 * rapport_change_kind_to_string:
 *
 * Returns: (transfer none): the word for @kind: "create", "update" or "delete"
 */
const char *
rapport_change_kind_to_string (RapportChangeKind kind)
{
  return to_string (RAPPORT_TYPE_CHANGE_KIND, kind);
}

/**
 * rapport_change_kind_from_string:
 * @text: (nullable): a word from the database or the server
 * @kind: (out): the kind it names
 *
 * Returns: %FALSE when @text names no kind of change
 */
gboolean
rapport_change_kind_from_string (const char        *text,
                                 RapportChangeKind *kind)
{
  int value;

  if (!from_string (RAPPORT_TYPE_CHANGE_KIND, text, &value))
    return FALSE;
  *kind = value;
  return TRUE;
}

/**
 * rapport_change_kind_of:
 * @change: a change as the store lists it, with its "op"
 *
 * Returns: the kind of @change; an update when it has no known "op"
 */
RapportChangeKind
rapport_change_kind_of (JsonObject *change)
{
  RapportChangeKind kind = RAPPORT_CHANGE_KIND_UPDATE;

  rapport_change_kind_from_string (rapport_json_get_string (change, "op"), &kind);
  return kind;
}

/**
 * rapport_conflict_kind_to_string:
 *
 * Returns: (transfer none): the word for @kind: "edit" or "delete"
 */
const char *
rapport_conflict_kind_to_string (RapportConflictKind kind)
{
  return to_string (RAPPORT_TYPE_CONFLICT_KIND, kind);
}

/**
 * rapport_conflict_kind_from_string:
 * @text: (nullable): a word from the database
 * @kind: (out): the kind it names
 *
 * Returns: %FALSE when @text names no kind of conflict
 */
gboolean
rapport_conflict_kind_from_string (const char          *text,
                                   RapportConflictKind *kind)
{
  int value;

  if (!from_string (RAPPORT_TYPE_CONFLICT_KIND, text, &value))
    return FALSE;
  *kind = value;
  return TRUE;
}

/**
 * rapport_conflict_kind_of:
 * @conflict: a conflict as rapport_store_list_conflicts() gives it
 *
 * Returns: the kind of @conflict; an edit when it has no known "kind"
 */
RapportConflictKind
rapport_conflict_kind_of (JsonObject *conflict)
{
  RapportConflictKind kind = RAPPORT_CONFLICT_KIND_EDIT;

  rapport_conflict_kind_from_string (rapport_json_get_string (conflict, "kind"), &kind);
  return kind;
}
