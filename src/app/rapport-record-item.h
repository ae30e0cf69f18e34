/* rapport-record-item.h: one record in a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_ITEM (rapport_record_item_get_type ())
G_DECLARE_FINAL_TYPE (RapportRecordItem, rapport_record_item, RAPPORT, RECORD_ITEM, GObject)

RapportRecordItem   *rapport_record_item_new          (const RapportEntity *entity,
                                                       gint64               rowid);
const RapportEntity *rapport_record_item_get_entity   (RapportRecordItem   *self);
gint64               rapport_record_item_get_rowid    (RapportRecordItem   *self);
JsonObject          *rapport_record_item_get_record   (RapportRecordItem   *self);
const char          *rapport_record_item_get_id       (RapportRecordItem   *self);
const char          *rapport_record_item_get_title    (RapportRecordItem   *self);
const char          *rapport_record_item_get_subtitle (RapportRecordItem   *self);
void                 rapport_record_item_set_record   (RapportRecordItem   *self,
                                                       JsonObject          *record,
                                                       const char          *subtitle);
void                 rapport_record_item_set_flags    (RapportRecordItem   *self,
                                                       const char          *flags,
                                                       const char          *style);

G_END_DECLS
