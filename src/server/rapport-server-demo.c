/* rapport-server-demo.c: a sample team and its book of business
 *
 * A small trading company with offices in Shanghai, Shenzhen, Munich and
 * Lyon: four users, about forty companies and a hundred and fifty contacts,
 * a pipeline with deals in every stage, cases in every status on an SLA
 * clock, activities
 * and tasks. Everything but the ids and passwords is the same on every run,
 * so screenshots and bug reports can point at "Deal 7".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "rapport-server-demo-private.h"
#include "rapport-server-demo.h"
#include "rapport-server-error.h"
#include "rapport-server-records.h"
#include "rapport-server-users.h"
#include "rapport-uuid.h"

#define N_COMPANIES 40
#define N_CONTACTS 150
#define DEALS_PER_STAGE 6
#define CASES_PER_STATUS 4
#define N_ACTIVITIES 90
#define N_TASKS 36

/* The book's dates lie around the day it is made, so that it always has
 * something overdue, something due today and a week ahead to plan. */
char *
rapport_server_demo_days_from_today (RapportServerDemo *demo,
                                     int                days,
                                     int                hour,
                                     const char        *format)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (demo->today, days);
  g_autoptr(GDateTime) moment = g_date_time_add_hours (day, hour);

  return g_date_time_format (moment, format);
}

static const struct
{
  const char *name;
  const char *domain;
  const char *industry;
  const char *city;
} companies[] = {
  { "上海明辉贸易有限公司", "minghui-trade.cn", "Wholesale", "上海市浦东新区世纪大道 88 号" },
  { "Nordlicht Maschinenbau GmbH", "nordlicht-mb.de", "Machinery", "Hansastraße 12, 80686 München" },
  { "深圳华信电子科技", "huaxin-tech.cn", "Electronics", "深圳市南山区科技园南区 6 栋" },
  { "Atelier Lumière SARL", "atelier-lumiere.fr", "Lighting", "14 rue Mercière, 69002 Lyon" },
  { "杭州云帆软件", "yunfan-soft.cn", "Software", "杭州市西湖区文三路 259 号" },
  { "Bergmann & Söhne KG", "bergmann-soehne.de", "Logistics", "Speicherstadt 4, 20457 Hamburg" },
  { "北京远景咨询", "yuanjing-consult.cn", "Consulting", "北京市朝阳区建国门外大街 1 号" },
  { "Costa Verde Alimentos", "costaverde.pt", "Food", "Rua das Flores 30, 1200-195 Lisboa" },
  { "广州恒达物流", "hengda-logistics.cn", "Logistics", "广州市天河区珠江新城华夏路 10 号" },
  { "Helvetia Präzision AG", "helvetia-praezision.ch", "Machinery", "Bahnhofstrasse 21, 8001 Zürich" },
  { "成都锦程医疗器械", "jincheng-med.cn", "Medical devices", "成都市高新区天府大道 1700 号" },
  { "Vasquez Textiles S.A.", "vasquez-textiles.es", "Textiles", "Carrer de Balmes 55, 08007 Barcelona" },
  { "南京金陵化工", "jinling-chem.cn", "Chemicals", "南京市江宁区胜太路 68 号" },
  { "Oakridge Analytics Ltd", "oakridge-analytics.co.uk", "Software", "22 Old Street, London EC1V 9AB" },
  { "苏州精工模具", "jinggong-mould.cn", "Manufacturing", "苏州工业园区星湖街 328 号" },
  { "Van der Berg Logistiek", "vdberg.nl", "Logistics", "Wilhelminakade 91, 3072 AP Rotterdam" },
  { "武汉长江新能源", "changjiang-energy.cn", "Energy", "武汉市东湖新技术开发区光谷大道 77 号" },
  { "Rossi Arredamenti S.r.l.", "rossi-arredamenti.it", "Furniture", "Via Torino 40, 20123 Milano" },
  { "厦门海韵茶业", "haiyun-tea.cn", "Food", "厦门市思明区鹭江道 8 号" },
  { "Kowalski Automotive Sp. z o.o.", "kowalski-auto.pl", "Automotive", "ul. Marszałkowska 10, 00-590 Warszawa" },
  { "天津渤海重工", "bohai-heavy.cn", "Machinery", "天津市滨海新区第三大街 51 号" },
  { "Lindqvist Design AB", "lindqvist-design.se", "Design", "Götgatan 14, 118 46 Stockholm" },
  { "西安秦川航空部件", "qinchuan-aero.cn", "Aerospace", "西安市高新区锦业路 69 号" },
  { "Dubois Vins & Spiritueux", "dubois-vins.fr", "Beverages", "3 quai des Chartrons, 33000 Bordeaux" },
  { "青岛蓝海船舶", "lanhai-marine.cn", "Shipbuilding", "青岛市黄岛区前湾港路 17 号" },
  { "Novak Pharma s.r.o.", "novak-pharma.cz", "Pharmaceuticals", "Václavské náměstí 19, 110 00 Praha" },
  { "宁波东方塑业", "dongfang-plastics.cn", "Plastics", "宁波市鄞州区天童南路 588 号" },
  { "Schmidt Elektrotechnik", "schmidt-et.de", "Electronics", "Königstraße 5, 70173 Stuttgart" },
  { "重庆山城摩托", "shancheng-moto.cn", "Automotive", "重庆市渝北区金开大道 99 号" },
  { "Andersen Marine ApS", "andersen-marine.dk", "Shipbuilding", "Nyhavn 17, 1051 København" },
  { "长沙湘江教育科技", "xiangjiang-edu.cn", "Education", "长沙市岳麓区麓山南路 2 号" },
  { "Moreau Cosmétiques", "moreau-cosmetiques.fr", "Cosmetics", "25 avenue Montaigne, 75008 Paris" },
  { "大连星海港务", "xinghai-port.cn", "Logistics", "大连市中山区人民路 23 号" },
  { "Fischer Bau GmbH", "fischer-bau.at", "Construction", "Mariahilfer Straße 45, 1060 Wien" },
  { "昆明滇池花卉", "dianchi-flowers.cn", "Agriculture", "昆明市呈贡区斗南花卉市场 1 号" },
  { "Ivanova Software OÜ", "ivanova-soft.ee", "Software", "Narva mnt 7, 10117 Tallinn" },
  { "合肥科大讯达", "keda-xunda.cn", "Software", "合肥市高新区望江西路 666 号" },
  { "Okafor Trading Ltd", "okafor-trading.com", "Wholesale", "Unit 4, Canary Wharf, London E14 5AB" },
  { "福州闽江纺织", "minjiang-textile.cn", "Textiles", "福州市鼓楼区五四路 128 号" },
  { "Yamamoto Components", "yamamoto-components.jp", "Electronics", "2-1 Marunouchi, Chiyoda, Tokyo" },
};

