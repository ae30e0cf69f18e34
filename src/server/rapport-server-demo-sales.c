/* rapport-server-demo-sales.c: the demo team's catalogue, prices and quotes
 *
 * What a new user finds under Products, Price Lists, Quotes, Sales Orders
 * and Approvals: ten products in yuan, goods at 13 % VAT and services at
 * 6 %; the year's standard price list with quantity breaks and a list for
 * distributors; the rule that a line discount above 15 % needs a manager;
 * and quotes where a week of work leaves them: a draft, a draft that needs
 * approval, one waiting for the manager, one sent, one accepted with the
 * order it made, and an order half delivered. Everything goes through the
 * server's rules, so numbers, prices, totals and states are the server's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-position.h"
#include "rapport-price-resolve.h"
#include "rapport-server-children.h"
#include "rapport-server-demo-private.h"

#define GOODS_TAX_PPM 130000
#define SERVICE_TAX_PPM 60000

typedef struct
{
  const char *sku;
  const char *name;
  const char *kind;
  const char *category;
  const char *unit;
  gint64      list_price; /* fen */
  gint64      cost;
} DemoProduct;

static const DemoProduct products[] = {
  { "IC-200", "Industrial Controller IC-200", "goods", "Controllers", "pc", 1280000, 820000 },
  { "IC-400", "工业控制器 IC-400", "goods", "Controllers", "台", 2350000, 1560000 },
  { "TS-10", "Temperature Sensor TS-10", "goods", "Sensors", "pc", 68000, 31000 },
  { "PS-20", "压力传感器 PS-20", "goods", "Sensors", "个", 115000, 54000 },
  { "CB-5M", "Shielded Cable, 5 m", "goods", "Accessories", "pc", 9650, 3800 },
  { "SV-INST", "现场安装调试", "service", "Services", "天", 480000, 200000 },
  { "SV-TRAIN", "Operator Training", "service", "Services", "day", 360000, 150000 },
  { "SUB-CLOUD", "云监控平台年费", "subscription", "Subscriptions", "年", 1800000, 300000 },
  { "SUB-CARE", "Premium Support, One Year", "subscription", "Subscriptions", "year", 960000, 400000 },
  /* Archived: kept for the lines that sold it, offered on no new one. */
  { "IC-100", "Industrial Controller IC-100", "goods", "Controllers", "pc", 990000, 700000 },
};

enum { IC_200, IC_400, TS_10, PS_20, CB_5M, SV_INST, SV_TRAIN, SUB_CLOUD, SUB_CARE, IC_100 };

typedef struct
{
  guint  product;
  gint64 qty_milli;
  gint64 discount_ppm;
} DemoLine;

/* Where a document ends up, reached as the team would reach it. */
typedef enum {
  ENDS_DRAFT,
  ENDS_SUBMITTED, /* its owner asked for approval */
  ENDS_SENT,
  ENDS_ACCEPTED,  /* the server made its sales order */
  ENDS_DELIVERING,
} DemoEnd;

typedef struct
{
  const char     *title;
  int             deal;    /* index of the demo's deals, or -1 */
  guint           company; /* when there is no deal */
  guint           owner;   /* index of the demo's users */
  const char     *entity;
  DemoEnd         end;
  const DemoLine *lines;
  guint           n_lines;
} DemoDocument;

#define LINES(...) (const DemoLine[]){ __VA_ARGS__ }, G_N_ELEMENTS (((const DemoLine[]){ __VA_ARGS__ }))

/* The deals are the demo's open ones in yuan, in Proposal or Negotiation:
 * quotes belong where prices are being discussed. */
/* clang-format off */
static const DemoDocument documents[] = {
  { "Controllers for the assembly line", 20, 0, 2, "quote", ENDS_SENT,
    LINES ({ IC_400, 4000, 0 }, { PS_20, 12000, 0 }, { SV_INST, 3000, 0 }) },
  { "传感器改造", 32, 0, 3, "quote", ENDS_DRAFT,
    LINES ({ TS_10, 40000, 0 }, { PS_20, 40000, 0 }, { CB_5M, 120000, 0 }) },
  { "Plant monitoring, three years", 8, 0, 3, "quote", ENDS_SUBMITTED,
    LINES ({ SUB_CLOUD, 3000, 200000 }, { SV_TRAIN, 2000, 0 }) },
  { "控制柜升级", 3, 0, 1, "quote", ENDS_ACCEPTED,
    LINES ({ IC_200, 6000, 0 }, { CB_5M, 30000, 0 }, { SV_INST, 2000, 50000 }) },
  { "Replacement controllers", -1, 0, 2, "quote", ENDS_DRAFT,
    LINES ({ IC_200, 2000, 250000 }, { SUB_CARE, 1000, 0 }) },
  { "年度传感器供货", -1, 8, 3, "sales_order", ENDS_DELIVERING,
    LINES ({ TS_10, 100000, 0 }, { PS_20, 50000, 0 }) },
};
/* clang-format on */

