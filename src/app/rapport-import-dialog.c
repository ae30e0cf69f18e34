/* rapport-import-dialog.c: a CSV or vCard file, previewed, mapped and imported
 *
 * The dialog reads the file the user picked and shows what the importer
 * found: the layout, the encoding (with a picker: a file that reads wrong
 * is read again in the chosen one), the delimiter and the record type; for
 * a CSV of no known layout, one row per column with the field the engine
 * suggests, which the user may change (remembered in GSettings for the
 * next file with the same column titles); the match key and policy; and a
 * dry run: the counts, the first rows, and the refused rows by line and
 * column. Every change runs a new dry run, in a worker thread. Rows that
 * look like a record of the book or an earlier row of the file are the
 * review (SPEC.md §5.3): each is left out unless the user ticks it.
 *
 * Import runs rapport_import_run() in a worker thread; the main thread
 * only polls its progress, so a file of 100,000 rows never stops the
 * window. Cancel stops it, and the engine undoes what it had committed: a
 * stopped import writes nothing. At the end the dialog closes and emits
 * ::imported, for the window's toast with Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import-dialog"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rapport-dialog-size.h"
#include "rapport-cancellable.h"
#include "rapport-import-dialog.h"
#include "rapport-import.h"
#include "rapport-record.h"

/* The first rows the preview shows, and at most how many refused rows. */
#define PREVIEW_ROWS 5
#define PREVIEW_PROBLEMS 50
/* How often the progress bar is brought up to date while importing. */
#define PROGRESS_INTERVAL_MS 100

struct _RapportImportDialog
{
  AdwWindow             parent_instance;

  RapportStore         *store;      /* (owned) */
  GSettings            *settings;   /* (owned) */
  GFile                *file;       /* (owned) */
  GBytes               *data;       /* (owned) (nullable): until read */

  /* What the user chose. */
  char                 *encoding;   /* (owned) (nullable): detected */
  const char           *entity;     /* (nullable): from the file */
  RapportImportMatch    match;
  RapportImportPolicy   policy;
  RapportImportMapping *mapping;    /* (owned) (nullable): the columns mapped by hand */
  gboolean              tried_saved; /* the remembered mapping was looked up */

  /* The last dry run. */
  RapportImportSource  *source;     /* (owned) (nullable) */
  RapportImportReport  *report;     /* (owned) (nullable) */
  GCancellable         *previewing; /* (owned) (nullable) */
  GCancellable         *importing;  /* (owned) (nullable) */
  guint                 progress_id;
  gboolean              building;   /* rows being set from the preview, not by the user */
  GHashTable           *kept_lines; /* (owned): likely duplicates the user ticked to import */
  gboolean              import_lookalikes; /* every likely duplicate imported, ticked or not */

  AdwWindowTitle       *title;
  GtkWidget            *cancel_button;
  GtkWidget            *import_button;
  GtkStack             *stack;
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *found_group;
  AdwActionRow         *layout_row;
  AdwComboRow          *encoding_row;
  AdwActionRow         *delimiter_row;
  AdwComboRow          *entity_row;
  AdwPreferencesGroup  *columns_group;  /* (nullable): rebuilt per file */
  AdwPreferencesGroup  *matching_group;
  AdwComboRow          *match_row;
  AdwComboRow          *policy_row;
  AdwPreferencesGroup  *preview_group;  /* (nullable): rebuilt per dry run */
  GtkProgressBar       *progress_bar;
  AdwStatusPage        *progress_page;
};

