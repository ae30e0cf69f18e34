/* rapport-date-button.c: a calendar to pick a date into an entry
 *
 * Dates are stored as YYYY-MM-DD and can be typed that way; this button
 * opens a calendar on the entry's date (or today) and writes the chosen day
 * back into the entry, so that the usual validation and Save apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-date-button"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rapport-date-button.h"

static void
day_selected_cb (GtkCalendar *calendar,
                 GtkEditable *target)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (target, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

/* Opens on the date already typed, when there is one. */
static void
popover_show_cb (GtkPopover  *popover,
                 GtkCalendar *calendar)
{
  GtkEditable *target = g_object_get_data (G_OBJECT (calendar), "rapport-target");
  unsigned year, month, day;
  char tail;

  if (sscanf (gtk_editable_get_text (target), "%4u-%2u-%2u%c", &year, &month, &day, &tail) == 3 &&
      g_date_valid_dmy (day, month, year))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day, 0, 0, 0);

      g_signal_handlers_block_by_func (calendar, day_selected_cb, target);
      gtk_calendar_select_day (calendar, date);
      g_signal_handlers_unblock_by_func (calendar, day_selected_cb, target);
    }
}

/**
 * rapport_date_button_new:
 * @target: the entry (or entry row) that holds the date as YYYY-MM-DD
 *
 * Returns: (transfer floating): a button opening a calendar
 */
GtkWidget *
rapport_date_button_new (GtkEditable *target)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, _("Choose a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a Date"), -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  g_object_set_data (G_OBJECT (calendar), "rapport-target", target);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (day_selected_cb), target);
  g_signal_connect (popover, "show", G_CALLBACK (popover_show_cb), calendar);
  return button;
}
