/* test-duplicates.c: match keys, scoring, and the keys the store keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rapport-entity.h"
#include "rapport-match-keys.h"
#include "rapport-metaphone.h"
#include "rapport-pinyin.h"
#include "rapport-store-bulk.h"
#include "rapport-store-duplicates.h"
#include "rapport-store-sync.h"
#include "rapport-test-util.h"

static void
assert_key (char       *(*normalize) (const char *),
            const char *typed,
            const char *expected)
{
  g_autofree char *key = normalize (typed);

  g_assert_cmpstr (key, ==, expected);
}

static void
test_person_names (void)
{
  assert_key (rapport_match_name, "Dr. José Álvarez", "jose alvarez");
  assert_key (rapport_match_name, "  MÜLLER  ", "muller");
  assert_key (rapport_match_name, "Mrs Zoë  O'Brien-Åström", "zoe obrien astrom");
  assert_key (rapport_match_name, "Łukasz Żółć", "lukasz zolc");
  assert_key (rapport_match_name, "Straße", "strasse");
  /* Full-width letters from a Chinese input method are plain letters. */
  assert_key (rapport_match_name, "Ｊｏｈｎ", "john");
  assert_key (rapport_match_name, "王先生", "王");
  assert_key (rapport_match_name, "佐藤 美咲さん", "佐藤美咲");
  /* An honorific alone is somebody's name. */
  assert_key (rapport_match_name, "Dr", "dr");

  {
    g_autofree char *chinese = rapport_match_person_name ("三", "张");
    g_autofree char *one_field = rapport_match_person_name ("张三", NULL);
    g_autofree char *latin = rapport_match_person_name ("Ana", "Ribeiro");

    /* A CJK name is one whole, family name first, however it was split. */
    g_assert_cmpstr (chinese, ==, "张三");
    g_assert_cmpstr (one_field, ==, "张三");
    g_assert_cmpstr (latin, ==, "ana ribeiro");
  }
}

static void
assert_pinyin (const char *first_name,
               const char *last_name,
               const char *expected)
{
  g_auto(GStrv) keys = rapport_match_person_pinyin (first_name, last_name);
  g_autofree char *joined = g_strjoinv (" ", keys);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_pinyin (void)
{
  assert_pinyin ("芳", "王", "wangfang");
  assert_pinyin ("王芳", NULL, "wangfang");
  /* Read as surnames: 曾 is Zeng, 单 is Shan, 区 is Ou, not Ceng, Dan, Qu. */
  assert_pinyin ("志伟", "曾", "zengzhiwei");
  assert_pinyin ("田芳", "单", "shantianfang");
  assert_pinyin ("家麟", "区", "oujialin");
  /* Either order, for a name typed into the other field. */
  assert_pinyin ("Fang", "Wang", "wangfang fangwang");
  assert_pinyin ("Xiao-Ming", "Lǐ", "lixiaoming xiaomingli");
  /* Not pinyin: no key. */
  assert_pinyin ("John", "Smith", "");
  assert_pinyin ("Fang", NULL, "");
  assert_pinyin ("민준", "김", "");

  g_assert_true (rapport_pinyin_is_syllables ("zhuangxiong"));
  g_assert_false (rapport_pinyin_is_syllables ("smith"));
  g_assert_false (rapport_pinyin_is_syllables (""));
}

static void
assert_sounds (const char *name,
               const char *primary,
               const char *secondary)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  rapport_double_metaphone (name, &first, &second);
  g_assert_cmpstr (first, ==, primary);
  g_assert_cmpstr (second, ==, secondary);
}

