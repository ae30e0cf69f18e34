/* rapport-text.c: folding text for search and sorting
 *
 * "muller" must find "Müller" and "三" must find "张三丰". SQLite's unicode61
 * tokenizer treats a run of Han characters as one word and 3.40 has no trigram
 * option that folds accents, so Rapport folds the text itself before it reaches
 * FTS5: lower case, accents removed, and every CJK character a word of its own.
 * Typed queries go through the same folding, and a run of CJK characters
 * becomes a phrase, so "张三" matches the neighbours 张 and 三 in that order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-text"

#include "config.h"

#include "rapport-text.h"

/* Whether @c is written without spaces between words: Han, kana, Hangul. */
gboolean
rapport_text_is_cjk (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_ascii (const char *text)
{
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/**
 * rapport_text_fold:
 * @text: (nullable): any UTF-8 text
 *
 * Returns: (transfer full): @text in lower case without accents, CJK
 *   characters separated by spaces; the empty string for %NULL.
 */
char *
rapport_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean after_cjk = FALSE;

  if (text == NULL)
    return g_strdup ("");
  /* Most names, emails and phones are plain ASCII, which NFKD leaves alone
   * and which has no marks and no CJK: lower case is all there is to do,
   * without a normalised copy and a character-by-character walk. */
  if (is_ascii (text))
    return g_ascii_strdown (text, -1);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;

      if (rapport_text_is_cjk (c))
        {
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          after_cjk = TRUE;
          continue;
        }

      if (after_cjk && !g_unichar_isspace (c))
        g_string_append_c (out, ' ');
      after_cjk = FALSE;

      c = g_unichar_tolower (c);
      /* ß and a few others fold to two letters; tolower keeps them as they are,
       * and casefold would do the same job at the cost of an allocation. */
      if (c == 0x00df)
        g_string_append (out, "ss");
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static void
append_term (GString    *query,
             const char *term,
             gboolean    prefix)
{
  if (query->len > 0)
    g_string_append_c (query, ' ');
  g_string_append_c (query, '"');
  g_string_append (query, term);
  g_string_append_c (query, '"');
  if (prefix)
    g_string_append_c (query, '*');
}

/**
 * rapport_text_fts_query:
 * @typed: what the user typed
 *
 * Builds an FTS5 query that matches records containing every word of @typed,
 * each as a prefix, so that results follow the user's typing.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @typed has
 *   nothing to search for.
 */
char *
rapport_text_fts_query (const char *typed)
{
  g_autofree char *folded = rapport_text_fold (typed);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) phrase = g_string_new (NULL);

  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && rapport_text_is_cjk (c))
        {
          if (word->len > 0)
            {
              append_term (query, word->str, TRUE);
              g_string_truncate (word, 0);
            }
          if (phrase->len > 0)
            g_string_append_c (phrase, ' ');
          g_string_append_unichar (phrase, c);
          continue;
        }

      if (phrase->len > 0 && c != ' ')
        {
          append_term (query, phrase->str, FALSE);
          g_string_truncate (phrase, 0);
        }

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          append_term (query, word->str, TRUE);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}
