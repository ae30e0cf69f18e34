/* bench-data.c: realistic, reproducible records for the benchmarks
 *
 * The benchmarks need data that behaves like a real team's: Latin names with
 * accents next to Chinese ones (they fold and tokenise differently), emails and
 * phones that prefix searches hit, a few owners holding most records, and
 * references between records. Everything but the ids comes from a seeded
 * PRNG, so two runs load the same data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-bench"

#include "config.h"

#include <string.h>

#include "bench-data.h"
#include "rapport-uuid.h"

/* Ids kept per record type for references; a million contacts need not all
 * be remembered to be pointed at. */
#define MAX_POOL 200000

/* Records are dated between 2022-01-01 and 2025-06-01. */
#define FIRST_TIME G_GINT64_CONSTANT (1640995200)
#define LAST_TIME  G_GINT64_CONSTANT (1748736000)

#define PICK(self, list) ((list)[g_rand_int_range ((self)->rand, 0, G_N_ELEMENTS (list))])

typedef struct
{
  const char *han;
  const char *pinyin;
} HanWord;

typedef struct
{
  const char *name;
  int         probability;
  const char *kind;
} StageTemplate;

typedef enum
{
  KIND_USER,
  KIND_COMPANY,
  KIND_CONTACT,
  KIND_PIPELINE,
  KIND_STAGE,
  KIND_DEAL,
  KIND_CASE,
  KIND_ACTIVITY,
  N_KINDS
} Kind;

struct _BenchData
{
  GRand     *rand;            /* (owned) */
  GPtrArray *pools[N_KINDS];  /* (owned) (element-type utf8): ids made so far */
  guint      made[N_KINDS];
};

typedef void (*FillFunc) (BenchData  *self,
                          JsonObject *record,
                          guint       index);

static const char * const first_names[] = {
  "Anna", "José", "Søren", "François", "Zoë", "Björn", "Łukasz", "Ágnes", "Chloé",
  "Jürgen", "Renée", "Mónica", "Maria", "James", "Olivia", "Lukas", "Emma", "Noah",
  "Sofia", "Mateo", "Élodie", "Håkon", "Çağla", "Ingrid", "Peter", "Wei", "Jun", "Mei",
  "Hiroshi", "Priya", "Ahmed", "Fatima", "Ólafur", "Dagný", "Thomas", "Laura", "Núria",
};

static const char * const last_names[] = {
  "Müller", "García", "Østergaard", "Núñez", "Lefèvre", "Kowalski", "Smith", "Lee",
  "Zhang", "Wang", "Li", "Chen", "Liu", "Zhao", "Nguyễn", "O'Brien", "Schröder", "Dvořák",
  "Schmidt", "Johansson", "Rossi", "Fernández", "Jönsson", "Brown", "Martin", "Dubois",
  "Andersen", "Yılmaz", "Papadopoulos", "Kim", "Park", "Zhou", "Huang", "Lopez", "Weiß",
};

static const HanWord han_family_names[] = {
  { "张", "zhang" }, { "王", "wang" }, { "李", "li" }, { "刘", "liu" }, { "陈", "chen" },
  { "杨", "yang" }, { "赵", "zhao" }, { "黄", "huang" }, { "周", "zhou" }, { "吴", "wu" },
  { "徐", "xu" }, { "孙", "sun" },
};

static const HanWord han_given_names[] = {
  { "三丰", "sanfeng" }, { "娜", "na" }, { "伟", "wei" }, { "芳", "fang" }, { "静", "jing" },
  { "磊", "lei" }, { "敏", "min" }, { "强", "qiang" }, { "丽", "li" }, { "军", "jun" },
  { "洋", "yang" }, { "勇", "yong" }, { "艳", "yan" }, { "杰", "jie" }, { "涛", "tao" },
  { "明", "ming" }, { "超", "chao" }, { "秀英", "xiuying" }, { "桂英", "guiying" },
  { "建华", "jianhua" }, { "小龙", "xiaolong" }, { "晓明", "xiaoming" },
};

static const char * const mail_domains[] = {
  "example.com", "mail.de", "correo.es", "posteo.de", "outlook.com", "gmail.com",
  "laposte.fr", "libero.it",
};

static const char * const han_mail_domains[] = { "qq.com", "163.com", "126.com", "example.cn" };

