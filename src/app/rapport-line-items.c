/* rapport-line-items.c: the lines of a quote or an order, and its totals
 *
 * On the document's page: its lines in their order as a table (what, how
 * many, at what price, less what discount, for how much), section lines
 * as headings with their subtotal, optional lines said to be optional;
 * then the totals, in the document's currency, from the one arithmetic of
 * core (rapport_document_breakdown()). On a phone each line's figures go
 * under its description (rapport-wrap-box.c) rather than cut the amount.
 *
 * All by keyboard: Add Line (Ctrl+L) makes a line at the end and opens it
 * in the line editor (rapport-line-dialog.c); Enter edits a line; Alt+Up
 * and Alt+Down move it by rewriting its position (rapport-position.c);
 * Delete deletes it through the window's Undo. The row's menu offers the
 * same. The lines are read in a worker thread and follow the store: every
 * edit, here or synced, is shown with its totals without reopening.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-line-items"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-change-monitor.h"
#include "rapport-cancellable.h"
#include "rapport-derived.h"
#include "rapport-json.h"
#include "rapport-line-dialog.h"
#include "rapport-document-summary.h"
#include "rapport-line-items.h"
#include "rapport-line-price.h"
#include "rapport-money.h"
#include "rapport-position.h"
#include "rapport-price-refresh.h"
#include "rapport-scaled.h"
#include "rapport-store-async.h"
#include "rapport-store-children.h"
#include "rapport-window.h"
#include "rapport-wrap-box.h"

/* Rows made at once when a quote opens: more than a screen shows. The
 * others join the list after its first frame, each holding its place
 * until it comes into view (fill_visible()). */
#define FIRST_ROWS 20

enum {
  COLUMN_QUANTITY,
  COLUMN_PRICE,
  COLUMN_DISCOUNT,
  COLUMN_AMOUNT,
  N_COLUMNS
};

struct _RapportLineItems
{
  GtkBox               parent_instance;

  RapportStore        *store;      /* (owned) */
  const RapportEntity *entity;     /* the document's type */
  const RapportEntity *child;      /* its lines' */
  JsonObject          *document;   /* (owned) */
  const char          *id;         /* the document's, in document */
  RapportChangeMonitor *changes;   /* (owned) */
  gulong               changed_id;
  RapportUndoQueue    *undo;       /* (owned) (nullable): the window's, while shown */
  gulong               undo_id;
  GCancellable        *loading;    /* (owned) (nullable): the read under way */
  GCancellable        *cancellable; /* (owned): cancelled when the widget goes */
  GPtrArray           *lines;      /* (owned) (element-type JsonObject): as shown, in order */
  GHashTable          *products;   /* (owned) (nullable): id → product, of the lines */
  char                *focus_id;   /* (owned) (nullable): the line to focus once shown */

  GtkWidget           *group;
  GtkWidget           *refresh;    /* the Refresh Prices button */
  GtkWidget           *list;       /* GtkListBox of the lines */
  GtkWidget           *totals;     /* GtkListBox of the totals */
  GtkSizeGroup        *columns[N_COLUMNS]; /* (owned) */
  int                  row_height;  /* of a line's row, for those not made yet */
  guint                fill_source; /* making the rows come into view */
  GtkAdjustment       *scrolling;   /* (nullable): the page's, watched */
  gulong               scrolled_id;
  guint                limit;       /* lines with a row so far; 0: all */
  guint                more_source; /* adding the next rows */
  GdkFrameClock       *painting;    /* (nullable): waited on for the first frame */
  gulong               painted_id;
};

G_DEFINE_FINAL_TYPE (RapportLineItems, rapport_line_items, GTK_TYPE_BOX)

/* What a read asks (the lines of a document) and gives (them in order,
 * and their products). */
typedef struct
{
  const RapportEntity *entity;
  const RapportEntity *child;
  char                *parent_id;  /* (owned) */
  JsonObject          *document;   /* (owned) (nullable): as stored now */
  GPtrArray           *lines;      /* (owned) (nullable) */
  GHashTable          *products;   /* (owned) (nullable) */
} Read;

static void
read_free (Read *read)
{
  g_free (read->parent_id);
  g_clear_pointer (&read->document, json_object_unref);
  g_clear_pointer (&read->lines, g_ptr_array_unref);
  g_clear_pointer (&read->products, g_hash_table_unref);
  g_free (read);
}

static const char *
line_id (JsonObject *line)
{
  return rapport_json_get_string (line, "id");
}

static const char *
line_kind (JsonObject *line)
{
  return rapport_json_get_string (line, "line_kind") ?: "normal";
}

static gint64
int_or_zero (JsonObject *record,
             const char *name)
{
  gint64 value = 0;

  rapport_json_lookup_int (record, name, &value);
  return value;
}

/* In a worker thread: the document's lines, and the products they name
 * (for a line with no description of its own, and the unit). */
