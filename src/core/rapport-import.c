/* rapport-import.c: contacts, companies and deals from CSV and vCard files
 *
 * An import reads the whole file into rows first (rapport_import_source_*):
 * the text decoded (rapport-import-decode.c), split into records
 * (rapport-csv.c or rapport-vcard-read.c), and each record turned into the
 * values of a record type through the columns' mapping
 * (rapport-import-layout.c). Matching, the dry run and the commit are in
 * rapport-import-run.c, so the app, rapport-cli and the tests share them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-csv.h"
#include "rapport-import.h"
#include "rapport-import-decode.h"
#include "rapport-import-values.h"
#include "rapport-money.h"

/* clang-format off */
G_DEFINE_QUARK (rapport-import-error-quark, rapport_import_error)
/* clang-format on */

/* Google numbers up to a few dozen; more slots than this are ignored. */
#define MAX_SLOTS 32

RapportImportRow *
rapport_import_row_new (guint line)
{
  RapportImportRow *row = g_new0 (RapportImportRow, 1);

  row->line = line;
  row->values = json_object_new ();
  row->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_import_problem_free);
  row->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_import_problem_free);
  return row;
}

void
rapport_import_row_free (RapportImportRow *row)
{
  json_object_unref (row->values);
  g_free (row->id);
  g_free (row->company);
  g_free (row->company_ref);
  g_free (row->stage);
  g_free (row->photo_type);
  g_ptr_array_unref (row->problems);
  g_ptr_array_unref (row->warnings);
  g_free (row);
}

void
rapport_import_problem_free (RapportImportProblem *problem)
{
  g_free (problem->column);
  g_free (problem->reason);
  g_free (problem);
}

void
rapport_import_row_problem (RapportImportRow *row,
                            const char       *column,
                            const char       *format,
                            ...)
{
  RapportImportProblem *problem = g_new0 (RapportImportProblem, 1);
  va_list args;

  va_start (args, format);
  problem->line = row->line;
  problem->column = g_strdup (column);
  problem->reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (row->problems, problem);
}

void
rapport_import_row_warning (RapportImportRow *row,
                            const char       *column,
                            const char       *reason)
{
  RapportImportProblem *problem = g_new0 (RapportImportProblem, 1);

  problem->line = row->line;
  problem->column = g_strdup (column);
  problem->reason = g_strdup (reason);
  problem->warning = TRUE;
  g_ptr_array_add (row->warnings, problem);
}

void
rapport_import_source_free (RapportImportSource *source)
{
  g_free (source->format);
  g_free (source->encoding);
  g_clear_pointer (&source->mapping, rapport_import_mapping_free);
  g_strfreev (source->header);
  g_strfreev (source->sample);
  g_clear_pointer (&source->field_columns, g_hash_table_unref);
  g_ptr_array_unref (source->rows);
  g_free (source);
}

/**
 * rapport_import_label:
 *
 * Returns: (transfer full) (nullable): an email's or phone's label as
 *   Rapport writes them ("work", "mobile"), or as the file had it
 */
static char *
normalize_label (const char *label)
{
  /* clang-format off */
  static const struct { const char *word, *label; } known[] = {
    { "work", "work" }, { "business", "work" }, { "office", "work" }, { "geschäftlich", "work" },
    { "home", "home" }, { "privat", "home" }, { "personal", "home" }, { "thuis", "home" },
    { "mobile", "mobile" }, { "cell", "mobile" }, { "mobil", "mobile" }, { "iphone", "mobile" },
    { "other", "other" }, { "main", "main" }, { "fax", "fax" }, { "work fax", "fax" },
    { "home fax", "fax" }, { "pager", "pager" }, { "internet", NULL }, { "pref", NULL },
    { "voice", NULL },
  };
  /* clang-format on */
  g_autofree char *folded = NULL;
  g_autofree char *plain = NULL;

  if (label == NULL)
    return NULL;
  plain = g_strstrip (g_strdup (label));
  /* Apple's built-in labels: "_$!<Mobile>!$_". */
  if (g_str_has_prefix (plain, "_$!<") && g_str_has_suffix (plain, ">!$_"))
    {
      char *inner = g_strndup (plain + 4, strlen (plain) - 8);

      g_free (plain);
      plain = inner;
    }
  if (g_str_has_prefix (plain, "* "))
    memmove (plain, plain + 2, strlen (plain + 2) + 1);
  if (*plain == '\0')
    return NULL;
  folded = g_utf8_casefold (plain, -1);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (strcmp (folded, known[i].word) == 0)
      return g_strdup (known[i].label);
  return g_steal_pointer (&plain);
}

