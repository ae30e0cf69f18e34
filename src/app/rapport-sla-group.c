/* rapport-sla-group.c: a case's SLA clock on its page
 *
 * Two rows, the first response and the resolution, each saying when it
 * is (or was) due in the user's own time zone and where it stands, in
 * words and colour: "2 h 15 min left", "Overdue by 1 day", "Met",
 * "Missed", "Paused". A third row says how long the clock was paused.
 * The words follow the page's clock, minute by minute; the due times
 * themselves change only with the case (rapport-sla.c counts them in the
 * calendar's zone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-sla-group"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-json.h"
#include "rapport-labels.h"
#include "rapport-sla-group.h"
#include "rapport-sla-labels.h"

struct _RapportSlaGroup
{
  AdwPreferencesGroup parent_instance;

  JsonObject         *record;         /* (owned) */
  RapportClock       *clock;          /* (owned) */
  gulong              minute_id;
  AdwActionRow       *response_row;
  AdwActionRow       *resolution_row;
  AdwActionRow       *paused_row;
  GtkLabel           *response_state;
  GtkLabel           *resolution_state;
};

G_DEFINE_FINAL_TYPE (RapportSlaGroup, rapport_sla_group, ADW_TYPE_PREFERENCES_GROUP)

static const char * const styles[] = { "error", "warning", "success", "dim-label" };

static void
set_state (GtkLabel   *label,
           const char *text,
           const char *style)
{
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), styles[i]);
  if (style != NULL && *style != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (label), style);
  gtk_label_set_label (label, text);
}

typedef enum {
  WHEN_DUE,
  WHEN_ANSWERED,
  WHEN_RESOLVED,
  WHEN_PAUSED,
} When;

/* "Due 07/12/2026 13:00", "Answered 07/12/2026 10:05"… in the user's zone. */
static void
set_when (AdwActionRow *row,
          When          kind,
          const char   *value)
{
  g_autofree char *when = rapport_labels_format_date (value);
  g_autofree char *text = NULL;

  if (when != NULL)
    switch (kind)
      {
      case WHEN_DUE:
        /* Translators: %s is a date and time, e.g. 05/12/2026 14:00 */
        text = g_strdup_printf (_("Due %s"), when);
        break;
      case WHEN_ANSWERED:
        text = g_strdup_printf (_("Answered %s"), when);
        break;
      case WHEN_RESOLVED:
        text = g_strdup_printf (_("Resolved %s"), when);
        break;
      case WHEN_PAUSED:
      default:
        text = g_strdup_printf (_("Waiting on the customer since %s"), when);
        break;
      }
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
}

static void
show_target (RapportSlaGroup *self,
             AdwActionRow    *row,
             GtkLabel        *state,
             const char      *due_field,
             const char      *done_at,
             When             done_kind,
             const char      *breached_field,
             gboolean         current,
             GDateTime       *now)
{
  const char *due = rapport_json_get_string (self->record, due_field);
  gboolean breached = rapport_json_get_string (self->record, breached_field) != NULL;
  RapportSlaClock clock;
  const char *style = "";

  rapport_case_sla_clock (self->record, g_date_time_to_unix (now), &clock);
  if (done_at != NULL)
    {
      set_when (row, done_kind, done_at);
      set_state (state, breached ? _("Missed") : _("Met"), breached ? "error" : "success");
      return;
    }
  set_when (row, WHEN_DUE, due);
  if (current && clock.state == RAPPORT_SLA_PAUSED)
    set_state (state, _("Paused"), "dim-label");
  else if (breached || (current && clock.state == RAPPORT_SLA_OVERDUE))
    {
      gint64 late = g_date_time_to_unix (now) - rapport_sla_parse_time (due);
      g_autofree char *duration = rapport_sla_labels_duration (late);
      /* Translators: %s is a duration, "1 day" */
      g_autofree char *text = late > 0 ? g_strdup_printf (_("Overdue by %s"), duration)
                                       : g_strdup (_("Missed"));

      set_state (state, text, "error");
    }
  else if (current)
    {
      g_autofree char *duration = rapport_sla_labels_duration (clock.left);
      /* Translators: %s is a duration, "2 h 15 min" */
      g_autofree char *text = g_strdup_printf (_("%s left"), duration);

      style = clock.state == RAPPORT_SLA_WARNING ? "warning" : "";
      set_state (state, text, style);
    }
  else
    set_state (state, "", "");
}

