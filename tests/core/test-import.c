/* test-import.c: reading files to import: encodings, CSV, layouts, values
 * and vCard variants, before anything reaches a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rapport-csv.h"
#include "rapport-import.h"
#include "rapport-import-decode.h"
#include "rapport-import-values.h"

static char *
decode (const char *data,
        gsize       length,
        char      **encoding)
{
  g_autoptr(GError) error = NULL;
  char *text = rapport_import_decode (data, length, NULL, encoding, &error);

  g_assert_no_error (error);
  return text;
}

static void
test_decode_marks (void)
{
  /* clang-format off */
  static const struct { const char *bytes; gsize length; const char *encoding; } cases[] = {
    { "\xef\xbb\xbfName", 7, "UTF-8" },
    { "\xff\xfeN\0a\0m\0e\0", 10, "UTF-16LE" },
    { "\xfe\xff\0N\0a\0m\0e", 10, "UTF-16BE" },
    { "\xff\xfe\0\0N\0\0\0a\0\0\0m\0\0\0e\0\0\0", 20, "UTF-32LE" },
    { "\0\0\xfe\xff\0\0\0N\0\0\0a\0\0\0m\0\0\0e", 20, "UTF-32BE" },
    /* No mark, but every other byte of a header is zero. */
    { "N\0a\0m\0e\0,\0x\0", 12, "UTF-16LE" },
  };
  /* clang-format on */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoding = NULL;
      g_autofree char *text = decode (cases[i].bytes, cases[i].length, &encoding);

      g_assert_cmpstr (encoding, ==, cases[i].encoding);
      /* The mark is gone: the first column is "Name", not "\ufeffName". */
      g_assert_true (g_str_has_prefix (text, "Name"));
    }
}

static void
test_decode_legacy (void)
{
  g_autofree char *encoding = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* Valid UTF-8 is UTF-8; "Müller" in cp1252 is not, and is read as cp1252 here (C locale). */
  text = decode ("M\xc3\xbcller", 7, &encoding);
  g_assert_cmpstr (text, ==, "Müller");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&encoding, g_free);
  text = decode ("M\xfcller;Stra\xdf" "e", 13, &encoding);
  g_assert_cmpstr (encoding, ==, "CP1252");
  g_assert_cmpstr (text, ==, "Müller;Straße");
  g_clear_pointer (&text, g_free);

  /* GB18030 when the user says so. */
  text = rapport_import_decode ("\xcd\xf5\xb7\xbc", 4, "GB18030", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "王芳");
  g_clear_pointer (&text, g_free);

  /* What cannot be read says why and gives nothing. */
  text = rapport_import_decode ("M\xfcller", 6, "UTF-8", NULL, &error);
  g_assert_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING);
  g_assert_null (text);
  g_clear_error (&error);
  text = rapport_import_decode ("abc", 3, "NO-SUCH-ENCODING", NULL, &error);
  g_assert_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING);
  g_clear_error (&error);
  text = rapport_import_decode ("a\0b", 3, "CP1252", NULL, &error);
  g_assert_error (error, RAPPORT_IMPORT_ERROR, RAPPORT_IMPORT_ERROR_ENCODING);
}

static void
test_csv_delimiters (void)
{
  g_assert_cmpint (rapport_csv_sniff_delimiter ("a,b,c\n1,2,3\n"), ==, ',');
  g_assert_cmpint (rapport_csv_sniff_delimiter ("a;b;c\n1,5;2;3\n"), ==, ';');
  g_assert_cmpint (rapport_csv_sniff_delimiter ("a\tb\n1\t2\n"), ==, '\t');
  g_assert_cmpint (rapport_csv_sniff_delimiter ("a|b|c\n1|2|3\n"), ==, '|');
  /* A quoted delimiter does not count; commas inside the values do not win. */
  g_assert_cmpint (rapport_csv_sniff_delimiter ("Name;Notes\n\"Ana\";\"a, b, c\"\n"), ==, ';');
  g_assert_cmpint (rapport_csv_sniff_delimiter ("one column\nvalue\n"), ==, ',');
}

