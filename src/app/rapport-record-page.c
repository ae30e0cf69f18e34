/* rapport-record-page.c: one record to read, by its layout
 *
 * The record's filled-in fields, group by group, with email, phone and
 * website opening the user's mail client, dialer and browser; the records
 * it points at; the records that point at it; then its open tasks and its
 * timeline, and its history. A related record opens through
 * win.open-record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-record-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-application.h"
#include "rapport-approval-strip.h"
#include "rapport-automation-labels.h"
#include "rapport-campaign-group.h"
#include "rapport-consent-group.h"
#include "rapport-csat-dialog.h"
#include "rapport-document-actions.h"
#include "rapport-field-row.h"
#include "rapport-history-group.h"
#include "rapport-labels.h"
#include "rapport-line-items.h"
#include "rapport-merge-group.h"
#include "rapport-not-duplicate-group.h"
#include "rapport-money.h"
#include "rapport-numbering.h"
#include "rapport-record.h"
#include "rapport-record-page.h"
#include "rapport-record-tasks-group.h"
#include "rapport-related-section.h"
#include "rapport-scaled.h"
#include "rapport-sla-group.h"
#include "rapport-store-approvals.h"
#include "rapport-team-users.h"
#include "rapport-timeline-group.h"
#include "rapport-timeline.h"
#include "rapport-when.h"
#include "rapport-win-chance-group.h"

struct _RapportRecordPage
{
  GtkBox               parent_instance;

  RapportStore        *store;      /* (owned) */
  const RapportEntity *entity;
  JsonObject          *record;     /* (owned) */
  RapportClock        *clock;      /* (owned) (nullable) */
};

G_DEFINE_FINAL_TYPE (RapportRecordPage, rapport_record_page, GTK_TYPE_BOX)

/* A field as the user reads it; NULL when it is not set. */
static char *
field_display (const RapportEntity *entity,
               JsonObject          *record,
               const RapportField  *field)
{
  g_autofree char *text = rapport_field_row_text (record, field);

  if (*text == '\0')
    return NULL;
  switch (field->kind)
    {
    case RAPPORT_FIELD_ENUM:
      return g_strdup (rapport_labels_field_choice (entity, field->name, text));
    case RAPPORT_FIELD_BOOL:
      return g_strdup (_("Yes"));
    case RAPPORT_FIELD_DATE:
      return rapport_labels_format_date (text);
    case RAPPORT_FIELD_DATETIME:
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();

        return rapport_when_near (text, now);
      }
    case RAPPORT_FIELD_MONEY:
      {
        JsonNode *currency = json_object_get_member (record, field->currency_field);

        return rapport_money_format (json_object_get_int_member (record, field->name),
                                     currency != NULL && !JSON_NODE_HOLDS_NULL (currency)
                                     ? json_node_get_string (currency) : NULL);
      }
    case RAPPORT_FIELD_INT:
      if (rapport_scaled_field (field))
        return rapport_scaled_format_field (field, record);
      if (field->flags & RAPPORT_FIELD_PERCENT)
        return g_strdup_printf ("%s %%", text);
      return g_steal_pointer (&text);
    default:
      return g_steal_pointer (&text);
    }
}

static gboolean
is_rule (RapportRecordPage *self)
{
  return g_str_equal (self->entity->name, "automation_rule");
}

/* Approvers by name, not their ids; a rule's conditions and the field it
 * watches in words; any other field as field_display(). */
static char *
value_of (RapportRecordPage  *self,
          const RapportField *field)
{
  g_autofree char *text = NULL;

  if (is_rule (self) && g_str_equal (field->name, "conditions"))
    {
      const char *name = json_object_get_string_member_with_default (self->record, "entity", NULL);

      return rapport_automation_labels_conditions (self->store,
                                                   name != NULL ? rapport_entity_lookup (name) : NULL,
                                                   json_object_get_string_member_with_default (
                                                     self->record, "conditions", NULL));
    }
  if (is_rule (self) && g_str_equal (field->name, "trigger_field"))
    return rapport_automation_labels_trigger_field (self->record);
  if (!(field->flags & RAPPORT_FIELD_APPROVERS))
    return field_display (self->entity, self->record, field);
  text = rapport_field_row_text (self->record, field);
  return *text != '\0' ? rapport_approval_steps_describe (self->store, text) : NULL;
}

static char *
uri_for (const RapportField *field,
         const char         *value)
{
  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_EMAIL_LIST:
      return g_strconcat ("mailto:", value, NULL);
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_PHONE_LIST:
      {
        g_autoptr(GString) digits = g_string_new ("tel:");

        for (const char *p = value; *p; p++)
          if (g_ascii_isdigit (*p) || *p == '+')
            g_string_append_c (digits, *p);
        return g_string_free (g_steal_pointer (&digits), FALSE);
      }
    case RAPPORT_FIELD_URL:
      if (g_str_has_prefix (value, "http://") || g_str_has_prefix (value, "https://"))
        return g_strdup (value);
      return g_strconcat ("https://", value, NULL);
    default:
      return NULL;
    }
}