static gpointer
read_lines (RapportStore  *store,
            gpointer       data,
            GError       **error)
{
  Read *query = data;
  g_autoptr(GPtrArray) lines = NULL;
  Read *read;

  if (!(lines = rapport_store_list_children (store, query->child->name, query->parent_id, error)))
    return NULL;
  read = g_new0 (Read, 1);
  read->lines = g_steal_pointer (&lines);
  /* Its state and price list may have changed: Refresh Prices follows. */
  read->document = rapport_store_get (store, query->entity->name, query->parent_id, NULL);
  read->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < read->lines->len; i++)
    {
      const char *product_id = rapport_json_get_string (g_ptr_array_index (read->lines, i),
                                                        "product_id");
      JsonObject *product;

      if (product_id == NULL || g_hash_table_contains (read->products, product_id))
        continue;
      if ((product = rapport_store_get (store, "product", product_id, NULL)) != NULL)
        g_hash_table_insert (read->products, g_strdup (product_id), product);
    }
  return read;
}

static JsonObject *
product_of (RapportLineItems *self,
            JsonObject       *line)
{
  const char *id = rapport_json_get_string (line, "product_id");

  return id != NULL && self->products != NULL ? g_hash_table_lookup (self->products, id) : NULL;
}

/* What a line is called: its description, else its product's name, else
 * its place. */
static char *
line_title (RapportLineItems *self,
            JsonObject       *line,
            guint             index)
{
  const char *description = rapport_json_get_string (line, "description");
  JsonObject *product = product_of (self, line);
  g_autofree char *stripped = g_strstrip (g_strdup (description ?: ""));

  if (*stripped != '\0')
    return g_strdup (description);
  if (product != NULL && rapport_json_get_string (product, "name") != NULL)
    return g_strdup (rapport_json_get_string (product, "name"));
  /* Translators: a line of a quote with no description, by its place: "Line 3" */
  return g_strdup_printf (_("Line %u"), index + 1);
}

static const char *
currency (RapportLineItems *self)
{
  return rapport_json_get_string (self->document, "currency");
}

static GtkWidget *
figure_new (RapportLineItems *self,
            guint             column,
            const char       *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_size_group_add_widget (self->columns[column], label);
  return label;
}

/* A line's figures, or the heading row's titles, in columns. */
static GtkWidget *
figures_new (RapportLineItems  *self,
             const char * const texts[N_COLUMNS])
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_halign (box, GTK_ALIGN_END);
  for (guint i = 0; i < N_COLUMNS; i++)
    gtk_box_append (GTK_BOX (box), figure_new (self, i, texts[i] ?: ""));
  return box;
}

static GtkWidget *
heading_row_new (RapportLineItems *self)
{
  const char *titles[N_COLUMNS];
  GtkWidget *description = gtk_label_new (C_("line column", "Description"));
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *wrap;

  titles[COLUMN_QUANTITY] = C_("line column", "Quantity");
  titles[COLUMN_PRICE] = C_("line column", "Unit Price");
  titles[COLUMN_DISCOUNT] = C_("line column", "Discount");
  titles[COLUMN_AMOUNT] = C_("line column", "Amount");
  wrap = rapport_wrap_box_new (description, figures_new (self, titles));

  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_widget_add_css_class (wrap, "caption-heading");
  gtk_widget_add_css_class (wrap, "dim-label");
  /* The menu button's room, so that the columns line up with the lines'. */
  gtk_widget_set_margin_end (wrap, 46);
  gtk_widget_set_margin_start (wrap, 12);
  gtk_widget_set_margin_top (wrap, 8);
  gtk_widget_set_margin_bottom (wrap, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), wrap);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  /* Screen readers read each line whole; the headings are for the eye. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Column Headings"), -1);
  return row;
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             const char *accel,
             const char *id)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, action, "s", id);
  g_menu_item_set_attribute (item, "accel", "s", accel);
  g_menu_append_item (menu, item);
}

/* Each item says its shortcut. */
static GMenuModel *
line_menu_new (const char *id)
{
  GMenu *menu = g_menu_new ();

  append_item (menu, _("_Edit Line"), "lines.edit", "Return", id);
  append_item (menu, _("Move _Up"), "lines.move-up", "<Alt>Up", id);
  append_item (menu, _("Move _Down"), "lines.move-down", "<Alt>Down", id);
  append_item (menu, _("_Delete Line"), "lines.delete", "Delete", id);
  return G_MENU_MODEL (menu);
}

