/* rapport-filter-labels.c: filters in the words of the user, for the editor and the filter bar
 *
 * The filter language names fields by path ("company.industry") and
 * operators by symbol ("in_last"); the editor offers them, and the filter
 * bar reads them back, as "Company › Industry" and "in the last". Which
 * operators a field offers follows what the core accepts for its kind
 * (rapport-filter.c), narrowed to those a sales rep asks for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter-labels"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rapport-filter.h"
#include "rapport-filter-labels.h"
#include "rapport-labels.h"

/* clang-format off */
static const char * const text_ops[] = {
  "contains", "not_contains", "=", "!=", "starts_with", "is_empty", "is_not_empty", NULL
};
static const char * const choice_ops[] = { "=", "!=", "is_empty", "is_not_empty", NULL };
static const char * const date_ops[] = {
  "in_last", "in_next", "<", ">", "before_today", "after_today", "is_empty", "is_not_empty", NULL
};
static const char * const amount_ops[] = {
  ">", ">=", "<", "<=", "=", "!=", "is_empty", "is_not_empty", NULL
};
static const char * const bool_ops[] = { "=", NULL };
static const char * const user_ops[] = { "=", "is_empty", "is_not_empty", NULL };
static const char * const list_ops[] = { "contains", "not_contains", "is_empty", "is_not_empty", NULL };
/* clang-format on */

/**
 * rapport_filter_labels_resolve:
 * @path: "lifecycle", "owner_id" or "company.industry"
 *
 * Returns: (nullable): the field @path ends at
 */
const RapportField *
rapport_filter_labels_resolve (const RapportEntity *entity,
                               const char          *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", 3);
  const RapportField *via;

  if (parts[0] == NULL || parts[1] == NULL)
    return rapport_entity_get_field (entity, path);
  if (parts[2] != NULL)
    return NULL;
  {
    g_autofree char *ref = g_strconcat (parts[0], "_id", NULL);

    via = rapport_entity_get_field (entity, ref);
  }
  if (via == NULL)
    via = rapport_entity_get_field (entity, parts[0]);
  if (via == NULL || via->kind != RAPPORT_FIELD_REF || rapport_entity_lookup (via->ref_entity) == NULL)
    return NULL;
  return rapport_entity_get_field (rapport_entity_lookup (via->ref_entity), parts[1]);
}

/**
 * rapport_filter_labels_kind:
 * @kind: (out): how the editor asks for the field's values
 *
 * Returns: whether the editor offers @field at all
 */
gboolean
rapport_filter_labels_kind (const RapportField     *field,
                            RapportFilterValueKind *kind)
{
  if (field->flags & (RAPPORT_FIELD_PRICE | RAPPORT_FIELD_APPROVERS))
    return FALSE;
  switch (field->kind)
    {
    case RAPPORT_FIELD_TEXT:
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_URL:
      *kind = RAPPORT_FILTER_VALUE_TEXT;
      return TRUE;
    case RAPPORT_FIELD_ENUM:
      *kind = RAPPORT_FILTER_VALUE_CHOICE;
      return TRUE;
    case RAPPORT_FIELD_DATE:
    case RAPPORT_FIELD_DATETIME:
      *kind = RAPPORT_FILTER_VALUE_DATE;
      return TRUE;
    case RAPPORT_FIELD_MONEY:
      *kind = RAPPORT_FILTER_VALUE_MONEY;
      return TRUE;
    case RAPPORT_FIELD_INT:
      *kind = RAPPORT_FILTER_VALUE_NUMBER;
      return TRUE;
    case RAPPORT_FIELD_BOOL:
      *kind = RAPPORT_FILTER_VALUE_BOOL;
      return TRUE;
    case RAPPORT_FIELD_REF:
      *kind = RAPPORT_FILTER_VALUE_REFERENCE;
      return TRUE;
    case RAPPORT_FIELD_TAGS:
    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
      *kind = RAPPORT_FILTER_VALUE_LIST;
      return TRUE;
    case RAPPORT_FIELD_CURRENCY:
    default:
      /* A currency is asked with its amount. */
      return FALSE;
    }
}

/**
 * rapport_filter_labels_ops:
 *
 * Returns: the operators offered for @kind, as the filter's JSON names them
 */
const char * const *
rapport_filter_labels_ops (RapportFilterValueKind kind)
{
  switch (kind)
    {
    case RAPPORT_FILTER_VALUE_CHOICE:
      return choice_ops;
    case RAPPORT_FILTER_VALUE_DATE:
      return date_ops;
    case RAPPORT_FILTER_VALUE_MONEY:
    case RAPPORT_FILTER_VALUE_NUMBER:
      return amount_ops;
    case RAPPORT_FILTER_VALUE_BOOL:
      return bool_ops;
    case RAPPORT_FILTER_VALUE_REFERENCE:
      return user_ops;
    case RAPPORT_FILTER_VALUE_LIST:
      return list_ops;
    case RAPPORT_FILTER_VALUE_TEXT:
    default:
      return text_ops;
    }
}

