/* rapport-target-dialog.c: setting a sales target from the forecast
 *
 * Set Target… beside the forecast: the quota's compact layout
 * (rapport-entity-table.c) in the item dialog, so every value is checked
 * at its field as anywhere else (rapport-quota.c: a person or a team, an
 * amount or a number of deals). The target is for the calendar period the
 * reports show, which the title names ("Set Target for This Quarter"; all
 * of time sets this quarter's), and opens on the person or team they are
 * filtered to. A target is a record: made offline, it syncs like any other, and
 * the forecast shows it as soon as it is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-target-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-item-dialog-private.h"
#include "rapport-report.h"
#include "rapport-target-dialog.h"

struct _RapportTargetDialog
{
  RapportItemDialog parent_instance;
};

G_DEFINE_FINAL_TYPE (RapportTargetDialog, rapport_target_dialog, RAPPORT_TYPE_ITEM_DIALOG)

static void
rapport_target_dialog_class_init (RapportTargetDialogClass *klass)
{
}

static void
rapport_target_dialog_init (RapportTargetDialog *self)
{
}

/* The calendar period that @period ("this-quarter", "last-month", "all")
 * names: its kind and its first day; all of time is this quarter. */
static void
preset_period (JsonObject *preset,
               const char *period)
{
  g_autofree char *from = NULL;
  g_autofree char *until = NULL;
  const char *type = "quarter";

  if (period != NULL && g_str_has_suffix (period, "-month"))
    type = "month";
  else if (period != NULL && g_str_has_suffix (period, "-year"))
    type = "year";
  if (g_strcmp0 (type, "quarter") == 0 && (period == NULL || !g_str_has_suffix (period, "-quarter")))
    period = "this-quarter";
  if (!rapport_report_period_parse (period, NULL, &from, &until, NULL) || from == NULL)
    return;
  json_object_set_string_member (preset, "period_type", type);
  json_object_set_string_member (preset, "period_start", from);
}

/**
 * rapport_target_dialog_new:
 * @period: (nullable): what the reports show, "this-quarter"
 * @period_label: how the reports' period drop-down names it, "This Quarter"
 * @user_id: (nullable): the person the reports are filtered to
 * @team_id: (nullable): the team they are filtered to, when no person
 */
RapportTargetDialog *
rapport_target_dialog_new (GtkWindow    *parent,
                           RapportStore *store,
                           const char   *period,
                           const char   *period_label,
                           const char   *user_id,
                           const char   *team_id)
{
  g_autoptr(JsonObject) preset = json_object_new ();
  g_autofree char *title = NULL;
  RapportTargetDialog *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_TARGET_DIALOG, "transient-for", parent, NULL);
  /* Translators: a dialog's title: "Set Target for This Quarter" */
  title = g_strdup_printf (_("Set Target for %s"), period_label);
  gtk_window_set_title (GTK_WINDOW (self), title);
  preset_period (preset, period);
  if (user_id != NULL)
    json_object_set_string_member (preset, "user_id", user_id);
  else if (team_id != NULL)
    json_object_set_string_member (preset, "team_id", team_id);
  rapport_item_dialog_set_up (RAPPORT_ITEM_DIALOG (self), store, rapport_entity_lookup ("quota"),
                              NULL, preset);
  return self;
}
