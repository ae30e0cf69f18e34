/* rapport-datetime-row.c: a date and time field: typed, or picked
 *
 * The store keeps UTC; the row shows and reads local time as the locale
 * writes it, ISO accepted too (rapport-when.c). The date-and-time button
 * (rapport-date-button.c) picks both into the row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-datetime-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-date-button.h"
#include "rapport-datetime-row.h"
#include "rapport-json.h"
#include "rapport-tasks.h"
#include "rapport-validate.h"
#include "rapport-when.h"

struct _RapportDatetimeRow
{
  AdwEntryRow         parent_instance;

  const RapportField *field;
  char               *original;   /* (owned): the text when editing began */
};

static void field_row_iface_init (RapportFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RapportDatetimeRow, rapport_datetime_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (RAPPORT_TYPE_FIELD_ROW, field_row_iface_init))

static gboolean
collect (RapportFieldRow *row,
         JsonObject      *changes,
         gboolean         creating,
         GError         **error)
{
  RapportDatetimeRow *self = RAPPORT_DATETIME_ROW (row);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self))));
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *value = NULL;

  if (rapport_field_row_unchanged (self->field, text, self->original, creating))
    return TRUE;
  if (*text == '\0')
    {
      rapport_field_row_put (changes, self->field, creating, json_node_new (JSON_NODE_NULL));
      return TRUE;
    }
  if ((time = rapport_when_parse_local (text)) == NULL)
    {
      g_autofree char *hint = rapport_when_typing_hint ();

      rapport_set_validation_error (error, RAPPORT_VALIDATION_ERROR_INVALID, self->field->name,
                                    "%s", hint);
      return FALSE;
    }
  value = rapport_format_timestamp (time);
  rapport_field_row_put (changes, self->field, creating,
                         json_node_init_string (json_node_alloc (), value));
  return TRUE;
}

static void
changed_cb (RapportDatetimeRow *self)
{
  rapport_field_row_edited (RAPPORT_FIELD_ROW (self));
}

static void
field_row_iface_init (RapportFieldRowInterface *iface)
{
  iface->collect = collect;
}

static void
rapport_datetime_row_finalize (GObject *object)
{
  RapportDatetimeRow *self = RAPPORT_DATETIME_ROW (object);

  g_free (self->original);

  G_OBJECT_CLASS (rapport_datetime_row_parent_class)->finalize (object);
}

static void
rapport_datetime_row_class_init (RapportDatetimeRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_datetime_row_finalize;
}

static void
rapport_datetime_row_init (RapportDatetimeRow *self)
{
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
}

GtkWidget *
rapport_datetime_row_new (const RapportEntity *entity,
                          const RapportField  *field,
                          JsonObject          *record)
{
  RapportDatetimeRow *self = g_object_new (RAPPORT_TYPE_DATETIME_ROW, NULL);
  AdwEntryRow *entry = ADW_ENTRY_ROW (self);
  const char *value = rapport_json_get_string (record, field->name);

  self->field = field;
  self->original = rapport_when_format_value (value);
  if (self->original == NULL)
    self->original = g_strdup ("");
  rapport_field_row_setup (GTK_WIDGET (self), entity, field);
  gtk_editable_set_text (GTK_EDITABLE (self), self->original);
  /* Not the original: a new record is saved with the time offered. */
  if (record == NULL && (field->flags & RAPPORT_FIELD_STARTS_NOW))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *now_text = rapport_when_format_local (now);

      gtk_editable_set_text (GTK_EDITABLE (self), now_text);
    }
  adw_entry_row_add_suffix (entry, rapport_date_button_new_with_time (GTK_EDITABLE (self)));
  return GTK_WIDGET (self);
}