static const char * const job_titles[] = {
  "CEO", "CTO", "Head of Sales", "Account Manager", "Procurement Lead", "Office Manager",
  "Software Engineer", "Purchasing Director", "采购经理", "销售总监", "Einkaufsleiter",
  "Directora comercial", "Responsable achats", "IT Administrator",
};

static const char * const streets[] = {
  "Hauptstraße", "Calle Mayor", "Rue de la Paix", "Baker Street", "Nørregade",
  "Via Roma", "南京路", "Kungsgatan", "Market Street",
};

static const char * const cities[] = {
  "10115 Berlin", "28013 Madrid", "75002 Paris", "London NW1 6XE", "1165 København",
  "00184 Roma", "上海 200001", "111 57 Stockholm", "San Francisco, CA 94103",
};

static const char * const sources[] = { "web", "referral", "event", "import", "cold call" };

static const char * const tag_names[] = {
  "vip", "newsletter", "partner", "trade-show-2024", "churn-risk", "enterprise", "smb",
  "beta", "重点客户",
};

static const char * const company_prefixes[] = {
  "Nordlicht", "Alpen", "Blue River", "Cascade", "Delta", "Edelweiß", "Fjord", "Grüner",
  "Horizon", "Iberia", "Jade", "Kepler", "Lumen", "Mistral", "Nova", "Orion", "Polaris",
  "Quartz", "Riviera", "Sakura", "Tundra", "Umbra", "Vega", "Wolke", "Zenith",
};

static const char * const company_middles[] = {
  "Software", "Logistik", "Consulting", "Foods", "Energy", "Medical", "Systems", "Bau",
  "Textil", "Solar", "Robotics", "Analytics",
};

static const char * const company_suffixes[] = {
  "GmbH", "AG", "S.L.", "SAS", "Ltd", "Inc.", "ApS", "AB", "S.p.A.",
};

static const HanWord han_cities[] = {
  { "北京", "beijing" }, { "上海", "shanghai" }, { "深圳", "shenzhen" }, { "杭州", "hangzhou" },
  { "广州", "guangzhou" }, { "成都", "chengdu" },
};

static const HanWord han_company_words[] = {
  { "华信", "huaxin" }, { "中科", "zhongke" }, { "腾达", "tengda" }, { "瑞丰", "ruifeng" },
  { "恒通", "hengtong" }, { "联创", "lianchuang" }, { "天成", "tiancheng" },
};

static const char * const han_company_kinds[] = { "科技", "贸易", "物流", "电子", "医疗", "能源" };

static const char * const industries[] = {
  "Software", "Manufacturing", "Retail", "Healthcare", "Logistics", "Energy", "Finance",
  "Education", "Construction", "Hospitality",
};

static const int employee_scales[] = { 1, 10, 100, 1000 };

static const char * const tlds[] = { "com", "de", "es", "fr", "io", "se", "it" };

static const char * const user_names[] = {
  "Ana Ruiz", "Ben Okafor", "陈静", "Dana Weiß", "Erik Lund", "Fatima Zahra", "Gao Yang",
  "Hannah Berg",
};

static const char * const pipeline_names[] = { "New business", "Renewals" };

static const StageTemplate stage_templates[] = {
  { "Qualification", 10, "open" },
  { "Discovery", 25, "open" },
  { "Proposal", 50, "open" },
  { "Negotiation", 75, "open" },
  { "Won", 100, "won" },
  { "Lost", 0, "lost" },
};

static const char * const products[] = {
  "CRM licences", "Support renewal", "Onboarding", "Hardware refresh", "Consulting days",
  "Cloud migration", "年度维护合同", "Schulung", "Licencias anuales",
};

static const char * const currencies[] = { "EUR", "USD", "CNY", "GBP", "CHF", "SEK" };

static const char * const lost_reasons[] = { "Price", "Went with a competitor", "No budget", "Timing" };

static const char * const case_subjects[] = {
  "Cannot log in", "Invoice is wrong", "Export fails", "Sync stuck", "Feature request: dark mode",
  "Password reset", "数据导入失败", "Rechnung fehlt", "Slow search", "Crash on start",
  "No se puede imprimir",
};

static const char * const case_priorities[] = { "low", "normal", "normal", "normal", "high", "urgent" };

static const char * const case_channels[] = { "phone", "email", "email", "chat", "web", "in_person" };

static const char * const case_statuses[] = {
  "new", "open", "open", "pending", "resolved", "resolved", "closed", "closed", "closed",
};

static const char * const activity_kinds[] = { "call", "email", "email", "meeting", "note", "chat" };

