/* rapport-entity.h: the record types of Rapport, described once
 *
 * A RapportEntity says everything the store, the server, the CLI and the app
 * need to know about a record type: its fields, what the user calls it and
 * its fields and choices, how a record is titled, whose it is, who may write
 * it, and how the app lists and shows it. Code outside the descriptor reads
 * it instead of naming types and fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
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
  RAPPORT_FIELD_MONEY,         /* minor units; its currency is another field */
} RapportFieldKind;

typedef enum {
  RAPPORT_FIELD_REQUIRED   = 1 << 0,
  RAPPORT_FIELD_SEARCHABLE = 1 << 1, /* part of the full-text index */
  RAPPORT_FIELD_FILTER     = 1 << 2, /* indexed for list filters */
  RAPPORT_FIELD_RELATED    = 1 << 3, /* REF: the record pointed at lists these records */
  RAPPORT_FIELD_LINK       = 1 << 4, /* REF: the record an activity or task is about */
  RAPPORT_FIELD_ROLL_UP    = 1 << 5, /* REF: what is linked to a record is linked to this one too */
  RAPPORT_FIELD_PERCENT    = 1 << 6, /* INT: shown as "60 %" */
  RAPPORT_FIELD_MULTILINE  = 1 << 7, /* TEXT: paragraphs, edited in a multi-line box */
  RAPPORT_FIELD_UNIQUE     = 1 << 8, /* TEXT: no two live records share it, case aside */
  RAPPORT_FIELD_DERIVED    = 1 << 9, /* computed by the type's compute(), never edited or merged */
  RAPPORT_FIELD_STAMPED    = 1 << 10, /* set by a rule (RapportQueue stamps): shown, never typed, synced */
  RAPPORT_FIELD_PLAUSIBLE  = 1 << 11, /* DATE: min is the earliest plausible year, max how many
                                      * years ahead (0: not after today); others are questioned */
  RAPPORT_FIELD_WHILE_OPEN = 1 << 12, /* PLAUSIBLE: only while the record's status is "open" */
  RAPPORT_FIELD_NUMBER     = 1 << 13, /* TEXT: RapportEntity.numbering's field, given by the server
                                      * on create: shown and searched, never typed, pushed or merged */
  RAPPORT_FIELD_STARTS_NOW = 1 << 14, /* DATETIME: a new record's editor offers the current time */
  RAPPORT_FIELD_KEEPS      = 1 << 15, /* REF: the record pointed at cannot be deleted while this
                                      * points at it, only archived (rapport-in-use.c) */
  RAPPORT_FIELD_MILLI      = 1 << 16, /* INT: thousandths, shown and typed as "1.5" */
  RAPPORT_FIELD_PPM        = 1 << 17, /* INT: parts per million, shown and typed as "12.5 %" */
  RAPPORT_FIELD_PRICE      = 1 << 18, /* INT: hundredths of a minor unit of currency_field's
                                      * currency, shown and typed as "¥12.3456" */
  RAPPORT_FIELD_MINOR      = 1 << 19, /* INT: minor units of currency_field's currency, shown and
                                      * typed as money, "¥12.50" */
  RAPPORT_FIELD_APPROVERS  = 1 << 20, /* TEXT: approval steps, one a line (rapport-approval-steps.c):
                                      * picked, never typed */
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
  const char         *currency_field; /* RAPPORT_FIELD_MONEY, RAPPORT_FIELD_PRICE: the CURRENCY field beside it */
  const char         *label;       /* N_(): what the user reads, "Job Title" */
  const char * const *choice_labels;  /* RAPPORT_FIELD_ENUM: N_() labels, as choices */
  const char         *choice_context; /* (nullable): their msgctxt, "case status" */
  const char         *duplicate;   /* N_(): UNIQUE: "Another product already has this SKU" */
  const char         *not_after;   /* (nullable) DATETIME: a later value than this field's is questioned */
  const char         *not_after_doubt; /* N_(): what the user is asked then */
  const char         *missing;     /* (nullable) N_(): REQUIRED: said when it is left empty,
                                    * "A task needs a title." */
  const char * const *choice_icons; /* (nullable) ENUM: a symbolic icon per choice: the
                                     * choices are buttons side by side */
} RapportField;

/* How a record's title (list rows, search results, the detail header) is made. */
typedef enum {
  RAPPORT_TITLE_FIELD,         /* the value of title_field */
  RAPPORT_TITLE_PERSON,        /* first and last name as the name's script writes them, else the first email */
  RAPPORT_TITLE_DISPLAY_NAME,  /* the "display_name" field, else the value of title_field (a login) */
} RapportTitleRule;

