/* rapport-match-keys.c: the normalized keys that find duplicate records
 *
 * Two records are compared only when they share a key (SPEC.md §5.3
 * "blocking"), so a scan of the whole book never compares all pairs. The
 * keys are for matching only and never shown:
 * - names: NFKC, case folded, accents stripped, honorifics ("Dr", "先生")
 *   dropped; companies also lose their legal form ("GmbH", "有限公司");
 *   Chinese, Japanese and Korean names stay whole, never split; a Chinese
 *   name and a Latin one that reads as pinyin also have a pinyin key
 *   (rapport-pinyin.c), so 王芳 meets Fang Wang; a Latin name also has the
 *   initial of one name and how the other sounds (rapport-metaphone.c), so
 *   John Smith meets John Smyth and Jon Schmidt;
 * - emails trimmed and in lower case; for the big free providers a second,
 *   canonical key without the +tag (and, for Gmail, the dots), a suspect
 *   signal only;
 * - phones in E.164 through libphonenumber (EPhoneNumber, in
 *   libebook-contacts); what it cannot read is no key at all;
 * - a company's domain from its website or its people's work emails, the
 *   registrable part only (libsoup's public suffix list), never a free
 *   provider's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-match"

#include "config.h"

#include <libebook-contacts/libebook-contacts.h>
#include <libsoup/soup.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-metaphone.h"
#include "rapport-pinyin.h"
#include "rapport-text.h"

/* clang-format off */
static const char * const honorifics[] = {
  "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "herr", "frau",
  "mme", "mlle", "sr", "sra", "srta", "dott", "ing", "mag", NULL
};

/* Written after a CJK name: 王先生, 李女士, 佐藤さん. */
static const char * const cjk_honorifics[] = {
  "先生", "女士", "小姐", "博士", "教授", "老师", "经理", "总", "さん", "様", "氏", "님", NULL
};

/* Legal forms after a company's name, in its key's spelling (dots dropped). */
static const char * const legal_suffixes[] = {
  "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc",
  "llp", "lp", "plc", "gmbh", "mbh", "ag", "kg", "ug", "ohg", "ev", "sa", "sas", "sarl",
  "srl", "spa", "sl", "bv", "nv", "oy", "oyj", "ab", "as", "asa", "aps", "kk", "pty",
  "pte", "bhd", "sdn", "&", "and", "und", "et", NULL
};

/* The longest first: 股份有限公司 before 有限公司 before 公司. */
static const char * const cjk_legal_forms[] = {
  "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "株式会社", "有限会社",
  "合同会社", "(株)", "（株）", "公司", NULL
};

static const char * const consumer_domains[] = {
  "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.co.jp", "yahoo.fr",
  "ymail.com", "hotmail.com", "hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com",
  "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "gmx.de", "gmx.net", "web.de",
  "t-online.de", "mail.ru", "yandex.ru", "qq.com", "163.com", "126.com", "yeah.net",
  "sina.com", "sohu.com", "foxmail.com", "139.com", "aliyun.com", "naver.com",
  "protonmail.com", "proton.me", "fastmail.com", "orange.fr", "free.fr", "laposte.net",
  "libero.it", "zoho.com", NULL
};

/* Providers that deliver name+tag@ to name@. */
static const char * const plus_tag_domains[] = {
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com",
  "me.com", "fastmail.com", "protonmail.com", "proton.me", NULL
};
/* clang-format on */

void
rapport_match_key_free (RapportMatchKey *key)
{
  if (key == NULL)
    return;
  g_free (key->key);
  g_free (key);
}

static gboolean
in_list (const char * const *list,
         const char         *word)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_equal (list[i], word))
      return TRUE;
  return FALSE;
}

/**
 * rapport_match_is_cjk:
 * @text: (nullable): a name
 *
 * Returns: whether @text holds Chinese, Japanese or Korean characters: such
 *   a name is compared whole.
 */
