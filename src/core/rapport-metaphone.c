/* rapport-metaphone.c: how a Latin name sounds, for matching only
 *
 * Lawrence Philips' Double Metaphone (C/C++ Users Journal, June 2000), as
 * SPEC.md §5.3 names it for the name blocks: Smith and Smyth, Schmidt and
 * Schmitt, Philips and Phillips share a code, so they are compared although
 * their first letters differ after the initial. Each name has a primary
 * code and, where it could be said another way (Germanic, Slavic, Spanish,
 * Italian spellings), a secondary one; both are at most four characters.
 * "0" stands for the "th" sound, "X" for "sh", "J" for "j", "A" for a
 * vowel at the start.
 *
 * Written from the published description of the rules; the input is a
 * name's match key (rapport_match_name(): folded to plain Latin letters),
 * anything else is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-match"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "rapport-metaphone.h"

#define CODE_LENGTH 4
/* Spaces after the name: the rules look up to six letters ahead, and a
 * space there is the end of the word, as in Philips' own code. */
#define PADDING "          "

typedef struct
{
  const char *word;   /* upper case, padded with spaces for looking ahead */
  int         length; /* of the name, without the padding */
  int         last;
  gboolean    slavo_germanic;
  GString    *primary;
  GString    *secondary;
} Coder;

static char
at (const Coder *coder,
    int          position)
{
  return position >= 0 && position < coder->length + (int) strlen (PADDING) ? coder->word[position] : '\0';
}

static gboolean
is_vowel (char c)
{
  return c != '\0' && strchr ("AEIOUY", c) != NULL;
}

/* Whether one of the texts (a NULL-terminated list, each @length long)
 * stands at @start. */
static gboolean
string_at (const Coder *coder,
           int          start,
           int          length,
           ...)
{
  va_list texts;
  const char *text;
  gboolean found = FALSE;

  if (start < 0 || start + length > coder->length + (int) strlen (PADDING))
    return FALSE;
  va_start (texts, length);
  while (!found && (text = va_arg (texts, const char *)) != NULL)
    found = strncmp (coder->word + start, text, length) == 0;
  va_end (texts);
  return found;
}

static void
add_both (Coder      *coder,
          const char *primary,
          const char *secondary)
{
  g_string_append (coder->primary, primary);
  g_string_append (coder->secondary, secondary);
}

static void
add (Coder      *coder,
     const char *code)
{
  add_both (coder, code, code);
}

