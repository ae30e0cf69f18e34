/* rapport-validate.c: one place that decides what a valid record is
 *
 * The client checks an edit before it stores it, the server checks every op
 * before it applies it; both call these functions, so a value refused by one is
 * refused by the other with the same words. Values are normalised in place
 * (dates to UTC, currency codes to upper case) so that replicas compare equal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "rapport-uuid.h"
#include "rapport-validate.h"

#define MAX_LIST_ENTRIES 50
#define MAX_TAG_CHARS 100
#define MAX_LABEL_CHARS 50
#define MAX_VALUE_CHARS 254

typedef struct
{
  char *field;
} RapportValidationErrorPrivate;

static void
rapport_validation_error_private_init (RapportValidationErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
rapport_validation_error_private_copy (const RapportValidationErrorPrivate *src,
                                       RapportValidationErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
rapport_validation_error_private_clear (RapportValidationErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (RapportValidationError, rapport_validation_error)

const char *
rapport_validation_error_get_field (const GError *error)
{
  RapportValidationErrorPrivate *priv = rapport_validation_error_get_private (error);

  return priv != NULL ? priv->field : NULL;
}

void
rapport_set_validation_error (GError               **error,
                              RapportValidationError code,
                              const char            *field,
                              const char            *format,
                              ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (RAPPORT_VALIDATION_ERROR, code, message);
  rapport_validation_error_get_private (new_error)->field = g_strdup (field);
  g_propagate_error (error, new_error);
}

gboolean
rapport_is_valid_email (const char *text)
{
  const char *at = strrchr (text, '@');
  const char *dot;
  gsize local_len;

  if (at == NULL || at == text || strlen (text) > 254)
    return FALSE;
  local_len = at - text;
  if (local_len > 64)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || strchr ("()<>,;:\\\"[]", *p) != NULL)
      return FALSE;
  if (memchr (text, '@', local_len) != NULL)
    return FALSE;

  /* The domain needs a dot with a label on each side: "a@b" is a typo far
   * more often than a real intranet address. */
  dot = strrchr (at + 1, '.');
  return dot != NULL && dot != at + 1 && dot[1] != '\0' && strstr (at + 1, "..") == NULL;
}

static gboolean
is_valid_phone (const char *text)
{
  static gsize initialized;
  static GRegex *shape;
  guint digits = 0;

  if (g_once_init_enter (&initialized))
    {
      shape = g_regex_new ("^\\+?[0-9 ().\\-/]{3,40}(\\s*(x|ext\\.?)\\s*[0-9]{1,6})?$",
                           G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&initialized, 1);
    }

  for (const char *p = text; *p; p++)
    digits += g_ascii_isdigit (*p);

  return digits >= 3 && digits <= 20 && g_regex_match (shape, text, 0, NULL);
}

/* Reads exactly @n ASCII digits: sscanf() would also take a sign, spaces
 * and fewer digits ("2024-+1-+1"). */