static void
update (RapportSlaGroup *self)
{
  GDateTime *now = rapport_clock_get_now (self->clock);
  const char *responded = rapport_json_get_string (self->record, "first_responded_at");
  const char *status = rapport_json_get_string (self->record, "status");
  const char *resolved = g_strcmp0 (status, "resolved") == 0 || g_strcmp0 (status, "closed") == 0
                           ? rapport_json_get_string (self->record, "resolved_at")
                           : NULL;
  const char *paused_since = rapport_json_get_string (self->record, "paused_since");
  gint64 paused = json_object_get_int_member_with_default (self->record, "paused_total_secs", 0);

  /* Resolved without an answer: the first response was never needed. */
  show_target (self, self->response_row, self->response_state, "first_response_due",
               responded != NULL ? responded : resolved,
               responded != NULL ? WHEN_ANSWERED : WHEN_RESOLVED,
               "response_breached_at", responded == NULL && resolved == NULL, now);
  show_target (self, self->resolution_row, self->resolution_state, "resolution_due", resolved,
               WHEN_RESOLVED, "resolution_breached_at", responded != NULL, now);

  gtk_widget_set_visible (GTK_WIDGET (self->paused_row), paused > 0 || paused_since != NULL);
  if (paused_since != NULL)
    set_when (self->paused_row, WHEN_PAUSED, paused_since);
  else
    {
      g_autofree char *duration = rapport_sla_labels_duration (paused);
      /* Translators: %s is a duration of working time, "3 h 10 min" */
      g_autofree char *text = g_strdup_printf (_("%s of working time, added to the resolution target"),
                                               duration);

      adw_action_row_set_subtitle (self->paused_row, text);
    }
}

static void
minute_changed_cb (RapportClock    *clock,
                   RapportSlaGroup *self)
{
  update (self);
}

static AdwActionRow *
add_row (RapportSlaGroup *self,
         const char      *title,
         GtkLabel       **state)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (state != NULL)
    {
      *state = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (*state, 1);
      adw_action_row_add_suffix (row, GTK_WIDGET (*state));
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  return row;
}

static void
rapport_sla_group_dispose (GObject *object)
{
  RapportSlaGroup *self = RAPPORT_SLA_GROUP (object);

  if (self->clock != NULL)
    g_clear_signal_handler (&self->minute_id, self->clock);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->record, json_object_unref);

  G_OBJECT_CLASS (rapport_sla_group_parent_class)->dispose (object);
}

static void
rapport_sla_group_class_init (RapportSlaGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_sla_group_dispose;
}

static void
rapport_sla_group_init (RapportSlaGroup *self)
{
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Service Level"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Counted in the working hours of the SLA policy’s calendar; shown in your time zone."));
  self->response_row = add_row (self, _("First Response"), &self->response_state);
  self->resolution_row = add_row (self, _("Resolution"), &self->resolution_state);
  self->paused_row = add_row (self, _("Time Paused"), NULL);
}

/**
 * rapport_sla_group_new:
 * @record: a case
 * @clock: the page's clock, which it follows minute by minute
 *
 * Returns: (transfer floating) (nullable): the group, or %NULL when no SLA
 *   policy applies to @record
 */
GtkWidget *
rapport_sla_group_new (JsonObject   *record,
                       RapportClock *clock)
{
  RapportSlaGroup *self;

  g_return_val_if_fail (RAPPORT_IS_CLOCK (clock), NULL);

  if (rapport_json_get_string (record, "sla_status") == NULL)
    return NULL;
  self = g_object_new (RAPPORT_TYPE_SLA_GROUP, NULL);
  self->record = json_object_ref (record);
  self->clock = g_object_ref (clock);
  self->minute_id = g_signal_connect (clock, "minute-changed", G_CALLBACK (minute_changed_cb), self);
  update (self);
  return GTK_WIDGET (self);
}
