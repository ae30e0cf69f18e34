/* rapport-entity-table.c: the record types of DESIGN.md, described once
 *
 * Each entry says everything that is true of a record type: its fields and
 * their labels, how it is titled, whose it is, who may write it, and how the
 * app lists and shows it. The store, the validation, the codec, the server
 * and the app all read these tables, so a type or a field is added here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-entity"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-approval-steps.h"
#include "rapport-automation.h"
#include "rapport-campaign.h"
#include "rapport-consent.h"
#include "rapport-derived.h"
#include "rapport-entity-private.h"
#include "rapport-not-duplicate.h"
#include "rapport-price-resolve.h"
#include "rapport-quota.h"
#include "rapport-segment.h"
#include "rapport-sla.h"

#define N_ELEMENTS(a) G_N_ELEMENTS (a)

/* The tables are laid out by hand, one field or record type a line. */
/* clang-format off */
static const char * const role_choices[] = { "admin", "manager", "rep", NULL };
static const char * const role_labels[] = { N_("Administrator"), N_("Manager"), N_("Sales Rep"), NULL };
static const char * const lifecycle_choices[] = { "lead", "prospect", "customer", "former", NULL };
static const char * const lifecycle_labels[] = {
  N_("Lead"), N_("Prospect"), N_("Customer"), N_("Former Customer"), NULL
};
static const char * const stage_kind_choices[] = { "open", "won", "lost", NULL };
static const char * const stage_kind_labels[] = { N_("Open"), N_("Won"), N_("Lost"), NULL };
static const char * const deal_status_labels[] = {
  NC_("deal status", "Open"), NC_("deal status", "Won"), NC_("deal status", "Lost"), NULL
};
static const char * const case_status_choices[] = { "new", "open", "pending", "resolved", "closed", NULL };
static const char * const case_status_labels[] = {
  NC_("case status", "New"), NC_("case status", "Open"), NC_("case status", "Pending"),
  NC_("case status", "Resolved"), NC_("case status", "Closed"), NULL
};
static const char * const priority_choices[] = { "low", "normal", "high", "urgent", NULL };
static const char * const priority_labels[] = { N_("Low"), N_("Normal"), N_("High"), N_("Urgent"), NULL };
static const char * const channel_choices[] = { "phone", "email", "chat", "web", "in_person", NULL };
static const char * const channel_labels[] = {
  N_("Phone"), N_("Email"), N_("Chat"), N_("Web"), N_("In Person"), NULL
};
static const char * const activity_kind_choices[] = { "call", "email", "meeting", "note", "chat", NULL };
static const char * const activity_kind_labels[] = {
  N_("Call"), N_("Email"), N_("Meeting"), N_("Note"), N_("Chat"), NULL
};
static const char * const activity_kind_icons[] = {
  "call-start-symbolic", "mail-unread-symbolic", "x-office-calendar-symbolic",
  "document-edit-symbolic", "user-available-symbolic", NULL
};
/* Forecast categories (SPEC.md §2.3), from least to most certain, then out. */
static const char * const forecast_choices[] = {
  "pipeline", "best_case", "commit", "closed", "omitted", NULL
};
static const char * const forecast_labels[] = {
  NC_("forecast", "Pipeline"), NC_("forecast", "Best Case"), NC_("forecast", "Commit"),
  NC_("forecast", "Closed"), NC_("forecast", "Omitted"), NULL
};
static const char * const direction_choices[] = { "inbound", "outbound", NULL };
static const char * const direction_labels[] = { N_("Inbound"), N_("Outbound"), NULL };

/* A merge (SPEC.md §5.3) is of contacts or of companies, and can be undone. */
static const char * const merge_object_choices[] = { "contact", "company", NULL };
static const char * const merge_object_labels[] = { N_("Contact"), N_("Company"), NULL };
static const char * const merge_status_choices[] = { "merged", "undone", NULL };
static const char * const merge_status_labels[] = {
  NC_("merge status", "Merged"), NC_("merge status", "Undone"), NULL
};

/* name, kind, flags, choices, default, min, max, ref, currency, label, choice labels, context */
#define TEXT(n, len, l)             { n, RAPPORT_FIELD_TEXT, 0, NULL, NULL, 0, len, NULL, NULL, l, NULL, NULL }
#define TEXT_F(n, len, fl, l)       { n, RAPPORT_FIELD_TEXT, fl, NULL, NULL, 0, len, NULL, NULL, l, NULL, NULL }
#define PARAGRAPHS(n, l)            TEXT_F (n, 100000, RAPPORT_FIELD_MULTILINE, l)
#define CHOICE(n, fl, ch, def, l, cl, cx) { n, RAPPORT_FIELD_ENUM, fl, ch, def, 0, 0, NULL, NULL, l, cl, cx }
#define ENUM(n, ch, def, l, cl)     CHOICE (n, RAPPORT_FIELD_FILTER, ch, def, l, cl, NULL)
#define INT(n, lo, hi, l)           { n, RAPPORT_FIELD_INT, 0, NULL, NULL, lo, hi, NULL, NULL, l, NULL, NULL }
#define PERCENT(n, l)               { n, RAPPORT_FIELD_INT, RAPPORT_FIELD_PERCENT, NULL, NULL, 0, 100, NULL, NULL, l, NULL, NULL }
#define MONEY(n, hi, cur, l)        { n, RAPPORT_FIELD_MONEY, 0, NULL, NULL, 0, hi, NULL, cur, l, NULL, NULL }
#define OF_KIND(n, k, l)            { n, k, 0, NULL, NULL, 0, 0, NULL, NULL, l, NULL, NULL }
#define OF_KIND_F(n, k, fl, l)      { n, k, fl, NULL, NULL, 0, 0, NULL, NULL, l, NULL, NULL }
/* A date questioned (not refused) before year @from or more than @ahead years from now. */
#define DATE_F(n, fl, from, ahead, l) \
  { n, RAPPORT_FIELD_DATE, RAPPORT_FIELD_PLAUSIBLE | (fl), NULL, NULL, from, ahead, NULL, NULL, l, NULL, NULL }
/* A time questioned when it is later than @other's. */
#define NOT_AFTER(n, other, doubt, l) \
  { n, RAPPORT_FIELD_DATETIME, 0, NULL, NULL, 0, 0, NULL, NULL, l, NULL, NULL, NULL, other, doubt }
#define REF_F(n, e, fl, l)          { n, RAPPORT_FIELD_REF, RAPPORT_FIELD_FILTER | (fl), NULL, NULL, 0, 0, e, NULL, l, NULL, NULL }
#define REF(n, e, l)                REF_F (n, e, 0, l)
/* Parts per million, typed as a percentage: 100000 is 10 %. */
#define PPM(n, l)                   { n, RAPPORT_FIELD_INT, RAPPORT_FIELD_PPM, NULL, NULL, 0, 1000000, NULL, NULL, l, NULL, NULL }
#define REQ RAPPORT_FIELD_REQUIRED
#define SRCH RAPPORT_FIELD_SEARCHABLE
#define LISTED RAPPORT_FIELD_RELATED
#define LINK RAPPORT_FIELD_LINK

/* Money amounts are minor units; 10^15 leaves room for any real deal and stays
 * exact in a double for the JSON of other tools. */
#define MAX_AMOUNT G_GINT64_CONSTANT (1000000000000000)

#define NAMES(...) (const char * const []) { __VA_ARGS__, NULL }
#define GROUP(n, l, k, ...) { n, l, k, NAMES (__VA_ARGS__) }
#define DETAILS(...) GROUP ("details", N_("Details"), RAPPORT_GROUP_FIELDS, __VA_ARGS__)
#define REFERENCES(...) GROUP ("related", N_("Related"), RAPPORT_GROUP_REFERENCES, __VA_ARGS__)
#define LINKED(...) GROUP ("linked", N_("Linked To"), RAPPORT_GROUP_LINKS, __VA_ARGS__)
#define COMPACT(l) .compact = l, .n_compact = N_ELEMENTS (l)
#define NONE ((const char * const []) { NULL })

/* "name" is the login (wang.fang); people read the display name (王芳). */
static const RapportField user_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Login")),
  TEXT ("display_name", 200, N_("Display Name")),
  OF_KIND ("email", RAPPORT_FIELD_EMAIL, N_("Email")),
  { "role", RAPPORT_FIELD_ENUM, REQ, role_choices, "rep", 0, 0, NULL, NULL, N_("Role"), role_labels, NULL },
  OF_KIND ("active", RAPPORT_FIELD_BOOL, N_("Active")),
  /* Who approves for this user's documents (an owner_manager step). */
  REF ("manager_id", "user", N_("Manager")),
};
static const RapportLayoutGroup user_layout[] = {
  DETAILS ("display_name", "name", "email", "role", "active"),
  REFERENCES ("manager_id"),
};

static const RapportField company_fields[] = {
  TEXT_F ("name", 200, REQ | SRCH, N_("Name")),
  TEXT_F ("domain", 253, SRCH, N_("Domain")),
  TEXT_F ("industry", 100, SRCH, N_("Industry")),
  INT ("employees", 0, 10000000, N_("Employees")),
  OF_KIND_F ("phone", RAPPORT_FIELD_PHONE, SRCH, N_("Phone")),
  OF_KIND ("website", RAPPORT_FIELD_URL, N_("Website")),
  TEXT ("address", 1000, N_("Address")),
  REF ("owner_id", "user", N_("Owner")),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH, N_("Tags")),
  PARAGRAPHS ("notes", N_("Notes")),
  /* The id another system knows it by, "salesforce:001…": imports match on it. */
  TEXT ("external_ref", 200, N_("External ID")),
  /* The records merged into this one, written by the server (a merge_event). */
  OF_KIND ("merged_ids", RAPPORT_FIELD_TAGS, N_("Merged Records")),
};
static const RapportLayoutGroup company_layout[] = {
  DETAILS ("name", "domain", "industry", "employees", "phone", "website", "address", "tags", "notes"),
};

static const RapportField contact_fields[] = {
  TEXT_F ("first_name", 200, SRCH, N_("First Name")),
  TEXT_F ("last_name", 200, SRCH, N_("Last Name")),
  /* A deal's title is its name; a contact's title is the job. */
  TEXT ("title", 200, N_("Job Title")),
  REF_F ("company_id", "company", LISTED | RAPPORT_FIELD_ROLL_UP, N_("Company")),
  OF_KIND_F ("emails", RAPPORT_FIELD_EMAIL_LIST, SRCH, N_("Email")),
  OF_KIND_F ("phones", RAPPORT_FIELD_PHONE_LIST, SRCH, N_("Phone")),
  TEXT ("address", 1000, N_("Address")),
  DATE_F ("birthday", 0, 1900, 0, N_("Birthday")),
  ENUM ("lifecycle", lifecycle_choices, "lead", N_("Lifecycle"), lifecycle_labels),
  TEXT ("source", 200, N_("Source")),
  REF ("owner_id", "user", N_("Owner")),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH, N_("Tags")),
  PARAGRAPHS ("notes", N_("Notes")),
  /* The e-mail marketing consent in force, from its consent records
   * (rapport_contact_compute_consent()): null while nobody knows. */
  OF_KIND_F ("email_consent", RAPPORT_FIELD_BOOL, RAPPORT_FIELD_DERIVED, N_("Agreed to Emails")),
  TEXT ("external_ref", 200, N_("External ID")),
  /* vCard properties Rapport has no field for, kept so that an export
   * writes them again (rapport-vcard-read.c). */
  TEXT ("vcard_extra", 100000, N_("Other vCard Properties")),
  /* The records merged into this one, written by the server (a merge_event). */
  OF_KIND ("merged_ids", RAPPORT_FIELD_TAGS, N_("Merged Records")),
};
static const RapportLayoutGroup contact_layout[] = {
  DETAILS ("first_name", "last_name", "title", "emails", "phones", "lifecycle", "address",
           "birthday", "source", "tags", "notes", "email_consent"),
  REFERENCES ("company_id"),
};

static const RapportField pipeline_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Name")),
  INT ("position", 0, 1000000, N_("Position")),
};
static const RapportLayoutGroup pipeline_layout[] = { DETAILS ("name", "position") };

static const RapportField stage_fields[] = {
  REF_F ("pipeline_id", "pipeline", REQ, N_("Pipeline")),
  TEXT_F ("name", 200, REQ, N_("Name")),
  INT ("position", 0, 1000000, N_("Position")),
  PERCENT ("probability", N_("Probability")),
  ENUM ("kind", stage_kind_choices, "open", N_("Kind"), stage_kind_labels),
  /* None: what its kind says (rapport_stage_forecast_category()). */
  CHOICE ("forecast_category", 0, forecast_choices, NULL, N_("Forecast Category"), forecast_labels,
          "forecast"),
  INT ("rotten_days", 0, 3650, N_("Stale After Days")),
};
static const RapportLayoutGroup stage_layout[] = {
  DETAILS ("name", "position", "probability", "kind", "forecast_category", "rotten_days"),
  REFERENCES ("pipeline_id"),
};

