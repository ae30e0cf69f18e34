/* rapport-match-keys.h: the normalized keys that find duplicate records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rapport-entity.h"

G_BEGIN_DECLS

/* The kinds of key, as stored in match_keys.kind. */
#define RAPPORT_MATCH_EMAIL           "email"
#define RAPPORT_MATCH_EMAIL_CANONICAL "email_canonical"
#define RAPPORT_MATCH_PHONE           "phone"
#define RAPPORT_MATCH_DOMAIN          "domain"
#define RAPPORT_MATCH_NAME            "name"
#define RAPPORT_MATCH_PINYIN          "pinyin"
#define RAPPORT_MATCH_PHONETIC        "phonetic"

/* A block (records sharing one key) larger than this is not a lead:
 * "gmail.com" or a switchboard number would match everybody (Odoo's rule). */
#define RAPPORT_MATCH_MAX_BLOCK 20

typedef struct
{
  const char *kind; /* (unowned): one of RAPPORT_MATCH_* */
  char       *key;  /* (owned) */
} RapportMatchKey;

void      rapport_match_key_free          (RapportMatchKey *key);

char     *rapport_match_name              (const char *name);
char     *rapport_match_company_name      (const char *name);
gboolean  rapport_match_is_cjk            (const char *text);
char     *rapport_match_email             (const char *email);
char     *rapport_match_email_canonical   (const char *email);
gboolean  rapport_match_is_consumer_domain (const char *domain);
char     *rapport_match_domain            (const char *website_or_email);
char     *rapport_match_phone             (const char *phone,
                                           const char *region);
char     *rapport_match_person_name       (const char *first_name,
                                           const char *last_name);
GStrv     rapport_match_person_pinyin     (const char *first_name,
                                           const char *last_name);

gboolean  rapport_match_has_keys          (const RapportEntity *entity);
GPtrArray *rapport_match_keys_for_record  (const RapportEntity *entity,
                                           JsonObject          *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportMatchKey, rapport_match_key_free)

G_END_DECLS
