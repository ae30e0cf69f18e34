/* rapport-import-decode.c: the text of a file to import, whatever its encoding
 *
 * Spreadsheets write CSV in the encoding of the Windows of the day: UTF-8
 * with or without a byte order mark, UTF-16 from "Unicode Text", cp1252
 * from a German or French Excel, Shift_JIS from a Japanese one, GB18030
 * from a Chinese one (SPEC.md §6.3). A byte order mark says which; without
 * one, text that is valid UTF-8 is UTF-8, and anything else is read in the
 * legacy encoding of the user's language. Everything after this is UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-import.h"
#include "rapport-import-decode.h"

typedef struct
{
  const char *bom;
  gsize       length;
  const char *encoding;
} Bom;

/* UTF-32LE's mark begins with UTF-16LE's: the longer ones first. */
static const Bom boms[] = {
  { "\xff\xfe\x00\x00", 4, "UTF-32LE" },
  { "\x00\x00\xfe\xff", 4, "UTF-32BE" },
  { "\xef\xbb\xbf", 3, "UTF-8" },
  { "\xff\xfe", 2, "UTF-16LE" },
  { "\xfe\xff", 2, "UTF-16BE" },
};

/**
 * rapport_import_locale_encoding:
 *
 * Returns: the legacy encoding that spreadsheets of the user's language
 *   write: Shift_JIS for Japanese, GB18030 for Chinese, else Windows-1252
 */
const char *
rapport_import_locale_encoding (void)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      if (g_str_has_prefix (languages[i], "ja"))
        return "SHIFT_JIS";
      if (g_str_has_prefix (languages[i], "zh"))
        return "GB18030";
      if (strcmp (languages[i], "C") != 0 && strcmp (languages[i], "POSIX") != 0)
        break;
    }
  return "CP1252";
}

/* UTF-16 without a mark, as some exporters write it: every other byte of
 * a mostly ASCII header is zero. */
static const char *
guess_utf16 (const char *data,
             gsize       length)
{
  guint even = 0, odd = 0;
  gsize n = MIN (length, 200) & ~(gsize) 1;

  for (gsize i = 0; i < n; i += 2)
    {
      even += data[i] == 0;
      odd += data[i + 1] == 0;
    }
  if (n >= 8 && odd * 2 > n / 2 && even == 0)
    return "UTF-16LE";
  if (n >= 8 && even * 2 > n / 2 && odd == 0)
    return "UTF-16BE";
  return NULL;
}

static char *
convert (const char *data,
         gsize       length,
         const char *encoding,
         GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize written = 0;
  char *text;

  if (g_ascii_strcasecmp (encoding, "UTF-8") == 0)
    {
      const char *end;

      if (!g_utf8_validate_len (data, length, &end))
        {
          g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING,
                       _("The file is not valid UTF-8 (at byte %lu); choose its encoding"),
                       (unsigned long) (end - data));
          return NULL;
        }
      return g_strndup (data, length);
    }

  text = g_convert (data, length, "UTF-8", encoding, NULL, &written, &local_error);
  if (text == NULL)
    {
      if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
        g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING,
                     _("Unknown encoding “%s”"), encoding);
      else
        g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING,
                     _("The file cannot be read as %s: %s"), encoding, local_error->message);
      return NULL;
    }
  /* A NUL inside would cut every later row off silently. */
  if (strlen (text) != written)
    {
      g_free (text);
      g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING,
                   _("The file contains a NUL character; it is not a text file"));
      return NULL;
    }
  return text;
}

/**
 * rapport_import_decode:
 * @encoding: (nullable): the encoding the user chose; %NULL to detect it
 * @used_encoding: (out) (optional): the encoding read
 *
 * Returns: (transfer full): the file's text in UTF-8, without a byte order
 *   mark, or %NULL with %RAPPORT_IMPORT_ERROR_ENCODING
 */
char *
rapport_import_decode (const char  *data,
                       gsize        length,
                       const char  *encoding,
                       char       **used_encoding,
                       GError     **error)
{
  const char *chosen = encoding;
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (boms); i++)
    if (length >= boms[i].length && memcmp (data, boms[i].bom, boms[i].length) == 0)
      {
        /* The mark says more than a guess, but less than the user. */
        if (chosen == NULL)
          chosen = boms[i].encoding;
        if (g_ascii_strcasecmp (chosen, boms[i].encoding) == 0)
          {
            data += boms[i].length;
            length -= boms[i].length;
          }
        break;
      }

  if (chosen == NULL)
    chosen = guess_utf16 (data, length);
  if (chosen == NULL)
    chosen = g_utf8_validate_len (data, length, NULL) ? "UTF-8" : rapport_import_locale_encoding ();

  text = convert (data, length, chosen, error);
  if (text != NULL && used_encoding != NULL)
    *used_encoding = g_strdup (chosen);
  return text;
}

/**
 * rapport_import_convert_value:
 * @charset: (nullable): what the value says it is in (vCard CHARSET=)
 * @fallback: what to read it as when it says nothing and is not UTF-8
 *
 * Returns: (transfer full): the value in UTF-8; invalid bytes that no
 *   encoding explains become U+FFFD, so that a bad value never stops a card
 */
char *
rapport_import_convert_value (const char *bytes,
                              gssize      length,
                              const char *charset,
                              const char *fallback)
{
  gsize n = length < 0 ? strlen (bytes) : (gsize) length;
  char *text;

  if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
      g_ascii_strcasecmp (charset, "US-ASCII") != 0 &&
      (text = g_convert (bytes, n, "UTF-8", charset, NULL, NULL, NULL)) != NULL)
    return text;
  if (g_utf8_validate_len (bytes, n, NULL))
    return g_strndup (bytes, n);
  if (fallback != NULL && (text = g_convert (bytes, n, "UTF-8", fallback, NULL, NULL, NULL)) != NULL)
    return text;
  return g_utf8_make_valid (bytes, n);
}
