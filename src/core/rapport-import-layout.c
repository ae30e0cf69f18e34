/* rapport-import-layout.c: which column of a CSV file is which field
 *
 * The exports people bring have known layouts, found by their column
 * titles: Google Contacts (the legacy and the 2020 layout), Outlook (whose
 * titles are translated: English, German, Dutch and Japanese here),
 * Salesforce (API names, in any case), HubSpot (its English labels) and
 * Rapport's own. The title lists were written from each format's
 * documentation. A file of another layout gets suggestions: each title is
 * compared with every known title and field name, and the closest one
 * above a threshold is proposed, with its similarity as the score.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "rapport-import-layout.h"
#include "rapport-text.h"

typedef struct
{
  const char       *title;
  RapportImportKind kind;
  guint             slot;
  const char       *label;
} Title;

typedef struct
{
  const char         *name;
  const char         *entity;
  const char         *system;
  gboolean            any_case;
  const Title        *titles;
  const char * const *marks; /* one of them must be there */
} Layout;

/* clang-format off */
#define K(k) RAPPORT_IMPORT_##k
#define NAMES(...) (const char * const []) { __VA_ARGS__, NULL }

static const Title google_2020[] = {
  { "First Name", K (FIRST_NAME) }, { "Middle Name", K (MIDDLE_NAME) }, { "Last Name", K (LAST_NAME) },
  { "Organization Name", K (COMPANY) }, { "Organization Title", K (JOB_TITLE) },
  { "Birthday", K (BIRTHDAY) }, { "Notes", K (NOTES) }, { "Labels", K (TAGS) },
  { NULL }
};
static const Title google_legacy[] = {
  { "Name", K (FULL_NAME) }, { "Given Name", K (FIRST_NAME) }, { "Additional Name", K (MIDDLE_NAME) },
  { "Family Name", K (LAST_NAME) }, { "Birthday", K (BIRTHDAY) }, { "Notes", K (NOTES) },
  { "Group Membership", K (TAGS) },
  { NULL }
};

/* Outlook: the business address first, a CRM's address being the work one. */
#define OUTLOOK(first, middle, last, company, job, bstreet, bstreet2, bcity, bregion, bcode, bcountry, \
                hstreet, hcity, hregion, hcode, hcountry, bphone, hphone, mobile, email1, email2, \
                email3, birthday, notes, categories, web) \
  { first, K (FIRST_NAME) }, { middle, K (MIDDLE_NAME) }, { last, K (LAST_NAME) }, \
  { company, K (COMPANY) }, { job, K (JOB_TITLE) }, \
  { bstreet, K (STREET) }, { bstreet2, K (STREET2) }, { bcity, K (CITY) }, { bregion, K (REGION) }, \
  { bcode, K (POSTCODE) }, { bcountry, K (COUNTRY) }, \
  { hstreet, K (STREET), 1 }, { hcity, K (CITY), 1 }, { hregion, K (REGION), 1 }, \
  { hcode, K (POSTCODE), 1 }, { hcountry, K (COUNTRY), 1 }, \
  { bphone, K (PHONE), 0, "work" }, { hphone, K (PHONE), 1, "home" }, { mobile, K (PHONE), 2, "mobile" }, \
  { email1, K (EMAIL), 0 }, { email2, K (EMAIL), 1 }, { email3, K (EMAIL), 2 }, \
  { birthday, K (BIRTHDAY) }, { notes, K (NOTES) }, { categories, K (TAGS) }, { web, K (WEBSITE) }, \
  { NULL }