G_DEFINE_FINAL_TYPE (RapportImportDialog, rapport_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_IMPORTED,
  SIGNAL_STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* clang-format off */
static const char * const encodings[] = {
  "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "CP1252", "ISO-8859-1", "ISO-8859-2", "GB18030", "BIG5",
  "SHIFT_JIS", "EUC-JP", "EUC-KR", "KOI8-R", NULL
};
static const char * const entities[] = { "contact", "company", "deal", NULL };

/* What a column can be given to, in the mapper's order. */
static const struct { RapportImportKind kind; const char *label; } kind_labels[] = {
  { RAPPORT_IMPORT_IGNORE, N_("Not imported") },
  { RAPPORT_IMPORT_FIRST_NAME, N_("First name") },
  { RAPPORT_IMPORT_MIDDLE_NAME, N_("Middle name") },
  { RAPPORT_IMPORT_LAST_NAME, N_("Last name") },
  { RAPPORT_IMPORT_FULL_NAME, N_("Full name") },
  { RAPPORT_IMPORT_NAME, N_("Name (company) or title (deal)") },
  { RAPPORT_IMPORT_EMAIL, N_("Email") },
  { RAPPORT_IMPORT_EMAIL_LABEL, N_("Email label") },
  { RAPPORT_IMPORT_PHONE, N_("Phone") },
  { RAPPORT_IMPORT_PHONE_LABEL, N_("Phone label") },
  { RAPPORT_IMPORT_COMPANY, N_("Company") },
  { RAPPORT_IMPORT_JOB_TITLE, N_("Job title") },
  { RAPPORT_IMPORT_ADDRESS, N_("Address") },
  { RAPPORT_IMPORT_STREET, N_("Street") },
  { RAPPORT_IMPORT_CITY, N_("City") },
  { RAPPORT_IMPORT_REGION, N_("Region") },
  { RAPPORT_IMPORT_POSTCODE, N_("Postcode") },
  { RAPPORT_IMPORT_COUNTRY, N_("Country") },
  { RAPPORT_IMPORT_BIRTHDAY, N_("Birthday") },
  { RAPPORT_IMPORT_NOTES, N_("Notes") },
  { RAPPORT_IMPORT_TAGS, N_("Tags") },
  { RAPPORT_IMPORT_SOURCE, N_("Source") },
  { RAPPORT_IMPORT_LIFECYCLE, N_("Lifecycle") },
  { RAPPORT_IMPORT_EMAIL_CONSENT, N_("Agreed to emails") },
  { RAPPORT_IMPORT_EMAIL_OPT_OUT, N_("Opted out of emails") },
  { RAPPORT_IMPORT_EXTERNAL_ID, N_("ID in the other system") },
  { RAPPORT_IMPORT_DOMAIN, N_("Domain") },
  { RAPPORT_IMPORT_INDUSTRY, N_("Industry") },
  { RAPPORT_IMPORT_EMPLOYEES, N_("Employees") },
  { RAPPORT_IMPORT_WEBSITE, N_("Website") },
  { RAPPORT_IMPORT_AMOUNT, N_("Amount") },
  { RAPPORT_IMPORT_CURRENCY, N_("Currency") },
  { RAPPORT_IMPORT_PROBABILITY, N_("Probability") },
  { RAPPORT_IMPORT_CLOSE_DATE, N_("Expected close") },
  { RAPPORT_IMPORT_STAGE, N_("Stage") },
  { RAPPORT_IMPORT_LOST_REASON, N_("Lost reason") },
};
/* clang-format on */

static void preview (RapportImportDialog *self);

/* ---- helpers ---- */

typedef struct
{
  RapportImportSource *source;  /* (owned) (nullable) */
  RapportImportReport *report;  /* (owned) (nullable) */
} Leftovers;

static gpointer
free_leftovers_thread (gpointer data)
{
  Leftovers *leftovers = data;

  g_clear_pointer (&leftovers->source, rapport_import_source_free);
  g_clear_pointer (&leftovers->report, rapport_import_report_free);
  g_free (leftovers);
  return NULL;
}

/* The rows of a big file take as long to free as to read: never on the
 * main thread. Takes both. */
static void
free_in_worker (RapportImportSource **source,
                RapportImportReport **report)
{
  Leftovers *leftovers = g_new0 (Leftovers, 1);

  leftovers->source = g_steal_pointer (source);
  leftovers->report = g_steal_pointer (report);
  if (leftovers->source == NULL && leftovers->report == NULL)
    {
      g_free (leftovers);
      return;
    }
  g_thread_unref (g_thread_new ("rapport-import-free", free_leftovers_thread, leftovers));
}

static guint
kind_position (RapportImportKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    if (kind_labels[i].kind == kind)
      return i;
  return 0;
}

static AdwComboRow *
combo_row (const char         *title,
           const char * const *labels)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) model = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  return row;
}

static AdwActionRow *
plain_row (const char *title,
           const char *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  return row;
}

/* The settings key of a file's columns: the same titles, the same mapping. */
static char *
header_key (GStrv header)
{
  g_autofree char *joined = g_strjoinv ("\x1f", header);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, joined, -1);
}

static char *
mapping_to_text (const RapportImportMapping *mapping)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < mapping->n_columns; i++)
    g_string_append_printf (text, "%s%s:%u", i ? ";" : "",
                            rapport_import_kind_name (mapping->targets[i].kind),
                            mapping->targets[i].slot);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The mapping remembered for these columns, over the detected one. */
