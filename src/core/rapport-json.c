/* rapport-json.c: size- and depth-checked JSON parsing
 *
 * json-glib 1.6 builds its tree recursively and overflows the stack on input
 * like "[[[[…" a hundred thousand deep, and it takes things that are not
 * JSON. So whatever comes from the network is checked here first, with a
 * flat scan that cannot recurse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-json.h"

G_DEFINE_QUARK (rapport-json-error-quark, rapport_json_error)

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE, /* just after '[' */
  EXPECT_KEY_OR_CLOSE,   /* just after '{' */
  EXPECT_KEY,
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,
} ScanState;

static gboolean
fail_at (GError **error,
         gsize    offset)
{
  g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID,
               _("The JSON is malformed at byte %zu"), offset);
  return FALSE;
}

typedef enum
{
  ESCAPE_GOOD,
  ESCAPE_UNSTORABLE, /* \u0000 or half of a surrogate pair */
  ESCAPE_MALFORMED,
} EscapeCheck;

static gboolean
read_hex4 (const char *data,
           gsize       length,
           gsize       at,
           gunichar   *out)
{
  *out = 0;
  if (length < 4 || at > length - 4)
    return FALSE;
  for (guint k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (data[at + k]);

      if (digit < 0)
        return FALSE;
      *out = *out << 4 | (gunichar) digit;
    }
  return TRUE;
}

/* Looks at the "\uXXXX" at data[at] and sets *end past it, or past the
 * pair it starts. json-glib turns "\u0000" into the end of the string and a
 * lone surrogate into bytes that are not UTF-8, so both are told apart. */
