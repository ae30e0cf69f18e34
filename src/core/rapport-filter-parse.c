/* rapport-filter-parse.c: reading a filter's compact text form
 *
 *   lifecycle = customer and (company.industry in (Retail, "Food & Drink")
 *     or created_at in last 30 days) and has no activity where occurred_at in last 90 days
 *
 * "and" binds closer than "or"; a value with spaces or signs is quoted.
 * What rapport_filter_to_text() writes reads back into the same filter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-filter"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-filter-private.h"

typedef enum {
  TOKEN_END,
  TOKEN_WORD,     /* unquoted: a name, a keyword or a value */
  TOKEN_STRING,   /* quoted: always a value */
  TOKEN_OPEN,
  TOKEN_CLOSE,
  TOKEN_COMMA,
  TOKEN_COMPARE,  /* = != < <= > >= */
} TokenKind;

typedef struct
{
  TokenKind kind;
  char     *text;
  guint     column;   /* in characters, from 1 */
} Token;

typedef struct
{
  const RapportEntity *entity;
  GArray              *tokens;  /* (element-type Token) */
  guint                next;
} Parser;

static void
token_clear (Token *token)
{
  g_free (token->text);
}

static gboolean
syntax_error (GError     **error,
              const Token *token,
              const char  *expected)
{
  if (token->kind == TOKEN_END)
    g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_SYNTAX,
                 _("The filter ends where %s should follow"), expected);
  else
    g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_SYNTAX,
                 _("Expected %s at character %u, found “%s”"), expected, token->column,
                 token->text);
  return FALSE;
}

static gboolean
tokenize (Parser     *parser,
          const char *text,
          GError    **error)
{
  const char *p = text;

  while (TRUE)
    {
      Token token = { TOKEN_END, NULL, 0 };
      const char *start;

      while (g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      token.column = g_utf8_pointer_to_offset (text, p) + 1;
      start = p;

      if (*p == '\0')
        {
          token.text = g_strdup ("");
          g_array_append_val (parser->tokens, token);
          return TRUE;
        }
      if (*p == '"')
        {
          GString *value = g_string_new (NULL);

          for (p++; *p != '"'; p++)
            {
              if (*p == '\\' && p[1] != '\0')
                p++;
              if (*p == '\0')
                {
                  g_string_free (value, TRUE);
                  g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_SYNTAX,
                               _("The quote at character %u is never closed"), token.column);
                  return FALSE;
                }
              g_string_append_c (value, *p);
            }
          p++;
          token.kind = TOKEN_STRING;
          token.text = g_string_free (value, FALSE);
        }
      else if (strchr ("(),", *p) != NULL)
        {
          token.kind = *p == '(' ? TOKEN_OPEN : *p == ')' ? TOKEN_CLOSE : TOKEN_COMMA;
          token.text = g_strndup (p++, 1);
        }
      else if (strchr ("=!<>", *p) != NULL)
        {
          gsize length = p[1] == '=' ? 2 : 1;

          if (*p == '!' && length == 1)
            {
              g_set_error (error, RAPPORT_FILTER_ERROR, RAPPORT_FILTER_ERROR_SYNTAX,
                           _("“!” at character %u: write != for “is not”"), token.column);
              return FALSE;
            }
          token.kind = TOKEN_COMPARE;
          token.text = g_strndup (p, length);
          p += length;
        }
      else
        {
          while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)) &&
                 strchr ("(),=!<>\"", *p) == NULL)
            p = g_utf8_next_char (p);
          token.kind = TOKEN_WORD;
          token.text = g_strndup (start, p - start);
        }
      g_array_append_val (parser->tokens, token);
    }
}

static const Token *
peek (Parser *parser)
{
  return &g_array_index (parser->tokens, Token, parser->next);
}

static const Token *
take (Parser *parser)
{
  const Token *token = peek (parser);

  if (token->kind != TOKEN_END)
    parser->next++;
  return token;
}

static const Token *
previous (Parser *parser)
{
  return &g_array_index (parser->tokens, Token, parser->next - 1);
}

/* Whether the next token is the unquoted keyword @word; takes it if so. */
static gboolean
accept (Parser     *parser,
        const char *word)
{
  const Token *token = peek (parser);

  if (token->kind != TOKEN_WORD || g_ascii_strcasecmp (token->text, word) != 0)
    return FALSE;
  take (parser);
  return TRUE;
}

static gboolean
expect (Parser     *parser,
        const char *word,
        GError    **error)
{
  g_autofree char *quoted = g_strdup_printf ("“%s”", word);

  return accept (parser, word) || syntax_error (error, peek (parser), quoted);
}