static RapportImportMapping *
saved_mapping (RapportImportDialog        *self,
               const RapportImportMapping *detected,
               GStrv                       header)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "import-mappings");
  g_autofree char *key = header_key (header);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(RapportImportMapping) mapping = NULL;

  if (!g_variant_lookup (saved, key, "s", &text))
    return NULL;
  parts = g_strsplit (text, ";", -1);
  if (g_strv_length (parts) != detected->n_columns)
    return NULL;
  mapping = rapport_import_mapping_copy (detected);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], ":", 2);
      RapportImportTarget *target = &mapping->targets[i];

      memset (target, 0, sizeof *target);
      for (guint k = 0; k < RAPPORT_IMPORT_N_KINDS; k++)
        if (g_strcmp0 (pair[0], rapport_import_kind_name (k)) == 0)
          target->kind = k;
      target->slot = pair[1] ? (guint) g_ascii_strtoull (pair[1], NULL, 10) : 0;
      target->score = 1;
    }
  return g_steal_pointer (&mapping);
}

static void
save_mapping (RapportImportDialog *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "import-mappings");
  g_autofree char *key = header_key (self->source->header);
  g_autofree char *text = mapping_to_text (self->mapping);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *k, *v;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    if (strcmp (k, key) != 0)
      g_variant_builder_add (&builder, "{ss}", k, v);
  g_variant_builder_add (&builder, "{ss}", key, text);
  g_settings_set_value (self->settings, "import-mappings", g_variant_builder_end (&builder));
}

static char *
counts_text (const RapportImportReport *report)
{
  const guint *n = report->counts;

  return g_strdup_printf (_("%u to create, %u to update, %u unchanged, %u skipped, %u with errors\n"),
                          n[RAPPORT_IMPORT_ACTION_CREATE], n[RAPPORT_IMPORT_ACTION_UPDATE],
                          n[RAPPORT_IMPORT_ACTION_UNCHANGED], n[RAPPORT_IMPORT_ACTION_SKIP],
                          n[RAPPORT_IMPORT_ACTION_ERROR]);
}

static char *
problem_text (const RapportImportProblem *problem)
{
  if (problem->warning && problem->column != NULL)
    return g_strdup_printf (_("Line %u, “%s” left out: %s\n"), problem->line, problem->column,
                            problem->reason);
  if (problem->column != NULL)
    return g_strdup_printf (_("Line %u, column “%s”: %s\n"), problem->line, problem->column,
                            problem->reason);
  return g_strdup_printf (_("Line %u: %s\n"), problem->line, problem->reason);
}

/* ---- the rows ---- */

static void
column_changed_cb (AdwComboRow         *row,
                   GParamSpec          *pspec,
                   RapportImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  RapportImportKind kind = kind_labels[adw_combo_row_get_selected (row)].kind;
  guint slot = 0;

  if (self->building || self->source == NULL)
    return;
  if (self->mapping == NULL)
    self->mapping = rapport_import_mapping_copy (self->source->mapping);
  /* A second email column is the second email. */
  for (guint i = 0; i < column; i++)
    if (self->mapping->targets[i].kind == kind)
      slot++;
  self->mapping->targets[column] = (RapportImportTarget){ kind, slot, NULL, 1 };
  save_mapping (self);
  preview (self);
}

static void
build_columns (RapportImportDialog *self)
{
  const RapportImportMapping *mapping = self->source->mapping;
  const char *labels[G_N_ELEMENTS (kind_labels) + 1] = { NULL };

  if (self->columns_group != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (kind_labels); i++)
    labels[i] = _(kind_labels[i].label);
  self->columns_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->columns_group, _("Columns"));
  adw_preferences_group_set_description (self->columns_group,
                                         _("Rapport does not know this file’s layout: choose what each column holds. The choice is remembered for files with the same columns."));
  for (guint i = 0; i < mapping->n_columns; i++)
    {
      AdwComboRow *row = combo_row (self->source->header[i], labels);

      /* The first row's value, to tell what the column holds. */
      if (self->source->sample != NULL && i < g_strv_length (self->source->sample))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *self->source->sample[i]
                                                             ? self->source->sample[i]
                                                             : _("(empty)"));
      adw_combo_row_set_selected (row, kind_position (mapping->targets[i].kind));
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (i));
      g_signal_connect (row, "notify::selected", G_CALLBACK (column_changed_cb), self);
      adw_preferences_group_add (self->columns_group, GTK_WIDGET (row));
    }
  /* After "What Was Found", before the matching: a page only appends. */
  g_object_ref (self->matching_group);
  adw_preferences_page_remove (self->page, self->matching_group);
  if (self->preview_group != NULL)
    adw_preferences_page_remove (self->page, g_steal_pointer (&self->preview_group));
  adw_preferences_page_add (self->page, self->columns_group);
  adw_preferences_page_add (self->page, self->matching_group);
  g_object_unref (self->matching_group);
}

