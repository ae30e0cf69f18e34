/* rapport-csv.c: reading CSV text (RFC 4180 and what spreadsheets write)
 *
 * A small reader of our own rather than libcsv: the text is UTF-8 already
 * (rapport-import-decode.c), so quotes and delimiters are single bytes; we
 * need the line each record starts on for error reports, which libcsv's
 * callbacks do not give; libcsv trims spaces around unquoted fields unless
 * told otherwise, and it is not in the GNOME Flatpak runtime, so the
 * Flatpak would have to build it too. Quoted fields may hold delimiters,
 * line breaks and doubled quotes; a quote inside an unquoted field is kept
 * as text, as spreadsheets do; CR LF, LF and lone CR end records.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <string.h>

#include "rapport-csv.h"

struct _RapportCsvReader
{
  const char *text;     /* (unowned) */
  const char *p;
  char        delimiter;
  guint       line;     /* of p, from 1 */
};

/* How many fields @delimiter makes of the (unquoted) line at @p; quoted
 * parts count as text. Stops at the line's end; *@end gets the next line. */
static guint
count_fields (const char  *p,
              char         delimiter,
              const char **end)
{
  guint n = 1;
  gboolean quoted = FALSE;

  for (; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == delimiter)
        n++;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
    }
  if (*p == '\r' && p[1] == '\n')
    p++;
  *end = *p ? p + 1 : p;
  return n;
}

/**
 * rapport_csv_sniff_delimiter:
 *
 * Returns: the one of `,` `;` tab `|` that splits the first 50 lines into
 *   the same number of fields, the most fields on the first line first;
 *   `,` when none does
 */
char
rapport_csv_sniff_delimiter (const char *text)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  char best = ',';
  guint best_fields = 1;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      const char *p = text;
      guint first = 0;
      gboolean consistent = TRUE;

      for (guint line = 0; line < 50 && *p != '\0'; line++)
        {
          guint n = count_fields (p, candidates[c], &p);

          if (line == 0)
            first = n;
          /* Blank lines and a short last line do not vote. */
          else if (n != first && n > 1)
            consistent = FALSE;
        }
      if (consistent && first > best_fields)
        {
          best = candidates[c];
          best_fields = first;
        }
    }
  return best;
}

RapportCsvReader *
rapport_csv_reader_new (const char *text,
                        char        delimiter)
{
  RapportCsvReader *reader = g_new0 (RapportCsvReader, 1);

  reader->text = text;
  reader->p = text;
  reader->delimiter = delimiter;
  reader->line = 1;
  return reader;
}

void
rapport_csv_reader_free (RapportCsvReader *reader)
{
  g_free (reader);
}

static gboolean
is_line_end (const char *p)
{
  return *p == '\n' || *p == '\r';
}

static const char *
skip_line_end (RapportCsvReader *reader,
               const char       *p)
{
  if (*p == '\r' && p[1] == '\n')
    p++;
  reader->line++;
  return p + 1;
}

/**
 * rapport_csv_reader_next:
 * @line: (out): the line the record begins on, from 1
 *
 * Returns: (transfer full) (nullable): the next record's fields, %NULL at
 *   the end; blank lines are skipped
 */
GStrv
rapport_csv_reader_next (RapportCsvReader *reader,
                         guint            *line)
{
  g_autoptr(GStrvBuilder) fields = NULL;
  g_autoptr(GString) field = NULL;
  const char *p = reader->p;

  while (is_line_end (p))
    p = skip_line_end (reader, p);
  if (*p == '\0')
    {
      reader->p = p;
      return NULL;
    }

  *line = reader->line;
  fields = g_strv_builder_new ();
  field = g_string_new (NULL);
  for (;;)
    {
      if (*p == '"')
        {
          /* A quoted field: up to the quote that is not doubled. */
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *++p);
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              /* A line break inside is one "\n", whatever the file used. */
              else if (*p == '\r' && p[1] == '\n')
                continue;
              else
                {
                  if (*p == '\n' || *p == '\r')
                    reader->line++;
                  g_string_append_c (field, *p == '\r' ? '\n' : *p);
                }
            }
        }
      /* Unquoted text, or what follows a closing quote. */
      while (*p != '\0' && *p != reader->delimiter && !is_line_end (p))
        g_string_append_c (field, *p++);

      g_strv_builder_add (fields, field->str);
      g_string_truncate (field, 0);
      if (*p == reader->delimiter)
        {
          p++;
          continue;
        }
      if (is_line_end (p))
        p = skip_line_end (reader, p);
      break;
    }
  reader->p = p;
  return g_strv_builder_end (fields);
}

/**
 * rapport_csv_append_cell:
 * @text: (nullable): an empty cell when %NULL
 * @first: whether it begins its row (no delimiter before it)
 *
 * Appends one cell to @out, quoted (RFC 4180) when it holds a quote, a
 * line break, the delimiter, or leading or trailing space.
 */
void
rapport_csv_append_cell (GString    *out,
                         const char *text,
                         char        delimiter,
                         gboolean    first)
{
  if (!first)
    g_string_append_c (out, delimiter);
  if (text == NULL)
    return;
  if (strpbrk (text, "\"\r\n") == NULL && strchr (text, delimiter) == NULL &&
      !g_ascii_isspace (*text) && !(*text && g_ascii_isspace (text[strlen (text) - 1])))
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
