/* rapport-record-list-model.h: a store query as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rapport-change-monitor.h"
#include "rapport-query.h"
#include "rapport-record-item.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_LIST_MODEL (rapport_record_list_model_get_type ())
G_DECLARE_FINAL_TYPE (RapportRecordListModel, rapport_record_list_model,
                      RAPPORT, RECORD_LIST_MODEL, GObject)

RapportRecordListModel *rapport_record_list_model_new         (RapportChangeMonitor   *changes,
                                                               const char             *entity);
const RapportEntity    *rapport_record_list_model_get_entity  (RapportRecordListModel *self);
gboolean                rapport_record_list_model_get_loading (RapportRecordListModel *self);
void                    rapport_record_list_model_set_sort    (RapportRecordListModel *self,
                                                               RapportSort             sort);
void                    rapport_record_list_model_set_filter  (RapportRecordListModel *self,
                                                               const char             *field,
                                                               const char             *value);
void                    rapport_record_list_model_set_filter_any (RapportRecordListModel *self,
                                                               const char             *field,
                                                               const char * const     *values);
void                    rapport_record_list_model_set_search  (RapportRecordListModel *self,
                                                               const char             *text);
gboolean                rapport_record_list_model_set_filter_json (RapportRecordListModel *self,
                                                                   const char             *json,
                                                                   GError                **error);
const char             *rapport_record_list_model_get_filter_json (RapportRecordListModel *self);
gboolean                rapport_record_list_model_is_filtered (RapportRecordListModel *self);
RapportQuery           *rapport_record_list_model_dup_query   (RapportRecordListModel *self);
guint                   rapport_record_list_model_find        (RapportRecordListModel *self,
                                                               const char             *id);
char                   *rapport_record_list_model_lookup_title (RapportRecordListModel *self,
                                                                const char             *entity,
                                                                const char             *id);

G_END_DECLS
