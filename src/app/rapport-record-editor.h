/* rapport-record-editor.h: the form that edits one record, built from its layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-store.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_EDITOR (rapport_record_editor_get_type ())
G_DECLARE_FINAL_TYPE (RapportRecordEditor, rapport_record_editor, RAPPORT, RECORD_EDITOR, GtkBox)

GtkWidget  *rapport_record_editor_new   (RapportStore        *store,
                                         const RapportEntity *entity,
                                         JsonObject          *record);
GtkWidget  *rapport_record_editor_new_compact (RapportStore        *store,
                                               const RapportEntity *entity,
                                               JsonObject          *record,
                                               JsonObject          *preset);
void        rapport_record_editor_focus (RapportRecordEditor *self);
void        rapport_record_editor_save_async  (RapportRecordEditor  *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
JsonObject *rapport_record_editor_save_finish (RapportRecordEditor  *self,
                                               GAsyncResult         *result,
                                               GError              **error);
gboolean    rapport_record_editor_get_saving  (RapportRecordEditor  *self);
void        rapport_record_editor_set_stamped (RapportRecordEditor  *self,
                                               JsonObject           *values);
void        rapport_record_editor_set_note    (RapportRecordEditor  *self,
                                               const char           *field,
                                               const char           *note);
GtkWidget  *rapport_record_editor_get_row     (RapportRecordEditor  *self,
                                               const char           *field);

G_END_DECLS
