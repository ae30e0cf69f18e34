/* rapport-sample-book.c: a small book to look around in
 *
 * Companies, their people, a few deals and cases, written to the local
 * store in a worker thread, with no server involved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sample-book"

#include "config.h"

#include "rapport-sample-book.h"
#include "rapport-tasks.h"

static const struct {
  const char *name, *domain, *industry;
  gint64      employees;
} companies[] = {
  { "Northwind Traders", "northwind.example", "Wholesale", 120 },
  { "Blue Harbor Logistics", "blueharbor.example", "Logistics", 340 },
  { "Kestrel Software", "kestrel.example", "Software", 45 },
  { "Lindqvist & Berg", "lindqvist.example", "Legal Services", 18 },
  { "上海明远科技", "mingyuan.example", "Electronics", 800 },
  { "Café Soleil", "cafesoleil.example", "Hospitality", 12 },
};

static const struct {
  const char *first, *last, *title, *lifecycle;
  guint       company;
} contacts[] = {
  { "Ana", "Ribeiro", "Purchasing Manager", "customer", 0 },
  { "Tom", "Becker", "Head of Operations", "customer", 1 },
  { "Priya", "Nair", "CTO", "prospect", 2 },
  { "Jonas", "Lindqvist", "Partner", "lead", 3 },
  { "芳", "王", "采购经理", "customer", 4 },
  { "Claire", "Dubois", "Owner", "customer", 5 },
  { "Mei", "Chen", "Fleet Planner", "prospect", 1 },
  { "Lucas", "Martin", "Developer Advocate", "lead", 2 },
  { "Sofia", "Rossi", "Finance Director", "former", 0 },
  { "伟", "李", "工程师", "lead", 4 },
};

static const struct {
  const char *title;
  gint64      amount;
  const char *currency, *status;
  guint       company, contact;
} deals[] = {
  { "Warehouse scanners", 1850000, "EUR", "open", 0, 0 },
  { "Fleet tracking pilot", 4200000, "EUR", "open", 1, 1 },
  { "Annual licence renewal", 960000, "USD", "won", 2, 2 },
  { "Contract review retainer", 300000, "EUR", "lost", 3, 3 },
  { "传感器批量采购", 12000000, "CNY", "open", 4, 4 },
};

static const struct {
  const char *subject, *status, *priority, *channel;
  guint       contact;
  int         due_hours;   /* from now; 0: no due time */
} cases[] = {
  { "Scanner battery drains overnight", "open", "high", "phone", 0, -3 },
  { "Invoice shows the wrong VAT number", "new", "normal", "email", 1, 50 },
  { "Cannot sign in after password reset", "pending", "urgent", "chat", 2, 4 },
  { "Espresso machine service visit", "resolved", "low", "in_person", 5, 0 },
};

static JsonObject *
create (RapportStore *store,
        const char   *entity,
        JsonObject   *fields,
        GError      **error)
{
  g_autoptr(JsonObject) owned = fields;

  return rapport_store_create (store, entity, owned, error);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RapportStore *store = source_object;
  g_autoptr(GPtrArray) company_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) contact_ids = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      JsonObject *fields = json_object_new ();
      g_autoptr(JsonObject) record = NULL;
      g_autofree char *website = g_strconcat ("https://www.", companies[i].domain, NULL);

      json_object_set_string_member (fields, "name", companies[i].name);
      json_object_set_string_member (fields, "domain", companies[i].domain);
      json_object_set_string_member (fields, "industry", companies[i].industry);
      json_object_set_int_member (fields, "employees", companies[i].employees);
      json_object_set_string_member (fields, "website", website);
      if (!(record = create (store, "company", fields, &error)))
        goto fail;
      g_ptr_array_add (company_ids, g_strdup (json_object_get_string_member (record, "id")));
    }

  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    {
      JsonObject *fields = json_object_new ();
      JsonArray *emails = json_array_new ();
      JsonArray *phones = json_array_new ();
      JsonObject *email = json_object_new ();
      JsonObject *phone = json_object_new ();
      g_autoptr(JsonObject) record = NULL;
      g_autofree char *address = NULL;
      g_autofree char *number = g_strdup_printf ("+49 30 5550 %04u", 1200 + i * 37);

      /* Latin names give first.last@; the others a neutral mailbox. */
      address = g_ascii_isalpha (contacts[i].first[0])
                ? g_ascii_strdown (g_strdup_printf ("%s.%s@%s", contacts[i].first, contacts[i].last,
                                                    companies[contacts[i].company].domain), -1)
                : g_strdup_printf ("contact%u@%s", i, companies[contacts[i].company].domain);
      json_object_set_string_member (email, "label", "work");
      json_object_set_string_member (email, "value", address);
      json_array_add_object_element (emails, email);
      json_object_set_string_member (phone, "label", "work");
      json_object_set_string_member (phone, "value", number);
      json_array_add_object_element (phones, phone);

      json_object_set_string_member (fields, "first_name", contacts[i].first);
      json_object_set_string_member (fields, "last_name", contacts[i].last);
      json_object_set_string_member (fields, "title", contacts[i].title);
      json_object_set_string_member (fields, "lifecycle", contacts[i].lifecycle);
      json_object_set_string_member (fields, "company_id",
                                     g_ptr_array_index (company_ids, contacts[i].company));
      json_object_set_array_member (fields, "emails", emails);
      json_object_set_array_member (fields, "phones", phones);
      if (!(record = create (store, "contact", fields, &error)))
        goto fail;
      g_ptr_array_add (contact_ids, g_strdup (json_object_get_string_member (record, "id")));
    }

  for (guint i = 0; i < G_N_ELEMENTS (deals); i++)
    {
      JsonObject *fields = json_object_new ();
      g_autoptr(JsonObject) record = NULL;

      json_object_set_string_member (fields, "title", deals[i].title);
      json_object_set_int_member (fields, "amount", deals[i].amount);
      json_object_set_string_member (fields, "currency", deals[i].currency);
      json_object_set_string_member (fields, "status", deals[i].status);
      json_object_set_string_member (fields, "company_id", g_ptr_array_index (company_ids, deals[i].company));
      json_object_set_string_member (fields, "contact_id", g_ptr_array_index (contact_ids, deals[i].contact));
      if (!(record = create (store, "deal", fields, &error)))
        goto fail;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject *fields = json_object_new ();
      g_autoptr(JsonObject) record = NULL;

      json_object_set_string_member (fields, "subject", cases[i].subject);
      json_object_set_string_member (fields, "status", cases[i].status);
      json_object_set_string_member (fields, "priority", cases[i].priority);
      json_object_set_string_member (fields, "channel", cases[i].channel);
      json_object_set_string_member (fields, "contact_id", g_ptr_array_index (contact_ids, cases[i].contact));
      if (cases[i].due_hours != 0)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          g_autoptr(GDateTime) due = g_date_time_add_hours (now, cases[i].due_hours);
          g_autofree char *text = rapport_format_timestamp (due);

          json_object_set_string_member (fields, "due_at", text);
        }
      if (!(record = create (store, "case", fields, &error)))
        goto fail;
    }

  g_task_return_boolean (task, TRUE);
  return;

fail:
  g_task_return_error (task, error);
}

void
rapport_sample_book_create_async (RapportStore        *store,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RAPPORT_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_sample_book_create_async);
  g_task_run_in_thread (task, create_thread);
}

gboolean
rapport_sample_book_create_finish (RapportStore  *store,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
