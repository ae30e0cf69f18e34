/* rapport-sla-labels.c: what an SLA clock says, in words
 *
 * "First response: 2 h 15 min left", "Resolution overdue by 1 day",
 * "SLA paused": the words carry the state, and the style class ("warning",
 * "error") only repeats it in colour. Durations are wall-clock time to the
 * due instant, which is what a person waiting on the phone counts; the due
 * instant itself comes from working time (rapport-sla.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sla-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-sla-labels.h"

#define MINUTE 60
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

/**
 * rapport_sla_labels_duration:
 * @secs: a length of time; its sign is ignored
 *
 * Returns: (transfer full): "2 h 15 min", "1 day 3 h", "4 days", "1 min"
 */
char *
rapport_sla_labels_duration (gint64 secs)
{
  gint64 n = ABS (secs);
  int days = n / DAY, hours = n % DAY / HOUR, minutes = n % HOUR / MINUTE;

  /* Past two days, hours no longer matter. */
  if (days >= 2)
    return g_strdup_printf (ngettext ("%d day", "%d days", days), days);
  if (days == 1)
    return hours > 0 ? g_strdup_printf (_("1 day %d h"), hours) : g_strdup (_("1 day"));
  if (hours > 0 && minutes > 0)
    /* Translators: hours and minutes, "2 h 15 min" */
    return g_strdup_printf (_("%d h %d min"), hours, minutes);
  if (hours > 0)
    return g_strdup_printf (_("%d h"), hours);
  return g_strdup_printf (_("%d min"), MAX (minutes, 1));
}

/**
 * rapport_sla_labels_countdown:
 * @style: (out): "error", "warning" or ""
 *
 * Returns: (transfer full) (nullable): what @clock says: "First response:
 *   2 h 15 min left", "Resolution overdue by 1 day", "SLA paused"…;
 *   %NULL without a clock
 */
char *
rapport_sla_labels_countdown (const RapportSlaClock *clock,
                              const char           **style)
{
  g_autofree char *duration = rapport_sla_labels_duration (clock->left);

  *style = "";
  switch (clock->state)
    {
    case RAPPORT_SLA_NONE:
      return NULL;
    case RAPPORT_SLA_PAUSED:
      /* Translators: a case waits on the customer: its clock stands still */
      return g_strdup (_("SLA paused"));
    case RAPPORT_SLA_MET:
      return g_strdup (_("SLA met"));
    case RAPPORT_SLA_BREACHED:
      *style = "error";
      return g_strdup (_("SLA missed"));
    case RAPPORT_SLA_OVERDUE:
      *style = "error";
      /* Translators: %s is a duration, "1 day" */
      return g_strdup_printf (clock->responding ? _("First response overdue by %s")
                                                : _("Resolution overdue by %s"),
                              duration);
    case RAPPORT_SLA_WARNING:
      *style = "warning";
      G_GNUC_FALLTHROUGH;
    case RAPPORT_SLA_RUNNING:
    default:
      /* Translators: %s is a duration, "2 h 15 min" */
      return g_strdup_printf (clock->responding ? _("First response: %s left")
                                                : _("Resolution: %s left"),
                              duration);
    }
}

/**
 * rapport_sla_labels_flag:
 * @record: a case
 * @style: (out): as rapport_sla_labels_countdown() says
 *
 * Returns: (transfer full) (nullable): @record's clock at @now in words
 */
char *
rapport_sla_labels_flag (JsonObject  *record,
                         GDateTime   *now,
                         const char **style)
{
  RapportSlaClock clock;

  rapport_case_sla_clock (record, g_date_time_to_unix (now), &clock);
  return rapport_sla_labels_countdown (&clock, style);
}
