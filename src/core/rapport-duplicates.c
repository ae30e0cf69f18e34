/* rapport-duplicates.c: how alike two contacts or two companies are
 *
 * Scoring follows SPEC.md §5.3, with the evidence in words so a user can
 * judge it ("same email", "same phone +86…", "name 0.93"):
 * - contacts: one shared email is the same person (certain); a shared
 *   phone alone is only likely (a family's or an office's line), certain
 *   with a matching name; a matching name (family name Jaro-Winkler ≥ 0.90
 *   and given name ≥ 0.85 or the same initial, or the two swapped) is
 *   likely with the same work domain or company, else only possible, so one
 *   person at two companies is never linked on their own;
 * - companies: the same domain is likely, certain with a matching name; a
 *   shared phone is likely; a matching name alone is possible, likely when
 *   the names are the same once their legal forms are dropped.
 * Family names that sound alike (Double Metaphone: Smith and Smyth) count as
 * matching family names, unless they are short or pinyin (Zhang and Zheng
 * are two surnames). CJK names are compared whole, never as first and
 * last name. A Chinese
 * name and a Latin one that share a pinyin reading (王芳, Fang Wang) are
 * only possible on that alone: pinyin loses the tones and the characters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-duplicates.h"
#include "rapport-json.h"
#include "rapport-match-keys.h"
#include "rapport-metaphone.h"
#include "rapport-pinyin.h"

/* Salesforce's standard contact rule: LastName 90, FirstName 85. */
#define LAST_NAME_THRESHOLD    0.90
#define FIRST_NAME_THRESHOLD   0.85
#define NAME_DOMAIN_THRESHOLD  0.92
#define COMPANY_NAME_THRESHOLD 0.90
/* Shorter family names are compared as spelt, not as said. */
#define MIN_SOUNDED_NAME       4

/**
 * rapport_jaro_winkler:
 * @a: UTF-8 text
 * @b: UTF-8 text
 *
 * Returns: the Jaro-Winkler similarity of @a and @b by characters (not
 *   bytes), 1 for equal texts, 0 when either is empty.
 */
double
rapport_jaro_winkler (const char *a,
                      const char *b)
{
  g_autofree gunichar *s = NULL;
  g_autofree gunichar *t = NULL;
  g_autofree gboolean *s_matched = NULL;
  g_autofree gboolean *t_matched = NULL;
  glong n, m, window, matches = 0, transpositions = 0, common_prefix = 0;
  double jaro;

  s = g_utf8_to_ucs4_fast (a, -1, &n);
  t = g_utf8_to_ucs4_fast (b, -1, &m);
  if (n == 0 || m == 0)
    return n == m ? 1.0 : 0.0;

  window = MAX (0, MAX (n, m) / 2 - 1);
  s_matched = g_new0 (gboolean, n);
  t_matched = g_new0 (gboolean, m);
  for (glong i = 0; i < n; i++)
    for (glong j = MAX (0, i - window); j < MIN (m, i + window + 1); j++)
      if (!t_matched[j] && s[i] == t[j])
        {
          s_matched[i] = t_matched[j] = TRUE;
          matches++;
          break;
        }
  if (matches == 0)
    return 0.0;
  for (glong i = 0, j = 0; i < n; i++)
    {
      if (!s_matched[i])
        continue;
      while (!t_matched[j])
        j++;
      if (s[i] != t[j])
        transpositions++;
      j++;
    }
  jaro = ((double) matches / n + (double) matches / m +
          (matches - transpositions / 2.0) / matches) / 3.0;
  while (common_prefix < MIN (4, MIN (n, m)) && s[common_prefix] == t[common_prefix])
    common_prefix++;
  return jaro + common_prefix * 0.1 * (1.0 - jaro);
}

void
rapport_duplicate_match_free (RapportDuplicateMatch *match)
{
  if (match == NULL)
    return;
  g_ptr_array_unref (match->evidence);
  g_free (match);
}

