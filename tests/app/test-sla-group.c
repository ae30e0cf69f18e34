/* test-sla-group.c: a case's SLA clock on its page, minute by minute
 *
 * The page's clock (a fake one here) moves on: "2 h 15 min left" becomes
 * "Overdue by 45 min" without the case changing; the first response once
 * answered says when and that it was met; a paused clock says so. The
 * durations read as a person counts them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "rapport-clock-private.h"
#include "rapport-json.h"
#include "rapport-sla-group.h"
#include "rapport-sla-labels.h"

static GDateTime *wall;

static GDateTime *
fake_now (gpointer user_data)
{
  return g_date_time_ref (wall);
}

static void
set_wall (const char *text)
{
  g_clear_pointer (&wall, g_date_time_unref);
  wall = g_date_time_new_from_iso8601 (text, NULL);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0 &&
      gtk_widget_get_visible (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
test_durations (void)
{
  static const struct
  {
    gint64      secs;
    const char *text;
  } cases[] = {
    { 20, "1 min" },
    { 59 * 60, "59 min" },
    { 2 * 3600 + 15 * 60, "2 h 15 min" },
    { 3 * 3600, "3 h" },
    { 86400, "1 day" },
    { 86400 + 3 * 3600, "1 day 3 h" },
    { 2 * 86400 + 5 * 3600, "2 days" },
    { -(2 * 3600 + 15 * 60), "2 h 15 min" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_sla_labels_duration (cases[i].secs);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

#define CASE                                                                          \
  "{\"id\": \"k\", \"status\": \"open\", \"sla_status\": \"response_due\","          \
  " \"sla_start\": \"2026-12-07T09:00:00Z\", \"first_response_due\": \"2026-12-07T13:00:00Z\"," \
  " \"resolution_due\": \"2026-12-07T17:00:00Z\", \"sla_due\": \"2026-12-07T13:00:00Z\"," \
  " \"sla_warn_at\": \"2026-12-07T12:00:00Z\", \"paused_total_secs\": 0}"

static void
test_minute_by_minute (void)
{
  g_autoptr(RapportClock) clock = rapport_clock_new ();
  g_autoptr(JsonObject) record = rapport_json_parse_object (CASE);
  GtkWidget *group;

  g_setenv ("TZ", "UTC", TRUE);
  set_wall ("2026-12-07T10:45:00Z");
  rapport_clock_set_now_func (clock, fake_now, NULL);
  group = g_object_ref_sink (rapport_sla_group_new (record, clock));
  g_assert_true (has_label (group, "2 h 15 min left"));
  g_assert_true (has_label (group, "Due 12/07/2026 13:00"));

  /* The clock moves on; the page follows without the case changing. */
  set_wall ("2026-12-07T13:45:00Z");
  rapport_clock_check (clock);
  g_assert_true (has_label (group, "Overdue by 45 min"));
  set_wall ("2026-12-07T13:46:00Z");
  rapport_clock_check (clock);
  g_assert_true (has_label (group, "Overdue by 46 min"));
  g_object_unref (group);

  /* Answered in time: when, and met; the resolution counts down. */
  json_object_set_string_member (record, "first_responded_at", "2026-12-07T11:00:00Z");
  json_object_set_string_member (record, "sla_status", "resolution_due");
  json_object_set_string_member (record, "sla_due", "2026-12-07T17:00:00Z");
  json_object_set_string_member (record, "sla_warn_at", "2026-12-07T16:00:00Z");
  group = g_object_ref_sink (rapport_sla_group_new (record, clock));
  g_assert_true (has_label (group, "Answered 12/07/2026 11:00"));
  g_assert_true (has_label (group, "Met"));
  g_assert_true (has_label (group, "3 h 14 min left"));
  g_object_unref (group);

  /* Waiting on the customer. */
  json_object_set_string_member (record, "sla_status", "paused");
  json_object_set_string_member (record, "paused_since", "2026-12-07T12:00:00Z");
  group = g_object_ref_sink (rapport_sla_group_new (record, clock));
  g_assert_true (has_label (group, "Paused"));
  g_assert_true (has_label (group, "Waiting on the customer since 12/07/2026 12:00"));
  g_object_unref (group);

  /* No policy, no clock. */
  json_object_remove_member (record, "sla_status");
  g_assert_null (rapport_sla_group_new (record, clock));
  g_clear_pointer (&wall, g_date_time_unref);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/rapport/app/sla-group/durations", test_durations);
  g_test_add_func ("/rapport/app/sla-group/minute-by-minute", test_minute_by_minute);
  return g_test_run ();
}
