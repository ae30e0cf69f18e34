/* rapport-filter.c: filters as a tree, checked against the record types,
 * and their JSON and text forms
 *
 * A filter is what a user asks of a list: "customers at a Retail company
 * with no activity in the last 90 days". Segments keep it as JSON, the CLI
 * and the app's summary line show it as text, and rapport-filter-sql.c
 * turns it into SQL for the local store and for the server alike, so both
 * find the same records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-filter-private.h"
#include "rapport-money.h"

/* clang-format off */
G_DEFINE_QUARK (rapport-filter-error-quark, rapport_filter_error)
/* clang-format on */

/* clang-format off */
const char * const rapport_filter_op_names[RAPPORT_FILTER_N_OPS] = {
  "=", "!=", "<", "<=", ">", ">=", "in", "not_in", "contains", "not_contains", "starts_with",
  "is_empty", "is_not_empty", "between", "in_last", "in_next", "before_today", "after_today",
};
/* clang-format on */

const char * const rapport_filter_unit_names[3] = { "days", "weeks", "months" };

RapportFilter *
rapport_filter_new (RapportFilterKind    kind,
                    const RapportEntity *entity)
{
  RapportFilter *filter = g_new0 (RapportFilter, 1);

  filter->kind = kind;
  filter->entity = entity;
  filter->children = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_filter_free);
  return filter;
}

void
rapport_filter_free (RapportFilter *filter)
{
  if (filter == NULL)
    return;
  g_ptr_array_unref (filter->children);
  g_strfreev (filter->values);
  g_free (filter);
}

const RapportEntity *
rapport_filter_get_entity (const RapportFilter *filter)
{
  return filter->entity;
}

static gboolean
filterable (const RapportField *field)
{
  /* A price is hundredths of a minor unit of a line's currency: nobody
   * asks for it in a list, and it has no sensible text form. */
  return !(field->flags & RAPPORT_FIELD_PRICE) && !(field->flags & RAPPORT_FIELD_APPROVERS);
}

/* A deal's win chance as shown, a whole percent: not a field of the
 * record but a column the client keeps beside it (rapport-store-score.c),
 * so that lists filter by it; a record without it matches no comparison. */
/* clang-format off */
static const RapportField deal_score_field = {
  .name = "score", .kind = RAPPORT_FIELD_INT, .max = 100, .label = N_("Win Chance"),
};
/* clang-format on */

/**
 * rapport_filter_set_path:
 * @path: a field of the filter's type, "industry", or of the record a
 *   REF field points at, "company.industry" (company_id's industry)
 *
 * Returns: whether @path names a field a filter can compare
 */
gboolean
rapport_filter_set_path (RapportFilter *filter,
                         const char    *path,
                         GError       **error)
{
  const RapportEntity *entity = filter->entity;
  g_autofree char *lower = g_ascii_strdown (path, -1);
  g_auto(GStrv) parts = g_strsplit (lower, ".", 3);
  const char *name;

  filter->via = NULL;
  filter->meta = NULL;
  if (parts[0] != NULL && parts[1] != NULL)
    {
      g_autofree char *ref = g_strconcat (parts[0], "_id", NULL);
      const RapportField *via = rapport_entity_get_field (entity, ref);

      if (via == NULL)
        via = rapport_entity_get_field (entity, parts[0]);
      if (parts[2] != NULL || via == NULL || via->kind != RAPPORT_FIELD_REF ||
          rapport_entity_lookup (via->ref_entity) == NULL)
        {
          g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_FIELD,
                       _("“%s” is not a field of %s: a path goes through one reference, as "
                         "in company.industry"),
                       path, entity->table);
          return FALSE;
        }
      filter->via = via;
      entity = rapport_entity_lookup (via->ref_entity);
    }

  name = parts[filter->via != NULL ? 1 : 0];
  if (name != NULL && (strcmp (name, "created_at") == 0 || strcmp (name, "updated_at") == 0))
    {
      filter->meta = strcmp (name, "created_at") == 0 ? "created_at" : "updated_at";
      filter->field = NULL;
      return TRUE;
    }
  filter->field = name != NULL ? rapport_entity_get_field (entity, name) : NULL;
  /* "owner = me" for owner_id */
  if (filter->field == NULL && name != NULL)
    {
      g_autofree char *ref = g_strconcat (name, "_id", NULL);
      const RapportField *field = rapport_entity_get_field (entity, ref);

      if (field != NULL && field->kind == RAPPORT_FIELD_REF)
        filter->field = field;
    }
  if (filter->field == NULL && filter->via == NULL && g_strcmp0 (name, "score") == 0 &&
      strcmp (entity->name, "deal") == 0)
    filter->field = &deal_score_field;
  if (filter->field == NULL || !filterable (filter->field))
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_FIELD,
                   _("%s have no field “%s” to filter by"), entity->table, name ? name : "");
      return FALSE;
    }
  return TRUE;
}