static const Title outlook_en[] = {
  OUTLOOK ("First Name", "Middle Name", "Last Name", "Company", "Job Title",
           "Business Street", "Business Street 2", "Business City", "Business State",
           "Business Postal Code", "Business Country/Region",
           "Home Street", "Home City", "Home State", "Home Postal Code", "Home Country/Region",
           "Business Phone", "Home Phone", "Mobile Phone",
           "E-mail Address", "E-mail 2 Address", "E-mail 3 Address",
           "Birthday", "Notes", "Categories", "Web Page")
};
static const Title outlook_de[] = {
  OUTLOOK ("Vorname", "Weitere Vornamen", "Nachname", "Firma", "Position",
           "Straße geschäftlich", "Straße geschäftlich 2", "Ort geschäftlich", "Region geschäftlich",
           "Postleitzahl geschäftlich", "Land/Region geschäftlich",
           "Straße privat", "Ort privat", "Region privat", "Postleitzahl privat", "Land/Region privat",
           "Telefon geschäftlich", "Telefon privat", "Mobiltelefon",
           "E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse",
           "Geburtstag", "Notizen", "Kategorien", "Webseite")
};
static const Title outlook_nl[] = {
  OUTLOOK ("Voornaam", "Middelste naam", "Achternaam", "Bedrijf", "Functie",
           "Werkadres, straat", "Werkadres, straat 2", "Werkadres, plaats", "Werkadres, provincie",
           "Werkadres, postcode", "Werkadres, land/regio",
           "Huisadres, straat", "Huisadres, plaats", "Huisadres, provincie", "Huisadres, postcode",
           "Huisadres, land/regio",
           "Telefoon op werk", "Telefoon thuis", "Mobiele telefoon",
           "E-mailadres", "E-mailadres 2", "E-mailadres 3",
           "Verjaardag", "Notities", "Categorieën", "Webpagina")
};
static const Title outlook_ja[] = {
  OUTLOOK ("名", "ミドル ネーム", "姓", "会社名", "役職",
           "勤務先 番地", "勤務先 番地 2", "勤務先 市区町村", "勤務先 都道府県",
           "勤務先 郵便番号", "勤務先 国/地域",
           "自宅 番地", "自宅 市区町村", "自宅 都道府県", "自宅 郵便番号", "自宅 国/地域",
           "会社電話", "自宅電話", "携帯電話",
           "電子メール アドレス", "電子メール 2 アドレス", "電子メール 3 アドレス",
           "誕生日", "メモ", "分類", "Web ページ")
};

/* Salesforce API names (compared in any case), of the Account, Contact and
 * Opportunity objects at once: which one a file holds is told apart by
 * the fields only one of them has. */
static const Title salesforce[] = {
  { "Id", K (EXTERNAL_ID) }, { "AccountId", K (COMPANY_ID) },
  { "FirstName", K (FIRST_NAME) }, { "LastName", K (LAST_NAME) }, { "Title", K (JOB_TITLE) },
  { "Email", K (EMAIL) }, { "Phone", K (PHONE), 0, "work" }, { "MobilePhone", K (PHONE), 1, "mobile" },
  { "HomePhone", K (PHONE), 2, "home" },
  { "MailingStreet", K (STREET) }, { "MailingCity", K (CITY) }, { "MailingState", K (REGION) },
  { "MailingPostalCode", K (POSTCODE) }, { "MailingCountry", K (COUNTRY) },
  { "BillingStreet", K (STREET) }, { "BillingCity", K (CITY) }, { "BillingState", K (REGION) },
  { "BillingPostalCode", K (POSTCODE) }, { "BillingCountry", K (COUNTRY) },
  { "Birthdate", K (BIRTHDAY) }, { "Description", K (NOTES) }, { "LeadSource", K (SOURCE) },
  { "HasOptedOutOfEmail", K (EMAIL_OPT_OUT) },
  { "Name", K (NAME) }, { "Website", K (WEBSITE) }, { "Industry", K (INDUSTRY) },
  { "NumberOfEmployees", K (EMPLOYEES) },
  { "StageName", K (STAGE) }, { "Amount", K (AMOUNT) }, { "CurrencyIsoCode", K (CURRENCY) },
  { "Probability", K (PROBABILITY) }, { "CloseDate", K (CLOSE_DATE) }, { "IsWon", K (WON) },
  { NULL }
};

static const Title hubspot[] = {
  { "Record ID", K (EXTERNAL_ID) }, { "First Name", K (FIRST_NAME) }, { "Last Name", K (LAST_NAME) },
  { "Email", K (EMAIL) }, { "Phone Number", K (PHONE), 0, "work" },
  { "Mobile Phone Number", K (PHONE), 1, "mobile" }, { "Job Title", K (JOB_TITLE) },
  { "Company Name", K (COMPANY) }, { "Associated Company", K (COMPANY) },
  { "Street Address", K (STREET) }, { "City", K (CITY) }, { "State/Region", K (REGION) },
  { "Postal Code", K (POSTCODE) }, { "Country/Region", K (COUNTRY) },
  { "Lifecycle Stage", K (LIFECYCLE) }, { "Original Source", K (SOURCE) },
  { "Company name", K (NAME) }, { "Company Domain Name", K (DOMAIN) }, { "Industry", K (INDUSTRY) },
  { "Number of Employees", K (EMPLOYEES) }, { "Website URL", K (WEBSITE) },
  { "Deal Name", K (NAME) }, { "Amount", K (AMOUNT) }, { "Close Date", K (CLOSE_DATE) },
  { "Deal Stage", K (STAGE) }, { "Currency", K (CURRENCY) }, { "Closed Lost Reason", K (LOST_REASON) },
  { NULL }
};