static const RapportField deal_fields[] = {
  TEXT_F ("title", 300, REQ | SRCH, N_("Title")),
  REF_F ("company_id", "company", LISTED, N_("Company")),
  REF_F ("contact_id", "contact", LISTED, N_("Contact")),
  REF ("pipeline_id", "pipeline", N_("Pipeline")),
  REF ("stage_id", "stage", N_("Stage")),
  MONEY ("amount", MAX_AMOUNT, "currency", N_("Amount")),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY, N_("Currency")),
  PERCENT ("probability", N_("Probability")),
  DATE_F ("expected_close", RAPPORT_FIELD_WHILE_OPEN, 2000, 20, N_("Expected Close")),
  REF ("owner_id", "user", N_("Owner")),
  CHOICE ("status", RAPPORT_FIELD_FILTER, stage_kind_choices, "open", N_("Status"),
          deal_status_labels, "deal status"),
  TEXT ("lost_reason", 1000, N_("Lost Reason")),
  OF_KIND ("closed_at", RAPPORT_FIELD_DATETIME, N_("Closed On")),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH, N_("Tags")),
  CHOICE ("forecast_category", RAPPORT_FIELD_FILTER, forecast_choices, NULL,
          N_("Forecast Category"), forecast_labels, "forecast"),
  /* Picked by the rep: kept when the stage changes (rapport_deal_follow_forecast()). */
  OF_KIND ("forecast_category_manual", RAPPORT_FIELD_BOOL, N_("Forecast Category Set by Hand")),
  /* Counted by the server: how often the close date moved into a later month. */
  INT ("close_date_push_count", 0, 1000000, N_("Close Date Pushed")),
  TEXT ("external_ref", 200, N_("External ID")),
  /* The primary campaign source: the campaign report counts it there. */
  REF_F ("campaign_id", "campaign", LISTED, N_("Campaign")),
  /* amount × probability / 100: rapport_deal_compute() */
  { "weighted_amount", RAPPORT_FIELD_MONEY, RAPPORT_FIELD_DERIVED, NULL, NULL, 0, MAX_AMOUNT, NULL,
    "currency", N_("Weighted Amount"), NULL, NULL },
};
static const RapportLayoutGroup deal_layout[] = {
  DETAILS ("title", "amount", "currency", "status", "probability", "expected_close",
           "forecast_category", "lost_reason", "tags"),
  REFERENCES ("company_id", "contact_id", "stage_id", "campaign_id"),
};

static const char * const sla_status_choices[] = {
  "response_due", "resolution_due", "paused", "warning", "breached_response", "breached_resolution",
  "met", NULL
};
static const char * const sla_status_labels[] = {
  NC_("sla status", "First Response Due"), NC_("sla status", "Resolution Due"),
  NC_("sla status", "Paused"), NC_("sla status", "Due Soon"),
  NC_("sla status", "First Response Missed"), NC_("sla status", "Resolution Missed"),
  NC_("sla status", "Met"), NULL
};
static const char * const unassigned_choices[] = { "no_members", "unavailable", "at_capacity", NULL };
static const char * const unassigned_labels[] = {
  NC_("unassigned", "The queue has no members"),
  NC_("unassigned", "Every member is inactive or out of office"),
  NC_("unassigned", "Every available member has as many open cases as the queue allows"), NULL
};
#define SLA_TIME(n, l) OF_KIND_F (n, RAPPORT_FIELD_DATETIME, RAPPORT_FIELD_DERIVED, l)

static const RapportField case_fields[] = {
  TEXT_F ("subject", 300, REQ | SRCH, N_("Subject")),
  /* C-2026-00042, given by the server: case_numbering */
  TEXT_F ("number", 32, SRCH | RAPPORT_FIELD_NUMBER, N_("Number")),
  PARAGRAPHS ("description", N_("Description")),
  REF_F ("contact_id", "contact", LISTED, N_("Contact")),
  REF_F ("company_id", "company", LISTED, N_("Company")),
  CHOICE ("status", RAPPORT_FIELD_FILTER, case_status_choices, "new", N_("Status"),
          case_status_labels, "case status"),
  ENUM ("priority", priority_choices, "normal", N_("Priority"), priority_labels),
  CHOICE ("channel", 0, channel_choices, NULL, N_("Channel"), channel_labels, NULL),
  REF ("assignee_id", "user", N_("Assignee")),
  /* A queue that assigns by itself does it on the server (rapport-server-queues.c). */
  REF_F ("queue_id", "queue", LISTED, N_("Queue")),
  OF_KIND ("due_at", RAPPORT_FIELD_DATETIME, N_("Due")),
  OF_KIND_F ("resolved_at", RAPPORT_FIELD_DATETIME, RAPPORT_FIELD_STAMPED, N_("Resolved On")),
  INT ("satisfaction", 1, 5, N_("Satisfaction")),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH, N_("Tags")),
  OF_KIND_F ("closed_at", RAPPORT_FIELD_DATETIME, RAPPORT_FIELD_STAMPED, N_("Closed On")),
  /* The SLA clock (rapport-sla.c), derived on client and server from the
   * case, its policy and calendar; the breaches are the server's alone. */
  { "sla_policy_id", RAPPORT_FIELD_REF, RAPPORT_FIELD_DERIVED, NULL, NULL, 0, 0, "sla_policy", NULL,
    N_("SLA Policy"), NULL, NULL },
  SLA_TIME ("sla_start", N_("SLA Start")),
  SLA_TIME ("first_response_due", N_("First Response Due")),
  SLA_TIME ("first_responded_at", N_("First Response")),
  SLA_TIME ("resolution_due", N_("Resolution Due")),
  { "paused_total_secs", RAPPORT_FIELD_INT, RAPPORT_FIELD_DERIVED, NULL, NULL, 0, G_MAXINT64, NULL,
    NULL, N_("Time Paused"), NULL, NULL },
  SLA_TIME ("paused_since", N_("Paused Since")),
  { "sla_status", RAPPORT_FIELD_ENUM, RAPPORT_FIELD_DERIVED, sla_status_choices, NULL, 0, 0, NULL,
    NULL, N_("SLA Status"), sla_status_labels, "sla status" },
  SLA_TIME ("sla_due", N_("SLA Due")),
  SLA_TIME ("sla_warn_at", N_("SLA Warning")),
  SLA_TIME ("response_breached_at", N_("First Response Missed")),
  SLA_TIME ("resolution_breached_at", N_("Resolution Missed")),
  /* Why the server left a case of a self-assigning queue unassigned. */
  { "unassigned_reason", RAPPORT_FIELD_ENUM, RAPPORT_FIELD_DERIVED, unassigned_choices, NULL, 0, 0,
    NULL, NULL, N_("Not Assigned Because"), unassigned_labels, "unassigned" },
};
static const RapportLayoutGroup case_layout[] = {
  DETAILS ("subject", "description", "status", "unassigned_reason", "priority", "due_at", "channel",
           "satisfaction", "tags", "resolved_at", "closed_at"),
  REFERENCES ("queue_id", "company_id", "contact_id"),
};
/* Resolving a case records when; closing it too (and resolves it, if it
 * was not); reopening it clears both. */
static const RapportStamp case_stamps[] = {
  { "resolved", "resolved_at" },
  { "closed", "closed_at" },
  { NULL },
};
static const RapportQueue case_queue = {
  "status", NAMES ("new", "open", "pending"), N_("Unresolved"), case_stamps, "due_at", "priority",
  "sla_due",
};
static const RapportNumbering case_numbering = { "number", "C" };

/* Business calendars and SLA policies (SPEC.md §8.3), written by admins.
 * A calendar's hours and holidays are text that rapport-business-time.c
 * reads. A policy's targets are working seconds per priority. */
static const RapportField calendar_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Name")),
  TEXT_F ("time_zone", 64, REQ, N_("Time Zone")),
  TEXT_F ("weekly_hours", 2000, REQ | RAPPORT_FIELD_MULTILINE, N_("Working Hours")),
  TEXT_F ("holidays", 20000, RAPPORT_FIELD_MULTILINE, N_("Holidays")),
};
static const RapportLayoutGroup calendar_layout[] = {
  DETAILS ("name", "time_zone", "weekly_hours", "holidays"),
};

/* A target from a second to ten years of working time. */
#define TARGET(n, l) { n, RAPPORT_FIELD_INT, REQ, NULL, NULL, 1, 315360000, NULL, NULL, l, NULL, NULL }
static const RapportField sla_policy_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Name")),
  OF_KIND ("active", RAPPORT_FIELD_BOOL, N_("Active")),
  OF_KIND ("is_default", RAPPORT_FIELD_BOOL, N_("Default Policy")),
  REF_F ("calendar_id", "calendar", REQ, N_("Calendar")),
  TARGET ("low_first_response_secs", N_("Low: First Response (seconds)")),
  TARGET ("low_resolution_secs", N_("Low: Resolution (seconds)")),
  TARGET ("normal_first_response_secs", N_("Normal: First Response (seconds)")),
  TARGET ("normal_resolution_secs", N_("Normal: Resolution (seconds)")),
  TARGET ("high_first_response_secs", N_("High: First Response (seconds)")),
  TARGET ("high_resolution_secs", N_("High: Resolution (seconds)")),
  TARGET ("urgent_first_response_secs", N_("Urgent: First Response (seconds)")),
  TARGET ("urgent_resolution_secs", N_("Urgent: Resolution (seconds)")),
  PERCENT ("warning_percent", N_("Warn At")),
  OF_KIND ("pause_statuses", RAPPORT_FIELD_TAGS, N_("Pause While")),
};
static const RapportLayoutGroup sla_policy_layout[] = {
  DETAILS ("name", "active", "is_default", "warning_percent", "pause_statuses",
           "low_first_response_secs", "low_resolution_secs", "normal_first_response_secs",
           "normal_resolution_secs", "high_first_response_secs", "high_resolution_secs",
           "urgent_first_response_secs", "urgent_resolution_secs"),
  REFERENCES ("calendar_id"),
};

static const RapportField activity_fields[] = {
  /* Picked from buttons, a call unless the user says otherwise. */
  { "kind", RAPPORT_FIELD_ENUM, REQ | RAPPORT_FIELD_FILTER, activity_kind_choices, NULL, 0, 0, NULL,
    NULL, N_("Kind"), activity_kind_labels, NULL, .choice_icons = activity_kind_icons },
  TEXT ("subject", 300, N_("Subject")),
  PARAGRAPHS ("body", N_("Notes")),
  /* A call just made is logged without typing its time. */
  OF_KIND_F ("occurred_at", RAPPORT_FIELD_DATETIME, RAPPORT_FIELD_STARTS_NOW, N_("When")),
  INT ("duration_min", 0, 100000, N_("Duration in Minutes")),
  CHOICE ("direction", 0, direction_choices, NULL, N_("Direction"), direction_labels, NULL),
  REF_F ("contact_id", "contact", LINK, N_("Contact")),
  REF_F ("company_id", "company", LINK, N_("Company")),
  REF_F ("deal_id", "deal", LINK, N_("Deal")),
  REF_F ("case_id", "case", LINK, N_("Case")),
  REF ("owner_id", "user", N_("Owner")),
};
static const RapportLayoutGroup activity_layout[] = {
  DETAILS ("kind", "subject", "occurred_at", "duration_min", "direction", "body"),
  REFERENCES ("contact_id", "company_id", "deal_id", "case_id"),
};
/* Log Activity: the owner is whoever logs it. */
static const RapportLayoutGroup activity_compact[] = {
  DETAILS ("kind", "subject", "occurred_at", "duration_min", "direction"),
  LINKED ("contact_id", "company_id", "deal_id", "case_id"),
  GROUP ("notes", N_("Notes"), RAPPORT_GROUP_FIELDS, "body"),
};

static const RapportField task_fields[] = {
  { "title", RAPPORT_FIELD_TEXT, REQ, NULL, NULL, 0, 300, NULL, NULL, N_("Title"), NULL, NULL,
    .missing = N_("A task needs a title.") },
  PARAGRAPHS ("notes", N_("Notes")),
  OF_KIND ("due_at", RAPPORT_FIELD_DATETIME, N_("Due")),
  NOT_AFTER ("remind_at", "due_at", N_("The reminder is after the due time"), N_("Reminder")),
  OF_KIND ("done_at", RAPPORT_FIELD_DATETIME, N_("Done On")),
  REF ("assignee_id", "user", N_("Assignee")),
  ENUM ("priority", priority_choices, "normal", N_("Priority"), priority_labels),
  REF_F ("contact_id", "contact", LINK, N_("Contact")),
  REF_F ("company_id", "company", LINK, N_("Company")),
  REF_F ("deal_id", "deal", LINK, N_("Deal")),
  REF_F ("case_id", "case", LINK, N_("Case")),
};
static const RapportLayoutGroup task_layout[] = {
  DETAILS ("title", "due_at", "remind_at", "priority", "notes"),
  REFERENCES ("contact_id", "company_id", "deal_id", "case_id"),
};
/* New Task and Edit Task. */
static const RapportLayoutGroup task_compact[] = {
  DETAILS ("title", "due_at", "remind_at", "priority", "assignee_id"),
  LINKED ("contact_id", "company_id", "deal_id", "case_id"),
  GROUP ("notes", N_("Notes"), RAPPORT_GROUP_FIELDS, "notes"),
};

static const char * const product_kind_choices[] = { "goods", "service", "subscription", NULL };
static const char * const product_kind_labels[] = {
  NC_("product kind", "Goods"), NC_("product kind", "Service"), NC_("product kind", "Subscription"), NULL
};

static const RapportField product_fields[] = {
  { "sku", RAPPORT_FIELD_TEXT, REQ | SRCH | RAPPORT_FIELD_UNIQUE, NULL, NULL, 0, 64, NULL, NULL,
    N_("SKU"), NULL, NULL, N_("Another product already has this SKU") },
  TEXT_F ("name", 200, REQ | SRCH, N_("Name")),
  PARAGRAPHS ("description", N_("Description")),
  TEXT ("unit", 50, N_("Unit")),
  CHOICE ("kind", RAPPORT_FIELD_FILTER, product_kind_choices, "goods", N_("Kind"),
          product_kind_labels, "product kind"),
  OF_KIND ("active", RAPPORT_FIELD_BOOL, N_("Active")),
  MONEY ("list_price", MAX_AMOUNT, "list_price_currency", N_("List Price")),
  OF_KIND ("list_price_currency", RAPPORT_FIELD_CURRENCY, N_("List Price Currency")),
  MONEY ("cost", MAX_AMOUNT, "cost_currency", N_("Cost")),
  OF_KIND ("cost_currency", RAPPORT_FIELD_CURRENCY, N_("Cost Currency")),
  OF_KIND_F ("tags", RAPPORT_FIELD_TAGS, SRCH, N_("Tags")),
  /* What a price list's item may apply to instead of one product. */
  TEXT_F ("category", 200, SRCH, N_("Category")),
};
static const RapportLayoutGroup product_layout[] = {
  DETAILS ("name", "sku", "kind", "category", "unit", "list_price", "list_price_currency", "cost",
           "cost_currency", "active", "description", "tags"),
};

/* Price lists (SPEC.md §1.3): the list, and its items as ordered children.
 * An item's unit price is in the list's currency, copied beside it so that
 * the amount is validated as every MONEY is. */