static char *
value (Parser *parser,
       GError **error)
{
  const Token *token = peek (parser);

  if (token->kind != TOKEN_WORD && token->kind != TOKEN_STRING)
    return syntax_error (error, token, _("a value")), NULL;
  take (parser);
  /* "10000 EUR": an amount and its currency, unquoted */
  if (token->kind == TOKEN_WORD && peek (parser)->kind == TOKEN_WORD &&
      strlen (peek (parser)->text) == 3 && g_ascii_isupper (peek (parser)->text[0]) &&
      g_ascii_isdigit (token->text[0]))
    return g_strdup_printf ("%s %s", token->text, take (parser)->text);
  return g_strdup (token->text);
}

static GStrv
value_list (Parser *parser,
            GError **error)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  if (take (parser)->kind != TOKEN_OPEN)
    {
      parser->next--;
      return syntax_error (error, peek (parser), _("“(” and a list of values")), NULL;
    }
  do
    {
      char *item = value (parser, error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (values, item);
    }
  while (peek (parser)->kind == TOKEN_COMMA && take (parser));
  if (peek (parser)->kind != TOKEN_CLOSE)
    return syntax_error (error, peek (parser), _("“,” or “)”")), NULL;
  take (parser);
  g_ptr_array_add (values, NULL);
  return (GStrv) g_ptr_array_steal (values, NULL);
}

static gboolean
relative (Parser        *parser,
          RapportFilter *filter,
          GError       **error)
{
  const Token *count = take (parser);
  guint64 number;

  if (count->kind != TOKEN_WORD ||
      !g_ascii_string_to_unsigned (count->text, 10, 1, 3650, &number, NULL))
    {
      parser->next--;
      return syntax_error (error, peek (parser), _("a number of days, weeks or months from 1"));
    }
  filter->count = (int) number;
  if (accept (parser, "days") || accept (parser, "day"))
    filter->unit = RAPPORT_FILTER_DAYS;
  else if (accept (parser, "weeks") || accept (parser, "week"))
    filter->unit = RAPPORT_FILTER_WEEKS;
  else if (accept (parser, "months") || accept (parser, "month"))
    filter->unit = RAPPORT_FILTER_MONTHS;
  else
    return syntax_error (error, peek (parser), _("days, weeks or months"));
  return TRUE;
}

static gboolean
one_value (Parser        *parser,
           RapportFilter *filter,
           GError       **error)
{
  char *item = value (parser, error);

  if (item == NULL)
    return FALSE;
  filter->values = g_new0 (char *, 2);
  filter->values[0] = item;
  return TRUE;
}

/* What follows a field's path: the operator and its values. */
static gboolean
comparison (Parser        *parser,
            RapportFilter *filter,
            GError       **error)
{
  const Token *token = peek (parser);

  if (token->kind == TOKEN_COMPARE)
    {
      static const char * const signs[] = { "=", "!=", "<", "<=", ">", ">=" };

      for (guint i = 0; i < G_N_ELEMENTS (signs); i++)
        if (strcmp (token->text, signs[i]) == 0)
          filter->op = RAPPORT_FILTER_EQ + i;
      take (parser);
      return one_value (parser, filter, error);
    }
  if (accept (parser, "in"))
    {
      if (accept (parser, "last") || accept (parser, "next"))
        {
          filter->op = g_ascii_strcasecmp (previous (parser)->text, "last") == 0 ?
                       RAPPORT_FILTER_IN_LAST : RAPPORT_FILTER_IN_NEXT;
          return relative (parser, filter, error);
        }
      filter->op = RAPPORT_FILTER_IN;
      return (filter->values = value_list (parser, error)) != NULL;
    }
  if (accept (parser, "not"))
    {
      if (accept (parser, "contains"))
        {
          filter->op = RAPPORT_FILTER_NOT_CONTAINS;
          return one_value (parser, filter, error);
        }
      if (!expect (parser, "in", error))
        return FALSE;
      filter->op = RAPPORT_FILTER_NOT_IN;
      return (filter->values = value_list (parser, error)) != NULL;
    }
  if (accept (parser, "contains"))
    {
      filter->op = RAPPORT_FILTER_CONTAINS;
      return one_value (parser, filter, error);
    }
  if (accept (parser, "starts"))
    {
      filter->op = RAPPORT_FILTER_STARTS_WITH;
      return expect (parser, "with", error) && one_value (parser, filter, error);
    }
  if (accept (parser, "is"))
    {
      filter->op = accept (parser, "not") ? RAPPORT_FILTER_IS_NOT_EMPTY : RAPPORT_FILTER_IS_EMPTY;
      return expect (parser, "empty", error);
    }
  if (accept (parser, "between"))
    {
      char *low, *high;

      filter->op = RAPPORT_FILTER_BETWEEN;
      if (!(low = value (parser, error)))
        return FALSE;
      filter->values = g_new0 (char *, 3);
      filter->values[0] = low;
      if (!expect (parser, "and", error) || !(high = value (parser, error)))
        return FALSE;
      filter->values[1] = high;
      return TRUE;
    }
  if (accept (parser, "before") || accept (parser, "after"))
    {
      filter->op = g_ascii_strcasecmp (previous (parser)->text, "before") == 0 ?
                   RAPPORT_FILTER_BEFORE_TODAY : RAPPORT_FILTER_AFTER_TODAY;
      return expect (parser, "today", error);
    }
  return syntax_error (error, token, _("an operator such as =, in, contains or is empty"));
}