/**
 * rapport_filter_labels_op:
 *
 * Returns: what the user reads for @op on a field of @kind: "is", "before"
 */
const char *
rapport_filter_labels_op (RapportFilterValueKind kind,
                          const char            *op)
{
  gboolean dated = kind == RAPPORT_FILTER_VALUE_DATE;

  if (strcmp (op, "=") == 0)
    return kind == RAPPORT_FILTER_VALUE_REFERENCE ? C_("filter", "is me") : C_("filter", "is");
  if (strcmp (op, "!=") == 0)
    return C_("filter", "is not");
  if (strcmp (op, "<") == 0)
    return dated ? C_("filter", "before") : C_("filter", "less than");
  if (strcmp (op, "<=") == 0)
    return C_("filter", "at most");
  if (strcmp (op, ">") == 0)
    return dated ? C_("filter", "after") : C_("filter", "more than");
  if (strcmp (op, ">=") == 0)
    return C_("filter", "at least");
  if (strcmp (op, "contains") == 0)
    return C_("filter", "contains");
  if (strcmp (op, "not_contains") == 0)
    return C_("filter", "does not contain");
  if (strcmp (op, "starts_with") == 0)
    return C_("filter", "starts with");
  if (strcmp (op, "is_empty") == 0)
    return C_("filter", "is empty");
  if (strcmp (op, "is_not_empty") == 0)
    return C_("filter", "is not empty");
  if (strcmp (op, "in_last") == 0)
    return C_("filter", "in the last");
  if (strcmp (op, "in_next") == 0)
    return C_("filter", "in the next");
  if (strcmp (op, "before_today") == 0)
    return C_("filter", "before today");
  if (strcmp (op, "after_today") == 0)
    return C_("filter", "after today");
  return op;
}

const char *
rapport_filter_labels_unit (const char *unit)
{
  if (g_strcmp0 (unit, "weeks") == 0)
    return C_("filter", "weeks");
  if (g_strcmp0 (unit, "months") == 0)
    return C_("filter", "months");
  return C_("filter", "days");
}

/* Fields a rep never asks a list about: kept off every page, or what a
 * record belongs to in a way the list already says. */
static gboolean
offered (const RapportEntity *entity,
         const RapportField  *field)
{
  RapportFilterValueKind kind;

  if (entity->hidden != NULL && g_strv_contains (entity->hidden, field->name))
    return FALSE;
  return rapport_filter_labels_kind (field, &kind);
}

/**
 * rapport_filter_labels_paths:
 *
 * Returns: (transfer full) (element-type utf8): the paths the editor offers
 *   for @entity: its fields, then those of each record it refers to
 *   (not users: "is me" says what a rep asks of them)
 */
GPtrArray *
rapport_filter_labels_paths (const RapportEntity *entity)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < entity->n_fields; i++)
    if (offered (entity, &entity->fields[i]))
      g_ptr_array_add (paths, g_strdup (entity->fields[i].name));
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *via = &entity->fields[i];
      const RapportEntity *target;
      g_autofree char *prefix = NULL;

      if (via->kind != RAPPORT_FIELD_REF || g_strcmp0 (via->ref_entity, "user") == 0 ||
          !offered (entity, via) || !(target = rapport_entity_lookup (via->ref_entity)))
        continue;
      prefix = g_str_has_suffix (via->name, "_id") ?
               g_strndup (via->name, strlen (via->name) - 3) : g_strdup (via->name);
      for (guint j = 0; j < target->n_fields; j++)
        if (target->fields[j].kind != RAPPORT_FIELD_REF && offered (target, &target->fields[j]))
          g_ptr_array_add (paths, g_strdup_printf ("%s.%s", prefix, target->fields[j].name));
    }
  return paths;
}

/**
 * rapport_filter_labels_path:
 *
 * Returns: (transfer full): what the user reads for @path: "Lifecycle",
 *   "Company › Industry"
 */
char *
rapport_filter_labels_path (const RapportEntity *entity,
                            const char          *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", 2);
  const RapportField *via;
  g_autofree char *ref = NULL;

  if (parts[0] == NULL || parts[1] == NULL)
    return g_strdup (rapport_labels_field (entity, path));
  ref = g_strconcat (parts[0], "_id", NULL);
  via = rapport_entity_get_field (entity, ref);
  if (via == NULL)
    via = rapport_entity_get_field (entity, parts[0]);
  if (via == NULL || rapport_entity_lookup (via->ref_entity) == NULL)
    return g_strdup (path);
  /* Translators: a field of a related record in the filter editor: "Company › Industry" */
  return g_strdup_printf (_("%s › %s"), _(via->label),
                          rapport_labels_field (rapport_entity_lookup (via->ref_entity), parts[1]));
}

