/* rapport-reports-page.c: the Reports section: key figures and charts of the book's deals
 *
 * A dashboard of the sales reports (rapport-report.h) over the local
 * replica, so that it works on a train: tiles with the key figures (open
 * pipeline per currency, win rate, average deal size, sales cycle), then
 * a chart per report, each with its data in a table under it and an
 * export of that report as CSV. A period, an owner and a team choose
 * what the reports cover. The Forecast view beside the dashboard shows
 * closed, commit and best case against each person's and team's target,
 * and a manager sets a target from it (rapport-target-dialog.c). Amounts are never added across currencies: a money
 * chart is drawn per currency.
 *
 * All reports are read together in a worker thread, one state of the
 * records (rapport_store_reports_async()), when the page is shown, when
 * the filter changes, and when a sync or an edit changes deals, stages or
 * users while it shows (once a burst of writes is over); a read still
 * under way is cancelled by the next. A click on a stage's or an owner's
 * bar opens the Deals list filtered to them (win.show-deals).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-reports-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-bar-chart.h"
#include "rapport-bullet-chart.h"
#include "rapport-cancellable.h"
#include "rapport-choice-factory.h"
#include "rapport-funnel-chart.h"
#include "rapport-line-chart.h"
#include "rapport-money.h"
#include "rapport-plain-text.h"
#include "rapport-report-table.h"
#include "rapport-reports-page.h"
#include "rapport-store-async.h"
#include "rapport-query.h"
#include "rapport-store-reports.h"
#include "rapport-target-dialog.h"
#include "rapport-team.h"
#include "rapport-team-users.h"
#include "rapport-window.h"

/* clang-format off */
static const struct { const char *period; const char *label; } periods[] = {
  { "this-month", N_("This Month") },
  { "last-month", N_("Last Month") },
  { "this-quarter", N_("This Quarter") },
  { "last-quarter", N_("Last Quarter") },
  { "this-year", N_("This Year") },
  { "last-year", N_("Last Year") },
  { "all", N_("All Time") },
};
/* clang-format on */
#define DEFAULT_PERIOD 2

struct _RapportReportsPage
{
  GtkWidget             parent_instance;

  RapportContext       *context;      /* (owned) (nullable): until the window gives it */
  RapportStore         *store;        /* (owned) (nullable): the context's */
  RapportChangeMonitor *changes;      /* (owned) (nullable): the context's */
  gulong                changed_id;
  GCancellable         *cancellable;  /* (owned) (nullable): the read under way */
  GPtrArray            *reports;      /* (owned) (nullable) (element-type RapportReport): shown */
  GPtrArray            *owner_ids;    /* (owned) (element-type utf8): the owner drop-down's, after "Everyone" */
  GPtrArray            *team_ids;     /* (owned) (element-type utf8): the team drop-down's, after "Every Team" */
  gboolean              can_set_targets;
  gboolean              stale;        /* changed while hidden */
  gboolean              filling;      /* the drop-downs are being filled, not chosen */

  GtkDropDown          *period_dropdown;
  GtkDropDown          *owner_dropdown;
  GtkDropDown          *team_dropdown;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkFlowBox           *tiles;
  GtkBox               *charts;
  GtkBox               *forecast;
};

G_DEFINE_FINAL_TYPE (RapportReportsPage, rapport_reports_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GPtrArray *reports;  /* (element-type RapportReport) */
  GPtrArray *users;    /* (element-type JsonObject) */
  GPtrArray *teams;    /* (element-type JsonObject) */
  gboolean   can_set_targets;
} Dashboard;

static void
dashboard_free (Dashboard *dashboard)
{
  g_clear_pointer (&dashboard->reports, g_ptr_array_unref);
  g_clear_pointer (&dashboard->users, g_ptr_array_unref);
  g_clear_pointer (&dashboard->teams, g_ptr_array_unref);
  g_free (dashboard);
}

static RapportReport *
find_report (RapportReportsPage *self,
             RapportReportKind   kind)
{
  for (guint i = 0; self->reports != NULL && i < self->reports->len; i++)
    {
      RapportReport *report = g_ptr_array_index (self->reports, i);

      if (report->kind == kind)
        return report;
    }
  return NULL;
}

static const char *
row_string (RapportReport *report,
            guint          row,
            const char    *member)
{
  return json_object_get_string_member_with_default (g_ptr_array_index (report->rows, row), member,
                                                     NULL);
}

static gint64
row_int (RapportReport *report,
         guint          row,
         const char    *member)
{
  return json_object_get_int_member_with_default (g_ptr_array_index (report->rows, row), member, 0);
}

/* The worker ------------------------------------------------------------ */

