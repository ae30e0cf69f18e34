/* rapport-filter-private.h: the tree a filter is, shared by its reader,
 * its writers and its SQL compiler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-filter.h"

G_BEGIN_DECLS

typedef enum {
  RAPPORT_FILTER_ALL,        /* every child holds */
  RAPPORT_FILTER_ANY,        /* at least one child holds */
  RAPPORT_FILTER_CONDITION,  /* a field compared with values */
  RAPPORT_FILTER_HAS,        /* a related record exists (where the child holds) */
  RAPPORT_FILTER_HAS_NO,     /* no such related record exists */
} RapportFilterKind;

/* The operators, in the order of the names their JSON and text forms use. */
typedef enum {
  RAPPORT_FILTER_EQ,
  RAPPORT_FILTER_NE,
  RAPPORT_FILTER_LT,
  RAPPORT_FILTER_LE,
  RAPPORT_FILTER_GT,
  RAPPORT_FILTER_GE,
  RAPPORT_FILTER_IN,
  RAPPORT_FILTER_NOT_IN,
  RAPPORT_FILTER_CONTAINS,
  RAPPORT_FILTER_NOT_CONTAINS,
  RAPPORT_FILTER_STARTS_WITH,
  RAPPORT_FILTER_IS_EMPTY,
  RAPPORT_FILTER_IS_NOT_EMPTY,
  RAPPORT_FILTER_BETWEEN,
  RAPPORT_FILTER_IN_LAST,
  RAPPORT_FILTER_IN_NEXT,
  RAPPORT_FILTER_BEFORE_TODAY,
  RAPPORT_FILTER_AFTER_TODAY,
  RAPPORT_FILTER_N_OPS,
} RapportFilterOp;

typedef enum {
  RAPPORT_FILTER_DAYS,
  RAPPORT_FILTER_WEEKS,
  RAPPORT_FILTER_MONTHS,
} RapportFilterUnit;

struct _RapportFilter
{
  RapportFilterKind    kind;
  const RapportEntity *entity;    /* the records it is evaluated on */

  /* ALL, ANY: the conditions; HAS, HAS_NO: at most one, on @related */
  GPtrArray           *children;  /* (element-type RapportFilter) */

  /* CONDITION: "company.industry" is @via company_id, then @field industry */
  const RapportField  *via;       /* (nullable) a REF field of @entity */
  const RapportField  *field;     /* of @entity, or of what @via points at */
  const char          *meta;      /* (nullable) created_at or updated_at instead of @field */
  RapportFilterOp      op;
  GStrv                values;    /* as the user wrote them; two for BETWEEN */
  int                  count;     /* IN_LAST, IN_NEXT: how many @unit */
  RapportFilterUnit    unit;

  /* HAS, HAS_NO: the related records, and their field that points here */
  const RapportEntity *related;
  const RapportField  *related_field;
};

extern const char * const rapport_filter_op_names[RAPPORT_FILTER_N_OPS];
extern const char * const rapport_filter_unit_names[3];

RapportFilter *rapport_filter_new       (RapportFilterKind    kind,
                                         const RapportEntity *entity);
gboolean       rapport_filter_set_path  (RapportFilter       *filter,
                                         const char          *path,
                                         GError             **error);
gboolean       rapport_filter_set_related (RapportFilter     *filter,
                                           const char        *name,
                                           GError           **error);
gboolean       rapport_filter_check_values (RapportFilter    *filter,
                                            GError          **error);
char          *rapport_filter_path      (const RapportFilter *filter);
RapportFieldKind rapport_filter_value_kind (const RapportFilter *filter);

G_END_DECLS