static RapportFilter *expression (Parser              *parser,
                                  const RapportEntity *entity,
                                  GError             **error);

static RapportFilter *
factor (Parser              *parser,
        const RapportEntity *entity,
        GError             **error)
{
  g_autoptr(RapportFilter) filter = NULL;
  const Token *token = peek (parser);

  if (token->kind == TOKEN_OPEN)
    {
      take (parser);
      if (!(filter = expression (parser, entity, error)))
        return NULL;
      if (peek (parser)->kind != TOKEN_CLOSE)
        return syntax_error (error, peek (parser), _("“)”")), NULL;
      take (parser);
      return g_steal_pointer (&filter);
    }
  if (accept (parser, "has"))
    {
      const Token *name;

      filter = rapport_filter_new (accept (parser, "no") ? RAPPORT_FILTER_HAS_NO : RAPPORT_FILTER_HAS,
                                   entity);
      name = take (parser);
      if (name->kind != TOKEN_WORD)
        {
          parser->next--;
          return syntax_error (error, name, _("a kind of record, as deal or activity")), NULL;
        }
      if (!rapport_filter_set_related (filter, name->text, error))
        return NULL;
      if (accept (parser, "where"))
        {
          RapportFilter *where = factor (parser, filter->related, error);

          if (where == NULL)
            return NULL;
          g_ptr_array_add (filter->children, where);
        }
      return g_steal_pointer (&filter);
    }
  if (token->kind != TOKEN_WORD)
    return syntax_error (error, token, _("a field’s name")), NULL;

  filter = rapport_filter_new (RAPPORT_FILTER_CONDITION, entity);
  take (parser);
  if (!rapport_filter_set_path (filter, token->text, error) ||
      !comparison (parser, filter, error) || !rapport_filter_check_values (filter, error))
    return NULL;
  return g_steal_pointer (&filter);
}

/* Conditions joined by @word ("and", "or"), each read by @part. */
static RapportFilter *
joined (Parser              *parser,
        const RapportEntity *entity,
        const char          *word,
        RapportFilterKind    kind,
        RapportFilter     *(*part) (Parser *, const RapportEntity *, GError **),
        GError             **error)
{
  g_autoptr(RapportFilter) group = NULL;
  RapportFilter *first = part (parser, entity, error);

  if (first == NULL || !accept (parser, word))
    return first;
  group = rapport_filter_new (kind, entity);
  g_ptr_array_add (group->children, first);
  do
    {
      RapportFilter *next = part (parser, entity, error);

      if (next == NULL)
        return NULL;
      g_ptr_array_add (group->children, next);
    }
  while (accept (parser, word));
  return g_steal_pointer (&group);
}

static RapportFilter *
term (Parser              *parser,
      const RapportEntity *entity,
      GError             **error)
{
  return joined (parser, entity, "and", RAPPORT_FILTER_ALL, factor, error);
}

static RapportFilter *
expression (Parser              *parser,
            const RapportEntity *entity,
            GError             **error)
{
  return joined (parser, entity, "or", RAPPORT_FILTER_ANY, term, error);
}

/**
 * rapport_filter_parse:
 * @entity: the type of the records filtered
 * @text: the filter's compact text form
 *
 * Returns: (transfer full) (nullable): the filter, or %NULL with a
 *   %RAPPORT_FILTER_ERROR that names what is wrong and where
 */
RapportFilter *
rapport_filter_parse (const RapportEntity *entity,
                      const char          *text,
                      GError             **error)
{
  Parser parser = { entity, g_array_new (FALSE, TRUE, sizeof (Token)), 0 };
  g_autoptr(RapportFilter) filter = NULL;

  g_array_set_clear_func (parser.tokens, (GDestroyNotify) token_clear);
  if (tokenize (&parser, text, error) && (filter = expression (&parser, entity, error)) != NULL &&
      peek (&parser)->kind != TOKEN_END)
    {
      syntax_error (error, peek (&parser), _("“and”, “or” or the end"));
      g_clear_pointer (&filter, rapport_filter_free);
    }
  g_array_unref (parser.tokens);
  return g_steal_pointer (&filter);
}