/* The teams by name, for the team drop-down. */
static GPtrArray *
load_teams (RapportStore *store)
{
  g_autoptr(RapportQuery) query = rapport_query_new ("team");
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *teams;

  rapport_query_set_sort (query, RAPPORT_SORT_NAME);
  if ((snapshot = rapport_store_snapshot (store, query, &error)) == NULL ||
      (teams = rapport_store_fetch (store, snapshot, 0, 1000, &error)) == NULL)
    {
      g_warning ("Could not read the teams: %s", error->message);
      return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    }
  return teams;
}

static gpointer
read_dashboard (RapportStore  *store,
                gpointer       data,
                GError       **error)
{
  Dashboard *dashboard = g_new0 (Dashboard, 1);

  dashboard->reports = rapport_store_reports (store, rapport_report_dashboard,
                                              rapport_report_dashboard_length, data, error);
  if (dashboard->reports == NULL)
    {
      dashboard_free (dashboard);
      return NULL;
    }
  dashboard->users = rapport_team_users_load (store);
  dashboard->teams = load_teams (store);
  {
    g_autofree char *user_id = rapport_store_get_state (store, "user_id");
    g_autofree char *role = rapport_store_get_signed_in_role (store);

    /* A book nobody signs in to is its one user's; else the server's
     * roles say (it would refuse a rep's target). */
    dashboard->can_set_targets = user_id == NULL || rapport_role_can_manage_pipelines (role);
  }
  return dashboard;
}

static void
filter_free (RapportReportFilter *filter)
{
  rapport_report_filter_clear (filter);
  g_free (filter);
}

/* Tiles ----------------------------------------------------------------- */

/* A box that a screen reader names as a whole: a tile, a chart's section. */
static GtkWidget *
group_new (int         spacing,
           const char *name)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL,
                                 "spacing", spacing, "accessible-role", GTK_ACCESSIBLE_ROLE_GROUP,
                                 NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return box;
}

static void
add_tile (RapportReportsPage *self,
          const char         *title,
          const char         *value,
          const char         *detail)
{
  /* Translators: a key figure as a screen reader says it: "Win Rate: 50.0 %" */
  g_autofree char *description = g_strdup_printf (_("%s: %s"), title, value != NULL ? value : "—");
  GtkWidget *box = group_new (4, description);
  GtkWidget *label;

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "report-tile");
  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  label = gtk_label_new (value != NULL ? value : "—");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "title-2");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), label);
  if (detail != NULL)
    {
      label = gtk_label_new (detail);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_flow_box_append (self->tiles, box);
}

/* Open pipeline per currency, summed over the stages of that currency. */
static void
add_pipeline_tiles (RapportReportsPage *self,
                    RapportReport      *report)
{
  g_autoptr(GPtrArray) currencies = g_ptr_array_new ();

  for (guint r = 0; r < report->rows->len; r++)
    {
      const char *currency = row_string (report, r, "currency");

      if (currency != NULL && !g_ptr_array_find_with_equal_func (currencies, currency, g_str_equal, NULL))
        g_ptr_array_add (currencies, (gpointer) currency);
    }
  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      gint64 amount = 0, weighted = 0, count = 0;
      g_autofree char *value = NULL;
      g_autofree char *weighted_text = NULL;
      g_autofree char *detail = NULL;

      for (guint r = 0; r < report->rows->len; r++)
        if (g_strcmp0 (row_string (report, r, "currency"), currency) == 0)
          {
            amount += row_int (report, r, "amount");
            weighted += row_int (report, r, "weighted");
            count += row_int (report, r, "count");
          }
      value = rapport_money_format (amount, currency);
      weighted_text = rapport_money_format (weighted, currency);
      /* Translators: under the open pipeline: "12 deals · weighted ¥80,000.00" */
      detail = g_strdup_printf (ngettext ("%d deal · weighted %s", "%d deals · weighted %s", count),
                                (int) count, weighted_text);
      add_tile (self, _("Open Pipeline"), value, detail);
    }
  if (currencies->len == 0)
    add_tile (self, _("Open Pipeline"), NULL, _("No open deals"));
}

/* The win rate over every currency: the last row when there are several. */
static void
add_win_rate_tile (RapportReportsPage *self,
                   RapportReport      *report)
{
  g_autofree char *value = NULL;
  g_autofree char *detail = NULL;
  guint row;

  if (report->rows->len == 0)
    {
      add_tile (self, _("Win Rate"), NULL, _("No deals closed in the period"));
      return;
    }
  row = report->rows->len - 1;
  value = rapport_report_format_named_cell (report, row, "win_rate");
  /* Translators: under the win rate: "3 won · 2 lost" */
  detail = g_strdup_printf (_("%d won · %d lost"), (int) row_int (report, row, "won"),
                            (int) row_int (report, row, "lost"));
  add_tile (self, _("Win Rate"), value, detail);
}