/* The menu is made when it is opened: a quote may have hundreds of lines. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  g_autoptr(GMenuModel) menu = NULL;

  if (gtk_menu_button_get_menu_model (button) != NULL)
    return;
  menu = line_menu_new (g_object_get_data (G_OBJECT (button), "rapport-line-id"));
  gtk_menu_button_set_menu_model (button, menu);
}

/* The sum of the nets of the lines after the section @index, up to the next. */
static gint64
section_subtotal (RapportLineItems *self,
                  guint             index)
{
  gint64 subtotal = 0;

  for (guint i = index + 1; i < self->lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (self->lines, i);
      const char *kind = line_kind (line);

      if (g_str_equal (kind, "section"))
        break;
      if (!g_str_equal (kind, "optional"))
        subtotal += int_or_zero (line, "net");
    }
  return subtotal;
}

static char *
quantity_text (RapportLineItems *self,
               JsonObject       *line)
{
  g_autofree char *number = rapport_scaled_format_quantity (int_or_zero (line, "qty_milli"));
  JsonObject *product = product_of (self, line);
  const char *unit = product != NULL ? rapport_json_get_string (product, "unit") : NULL;

  if (unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);
  /* Translators: a quantity and its unit, "1.5 h", "3 pcs" */
  return g_strdup_printf (C_("quantity", "%s %s"), number, unit);
}

static char *
discount_text (RapportLineItems *self,
               JsonObject       *line)
{
  gint64 value;

  if (rapport_json_lookup_int (line, "discount_ppm", &value) && value != 0)
    return rapport_scaled_format_percent (value);
  if (rapport_json_lookup_int (line, "discount_minor", &value) && value != 0)
    return rapport_money_format (value, currency (self));
  return g_strdup ("");
}

/* What a line's row shows, and how a screen reader reads it. */
typedef struct
{
  char *title;
  char *quantity;
  char *price;
  char *discount;
  char *amount;
  char *source;  /* (nullable): where the unit price came from, in words */
  char *spoken;
} LineTexts;

static void
line_texts_clear (LineTexts *texts)
{
  g_free (texts->title);
  g_free (texts->quantity);
  g_free (texts->price);
  g_free (texts->discount);
  g_free (texts->amount);
  g_free (texts->source);
  g_free (texts->spoken);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LineTexts, line_texts_clear)

static void
line_texts (RapportLineItems *self,
            guint             index,
            LineTexts        *texts)
{
  JsonObject *line = g_ptr_array_index (self->lines, index);
  const char *kind = line_kind (line);

  texts->title = line_title (self, line, index);
  if (g_str_equal (kind, "section"))
    {
      texts->amount = rapport_money_format (section_subtotal (self, index), currency (self));
      /* Translators: a section of a quote and the sum of its lines: "Hardware, subtotal ¥1,200.00" */
      texts->spoken = g_strdup_printf (_("%s, subtotal %s"), texts->title, texts->amount);
      return;
    }
  texts->quantity = quantity_text (self, line);
  texts->price = rapport_money_format_price (int_or_zero (line, "unit_price_x100"), currency (self));
  texts->discount = discount_text (self, line);
  texts->amount = rapport_money_format (int_or_zero (line, "net"), currency (self));
  texts->source = rapport_line_price_source (line);
  if (*texts->discount != '\0')
    /* Translators: a line read out: description, quantity, unit price, discount, amount */
    texts->spoken = g_strdup_printf (_("%s, %s × %s, discount %s, %s"), texts->title, texts->quantity,
                                     texts->price, texts->discount, texts->amount);
  else
    /* Translators: a line read out: description, quantity, unit price, amount */
    texts->spoken = g_strdup_printf (_("%s, %s × %s, %s"), texts->title, texts->quantity,
                                     texts->price, texts->amount);
  if (g_str_equal (kind, "optional"))
    {
      char *with = g_strdup_printf ("%s, %s", texts->spoken, C_("line kind", "Optional"));

      g_free (texts->spoken);
      texts->spoken = with;
    }
}

static JsonObject *
find_line (RapportLineItems *self,
           const char       *id,
           guint            *index)
{
  for (guint i = 0; i < self->lines->len; i++)
    if (g_strcmp0 (line_id (g_ptr_array_index (self->lines, i)), id) == 0)
      {
        if (index != NULL)
          *index = i;
        return g_ptr_array_index (self->lines, i);
      }
  return NULL;
}