static const RapportField price_list_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Name")),
  OF_KIND_F ("currency", RAPPORT_FIELD_CURRENCY, REQ, N_("Currency")),
  OF_KIND ("valid_from", RAPPORT_FIELD_DATE, N_("Valid From")),
  OF_KIND ("valid_to", RAPPORT_FIELD_DATE, N_("Valid To")),
  OF_KIND ("is_default", RAPPORT_FIELD_BOOL, N_("Default List")),
  INT ("priority", 0, 1000000, N_("Priority")),
};
static const RapportLayoutGroup price_list_layout[] = {
  DETAILS ("name", "currency", "valid_from", "valid_to", "is_default", "priority"),
};

/* An item applies to one product, to a category of products, or (neither
 * set) to every product; its rule prices it (rapport-price-resolve.c). */
static const char * const price_rule_choices[] = { "fixed", "percent_off", NULL };
static const char * const price_rule_labels[] = {
  NC_("price rule", "Fixed Price"), NC_("price rule", "Percent Off the List Price"), NULL
};
static const RapportField price_list_item_fields[] = {
  REF_F ("price_list_id", "price_list", REQ, N_("Price List")),
  TEXT_F ("name", 200, REQ, N_("Rule")),
  REF ("product_id", "product", N_("Product")),
  TEXT ("category", 200, N_("Category")),
  /* None: what its values say (rapport_price_item_check()). */
  CHOICE ("rule", 0, price_rule_choices, NULL, N_("Pricing"), price_rule_labels, "price rule"),
  /* Quantities are thousandths: 1.5 hours is 1500. */
  { "min_qty_milli", RAPPORT_FIELD_INT, RAPPORT_FIELD_MILLI, NULL, NULL, 0,
    G_GINT64_CONSTANT (1000000000000), NULL, NULL, N_("Minimum Quantity"), NULL, NULL },
  MONEY ("unit_price", MAX_AMOUNT, "currency", N_("Unit Price")),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY, N_("Currency")),
  /* Parts per million of the list price: 100000 is 10 % off. */
  PPM ("discount_ppm", N_("Discount")),
  TEXT ("position", 200, N_("Position")),
};
static const RapportLayoutGroup price_list_item_layout[] = {
  DETAILS ("name", "category", "rule", "min_qty_milli", "unit_price", "currency", "discount_ppm"),
  REFERENCES ("price_list_id", "product_id"),
};

/* Quotes and sales orders (SPEC.md §1.3) and their lines, ordered children.
 * Amounts typed on them are integers: quantities in thousandths, unit prices
 * in hundredths of a minor unit, discounts and tax rates in parts per
 * million. The totals are derived from the document and all its lines at
 * once (rapport_document_compute()), so they live on the parent's
 * compute_family, not on one record's compute. */
static const char * const quote_state_choices[] = {
  "draft", "pending_approval", "approved", "sent", "accepted", "declined", "expired", "cancelled",
  "superseded", NULL
};
static const char * const quote_state_labels[] = {
  NC_("quote state", "Draft"), NC_("quote state", "Pending Approval"),
  NC_("quote state", "Approved"), NC_("quote state", "Sent"), NC_("quote state", "Accepted"),
  NC_("quote state", "Declined"), NC_("quote state", "Expired"), NC_("quote state", "Cancelled"),
  NC_("quote state", "Superseded"), NULL
};
static const char * const order_state_choices[] = {
  "draft", "pending_approval", "confirmed", "partially_fulfilled", "fulfilled", "closed",
  "cancelled", "superseded", NULL
};
static const char * const order_state_labels[] = {
  NC_("order state", "Draft"), NC_("order state", "Pending Approval"),
  NC_("order state", "Confirmed"), NC_("order state", "Partially Fulfilled"),
  NC_("order state", "Fulfilled"), NC_("order state", "Closed"), NC_("order state", "Cancelled"),
  NC_("order state", "Superseded"), NULL
};
static const char * const tax_mode_choices[] = { "per_line", "per_document", "tax_included", NULL };
static const char * const tax_mode_labels[] = {
  N_("Tax per Line"), N_("Tax on the Total"), N_("Prices Include Tax"), NULL
};
static const char * const line_kind_choices[] = { "normal", "credit", "optional", "section", NULL };
static const char * const line_kind_labels[] = {
  NC_("line kind", "Item"), NC_("line kind", "Credit"), NC_("line kind", "Optional"),
  NC_("line kind", "Section"), NULL
};

/* A unit price in hundredths of a minor unit: 10^15 minor units is the
 * largest line, and a unit price times a quantity of 0.001 may reach it. */
#define MAX_UNIT_PRICE_X100 G_GINT64_CONSTANT (100000000000000000)
#define MAX_QTY_MILLI G_GINT64_CONSTANT (1000000000000)
#define DERIVED_MONEY(n, l) \
  { n, RAPPORT_FIELD_MONEY, RAPPORT_FIELD_DERIVED, NULL, NULL, -MAX_AMOUNT, MAX_AMOUNT, NULL, \
    "currency", l, NULL, NULL }

/* What a quote and an order have alike, after their number and state. */
#define DOCUMENT_FIELDS \
  INT ("revision", 1, 100000, N_("Revision")), \
  REF_F ("deal_id", "deal", LISTED, N_("Deal")), \
  REF_F ("company_id", "company", LISTED, N_("Company")), \
  REF_F ("contact_id", "contact", LISTED, N_("Contact")), \
  REF ("owner_id", "user", N_("Owner")), \
  REF ("price_list_id", "price_list", N_("Price List")), \
  OF_KIND_F ("currency", RAPPORT_FIELD_CURRENCY, REQ, N_("Currency")), \
  TEXT ("payment_terms", 500, N_("Payment Terms")), \
  PARAGRAPHS ("notes", N_("Notes")), \
  CHOICE ("tax_mode", 0, tax_mode_choices, "per_line", N_("Tax Mode"), tax_mode_labels, NULL), \
  PPM ("discount_ppm", N_("Discount")), \
  MONEY ("discount_minor", MAX_AMOUNT, "currency", N_("Discount Amount")), \
  MONEY ("shipping_minor", MAX_AMOUNT, "currency", N_("Shipping")), \
  PPM ("shipping_tax_rate_ppm", N_("Shipping Tax Rate")), \
  DERIVED_MONEY ("subtotal", N_("Subtotal")), \
  DERIVED_MONEY ("tax_total", N_("Tax")), \
  DERIVED_MONEY ("total", N_("Total")), \
  /* What an approval is of: rapport_approval_hash() */ \
  TEXT_F ("doc_hash", 64, RAPPORT_FIELD_DERIVED, N_("Approval Hash"))

/* What a quote's and an order's lines have alike, after their parent. The
 * currency is the document's, copied by the computation. */
#define LINE_FIELDS \
  /* A product sold on a line stays: it is archived, never deleted. */ \
  REF_F ("product_id", "product", RAPPORT_FIELD_KEEPS, N_("Product")), \
  TEXT ("description", 2000, N_("Description")), \
  CHOICE ("line_kind", 0, line_kind_choices, "normal", N_("Line Kind"), line_kind_labels, \
          "line kind"), \
  /* A credit line takes money off through a negative unit price. */ \
  { "qty_milli", RAPPORT_FIELD_INT, REQ | RAPPORT_FIELD_MILLI, NULL, NULL, 0, MAX_QTY_MILLI, NULL, \
    NULL, N_("Quantity"), NULL, NULL }, \
  { "unit_price_x100", RAPPORT_FIELD_INT, REQ | RAPPORT_FIELD_PRICE, NULL, NULL, \
    -MAX_UNIT_PRICE_X100, MAX_UNIT_PRICE_X100, NULL, "currency", N_("Unit Price"), NULL, NULL }, \
  PPM ("discount_ppm", N_("Discount")), \
  /* Minor units of the document's currency. */ \
  { "discount_minor", RAPPORT_FIELD_INT, RAPPORT_FIELD_MINOR, NULL, NULL, 0, MAX_AMOUNT, NULL, \
    "currency", N_("Discount Amount"), NULL, NULL }, \
  PPM ("tax_rate_ppm", N_("Tax Rate")), \
  PPM ("tax2_rate_ppm", N_("Second Tax Rate")), \
  TEXT ("position", 200, N_("Position")), \
  /* Where the unit price came from when it was resolved ("Distributors \
   * 2026 · 10 % off"): a snapshot, kept when the price list changes. */ \
  TEXT_F ("price_source", 500, RAPPORT_FIELD_STAMPED, N_("Price From")), \
  OF_KIND_F ("currency", RAPPORT_FIELD_CURRENCY, RAPPORT_FIELD_DERIVED, N_("Currency")), \
  DERIVED_MONEY ("gross", N_("Gross")), \
  DERIVED_MONEY ("net", N_("Net")), \
  DERIVED_MONEY ("tax", N_("Tax")), \
  DERIVED_MONEY ("total", N_("Total"))

static const RapportField quote_fields[] = {
  TEXT_F ("title", 300, REQ | SRCH, N_("Title")),
  /* Q-2026-00042, given by the server: quote_numbering */
  TEXT_F ("number", 32, SRCH | RAPPORT_FIELD_NUMBER, N_("Number")),
  /* Moved by the page's actions (Send, Accept…), which the server checks:
   * shown, never typed. */
  CHOICE ("state", RAPPORT_FIELD_FILTER | RAPPORT_FIELD_STAMPED, quote_state_choices, "draft",
          N_("State"), quote_state_labels, "quote state"),
  REF ("revision_of", "quote", N_("Revision Of")),
  DATE_F ("valid_until", 0, 2000, 20, N_("Valid Until")),
  DOCUMENT_FIELDS,
};
static const RapportLayoutGroup quote_layout[] = {
  /* The totals are shown under the lines (the app's rapport-line-items.c). */
  DETAILS ("title", "state", "valid_until", "currency", "payment_terms", "tax_mode",
           "discount_ppm", "discount_minor", "shipping_minor", "shipping_tax_rate_ppm", "notes"),
  REFERENCES ("deal_id", "company_id", "contact_id", "price_list_id"),
};
static const RapportNumbering quote_numbering = { "number", "Q" };

static const RapportField quote_line_fields[] = {
  /* Listed on the quote's page, in their order. */
  REF_F ("quote_id", "quote", REQ | LISTED, N_("Quote")),
  LINE_FIELDS,
};
static const RapportLayoutGroup quote_line_layout[] = {
  DETAILS ("description", "line_kind", "qty_milli", "unit_price_x100", "price_source",
           "discount_ppm", "discount_minor", "tax_rate_ppm", "tax2_rate_ppm", "gross", "net", "tax",
           "total"),
  REFERENCES ("quote_id", "product_id"),
};
/* The line editor of a quote's page: what is typed, in the order it is
 * typed; the product is picked by searching. */
#define LINE_COMPACT(...) \
  DETAILS ("description", "product_id", "qty_milli", __VA_ARGS__ "unit_price_x100", \
           "discount_ppm", "discount_minor", "tax_rate_ppm", "tax2_rate_ppm", "line_kind")
static const RapportLayoutGroup quote_line_compact[] = { LINE_COMPACT () };

static const RapportField sales_order_fields[] = {
  TEXT_F ("title", 300, REQ | SRCH, N_("Title")),
  /* SO-2026-00042, given by the server: sales_order_numbering */
  TEXT_F ("number", 32, SRCH | RAPPORT_FIELD_NUMBER, N_("Number")),
  CHOICE ("state", RAPPORT_FIELD_FILTER | RAPPORT_FIELD_STAMPED, order_state_choices, "draft",
          N_("State"), order_state_labels, "order state"),
  REF_F ("quote_id", "quote", LISTED, N_("Quote")),
  /* An amendment: the confirmed order it replaces, superseded by it. */
  REF ("revision_of", "sales_order", N_("Revision Of")),
  DOCUMENT_FIELDS,
};
static const RapportLayoutGroup sales_order_layout[] = {
  DETAILS ("title", "state", "currency", "payment_terms", "tax_mode", "discount_ppm",
           "discount_minor", "shipping_minor", "shipping_tax_rate_ppm", "notes"),
  REFERENCES ("deal_id", "company_id", "contact_id", "quote_id", "price_list_id"),
};
static const RapportNumbering sales_order_numbering = { "number", "SO" };

static const RapportField sales_order_line_fields[] = {
  REF_F ("sales_order_id", "sales_order", REQ | LISTED, N_("Sales Order")),
  LINE_FIELDS,
  { "delivered_qty_milli", RAPPORT_FIELD_INT, RAPPORT_FIELD_MILLI, NULL, NULL, 0, MAX_QTY_MILLI,
    NULL, NULL, N_("Delivered Quantity"), NULL, NULL },
  /* On an amendment: the line of the amended order it carries on, with
   * what was delivered of it. */
  REF ("amends_line_id", "sales_order_line", N_("Amends Line")),
};
static const RapportLayoutGroup sales_order_line_layout[] = {
  DETAILS ("description", "line_kind", "qty_milli", "delivered_qty_milli", "unit_price_x100",
           "price_source", "discount_ppm", "discount_minor", "tax_rate_ppm", "tax2_rate_ppm", "gross", "net", "tax",
           "total"),
  REFERENCES ("sales_order_id", "product_id"),
};
static const RapportLayoutGroup sales_order_line_compact[] = { LINE_COMPACT ("delivered_qty_milli", ) };

/* Approval (SPEC.md §1.3): rules an admin sets, and the requests of one
 * content of one document (its doc_hash), decided on the server. */
static const char * const rule_target_choices[] = { "all", "quote", "sales_order", NULL };
static const char * const rule_target_labels[] = {
  N_("Quotes and Orders"), N_("Quotes"), N_("Sales Orders"), NULL
};
static const char * const approver_choices[] = { "manager", "admin", NULL };
static const char * const approver_labels[] = { N_("A Manager"), N_("An Admin"), NULL };
static const char * const rule_mode_choices[] = { "all_matching", "first_match_only", NULL };
static const char * const rule_mode_labels[] = {
  N_("With Every Other Matching Rule"), N_("Alone: Later Rules Are Not Tried"), NULL
};
static const char * const request_status_choices[] = {
  "pending", "approved", "rejected", "recalled", "stale", "overridden", NULL
};
static const char * const request_status_labels[] = {
  NC_("approval", "Pending"), NC_("approval", "Approved"), NC_("approval", "Rejected"),
  NC_("approval", "Recalled"), NC_("approval", "Stale"), NC_("approval", "Overridden"), NULL
};

