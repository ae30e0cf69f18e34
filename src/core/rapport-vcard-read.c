/* rapport-vcard-read.c: contacts from vCard 2.1, 3.0 and 4.0 files
 *
 * Cards are parsed by GNOME's own parser, EVCard (libebook-contacts), which
 * takes bare 2.1 types (TEL;HOME;VOICE, PHOTO;JPEG), TYPE lists, quoted
 * parameters, item1. groups and BASE64 photos. Before it sees a card, each
 * line goes through what EVCard 3.46 gets wrong, on the raw bytes:
 * - folds are undone before any decoding, because some writers fold inside
 *   a UTF-8 sequence (EVCard unfolds after decoding and breaks the character);
 * - QUOTED-PRINTABLE values are decoded here, soft line breaks ("=" at the
 *   end of a line, the next line not indented) included, which EVCard leaves
 *   in the text;
 * - a value in another CHARSET, or raw bytes that are not UTF-8 (Shift_JIS
 *   from Japanese phones), is converted to UTF-8: EVCard converts only
 *   QUOTED-PRINTABLE values.
 * Properties Rapport has no field for (X-*, SOUND;X-IRMC-N, AGENT, URL, GEO)
 * are kept verbatim, unfolded, in the contact's vcard_extra, so that an
 * export can write them again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libebook-contacts/libebook-contacts.h>

#include "rapport-import.h"
#include "rapport-import-decode.h"
#include "rapport-import-values.h"
#include "rapport-validate.h"

/* What becomes a field; everything else goes to vcard_extra. */
static const char * const mapped_properties[] = {
  "BEGIN", "END", "VERSION", "N", "FN", "EMAIL", "TEL", "ORG", "TITLE", "ADR", "BDAY", "NOTE",
  "CATEGORIES", "UID", "PHOTO", "PRODID", "REV", "X-ABLABEL", NULL
};

/* Photos larger than this are not kept (SPEC.md §6.3). */
#define MAX_PHOTO_SIZE (2 * 1024 * 1024)

typedef struct
{
  GString *text;      /* the logical line, unfolded */
  guint    line;      /* where it starts */
} Logical;

/* The property name of a line, without its group, upper case. */
static char *
property_name (const char *line)
{
  const char *end = line + strcspn (line, ";:");
  const char *dot = memchr (line, '.', end - line);
  const char *start = dot ? dot + 1 : line;

  return g_ascii_strup (start, end - start);
}

/* Where the value begins: the first ':' outside a quoted parameter. */
static const char *
value_start (const char *line)
{
  gboolean quoted = FALSE;

  for (const char *p = line; *p; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ':' && !quoted)
        return p;
    }
  return NULL;
}

static gboolean
is_quoted_printable (const char *params,
                     gsize       length)
{
  g_autofree char *upper = g_ascii_strup (params, length);

  return strstr (upper, "QUOTED-PRINTABLE") != NULL;
}