/**
 * rapport_filter_set_related:
 * @name: a record type pointing at the filter's type: "deal", "deals"
 *
 * Returns: whether records of that type point at the filter's type
 */
gboolean
rapport_filter_set_related (RapportFilter *filter,
                            const char    *name,
                            GError       **error)
{
  const RapportEntity *related = rapport_entity_lookup (name);

  if (related == NULL)
    related = rapport_entity_lookup_table (name);
  filter->related = related;
  filter->related_field = related != NULL ?
                          rapport_entity_find_ref (related, filter->entity->name, 0) : NULL;
  if (filter->related_field == NULL)
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_FIELD,
                   _("No “%s” records belong to %s"), name, filter->entity->table);
      return FALSE;
    }
  return TRUE;
}

char *
rapport_filter_path (const RapportFilter *filter)
{
  const char *name = filter->meta != NULL ? filter->meta : filter->field->name;

  if (filter->via == NULL)
    return g_strdup (name);
  if (g_str_has_suffix (filter->via->name, "_id"))
    return g_strdup_printf ("%.*s.%s", (int) strlen (filter->via->name) - 3, filter->via->name,
                            name);
  return g_strdup_printf ("%s.%s", filter->via->name, name);
}

RapportFieldKind
rapport_filter_value_kind (const RapportFilter *filter)
{
  return filter->meta != NULL ? RAPPORT_FIELD_DATETIME : filter->field->kind;
}

/* Which operators a kind of field takes. */
static gboolean
op_fits (RapportFieldKind kind,
         RapportFilterOp  op)
{
  gboolean dated = kind == RAPPORT_FIELD_DATE || kind == RAPPORT_FIELD_DATETIME;
  gboolean ordered = dated || kind == RAPPORT_FIELD_INT || kind == RAPPORT_FIELD_MONEY;
  gboolean text = kind == RAPPORT_FIELD_TEXT || kind == RAPPORT_FIELD_EMAIL ||
                  kind == RAPPORT_FIELD_PHONE || kind == RAPPORT_FIELD_URL;
  gboolean listed = kind == RAPPORT_FIELD_TAGS || kind == RAPPORT_FIELD_EMAIL_LIST ||
                    kind == RAPPORT_FIELD_PHONE_LIST;

  switch (op)
    {
    case RAPPORT_FILTER_IS_EMPTY:
    case RAPPORT_FILTER_IS_NOT_EMPTY:
      return TRUE;
    case RAPPORT_FILTER_EQ:
    case RAPPORT_FILTER_NE:
      return !listed || kind == RAPPORT_FIELD_TAGS;
    case RAPPORT_FILTER_IN:
    case RAPPORT_FILTER_NOT_IN:
      return !dated && kind != RAPPORT_FIELD_BOOL && kind != RAPPORT_FIELD_MONEY &&
             (!listed || kind == RAPPORT_FIELD_TAGS);
    case RAPPORT_FILTER_LT:
    case RAPPORT_FILTER_LE:
    case RAPPORT_FILTER_GT:
    case RAPPORT_FILTER_GE:
    case RAPPORT_FILTER_BETWEEN:
      return ordered;
    case RAPPORT_FILTER_CONTAINS:
    case RAPPORT_FILTER_NOT_CONTAINS:
      return text || listed;
    case RAPPORT_FILTER_STARTS_WITH:
      return text;
    case RAPPORT_FILTER_IN_LAST:
    case RAPPORT_FILTER_IN_NEXT:
    case RAPPORT_FILTER_BEFORE_TODAY:
    case RAPPORT_FILTER_AFTER_TODAY:
      return dated;
    case RAPPORT_FILTER_N_OPS:
    default:
      return FALSE;
    }
}

