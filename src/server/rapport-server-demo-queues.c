/* rapport-server-demo-queues.c: the demo book's case queues and satisfaction
 *
 * Two queues: Support, worked by the two reps in turn (round robin) and
 * led by the manager, and Billing, whose cases the manager and a rep take
 * by hand. The book's cases are shared between them; three new cases come
 * into Support unassigned, so that the server assigns them as it would a
 * pushed one. Closed cases have the customer's satisfaction logged, so
 * that the service report has figures; resolved ones are still to ask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-server-demo"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-server-demo-private.h"

static char *
add_queue (RapportServerDemo  *demo,
           const char         *name,
           const char         *mode,
           const char         *lead,
           const char * const *members,
           GError            **error)
{
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = NULL;

  json_object_set_string_member (fields, "name", g_dpgettext2 (GETTEXT_PACKAGE, "demo queue", name));
  json_object_set_string_member (fields, "assignment_mode", mode);
  json_object_set_string_member (fields, "lead_id", lead);
  json_object_set_boolean_member (fields, "active", TRUE);
  if ((id = rapport_server_demo_write (demo, NULL, "queue", NULL, fields, error)) == NULL)
    return NULL;
  for (guint i = 0; members[i] != NULL; i++)
    {
      g_autoptr(JsonObject) member = json_object_new ();
      g_autofree char *member_id = NULL;

      json_object_set_string_member (member, "queue_id", id);
      json_object_set_string_member (member, "user_id", members[i]);
      if ((member_id = rapport_server_demo_write (demo, NULL, "queue_member", NULL, member,
                                                  error)) == NULL)
        return NULL;
    }
  return g_steal_pointer (&id);
}

/**
 * rapport_server_demo_add_queues:
 *
 * Makes the queues, files the cases in them and logs satisfaction with
 * the resolved ones; after the cases are aged, so that each response
 * answers the resolution the case shows.
 */
gboolean
rapport_server_demo_add_queues (RapportServerDemo *demo,
                                GError           **error)
{
  /* clang-format off */
  static const char * const new_subjects[] = {
    N_("Cannot sign in after the update"), N_("Invoice sent to the wrong address"),
    N_("Printer shows error E-14"),
  };
  /* clang-format on */
  const char * const support_members[] = { demo->users[2], demo->users[3], NULL };
  const char * const billing_members[] = { demo->users[1], demo->users[2], NULL };
  g_autofree char *support = NULL;
  g_autofree char *billing = NULL;

  support = add_queue (demo, NC_("demo queue", "Support"), "round_robin", demo->users[1],
                       support_members, error);
  billing = support == NULL ? NULL
                            : add_queue (demo, NC_("demo queue", "Billing"), "manual",
                                         demo->users[1], billing_members, error);
  if (billing == NULL)
    return FALSE;

  for (guint i = 0; i < demo->cases->len; i++)
    {
      const char *id = g_ptr_array_index (demo->cases, i);
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(RapportStoredRecord) stored = NULL;
      g_autoptr(JsonObject) a_case = NULL;
      const char *status;

      json_object_set_string_member (fields, "queue_id", i % 3 == 2 ? billing : support);
      if (rapport_server_demo_write (demo, NULL, "case", id, fields, error) == NULL ||
          !rapport_server_load_record (demo->backend, rapport_entity_lookup ("case"), id, &stored,
                                       &a_case, error))
        return FALSE;
      status = rapport_json_get_string (a_case, "status");
      /* The closed ones were asked; the resolved ones are still to ask. */
      if (g_strcmp0 (status, "closed") == 0)
        {
          g_autoptr(JsonObject) response = json_object_new ();
          g_autofree char *response_id = NULL;

          json_object_set_string_member (response, "case_id", id);
          /* Mostly pleased, now and then not. */
          json_object_set_int_member (response, "score", i % 7 == 0 ? 2 : 3 + i % 3);
          if ((response_id = rapport_server_demo_write (demo, NULL, "csat_response", NULL, response,
                                                        error)) == NULL)
            return FALSE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (new_subjects); i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      char *id;

      json_object_set_string_member (fields, "subject", _(new_subjects[i]));
      json_object_set_string_member (fields, "queue_id", support);
      json_object_set_string_member (fields, "contact_id", g_ptr_array_index (demo->contacts, i));
      if ((id = rapport_server_demo_write (demo, NULL, "case", NULL, fields, error)) == NULL)
        return FALSE;
      g_ptr_array_add (demo->cases, id);
    }
  return TRUE;
}