static void
add_deal_size_tiles (RapportReportsPage *self,
                     RapportReport      *report)
{
  for (guint r = 0; r < report->rows->len; r++)
    {
      g_autofree char *value = rapport_report_format_named_cell (report, r, "average");
      g_autofree char *median = rapport_report_format_named_cell (report, r, "median");
      g_autofree char *detail = NULL;
      gint64 won = row_int (report, r, "won");

      /* Translators: under the average deal size: "3 won deals · median ¥1,000.00" */
      detail = g_strdup_printf (ngettext ("%d won deal · median %s", "%d won deals · median %s", won),
                                (int) won, median != NULL ? median : "—");
      add_tile (self, _("Average Deal Size"), value, detail);
    }
  if (report->rows->len == 0)
    add_tile (self, _("Average Deal Size"), NULL, _("No deals won in the period"));
}

static void
add_cycle_tile (RapportReportsPage *self,
                RapportReport      *report)
{
  for (guint r = 0; r < report->rows->len; r++)
    {
      g_autofree char *days = NULL;
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;
      gint64 deals = row_int (report, r, "deals");

      if (g_strcmp0 (row_string (report, r, "outcome"), "won") != 0)
        continue;
      days = rapport_report_format_named_cell (report, r, "median_days");
      /* Translators: the sales cycle's median length: "12.5 days" */
      value = days != NULL ? g_strdup_printf (_("%s days"), days) : NULL;
      /* Translators: under the sales cycle */
      detail = g_strdup_printf (ngettext ("median of %d won deal", "median of %d won deals", deals),
                                (int) deals);
      add_tile (self, _("Sales Cycle"), value, detail);
    }
}

/* Charts ---------------------------------------------------------------- */

static void
export_chosen_cb (GtkNativeDialog    *chooser,
                  int                 response,
                  RapportReportsPage *self)
{
  const char *csv = g_object_get_data (G_OBJECT (chooser), "rapport-csv");
  const char *title = g_object_get_data (G_OBJECT (chooser), "rapport-title");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  if (file == NULL)
    {
      g_object_unref (chooser);
      return;
    }
  /* A few kilobytes: written at once. */
  if (!g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                NULL, &error))
    /* Translators: %s says why */
    message = g_strdup_printf (_("The report could not be exported: %s"), error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: "Sales Funnel exported to “funnel.csv”" */
      message = g_strdup_printf (_("%s exported to “%s”"), title, name);
    }
  if (RAPPORT_IS_WINDOW (root))
    rapport_window_add_toast (RAPPORT_WINDOW (root), rapport_toast_new_plain (message));
  g_object_unref (chooser);
}

static void
export_clicked_cb (GtkButton          *button,
                   RapportReportsPage *self)
{
  RapportReportKind kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "rapport-kind"));
  RapportReport *report = find_report (self, kind);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

  if (report == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export Report"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.csv", rapport_report_kind_label (kind));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  /* The report shown when the file was asked for, even if a sync has
   * replaced it by the time the user has chosen. */
  g_object_set_data_full (G_OBJECT (chooser), "rapport-csv", rapport_report_to_csv (report), g_free);
  g_object_set_data (G_OBJECT (chooser), "rapport-title", (gpointer) rapport_report_kind_label (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_chosen_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* A chart's heading, with its Export button. */
static GtkWidget *
add_section (RapportReportsPage *self,
             GtkBox             *into,
             RapportReportKind   kind)
{
  GtkWidget *section = group_new (12, rapport_report_kind_label (kind));
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (rapport_report_kind_label (kind));
  GtkWidget *button = gtk_button_new_from_icon_name ("document-save-symbolic");
  g_autofree char *export = NULL;

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (heading), label);
  /* Translators: a chart's button: "Export Sales Funnel as CSV…" */
  export = g_strdup_printf (_("Export %s as CSV…"), rapport_report_kind_label (kind));
  gtk_widget_set_tooltip_text (button, export);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, export, -1);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "rapport-kind", GUINT_TO_POINTER (kind));
  g_signal_connect (button, "clicked", G_CALLBACK (export_clicked_cb), self);
  gtk_box_append (GTK_BOX (heading), button);
  gtk_box_append (GTK_BOX (section), heading);
  gtk_box_append (into, section);
  return section;
}