/* Rapport's own export: field names, numbered emails and phones. */
static const Title rapport[] = {
  { "id", K (ID) }, { "external_ref", K (EXTERNAL_ID) },
  { "first_name", K (FIRST_NAME) }, { "last_name", K (LAST_NAME) }, { "title", K (JOB_TITLE) },
  { "company", K (COMPANY) }, { "address", K (ADDRESS) }, { "birthday", K (BIRTHDAY) },
  { "lifecycle", K (LIFECYCLE) }, { "source", K (SOURCE) }, { "tags", K (TAGS) },
  { "notes", K (NOTES) }, { "email_consent", K (EMAIL_CONSENT) },
  { "name", K (NAME) }, { "domain", K (DOMAIN) }, { "industry", K (INDUSTRY) },
  { "employees", K (EMPLOYEES) }, { "phone", K (PHONE) }, { "website", K (WEBSITE) },
  { "amount", K (AMOUNT) }, { "currency", K (CURRENCY) }, { "probability", K (PROBABILITY) },
  { "expected_close", K (CLOSE_DATE) }, { "stage", K (STAGE) }, { "lost_reason", K (LOST_REASON) },
  { NULL }
};

static const Layout layouts[] = {
  { "rapport", NULL, NULL, FALSE, rapport, NAMES ("id") },
  { "google-2020", "contact", NULL, FALSE, google_2020, NAMES ("Labels", "E-mail 1 - Label", "Phone 1 - Label") },
  { "google", "contact", NULL, FALSE, google_legacy, NAMES ("Given Name", "Family Name", "Group Membership") },
  { "outlook-en", "contact", NULL, FALSE, outlook_en, NAMES ("E-mail Address", "E-mail 2 Address", "Business Country/Region") },
  { "outlook-de", "contact", NULL, FALSE, outlook_de, NAMES ("E-Mail-Adresse", "E-Mail 2: Adresse", "Straße geschäftlich") },
  { "outlook-nl", "contact", NULL, FALSE, outlook_nl, NAMES ("E-mailadres", "Huisadres, straat", "Werkadres, straat") },
  { "outlook-ja", "contact", NULL, FALSE, outlook_ja, NAMES ("電子メール アドレス", "勤務先 番地", "会社名") },
  { "salesforce", NULL, "salesforce", TRUE, salesforce, NAMES ("SystemModstamp", "IsDeleted", "CreatedById", "LastModifiedById") },
  { "hubspot", NULL, "hubspot", FALSE, hubspot, NAMES ("Record ID") },
};
/* clang-format on */

static const char * const kind_names[] = {
  "ignore", "id", "external_id", "first_name", "middle_name", "last_name", "full_name",
  "job_title", "company", "company_id", "email", "email_label", "phone", "phone_label",
  "address", "street", "street2", "city", "region", "postcode", "country", "birthday",
  "notes", "tags", "source", "lifecycle", "email_consent", "email_opt_out", "name", "domain",
  "industry", "employees", "website", "amount", "currency", "probability", "close_date",
  "stage", "won", "lost_reason",
};
G_STATIC_ASSERT (G_N_ELEMENTS (kind_names) == RAPPORT_IMPORT_N_KINDS);

/* Words people title columns with, for files of no known layout. */
typedef struct
{
  const char       *word;
  RapportImportKind kind;
} Synonym;