/* Double Metaphone's codes for names its author gives as examples. */
static void
test_metaphone (void)
{
  assert_sounds ("smith", "SM0", "XMT");
  assert_sounds ("smyth", "SM0", "XMT");
  assert_sounds ("schmidt", "XMT", "SMT");
  assert_sounds ("knight", "NT", "NT");
  assert_sounds ("xavier", "SF", "SFR");
  assert_sounds ("catherine", "K0RN", "KTRN");
  assert_sounds ("katherine", "K0RN", "KTRN");
  assert_sounds ("jones", "JNS", "ANS");
  assert_sounds ("thomas", "TMS", "TMS");
  assert_sounds ("caesar", "SSR", "SSR");
  assert_sounds ("", "", "");

  {
    g_autoptr(JsonObject) record = rapport_test_parse_object ("{\"first_name\": \"John\", \"last_name\": \"Smith\"}");
    g_autoptr(GPtrArray) keys = rapport_match_keys_for_record (rapport_entity_lookup ("contact"), record);
    g_autoptr(GString) phonetic = g_string_new (NULL);

    for (guint i = 0; i < keys->len; i++)
      {
        RapportMatchKey *key = keys->pdata[i];

        if (g_str_equal (key->kind, RAPPORT_MATCH_PHONETIC))
          g_string_append_printf (phonetic, "[%s]", key->key);
      }
    /* The initial of one name and the sound of the other, both ways. */
    g_assert_cmpstr (phonetic->str, ==, "[j SM0][j XMT][s JN][s AN]");
  }
}

static void
test_company_names (void)
{
  assert_key (rapport_match_company_name, "Müller & Söhne GmbH", "muller & sohne");
  assert_key (rapport_match_company_name, "Acme, Inc.", "acme");
  assert_key (rapport_match_company_name, "Northwind Traders Ltd.", "northwind traders");
  assert_key (rapport_match_company_name, "Banco Santander S.A.", "banco santander");
  assert_key (rapport_match_company_name, "Smith & Co", "smith");
  assert_key (rapport_match_company_name, "北京字节跳动科技有限公司", "北京字节跳动科技");
  assert_key (rapport_match_company_name, "华为技术股份有限公司", "华为技术");
  assert_key (rapport_match_company_name, "株式会社トヨタ", "トヨタ");
  assert_key (rapport_match_company_name, "トヨタ自動車株式会社", "トヨタ自動車");
  /* A name that is only a legal form stays a name. */
  assert_key (rapport_match_company_name, "Limited", "limited");
}

static void
test_emails (void)
{
  assert_key (rapport_match_email, "  Ana.Ribeiro@Northwind.COM ", "ana.ribeiro@northwind.com");
  assert_key (rapport_match_email, "not an email", NULL);
  assert_key (rapport_match_email, "@northwind.com", NULL);
  assert_key (rapport_match_email, "ana@localhost", NULL);

  assert_key (rapport_match_email_canonical, "Ana.Ribeiro+crm@googlemail.com",
              "anaribeiro@gmail.com");
  assert_key (rapport_match_email_canonical, "j.doe+news@outlook.com", "j.doe@outlook.com");
  /* A company's own server may give dots and + a meaning. */
  assert_key (rapport_match_email_canonical, "ana+x@northwind.com", NULL);
}

static void
test_domains (void)
{
  assert_key (rapport_match_domain, "https://www.Northwind.com/about?x=1", "northwind.com");
  assert_key (rapport_match_domain, "northwind.com", "northwind.com");
  assert_key (rapport_match_domain, "ana@eu.northwind.com", "northwind.com");
  assert_key (rapport_match_domain, "acme.co.uk", "acme.co.uk");
  assert_key (rapport_match_domain, "http://www.shop.acme.co.uk/", "acme.co.uk");
  assert_key (rapport_match_domain, "http://user@northwind.example:8080/", "northwind.example");
  /* Strangers share free mail providers. */
  assert_key (rapport_match_domain, "ana.ribeiro@gmail.com", NULL);
  assert_key (rapport_match_domain, "qq.com", NULL);
  assert_key (rapport_match_domain, "localhost", NULL);
}

static void
assert_phone (const char *typed,
              const char *region,
              const char *expected)
{
  g_autofree char *key = rapport_match_phone (typed, region);

  g_assert_cmpstr (key, ==, expected);
}