/* Who may create, edit and delete records of a type. */
typedef enum {
  RAPPORT_WRITE_ANY,           /* everyone signed in */
  RAPPORT_WRITE_OWNER,         /* managers and admins; reps what they own or nobody owns */
  RAPPORT_WRITE_MANAGER,       /* managers and admins */
  RAPPORT_WRITE_ADMIN,         /* admins */
  RAPPORT_WRITE_SERVER,        /* nobody: the server writes them (a deal's history) */
} RapportWriteRole;

/* The orders a list of the type can be shown in. */
typedef enum {
  RAPPORT_LIST_SORT_NAME    = 1 << 0,
  RAPPORT_LIST_SORT_UPDATED = 1 << 1,
  RAPPORT_LIST_SORT_AMOUNT  = 1 << 2,  /* by the MONEY field */
  RAPPORT_LIST_SORT_DUE     = 1 << 3,  /* by RapportQueue.due_field, soonest first */
  RAPPORT_LIST_SORT_RANK    = 1 << 4,  /* by RapportQueue.rank_field, its last choice first */
  RAPPORT_LIST_SORT_SCORE   = 1 << 5,  /* by the local win chance (rapport-store-score.c) */
} RapportListSorts;

typedef enum {
  RAPPORT_GROUP_FIELDS,        /* values, edited in place */
  RAPPORT_GROUP_REFERENCES,    /* REF fields, shown as the records they point at */
  RAPPORT_GROUP_LINKS,         /* LINK fields: one row naming the record an item is about */
} RapportGroupKind;

/* A named group of the detail page, or of a compact editor. */
typedef struct
{
  const char         *name;        /* "details" */
  const char         *label;       /* N_(): its title */
  RapportGroupKind    kind;
  const char * const *fields;      /* in order, NULL-terminated */
} RapportLayoutGroup;

/* Whole sentences, so that each language can build them its own way. */
typedef struct
{
  const char *singular;            /* N_("Contact") */
  const char *plural;              /* N_("Contacts"): the sidebar section */
  const char *new_record;          /* N_("New Contact") */
  const char *none;                /* N_("No Contacts"): an empty list */
  const char *related;             /* N_("People"): a group of them on another record */
  const char *write_denied;        /* N_(): why a role below write_role may not write */
} RapportEntityLabels;

/* A status that a field's value reaches records when: "resolved" in
 * resolved_at. Later choices of the status field reach it too. */
typedef struct
{
  const char         *value;       /* "resolved" */
  const char         *stamp_field; /* "resolved_at": a DATETIME field marked STAMPED */
} RapportStamp;

/* Records worked as a queue (cases): due, ranked, open until resolved. */
typedef struct
{
  const char         *status_field; /* "status": an ENUM whose choices run from new to done */
  const char * const *unresolved;  /* its choices still to work on: the list's default filter */
  const char         *unresolved_label; /* N_(): that filter's name, "Unresolved" */
  const RapportStamp *stamps;      /* terminated by { NULL } */
  const char         *due_field;   /* a DATETIME: overdue once past while unresolved */
  const char         *rank_field;  /* an ENUM from least to most pressing; its last is urgent */
  const char         *clock_field; /* (nullable): a derived DATETIME, the SLA's next target,
                                    * that the due order puts before due_field */
} RapportQueue;

/* Records a person reads out (a case on the phone) get a number from the
 * server in the transaction that creates them: "C-2026-00042", from a
 * counter per type and year that is never reused (rapport-numbering.c). */
typedef struct
{
  const char         *field;       /* "number": a TEXT field marked RAPPORT_FIELD_NUMBER */
  const char         *prefix;      /* "C" */
} RapportNumbering;