static EscapeCheck
check_unicode_escape (const char *data,
                      gsize       length,
                      gsize       at,
                      gsize      *end)
{
  gunichar unit, low;

  if (!read_hex4 (data, length, at + 2, &unit))
    return ESCAPE_MALFORMED;
  *end = at + 6;
  if (unit == 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
    return ESCAPE_UNSTORABLE;
  if (unit < 0xD800 || unit > 0xDBFF)
    return ESCAPE_GOOD;
  if (*end + 1 < length && data[*end] == '\\' && data[*end + 1] == 'u' &&
      read_hex4 (data, length, *end + 2, &low) && low >= 0xDC00 && low <= 0xDFFF)
    {
      *end += 6;
      return ESCAPE_GOOD;
    }
  return ESCAPE_UNSTORABLE;
}

/* Moves *i past the string that starts at data[*i] (a quote); the offsets
 * of escapes that cannot be stored go to *@unstorable (made on the first),
 * or fail the scan when @unstorable is NULL. */
static gboolean
scan_string (const char *data,
             gsize       length,
             gsize      *i,
             GArray    **unstorable)
{
  for ((*i)++; *i < length; (*i)++)
    {
      guchar c = data[*i];

      if (c == '"')
        {
          (*i)++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;
      if (*i + 1 >= length)
        return FALSE;
      if (data[*i + 1] == 'u')
        {
          gsize end;

          switch (check_unicode_escape (data, length, *i, &end))
            {
            case ESCAPE_MALFORMED:
              return FALSE;
            case ESCAPE_UNSTORABLE:
              if (unstorable == NULL)
                return FALSE;
              if (*unstorable == NULL)
                *unstorable = g_array_new (FALSE, FALSE, sizeof (gsize));
              g_array_append_val (*unstorable, *i);
              break;
            case ESCAPE_GOOD:
            default:
              break;
            }
          *i = end - 1;
        }
      else if (strchr ("\"\\/bfnrt", data[++(*i)]) == NULL || data[*i] == '\0')
        return FALSE;
    }
  return FALSE;
}

static gsize
skip_digits (const char *data,
             gsize       length,
             gsize       i)
{
  while (i < length && g_ascii_isdigit (data[i]))
    i++;
  return i;
}

/* Moves *i past the number that starts at data[*i], as RFC 8259 spells it. */
static gboolean
scan_number (const char *data,
             gsize       length,
             gsize      *i)
{
  gsize j = *i;

  if (data[j] == '-')
    j++;
  if (j >= length || !g_ascii_isdigit (data[j]))
    return FALSE;
  j = data[j] == '0' ? j + 1 : skip_digits (data, length, j);
  if (j < length && data[j] == '.')
    {
      if (++j >= length || !g_ascii_isdigit (data[j]))
        return FALSE;
      j = skip_digits (data, length, j);
    }
  if (j < length && (data[j] == 'e' || data[j] == 'E'))
    {
      if (++j < length && (data[j] == '+' || data[j] == '-'))
        j++;
      if (j >= length || !g_ascii_isdigit (data[j]))
        return FALSE;
      j = skip_digits (data, length, j);
    }
  *i = j;
  return TRUE;
}

static gboolean
scan_word (const char *data,
           gsize       length,
           gsize      *i,
           const char *word)
{
  gsize n = strlen (word);

  if (length - *i < n || memcmp (data + *i, word, n) != 0)
    return FALSE;
  *i += n;
  return TRUE;
}

/* See rapport_json_validate(); @unstorable as for scan_string(). */
static gboolean
scan (const char *data,
      gsize       length,
      guint       max_depth,
      GArray    **unstorable,
      GError    **error)
{
  gboolean small_stack[RAPPORT_JSON_DEFAULT_MAX_DEPTH + 1];
  g_autofree gboolean *large_stack = NULL;
  gboolean *in_object = small_stack;
  ScanState state = EXPECT_VALUE;
  guint depth = 0;
  gsize i = 0;

  if (max_depth > RAPPORT_JSON_DEFAULT_MAX_DEPTH)
    in_object = large_stack = g_new0 (gboolean, max_depth + 1);

  for (;;)
    {
      char c;

      while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
      if (i >= length)
        return state == EXPECT_END ? TRUE : fail_at (error, i);
      c = data[i];

      switch (state)
        {
        case EXPECT_VALUE_OR_CLOSE:
        case EXPECT_KEY_OR_CLOSE:
          if (c == (state == EXPECT_KEY_OR_CLOSE ? '}' : ']'))
            {
              i++;
              depth--;
              state = depth > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
              continue;
            }
          if (state == EXPECT_KEY_OR_CLOSE)
            {
              state = EXPECT_KEY;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          if (c == '{' || c == '[')
            {
              if (depth >= max_depth)
                {
                  g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_DEEP,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "The JSON nests deeper than %u level",
                                            "The JSON nests deeper than %u levels",
                                            max_depth),
                               max_depth);
                  return FALSE;
                }
              in_object[++depth] = c == '{';
              i++;
              state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
              continue;
            }
          if (!(c == '"' ? scan_string (data, length, &i, unstorable) :
                c == 't' ? scan_word (data, length, &i, "true") :
                c == 'f' ? scan_word (data, length, &i, "false") :
                c == 'n' ? scan_word (data, length, &i, "null") :
                scan_number (data, length, &i)))
            return fail_at (error, i);
          state = depth > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
          break;

        case EXPECT_KEY:
          if (c != '"' || !scan_string (data, length, &i, unstorable))
            return fail_at (error, i);
          state = EXPECT_COLON;
          break;

        case EXPECT_COLON:
          if (c != ':')
            return fail_at (error, i);
          i++;
          state = EXPECT_VALUE;
          break;

        case EXPECT_COMMA_OR_CLOSE:
          i++;
          if (c == ',')
            state = in_object[depth] ? EXPECT_KEY : EXPECT_VALUE;
          else if (c == (in_object[depth] ? '}' : ']'))
            {
              depth--;
              state = depth > 0 ? EXPECT_COMMA_OR_CLOSE : EXPECT_END;
            }
          else
            return fail_at (error, i - 1);
          break;

        case EXPECT_END:
        default:
          return fail_at (error, i);
        }
    }
}

/**
 * rapport_json_validate:
 * @data: the JSON text
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may enclose each other
 * @error: %RAPPORT_JSON_ERROR_TOO_DEEP or %RAPPORT_JSON_ERROR_INVALID
 *
 * Checks that @data is one strict RFC 8259 JSON value (json-glib also takes
 * comments, single quotes and leading zeros) and how deep it nests, with a
 * loop and a small stack of its own: no recursion, so no input can exhaust
 * the C stack. Escapes of NUL and of half a surrogate pair are refused too:
 * they are not text any replica could store.
 */
gboolean
rapport_json_validate (const char *data,
                       gsize       length,
                       guint       max_depth,
                       GError    **error)
{
  return scan (data, length, max_depth, NULL, error);
}

/**
 * rapport_json_parse:
 * @data: the JSON text, not necessarily nul-terminated
 * @length: its length in bytes
 * @max_length: the longest text accepted, in bytes
 * @max_depth: see rapport_json_validate()
 * @error: a #RAPPORT_JSON_ERROR
 *
 * Returns: (transfer full): the root node
 */
JsonNode *
rapport_json_parse (const char *data,
                    gsize       length,
                    gsize       max_length,
                    guint       max_depth,
                    GError    **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) unstorable = NULL;
  g_autofree char *rewritten = NULL;
  JsonNode *root;

  if (length > max_length)
    {
      g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_TOO_LARGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The JSON is larger than %zu byte",
                                "The JSON is larger than %zu bytes",
                                max_length),
                   max_length);
      return NULL;
    }
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID_UTF8,
                           _("The JSON is not valid UTF-8"));
      return NULL;
    }
  if (!scan (data, length, max_depth, &unstorable, error))
    return NULL;

  /* "\u0000" and lone surrogates become U+0001, a control character that
   * record validation refuses with the field's name: json-glib would cut
   * the text at the NUL or store bytes that are not UTF-8. The escapes are
   * six bytes long, like their replacement. */
  if (unstorable != NULL)
    {
      rewritten = g_strndup (data, length);
      for (guint k = 0; k < unstorable->len; k++)
        memcpy (rewritten + g_array_index (unstorable, gsize, k), "\\u0001", 6);
      data = rewritten;
    }

  /* Mutable: validation normalises values in place. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID,
                   _("The JSON is malformed: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RAPPORT_JSON_ERROR, RAPPORT_JSON_ERROR_INVALID,
                           _("The JSON is empty"));
      return NULL;
    }
  return root;
}

/* Appends @text[*from..upto) and @replacement to *out, made on first use. */
static void
replace_span (GString   **out,
              const char *text,
              gsize      *from,
              gsize       upto,
              const char *replacement,
              gsize       skip)
{
  if (*out == NULL)
    *out = g_string_sized_new (upto + 64);
  g_string_append_len (*out, text + *from, upto - *from);
  g_string_append (*out, replacement);
  *from = upto + skip;
}