static gboolean
check_rule (JsonObject *rule,
            GError    **error)
{
  return rapport_approval_steps_check (json_object_get_string_member_with_default (rule, "steps",
                                                                                   NULL),
                                       error);
}

static const RapportField approval_rule_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Name")),
  CHOICE ("applies_to", 0, rule_target_choices, "all", N_("Applies To"), rule_target_labels, NULL),
  OF_KIND ("active", RAPPORT_FIELD_BOOL, N_("Active")),
  /* Rules are tried from the lowest priority up. */
  INT ("priority", 0, 1000000, N_("Priority")),
  CHOICE ("mode", 0, rule_mode_choices, "all_matching", N_("When It Matches"), rule_mode_labels,
          NULL),
  PPM ("max_line_discount_ppm", N_("Largest Line Discount")),
  PPM ("max_discount_ppm", N_("Largest Discount")),
  MONEY ("min_total", MAX_AMOUNT, "currency", N_("Totals From")),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY, N_("Currency")),
  PPM ("min_margin_ppm", N_("Smallest Margin")),
  REF ("product_id", "product", N_("Product Sold")),
  TEXT ("category", 200, N_("Product Category Sold")),
  /* A customer (the document's company or contact) in this segment. */
  REF ("segment_id", "segment", N_("Customer Segment")),
  /* One a line: any other terms need approval. */
  PARAGRAPHS ("standard_payment_terms", N_("Standard Payment Terms")),
  OF_KIND ("below_list_price", RAPPORT_FIELD_BOOL, N_("Price Below the Price List")),
  CHOICE ("approver_role", 0, approver_choices, "manager", N_("Approved By"), approver_labels,
          NULL),
  /* Approvers in order, one a line: rapport-approval-steps.c */
  TEXT_F ("steps", 10000, RAPPORT_FIELD_MULTILINE | RAPPORT_FIELD_APPROVERS, N_("Approval Steps")),
};
static const RapportLayoutGroup approval_rule_layout[] = {
  DETAILS ("name", "applies_to", "active", "priority", "mode", "steps", "max_line_discount_ppm",
           "max_discount_ppm", "min_total", "currency", "min_margin_ppm", "category",
           "standard_payment_terms", "below_list_price", "approver_role"),
  REFERENCES ("product_id", "segment_id"),
};

static const RapportField approval_request_fields[] = {
  REF_F ("quote_id", "quote", LISTED, N_("Quote")),
  REF_F ("sales_order_id", "sales_order", LISTED, N_("Sales Order")),
  CHOICE ("status", RAPPORT_FIELD_FILTER, request_status_choices, "pending", N_("Status"),
          request_status_labels, "approval"),
  TEXT_F ("doc_hash", 64, REQ, N_("Approval Hash")),
  PARAGRAPHS ("reasons", N_("Why")),
  CHOICE ("approver_role", 0, approver_choices, "manager", N_("Approved By"), approver_labels,
          NULL),
  REF ("requested_by", "user", N_("Requested By")),
  OF_KIND ("submitted_at", RAPPORT_FIELD_DATETIME, N_("Submitted")),
  TEXT ("comment", 2000, N_("Comment")),
  REF ("decided_by", "user", N_("Decided By")),
  OF_KIND ("decided_at", RAPPORT_FIELD_DATETIME, N_("Decided")),
  TEXT ("decision_comment", 2000, N_("Reason")),
  TEXT ("decided_hash", 64, N_("Decided Hash")),
  /* The matched rules' ids and versions, as JSON: a request keeps them. */
  TEXT ("rules", 100000, N_("Rules")),
  /* Its approvers in order and its trail of events, as JSON, written by
   * the server; the step it waits on, from 1. */
  TEXT ("steps", 100000, N_("Approval Steps")),
  INT ("current_step", 1, 1000, N_("Current Step")),
  TEXT ("events", 1000000, N_("History")),
  /* The step a decision is of, as its maker saw it. */
  INT ("decided_step", 1, 1000, N_("Decided Step")),
};
static const RapportLayoutGroup approval_request_layout[] = {
  DETAILS ("status", "reasons", "approver_role", "submitted_at", "comment", "decided_at",
           "decision_comment"),
  REFERENCES ("quote_id", "sales_order_id", "requested_by", "decided_by"),
};

/* A merge of 2 to 5 contacts or companies into one, done by the server
 * (rapport-server-record-merges.c). The client sends what to merge; the
 * server fills in the rest, and keeps what an unmerge needs. */
static const RapportField merge_event_fields[] = {
  CHOICE ("object", REQ | RAPPORT_FIELD_FILTER, merge_object_choices, NULL, N_("Record Type"),
          merge_object_labels, NULL),
  TEXT_F ("master_id", 36, REQ, N_("Kept Record")),
  /* A JSON array of the ids merged into master_id. */
  TEXT_F ("loser_ids", 1000, REQ, N_("Merged Records")),
  /* A JSON object: field name → the id of the record whose value is kept. */
  TEXT ("choices", 100000, N_("Chosen Values")),
  CHOICE ("status", RAPPORT_FIELD_FILTER, merge_status_choices, "merged", N_("Status"),
          merge_status_labels, "merge status"),
  REF ("merged_by", "user", N_("Merged By")),
  OF_KIND ("merged_at", RAPPORT_FIELD_DATETIME, N_("Merged")),
  REF ("undone_by", "user", N_("Undone By")),
  OF_KIND ("undone_at", RAPPORT_FIELD_DATETIME, N_("Undone")),
  /* JSON, written by the server: the records moved to the master (for an
   * unmerge to move back exactly those), their counts per type, and the
   * losers and the master as they were. */
  TEXT ("moved", 10000000, N_("Moved Records")),
  TEXT ("moved_counts", 10000, N_("Moved Records by Type")),
  TEXT ("snapshot", 10000000, N_("Records Before the Merge")),
};
static const RapportLayoutGroup merge_event_layout[] = {
  DETAILS ("object", "status", "merged_at", "undone_at"),
  REFERENCES ("merged_by", "undone_by"),
};

/* Two contacts or two companies that a user said are not one ("Create
 * anyway" beside the duplicate banner, SPEC.md §5.3), and why: the banner
 * and the scan do not pair them again. Synced, so the team sees why. */
static const RapportField not_duplicate_fields[] = {
  CHOICE ("object", REQ | RAPPORT_FIELD_FILTER, merge_object_choices, NULL, N_("Record Type"),
          merge_object_labels, NULL),
  TEXT_F ("record_id", 36, REQ, N_("Record")),
  TEXT_F ("other_id", 36, REQ, N_("Other Record")),
  TEXT ("reason", 300, N_("Why Not a Duplicate")),
};
static const RapportLayoutGroup not_duplicate_layout[] = {
  DETAILS ("object", "reason"),
};

/* Teams (SPEC.md §1.3, §2.3, §3): named groups of users, what an
 * approval step, a sales target or a queue can be given to. */
static const char * const team_role_choices[] = { "member", "lead", NULL };
static const char * const team_role_labels[] = {
  NC_("team role", "Member"), NC_("team role", "Team Lead"), NULL
};
static const RapportField team_fields[] = {
  TEXT_F ("name", 200, REQ | SRCH, N_("Name")),
  PARAGRAPHS ("description", N_("Description")),
};
static const RapportLayoutGroup team_layout[] = {
  DETAILS ("name", "description"),
};
static const RapportField team_member_fields[] = {
  REF_F ("team_id", "team", REQ | LISTED, N_("Team")),
  REF_F ("user_id", "user", REQ, N_("Member")),
  CHOICE ("role", RAPPORT_FIELD_FILTER, team_role_choices, "member", N_("Role"),
          team_role_labels, "team role"),
};
static const RapportLayoutGroup team_member_layout[] = {
  DETAILS ("role"),
  REFERENCES ("team_id", "user_id"),
};
/* Added from the team's page (rapport-member-dialog.c): who, and as what. */
static const RapportLayoutGroup team_member_compact[] = {
  DETAILS ("user_id", "role"),
};

/* Sales targets (SPEC.md §2.3): a person's or a team's, per calendar
 * period, of an amount won or a number of deals won (rapport-quota.c). */
static const char * const quota_metric_choices[] = { "won_amount", "won_count", NULL };
static const char * const quota_metric_labels[] = {
  NC_("quota metric", "Amount Won"), NC_("quota metric", "Deals Won"), NULL
};
static const char * const quota_period_choices[] = { "month", "quarter", "year", NULL };
static const char * const quota_period_labels[] = {
  NC_("quota period", "Month"), NC_("quota period", "Quarter"), NC_("quota period", "Year"), NULL
};
static const RapportField quota_fields[] = {
  REF ("user_id", "user", N_("Person")),
  REF ("team_id", "team", N_("Team")),
  CHOICE ("metric", REQ | RAPPORT_FIELD_FILTER, quota_metric_choices, "won_amount", N_("Measure"),
          quota_metric_labels, "quota metric"),
  CHOICE ("period_type", REQ | RAPPORT_FIELD_FILTER, quota_period_choices, "quarter", N_("Period"),
          quota_period_labels, "quota period"),
  OF_KIND_F ("period_start", RAPPORT_FIELD_DATE, REQ | RAPPORT_FIELD_FILTER, N_("Period Starts")),
  MONEY ("target_amount", MAX_AMOUNT, "currency", N_("Target Amount")),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY, N_("Currency")),
  INT ("target_count", 1, 1000000, N_("Target Deals")),
  TEXT ("note", 1000, N_("Note")),
};
static const RapportLayoutGroup quota_layout[] = {
  DETAILS ("metric", "period_type", "period_start", "target_amount", "currency", "target_count",
           "note"),
  REFERENCES ("user_id", "team_id"),
};
/* Set Target… (rapport-target-dialog.c): whose, then what; the period is
 * the one the reports show, named in the dialog's title. */
static const RapportLayoutGroup quota_compact[] = {
  DETAILS ("user_id", "team_id", "metric", "target_amount", "currency", "target_count", "note"),
};

/* Segments (SPEC.md §4.3): a filter of one record type, saved under a name
 * and synced; its members are worked out where it is read. */
static const char * const segment_object_choices[] = { "contact", "company", "deal", "case", NULL };
static const char * const segment_object_labels[] = {
  NC_("segment of", "Contacts"), NC_("segment of", "Companies"), NC_("segment of", "Deals"),
  NC_("segment of", "Cases"), NULL
};
static const RapportField segment_fields[] = {
  TEXT_F ("name", 200, REQ | SRCH, N_("Name")),
  CHOICE ("object", REQ | RAPPORT_FIELD_FILTER, segment_object_choices, NULL, N_("Records"),
          segment_object_labels, "segment of"),
  PARAGRAPHS ("description", N_("Description")),
  TEXT_F ("filter", 20000, REQ, N_("Filter")),
  OF_KIND ("pinned", RAPPORT_FIELD_BOOL, N_("Pinned")),
  REF ("owner_id", "user", N_("Owner")),
};
static const RapportLayoutGroup segment_layout[] = {
  DETAILS ("name", "object", "description", "pinned"),
};

/* Out of office: while it lasts, the delegate decides in the user's place. */
static const RapportField approval_delegation_fields[] = {
  REF_F ("user_id", "user", REQ, N_("Approver")),
  REF_F ("delegate_id", "user", REQ, N_("Delegate")),
  OF_KIND_F ("starts_on", RAPPORT_FIELD_DATE, REQ, N_("From")),
  OF_KIND_F ("ends_on", RAPPORT_FIELD_DATE, REQ, N_("Until")),
  TEXT ("note", 500, N_("Note")),
};
static const RapportLayoutGroup approval_delegation_layout[] = {
  DETAILS ("starts_on", "ends_on", "note"),
  REFERENCES ("delegate_id"),
};

/* Case queues (SPEC.md §8.3): who works a queue's cases, and how a new
 * one finds its agent (rapport-server-queues.c). */
static const char * const assignment_choices[] = { "manual", "round_robin", "least_open", NULL };
static const char * const assignment_labels[] = {
  NC_("assignment", "By Hand"), NC_("assignment", "Round Robin"),
  NC_("assignment", "Fewest Open Cases"), NULL
};
static const RapportField queue_fields[] = {
  TEXT_F ("name", 200, REQ | SRCH, N_("Name")),
  CHOICE ("assignment_mode", RAPPORT_FIELD_FILTER, assignment_choices, "manual", N_("Assignment"),
          assignment_labels, "assignment"),
  INT ("max_open_per_agent", 1, 100000, N_("Open Cases per Agent at Most")),
  REF ("lead_id", "user", N_("Queue Lead")),
  REF ("calendar_id", "calendar", N_("Calendar")),
  OF_KIND ("active", RAPPORT_FIELD_BOOL, N_("Active")),
};
static const RapportLayoutGroup queue_layout[] = {
  DETAILS ("name", "assignment_mode", "max_open_per_agent", "active"),
  REFERENCES ("lead_id", "calendar_id"),
};
static const RapportField queue_member_fields[] = {
  REF_F ("queue_id", "queue", REQ | LISTED, N_("Queue")),
  REF_F ("user_id", "user", REQ, N_("Member")),
  /* Stays in the queue, takes no new cases from it for now. */
  OF_KIND ("paused", RAPPORT_FIELD_BOOL, N_("Takes No New Cases")),
};
static const RapportLayoutGroup queue_member_layout[] = {
  DETAILS ("paused"),
  REFERENCES ("queue_id", "user_id"),
};
static const RapportLayoutGroup queue_member_compact[] = {
  DETAILS ("user_id"),
};

/* Customer satisfaction (SPEC.md §8.3): one answer per resolution of a
 * case, logged by the agent; resolved_at names the resolution it answers,
 * so a late answer after a reopen still counts for the one it was asked
 * for. The agent and queue are the case's when it was logged. */
