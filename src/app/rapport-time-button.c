/* rapport-time-button.c: hour and minute pickers for the time in an entry
 *
 * The entry holds "YYYY-MM-DD HH:MM" (see rapport-when.c); this button
 * opens an hour and a minute on the time already typed and writes the
 * time part back as they change, leaving the date to the calendar beside
 * it (today if there is none yet), so that the usual validation and Save
 * apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-time-button"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "rapport-time-button.h"

typedef struct
{
  GtkEditable   *target;   /* (unowned): outlives the button, its suffix */
  GtkSpinButton *hour;
  GtkSpinButton *minute;
  gboolean       reading;  /* the pickers are being set from the entry */
} TimeButton;

/* "2026-12-07 14:30" → the date "2026-12-07", and 14 and 30 when there. */
static gboolean
split (const char *text,
       char       *date,
       int        *hour,
       int        *minute)
{
  int n = sscanf (text, " %10[0-9-] %2d:%2d", date, hour, minute);

  return n >= 1;
}

static void
time_changed_cb (TimeButton *self)
{
  char date[11] = "";
  int hour, minute;
  g_autofree char *text = NULL;

  if (self->reading)
    return;
  if (!split (gtk_editable_get_text (self->target), date, &hour, &minute))
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      g_autofree char *formatted = g_date_time_format (today, "%Y-%m-%d");

      g_strlcpy (date, formatted, sizeof date);
    }
  text = g_strdup_printf ("%s %02d:%02d", date, gtk_spin_button_get_value_as_int (self->hour),
                          gtk_spin_button_get_value_as_int (self->minute));
  gtk_editable_set_text (self->target, text);
}

/* Opens on the time already typed, else on 09:00. */
static void
popover_show_cb (TimeButton *self)
{
  char date[11] = "";
  int hour = 9, minute = 0;

  if (!split (gtk_editable_get_text (self->target), date, &hour, &minute) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59)
    hour = 9, minute = 0;
  self->reading = TRUE;
  gtk_spin_button_set_value (self->hour, hour);
  gtk_spin_button_set_value (self->minute, minute);
  self->reading = FALSE;
}

/* Two digits, as a clock shows them: 09:05. */
static gboolean
output_cb (GtkSpinButton *spin)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static GtkSpinButton *
picker_new (const char *label,
            int         max,
            int         step)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (spin), GTK_ORIENTATION_VERTICAL);
  gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_tooltip_text (spin, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect (spin, "output", G_CALLBACK (output_cb), NULL);
  return GTK_SPIN_BUTTON (spin);
}

/**
 * rapport_time_button_new:
 * @target: the entry (or entry row) that holds "YYYY-MM-DD HH:MM"
 *
 * Returns: (transfer floating): a button opening an hour and a minute
 */
GtkWidget *
rapport_time_button_new (GtkEditable *target)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  TimeButton *self = g_new0 (TimeButton, 1);

  self->target = target;
  self->hour = picker_new (_("Hour"), 23, 1);
  self->minute = picker_new (_("Minute"), 59, 5);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->hour));
  gtk_box_append (GTK_BOX (box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->minute));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "alarm-symbolic");
  gtk_widget_set_tooltip_text (button, _("Choose a Time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose a Time"), -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  g_object_set_data_full (G_OBJECT (button), "rapport-time-button", self, g_free);
  g_signal_connect_swapped (self->hour, "value-changed", G_CALLBACK (time_changed_cb), self);
  g_signal_connect_swapped (self->minute, "value-changed", G_CALLBACK (time_changed_cb), self);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (popover_show_cb), self);
  return button;
}