typedef struct
{
  char     *label;   /* (owned) (nullable) */
  GPtrArray *values; /* (owned) (element-type utf8) */
  gboolean  primary;
} Slot;

/* The emails or phones of one row, primary first, each value once. */
static JsonArray *
slots_to_list (Slot *slots)
{
  JsonArray *list = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int pass = 0; pass < 2; pass++)
    for (guint s = 0; s < MAX_SLOTS; s++)
      {
        if (slots[s].values == NULL || slots[s].primary != (pass == 0))
          continue;
        for (guint v = 0; v < slots[s].values->len; v++)
          {
            const char *value = slots[s].values->pdata[v];
            JsonObject *entry;

            if (!g_hash_table_add (seen, (gpointer) value))
              continue;
            entry = json_object_new ();
            if (slots[s].label != NULL)
              json_object_set_string_member (entry, "label", slots[s].label);
            json_object_set_string_member (entry, "value", value);
            json_array_add_object_element (list, entry);
          }
      }
  return list;
}

static void
slots_clear (Slot *slots)
{
  for (guint s = 0; s < MAX_SLOTS; s++)
    {
      g_clear_pointer (&slots[s].label, g_free);
      g_clear_pointer (&slots[s].values, g_ptr_array_unref);
      slots[s].primary = FALSE;
    }
}

static void
slot_add (Slot       *slot,
          const char *text)
{
  g_auto(GStrv) parts = rapport_import_split_multi (text, NULL);

  if (slot->values == NULL)
    slot->values = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; parts[i] != NULL; i++)
    g_ptr_array_add (slot->values, g_strdup (parts[i]));
}

static void
slot_label (Slot       *slot,
            const char *text)
{
  gboolean primary = FALSE;
  g_auto(GStrv) parts = rapport_import_split_multi (text, &primary);

  slot->primary = primary;
  if (parts[0] != NULL)
    {
      g_free (slot->label);
      slot->label = normalize_label (parts[0]);
    }
}

/* Street, city… of one address slot, joined as one postal address. */
typedef struct
{
  char *formatted;
  char *parts[6];   /* street, street 2, postcode, city, region, country */
} Address;

static char *
address_text (Address *address)
{
  const char *lines[3] = { address->parts[0], address->parts[1], NULL };

  if (address->formatted != NULL)
    return g_strdup (address->formatted);
  return rapport_import_address_text (lines, address->parts[2], address->parts[3],
                                      address->parts[4], address->parts[5]);
}

static void
address_clear (Address *address)
{
  g_clear_pointer (&address->formatted, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (address->parts); i++)
    g_clear_pointer (&address->parts[i], g_free);
}

/* Excel shows a long number as "1.23E+11" and saves it so: a phone that
 * went through it has lost its digits. */
static gboolean
looks_like_excel_number (const char *text)
{
  return g_regex_match_simple ("^[0-9]([.,][0-9]+)?E\\+[0-9]+$", text, G_REGEX_CASELESS, 0);
}

/* A whole name in one cell: "Ana Ribeiro", "Ribeiro, Ana", "王芳". */
static void
split_full_name (const char *name,
                 char      **first,
                 char      **last)
{
  const char *comma = strchr (name, ',');
  const char *space = strrchr (name, ' ');
  gunichar c = g_utf8_get_char (name);

  if (comma != NULL)
    {
      *last = g_strstrip (g_strndup (name, comma - name));
      *first = g_strstrip (g_strdup (comma + 1));
    }
  else if (space != NULL)
    {
      *first = g_strstrip (g_strndup (name, space - name));
      *last = g_strdup (space + 1);
    }
  /* A Chinese name of two to four characters: the family name first. */
  else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN && g_utf8_strlen (name, -1) >= 2 &&
           g_utf8_strlen (name, -1) <= 4)
    {
      const char *given = g_utf8_next_char (name);

      *last = g_strndup (name, given - name);
      *first = g_strdup (given);
    }
  else
    *first = g_strdup (name);
}

