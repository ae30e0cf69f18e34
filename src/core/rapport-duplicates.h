/* rapport-duplicates.h: how alike two contacts or two companies are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

/**
 * RapportDuplicateLevel:
 * @RAPPORT_DUPLICATE_NONE: nothing to say
 * @RAPPORT_DUPLICATE_POSSIBLE: for a scan's queue only
 * @RAPPORT_DUPLICATE_LIKELY: worth a warning in the editor
 * @RAPPORT_DUPLICATE_CERTAIN: the same record (an import may link it)
 */
typedef enum {
  RAPPORT_DUPLICATE_NONE,
  RAPPORT_DUPLICATE_POSSIBLE,
  RAPPORT_DUPLICATE_LIKELY,
  RAPPORT_DUPLICATE_CERTAIN,
} RapportDuplicateLevel;

typedef struct
{
  RapportDuplicateLevel level;
  double                score;    /* 0 to 1, for ordering */
  GPtrArray            *evidence; /* (owned) (element-type utf8): translated, "same email" */
} RapportDuplicateMatch;

typedef struct _RapportDuplicateProfile RapportDuplicateProfile;

double                 rapport_jaro_winkler            (const char *a,
                                                        const char *b);
RapportDuplicateMatch *rapport_duplicates_compare      (const RapportEntity *entity,
                                                        JsonObject          *a,
                                                        JsonObject          *b);
RapportDuplicateProfile *rapport_duplicate_profile_new (const RapportEntity *entity,
                                                        JsonObject          *record);
void                   rapport_duplicate_profile_free  (RapportDuplicateProfile *profile);
RapportDuplicateMatch *rapport_duplicates_compare_profiles (const RapportDuplicateProfile *a,
                                                            const RapportDuplicateProfile *b);
void                   rapport_duplicate_match_free    (RapportDuplicateMatch *match);
char                  *rapport_duplicate_match_describe (const RapportDuplicateMatch *match);
const char            *rapport_duplicate_level_to_string (RapportDuplicateLevel level);
const char            *rapport_duplicate_level_label     (RapportDuplicateLevel level);
gboolean               rapport_duplicate_level_from_string (const char            *text,
                                                            RapportDuplicateLevel *level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDuplicateMatch, rapport_duplicate_match_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportDuplicateProfile, rapport_duplicate_profile_free)

G_END_DECLS