static const char * const activity_subjects[] = {
  "Intro call", "Follow-up", "Demo", "Quarterly review", "Pricing question",
  "Onboarding session", "Call back", "回访", "Angebot besprochen",
};

static const char * const sentences[] = {
  "Met at the trade show; interested in the enterprise plan.",
  "Prefers email, never before 10 o'clock.",
  "Budget approved for next quarter.",
  "客户希望下周再联系。",
  "Hat nach einer Testversion gefragt.",
  "Le contrat arrive à échéance en juin.",
};

static gboolean
chance (BenchData *self,
        int        percent)
{
  return g_rand_int_range (self->rand, 0, 100) < percent;
}

static const char *
pick_id (BenchData *self,
         Kind       kind)
{
  GPtrArray *pool = self->pools[kind];

  if (pool->len == 0)
    return NULL;
  return g_ptr_array_index (pool, g_rand_int_range (self->rand, 0, pool->len));
}

/* A few owners hold most records, as in a real team: squaring a uniform
 * number skews the pick towards the first users. */
static const char *
pick_owner (BenchData *self)
{
  GPtrArray *users = self->pools[KIND_USER];
  double r = g_rand_double (self->rand);

  if (users->len == 0)
    return NULL;
  return g_ptr_array_index (users, (guint) (r * r * users->len));
}

static char *
random_time (BenchData *self,
             gint64     from,
             gint64     to)
{
  gint64 t = from + (gint64) (g_rand_double (self->rand) * (to - from));
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (t);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
random_date (BenchData *self,
             int        first_year,
             int        last_year)
{
  return g_strdup_printf ("%04d-%02d-%02d",
                          g_rand_int_range (self->rand, first_year, last_year + 1),
                          g_rand_int_range (self->rand, 1, 13),
                          g_rand_int_range (self->rand, 1, 29));
}

/* "Søren" -> "soren", for the local part of an email address or a domain. */
static char *
ascii_word (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *word = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (word, g_ascii_tolower (*p));
  if (word->len == 0)
    g_string_append (word, "x");
  return g_string_free (word, FALSE);
}

static void
set_string (JsonObject *record,
            const char *name,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (record, name, value);
  else
    json_object_set_null_member (record, name);
}

static void
take_string (JsonObject *record,
             const char *name,
             char       *value)
{
  set_string (record, name, value);
  g_free (value);
}

static void
append_labeled (JsonArray  *array,
                const char *label,
                char       *value)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "label", label);
  json_object_set_string_member (entry, "value", value);
  json_array_add_object_element (array, entry);
  g_free (value);
}

static void
set_tags (BenchData  *self,
          JsonObject *record)
{
  JsonArray *tags = json_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (tag_names); i++)
    if (chance (self, 10))
      json_array_add_string_element (tags, tag_names[i]);
  json_object_set_array_member (record, "tags", tags);
}

static char *
make_phone (BenchData *self,
            gboolean   chinese)
{
  GRand *r = self->rand;

  if (chinese || chance (self, 15))
    return g_strdup_printf ("+86 1%02d %04d %04d", g_rand_int_range (r, 30, 90),
                            g_rand_int_range (r, 0, 10000), g_rand_int_range (r, 0, 10000));

  switch (g_rand_int_range (r, 0, 4))
    {
    case 0:
      return g_strdup_printf ("+49 1%02d %07d", g_rand_int_range (r, 50, 80),
                              g_rand_int_range (r, 0, 10000000));
    case 1:
      return g_strdup_printf ("+1 %03d 555 %04d", g_rand_int_range (r, 200, 1000),
                              g_rand_int_range (r, 0, 10000));
    case 2:
      return g_strdup_printf ("+33 6 %02d %02d %02d %02d", g_rand_int_range (r, 0, 100),
                              g_rand_int_range (r, 0, 100), g_rand_int_range (r, 0, 100),
                              g_rand_int_range (r, 0, 100));
    default:
      return g_strdup_printf ("+34 6%02d %03d %03d", g_rand_int_range (r, 0, 100),
                              g_rand_int_range (r, 0, 1000), g_rand_int_range (r, 0, 1000));
    }
}

static char *
make_address (BenchData *self)
{
  return g_strdup_printf ("%s %d, %s", PICK (self, streets), g_rand_int_range (self->rand, 1, 200),
                          PICK (self, cities));
}