static const char * const latin_first[] = {
  "Anna", "Lukas", "Sophie", "Jonas", "Camille", "Mateo", "Elena", "Oliver", "Chloé", "Marco",
  "Ingrid", "Pieter", "Lucía", "Tomasz", "Freya",
};
static const char * const latin_last[] = {
  "Müller", "Dubois", "García", "Rossi", "Novak", "Jansen", "Lindqvist", "Schmidt", "Moreau",
  "Kowalski",
};
static const char * const chinese_family[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
};
static const char * const chinese_given[] = {
  "伟", "芳", "娜", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "霞",
};
static const char * const titles[] = {
  "Purchasing Manager", "采购经理", "CEO", "总经理", "Head of Operations", "销售总监",
  "IT Director", "财务主管", "Project Lead", "技术工程师",
};
static const char * const lifecycles[] = { "lead", "prospect", "customer", "customer", "former" };
static const char * const sources[] = { "Trade fair", "展会", "Website", "推荐", "Cold call" };

/* clang-format off */
static const struct
{
  const char *name;
  int         probability;
  const char *kind;
  int         rotten_days; /* a deal left alone this long is stale; the later the stage, the sooner */
} stages[] = {
  /* Named in the language of whoever makes the book: the team reads them
   * on the board every day. */
  { NC_("default stage", "Lead"), 10, "open", 30 },
  { NC_("default stage", "Qualified"), 25, "open", 21 },
  { NC_("default stage", "Proposal"), 50, "open", 14 },
  { NC_("default stage", "Negotiation"), 75, "open", 14 },
  { NC_("default stage", "Won"), 100, "won", 0 },
  { NC_("default stage", "Lost"), 0, "lost", 0 },
};
/* clang-format on */
/* The stage the ready-made automation rule watches. */
#define PROPOSAL_STAGE 2