/* The row's content: what @texts say, in columns, and its menu. */
static void
fill_row (RapportLineItems *self,
          GtkWidget        *row,
          JsonObject       *line,
          const LineTexts  *texts)
{
  const char *kind = line_kind (line);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *start = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (texts->title);
  GtkWidget *menu = gtk_menu_button_new ();
  const char *figures[N_COLUMNS];
  const char *captions[] = { NULL, NULL };
  GtkWidget *wrap;

  if (g_str_equal (kind, "section"))
    gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_box_append (GTK_BOX (start), label);
  /* Said in words, not by colour alone. */
  captions[0] = g_str_equal (kind, "optional") ? C_("line kind", "Optional") : NULL;
  captions[1] = texts->source;
  for (guint i = 0; i < G_N_ELEMENTS (captions); i++)
    {
      GtkWidget *tag;

      if (captions[i] == NULL)
        continue;
      tag = gtk_label_new (captions[i]);
      gtk_label_set_xalign (GTK_LABEL (tag), 0);
      gtk_label_set_wrap (GTK_LABEL (tag), TRUE);
      gtk_widget_add_css_class (tag, "caption");
      gtk_widget_add_css_class (tag, "dim-label");
      gtk_box_append (GTK_BOX (start), tag);
    }
  figures[COLUMN_QUANTITY] = texts->quantity;
  figures[COLUMN_PRICE] = texts->price;
  figures[COLUMN_DISCOUNT] = texts->discount;
  figures[COLUMN_AMOUNT] = texts->amount;
  wrap = rapport_wrap_box_new (start, figures_new (self, figures));
  gtk_widget_set_hexpand (wrap, TRUE);
  gtk_box_append (GTK_BOX (box), wrap);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_tooltip_text (menu, _("Line Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Line Menu"), -1);
  g_object_set_data_full (G_OBJECT (menu), "rapport-line-id", g_strdup (line_id (line)), g_free);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (menu), create_menu_cb, NULL, NULL);
  gtk_box_append (GTK_BOX (box), menu);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_size_request (row, -1, -1);
  g_object_set_data (G_OBJECT (row), "rapport-pending", NULL);
}

/* A row for @line, said as @texts say. Made @now, or holding only its
 * place (the height of a row) until it is scrolled into view: the rows
 * out of sight of a 500-line quote cost nothing to open it. */
static GtkWidget *
line_row_new (RapportLineItems *self,
              JsonObject       *line,
              const LineTexts  *texts,
              gboolean          now)
{
  GtkWidget *row = gtk_list_box_row_new ();
  g_autofree char *shown = g_strconcat (texts->spoken, "\n", texts->source ?: "", NULL);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "rapport-line-id", g_strdup (line_id (line)), g_free);
  /* What it shows: a row showing the same is kept (show_lines()). */
  g_object_set_data_full (G_OBJECT (row), "rapport-shown", g_steal_pointer (&shown), g_free);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, texts->spoken,
                                  -1);
  if (texts->source != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    texts->source, -1);
  if (now)
    fill_row (self, row, line, texts);
  else
    {
      g_object_set_data (G_OBJECT (row), "rapport-pending", GINT_TO_POINTER (TRUE));
      gtk_widget_set_size_request (row, -1, self->row_height);
    }
  return row;
}

/* Makes the rows in sight, and a screen more each way, that are still
 * holding their place. */
static gboolean
fill_visible (gpointer data)
{
  RapportLineItems *self = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  double top = 0, bottom = G_MAXDOUBLE;

  self->fill_source = 0;
  if (scrolled != NULL)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
      double page = gtk_adjustment_get_page_size (adjustment);

      top = gtk_adjustment_get_value (adjustment) - page;
      bottom = gtk_adjustment_get_value (adjustment) + 2 * page;
    }
  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;
      guint index;
      JsonObject *line;
      g_auto(LineTexts) texts = { NULL };

      if (g_object_get_data (G_OBJECT (row), "rapport-pending") == NULL)
        {
          /* The rows to come take the height of one made. */
          if (g_object_get_data (G_OBJECT (row), "rapport-line-id") != NULL &&
              gtk_widget_get_height (row) > 0)
            self->row_height = gtk_widget_get_height (row);
          continue;
        }
      /* Where the row is in the scrolled content; unplaced rows wait. */
      if (scrolled != NULL &&
          (!gtk_widget_compute_bounds (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                       &bounds) ||
           bounds.origin.y + bounds.size.height < top || bounds.origin.y > bottom))
        continue;
      if ((line = find_line (self, g_object_get_data (G_OBJECT (row), "rapport-line-id"), &index)) == NULL)
        continue;
      line_texts (self, index, &texts);
      fill_row (self, row, line, &texts);
    }
  return G_SOURCE_REMOVE;
}

static void
queue_fill (RapportLineItems *self)
{
  if (self->fill_source == 0)
    self->fill_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_visible, self, NULL);
}