typedef struct
{
  RapportServerDemo *demo;
  GPtrArray         *products;       /* JsonObject, as the price resolver reads them */
  JsonObject        *standard;       /* the default price list */
  GPtrArray         *standard_items; /* JsonObject */
  char              *date;           /* today, for the price list's validity */
} Sales;

static JsonObject *
write_record (Sales                    *sales,
              const RapportServerActor *actor,
              const char               *entity_name,
              JsonObject               *fields,
              GError                  **error)
{
  g_autofree char *id = rapport_server_demo_write (sales->demo, actor, entity_name, NULL, fields,
                                                   error);

  if (id == NULL)
    return NULL;
  json_object_set_string_member (fields, "id", id);
  return json_object_ref (fields);
}

static gboolean
update (Sales                    *sales,
        const RapportServerActor *actor,
        const char               *entity_name,
        const char               *id,
        const char               *field,
        JsonNode                 *value,
        GError                  **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *written = NULL;

  json_object_set_member (fields, field, value);
  written = rapport_server_demo_write (sales->demo, actor, entity_name, id, fields, error);
  return written != NULL;
}

static gboolean
add_products (Sales   *sales,
              GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (products); i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      JsonObject *product;
      gboolean service = !g_str_equal (products[i].kind, "goods");

      json_object_set_string_member (fields, "sku", products[i].sku);
      json_object_set_string_member (fields, "name", products[i].name);
      json_object_set_string_member (fields, "kind", products[i].kind);
      json_object_set_string_member (fields, "category", products[i].category);
      json_object_set_string_member (fields, "unit", products[i].unit);
      json_object_set_int_member (fields, "list_price", products[i].list_price);
      json_object_set_string_member (fields, "list_price_currency", "CNY");
      json_object_set_int_member (fields, "cost", products[i].cost);
      json_object_set_string_member (fields, "cost_currency", "CNY");
      json_object_set_boolean_member (fields, "active", i != IC_100);
      json_object_set_string_member (fields, "description",
                                     service ? "Billed per unit shown; travel within the city included."
                                             : "Two-year warranty. 保修两年。");
      if (!(product = write_record (sales, NULL, "product", fields, error)))
        return FALSE;
      g_ptr_array_add (sales->products, product);
    }
  return TRUE;
}

static const char *
product_id (Sales *sales,
            guint  product)
{
  return rapport_json_get_string (g_ptr_array_index (sales->products, product), "id");
}

/* An item of @list; @rule is "fixed" with @value in fen, or "percent_off"
 * with @value in parts per million. */
static gboolean
add_item (Sales      *sales,
          JsonObject *list,
          GPtrArray  *items,
          const char *name,
          int         product,
          const char *category,
          gint64      min_qty_milli,
          const char *rule,
          gint64      value,
          GError    **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  const char *before = items->len > 0 ? rapport_json_get_string (g_ptr_array_index (items, items->len - 1), "position") : NULL;
  g_autofree char *position = rapport_position_between (before, NULL);
  JsonObject *item;

  json_object_set_string_member (fields, "price_list_id", rapport_json_get_string (list, "id"));
  json_object_set_string_member (fields, "name", name);
  if (product >= 0)
    json_object_set_string_member (fields, "product_id", product_id (sales, product));
  if (category != NULL)
    json_object_set_string_member (fields, "category", category);
  json_object_set_string_member (fields, "rule", rule);
  json_object_set_int_member (fields, "min_qty_milli", min_qty_milli);
  if (g_str_equal (rule, "fixed"))
    {
      json_object_set_int_member (fields, "unit_price", value);
      json_object_set_string_member (fields, "currency", "CNY");
    }
  else
    json_object_set_int_member (fields, "discount_ppm", value);
  json_object_set_string_member (fields, "position", position);
  if (!(item = write_record (sales, NULL, "price_list_item", fields, error)))
    return FALSE;
  g_ptr_array_add (items, item);
  return TRUE;
}

static JsonObject *
add_list (Sales      *sales,
          const char *name,
          gboolean    is_default,
          gint64      priority,
          GError    **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  int year = g_date_time_get_year (sales->demo->today);
  g_autofree char *from = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *to = g_strdup_printf ("%04d-12-31", year);

  json_object_set_string_member (fields, "name", name);
  json_object_set_string_member (fields, "currency", "CNY");
  json_object_set_string_member (fields, "valid_from", from);
  json_object_set_string_member (fields, "valid_to", to);
  json_object_set_boolean_member (fields, "is_default", is_default);
  json_object_set_int_member (fields, "priority", priority);
  return write_record (sales, NULL, "price_list", fields, error);
}