static const char *
lifecycle_of (const char *text)
{
  /* clang-format off */
  static const struct { const char *word, *stage; } words[] = {
    { "lead", "lead" }, { "subscriber", "lead" }, { "marketing qualified lead", "lead" },
    { "sales qualified lead", "prospect" }, { "prospect", "prospect" },
    { "opportunity", "prospect" }, { "customer", "customer" }, { "evangelist", "customer" },
    { "former", "former" }, { "former customer", "former" }, { "other", NULL },
  };
  /* clang-format on */
  g_autofree char *folded = g_utf8_casefold (text, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (strcmp (folded, words[i].word) == 0)
      return words[i].stage;
  return NULL;
}

static JsonArray *
tags_of (const char *text)
{
  JsonArray *tags = json_array_new ();
  g_auto(GStrv) groups = NULL;

  /* Google: "* My Contacts ::: Friends"; Outlook: "Friends;Customers". */
  if (strstr (text, ":::") != NULL)
    groups = rapport_import_split_multi (text, NULL);
  else
    groups = g_strsplit_set (text, ";,", -1);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      char *tag = g_strstrip (groups[i]);

      if (*tag != '\0' && strcmp (tag, "My Contacts") != 0 && strcmp (tag, "myContacts") != 0 &&
          strcmp (tag, "starred") != 0)
        json_array_add_string_element (tags, tag);
    }
  return tags;
}

typedef struct
{
  RapportImportSource *source;
  const RapportImportOptions *options;
  RapportDateOrder    *date_orders;  /* per column */
  char                *currency;
  GHashTable          *field_columns; /* field → the first column that fed it */
} RowContext;

static void
note_column (RowContext *context,
             const char *field,
             guint       column)
{
  if (!g_hash_table_contains (context->field_columns, field))
    g_hash_table_insert (context->field_columns, (gpointer) field,
                         context->source->header[column]);
}

static void
set_text (RowContext       *context,
          RapportImportRow *row,
          const char       *field,
          guint             column,
          const char       *text)
{
  note_column (context, field, column);
  json_object_set_string_member (row->values, field, text);
}