static const char * const deal_products[] = {
  "CNC spare parts", "年度供货合同", "LED retrofit", "ERP 升级", "Warehouse automation",
  "Packaging line", "冷链运输服务", "Service contract",
};
static const char * const currencies[] = { "CNY", "USD", "EUR" };
static const char * const case_statuses[] = { "new", "open", "pending", "resolved", "closed" };
static const char * const case_subjects[] = {
  "Delivery delayed", "发票金额有误", "Spare part does not fit", "系统无法登录",
  "Request for certificate of origin", "Damaged packaging", "退货申请", "Training request",
};
static const char * const priorities[] = { "low", "normal", "high", "urgent" };
static const char * const channels[] = { "phone", "email", "chat", "web", "in_person" };
static const char * const activity_kinds[] = { "call", "email", "meeting", "note", "chat" };
static const char * const activity_subjects[] = {
  "Intro call", "报价跟进", "Site visit", "Quarterly review", "合同条款讨论", "Follow-up on samples",
};
static const char * const task_titles[] = {
  "Send quote", "准备演示", "Call back about pricing", "Update contact details",
  "寄送样品", "Prepare contract draft",
};

static JsonNode *
text (const char *value)
{
  return json_node_init_string (json_node_alloc (), value);
}

static JsonNode *
number (gint64 value)
{
  return json_node_init_int (json_node_alloc (), value);
}

static JsonNode *
labeled (const char *label,
         const char *value)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "label", label);
  json_object_set_string_member (entry, "value", value);
  json_array_add_object_element (array, entry);
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
tags (const char *first,
      const char *second)
{
  g_autoptr(JsonArray) array = json_array_new ();

  json_array_add_string_element (array, first);
  if (second != NULL)
    json_array_add_string_element (array, second);
  return json_node_init_array (json_node_alloc (), array);
}

/**
 * rapport_server_demo_write:
 * @actor: (nullable): who writes, the demo's admin if %NULL
 * @id: (nullable): the record to update, or %NULL to create one
 * @fields: the fields to set, as a user's client would send them
 *
 * Writes through the server's rules, as a change from a client: numbers,
 * totals, states and approvals come out as they would for the team.
 *
 * Returns: (transfer full) (nullable): the record's id, or %NULL with @error set
 */
char *
rapport_server_demo_write (RapportServerDemo        *demo,
                           const RapportServerActor *actor,
                           const char               *entity_name,
                           const char               *id,
                           JsonObject               *fields,
                           GError                  **error)
{
  return rapport_server_demo_write_at (demo, actor, entity_name, id, fields, NULL, error);
}

/**
 * rapport_server_demo_write_at:
 * @at: (nullable): the server time the write is stamped with, RFC 3339;
 *   %NULL for now
 *
 * rapport_server_demo_write() in the past: the book's year of history is
 * written as it would have happened, each write at its day.
 */
char *
rapport_server_demo_write_at (RapportServerDemo        *demo,
                              const RapportServerActor *actor,
                              const char               *entity_name,
                              const char               *id,
                              JsonObject               *fields,
                              const char               *at,
                              GError                  **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *new_id = id == NULL ? rapport_uuid_v7_new () : g_strdup (id);
  RapportServerOp op = { 0 };
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    rapport_server_changes_add (changes, name, json_node_copy (value));
  op.kind = id == NULL ? RAPPORT_OP_CREATE : RAPPORT_OP_UPDATE;
  op.entity = rapport_entity_lookup (entity_name);
  op.id = new_id;
  /* An update applies to whatever the server has: the book is made alone. */
  op.base_version = id == NULL ? 0 : -1;
  op.changes = changes;
  op.at = at;
  if (!rapport_server_write (demo->backend, actor != NULL ? actor : demo->actor, &op, NULL, error))
    return NULL;
  return g_steal_pointer (&new_id);
}

/* Fields come in name/value pairs, ending with NULL; each value is owned. */
static char *
create (RapportServerDemo *demo,
        const char        *entity_name,
        GError           **error,
        ...)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *name;
  va_list args;

  va_start (args, error);
  while ((name = va_arg (args, const char *)) != NULL)
    json_object_set_member (fields, name, va_arg (args, JsonNode *));
  va_end (args);
  return rapport_server_demo_write (demo, NULL, entity_name, NULL, fields, error);
}

