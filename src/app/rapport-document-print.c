/* rapport-document-print.c: a quote or an order as the customer receives it
 *
 * Printed or saved as PDF through GtkPrintOperation: who sends it and to
 * whom, its number, revision and dates with the full year, its lines
 * (description, quantity, unit price, discount, amount), the totals with
 * the tax of each rate, the payment terms, validity and notes, in the
 * user's language with money in the document's currency as the locale
 * writes it. The lines run over as many pages as they need, the table's
 * head repeated on each, and every page says which it is. What people
 * typed is laid out as text, never as markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-document-print"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-dates.h"
#include "rapport-document-print.h"
#include "rapport-document-totals.h"
#include "rapport-json.h"
#include "rapport-money.h"

#define MARGIN 36.0 /* points, inside the printable area */
#define GAP 6.0

typedef struct
{
  const RapportEntity *entity;
  JsonObject          *document; /* (owned) */
  GPtrArray           *lines;    /* (owned) (element-type JsonObject) */
  JsonObject          *totals;   /* (owned) (nullable): rapport_document_totals_from_json() */
  char                *seller;
  char                *customer;
  char                *contact;
  GArray              *page_starts; /* (element-type guint): the first line of each page */
} Print;

static void
print_free (Print *print)
{
  json_object_unref (print->document);
  g_ptr_array_unref (print->lines);
  g_clear_pointer (&print->totals, json_object_unref);
  g_free (print->seller);
  g_free (print->customer);
  g_free (print->contact);
  g_clear_pointer (&print->page_starts, g_array_unref);
  g_free (print);
}

/* Widths of the table's columns, as parts of the page's width. */
static const double columns[] = { 0.06, 0.40, 0.12, 0.16, 0.10, 0.16 };

static PangoLayout *
text_layout (GtkPrintContext *context,
             const char      *text,
             double           size,
             gboolean         bold,
             double           width,
             PangoAlignment   alignment)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* Draws @text at (@x, @y); returns its height. */
static double
draw_text (GtkPrintContext *context,
           double           x,
           double           y,
           double           width,
           const char      *text,
           double           size,
           gboolean         bold,
           PangoAlignment   alignment)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  g_autoptr(PangoLayout) layout = text_layout (context, text, size, bold, width, alignment);
  int height;

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
text_height (GtkPrintContext *context,
             const char      *text,
             double           width)
{
  g_autoptr(PangoLayout) layout = text_layout (context, text, 9, FALSE, width, PANGO_ALIGN_LEFT);
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static char *
format_date (const char *iso)
{
  int year, month, day;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return NULL;
  return rapport_dates_format_day (year, month, day);
}

/* "1.5", "12", "0.001": a quantity as people read it. */
static char *
format_quantity (gint64 qty_milli)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                                           qty_milli / 1000, ABS (qty_milli % 1000));
  char            *end = text + strlen (text) - 1;

  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return g_steal_pointer (&text);
}

/* A unit price in hundredths of a minor unit: as money when it is whole
 * minor units, else with its two extra digits after the last one the money
 * shows: "¥12.3456", "12,3456 €". */
