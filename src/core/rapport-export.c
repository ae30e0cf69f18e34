/* rapport-export.c: a list of records as CSV or vCard
 *
 * A list is exported as it is filtered: the caller's query (type, filters,
 * search) is taken as a snapshot and its records are read a page at a time.
 * The CSV is in Rapport's own layout (rapport-import-layout.c): field names
 * as titles, the id first, numbered "Email 1"/"Email 1 Label" columns, the
 * company and the stage by name, so that importing it again updates the
 * records it came from. vCards (contacts only) carry the id as UID under
 * Rapport's PRODID, which the importer reads back as the id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-export"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-csv.h"
#include "rapport-export.h"
#include "rapport-json.h"
#include "rapport-money.h"
#include "rapport-record.h"

/* clang-format off */
G_DEFINE_QUARK (rapport-export-error-quark, rapport_export_error)
/* clang-format on */

/* Records read per transaction, and between two progress reports. */
#define PAGE 500

/* vCard lines are folded at 75 octets (RFC 6350 §3.2). */
#define FOLD_OCTETS 75

typedef struct
{
  RapportStore        *store;
  const RapportEntity *entity;
  const RapportExportOptions *options;
  char                 delimiter;
  char                 decimal;     /* of amounts */
  guint                n_emails;    /* the most any record has: columns to write */
  guint                n_phones;
  GHashTable          *names;       /* "company/ID" → its name */
  GString             *out;
} Export;

const char *
rapport_export_format_extension (RapportExportFormat format)
{
  return format == RAPPORT_EXPORT_CSV ? "csv" : "vcf";
}

/**
 * rapport_export_excel_delimiter:
 *
 * Returns: what a spreadsheet of this locale splits CSV at: `;` where the
 *   decimal separator is a comma (German, French…), else `,`
 */
char
rapport_export_excel_delimiter (void)
{
  const struct lconv *conv = localeconv ();

  return conv->decimal_point != NULL && strcmp (conv->decimal_point, ",") == 0 ? ';' : ',';
}

/* The name of the record a reference points at, read once per export. */
static const char *
name_of (Export     *export,
         const char *entity,
         const char *id)
{
  g_autofree char *key = g_strconcat (entity, "/", id, NULL);
  char *name;

  if (!g_hash_table_lookup_extended (export->names, key, NULL, (gpointer *) &name))
    {
      g_autoptr(JsonObject) record = rapport_store_get (export->store, entity, id, NULL);

      name = g_strdup (record ? rapport_json_get_string (record, "name") : NULL);
      g_hash_table_insert (export->names, g_steal_pointer (&key), name);
    }
  return name;
}

/* ---- CSV ---- */

static void
csv_cell (Export     *export,
          const char *text,
          gboolean    first)
{
  rapport_csv_append_cell (export->out, text, export->delimiter, first);
}

/* What a field's column is titled in Rapport's layout. */
static const char *
column_title (Export             *export,
              const RapportField *field)
{
  if (strcmp (field->name, "company_id") == 0)
    return "company";
  if (strcmp (field->name, "stage_id") == 0)
    return "stage";
  /* A deal's title is the record's name. */
  if (strcmp (field->name, "title") == 0 && strcmp (export->entity->name, "deal") == 0)
    return "name";
  return field->name;
}

static gboolean
exported (const RapportField *field)
{
  /* A contact's consent is derived from its consent records, which an
   * import makes again from the column. */
  return (!(field->flags & RAPPORT_FIELD_DERIVED) || strcmp (field->name, "email_consent") == 0) &&
         strcmp (field->name, "vcard_extra") != 0;
}

static void
csv_header (Export *export)
{
  csv_cell (export, "id", TRUE);
  for (guint f = 0; f < export->entity->n_fields; f++)
    {
      const RapportField *field = &export->entity->fields[f];
      guint n = field->kind == RAPPORT_FIELD_EMAIL_LIST ? export->n_emails
                : field->kind == RAPPORT_FIELD_PHONE_LIST ? export->n_phones : 0;
      const char *word = field->kind == RAPPORT_FIELD_EMAIL_LIST ? "Email" : "Phone";

      if (!exported (field))
        continue;
      if (field->kind != RAPPORT_FIELD_EMAIL_LIST && field->kind != RAPPORT_FIELD_PHONE_LIST)
        {
          csv_cell (export, column_title (export, field), FALSE);
          continue;
        }
      for (guint i = 1; i <= n; i++)
        {
          g_autofree char *value = g_strdup_printf ("%s %u", word, i);
          g_autofree char *label = g_strdup_printf ("%s %u Label", word, i);

          csv_cell (export, value, FALSE);
          csv_cell (export, label, FALSE);
        }
    }
  g_string_append (export->out, "\r\n");
}