/* A chart titled by what it shows ("CNY"), with its accessible name. */
static void
add_chart (GtkWidget  *section,
           GtkWidget  *chart,
           const char *title,
           const char *subtitle)
{
  g_autofree char *name = subtitle != NULL ? g_strdup_printf ("%s · %s", title, subtitle)
                                           : g_strdup (title);

  if (subtitle != NULL)
    {
      GtkWidget *label = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (section), label);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_box_append (GTK_BOX (section), chart);
}

/* The series' names and colours, under a chart of several. */
static void
add_legend (GtkWidget    *section,
            RapportChart *chart)
{
  GtkWidget *legend = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (legend), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (legend), 12);
  for (guint s = 0; s < rapport_chart_get_n_series (chart); s++)
    {
      GtkWidget *item = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *swatch = gtk_label_new ("■");
      g_autofree char *markup = NULL;
      GdkRGBA color;

      rapport_chart_series_color (chart, s, &color);
      markup = g_markup_printf_escaped ("<span foreground=\"#%02x%02x%02x\">■</span>",
                                        (int) (color.red * 255), (int) (color.green * 255),
                                        (int) (color.blue * 255));
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      gtk_accessible_update_state (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (item), swatch);
      gtk_box_append (GTK_BOX (item), gtk_label_new (rapport_chart_get_series_label (chart, s)));
      gtk_flow_box_append (GTK_FLOW_BOX (legend), item);
    }
  gtk_box_append (GTK_BOX (section), legend);
}

static void
add_table (GtkWidget     *section,
           RapportReport *report)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *table = rapport_report_table_new ();

  rapport_report_table_set_report (RAPPORT_REPORT_TABLE (table), report);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), table);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (section), scrolled);
}

/* A bar opens its deals: a stage's, or an owner's open ones. */
static void
chart_activated_cb (RapportChart       *chart,
                    guint               category,
                    guint               series,
                    RapportReportsPage *self)
{
  const char *field = g_object_get_data (G_OBJECT (chart), "rapport-field");
  const char *key = rapport_chart_get_category_key (chart, category);

  if (field == NULL || key == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-deals", "(sss)", field, key,
                              rapport_chart_get_category_label (chart, category));
}

static GPtrArray *
currencies_of (RapportReport *report)
{
  GPtrArray *currencies = g_ptr_array_new ();

  for (guint r = 0; r < report->rows->len; r++)
    {
      const char *currency = row_string (report, r, "currency");

      if (currency != NULL && !g_ptr_array_find_with_equal_func (currencies, currency, g_str_equal, NULL))
        g_ptr_array_add (currencies, (gpointer) currency);
    }
  return currencies;
}

/* Open amount per stage, a chart per currency. */
static void
add_stage_chart (RapportReportsPage *self,
                 RapportReport      *report)
{
  GtkWidget *section = add_section (self, self->charts, report->kind);
  g_autoptr(GPtrArray) currencies = currencies_of (report);
  g_autoptr(GHashTable) pipelines = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint r = 0; r < report->rows->len; r++)
    if (row_string (report, r, "pipeline") != NULL)
      g_hash_table_add (pipelines, (gpointer) row_string (report, r, "pipeline"));
  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      GtkWidget *chart = rapport_bar_chart_new ();

      g_object_set_data (G_OBJECT (chart), "rapport-field", (gpointer) "stage_id");
      rapport_chart_add_series (RAPPORT_CHART (chart), NULL);
      for (guint r = 0; r < report->rows->len; r++)
        {
          g_autofree char *label = NULL;
          g_autofree char *amount = NULL;
          guint category;

          if (g_strcmp0 (row_string (report, r, "currency"), currency) != 0)
            continue;
          label = g_hash_table_size (pipelines) > 1
                    ? g_strdup_printf ("%s · %s", row_string (report, r, "pipeline"),
                                       row_string (report, r, "stage"))
                    : g_strdup (row_string (report, r, "stage"));
          amount = rapport_report_format_named_cell (report, r, "amount");
          category = rapport_chart_add_category (RAPPORT_CHART (chart), label,
                                                 row_string (report, r, "stage_id"));
          rapport_chart_set_value (RAPPORT_CHART (chart), category, 0, row_int (report, r, "amount"),
                                   amount);
        }
      g_signal_connect (chart, "activated", G_CALLBACK (chart_activated_cb), self);
      add_chart (section, chart, rapport_report_kind_label (report->kind), currency);
    }
  add_table (section, report);
}