static guint
values_wanted (RapportFilterOp op,
               guint          *at_most)
{
  *at_most = 1;
  switch (op)
    {
    case RAPPORT_FILTER_IS_EMPTY:
    case RAPPORT_FILTER_IS_NOT_EMPTY:
    case RAPPORT_FILTER_IN_LAST:
    case RAPPORT_FILTER_IN_NEXT:
    case RAPPORT_FILTER_BEFORE_TODAY:
    case RAPPORT_FILTER_AFTER_TODAY:
      *at_most = 0;
      return 0;
    case RAPPORT_FILTER_BETWEEN:
      *at_most = 2;
      return 2;
    case RAPPORT_FILTER_IN:
    case RAPPORT_FILTER_NOT_IN:
      *at_most = G_MAXUINT;
      return 1;
    default:
      return 1;
    }
}

static gboolean
is_date (const char *text)
{
  int year, month, day;
  char end;

  return sscanf (text, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3 && strlen (text) == 10 &&
         g_date_valid_dmy (day, month, year);
}

static gboolean
is_instant (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  return time != NULL;
}

static gboolean
is_number (const char *text,
           gboolean    decimals)
{
  gint64 value;
  char *end = NULL;

  if (decimals)
    {
      g_ascii_strtod (text, &end);
      return *text != '\0' && end != NULL && *end == '\0';
    }
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL);
}

/* Checks one value, and writes it as the SQL compiler expects it. */
static gboolean
check_value (RapportFilter *filter,
             char         **value,
             GError       **error)
{
  RapportFieldKind kind = rapport_filter_value_kind (filter);
  g_autofree char *path = rapport_filter_path (filter);
  const char *text = *value;

  switch (kind)
    {
    case RAPPORT_FIELD_ENUM:
      if (filter->field->choices != NULL &&
          !g_strv_contains ((const char * const *) filter->field->choices, text))
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) filter->field->choices);

          g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                       _("“%s” is not a choice of %s: %s"), text, path, choices);
          return FALSE;
        }
      return TRUE;
    case RAPPORT_FIELD_BOOL:
      {
        gboolean yes = g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0;

        if (!yes && g_ascii_strcasecmp (text, "false") != 0 && g_ascii_strcasecmp (text, "no") != 0)
          {
            g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                         _("%s is true or false, not “%s”"), path, text);
            return FALSE;
          }
        g_free (*value);
        *value = g_strdup (yes ? "true" : "false");
        return TRUE;
      }
    case RAPPORT_FIELD_INT:
    case RAPPORT_FIELD_MONEY:
      {
        g_auto(GStrv) words = g_strsplit (text, " ", 2);
        gboolean decimals = kind == RAPPORT_FIELD_MONEY ||
                            (filter->field->flags & (RAPPORT_FIELD_MILLI | RAPPORT_FIELD_PPM |
                                                     RAPPORT_FIELD_MINOR));
        gboolean currency = kind == RAPPORT_FIELD_MONEY && words[0] != NULL && words[1] != NULL;

        if (!is_number (words[0] ? words[0] : "", decimals) ||
            (currency && rapport_money_exponent (words[1]) < 0) ||
            (!currency && words[0] != NULL && words[1] != NULL))
          {
            g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                         kind == RAPPORT_FIELD_MONEY ?
                         _("%s is compared with an amount, as 10000 or 10000 EUR, not “%s”")
                         : _("%s is compared with a number, not “%s”"),
                         path, text);
            return FALSE;
          }
        return TRUE;
      }
    case RAPPORT_FIELD_DATE:
    case RAPPORT_FIELD_DATETIME:
      if (!is_date (text) && (kind == RAPPORT_FIELD_DATE || !is_instant (text)))
        {
          g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                       _("%s is compared with a date written 2026-12-31, not “%s”"), path, text);
          return FALSE;
        }
      return TRUE;
    case RAPPORT_FIELD_CURRENCY:
      if (rapport_money_exponent (text) < 0)
        {
          g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                       _("“%s” is not a currency code such as EUR or CNY"), text);
          return FALSE;
        }
      return TRUE;
    default:
      if (*text == '\0')
        {
          g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                       _("%s is compared with nothing: say “is empty” to find records without it"),
                       path);
          return FALSE;
        }
      return TRUE;
    }
}