static void
test_csv_quoting (void)
{
  const char *text =
    "Name,Address,Notes\r\n"
    "\"Ana \"\"the boss\"\" Ribeiro\",\"1 Harbour Road\r\nLisbon\",plain\r\n"
    "\r\n"
    "Lucas,,\"a, b\"\n"
    "last,\"unterminated\nquote";
  g_autoptr(RapportCsvReader) reader = rapport_csv_reader_new (text, ',');
  g_auto(GStrv) header = NULL, first = NULL, second = NULL, third = NULL, end = NULL;
  guint line = 0;

  header = rapport_csv_reader_next (reader, &line);
  g_assert_cmpuint (line, ==, 1);
  g_assert_cmpuint (g_strv_length (header), ==, 3);

  first = rapport_csv_reader_next (reader, &line);
  g_assert_cmpuint (line, ==, 2);
  g_assert_cmpstr (first[0], ==, "Ana \"the boss\" Ribeiro");
  /* A line break inside quotes is one "\n". */
  g_assert_cmpstr (first[1], ==, "1 Harbour Road\nLisbon");
  g_assert_cmpstr (first[2], ==, "plain");

  /* The blank line is skipped; the line count goes on. */
  second = rapport_csv_reader_next (reader, &line);
  g_assert_cmpuint (line, ==, 5);
  g_assert_cmpstr (second[0], ==, "Lucas");
  g_assert_cmpstr (second[1], ==, "");
  g_assert_cmpstr (second[2], ==, "a, b");

  third = rapport_csv_reader_next (reader, &line);
  g_assert_cmpuint (line, ==, 6);
  g_assert_cmpstr (third[1], ==, "unterminated\nquote");
  end = rapport_csv_reader_next (reader, &line);
  g_assert_null (end);
}

static void
test_layouts (void)
{
  /* clang-format off */
  static const struct { const char *header; const char *layout, *entity; } cases[] = {
    { "First Name,Middle Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value", "google-2020", "contact" },
    { "Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value", "google", "contact" },
    { "First Name,Last Name,E-mail Address,Business Country/Region", "outlook-en", "contact" },
    { "Vorname,Nachname,E-Mail-Adresse,Straße geschäftlich", "outlook-de", "contact" },
    { "Voornaam,Achternaam,E-mailadres,Huisadres, straat", "outlook-nl", "contact" },
    { "姓,名,電子メール アドレス,会社名", "outlook-ja", "contact" },
    { "ID,ISDELETED,NAME,BILLINGCITY", "salesforce", "company" },
    { "id,isdeleted,firstname,lastname,email,accountid", "salesforce", "contact" },
    { "Id,IsDeleted,Name,StageName,Amount,CloseDate", "salesforce", "deal" },
    { "Record ID,First Name,Last Name,Email", "hubspot", "contact" },
    { "Record ID,Company name,Company Domain Name", "hubspot", "company" },
    { "Record ID,Deal Name,Amount,Close Date", "hubspot", "deal" },
    { "id,first_name,last_name,Email 1,Phone 1", "rapport", "contact" },
  };
  /* clang-format on */

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) header = NULL;
      g_autoptr(RapportImportMapping) mapping = NULL;

      /* The Dutch title has a comma of its own: split by a tab instead. */
      header = g_strsplit (cases[i].header, strstr (cases[i].header, "straat") ? ",,," : ",", -1);
      if (strstr (cases[i].header, "straat"))
        {
          g_strfreev (header);
          header = g_strsplit ("Voornaam|Achternaam|E-mailadres|Huisadres, straat", "|", -1);
        }
      mapping = rapport_import_mapping_detect ((const char * const *) header, NULL);
      g_assert_cmpstr (mapping->layout, ==, cases[i].layout);
      g_assert_cmpstr (mapping->entity, ==, cases[i].entity);
      g_assert_cmpint (mapping->targets[0].kind, !=, RAPPORT_IMPORT_IGNORE);
    }
}

static void
test_suggestions (void)
{
  const char * const header[] = { "E-Mail", "Cell phone", "Organisation", "Favourite colour", "姓名", NULL };
  g_autoptr(RapportImportMapping) mapping = rapport_import_mapping_detect (header, NULL);

  g_assert_null (mapping->layout);
  g_assert_cmpint (mapping->targets[0].kind, ==, RAPPORT_IMPORT_EMAIL);
  g_assert_cmpint (mapping->targets[1].kind, ==, RAPPORT_IMPORT_PHONE);
  g_assert_cmpint (mapping->targets[2].kind, ==, RAPPORT_IMPORT_COMPANY);
  g_assert_cmpint (mapping->targets[3].kind, ==, RAPPORT_IMPORT_IGNORE);
  g_assert_cmpint (mapping->targets[4].kind, ==, RAPPORT_IMPORT_FULL_NAME);
  g_assert_cmpfloat (mapping->targets[0].score, >, 0.75);
}