/* clang-format off */
static const Synonym synonyms[] = {
  { "firstname", K (FIRST_NAME) }, { "givenname", K (FIRST_NAME) }, { "forename", K (FIRST_NAME) },
  { "vorname", K (FIRST_NAME) }, { "prenom", K (FIRST_NAME) }, { "名", K (FIRST_NAME) },
  { "lastname", K (LAST_NAME) }, { "surname", K (LAST_NAME) }, { "familyname", K (LAST_NAME) },
  { "nachname", K (LAST_NAME) }, { "nom", K (LAST_NAME) }, { "姓", K (LAST_NAME) },
  { "fullname", K (FULL_NAME) }, { "name", K (FULL_NAME) }, { "contact", K (FULL_NAME) },
  { "姓名", K (FULL_NAME) }, { "联系人", K (FULL_NAME) },
  { "email", K (EMAIL) }, { "emailaddress", K (EMAIL) }, { "mail", K (EMAIL) }, { "邮箱", K (EMAIL) },
  { "电子邮件", K (EMAIL) },
  { "phone", K (PHONE) }, { "telephone", K (PHONE) }, { "tel", K (PHONE) }, { "mobile", K (PHONE) },
  { "cell", K (PHONE) }, { "telefon", K (PHONE) }, { "电话", K (PHONE) }, { "手机", K (PHONE) },
  { "company", K (COMPANY) }, { "organization", K (COMPANY) }, { "organisation", K (COMPANY) },
  { "account", K (COMPANY) }, { "firma", K (COMPANY) }, { "公司", K (COMPANY) },
  { "jobtitle", K (JOB_TITLE) }, { "title", K (JOB_TITLE) }, { "position", K (JOB_TITLE) },
  { "role", K (JOB_TITLE) }, { "职位", K (JOB_TITLE) },
  { "address", K (ADDRESS) }, { "street", K (STREET) }, { "city", K (CITY) }, { "town", K (CITY) },
  { "state", K (REGION) }, { "region", K (REGION) }, { "province", K (REGION) },
  { "zip", K (POSTCODE) }, { "zipcode", K (POSTCODE) }, { "postcode", K (POSTCODE) },
  { "postalcode", K (POSTCODE) }, { "country", K (COUNTRY) }, { "地址", K (ADDRESS) },
  { "birthday", K (BIRTHDAY) }, { "birthdate", K (BIRTHDAY) }, { "dateofbirth", K (BIRTHDAY) },
  { "生日", K (BIRTHDAY) },
  { "notes", K (NOTES) }, { "note", K (NOTES) }, { "comments", K (NOTES) }, { "description", K (NOTES) },
  { "备注", K (NOTES) },
  { "tags", K (TAGS) }, { "labels", K (TAGS) }, { "categories", K (TAGS) }, { "groups", K (TAGS) },
  { "source", K (SOURCE) }, { "leadsource", K (SOURCE) }, { "website", K (WEBSITE) },
  { "url", K (WEBSITE) }, { "homepage", K (WEBSITE) }, { "domain", K (DOMAIN) },
  { "industry", K (INDUSTRY) }, { "employees", K (EMPLOYEES) },
  { "amount", K (AMOUNT) }, { "value", K (AMOUNT) }, { "金额", K (AMOUNT) },
  { "currency", K (CURRENCY) }, { "probability", K (PROBABILITY) },
  { "closedate", K (CLOSE_DATE) }, { "expectedclose", K (CLOSE_DATE) }, { "stage", K (STAGE) },
  { "externalid", K (EXTERNAL_ID) }, { "id", K (EXTERNAL_ID) },
};
/* clang-format on */

/* Suggestions below this similarity are not made. */
#define SUGGESTION_THRESHOLD 0.75
/* The score of a title that contains a known word. */
#define CONTAINED_SCORE 0.8

const char *
rapport_import_kind_name (RapportImportKind kind)
{
  g_return_val_if_fail (kind < RAPPORT_IMPORT_N_KINDS, NULL);
  return kind_names[kind];
}

void
rapport_import_mapping_free (RapportImportMapping *mapping)
{
  g_free (mapping->targets);
  g_free (mapping);
}

static gboolean
title_equal (const Layout *layout,
             const char   *a,
             const char   *b)
{
  return layout->any_case ? g_ascii_strcasecmp (a, b) == 0 : strcmp (a, b) == 0;
}

static const Title *
find_title (const Layout *layout,
            const char   *title)
{
  for (const Title *t = layout->titles; t->title != NULL; t++)
    if (title_equal (layout, t->title, title))
      return t;
  return NULL;
}

/* Google's numbered groups: "E-mail 2 - Value", "Phone 1 - Type",
 * "Address 1 - Street", "Organization 1 - Name". */
