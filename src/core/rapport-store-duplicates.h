/* rapport-store-duplicates.h: duplicates among the stored records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rapport-duplicates.h"
#include "rapport-store.h"

G_BEGIN_DECLS

/* A stored record that looks like another one. */
typedef struct
{
  char                  *id;     /* (owned) */
  JsonObject            *record; /* (owned) */
  RapportDuplicateMatch *match;  /* (owned): how it matches */
} RapportDuplicate;

/* Two members of a group, by their index in records, and why. */
typedef struct
{
  guint                  a;
  guint                  b;
  RapportDuplicateMatch *match; /* (owned) */
} RapportDuplicatePair;

/* Records linked by matches, directly or through one another. */
typedef struct
{
  RapportDuplicateLevel level;   /* the strongest pair's */
  GPtrArray            *records; /* (owned) (element-type JsonObject): oldest first */
  GPtrArray            *pairs;   /* (owned) (element-type RapportDuplicatePair) */
} RapportDuplicateGroup;

void       rapport_duplicate_free        (RapportDuplicate      *duplicate);
void       rapport_duplicate_group_free  (RapportDuplicateGroup *group);

gboolean   rapport_store_build_match_keys (RapportStore *self,
                                           GError      **error);
gboolean   rapport_store_match_keys_owed  (RapportStore *self);
GPtrArray *rapport_store_find_duplicates  (RapportStore          *self,
                                           const char            *entity,
                                           JsonObject            *draft,
                                           RapportDuplicateLevel  min_level,
                                           GError               **error);
GPtrArray *rapport_store_scan_duplicates  (RapportStore          *self,
                                           const char            *entity,
                                           RapportDuplicateLevel  min_level,
                                           guint                 *n_skipped,
                                           GError               **error);
GPtrArray *rapport_store_not_duplicates_of (RapportStore         *self,
                                            const char           *entity,
                                            const char           *id,
                                            GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDuplicate, rapport_duplicate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDuplicateGroup, rapport_duplicate_group_free)

G_END_DECLS