static RapportImportRow *
build_row (RowContext  *context,
           guint        line,
           GStrv        cells)
{
  RapportImportSource *source = context->source;
  const char *entity = source->entity;
  gboolean contact = g_strcmp0 (entity, "contact") == 0;
  gboolean deal = g_strcmp0 (entity, "deal") == 0;
  RapportImportRow *row = rapport_import_row_new (line);
  Slot emails[MAX_SLOTS] = { { 0 } }, phones[MAX_SLOTS] = { { 0 } };
  Address addresses[4] = { { 0 } };
  g_autofree char *full_name = NULL, *first = NULL, *last = NULL, *middle = NULL;
  g_autofree char *external = NULL;
  guint n_cells = g_strv_length (cells);
  gint email_column = -1, phone_column = -1, address_column = -1, currency_column = -1;
  const char *currency = context->currency;
  const char *amount_text = NULL;
  guint amount_column = 0;

  for (guint i = 0; i < source->mapping->n_columns && i < n_cells; i++)
    {
      const RapportImportTarget *target = &source->mapping->targets[i];
      const char *column = source->header[i];
      g_autofree char *cell = g_strstrip (g_strdup (cells[i]));
      guint slot = MIN (target->slot, MAX_SLOTS - 1);
      Address *address = &addresses[MIN (target->slot, G_N_ELEMENTS (addresses) - 1)];

      /* An empty cell changes nothing. */
      if (*cell == '\0')
        continue;

      switch (target->kind)
        {
        case RAPPORT_IMPORT_IGNORE:
        case RAPPORT_IMPORT_N_KINDS:
          break;
        case RAPPORT_IMPORT_ID:
          g_free (row->id);
          row->id = g_strdup (cell);
          break;
        case RAPPORT_IMPORT_EXTERNAL_ID:
          g_free (external);
          external = g_strdup (cell);
          break;
        case RAPPORT_IMPORT_FIRST_NAME:
          g_free (first);
          first = g_steal_pointer (&cell);
          note_column (context, "first_name", i);
          break;
        case RAPPORT_IMPORT_MIDDLE_NAME:
          g_free (middle);
          middle = g_steal_pointer (&cell);
          break;
        case RAPPORT_IMPORT_LAST_NAME:
          g_free (last);
          last = g_steal_pointer (&cell);
          note_column (context, "last_name", i);
          break;
        case RAPPORT_IMPORT_FULL_NAME:
        case RAPPORT_IMPORT_NAME:
          /* "Name" is a person's in a file of contacts, else the record's. */
          if (contact)
            {
              g_free (full_name);
              full_name = g_steal_pointer (&cell);
              note_column (context, "first_name", i);
            }
          else
            set_text (context, row, deal ? "title" : "name", i, cell);
          break;
        case RAPPORT_IMPORT_JOB_TITLE:
          if (contact)
            set_text (context, row, "title", i, cell);
          break;
        case RAPPORT_IMPORT_COMPANY:
          if (contact || deal)
            {
              g_free (row->company);
              row->company = g_steal_pointer (&cell);
            }
          else
            set_text (context, row, "name", i, cell);
          break;
        case RAPPORT_IMPORT_COMPANY_ID:
          if ((contact || deal) && source->mapping->system != NULL)
            {
              g_free (row->company_ref);
              row->company_ref = g_strdup_printf ("%s:%s", source->mapping->system, cell);
            }
          break;
        case RAPPORT_IMPORT_EMAIL:
          if (email_column < 0)
            email_column = i;
          slot_add (&emails[slot], cell);
          if (emails[slot].label == NULL && target->label != NULL)
            emails[slot].label = g_strdup (target->label);
          break;
        case RAPPORT_IMPORT_EMAIL_LABEL:
          slot_label (&emails[slot], cell);
          break;
        case RAPPORT_IMPORT_PHONE:
          if (looks_like_excel_number (cell))
            {
              rapport_import_row_problem (row, column,
                                          _("“%s” is a number a spreadsheet shortened: the phone’s digits are lost"),
                                          cell);
              break;
            }
          if (phone_column < 0)
            phone_column = i;
          slot_add (&phones[slot], cell);
          if (phones[slot].label == NULL && target->label != NULL)
            phones[slot].label = g_strdup (target->label);
          break;
        case RAPPORT_IMPORT_PHONE_LABEL:
          slot_label (&phones[slot], cell);
          break;
        case RAPPORT_IMPORT_ADDRESS:
          if (address_column < 0)
            address_column = i;
          g_free (address->formatted);
          address->formatted = g_steal_pointer (&cell);
          break;
        case RAPPORT_IMPORT_STREET:
        case RAPPORT_IMPORT_STREET2:
        case RAPPORT_IMPORT_POSTCODE:
        case RAPPORT_IMPORT_CITY:
        case RAPPORT_IMPORT_REGION:
        case RAPPORT_IMPORT_COUNTRY:
          {
            guint part = target->kind == RAPPORT_IMPORT_STREET ? 0
                         : target->kind == RAPPORT_IMPORT_STREET2 ? 1
                         : target->kind == RAPPORT_IMPORT_POSTCODE ? 2
                         : target->kind == RAPPORT_IMPORT_CITY ? 3
                         : target->kind == RAPPORT_IMPORT_REGION ? 4 : 5;

            if (address_column < 0)
              address_column = i;
            g_free (address->parts[part]);
            address->parts[part] = g_steal_pointer (&cell);
          }
          break;
        case RAPPORT_IMPORT_BIRTHDAY:
        case RAPPORT_IMPORT_CLOSE_DATE:
          {
            const char *field = target->kind == RAPPORT_IMPORT_BIRTHDAY ? "birthday" : "expected_close";
            g_autofree char *date = NULL;

            if ((target->kind == RAPPORT_IMPORT_BIRTHDAY) != contact)
              break;
            /* Google writes a birthday without its year as "--06-23": there is no date to keep. */
            if (g_str_has_prefix (cell, "--"))
              break;
            date = rapport_import_parse_date (cell, context->date_orders[i]);
            if (date == NULL)
              rapport_import_row_problem (row, column, _("“%s” is not a date"), cell);
            else
              set_text (context, row, field, i, date);
          }
          break;
        case RAPPORT_IMPORT_NOTES:
          if (!deal)
            set_text (context, row, "notes", i, cell);
          break;
        case RAPPORT_IMPORT_TAGS:
          note_column (context, "tags", i);
          json_object_set_array_member (row->values, "tags", tags_of (cell));
          break;
        case RAPPORT_IMPORT_SOURCE:
          if (contact)
            set_text (context, row, "source", i, cell);
          break;
        case RAPPORT_IMPORT_LIFECYCLE:
          if (contact && lifecycle_of (cell) != NULL)
            set_text (context, row, "lifecycle", i, lifecycle_of (cell));
          else if (contact && g_utf8_strlen (cell, -1) > 0 && lifecycle_of (cell) == NULL)
            rapport_import_row_problem (row, column, _("“%s” is not a lifecycle stage Rapport knows"), cell);
          break;
        case RAPPORT_IMPORT_EMAIL_CONSENT:
        case RAPPORT_IMPORT_EMAIL_OPT_OUT:
        case RAPPORT_IMPORT_WON:
          {
            gboolean value;

            if (!rapport_import_parse_bool (cell, &value))
              rapport_import_row_problem (row, column, _("“%s” is neither yes nor no"), cell);
            else if (target->kind == RAPPORT_IMPORT_WON)
              row->won = value;
            else if (contact)
              {
                note_column (context, "email_consent", i);
                json_object_set_boolean_member (row->values, "email_consent",
                                                target->kind == RAPPORT_IMPORT_EMAIL_CONSENT ? value : !value);
              }
          }
          break;
        case RAPPORT_IMPORT_DOMAIN:
        case RAPPORT_IMPORT_INDUSTRY:
          if (!contact && !deal)
            set_text (context, row, target->kind == RAPPORT_IMPORT_DOMAIN ? "domain" : "industry", i, cell);
          break;
        case RAPPORT_IMPORT_WEBSITE:
          if (!contact && !deal)
            set_text (context, row, "website", i, cell);
          break;
        case RAPPORT_IMPORT_EMPLOYEES:
        case RAPPORT_IMPORT_PROBABILITY:
          {
            gint64 number;

            /* A company's employees, a deal's probability. */
            if (target->kind == RAPPORT_IMPORT_EMPLOYEES ? contact || deal : !deal)
              break;
            if (!rapport_import_parse_money (cell, 0, &number))
              rapport_import_row_problem (row, column, _("“%s” is not a number"), cell);
            else
              {
                const char *field = target->kind == RAPPORT_IMPORT_EMPLOYEES ? "employees" : "probability";

                note_column (context, field, i);
                json_object_set_int_member (row->values, field, number);
              }
          }
          break;
        case RAPPORT_IMPORT_AMOUNT:
          amount_text = cells[i];
          amount_column = i;
          break;
        case RAPPORT_IMPORT_CURRENCY:
          currency_column = i;
          break;
        case RAPPORT_IMPORT_STAGE:
          if (deal)
            {
              g_free (row->stage);
              row->stage = g_steal_pointer (&cell);
            }
          break;
        case RAPPORT_IMPORT_LOST_REASON:
          if (deal)
            set_text (context, row, "lost_reason", i, cell);
          break;
        }
    }

  if (external != NULL)
    {
      g_autofree char *ref = source->mapping->system != NULL
                               ? g_strdup_printf ("%s:%s", source->mapping->system, external)
                               : g_strdup (external);

      json_object_set_string_member (row->values, "external_ref", ref);
    }

  if (contact)
    {
      if (first == NULL && last == NULL && full_name != NULL)
        split_full_name (full_name, &first, &last);
      if (first != NULL && middle != NULL)
        {
          char *joined = g_strconcat (first, " ", middle, NULL);

          g_free (first);
          first = joined;
        }
      if (first != NULL)
        json_object_set_string_member (row->values, "first_name", first);
      if (last != NULL)
        json_object_set_string_member (row->values, "last_name", last);
    }

  if (email_column >= 0)
    {
      JsonArray *list = slots_to_list (emails);

      if (contact && json_array_get_length (list) > 0)
        {
          note_column (context, "emails", email_column);
          json_object_set_array_member (row->values, "emails", list);
        }
      else
        json_array_unref (list);
    }
  if (phone_column >= 0)
    {
      JsonArray *list = slots_to_list (phones);

      if (contact && json_array_get_length (list) > 0)
        {
          note_column (context, "phones", phone_column);
          json_object_set_array_member (row->values, "phones", list);
        }
      else
        {
          if (!deal && json_array_get_length (list) > 0)
            set_text (context, row, "phone", phone_column,
                      json_object_get_string_member (json_array_get_object_element (list, 0), "value"));
          json_array_unref (list);
        }
    }
  if (address_column >= 0 && !deal)
    for (guint a = 0; a < G_N_ELEMENTS (addresses); a++)
      {
        g_autofree char *text = address_text (&addresses[a]);

        if (text != NULL)
          {
            set_text (context, row, "address", address_column, text);
            break;
          }
      }

  if (deal && amount_text != NULL && *amount_text != '\0')
    {
      gint64 minor;

      if (currency_column >= 0 && (guint) currency_column < n_cells && *cells[currency_column])
        currency = cells[currency_column];
      if (currency == NULL)
        rapport_import_row_problem (row, source->header[amount_column],
                                    _("The amount has no currency: the file names none and none was chosen"));
      else if (!rapport_import_parse_money (amount_text, rapport_money_exponent (currency), &minor))
        rapport_import_row_problem (row, source->header[amount_column],
                                    _("“%s” is not an amount"), amount_text);
      else
        {
          note_column (context, "amount", amount_column);
          json_object_set_int_member (row->values, "amount", minor);
          json_object_set_string_member (row->values, "currency", currency);
        }
    }

  slots_clear (emails);
  slots_clear (phones);
  for (guint a = 0; a < G_N_ELEMENTS (addresses); a++)
    address_clear (&addresses[a]);
  return row;
}