static GtkWidget *
total_row_new (const char *title,
               const char *amount,
               gboolean    strong)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (amount);
  g_autofree char *spoken = g_strdup_printf ("%s: %s", title, amount);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (value, "numeric");
  if (strong)
    {
      gtk_widget_add_css_class (name, "heading");
      gtk_widget_add_css_class (value, "heading");
    }
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), value);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  /* Read as one: "Total: ¥1,234.56". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  return row;
}

static void
show_totals (RapportLineItems *self)
{
  g_autoptr(JsonArray) lines = json_array_sized_new (self->lines->len);
  g_autoptr(JsonObject) breakdown = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->totals)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->totals), child);
  for (guint i = 0; i < self->lines->len; i++)
    json_array_add_object_element (lines, json_object_ref (g_ptr_array_index (self->lines, i)));
  if (!(breakdown = rapport_document_breakdown (self->document, lines, &error)))
    {
      /* What is wrong, in words: the totals wait for it to be put right. */
      gtk_list_box_append (GTK_LIST_BOX (self->totals),
                           total_row_new (_("The totals cannot be worked out"), error->message,
                                          FALSE));
      return;
    }
  rows = rapport_document_summary (breakdown);
  for (guint i = 0; i < rows->len; i++)
    {
      RapportSummaryRow *row = g_ptr_array_index (rows, i);
      g_autofree char *text = rapport_money_format (row->amount, currency (self));

      gtk_list_box_append (GTK_LIST_BOX (self->totals), total_row_new (row->label, text,
                                                                       row->total));
    }
}

static GtkWidget *
row_for_id (RapportLineItems *self,
            const char       *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (id != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (row), "rapport-line-id"), id) == 0)
      return row;
  return NULL;
}

/* A row of a line, if the list has one yet. */
static GtkWidget *
row_for_any_line (RapportLineItems *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "rapport-line-id") != NULL)
      return row;
  return NULL;
}

/* The line whose row has the keyboard focus, or holds it. */
static const char *
focused_id (RapportLineItems *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL && focus != self->list; focus = gtk_widget_get_parent (focus))
    if (GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_get_parent (focus) == self->list)
      return g_object_get_data (G_OBJECT (focus), "rapport-line-id");
  return NULL;
}

/* The rows of the lines, in order: the row of a line that shows the same
 * as before is kept, so that one edit of a 500-line quote makes one row. */
static GPtrArray *
line_rows (RapportLineItems *self)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "rapport-line-id") != NULL)
      g_hash_table_insert (shown, g_object_get_data (G_OBJECT (row), "rapport-line-id"), row);
  for (guint i = 0; i < self->lines->len && (self->limit == 0 || i < self->limit); i++)
    {
      JsonObject *line = g_ptr_array_index (self->lines, i);
      GtkWidget *row = g_hash_table_lookup (shown, line_id (line));
      g_auto(LineTexts) texts = { NULL };
      g_autofree char *key = NULL;

      line_texts (self, i, &texts);
      key = g_strconcat (texts.spoken, "\n", texts.source ?: "", NULL);
      if (row != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (row), "rapport-shown"), key) == 0)
        g_ptr_array_add (rows, g_object_ref (row));
      else
        g_ptr_array_add (rows, g_object_ref_sink (line_row_new (self, line, &texts, i < FIRST_ROWS)));
    }
  return rows;
}

static void show_lines (RapportLineItems *self);

static gboolean
more_rows_cb (gpointer data)
{
  RapportLineItems *self = data;

  self->more_source = 0;
  if (self->limit == 0)
    return G_SOURCE_REMOVE;
  self->limit = 0;
  show_lines (self);
  return G_SOURCE_REMOVE;
}

static void
painted_cb (GdkFrameClock    *clock,
            RapportLineItems *self)
{
  g_clear_signal_handler (&self->painted_id, self->painting);
  g_clear_object (&self->painting);
  if (self->more_source == 0)
    self->more_source = g_idle_add (more_rows_cb, self);
}

/* The next rows once the frame showing these is painted: the quote is
 * on screen first. */
static void
queue_more (RapportLineItems *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->more_source != 0 || self->painting != NULL)
    return;
  if (clock == NULL)
    {
      self->more_source = g_idle_add (more_rows_cb, self);
      return;
    }
  self->painting = g_object_ref (clock);
  self->painted_id = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), self);
}

static void
show_lines (RapportLineItems *self)
{
  g_autofree char *keep = g_strdup (self->focus_id ?: focused_id (self));
  gint64 started = g_get_monotonic_time ();
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *next, *focus;

  /* A quote opening with many lines: the first rows first. */
  if (row_for_any_line (self) == NULL && self->lines->len > FIRST_ROWS)
    self->limit = FIRST_ROWS;
  rows = line_rows (self);

  if (gtk_widget_get_first_child (self->list) == NULL)
    gtk_list_box_append (GTK_LIST_BOX (self->list), heading_row_new (self));
  /* Rows put in order after the headings; what is left after them is gone. */
  next = gtk_widget_get_next_sibling (gtk_widget_get_first_child (self->list));
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);

      if (row == next)
        {
          next = gtk_widget_get_next_sibling (next);
          continue;
        }
      if (gtk_widget_get_parent (row) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (self->list), row);
      gtk_list_box_insert (GTK_LIST_BOX (self->list), row, i + 1);
    }
  while (next != NULL)
    {
      GtkWidget *gone = next;

      next = gtk_widget_get_next_sibling (next);
      gtk_list_box_remove (GTK_LIST_BOX (self->list), gone);
    }
  if (self->lines->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No lines yet"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (GTK_LIST_BOX (self->list), none);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (none)), FALSE);
    }
  show_totals (self);
  queue_fill (self);
  if (self->limit != 0)
    queue_more (self);
  /* The line the user was on stays under the keyboard. */
  if ((focus = row_for_id (self, keep)) != NULL)
    gtk_widget_grab_focus (focus);
  if (self->focus_id != NULL && focus != NULL)
    g_clear_pointer (&self->focus_id, g_free);
  g_debug ("%u lines and their totals shown in %.1f ms", self->lines->len,
           (g_get_monotonic_time () - started) / 1000.0);
}