/**
 * rapport_filter_check_values:
 *
 * Checks a condition's operator and values against its field, and writes
 * the values the way the SQL compiler reads them (true, false).
 */
gboolean
rapport_filter_check_values (RapportFilter *filter,
                             GError       **error)
{
  g_autofree char *path = rapport_filter_path (filter);
  guint n_values = filter->values != NULL ? g_strv_length (filter->values) : 0;
  guint at_most, wanted = values_wanted (filter->op, &at_most);

  if (!op_fits (rapport_filter_value_kind (filter), filter->op))
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                   _("%s cannot be compared with “%s”"), path,
                   rapport_filter_op_names[filter->op]);
      return FALSE;
    }
  if (n_values < wanted || n_values > at_most)
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                   _("“%s %s” takes %u values, not %u"), path,
                   rapport_filter_op_names[filter->op], wanted, n_values);
      return FALSE;
    }
  if ((filter->op == RAPPORT_FILTER_IN_LAST || filter->op == RAPPORT_FILTER_IN_NEXT) &&
      (filter->count < 1 || filter->count > 3650))
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_VALUE,
                   _("%s: count from 1 to 3650 %s"), path, rapport_filter_unit_names[filter->unit]);
      return FALSE;
    }
  for (guint i = 0; i < n_values; i++)
    if (!check_value (filter, &filter->values[i], error))
      return FALSE;
  return TRUE;
}

/* JSON */

static RapportFilter *from_json (const RapportEntity *entity,
                                 JsonNode            *node,
                                 GError             **error);

static gboolean
bad_json (GError    **error,
          const char *what)
{
  g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_SYNTAX,
               _("A filter’s JSON has %s"), what);
  return FALSE;
}

static char *
scalar_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static gboolean
children_from_json (RapportFilter *filter,
                    JsonArray     *array,
                    GError       **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      RapportFilter *child = from_json (filter->entity, json_array_get_element (array, i), error);

      if (child == NULL)
        return FALSE;
      g_ptr_array_add (filter->children, child);
    }
  return TRUE;
}