/* Open amount per owner, stacked by expected close month, per currency. */
static void
add_owner_chart (RapportReportsPage *self,
                 RapportReport      *report)
{
  GtkWidget *section = add_section (self, self->charts, report->kind);
  g_autoptr(GPtrArray) currencies = currencies_of (report);

  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      RapportChart *chart = RAPPORT_CHART (rapport_bar_chart_new ());
      g_autoptr(GPtrArray) months = g_ptr_array_new ();

      g_object_set_data (G_OBJECT (chart), "rapport-field", (gpointer) "owner_id");
      for (guint r = 0; r < report->rows->len; r++)
        {
          const char *month = row_string (report, r, "month");

          if (g_strcmp0 (row_string (report, r, "currency"), currency) != 0)
            continue;
          if (!g_ptr_array_find_with_equal_func (months, month != NULL ? month : "", g_str_equal, NULL))
            g_ptr_array_add (months, (gpointer) (month != NULL ? month : ""));
          if (rapport_chart_find_category (chart, row_string (report, r, "owner")) == G_MAXUINT)
            rapport_chart_add_category (chart, row_string (report, r, "owner"),
                                        row_string (report, r, "owner_id"));
        }
      g_ptr_array_sort (months, (GCompareFunc) g_strcmp0);
      for (guint m = 0; m < months->len; m++)
        {
          const char *month = g_ptr_array_index (months, m);

          /* Translators: a deal with no expected close date */
          rapport_chart_add_series (chart, *month != '\0' ? month : _("No Close Date"));
        }
      for (guint r = 0; r < report->rows->len; r++)
        {
          const char *month = row_string (report, r, "month");
          g_autofree char *amount = NULL;
          guint series = 0;

          if (g_strcmp0 (row_string (report, r, "currency"), currency) != 0)
            continue;
          g_ptr_array_find_with_equal_func (months, month != NULL ? month : "", g_str_equal, &series);
          amount = rapport_report_format_named_cell (report, r, "amount");
          rapport_chart_set_value (chart, rapport_chart_find_category (chart, row_string (report, r, "owner")),
                                   series, row_int (report, r, "amount"), amount);
        }
      for (guint c = 0; c < rapport_chart_get_n_categories (chart); c++)
        {
          g_autofree char *total = rapport_money_format ((gint64) rapport_chart_get_category_total (chart, c),
                                                         currency);

          rapport_chart_set_total_text (chart, c, total);
        }
      g_signal_connect (chart, "activated", G_CALLBACK (chart_activated_cb), self);
      add_chart (section, GTK_WIDGET (chart), rapport_report_kind_label (report->kind), currency);
      add_legend (section, chart);
    }
  add_table (section, report);
}

/* A funnel per pipeline: how many reached each stage. */
static void
add_funnel_chart (RapportReportsPage *self,
                  RapportReport      *report)
{
  GtkWidget *section = add_section (self, self->charts, report->kind);
  RapportChart *chart = NULL;
  const char *pipeline = NULL;

  for (guint r = 0; r < report->rows->len; r++)
    {
      g_autofree char *conversion = rapport_report_format_named_cell (report, r, "conversion");
      g_autofree char *text = NULL;
      gint64 reached = row_int (report, r, "reached");
      guint category;

      if (chart == NULL || g_strcmp0 (pipeline, row_string (report, r, "pipeline")) != 0)
        {
          pipeline = row_string (report, r, "pipeline");
          chart = RAPPORT_CHART (rapport_funnel_chart_new ());
          rapport_chart_add_series (chart, NULL);
          add_chart (section, GTK_WIDGET (chart), rapport_report_kind_label (report->kind), pipeline);
        }
      /* Translators: a funnel's stage: "12 · 60.0 %" (reached, and of the stage before) */
      text = conversion != NULL ? g_strdup_printf (_("%d · %s"), (int) reached, conversion)
                                : g_strdup_printf ("%d", (int) reached);
      category = rapport_chart_add_category (chart, row_string (report, r, "stage"), NULL);
      rapport_chart_set_value (chart, category, 0, reached, text);
    }
  add_table (section, report);
}

/* New, won and lost deals, a line each over the months. */
static void
add_trend_chart (RapportReportsPage *self,
                 RapportReport      *report)
{
  GtkWidget *section = add_section (self, self->charts, report->kind);
  RapportChart *chart = RAPPORT_CHART (rapport_line_chart_new ());
  const char *names[] = { "created", "won", "lost" };

  for (guint s = 0; s < G_N_ELEMENTS (names); s++)
    rapport_chart_add_series (chart, _(report->columns[rapport_report_column_index (report, names[s])].label));
  for (guint r = 0; r < report->rows->len; r++)
    {
      guint category = rapport_chart_add_category (chart, row_string (report, r, "month"), NULL);

      for (guint s = 0; s < G_N_ELEMENTS (names); s++)
        {
          g_autofree char *text = rapport_report_format_named_cell (report, r, names[s]);

          rapport_chart_set_value (chart, category, s, row_int (report, r, names[s]), text);
        }
    }
  add_chart (section, GTK_WIDGET (chart), rapport_report_kind_label (report->kind), NULL);
  add_legend (section, chart);
  add_table (section, report);
}