static void update_refresh (RapportLineItems *self);

static void
lines_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RapportLineItems *self = user_data;
  g_autoptr(GError) error = NULL;
  Read *read = rapport_store_read_finish (RAPPORT_STORE (object), result, &error);

  /* A newer read is under way, or the widget is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->loading);
  if (read == NULL)
    {
      g_warning ("Could not read the lines: %s", error->message);
      return;
    }
  g_ptr_array_set_size (self->lines, 0);
  for (guint i = 0; i < read->lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (read->lines, i);

      /* Deleted while Undo is offered: gone from the lines and the totals. */
      if (self->undo == NULL || !rapport_undo_queue_has (self->undo, line_id (line)))
        g_ptr_array_add (self->lines, json_object_ref (line));
    }
  g_clear_pointer (&self->products, g_hash_table_unref);
  self->products = g_steal_pointer (&read->products);
  if (read->document != NULL)
    {
      g_clear_pointer (&self->document, json_object_unref);
      self->document = g_steal_pointer (&read->document);
      self->id = rapport_json_get_string (self->document, "id");
      update_refresh (self);
    }
  read_free (read);
  show_lines (self);
}

static void
reload (RapportLineItems *self)
{
  Read *read = g_new0 (Read, 1);

  read->entity = self->entity;
  read->child = self->child;
  read->parent_id = g_strdup (self->id);
  rapport_cancellable_renew (&self->loading);
  rapport_store_read_async (self->store, read_lines, read, (GDestroyNotify) read_free,
                            (GDestroyNotify) read_free, self->loading, lines_read_cb, self);
}

static void
changed_cb (RapportChangeMonitor *changes,
            const char           *entity,
            const char * const   *ids,
            RapportLineItems     *self)
{
  if (g_str_equal (entity, self->child->name) || g_str_equal (entity, "product") ||
      (g_str_equal (entity, self->entity->name) && ids != NULL && self->id != NULL &&
       g_strv_contains (ids, self->id)))
    reload (self);
}

static void
undo_changed_cb (RapportUndoQueue  *undo,
                 const char        *entity,
                 const char        *id,
                 RapportUndoChange  change,
                 RapportLineItems  *self)
{
  if (g_str_equal (entity, self->child->name))
    reload (self);
}

static RapportLineDialog *
open_line (RapportLineItems *self,
           JsonObject       *line)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint index = 0;
  g_autofree char *title = NULL;
  RapportLineDialog *dialog;

  find_line (self, line_id (line), &index);
  title = line_title (self, line, index);
  /* A line just made has no currency yet: its amounts are typed in the document's. */
  if (rapport_json_get_string (line, "currency") == NULL && currency (self) != NULL)
    json_object_set_string_member (line, "currency", currency (self));
  dialog = rapport_line_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                    self->child, line, title,
                                    rapport_json_get_string (self->document, "price_list_id"));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
row_activated_cb (RapportLineItems *self,
                  GtkListBoxRow    *row)
{
  JsonObject *line = find_line (self, g_object_get_data (G_OBJECT (row), "rapport-line-id"), NULL);

  if (line != NULL)
    open_line (self, line);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  RapportLineItems *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) line = rapport_store_create_finish (RAPPORT_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      g_warning ("Could not add a line: %s", error->message);
      return;
    }
  g_free (self->focus_id);
  self->focus_id = g_strdup (line_id (line));
  /* Cancelled, the new line goes again. */
  rapport_line_dialog_set_fresh (open_line (self, line), line_id (line));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RapportLineItems *self = RAPPORT_LINE_ITEMS (widget);
  g_autoptr(JsonObject) line = json_object_new ();

  /* Ctrl+L is the window's: not while the quote is edited, its page hidden. */
  if (!gtk_widget_get_mapped (widget))
    return;
  /* At the end (the store places it), one of nothing yet. */
  json_object_set_string_member (line, self->child->parent_field, self->id);
  json_object_set_int_member (line, "qty_milli", 1000);
  json_object_set_int_member (line, "unit_price_x100", 0);
  rapport_store_create_async (self->store, self->child->name, line, self->cancellable, created_cb,
                              self);
}

