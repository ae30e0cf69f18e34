/* rapport-import-layout.h: which column of a CSV file is which field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a column holds. Slots number the repeated groups of a layout
 * (Google's "E-mail 2 - Value", Outlook's home and business addresses). */
typedef enum {
  RAPPORT_IMPORT_IGNORE,
  RAPPORT_IMPORT_ID,             /* a Rapport id: Rapport's own export */
  RAPPORT_IMPORT_EXTERNAL_ID,    /* the source system's id */
  RAPPORT_IMPORT_FIRST_NAME,
  RAPPORT_IMPORT_MIDDLE_NAME,
  RAPPORT_IMPORT_LAST_NAME,
  RAPPORT_IMPORT_FULL_NAME,      /* split when there is no first and last name */
  RAPPORT_IMPORT_JOB_TITLE,
  RAPPORT_IMPORT_COMPANY,        /* a contact's or deal's company, by name */
  RAPPORT_IMPORT_COMPANY_ID,     /* ... by the source system's id */
  RAPPORT_IMPORT_EMAIL,
  RAPPORT_IMPORT_EMAIL_LABEL,
  RAPPORT_IMPORT_PHONE,
  RAPPORT_IMPORT_PHONE_LABEL,
  RAPPORT_IMPORT_ADDRESS,        /* formatted, several lines */
  RAPPORT_IMPORT_STREET,
  RAPPORT_IMPORT_STREET2,
  RAPPORT_IMPORT_CITY,
  RAPPORT_IMPORT_REGION,
  RAPPORT_IMPORT_POSTCODE,
  RAPPORT_IMPORT_COUNTRY,
  RAPPORT_IMPORT_BIRTHDAY,
  RAPPORT_IMPORT_NOTES,
  RAPPORT_IMPORT_TAGS,
  RAPPORT_IMPORT_SOURCE,
  RAPPORT_IMPORT_LIFECYCLE,
  RAPPORT_IMPORT_EMAIL_CONSENT,
  RAPPORT_IMPORT_EMAIL_OPT_OUT,  /* the opposite of consent (Salesforce) */
  RAPPORT_IMPORT_NAME,           /* a company's name, a deal's title */
  RAPPORT_IMPORT_DOMAIN,
  RAPPORT_IMPORT_INDUSTRY,
  RAPPORT_IMPORT_EMPLOYEES,
  RAPPORT_IMPORT_WEBSITE,
  RAPPORT_IMPORT_AMOUNT,
  RAPPORT_IMPORT_CURRENCY,
  RAPPORT_IMPORT_PROBABILITY,
  RAPPORT_IMPORT_CLOSE_DATE,
  RAPPORT_IMPORT_STAGE,
  RAPPORT_IMPORT_WON,
  RAPPORT_IMPORT_LOST_REASON,
  RAPPORT_IMPORT_N_KINDS
} RapportImportKind;

typedef struct
{
  RapportImportKind kind;
  guint             slot;
  const char       *label;   /* (nullable): an email's or phone's label the title implies */
  double            score;   /* 1 for a known layout; the similarity of a suggestion */
} RapportImportTarget;

typedef struct
{
  const char          *layout;  /* (nullable): "outlook-de"; %NULL: unknown */
  const char          *entity;  /* (nullable): what the layout holds */
  const char          *system;  /* (nullable): whose ids it has: "salesforce" */
  guint                n_columns;
  RapportImportTarget *targets; /* (owned) one per column */
} RapportImportMapping;

RapportImportMapping *rapport_import_mapping_detect (const char * const   *header,
                                                     const char           *entity);
void                  rapport_import_mapping_free   (RapportImportMapping *mapping);
RapportImportMapping *rapport_import_mapping_copy   (const RapportImportMapping *mapping);
const char           *rapport_import_kind_name      (RapportImportKind     kind);
const char           *rapport_import_layout_label   (const char           *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportImportMapping, rapport_import_mapping_free)

G_END_DECLS