/* The set of keys some values of @record make, by @normalize. */
static GHashTable *
value_keys (JsonObject *record,
            const char *member,
            char     *(*normalize) (const char *value))
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *values = rapport_json_get_array (record, member);

  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      char *key = normalize (rapport_json_get_string (rapport_json_array_get_object (values, i),
                                                      "value"));

      if (key != NULL)
        g_hash_table_add (keys, key);
    }
  return keys;
}

/* A key in both sets, or %NULL. */
static const char *
shared (GHashTable *a,
        GHashTable *b)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (b, key))
      return key;
  return NULL;
}

static char *
phone_key (const char *value)
{
  return rapport_match_phone (value, NULL);
}

static void
add_evidence (RapportDuplicateMatch *match,
              char                  *text)
{
  g_ptr_array_add (match->evidence, text);
}

static char *
name_evidence (double similarity)
{
  /* Equal keys after folding: "José" and "JOSE" are the same name. */
  if (similarity >= 0.995)
    return g_strdup (_("same name"));
  /* TRANSLATORS: how alike two names are, from 0 to 1: "name 0.93" */
  return g_strdup_printf (_("name %.2f"), similarity);
}

typedef struct
{
  char *first;
  char *last;
  char *whole;
  gboolean cjk;
  char *last_sounds[2]; /* (owned): the family name's Double Metaphone codes */
  gboolean last_pinyin; /* the family name reads as pinyin */
} PersonName;

/* What a comparison reads of a record, normalized once: a scan compares
 * each record with up to 19 others of each block it is in, and parsing its
 * phones with libphonenumber at each of them cost most of the scan. */
struct _RapportDuplicateProfile
{
  const RapportEntity *entity;
  /* contacts */
  GHashTable *emails;     /* (owned) */
  GHashTable *canonical;  /* (owned): emails without dots or +tag */
  GHashTable *domains;    /* (owned): of the emails; a company's own */
  GHashTable *phones;     /* (owned) */
  char       *company_id; /* (owned) (nullable) */
  PersonName  name;
  GStrv       pinyin;     /* (owned) */
  /* companies */
  char       *company_name; /* (owned) */
  char       *phone;        /* (owned) (nullable) */
};

/* Whether a family name reads as pinyin syllables ("zhang", "maier"). */
static gboolean
reads_as_pinyin (const char *name)
{
  g_autofree char *letters = rapport_pinyin_letters (name);

  return letters != NULL && rapport_pinyin_is_syllables (letters);
}

static void
person_name_init (PersonName *name,
                  JsonObject *record)
{
  const char *first = rapport_json_get_string (record, "first_name");
  const char *last = rapport_json_get_string (record, "last_name");

  name->first = rapport_match_name (first);
  name->last = rapport_match_name (last);
  name->whole = rapport_match_person_name (first, last);
  name->cjk = rapport_match_is_cjk (name->whole);
  /* Shorter names are compared as spelt: Li and Lu would sound alike. */
  rapport_double_metaphone (!name->cjk && g_utf8_strlen (name->last, -1) >= MIN_SOUNDED_NAME ? name->last : "",
                            &name->last_sounds[0], &name->last_sounds[1]);
  name->last_pinyin = reads_as_pinyin (name->last);
}

static void
person_name_clear (PersonName *name)
{
  g_free (name->first);
  g_free (name->last);
  g_free (name->whole);
  g_free (name->last_sounds[0]);
  g_free (name->last_sounds[1]);
}

/* Whether two family names sound alike: a code of one is a code of the
 * other (Smith and Smyth, Meyer and Maier). Not two pinyin names: said
 * without vowels, Zhang and Zheng, two surnames, are alike. */
static gboolean
sound_alike (const PersonName *a,
             const PersonName *b)
{
  if (a->last_pinyin && b->last_pinyin)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      if (*a->last_sounds[i] != '\0' && g_str_equal (a->last_sounds[i], b->last_sounds[j]))
        return TRUE;
  return FALSE;
}