/* Refresh Prices: every line of a product priced again, shown before
 * anything is written (rapport-price-refresh.c). */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RapportLineItems *self = RAPPORT_LINE_ITEMS (widget);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->lines->len; i++)
    g_ptr_array_add (titles, line_title (self, g_ptr_array_index (self->lines, i), i));
  rapport_price_refresh_run (GTK_WIDGET (gtk_widget_get_root (widget)), self->store, self->child,
                             self->document, self->lines, titles);
}

/* Refresh Prices only on a draft, and says why not. */
static void
update_refresh (RapportLineItems *self)
{
  gboolean can = rapport_price_refresh_can (self->document);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lines.refresh-prices", can);
  gtk_widget_set_tooltip_text (self->refresh,
                               can ? _("Price every line of a product again from the price list")
                                   : _("Only a draft can get new prices: a sent quote or a"
                                       " confirmed order keeps the prices it was given"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RapportLineItems *self = RAPPORT_LINE_ITEMS (widget);
  JsonObject *line = find_line (self, g_variant_get_string (parameter, NULL), NULL);

  if (line != NULL)
    open_line (self, line);
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) line = rapport_store_update_finish (RAPPORT_STORE (object), result, &error);

  if (line == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not move the line: %s", error->message);
}

static const char *
position_at (RapportLineItems *self,
             int               index)
{
  if (index < 0 || index >= (int) self->lines->len)
    return NULL;
  return rapport_json_get_string (g_ptr_array_index (self->lines, index), self->child->position_field);
}

/* Moves the line @id one place up (@by -1) or down (1): a new position
 * between its new neighbours', and nothing else written. */
static void
move (RapportLineItems *self,
      const char       *id,
      int               by)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autofree char *position = NULL;
  guint index;
  JsonObject *line = find_line (self, id, &index);
  int to;

  if (line == NULL)
    return;
  to = (int) index + by;
  if (to < 0 || to >= (int) self->lines->len)
    return;
  if (by < 0)
    position = rapport_position_between (position_at (self, to - 1), position_at (self, to));
  else
    position = rapport_position_between (position_at (self, to), position_at (self, to + 1));
  json_object_set_string_member (changes, self->child->position_field, position);
  /* Shown moved at once; the store's answer redraws it the same. */
  json_object_set_string_member (line, self->child->position_field, position);
  g_ptr_array_steal_index (self->lines, index);
  g_ptr_array_insert (self->lines, to, line);
  g_free (self->focus_id);
  self->focus_id = g_strdup (id);
  show_lines (self);
  rapport_store_update_async (self->store, self->child->name, id, changes, self->cancellable,
                              moved_cb, NULL);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move (RAPPORT_LINE_ITEMS (widget), g_variant_get_string (parameter, NULL),
        g_str_equal (action_name, "lines.move-up") ? -1 : 1);
}

static void
delete_line (RapportLineItems *self,
             const char       *id)
{
  guint index;
  JsonObject *line = find_line (self, id, &index);
  g_autofree char *title = NULL;
  const char *next;

  if (line == NULL || self->undo == NULL)
    return;
  title = line_title (self, line, index);
  /* The keyboard goes on to the next line, or the one before. */
  next = index + 1 < self->lines->len ? line_id (g_ptr_array_index (self->lines, index + 1))
         : index > 0               ? line_id (g_ptr_array_index (self->lines, index - 1))
                                   : NULL;
  g_free (self->focus_id);
  self->focus_id = g_strdup (next);
  rapport_undo_queue_delete (self->undo, self->child->name, id, title);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  delete_line (RAPPORT_LINE_ITEMS (widget), g_variant_get_string (parameter, NULL));
}

/* Alt+Up, Alt+Down and Delete act on the line under the keyboard. */
static gboolean
focused_line_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  RapportLineItems *self = RAPPORT_LINE_ITEMS (widget);
  const char *what = g_variant_get_string (args, NULL);
  g_autofree char *id = g_strdup (focused_id (self));

  if (id == NULL)
    return FALSE;
  if (g_str_equal (what, "delete"))
    delete_line (self, id);
  else
    move (self, id, g_str_equal (what, "up") ? -1 : 1);
  return TRUE;
}

static void
map_cb (RapportLineItems *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);

  /* Rows scrolled into view are made then. */
  if (self->scrolling == NULL && scrolled != NULL)
    {
      self->scrolling = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)));
      self->scrolled_id = g_signal_connect_swapped (self->scrolling, "value-changed",
                                                    G_CALLBACK (queue_fill), self);
    }
  queue_fill (self);

  if (self->undo != NULL || !RAPPORT_IS_WINDOW (root))
    return;
  self->undo = g_object_ref (rapport_context_get_undo_queue (rapport_window_get_context (RAPPORT_WINDOW (root))));
  self->undo_id = g_signal_connect (self->undo, "changed", G_CALLBACK (undo_changed_cb), self);
  reload (self);
}