static void
test_phones (void)
{
  assert_phone ("+86 138-1234-5678", "US", "+8613812345678");
  assert_phone ("138 1234 5678", "CN", "+8613812345678");
  assert_phone ("(415) 555-0132", "US", "+14155550132");
  assert_phone ("0171 1234567", "DE", "+491711234567");
  assert_phone ("+49 (0)171 1234567", "US", "+491711234567");
  assert_phone ("+1 415 555 0132 ext. 12", "US", "+14155550132");
  assert_phone ("12345", "US", NULL);
  assert_phone ("call me", "US", NULL);
}

static void
test_jaro_winkler (void)
{
  g_assert_cmpfloat_with_epsilon (rapport_jaro_winkler ("martha", "marhta"), 0.961, 0.001);
  g_assert_cmpfloat_with_epsilon (rapport_jaro_winkler ("dwayne", "duane"), 0.84, 0.001);
  g_assert_cmpfloat_with_epsilon (rapport_jaro_winkler ("ana", "ana"), 1.0, 0.0001);
  g_assert_cmpfloat_with_epsilon (rapport_jaro_winkler ("", "ana"), 0.0, 0.0001);
  /* By characters, not bytes: one differing Han character of three. */
  g_assert_cmpfloat (rapport_jaro_winkler ("张三丰", "张三风"), <, 1.0);
  g_assert_cmpfloat (rapport_jaro_winkler ("张三丰", "张三风"), >, 0.7);
}

static RapportDuplicateMatch *
compare (const char *entity,
         const char *a,
         const char *b)
{
  g_autoptr(JsonObject) x = rapport_test_parse_object (a);
  g_autoptr(JsonObject) y = rapport_test_parse_object (b);

  return rapport_duplicates_compare (rapport_entity_lookup (entity), x, y);
}

static void
assert_match (RapportDuplicateMatch *match,
              RapportDuplicateLevel  level,
              const char            *evidence)
{
  g_autofree char *evidence_text = rapport_duplicate_match_describe (match);
  g_autofree char *described = g_strdup_printf ("%s: %s",
                                                rapport_duplicate_level_to_string (match->level),
                                                evidence_text);
  g_autofree char *expected = g_strdup_printf ("%s: %s", rapport_duplicate_level_to_string (level),
                                               evidence);

  g_assert_cmpstr (described, ==, expected);
  rapport_duplicate_match_free (match);
}