static gboolean
google_group (const char          *title,
              RapportImportTarget *target)
{
  /* clang-format off */
  static const struct { const char *group, *part; RapportImportKind kind; } parts[] = {
    { "E-mail", "Value", K (EMAIL) }, { "E-mail", "Type", K (EMAIL_LABEL) },
    { "E-mail", "Label", K (EMAIL_LABEL) }, { "Phone", "Value", K (PHONE) },
    { "Phone", "Type", K (PHONE_LABEL) }, { "Phone", "Label", K (PHONE_LABEL) },
    { "Address", "Formatted", K (ADDRESS) }, { "Address", "Street", K (STREET) },
    { "Address", "City", K (CITY) }, { "Address", "Region", K (REGION) },
    { "Address", "Postal Code", K (POSTCODE) }, { "Address", "Country", K (COUNTRY) },
    { "Organization", "Name", K (COMPANY) }, { "Organization", "Title", K (JOB_TITLE) },
    { "Website", "Value", K (WEBSITE) },
  };
  /* clang-format on */
  char group[32], part[32];
  guint slot;

  /* Some exports put a space before the first of them: " E-mail 1 - Label". */
  while (*title == ' ')
    title++;
  if (sscanf (title, "%31[A-Za-z-] %u - %31[A-Za-z ]", group, &slot, part) != 3 || slot == 0)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (strcmp (group, parts[i].group) == 0 && strcmp (part, parts[i].part) == 0)
      {
        /* Only the first organization and website count. */
        if ((parts[i].kind == K (COMPANY) || parts[i].kind == K (JOB_TITLE) ||
             parts[i].kind == K (WEBSITE)) && slot != 1)
          return FALSE;
        target->kind = parts[i].kind;
        target->slot = slot - 1;
        return TRUE;
      }
  return FALSE;
}

/* Rapport's numbered columns: "Email 2", "Phone 1", "Phone 1 Label". */
static gboolean
rapport_group (const char          *title,
               RapportImportTarget *target)
{
  guint slot;

  if (sscanf (title, "Email %u", &slot) == 1 && slot > 0)
    target->kind = K (EMAIL);
  else if (sscanf (title, "Phone %u", &slot) == 1 && slot > 0)
    target->kind = K (PHONE);
  else
    return FALSE;
  /* "Email 1 Label": what the address is, "work", "home". */
  if (g_str_has_suffix (title, " Label"))
    target->kind = target->kind == K (EMAIL) ? K (EMAIL_LABEL) : K (PHONE_LABEL);
  target->slot = slot - 1;
  return TRUE;
}

static gboolean
has_column (const char * const *header,
            const Layout       *layout,
            const char         *title)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (title_equal (layout, header[i], title))
      return TRUE;
  return FALSE;
}

/* Salesforce and HubSpot export several objects with one vocabulary. */
static const char *
guess_entity (const Layout       *layout,
              const char * const *header)
{
  if (strcmp (layout->name, "salesforce") == 0)
    {
      if (has_column (header, layout, "StageName"))
        return "deal";
      if (has_column (header, layout, "FirstName") || has_column (header, layout, "LastName"))
        return "contact";
      return "company";
    }
  if (strcmp (layout->name, "hubspot") == 0)
    {
      if (has_column (header, layout, "Deal Name"))
        return "deal";
      if (!has_column (header, layout, "First Name") && has_column (header, layout, "Company name"))
        return "company";
      return "contact";
    }
  if (strcmp (layout->name, "rapport") == 0)
    {
      if (has_column (header, layout, "amount") || has_column (header, layout, "expected_close"))
        return "deal";
      if (has_column (header, layout, "first_name") || has_column (header, layout, "last_name"))
        return "contact";
      return "company";
    }
  return layout->entity;
}

static guint
map_known (const Layout         *layout,
           const char * const   *header,
           RapportImportMapping *mapping)
{
  guint hits = 0;

  for (guint i = 0; header[i] != NULL; i++)
    {
      RapportImportTarget *target = &mapping->targets[i];
      const Title *title = find_title (layout, header[i]);

      memset (target, 0, sizeof *target);
      if (title != NULL)
        {
          target->kind = title->kind;
          target->slot = title->slot;
          target->label = title->label;
        }
      else if (!(g_str_has_prefix (layout->name, "google") && google_group (header[i], target)) &&
               !(strcmp (layout->name, "rapport") == 0 && rapport_group (header[i], target)))
        continue;
      target->score = 1;
      hits++;
    }
  return hits;
}

