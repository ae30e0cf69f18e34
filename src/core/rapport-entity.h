/* rapport-entity.h: the record types of Rapport and their fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_FIELD_TEXT,
  RAPPORT_FIELD_ENUM,
  RAPPORT_FIELD_INT,
  RAPPORT_FIELD_BOOL,
  RAPPORT_FIELD_EMAIL,
  RAPPORT_FIELD_PHONE,
  RAPPORT_FIELD_URL,
  RAPPORT_FIELD_DATE,          /* YYYY-MM-DD */
  RAPPORT_FIELD_DATETIME,      /* RFC 3339, stored in UTC */
  RAPPORT_FIELD_CURRENCY,      /* ISO 4217 code */
  RAPPORT_FIELD_REF,           /* the id of another record */
  RAPPORT_FIELD_EMAIL_LIST,    /* [{label, value}] with email values */
  RAPPORT_FIELD_PHONE_LIST,    /* [{label, value}] with phone values */
  RAPPORT_FIELD_TAGS,          /* [string] */
} RapportFieldKind;

typedef enum
{
  RAPPORT_FIELD_REQUIRED   = 1 << 0,
  RAPPORT_FIELD_SEARCHABLE = 1 << 1, /* part of the full-text index */
  RAPPORT_FIELD_FILTER     = 1 << 2, /* indexed for list filters */
} RapportFieldFlags;

typedef struct
{
  const char         *name;
  RapportFieldKind    kind;
  RapportFieldFlags   flags;
  const char * const *choices;     /* RAPPORT_FIELD_ENUM: NULL-terminated */
  const char         *default_value; /* RAPPORT_FIELD_ENUM: filled in on create */
  gint64              min;         /* RAPPORT_FIELD_INT: bounds; TEXT: max is the length */
  gint64              max;
  const char         *ref_entity;  /* RAPPORT_FIELD_REF: what the id points at */
} RapportField;

typedef struct
{
  const char         *name;        /* "contact": used in the API and the outbox */
  const char         *table;       /* "contacts": the SQL table and REST path */
  const RapportField *fields;
  guint               n_fields;
  gboolean            searchable;  /* has a full-text index */
} RapportEntity;

/* Fields every record carries, set by the store and the server, never by an edit. */
extern const char * const rapport_meta_fields[];

const RapportEntity  *rapport_entity_lookup        (const char          *name);
const RapportEntity  *rapport_entity_lookup_table  (const char          *table);
const RapportEntity * const *rapport_entity_all    (guint               *n_entities);
const RapportField   *rapport_entity_get_field     (const RapportEntity *entity,
                                                    const char          *name);
gboolean              rapport_entity_is_meta_field (const char          *name);
gboolean              rapport_field_is_list        (const RapportField  *field);

G_END_DECLS
