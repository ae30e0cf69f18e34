/* rapport-json.h: parsing JSON that came from the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RAPPORT_JSON_ERROR (rapport_json_error_quark ())

/**
 * RapportJsonError:
 * @RAPPORT_JSON_ERROR_TOO_LARGE: the text is longer than the caller allows
 * @RAPPORT_JSON_ERROR_TOO_DEEP: arrays and objects nest deeper than allowed
 * @RAPPORT_JSON_ERROR_INVALID_UTF8: the text is not UTF-8
 * @RAPPORT_JSON_ERROR_INVALID: the text is not JSON
 */
typedef enum
{
  RAPPORT_JSON_ERROR_TOO_LARGE,
  RAPPORT_JSON_ERROR_TOO_DEEP,
  RAPPORT_JSON_ERROR_INVALID_UTF8,
  RAPPORT_JSON_ERROR_INVALID,
} RapportJsonError;

/* Deep enough for any record we exchange, far from what overflows json-glib. */
#define RAPPORT_JSON_DEFAULT_MAX_DEPTH 64

GQuark    rapport_json_error_quark (void);
gboolean  rapport_json_validate    (const char *data,
                                    gsize       length,
                                    guint       max_depth,
                                    GError    **error);
JsonNode *rapport_json_parse       (const char *data,
                                    gsize       length,
                                    gsize       max_length,
                                    guint       max_depth,
                                    GError    **error);
char     *rapport_json_make_safe   (const char *text,
                                    gsize       length);
char     *rapport_json_to_string   (JsonNode   *node);
void      rapport_json_write       (GString    *out,
                                    JsonNode   *node);

/* Member accessors: a missing member, null and a wrong type all read as
 * absent, and so does a %NULL @object. */
const char *rapport_json_get_string (JsonObject *object,
                                     const char *member);
gboolean    rapport_json_lookup_int (JsonObject *object,
                                     const char *member,
                                     gint64     *value);
gint64      rapport_json_get_int    (JsonObject *object,
                                     const char *member,
                                     gint64      default_value);
JsonObject *rapport_json_get_object (JsonObject *object,
                                     const char *member);
JsonArray  *rapport_json_get_array  (JsonObject *object,
                                     const char *member);
void        rapport_json_set_nullable_string (JsonObject *object,
                                              const char *member,
                                              const char *value);
JsonNode   *rapport_json_dup_member (JsonObject *object,
                                     const char *member);
gboolean    rapport_json_node_equal (JsonNode   *a,
                                     JsonNode   *b);
JsonObject *rapport_json_object_copy (JsonObject *object);
JsonObject *rapport_json_parse_object (const char *text);
char       *rapport_json_object_to_string (JsonObject *object);
JsonObject *rapport_json_array_get_object (JsonArray *array,
                                           guint      index);

G_END_DECLS