/* The entity a path's last field belongs to. */
static const RapportEntity *
path_entity (const RapportEntity *entity,
             const char          *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *ref = NULL;
  const RapportField *via;

  if (dot == NULL)
    return entity;
  ref = g_strdup_printf ("%.*s_id", (int) (dot - path), path);
  via = rapport_entity_get_field (entity, ref);
  return via != NULL ? rapport_entity_lookup (via->ref_entity) : entity;
}

static char *
describe_value (const RapportEntity   *entity,
                const char            *path,
                RapportFilterValueKind kind,
                JsonNode              *value)
{
  const char *text = value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
                     json_node_get_value_type (value) == G_TYPE_STRING ? json_node_get_string (value)
                                                                       : NULL;
  const char *dot = strchr (path, '.');

  if (text == NULL)
    return g_strdup ("");
  switch (kind)
    {
    case RAPPORT_FILTER_VALUE_CHOICE:
      return g_strdup (rapport_labels_field_choice (path_entity (entity, path),
                                                    dot != NULL ? dot + 1 : path, text));
    case RAPPORT_FILTER_VALUE_BOOL:
      return g_strdup (strcmp (text, "true") == 0 ? C_("filter", "yes") : C_("filter", "no"));
    case RAPPORT_FILTER_VALUE_DATE:
      return rapport_labels_format_date (text);
    default:
      return g_strdup (text);
    }
}

/* One condition as a phrase: "Lifecycle is Customer". */
static char *
describe_condition (const RapportEntity *entity,
                    JsonObject          *condition)
{
  const char *path = json_object_get_string_member_with_default (condition, "field", "");
  const char *op = json_object_get_string_member_with_default (condition, "op", "");
  const RapportField *field = rapport_filter_labels_resolve (entity, path);
  RapportFilterValueKind kind = RAPPORT_FILTER_VALUE_TEXT;
  g_autofree char *label = rapport_filter_labels_path (entity, path);
  g_autofree char *value = NULL;

  if (field != NULL)
    rapport_filter_labels_kind (field, &kind);
  if (strcmp (op, "in_last") == 0 || strcmp (op, "in_next") == 0)
    {
      const char *unit = json_object_get_string_member_with_default (condition, "unit", "days");

      value = g_strdup_printf ("%" G_GINT64_FORMAT " %s",
                               json_object_get_int_member_with_default (condition, "value", 0),
                               rapport_filter_labels_unit (unit));
    }
  else if (kind == RAPPORT_FILTER_VALUE_REFERENCE)
    value = g_strdup ("");
  else
    value = describe_value (entity, path, kind, json_object_get_member (condition, "value"));
  /* Translators: a condition of a filter: the field, the operator and the
   * value, "Lifecycle is Customer", "Created in the last 30 days" */
  return g_strstrip (g_strdup_printf (C_("filter condition", "%1$s %2$s %3$s"), label,
                                      rapport_filter_labels_op (kind, op), value));
}

/**
 * rapport_filter_labels_describe:
 * @filter: a filter's JSON form on @entity
 *
 * Returns: (transfer full): the filter as plain text a user reads:
 *   "Lifecycle is Customer and Company › Industry is Retail"; what it
 *   cannot put in words (related records, nested groups) in the
 *   filter's text form
 */
char *
rapport_filter_labels_describe (const RapportEntity *entity,
                                JsonNode            *filter)
{
  g_autoptr(GString) text = g_string_new (NULL);
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (filter) ? json_node_get_object (filter) : NULL;
  JsonArray *children = NULL;
  gboolean any = FALSE;

  if (object == NULL)
    return g_strdup ("");
  if (json_object_has_member (object, "all"))
    children = json_object_get_array_member (object, "all");
  else if ((any = json_object_has_member (object, "any")))
    children = json_object_get_array_member (object, "any");

  for (guint i = 0; i < (children != NULL ? json_array_get_length (children) : 1); i++)
    {
      JsonNode *child = children != NULL ? json_array_get_element (children, i) : filter;
      JsonObject *condition = JSON_NODE_HOLDS_OBJECT (child) ? json_node_get_object (child) : NULL;
      g_autofree char *part = NULL;

      if (condition != NULL && json_object_has_member (condition, "field"))
        part = describe_condition (entity, condition);
      else
        {
          g_autoptr(RapportFilter) parsed = rapport_filter_from_json (entity, child, NULL);

          part = parsed != NULL ? rapport_filter_to_text (parsed) : g_strdup ("…");
        }
      if (i > 0)
        /* Translators: between the conditions of a filter */
        g_string_append (text, any ? _(" or ") : _(" and "));
      g_string_append (text, part);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