static const RapportField csat_response_fields[] = {
  REF_F ("case_id", "case", REQ | LISTED, N_("Case")),
  { "score", RAPPORT_FIELD_INT, REQ, NULL, NULL, 1, 5, NULL, NULL, N_("Satisfaction"), NULL, NULL },
  PARAGRAPHS ("comment", N_("Comment")),
  OF_KIND ("resolved_at", RAPPORT_FIELD_DATETIME, N_("Resolution")),
  REF ("agent_id", "user", N_("Agent")),
  REF ("queue_id", "queue", N_("Queue")),
};
static const RapportLayoutGroup csat_response_layout[] = {
  DETAILS ("score", "comment", "resolved_at"),
  REFERENCES ("case_id", "agent_id", "queue_id"),
};

/* Automation rules (SPEC.md §9.3), written by admins and run by the server
 * after each accepted write (rapport-server-automation.c); each run is
 * logged, and a notify action leaves a notification for its recipient. */
static const char * const automation_entity_choices[] = {
  "deal", "case", "contact", "company", "task", NULL
};
static const char * const automation_entity_labels[] = {
  NC_("automation of", "Deals"), NC_("automation of", "Cases"), NC_("automation of", "Contacts"),
  NC_("automation of", "Companies"), NC_("automation of", "Tasks"), NULL
};
/* sla_warning and sla_breached watch cases only: escalation (SPEC.md §8.3);
 * stale watches deals only, found by a sweep (rapport-deal-stale.c). */
static const char * const trigger_choices[] = {
  "created", "field_changed", "created_or_changed", "sla_warning", "sla_breached", "stale", NULL
};
static const char * const trigger_labels[] = {
  NC_("trigger", "Created"), NC_("trigger", "A Field Changes"),
  NC_("trigger", "Created or Changed"), NC_("trigger", "Service Level at Risk"),
  NC_("trigger", "Service Level Breached"), NC_("trigger", "Deal Goes Stale"), NULL
};
static const RapportField automation_rule_fields[] = {
  TEXT_F ("name", 200, REQ, N_("Name")),
  OF_KIND ("enabled", RAPPORT_FIELD_BOOL, N_("Enabled")),
  CHOICE ("entity", REQ | RAPPORT_FIELD_FILTER, automation_entity_choices, NULL, N_("Records"),
          automation_entity_labels, "automation of"),
  CHOICE ("trigger", REQ, trigger_choices, "created_or_changed", N_("Trigger"), trigger_labels,
          "trigger"),
  TEXT ("trigger_field", 64, N_("Field That Changes")),
  /* The filter language's JSON; none: every write the trigger watches. */
  TEXT_F ("conditions", 20000, RAPPORT_FIELD_MULTILINE, N_("Conditions")),
  /* A JSON list: rapport-automation.c says what each action holds. */
  TEXT_F ("actions", 20000, REQ | RAPPORT_FIELD_MULTILINE, N_("Actions")),
  /* Rules fired by one write run from the lowest position up. */
  INT ("position", 0, 1000000, N_("Order")),
};
static const RapportLayoutGroup automation_rule_layout[] = {
  DETAILS ("name", "enabled", "entity", "trigger", "trigger_field", "position"),
  GROUP ("conditions", N_("Conditions"), RAPPORT_GROUP_FIELDS, "conditions"),
  GROUP ("actions", N_("Actions"), RAPPORT_GROUP_FIELDS, "actions"),
};

static const char * const run_result_choices[] = { "done", "failed", "loop_stopped", NULL };
static const char * const run_result_labels[] = {
  NC_("automation run", "Done"), NC_("automation run", "Failed"),
  NC_("automation run", "Loop Stopped"), NULL
};
static const RapportField automation_run_fields[] = {
  REF_F ("rule_id", "automation_rule", REQ | LISTED, N_("Rule")),
  TEXT ("rule_name", 200, N_("Rule Name")),
  TEXT ("entity", 64, N_("Record Type")),
  TEXT ("record_id", 64, N_("Record")),
  /* The record's title when the rule ran: what the run is listed by. */
  TEXT ("record_title", 300, N_("About")),
  INT ("record_version", 0, G_MAXINT64, N_("Record Version")),
  TEXT ("op_id", 64, N_("Change")),
  REF ("user_id", "user", N_("Changed By")),
  INT ("depth", 0, 1000, N_("Depth")),
  CHOICE ("result", RAPPORT_FIELD_FILTER, run_result_choices, NULL, N_("Result"), run_result_labels,
          "automation run"),
  /* A JSON list of {type, status, entity, id, error}, one per action done. */
  TEXT ("actions_done", 100000, N_("Actions Done")),
  TEXT ("error", 2000, N_("Error")),
  OF_KIND ("ran_at", RAPPORT_FIELD_DATETIME, N_("Ran At")),
};
static const RapportLayoutGroup automation_run_layout[] = {
  DETAILS ("record_title", "ran_at", "result", "rule_name", "entity", "error"),
  REFERENCES ("rule_id", "user_id"),
};

static const RapportField notification_fields[] = {
  REF_F ("recipient_id", "user", REQ, N_("For")),
  TEXT_F ("message", 1000, REQ, N_("Message")),
  TEXT ("entity", 64, N_("Record Type")),
  TEXT ("record_id", 64, N_("Record")),
  /* The record's title when the rule ran, so the text reads alone. */
  TEXT ("record_title", 300, N_("About")),
  REF ("rule_id", "automation_rule", N_("Rule")),
  OF_KIND ("seen_at", RAPPORT_FIELD_DATETIME, N_("Seen On")),
};
static const RapportLayoutGroup notification_layout[] = {
  DETAILS ("message", "record_title", "seen_at"),
  REFERENCES ("rule_id"),
};

/* Consent (SPEC.md §7.3): what a contact agreed to or refused, on one
 * channel for one purpose, kept as history: a change of mind is a new
 * record (rapport-consent.c). */
static const char * const consent_channel_choices[] = { "email", "phone", "sms", "post", NULL };
static const char * const consent_channel_labels[] = {
  NC_("consent channel", "Email"), NC_("consent channel", "Phone"),
  NC_("consent channel", "Text Message"), NC_("consent channel", "Post"), NULL
};
static const char * const consent_status_choices[] = { "granted", "denied", "unknown", NULL };
static const char * const consent_status_labels[] = {
  NC_("consent", "Granted"), NC_("consent", "Denied"), NC_("consent", "Unknown"), NULL
};
static const char * const legal_basis_choices[] = {
  "consent", "contract", "legitimate_interest", NULL
};
static const char * const legal_basis_labels[] = {
  NC_("legal basis", "Consent"), NC_("legal basis", "Contract"),
  NC_("legal basis", "Legitimate Interest"), NULL
};
static const RapportField consent_fields[] = {
  REF_F ("contact_id", "contact", REQ | LISTED, N_("Contact")),
  CHOICE ("channel", REQ | RAPPORT_FIELD_FILTER, consent_channel_choices, "email", N_("Channel"),
          consent_channel_labels, "consent channel"),
  CHOICE ("status", REQ | RAPPORT_FIELD_FILTER, consent_status_choices, NULL, N_("Status"),
          consent_status_labels, "consent"),
  CHOICE ("legal_basis", 0, legal_basis_choices, "consent", N_("Legal Basis"), legal_basis_labels,
          "legal basis"),
  /* Where it was captured: "web_form", "import", "unsubscribe link" */
  TEXT ("source", 500, N_("Source")),
  /* marketing, newsletter:TOPIC or transactional */
  TEXT_F ("purpose", 200, REQ, N_("Purpose")),
  OF_KIND_F ("captured_at", RAPPORT_FIELD_DATETIME, REQ | RAPPORT_FIELD_STARTS_NOW, N_("Captured")),
  TEXT_F ("proof", 2000, RAPPORT_FIELD_MULTILINE, N_("Proof")),
  REF ("captured_by", "user", N_("Captured By")),
};
static const RapportLayoutGroup consent_layout[] = {
  DETAILS ("status", "channel", "purpose", "captured_at", "legal_basis", "source", "proof"),
  REFERENCES ("contact_id", "captured_by"),
};

/* Marketing campaigns (SPEC.md §7.3) and their members, one link per
 * campaign and contact, whose statuses the campaign's type offers
 * (rapport-campaign.c). */
static const char * const campaign_type_choices[] = {
  "email", "event", "webinar", "trade_show", "ads", "direct_mail", "referral", "other", NULL
};
static const char * const campaign_type_labels[] = {
  NC_("campaign type", "Email"), NC_("campaign type", "Event"), NC_("campaign type", "Webinar"),
  NC_("campaign type", "Trade Show"), NC_("campaign type", "Ads"),
  NC_("campaign type", "Direct Mail"), NC_("campaign type", "Referral"),
  NC_("campaign type", "Other"), NULL
};
static const char * const campaign_status_choices[] = {
  "planned", "active", "completed", "aborted", NULL
};
static const char * const campaign_status_labels[] = {
  NC_("campaign status", "Planned"), NC_("campaign status", "Active"),
  NC_("campaign status", "Completed"), NC_("campaign status", "Aborted"), NULL
};
static const RapportField campaign_fields[] = {
  TEXT_F ("name", 200, REQ | SRCH, N_("Name")),
  CHOICE ("type", REQ | RAPPORT_FIELD_FILTER, campaign_type_choices, "email", N_("Type"),
          campaign_type_labels, "campaign type"),
  CHOICE ("status", RAPPORT_FIELD_FILTER, campaign_status_choices, "planned", N_("Status"),
          campaign_status_labels, "campaign status"),
  REF_F ("parent_id", "campaign", LISTED, N_("Parent Campaign")),
  REF ("owner_id", "user", N_("Owner")),
  OF_KIND ("start_date", RAPPORT_FIELD_DATE, N_("Starts")),
  OF_KIND ("end_date", RAPPORT_FIELD_DATE, N_("Ends")),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY, N_("Currency")),
  MONEY ("budget", MAX_AMOUNT, "currency", N_("Budget")),
  MONEY ("actual_cost", MAX_AMOUNT, "currency", N_("Actual Cost")),
  MONEY ("expected_revenue", MAX_AMOUNT, "currency", N_("Expected Revenue")),
  PARAGRAPHS ("description", N_("Description")),
  /* The UTM tag deals are matched by on import or web capture. */
  TEXT_F ("source", 200, SRCH, N_("Source Tag")),
};
static const RapportLayoutGroup campaign_layout[] = {
  DETAILS ("name", "type", "status", "start_date", "end_date", "currency", "budget", "actual_cost",
           "expected_revenue", "source", "description"),
  REFERENCES ("parent_id"),
};
static const char * const member_status_choices[] = {
  "planned", "sent", "bounced", "opened", "clicked", "responded", "unsubscribed", "invited",
  "registered", "attended", "no_show", NULL
};
static const char * const member_status_labels[] = {
  NC_("member status", "Planned"), NC_("member status", "Sent"), NC_("member status", "Bounced"),
  NC_("member status", "Opened"), NC_("member status", "Clicked"),
  NC_("member status", "Responded"), NC_("member status", "Unsubscribed"),
  NC_("member status", "Invited"), NC_("member status", "Registered"),
  NC_("member status", "Attended"), NC_("member status", "No-show"), NULL
};
/* A campaign's page lists its members itself (rapport-campaign-group.c),
 * by name, each with its status to change. */
static const RapportField campaign_member_fields[] = {
  REF_F ("campaign_id", "campaign", REQ, N_("Campaign")),
  REF_F ("contact_id", "contact", REQ | LISTED, N_("Contact")),
  CHOICE ("status", RAPPORT_FIELD_FILTER, member_status_choices, NULL, N_("Status"),
          member_status_labels, "member status"),
  OF_KIND ("added_at", RAPPORT_FIELD_DATETIME, N_("Added")),
  /* "segment:ID", "manual", "import" or "automation:RULE_ID" */
  TEXT ("added_from", 200, N_("Added From")),
  OF_KIND_F ("first_responded_at", RAPPORT_FIELD_DATETIME, RAPPORT_FIELD_STAMPED,
             N_("First Responded")),
  OF_KIND_F ("last_status_at", RAPPORT_FIELD_DATETIME, RAPPORT_FIELD_STAMPED,
             N_("Status Changed")),
};
static const RapportLayoutGroup campaign_member_layout[] = {
  DETAILS ("status", "added_at", "first_responded_at", "last_status_at"),
  REFERENCES ("campaign_id", "contact_id"),
};

/* The people of a deal and the part each plays: a link, one per pair. */
static const char * const deal_role_choices[] = {
  "decision_maker", "influencer", "user", "other", NULL
};
static const char * const deal_role_labels[] = {
  N_("Decision Maker"), N_("Influencer"), N_("User"), NC_("deal role", "Other"), NULL
};

static const RapportField deal_contact_fields[] = {
  REF_F ("deal_id", "deal", REQ, N_("Deal")),
  REF_F ("contact_id", "contact", REQ, N_("Contact")),
  CHOICE ("role", RAPPORT_FIELD_FILTER, deal_role_choices, "other", N_("Role"), deal_role_labels,
          "deal role"),
};
static const RapportLayoutGroup deal_contact_layout[] = {
  DETAILS ("role"),
  REFERENCES ("deal_id", "contact_id"),
};

#define FIELDS(f) f, N_ELEMENTS (f)
#define LAYOUT(l) l, N_ELEMENTS (l)
#define SORTS_ALL (RAPPORT_LIST_SORT_NAME | RAPPORT_LIST_SORT_UPDATED)

static const RapportEntity user_entity = {
  "user", "users", FIELDS (user_fields), FALSE,
  { N_("User"), N_("Users"), N_("New User"), N_("No Users"), NULL,
    N_("Only an admin can change users") },
  "avatar-default-symbolic", RAPPORT_TITLE_DISPLAY_NAME, "name", NAMES ("email"),
  NULL, RAPPORT_WRITE_ADMIN,
  0, NAMES ("role"), SORTS_ALL, LAYOUT (user_layout), NONE,
  "Users sync like any record. Only an admin writes them over REST; `rapport-server user` manages "
  "passwords. No password data ever appears.",
};