static gboolean
read_csv (RapportImportSource        *source,
          const char                 *text,
          const RapportImportOptions *options,
          GError                    **error)
{
  g_autoptr(RapportCsvReader) reader = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) field_columns = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree RapportDateOrder *orders = NULL;
  g_autofree char *currency = NULL;
  RowContext context = { source, options };
  gboolean mapped = FALSE;
  GStrv cells;
  guint line;

  source->delimiter = rapport_csv_sniff_delimiter (text);
  reader = rapport_csv_reader_new (text, source->delimiter);
  source->header = rapport_csv_reader_next (reader, &line);
  if (source->header == NULL)
    {
      g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_FORMAT,
                   _("The file is empty"));
      return FALSE;
    }
  for (guint i = 0; source->header[i] != NULL; i++)
    g_strstrip (source->header[i]);
  source->mapping = rapport_import_mapping_detect ((const char * const *) source->header,
                                                   options->entity);
  /* The user's columns (the app's mapper) over the detected ones. */
  if (options->mapping != NULL && options->mapping->n_columns == source->mapping->n_columns)
    {
      RapportImportMapping *chosen = rapport_import_mapping_copy (options->mapping);

      if (options->entity != NULL)
        chosen->entity = options->entity;
      else if (chosen->entity == NULL)
        chosen->entity = source->mapping->entity;
      rapport_import_mapping_free (source->mapping);
      source->mapping = chosen;
    }
  source->entity = source->mapping->entity ? source->mapping->entity : "contact";
  for (guint i = 0; i < source->mapping->n_columns; i++)
    mapped = mapped || source->mapping->targets[i].kind != RAPPORT_IMPORT_IGNORE;
  if (!mapped && !options->map_later)
    {
      g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_MAPPING,
                   _("None of the file’s columns could be matched to a field of Rapport"));
      return FALSE;
    }

  while ((cells = rapport_csv_reader_next (reader, &line)) != NULL)
    {
      g_ptr_array_add (records, cells);
      g_array_append_val (lines, line);
    }

  if (records->len > 0)
    source->sample = g_strdupv (records->pdata[0]);

  /* The day/month order of each date column, from all its values. */
  orders = g_new0 (RapportDateOrder, source->mapping->n_columns);
  for (guint i = 0; i < source->mapping->n_columns; i++)
    {
      RapportImportKind kind = source->mapping->targets[i].kind;
      g_autoptr(GPtrArray) column = NULL;

      if (kind != RAPPORT_IMPORT_BIRTHDAY && kind != RAPPORT_IMPORT_CLOSE_DATE)
        continue;
      column = g_ptr_array_new ();
      for (guint r = 0; r < records->len; r++)
        {
          GStrv record = records->pdata[r];

          if (i < g_strv_length (record))
            g_ptr_array_add (column, record[i]);
        }
      g_ptr_array_add (column, NULL);
      orders[i] = rapport_import_date_order ((const char * const *) column->pdata);
    }

  currency = g_strdup (options->currency ? options->currency : NULL);
  if (currency == NULL)
    currency = rapport_money_locale_currency ();
  context.date_orders = orders;
  context.currency = currency;
  context.field_columns = field_columns;
  for (guint r = 0; r < records->len; r++)
    g_ptr_array_add (source->rows,
                     build_row (&context, g_array_index (lines, guint, r), records->pdata[r]));
  source->field_columns = g_steal_pointer (&field_columns);
  return TRUE;
}