static char *
delimiter_label (char delimiter)
{
  switch (delimiter)
    {
    case ',':
      return g_strdup (_("Comma (,)"));
    case ';':
      return g_strdup (_("Semicolon (;)"));
    case '\t':
      return g_strdup (_("Tab"));
    case '|':
      return g_strdup (_("Vertical bar (|)"));
    default:
      return g_strdup_printf ("“%c”", delimiter);
    }
}

static void
show_found (RapportImportDialog *self)
{
  RapportImportSource *source = self->source;
  gboolean csv = g_strcmp0 (source->format, "csv") == 0;
  g_autofree char *delimiter = NULL;
  guint position = 0;

  self->building = TRUE;
  adw_action_row_set_subtitle (self->layout_row,
                               csv ? rapport_import_layout_label (source->mapping->layout) : _("vCard"));
  for (guint i = 0; encodings[i] != NULL; i++)
    if (g_ascii_strcasecmp (encodings[i], source->encoding) == 0)
      position = i;
  adw_combo_row_set_selected (self->encoding_row, position);
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_row), csv);
  if (csv)
    delimiter = delimiter_label (source->delimiter);
  adw_action_row_set_subtitle (self->delimiter_row, delimiter ? delimiter : "");
  for (guint i = 0; entities[i] != NULL; i++)
    if (g_strcmp0 (entities[i], source->entity) == 0)
      adw_combo_row_set_selected (self->entity_row, i);
  /* A vCard holds contacts. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->entity_row), csv);
  self->building = FALSE;
}

/* The likely duplicates of the last dry run the user did not tick. */
static GHashTable *
review_skipped (RapportImportDialog *self)
{
  GHashTable *skipped = g_hash_table_new (NULL, NULL);

  for (guint i = 0; self->report != NULL && i < self->report->problems->len; i++)
    {
      RapportImportProblem *problem = self->report->problems->pdata[i];

      if (problem->lookalike && !self->import_lookalikes &&
          !g_hash_table_contains (self->kept_lines, GUINT_TO_POINTER (problem->line)))
        g_hash_table_add (skipped, GUINT_TO_POINTER (problem->line));
    }
  return skipped;
}

static void
review_toggled_cb (GtkCheckButton      *check,
                   RapportImportDialog *self)
{
  gpointer line = g_object_get_data (G_OBJECT (check), "rapport-line");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->kept_lines, line);
  else
    g_hash_table_remove (self->kept_lines, line);
}

static void
set_review_sensitive (GtkWidget *widget,
                      gboolean   sensitive)
{
  if (GTK_IS_CHECK_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "rapport-line") != NULL)
    gtk_widget_set_sensitive (widget, sensitive);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    set_review_sensitive (child, sensitive);
}

/* Off: every likely duplicate is imported, and ticking one says nothing. */
static void
leave_out_changed_cb (RapportImportDialog *self,
                      GParamSpec          *pspec,
                      GtkSwitch           *leave_out)
{
  self->import_lookalikes = !gtk_switch_get_active (leave_out);
  set_review_sensitive (GTK_WIDGET (self->preview_group), !self->import_lookalikes);
}

/* A likely duplicate's row: what it looks like, and a box to import it
 * anyway. */
static AdwActionRow *
review_row (RapportImportDialog        *self,
            const RapportImportProblem *problem,
            const char                 *text)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *spoken = g_strdup_printf (_("Import line %u anyway"), problem->line);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (row, text);
  adw_action_row_set_subtitle_lines (row, 0);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->kept_lines,
                                                             GUINT_TO_POINTER (problem->line)));
  gtk_widget_set_sensitive (check, !self->import_lookalikes);
  gtk_widget_set_tooltip_text (check, spoken);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  g_object_set_data (G_OBJECT (check), "rapport-line", GUINT_TO_POINTER (problem->line));
  g_signal_connect (check, "toggled", G_CALLBACK (review_toggled_cb), self);
  adw_action_row_add_prefix (row, check);
  adw_action_row_set_activatable_widget (row, check);
  return row;
}