static gboolean
read_digits (const char *text,
             guint       n,
             guint      *out)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (guint) (text[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* An ISO 8601 calendar date (RFC 3339 full-date) at the start of @text:
 * YYYY-MM-DD with a four-digit year 0001–9999; no sign, no expanded year,
 * no week or ordinal date. */
static gboolean
read_date (const char *text,
           GDate      *date)
{
  guint year, month, day;

  if (!read_digits (text, 4, &year) || text[4] != '-' ||
      !read_digits (text + 5, 2, &month) || text[7] != '-' ||
      !read_digits (text + 8, 2, &day))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

static gboolean
is_valid_date (const char *text)
{
  GDate date;

  return read_date (text, &date) && text[10] == '\0';
}

/* Reads "±HH:MM" or "Z" ending @text, as minutes east of UTC. */
static gboolean
read_offset (const char *text,
             int        *minutes)
{
  guint hours, mins;

  if ((text[0] == 'Z' || text[0] == 'z') && text[1] == '\0')
    {
      *minutes = 0;
      return TRUE;
    }
  if ((text[0] != '+' && text[0] != '-') ||
      !read_digits (text + 1, 2, &hours) || text[3] != ':' ||
      !read_digits (text + 4, 2, &mins) || text[6] != '\0' ||
      hours > 23 || mins > 59)
    return FALSE;
  *minutes = (text[0] == '-' ? -1 : 1) * (int) (hours * 60 + mins);
  return TRUE;
}

/* Accepts exactly an RFC 3339 date-time: full-date, then 'T' (or 't', or the
 * space RFC 3339 allows for readability), HH:MM:SS (no leap second: the
 * stored instant must be one GLib and SQLite can compare), an optional
 * fraction, and Z or ±HH:MM. Normalises to UTC with a Z and whole seconds,
 * so the same instant is the same text everywhere and sorts as text; the
 * year must still be 0001–9999 in UTC. GDateTime is not used: it parses more
 * than RFC 3339 (week dates, signs, 24:00) and warns out of range. */
static char *
normalize_datetime (const char *text)
{
  GDate date;
  const char *p = text + 10;
  guint hour, minute, second;
  int offset;
  gint64 minutes;

  if (!read_date (text, &date) || (*p != 'T' && *p != 't' && *p != ' '))
    return NULL;
  p++;
  if (!read_digits (p, 2, &hour) || p[2] != ':' ||
      !read_digits (p + 3, 2, &minute) || p[5] != ':' ||
      !read_digits (p + 6, 2, &second) ||
      hour > 23 || minute > 59 || second > 59)
    return NULL;
  p += 8;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (p[1]))
        return NULL;
      for (p++; g_ascii_isdigit (*p); p++)
        ;
    }
  if (!read_offset (p, &offset))
    return NULL;

  /* Minutes since the start of day 1 (0001-01-01), in UTC. */
  minutes = ((gint64) g_date_get_julian (&date) - 1) * 24 * 60 + hour * 60 + minute - offset;
  if (minutes < 0)
    return NULL;
  g_date_set_julian (&date, (guint32) (minutes / (24 * 60)) + 1);
  if (g_date_get_year (&date) > 9999)
    return NULL;
  minutes %= 24 * 60;
  return g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:%02uZ",
                          (guint) g_date_get_year (&date), (guint) g_date_get_month (&date),
                          (guint) g_date_get_day (&date), (guint) (minutes / 60),
                          (guint) (minutes % 60), second);
}

/* A website typed as "example.com" is taken as https://example.com. */
static char *
normalize_url (const char *text)
{
  g_autofree char *candidate = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (strstr (text, "://") == NULL)
    candidate = g_strconcat ("https://", text, NULL);
  else
    candidate = g_strdup (text);

  uri = g_uri_parse (candidate, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0)
    return NULL;
  if (g_uri_get_host (uri) == NULL || strchr (g_uri_get_host (uri), '.') == NULL)
    return NULL;
  return g_steal_pointer (&candidate);
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Tabs and line breaks are text; the other C0 controls are invisible,
 * break other tools' JSON and CSV, and are never typed on purpose. A NUL or
 * half a surrogate pair in JSON arrives here as U+0001 (rapport_json_parse). */
static gboolean
has_control_character (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      return TRUE;
  return FALSE;
}

static gboolean
check_text (const char *field,
            const char *text,
            gint64      max_chars,
            GError    **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                    _("The text is not valid UTF-8"));
      return FALSE;
    }
  if (has_control_character (text))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                    _("The text contains an invisible control character; remove it"));
      return FALSE;
    }
  if (max_chars > 0 && g_utf8_strlen (text, -1) > max_chars)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "Use at most %d character",
                                                 "Use at most %d characters",
                                                 max_chars),
                                    (int) max_chars);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_labeled_list (const RapportField *field,
                    JsonNode           *node,
                    GError            **error)
{
  JsonArray *array;
  guint length;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad_shape;

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length > MAX_LIST_ENTRIES)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "Add at most %d entry",
                                                 "Add at most %d entries",
                                                 MAX_LIST_ENTRIES),
                                    MAX_LIST_ENTRIES);
      return FALSE;
    }

  for (guint i = 0; i < length; i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *label, *value;
      const char *text;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        goto bad_shape;
      object = json_node_get_object (entry);
      label = json_object_get_member (object, "label");
      value = json_object_get_member (object, "value");
      if (json_object_get_size (object) > (guint) ((label != NULL) + (value != NULL)))
        goto bad_shape;
      if (label != NULL && !JSON_NODE_HOLDS_NULL (label) &&
          (!is_string (label) ||
           !check_text (field->name, json_node_get_string (label), MAX_LABEL_CHARS, error)))
        {
          if (error != NULL && *error != NULL)
            return FALSE;
          goto bad_shape;
        }
      if (value == NULL || !is_string (value))
        goto bad_shape;

      text = json_node_get_string (value);
      if (!check_text (field->name, text, MAX_VALUE_CHARS, error))
        return FALSE;
      if (field->kind == RAPPORT_FIELD_EMAIL_LIST && !rapport_is_valid_email (text))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a valid email address"), text);
          return FALSE;
        }
      if (field->kind == RAPPORT_FIELD_PHONE_LIST && !is_valid_phone (text))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a valid phone number"), text);
          return FALSE;
        }
    }
  return TRUE;