static void
fill_user (BenchData  *self,
           JsonObject *record,
           guint       index)
{
  const char *name = index < G_N_ELEMENTS (user_names) ? user_names[index] : "Team Member";
  g_autofree char *local = ascii_word (name);

  set_string (record, "name", name);
  take_string (record, "email", g_strdup_printf ("%s%u@rapport.example", local, index));
  set_string (record, "role", index == 0 ? "admin" : index < 3 ? "manager" : "rep");
  json_object_set_boolean_member (record, "active", TRUE);
}

static void
fill_company (BenchData  *self,
              JsonObject *record,
              guint       index)
{
  g_autofree char *domain = NULL;

  if (chance (self, 20))
    {
      const HanWord *city = &PICK (self, han_cities);
      const HanWord *word = &PICK (self, han_company_words);

      take_string (record, "name", g_strdup_printf ("%s%s%s有限公司", city->han, word->han,
                                                    PICK (self, han_company_kinds)));
      domain = g_strdup_printf ("%s%s.cn", word->pinyin, city->pinyin);
    }
  else
    {
      const char *prefix = PICK (self, company_prefixes);
      const char *middle = PICK (self, company_middles);
      g_autofree char *a = ascii_word (prefix);
      g_autofree char *b = ascii_word (middle);

      take_string (record, "name", g_strdup_printf ("%s %s %s", prefix, middle,
                                                    PICK (self, company_suffixes)));
      domain = g_strdup_printf ("%s-%s.%s", a, b, PICK (self, tlds));
    }

  set_string (record, "domain", domain);
  set_string (record, "industry", PICK (self, industries));
  json_object_set_int_member (record, "employees",
                              g_rand_int_range (self->rand, 1, 10) *
                                (gint64) PICK (self, employee_scales));
  take_string (record, "phone", make_phone (self, FALSE));
  take_string (record, "website", g_strdup_printf ("https://www.%s", domain));
  take_string (record, "address", make_address (self));
  set_string (record, "owner_id", pick_owner (self));
  set_tags (self, record);
  set_string (record, "notes", chance (self, 30) ? PICK (self, sentences) : NULL);
}

static const char *
pick_lifecycle (BenchData *self)
{
  int r = g_rand_int_range (self->rand, 0, 100);

  if (r < 40)
    return "lead";
  if (r < 65)
    return "prospect";
  if (r < 95)
    return "customer";
  return "former";
}

static void
fill_contact (BenchData  *self,
              JsonObject *record,
              guint       index)
{
  gboolean han = chance (self, 25);
  g_autofree char *local = NULL;
  g_autofree char *number = NULL;
  const char *domain;
  JsonArray *emails = json_array_new ();
  JsonArray *phones = json_array_new ();

  if (han)
    {
      const HanWord *family = &PICK (self, han_family_names);
      const HanWord *given = &PICK (self, han_given_names);

      set_string (record, "first_name", given->han);
      set_string (record, "last_name", family->han);
      local = g_strdup_printf ("%s.%s", given->pinyin, family->pinyin);
      domain = PICK (self, han_mail_domains);
    }
  else
    {
      const char *first = PICK (self, first_names);
      const char *last = PICK (self, last_names);
      g_autofree char *a = ascii_word (first);
      g_autofree char *b = ascii_word (last);

      set_string (record, "first_name", first);
      set_string (record, "last_name", last);
      local = g_strdup_printf ("%s.%s", a, b);
      domain = PICK (self, mail_domains);
    }

  /* Real address books hold many Anna Müllers; a number keeps addresses apart. */
  number = chance (self, 60) ? g_strdup_printf ("%u", g_rand_int_range (self->rand, 1, 1000))
                             : g_strdup ("");
  if (chance (self, 95))
    append_labeled (emails, "work", g_strdup_printf ("%s%s@%s", local, number, domain));
  if (chance (self, 20))
    append_labeled (emails, "home", g_strdup_printf ("%s@%s", local, PICK (self, mail_domains)));
  json_object_set_array_member (record, "emails", emails);

  if (chance (self, 85))
    append_labeled (phones, "mobile", make_phone (self, han));
  if (chance (self, 30))
    append_labeled (phones, "work", make_phone (self, han));
  json_object_set_array_member (record, "phones", phones);

  set_string (record, "title", chance (self, 70) ? PICK (self, job_titles) : NULL);
  set_string (record, "company_id", chance (self, 80) ? pick_id (self, KIND_COMPANY) : NULL);
  take_string (record, "address", chance (self, 50) ? make_address (self) : NULL);
  take_string (record, "birthday", chance (self, 30) ? random_date (self, 1950, 2000) : NULL);
  set_string (record, "lifecycle", pick_lifecycle (self));
  set_string (record, "source", PICK (self, sources));
  set_string (record, "owner_id", pick_owner (self));
  set_tags (self, record);
  set_string (record, "notes", chance (self, 20) ? PICK (self, sentences) : NULL);
}

