/* rapport-sla.c: a case's SLA clock, from its policy and calendar
 *
 * SPEC.md §8.3. A case's SLA fields are derived (RAPPORT_FIELD_DERIVED):
 * computed here from the case, its policy and the policy's calendar,
 * after every local edit and every pulled record on the client and after
 * every accepted write on the server, so that both agree to the second.
 * Some of them are state the computation carries from one version to the
 * next: when a pause began (paused_since) and the working time paused so
 * far (paused_total_secs). Leaving a pause adds its working time before
 * the resolution due time is computed, whatever the next status is, so a
 * case resolved straight from pending counts its pause.
 *
 * DESIGN.md's statuses are new, open, pending, resolved and closed: the
 * "waiting on customer" of SPEC.md is `pending`, a policy's default pause
 * status. Breaches (response_breached_at, resolution_breached_at) grant
 * nothing but are decisions all the same: only the server records them
 * (@authority), on a write and from its minute job; a breach recorded
 * stays, even when a priority change moves the due times. Clients show a
 * live countdown from the same fields (rapport_case_sla_clock()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sla"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-sla.h"
#include "rapport-validate.h"

#define DEFAULT_WARNING_PERCENT 75

static const char * const priorities[] = { "low", "normal", "high", "urgent", NULL };
static const char * const pausable[] = { "new", "open", "pending", NULL };

/* GDate's day number of 1970-01-01: its day 1 is 0001-01-01. */
#define UNIX_EPOCH_JULIAN 719163

/* The digits of @text from @start, @n of them; -1 if one is not a digit. */
static int
digits (const char *text,
        guint       start,
        guint       n)
{
  int value = 0;

  for (guint i = start; i < start + n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      value = value * 10 + g_ascii_digit_value (text[i]);
    }
  return value;
}

/* Writes @value into @text from @start as @n digits. */
static void
put_digits (char *text,
            guint start,
            guint n,
            int   value)
{
  for (guint i = start + n; i > start; i--, value /= 10)
    text[i - 1] = (char) ('0' + value % 10);
}

/* The store's own form of a time, "2026-12-07T09:00:00Z", read without
 * GDateTime, which would build a time zone for each: the SLA of 30,000
 * cases reads a few hundred thousand of them. Anything else is left to
 * GDateTime. */