/* vCards begin with BEGIN:VCARD, in any case, after blank lines. */
static gboolean
is_vcard (const char *text)
{
  while (g_ascii_isspace (*text))
    text++;
  return g_ascii_strncasecmp (text, "BEGIN:VCARD", 11) == 0;
}

static gboolean
is_wide (const char *data,
         gsize       length)
{
  return (length >= 2 && ((guchar) data[0] == 0xff || (guchar) data[0] == 0xfe || data[0] == 0 ||
                          data[1] == 0));
}

/**
 * rapport_import_source_parse:
 * @name: the file's name, for messages
 *
 * Reads a whole CSV or vCard file into rows.
 *
 * Returns: (transfer full): the rows, each with the problems of its values
 */
RapportImportSource *
rapport_import_source_parse (const char                 *data,
                             gsize                       length,
                             const char                 *name,
                             const RapportImportOptions *options,
                             GError                    **error)
{
  g_autoptr(RapportImportSource) source = g_new0 (RapportImportSource, 1);
  g_autofree char *text = NULL;
  g_autofree char *wide_text = NULL;

  source->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_import_row_free);

  /* A vCard's values may each have their own charset: it is decoded per
   * value, unless the whole file is UTF-16 or UTF-32. */
  if (is_wide (data, length) &&
      (wide_text = rapport_import_decode (data, length, options->encoding, &source->encoding, NULL)) &&
      is_vcard (wide_text))
    {
      data = wide_text;
      length = strlen (wide_text);
    }
  else if (wide_text == NULL && length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (length > 0 && is_vcard (data))
    {
      GPtrArray *rows = rapport_import_vcard_read (data, length, options->encoding, error);

      if (rows == NULL)
        return NULL;
      g_ptr_array_unref (source->rows);
      source->rows = rows;
      source->format = g_strdup ("vcard");
      source->entity = "contact";
      if (source->encoding == NULL)
        source->encoding = g_strdup (options->encoding ? options->encoding : "UTF-8");
      return g_steal_pointer (&source);
    }

  g_clear_pointer (&source->encoding, g_free);
  text = rapport_import_decode (data, length, options->encoding, &source->encoding, error);
  if (text == NULL)
    return NULL;
  source->format = g_strdup ("csv");
  if (!read_csv (source, text, options, error))
    return NULL;
  if (source->rows->len == 0)
    {
      g_set_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_FORMAT,
                   _("“%s” has a header but no rows"), name);
      return NULL;
    }
  return g_steal_pointer (&source);
}

/**
 * rapport_import_source_read:
 *
 * Returns: (transfer full): the rows of the file at @path
 */
RapportImportSource *
rapport_import_source_read (const char                 *path,
                            const RapportImportOptions *options,
                            GError                    **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return rapport_import_source_parse (data, length, name, options, error);
}