static int
code_c (Coder *coder,
        int    current)
{
  /* Germanic "ach" as in Bacher, not Macher's. */
  if (current > 1 && !is_vowel (at (coder, current - 2)) && string_at (coder, current - 1, 3, "ACH", NULL) &&
      at (coder, current + 2) != 'I' &&
      (at (coder, current + 2) != 'E' || string_at (coder, current - 2, 6, "BACHER", "MACHER", NULL)))
    {
      add (coder, "K");
      return current + 2;
    }
  if (current == 0 && string_at (coder, current, 6, "CAESAR", NULL))
    {
      add (coder, "S");
      return current + 2;
    }
  if (string_at (coder, current, 4, "CHIA", NULL))
    {
      add (coder, "K");
      return current + 2;
    }
  if (string_at (coder, current, 2, "CH", NULL))
    {
      if (current > 0 && string_at (coder, current, 4, "CHAE", NULL))
        add_both (coder, "K", "X");
      else if (current == 0 &&
               (string_at (coder, current + 1, 5, "HARAC", "HARIS", NULL) ||
                string_at (coder, current + 1, 3, "HOR", "HYM", "HIA", "HEM", NULL)) &&
               !string_at (coder, 0, 5, "CHORE", NULL))
        add (coder, "K");
      else if (string_at (coder, 0, 4, "VAN ", "VON ", NULL) || string_at (coder, 0, 3, "SCH", NULL) ||
               string_at (coder, current - 2, 6, "ORCHES", "ARCHIT", "ORCHID", NULL) ||
               string_at (coder, current + 2, 1, "T", "S", NULL) ||
               ((string_at (coder, current - 1, 1, "A", "O", "U", "E", NULL) || current == 0) &&
                string_at (coder, current + 2, 1, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ", NULL)))
        add (coder, "K");
      else if (current > 0)
        {
          if (string_at (coder, 0, 2, "MC", NULL))
            add (coder, "K");
          else
            add_both (coder, "X", "K");
        }
      else
        add (coder, "X");
      return current + 2;
    }
  if (string_at (coder, current, 2, "CZ", NULL) && !string_at (coder, current - 2, 4, "WICZ", NULL))
    {
      add_both (coder, "S", "X");
      return current + 2;
    }
  if (string_at (coder, current + 1, 3, "CIA", NULL))
    {
      add (coder, "X");
      return current + 3;
    }
  if (string_at (coder, current, 2, "CC", NULL) && !(current == 1 && at (coder, 0) == 'M'))
    {
      if (string_at (coder, current + 2, 1, "I", "E", "H", NULL) &&
          !string_at (coder, current + 2, 2, "HU", NULL))
        {
          /* Accident, Succeed; otherwise Bacci, Bertucci. */
          if ((current == 1 && at (coder, 0) == 'A') ||
              string_at (coder, current - 1, 5, "UCCEE", "UCCES", NULL))
            add (coder, "KS");
          else
            add (coder, "X");
          return current + 3;
        }
      add (coder, "K");
      return current + 2;
    }
  if (string_at (coder, current, 2, "CK", "CG", "CQ", NULL))
    {
      add (coder, "K");
      return current + 2;
    }
  if (string_at (coder, current, 2, "CI", "CE", "CY", NULL))
    {
      if (string_at (coder, current, 3, "CIO", "CIE", "CIA", NULL))
        add_both (coder, "S", "X");
      else
        add (coder, "S");
      return current + 2;
    }
  add (coder, "K");
  if (string_at (coder, current + 1, 2, " C", " Q", " G", NULL))
    return current + 3;
  if (string_at (coder, current + 1, 1, "C", "K", "Q", NULL) &&
      !string_at (coder, current + 1, 2, "CE", "CI", NULL))
    return current + 2;
  return current + 1;
}

static int
code_g (Coder *coder,
        int    current)
{
  char next = at (coder, current + 1);

  if (next == 'H')
    {
      if (current > 0 && !is_vowel (at (coder, current - 1)))
        {
          add (coder, "K");
          return current + 2;
        }
      if (current == 0)
        {
          add (coder, at (coder, current + 2) == 'I' ? "J" : "K");
          return current + 2;
        }
      /* Hugh, bough, broughton: silent. */
      if ((current > 1 && string_at (coder, current - 2, 1, "B", "H", "D", NULL)) ||
          (current > 2 && string_at (coder, current - 3, 1, "B", "H", "D", NULL)) ||
          (current > 3 && string_at (coder, current - 4, 1, "B", "H", NULL)))
        return current + 2;
      /* Laugh, McLaughlin, cough, rough. */
      if (current > 2 && at (coder, current - 1) == 'U' &&
          string_at (coder, current - 3, 1, "C", "G", "L", "R", "T", NULL))
        add (coder, "F");
      else if (current > 0 && at (coder, current - 1) != 'I')
        add (coder, "K");
      return current + 2;
    }
  if (next == 'N')
    {
      if (current == 1 && is_vowel (at (coder, 0)) && !coder->slavo_germanic)
        add_both (coder, "KN", "N");
      else if (!string_at (coder, current + 2, 2, "EY", NULL) && at (coder, current + 1) != 'Y' &&
               !coder->slavo_germanic)
        add_both (coder, "N", "KN");
      else
        add (coder, "KN");
      return current + 2;
    }
  /* Tagliaro. */
  if (string_at (coder, current + 1, 2, "LI", NULL) && !coder->slavo_germanic)
    {
      add_both (coder, "KL", "L");
      return current + 2;
    }
  /* Ges-, gep-, gel- at the start. */
  if (current == 0 &&
      (next == 'Y' || string_at (coder, current + 1, 2, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE",
                                 "EI", "ER", NULL)))
    {
      add_both (coder, "K", "J");
      return current + 2;
    }
  /* -ger-, -gy-. */
  if ((string_at (coder, current + 1, 2, "ER", NULL) || next == 'Y') &&
      !string_at (coder, 0, 6, "DANGER", "RANGER", "MANGER", NULL) &&
      !string_at (coder, current - 1, 1, "E", "I", NULL) && !string_at (coder, current - 1, 3, "RGY", "OGY", NULL))
    {
      add_both (coder, "K", "J");
      return current + 2;
    }
  /* Italian "biaggi". */
  if (string_at (coder, current + 1, 1, "E", "I", "Y", NULL) ||
      string_at (coder, current - 1, 4, "AGGI", "OGGI", NULL))
    {
      if (string_at (coder, 0, 4, "VAN ", "VON ", NULL) || string_at (coder, 0, 3, "SCH", NULL) ||
          string_at (coder, current + 1, 2, "ET", NULL))
        add (coder, "K");
      else if (string_at (coder, current + 1, 4, "IER ", NULL))
        add (coder, "J");
      else
        add_both (coder, "J", "K");
      return current + 2;
    }
  add (coder, "K");
  return current + (next == 'G' ? 2 : 1);
}

static int
code_j (Coder *coder,
        int    current)
{
  char next = at (coder, current + 1);

  /* Spanish Jose, San Jacinto. */
  if (string_at (coder, current, 4, "JOSE", NULL) || string_at (coder, 0, 4, "SAN ", NULL))
    {
      if ((current == 0 && at (coder, current + 4) == ' ') || string_at (coder, 0, 4, "SAN ", NULL))
        add (coder, "H");
      else
        add_both (coder, "J", "H");
      return current + 1;
    }
  if (current == 0 && !string_at (coder, current, 4, "JOSE", NULL))
    add_both (coder, "J", "A");
  else if (is_vowel (at (coder, current - 1)) && !coder->slavo_germanic && (next == 'A' || next == 'O'))
    add_both (coder, "J", "H");
  else if (current == coder->last)
    add_both (coder, "J", "");
  else if (!string_at (coder, current + 1, 1, "L", "T", "K", "S", "N", "M", "B", "Z", NULL) &&
           !string_at (coder, current - 1, 1, "S", "K", "L", NULL))
    add (coder, "J");
  return current + (next == 'J' ? 2 : 1);
}

static int
code_l (Coder *coder,
        int    current)
{
  if (at (coder, current + 1) == 'L')
    {
      /* Spanish Cabrillo, Gallegos: no L in the secondary. */
      if ((current == coder->length - 3 && string_at (coder, current - 1, 4, "ILLO", "ILLA", "ALLE", NULL)) ||
          ((string_at (coder, coder->last - 1, 2, "AS", "OS", NULL) ||
            string_at (coder, coder->last, 1, "A", "O", NULL)) &&
           string_at (coder, current - 1, 4, "ALLE", NULL)))
        {
          add_both (coder, "L", "");
          return current + 2;
        }
      add (coder, "L");
      return current + 2;
    }
  add (coder, "L");
  return current + 1;
}

static int
code_s (Coder *coder,
        int    current)
{
  /* Isle, Carlisle, Carlysle. */
  if (string_at (coder, current - 1, 3, "ISL", "YSL", NULL))
    return current + 1;
  if (current == 0 && string_at (coder, current, 5, "SUGAR", NULL))
    {
      add_both (coder, "X", "S");
      return current + 1;
    }
  if (string_at (coder, current, 2, "SH", NULL))
    {
      /* Germanic Holmsheim. */
      add (coder, string_at (coder, current + 1, 4, "HEIM", "HOEK", "HOLM", "HOLZ", NULL) ? "S" : "X");
      return current + 2;
    }
  /* Italian and Armenian: Sio, Sia, Sian. */
  if (string_at (coder, current, 3, "SIO", "SIA", NULL) || string_at (coder, current, 4, "SIAN", NULL))
    {
      if (coder->slavo_germanic)
        add (coder, "S");
      else
        add_both (coder, "S", "X");
      return current + 3;
    }
  /* German and Anglicised: Smith and Schmidt, Snider and Schneider. */
  if ((current == 0 && string_at (coder, current + 1, 1, "M", "N", "L", "W", NULL)) ||
      string_at (coder, current + 1, 1, "Z", NULL))
    {
      add_both (coder, "S", "X");
      return current + (string_at (coder, current + 1, 1, "Z", NULL) ? 2 : 1);
    }
  if (string_at (coder, current, 2, "SC", NULL))
    {
      if (at (coder, current + 2) == 'H')
        {
          /* Dutch Schooner, Schermerhorn. */
          if (string_at (coder, current + 3, 2, "OO", "ER", "EN", "UY", "ED", "EM", NULL))
            {
              if (string_at (coder, current + 3, 2, "ER", "EN", NULL))
                add_both (coder, "X", "SK");
              else
                add (coder, "SK");
              return current + 3;
            }
          if (current == 0 && !is_vowel (at (coder, 3)) && at (coder, 3) != 'W')
            add_both (coder, "X", "S");
          else
            add (coder, "X");
          return current + 3;
        }
      add (coder, string_at (coder, current + 2, 1, "I", "E", "Y", NULL) ? "S" : "SK");
      return current + 3;
    }
  /* French Resnais, Artois: the last S silent. */
  if (current == coder->last && string_at (coder, current - 2, 2, "AI", "OI", NULL))
    add_both (coder, "", "S");
  else
    add (coder, "S");
  return current + (string_at (coder, current + 1, 1, "S", "Z", NULL) ? 2 : 1);
}

static int
code_t (Coder *coder,
        int    current)
{
  if (string_at (coder, current, 4, "TION", NULL))
    {
      add (coder, "X");
      return current + 3;
    }
  if (string_at (coder, current, 3, "TIA", "TCH", NULL))
    {
      add (coder, "X");
      return current + 3;
    }
  if (string_at (coder, current, 2, "TH", NULL) || string_at (coder, current, 3, "TTH", NULL))
    {
      /* Thomas, Thames. */
      if (string_at (coder, current + 2, 2, "OM", "AM", NULL) || string_at (coder, 0, 4, "VAN ", "VON ", NULL) ||
          string_at (coder, 0, 3, "SCH", NULL))
        add (coder, "T");
      else
        add_both (coder, "0", "T");
      return current + 2;
    }
  add (coder, "T");
  return current + (string_at (coder, current + 1, 1, "T", "D", NULL) ? 2 : 1);
}

static int
code_w (Coder *coder,
        int    current)
{
  if (string_at (coder, current, 2, "WR", NULL))
    {
      add (coder, "R");
      return current + 2;
    }
  if (current == 0 && (is_vowel (at (coder, current + 1)) || string_at (coder, current, 2, "WH", NULL)))
    {
      /* Wasserman may be Vasserman. */
      if (is_vowel (at (coder, current + 1)))
        add_both (coder, "A", "F");
      else
        add (coder, "A");
    }
  /* Arnow, Filipowicz: Polish W is F in the secondary. */
  if ((current == coder->last && is_vowel (at (coder, current - 1))) ||
      string_at (coder, current - 1, 5, "EWSKI", "EWSKY", "OWSKI", "OWSKY", NULL) ||
      string_at (coder, 0, 3, "SCH", NULL))
    {
      add_both (coder, "", "F");
      return current + 1;
    }
  if (string_at (coder, current, 4, "WICZ", "WITZ", NULL))
    {
      add_both (coder, "TS", "FX");
      return current + 4;
    }
  return current + 1;
}

/* One letter's sound; returns where the next starts. */
static int
code_letter (Coder *coder,
             int    current)
{
  char c = at (coder, current);
  char next = at (coder, current + 1);

  switch (c)
    {
    case 'A':
    case 'E':
    case 'I':
    case 'O':
    case 'U':
    case 'Y':
      if (current == 0)
        add (coder, "A");
      return current + 1;
    case 'B':
      add (coder, "P");
      return current + (next == 'B' ? 2 : 1);
    case 'C':
      return code_c (coder, current);
    case 'D':
      if (string_at (coder, current, 2, "DG", NULL))
        {
          /* Edge; Edgar. */
          if (string_at (coder, current + 2, 1, "I", "E", "Y", NULL))
            {
              add (coder, "J");
              return current + 3;
            }
          add (coder, "TK");
          return current + 2;
        }
      add (coder, "T");
      return current + (string_at (coder, current, 2, "DT", "DD", NULL) ? 2 : 1);
    case 'F':
      add (coder, "F");
      return current + (next == 'F' ? 2 : 1);
    case 'G':
      return code_g (coder, current);
    case 'H':
      /* Said only between vowels or at the start before one. */
      if ((current == 0 || is_vowel (at (coder, current - 1))) && is_vowel (next))
        {
          add (coder, "H");
          return current + 2;
        }
      return current + 1;
    case 'J':
      return code_j (coder, current);
    case 'K':
      add (coder, "K");
      return current + (next == 'K' ? 2 : 1);
    case 'L':
      return code_l (coder, current);
    case 'M':
      add (coder, "M");
      /* Dumb, thumb. */
      if ((string_at (coder, current - 1, 3, "UMB", NULL) &&
           (current + 1 == coder->last || string_at (coder, current + 2, 2, "ER", NULL))) ||
          next == 'M')
        return current + 2;
      return current + 1;
    case 'N':
      add (coder, "N");
      return current + (next == 'N' ? 2 : 1);
    case 'P':
      if (next == 'H')
        {
          add (coder, "F");
          return current + 2;
        }
      add (coder, "P");
      return current + (string_at (coder, current + 1, 1, "P", "B", NULL) ? 2 : 1);
    case 'Q':
      add (coder, "K");
      return current + (next == 'Q' ? 2 : 1);
    case 'R':
      /* French Rogier: the last R silent in the primary. */
      if (current == coder->last && !coder->slavo_germanic && string_at (coder, current - 2, 2, "IE", NULL) &&
          !string_at (coder, current - 4, 2, "ME", "MA", NULL))
        add_both (coder, "", "R");
      else
        add (coder, "R");
      return current + (next == 'R' ? 2 : 1);
    case 'S':
      return code_s (coder, current);
    case 'T':
      return code_t (coder, current);
    case 'V':
      add (coder, "F");
      return current + (next == 'V' ? 2 : 1);
    case 'W':
      return code_w (coder, current);
    case 'X':
      /* French Breaux: silent at the end. */
      if (!(current == coder->last && (string_at (coder, current - 3, 3, "IAU", "EAU", NULL) ||
                                       string_at (coder, current - 2, 2, "AU", "OU", NULL))))
        add (coder, "KS");
      return current + (string_at (coder, current + 1, 1, "C", "X", NULL) ? 2 : 1);
    case 'Z':
      if (next == 'H')
        {
          /* Chinese pinyin Zhao. */
          add (coder, "J");
          return current + 2;
        }
      if (string_at (coder, current + 1, 2, "ZO", "ZI", "ZA", NULL) ||
          (coder->slavo_germanic && current > 0 && at (coder, current - 1) != 'T'))
        add_both (coder, "S", "TS");
      else
        add (coder, "S");
      return current + (next == 'Z' ? 2 : 1);
    default:
      return current + 1;
    }
}

/**
 * rapport_double_metaphone:
 * @name: a name's match key: Latin letters, spaces between words
 * @primary: (out) (transfer full): its primary code, "" for none
 * @secondary: (out) (transfer full): its secondary code, the primary when
 *   the name can be said only one way
 *
 * "smith" is SM0 and XMT, "schmidt" XMT and SMT: they meet on XMT.
 */
void
rapport_double_metaphone (const char  *name,
                          char       **primary,
                          char       **secondary)
{
  g_autofree char *upper = g_ascii_strup (name != NULL ? name : "", -1);
  g_autoptr(GString) padded = g_string_new (upper);
  Coder coder = { 0 };
  int current = 0;

  coder.length = (int) strlen (upper);
  coder.last = coder.length - 1;
  g_string_append (padded, PADDING);
  coder.word = padded->str;
  coder.slavo_germanic = strchr (upper, 'W') != NULL || strchr (upper, 'K') != NULL ||
                         strstr (upper, "CZ") != NULL || strstr (upper, "WITZ") != NULL;
  coder.primary = g_string_new (NULL);
  coder.secondary = g_string_new (NULL);

  /* Silent at the start: gnome, knight, pneumatic, wright, psychology. */
  if (string_at (&coder, 0, 2, "GN", "KN", "PN", "WR", "PS", NULL))
    current = 1;
  /* Xavier sounds as S. */
  if (at (&coder, 0) == 'X')
    {
      add (&coder, "S");
      current = 1;
    }
  while (current < coder.length &&
         (coder.primary->len < CODE_LENGTH || coder.secondary->len < CODE_LENGTH))
    current = code_letter (&coder, current);

  g_string_truncate (coder.primary, MIN (coder.primary->len, CODE_LENGTH));
  g_string_truncate (coder.secondary, MIN (coder.secondary->len, CODE_LENGTH));
  *primary = g_string_free (coder.primary, FALSE);
  *secondary = g_string_free (coder.secondary, FALSE);
}