static gboolean
parse_stored_time (const char *text,
                   gint64     *out_instant)
{
  int year, month, day, hour, minute, second;
  GDate date;

  if (strlen (text) != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z')
    return FALSE;
  year = digits (text, 0, 4);
  month = digits (text, 5, 2);
  day = digits (text, 8, 2);
  hour = digits (text, 11, 2);
  minute = digits (text, 14, 2);
  second = digits (text, 17, 2);
  if (year < 1 || month < 1 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  *out_instant = ((gint64) g_date_get_julian (&date) - UNIX_EPOCH_JULIAN) * 86400 + hour * 3600 +
                 minute * 60 + second;
  return TRUE;
}

/**
 * rapport_sla_parse_time:
 * @text: (nullable): RFC 3339
 *
 * Returns: Unix seconds, or 0 when @text is not a time
 */
gint64
rapport_sla_parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  gint64 instant;

  if (text == NULL)
    return 0;
  if (parse_stored_time (text, &instant))
    return instant;
  if ((time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return 0;
  return g_date_time_to_unix (time);
}

/**
 * rapport_sla_format_time:
 *
 * Returns: (transfer full): @instant as the store keeps times, in UTC
 */
char *
rapport_sla_format_time (gint64 instant)
{
  gint64 days = instant >= 0 ? instant / 86400 : -((-instant + 86399) / 86400);
  int secs = (int) (instant - days * 86400);
  /* Written digit by digit: printf was a sixth of deriving 30,000 cases' SLA. */
  char text[] = "0000-00-00T00:00:00Z";
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (days + UNIX_EPOCH_JULIAN));
  put_digits (text, 0, 4, g_date_get_year (&date));
  put_digits (text, 5, 2, g_date_get_month (&date));
  put_digits (text, 8, 2, g_date_get_day (&date));
  put_digits (text, 11, 2, secs / 3600);
  put_digits (text, 14, 2, secs / 60 % 60);
  put_digits (text, 17, 2, secs % 60);
  return g_strdup (text);
}

static void
set_time (JsonObject *record,
          const char *member,
          gint64      instant)
{
  if (instant > 0)
    {
      g_autofree char *text = rapport_sla_format_time (instant);

      json_object_set_string_member (record, member, text);
    }
  else
    json_object_set_null_member (record, member);
}

static gint64
get_time (JsonObject *record,
          const char *member)
{
  return rapport_sla_parse_time (rapport_json_get_string (record, member));
}

/**
 * rapport_sla_policy_targets:
 * @priority: (nullable): a case's priority; %NULL is normal
 *
 * Returns: whether @policy has both targets of @priority
 */
gboolean
rapport_sla_policy_targets (JsonObject *policy,
                            const char *priority,
                            gint64     *first_response_secs,
                            gint64     *resolution_secs)
{
  g_autofree char *first = g_strdup_printf ("%s_first_response_secs", priority ? priority : "normal");
  g_autofree char *resolution = g_strdup_printf ("%s_resolution_secs", priority ? priority : "normal");

  return rapport_json_lookup_int (policy, first, first_response_secs) &&
         rapport_json_lookup_int (policy, resolution, resolution_secs);
}

/**
 * rapport_sla_is_pause_status:
 *
 * Returns: whether @status stops @policy's resolution clock: its
 *   pause_statuses, or `pending` when it names none
 */
gboolean
rapport_sla_is_pause_status (JsonObject *policy,
                             const char *status)
{
  JsonNode *node = json_object_get_member (policy, "pause_statuses");
  JsonArray *statuses;

  if (status == NULL)
    return FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return g_str_equal (status, "pending");
  statuses = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (statuses); i++)
    {
      JsonNode *element = json_array_get_element (statuses, i);

      if (json_node_get_value_type (element) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (element), status) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * rapport_sla_policy_check:
 *
 * An SLA policy's own rules, on client and server: each priority's first
 * response comes no later than its resolution, and only statuses of
 * unresolved cases pause.
 */
gboolean
rapport_sla_policy_check (JsonObject *policy,
                          GError    **error)
{
  /* Translators: the priorities, inside "The first response of %s cases …" */
  static const char * const priority_names[] = { N_("low-priority"), N_("normal-priority"),
                                                 N_("high-priority"), N_("urgent") };
  JsonNode *node = json_object_get_member (policy, "pause_statuses");

  for (guint i = 0; priorities[i] != NULL; i++)
    {
      gint64 first, resolution;

      if (rapport_sla_policy_targets (policy, priorities[i], &first, &resolution) &&
          first > resolution)
        {
          g_autofree char *field = g_strdup_printf ("%s_first_response_secs", priorities[i]);

          rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, field,
                                        /* Translators: %s is "urgent", "low-priority"… */
                                        _("The first response target of %s cases is longer than their resolution target: it must not be"),
                                        _(priority_names[i]));
          return FALSE;
        }
    }
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *statuses = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (statuses); i++)
        {
          const char *status = json_node_get_string (json_array_get_element (statuses, i));

          if (status == NULL || !g_strv_contains (pausable, status))
            {
              rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID,
                                            "pause_statuses",
                                            _("Only the statuses new, open and pending can pause the clock, not “%s”"),
                                            status ? status : "");
              return FALSE;
            }
        }
    }
  return TRUE;
}

static gboolean
is_resolved (const char *status)
{
  return g_strcmp0 (status, "resolved") == 0 || g_strcmp0 (status, "closed") == 0;
}

/* The instant @secs of working time after @start, or 0 if never. */
static gint64
add_working (const RapportCalendar *calendar,
             gint64                 start,
             gint64                 secs)
{
  gint64 instant = rapport_calendar_add (calendar, start, secs);

  return instant > 0 ? instant : 0;
}

/**
 * rapport_case_sla_compute:
 * @record: a case, as it will be stored
 * @policy: its SLA policy
 * @calendar: @policy's calendar
 * @now: when the change happens (RFC 3339): the record's updated_at
 * @authority: whether this is the server, which records breaches
 *
 * Sets the SLA fields of @record: the policy, the start, both due times,
 * the pause, what the clock says (sla_status) and when it is next due
 * and warned (sla_due, sla_warn_at).
 */