/* The company's domains: its domain field and its website. */
static GHashTable *
company_domains (JsonObject *record)
{
  GHashTable *domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *members[] = { "domain", "website" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      char *domain = rapport_match_domain (rapport_json_get_string (record, members[i]));

      if (domain != NULL)
        g_hash_table_add (domains, domain);
    }
  return domains;
}

/**
 * rapport_duplicate_profile_new:
 * @entity: contact or company
 * @record: the record, or a draft of it
 *
 * Returns: (transfer full): what rapport_duplicates_compare_profiles()
 *   reads of @record
 */
RapportDuplicateProfile *
rapport_duplicate_profile_new (const RapportEntity *entity,
                               JsonObject          *record)
{
  RapportDuplicateProfile *profile = g_new0 (RapportDuplicateProfile, 1);

  profile->entity = entity;
  if (g_str_equal (entity->name, "company"))
    {
      profile->company_name = rapport_match_company_name (rapport_json_get_string (record, "name"));
      profile->phone = rapport_match_phone (rapport_json_get_string (record, "phone"), NULL);
      profile->domains = company_domains (record);
      return profile;
    }
  profile->emails = value_keys (record, "emails", rapport_match_email);
  profile->canonical = value_keys (record, "emails", rapport_match_email_canonical);
  profile->domains = value_keys (record, "emails", rapport_match_domain);
  profile->phones = value_keys (record, "phones", phone_key);
  profile->company_id = g_strdup (rapport_json_get_string (record, "company_id"));
  person_name_init (&profile->name, record);
  profile->pinyin = rapport_match_person_pinyin (rapport_json_get_string (record, "first_name"),
                                                 rapport_json_get_string (record, "last_name"));
  return profile;
}

void
rapport_duplicate_profile_free (RapportDuplicateProfile *profile)
{
  if (profile == NULL)
    return;
  g_clear_pointer (&profile->emails, g_hash_table_unref);
  g_clear_pointer (&profile->canonical, g_hash_table_unref);
  g_clear_pointer (&profile->domains, g_hash_table_unref);
  g_clear_pointer (&profile->phones, g_hash_table_unref);
  g_free (profile->company_id);
  person_name_clear (&profile->name);
  g_strfreev (profile->pinyin);
  g_free (profile->company_name);
  g_free (profile->phone);
  g_free (profile);
}

static gboolean
initials_agree (const char *a,
                const char *b)
{
  return (g_utf8_strlen (a, -1) == 1 || g_utf8_strlen (b, -1) == 1) &&
         g_utf8_get_char (a) == g_utf8_get_char (b);
}

/* Whether the names match, with how alike they are in @similarity. */
static gboolean
names_match (const PersonName      *a,
             const PersonName      *b,
             RapportDuplicateMatch *match,
             double                *similarity)
{
  *similarity = 0;
  if (*a->whole == '\0' || *b->whole == '\0')
    return FALSE;
  if (a->cjk || b->cjk)
    {
      *similarity = g_str_equal (a->whole, b->whole) ? 1.0 : 0.0;
      if (*similarity == 1.0)
        add_evidence (match, name_evidence (1.0));
      return *similarity == 1.0;
    }
  *similarity = rapport_jaro_winkler (a->whole, b->whole);
  if (*a->first == '\0' || *a->last == '\0' || *b->first == '\0' || *b->last == '\0')
    {
      if (*similarity < NAME_DOMAIN_THRESHOLD)
        return FALSE;
      add_evidence (match, name_evidence (*similarity));
      return TRUE;
    }
  if ((rapport_jaro_winkler (a->last, b->last) >= LAST_NAME_THRESHOLD || sound_alike (a, b)) &&
      (rapport_jaro_winkler (a->first, b->first) >= FIRST_NAME_THRESHOLD ||
       initials_agree (a->first, b->first)))
    {
      add_evidence (match, name_evidence (*similarity));
      if (rapport_jaro_winkler (a->last, b->last) < LAST_NAME_THRESHOLD)
        add_evidence (match, g_strdup (_("family names sound alike")));
      return TRUE;
    }
  if (rapport_jaro_winkler (a->first, b->last) >= LAST_NAME_THRESHOLD &&
      rapport_jaro_winkler (a->last, b->first) >= LAST_NAME_THRESHOLD)
    {
      g_autofree char *swapped = g_strconcat (b->last, " ", b->first, NULL);

      *similarity = rapport_jaro_winkler (a->whole, swapped);
      add_evidence (match, g_strdup (_("first and last name swapped")));
      return TRUE;
    }
  return FALSE;
}