/* CHARSET=… of the parameters, or NULL. */
static char *
charset_of (const char *params,
            gsize       length)
{
  g_autofree char *copy = g_strndup (params, length);
  g_auto(GStrv) parts = g_strsplit (copy, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (g_ascii_strncasecmp (parts[i], "CHARSET=", 8) == 0)
      return g_strdup (parts[i] + 8);
  return NULL;
}

/* The parameters without ENCODING=QUOTED-PRINTABLE and CHARSET, which
 * no longer apply to the decoded value. */
static char *
strip_params (const char *params,
              gsize       length)
{
  g_autofree char *copy = g_strndup (params, length);
  g_auto(GStrv) parts = g_strsplit (copy, ";", -1);
  GString *out = g_string_new (parts[0]);

  for (guint i = 1; parts[i] != NULL; i++)
    {
      if (g_ascii_strncasecmp (parts[i], "CHARSET=", 8) == 0 ||
          g_ascii_strcasecmp (parts[i], "ENCODING=QUOTED-PRINTABLE") == 0 ||
          g_ascii_strcasecmp (parts[i], "QUOTED-PRINTABLE") == 0)
        continue;
      g_string_append_printf (out, ";%s", parts[i]);
    }
  return g_string_free (out, FALSE);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static GString *
decode_quoted_printable (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *p = value; *p; p++)
    {
      if (*p == '=' && hex_value (p[1]) >= 0 && hex_value (p[2]) >= 0)
        {
          g_string_append_c (out, (char) (hex_value (p[1]) * 16 + hex_value (p[2])));
          p += 2;
        }
      /* A stray '=' (the last soft break) is dropped. */
      else if (*p == '=' && p[1] == '\0')
        break;
      else
        g_string_append_c (out, *p);
    }
  return out;
}

/* A decoded value as one vCard line: its line breaks escaped. */
static void
append_escaped_breaks (GString    *out,
                       const char *value)
{
  for (const char *p = value; *p; p++)
    {
      if (*p == '\r' && p[1] == '\n')
        continue;
      if (*p == '\n' || *p == '\r')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
}

/* One logical line in UTF-8 with a plain value, as EVCard reads it best. */
static char *
clean_line (const char *line,
            const char *fallback)
{
  const char *colon = value_start (line);
  g_autofree char *charset = NULL;
  g_autofree char *params = NULL;
  g_autofree char *value = NULL;
  GString *out;

  if (colon == NULL)
    return rapport_import_convert_value (line, -1, NULL, fallback);
  charset = charset_of (line, colon - line);

  if (is_quoted_printable (line, colon - line))
    {
      g_autoptr(GString) bytes = decode_quoted_printable (colon + 1);

      value = rapport_import_convert_value (bytes->str, bytes->len, charset, fallback);
    }
  else if (charset != NULL || !g_utf8_validate (colon + 1, -1, NULL))
    value = rapport_import_convert_value (colon + 1, -1, charset, fallback);
  else
    return g_strdup (line);

  params = strip_params (line, colon - line);
  out = g_string_new (NULL);
  g_string_append (out, params);
  g_string_append_c (out, ':');
  append_escaped_breaks (out, value);
  /* The parameters themselves may hold bytes in no encoding. */
  if (!g_utf8_validate (out->str, out->len, NULL))
    {
      char *valid = g_utf8_make_valid (out->str, out->len);

      g_string_free (out, TRUE);
      return valid;
    }
  return g_string_free (out, FALSE);
}

/* The file's physical lines joined into logical ones: folds (a line that
 * begins with a space or a tab) and QUOTED-PRINTABLE soft breaks. */
static void logical_free (Logical *logical);

static GPtrArray *
unfold (const char *data,
        gsize       length)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) logical_free);
  Logical *current = NULL;
  const char *p = data, *end = data + length;
  guint number = 0;

  while (p < end)
    {
      const char *eol = p;
      gsize n;

      while (eol < end && *eol != '\r' && *eol != '\n')
        eol++;
      n = eol - p;
      number++;

      if (current != NULL && current->text->len > 0 &&
          current->text->str[current->text->len - 1] == '=' &&
          value_start (current->text->str) != NULL &&
          is_quoted_printable (current->text->str,
                               value_start (current->text->str) - current->text->str))
        {
          /* A soft break: the '=' goes, the next line is the value's. */
          g_string_truncate (current->text, current->text->len - 1);
          g_string_append_len (current->text, p, n);
        }
      else if (current != NULL && n > 0 && (*p == ' ' || *p == '\t'))
        g_string_append_len (current->text, p + 1, n - 1);
      else if (n > 0)
        {
          current = g_new0 (Logical, 1);
          current->text = g_string_new_len (p, n);
          current->line = number;
          g_ptr_array_add (lines, current);
        }

      if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
        eol++;
      p = eol + 1;
    }
  return lines;
}

static void
logical_free (Logical *logical)
{
  g_string_free (logical->text, TRUE);
  g_free (logical);
}

/* An unknown property, verbatim but for control characters (a form feed
 * in a broken FBURL), which no text field keeps. */
static void
append_printable (GString    *out,
                  const char *text)
{
  for (const char *p = text; *p; p++)
    if ((guchar) *p >= 0x20 || *p == '\t')
      g_string_append_c (out, *p);
  g_string_append (out, "\r\n");
}

/* One TYPE value: a label, or PREF. */
static void
note_type (const char *type,
           gboolean   *preferred,
           char      **found)
{
  static const char * const skip[] = { "INTERNET", "PREF", "VOICE", "X400", NULL };
  g_autofree char *upper = g_ascii_strup (type, -1);

  if (strcmp (upper, "PREF") == 0)
    *preferred = TRUE;
  else if (strcmp (upper, "CELL") == 0 || g_str_has_suffix (upper, "FAX"))
    {
      g_free (*found);
      *found = g_strdup (strcmp (upper, "CELL") == 0 ? "mobile" : "fax");
    }
  else if (*found == NULL && !g_strv_contains (skip, upper))
    *found = g_ascii_strdown (type, -1);
}

