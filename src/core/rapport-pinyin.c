/* rapport-pinyin.c: Chinese names in pinyin, for matching only
 *
 * One person is often in a book twice: once as 王芳, typed by a colleague
 * in China, and once as Fang Wang, from a business card or an export
 * (SPEC.md §5.3: matched through a pinyin key, as possible). ICU's
 * "Han-Latin/Names" transliterator reads a name as a name (曾 is Zeng, 单
 * is Shan, 区 is Ou, as surnames), and Latin-ASCII drops the tone marks.
 * A Latin name has a pinyin key only when both its parts read as pinyin
 * syllables ("xiaoming" is xiao-ming), so that John Smith gets none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-match"

#include "config.h"

#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "rapport-pinyin.h"

#define TRANSLITERATION "Han-Latin/Names; Latin-ASCII; Lower"

/* The longest syllable: "zhuang", "chuang", "shuang". */
#define MAX_SYLLABLE 6

/* clang-format off */
static const char * const initials[] = {
  "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
  "r", "z", "c", "s", "y", "w", "", NULL
};

/* Finals as written after an initial; a few combinations Mandarin lacks
 * ("bong") pass too, which costs a key, never a match. */
static const char * const finals[] = {
  "a", "o", "e", "i", "u", "v", "ai", "ei", "ui", "ao", "ou", "iu", "ie", "ve", "ue",
  "an", "en", "in", "un", "vn", "ang", "eng", "ing", "ong", "ia", "iao", "ian", "iang",
  "iong", "ua", "uo", "uai", "uan", "uang", NULL
};
/* clang-format on */

G_LOCK_DEFINE_STATIC (transliterator);

/* Made once: opening one reads ICU's rules (about a third of a ms). */
static UTransliterator *
get_transliterator (void)
{
  static UTransliterator *shared;
  static gboolean tried;

  if (!tried)
    {
      UErrorCode status = U_ZERO_ERROR;
      UChar id[sizeof TRANSLITERATION];

      tried = TRUE;
      u_uastrcpy (id, TRANSLITERATION);
      shared = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, NULL, &status);
      if (U_FAILURE (status))
        {
          g_warning ("ICU has no %s transliterator: %s", TRANSLITERATION, u_errorName (status));
          shared = NULL;
        }
    }
  return shared;
}

/**
 * rapport_pinyin_of_name:
 * @name: (nullable): a Chinese name, family name first ("王芳")
 *
 * Returns: (transfer full) (nullable): its pinyin in lower case without
 *   tones, a space between syllables ("wang fang"); %NULL when @name does
 *   not read as pinyin through and through (a Korean name, a Latin one).
 */
char *
rapport_pinyin_of_name (const char *name)
{
  g_autofree gunichar2 *utf16 = NULL;
  g_autofree UChar *text = NULL;
  g_autofree char *result = NULL;
  UErrorCode status = U_ZERO_ERROR;
  UTransliterator *transliterator;
  int32_t length, limit, capacity;
  glong n;

  if (name == NULL || !(utf16 = g_utf8_to_utf16 (name, -1, NULL, &n, NULL)) || n == 0)
    return NULL;
  /* A character becomes at most a syllable and a space. */
  capacity = (int32_t) n * (MAX_SYLLABLE + 1) + 1;
  text = g_new0 (UChar, capacity);
  memcpy (text, utf16, n * sizeof (UChar));
  length = limit = (int32_t) n;

  G_LOCK (transliterator);
  transliterator = get_transliterator ();
  if (transliterator != NULL)
    utrans_transUChars (transliterator, text, &length, capacity, 0, &limit, &status);
  G_UNLOCK (transliterator);
  if (transliterator == NULL || U_FAILURE (status))
    return NULL;

  result = g_utf16_to_utf8 ((const gunichar2 *) text, length, NULL, NULL, NULL);
  if (result == NULL)
    return NULL;
  g_strstrip (result);
  for (const char *p = result; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && *p != ' ')
      return NULL;
  return *result != '\0' ? g_steal_pointer (&result) : NULL;
}

/**
 * rapport_pinyin_letters:
 * @name: (nullable): a name's match key ("xiao-ming", "wang")
 *
 * Returns: (transfer full) (nullable): its ASCII letters alone
 *   ("xiaoming"); %NULL when it has other letters or none.
 */
char *
rapport_pinyin_letters (const char *name)
{
  GString *letters;

  if (name == NULL)
    return NULL;
  letters = g_string_new (NULL);
  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (letters, g_ascii_tolower (*p));
      else if ((guchar) *p >= 0x80)
        {
          g_string_free (letters, TRUE);
          return NULL;
        }
    }
  if (letters->len == 0)
    {
      g_string_free (letters, TRUE);
      return NULL;
    }
  return g_string_free (letters, FALSE);
}

static gboolean
is_syllable (const char *start,
             gsize       length)
{
  /* "er" (二, 儿) stands alone, never after an initial. */
  if (length == 2 && strncmp (start, "er", 2) == 0)
    return TRUE;
  for (guint i = 0; initials[i] != NULL; i++)
    {
      gsize initial = strlen (initials[i]);

      if (initial >= length || strncmp (start, initials[i], initial) != 0)
        continue;
      for (guint j = 0; finals[j] != NULL; j++)
        if (strlen (finals[j]) == length - initial &&
            strncmp (start + initial, finals[j], length - initial) == 0)
          return TRUE;
    }
  return FALSE;
}

/**
 * rapport_pinyin_is_syllables:
 * @letters: lower-case ASCII letters
 *
 * Returns: whether @letters split into pinyin syllables: "xiaoming" does
 *   (xiao ming), "smith" does not.
 */
gboolean
rapport_pinyin_is_syllables (const char *letters)
{
  gsize n = strlen (letters);
  g_autofree gboolean *splits = g_new0 (gboolean, n + 1);

  /* splits[i]: the first i letters split into syllables. */
  splits[0] = TRUE;
  for (gsize end = 1; end <= n; end++)
    for (gsize length = 1; length <= MIN (end, MAX_SYLLABLE) && !splits[end]; length++)
      splits[end] = splits[end - length] && is_syllable (letters + end - length, length);
  return n > 0 && splits[n];
}
