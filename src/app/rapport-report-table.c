/* rapport-report-table.c: a report's rows as a table, for every reader
 *
 * The data behind a chart, in a GtkColumnView that a screen reader walks
 * cell by cell and that the UI tests read through AT-SPI: a column per
 * report column under its translated label, each value as a person reads
 * it (money with its currency's symbol, as the locale writes it; an
 * empty value as a dash). The table keeps the texts, not the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-report-table"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-report-table.h"

/* Between the cells of a row in the model's strings: never in a value. */
#define SEPARATOR "\x1f"

struct _RapportReportTable
{
  GtkWidget       parent_instance;

  GtkColumnView  *view;  /* (owned by the widget tree) */
  GtkStringList  *rows;  /* (owned): a string per row, its cells joined */
};

G_DEFINE_FINAL_TYPE (RapportReportTable, rapport_report_table, GTK_TYPE_WIDGET)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  data)
{
  guint column = GPOINTER_TO_UINT (data);
  const char *row = gtk_string_object_get_string (gtk_list_item_get_item (item));
  g_auto(GStrv) cells = g_strsplit (row, SEPARATOR, -1);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       column < g_strv_length (cells) ? cells[column] : "");
}

static void
rapport_report_table_dispose (GObject *object)
{
  RapportReportTable *self = RAPPORT_REPORT_TABLE (object);

  g_clear_pointer ((GtkWidget **) &self->view, gtk_widget_unparent);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (rapport_report_table_parent_class)->dispose (object);
}

static void
rapport_report_table_class_init (RapportReportTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_report_table_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
rapport_report_table_init (RapportReportTable *self)
{
  self->rows = gtk_string_list_new (NULL);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (
    GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows))))));
  gtk_column_view_set_show_column_separators (self->view, FALSE);
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_widget_set_parent (GTK_WIDGET (self->view), GTK_WIDGET (self));
}

GtkWidget *
rapport_report_table_new (void)
{
  return g_object_new (RAPPORT_TYPE_REPORT_TABLE, NULL);
}

/**
 * rapport_report_table_set_report:
 * @report: (nullable): its rows and columns are copied, as text
 */
void
rapport_report_table_set_report (RapportReportTable *self,
                                 RapportReport      *report)
{
  GListModel *columns;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (RAPPORT_IS_REPORT_TABLE (self));

  columns = gtk_column_view_get_columns (self->view);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->view, column);
    }
  if (report != NULL)
    {
      for (guint c = 0; c < report->n_columns; c++)
        {
          GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
          g_autoptr(GtkColumnViewColumn) column = NULL;

          g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (c));
          column = gtk_column_view_column_new (_(report->columns[c].label), factory);
          gtk_column_view_append_column (self->view, column);
        }
      for (guint r = 0; r < report->rows->len; r++)
        {
          GString *row = g_string_new (NULL);

          for (guint c = 0; c < report->n_columns; c++)
            {
              g_autofree char *cell = rapport_report_format_cell (report, r, c);

              g_string_append_printf (row, "%s%s", c > 0 ? SEPARATOR : "",
                                      cell != NULL ? cell : "—");
            }
          g_ptr_array_add (rows, g_string_free (row, FALSE));
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      rapport_report_kind_label (report->kind), -1);
    }
  g_ptr_array_add (rows, NULL);
  gtk_string_list_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          (const char * const *) rows->pdata);
}

guint
rapport_report_table_get_n_rows (RapportReportTable *self)
{
  g_return_val_if_fail (RAPPORT_IS_REPORT_TABLE (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

/**
 * rapport_report_table_get_cell:
 *
 * Returns: (transfer full) (nullable): the cell's text as shown
 */
char *
rapport_report_table_get_cell (RapportReportTable *self,
                               guint               row,
                               guint               column)
{
  g_auto(GStrv) cells = NULL;

  g_return_val_if_fail (RAPPORT_IS_REPORT_TABLE (self), NULL);
  if (row >= rapport_report_table_get_n_rows (self))
    return NULL;
  cells = g_strsplit (gtk_string_list_get_string (self->rows, row), SEPARATOR, -1);
  return column < g_strv_length (cells) ? g_strdup (cells[column]) : NULL;
}
