/* rapport-queue-labels.c: what a row of a queue (cases) says
 *
 * A case's row says which case it is (its number, to quote on the
 * phone, or its draft number until the server gave one), whose it is and how long it has waited; its third line says in
 * words what needs attention (its SLA clock, "First response: 2 h left";
 * "Overdue", "Urgent") and when it is due, in
 * the colour that goes with it, so that colour is never all there is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-queue-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-labels.h"
#include "rapport-numbering.h"
#include "rapport-queue.h"
#include "rapport-queue-labels.h"
#include "rapport-sla-labels.h"

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;
  if (text->len > 0)
    g_string_append (text, " · ");
  g_string_append (text, part);
}

/**
 * rapport_queue_labels_age:
 * @since: (nullable): a time as the store keeps it
 *
 * Returns: (transfer full) (nullable): how long ago, in whole days (or
 *   hours on the first day): "3 days"
 */
char *
rapport_queue_labels_age (const char *since,
                          GDateTime  *now)
{
  g_autoptr(GDateTime) time = NULL;
  GTimeSpan age;
  int n;

  if (since == NULL || (time = g_date_time_new_from_iso8601 (since, NULL)) == NULL)
    return NULL;
  age = MAX (g_date_time_difference (now, time), 0);
  if (age >= G_TIME_SPAN_DAY)
    {
      n = age / G_TIME_SPAN_DAY;
      return g_strdup_printf (ngettext ("%d day", "%d days", n), n);
    }
  if (age >= G_TIME_SPAN_HOUR)
    {
      n = age / G_TIME_SPAN_HOUR;
      return g_strdup_printf (ngettext ("%d hour", "%d hours", n), n);
    }
  n = age / G_TIME_SPAN_MINUTE;
  if (n == 0)
    return g_strdup (_("Just now"));
  return g_strdup_printf (ngettext ("%d minute", "%d minutes", n), n);
}

/**
 * rapport_queue_labels_subtitle:
 * @customer: (nullable): the title of the contact or company it is for
 *
 * Returns: (transfer full): "C-2026-00042 · Ana Ribeiro · 3 days"
 */
char *
rapport_queue_labels_subtitle (const RapportEntity *entity,
                               JsonObject          *record,
                               const char          *customer,
                               GDateTime           *now)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *number = rapport_record_number (entity, record);
  g_autofree char *age = rapport_queue_labels_age (
    json_object_get_string_member_with_default (record, "created_at", NULL), now);

  append_part (text, number);
  append_part (text, customer);
  append_part (text, age);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * rapport_queue_labels_flags:
 * @style: (out): the style class for the words: "error" when overdue,
 *   "warning" when urgent, "" otherwise
 *
 * Returns: (transfer full): "Overdue · Urgent · Due 05/12/2026 14:00", or
 *   "" when there is nothing to say
 */
char *
rapport_queue_labels_flags (const RapportEntity *entity,
                            JsonObject          *record,
                            GDateTime           *now,
                            const char         **style)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean overdue = rapport_queue_is_overdue (entity, record, now);
  gboolean urgent = rapport_queue_is_urgent (entity, record);
  const char *sla_style = "";
  g_autofree char *sla = NULL;
  const char *due;

  *style = overdue ? "error" : urgent ? "warning" : "";
  if (entity->queue == NULL)
    return g_strdup ("");
  /* The SLA clock first: what is due next, and how soon. */
  if (entity->queue->clock_field != NULL && rapport_queue_is_unresolved (entity, record))
    sla = rapport_sla_labels_flag (record, now, &sla_style);
  append_part (text, sla);
  /* With an SLA clock, the clock is when the case is due. */
  if (sla != NULL)
    {
      overdue = FALSE;
      *style = *sla_style != '\0' ? sla_style : urgent ? "warning" : "";
    }
  if (overdue)
    /* Translators: a case whose due time has passed */
    append_part (text, _("Overdue"));
  if (urgent)
    /* Translators: a case of the highest priority */
    append_part (text, _("Urgent"));
  due = json_object_get_string_member_with_default (record, entity->queue->due_field, NULL);
  if (due != NULL && sla == NULL && rapport_queue_is_unresolved (entity, record))
    {
      g_autofree char *when = rapport_labels_format_date (due);
      /* Translators: %s is a date and time, e.g. 05/12/2026 14:00 */
      g_autofree char *due_text = g_strdup_printf (_("Due %s"), when);

      append_part (text, due_text);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
