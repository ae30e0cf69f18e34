/* rapport-plausible.c: values that are valid but unlikely, questioned before saving
 *
 * A deal closing in 1901, a birthday in 1850 or next year, a reminder after
 * the task is due: each is a real date, so validation lets it through, yet
 * it is most likely a typo. The descriptor says what is plausible per field
 * (RAPPORT_FIELD_PLAUSIBLE, not_after); the app asks before it saves, the
 * CLI warns, and both use these words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-plausible"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-dates.h"
#include "rapport-json.h"
#include "rapport-plausible.h"

void
rapport_doubt_free (RapportDoubt *doubt)
{
  if (doubt == NULL)
    return;
  g_free (doubt->message);
  g_free (doubt);
}

static void
add_doubt (GPtrArray  *doubts,
           const char *field,
           char       *message)
{
  RapportDoubt *doubt = g_new0 (RapportDoubt, 1);

  doubt->field = field;
  doubt->message = message;
  g_ptr_array_add (doubts, doubt);
}

/* A closed deal's dates are history, whatever they say. */
static gboolean
is_open (JsonObject *record)
{
  const char *status = rapport_json_get_string (record, "status");

  return status == NULL || g_str_equal (status, "open");
}

static void
check_date (const RapportField *field,
            JsonObject         *record,
            GDateTime          *now,
            GPtrArray          *doubts)
{
  const char *value = rapport_json_get_string (record, field->name);
  g_autoptr(GDateTime) local_now = g_date_time_to_local (now);
  g_autofree char *shown = NULL;
  int year, month, day, this_year = g_date_time_get_year (local_now);
  char tail;

  if (value == NULL || sscanf (value, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3 ||
      (shown = rapport_dates_format_day (year, month, day)) == NULL)
    return;
  if ((field->flags & RAPPORT_FIELD_WHILE_OPEN) && !is_open (record))
    return;

  if (year < field->min)
    {
      /* Translators: %s is a date, %d a year: "01/01/1850 is before 1900. Is the year right?" */
      add_doubt (doubts, field->name,
                 g_strdup_printf (_("%s is before %d. Is the year right?"), shown, (int) field->min));
      return;
    }
  if (field->max == 0)
    {
      g_autofree char *today = g_date_time_format (local_now, "%Y-%m-%d");

      if (strcmp (value, today) > 0)
        add_doubt (doubts, field->name,
                   /* Translators: %s is a date */
                   g_strdup_printf (_("%s is in the future. Is the date right?"), shown));
      return;
    }
  if (year > this_year + field->max ||
      (year == this_year + field->max &&
       (month > g_date_time_get_month (local_now) ||
        (month == g_date_time_get_month (local_now) &&
         day > g_date_time_get_day_of_month (local_now)))))
    add_doubt (doubts, field->name,
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             /* Translators: %s is a date */
                                             "%s is more than %d year ahead. Is the year right?",
                                             "%s is more than %d years ahead. Is the year right?",
                                             field->max),
                                shown, (int) field->max));
}

static void
check_order (const RapportField *field,
             JsonObject         *record,
             GPtrArray          *doubts)
{
  const char *value = rapport_json_get_string (record, field->name);
  const char *limit = rapport_json_get_string (record, field->not_after);
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) limit_time = NULL;

  if (value == NULL || limit == NULL ||
      (time = g_date_time_new_from_iso8601 (value, NULL)) == NULL ||
      (limit_time = g_date_time_new_from_iso8601 (limit, NULL)) == NULL)
    return;
  if (g_date_time_compare (time, limit_time) > 0)
    add_doubt (doubts, field->name, g_strdup (_(field->not_after_doubt)));
}

/**
 * rapport_plausible_check:
 * @record: the record as it would be stored
 * @now: the time to judge "in the future" by (the user's time zone counts)
 *
 * Returns: (transfer container) (element-type RapportDoubt): what to ask
 *   the user before saving @record; empty when nothing is unlikely
 */
GPtrArray *
rapport_plausible_check (const RapportEntity *entity,
                         JsonObject          *record,
                         GDateTime           *now)
{
  GPtrArray *doubts = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_doubt_free);

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const RapportField *field = &entity->fields[i];

      if (field->kind == RAPPORT_FIELD_DATE && (field->flags & RAPPORT_FIELD_PLAUSIBLE))
        check_date (field, record, now, doubts);
      else if (field->not_after != NULL)
        check_order (field, record, doubts);
    }
  return doubts;
}