static void
show_preview (RapportImportDialog *self,
              const GError        *error)
{
  const RapportEntity *entity;
  guint n_review;

  if (self->preview_group != NULL)
    adw_preferences_page_remove (self->page, self->preview_group);
  self->preview_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->preview_group, _("Dry Run"));
  adw_preferences_page_add (self->page, self->preview_group);

  if (error != NULL)
    {
      AdwActionRow *row = plain_row (_("The file cannot be imported"), error->message);

      adw_action_row_set_subtitle_lines (row, 0);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      adw_preferences_group_add (self->preview_group, GTK_WIDGET (row));
      gtk_widget_set_sensitive (self->import_button, FALSE);
      return;
    }
  if (self->report == NULL)
    {
      AdwActionRow *row = plain_row (_("Reading the file…"), NULL);

      GtkWidget *spinner = gtk_spinner_new ();

      gtk_spinner_start (GTK_SPINNER (spinner));
      adw_action_row_add_suffix (row, spinner);
      adw_preferences_group_add (self->preview_group, GTK_WIDGET (row));
      gtk_widget_set_sensitive (self->import_button, FALSE);
      return;
    }

  adw_preferences_group_set_description (self->preview_group,
                                         _("What Import would do. Nothing is saved until then."));
  {
    g_autofree char *counts = g_strstrip (counts_text (self->report));
    AdwActionRow *row = plain_row (counts, NULL);

    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, counts, -1);
    adw_preferences_group_add (self->preview_group, GTK_WIDGET (row));
  }

  entity = rapport_entity_lookup (self->source->entity);
  for (guint i = 0; i < MIN (PREVIEW_ROWS, self->source->rows->len); i++)
    {
      RapportImportRow *source_row = self->source->rows->pdata[i];
      g_autofree char *title = rapport_record_title (entity, source_row->values);
      g_autofree char *line = g_strdup_printf (_("Line %u"), source_row->line);
      const char *company = source_row->company;
      g_autofree char *subtitle = company ? g_strdup_printf ("%s · %s", line, company) : g_strdup (line);

      adw_preferences_group_add (self->preview_group,
                                 GTK_WIDGET (plain_row (title && *title ? title : _("(no name)"), subtitle)));
    }

  n_review = 0;
  for (guint i = 0; i < self->report->problems->len; i++)
    n_review += ((RapportImportProblem *) self->report->problems->pdata[i])->lookalike;
  if (n_review > 0)
    {
      g_autofree char *text = g_strdup_printf (
        ngettext ("%u row looks like a record you have or an earlier row. It is left out unless you tick it.",
                  "%u rows look like records you have or earlier rows. They are left out unless you tick them.",
                  n_review),
        n_review);
      AdwActionRow *row = plain_row (_("Leave Out Likely Duplicates"), NULL);
      GtkWidget *leave_out = gtk_switch_new ();

      adw_action_row_set_subtitle (row, text);
      adw_action_row_set_subtitle_lines (row, 0);
      gtk_widget_set_valign (leave_out, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (leave_out), !self->import_lookalikes);
      gtk_accessible_update_property (GTK_ACCESSIBLE (leave_out), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Leave Out Likely Duplicates"), -1);
      g_signal_connect_swapped (leave_out, "notify::active", G_CALLBACK (leave_out_changed_cb), self);
      adw_action_row_add_suffix (row, leave_out);
      adw_action_row_set_activatable_widget (row, leave_out);
      adw_preferences_group_add (self->preview_group, GTK_WIDGET (row));
    }
  for (guint i = 0; i < MIN (PREVIEW_PROBLEMS, self->report->problems->len); i++)
    {
      RapportImportProblem *problem = self->report->problems->pdata[i];
      g_autofree char *text = g_strstrip (problem_text (problem));
      AdwActionRow *row;
      GtkWidget *icon;

      if (problem->lookalike)
        {
          adw_preferences_group_add (self->preview_group, GTK_WIDGET (review_row (self, problem, text)));
          continue;
        }
      row = plain_row (text, NULL);
      icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_action_row_add_prefix (row, icon);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "");
      adw_action_row_set_subtitle (row, text);
      adw_action_row_set_subtitle_lines (row, 0);
      gtk_widget_add_css_class (GTK_WIDGET (row), "warning");
      adw_preferences_group_add (self->preview_group, GTK_WIDGET (row));
    }
  if (self->report->problems->len > PREVIEW_PROBLEMS)
    {
      guint more = self->report->problems->len - PREVIEW_PROBLEMS;
      g_autofree char *text = g_strdup_printf (ngettext ("and %u more problem", "and %u more problems", more), more);

      adw_preferences_group_add (self->preview_group, GTK_WIDGET (plain_row (text, NULL)));
    }
  gtk_widget_set_sensitive (self->import_button,
                            self->report->counts[RAPPORT_IMPORT_ACTION_CREATE] +
                            self->report->counts[RAPPORT_IMPORT_ACTION_UPDATE] > 0);
}