/* A title reduced to what tells titles apart: folded, letters and digits. */
static char *
squeeze (const char *title)
{
  g_autofree char *folded = rapport_text_fold (title);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* 1 − edit distance / length of the longer, over characters. */
static double
similarity (const char *a,
            const char *b)
{
  g_autofree gunichar *x = g_utf8_to_ucs4_fast (a, -1, NULL);
  g_autofree gunichar *y = g_utf8_to_ucs4_fast (b, -1, NULL);
  glong n = 0, m = 0;
  g_autofree guint *row = NULL;

  while (x[n])
    n++;
  while (y[m])
    m++;
  if (n == 0 || m == 0)
    return 0;
  row = g_new (guint, m + 1);
  for (glong j = 0; j <= m; j++)
    row[j] = j;
  for (glong i = 1; i <= n; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= m; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (x[i - 1] != y[j - 1]));
          diagonal = above;
        }
    }
  return 1.0 - (double) row[m] / MAX (n, m);
}

static void
suggest (const char          *title,
         RapportImportTarget *target)
{
  g_autofree char *squeezed = squeeze (title);

  memset (target, 0, sizeof *target);
  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    {
      double score = similarity (squeezed, synonyms[i].word);

      /* "Business Phone", "Work Email": a known word inside the title. */
      if (score < CONTAINED_SCORE && g_utf8_strlen (synonyms[i].word, -1) >= 4 &&
          strstr (squeezed, synonyms[i].word) != NULL)
        score = CONTAINED_SCORE;

      if (score >= SUGGESTION_THRESHOLD && score > target->score)
        {
          target->kind = synonyms[i].kind;
          target->score = score;
        }
    }
  /* Two columns called "Phone 1" and "Phone 2" are two phones. */
  if (target->kind == K (EMAIL) || target->kind == K (PHONE))
    {
      const char *digit = strpbrk (title, "123456789");

      if (digit != NULL)
        target->slot = *digit - '1';
    }
}

/**
 * rapport_import_mapping_detect:
 * @header: the file's first row
 * @entity: (nullable): the record type the user asked for
 *
 * Returns: (transfer full): the mapping of the known layout with the most
 *   columns among those whose marks are there; or, with a %NULL layout,
 *   suggestions by similarity of the titles
 */
RapportImportMapping *
rapport_import_mapping_detect (const char * const *header,
                               const char         *entity)
{
  g_autoptr(RapportImportMapping) mapping = g_new0 (RapportImportMapping, 1);
  const Layout *best = NULL;
  guint best_hits = 0;

  mapping->n_columns = g_strv_length ((char **) header);
  mapping->targets = g_new0 (RapportImportTarget, mapping->n_columns + 1);

  for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
    {
      gboolean marked = FALSE;
      guint hits;

      for (guint m = 0; layouts[l].marks[m] != NULL && !marked; m++)
        marked = has_column (header, &layouts[l], layouts[l].marks[m]);
      if (!marked)
        continue;
      hits = map_known (&layouts[l], header, mapping);
      if (hits > best_hits)
        {
          best = &layouts[l];
          best_hits = hits;
        }
    }

  if (best != NULL)
    {
      map_known (best, header, mapping);
      mapping->layout = best->name;
      mapping->system = best->system;
      mapping->entity = entity ? entity : guess_entity (best, header);
      return g_steal_pointer (&mapping);
    }

  for (guint i = 0; i < mapping->n_columns; i++)
    suggest (header[i], &mapping->targets[i]);
  mapping->entity = entity;
  return g_steal_pointer (&mapping);
}

/**
 * rapport_import_mapping_copy:
 *
 * Returns: (transfer full): a copy of @mapping, for a mapping a user edits
 */
RapportImportMapping *
rapport_import_mapping_copy (const RapportImportMapping *mapping)
{
  RapportImportMapping *copy = g_memdup2 (mapping, sizeof *mapping);

  copy->targets = g_memdup2 (mapping->targets, sizeof *mapping->targets * (mapping->n_columns + 1));
  return copy;
}

/**
 * rapport_import_layout_label:
 * @layout: (nullable): a mapping's layout
 *
 * Returns: what a user calls the layout: "Outlook (German)"
 */
const char *
rapport_import_layout_label (const char *layout)
{
  /* clang-format off */
  static const struct { const char *id, *name; } names[] = {
    { "google", N_("Google Contacts (legacy)") }, { "google-2020", N_("Google Contacts") },
    { "outlook-en", N_("Outlook (English)") }, { "outlook-de", N_("Outlook (German)") },
    { "outlook-nl", N_("Outlook (Dutch)") }, { "outlook-ja", N_("Outlook (Japanese)") },
    { "salesforce", N_("Salesforce") }, { "hubspot", N_("HubSpot") },
    { "rapport", N_("Rapport") },
  };
  /* clang-format on */

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (layout, names[i].id) == 0)
      return _(names[i].name);
  return _("Unknown layout");
}