gboolean
rapport_match_is_cjk (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (rapport_text_is_cjk (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Letters that carry no combining mark to strip but read as plain Latin. */
/* clang-format off */
static const char *
latin_fold (gunichar c)
{
  switch (c)
    {
    case 0x00f8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x00e6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00fe: return "th"; /* þ */
    case 0x0131: return "i";  /* dotless ı */
    default: return NULL;
    }
}
/* clang-format on */

/* NFKC, case folded, marks stripped; dots and apostrophes dropped ("S.A."
 * is "sa", "O'Brien" is "obrien"), other punctuation a space, spaces
 * collapsed, and no space between two CJK characters. */
static char *
fold (const char *text)
{
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean space = FALSE;
  gunichar previous = 0;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  folded = g_utf8_casefold (nfkc, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      const char *latin;

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK || c == '.' || c == '\'' || c == 0x2019)
        continue;
      if (!g_unichar_isalnum (c) && c != '&' && c != '(' && c != ')' && c != 0xff08 &&
          c != 0xff09)
        {
          space = out->len > 0;
          continue;
        }
      if (space && !(rapport_text_is_cjk (c) && rapport_text_is_cjk (previous)))
        g_string_append_c (out, ' ');
      space = FALSE;
      if ((latin = latin_fold (c)) != NULL)
        g_string_append (out, latin);
      else
        g_string_append_unichar (out, c);
      previous = c;
    }
  return g_string_free (out, FALSE);
}

static gboolean
strip_suffix (char       *text,
              const char *suffix)
{
  gsize len = strlen (text), slen = strlen (suffix);

  if (len <= slen || strcmp (text + len - slen, suffix) != 0)
    return FALSE;
  text[len - slen] = '\0';
  g_strchomp (text);
  return TRUE;
}

static gboolean
strip_prefix (char       *text,
              const char *prefix)
{
  gsize len = strlen (text), plen = strlen (prefix);

  if (len <= plen || strncmp (text, prefix, plen) != 0)
    return FALSE;
  memmove (text, text + plen, len - plen + 1);
  g_strchug (text);
  return TRUE;
}

/* Drops words of @list from the start (honorifics) or the end (legal
 * forms) of @words, always keeping one word. */
static char *
drop_words (char               *key,
            const char * const *leading,
            const char * const *trailing)
{
  g_auto(GStrv) words = g_strsplit (key, " ", -1);
  guint first = 0, end = g_strv_length (words);

  while (leading != NULL && end - first > 1 && in_list (leading, words[first]))
    first++;
  while (trailing != NULL && end - first > 1 && in_list (trailing, words[end - 1]))
    end--;
  g_free (key);
  g_free (words[end]);
  words[end] = NULL;
  return g_strjoinv (" ", words + first);
}

/**
 * rapport_match_name:
 * @name: (nullable): a person's name as typed
 *
 * Returns: (transfer full): its key: "Dr. José Álvarez" is "jose alvarez",
 *   "王先生" is "王"; the empty string when nothing is left.
 */
char *
rapport_match_name (const char *name)
{
  char *key = fold (name);

  if (*key == '\0')
    return key;
  if (rapport_match_is_cjk (key))
    {
      for (guint i = 0; cjk_honorifics[i] != NULL; i++)
        if (strip_suffix (key, cjk_honorifics[i]))
          break;
    }
  return drop_words (key, honorifics, NULL);
}

/**
 * rapport_match_company_name:
 * @name: (nullable): a company's name as typed
 *
 * Returns: (transfer full): its key without the legal form: "Müller & Söhne
 *   GmbH" is "muller & sohne", "北京字节跳动科技有限公司" is "北京字节跳动科技",
 *   "株式会社トヨタ" is "トヨタ".
 */
char *
rapport_match_company_name (const char *name)
{
  char *key = fold (name);

  if (*key == '\0')
    return key;
  for (guint i = 0; cjk_legal_forms[i] != NULL; i++)
    if (strip_suffix (key, cjk_legal_forms[i]) || strip_prefix (key, cjk_legal_forms[i]))
      break;
  return drop_words (key, NULL, legal_suffixes);
}

/**
 * rapport_match_person_name:
 * @first_name: (nullable): the given name
 * @last_name: (nullable): the family name
 *
 * Returns: (transfer full): the whole name's key; a CJK name family name
 *   first and without spaces (张 + 三 is "张三"), any other given name first.
 */
char *
rapport_match_person_name (const char *first_name,
                           const char *last_name)
{
  g_autofree char *first = rapport_match_name (first_name);
  g_autofree char *last = rapport_match_name (last_name);

  if (rapport_match_is_cjk (first) || rapport_match_is_cjk (last))
    return g_strconcat (last, first, NULL);
  if (*first == '\0' || *last == '\0')
    return g_strconcat (first, last, NULL);
  return g_strconcat (first, " ", last, NULL);
}

/**
 * rapport_match_person_pinyin:
 * @first_name: (nullable): the given name
 * @last_name: (nullable): the family name
 *
 * Returns: (transfer full): the person's pinyin keys: for a Chinese name
 *   its pinyin without spaces (王芳 is "wangfang"); for a Latin name whose
 *   two parts both read as pinyin, family name first and given name first
 *   (Fang Wang is "wangfang" and "fangwang": either part may have been
 *   typed in either field); else none.
 */
GStrv
rapport_match_person_pinyin (const char *first_name,
                             const char *last_name)
{
  g_autofree char *first = rapport_match_name (first_name);
  g_autofree char *last = rapport_match_name (last_name);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  if (rapport_match_is_cjk (first) || rapport_match_is_cjk (last))
    {
      g_autofree char *whole = g_strconcat (last, first, NULL);
      g_autofree char *pinyin = rapport_pinyin_of_name (whole);
      g_autofree char *letters = rapport_pinyin_letters (pinyin);

      if (letters != NULL)
        g_strv_builder_add (keys, letters);
    }
  else
    {
      g_autofree char *given = rapport_pinyin_letters (first);
      g_autofree char *family = rapport_pinyin_letters (last);

      if (given != NULL && family != NULL && rapport_pinyin_is_syllables (given) &&
          rapport_pinyin_is_syllables (family))
        {
          g_autofree char *family_first = g_strconcat (family, given, NULL);
          g_autofree char *given_first = g_strconcat (given, family, NULL);

          g_strv_builder_add (keys, family_first);
          if (!g_str_equal (family_first, given_first))
            g_strv_builder_add (keys, given_first);
        }
    }
  return g_strv_builder_end (keys);
}

/**
 * rapport_match_email:
 * @email: (nullable): an email address as typed
 *
 * Returns: (transfer full) (nullable): the address trimmed and in lower
 *   case, or %NULL when it is not an address.
 */
char *
rapport_match_email (const char *email)
{
  g_autofree char *trimmed = NULL;
  const char *at;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return NULL;
  trimmed = g_strstrip (g_strdup (email));
  at = strrchr (trimmed, '@');
  if (at == NULL || at == trimmed || at[1] == '\0' || strchr (at, '.') == NULL ||
      strpbrk (trimmed, " \t<>") != NULL)
    return NULL;
  return g_utf8_strdown (trimmed, -1);
}

/**
 * rapport_match_is_consumer_domain:
 * @domain: a domain in lower case
 *
 * Returns: whether @domain is a free mail provider's, shared by strangers.
 */
gboolean
rapport_match_is_consumer_domain (const char *domain)
{
  return domain != NULL && in_list (consumer_domains, domain);
}

/**
 * rapport_match_email_canonical:
 * @email: (nullable): an email address as typed
 *
 * Returns: (transfer full) (nullable): for a provider that ignores them,
 *   the address without its +tag, and for Gmail without its dots
 *   ("Ana.Ribeiro+crm@googlemail.com" is "anaribeiro@gmail.com"); %NULL for
 *   other addresses. Only ever a hint: two people can own those.
 */
char *
rapport_match_email_canonical (const char *email)
{
  g_autofree char *norm = rapport_match_email (email);
  g_autoptr(GString) local = NULL;
  const char *domain;
  char *at, *plus;
  gboolean gmail;

  if (norm == NULL)
    return NULL;
  at = strrchr (norm, '@');
  domain = at + 1;
  if (!in_list (plus_tag_domains, domain))
    return NULL;
  gmail = g_str_equal (domain, "gmail.com") || g_str_equal (domain, "googlemail.com");
  *at = '\0';
  if ((plus = strchr (norm, '+')) != NULL)
    *plus = '\0';
  local = g_string_new (NULL);
  for (const char *p = norm; *p; p++)
    if (!(gmail && *p == '.'))
      g_string_append_c (local, *p);
  if (local->len == 0)
    return NULL;
  g_string_append_printf (local, "@%s", gmail ? "gmail.com" : domain);
  return g_string_free (g_steal_pointer (&local), FALSE);
}

/**
 * rapport_match_domain:
 * @website_or_email: (nullable): "https://www.northwind.com/about",
 *   "northwind.com" or "ana@eu.northwind.com"
 *
 * Returns: (transfer full) (nullable): the registrable domain
 *   ("northwind.com", "acme.co.uk"), or %NULL for no domain or a free mail
 *   provider's.
 */
char *
rapport_match_domain (const char *website_or_email)
{
  g_autofree char *host = NULL;
  g_autofree char *base = NULL;
  const char *start, *at, *scheme;
  gsize len;

  if (website_or_email == NULL || !g_utf8_validate (website_or_email, -1, NULL))
    return NULL;
  start = website_or_email;
  while (g_ascii_isspace (*start))
    start++;
  if ((scheme = strstr (start, "://")) != NULL)
    start = scheme + 3;
  len = strcspn (start, "/?# \t");
  host = g_ascii_strdown (start, len);
  if ((at = strrchr (host, '@')) != NULL)
    memmove (host, at + 1, strlen (at + 1) + 1);
  host[strcspn (host, ":")] = '\0';
  len = strlen (host);
  while (len > 0 && host[len - 1] == '.')
    host[--len] = '\0';
  if (strchr (host, '.') == NULL)
    return NULL;
  /* "www.northwind.com" and "eu.northwind.com" are northwind.com. Under a
   * top-level domain the list does not know, its default rule applies: the
   * last two labels. */
  base = g_strdup (soup_tld_get_base_domain (host, NULL));
  if (base == NULL)
    {
      const char *last_dot = strrchr (host, '.');
      const char *start_of_base = host;

      for (const char *p = host; p < last_dot; p++)
        if (*p == '.')
          start_of_base = p + 1;
      base = g_strdup (start_of_base);
    }
  if (rapport_match_is_consumer_domain (base) || rapport_match_is_consumer_domain (host))
    return NULL;
  return g_steal_pointer (&base);
}

/**
 * rapport_match_phone:
 * @phone: (nullable): a phone number as typed
 * @region: (nullable): the ISO 3166 region of a number without a country
 *   code, %NULL for the user's locale's
 *
 * Returns: (transfer full) (nullable): the number in E.164 ("+8613812345678"),
 *   or %NULL when it is not a phone number (such a number is not matched on).
 */
char *
rapport_match_phone (const char *phone,
                     const char *region)
{
  EPhoneNumber *number;
  g_autofree char *e164 = NULL;
  guint digits = 0;

  if (phone == NULL || !g_utf8_validate (phone, -1, NULL))
    return NULL;
  for (const char *p = phone; *p; p++)
    digits += g_ascii_isdigit (*p);
  /* Fewer than 6 digits is an extension or a typo, not a line. */
  if (digits < 6 || !e_phone_number_is_supported ())
    return NULL;
  number = e_phone_number_from_string (phone, region, NULL);
  if (number == NULL)
    return NULL;
  e164 = e_phone_number_to_string (number, E_PHONE_NUMBER_FORMAT_E164);
  e_phone_number_free (number);
  /* E.164 allows 15 digits at most; fewer than 8 is not a full number. */
  if (e164 == NULL || e164[0] != '+' || strlen (e164) < 9 || strlen (e164) > 16)
    return NULL;
  return g_steal_pointer (&e164);
}

gboolean
rapport_match_has_keys (const RapportEntity *entity)
{
  return g_str_equal (entity->name, "contact") || g_str_equal (entity->name, "company");
}

static void
add_key (GPtrArray  *keys,
         GHashTable *seen,
         const char *kind,
         char       *key)
{
  g_autofree char *both = NULL;
  RapportMatchKey *item;

  if (key == NULL || *key == '\0')
    {
      g_free (key);
      return;
    }
  both = g_strconcat (kind, ":", key, NULL);
  if (!g_hash_table_add (seen, g_steal_pointer (&both)))
    {
      g_free (key);
      return;
    }
  item = g_new0 (RapportMatchKey, 1);
  item->kind = kind;
  item->key = key;
  g_ptr_array_add (keys, item);
}

/* The first @n characters of @text. */
static char *
prefix (const char *text,
        glong       n)
{
  return g_utf8_substring (text, 0, MIN (n, g_utf8_strlen (text, -1)));
}

/* Initial of one name and the start of the other: a typo late in the family
 * name, or the two names swapped, still share a block. */
static char *
name_block (const char *initial_of,
            const char *start_of)
{
  g_autofree char *initial = prefix (initial_of, 1);
  g_autofree char *start = prefix (start_of, 4);

  return g_strconcat (initial, " ", start, NULL);
}

/* The initial of one name and each code of how the other sounds: "j SM0"
 * and "j XMT" for John Smith. */
static void
add_phonetic (GPtrArray  *keys,
              GHashTable *seen,
              const char *initial_of,
              const char *sound_of)
{
  g_autofree char *initial = prefix (initial_of, 1);
  g_autofree char *primary = NULL;
  g_autofree char *secondary = NULL;

  rapport_double_metaphone (sound_of, &primary, &secondary);
  if (*primary != '\0')
    add_key (keys, seen, RAPPORT_MATCH_PHONETIC, g_strconcat (initial, " ", primary, NULL));
  if (*secondary != '\0')
    add_key (keys, seen, RAPPORT_MATCH_PHONETIC, g_strconcat (initial, " ", secondary, NULL));
}

static void
add_values (GPtrArray  *keys,
            GHashTable *seen,
            JsonArray  *values,
            gboolean    emails)
{
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      JsonObject *item = rapport_json_array_get_object (values, i);
      const char *value = rapport_json_get_string (item, "value");

      if (emails)
        {
          add_key (keys, seen, RAPPORT_MATCH_EMAIL, rapport_match_email (value));
          add_key (keys, seen, RAPPORT_MATCH_EMAIL_CANONICAL, rapport_match_email_canonical (value));
          add_key (keys, seen, RAPPORT_MATCH_DOMAIN, rapport_match_domain (value));
        }
      else
        add_key (keys, seen, RAPPORT_MATCH_PHONE, rapport_match_phone (value, NULL));
    }
}

static void
add_contact_keys (GPtrArray  *keys,
                  GHashTable *seen,
                  JsonObject *record)
{
  const char *first_name = rapport_json_get_string (record, "first_name");
  const char *last_name = rapport_json_get_string (record, "last_name");
  g_autofree char *first = rapport_match_name (first_name);
  g_autofree char *last = rapport_match_name (last_name);
  g_auto(GStrv) pinyin = rapport_match_person_pinyin (first_name, last_name);

  add_values (keys, seen, rapport_json_get_array (record, "emails"), TRUE);
  for (guint i = 0; pinyin[i] != NULL; i++)
    add_key (keys, seen, RAPPORT_MATCH_PINYIN, g_strdup (pinyin[i]));
  add_values (keys, seen, rapport_json_get_array (record, "phones"), FALSE);
  if (rapport_match_is_cjk (first) || rapport_match_is_cjk (last) || *first == '\0' ||
      *last == '\0')
    add_key (keys, seen, RAPPORT_MATCH_NAME, rapport_match_person_name (first_name, last_name));
  else
    {
      add_key (keys, seen, RAPPORT_MATCH_NAME, name_block (first, last));
      add_key (keys, seen, RAPPORT_MATCH_NAME, name_block (last, first));
      /* Pinyin names have their own key: said without tones and
       * vowels, Zhang, Zheng and Zhong would make one block. */
      if (pinyin[0] == NULL)
        {
          add_phonetic (keys, seen, first, last);
          add_phonetic (keys, seen, last, first);
        }
    }
}

static void
add_company_keys (GPtrArray  *keys,
                  GHashTable *seen,
                  JsonObject *record)
{
  g_autofree char *name = rapport_match_company_name (rapport_json_get_string (record, "name"));

  add_key (keys, seen, RAPPORT_MATCH_NAME, prefix (name, 5));
  add_key (keys, seen, RAPPORT_MATCH_DOMAIN,
           rapport_match_domain (rapport_json_get_string (record, "domain")));
  add_key (keys, seen, RAPPORT_MATCH_DOMAIN,
           rapport_match_domain (rapport_json_get_string (record, "website")));
  add_key (keys, seen, RAPPORT_MATCH_PHONE,
           rapport_match_phone (rapport_json_get_string (record, "phone"), NULL));
}

/**
 * rapport_match_keys_for_record:
 * @entity: contact or company
 * @record: the record, or a draft of it
 *
 * Returns: (transfer full) (element-type RapportMatchKey): the record's
 *   keys, each once; empty for other record types.
 */
GPtrArray *
rapport_match_keys_for_record (const RapportEntity *entity,
                               JsonObject          *record)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_match_key_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_str_equal (entity->name, "contact"))
    add_contact_keys (keys, seen, record);
  else if (g_str_equal (entity->name, "company"))
    add_company_keys (keys, seen, record);
  return keys;
}