/* ---- jobs in worker threads ---- */

typedef struct
{
  RapportStore         *store;     /* (owned) */
  GBytes               *data;      /* (owned) */
  char                 *name;      /* (owned) */
  char                 *encoding;  /* (owned) (nullable) */
  const char           *entity;
  RapportImportMatch    match;
  RapportImportPolicy   policy;
  RapportImportMapping *mapping;   /* (owned) (nullable) */
  GHashTable           *skip_lines; /* (owned) (nullable): left out on review */
  RapportImportSource  *source;    /* (owned) (nullable) */
  RapportImportReport  *report;    /* (owned) (nullable) */
  guint                 done;      /* atomic: rows imported so far */
  guint                 total;     /* atomic */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->data, g_bytes_unref);
  g_free (job->name);
  g_free (job->encoding);
  g_clear_pointer (&job->mapping, rapport_import_mapping_free);
  g_clear_pointer (&job->skip_lines, g_hash_table_unref);
  free_in_worker (&job->source, &job->report);
  g_free (job);
}

static RapportImportOptions
job_options (Job     *job,
             gboolean dry_run)
{
  RapportImportOptions options = { 0 };

  options.entity = job->entity;
  options.encoding = job->encoding;
  options.match = job->match;
  options.policy = job->policy;
  options.dry_run = dry_run;
  options.mapping = job->mapping;
  options.map_later = TRUE;
  options.skip_lines = job->skip_lines;
  return options;
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  RapportImportOptions options = job_options (job, TRUE);
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (job->data, &length);

  job->source = rapport_import_source_parse (data, length, job->name, &options, &error);
  if (job->source != NULL && !g_cancellable_is_cancelled (cancellable))
    job->report = rapport_import_run (job->store, job->source, &options, NULL, NULL, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RapportImportDialog *self = RAPPORT_IMPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_task_get_cancellable (G_TASK (result)) != self->previewing)
    return;
  g_clear_object (&self->previewing);
  if (error != NULL)
    {
      show_preview (self, error);
      return;
    }
  free_in_worker (&self->source, &self->report);
  self->source = g_steal_pointer (&job->source);
  self->report = g_steal_pointer (&job->report);

  /* Columns mapped by hand for a file like this one before. */
  if (!self->tried_saved && self->mapping == NULL && self->source->mapping != NULL &&
      self->source->mapping->layout == NULL)
    {
      self->tried_saved = TRUE;
      self->mapping = saved_mapping (self, self->source->mapping, self->source->header);
      if (self->mapping != NULL)
        {
          preview (self);
          return;
        }
    }
  self->tried_saved = TRUE;
  show_found (self);
  if (self->source->mapping != NULL && self->source->mapping->layout == NULL)
    build_columns (self);
  show_preview (self, NULL);
}

static void
preview (RapportImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  rapport_cancellable_renew (&self->previewing);
  {
    RapportImportSource *none = NULL;

    free_in_worker (&none, &self->report);
  }
  show_preview (self, NULL);

  job->store = g_object_ref (self->store);
  job->data = g_bytes_ref (self->data);
  job->name = g_file_get_basename (self->file);
  job->encoding = g_strdup (self->encoding);
  job->entity = self->entity;
  job->match = self->match;
  job->policy = self->policy;
  job->mapping = self->mapping ? rapport_import_mapping_copy (self->mapping) : NULL;
  task = g_task_new (self, self->previewing, preview_done_cb, NULL);
  g_task_set_source_tag (task, preview);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, preview_thread);
}