static gboolean
condition_from_json (RapportFilter *filter,
                     JsonObject    *object,
                     GError       **error)
{
  const char *op = json_object_get_string_member_with_default (object, "op", "");
  JsonNode *value = json_object_get_member (object, "value");
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  guint i;

  if (!rapport_filter_set_path (filter,
                                json_object_get_string_member_with_default (object, "field", ""),
                                error))
    return FALSE;
  for (i = 0; i < RAPPORT_FILTER_N_OPS && strcmp (op, rapport_filter_op_names[i]) != 0; i++)
    ;
  if (i == RAPPORT_FILTER_N_OPS)
    {
      g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_SYNTAX,
                   _("“%s” is not an operator of filters"), op);
      return FALSE;
    }
  filter->op = i;

  if (filter->op == RAPPORT_FILTER_IN_LAST || filter->op == RAPPORT_FILTER_IN_NEXT)
    {
      const char *unit = json_object_get_string_member_with_default (object, "unit", "days");

      filter->count = value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
                      json_node_get_value_type (value) == G_TYPE_INT64 ?
                      (int) CLAMP (json_node_get_int (value), 0, 100000) : 0;
      for (i = 0; i < G_N_ELEMENTS (rapport_filter_unit_names); i++)
        if (strcmp (unit, rapport_filter_unit_names[i]) == 0)
          break;
      if (i == G_N_ELEMENTS (rapport_filter_unit_names))
        return bad_json (error, _("a unit other than days, weeks or months"));
      filter->unit = i;
    }
  else if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      for (i = 0; i < json_array_get_length (array); i++)
        {
          char *text = scalar_text (json_array_get_element (array, i));

          if (text == NULL)
            return bad_json (error, _("a list value that is not text or a number"));
          g_ptr_array_add (values, text);
        }
    }
  else if (value != NULL && !JSON_NODE_HOLDS_NULL (value))
    {
      char *text = scalar_text (value);

      if (text == NULL)
        return bad_json (error, _("a value that is not text or a number"));
      g_ptr_array_add (values, text);
    }
  g_ptr_array_add (values, NULL);
  filter->values = (GStrv) g_ptr_array_steal (values, NULL);
  return rapport_filter_check_values (filter, error);
}

static RapportFilter *
from_json (const RapportEntity *entity,
           JsonNode            *node,
           GError             **error)
{
  g_autoptr(RapportFilter) filter = NULL;
  JsonObject *object;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return bad_json (error, _("something other than an object where a condition belongs")), NULL;
  object = json_node_get_object (node);

  if ((member = json_object_get_member (object, "all")) != NULL ||
      (member = json_object_get_member (object, "any")) != NULL)
    {
      filter = rapport_filter_new (json_object_has_member (object, "all") ?
                                   RAPPORT_FILTER_ALL : RAPPORT_FILTER_ANY, entity);
      if (!JSON_NODE_HOLDS_ARRAY (member))
        return bad_json (error, _("a group that is not a list")), NULL;
      if (!children_from_json (filter, json_node_get_array (member), error))
        return NULL;
    }
  else if ((member = json_object_get_member (object, "has")) != NULL ||
           (member = json_object_get_member (object, "has_no")) != NULL)
    {
      JsonNode *where = json_object_get_member (object, "where");
      RapportFilter *child;

      filter = rapport_filter_new (json_object_has_member (object, "has") ?
                                   RAPPORT_FILTER_HAS : RAPPORT_FILTER_HAS_NO, entity);
      if (!JSON_NODE_HOLDS_VALUE (member) ||
          !rapport_filter_set_related (filter, json_node_get_string (member), error))
        return member != NULL && JSON_NODE_HOLDS_VALUE (member) ? NULL
               : (bad_json (error, _("a related type that is not a name")), NULL);
      if (where != NULL && !JSON_NODE_HOLDS_NULL (where))
        {
          if (!(child = from_json (filter->related, where, error)))
            return NULL;
          g_ptr_array_add (filter->children, child);
        }
    }
  else
    {
      filter = rapport_filter_new (RAPPORT_FILTER_CONDITION, entity);
      if (!condition_from_json (filter, object, error))
        return NULL;
    }
  return g_steal_pointer (&filter);
}

/**
 * rapport_filter_from_json:
 * @entity: the type of the records filtered
 * @node: the filter's JSON form, as rapport_filter_to_json() writes it
 *
 * Returns: (transfer full) (nullable): the filter, or %NULL with a
 *   %RAPPORT_FILTER_ERROR that names what is wrong
 */
RapportFilter *
rapport_filter_from_json (const RapportEntity *entity,
                          JsonNode            *node,
                          GError             **error)
{
  return from_json (entity, node, error);
}

/**
 * rapport_filter_from_json_text:
 * @entity: the type of the records filtered
 * @text: the filter's JSON form as text, as a segment keeps it
 *
 * Returns: (transfer full) (nullable): the filter, or %NULL with a
 *   %RAPPORT_FILTER_ERROR that names what is wrong, or a #JsonParserError
 *   (not for users' eyes) when @text is not JSON
 */