static void
fill_pipeline (BenchData  *self,
               JsonObject *record,
               guint       index)
{
  set_string (record, "name", pipeline_names[index % G_N_ELEMENTS (pipeline_names)]);
  json_object_set_int_member (record, "position", index);
}

/* Stages come in runs of one template per pipeline, in pipeline order. */
static void
fill_stage (BenchData  *self,
            JsonObject *record,
            guint       index)
{
  const StageTemplate *stage = &stage_templates[index % G_N_ELEMENTS (stage_templates)];
  GPtrArray *pipelines = self->pools[KIND_PIPELINE];
  guint pipeline = index / G_N_ELEMENTS (stage_templates);

  g_assert (pipeline < pipelines->len);
  set_string (record, "pipeline_id", g_ptr_array_index (pipelines, pipeline));
  set_string (record, "name", stage->name);
  json_object_set_int_member (record, "position", index % G_N_ELEMENTS (stage_templates));
  json_object_set_int_member (record, "probability", stage->probability);
  set_string (record, "kind", stage->kind);
}

static void
fill_deal (BenchData  *self,
           JsonObject *record,
           guint       index)
{
  GPtrArray *stages = self->pools[KIND_STAGE];
  guint stage = g_rand_int_range (self->rand, 0, stages->len);
  const StageTemplate *template = &stage_templates[stage % G_N_ELEMENTS (stage_templates)];
  guint pipeline = stage / G_N_ELEMENTS (stage_templates);

  take_string (record, "title", g_strdup_printf ("%s – %s", PICK (self, products),
                                                 PICK (self, company_prefixes)));
  set_string (record, "company_id", pick_id (self, KIND_COMPANY));
  set_string (record, "contact_id", chance (self, 80) ? pick_id (self, KIND_CONTACT) : NULL);
  set_string (record, "pipeline_id", g_ptr_array_index (self->pools[KIND_PIPELINE], pipeline));
  set_string (record, "stage_id", g_ptr_array_index (stages, stage));
  json_object_set_int_member (record, "amount",
                              (gint64) g_rand_int_range (self->rand, 5, 50000) * 1000);
  set_string (record, "currency", PICK (self, currencies));
  json_object_set_int_member (record, "probability", template->probability);
  take_string (record, "expected_close", random_date (self, 2024, 2026));
  set_string (record, "owner_id", pick_owner (self));
  set_string (record, "status", template->kind);
  set_string (record, "lost_reason",
              strcmp (template->kind, "lost") == 0 ? PICK (self, lost_reasons) : NULL);
  take_string (record, "closed_at", strcmp (template->kind, "open") != 0
                                      ? random_time (self, FIRST_TIME, LAST_TIME) : NULL);
  set_tags (self, record);
}

static void
fill_case (BenchData  *self,
           JsonObject *record,
           guint       index)
{
  const char *status = PICK (self, case_statuses);
  gboolean done = strcmp (status, "resolved") == 0 || strcmp (status, "closed") == 0;

  take_string (record, "subject", g_strdup_printf ("%s (#%u)", PICK (self, case_subjects),
                                                   index + 1000));
  set_string (record, "description", PICK (self, sentences));
  set_string (record, "contact_id", pick_id (self, KIND_CONTACT));
  set_string (record, "company_id", chance (self, 70) ? pick_id (self, KIND_COMPANY) : NULL);
  set_string (record, "status", status);
  set_string (record, "priority", PICK (self, case_priorities));
  set_string (record, "channel", PICK (self, case_channels));
  set_string (record, "assignee_id", pick_owner (self));
  take_string (record, "due_at", random_time (self, FIRST_TIME, LAST_TIME));
  take_string (record, "resolved_at", done ? random_time (self, FIRST_TIME, LAST_TIME) : NULL);
  if (done && chance (self, 60))
    json_object_set_int_member (record, "satisfaction", g_rand_int_range (self->rand, 1, 6));
  else
    json_object_set_null_member (record, "satisfaction");
  set_tags (self, record);
}