void
rapport_case_sla_compute (JsonObject            *record,
                          JsonObject            *policy,
                          const RapportCalendar *calendar,
                          const char            *now_text,
                          gboolean               authority)
{
  const char *status = rapport_json_get_string (record, "status");
  gint64 now = rapport_sla_parse_time (now_text);
  gint64 first_secs, resolution_secs, percent, total = 0;
  gint64 start, end, since, responded, response_breach, resolution_breach;
  gint64 first_due, resolution_due, first_warn, resolution_warn;
  gboolean resolved, paused;
  const char *state;

  if (!rapport_sla_policy_targets (policy, rapport_json_get_string (record, "priority"),
                                   &first_secs, &resolution_secs))
    return;
  if (!rapport_json_lookup_int (policy, "warning_percent", &percent) || percent <= 0 || percent > 100)
    percent = DEFAULT_WARNING_PERCENT;
  json_object_set_string_member (record, "sla_policy_id", rapport_json_get_string (policy, "id"));

  start = get_time (record, "sla_start");
  if (start == 0)
    start = get_time (record, "created_at");
  if (start == 0)
    start = now;
  set_time (record, "sla_start", start);

  status = status != NULL ? status : "new";
  resolved = is_resolved (status);
  end = resolved && get_time (record, "resolved_at") > 0 ? get_time (record, "resolved_at") : now;
  paused = !resolved && rapport_sla_is_pause_status (policy, status);
  rapport_json_lookup_int (record, "paused_total_secs", &total);
  since = get_time (record, "paused_since");
  /* In the same change, before the resolution is due: Paused → Resolved
   * counts the pause. */
  if (!paused && since > 0)
    {
      total += rapport_calendar_between (calendar, since, MAX (end, since));
      since = 0;
    }
  else if (paused && since == 0)
    since = now;
  json_object_set_int_member (record, "paused_total_secs", total);
  set_time (record, "paused_since", since);

  first_due = add_working (calendar, start, first_secs);
  resolution_due = add_working (calendar, start, resolution_secs + total);
  first_warn = add_working (calendar, start, first_secs * percent / 100);
  resolution_warn = add_working (calendar, start, resolution_secs * percent / 100 + total);
  set_time (record, "first_response_due", first_due);
  set_time (record, "resolution_due", resolution_due);

  responded = get_time (record, "first_responded_at");
  response_breach = get_time (record, "response_breached_at");
  resolution_breach = get_time (record, "resolution_breached_at");
  if (authority)
    {
      /* A response, or a resolution without one, is late past its due. */
      gint64 answered = responded > 0 ? responded : end;

      if (response_breach == 0 && first_due > 0 && answered > first_due)
        response_breach = first_due;
      if (resolution_breach == 0 && resolution_due > 0 && !paused && end > resolution_due)
        resolution_breach = resolution_due;
      set_time (record, "response_breached_at", response_breach);
      set_time (record, "resolution_breached_at", resolution_breach);
    }

  if (resolved)
    state = resolution_breach ? "breached_resolution" : response_breach ? "breached_response" : "met";
  else if (resolution_breach)
    state = "breached_resolution";
  else if (paused)
    state = "paused";
  else if (response_breach)
    state = "breached_response";
  else if (now >= (responded ? resolution_warn : first_warn))
    state = "warning";
  else
    state = responded ? "resolution_due" : "response_due";
  json_object_set_string_member (record, "sla_status", state);
  set_time (record, "sla_due", resolved ? 0 : responded ? resolution_due : first_due);
  set_time (record, "sla_warn_at", resolved ? 0 : responded ? resolution_warn : first_warn);
}

/**
 * rapport_case_sla_first_response:
 * @responded_at: when an outbound email or call says it happened (client time)
 * @received_at: when the server received it
 *
 * Takes @responded_at as the case's first response if it has none yet and
 * it lies between the start of its clock and @received_at: an answer made
 * offline counts from when it was made, but not from before the case or
 * from the future.
 *
 * Returns: whether @record took it
 */
gboolean
rapport_case_sla_first_response (JsonObject *record,
                                 const char *responded_at,
                                 const char *received_at)
{
  gint64 start = get_time (record, "sla_start");
  gint64 when = rapport_sla_parse_time (responded_at);

  if (start == 0 || when == 0 || get_time (record, "first_responded_at") != 0 ||
      when < start || when > rapport_sla_parse_time (received_at))
    return FALSE;
  set_time (record, "first_responded_at", when);
  return TRUE;
}

/**
 * rapport_case_sla_clock:
 * @now: Unix seconds
 *
 * What @record's clock says at @now, from the fields the computation left
 * in it: no calendar is needed to count down.
 */
void
rapport_case_sla_clock (JsonObject      *record,
                        gint64           now,
                        RapportSlaClock *clock)
{
  const char *status = rapport_json_get_string (record, "sla_status");
  gint64 warn = get_time (record, "sla_warn_at");
  gboolean breached = get_time (record, "response_breached_at") > 0 ||
                      get_time (record, "resolution_breached_at") > 0;

  memset (clock, 0, sizeof *clock);
  if (status == NULL)
    return;
  clock->responding = get_time (record, "first_responded_at") == 0;
  clock->due = get_time (record, "sla_due");
  clock->left = clock->due > 0 ? clock->due - now : 0;
  if (g_str_equal (status, "met"))
    clock->state = RAPPORT_SLA_MET;
  else if (clock->due == 0)
    clock->state = breached ? RAPPORT_SLA_BREACHED : RAPPORT_SLA_MET;
  else if (g_str_equal (status, "paused"))
    clock->state = RAPPORT_SLA_PAUSED;
  else if (clock->left < 0 || g_str_equal (status, "breached_resolution"))
    clock->state = RAPPORT_SLA_OVERDUE;
  else if (warn > 0 && now >= warn)
    clock->state = RAPPORT_SLA_WARNING;
  else
    clock->state = RAPPORT_SLA_RUNNING;
}