static void
import_progress (guint    done,
                 guint    total,
                 gpointer user_data)
{
  Job *job = user_data;

  g_atomic_int_set (&job->total, total);
  g_atomic_int_set (&job->done, done);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  RapportImportOptions options = job_options (job, FALSE);
  GError *error = NULL;

  job->report = rapport_import_run (job->store, job->source, &options, cancellable,
                                    import_progress, job, &error);
  if (job->report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  RapportImportDialog *self = user_data;
  GTask *task = g_object_get_data (G_OBJECT (self), "import-task");
  Job *job = task ? g_task_get_task_data (task) : NULL;
  guint done, total;
  g_autofree char *text = NULL;

  if (job == NULL)
    return G_SOURCE_CONTINUE;
  done = g_atomic_int_get (&job->done);
  total = MAX (g_atomic_int_get (&job->total), job->source ? job->source->rows->len : 1);
  /* TRANSLATORS: rows imported so far: "1200 of 100000" */
  text = g_strdup_printf (_("%u of %u"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RapportImportDialog *self = RAPPORT_IMPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_object_set_data (G_OBJECT (self), "import-task", NULL);
  g_clear_object (&self->importing);
  /* The source goes back to the dialog. */
  self->source = g_steal_pointer (&job->source);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_signal_emit (self, signals[SIGNAL_STOPPED], 0);
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      gtk_stack_set_visible_child_name (self->stack, "setup");
      gtk_widget_set_sensitive (self->import_button, TRUE);
      gtk_widget_set_sensitive (self->cancel_button, TRUE);
      show_preview (self, error);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, job->report->entity, job->report->batch_id,
                 job->report->counts[RAPPORT_IMPORT_ACTION_CREATE],
                 job->report->counts[RAPPORT_IMPORT_ACTION_UPDATE],
                 job->report->counts[RAPPORT_IMPORT_ACTION_ERROR]);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_clicked_cb (RapportImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->source == NULL || self->importing != NULL || self->previewing != NULL)
    return;
  job = g_new0 (Job, 1);
  job->store = g_object_ref (self->store);
  job->entity = self->entity;
  job->match = self->match;
  job->policy = self->policy;
  job->skip_lines = review_skipped (self);
  /* The rows the dry run was of: the worker has them until it is done. */
  job->source = g_steal_pointer (&self->source);
  job->total = job->source->rows->len;
  self->importing = g_cancellable_new ();
  gtk_widget_set_sensitive (self->import_button, FALSE);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  task = g_task_new (self, self->importing, import_done_cb, NULL);
  g_task_set_source_tag (task, import_clicked_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_object_set_data (G_OBJECT (self), "import-task", task);
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, progress_tick_cb, self);
  progress_tick_cb (self);
  g_task_run_in_thread (task, import_thread);
}

static void
stop_clicked_cb (RapportImportDialog *self)
{
  if (self->importing != NULL)
    g_cancellable_cancel (self->importing);
}

/* ---- the user's choices ---- */

static void
encoding_changed_cb (RapportImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  if (self->building || selected >= g_strv_length ((char **) encodings))
    return;
  g_free (self->encoding);
  self->encoding = g_strdup (encodings[selected]);
  preview (self);
}

static void
entity_changed_cb (RapportImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->entity_row);

  if (self->building || selected >= G_N_ELEMENTS (entities) - 1)
    return;
  self->entity = entities[selected];
  preview (self);
}

static void
matching_changed_cb (RapportImportDialog *self)
{
  self->match = adw_combo_row_get_selected (self->match_row);
  self->policy = adw_combo_row_get_selected (self->policy_row);
  if (!self->building && self->source != NULL)
    preview (self);
}

static void
file_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RapportImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_preview (self, error);
      return;
    }
  self->data = g_steal_pointer (&bytes);
  preview (self);
}

/* ---- GObject ---- */

static gboolean
rapport_import_dialog_close_request (GtkWindow *window)
{
  RapportImportDialog *self = RAPPORT_IMPORT_DIALOG (window);

  /* Closed while importing: stop it, and let the stop close the dialog. */
  if (self->importing != NULL)
    {
      g_cancellable_cancel (self->importing);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (rapport_import_dialog_parent_class)->close_request (window);
}

static void
rapport_import_dialog_dispose (GObject *object)
{
  RapportImportDialog *self = RAPPORT_IMPORT_DIALOG (object);

  if (self->previewing != NULL)
    g_cancellable_cancel (self->previewing);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  G_OBJECT_CLASS (rapport_import_dialog_parent_class)->dispose (object);
}

static void
rapport_import_dialog_finalize (GObject *object)
{
  RapportImportDialog *self = RAPPORT_IMPORT_DIALOG (object);

  g_clear_object (&self->previewing);
  g_clear_object (&self->importing);
  free_in_worker (&self->source, &self->report);
  g_clear_pointer (&self->mapping, rapport_import_mapping_free);
  g_clear_pointer (&self->kept_lines, g_hash_table_unref);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->encoding);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (rapport_import_dialog_parent_class)->finalize (object);
}