/* Set Target…: for the person or team the reports are filtered to, over
 * their period. */
static void
set_target_clicked_cb (GtkButton          *button,
                       RapportReportsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  guint owner = gtk_drop_down_get_selected (self->owner_dropdown);
  guint team = gtk_drop_down_get_selected (self->team_dropdown);
  RapportTargetDialog *dialog;

  /* All of time has no target: this quarter's is set. */
  if (period >= G_N_ELEMENTS (periods) || g_str_equal (periods[period].period, "all"))
    period = DEFAULT_PERIOD;
  dialog = rapport_target_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                      periods[period].period, _(periods[period].label),
                                      owner > 0 && owner <= self->owner_ids->len
                                        ? g_ptr_array_index (self->owner_ids, owner - 1) : NULL,
                                      team > 0 && team <= self->team_ids->len
                                        ? g_ptr_array_index (self->team_ids, team - 1) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What a forecast row is of: "East", or everyone's. */
static char *
forecast_subject (RapportReport *report,
                  guint          row)
{
  const char *name = row_string (report, row, "name");

  if (g_strcmp0 (row_string (report, row, "scope"), "everyone") == 0)
    return g_strdup (_("Everyone"));
  return g_strdup (name != NULL ? name : _("No Owner"));
}

/* Per currency (and in deals, for count targets): a bullet per person
 * and team, closed + commit + best case against its target. */
static void
add_forecast_chart (RapportReportsPage *self,
                    RapportReport      *report)
{
  static const char * const series[] = { "closed", "commit", "best_case" };
  GtkWidget *section = add_section (self, self->forecast, report->kind);
  g_autoptr(GPtrArray) currencies = currencies_of (report);
  gboolean counts = FALSE;

  if (self->can_set_targets)
    {
      GtkWidget *heading = gtk_widget_get_first_child (section);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("Set _Target…"));

      gtk_widget_add_css_class (button, "flat");
      g_signal_connect (button, "clicked", G_CALLBACK (set_target_clicked_cb), self);
      gtk_box_insert_child_after (GTK_BOX (heading), button, gtk_widget_get_first_child (heading));
    }
  for (guint r = 0; r < report->rows->len; r++)
    counts = counts || g_strcmp0 (row_string (report, r, "measure"), "count") == 0;
  /* The count rows, as one more "currency", last. */
  if (counts)
    g_ptr_array_add (currencies, NULL);
  for (guint i = 0; i < currencies->len; i++)
    {
      const char *currency = g_ptr_array_index (currencies, i);
      RapportChart *chart = RAPPORT_CHART (rapport_bullet_chart_new ());

      for (guint s = 0; s < G_N_ELEMENTS (series); s++)
        rapport_chart_add_series (chart, _(report->columns[rapport_report_column_index (report, series[s])].label));
      for (guint r = 0; r < report->rows->len; r++)
        {
          g_autofree char *subject = NULL;
          g_autofree char *reached = NULL;
          g_autofree char *target = NULL;
          g_autofree char *total = NULL;
          JsonObject *row = g_ptr_array_index (report->rows, r);
          guint category;

          if (g_strcmp0 (row_string (report, r, "currency"), currency) != 0)
            continue;
          subject = forecast_subject (report, r);
          category = rapport_chart_add_category (chart, subject, NULL);
          for (guint s = 0; s < G_N_ELEMENTS (series); s++)
            {
              g_autofree char *text = rapport_report_format_named_cell (report, r, series[s]);

              rapport_chart_set_value (chart, category, s, row_int (report, r, series[s]), text);
            }
          reached = rapport_report_format_named_cell (report, r, "closed_best_case");
          target = rapport_report_format_named_cell (report, r, "target");
          if (target != NULL)
            {
              g_autofree char *attainment = rapport_report_format_named_cell (report, r, "attainment");

              /* Translators: after a forecast bar with a target, the
               * attainment (closed ÷ target): "66.7 % of target" */
              total = g_strdup_printf (_("%s of target"), attainment != NULL ? attainment : "—");
              rapport_bullet_chart_set_target (RAPPORT_BULLET_CHART (chart), category,
                                               json_object_get_int_member (row, "target"));
            }
          rapport_chart_set_total_text (chart, category, total != NULL ? total : reached);
        }
      add_chart (section, GTK_WIDGET (chart), rapport_report_kind_label (report->kind),
                 currency != NULL ? currency : _("Deals Won"));
      add_legend (section, chart);
    }
  add_table (section, report);
}