static gboolean
add_price_lists (Sales   *sales,
                 GError **error)
{
  int year = g_date_time_get_year (sales->demo->today);
  g_autofree char *standard = g_strdup_printf (C_("demo price list", "Standard Prices %d"), year);
  g_autofree char *distributors = g_strdup_printf (C_("demo price list", "Distributors %d"), year);
  g_autoptr(JsonObject) distributor_list = NULL;
  g_autoptr(GPtrArray) distributor_items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (!(sales->standard = add_list (sales, standard, TRUE, 0, error)) ||
      !add_item (sales, sales->standard, sales->standard_items,
                 C_("demo price list", "Sensors, 10 or more"), -1, "Sensors", 10000,
                 "percent_off", 80000, error) ||
      !add_item (sales, sales->standard, sales->standard_items,
                 C_("demo price list", "Cable, 100 or more"), CB_5M, NULL, 100000, "fixed", 7900,
                 error))
    return FALSE;

  return (distributor_list = add_list (sales, distributors, FALSE, 10, error)) != NULL &&
         add_item (sales, distributor_list, distributor_items,
                   C_("demo price list", "Every product"), -1, NULL, 0, "percent_off",
                   120000, error) &&
         add_item (sales, distributor_list, distributor_items,
                   C_("demo price list", "IC-400 for distributors"), IC_400, NULL, 0, "fixed",
                   1990000, error);
}

static gboolean
add_rule (Sales   *sales,
          GError **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) rule = NULL;

  json_object_set_string_member (fields, "name", C_("demo approval rule", "Discounts above 15 %"));
  json_object_set_string_member (fields, "applies_to", "all");
  json_object_set_boolean_member (fields, "active", TRUE);
  json_object_set_int_member (fields, "max_line_discount_ppm", 150000);
  json_object_set_string_member (fields, "approver_role", "manager");
  rule = write_record (sales, NULL, "approval_rule", fields, error);
  return rule != NULL;
}

/* A line as the app's line editor writes it: the product, the price the
 * standard list gives for its quantity, and where that price came from. */
static gboolean
add_line (Sales          *sales,
          const char     *entity_name,
          JsonObject     *document,
          const DemoLine *line,
          char          **position,
          GError        **error)
{
  JsonObject *product = g_ptr_array_index (sales->products, line->product);
  g_autoptr(JsonObject) price = rapport_price_resolve_json (sales->standard, sales->standard_items,
                                                            product, line->qty_milli, sales->date,
                                                            error);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) written = NULL;
  g_autofree char *parent_field = g_strconcat (entity_name, "_id", NULL);
  g_autofree char *line_entity = g_strconcat (entity_name, "_line", NULL);
  g_autofree char *next = rapport_position_between (*position, NULL);

  if (price == NULL)
    return FALSE;
  json_object_set_string_member (fields, parent_field, rapport_json_get_string (document, "id"));
  json_object_set_string_member (fields, "position", next);
  json_object_set_string_member (fields, "product_id", rapport_json_get_string (product, "id"));
  json_object_set_string_member (fields, "description", rapport_json_get_string (product, "name"));
  json_object_set_int_member (fields, "qty_milli", line->qty_milli);
  json_object_set_int_member (fields, "unit_price_x100",
                              rapport_json_get_int (price, "unit_price_x100", 0));
  json_object_set_string_member (fields, "price_source",
                                 rapport_json_get_string (price, "price_source"));
  json_object_set_int_member (fields, "discount_ppm", line->discount_ppm);
  json_object_set_int_member (fields, "tax_rate_ppm",
                              g_str_equal (products[line->product].kind, "goods") ? GOODS_TAX_PPM
                                                                                   : SERVICE_TAX_PPM);
  if (!(written = write_record (sales, NULL, line_entity, fields, error)))
    return FALSE;
  g_free (*position);
  *position = g_steal_pointer (&next);
  return TRUE;
}

/* The owner of @document asks for its approval, for the content the
 * server hashed. */
static gboolean
submit (Sales      *sales,
        JsonObject *document,
        guint       owner,
        GError    **error)
{
  const RapportEntity *quote = rapport_entity_lookup ("quote");
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) request = NULL;
  RapportServerActor actor = { sales->demo->users[owner], (char *) "demo", (char *) "rep" };

  if (!rapport_server_load_record (sales->demo->backend, quote, rapport_json_get_string (document, "id"),
                                   NULL, &stored, error))
    return FALSE;
  json_object_set_string_member (fields, "quote_id", rapport_json_get_string (document, "id"));
  json_object_set_string_member (fields, "doc_hash", rapport_json_get_string (stored, "doc_hash"));
  json_object_set_string_member (fields, "comment",
                                 C_("demo approval", "Three-year commitment: the customer asks for a 20 percent discount on the platform."));
  request = write_record (sales, &actor, "approval_request", fields, error);
  return request != NULL;
}