static void
rapport_import_dialog_class_init (RapportImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rapport_import_dialog_dispose;
  object_class->finalize = rapport_import_dialog_finalize;
  window_class->close_request = rapport_import_dialog_close_request;

  /**
   * RapportImportDialog::imported:
   * @entity: what the rows were: "contact"
   * @batch_id: to undo the import with
   *
   * The import is committed; the dialog closes.
   */
  signals[SIGNAL_IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_STRING,
                                           G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * RapportImportDialog::stopped:
   *
   * The user stopped the import and what it had written was undone.
   */
  signals[SIGNAL_STOPPED] = g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rapport_import_dialog_init (RapportImportDialog *self)
{
  /* clang-format off */
  const char *match_labels[] = {
    _("Automatic"), _("Email"), _("Phone"), _("ID in the other system"), _("Name and company"), NULL
  };
  const char *policy_labels[] = {
    _("Create or update"), _("Create only"), _("Update only"), _("Skip existing"), NULL
  };
  const char *entity_labels[] = { _("Contacts"), _("Companies"), _("Deals"), NULL };
  /* clang-format on */
  GtkWidget *box, *header, *group, *button, *progress_box;

  self->kept_lines = g_hash_table_new (NULL, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Import"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 720);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Import"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  self->cancel_button = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_close), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->cancel_button);
  self->import_button = gtk_button_new_with_mnemonic (_("_Import"));
  gtk_widget_add_css_class (self->import_button, "suggested-action");
  gtk_widget_set_sensitive (self->import_button, FALSE);
  g_signal_connect_swapped (self->import_button, "clicked", G_CALLBACK (import_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->import_button);
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->page), "setup");

  self->found_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->found_group, _("What Was Found"));
  self->layout_row = plain_row (_("Layout"), NULL);
  self->encoding_row = combo_row (_("Encoding"), encodings);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row),
                               _("Choose another if names look wrong"));
  self->delimiter_row = plain_row (_("Delimiter"), NULL);
  self->entity_row = combo_row (_("Records"), entity_labels);
  adw_preferences_group_add (self->found_group, GTK_WIDGET (self->layout_row));
  adw_preferences_group_add (self->found_group, GTK_WIDGET (self->encoding_row));
  adw_preferences_group_add (self->found_group, GTK_WIDGET (self->delimiter_row));
  adw_preferences_group_add (self->found_group, GTK_WIDGET (self->entity_row));
  adw_preferences_page_add (self->page, self->found_group);
  g_signal_connect_swapped (self->encoding_row, "notify::selected", G_CALLBACK (encoding_changed_cb), self);
  g_signal_connect_swapped (self->entity_row, "notify::selected", G_CALLBACK (entity_changed_cb), self);

  group = adw_preferences_group_new ();
  self->matching_group = ADW_PREFERENCES_GROUP (group);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Existing Records"));
  self->match_row = combo_row (_("Match by"), match_labels);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->match_row),
                               _("Automatic: the Rapport ID, the other system’s ID, then the email"));
  self->policy_row = combo_row (_("When a row matches"), policy_labels);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->match_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->policy_row));
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  g_signal_connect_swapped (self->match_row, "notify::selected", G_CALLBACK (matching_changed_cb), self);
  g_signal_connect_swapped (self->policy_row, "notify::selected", G_CALLBACK (matching_changed_cb), self);

  /* Importing: the progress and a way to stop. */
  self->progress_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->progress_page, "document-open-symbolic");
  adw_status_page_set_title (self->progress_page, _("Importing…"));
  adw_status_page_set_description (self->progress_page,
                                   _("Stopping undoes what was imported so far."));
  progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Import progress"), -1);
  gtk_box_append (GTK_BOX (progress_box), GTK_WIDGET (self->progress_bar));
  button = gtk_button_new_with_mnemonic (_("_Stop Import"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (stop_clicked_cb), self);
  gtk_box_append (GTK_BOX (progress_box), button);
  adw_status_page_set_child (self->progress_page, progress_box);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->progress_page), "progress");
}

/**
 * rapport_import_dialog_new:
 * @file: the file the user picked
 *
 * Returns: (transfer floating): the dialog, reading @file
 */
RapportImportDialog *
rapport_import_dialog_new (GtkWindow    *parent,
                           RapportStore *store,
                           GSettings    *settings,
                           GFile        *file)
{
  RapportImportDialog *self = g_object_new (RAPPORT_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->file = g_object_ref (file);
  adw_window_title_set_subtitle (self->title, display);
  rapport_dialog_size_fit_parent (GTK_WINDOW (self));
  show_preview (self, NULL);
  g_file_load_bytes_async (file, NULL, file_loaded_cb, g_object_ref (self));
  return self;
}
