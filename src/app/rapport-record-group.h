/* rapport-record-group.h: rows linked to the record in a detail view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rapport-snapshot-model.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_RECORD_GROUP (rapport_record_group_get_type ())
G_DECLARE_DERIVABLE_TYPE (RapportRecordGroup, rapport_record_group,
                          RAPPORT, RECORD_GROUP, GtkWidget)

/**
 * RapportRecordGroupClass:
 * @row_entity: the record type listed, whose changes reload the group
 * @max_shown: how many rows are shown at the most
 * @empty: what the group says when it lists nothing; marked with N_()
 * @query: the rows linked to the record @entity @id
 * @create_row: the row that shows @row
 * @describe_more: what the note under the rows says about @n_more more
 *
 * A subclass's template has the #GtkListBox the rows go in; the subclass
 * hands it over with rapport_record_group_set_list() once built.
 */
struct _RapportRecordGroupClass
{
  GtkWidgetClass parent_class;

  const char *row_entity;
  guint       max_shown;
  const char *empty;

  RapportSnapshot *(*query)         (RapportStore       *store,
                                     const char         *entity,
                                     const char         *id,
                                     GError            **error);
  GtkWidget       *(*create_row)    (RapportRecordGroup *self,
                                     JsonObject         *row,
                                     GDateTime          *now);
  char            *(*describe_more) (guint               n_more);
};

GtkWidget    *rapport_record_group_new        (GType               type,
                                               RapportStore       *store,
                                               const char         *entity,
                                               const char         *id);
RapportStore *rapport_record_group_get_store  (RapportRecordGroup *self);
const char   *rapport_record_group_get_entity (RapportRecordGroup *self);
const char   *rapport_record_group_get_id     (RapportRecordGroup *self);
RapportSnapshotModel *rapport_record_group_get_model (RapportRecordGroup *self);
void          rapport_record_group_set_list   (RapportRecordGroup *self,
                                               GtkListBox         *list);

G_END_DECLS