static char *
amount_text (Export     *export,
             gint64      minor,
             const char *currency)
{
  int exponent = currency ? rapport_money_exponent (currency) : 2;
  guint64 magnitude = minor < 0 ? -(guint64) minor : (guint64) minor;
  guint64 scale = 1;

  for (int i = 0; i < exponent; i++)
    scale *= 10;
  if (exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT "%c%0*" G_GUINT64_FORMAT, minor < 0 ? "-" : "",
                          magnitude / scale, export->decimal, exponent, magnitude % scale);
}

static char *
cell_text (Export             *export,
           JsonObject         *record,
           const RapportField *field)
{
  JsonNode *node = json_object_get_member (record, field->name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  switch (field->kind)
    {
    case RAPPORT_FIELD_BOOL:
      return g_strdup (json_node_get_boolean (node) ? "yes" : "no");
    case RAPPORT_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case RAPPORT_FIELD_MONEY:
      return amount_text (export, json_node_get_int (node),
                          rapport_json_get_string (record, field->currency_field));
    case RAPPORT_FIELD_TAGS:
      {
        g_autoptr(GString) text = g_string_new (NULL);
        JsonArray *tags = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

        for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
          g_string_append_printf (text, "%s%s", i ? "; " : "", json_array_get_string_element (tags, i));
        return g_string_free (g_steal_pointer (&text), FALSE);
      }
    case RAPPORT_FIELD_REF:
      if (strcmp (field->name, "company_id") == 0 || strcmp (field->name, "stage_id") == 0)
        return g_strdup (name_of (export, field->ref_entity, json_node_get_string (node)));
      return g_strdup (json_node_get_string (node));
    default:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
               ? g_strdup (json_node_get_string (node)) : NULL;
    }
}

static void
csv_list (Export     *export,
          JsonObject *record,
          const char *field,
          guint       n)
{
  JsonArray *list = json_object_has_member (record, field) &&
                    JSON_NODE_HOLDS_ARRAY (json_object_get_member (record, field))
                      ? json_object_get_array_member (record, field) : NULL;
  guint length = list ? json_array_get_length (list) : 0;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *entry = i < length ? json_array_get_object_element (list, i) : NULL;

      csv_cell (export, entry ? rapport_json_get_string (entry, "value") : NULL, FALSE);
      csv_cell (export, entry ? rapport_json_get_string (entry, "label") : NULL, FALSE);
    }
}

static void
csv_row (Export     *export,
         JsonObject *record)
{
  csv_cell (export, rapport_json_get_string (record, "id"), TRUE);
  for (guint f = 0; f < export->entity->n_fields; f++)
    {
      const RapportField *field = &export->entity->fields[f];
      g_autofree char *text = NULL;

      if (!exported (field))
        continue;
      if (field->kind == RAPPORT_FIELD_EMAIL_LIST)
        csv_list (export, record, field->name, export->n_emails);
      else if (field->kind == RAPPORT_FIELD_PHONE_LIST)
        csv_list (export, record, field->name, export->n_phones);
      else
        {
          text = cell_text (export, record, field);
          csv_cell (export, text, FALSE);
        }
    }
  g_string_append (export->out, "\r\n");
}

static guint
list_length (JsonObject *record,
             const char *field)
{
  JsonNode *node = json_object_get_member (record, field);

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_array_get_length (json_node_get_array (node)) : 0;
}

/* ---- vCard ---- */

/* A text value escaped as RFC 6350 §3.4 says. */
static void
vcard_escape (GString    *out,
              const char *text)
{
  for (const char *p = text; p && *p; p++)
    switch (*p)
      {
      case '\\':
      case ',':
      case ';':
        g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        break;
      default:
        g_string_append_c (out, *p);
      }
}

/* Appends @line folded at 75 octets, never inside a UTF-8 sequence. */
static void
vcard_line (Export     *export,
            const char *line)
{
  GString *out = export->out;
  const char *p = line;
  gsize room = FOLD_OCTETS;

  while (strlen (p) > room)
    {
      const char *end = p + room;

      while (end > p && ((guchar) *end & 0xc0) == 0x80)
        end--;
      g_string_append_len (out, p, end - p);
      g_string_append (out, "\r\n ");
      p = end;
      room = FOLD_OCTETS - 1;
    }
  g_string_append (out, p);
  g_string_append (out, "\r\n");
}