static const RapportEntity company_entity = {
  "company", "companies", FIELDS (company_fields), TRUE,
  { N_("Company"), N_("Companies"), N_("New Company"), N_("No Companies"), NULL, NULL },
  "system-users-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("industry", "domain"),
  "owner_id", RAPPORT_WRITE_OWNER,
  2, NONE, SORTS_ALL, LAYOUT (company_layout), NAMES ("external_ref", "merged_ids"),
};

static const RapportEntity contact_entity = {
  "contact", "contacts", FIELDS (contact_fields), TRUE,
  { N_("Contact"), N_("Contacts"), N_("New Contact"), N_("No Contacts"), N_("People"), NULL },
  "avatar-default-symbolic", RAPPORT_TITLE_PERSON, NULL, NAMES ("company_id", "emails"),
  "owner_id", RAPPORT_WRITE_OWNER,
  1, NAMES ("lifecycle"), SORTS_ALL, LAYOUT (contact_layout),
  NAMES ("external_ref", "vcard_extra", "merged_ids"),
  "A contact needs a first name, a last name or an email address. `email_consent` is derived "
  "from its `consent` records, never written: true while e-mail marketing is granted, false "
  "while it is denied, null while no record says.",
  .compute_family = rapport_contact_compute_consent,
};

static const RapportEntity pipeline_entity = {
  "pipeline", "pipelines", FIELDS (pipeline_fields), FALSE,
  { N_("Pipeline"), N_("Pipelines"), N_("New Pipeline"), N_("No Pipelines"), NULL,
    N_("Only a manager or an admin can change pipelines and stages") },
  "view-list-symbolic", RAPPORT_TITLE_FIELD, "name", NONE,
  NULL, RAPPORT_WRITE_MANAGER,
  0, NONE, SORTS_ALL, LAYOUT (pipeline_layout), NONE,
};

static const RapportEntity stage_entity = {
  "stage", "stages", FIELDS (stage_fields), FALSE,
  { N_("Stage"), N_("Stages"), N_("New Stage"), N_("No Stages"), NULL,
    N_("Only a manager or an admin can change pipelines and stages") },
  "view-columns-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("kind"),
  NULL, RAPPORT_WRITE_MANAGER,
  0, NAMES ("kind"), SORTS_ALL, LAYOUT (stage_layout), NONE,
};

static const RapportEntity deal_entity = {
  "deal", "deals", FIELDS (deal_fields), TRUE,
  { N_("Deal"), N_("Deals"), N_("New Deal"), N_("No Deals"), N_("Deals"), NULL },
  /* The app's own (data/icons): the theme has no money icon. */
  "rapport-deal-symbolic", RAPPORT_TITLE_FIELD, "title", NAMES ("amount", "stage_id"),
  "owner_id", RAPPORT_WRITE_OWNER,
  /* The pipeline follows from the stage; closed_at from the status. */
  3, NAMES ("status"), SORTS_ALL | RAPPORT_LIST_SORT_AMOUNT | RAPPORT_LIST_SORT_SCORE,
  LAYOUT (deal_layout),
  NAMES ("pipeline_id", "closed_at", "weighted_amount", "forecast_category_manual",
         "close_date_push_count", "external_ref"),
  "`status` follows the kind of the stage whenever `stage_id` changes: `won`/`lost` set `closed_at` "
  "to the server time, `open` clears it; an empty `pipeline_id` is taken from the stage. A deal "
  "created without a `stage_id` goes to the default pipeline (the first by position, then name) in "
  "its first stage, by position, of the kind its `status` names (`open` when none). "
  "`forecast_category` follows the stage's (else `pipeline`, `closed` when won, `omitted` when "
  "lost) whenever the stage changes, unless `forecast_category_manual`: writing a category sets "
  "it, writing `forecast_category_manual` false clears it, and closing the deal clears it. "
  "`close_date_push_count` is counted by the server: one more whenever `expected_close` moves "
  "into a later month. Every accepted write that changes the stage, amount, currency, expected "
  "close, owner, status or forecast category adds a `deal_stage_event`.",
  NULL, NULL, rapport_deal_compute,
};

static const RapportEntity calendar_entity = {
  "calendar", "calendars", FIELDS (calendar_fields), FALSE,
  { N_("Business Calendar"), N_("Business Calendars"), N_("New Business Calendar"),
    N_("No Business Calendars"), NULL, N_("Only an admin can change business calendars") },
  "x-office-calendar-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("time_zone"),
  NULL, RAPPORT_WRITE_ADMIN,
  0, NONE, SORTS_ALL, LAYOUT (calendar_layout), NONE,
  "`time_zone` is an IANA zone (`Asia/Shanghai`); all working time is counted in it, across DST "
  "changes. `weekly_hours` lists days and intervals, one entry a line or separated by `;`: "
  "`mon-fri 09:00-12:00 13:00-17:30` (a lunch break is the gap). `holidays` lists dates, each "
  "a whole day off, or with the hours off: `2026-10-01; 2026-12-24 12:00-24:00`.",
  .check = rapport_calendar_check,
};

static const RapportEntity sla_policy_entity = {
  "sla_policy", "sla_policies", FIELDS (sla_policy_fields), FALSE,
  { N_("SLA Policy"), N_("SLA Policies"), N_("New SLA Policy"), N_("No SLA Policies"), NULL,
    N_("Only an admin can change SLA policies") },
  "alarm-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("calendar_id"),
  NULL, RAPPORT_WRITE_ADMIN,
  0, NONE, SORTS_ALL, LAYOUT (sla_policy_layout), NONE,
  "Targets are working seconds of `calendar_id`'s calendar, per case priority; a first response "
  "target longer than the resolution target is refused. Exactly one policy is the default "
  "(`is_default`), which cases get: making one the default takes it from the others, and the "
  "default cannot be unset or deactivated. `pause_statuses` (`pending` when unset: DESIGN.md's "
  "status for waiting on the customer) stop the resolution clock. `warning_percent` (75 when "
  "unset) of a target used turns the case's clock to `warning`.",
  .check = rapport_sla_policy_check,
};

static const RapportEntity case_entity = {
  "case", "cases", FIELDS (case_fields), TRUE,
  { N_("Case"), N_("Cases"), N_("New Case"), N_("No Cases"), N_("Cases"), NULL },
  "mail-mark-important-symbolic", RAPPORT_TITLE_FIELD, "subject", NAMES ("status", "priority"),
  "assignee_id", RAPPORT_WRITE_OWNER,
  4, NAMES ("status", "priority"),
  /* The number heads the page and the row, not a group. */
  SORTS_ALL | RAPPORT_LIST_SORT_DUE | RAPPORT_LIST_SORT_RANK, LAYOUT (case_layout),
  /* The SLA fields are the page's clock (rapport-sla-clock.c). */
  NAMES ("number", "sla_policy_id", "sla_start", "first_response_due", "first_responded_at",
         "resolution_due", "paused_total_secs", "paused_since", "sla_status", "sla_due",
         "sla_warn_at", "response_breached_at", "resolution_breached_at"),
  "Owned through `assignee_id`: a rep edits cases assigned to itself or to nobody. `number` "
  "(C-2026-00042) is given by the server when the case is created, from a counter per year that "
  "is never reused, and kept when a deleted case is restored. The SLA fields (`sla_policy_id` to "
  "`resolution_breached_at`) are derived from the case, the default SLA policy and its calendar, "
  "never written: `first_responded_at` is the first outbound email or call linked to the case "
  "whose `occurred_at` lies between `sla_start` and the time the server received it; "
  "`paused_total_secs` is the working time spent in the policy's pause statuses; the breach times "
  "are recorded by the server alone and stay.",
  NULL, NULL, NULL, NULL, &case_queue, &case_numbering,
};

static const RapportEntity activity_entity = {
  "activity", "activities", FIELDS (activity_fields), FALSE,
  { N_("Activity"), N_("Activities"), N_("New Activity"), N_("No Activities"), NULL, NULL },
  "document-edit-symbolic", RAPPORT_TITLE_FIELD, "kind", NAMES ("occurred_at"),
  "owner_id", RAPPORT_WRITE_OWNER,
  0, NAMES ("kind"), SORTS_ALL, LAYOUT (activity_layout), NONE,
  COMPACT (activity_compact),
};

static const RapportEntity task_entity = {
  "task", "tasks", FIELDS (task_fields), FALSE,
  { N_("Task"), N_("Tasks"), N_("New Task"), N_("No Tasks"), NULL, NULL },
  "object-select-symbolic", RAPPORT_TITLE_FIELD, "title", NAMES ("due_at", "priority"),
  "assignee_id", RAPPORT_WRITE_OWNER,
  /* Done is a state of the task list, not a field to type. */
  0, NAMES ("priority"), SORTS_ALL, LAYOUT (task_layout), NAMES ("done_at"),
  "Owned through `assignee_id`: a rep edits tasks assigned to itself or to nobody.",
  COMPACT (task_compact),
};

static const RapportEntity product_entity = {
  "product", "products", FIELDS (product_fields), TRUE,
  { N_("Product"), N_("Products"), N_("New Product"), N_("No Products"), NULL,
    N_("Only a manager or an admin can change products") },
  "package-x-generic-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("sku", "list_price"),
  NULL, RAPPORT_WRITE_MANAGER,
  5, NAMES ("kind"), SORTS_ALL | RAPPORT_LIST_SORT_AMOUNT, LAYOUT (product_layout), NONE,
  "A product used on a quote's or an order's line cannot be deleted (409 `in_use`, saying on how "
  "many lines): set `active` to false to archive it.",
};

/* No sidebar section yet: price lists are kept through the API and the
 * command line until orders bring their editor. */
static const RapportEntity price_list_entity = {
  "price_list", "price_lists", FIELDS (price_list_fields), FALSE,
  { N_("Price List"), N_("Price Lists"), N_("New Price List"), N_("No Price Lists"), NULL,
    N_("Only a manager or an admin can change price lists") },
  "view-list-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("currency"),
  NULL, RAPPORT_WRITE_MANAGER,
  0, NONE, SORTS_ALL, LAYOUT (price_list_layout), NONE,
};

static const RapportEntity price_list_item_entity = {
  "price_list_item", "price_list_items", FIELDS (price_list_item_fields), FALSE,
  { N_("Price Rule"), N_("Price Rules"), N_("New Price Rule"), N_("No Price Rules"),
    N_("Price Rules"), N_("Only a manager or an admin can change price lists") },
  "view-list-bullet-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("min_qty_milli"),
  NULL, RAPPORT_WRITE_MANAGER,
  /* The position is the order of the lines, kept by the store. */
  0, NONE, SORTS_ALL, LAYOUT (price_list_item_layout), NAMES ("position"),
  "An item applies to `product_id`, else to the products of `category`, else to every product. "
  "`rule` `fixed` needs `unit_price` (minor units of the list's currency); `percent_off` needs "
  "`discount_ppm` off the product's list price. Without a `rule`, an item with a `unit_price` is "
  "fixed, one with only a `discount_ppm` a percentage off, one with neither prices nothing.",
  "price_list_id", "position",
  .check = rapport_price_item_check,
};

/* Lines are one child type per document type: a child has one parent
 * field, which points at one type. */
static const RapportEntity quote_entity = {
  "quote", "quotes", FIELDS (quote_fields), TRUE,
  { N_("Quote"), N_("Quotes"), N_("New Quote"), N_("No Quotes"), N_("Quotes"), NULL },
  "x-office-document-symbolic", RAPPORT_TITLE_FIELD, "title", NAMES ("state", "total"),
  "owner_id", RAPPORT_WRITE_OWNER,
  6, NAMES ("state"), SORTS_ALL, LAYOUT (quote_layout),
  NAMES ("number", "revision", "revision_of", "subtotal", "tax_total", "total", "doc_hash"),
  "`number` (Q-2026-00042) is given by the server when the quote is created. `subtotal`, "
  "`tax_total`, `total` and `doc_hash` (what an approval is of) are derived from the quote and "
  "its lines, never written. The server refuses `approved`, `sent` and `accepted` while an "
  "approval rule matches and no approval request of the current `doc_hash` is approved. "
  "`state` moves only along the quote's paths (Send, Accept, Decline, Cancel); a quote created "
  "with `revision_of` is its New Revision: it takes the number and the next `revision` as a "
  "`draft`, and the revision it replaces becomes `superseded`.",
  NULL, NULL, NULL, NULL, NULL, &quote_numbering,
  .compute_family = rapport_document_compute,
};

static const RapportEntity quote_line_entity = {
  "quote_line", "quote_lines", FIELDS (quote_line_fields), FALSE,
  { N_("Quote Line"), N_("Quote Lines"), N_("New Quote Line"), N_("No Quote Lines"),
    N_("Line Items"), NULL },
  "view-list-bullet-symbolic", RAPPORT_TITLE_FIELD, "description", NAMES ("qty_milli", "total"),
  NULL, RAPPORT_WRITE_ANY,
  0, NONE, SORTS_ALL, LAYOUT (quote_line_layout), NAMES ("position", "currency"),
  "A line's `currency`, `gross`, `net`, `tax` and `total` are derived from it and its quote's "
  "currency and tax mode, never written: its own amounts, before the quote's header discount.",
  "quote_id", "position",
  COMPACT (quote_line_compact),
};

static const RapportEntity sales_order_entity = {
  "sales_order", "sales_orders", FIELDS (sales_order_fields), TRUE,
  { N_("Sales Order"), N_("Sales Orders"), N_("New Sales Order"), N_("No Sales Orders"),
    N_("Sales Orders"), NULL },
  "folder-documents-symbolic", RAPPORT_TITLE_FIELD, "title", NAMES ("state", "total"),
  "owner_id", RAPPORT_WRITE_OWNER,
  7, NAMES ("state"), SORTS_ALL, LAYOUT (sales_order_layout),
  NAMES ("number", "revision", "revision_of", "subtotal", "tax_total", "total", "doc_hash"),
  "`number` (SO-2026-00042) is given by the server when the order is created. `subtotal`, "
  "`tax_total`, `total` and `doc_hash` (what an approval is of) are derived from the order and "
  "its lines, never written. The server refuses `confirmed` and later states while an approval "
  "rule matches and no approval request of the current `doc_hash` is approved. A confirmed or "
  "partially fulfilled order changes only through Amend: an order created with `revision_of` "
  "takes its number and the next `revision` (shown SO-2026-00042/2) as a `draft`, which needs "
  "approval again before it is confirmed, and the order it amends becomes `superseded`. Its "
  "lines say in `amends_line_id` which line they carry on, with what was delivered of it; a "
  "line is never ordered below what was delivered, nor left out.",
  NULL, NULL, NULL, NULL, NULL, &sales_order_numbering,
  .compute_family = rapport_document_compute,
};