/* Whether one of @a and @b is in Chinese characters, the other in Latin
 * letters, and they read the same in pinyin. */
static gboolean
pinyin_match (const RapportDuplicateProfile *a,
              const RapportDuplicateProfile *b)
{
  if (a->name.cjk == b->name.cjk)
    return FALSE;
  for (guint i = 0; a->pinyin[i] != NULL; i++)
    if (g_strv_contains ((const char * const *) b->pinyin, a->pinyin[i]))
      return TRUE;
  return FALSE;
}

static void
compare_contacts (const RapportDuplicateProfile *a,
                  const RapportDuplicateProfile *b,
                  RapportDuplicateMatch         *match)
{
  const char *email, *canonical = NULL, *phone, *domain = NULL;
  gboolean name, pinyin, same_company;
  double similarity;

  if ((email = shared (a->emails, b->emails)) != NULL)
    add_evidence (match, g_strdup (_("same email")));
  else if ((canonical = shared (a->canonical, b->canonical)) != NULL)
    add_evidence (match, g_strdup (_("same email apart from dots or +tag")));
  if ((phone = shared (a->phones, b->phones)) != NULL)
    /* TRANSLATORS: %s is a phone number in international form, +8613812345678 */
    add_evidence (match, g_strdup_printf (_("same phone %s"), phone));

  name = names_match (&a->name, &b->name, match, &similarity);
  pinyin = !name && pinyin_match (a, b);
  if (pinyin)
    add_evidence (match, g_strdup (_("same name in pinyin")));

  same_company = a->company_id != NULL && g_strcmp0 (a->company_id, b->company_id) == 0;
  if (name && same_company)
    add_evidence (match, g_strdup (_("same company")));
  else if (name && email == NULL && (domain = shared (a->domains, b->domains)) != NULL)
    /* TRANSLATORS: %s is an email domain, northwind.com */
    add_evidence (match, g_strdup_printf (_("same domain %s"), domain));

  if (email != NULL || (phone != NULL && name))
    match->level = RAPPORT_DUPLICATE_CERTAIN;
  else if (phone != NULL || (name && canonical != NULL) || (name && same_company) ||
           (name && domain != NULL && similarity >= NAME_DOMAIN_THRESHOLD))
    match->level = RAPPORT_DUPLICATE_LIKELY;
  else if (name || canonical != NULL || pinyin)
    match->level = RAPPORT_DUPLICATE_POSSIBLE;

  match->score = MIN (1.0, (email ? 0.6 : 0) + (canonical ? 0.25 : 0) + (phone ? 0.35 : 0) +
                             (name ? 0.3 * similarity : 0) + (pinyin ? 0.15 : 0) +
                             (same_company || domain ? 0.1 : 0));
}