static void
vcard_property (Export     *export,
                const char *name,
                const char *value)
{
  g_autoptr(GString) line = g_string_new (name);

  if (value == NULL || *value == '\0')
    return;
  g_string_append_c (line, ':');
  vcard_escape (line, value);
  vcard_line (export, line->str);
}

/* An email or phone with its label: a vCard type where there is one, else
 * Apple's item group with an X-ABLabel, which the importer reads back. */
static void
vcard_entries (Export     *export,
               JsonObject *record,
               const char *field,
               const char *property,
               guint      *item)
{
  /* clang-format off */
  static const struct { const char *label, *type; } types[] = {
    { "work", "work" }, { "home", "home" }, { "mobile", "cell" }, { "fax", "fax" },
    { "pager", "pager" }, { "other", "other" },
  };
  /* clang-format on */
  JsonArray *list = list_length (record, field) ? json_object_get_array_member (record, field) : NULL;

  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      const char *label = rapport_json_get_string (entry, "label");
      const char *type = NULL;
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint t = 0; label != NULL && t < G_N_ELEMENTS (types); t++)
        if (strcmp (label, types[t].label) == 0)
          type = types[t].type;
      if (label != NULL && type == NULL)
        {
          g_autoptr(GString) custom = g_string_new (NULL);

          (*item)++;
          g_string_append_printf (line, "item%u.", *item);
          g_string_append_printf (custom, "item%u.X-ABLabel:", *item);
          vcard_escape (custom, label);
          g_string_append_printf (line, "%s:", property);
          vcard_escape (line, rapport_json_get_string (entry, "value"));
          vcard_line (export, line->str);
          vcard_line (export, custom->str);
          continue;
        }
      g_string_append (line, property);
      if (type != NULL)
        g_string_append_printf (line, ";TYPE=%s", type);
      g_string_append_c (line, ':');
      vcard_escape (line, rapport_json_get_string (entry, "value"));
      vcard_line (export, line->str);
    }
}

static void
vcard_card (Export     *export,
            JsonObject *record)
{
  gboolean four = export->options->format == RAPPORT_EXPORT_VCARD4;
  const char *first = rapport_json_get_string (record, "first_name");
  const char *last = rapport_json_get_string (record, "last_name");
  const char *company_id = rapport_json_get_string (record, "company_id");
  const char *birthday = rapport_json_get_string (record, "birthday");
  const char *extra = rapport_json_get_string (record, "vcard_extra");
  /* The name as Rapport shows it: "Ana Ribeiro", "王芳". */
  g_autofree char *full = rapport_record_title (export->entity, record);
  g_autoptr(GString) line = g_string_new ("N:");
  guint item = 0;

  vcard_line (export, "BEGIN:VCARD");
  vcard_line (export, four ? "VERSION:4.0" : "VERSION:3.0");
  vcard_line (export, "PRODID:-" RAPPORT_VCARD_PRODID_MARK "Rapport CRM//EN");
  g_string_printf (line, "UID:%s%s", four ? "urn:uuid:" : "", rapport_json_get_string (record, "id"));
  vcard_line (export, line->str);

  g_string_assign (line, "N:");
  vcard_escape (line, last);
  g_string_append_c (line, ';');
  vcard_escape (line, first);
  g_string_append (line, ";;;");
  vcard_line (export, line->str);
  /* FN is required; a contact known only by an email has that. */
  if ((full == NULL || *full == '\0') && list_length (record, "emails") > 0)
    {
      g_free (full);
      full = g_strdup (rapport_json_get_string (
        json_array_get_object_element (json_object_get_array_member (record, "emails"), 0), "value"));
    }
  vcard_property (export, "FN", full && *full ? full : " ");
  if (company_id != NULL)
    vcard_property (export, "ORG", name_of (export, "company", company_id));
  vcard_property (export, "TITLE", rapport_json_get_string (record, "title"));
  vcard_entries (export, record, "emails", "EMAIL", &item);
  vcard_entries (export, record, "phones", "TEL", &item);
  if (rapport_json_get_string (record, "address") != NULL)
    {
      /* The address is one text: all of it in the street. */
      g_string_assign (line, "ADR;TYPE=work:;;");
      vcard_escape (line, rapport_json_get_string (record, "address"));
      g_string_append (line, ";;;;");
      vcard_line (export, line->str);
    }
  if (birthday != NULL && four && strlen (birthday) == 10)
    {
      g_autofree char *compact = g_strdup_printf ("%.4s%.2s%.2s", birthday, birthday + 5, birthday + 8);

      vcard_property (export, "BDAY", compact);
    }
  else
    vcard_property (export, "BDAY", birthday);
  vcard_property (export, "NOTE", rapport_json_get_string (record, "notes"));
  if (list_length (record, "tags") > 0)
    {
      JsonArray *tags = json_object_get_array_member (record, "tags");

      g_string_assign (line, "CATEGORIES:");
      for (guint i = 0; i < json_array_get_length (tags); i++)
        {
          if (i > 0)
            g_string_append_c (line, ',');
          vcard_escape (line, json_array_get_string_element (tags, i));
        }
      vcard_line (export, line->str);
    }
  /* What the card it came from had and Rapport has no field for. */
  if (extra != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (extra, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strchomp (lines[i]);
          if (*lines[i] != '\0')
            vcard_line (export, lines[i]);
        }
    }
  vcard_line (export, "END:VCARD");
}

