/* rapport-numbering.c: the numbers the server gives records (C-2026-00042)
 *
 * A support agent reads a case's number to a caller: it has to be short,
 * in order, and the same on every device. Only the server can promise
 * that, so it gives the number in the transaction that creates the record
 * (rapport-server-numbers.c), and the record brings it to every client in
 * the push answer and the changes feed. Until then a record made offline
 * shows a draft number made from its id, which no server number can look
 * like. The field is never typed, pushed or merged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-numbering"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-json.h"
#include "rapport-numbering.h"

/**
 * rapport_field_is_server_set:
 *
 * Returns: whether only the server sets @field (a derived value or a
 *   number): an edit never carries it, a push that does has it dropped
 */
gboolean
rapport_field_is_server_set (const RapportField *field)
{
  return (field->flags & (RAPPORT_FIELD_DERIVED | RAPPORT_FIELD_NUMBER)) != 0;
}

/**
 * rapport_numbering_format:
 * @counter: from 1; past 99999 it simply has more digits
 *
 * Returns: (transfer full): "C-2026-00042"
 */
char *
rapport_numbering_format (const RapportNumbering *numbering,
                          int                     year,
                          gint64                  counter)
{
  return g_strdup_printf ("%s-%04d-%05" G_GINT64_FORMAT, numbering->prefix, year, counter);
}

/**
 * rapport_numbering_year:
 * @created_at: (nullable): an RFC 3339 time in UTC, as the server writes it
 *
 * Returns: its year, or 0 if it is none
 */
int
rapport_numbering_year (const char *created_at)
{
  g_autoptr(GDateTime) time = NULL;

  if (created_at == NULL || (time = g_date_time_new_from_iso8601 (created_at, NULL)) == NULL)
    return 0;
  return g_date_time_get_year (time);
}

/**
 * rapport_numbering_draft:
 *
 * Returns: (transfer full): the number a record shows until the server
 *   gives it one, "C-draft-3f9a2c71": the last eight hex digits of its id,
 *   so it is the same on every device that has the record. Not the first
 *   eight: those of a UUIDv7 are its time, the same for every record made
 *   in the same minute.
 */
char *
rapport_numbering_draft (const RapportEntity *entity,
                         const char          *id)
{
  gsize length = id != NULL ? strlen (id) : 0;

  g_return_val_if_fail (entity->numbering != NULL, NULL);

  /* Translators: the word in a record's temporary number, "C-draft-3f9a2c71",
   * shown until the server gives it a real one at the next sync; one short
   * word without spaces */
  return g_strdup_printf ("%s-%s-%s", entity->numbering->prefix, C_("record number", "draft"),
                          length >= 8 ? id + length - 8 : "");
}

/**
 * rapport_numbering_is_draft:
 *
 * Returns: whether @record is of a numbered type and has no number yet
 */
gboolean
rapport_numbering_is_draft (const RapportEntity *entity,
                            JsonObject          *record)
{
  return entity->numbering != NULL &&
         rapport_json_get_string (record, entity->numbering->field) == NULL;
}

/**
 * rapport_record_number:
 *
 * Returns: (transfer full) (nullable): @record's number (an amended
 *   order's with its revision, "SO-2026-00042/2"), its draft number if it
 *   has none yet, or %NULL for a type without numbers
 */
char *
rapport_record_number (const RapportEntity *entity,
                       JsonObject          *record)
{
  const char *number;
  gint64 revision;

  if (entity->numbering == NULL)
    return NULL;
  number = rapport_json_get_string (record, entity->numbering->field);
  revision = json_object_get_int_member_with_default (record, "revision", 1);
  /* An amended order keeps its number with its revision: SO-2026-00042/2
   * (SPEC.md §1.3); a quote's revision is said in words where it is shown. */
  if (number != NULL && revision > 1 && g_str_equal (entity->name, "sales_order"))
    return g_strdup_printf ("%s/%" G_GINT64_FORMAT, number, revision);
  if (number != NULL)
    return g_strdup (number);
  return rapport_numbering_draft (entity, rapport_json_get_string (record, "id"));
}

/**
 * rapport_numbering_counter_text:
 *
 * Returns: (transfer full) (nullable): the counter of "C-2026-00042"
 *   without its leading zeros, "42", which is what a caller says; %NULL
 *   if @number does not end in digits
 */
char *
rapport_numbering_counter_text (const char *number)
{
  const char *digits = strrchr (number, '-');

  if (digits == NULL || digits[1] == '\0')
    return NULL;
  digits++;
  for (const char *p = digits; *p; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  while (digits[0] == '0' && digits[1] != '\0')
    digits++;
  return g_strdup (digits);
}