/**
 * rapport_json_make_safe:
 * @text: JSON text, compact or indented
 * @length: its length in bytes
 *
 * json-glib 1.6 writes control characters other than \b \f \n \r \t into
 * strings as raw bytes, which no JSON parser takes, and writes whatever bytes
 * a string holds. This escapes such characters, replaces bytes that are not
 * UTF-8 and escapes of NUL or of half a surrogate pair with U+FFFD, so that
 * what is sent is JSON whatever was stored.
 *
 * Returns: (transfer full) (nullable): the repaired text, or %NULL when @text
 *   needs no repair
 */
char *
rapport_json_make_safe (const char *text,
                        gsize       length)
{
  g_autofree char *valid = NULL;
  GString *out = NULL;
  gboolean in_string = FALSE;
  gsize from = 0;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      valid = g_utf8_make_valid (text, (gssize) length);
      text = valid;
      length = strlen (valid);
    }

  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c == '"')
        in_string = !in_string;
      else if (!in_string)
        continue;
      else if (c == '\\' && i + 1 < length && text[i + 1] == 'u')
        {
          gsize end = i + 2;

          if (check_unicode_escape (text, length, i, &end) == ESCAPE_UNSTORABLE)
            replace_span (&out, text, &from, i, "\\ufffd", 6);
          i = end - 1;
        }
      else if (c == '\\')
        i++;
      else if (c < 0x20)
        {
          char escaped[8];

          g_snprintf (escaped, sizeof escaped, "\\u%04x", c);
          replace_span (&out, text, &from, i, escaped, 1);
        }
    }

  if (out == NULL)
    return g_steal_pointer (&valid);
  g_string_append_len (out, text + from, length - from);
  return g_string_free (out, FALSE);
}