static void
test_contacts (void)
{
  /* One email, however it was typed: the same person. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                         " \"emails\": [{\"value\": \"Ana@Northwind.example \"}]}",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro-Costa\","
                         " \"emails\": [{\"value\": \"ana@northwind.example\"}]}"),
                RAPPORT_DUPLICATE_CERTAIN, "same email, name 0.93");

  /* One person at two companies: only the scan's queue hears of it. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                         " \"emails\": [{\"value\": \"ana@northwind.example\"}]}",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                         " \"emails\": [{\"value\": \"ana.ribeiro@contoso.example\"}]}"),
                RAPPORT_DUPLICATE_POSSIBLE, "same name");

  /* An office's shared line: likely, never certain. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Fang\", \"last_name\": \"Wang\","
                         " \"phones\": [{\"value\": \"+86 10 6552 9988\"}]}",
                         "{\"first_name\": \"Lei\", \"last_name\": \"Li\","
                         " \"phones\": [{\"value\": \"+86-10-65529988\"}]}"),
                RAPPORT_DUPLICATE_LIKELY, "same phone +861065529988");

  /* The same line and the same name is the same person. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Fang\", \"last_name\": \"Wang\","
                         " \"phones\": [{\"value\": \"+86 10 6552 9988\"}]}",
                         "{\"first_name\": \"FANG\", \"last_name\": \"WANG\","
                         " \"phones\": [{\"value\": \"+86-10-65529988\"}]}"),
                RAPPORT_DUPLICATE_CERTAIN, "same phone +861065529988, same name");

  /* A typo and a work address at one domain. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Jonathan\", \"last_name\": \"Smith\","
                         " \"emails\": [{\"value\": \"j.smith@acme.example\"}]}",
                         "{\"first_name\": \"Jonathon\", \"last_name\": \"Smith\","
                         " \"emails\": [{\"value\": \"jonathon@sales.acme.example\"}]}"),
                RAPPORT_DUPLICATE_LIKELY, "name 0.97, same domain acme.example");

  /* An initial for the given name. */
  assert_match (compare ("contact", "{\"first_name\": \"J.\", \"last_name\": \"Smith\"}",
                         "{\"first_name\": \"John\", \"last_name\": \"Smith\"}"),
                RAPPORT_DUPLICATE_POSSIBLE, "name 0.78");

  /* Given and family name in each other's place. */
  assert_match (compare ("contact", "{\"first_name\": \"Wei\", \"last_name\": \"Zhang\"}",
                         "{\"first_name\": \"Zhang\", \"last_name\": \"Wei\"}"),
                RAPPORT_DUPLICATE_POSSIBLE, "first and last name swapped");

  /* A Chinese name is one whole, in one field or two. */
  assert_match (compare ("contact", "{\"first_name\": \"三\", \"last_name\": \"张\"}",
                         "{\"first_name\": \"张三\"}"),
                RAPPORT_DUPLICATE_POSSIBLE, "same name");
  assert_match (compare ("contact", "{\"first_name\": \"三\", \"last_name\": \"张\"}",
                         "{\"first_name\": \"山\", \"last_name\": \"张\"}"),
                RAPPORT_DUPLICATE_NONE, "");

  /* Family names spelt apart but said alike, at one domain. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"John\", \"last_name\": \"Smith\","
                         " \"emails\": [{\"value\": \"john@acme.example\"}]}",
                         "{\"first_name\": \"John\", \"last_name\": \"Smyth\","
                         " \"emails\": [{\"value\": \"j.smyth@acme.example\"}]}"),
                RAPPORT_DUPLICATE_LIKELY, "name 0.96, family names sound alike, same domain acme.example");

  /* Zhang and Zheng sound alike to Double Metaphone (JNK), but are two
   * surnames; Lee and Li are short: compared as spelt. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Wei\", \"last_name\": \"Zhang\","
                         " \"emails\": [{\"value\": \"wei.zhang@acme.example\"}]}",
                         "{\"first_name\": \"Wei\", \"last_name\": \"Zheng\","
                         " \"emails\": [{\"value\": \"wei.zheng@acme.example\"}]}"),
                RAPPORT_DUPLICATE_NONE, "");
  assert_match (compare ("contact",
                         "{\"first_name\": \"Anna\", \"last_name\": \"Lee\", \"company_id\": \"c1\"}",
                         "{\"first_name\": \"Anna\", \"last_name\": \"Li\", \"company_id\": \"c1\"}"),
                RAPPORT_DUPLICATE_NONE, "");

  /* One person in Chinese characters and in pinyin: possible on the name
   * alone, likely with the same phone; another 王 is not 王芳. */
  assert_match (compare ("contact", "{\"first_name\": \"芳\", \"last_name\": \"王\"}",
                         "{\"first_name\": \"Fang\", \"last_name\": \"Wang\"}"),
                RAPPORT_DUPLICATE_POSSIBLE, "same name in pinyin");
  assert_match (compare ("contact",
                         "{\"first_name\": \"志伟\", \"last_name\": \"曾\","
                         " \"phones\": [{\"value\": \"+86 138 0013 8000\"}]}",
                         "{\"first_name\": \"Zeng\", \"last_name\": \"Zhiwei\","
                         " \"phones\": [{\"value\": \"+8613800138000\"}]}"),
                RAPPORT_DUPLICATE_LIKELY, "same phone +8613800138000, same name in pinyin");
  assert_match (compare ("contact", "{\"first_name\": \"芳\", \"last_name\": \"王\"}",
                         "{\"first_name\": \"Fang\", \"last_name\": \"Li\"}"),
                RAPPORT_DUPLICATE_NONE, "");

  /* Gmail ignores dots: a hint, made likely by the same name. */
  assert_match (compare ("contact",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                         " \"emails\": [{\"value\": \"ana.ribeiro@gmail.com\"}]}",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                         " \"emails\": [{\"value\": \"anaribeiro+crm@gmail.com\"}]}"),
                RAPPORT_DUPLICATE_LIKELY, "same email apart from dots or +tag, same name");
  assert_match (compare ("contact",
                         "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                         " \"emails\": [{\"value\": \"ana.ribeiro@gmail.com\"}]}",
                         "{\"first_name\": \"Lucas\", \"last_name\": \"Martin\","
                         " \"emails\": [{\"value\": \"lucas.martin@gmail.com\"}]}"),
                RAPPORT_DUPLICATE_NONE, "");
}