static void
compare_companies (const RapportDuplicateProfile *a,
                   const RapportDuplicateProfile *b,
                   RapportDuplicateMatch         *match)
{
  const char *domain = shared (a->domains, b->domains);
  gboolean phone = a->phone != NULL && g_strcmp0 (a->phone, b->phone) == 0;
  gboolean same_name = *a->company_name != '\0' && g_str_equal (a->company_name, b->company_name);
  double similarity = 0;
  gboolean name = same_name;

  if (!same_name && *a->company_name != '\0' && *b->company_name != '\0' &&
      !rapport_match_is_cjk (a->company_name) && !rapport_match_is_cjk (b->company_name))
    {
      similarity = rapport_jaro_winkler (a->company_name, b->company_name);
      name = similarity >= COMPANY_NAME_THRESHOLD;
    }
  if (same_name)
    similarity = 1.0;
  if (name)
    add_evidence (match, name_evidence (similarity));
  if (domain != NULL)
    add_evidence (match, g_strdup_printf (_("same domain %s"), domain));
  if (phone)
    add_evidence (match, g_strdup_printf (_("same phone %s"), a->phone));

  if (domain != NULL && name)
    match->level = RAPPORT_DUPLICATE_CERTAIN;
  else if (domain != NULL || phone || same_name)
    match->level = RAPPORT_DUPLICATE_LIKELY;
  else if (name)
    match->level = RAPPORT_DUPLICATE_POSSIBLE;

  match->score = MIN (1.0, (domain ? 0.5 : 0) + (phone ? 0.3 : 0) + (name ? 0.4 * similarity : 0));
}

/**
 * rapport_duplicates_compare_profiles:
 * @a: a record's profile
 * @b: another's, of the same type
 *
 * Returns: (transfer full): how alike the two records are, with the
 *   evidence; level %RAPPORT_DUPLICATE_NONE when they are not alike.
 */
RapportDuplicateMatch *
rapport_duplicates_compare_profiles (const RapportDuplicateProfile *a,
                                     const RapportDuplicateProfile *b)
{
  RapportDuplicateMatch *match = g_new0 (RapportDuplicateMatch, 1);

  g_return_val_if_fail (a->entity == b->entity, match);

  match->evidence = g_ptr_array_new_with_free_func (g_free);
  if (g_str_equal (a->entity->name, "contact"))
    compare_contacts (a, b, match);
  else if (g_str_equal (a->entity->name, "company"))
    compare_companies (a, b, match);
  if (match->level == RAPPORT_DUPLICATE_NONE)
    match->score = 0;
  return match;
}

/**
 * rapport_duplicates_compare:
 * @entity: contact or company
 * @a: a record or a draft
 * @b: another record of the same type
 *
 * Returns: (transfer full): how alike @a and @b are, with the evidence;
 *   %RAPPORT_DUPLICATE_NONE for other record types.
 */
RapportDuplicateMatch *
rapport_duplicates_compare (const RapportEntity *entity,
                            JsonObject          *a,
                            JsonObject          *b)
{
  g_autoptr(RapportDuplicateProfile) profile_a = rapport_duplicate_profile_new (entity, a);
  g_autoptr(RapportDuplicateProfile) profile_b = rapport_duplicate_profile_new (entity, b);

  return rapport_duplicates_compare_profiles (profile_a, profile_b);
}

/**
 * rapport_duplicate_match_describe:
 *
 * Returns: (transfer full): the evidence in one line, "same email, name 0.93".
 */
char *
rapport_duplicate_match_describe (const RapportDuplicateMatch *match)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < match->evidence->len; i++)
    {
      if (i > 0)
        /* TRANSLATORS: between two pieces of evidence: "same email, name 0.93" */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (match->evidence, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* clang-format off */
static const char * const level_names[] = { "none", "possible", "likely", "certain" };
static const char * const level_labels[] = {
  NC_("duplicate", "None"), NC_("duplicate", "Possible"), NC_("duplicate", "Likely"),
  NC_("duplicate", "Certain")
};
/* clang-format on */

/* The level's name in the CLI and JSON: "likely". */
const char *
rapport_duplicate_level_to_string (RapportDuplicateLevel level)
{
  return level_names[level];
}

/* The level for people: "Likely", translated. */
const char *
rapport_duplicate_level_label (RapportDuplicateLevel level)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "duplicate", level_labels[level]);
}

gboolean
rapport_duplicate_level_from_string (const char            *text,
                                     RapportDuplicateLevel *level)
{
  for (guint i = RAPPORT_DUPLICATE_POSSIBLE; i < G_N_ELEMENTS (level_names); i++)
    if (g_strcmp0 (text, level_names[i]) == 0)
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}