static void
test_dates (void)
{
  const char * const european[] = { "1.2.1980", "23.06.1974", NULL };
  const char * const american[] = { "1/2/1980", "6/23/1974", NULL };
  const char * const iso[] = { "1980-01-02", NULL };
  /* clang-format off */
  static const struct { const char *text; RapportDateOrder order; const char *date; } cases[] = {
    { "23.06.1974", RAPPORT_DATE_ORDER_DMY, "1974-06-23" },
    { "6/23/1974", RAPPORT_DATE_ORDER_MDY, "1974-06-23" },
    { "1974/6/23", RAPPORT_DATE_ORDER_MDY, "1974-06-23" },
    { "2005-05-27T00:00:00.000Z", RAPPORT_DATE_ORDER_MDY, "2005-05-27" },
    { "1/2/74", RAPPORT_DATE_ORDER_DMY, "1974-02-01" },
    { "31.02.1980", RAPPORT_DATE_ORDER_DMY, NULL },
    { "soon", RAPPORT_DATE_ORDER_DMY, NULL },
  };
  /* clang-format on */

  g_assert_cmpint (rapport_import_date_order (european), ==, RAPPORT_DATE_ORDER_DMY);
  g_assert_cmpint (rapport_import_date_order (american), ==, RAPPORT_DATE_ORDER_MDY);
  /* A column that proves nothing follows the locale's format, whatever it is. */
  g_assert_cmpint (rapport_import_date_order (iso), !=, RAPPORT_DATE_ORDER_UNKNOWN);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *date = rapport_import_parse_date (cases[i].text, cases[i].order);

      g_assert_cmpstr (date, ==, cases[i].date);
    }
}

static void
test_money_and_booleans (void)
{
  /* clang-format off */
  static const struct { const char *text; int exponent; gboolean ok; gint64 minor; } cases[] = {
    { "1,234.56", 2, TRUE, 123456 }, { "1.234,56", 2, TRUE, 123456 },
    { "1 234,5", 2, TRUE, 123450 }, { "$1,234", 2, TRUE, 123400 }, { "12500.50", 2, TRUE, 1250050 },
    { "-12.5", 2, TRUE, -1250 }, { "(7.00)", 2, TRUE, -700 }, { "1.234", 2, TRUE, 123400 },
    { "1,234,567", 0, TRUE, 1234567 }, { "¥1,000", 0, TRUE, 1000 }, { "0.5", 0, FALSE, 0 },
    { "1/2", 2, FALSE, 0 }, { "", 2, FALSE, 0 }, { "12.345", 3, TRUE, 12345 },
  };
  /* clang-format on */
  const char * const yes[] = { "Yes", "TRUE", "1", "x", "ja", "是", NULL };
  const char * const no[] = { "no", "False", "0", "nein", "否", NULL };
  gboolean value;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 minor = 0;

      g_assert_cmpint (rapport_import_parse_money (cases[i].text, cases[i].exponent, &minor), ==,
                       cases[i].ok);
      if (cases[i].ok)
        g_assert_cmpint (minor, ==, cases[i].minor);
    }
  for (guint i = 0; yes[i] != NULL; i++)
    g_assert_true (rapport_import_parse_bool (yes[i], &value) && value);
  for (guint i = 0; no[i] != NULL; i++)
    g_assert_true (rapport_import_parse_bool (no[i], &value) && !value);
  g_assert_false (rapport_import_parse_bool ("maybe", &value));
}

static void
test_google_multi_values (void)
{
  gboolean primary = FALSE;
  g_auto(GStrv) values = rapport_import_split_multi ("a@x.example ::: b@x.example", &primary);
  g_auto(GStrv) labels = rapport_import_split_multi ("* Work", &primary);
  g_autofree char *key = rapport_import_phone_key ("0044 (20) 7946-0000 ext. 12");

  g_assert_cmpuint (g_strv_length (values), ==, 2);
  g_assert_cmpstr (values[1], ==, "b@x.example");
  g_assert_true (primary);
  g_assert_cmpstr (labels[0], ==, "Work");
  g_assert_cmpstr (key, ==, "+442079460000");
}

/* The first card of @text, read as an import reads it. */
static RapportImportRow *
read_card (const char *text,
           gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = rapport_import_vcard_read (text, length, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 1);
  return g_ptr_array_steal_index (rows, 0);
}

static const char *
member (RapportImportRow *row,
        const char       *name)
{
  return json_object_get_string_member_with_default (row->values, name, NULL);
}

static void
test_vcard_fold_inside_utf8 (void)
{
  /* "ü" is C3 BC: the fold falls between its two bytes. */
  const char card[] = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:M\xc3\r\n \xbcller;J\xc3\xbcrgen;;;\r\n"
                      "NOTE:Gr\xc3\r\n\t\xbcnwald\r\nEND:VCARD\r\n";
  RapportImportRow *row = read_card (card, sizeof card - 1);

  g_assert_cmpstr (member (row, "last_name"), ==, "Müller");
  g_assert_cmpstr (member (row, "notes"), ==, "Grünwald");
  rapport_import_row_free (row);
}