static char *
first_type (EVCardAttribute *attr,
            gboolean        *preferred)
{
  g_autofree char *found = NULL;

  *preferred = FALSE;
  for (GList *p = e_vcard_attribute_get_params (attr); p != NULL; p = p->next)
    {
      const char *name = e_vcard_attribute_param_get_name (p->data);

      if (g_ascii_strcasecmp (name, "PREF") == 0)
        *preferred = TRUE;
      if (g_ascii_strcasecmp (name, "TYPE") != 0)
        continue;
      for (GList *v = e_vcard_attribute_param_get_values (p->data); v != NULL; v = v->next)
        {
          /* A quoted list is one value: TYPE="voice,cell". */
          g_auto(GStrv) types = g_strsplit (v->data, ",", -1);

          for (guint t = 0; types[t] != NULL; t++)
            note_type (types[t], preferred, &found);
        }
    }
  return g_steal_pointer (&found);
}

/* The X-ABLabel of an attribute's item group (Apple's custom labels). */
static char *
group_label (EVCard          *card,
             EVCardAttribute *attr)
{
  const char *group = e_vcard_attribute_get_group (attr);

  if (group == NULL)
    return NULL;
  for (GList *a = e_vcard_get_attributes (card); a != NULL; a = a->next)
    if (g_strcmp0 (e_vcard_attribute_get_group (a->data), group) == 0 &&
        g_ascii_strcasecmp (e_vcard_attribute_get_name (a->data), "X-ABLabel") == 0)
      {
        g_autofree char *label = e_vcard_attribute_get_value (a->data);

        if (g_str_has_prefix (label, "_$!<") && g_str_has_suffix (label, ">!$_"))
          return g_ascii_strdown (label + 4, strlen (label) - 8);
        return g_steal_pointer (&label);
      }
  return NULL;
}

/* Adds @value unless the list has it; a preferred one goes ahead of
 * those that are not. */
static void
add_entry (JsonArray  *list,
           const char *label,
           const char *value,
           gboolean    preferred)
{
  JsonObject *entry;
  guint position = 0;
  g_autoptr(GList) elements = NULL;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *other = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (other, "value"), value) == 0)
        return;
      if (json_object_get_boolean_member_with_default (other, "_preferred", FALSE))
        position = i + 1;
    }
  entry = json_object_new ();
  if (label != NULL)
    json_object_set_string_member (entry, "label", label);
  json_object_set_string_member (entry, "value", value);
  if (!preferred)
    {
      json_array_add_object_element (list, entry);
      return;
    }
  json_object_set_boolean_member (entry, "_preferred", TRUE);
  /* JsonArray has no insert: move the entries after the place back. */
  elements = json_array_get_elements (list);
  for (GList *e = elements; e != NULL; e = e->next)
    json_node_ref (e->data);
  while (json_array_get_length (list) > position)
    json_array_remove_element (list, position);
  json_array_add_object_element (list, entry);
  for (GList *e = g_list_nth (elements, position); e != NULL; e = e->next)
    json_array_add_element (list, json_node_ref (e->data));
  for (GList *e = elements; e != NULL; e = e->next)
    json_node_unref (e->data);
}

/* Drops the ordering marks add_entry() left, and the entries that are no
 * valid email or phone (a "9" in a test export), with a warning. */
static void
finish_list (RapportImportRow *row,
             JsonArray        *list,
             const char       *field,
             const char       *property)
{
  const RapportEntity *contact = rapport_entity_lookup ("contact");

  for (guint i = 0; i < json_array_get_length (list);)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      g_autoptr(JsonObject) probe = json_object_new ();
      JsonArray *one = json_array_new ();
      g_autoptr(GError) error = NULL;

      json_object_remove_member (entry, "_preferred");
      json_array_add_object_element (one, json_object_ref (entry));
      json_object_set_array_member (probe, field, one);
      if (rapport_validate_changes (contact, probe, &error))
        {
          i++;
          continue;
        }
      rapport_import_row_warning (row, property, error->message);
      json_array_remove_element (list, i);
    }
}

/* "19800101", "1980-01-01", "1980-01-01T00:00:00Z"; "--0101" has no year. */
static char *
parse_birthday (const char *text)
{
  if (strlen (text) >= 8 && strspn (text, "0123456789") == 8)
    {
      g_autofree char *dashed = g_strdup_printf ("%.4s-%.2s-%.2s", text, text + 4, text + 6);

      return rapport_import_parse_date (dashed, RAPPORT_DATE_ORDER_DMY);
    }
  if (g_str_has_prefix (text, "--"))
    return NULL;
  return rapport_import_parse_date (text, RAPPORT_DATE_ORDER_DMY);
}