bad_shape:
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                _("Expected a list of entries with a label and a value"));
  return FALSE;
}

static gboolean
check_tags (const RapportField *field,
            JsonNode           *node,
            GError            **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad_shape;
  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_LIST_ENTRIES)
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "Add at most %d entry",
                                                 "Add at most %d entries",
                                                 MAX_LIST_ENTRIES),
                                    MAX_LIST_ENTRIES);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *tag = json_array_get_element (array, i);

      if (!is_string (tag) || json_node_get_string (tag)[0] == '\0')
        goto bad_shape;
      if (!check_text (field->name, json_node_get_string (tag), MAX_TAG_CHARS, error))
        return FALSE;
    }
  return TRUE;

bad_shape:
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                _("Expected a list of non-empty tags"));
  return FALSE;
}

/* Checks one value and normalises it in place in @object. */
static gboolean
check_value (const RapportField *field,
             JsonObject         *object,
             JsonNode           *node,
             GError            **error)
{
  const char *text = NULL;
  g_autofree char *normalized = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (field->flags & RAPPORT_FIELD_REQUIRED)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, field->name,
                                        "%s", rapport_field_missing (field));
          return FALSE;
        }
      return TRUE;
    }

  switch (field->kind)
    {
    case RAPPORT_FIELD_INT:
    case RAPPORT_FIELD_MONEY:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("Expected a whole number"));
          return FALSE;
        }
      if (json_node_get_int (node) < field->min || json_node_get_int (node) > field->max)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("Expected a number from %lld to %lld"),
                                        (long long) field->min, (long long) field->max);
          return FALSE;
        }
      return TRUE;

    case RAPPORT_FIELD_BOOL:
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("Expected true or false"));
          return FALSE;
        }
      return TRUE;

    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
      return check_labeled_list (field, node, error);

    case RAPPORT_FIELD_TAGS:
      return check_tags (field, node, error);

    case RAPPORT_FIELD_TEXT:
    case RAPPORT_FIELD_ENUM:
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_URL:
    case RAPPORT_FIELD_DATE:
    case RAPPORT_FIELD_DATETIME:
    case RAPPORT_FIELD_CURRENCY:
    case RAPPORT_FIELD_REF:
    default:
      break;
    }

  if (!is_string (node))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                    _("Expected text"));
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!check_text (field->name, text, field->kind == RAPPORT_FIELD_TEXT ? field->max : 2048,
                   error))
    return FALSE;

  switch (field->kind)
    {
    case RAPPORT_FIELD_ENUM:
      if (!g_strv_contains (field->choices, text))
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) field->choices);

          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not one of: %s"), text, choices);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_EMAIL:
      if (!rapport_is_valid_email (text))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a valid email address"), text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_PHONE:
      if (!is_valid_phone (text))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a valid phone number"), text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_URL:
      normalized = normalize_url (text);
      if (normalized == NULL)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a valid web address"), text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_DATE:
      if (!is_valid_date (text))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a date (YYYY-MM-DD)"), text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_DATETIME:
      normalized = normalize_datetime (text);
      if (normalized == NULL)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a date and time with a time zone"),
                                        text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_CURRENCY:
      normalized = g_ascii_strup (text, -1);
      if (!rapport_is_valid_currency (normalized))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not an ISO 4217 currency code"), text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_REF:
      if (!rapport_uuid_is_valid (text))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field->name,
                                        _("“%s” is not a record id"), text);
          return FALSE;
        }
      break;

    case RAPPORT_FIELD_TEXT:
    case RAPPORT_FIELD_INT:
    case RAPPORT_FIELD_MONEY:
    case RAPPORT_FIELD_BOOL:
    case RAPPORT_FIELD_EMAIL_LIST:
    case RAPPORT_FIELD_PHONE_LIST:
    case RAPPORT_FIELD_TAGS:
    default:
      break;
    }

  if (normalized != NULL && strcmp (normalized, text) != 0)
    json_object_set_string_member (object, field->name, normalized);

  return TRUE;
}