static void
test_companies (void)
{
  assert_match (compare ("company",
                         "{\"name\": \"Northwind Traders Ltd\", \"website\": \"https://www.northwind.example/\"}",
                         "{\"name\": \"NORTHWIND TRADERS\", \"domain\": \"northwind.example\"}"),
                RAPPORT_DUPLICATE_CERTAIN, "same name, same domain northwind.example");
  assert_match (compare ("company", "{\"name\": \"Acme GmbH\"}", "{\"name\": \"ACME Inc.\"}"),
                RAPPORT_DUPLICATE_LIKELY, "same name");
  assert_match (compare ("company", "{\"name\": \"北京字节跳动科技有限公司\"}",
                         "{\"name\": \"北京字节跳动科技\"}"),
                RAPPORT_DUPLICATE_LIKELY, "same name");
  assert_match (compare ("company", "{\"name\": \"Contoso\"}", "{\"name\": \"Northwind\"}"),
                RAPPORT_DUPLICATE_NONE, "");
}

static GPtrArray *
find (RapportStore *store,
      const char   *entity,
      const char   *json)
{
  g_autoptr(JsonObject) draft = rapport_test_parse_object (json);
  g_autoptr(GError) error = NULL;
  GPtrArray *found = rapport_store_find_duplicates (store, entity, draft, RAPPORT_DUPLICATE_LIKELY,
                                                    &error);

  g_assert_no_error (error);
  return found;
}