static gboolean
set_state (Sales      *sales,
           JsonObject *document,
           const char *entity_name,
           const char *state,
           GError    **error)
{
  return update (sales, NULL, entity_name, rapport_json_get_string (document, "id"), "state",
                 json_node_init_string (json_node_alloc (), state), error);
}

static gboolean
add_document (Sales              *sales,
              const DemoDocument *spec,
              GError            **error)
{
  RapportServerDemo *demo = sales->demo;
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) document = NULL;
  g_autofree char *position = NULL;
  g_autofree char *valid_until = rapport_server_demo_days_from_today (demo, 30, 0, RAPPORT_DEMO_DATE);

  json_object_set_string_member (fields, "title", spec->title);
  json_object_set_string_member (fields, "currency", "CNY");
  json_object_set_string_member (fields, "owner_id", demo->users[spec->owner]);
  json_object_set_string_member (fields, "price_list_id", rapport_json_get_string (sales->standard, "id"));
  json_object_set_string_member (fields, "payment_terms", C_("demo payment terms", "30 days net"));
  if (g_str_equal (spec->entity, "quote"))
    json_object_set_string_member (fields, "valid_until", valid_until);
  if (spec->deal >= 0)
    {
      g_autoptr(JsonObject) deal = NULL;
      const char *deal_id = g_ptr_array_index (demo->deals, spec->deal);

      if (!rapport_server_load_record (demo->backend, rapport_entity_lookup ("deal"), deal_id, NULL,
                                       &deal, error))
        return FALSE;
      json_object_set_string_member (fields, "deal_id", deal_id);
      json_object_set_string_member (fields, "company_id", rapport_json_get_string (deal, "company_id"));
      json_object_set_string_member (fields, "contact_id", rapport_json_get_string (deal, "contact_id"));
    }
  else
    json_object_set_string_member (fields, "company_id", g_ptr_array_index (demo->companies, spec->company));

  if (!(document = write_record (sales, NULL, spec->entity, fields, error)))
    return FALSE;
  for (guint i = 0; i < spec->n_lines; i++)
    if (!add_line (sales, spec->entity, document, &spec->lines[i], &position, error))
      return FALSE;

  switch (spec->end)
    {
    case ENDS_DRAFT:
      return TRUE;
    case ENDS_SUBMITTED:
      return submit (sales, document, spec->owner, error);
    case ENDS_SENT:
      return set_state (sales, document, "quote", "sent", error);
    case ENDS_ACCEPTED:
      return set_state (sales, document, "quote", "sent", error) &&
             set_state (sales, document, "quote", "accepted", error);
    case ENDS_DELIVERING:
      {
        g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
        const RapportEntity *line_entity = rapport_entity_lookup ("sales_order_line");

        /* Sixty of the hundred sensors went out last week. */
        return set_state (sales, document, "sales_order", "confirmed", error) &&
               rapport_server_list_children (demo->backend, line_entity, line_entity->parent_field,
                                             rapport_json_get_string (document, "id"), lines, error) &&
               lines->len > 0 &&
               update (sales, NULL, "sales_order_line",
                       rapport_json_get_string (g_ptr_array_index (lines, 0), "id"),
                       "delivered_qty_milli", json_node_init_int (json_node_alloc (), 60000), error);
      }
    }
  g_return_val_if_reached (FALSE);
}

/**
 * rapport_server_demo_add_sales:
 * @n_documents: (out): how many quotes and orders were made
 *
 * Adds the catalogue, the price lists, the approval rule and the quotes
 * and orders, after the deals.
 */
gboolean
rapport_server_demo_add_sales (RapportServerDemo *demo,
                               guint             *n_documents,
                               GError           **error)
{
  Sales sales = { demo };
  gboolean ok = TRUE;

  sales.products = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sales.standard_items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sales.date = rapport_server_demo_days_from_today (demo, 0, 0, RAPPORT_DEMO_DATE);

  ok = add_products (&sales, error) && add_price_lists (&sales, error) && add_rule (&sales, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (documents); i++)
    ok = add_document (&sales, &documents[i], error);
  *n_documents = G_N_ELEMENTS (documents);

  g_ptr_array_unref (sales.products);
  g_ptr_array_unref (sales.standard_items);
  g_clear_pointer (&sales.standard, json_object_unref);
  g_free (sales.date);
  return ok;
}