static char *
photo_type (EVCardAttribute *attr,
            const char      *value)
{
  for (GList *p = e_vcard_attribute_get_params (attr); p != NULL; p = p->next)
    {
      const char *name = e_vcard_attribute_param_get_name (p->data);
      GList *values = e_vcard_attribute_param_get_values (p->data);

      if (values == NULL)
        continue;
      if (g_ascii_strcasecmp (name, "MEDIATYPE") == 0)
        return g_strdup (values->data);
      if (g_ascii_strcasecmp (name, "TYPE") == 0)
        {
          g_autofree char *lower = g_ascii_strdown (values->data, -1);

          return g_str_has_prefix (lower, "image/") ? g_strdup (lower)
                                                     : g_strdup_printf ("image/%s", lower);
        }
    }
  /* 4.0: "data:image/jpeg;base64,…" */
  if (value != NULL && g_str_has_prefix (value, "data:") && strchr (value, ';') != NULL)
    return g_strndup (value + 5, strchr (value, ';') - value - 5);
  return NULL;
}

static void
read_photo (RapportImportRow *row,
            EVCardAttribute  *attr)
{
  GList *decoded = e_vcard_attribute_get_values_decoded (attr);
  g_autofree char *value = e_vcard_attribute_get_value (attr);
  g_autofree char *type = photo_type (attr, value);
  gsize size = decoded != NULL ? ((GString *) decoded->data)->len : 0;

  /* A URL or an inline data: URI: only the size of what is inline counts. */
  if (value != NULL && g_str_has_prefix (value, "data:") && strstr (value, "base64,") != NULL)
    {
      gsize length = 0;
      g_autofree guchar *bytes = g_base64_decode (strstr (value, "base64,") + 7, &length);

      size = length;
    }
  if (row->photo_type != NULL || size == 0)
    return;
  if (size > MAX_PHOTO_SIZE)
    {
      rapport_import_row_problem (row, "PHOTO", _("The photo is larger than 2 MB and was left out"));
      return;
    }
  row->photo_type = g_steal_pointer (&type);
  if (row->photo_type == NULL)
    row->photo_type = g_strdup ("application/octet-stream");
  row->photo_size = size;
}