/* The editor's question: a new contact typed with an existing one's email. */
static void
test_store_find (RapportTestStore *fixture,
                 gconstpointer     data)
{
  g_autofree char *ana = rapport_test_create (fixture->store, "contact",
    "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
    " \"emails\": [{\"label\": \"work\", \"value\": \"ana@northwind.example\"}]}");
  g_autofree char *lucas = rapport_test_create (fixture->store, "contact",
    "{\"first_name\": \"Lucas\", \"last_name\": \"Martin\","
    " \"phones\": [{\"label\": \"work\", \"value\": \"+33 1 42 68 53 00\"}]}");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  RapportDuplicate *first;

  found = find (fixture->store, "contact",
                "{\"first_name\": \"ana\", \"last_name\": \"ribeiro\","
                " \"emails\": [{\"value\": \"ANA@northwind.example\"}]}");
  g_assert_cmpuint (found->len, ==, 1);
  first = g_ptr_array_index (found, 0);
  g_assert_cmpstr (first->id, ==, ana);
  g_assert_cmpint (first->match->level, ==, RAPPORT_DUPLICATE_CERTAIN);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A record is not its own duplicate. */
  {
    g_autofree char *json = g_strdup_printf (
      "{\"id\": \"%s\", \"first_name\": \"Lucas\", \"last_name\": \"Martin\","
      " \"phones\": [{\"value\": \"+33142685300\"}]}", lucas);

    found = find (fixture->store, "contact", json);
    g_assert_cmpuint (found->len, ==, 0);
    g_clear_pointer (&found, g_ptr_array_unref);
  }

  /* An edit moves the keys: the old email no longer finds Ana. */
  {
    g_autoptr(JsonObject) changes = rapport_test_parse_object (
      "{\"emails\": [{\"label\": \"work\", \"value\": \"ana@contoso.example\"}]}");
    g_autoptr(JsonObject) updated = rapport_store_update (fixture->store, "contact", ana, changes,
                                                          &error);

    g_assert_no_error (error);
  }
  found = find (fixture->store, "contact",
                "{\"first_name\": \"Lucia\", \"emails\": [{\"value\": \"ana@northwind.example\"}]}");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A deleted record is no duplicate. */
  g_assert_true (rapport_store_delete (fixture->store, "contact", ana, &error));
  g_assert_no_error (error);
  found = find (fixture->store, "contact",
                "{\"first_name\": \"Ana\", \"emails\": [{\"value\": \"ana@contoso.example\"}]}");
  g_assert_cmpuint (found->len, ==, 0);

  /* 王芳 in the book, Fang Wang typed: found through the pinyin key. */
  {
    g_autofree char *wang = rapport_test_create (fixture->store, "contact",
                                                 "{\"first_name\": \"芳\", \"last_name\": \"王\"}");
    g_autoptr(JsonObject) draft = rapport_test_parse_object (
      "{\"first_name\": \"Fang\", \"last_name\": \"Wang\"}");

    g_clear_pointer (&found, g_ptr_array_unref);
    found = rapport_store_find_duplicates (fixture->store, "contact", draft,
                                           RAPPORT_DUPLICATE_POSSIBLE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    first = g_ptr_array_index (found, 0);
    g_assert_cmpstr (first->id, ==, wang);
    g_assert_cmpint (first->match->level, ==, RAPPORT_DUPLICATE_POSSIBLE);
  }

  /* Katherine Meyer in the book, Catherine Maier typed: no name block of
   * theirs is shared, their sound is (m K0RN). */
  {
    g_autofree char *meyer = rapport_test_create (fixture->store, "contact",
                                                  "{\"first_name\": \"Katherine\", \"last_name\": \"Meyer\"}");
    g_autoptr(JsonObject) draft = rapport_test_parse_object (
      "{\"first_name\": \"Catherine\", \"last_name\": \"Maier\"}");

    g_clear_pointer (&found, g_ptr_array_unref);
    found = rapport_store_find_duplicates (fixture->store, "contact", draft,
                                           RAPPORT_DUPLICATE_POSSIBLE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    first = g_ptr_array_index (found, 0);
    g_assert_cmpstr (first->id, ==, meyer);
  }

  g_assert_null (rapport_store_find_duplicates (fixture->store, "deal", NULL,
                                                RAPPORT_DUPLICATE_LIKELY, &error));
  g_assert_error (error, RAPPORT_STORE_ERROR, RAPPORT_STORE_ERROR_UNKNOWN_ENTITY);
}

/* The whole book: groups, and a switchboard number shared by 21 people
 * links none of them. */
static void
test_store_scan (RapportTestStore *fixture,
                 gconstpointer     data)
{
  static const char *surnames[] = { "Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk",
                                    "Kamiński", "Lewandowski", "Zieliński", "Szymański",
                                    "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski",
                                    "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski",
                                    "Grabowski", "Nowakowski", "Pawłowski", "Michalski" };
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  RapportDuplicateGroup *group;
  guint skipped = 0;

  static const char *first_names[] = { "Adam", "Barbara", "Cezary", "Dorota", "Edward",
                                       "Filip", "Grażyna", "Henryk", "Irena", "Jan", "Krystyna",
                                       "Leszek", "Marta", "Norbert", "Olga", "Paweł", "Renata",
                                       "Stefan", "Teresa", "Urszula", "Wiktor" };

  for (guint i = 0; i < G_N_ELEMENTS (surnames); i++)
    g_free (rapport_test_create (fixture->store, "contact",
                                 "{\"first_name\": \"%s\", \"last_name\": \"%s\","
                                 " \"phones\": [{\"value\": \"+48 22 123 45 67\"}]}",
                                 first_names[i], surnames[i]));
  g_free (rapport_test_create (fixture->store, "contact",
                               "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                               " \"emails\": [{\"value\": \"ana@northwind.example\"}]}"));
  g_free (rapport_test_create (fixture->store, "contact",
                               "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
                               " \"emails\": [{\"value\": \"Ana@Northwind.example\"}]}"));
  g_free (rapport_test_create (fixture->store, "contact",
                               "{\"first_name\": \"Ribeiro\", \"last_name\": \"Ana\"}"));

  groups = rapport_store_scan_duplicates (fixture->store, "contact", RAPPORT_DUPLICATE_LIKELY,
                                          &skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (skipped, ==, 1);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpint (group->level, ==, RAPPORT_DUPLICATE_CERTAIN);
  g_assert_cmpuint (group->records->len, ==, 2);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* With possible matches, the swapped name joins the group. */
  groups = rapport_store_scan_duplicates (fixture->store, "contact", RAPPORT_DUPLICATE_POSSIBLE,
                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpuint (group->records->len, ==, 3);
  g_assert_cmpuint (group->pairs->len, ==, 3);
}

/* "Create anyway" with a reason: a not_duplicate record of the pair, in
 * either order, keeps the editor's banner and the scan from pairing them
 * again, and only them. */
static void
test_store_not_duplicate (RapportTestStore *fixture,
                          gconstpointer     data)
{
  g_autofree char *ana = rapport_test_create (fixture->store, "contact",
    "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
    " \"emails\": [{\"value\": \"ana@northwind.example\"}]}");
  g_autofree char *other_ana = rapport_test_create (fixture->store, "contact",
    "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
    " \"emails\": [{\"value\": \"Ana@Northwind.example\"}]}");
  g_autofree char *third_ana = rapport_test_create (fixture->store, "contact",
    "{\"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
    " \"emails\": [{\"value\": \"ana@northwind.example\"}]}");
  g_autofree char *draft = g_strdup_printf (
    "{\"id\": \"%s\", \"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
    " \"emails\": [{\"value\": \"ana@northwind.example\"}]}", other_ana);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  RapportDuplicateGroup *group;

  found = find (fixture->store, "contact", draft);
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Said of other_ana, with ana named second. */
  g_free (rapport_test_create (fixture->store, "not_duplicate",
                               "{\"object\": \"contact\", \"record_id\": \"%s\","
                               " \"other_id\": \"%s\", \"reason\": \"Different person, same name\"}",
                               other_ana, ana));
  found = find (fixture->store, "contact", draft);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((RapportDuplicate *) g_ptr_array_index (found, 0))->id, ==, third_ana);
  g_clear_pointer (&found, g_ptr_array_unref);
  /* From ana's side too. */
  {
    g_autofree char *from_ana = g_strdup_printf (
      "{\"id\": \"%s\", \"first_name\": \"Ana\", \"last_name\": \"Ribeiro\","
      " \"emails\": [{\"value\": \"ana@northwind.example\"}]}", ana);

    found = find (fixture->store, "contact", from_ana);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (((RapportDuplicate *) g_ptr_array_index (found, 0))->id, ==, third_ana);
    g_clear_pointer (&found, g_ptr_array_unref);
  }

  /* The scan still links all three through the third, but not by that pair. */
  groups = rapport_store_scan_duplicates (fixture->store, "contact", RAPPORT_DUPLICATE_LIKELY,
                                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpuint (group->records->len, ==, 3);
  g_assert_cmpuint (group->pairs->len, ==, 2);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Both pages name the other, with the reason. */
  {
    g_autoptr(GPtrArray) marks = rapport_store_not_duplicates_of (fixture->store, "contact", ana,
                                                                  &error);
    JsonObject *mark;

    g_assert_no_error (error);
    g_assert_cmpuint (marks->len, ==, 1);
    mark = g_ptr_array_index (marks, 0);
    g_assert_cmpstr (json_object_get_string_member (mark, "other_id"), ==, other_ana);
    g_assert_cmpstr (json_object_get_string_member (mark, "other_title"), ==, "Ana Ribeiro");
    g_assert_cmpstr (json_object_get_string_member (mark, "reason"), ==,
                     "Different person, same name");
    g_clear_pointer (&marks, g_ptr_array_unref);
    marks = rapport_store_not_duplicates_of (fixture->store, "contact", third_ana, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (marks->len, ==, 0);
  }

  /* A company's mark does not hide contacts. */
  g_free (rapport_test_create (fixture->store, "not_duplicate",
                               "{\"object\": \"company\", \"record_id\": \"%s\","
                               " \"other_id\": \"%s\"}", ana, third_ana));
  found = find (fixture->store, "contact", draft);
  g_assert_cmpuint (found->len, ==, 1);
}

/* A page of the changes feed with @n companies, two of each name. */
static JsonArray *
make_page (guint n)
{
  JsonArray *changes = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"entity\": \"company\", \"id\": \"01a21000-0000-7000-8000-%012u\", \"deleted\": false,"
        " \"record\": {\"id\": \"01a21000-0000-7000-8000-%012u\", \"version\": 1,"
        " \"created_at\": \"2026-11-02T09:00:00Z\", \"updated_at\": \"2026-11-02T09:00:00Z\","
        " \"name\": \"Firma %u Sp. z o.o.\", \"website\": \"https://firma%u.example\"}}",
        i, i, i / 2, i / 2);

      json_array_add_object_element (changes, rapport_test_parse_object (json));
    }
  return changes;
}

/* A first sync writes no keys; they follow in the background, and a scan
 * builds what is still owed before it reads. */
static void
test_first_sync (void)
{
  g_autofree char *dir = rapport_test_make_dir ();
  RapportStore *store = rapport_test_open_store (dir);
  g_autoptr(JsonArray) page = make_page (1200);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_begin_bulk_load (store, &error));
  g_assert_true (rapport_store_apply_pull_page (store, page, "1200", &error));
  g_assert_no_error (error);
  g_assert_true (rapport_store_match_keys_owed (store));

  /* Closed before the keys were built: the next open owes them still. */
  g_object_unref (store);
  store = rapport_test_open_store (dir);
  rapport_store_wait_for_writes (store);
  groups = rapport_store_scan_duplicates (store, "company", RAPPORT_DUPLICATE_LIKELY, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (rapport_store_match_keys_owed (store));
  g_assert_cmpuint (groups->len, ==, 600);
  g_object_unref (store);
  rapport_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/match/person-names", test_person_names);
  g_test_add_func ("/rapport/match/pinyin", test_pinyin);
  g_test_add_func ("/rapport/match/metaphone", test_metaphone);
  g_test_add_func ("/rapport/match/company-names", test_company_names);
  g_test_add_func ("/rapport/match/emails", test_emails);
  g_test_add_func ("/rapport/match/domains", test_domains);
  g_test_add_func ("/rapport/match/phones", test_phones);
  g_test_add_func ("/rapport/duplicates/jaro-winkler", test_jaro_winkler);
  g_test_add_func ("/rapport/duplicates/contacts", test_contacts);
  g_test_add_func ("/rapport/duplicates/companies", test_companies);
  g_test_add ("/rapport/duplicates/store/find", RapportTestStore, NULL,
              rapport_test_store_set_up, test_store_find, rapport_test_store_tear_down);
  g_test_add ("/rapport/duplicates/store/scan", RapportTestStore, NULL,
              rapport_test_store_set_up, test_store_scan, rapport_test_store_tear_down);
  g_test_add ("/rapport/duplicates/store/not-duplicate", RapportTestStore, NULL,
              rapport_test_store_set_up, test_store_not_duplicate, rapport_test_store_tear_down);
  g_test_add_func ("/rapport/duplicates/store/first-sync", test_first_sync);

  return g_test_run ();
}