static const char *
uri_action_label (const RapportField *field)
{
  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_EMAIL_LIST:
      return _("Send Email");
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_PHONE_LIST:
      return C_("phone action", "Call");
    default:
      return _("Open Website");
    }
}

static const char *
uri_action_icon (const RapportField *field)
{
  switch (field->kind)
    {
    case RAPPORT_FIELD_EMAIL:
    case RAPPORT_FIELD_EMAIL_LIST:
      return "mail-send-symbolic";
    case RAPPORT_FIELD_PHONE:
    case RAPPORT_FIELD_PHONE_LIST:
      return "call-start-symbolic";
    default:
      return "web-browser-symbolic";
    }
}

static void
open_uri_cb (GtkWidget *button)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "rapport-uri");

  /* GtkUriLauncher is 4.10; gtk_show_uri is what 4.8 has. */
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (button)), uri, GDK_CURRENT_TIME);
}

static GtkWidget *
value_row_new (const char *title,
               const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *label = g_strdup_printf ("%s: %s", title, value);

  /* The value is the user's text: "Bergmann & Söhne" is no markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  /* Screen readers read "Email: ana@example.com". */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return row;
}

/* A rule's actions: a row each, in words. */
static void
add_action_rows (RapportRecordPage *self,
                 GtkWidget         *group)
{
  g_autoptr(GPtrArray) lines = rapport_automation_labels_actions (self->store, self->record);

  for (guint i = 0; i < lines->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (lines, i));
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_ptr_array_index (lines, i), -1);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

/* A group of values to read, with a button to mail, call or browse where
 * one helps. */
static GtkWidget *
fields_group_new (RapportRecordPage        *self,
                  const RapportLayoutGroup *layout)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->label));
  for (guint i = 0; layout->fields[i] != NULL; i++)
    {
      const RapportField *field = rapport_entity_get_field (self->entity, layout->fields[i]);
      g_autofree char *value = value_of (self, field);
      g_autofree char *text = NULL;
      g_autofree char *uri = NULL;
      GtkWidget *row, *button;

      if (is_rule (self) && g_str_equal (field->name, "actions"))
        {
          add_action_rows (self, group);
          continue;
        }
      /* A MONEY field shows its currency: the CURRENCY field has no row of its own. */
      if (value == NULL || !rapport_field_row_has_row (self->entity, field))
        continue;
      row = value_row_new (rapport_labels_field (self->entity, field->name), value);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      text = rapport_field_row_text (self->record, field);
      if ((uri = uri_for (field, text)) == NULL)
        continue;
      button = gtk_button_new_from_icon_name (uri_action_icon (field));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, uri_action_label (field));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      uri_action_label (field), -1);
      g_object_set_data_full (G_OBJECT (button), "rapport-uri", g_steal_pointer (&uri), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (open_uri_cb), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }
  return group;
}

/* The records this one points at (a contact's company); NULL if none. */
static GtkWidget *
references_group_new (RapportRecordPage        *self,
                      const RapportLayoutGroup *layout)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint n_links = 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(layout->label));
  for (guint i = 0; layout->fields[i] != NULL; i++)
    {
      const RapportField *ref = rapport_entity_get_field (self->entity, layout->fields[i]);
      JsonNode *id = json_object_get_member (self->record, layout->fields[i]);
      g_autoptr(JsonObject) record = NULL;

      if (ref == NULL || id == NULL || json_node_get_value_type (id) != G_TYPE_STRING)
        continue;
      record = rapport_store_get (self->store, ref->ref_entity, json_node_get_string (id), NULL);
      if (record == NULL)
        continue;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 rapport_related_section_row_new (rapport_entity_lookup (ref->ref_entity),
                                                                  record,
                                                                  rapport_labels_field (self->entity,
                                                                                        ref->name)));
      n_links++;
    }
  if (n_links > 0)
    return group;
  g_object_unref (g_object_ref_sink (group));
  return NULL;
}

/* The record's number under its title, to read out on the phone; a draft
 * number says that the real one comes with the next sync (the sample
 * book's never sync: its banner says so). */
static void
add_number (GtkWidget           *header,
            const RapportEntity *entity,
            JsonObject          *record)
{
  g_autofree char *number = rapport_record_number (entity, record);
  GApplication *application = g_application_get_default ();
  GtkWidget *label;

  if (number == NULL)
    return;
  label = gtk_label_new (number);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (header), label);
  if (rapport_numbering_is_draft (entity, record) &&
      !(RAPPORT_IS_APPLICATION (application) &&
        rapport_application_get_sample (RAPPORT_APPLICATION (application))))
    {
      label = gtk_label_new (_("Gets its number at the next sync"));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (header), label);
    }
}

static GtkWidget *
header_new (const RapportEntity *entity,
            JsonObject          *record,
            const char          *title)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_box_append (GTK_BOX (header), adw_avatar_new (96, title, TRUE));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (header), label);
  add_number (header, entity, record);
  return header;
}

