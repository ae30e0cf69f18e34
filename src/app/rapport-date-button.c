/* rapport-date-button.c: a calendar (and a clock) to pick a date (and time) into an entry
 *
 * The entry holds the date as the locale writes it (12/24/2026,
 * 2026年12月24日), with "HH:MM" after it for a time, and can be typed in
 * that form or ISO. This button opens a calendar on the entry's date (or
 * today), with hour and minute for a time, and writes the choice back into
 * the entry, so that the usual validation and Save apply. One widget for
 * every date and time the app edits: record fields, task due and reminder
 * times, activity times, case due times.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-date-button"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-date-button.h"
#include "rapport-dates.h"

typedef struct
{
  GtkEditable   *target;   /* (unowned): outlives the button, which is its suffix */
  GtkCalendar   *calendar;
  GtkSpinButton *hour;     /* (nullable): a date without a time */
  GtkSpinButton *minute;
  gboolean       loading;
} Picker;

static void
write_choice (Picker *picker)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (picker->calendar);
  g_autofree char *day = rapport_dates_format_day (g_date_time_get_year (date),
                                                   g_date_time_get_month (date),
                                                   g_date_time_get_day_of_month (date));
  g_autofree char *text = NULL;

  if (picker->loading || day == NULL)
    return;
  if (picker->hour != NULL)
    text = g_strdup_printf ("%s %02d:%02d", day, gtk_spin_button_get_value_as_int (picker->hour),
                            gtk_spin_button_get_value_as_int (picker->minute));
  gtk_editable_set_text (picker->target, text != NULL ? text : day);
}

static void
day_selected_cb (GtkCalendar *calendar,
                 Picker      *picker)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  write_choice (picker);
  /* A time is picked after the day: the popover stays for it. */
  if (popover != NULL && picker->hour == NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
time_changed_cb (GtkSpinButton *spin,
                 Picker        *picker)
{
  write_choice (picker);
}

/* "09" rather than "9": it reads as a clock. */
static gboolean
two_digits_cb (GtkSpinButton *spin,
               gpointer       data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Opens on the date (and time) already typed, when there is one. */
static void
popover_show_cb (GtkPopover *popover,
                 Picker     *picker)
{
  g_autoptr(GDateTime) when = rapport_dates_parse_local (gtk_editable_get_text (picker->target));

  if (when == NULL)
    return;
  picker->loading = TRUE;
  gtk_calendar_select_day (picker->calendar, when);
  if (picker->hour != NULL)
    {
      gtk_spin_button_set_value (picker->hour, g_date_time_get_hour (when));
      gtk_spin_button_set_value (picker->minute, g_date_time_get_minute (when));
    }
  picker->loading = FALSE;
}

static GtkSpinButton *
clock_spin (int         max,
            int         step,
            const char *name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);

  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_signal_connect (spin, "output", G_CALLBACK (two_digits_cb), NULL);
  return GTK_SPIN_BUTTON (spin);
}

static GtkWidget *
new_button (GtkEditable *target,
            gboolean     with_time)
{
  const char *label = with_time ? _("Choose a Date and Time") : _("Choose a Date");
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  Picker *picker = g_new0 (Picker, 1);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  picker->target = target;
  picker->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (picker->calendar));
  if (with_time)
    {
      GtkWidget *clock = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      picker->hour = clock_spin (23, 1, _("Hour"));
      picker->minute = clock_spin (59, 5, _("Minute"));
      gtk_widget_set_halign (clock, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (clock), GTK_WIDGET (picker->hour));
      gtk_box_append (GTK_BOX (clock), gtk_label_new (":"));
      gtk_box_append (GTK_BOX (clock), GTK_WIDGET (picker->minute));
      gtk_box_append (GTK_BOX (box), clock);
      gtk_spin_button_set_value (picker->hour, 9);
      g_signal_connect (picker->hour, "value-changed", G_CALLBACK (time_changed_cb), picker);
      g_signal_connect (picker->minute, "value-changed", G_CALLBACK (time_changed_cb), picker);
    }

  g_object_set_data_full (G_OBJECT (button), "rapport-picker", picker, g_free);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_signal_connect (picker->calendar, "day-selected", G_CALLBACK (day_selected_cb), picker);
  g_signal_connect (popover, "show", G_CALLBACK (popover_show_cb), picker);
  return button;
}

/**
 * rapport_date_button_new:
 * @target: the entry (or entry row) that holds the date
 *
 * Returns: (transfer floating): a button opening a calendar
 */
GtkWidget *
rapport_date_button_new (GtkEditable *target)
{
  return new_button (target, FALSE);
}

/**
 * rapport_date_button_new_with_time:
 * @target: the entry (or entry row) that holds the date and time
 *
 * Returns: (transfer floating): a button opening a calendar with hour and
 *   minute
 */
GtkWidget *
rapport_date_button_new_with_time (GtkEditable *target)
{
  return new_button (target, TRUE);
}