/**
 * rapport_json_to_string:
 * @node: a JSON tree
 *
 * json_to_string() whose result is always JSON: see rapport_json_make_safe().
 *
 * Returns: (transfer full): compact JSON text
 */
char *
rapport_json_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (64);

  rapport_json_write (out, node);
  return g_string_free (out, FALSE);
}

/**
 * rapport_json_get_string:
 *
 * Unlike json_object_get_string_member_with_default(), never warns: a
 * number, an object or an array where text was expected is as good as no
 * text, since records and answers come from other machines.
 *
 * Returns: (transfer none) (nullable): the member's text, or %NULL when
 *   @object is %NULL or @member is missing, null or not text
 */
const char *
rapport_json_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * rapport_json_lookup_int:
 * @value: (out): the member's integer, set only when there is one
 *
 * Only an integer counts: a fraction, a boolean or text is no integer (the
 * validator never stores one in an integer field).
 *
 * Returns: whether @member is an integer
 */
gboolean
rapport_json_lookup_int (JsonObject *object,
                         const char *member,
                         gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

/**
 * rapport_json_get_int:
 *
 * Returns: the member's integer, or @default_value when @member is missing,
 *   null or not an integer
 */
gint64
rapport_json_get_int (JsonObject *object,
                      const char *member,
                      gint64      default_value)
{
  gint64 value;

  return rapport_json_lookup_int (object, member, &value) ? value : default_value;
}

/**
 * rapport_json_get_object:
 *
 * Unlike json_object_get_object_member(), quietly %NULL when @member is
 * missing or not an object: answers from the network are not trusted.
 *
 * Returns: (transfer none) (nullable): the member's object
 */
JsonObject *
rapport_json_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * rapport_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member's array, or %NULL when
 *   @member is missing or not an array
 */
JsonArray *
rapport_json_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * rapport_json_set_nullable_string:
 * @value: (nullable): the text, or %NULL for a null member
 */
void
rapport_json_set_nullable_string (JsonObject *object,
                                  const char *member,
                                  const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/**
 * rapport_json_dup_member:
 *
 * For comparing and storing values, where a missing member means null.
 * Like json_node_copy(), the object or array inside is shared, not copied.
 *
 * Returns: (transfer full): a new node with the member's value, or a null
 *   node when @object is %NULL or has no @member
 */
JsonNode *
rapport_json_dup_member (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

/**
 * rapport_json_node_equal:
 * @a: (nullable): a value, %NULL for a missing one
 * @b: (nullable): another
 *
 * json_node_equal() warns on %NULL; here a field that is missing and one
 * that is null are the same empty field.
 *
 * Returns: whether @a and @b hold the same value
 */
gboolean
rapport_json_node_equal (JsonNode *a,
                         JsonNode *b)
{
  gboolean a_null = a == NULL || JSON_NODE_HOLDS_NULL (a);
  gboolean b_null = b == NULL || JSON_NODE_HOLDS_NULL (b);

  if (a_null || b_null)
    return a_null == b_null;
  return json_node_equal (a, b);
}

/**
 * rapport_json_array_get_object:
 *
 * Returns: (transfer none) (nullable): element @index if it is an object
 */
JsonObject *
rapport_json_array_get_object (JsonArray *array,
                               guint      index)
{
  JsonNode *node = index < json_array_get_length (array) ? json_array_get_element (array, index)
                                                         : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * rapport_json_object_copy:
 *
 * json-glib 1.6 has no deep copy of an object, only of a node.
 *
 * Returns: (transfer full): a deep copy of @object
 */
JsonObject *
rapport_json_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (copy, name, json_node_copy (node));
  return copy;
}

/**
 * rapport_json_parse_object:
 * @text: (nullable): JSON text, as stored in a column
 *
 * Returns: (transfer full) (nullable): the object @text holds, or %NULL when
 *   it is %NULL, not JSON or not an object
 */
JsonObject *
rapport_json_parse_object (const char *text)
{
  g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/**
 * rapport_json_object_to_string:
 * @object: (nullable): an object
 *
 * Returns: (transfer full) (nullable): @object as compact JSON (see
 *   rapport_json_to_string()), or %NULL when @object is %NULL
 */
char *
rapport_json_object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), object);
  return rapport_json_to_string (node);
}