static const RapportEntity sales_order_line_entity = {
  "sales_order_line", "sales_order_lines", FIELDS (sales_order_line_fields), FALSE,
  { N_("Order Line"), N_("Order Lines"), N_("New Order Line"), N_("No Order Lines"),
    N_("Line Items"), NULL },
  "view-list-bullet-symbolic", RAPPORT_TITLE_FIELD, "description", NAMES ("qty_milli", "total"),
  NULL, RAPPORT_WRITE_ANY,
  0, NONE, SORTS_ALL, LAYOUT (sales_order_line_layout),
  NAMES ("position", "currency", "amends_line_id"),
  "A line's `currency`, `gross`, `net`, `tax` and `total` are derived from it and its order's "
  "currency and tax mode, never written: its own amounts, before the order's header discount.",
  "sales_order_id", "position",
  COMPACT (sales_order_line_compact),
};

/* No section and no page of its own: kept through the API and the command
 * line until the deal page lists a deal's people. */
static const RapportEntity deal_contact_entity = {
  "deal_contact", "deal_contacts", FIELDS (deal_contact_fields), FALSE,
  { N_("Deal Contact"), N_("Deal Contacts"), N_("New Deal Contact"), N_("No Deal Contacts"),
    N_("People on the Deal"), NULL },
  "avatar-default-symbolic", RAPPORT_TITLE_FIELD, "role", NAMES ("contact_id"),
  NULL, RAPPORT_WRITE_ANY,
  0, NAMES ("role"), SORTS_ALL, LAYOUT (deal_contact_layout), NONE,
  NULL, NULL, NULL, NULL, NAMES ("deal_id", "contact_id"),
};

static const RapportEntity approval_rule_entity = {
  "approval_rule", "approval_rules", FIELDS (approval_rule_fields), FALSE,
  { N_("Approval Rule"), N_("Approval Rules"), N_("New Approval Rule"), N_("No Approval Rules"),
    NULL, N_("Only an admin can change approval rules") },
  "emblem-system-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("applies_to"),
  NULL, RAPPORT_WRITE_ADMIN,
  9, NAMES ("applies_to"), SORTS_ALL, LAYOUT (approval_rule_layout), NONE,
  "When a quote or an order needs approval. Active rules for its type are tried by `priority`, "
  "the lowest first; a matching rule whose `mode` is `first_match_only` ends the search. A rule "
  "matches for each condition it has that the document holds (ANDed per line): a line discount "
  "above `max_line_discount_ppm`; a header discount above `max_discount_ppm`; a total at or "
  "above `min_total` in the rule's `currency`; a margin below `min_margin_ppm` (from the "
  "products' `cost` in the document's currency: lines without one are left out and named in the "
  "reason); a line of `product_id` or of a product of `category`; `payment_terms` other than "
  "the lines of `standard_payment_terms`; with `below_list_price`, a line paid below what the "
  "document's price list gives. Customer segments are not conditions yet. `steps` names the "
  "approvers in order, one a line: `role:manager`, `role:admin`, `owner_manager` (the document "
  "owner's `manager_id`), `user:ID`, `team:ID` (any one member); without steps, "
  "`approver_role`. Editing a rule makes a new version; pending requests keep the versions and "
  "steps they matched.",
  .check = check_rule,
};

static const RapportEntity approval_request_entity = {
  "approval_request", "approval_requests", FIELDS (approval_request_fields), FALSE,
  { N_("Approval Request"), N_("Approval Requests"), N_("New Approval Request"),
    N_("No Approval Requests"), N_("Approvals"), NULL },
  "emblem-ok-symbolic", RAPPORT_TITLE_FIELD, "status", NAMES ("reasons"),
  NULL, RAPPORT_WRITE_ANY,
  0, NAMES ("status"), SORTS_ALL, LAYOUT (approval_request_layout), NAMES ("doc_hash",
                                                                             "decided_hash",
                                                                             "rules", "steps",
                                                                             "current_step",
                                                                             "events",
                                                                             "decided_step"),
  "Submitting a quote or an order is creating its request with the `doc_hash` the client "
  "computed: the server refuses it if the document changed since, or needs no approval, and "
  "fills in `requested_by`, `submitted_at`, `reasons`, `approver_role` and `rules`, and sets the "
  "document `pending_approval`. A decision is an update of `status` to `approved`, `rejected` "
  "(with a `decision_comment` of 10 characters at least), `overridden` (admins, with a reason) "
  "or `recalled` (the requester), with the `decided_hash` the approver saw: nobody approves a "
  "request of their own or of a document they own, a pending request is decided once, and a "
  "decision on a document that changed since is kept as `stale`. The server fills in `steps` "
  "(the matched rules' approvers in order, each `seq`, `approver`, `status`, who decided and "
  "when, `on_behalf_of` for a delegate), `current_step` and `events`, the append-only trail "
  "(`submitted`, `step_approved`, `rejected`, `recalled`, `overridden`, `stale`, `reminded`, "
  "`escalated`: `kind`, `actor`, `server_time`, `doc_hash`, `step`, `on_behalf_of`, `comment`). "
  "Approving a step that is not the last moves the request to the next and keeps it `pending`; "
  "a decision may say the `decided_step` it is of, and is refused if that step was decided "
  "earlier. An approver away (an approval_delegation) is stood in for by the delegate. A step "
  "whose approver is deactivated, or left pending longer than the server's reminder days "
  "(after a `reminded` event), goes to the next role: any manager, then an admin.",
  .decision_trail = TRUE,
  .indexed_by = NAMES ("quote_id", "sales_order_id"),
};

static const RapportEntity team_entity = {
  "team", "teams", FIELDS (team_fields), TRUE,
  { N_("Team"), N_("Teams"), N_("New Team"), N_("No Teams"), N_("Teams"),
    N_("Only an admin can change teams") },
  "network-workgroup-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("description"),
  NULL, RAPPORT_WRITE_ADMIN,
  10, NONE, SORTS_ALL, LAYOUT (team_layout), NONE,
  "A named group of users: its members are `team_member` records. An approval step `team:ID` "
  "is decided by any one active member.",
};

static const RapportEntity team_member_entity = {
  "team_member", "team_members", FIELDS (team_member_fields), FALSE,
  { N_("Team Member"), N_("Team Members"), N_("New Team Member"), N_("No Team Members"),
    N_("Members"), N_("Only an admin can change teams") },
  "avatar-default-symbolic", RAPPORT_TITLE_FIELD, "role", NAMES ("user_id"),
  NULL, RAPPORT_WRITE_ADMIN,
  0, NONE, SORTS_ALL, LAYOUT (team_member_layout), NONE,
  "One user in one team; it lives and dies with its team.",
  "team_id", NULL,
  COMPACT (team_member_compact),
};

static const RapportEntity segment_entity = {
  "segment", "segments", FIELDS (segment_fields), TRUE,
  { N_("Segment"), N_("Segments"), N_("New Segment"), N_("No Segments"), N_("Segments"), NULL },
  "view-list-bullet-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("object"),
  "owner_id", RAPPORT_WRITE_OWNER,
  0, NONE, SORTS_ALL, LAYOUT (segment_layout), NAMES ("filter"),
  "A saved filter: `filter` is the filter language's JSON form (`{\"all\": [{\"field\": "
  "\"lifecycle\", \"op\": \"=\", \"value\": \"customer\"}]}`; groups `all`/`any`, related "
  "records `has`/`has_no` with `where`) over records of `object`; a filter naming a field, "
  "value or type that does not exist is refused. Members are computed where the segment is "
  "read, the same on every client and the server.",
  .check = rapport_segment_check,
};

static const RapportEntity quota_entity = {
  "quota", "quotas", FIELDS (quota_fields), FALSE,
  { N_("Target"), N_("Targets"), N_("New Target"), N_("No Targets"), N_("Targets"),
    N_("Only a manager or an admin can set targets") },
  "emblem-ok-symbolic", RAPPORT_TITLE_FIELD, "period_start", NAMES ("metric"),
  NULL, RAPPORT_WRITE_MANAGER,
  0, NAMES ("metric", "period_type"), SORTS_ALL, LAYOUT (quota_layout), NONE,
  "A sales target: for one person (`user_id`) or one team (`team_id`), never both; over the "
  "calendar `period_type` starting on `period_start`, which must be its first day (a quarter "
  "starts on 1 January, April, July or October). A `won_amount` target is `target_amount` in "
  "minor units of `currency`; a `won_count` target is `target_count`, the number of deals won. "
  "A team with no target of its own for a period is measured against the sum of its members' "
  "targets; the forecast report says which.",
  COMPACT (quota_compact),
  .check = rapport_quota_check,
};

static const RapportEntity queue_entity = {
  "queue", "queues", FIELDS (queue_fields), TRUE,
  { N_("Queue"), N_("Queues"), N_("New Queue"), N_("No Queues"), N_("Queues"),
    N_("Only an admin can change queues") },
  "mail-send-receive-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("assignment_mode"),
  NULL, RAPPORT_WRITE_ADMIN,
  11, NONE, SORTS_ALL, LAYOUT (queue_layout), NONE,
  "Cases arrive in a queue through their `queue_id`; its members are `queue_member` records. A "
  "case created in, or moved into, an active `round_robin` or `least_open` queue without an "
  "assignee is assigned by the server in the transaction that accepts the write. Round robin "
  "takes the member after the last one it assigned (a cursor the server keeps per queue), "
  "skipping inactive users, users out of office (an `approval_delegation` covering today) and "
  "users with `max_open_per_agent` unresolved cases of the queue; `least_open` takes the "
  "available member with the fewest unresolved cases of the queue, ties broken at random. When "
  "nobody is available the case stays unassigned and its `unassigned_reason` says why.",
};

static const RapportEntity queue_member_entity = {
  "queue_member", "queue_members", FIELDS (queue_member_fields), FALSE,
  { N_("Queue Member"), N_("Queue Members"), N_("New Queue Member"), N_("No Queue Members"),
    N_("Members"), N_("Only an admin can change queues") },
  "avatar-default-symbolic", RAPPORT_TITLE_FIELD, "user_id", NAMES ("queue_id"),
  NULL, RAPPORT_WRITE_ADMIN,
  0, NONE, SORTS_ALL, LAYOUT (queue_member_layout), NONE,
  "One user in one queue, in the order members were added (round robin's order); it lives and "
  "dies with its queue. A `paused` member is given no new cases by the queue.",
  "queue_id", NULL,
  COMPACT (queue_member_compact),
};

static const RapportEntity csat_response_entity = {
  "csat_response", "csat_responses", FIELDS (csat_response_fields), FALSE,
  { N_("Satisfaction Response"), N_("Satisfaction Responses"), N_("Log Satisfaction"),
    N_("No Satisfaction Responses"), N_("Satisfaction Responses"), NULL },
  "emblem-favorite-symbolic", RAPPORT_TITLE_FIELD, "score", NAMES ("comment", "resolved_at"),
  NULL, RAPPORT_WRITE_ANY,
  0, NONE, SORTS_ALL, LAYOUT (csat_response_layout), NONE,
  "A customer's satisfaction, 1 to 5, with a resolution of a case: `resolved_at` is the "
  "resolution it answers (the case's when left out; a case never resolved refuses it), and a "
  "second response to the same resolution is refused (409). `agent_id` and `queue_id` are the "
  "case's assignee and queue when it was logged, unless given.",
  "case_id", NULL,
};

static const RapportEntity approval_delegation_entity = {
  "approval_delegation", "approval_delegations", FIELDS (approval_delegation_fields), FALSE,
  { N_("Delegation"), N_("Delegations"), N_("New Delegation"), N_("No Delegations"),
    N_("Delegations"), NULL },
  "mail-forward-symbolic", RAPPORT_TITLE_FIELD, "starts_on", NAMES ("ends_on"),
  "user_id", RAPPORT_WRITE_OWNER,
  0, NONE, SORTS_ALL, LAYOUT (approval_delegation_layout), NONE,
  "From `starts_on` to `ends_on` (inclusive), `delegate_id` may decide any approval step that "
  "`user_id` may decide, on their behalf. Only an admin sets one for somebody else.",
};

/* A deal's history (SPEC.md §2.3): one event per accepted write that
 * changed what reports read, written by the server alone and never
 * deleted. Stage names and positions are snapshots, so that a deleted or
 * renamed stage still reads as it was. */