static void
show_reports (RapportReportsPage *self)
{
  GtkWidget *child;
  RapportReport *report;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles))) != NULL)
    gtk_flow_box_remove (self->tiles, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->charts))) != NULL)
    gtk_box_remove (self->charts, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->forecast))) != NULL)
    gtk_box_remove (self->forecast, child);

  if ((report = find_report (self, RAPPORT_REPORT_PIPELINE_BY_STAGE)) != NULL)
    add_pipeline_tiles (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_WIN_RATE)) != NULL)
    add_win_rate_tile (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_DEAL_SIZE)) != NULL)
    add_deal_size_tiles (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_SALES_CYCLE)) != NULL)
    add_cycle_tile (self, report);

  if ((report = find_report (self, RAPPORT_REPORT_PIPELINE_BY_STAGE)) != NULL)
    add_stage_chart (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_PIPELINE_BY_OWNER)) != NULL)
    add_owner_chart (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_FUNNEL)) != NULL)
    add_funnel_chart (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_NEW_VS_CLOSED)) != NULL)
    add_trend_chart (self, report);
  if ((report = find_report (self, RAPPORT_REPORT_FORECAST)) != NULL)
    add_forecast_chart (self, report);
  gtk_stack_set_visible_child_name (self->stack, "report");
}

/* The owner drop-down: everyone, then each teammate, the choice kept. */
static void
fill_owners (RapportReportsPage *self,
             GPtrArray          *users)
{
  guint chosen = gtk_drop_down_get_selected (self->owner_dropdown);
  g_autofree char *chosen_id = chosen > 0 && chosen <= self->owner_ids->len
                                 ? g_strdup (g_ptr_array_index (self->owner_ids, chosen - 1))
                                 : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint select = 0;

  g_ptr_array_set_size (self->owner_ids, 0);
  gtk_string_list_append (names, _("Everyone"));
  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);
      g_autofree char *name = rapport_team_users_name (user);
      const char *id = json_object_get_string_member_with_default (user, "id", NULL);

      if (id == NULL)
        continue;
      g_ptr_array_add (self->owner_ids, g_strdup (id));
      gtk_string_list_append (names, name);
      if (g_strcmp0 (id, chosen_id) == 0)
        select = self->owner_ids->len;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->owner_dropdown, select);
  self->filling = FALSE;
}

/* The team drop-down: every team, then each team, the choice kept. */
static void
fill_teams (RapportReportsPage *self,
            GPtrArray          *teams)
{
  guint chosen = gtk_drop_down_get_selected (self->team_dropdown);
  g_autofree char *chosen_id = chosen > 0 && chosen <= self->team_ids->len
                                 ? g_strdup (g_ptr_array_index (self->team_ids, chosen - 1))
                                 : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint select = 0;

  g_ptr_array_set_size (self->team_ids, 0);
  gtk_string_list_append (names, _("Every Team"));
  for (guint i = 0; i < teams->len; i++)
    {
      JsonObject *team = g_ptr_array_index (teams, i);
      const char *id = team != NULL ? json_object_get_string_member_with_default (team, "id", NULL) : NULL;

      if (id == NULL)
        continue;
      g_ptr_array_add (self->team_ids, g_strdup (id));
      gtk_string_list_append (names, json_object_get_string_member_with_default (team, "name", ""));
      if (g_strcmp0 (id, chosen_id) == 0)
        select = self->team_ids->len;
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->team_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->team_dropdown, select);
  self->filling = FALSE;
}

static void
dashboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RapportReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Dashboard *dashboard = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  if (dashboard == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  self->reports = g_steal_pointer (&dashboard->reports);
  fill_owners (self, dashboard->users);
  fill_teams (self, dashboard->teams);
  self->can_set_targets = dashboard->can_set_targets;
  dashboard_free (dashboard);
  show_reports (self);
}

