/* rapport-cli-reports.c: `rapport-cli report NAME`, the sales reports from the local database
 *
 * The numbers are those the app shows, from the same core functions
 * (rapport-report.c), so scripts and tests read what a manager sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-cli-private.h"
#include "rapport-store-reports.h"

gboolean
rapport_cli_report (RapportCli *cli,
                    char      **args,
                    GError    **error)
{
  g_autofree char *period = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *pipeline = NULL;
  g_autofree char *team = NULL;
  g_autofree char *today = NULL;
  gboolean csv = FALSE;
  /* clang-format off */
  const GOptionEntry entries[] = {
    { "period", 'p', 0, G_OPTION_ARG_STRING, &period,
      N_("this-month, last-month, this-quarter, last-quarter, this-year, last-year, all (the "
         "default) or FROM..TO, as 2026-01-01..2026-03-31"), N_("PERIOD") },
    { "owner", 'o', 0, G_OPTION_ARG_STRING, &owner,
      N_("Only the deals of this user (an id, or “me”)"), N_("USER") },
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("Only the deals of this pipeline"),
      N_("ID") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Only the deals of this team’s members"),
      N_("ID") },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print CSV"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today,
      N_("Count periods from this day instead of today"), N_("DATE") },
    { NULL }
  };
  /* clang-format on */
  g_auto(RapportReportFilter) filter = { 0 };
  g_autoptr(RapportReport) report = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *names = NULL;
  g_autoptr(GString) list = g_string_new (NULL);
  RapportReportKind kind;
  RapportStore *store;

  for (guint i = 0; i < RAPPORT_REPORT_N_KINDS; i++)
    g_string_append_printf (list, "\n  %-20s%s", rapport_report_kind_to_string (i),
                            rapport_report_kind_label (i));
  summary = g_strdup_printf (_("Print a sales report from the local database. The reports:%s"),
                             list->str);
  if (!rapport_cli_parse (cli, &args, _("NAME"), summary, entries, 1, 1, error))
    return FALSE;
  if (!rapport_report_kind_from_string (args[1], &kind, error))
    {
      (*error)->domain = RAPPORT_CLI_ERROR;
      (*error)->code = RAPPORT_CLI_ERROR_USAGE;
      return FALSE;
    }
  if (!rapport_report_period_parse (period != NULL ? period : "all", today, &filter.from,
                                    &filter.until, error))
    {
      (*error)->domain = RAPPORT_CLI_ERROR;
      (*error)->code = RAPPORT_CLI_ERROR_USAGE;
      return FALSE;
    }
  if (!(store = rapport_cli_get_store (cli, error)))
    return FALSE;
  if (g_strcmp0 (owner, "me") == 0)
    {
      if (rapport_store_get_user_id (store) == NULL)
        {
          rapport_cli_set_usage_error (error, _("“--owner me” needs a signed-in user"));
          return FALSE;
        }
      g_free (owner);
      owner = g_strdup (rapport_store_get_user_id (store));
    }
  if (team != NULL)
    {
      g_autoptr(JsonObject) known = rapport_store_get (store, "team", team, NULL);

      if (known == NULL)
        {
          rapport_cli_set_usage_error (error, _("There is no team “%s”"), team);
          return FALSE;
        }
    }
  filter.owner_id = g_steal_pointer (&owner);
  filter.team_id = g_steal_pointer (&team);
  filter.pipeline_id = g_steal_pointer (&pipeline);
  filter.today = g_steal_pointer (&today);

  if (!(report = rapport_store_report (store, kind, &filter, error)))
    return FALSE;
  {
    g_autofree char *text = cli->json ? rapport_report_to_json (report)
                            : csv     ? rapport_report_to_csv (report)
                                      : rapport_report_to_text (report);

    g_print ("%s", text);
  }
  return TRUE;
}