static void
fill_activity (BenchData  *self,
               JsonObject *record,
               guint       index)
{
  const char *kind = PICK (self, activity_kinds);
  gboolean timed = strcmp (kind, "call") == 0 || strcmp (kind, "meeting") == 0;
  gboolean directed = timed || strcmp (kind, "email") == 0;

  set_string (record, "kind", kind);
  set_string (record, "subject", PICK (self, activity_subjects));
  set_string (record, "body", chance (self, 60) ? PICK (self, sentences) : NULL);
  take_string (record, "occurred_at", random_time (self, FIRST_TIME, LAST_TIME));
  if (timed)
    json_object_set_int_member (record, "duration_min", g_rand_int_range (self->rand, 5, 120));
  else
    json_object_set_null_member (record, "duration_min");
  set_string (record, "direction",
              directed ? (chance (self, 50) ? "inbound" : "outbound") : NULL);
  set_string (record, "contact_id", pick_id (self, KIND_CONTACT));
  set_string (record, "company_id", chance (self, 60) ? pick_id (self, KIND_COMPANY) : NULL);
  set_string (record, "deal_id", chance (self, 30) ? pick_id (self, KIND_DEAL) : NULL);
  set_string (record, "case_id", chance (self, 15) ? pick_id (self, KIND_CASE) : NULL);
  set_string (record, "owner_id", pick_owner (self));
}

static const struct
{
  const char *entity;
  FillFunc    fill;
} makers[N_KINDS] = {
  [KIND_USER] = { "user", fill_user },
  [KIND_COMPANY] = { "company", fill_company },
  [KIND_CONTACT] = { "contact", fill_contact },
  [KIND_PIPELINE] = { "pipeline", fill_pipeline },
  [KIND_STAGE] = { "stage", fill_stage },
  [KIND_DEAL] = { "deal", fill_deal },
  [KIND_CASE] = { "case", fill_case },
  [KIND_ACTIVITY] = { "activity", fill_activity },
};

BenchData *
bench_data_new (guint32 seed)
{
  BenchData *self = g_new0 (BenchData, 1);

  self->rand = g_rand_new_with_seed (seed);
  for (guint i = 0; i < N_KINDS; i++)
    self->pools[i] = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
bench_data_free (BenchData *self)
{
  for (guint i = 0; i < N_KINDS; i++)
    g_ptr_array_unref (self->pools[i]);
  g_rand_free (self->rand);
  g_free (self);
}

/**
 * bench_data_make_page:
 * @entity: a record type name; stages need their pipelines made first
 * @n_records: how many records
 *
 * Makes records as the server would send them in a first sync: every field,
 * with id, version and timestamps, referring to records made before.
 *
 * Returns: (transfer full) (element-type JsonObject): the records
 */
GPtrArray *
bench_data_make_page (BenchData  *self,
                      const char *entity,
                      guint       n_records)
{
  GPtrArray *page = g_ptr_array_new_full (n_records, (GDestroyNotify) json_object_unref);
  Kind kind = N_KINDS;

  for (guint i = 0; i < N_KINDS; i++)
    if (strcmp (makers[i].entity, entity) == 0)
      kind = i;
  g_return_val_if_fail (kind != N_KINDS, page);

  for (guint i = 0; i < n_records; i++)
    {
      JsonObject *record = json_object_new ();
      char *id = rapport_uuid_v7_new ();
      const char *owner = pick_owner (self);
      g_autofree char *created = random_time (self, FIRST_TIME, LAST_TIME - 86400);
      g_autoptr(GDateTime) created_time = g_date_time_new_from_iso8601 (created, NULL);
      g_autoptr(GDateTime) updated_time =
        g_date_time_add_seconds (created_time, g_rand_int_range (self->rand, 0, 86400 * 200));

      json_object_set_string_member (record, "id", id);
      json_object_set_int_member (record, "version", g_rand_int_range (self->rand, 1, 20));
      json_object_set_string_member (record, "created_at", created);
      take_string (record, "updated_at", g_date_time_format (updated_time, "%Y-%m-%dT%H:%M:%SZ"));
      set_string (record, "created_by", owner);
      set_string (record, "updated_by", owner);
      makers[kind].fill (self, record, self->made[kind]++);

      if (self->pools[kind]->len < MAX_POOL)
        g_ptr_array_add (self->pools[kind], id);
      else
        g_free (id);
      g_ptr_array_add (page, record);
    }
  return page;
}