static void
test_vcard_quoted_printable (void)
{
  /* Android 2.1: CHARSET and QP on N, a soft break in NOTE whose next
   * line is not indented, a bare QUOTED-PRINTABLE parameter. */
  const char card[] =
    "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E6=9D=8E;=E5=B0=8F=E9=BE=99;;;\r\n"
    "NOTE;QUOTED-PRINTABLE:first line=0D=0Asecond =\r\nline\r\n"
    "ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Caf=E9 M=FCller\r\n"
    "END:VCARD\r\n";
  RapportImportRow *row = read_card (card, sizeof card - 1);

  g_assert_cmpstr (member (row, "last_name"), ==, "李");
  g_assert_cmpstr (member (row, "first_name"), ==, "小龙");
  g_assert_cmpstr (member (row, "notes"), ==, "first line\nsecond line");
  g_assert_cmpstr (row->company, ==, "Café Müller");
  rapport_import_row_free (row);
}

static void
test_vcard_charsets_and_variants (void)
{
  /* Raw Shift_JIS with CHARSET; lower-case BEGIN; VERSION last; a bare
   * 2.1 photo type; SOUND;X-IRMC-N kept; an item1. label. */
  const char card[] =
    "begin:vCard\r\n"
    "N;CHARSET=SHIFT_JIS:\x8e\x52\x93\x63;\x91\xbe\x98\x59\r\n"
    "SOUND;X-IRMC-N:;;;;\r\n"
    "item1.TEL:+81 3 1234 5678\r\nitem1.X-ABLabel:_$!<Main>!$_\r\n"
    "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\r\n\r\n"
    "VERSION:2.1\r\n"
    "end:vcard\r\n";
  RapportImportRow *row = read_card (card, sizeof card - 1);
  JsonArray *phones = json_object_get_array_member (row->values, "phones");
  JsonObject *phone = json_array_get_object_element (phones, 0);

  g_assert_cmpstr (member (row, "last_name"), ==, "山田");
  g_assert_cmpstr (member (row, "first_name"), ==, "太郎");
  g_assert_cmpstr (member (row, "vcard_extra"), ==, "SOUND;X-IRMC-N:;;;;\r\n");
  g_assert_cmpstr (json_object_get_string_member (phone, "label"), ==, "main");
  g_assert_cmpstr (row->photo_type, ==, "image/jpeg");
  g_assert_cmpuint (row->photo_size, ==, 6);
  rapport_import_row_free (row);
}

static void
test_vcard_bad_values_are_left_out (void)
{
  const char card[] = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ana Ribeiro\r\nTEL;HOME:9\r\n"
                      "TEL;CELL:+351 91 555 0100\r\nEMAIL:not an address\r\nEND:VCARD\r\n";
  RapportImportRow *row = read_card (card, sizeof card - 1);
  JsonArray *phones = json_object_get_array_member (row->values, "phones");

  g_assert_cmpstr (member (row, "first_name"), ==, "Ana");
  g_assert_cmpuint (json_array_get_length (phones), ==, 1);
  g_assert_false (json_object_has_member (row->values, "emails"));
  g_assert_cmpuint (row->warnings->len, ==, 2);
  g_assert_cmpuint (row->problems->len, ==, 0);
  rapport_import_row_free (row);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rapport/import/decode/marks", test_decode_marks);
  g_test_add_func ("/rapport/import/decode/legacy", test_decode_legacy);
  g_test_add_func ("/rapport/import/csv/delimiters", test_csv_delimiters);
  g_test_add_func ("/rapport/import/csv/quoting", test_csv_quoting);
  g_test_add_func ("/rapport/import/layout/known", test_layouts);
  g_test_add_func ("/rapport/import/layout/suggestions", test_suggestions);
  g_test_add_func ("/rapport/import/values/dates", test_dates);
  g_test_add_func ("/rapport/import/values/money-and-booleans", test_money_and_booleans);
  g_test_add_func ("/rapport/import/values/google", test_google_multi_values);
  g_test_add_func ("/rapport/import/vcard/fold-inside-utf8", test_vcard_fold_inside_utf8);
  g_test_add_func ("/rapport/import/vcard/quoted-printable", test_vcard_quoted_printable);
  g_test_add_func ("/rapport/import/vcard/charsets-and-variants", test_vcard_charsets_and_variants);
  g_test_add_func ("/rapport/import/vcard/bad-values", test_vcard_bad_values_are_left_out);

  return g_test_run ();
}