/* Moves a deal to its stage on @day with an update, as a user would, so
 * its status and close date come from the server's rule. */
static gboolean
move_deal (RapportServerDemo *demo,
           const char        *deal_id,
           const char        *stage_id,
           int                day,
           GError           **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *at = rapport_server_demo_days_from_today (demo, day, 15, RAPPORT_DEMO_DATE_TIME);
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "stage_id", stage_id);
  id = rapport_server_demo_write_at (demo, NULL, "deal", deal_id, fields, at, error);
  return id != NULL;
}

static char *
new_password (void)
{
  static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  char password[17];

  for (guint i = 0; i < 16; i++)
    password[i] = alphabet[randombytes_uniform (sizeof alphabet - 1)];
  password[16] = '\0';
  return g_strdup (password);
}

static gboolean
add_users (RapportServerDemo *demo,
           GError **error)
{
  /* Display names in the maker's language, as the pipeline's: 王芳 in zh_CN. */
  static const struct
  {
    const char *name;
    const char *display_name;
    const char *role;
    const char *email;
  } users[] = {
    { "admin", NC_("demo user", "IT Administrator"), "admin", "admin@rapport.example" },
    { "wang.fang", NC_("demo user", "Wang Fang"), "manager", "wang.fang@rapport.example" },
    { "lucas.martin", NC_("demo user", "Lucas Martin"), "rep", "lucas.martin@rapport.example" },
    { "li.na", NC_("demo user", "Li Na"), "rep", "li.na@rapport.example" },
  };

  g_print ("%s\n", _("Demo users (the passwords are shown only now):"));
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *password = new_password ();

      demo->users[i] = rapport_server_users_add (demo->backend, users[i].name,
                                                 g_dpgettext2 (GETTEXT_PACKAGE, "demo user",
                                                               users[i].display_name),
                                                 users[i].role, users[i].email, password, error);
      if (demo->users[i] == NULL)
        return FALSE;
      g_print ("  %-14s %-8s %s\n", users[i].name, users[i].role, password);
    }

  demo->actor = g_new0 (RapportServerActor, 1);
  demo->actor->id = g_strdup (demo->users[0]);
  demo->actor->name = g_strdup ("admin");
  demo->actor->role = g_strdup ("admin");
  return TRUE;
}

static const char *
owner (RapportServerDemo *demo,
       guint i)
{
  return demo->users[1 + i % 3];
}

static gboolean
add_companies (RapportServerDemo *demo,
               GError **error)
{
  for (guint i = 0; i < N_COMPANIES; i++)
    {
      g_autofree char *website = g_strdup_printf ("https://www.%s", companies[i].domain);
      g_autofree char *phone = g_strdup_printf ("+%s %03u %04u", i % 2 == 0 ? "86 21" : "49 89",
                                                100 + i * 7, 1000 + i * 37);
      char *id = create (demo, "company", error,
                         "name", text (companies[i].name),
                         "domain", text (companies[i].domain),
                         "industry", text (companies[i].industry),
                         "employees", number (20 + (i * 97) % 2000),
                         "phone", text (phone),
                         "website", text (website),
                         "address", text (companies[i].city),
                         "owner_id", text (owner (demo, i)),
                         "tags", tags (i % 3 == 0 ? "key account" : "standard", i % 4 == 0 ? "重点客户" : NULL),
                         NULL);

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (demo->companies, id);
    }
  return TRUE;
}