static char *
joined_values (EVCardAttribute *attr,
               const char      *separator)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (GList *v = e_vcard_attribute_get_values (attr); v != NULL; v = v->next)
    {
      g_autofree char *part = g_strstrip (g_strdup (v->data));

      if (*part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, separator);
      g_string_append (out, part);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static const char *
nth_value (EVCardAttribute *attr,
           guint            n)
{
  const char *value = g_list_nth_data (e_vcard_attribute_get_values (attr), n);

  return value != NULL && *value != '\0' ? value : NULL;
}

static char *
address_of (EVCardAttribute *attr)
{
  /* PO box; extended; street; city; region; code; country */
  const char *lines[3] = { nth_value (attr, 0), nth_value (attr, 2), nth_value (attr, 1) };

  return rapport_import_address_text (lines, nth_value (attr, 5), nth_value (attr, 3),
                                      nth_value (attr, 4), nth_value (attr, 6));
}

static char *
clean_phone (const char *value)
{
  const char *start = value;
  const char *ext;

  if (g_ascii_strncasecmp (start, "tel:", 4) == 0)
    start += 4;
  /* tel:+1-555-555-5555;ext=5555 */
  ext = strstr (start, ";ext=");
  if (ext != NULL)
    return g_strdup_printf ("%.*s ext. %s", (int) (ext - start), start, ext + 5);
  return g_strstrip (g_strdup (start));
}

static RapportImportRow *
card_to_row (EVCard     *card,
             guint       line,
             const char *extra)
{
  RapportImportRow *row = rapport_import_row_new (line);
  g_autoptr(JsonArray) emails = json_array_new ();
  g_autoptr(JsonArray) phones = json_array_new ();
  g_autoptr(JsonArray) tags = json_array_new ();
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *full_name = NULL;
  g_autofree char *address = NULL;
  gboolean named = FALSE;
  gboolean ours = FALSE;

  /* Rapport's own export names each card by its record's id. */
  for (GList *a = e_vcard_get_attributes (card); a != NULL && !ours; a = a->next)
    if (g_ascii_strcasecmp (e_vcard_attribute_get_name (a->data), "PRODID") == 0)
      {
        g_autofree char *prodid = e_vcard_attribute_get_value (a->data);

        ours = prodid != NULL && strstr (prodid, RAPPORT_VCARD_PRODID_MARK) != NULL;
      }

  for (GList *a = e_vcard_get_attributes (card); a != NULL; a = a->next)
    {
      EVCardAttribute *attr = a->data;
      g_autofree char *name = g_ascii_strup (e_vcard_attribute_get_name (attr), -1);
      gboolean preferred = FALSE;

      if (strcmp (name, "N") == 0 && !named)
        {
          /* Phones pad names with spaces ("Ñ Ñ Ñ Ñ "): they are not part of them. */
          g_autofree char *family = g_strstrip (g_strdup (nth_value (attr, 0) ?: ""));
          g_autofree char *given = g_strstrip (g_strdup (nth_value (attr, 1) ?: ""));

          if (*given)
            json_object_set_string_member (row->values, "first_name", given);
          if (*family)
            json_object_set_string_member (row->values, "last_name", family);
          named = *given || *family;
        }
      else if (strcmp (name, "FN") == 0 && full_name == NULL)
        full_name = joined_values (attr, ",");
      else if (strcmp (name, "EMAIL") == 0)
        {
          g_autofree char *value = joined_values (attr, ",");
          g_autofree char *type = first_type (attr, &preferred);
          g_autofree char *label = group_label (card, attr);

          if (value != NULL && g_ascii_strncasecmp (value, "mailto:", 7) == 0)
            memmove (value, value + 7, strlen (value + 7) + 1);
          if (value != NULL)
            add_entry (emails, label ? label : type, value, preferred);
        }
      else if (strcmp (name, "TEL") == 0)
        {
          /* EVCard splits "tel:+1-555-555-5555;ext=5555" at the ';'. */
          g_autofree char *raw = joined_values (attr, ";");
          g_autofree char *value = raw ? clean_phone (raw) : NULL;
          g_autofree char *type = first_type (attr, &preferred);
          g_autofree char *label = group_label (card, attr);

          if (value != NULL && *value != '\0')
            add_entry (phones, label ? label : type, value, preferred);
        }
      else if (strcmp (name, "ORG") == 0 && row->company == NULL)
        row->company = g_strdup (nth_value (attr, 0));
      else if (strcmp (name, "TITLE") == 0 && !json_object_has_member (row->values, "title"))
        {
          g_autofree char *title = joined_values (attr, ",");

          if (title != NULL)
            json_object_set_string_member (row->values, "title", title);
        }
      else if (strcmp (name, "ADR") == 0 && address == NULL)
        address = address_of (attr);
      else if (strcmp (name, "BDAY") == 0)
        {
          g_autofree char *value = joined_values (attr, ",");
          g_autofree char *date = value ? parse_birthday (value) : NULL;

          if (date != NULL)
            json_object_set_string_member (row->values, "birthday", date);
        }
      else if (strcmp (name, "NOTE") == 0)
        {
          g_autofree char *value = joined_values (attr, ";");

          if (value != NULL)
            g_string_append_printf (notes, "%s%s", notes->len ? "\n\n" : "", value);
        }
      else if (strcmp (name, "CATEGORIES") == 0)
        for (GList *v = e_vcard_attribute_get_values (attr); v != NULL; v = v->next)
          {
            g_autofree char *tag = g_strstrip (g_strdup (v->data));

            if (*tag != '\0' && strcmp (tag, "My Contacts") != 0)
              json_array_add_string_element (tags, tag);
          }
      else if (strcmp (name, "UID") == 0)
        {
          g_autofree char *uid = e_vcard_attribute_get_value (attr);

          if (ours && uid != NULL && g_str_has_prefix (uid, "urn:uuid:"))
            row->id = g_strdup (uid + strlen ("urn:uuid:"));
          else if (ours && uid != NULL && *uid != '\0')
            row->id = g_strdup (uid);
          else if (uid != NULL && *uid != '\0')
            {
              g_autofree char *ref = g_strdup_printf ("vcard:%s", uid);

              json_object_set_string_member (row->values, "external_ref", ref);
            }
        }
      else if (strcmp (name, "PHOTO") == 0)
        read_photo (row, attr);
    }

  /* A card of a shop has only its organisation for a name. */
  if (!named && full_name == NULL && row->company != NULL && json_array_get_length (emails) == 0)
    full_name = g_strdup (row->company);
  if (!named && full_name != NULL)
    {
      g_autofree char *first = NULL, *last = NULL;
      const char *space = strrchr (full_name, ' ');

      if (space != NULL)
        {
          first = g_strndup (full_name, space - full_name);
          last = g_strdup (space + 1);
        }
      else
        first = g_strdup (full_name);
      json_object_set_string_member (row->values, "first_name", first);
      if (last != NULL)
        json_object_set_string_member (row->values, "last_name", last);
    }
  finish_list (row, emails, "emails", "EMAIL");
  finish_list (row, phones, "phones", "TEL");
  if (json_array_get_length (emails) > 0)
    json_object_set_array_member (row->values, "emails", g_steal_pointer (&emails));
  if (json_array_get_length (phones) > 0)
    json_object_set_array_member (row->values, "phones", g_steal_pointer (&phones));
  if (json_array_get_length (tags) > 0)
    json_object_set_array_member (row->values, "tags", g_steal_pointer (&tags));
  if (notes->len > 0)
    json_object_set_string_member (row->values, "notes", notes->str);
  if (address != NULL)
    json_object_set_string_member (row->values, "address", address);
  if (extra != NULL && *extra != '\0')
    json_object_set_string_member (row->values, "vcard_extra", extra);
  return row;
}

/* EVCard says on stderr what it tolerated ("invalid escape, passing it
 * through"); the import reports what matters itself. */
static void
quiet_log (const char    *domain,
           GLogLevelFlags level,
           const char    *message,
           gpointer       data)
{
  /* Logging from a log handler would be a recursion GLib aborts on. */
}

/**
 * rapport_import_vcard_read:
 * @encoding: (nullable): what to read values in that are not UTF-8 and
 *   name no charset; else the locale's legacy encoding
 *
 * Returns: (transfer full) (element-type RapportImportRow): one row per
 *   card, or %NULL when the file has none
 */
GPtrArray *
rapport_import_vcard_read (const char  *data,
                           gsize        length,
                           const char  *encoding,
                           GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_import_row_free);
  g_autoptr(GPtrArray) lines = unfold (data, length);
  const char *fallback = encoding ? encoding : rapport_import_locale_encoding ();
  g_autoptr(GString) card = NULL;
  g_autoptr(GString) extra = NULL;
  guint depth = 0, start = 0;
  GLogLevelFlags always_fatal;
  guint handler;

  handler = g_log_set_handler ("libebook-contacts", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE,
                               quiet_log, NULL);
  /* G_DEBUG=fatal-warnings (the tests) would make what EVCard tolerates
   * abort the import: its warnings are about the file, not the program. */
  always_fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  for (guint i = 0; i < lines->len; i++)
    {
      Logical *logical = lines->pdata[i];
      g_autofree char *text = clean_line (logical->text->str, fallback);
      g_autofree char *name = property_name (text);

      if (strcmp (name, "BEGIN") == 0 && g_ascii_strcasecmp (strchr (text, ':') ? strchr (text, ':') + 1 : "", "VCARD") == 0)
        {
          if (depth++ == 0)
            {
              card = g_string_new ("BEGIN:VCARD\r\n");
              extra = g_string_new (NULL);
              start = logical->line;
            }
          continue;
        }
      if (card == NULL)
        continue;
      if (strcmp (name, "END") == 0 && g_ascii_strcasecmp (strchr (text, ':') ? strchr (text, ':') + 1 : "", "VCARD") == 0)
        {
          if (--depth == 0)
            {
              EVCard *parsed;

              g_string_append (card, "END:VCARD\r\n");
              parsed = e_vcard_new_from_string (card->str);
              g_ptr_array_add (rows, card_to_row (parsed, start, extra->str));
              g_object_unref (parsed);
              g_string_free (g_steal_pointer (&card), TRUE);
              g_string_free (g_steal_pointer (&extra), TRUE);
            }
          continue;
        }
      /* A card inside a card (a 2.1 AGENT) is not a contact of its own. */
      if (depth > 1 || !g_strv_contains (mapped_properties, name))
        {
          append_printable (extra, text);
          if (depth > 1)
            continue;
        }
      g_string_append_printf (card, "%s\r\n", text);
    }
  g_log_set_always_fatal (always_fatal);
  g_log_remove_handler ("libebook-contacts", handler);

  if (rows->len == 0)
    {
      g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_FORMAT,
                   _("The file has no complete vCard (BEGIN:VCARD … END:VCARD)"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}