/* ---- the list ---- */

static gboolean
flush (Export        *export,
       GOutputStream *out,
       GCancellable  *cancellable,
       GError       **error)
{
  gboolean ok = g_output_stream_write_all (out, export->out->str, export->out->len, NULL,
                                           cancellable, error);

  g_string_truncate (export->out, 0);
  return ok;
}

/**
 * rapport_export_write:
 * @query: the list as it is filtered, searched and sorted
 * @progress: (nullable) (scope call): told how many records are written
 * @n_written: (out) (optional): how many records were
 *
 * Writes the records of @query to @out. Blocks: the app calls it from a
 * worker thread.
 *
 * Returns: whether all were written; %G_IO_ERROR_CANCELLED when stopped
 */
gboolean
rapport_export_write (RapportStore               *store,
                      RapportQuery               *query,
                      const RapportExportOptions *options,
                      GOutputStream              *out,
                      GCancellable               *cancellable,
                      RapportImportProgress       progress,
                      gpointer                    user_data,
                      guint                      *n_written,
                      GError                    **error)
{
  g_autoptr(RapportSnapshot) snapshot = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  Export export = { store, NULL, options, ',', '.', 0, 0, names, text };
  gboolean csv = options->format == RAPPORT_EXPORT_CSV;
  guint n_rows, written = 0;

  if (n_written != NULL)
    *n_written = 0;
  if (!(snapshot = rapport_store_snapshot (store, query, error)))
    return FALSE;
  export.entity = rapport_snapshot_get_entity (snapshot);
  n_rows = rapport_snapshot_get_n_rows (snapshot);
  if (!csv && strcmp (export.entity->name, "contact") != 0)
    {
      g_set_error (error, RAPPORT_EXPORT_ERROR, RAPPORT_EXPORT_ERROR_NOT_CONTACTS,
                   _("Only contacts can be exported as vCards; export %s as CSV"),
                   _(export.entity->labels.plural));
      return FALSE;
    }
  if (csv && options->for_excel)
    {
      export.delimiter = rapport_export_excel_delimiter ();
      if (export.delimiter == ';')
        export.decimal = ',';
      g_string_append (text, "\xef\xbb\xbf");
    }

  /* As many email and phone columns as the record with the most has. */
  for (guint position = 0; csv && position < n_rows; position += PAGE)
    {
      g_autoptr(GPtrArray) page = rapport_store_fetch (store, snapshot, position, PAGE, error);

      if (page == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        if (page->pdata[i] != NULL)
          {
            export.n_emails = MAX (export.n_emails, list_length (page->pdata[i], "emails"));
            export.n_phones = MAX (export.n_phones, list_length (page->pdata[i], "phones"));
          }
    }
  /* A contact without any still has the columns, for the header to read as Rapport's. */
  if (strcmp (export.entity->name, "contact") == 0)
    {
      export.n_emails = MAX (export.n_emails, 1);
      export.n_phones = MAX (export.n_phones, 1);
    }
  if (csv)
    csv_header (&export);

  for (guint position = 0; position < n_rows; position += PAGE)
    {
      g_autoptr(GPtrArray) page = rapport_store_fetch (store, snapshot, position, PAGE, error);

      if (page == NULL || g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        {
          /* Deleted since the snapshot. */
          if (page->pdata[i] == NULL)
            continue;
          if (csv)
            csv_row (&export, page->pdata[i]);
          else
            vcard_card (&export, page->pdata[i]);
          written++;
        }
      if (!flush (&export, out, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (MIN (position + PAGE, n_rows), n_rows, user_data);
    }
  if (!flush (&export, out, cancellable, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = written;
  return TRUE;
}