static gboolean
add_contacts (RapportServerDemo *demo,
              GError **error)
{
  for (guint i = 0; i < N_CONTACTS; i++)
    {
      gboolean chinese = i % 2 == 0;
      guint n = i / 2;
      /* Every first name with every family name in turn: no two people of
       * the book share a whole name, as in a real team's. */
      const char *first = chinese ? chinese_given[n % G_N_ELEMENTS (chinese_given)]
                                  : latin_first[n % G_N_ELEMENTS (latin_first)];
      const char *last = chinese
        ? chinese_family[(n + n / G_N_ELEMENTS (chinese_given)) % G_N_ELEMENTS (chinese_family)]
        : latin_last[(n + n / G_N_ELEMENTS (latin_first)) % G_N_ELEMENTS (latin_last)];
      guint company = (i * 13) % N_COMPANIES;
      g_autofree char *email = g_strdup_printf ("contact%03u@%s", i + 1, companies[company].domain);
      g_autofree char *phone = g_strdup_printf ("+%s %04u %04u", chinese ? "86 138" : "33 6",
                                                1000 + i * 17 % 9000, 2000 + i * 53 % 7000);
      g_autofree char *birthday = g_strdup_printf ("%04u-%02u-%02u", 1960 + i % 40, 1 + i % 12,
                                                   1 + i % 28);
      char *id = create (demo, "contact", error,
                         "first_name", text (first),
                         "last_name", text (last),
                         "title", text (titles[i % G_N_ELEMENTS (titles)]),
                         "company_id", text (g_ptr_array_index (demo->companies, company)),
                         "emails", labeled ("work", email),
                         "phones", labeled (i % 3 == 0 ? "mobile" : "work", phone),
                         "address", text (companies[company].city),
                         "birthday", text (birthday),
                         "lifecycle", text (lifecycles[i % G_N_ELEMENTS (lifecycles)]),
                         "source", text (sources[i % G_N_ELEMENTS (sources)]),
                         "owner_id", text (owner (demo, i)),
                         NULL);
      g_autofree char *consent_id = NULL;

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (demo->contacts, id);
      /* Three in four agreed to marketing emails on the web form; the
       * rest said nothing. */
      if (i % 4 != 0 &&
          !(consent_id = create (demo, "consent", error,
                                 "contact_id", text (id),
                                 "channel", text ("email"),
                                 "purpose", text ("marketing"),
                                 "status", text ("granted"),
                                 "legal_basis", text ("consent"),
                                 "source", text ("web_form"),
                                 "proof", text (_("Newsletter sign-up form, box ticked")),
                                 "captured_at", text ("2026-01-05T09:00:00Z"),
                                 NULL)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_pipeline (RapportServerDemo *demo,
              GError **error)
{
  demo->pipeline = create (demo, "pipeline", error,
                           "name", text (C_("default pipeline", "Sales")),
                           "position", number (0),
                           NULL);
  if (demo->pipeline == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      char *id = create (demo, "stage", error,
                         "pipeline_id", text (demo->pipeline),
                         "name", text (g_dpgettext2 (GETTEXT_PACKAGE, "default stage", stages[i].name)),
                         "position", number (i),
                         "probability", number (stages[i].probability),
                         "kind", text (stages[i].kind),
                         "rotten_days", stages[i].rotten_days > 0 ? number (stages[i].rotten_days)
                                                         : json_node_new (JSON_NODE_NULL),
                         NULL);

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (demo->stages, id);
    }
  return TRUE;
}

static gboolean
add_deals (RapportServerDemo *demo,
           GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages) * DEALS_PER_STAGE; i++)
    {
      guint stage = i % G_N_ELEMENTS (stages);
      guint company = (i * 7) % N_COMPANIES;
      /* Every other round of stages shifts the currency by one, so each
       * column of the board holds deals in two currencies to total. */
      guint currency = (i + (i / G_N_ELEMENTS (stages)) % 2) % G_N_ELEMENTS (currencies);
      g_autofree char *title = g_strdup_printf ("%s — %s", companies[company].name,
                                                deal_products[i % G_N_ELEMENTS (deal_products)]);
      /* Open deals close in the coming months, closed ones did lately. */
      int days = g_str_equal (stages[stage].kind, "open") ? 7 + (int) ((i * 11) % 150)
                                                           : -3 - (int) (i % 60);
      g_autofree char *close = rapport_server_demo_days_from_today (demo, days, 0, RAPPORT_DEMO_DATE);
      /* Made a few weeks ago, moved to its stage since: closed ones on
       * the day they closed. */
      int created = -20 - (int) ((i * 13) % 70);
      g_autofree char *created_at = rapport_server_demo_days_from_today (demo, created, 10,
                                                                         RAPPORT_DEMO_DATE_TIME);
      g_autoptr(JsonObject) fields = json_object_new ();
      char *id;

      json_object_set_member (fields, "title", text (title));
      json_object_set_member (fields, "company_id", text (g_ptr_array_index (demo->companies, company)));
      json_object_set_member (fields, "contact_id",
                              text (g_ptr_array_index (demo->contacts, (i * 11) % N_CONTACTS)));
      json_object_set_member (fields, "pipeline_id", text (demo->pipeline));
      json_object_set_member (fields, "amount", number ((gint64) (5000 + (i * 7919) % 400000) * 100));
      json_object_set_member (fields, "currency", text (currencies[currency]));
      json_object_set_member (fields, "expected_close", text (close));
      json_object_set_member (fields, "owner_id", text (owner (demo, i)));
      json_object_set_member (fields, "lost_reason",
                              stage == 5 ? text ("Price too high") : json_node_new (JSON_NODE_NULL));
      json_object_set_member (fields, "tags", tags (i % 2 == 0 ? "new business" : "renewal", NULL));
      id = rapport_server_demo_write_at (demo, NULL, "deal", NULL, fields, created_at, error);

      if (id == NULL ||
          !move_deal (demo, id, g_ptr_array_index (demo->stages, stage),
                      days < 0 ? MAX (days, created + 3) : created + 3 + (int) (i % 10), error))
        {
          g_free (id);
          return FALSE;
        }
      g_ptr_array_add (demo->deals, id);
    }
  return TRUE;
}

static gboolean
add_cases (RapportServerDemo *demo,
           GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (case_statuses) * CASES_PER_STATUS; i++)
    {
      guint contact = (i * 17) % N_CONTACTS;
      g_autofree char *due = rapport_server_demo_days_from_today (demo, -3 + (int) (i % 17), 1, RAPPORT_DEMO_DATE_TIME);
      g_autofree char *resolved = rapport_server_demo_days_from_today (demo, -1 - (int) (i % 30), 2 + i % 8, RAPPORT_DEMO_DATE_TIME);
      const char *status = case_statuses[i % G_N_ELEMENTS (case_statuses)];
      gboolean solved = i % 5 >= 3;
      char *id = create (demo, "case", error,
                         "subject", text (case_subjects[i % G_N_ELEMENTS (case_subjects)]),
                         "description", text ("客户来电反映问题 / Customer reported the issue by phone."),
                         "contact_id", text (g_ptr_array_index (demo->contacts, contact)),
                         "company_id", text (g_ptr_array_index (demo->companies, (contact * 13) % N_COMPANIES)),
                         "status", text (status),
                         "priority", text (priorities[i % G_N_ELEMENTS (priorities)]),
                         "channel", text (channels[i % G_N_ELEMENTS (channels)]),
                         "assignee_id", text (owner (demo, i)),
                         "due_at", text (due),
                         "resolved_at", solved ? text (resolved) : json_node_new (JSON_NODE_NULL),
                         "satisfaction", solved ? number (3 + i % 3) : json_node_new (JSON_NODE_NULL),
                         NULL);

      if (id == NULL)
        return FALSE;
      g_ptr_array_add (demo->cases, id);
    }
  return TRUE;
}

static gboolean
add_activities_and_tasks (RapportServerDemo *demo,
                          GError **error)
{
  for (guint i = 0; i < N_ACTIVITIES; i++)
    {
      g_autofree char *when = rapport_server_demo_days_from_today (demo, -1 - (int) (i % 90), 8 + i % 9, RAPPORT_DEMO_DATE_TIME);
      guint contact = (i * 5) % N_CONTACTS;
      g_autofree char *id = create (demo, "activity", error,
                                    "kind", text (activity_kinds[i % G_N_ELEMENTS (activity_kinds)]),
                                    "subject", text (activity_subjects[i % G_N_ELEMENTS (activity_subjects)]),
                                    "body", text ("Discussed next steps. 讨论了下一步计划。"),
                                    "occurred_at", text (when),
                                    "duration_min", number (5 + (i * 7) % 90),
                                    "direction", text (i % 2 == 0 ? "outbound" : "inbound"),
                                    "contact_id", text (g_ptr_array_index (demo->contacts, contact)),
                                    "deal_id", i % 3 == 0 ? text (g_ptr_array_index (demo->deals, i % demo->deals->len))
                                                          : json_node_new (JSON_NODE_NULL),
                                    "case_id", i % 5 == 0 ? text (g_ptr_array_index (demo->cases, i % demo->cases->len))
                                                          : json_node_new (JSON_NODE_NULL),
                                    "owner_id", text (owner (demo, i)),
                                    NULL);

      if (id == NULL)
        return FALSE;
    }

  for (guint i = 0; i < N_TASKS; i++)
    {
      /* Most open tasks lie ahead, a few are overdue. */
      int days = -4 + (int) (i % 30);
      g_autofree char *due = rapport_server_demo_days_from_today (demo, days, 8 + i % 8, RAPPORT_DEMO_DATE_TIME);
      /* A few open tasks remind their assignee an hour before they are due,
       * from tomorrow on: none goes off while the book is being shown. */
      g_autofree char *remind = rapport_server_demo_days_from_today (demo, days, 7 + i % 8, RAPPORT_DEMO_DATE_TIME);
      g_autofree char *done = rapport_server_demo_days_from_today (demo, -1 - (int) (i % 14), 12, RAPPORT_DEMO_DATE_TIME);
      gboolean reminds = i % 4 != 0 && i % 3 == 1 && days >= 1;
      g_autofree char *id = create (demo, "task", error,
                                    "title", text (task_titles[i % G_N_ELEMENTS (task_titles)]),
                                    "notes", text ("See the last call notes."),
                                    "due_at", text (due),
                                    "done_at", i % 4 == 0 ? text (done) : json_node_new (JSON_NODE_NULL),
                                    "remind_at", reminds ? text (remind) : json_node_new (JSON_NODE_NULL),
                                    "assignee_id", text (owner (demo, i)),
                                    "priority", text (priorities[i % G_N_ELEMENTS (priorities)]),
                                    "contact_id", text (g_ptr_array_index (demo->contacts, (i * 3) % N_CONTACTS)),
                                    "deal_id", text (g_ptr_array_index (demo->deals, i % demo->deals->len)),
                                    NULL);

      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

/**
 * rapport_server_demo_populate:
 *
 * Runs in the caller's transaction and prints the users' passwords.
 */
gboolean
rapport_server_demo_populate (RapportServerBackend *backend,
                              GError              **error)
{
  RapportServerDemo demo = { 0 };
  guint n_documents = 0;
  gboolean ok;

  G_STATIC_ASSERT (G_N_ELEMENTS (companies) == N_COMPANIES);

  demo.backend = backend;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    demo.today = g_date_time_new_utc (g_date_time_get_year (now), g_date_time_get_month (now),
                                      g_date_time_get_day_of_month (now), 0, 0, 0);
  }
  demo.companies = g_ptr_array_new_with_free_func (g_free);
  demo.contacts = g_ptr_array_new_with_free_func (g_free);
  demo.stages = g_ptr_array_new_with_free_func (g_free);
  demo.deals = g_ptr_array_new_with_free_func (g_free);
  demo.cases = g_ptr_array_new_with_free_func (g_free);

  ok = add_users (&demo, error) &&
       add_companies (&demo, error) &&
       add_contacts (&demo, error) &&
       add_pipeline (&demo, error) &&
       add_deals (&demo, error) &&
       rapport_server_demo_add_history (&demo, error) &&
       rapport_server_demo_add_sla (&demo, error) &&
       add_cases (&demo, error) &&
       rapport_server_demo_age_cases (&demo, error) &&
       rapport_server_demo_add_queues (&demo, error) &&
       add_activities_and_tasks (&demo, error) &&
       rapport_server_demo_add_sales (&demo, &n_documents, error) &&
       rapport_server_demo_add_automation (&demo, g_ptr_array_index (demo.stages, PROPOSAL_STAGE),
                                           error);
  if (ok)
    {
      g_print (_("Added %d companies, %d contacts, %u deals, %u cases, %d activities and %d tasks.\n"),
               N_COMPANIES, N_CONTACTS, demo.deals->len, demo.cases->len, N_ACTIVITIES, N_TASKS);
      g_print (g_dngettext (GETTEXT_PACKAGE, "Added products, price lists and %u quote or order.\n",
                            "Added products, price lists and %u quotes and orders.\n", n_documents),
               n_documents);
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo.users); i++)
    g_free (demo.users[i]);
  g_free (demo.pipeline);
  g_date_time_unref (demo.today);
  rapport_server_actor_free (demo.actor);
  g_ptr_array_unref (demo.companies);
  g_ptr_array_unref (demo.contacts);
  g_ptr_array_unref (demo.stages);
  g_ptr_array_unref (demo.deals);
  g_ptr_array_unref (demo.cases);
  return ok;
}
