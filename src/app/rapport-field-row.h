/* rapport-field-row.h: a row of the record editor that edits one field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rapport-entity.h"
#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FIELD_ROW (rapport_field_row_get_type ())
G_DECLARE_INTERFACE (RapportFieldRow, rapport_field_row, RAPPORT, FIELD_ROW, GtkWidget)

struct _RapportFieldRowInterface
{
  GTypeInterface parent_iface;

  /* Adds what the user changed to @changes (everything they filled in when
   * @creating); FALSE with @error when the text is no value of the field's
   * kind at all. */
  gboolean (*collect) (RapportFieldRow *self,
                       JsonObject      *changes,
                       gboolean         creating,
                       GError         **error);
};

GtkWidget          *rapport_field_row_new        (RapportStore        *store,
                                                  const RapportEntity *entity,
                                                  const RapportField  *field,
                                                  JsonObject          *record);
gboolean            rapport_field_row_collect    (RapportFieldRow     *self,
                                                  JsonObject          *changes,
                                                  gboolean             creating,
                                                  GError             **error);
const RapportField *rapport_field_row_get_field  (RapportFieldRow     *self);
gboolean            rapport_field_row_edits      (RapportFieldRow     *self,
                                                  const char          *name);
gboolean            rapport_field_row_has_row    (const RapportEntity *entity,
                                                  const RapportField  *field);

/* For the row widgets. */
void                rapport_field_row_edited     (RapportFieldRow     *self);
void                rapport_field_row_setup      (GtkWidget           *row,
                                                  const RapportEntity *entity,
                                                  const RapportField  *field);
char               *rapport_field_row_text       (JsonObject          *record,
                                                  const RapportField  *field);
gboolean            rapport_field_row_unchanged  (const RapportField  *field,
                                                  const char          *text,
                                                  const char          *original,
                                                  gboolean             creating);
void                rapport_field_row_put        (JsonObject          *changes,
                                                  const RapportField  *field,
                                                  gboolean             creating,
                                                  JsonNode            *value);
void                rapport_field_row_put_text   (JsonObject          *changes,
                                                  const RapportField  *field,
                                                  gboolean             creating,
                                                  const char          *text,
                                                  const char          *original);

G_END_DECLS