static void
rapport_line_items_dispose (GObject *object)
{
  RapportLineItems *self = RAPPORT_LINE_ITEMS (object);

  g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_cancellable_cancel (self->cancellable);
  if (self->changes != NULL)
    g_clear_signal_handler (&self->changed_id, self->changes);
  g_clear_object (&self->changes);
  if (self->undo != NULL)
    g_clear_signal_handler (&self->undo_id, self->undo);
  g_clear_object (&self->undo);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_handle_id (&self->more_source, g_source_remove);
  if (self->painting != NULL)
    g_clear_signal_handler (&self->painted_id, self->painting);
  g_clear_object (&self->painting);
  if (self->scrolling != NULL)
    g_clear_signal_handler (&self->scrolled_id, self->scrolling);
  g_clear_object (&self->scrolling);

  G_OBJECT_CLASS (rapport_line_items_parent_class)->dispose (object);
}

static void
rapport_line_items_finalize (GObject *object)
{
  RapportLineItems *self = RAPPORT_LINE_ITEMS (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->document, json_object_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->products, g_hash_table_unref);
  g_clear_pointer (&self->focus_id, g_free);

  G_OBJECT_CLASS (rapport_line_items_parent_class)->finalize (object);
}

static void
rapport_line_items_class_init (RapportLineItemsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_line_items_dispose;
  object_class->finalize = rapport_line_items_finalize;

  gtk_widget_class_install_action (widget_class, "lines.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "lines.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "lines.refresh-prices", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "lines.move-up", "s", move_action);
  gtk_widget_class_install_action (widget_class, "lines.move-down", "s", move_action);
  gtk_widget_class_install_action (widget_class, "lines.delete", "s", delete_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, focused_line_cb, "s", "up");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, focused_line_cb, "s", "down");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Delete, 0, focused_line_cb, "s", "delete");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Delete, 0, focused_line_cb, "s", "delete");
}

static void
rapport_line_items_init (RapportLineItems *self)
{
  GtkShortcutController *shortcuts;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->cancellable = g_cancellable_new ();
  self->row_height = 50;
  for (guint i = 0; i < N_COLUMNS; i++)
    self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  /* Ctrl+L anywhere on the page, not only from a line. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>l"),
                                                          gtk_named_action_new ("lines.add")));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/**
 * rapport_line_items_new:
 * @entity: a type whose records have ordered lines with derived totals:
 *   quote, sales_order
 * @document: the record
 *
 * Returns: (transfer floating) (nullable): the lines and totals of
 *   @document; %NULL when @entity has no lines
 */
GtkWidget *
rapport_line_items_new (RapportStore        *store,
                        const RapportEntity *entity,
                        JsonObject          *document)
{
  RapportLineItems *self;
  const RapportEntity * const *all;
  const RapportEntity *child = NULL;
  GtkWidget *add, *content, *header;
  guint n;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && document != NULL, NULL);

  all = rapport_entity_all (&n);
  for (guint i = 0; i < n && child == NULL; i++)
    if (all[i]->position_field != NULL && rapport_entity_parent (all[i]) == entity &&
        entity->compute_family != NULL && all[i]->compact != NULL)
      child = all[i];
  if (child == NULL)
    return NULL;

  self = g_object_new (RAPPORT_TYPE_LINE_ITEMS, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->child = child;
  self->document = json_object_ref (document);
  self->id = rapport_json_get_string (document, "id");

  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _(child->labels.related));
  add = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (add), adw_button_content_new ());
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (add))),
                                    "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (add))),
                                _("_Add Line"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (gtk_button_get_child (GTK_BUTTON (add))),
                                        TRUE);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add Line (Ctrl+L)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Line"),
                                  GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, "Control+L", -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "lines.add");
  self->refresh = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  gtk_widget_add_css_class (self->refresh, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->refresh), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Refresh Prices"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->refresh), "lines.refresh-prices");
  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (header), self->refresh);
  gtk_box_append (GTK_BOX (header), add);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->group), header);
  update_refresh (self);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(child->labels.related), -1);
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
  gtk_box_append (GTK_BOX (content), self->list);
  self->totals = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->totals), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->totals, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->totals), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Totals"), -1);
  gtk_box_append (GTK_BOX (content), self->totals);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), content);
  gtk_box_append (GTK_BOX (self), self->group);

  self->changes = g_object_ref (rapport_change_monitor_get_for_store (store));
  self->changed_id = g_signal_connect (self->changes, "changed", G_CALLBACK (changed_cb), self);
  /* Nothing is said of the lines until they are read: a quote of 500
   * lines does not say "No lines yet" for a frame. */
  reload (self);
  return GTK_WIDGET (self);
}