typedef struct
{
  const char         *name;        /* "contact": used in the API and the outbox */
  const char         *table;       /* "contacts": the SQL table and REST path */
  const RapportField *fields;
  guint               n_fields;
  gboolean            searchable;  /* has a full-text index */

  RapportEntityLabels labels;
  const char         *icon_name;   /* symbolic */
  RapportTitleRule    title_rule;
  const char         *title_field; /* RAPPORT_TITLE_FIELD */
  const char * const *subtitle_fields; /* what tells two list rows apart */
  const char         *owner_field; /* (nullable): "owner_id" or "assignee_id" */
  RapportWriteRole    write_role;

  guint               section;     /* place in the app's sidebar from 1; 0: none */
  const char * const *filters;     /* ENUM fields a list is filtered by */
  RapportListSorts    sorts;
  const RapportLayoutGroup *layout;
  guint               n_groups;
  const char * const *hidden;      /* fields deliberately on no page */
  const char         *api_note;    /* (nullable): what docs/openapi.yaml says of its fields besides */

  /* Child records (an order's lines): the REF field to the parent, whose
   * records they live and die with. Ordered children keep their order in
   * position_field, a key that sorts as text (rapport-position.c), ties
   * broken by id. */
  const char         *parent_field;  /* (nullable) */
  const char         *position_field; /* (nullable): only for ordered children */

  /* (nullable): sets the RAPPORT_FIELD_DERIVED fields from the others, the
   * same on client and server (rapport-derived.c) */
  void              (*compute) (JsonObject *record);

  /* (nullable): a link type (a deal's contacts) joins two records through
   * these two REF fields, one link per pair: its id follows from the pair
   * (rapport_entity_link_id()), and it is deleted with either record. */
  const char * const *link_pair;

  const RapportQueue *queue;       /* (nullable): how its records are worked as a queue */
  const RapportNumbering *numbering; /* (nullable): how the server numbers its records */

  /* (nullable): the compact editor of a dialog (a task, an activity):
   * fewer groups, untitled; the owner has a row only where it is listed. */
  const RapportLayoutGroup *compact;
  guint               n_compact;

  /* (nullable): sets the RAPPORT_FIELD_DERIVED fields of a record and of
   * its child records (its lines, in order) from all of them at once, the
   * same on client and server: called whenever the record or one of its
   * children is written (rapport-derived.c); FALSE when they cannot be
   * computed, with a %RAPPORT_VALIDATION_ERROR, the amounts then null */
  gboolean          (*compute_family) (JsonObject *record,
                                       JsonArray  *children,
                                       GError    **error);

  /* (nullable): the type's own rules that tie its fields together (a
   * price rule's pricing needs its price), checked by
   * rapport_validate_record() on client and server; FALSE with a
   * %RAPPORT_VALIDATION_ERROR naming the field */
  gboolean          (*check) (JsonObject *record,
                              GError    **error);

  /* Its records are a trail of decisions (approval requests): created and
   * decided under rules the server enforces, never deleted. */
  gboolean            decision_trail;

  /* (nullable): a type with no parent that is looked up by what it is
   * about (a document's approval requests): the first of these REF
   * fields that is set indexes it as a parent field does, on the server */
  const char * const *indexed_by;
} RapportEntity;

/* A type whose records point at another's through a REF field: a company
 * has many contacts through company_id. */
typedef struct
{
  const RapportEntity *entity;     /* the records that point: contact */
  const RapportField  *field;      /* how: company_id */
} RapportRelation;

/* Fields every record carries, set by the store and the server, never by an edit. */
extern const char * const rapport_meta_fields[];

const RapportEntity  *rapport_entity_lookup        (const char          *name);
const RapportEntity  *rapport_entity_lookup_table  (const char          *table);
const RapportEntity * const *rapport_entity_all    (guint               *n_entities);
const RapportField   *rapport_entity_get_field     (const RapportEntity *entity,
                                                    const char          *name);
gboolean              rapport_entity_is_meta_field (const char          *name);
gboolean              rapport_field_is_list        (const RapportField  *field);
const char           *rapport_field_missing        (const RapportField  *field);

const RapportField   *rapport_entity_get_money_field (const RapportEntity *entity);
gboolean              rapport_entity_has_derived   (const RapportEntity *entity);
const RapportField   *rapport_entity_find_ref      (const RapportEntity *entity,
                                                    const char          *ref_entity,
                                                    RapportFieldFlags    flags);
const RapportField   *rapport_entity_link_field    (const RapportEntity *entity,
                                                    const char          *target);
GPtrArray            *rapport_entity_relations     (const RapportEntity *entity,
                                                    RapportFieldFlags    flags);
const RapportEntity  *rapport_entity_lookup_section (guint               section);
const RapportEntity * const *rapport_entity_searched (guint               *n_entities);
const RapportEntity  *rapport_entity_parent        (const RapportEntity *entity);
GPtrArray            *rapport_entity_dependents    (const RapportEntity *entity);
char                 *rapport_entity_link_id       (const RapportEntity *entity,
                                                    JsonObject          *record);
const char           *rapport_entity_index_of      (const RapportEntity *entity,
                                                    JsonObject          *record);
gboolean              rapport_entity_is_indexed_by (const RapportEntity *entity,
                                                    const char          *field);

G_END_DECLS