static void
reload (RapportReportsPage *self)
{
  RapportReportFilter *filter;
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  guint owner = gtk_drop_down_get_selected (self->owner_dropdown);
  guint team = gtk_drop_down_get_selected (self->team_dropdown);

  if (self->store == NULL)
    return;
  self->stale = FALSE;
  rapport_cancellable_renew (&self->cancellable);

  filter = g_new0 (RapportReportFilter, 1);
  if (period >= G_N_ELEMENTS (periods))
    period = DEFAULT_PERIOD;
  /* A known name: it always reads. */
  rapport_report_period_parse (periods[period].period, NULL, &filter->from, &filter->until, NULL);
  if (owner > 0 && owner <= self->owner_ids->len)
    filter->owner_id = g_strdup (g_ptr_array_index (self->owner_ids, owner - 1));
  if (team > 0 && team <= self->team_ids->len)
    filter->team_id = g_strdup (g_ptr_array_index (self->team_ids, team - 1));
  /* The last figures stay on screen while new ones are read. */
  if (self->reports == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  rapport_store_read_async (self->store, read_dashboard, filter, (GDestroyNotify) filter_free,
                            (GDestroyNotify) dashboard_free, self->cancellable, dashboard_read_cb,
                            g_object_ref (self));
}

static void
filter_changed_cb (RapportReportsPage *self)
{
  if (!self->filling && gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

/* Once per burst of commits and record type, not once per page of a sync. */
static void
store_changed_cb (RapportChangeMonitor *changes,
                  const char           *entity,
                  const char * const   *ids,
                  RapportReportsPage   *self)
{
  if (!g_str_equal (entity, "deal") && !g_str_equal (entity, "stage") &&
      !g_str_equal (entity, "pipeline") && !g_str_equal (entity, "user") &&
      !g_str_equal (entity, "deal_stage_event") && !g_str_equal (entity, "quota") &&
      !g_str_equal (entity, "team") && !g_str_equal (entity, "team_member"))
    return;
  /* Hidden, it reads again when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->stale = TRUE;
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWidget *stack = gtk_widget_get_ancestor (widget, GTK_TYPE_STACK);

  if (stack != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (stack), "main");
}

static void
rapport_reports_page_map (GtkWidget *widget)
{
  RapportReportsPage *self = RAPPORT_REPORTS_PAGE (widget);

  GTK_WIDGET_CLASS (rapport_reports_page_parent_class)->map (widget);

  if (self->reports == NULL || self->stale)
    reload (self);
}

static void
rapport_reports_page_dispose (GObject *object)
{
  RapportReportsPage *self = (RapportReportsPage *) object;
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  g_clear_object (&self->store);
#if GTK_CHECK_VERSION(4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_REPORTS_PAGE);
#endif
  /* The template's box, which no field names. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rapport_reports_page_parent_class)->dispose (object);
}

static void
rapport_reports_page_finalize (GObject *object)
{
  RapportReportsPage *self = (RapportReportsPage *) object;

  g_clear_object (&self->context);
  g_clear_pointer (&self->reports, g_ptr_array_unref);
  g_clear_pointer (&self->owner_ids, g_ptr_array_unref);
  g_clear_pointer (&self->team_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (rapport_reports_page_parent_class)->finalize (object);
}

static void
set_context (RapportReportsPage *self,
             RapportContext     *context)
{
  if (!rapport_context_set_once (G_OBJECT (self), &self->context, context))
    return;
  self->store = g_object_ref (rapport_context_get_store (self->context));
  self->changes = g_object_ref (rapport_context_get_changes (self->context));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (store_changed_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
rapport_reports_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RapportReportsPage *self = RAPPORT_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_reports_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RapportReportsPage *self = RAPPORT_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_reports_page_class_init (RapportReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_reports_page_dispose;
  object_class->finalize = rapport_reports_page_finalize;
  object_class->get_property = rapport_reports_page_get_property;
  object_class->set_property = rapport_reports_page_set_property;
  widget_class->map = rapport_reports_page_map;

  /**
   * RapportReportsPage:context:
   *
   * The book's store and changes; set once, by the window.
   */
  properties[PROP_CONTEXT] = rapport_context_param_spec ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rapportcrm/Rapport/rapport-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, team_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, charts);
  gtk_widget_class_bind_template_child (widget_class, RapportReportsPage, forecast);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "reports.back", NULL, back_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_reports_page_init (RapportReportsPage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) owners = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) period_factory = rapport_choice_factory_new ();
  g_autoptr(GtkListItemFactory) owner_factory = rapport_choice_factory_new ();
  g_autoptr(GtkListItemFactory) team_factory = rapport_choice_factory_new ();
  g_autoptr(GtkStringList) teams = gtk_string_list_new (NULL);

  self->owner_ids = g_ptr_array_new_with_free_func (g_free);
  self->team_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Choices a screen reader names. */
  gtk_drop_down_set_list_factory (self->period_dropdown, period_factory);
  gtk_drop_down_set_list_factory (self->owner_dropdown, owner_factory);
  gtk_drop_down_set_list_factory (self->team_dropdown, team_factory);
  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    gtk_string_list_append (labels, _(periods[i].label));
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->period_dropdown, DEFAULT_PERIOD);
  gtk_string_list_append (owners, _("Everyone"));
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (owners));
  gtk_string_list_append (teams, _("Every Team"));
  gtk_drop_down_set_model (self->team_dropdown, G_LIST_MODEL (teams));
  self->filling = FALSE;
}