static const RapportField deal_stage_event_fields[] = {
  REF_F ("deal_id", "deal", REQ, N_("Deal")),
  REF ("pipeline_id", "pipeline", N_("Pipeline")),
  REF ("from_stage_id", "stage", N_("From Stage")),
  TEXT ("from_stage_name", 200, N_("From Stage Name")),
  REF ("to_stage_id", "stage", N_("To Stage")),
  TEXT ("to_stage_name", 200, N_("Stage Name")),
  INT ("to_stage_position", 0, 1000000, N_("Stage Position")),
  CHOICE ("from_status", 0, stage_kind_choices, NULL, N_("From Status"), deal_status_labels,
          "deal status"),
  CHOICE ("status", 0, stage_kind_choices, NULL, N_("Status"), deal_status_labels, "deal status"),
  MONEY ("amount", MAX_AMOUNT, "currency", N_("Amount")),
  OF_KIND ("currency", RAPPORT_FIELD_CURRENCY, N_("Currency")),
  PERCENT ("probability", N_("Probability")),
  OF_KIND ("expected_close", RAPPORT_FIELD_DATE, N_("Expected Close")),
  REF ("owner_id", "user", N_("Owner")),
  CHOICE ("forecast_category", 0, forecast_choices, NULL, N_("Forecast Category"),
          forecast_labels, "forecast"),
  /* {"field": {"from", "to"}} of each field the write changed. */
  TEXT ("changes", 100000, N_("Changes")),
  REF ("user_id", "user", N_("Changed By")),
  /* When the user made the change (the op's UUIDv7 time), and when the
   * server accepted it; reports read occurred_at, the earlier of both. */
  OF_KIND ("client_time", RAPPORT_FIELD_DATETIME, N_("Changed On the Device")),
  OF_KIND ("server_time", RAPPORT_FIELD_DATETIME, N_("Received")),
  OF_KIND ("occurred_at", RAPPORT_FIELD_DATETIME, N_("When")),
  /* A move that lost the merge to another one: shown, left out of velocity. */
  OF_KIND ("superseded", RAPPORT_FIELD_BOOL, N_("Superseded")),
};
static const RapportLayoutGroup deal_stage_event_layout[] = {
  DETAILS ("occurred_at", "from_stage_name", "to_stage_name", "status", "amount", "currency",
           "probability", "expected_close", "forecast_category", "superseded"),
  REFERENCES ("deal_id", "owner_id", "user_id"),
};

static const RapportEntity deal_stage_event_entity = {
  "deal_stage_event", "deal_stage_events", FIELDS (deal_stage_event_fields), FALSE,
  { N_("Deal Change"), N_("Deal History"), N_("New Deal Change"), N_("No Deal Changes"),
    N_("History"), N_("The server keeps a deal's history: nobody writes it") },
  "document-open-recent-symbolic", RAPPORT_TITLE_FIELD, "to_stage_name", NAMES ("occurred_at"),
  NULL, RAPPORT_WRITE_SERVER,
  0, NONE, SORTS_ALL, LAYOUT (deal_stage_event_layout),
  NAMES ("pipeline_id", "from_stage_id", "to_stage_id", "to_stage_position", "from_status",
         "changes", "client_time", "server_time"),
  "Written by the server alone, in the transaction of every accepted write of a deal that "
  "changes its stage, amount, currency, expected close, owner, status or forecast category; "
  "never written nor deleted over the API (403). `from_*` are the values before, the others "
  "after the write; `changes` holds every changed field's `from` and `to` as JSON; stage names "
  "and positions are snapshots. `client_time` is the time in the pushed op's UUIDv7 `op_id` "
  "(null for REST writes); `occurred_at` is the earlier of it and `server_time`. A pushed move "
  "that conflicted with the server's stage, amount or other field is kept with `superseded` "
  "true: shown in the history, left out of stage velocity.",
};

static const RapportEntity merge_event_entity = {
  "merge_event", "merge_events", FIELDS (merge_event_fields), FALSE,
  { N_("Merge"), N_("Merges"), N_("New Merge"), N_("No Merges"), N_("Merges"), NULL },
  "edit-copy-symbolic", RAPPORT_TITLE_FIELD, "object", NAMES ("merged_at"),
  NULL, RAPPORT_WRITE_ANY,
  0, NAMES ("status"), SORTS_ALL, LAYOUT (merge_event_layout),
  NAMES ("master_id", "loser_ids", "choices", "moved", "moved_counts", "snapshot"),
  "Merging is creating a merge_event with `object` (contact or company), `master_id`, "
  "`loser_ids` (a JSON array of 1 to 4 ids; an admin may merge up to 20 records) and "
  "`choices` (a JSON object of field → the id of the record whose value is kept). In one "
  "transaction the server sets the master's fields (a choice, else the master's non-empty "
  "value, else the most recently modified non-empty one; emails, phones and tags unioned, the "
  "master's first; notes joined under a header naming their record), moves every reference to "
  "a loser to the master, deletes the losers (a later op on a loser lands on the master) and "
  "adds them to the master's `merged_ids`; it fills in `merged_by`, `merged_at`, `moved`, "
  "`moved_counts` and `snapshot`. Refused: a record merged already (409 `already_merged`, "
  "naming the master), of another type or pointing at another of the merge (422), not the "
  "rep's own, or contacts with different emails unless by an admin (403). Unmerging is "
  "updating `status` to `undone` within 30 days: the losers come back and exactly the moved "
  "records go back to them. A merge_event is never deleted.",
  .decision_trail = TRUE,
};

static const RapportEntity not_duplicate_entity = {
  "not_duplicate", "not_duplicates", FIELDS (not_duplicate_fields), FALSE,
  { N_("Not a Duplicate"), N_("Not Duplicates"), N_("New Not a Duplicate"), N_("No Not Duplicates"),
    N_("Not Duplicates"), NULL },
  "edit-copy-symbolic", RAPPORT_TITLE_FIELD, "reason", NAMES ("object"),
  NULL, RAPPORT_WRITE_ANY,
  0, NAMES ("object"), SORTS_ALL, LAYOUT (not_duplicate_layout), NAMES ("record_id", "other_id"),
  "Two records of `object` (`contact` or `company`), `record_id` and `other_id` in either "
  "order, that a user said are not duplicates of each other, saving one that looked like the "
  "other; `reason` says why (optional). Duplicate checks pass the pair over. A record paired "
  "with itself is refused (422 naming `other_id`).",
  .check = rapport_not_duplicate_check,
};

static const RapportEntity automation_rule_entity = {
  "automation_rule", "automation_rules", FIELDS (automation_rule_fields), FALSE,
  { N_("Automation Rule"), N_("Automation Rules"), N_("New Automation Rule"),
    N_("No Automation Rules"), N_("Automation Rules"),
    N_("Only an admin can change automation rules") },
  "system-run-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("entity", "trigger"),
  NULL, RAPPORT_WRITE_ADMIN,
  /* An admin's section, after Queues; its page lists the last runs. */
  12, NAMES ("entity"), SORTS_ALL, LAYOUT (automation_rule_layout), NONE,
  "Run by the server in the transaction of every accepted write of a record of `entity` "
  "(`deal`, `case`, `contact`, `company`, `task`) while `enabled`: on `created`, on "
  "`field_changed` (the write changed `trigger_field`) or on `created_or_changed` (created, or "
  "`trigger_field` changed; without one, every write), when the "
  "record as stored matches `conditions` (the filter language's JSON, as a segment's; none: "
  "always). `actions` is a JSON list done in order: `{\"type\": \"create_task\", \"title\", "
  "\"due_in_business_days\"?, \"calendar_id\"?, \"assign_to\": \"owner\"|\"user\", "
  "\"user_id\"?}` (due at the close of the Nth working day of the calendar, by default the "
  "default SLA policy's), `{\"type\": \"set_field\", \"field\", \"value\"}`, `{\"type\": "
  "\"assign\", \"user_id\" | \"queue_id\"}` (a queue assigns by round robin) and "
  "`{\"type\": \"notify\", \"to\": \"user\"|\"owner\"|\"owner_manager\"|\"role\", "
  "\"user_id\"?, \"role\"?, \"message\"}` and `{\"type\": \"add_to_campaign\", "
  "\"campaign_id\", \"status\"?}` (a contact rule's contact, a deal's or case's `contact_id`, "
  "once, in the first status of the campaign's type unless `status` says; a contact without "
  "e-mail marketing consent is left out and the run says so; a completed or aborted campaign "
  "fails the run). A rule naming a field or an action that does not "
  "exist is refused (422). Rules fired by one write run by `position`. What actions write is "
  "written by the author automation (`created_by` `00000000-0000-0000-0000-00000000a070`, no "
  "user's) and can fire rules in turn, three levels deep at most; each run is an "
  "`automation_run`.",
  .check = rapport_automation_rule_check,
};

static const RapportEntity automation_run_entity = {
  "automation_run", "automation_runs", FIELDS (automation_run_fields), FALSE,
  { N_("Automation Run"), N_("Automation Log"), N_("New Automation Run"), N_("No Automation Runs"),
    N_("Last Runs"), N_("The server keeps the automation log: nobody writes it") },
  "document-open-recent-symbolic", RAPPORT_TITLE_FIELD, "record_title", NAMES ("result", "ran_at"),
  NULL, RAPPORT_WRITE_SERVER,
  0, NAMES ("result"), SORTS_ALL, LAYOUT (automation_run_layout),
  NAMES ("record_id", "record_version", "op_id", "depth", "actions_done"),
  "The automation log, written by the server alone when a rule fires, in the transaction of the "
  "write that fired it; never written nor deleted over the API (403). Its id follows from "
  "`rule_id`, `entity`, `record_id` and `record_version` (the version the write stored), so a "
  "rule runs once per accepted write, whichever client pushed it and however often the push is "
  "retried. `op_id` is the pushed op that caused it (null for REST and for writes of other "
  "rules), `depth` how many rules deep it ran; `result` is `done`, `failed` (with `error`, "
  "nothing of the rule written) or `loop_stopped` (rules set each other off too deep).",
};

static const RapportEntity notification_entity = {
  "notification", "notifications", FIELDS (notification_fields), FALSE,
  { N_("Notification"), N_("Notifications"), N_("New Notification"), N_("No Notifications"),
    N_("Notifications"), NULL },
  "preferences-system-notifications-symbolic", RAPPORT_TITLE_FIELD, "message",
  NAMES ("record_title"), "recipient_id", RAPPORT_WRITE_OWNER,
  0, NONE, SORTS_ALL, LAYOUT (notification_layout), NAMES ("entity", "record_id"),
  "A message for `recipient_id` (an automation rule's notify action writes them). Every client "
  "receives every notification; the app shows its own user's that have no `seen_at` and sets "
  "it when they are shown.",
};

static const RapportEntity consent_entity = {
  "consent", "consents", FIELDS (consent_fields), FALSE,
  { N_("Consent"), N_("Consents"), N_("New Consent"), N_("No Consents"), N_("Consent"), NULL },
  "emblem-ok-symbolic", RAPPORT_TITLE_FIELD, "purpose", NAMES ("status", "captured_at"),
  NULL, RAPPORT_WRITE_ANY,
  0, NAMES ("channel", "status"), SORTS_ALL, LAYOUT (consent_layout), NONE,
  "What a contact agreed to (`granted`), refused (`denied`) or left open (`unknown`) on one "
  "`channel` for one `purpose` (`marketing`, `newsletter:TOPIC` or `transactional`), kept as "
  "history: records are created, never updated (409), and live and die with their contact. The "
  "status in force for a channel and purpose is the latest record's by `captured_at`; at equal "
  "times a denial is the later. A `marketing` denial denies every topic too, unless the topic "
  "was granted later; `transactional` ignores marketing denials. A grant needs `source` and "
  "`proof` (422 naming the one missing). The contact's `email_consent` follows its e-mail "
  "marketing status.",
  "contact_id", NULL,
  .check = rapport_consent_check,
};

static const RapportEntity campaign_entity = {
  "campaign", "campaigns", FIELDS (campaign_fields), TRUE,
  { N_("Campaign"), N_("Campaigns"), N_("New Campaign"), N_("No Campaigns"),
    N_("Child Campaigns"), NULL },
  "mail-send-symbolic", RAPPORT_TITLE_FIELD, "name", NAMES ("type", "status"),
  "owner_id", RAPPORT_WRITE_OWNER,
  /* After the sales sections: Sales Orders, then Campaigns. */
  8, NAMES ("type", "status"), SORTS_ALL, LAYOUT (campaign_layout), NONE,
  "A marketing campaign: `status` runs `planned` → `active` → `completed` or `aborted`; "
  "`budget`, `actual_cost` and `expected_revenue` are minor units of `currency`, which they "
  "need; `end_date` is not before `start_date`. Its members are `campaign_member` links.",
  .check = rapport_campaign_check,
};

static const RapportEntity campaign_member_entity = {
  "campaign_member", "campaign_members", FIELDS (campaign_member_fields), FALSE,
  { N_("Campaign Member"), N_("Campaign Members"), N_("New Campaign Member"),
    N_("No Campaign Members"), N_("Campaign Members"), NULL },
  "avatar-default-symbolic", RAPPORT_TITLE_FIELD, "status", NAMES ("contact_id"),
  NULL, RAPPORT_WRITE_ANY,
  /* added_from is an id ("segment:ID"), not words: kept off the page until
   * the page can name the segment. */
  0, NAMES ("status"), SORTS_ALL, LAYOUT (campaign_member_layout), NAMES ("added_from"),
  "One contact in one campaign (its id follows from the pair). `status` is one of the "
  "campaign type's: email `planned`, `sent`, `bounced`, `opened`, `clicked`, `responded`, "
  "`unsubscribed`; event, webinar and trade show `invited`, `registered`, `attended`, "
  "`no_show`; the others `planned`, `sent`, `responded` (422 naming `status` otherwise). "
  "`last_status_at` is stamped on every change of status and `first_responded_at` on the first "
  "move into a responded one (`clicked`, `responded`, `registered`, `attended`), then kept. "
  "Moving a member to `unsubscribed` records a `consent` denial of e-mail marketing for its "
  "contact alone.",
  NULL, NULL, NULL, NAMES ("campaign_id", "contact_id"),
};

const RapportEntity * const rapport_entity_table[] = {
  &user_entity, &company_entity, &contact_entity, &pipeline_entity, &stage_entity,
  &deal_entity, &calendar_entity, &sla_policy_entity, &case_entity, &activity_entity, &task_entity, &product_entity,
  &price_list_entity, &price_list_item_entity, &deal_contact_entity, &quote_entity,
  &quote_line_entity, &sales_order_entity, &sales_order_line_entity, &approval_rule_entity,
  &approval_request_entity, &team_entity, &team_member_entity, &approval_delegation_entity,
  &deal_stage_event_entity, &segment_entity, &queue_entity, &queue_member_entity,
  &csat_response_entity, &merge_event_entity,
  &automation_rule_entity, &automation_run_entity, &notification_entity, &quota_entity,
  &consent_entity, &campaign_entity, &campaign_member_entity, &not_duplicate_entity,
};

const guint rapport_entity_table_length = N_ELEMENTS (rapport_entity_table);
/* clang-format on */