/**
 * rapport_validate_changes:
 * @entity: the record type
 * @changes: field names and their new values; normalised in place
 * @error: set to a #RAPPORT_VALIDATION_ERROR naming the first bad field
 *
 * Checks the fields an edit sets: each must exist, be writable and hold a
 * value of the right shape. Whole-record rules are rapport_validate_record().
 */
gboolean
rapport_validate_changes (const RapportEntity *entity,
                          JsonObject          *changes,
                          GError             **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (entity != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const RapportField *field;

      if (rapport_entity_is_meta_field (name))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_READ_ONLY, name,
                                        _("“%s” is set by Rapport and cannot be edited"), name);
          return FALSE;
        }
      field = rapport_entity_get_field (entity, name);
      if (field == NULL)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_UNKNOWN_FIELD, name,
                                        _("A %s has no field “%s”"), entity->name, name);
          return FALSE;
        }
      if (field->flags & RAPPORT_FIELD_DERIVED)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_READ_ONLY, name,
                                        _("“%s” is worked out by Rapport and cannot be edited"), name);
          return FALSE;
        }
      if (field->flags & RAPPORT_FIELD_NUMBER)
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_READ_ONLY, name,
                                        _("“%s” is given by the server when the record is created and cannot be set"),
                                        name);
          return FALSE;
        }
      if (!check_value (field, changes, node, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_blank (JsonObject *record,
          const char *name)
{
  JsonNode *node = json_object_get_member (record, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (is_string (node))
    {
      const char *text = json_node_get_string (node);

      while (g_ascii_isspace (*text))
        text++;
      return *text == '\0';
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  return FALSE;
}

/**
 * rapport_validate_record:
 * @entity: the record type
 * @record: every field of the record as it would be stored
 * @error: set to a #RAPPORT_VALIDATION_ERROR naming the field
 *
 * Checks what only the whole record tells: required fields, and the rules
 * that tie fields together.
 */
gboolean
rapport_validate_record (const RapportEntity *entity,
                         JsonObject          *record,
                         GError             **error)
{
  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];

      if ((field->flags & RAPPORT_FIELD_REQUIRED) && is_blank (record, field->name))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, field->name,
                                        "%s", rapport_field_missing (field));
          return FALSE;
        }
    }

  /* A person is titled by the name, else the email: one of them is needed. */
  if (entity->title_rule == RAPPORT_TITLE_PERSON &&
      is_blank (record, "first_name") && is_blank (record, "last_name") &&
      is_blank (record, "emails"))
    {
      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED, "first_name",
                                    _("A contact needs a name or an email address"));
      return FALSE;
    }

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *money = &entity->fields[i];

      if (money->kind == RAPPORT_FIELD_MONEY && json_object_has_member (record, money->name) &&
          !is_blank (record, money->name) && is_blank (record, money->currency_field))
        {
          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_REQUIRED,
                                        money->currency_field, _("An amount needs a currency"));
          return FALSE;
        }
    }

  return entity->check == NULL || entity->check (record, error);
}

/**
 * rapport_unique_key:
 *
 * Returns: (transfer full): what two values of a UNIQUE field are compared
 *   by: "ab-12", "AB-12" and "ＡＢ-12" are the same SKU
 */
char *
rapport_unique_key (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);

  return g_utf8_casefold (normal != NULL ? normal : text, -1);
}

/* The field's own sentence ("Another product already has this SKU"). */
void
rapport_set_duplicate_error (GError            **error,
                             const RapportField *field)
{
  rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_DUPLICATE, field->name, "%s",
                                field->duplicate != NULL
                                ? _(field->duplicate)
                                : _("Another record already has this value"));
}
