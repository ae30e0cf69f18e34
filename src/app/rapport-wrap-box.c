/* rapport-wrap-box.c: two widgets side by side, or the second under the first
 *
 * A quote line is its description, then its figures (quantity, unit
 * price, discount, amount). Side by side while the figures fit at their
 * natural width beside the description at its smallest; on a phone the
 * figures go on a line of their own, under it, so that an amount is never
 * cut. GTK 4.8 and libadwaita 1.2 have no breakpoints, so the box decides
 * from the width it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-wrap-box"

#include "config.h"

#include "rapport-wrap-box.h"

#define SPACING 12
#define LINE_SPACING 6

struct _RapportWrapBox
{
  GtkWidget  parent_instance;

  GtkWidget *start;                /* (owned by the widget tree) */
  GtkWidget *end;
};

G_DEFINE_FINAL_TYPE (RapportWrapBox, rapport_wrap_box, GTK_TYPE_WIDGET)

static int
natural_width (GtkWidget *child)
{
  int natural;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

static int
minimum_width (GtkWidget *child)
{
  int minimum;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* Whether @width holds both side by side. */
static gboolean
fits (RapportWrapBox *self,
      int             width)
{
  return width < 0 || width - natural_width (self->end) - SPACING >= minimum_width (self->start);
}

static int
height_for (GtkWidget *child,
            int        width)
{
  int height;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
  return height;
}

static void
rapport_wrap_box_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  RapportWrapBox *self = RAPPORT_WRAP_BOX (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (minimum_width (self->start), minimum_width (self->end));
      *natural = natural_width (self->start) + SPACING + natural_width (self->end);
      return;
    }
  if (fits (self, for_size))
    {
      int end_width = natural_width (self->end);
      int start_width = for_size < 0 ? natural_width (self->start) : for_size - end_width - SPACING;

      *minimum = MAX (height_for (self->start, start_width), height_for (self->end, end_width));
    }
  else
    *minimum = height_for (self->start, for_size) + LINE_SPACING + height_for (self->end, for_size);
  *natural = *minimum;
}

static void
rapport_wrap_box_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  RapportWrapBox *self = RAPPORT_WRAP_BOX (widget);
  GtkAllocation start, end;

  if (fits (self, width))
    {
      gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

      end.width = natural_width (self->end);
      start.width = width - end.width - SPACING;
      /* Both on the middle line of the row. */
      start.height = MIN (height_for (self->start, start.width), height);
      end.height = MIN (height_for (self->end, end.width), height);
      start.x = rtl ? end.width + SPACING : 0;
      end.x = rtl ? 0 : width - end.width;
      start.y = (height - start.height) / 2;
      end.y = (height - end.height) / 2;
    }
  else
    {
      start.x = end.x = start.y = 0;
      start.width = end.width = width;
      start.height = height_for (self->start, width);
      end.y = start.height + LINE_SPACING;
      end.height = MAX (height - end.y, 0);
    }
  gtk_widget_size_allocate (self->start, &start, -1);
  gtk_widget_size_allocate (self->end, &end, -1);
}

static GtkSizeRequestMode
rapport_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rapport_wrap_box_dispose (GObject *object)
{
  RapportWrapBox *self = RAPPORT_WRAP_BOX (object);

  g_clear_pointer (&self->start, gtk_widget_unparent);
  g_clear_pointer (&self->end, gtk_widget_unparent);

  G_OBJECT_CLASS (rapport_wrap_box_parent_class)->dispose (object);
}

static void
rapport_wrap_box_class_init (RapportWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_wrap_box_dispose;
  widget_class->measure = rapport_wrap_box_measure;
  widget_class->size_allocate = rapport_wrap_box_size_allocate;
  widget_class->get_request_mode = rapport_wrap_box_get_request_mode;
}

static void
rapport_wrap_box_init (RapportWrapBox *self)
{
}

/**
 * rapport_wrap_box_new:
 * @start: what comes first, and takes the room left (a wrapping label)
 * @end: what comes after it, at its natural width (the figures)
 *
 * Returns: (transfer floating): the box
 */
GtkWidget *
rapport_wrap_box_new (GtkWidget *start,
                      GtkWidget *end)
{
  RapportWrapBox *self = g_object_new (RAPPORT_TYPE_WRAP_BOX, NULL);

  g_return_val_if_fail (GTK_IS_WIDGET (start) && GTK_IS_WIDGET (end), NULL);

  self->start = start;
  self->end = end;
  gtk_widget_set_parent (start, GTK_WIDGET (self));
  gtk_widget_set_parent (end, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}