static char *
format_unit_price (gint64      price_x100,
                   const char *currency)
{
  g_autofree char *whole = rapport_money_format (price_x100 / 100, currency);
  const char      *last_digit = NULL;
  GString         *text;

  if (price_x100 % 100 == 0)
    return g_steal_pointer (&whole);
  for (const char *p = whole; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      last_digit = p;
  if (last_digit == NULL)
    return g_steal_pointer (&whole);
  text = g_string_new_len (whole, last_digit + 1 - whole);
  g_string_append_printf (text, "%02d%s", (int) ABS (price_x100 % 100), last_digit + 1);
  return g_string_free (text, FALSE);
}

static char *
format_discount (JsonObject *line,
                 const char *currency)
{
  gint64 value;

  if (rapport_json_lookup_int (line, "discount_ppm", &value) && value != 0)
    {
      g_autofree char *number = value % 10000 == 0
                                  ? g_strdup_printf ("%" G_GINT64_FORMAT, value / 10000)
                                  : g_strdup_printf ("%.2f", value / 10000.0);

      /* TRANSLATORS: a discount; %s is the number, "10 %" */
      return g_strdup_printf (_("%s %%"), number);
    }
  if (rapport_json_lookup_int (line, "discount_minor", &value) && value != 0)
    return rapport_money_format (value, currency);
  return g_strdup ("");
}

/* The height a line takes in the table. */
static double
line_height (GtkPrintContext *context,
             JsonObject      *line,
             double           width)
{
  return text_height (context, rapport_json_get_string (line, "description"),
                      width * columns[1]) +
         GAP;
}

static double
draw_table_head (GtkPrintContext *context,
                 double           x,
                 double           y,
                 double           width)
{
  const char *heads[] = {
    /* TRANSLATORS: the number of a line on a printed quote */
    C_("line number", "No."), _("Description"), _("Quantity"), _("Unit Price"), _("Discount"), _("Amount"),
    };
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double   height = 0;

  for (guint c = 0; c < G_N_ELEMENTS (heads); c++)
    {
      height = MAX (height, draw_text (context, x, y, width * columns[c] - GAP, heads[c], 9, TRUE,
                                       c >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT));
      x += width * columns[c];
    }
  cairo_set_line_width (cr, 0.8);
  cairo_move_to (cr, MARGIN, y + height + 2);
  cairo_line_to (cr, MARGIN + width, y + height + 2);
  cairo_stroke (cr);
  return height + GAP;
}

static void
draw_line (GtkPrintContext *context,
           Print           *print,
           guint            index,
           double           y,
           double           width)
{
  JsonObject      *line = g_ptr_array_index (print->lines, index);
  const char      *currency = rapport_json_get_string (print->document, "currency");
  const char      *kind = rapport_json_get_string (line, "line_kind");
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  g_autofree char *quantity = NULL;
  g_autofree char *price = NULL;
  g_autofree char *discount = NULL;
  g_autofree char *amount = NULL;
  gint64           value;
  double           x = MARGIN;

  if (g_strcmp0 (kind, "section") == 0)
    {
      draw_text (context, x + width * columns[0], y, width * (1 - columns[0]),
                 rapport_json_get_string (line, "description"), 9, TRUE, PANGO_ALIGN_LEFT);
      return;
    }
  quantity = format_quantity (rapport_json_lookup_int (line, "qty_milli", &value) ? value : 0);
  price = format_unit_price (rapport_json_lookup_int (line, "unit_price_x100", &value) ? value : 0,
                             currency);
  discount = format_discount (line, currency);
  amount = rapport_json_lookup_int (line, "net", &value) ? rapport_money_format (value, currency)
                                                         : g_strdup ("");
  if (g_strcmp0 (kind, "optional") == 0)
    {
      g_autofree char *shown = g_strdup_printf (_("%s (optional)"), amount);

      g_free (amount);
      amount = g_steal_pointer (&shown);
    }
  {
    const char *cells[] = {
      number,
      rapport_json_get_string (line, "description"),
      quantity,
      price,
      discount,
      amount,
    };

    for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
      {
        draw_text (context, x, y, width * columns[c] - GAP, cells[c], 9, FALSE,
                   c >= 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        x += width * columns[c];
      }
  }
}

/* The totals' rows: label and amount. */
static GPtrArray *
total_rows (Print *print)
{
  GPtrArray  *rows = g_ptr_array_new_with_free_func (g_free);
  const char *currency = rapport_json_get_string (print->document, "currency");
  JsonObject *totals = print->totals;
  JsonArray  *taxes;

#define ROW(label, amount)                                           \
  G_STMT_START                                                       \
  {                                                                  \
    g_ptr_array_add (rows, g_strdup (label));                        \
    g_ptr_array_add (rows, rapport_money_format (amount, currency)); \
  }                                                                  \
  G_STMT_END

  if (totals == NULL)
    return rows;
  ROW (_("Subtotal"), json_object_get_int_member (totals, "gross") -
                         json_object_get_int_member (totals, "line_discount"));
  if (json_object_get_int_member (totals, "header_discount") != 0)
    ROW (_("Discount"), -json_object_get_int_member (totals, "header_discount"));
  if (json_object_get_int_member (totals, "shipping_net") != 0)
    ROW (_("Shipping"), json_object_get_int_member (totals, "shipping_net"));
  taxes = json_object_get_array_member (totals, "taxes");
  for (guint i = 0; i < json_array_get_length (taxes); i++)
    {
      JsonObject      *rate = json_array_get_object_element (taxes, i);
      gint64           ppm = json_object_get_int_member (rate, "rate_ppm");
      g_autofree char *label = ppm % 10000 == 0
        /* TRANSLATORS: a tax line: "Tax 13 %" */
        ? g_strdup_printf (_("Tax %d %%"), (int) (ppm / 10000))
        : g_strdup_printf (_("Tax %.2f %%"), ppm / 10000.0);

      ROW (label, json_object_get_int_member (rate, "tax"));
    }
  if (json_object_get_int_member (totals, "shipping_tax") != 0)
    ROW (_("Tax on Shipping"), json_object_get_int_member (totals, "shipping_tax"));
  ROW (_("Total"), json_object_get_int_member (totals, "total"));
#undef ROW
  return rows;
}

/* The height of what follows the lines: the totals and the terms. */
static double
closing_height (Print *print)
{
  g_autoptr(GPtrArray) rows = total_rows (print);

  return (rows->len / 2) * 14.0 + 80.0;
}

static double
draw_closing (GtkPrintContext *context,
              Print           *print,
              double           y,
              double           width)
{
  g_autoptr(GPtrArray) rows = total_rows (print);
  g_autofree char *valid_until = format_date (rapport_json_get_string (print->document,
                                                                       "valid_until"));
  const char      *terms = rapport_json_get_string (print->document, "payment_terms");
  const char      *notes = rapport_json_get_string (print->document, "notes");

  y += GAP;
  for (guint i = 0; i + 1 < rows->len; i += 2)
    {
      gboolean last = i + 2 >= rows->len;

      draw_text (context, MARGIN + width * 0.5, y, width * 0.3, g_ptr_array_index (rows, i), 10,
                 last, PANGO_ALIGN_RIGHT);
      y += draw_text (context, MARGIN + width * 0.8, y, width * 0.2, g_ptr_array_index (rows, i + 1),
                      10, last, PANGO_ALIGN_RIGHT) +
           2;
    }
  y += 2 * GAP;
  if (terms != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Payment terms: %s"), terms);

      y += draw_text (context, MARGIN, y, width, text, 9, FALSE, PANGO_ALIGN_LEFT) + 2;
    }
  if (valid_until != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Valid until %s"), valid_until);

      y += draw_text (context, MARGIN, y, width, text, 9, FALSE, PANGO_ALIGN_LEFT) + 2;
    }
  if (notes != NULL)
    y += draw_text (context, MARGIN, y + GAP, width, notes, 9, FALSE, PANGO_ALIGN_LEFT) + GAP;
  return y;
}

/* The heading of the first page: who, to whom, which document. */
static double
draw_heading (GtkPrintContext *context,
              Print           *print,
              double           width)
{
  gboolean         is_quote = g_str_equal (print->entity->name, "quote");
  const char      *number = rapport_json_get_string (print->document, "number");
  g_autofree char *date = format_date (rapport_json_get_string (print->document, "created_at"));
  g_autofree char *reference = NULL;
  g_autofree char *dated = NULL;
  gint64           revision = json_object_get_int_member_with_default (print->document, "revision", 1);
  double           y = MARGIN, left;

  if (print->seller != NULL)
    draw_text (context, MARGIN, y, width * 0.55, print->seller, 14, TRUE, PANGO_ALIGN_LEFT);
  draw_text (context, MARGIN + width * 0.55, y, width * 0.45, is_quote ? _("Quote") : _("Sales Order"), 18, TRUE, PANGO_ALIGN_RIGHT);
  y += 28;
  reference = revision > 1
    /* TRANSLATORS: "Q-2026-00042, revision 2" */
    ? g_strdup_printf (_("%s, revision %d"), number != NULL ? number : "", (int) revision)
    : g_strdup (number != NULL ? number : "");
  y += draw_text (context, MARGIN + width * 0.55, y, width * 0.45, reference, 10, FALSE,
                  PANGO_ALIGN_RIGHT);
  if (date != NULL)
    {
      dated = g_strdup_printf (_("Date: %s"), date);
      draw_text (context, MARGIN + width * 0.55, y, width * 0.45, dated, 10, FALSE,
                 PANGO_ALIGN_RIGHT);
    }
  left = y + 24;
  y = left;
  y += draw_text (context, MARGIN, y, width * 0.5, is_quote ? _("Quote for") : _("Order of"), 9, TRUE, PANGO_ALIGN_LEFT);
  if (print->customer != NULL)
    y += draw_text (context, MARGIN, y, width * 0.5, print->customer, 10, FALSE, PANGO_ALIGN_LEFT);
  if (print->contact != NULL)
    y += draw_text (context, MARGIN, y, width * 0.5, print->contact, 10, FALSE, PANGO_ALIGN_LEFT);
  y += draw_text (context, MARGIN, y + GAP, width, rapport_json_get_string (print->document, "title"),
                  12, TRUE, PANGO_ALIGN_LEFT);
  return y + 3 * GAP;
}

static double
heading_height (void)
{
  return MARGIN + 130.0;
}

static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             Print             *print)
{
  double width = gtk_print_context_get_width (context) - 2 * MARGIN;
  double bottom = gtk_print_context_get_height (context) - MARGIN - 20;
  double y = heading_height () + 20;
  guint  first = 0;

  g_array_set_size (print->page_starts, 0);
  g_array_append_val (print->page_starts, first);
  for (guint i = 0; i < print->lines->len; i++)
    {
      double height = line_height (context, g_ptr_array_index (print->lines, i), width);

      if (y + height > bottom)
        {
          g_array_append_val (print->page_starts, i);
          y = MARGIN + 20;
        }
      y += height;
    }
  /* The totals stay with the last lines, or go to a page of their own. */
  if (y + closing_height (print) > bottom)
    g_array_append_val (print->page_starts, print->lines->len);
  gtk_print_operation_set_n_pages (operation, print->page_starts->len);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page,
           Print             *print)
{
  double           width = gtk_print_context_get_width (context) - 2 * MARGIN;
  double           height = gtk_print_context_get_height (context);
  guint            n_pages = print->page_starts->len;
  guint            first = g_array_index (print->page_starts, guint, page);
  guint            end = (guint) page + 1 < n_pages ? g_array_index (print->page_starts, guint, page + 1)
                                                    : print->lines->len;
  g_autofree char *footer = g_strdup_printf (_("Page %d of %u"), page + 1, n_pages);
  double           y = page == 0 ? draw_heading (context, print, width) : MARGIN;

  if (first < end || page == 0)
    y += draw_table_head (context, MARGIN, y, width);
  for (guint i = first; i < end; i++)
    {
      draw_line (context, print, i, y, width);
      y += line_height (context, g_ptr_array_index (print->lines, i), width);
    }
  if ((guint) page + 1 == n_pages)
    draw_closing (context, print, y, width);
  draw_text (context, MARGIN, height - MARGIN, width, footer, 8, FALSE, PANGO_ALIGN_CENTER);
}

/**
 * rapport_document_print_new:
 * @entity: quote or sales_order
 * @document: the document, its totals computed
 * @lines: (element-type JsonObject): its lines in order, their amounts
 *   computed
 *
 * Returns: (transfer full): the operation that prints @document; run it
 *   with a dialog, or export it to a PDF file
 */
GtkPrintOperation *
rapport_document_print_new (const RapportEntity          *entity,
                            JsonObject                   *document,
                            GPtrArray                    *lines,
                            const RapportDocumentParties *parties)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  Print             *print = g_new0 (Print, 1);
  g_autoptr(JsonArray) inputs = json_array_new ();
  const char *number = rapport_json_get_string (document, "number");

  print->entity = entity;
  print->document = json_object_ref (document);
  print->lines = g_ptr_array_ref (lines);
  print->seller = g_strdup (parties->seller);
  print->customer = g_strdup (parties->customer);
  print->contact = g_strdup (parties->contact);
  print->page_starts = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < lines->len; i++)
    {
      JsonObject *line = g_ptr_array_index (lines, i);
      JsonObject *input = rapport_json_object_copy (line);
      JsonArray  *rates = json_array_new ();
      gint64      rate;

      if (rapport_json_lookup_int (line, "tax_rate_ppm", &rate))
        json_array_add_int_element (rates, rate);
      if (rapport_json_lookup_int (line, "tax2_rate_ppm", &rate))
        json_array_add_int_element (rates, rate);
      json_object_set_array_member (input, "tax_rates_ppm", rates);
      json_array_add_object_element (inputs, input);
    }
  /* The rates' taxes and the header discount: what the stored totals
   * sum up. */
  print->totals = rapport_document_totals_from_json (document, inputs, NULL);

  gtk_print_operation_set_job_name (operation, number != NULL ? number
                                                              : rapport_json_get_string (document,
                                                                                         "title"));
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  /* Kept as long as the operation: it may outlive its caller's run. */
  g_object_set_data_full (G_OBJECT (operation), "rapport-document-print", print,
                          (GDestroyNotify) print_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), print);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), print);
  return operation;
}