RapportFilter *
rapport_filter_from_json_text (const RapportEntity *entity,
                               const char          *text,
                               GError             **error)
{
  g_autoptr(JsonNode) node = json_from_string (text, error);

  if (node == NULL)
    {
      /* json_from_string() says nothing about empty text */
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, "empty text");
      return NULL;
    }
  return from_json (entity, node, error);
}

JsonNode *
rapport_filter_to_json (const RapportFilter *filter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *path = NULL;

  json_builder_begin_object (builder);
  switch (filter->kind)
    {
    case RAPPORT_FILTER_ALL:
    case RAPPORT_FILTER_ANY:
      json_builder_set_member_name (builder, filter->kind == RAPPORT_FILTER_ALL ? "all" : "any");
      json_builder_begin_array (builder);
      for (guint i = 0; i < filter->children->len; i++)
        json_builder_add_value (builder, rapport_filter_to_json (filter->children->pdata[i]));
      json_builder_end_array (builder);
      break;
    case RAPPORT_FILTER_HAS:
    case RAPPORT_FILTER_HAS_NO:
      json_builder_set_member_name (builder, filter->kind == RAPPORT_FILTER_HAS ? "has" : "has_no");
      json_builder_add_string_value (builder, filter->related->name);
      if (filter->children->len > 0)
        {
          json_builder_set_member_name (builder, "where");
          json_builder_add_value (builder, rapport_filter_to_json (filter->children->pdata[0]));
        }
      break;
    case RAPPORT_FILTER_CONDITION:
      path = rapport_filter_path (filter);
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "op");
      json_builder_add_string_value (builder, rapport_filter_op_names[filter->op]);
      if (filter->op == RAPPORT_FILTER_IN_LAST || filter->op == RAPPORT_FILTER_IN_NEXT)
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_int_value (builder, filter->count);
          json_builder_set_member_name (builder, "unit");
          json_builder_add_string_value (builder, rapport_filter_unit_names[filter->unit]);
        }
      else if (filter->values != NULL && filter->values[0] != NULL)
        {
          gboolean list = filter->op == RAPPORT_FILTER_IN || filter->op == RAPPORT_FILTER_NOT_IN ||
                          filter->op == RAPPORT_FILTER_BETWEEN;

          json_builder_set_member_name (builder, "value");
          if (list)
            json_builder_begin_array (builder);
          for (guint i = 0; filter->values[i] != NULL && (list || i == 0); i++)
            json_builder_add_string_value (builder, filter->values[i]);
          if (list)
            json_builder_end_array (builder);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Text */

/* Whether @word reads back as one value without quotes. */
static gboolean
plain_word (const char *word)
{
  static const char * const keywords[] = {
    "and", "or", "in", "not", "is", "empty", "contains", "starts", "with", "between", "last",
    "next", "before", "after", "today", "has", "no", "where", NULL
  };

  if (*word == '\0' || g_strv_contains (keywords, word))
    return FALSE;
  for (const char *p = word; *p; p++)
    if (strchr (" \t\n\"(),=!<>\\", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* "10000 EUR": an amount and its currency read back unquoted. */
static gboolean
amount_in_currency (const char *value)
{
  g_auto(GStrv) words = g_strsplit (value, " ", -1);

  return g_strv_length (words) == 2 && g_ascii_isdigit (words[0][0]) && plain_word (words[0]) &&
         strlen (words[1]) == 3 && g_ascii_isupper (words[1][0]) &&
         g_ascii_isupper (words[1][1]) && g_ascii_isupper (words[1][2]);
}

static void
append_value (GString    *text,
              const char *value)
{
  if (plain_word (value) || amount_in_currency (value))
    {
      g_string_append (text, value);
      return;
    }
  g_string_append_c (text, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (text, '\\');
      g_string_append_c (text, *p);
    }
  g_string_append_c (text, '"');
}

static void
append_condition (GString             *text,
                  const RapportFilter *filter)
{
  g_autofree char *path = rapport_filter_path (filter);

  g_string_append (text, path);
  switch (filter->op)
    {
    case RAPPORT_FILTER_IN:
    case RAPPORT_FILTER_NOT_IN:
      g_string_append (text, filter->op == RAPPORT_FILTER_IN ? " in (" : " not in (");
      for (guint i = 0; filter->values[i] != NULL; i++)
        {
          if (i > 0)
            g_string_append (text, ", ");
          append_value (text, filter->values[i]);
        }
      g_string_append_c (text, ')');
      return;
    case RAPPORT_FILTER_BETWEEN:
      g_string_append (text, " between ");
      append_value (text, filter->values[0]);
      g_string_append (text, " and ");
      append_value (text, filter->values[1]);
      return;
    case RAPPORT_FILTER_IN_LAST:
    case RAPPORT_FILTER_IN_NEXT:
      g_string_append_printf (text, " in %s %d %s",
                              filter->op == RAPPORT_FILTER_IN_LAST ? "last" : "next",
                              filter->count, rapport_filter_unit_names[filter->unit]);
      return;
    case RAPPORT_FILTER_IS_EMPTY:
    case RAPPORT_FILTER_IS_NOT_EMPTY:
      g_string_append (text, filter->op == RAPPORT_FILTER_IS_EMPTY ? " is empty"
                             : " is not empty");
      return;
    case RAPPORT_FILTER_BEFORE_TODAY:
    case RAPPORT_FILTER_AFTER_TODAY:
      g_string_append (text, filter->op == RAPPORT_FILTER_BEFORE_TODAY ? " before today"
                             : " after today");
      return;
    case RAPPORT_FILTER_NOT_CONTAINS:
      g_string_append (text, " not contains ");
      break;
    case RAPPORT_FILTER_STARTS_WITH:
      g_string_append (text, " starts with ");
      break;
    default:
      g_string_append_printf (text, " %s ", rapport_filter_op_names[filter->op]);
      break;
    }
  append_value (text, filter->values[0]);
}

static void
append_text (GString             *text,
             const RapportFilter *filter,
             gboolean             nested)
{
  switch (filter->kind)
    {
    case RAPPORT_FILTER_ALL:
    case RAPPORT_FILTER_ANY:
      if (nested && filter->children->len > 1)
        g_string_append_c (text, '(');
      for (guint i = 0; i < filter->children->len; i++)
        {
          if (i > 0)
            g_string_append (text, filter->kind == RAPPORT_FILTER_ALL ? " and " : " or ");
          append_text (text, filter->children->pdata[i], TRUE);
        }
      if (nested && filter->children->len > 1)
        g_string_append_c (text, ')');
      break;
    case RAPPORT_FILTER_HAS:
    case RAPPORT_FILTER_HAS_NO:
      g_string_append_printf (text, "%s %s", filter->kind == RAPPORT_FILTER_HAS ? "has" : "has no",
                              filter->related->name);
      if (filter->children->len > 0)
        {
          const RapportFilter *where = filter->children->pdata[0];

          g_string_append (text, " where ");
          /* "has deal where a and b" would read as two conditions */
          if (where->kind != RAPPORT_FILTER_CONDITION && where->children->len > 1)
            g_string_append_c (text, '(');
          append_text (text, where, FALSE);
          if (where->kind != RAPPORT_FILTER_CONDITION && where->children->len > 1)
            g_string_append_c (text, ')');
        }
      break;
    case RAPPORT_FILTER_CONDITION:
      append_condition (text, filter);
      break;
    default:
      g_assert_not_reached ();
    }
}

/**
 * rapport_filter_to_text:
 *
 * Returns: (transfer full): the filter in its compact text form, which
 *   rapport_filter_parse() reads back into the same filter
 */
char *
rapport_filter_to_text (const RapportFilter *filter)
{
  GString *text = g_string_new (NULL);

  append_text (text, filter, FALSE);
  return g_string_free (text, FALSE);
}