static void
build (RapportRecordPage *self)
{
  g_autofree char *title = rapport_record_title (self->entity, self->record);
  const char *id = json_object_get_string_member (self->record, "id");
  gboolean owner_shown = FALSE;
  GtkWidget *lines;
  GtkWidget *merges;
  GtkWidget *clock;
  GtkWidget *csat;

  gtk_box_append (GTK_BOX (self), header_new (self->entity, self->record, title));
  /* A case's SLA clock, under its number: what is due and how soon. */
  if (self->clock != NULL && g_str_equal (self->entity->name, "case") &&
      (clock = rapport_sla_group_new (self->record, self->clock)) != NULL)
    gtk_box_append (GTK_BOX (self), clock);
  /* A deal's chance of being won, and why, under its title. */
  if (g_str_equal (self->entity->name, "deal"))
    gtk_box_append (GTK_BOX (self), rapport_win_chance_group_new (self->store, id));
  /* A resolved case asks how satisfied the customer is. */
  if (g_str_equal (self->entity->name, "case") &&
      (csat = rapport_csat_group_new (self->store, self->record)) != NULL)
    gtk_box_append (GTK_BOX (self), csat);
  /* Where a quote's or an order's approval stands, under its number. */
  if (rapport_approval_strip_applies (self->entity))
    {
      gtk_box_append (GTK_BOX (self), rapport_approval_strip_new (self->store, self->entity, id));
      /* And what can be done with it next. */
      gtk_box_append (GTK_BOX (self), rapport_document_actions_new (self->store, self->entity, id));
    }
  for (guint i = 0; i < self->entity->n_groups; i++)
    {
      const RapportLayoutGroup *layout = &self->entity->layout[i];
      GtkWidget *group;

      if (layout->kind == RAPPORT_GROUP_REFERENCES)
        {
          if ((group = references_group_new (self, layout)) != NULL)
            gtk_box_append (GTK_BOX (self), group);
          continue;
        }
      group = fields_group_new (self, layout);
      /* Whose the record is ends the first group of values. */
      if (!owner_shown)
        {
          GtkWidget *owner = rapport_team_users_owner_value (self->store, self->entity, self->record);

          if (owner != NULL)
            adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), owner);
          owner_shown = TRUE;
        }
      gtk_box_append (GTK_BOX (self), group);
      /* A quote's lines and totals follow its details. */
      if (i == 0 && (lines = rapport_line_items_new (self->store, self->entity, self->record)) != NULL)
        gtk_box_append (GTK_BOX (self), lines);
    }

  /* A campaign's results and its members, each status to change in place. */
  if (g_str_equal (self->entity->name, "campaign"))
    gtk_box_append (GTK_BOX (self), rapport_campaign_group_new (self->store, self->record));
  /* A contact's consent to marketing e-mails, and a way to withdraw it. */
  if (g_str_equal (self->entity->name, "contact"))
    gtk_box_append (GTK_BOX (self), rapport_consent_group_new (self->store, self->record));

  gtk_box_append (GTK_BOX (self), rapport_related_section_new (self->store, self->entity, id));

  if (rapport_timeline_link_field (self->entity->name) != NULL)
    {
      gtk_box_append (GTK_BOX (self),
                      rapport_record_group_new (RAPPORT_TYPE_RECORD_TASKS_GROUP, self->store,
                                                self->entity->name, id));
      gtk_box_append (GTK_BOX (self),
                      rapport_record_group_new (RAPPORT_TYPE_TIMELINE_GROUP, self->store,
                                                self->entity->name, id));
    }

  /* What was merged into it, while that can be undone. */
  if ((merges = rapport_merge_group_new (self->store, self->entity, self->record)) != NULL)
    gtk_box_append (GTK_BOX (self), merges);
  /* What it was said not to be a duplicate of, and why. */
  if ((merges = rapport_not_duplicate_group_new (self->store, self->entity, self->record)) != NULL)
    gtk_box_append (GTK_BOX (self), merges);

  /* Last: who made and changed the record; the rest is read when asked for. */
  gtk_box_append (GTK_BOX (self), rapport_history_group_new (self->store, self->entity, self->record));
}

static void
rapport_record_page_dispose (GObject *object)
{
  RapportRecordPage *self = RAPPORT_RECORD_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->record, json_object_unref);

  G_OBJECT_CLASS (rapport_record_page_parent_class)->dispose (object);
}

static void
rapport_record_page_class_init (RapportRecordPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rapport_record_page_dispose;

}

static void
rapport_record_page_init (RapportRecordPage *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
}

GtkWidget *
rapport_record_page_new (RapportStore        *store,
                         const RapportEntity *entity,
                         JsonObject          *record,
                         RapportClock        *clock)
{
  RapportRecordPage *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && record != NULL, NULL);

  self = g_object_new (RAPPORT_TYPE_RECORD_PAGE, NULL);
  self->store = g_object_ref (store);
  self->entity = entity;
  self->record = json_object_ref (record);
  self->clock = clock != NULL ? g_object_ref (clock) : NULL;
  build (self);
  return GTK_WIDGET (self);
}
